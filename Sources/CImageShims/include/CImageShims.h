// Why this target exists: libjpeg and libpng report errors by longjmp'ing out of a callback, and Swift
// cannot call setjmp. Every setjmp/longjmp in yoloset lives in this target. Each probe runs one whole
// libjpeg or libpng session, returns a status, and fills fixed-size buffers, so no jump ever crosses a
// Swift frame and no C type reaches yoloset's public API.
//
// What each library message means for the pixels is decided by one table (ys_rules, in rules.c): a
// message raised while a JPEG scan is entropy-decoded means damage, one raised between header segments
// loses no pixel, and so on. A probe reports the row that decided its status, and the first row of each
// other kind it met, so a caller never interprets library text itself.
#ifndef C_IMAGE_SHIMS_H
#define C_IMAGE_SHIMS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What a probe concluded about the file.
typedef enum {
    /// Intact as far as the check level can tell (oddities and loader refusals are reported beside it).
    YS_IMAGE_OK = 0,
    /// Pixels are missing or wrong: damaged, truncated, or not the format at all.
    YS_IMAGE_DAMAGED = 1,
    /// A valid kind of image that this 8-bit libjpeg cannot decode (12-bit, lossless, hierarchical, ...).
    YS_IMAGE_UNSUPPORTED = 2,
    /// The declared size exceeds the pixel limit; nothing was decoded and nothing large allocated.
    YS_IMAGE_TOO_LARGE = 3,
    /// Checking would take more memory, or more scan work, than the budget allows.
    YS_IMAGE_OVER_BUDGET = 4,
} ys_image_status;

/// How much of the file a probe reads.
typedef enum {
    /// Headers only: size, colour layout, EXIF, the chunks or segments before the image data.
    YS_CHECK_HEADER = 0,
    /// Also decodes all compressed data (JPEG: every coefficient, output at 1/8 scale; PNG: every row).
    YS_CHECK_FULL = 1,
} ys_check_level;

/// What one row of the message table means for the pixels.
typedef enum {
    /// Says nothing about the file (a note about the library's own allocation caps).
    YS_VERDICT_IGNORE = 0,
    /// The pixels decode completely; worth reporting, not an error.
    YS_VERDICT_ODDITY = 1,
    /// The pixels decode completely, but Pillow (and so Ultralytics) refuses the file.
    YS_VERDICT_REFUSED = 2,
    /// Pixels are missing or wrong.
    YS_VERDICT_DAMAGE = 3,
    /// A valid kind of image the decoder cannot decode.
    YS_VERDICT_UNSUPPORTED = 4,
    /// The check would exceed its memory or time budget.
    YS_VERDICT_BUDGET = 5,
} ys_verdict;

/// One row of the message table.
typedef struct {
    /// Stable id, e.g. "jpeg.header-stray-bytes".
    const char *_Nonnull id;
    ys_verdict verdict;
    /// What the message means for the pixels, in a few words.
    const char *_Nonnull meaning;
} ys_rule;

/// The rows of the message table, in order.
size_t ys_rule_count(void);
const ys_rule *_Nonnull ys_rule_at(size_t index);

/// The row for a libjpeg message: its msg_code, whether it is a warning (else an error), whether it
/// arose before the first scan's data, and its first integer parameter (a marker code for some).
const ys_rule *_Nonnull ys_jpeg_classify(int msg_code, int is_warning, int before_first_scan, int parameter);

/// The row for a libpng message: the chunk being read when it arose ("IDAT", or NULL before the first
/// chunk), the text as libpng gave it, and whether it is an error (else a warning or benign error).
const ys_rule *_Nonnull ys_png_classify(const char *_Nullable chunk, const char *_Nonnull message, int is_error);

/// What a PNG full check keeps from one image to the next (one per worker): the image data gathered from
/// the IDAT chunks, the buffer it inflates into, and the zlib stream that inflates it. Zeroed before its
/// first use; the probe grows it within the memory budget; ys_png_scratch_free releases it.
typedef struct {
    uint8_t *_Nullable compressed;
    size_t compressed_capacity;
    uint8_t *_Nullable inflated;
    size_t inflated_capacity;
    void *_Nullable inflater;
} ys_png_scratch;

/// Releases what a scratch holds and zeroes it.
void ys_png_scratch_free(ys_png_scratch *_Nonnull scratch);

/// Where a probe reads the file: its first bytes already in memory, the rest from a file descriptor.
typedef struct {
    const uint8_t *_Nonnull head;
    size_t head_length;
    /// The whole file's size; equal to head_length when `head` holds all of it.
    uint64_t file_size;
    /// Read with pread past `head`; -1 when `head` holds the whole file.
    int fd;
    /// Scratch for reading past `head` (and for inflating PNG text), owned by the caller and reused.
    uint8_t *_Nullable buffer;
    size_t buffer_capacity;
    /// A PNG full check with a scratch inflates the image data in one call (zlib) and proves it intact
    /// without unfiltering it; without one (or when the data is anything but plain), libpng reads
    /// every row.
    ys_png_scratch *_Nullable png_scratch;
} ys_input;

/// Limits a probe works within. A zero means no limit.
typedef struct {
    /// Images with more pixels are not decoded (YS_IMAGE_TOO_LARGE).
    uint64_t max_pixels;
    /// Bytes a full check may have the decoder allocate (JPEG coefficients, PNG rows).
    uint64_t max_memory;
    /// PNG: Pillow refuses a zTXt/iTXt/iCCP chunk that inflates to more than this (MAX_TEXT_CHUNK).
    uint64_t text_chunk_limit;
    /// PNG: Pillow refuses text values that add up to more than this (MAX_TEXT_MEMORY).
    uint64_t text_memory_limit;
} ys_limits;

#define YS_MESSAGE_CAPACITY 200
#define YS_RULE_ID_CAPACITY 48

/// A table row that applied, and the words that made it apply (the library's own, or the shim's).
typedef struct {
    char rule[YS_RULE_ID_CAPACITY];
    char message[YS_MESSAGE_CAPACITY];
} ys_note;

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
    /// JPEG: the marker of a frame libjpeg refused (0xC3 lossless, 0xC5-0xC7 hierarchical, ..., 0xF7
    /// JPEG-LS), whose parameters fill the fields above; else 0.
    int32_t frame_marker;
    /// The row that decided a status other than YS_IMAGE_OK.
    ys_note decision;
    /// The first oddity (YS_VERDICT_ODDITY), and how many there were.
    ys_note oddity;
    uint32_t oddities;
    /// The first reason Pillow would refuse the file although its pixels are intact (YS_VERDICT_REFUSED).
    ys_note refusal;
    /// YS_IMAGE_OVER_BUDGET for memory: the bytes the check would need.
    uint64_t memory_needed;
    /// Bytes of EXIF (TIFF structure, without the "Exif\0\0" prefix) copied into the caller's buffer.
    size_t exif_length;
    /// PNG full check: 1 when the image data was proven intact in one inflate (through the input's
    /// png_scratch), 0 when libpng read every row.
    int32_t inflated_at_once;
} ys_image_info;

/// Checks a JPEG. Reads past `input->head` only as far as the check level needs.
ys_image_status ys_jpeg_probe(const ys_input *_Nonnull input, ys_check_level level,
                              const ys_limits *_Nonnull limits, uint8_t *_Nullable exif,
                              size_t exif_capacity, ys_image_info *_Nonnull info);

/// Checks a PNG; same contract as ys_jpeg_probe. EXIF comes from an eXIf chunk before IDAT.
ys_image_status ys_png_probe(const ys_input *_Nonnull input, ys_check_level level,
                             const ys_limits *_Nonnull limits, uint8_t *_Nullable exif,
                             size_t exif_capacity, ys_image_info *_Nonnull info);

/// The Linux calls the object store needs that Swift's Glibc module does not declare (they want
/// _GNU_SOURCE or a kernel header); files.c, not a jump in sight.
///
/// Makes `dst` share `src`'s extents (FICLONE, a reflink on XFS and Btrfs). Returns 0, or -1 with errno
/// set (EOPNOTSUPP, EXDEV, EINVAL where the file system cannot clone).
int ys_clone_file(int dst, int src);
/// Writes the file system holding `fd` to stable storage (syncfs(2)). Returns 0, or -1 with errno set.
int ys_sync_file_system(int fd);
/// Opens a new file without a name in `folder` (O_TMPFILE), for reading and writing, with `mode`; it is
/// freed when closed unless linked somewhere first. Returns the descriptor, or -1 with errno set
/// (EOPNOTSUPP or EISDIR where the file system cannot).
int ys_open_unnamed(const char *_Nonnull folder, int mode);

/// `printf("%.6f", value)` into `buffer`, in the "C" locale: Swift cannot call a variadic function.
/// `diff` compares annotations by their coordinates as this text. The same text as snprintf's, made
/// from an integer when that is provably exact. Returns snprintf's length; format.c.
int ys_format_fixed6(double value, char *_Nonnull buffer, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif
