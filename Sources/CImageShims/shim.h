// What jpeg.c, png.c and rules.c share: the rows of the message table they refer to by name, reading
// the file past the bytes in memory, and recording a row in a probe's info.
#ifndef YS_SHIM_H
#define YS_SHIM_H

#include "CImageShims.h"

#include <sys/types.h>

// Rows of the message table (rules.c). Each names its row by index so no lookup runs per message.
enum {
    YS_RULE_JPEG_HEADER_STRAY_BYTES,
    YS_RULE_JPEG_HEADER_JFIF_VERSION,
    YS_RULE_JPEG_HEADER_ADOBE_TRANSFORM,
    YS_RULE_JPEG_TRUNCATED,
    YS_RULE_JPEG_SCAN_ENDS_EARLY,
    YS_RULE_JPEG_SCAN_BAD_CODE,
    YS_RULE_JPEG_SCAN_RESTART,
    YS_RULE_JPEG_SCAN_TRAILING_BYTES,
    YS_RULE_JPEG_SCAN_PARAMETERS,
    YS_RULE_JPEG_OTHER_WARNING,
    YS_RULE_JPEG_UNSUPPORTED_PRECISION,
    YS_RULE_JPEG_UNSUPPORTED_PROCESS,
    YS_RULE_JPEG_UNSUPPORTED_HIERARCHICAL,
    YS_RULE_JPEG_UNSUPPORTED_JPEG_LS,
    YS_RULE_JPEG_UNSUPPORTED_DIMENSIONS,
    YS_RULE_JPEG_UNSUPPORTED_ARITHMETIC,
    YS_RULE_JPEG_MEMORY_BUDGET,
    YS_RULE_JPEG_SCAN_BUDGET,
    YS_RULE_JPEG_OTHER_ERROR,
    YS_RULE_PNG_ANCILLARY_CRC,
    YS_RULE_PNG_TRNS_RANGE,
    YS_RULE_PNG_ANCILLARY,
    YS_RULE_PNG_SUGGESTED_PALETTE,
    YS_RULE_PNG_ZLIB_PADDING,
    YS_RULE_PNG_ZLIB_OVERLONG,
    YS_RULE_PNG_EXTRA_IDAT,
    YS_RULE_PNG_CHUNK_CAP,
    YS_RULE_PNG_PALETTE_INDEX,
    YS_RULE_PNG_TRUNCATED,
    YS_RULE_PNG_CRITICAL,
    YS_RULE_PNG_TEXT_CHUNK_LIMIT,
    YS_RULE_PNG_TEXT_MEMORY_LIMIT,
    YS_RULE_PNG_PILLOW_CHUNK,
    YS_RULE_PNG_ICC_LIMIT,
    YS_RULE_PNG_OPENCV_CHUNK,
    YS_RULE_PNG_MEMORY_BUDGET,
    YS_RULE_READ_ERROR,
    YS_RULE_COUNT
};

extern const ys_rule ys_rules[YS_RULE_COUNT];

/// Records that a row applied: the first decision, the first oddity (and a count), the first refusal.
/// Returns the row's verdict.
ys_verdict ys_record(ys_image_info *_Nonnull info, int rule, const char *_Nonnull message);

/// Copies `count` bytes at `offset` of the file into `out`, from `input->head` or with pread. Returns 0,
/// or -1 with errno set: 0 when the bytes lie past the file's size, ENODATA when the file ends before it.
int ys_read_at(const ys_input *_Nonnull input, uint64_t offset, void *_Nonnull out, size_t count);

/// One read of up to `capacity` bytes at `offset` into `out`: the number of bytes, 0 at the file's size,
/// or -1 with errno set (ENODATA: the file ends before its size).
ssize_t ys_read_some(const ys_input *_Nonnull input, uint64_t offset, void *_Nonnull out, size_t capacity);

/// Words for a read's errno.
const char *_Nonnull ys_read_error_text(int error);

#endif
