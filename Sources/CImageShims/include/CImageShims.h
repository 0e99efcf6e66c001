// Why this target exists: libjpeg and libpng report errors by longjmp'ing out of a callback, and Swift
// cannot call setjmp. Every setjmp/longjmp in yoloset lives in this target. Each function here runs one
// whole libjpeg or libpng session, returns a status, and fills a fixed-size message buffer, so no jump
// ever crosses a Swift frame and no C type reaches yoloset's public API.
#ifndef C_IMAGE_SHIMS_H
#define C_IMAGE_SHIMS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What a probe concluded about the bytes it was given.
typedef enum {
    /// The image is intact as far as the requested check level can tell.
    YS_IMAGE_OK = 0,
    /// Header mode only: the headers continue past the bytes given; call again with more.
    YS_IMAGE_NEED_MORE_DATA = 1,
    /// The library refused the data, or (full mode) raised a warning about damaged data.
    YS_IMAGE_CORRUPT = 2,
    /// The declared size exceeds the pixel limit; nothing large was allocated.
    YS_IMAGE_TOO_LARGE = 3,
} ys_image_status;

/// How much of the file a probe reads.
typedef enum {
    /// Headers only: size, colour layout, EXIF. Needs only the first part of the file.
    YS_CHECK_HEADER = 0,
    /// Also decodes all compressed data (JPEG: coefficients, no inverse DCT; PNG: every row).
    YS_CHECK_FULL = 1,
} ys_check_level;

#define YS_MESSAGE_CAPACITY 200

/// What a probe learned. Filled as far as the probe got, even on failure.
typedef struct {
    uint32_t width;
    uint32_t height;
    /// JPEG: number of components; PNG: channels.
    int32_t components;
    /// JPEG: sample precision; PNG: bit depth.
    int32_t bit_depth;
    /// JPEG: J_COLOR_SPACE of the stored data; PNG: colour type.
    int32_t color_model;
    /// JPEG: progressive; PNG: interlaced.
    int32_t progressive;
    /// Warnings the library raised that count against integrity (ancillary PNG chunk notes do not).
    uint32_t warnings;
    /// Bytes of EXIF (TIFF structure, without the "Exif\0\0" prefix) copied into the caller's buffer.
    size_t exif_length;
    /// The library's own words for the first error or warning, NUL-terminated.
    char message[YS_MESSAGE_CAPACITY];
} ys_image_info;

/// Reads a JPEG from memory. `is_complete` says whether `data` holds the whole file; in header mode a
/// prefix is enough and YS_IMAGE_NEED_MORE_DATA asks for more. A `max_pixels` of 0 means no limit.
ys_image_status ys_jpeg_probe(const uint8_t *_Nonnull data, size_t length, int is_complete,
                              ys_check_level level, uint64_t max_pixels, uint8_t *_Nullable exif,
                              size_t exif_capacity, ys_image_info *_Nonnull info);

/// Reads a PNG from memory; same contract as ys_jpeg_probe. EXIF comes from an eXIf chunk before IDAT.
ys_image_status ys_png_probe(const uint8_t *_Nonnull data, size_t length, int is_complete,
                             ys_check_level level, uint64_t max_pixels, uint8_t *_Nullable exif,
                             size_t exif_capacity, ys_image_info *_Nonnull info);

#ifdef __cplusplus
}
#endif

#endif
