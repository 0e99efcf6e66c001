// The message table: what each libjpeg and libpng message means for the pixels. The two classify
// functions below are the only places that look at a message's code or text.
// pread is POSIX, not ISO C.
#define _POSIX_C_SOURCE 200809L

#include "shim.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jpeglib.h>
#include <jerror.h>

const ys_rule ys_rules[YS_RULE_COUNT] = {
    // libjpeg, warnings raised while reading the header segments, before the first scan's data.
    [YS_RULE_JPEG_HEADER_STRAY_BYTES] = {"jpeg.header-stray-bytes", YS_VERDICT_ODDITY,
                                         "stray bytes between header segments, before the first scan"},
    [YS_RULE_JPEG_HEADER_JFIF_VERSION] = {"jpeg.header-jfif-version", YS_VERDICT_ODDITY,
                                          "a JFIF segment with an unknown major version"},
    [YS_RULE_JPEG_HEADER_ADOBE_TRANSFORM] = {"jpeg.header-adobe-transform", YS_VERDICT_ODDITY,
                                             "an Adobe segment with an unknown colour transform code"},
    // libjpeg, warnings about the entropy-coded data: libjpeg invents what it could not decode.
    [YS_RULE_JPEG_TRUNCATED] = {"jpeg.truncated", YS_VERDICT_DAMAGE, "the file ends before the image does"},
    [YS_RULE_JPEG_SCAN_ENDS_EARLY] = {"jpeg.scan-ends-early", YS_VERDICT_DAMAGE,
                                      "a scan's data stops at a marker before its last block"},
    [YS_RULE_JPEG_SCAN_BAD_CODE] = {"jpeg.scan-bad-code", YS_VERDICT_DAMAGE,
                                    "a code in a scan's data decodes to nothing valid"},
    [YS_RULE_JPEG_SCAN_RESTART] = {"jpeg.scan-restart", YS_VERDICT_DAMAGE,
                                   "a restart marker is missing or out of order inside a scan"},
    [YS_RULE_JPEG_SCAN_TRAILING_BYTES] = {"jpeg.scan-trailing-bytes", YS_VERDICT_DAMAGE,
                                          "bytes after a scan's data that no block accounts for"},
    [YS_RULE_JPEG_SCAN_PARAMETERS] = {"jpeg.scan-parameters", YS_VERDICT_DAMAGE,
                                      "a scan header that contradicts the scans before it"},
    [YS_RULE_JPEG_OTHER_WARNING] = {"jpeg.other-warning", YS_VERDICT_DAMAGE,
                                    "a warning libjpeg raises while decoding image data"},
    // libjpeg, errors: valid kinds of JPEG this build cannot decode.
    [YS_RULE_JPEG_UNSUPPORTED_PRECISION] = {"jpeg.unsupported-precision", YS_VERDICT_UNSUPPORTED,
                                            "samples of more than 8 bits (12- or 16-bit JPEG)"},
    [YS_RULE_JPEG_UNSUPPORTED_PROCESS] = {"jpeg.unsupported-process", YS_VERDICT_UNSUPPORTED,
                                          "a lossless or hierarchical (differential) JPEG frame"},
    [YS_RULE_JPEG_UNSUPPORTED_HIERARCHICAL] = {"jpeg.unsupported-hierarchical", YS_VERDICT_UNSUPPORTED,
                                               "a hierarchical JPEG (DHP or EXP segment)"},
    [YS_RULE_JPEG_UNSUPPORTED_JPEG_LS] = {"jpeg.unsupported-jpeg-ls", YS_VERDICT_UNSUPPORTED,
                                          "a JPEG-LS image (SOF55 or LSE segment)"},
    [YS_RULE_JPEG_UNSUPPORTED_DIMENSIONS] = {"jpeg.unsupported-dimensions", YS_VERDICT_UNSUPPORTED,
                                             "a side longer than libjpeg's 65500-pixel limit"},
    [YS_RULE_JPEG_UNSUPPORTED_ARITHMETIC] = {"jpeg.unsupported-arithmetic", YS_VERDICT_UNSUPPORTED,
                                             "arithmetic coding, which this libjpeg was built without"},
    // libjpeg, budgets.
    [YS_RULE_JPEG_MEMORY_BUDGET] = {"jpeg.memory-budget", YS_VERDICT_BUDGET,
                                    "decoding would hold more coefficients than the memory budget"},
    [YS_RULE_JPEG_SCAN_BUDGET] = {"jpeg.scan-budget", YS_VERDICT_BUDGET,
                                  "more scan passes over the image than its file size accounts for"},
    [YS_RULE_JPEG_OTHER_ERROR] = {"jpeg.other-error", YS_VERDICT_DAMAGE,
                                  "a header segment or marker libjpeg cannot accept"},
    // libpng.
    [YS_RULE_PNG_ANCILLARY_CRC] = {"png.ancillary-crc", YS_VERDICT_REFUSED,
                                   "a CRC error in an ancillary chunk: libpng skips the chunk, but Pillow checks "
                                   "every CRC and refuses the file, so Ultralytics drops it"},
    [YS_RULE_PNG_TRNS_RANGE] = {"png.trns-range", YS_VERDICT_ODDITY,
                                "a tRNS colour outside the bit depth's range: it matches no pixel"},
    [YS_RULE_PNG_ANCILLARY] = {"png.ancillary", YS_VERDICT_ODDITY,
                               "an ancillary chunk libpng ignores as invalid or misplaced"},
    [YS_RULE_PNG_SUGGESTED_PALETTE] = {"png.suggested-palette", YS_VERDICT_ODDITY,
                                       "a PLTE chunk in an image that needs none, which libpng ignores"},
    [YS_RULE_PNG_ZLIB_PADDING] = {"png.zlib-padding", YS_VERDICT_ODDITY,
                                  "bytes after the end of a complete zlib stream"},
    [YS_RULE_PNG_ZLIB_OVERLONG] = {"png.zlib-overlong", YS_VERDICT_ODDITY,
                                   "the zlib stream holds more data than the image's rows"},
    [YS_RULE_PNG_EXTRA_IDAT] = {"png.extra-idat", YS_VERDICT_ODDITY,
                                "IDAT chunks after the one that completes the image"},
    [YS_RULE_PNG_CHUNK_CAP] = {"png.chunk-cap", YS_VERDICT_IGNORE,
                               "a chunk longer than libpng's own allocation cap (yoloset checks lengths itself)"},
    [YS_RULE_PNG_PALETTE_INDEX] = {"png.palette-index", YS_VERDICT_DAMAGE,
                                   "pixels that index past the end of the palette"},
    [YS_RULE_PNG_TRUNCATED] = {"png.truncated", YS_VERDICT_DAMAGE,
                               "the file ends inside a chunk, or before IEND"},
    [YS_RULE_PNG_CRITICAL] = {"png.critical", YS_VERDICT_DAMAGE,
                              "a damaged signature, critical chunk (IHDR, PLTE, IDAT, IEND) or image data"},
    [YS_RULE_PNG_TEXT_CHUNK_LIMIT] = {"png.text-chunk-limit", YS_VERDICT_REFUSED,
                                      "a compressed text chunk before the image data inflates past Pillow's "
                                      "MAX_TEXT_CHUNK (1 MiB): Pillow refuses the file, so Ultralytics drops it"},
    [YS_RULE_PNG_TEXT_MEMORY_LIMIT] = {"png.text-memory-limit", YS_VERDICT_REFUSED,
                                       "text chunks before the image data add up to more than Pillow's "
                                       "MAX_TEXT_MEMORY (64 MiB): Pillow refuses the file, so Ultralytics drops it"},
    [YS_RULE_PNG_PILLOW_CHUNK] = {"png.pillow-chunk", YS_VERDICT_REFUSED,
                                  "an ancillary chunk before the image data that Pillow cannot parse (too short, "
                                  "an unknown compression method, APNG frames out of order): Pillow refuses the "
                                  "file, so Ultralytics drops it"},
    [YS_RULE_PNG_ICC_LIMIT] = {"png.icc-limit", YS_VERDICT_REFUSED,
                               "an iCCP profile before the image data inflates past Pillow's MAX_TEXT_CHUNK (1 MiB): "
                               "Pillow refuses the file, so Ultralytics drops it"},
    [YS_RULE_PNG_OPENCV_CHUNK] = {"png.opencv-chunk", YS_VERDICT_REFUSED,
                                  "an ancillary chunk (other than tEXt) of more than 7999988 bytes: OpenCV's PNG "
                                  "reader refuses the file, so Ultralytics' check keeps it but training cannot load it"},
    [YS_RULE_PNG_MEMORY_BUDGET] = {"png.memory-budget", YS_VERDICT_BUDGET,
                                   "decoding a row would take more memory than the budget"},
    [YS_RULE_READ_ERROR] = {"read-error", YS_VERDICT_DAMAGE, "the file could not be read to its end"},
};

size_t ys_rule_count(void) { return YS_RULE_COUNT; }

const ys_rule *ys_rule_at(size_t index) { return &ys_rules[index < YS_RULE_COUNT ? index : YS_RULE_READ_ERROR]; }

static int ys_jpeg_rule(int msg_code, int is_warning, int before_first_scan, int parameter) {
    if (is_warning) {
        switch (msg_code) {
        case JWRN_EXTRANEOUS_DATA:
            return before_first_scan ? YS_RULE_JPEG_HEADER_STRAY_BYTES : YS_RULE_JPEG_SCAN_TRAILING_BYTES;
        case JWRN_JFIF_MAJOR: return YS_RULE_JPEG_HEADER_JFIF_VERSION;
        case JWRN_ADOBE_XFORM: return YS_RULE_JPEG_HEADER_ADOBE_TRANSFORM;
        case JWRN_JPEG_EOF: return YS_RULE_JPEG_TRUNCATED;
        case JWRN_HIT_MARKER: return YS_RULE_JPEG_SCAN_ENDS_EARLY;
        case JWRN_HUFF_BAD_CODE:
        case JWRN_ARITH_BAD_CODE: return YS_RULE_JPEG_SCAN_BAD_CODE;
        case JWRN_MUST_RESYNC: return YS_RULE_JPEG_SCAN_RESTART;
        case JWRN_NOT_SEQUENTIAL:
        case JWRN_BOGUS_PROGRESSION: return YS_RULE_JPEG_SCAN_PARAMETERS;
        default: return YS_RULE_JPEG_OTHER_WARNING;
        }
    }
    // A frame or marker of another JPEG process names the file's kind only in its header; after the first
    // scan it is a stray marker in a damaged file.
    if (!before_first_scan && (msg_code == JERR_SOF_UNSUPPORTED || msg_code == JERR_UNKNOWN_MARKER)) {
        return YS_RULE_JPEG_OTHER_ERROR;
    }
    switch (msg_code) {
    case JERR_BAD_PRECISION: return YS_RULE_JPEG_UNSUPPORTED_PRECISION;
    case JERR_SOF_UNSUPPORTED: return YS_RULE_JPEG_UNSUPPORTED_PROCESS;
    case JERR_UNKNOWN_MARKER:
        // DHP and EXP only occur in hierarchical JPEG; SOF55 and LSE belong to JPEG-LS (ITU-T T.87).
        if (parameter == 0xDE || parameter == 0xDF) return YS_RULE_JPEG_UNSUPPORTED_HIERARCHICAL;
        if (parameter == 0xF7 || parameter == 0xF8) return YS_RULE_JPEG_UNSUPPORTED_JPEG_LS;
        return YS_RULE_JPEG_OTHER_ERROR;
    case JERR_IMAGE_TOO_BIG: return YS_RULE_JPEG_UNSUPPORTED_DIMENSIONS;
    case JERR_ARITH_NOTIMPL: return YS_RULE_JPEG_UNSUPPORTED_ARITHMETIC;
    case JERR_NO_BACKING_STORE:
    case JERR_OUT_OF_MEMORY: return YS_RULE_JPEG_MEMORY_BUDGET;
    default: return YS_RULE_JPEG_OTHER_ERROR;
    }
}

const ys_rule *ys_jpeg_classify(int msg_code, int is_warning, int before_first_scan, int parameter) {
    return &ys_rules[ys_jpeg_rule(msg_code, is_warning, before_first_scan, parameter)];
}

// libpng prefixes a chunk's messages with its name ("tRNS: invalid"); a few messages come without it.
static int ys_png_rule(const char *chunk, const char *message, int is_error) {
    const char *text = message;
    if (strlen(message) > 6 && message[4] == ':' && message[5] == ' ') {
        text = message + 6;
    }
    while (*text == '.') {
        text++; // libpng marks where in pngread.c "Too many IDATs found" arose with leading dots
    }
    int ancillary = chunk != NULL && chunk[0] >= 'a' && chunk[0] <= 'z';
    if (is_error) {
        return YS_RULE_PNG_CRITICAL; // libpng stops: whatever the chunk, the rest of the image is unread
    }
    if (strcmp(text, "chunk data is too large") == 0) return YS_RULE_PNG_CHUNK_CAP;
    if (strcmp(text, "CRC error") == 0) return ancillary ? YS_RULE_PNG_ANCILLARY_CRC : YS_RULE_PNG_CRITICAL;
    if (strcmp(text, "tRNS chunk has out-of-range samples for bit_depth") == 0) return YS_RULE_PNG_TRNS_RANGE;
    if (strcmp(text, "Extra compressed data") == 0) return YS_RULE_PNG_ZLIB_PADDING;
    if (strcmp(text, "Too much image data") == 0) return YS_RULE_PNG_ZLIB_OVERLONG;
    if (strcmp(text, "Too many IDATs found") == 0) return YS_RULE_PNG_EXTRA_IDAT;
    if (strcmp(text, "Read palette index exceeding num_palette") == 0) return YS_RULE_PNG_PALETTE_INDEX;
    if (ancillary) return YS_RULE_PNG_ANCILLARY;
    // libpng only warns about PLTE when it ignores a palette the image does not need.
    if (chunk != NULL && memcmp(chunk, "PLTE", 4) == 0) return YS_RULE_PNG_SUGGESTED_PALETTE;
    return YS_RULE_PNG_CRITICAL;
}

const ys_rule *ys_png_classify(const char *chunk, const char *message, int is_error) {
    return &ys_rules[ys_png_rule(chunk, message, is_error)];
}

static void ys_note_set(ys_note *note, int rule, const char *message) {
    snprintf(note->rule, sizeof note->rule, "%s", ys_rules[rule].id);
    snprintf(note->message, sizeof note->message, "%s", message);
}

ys_verdict ys_record(ys_image_info *info, int rule, const char *message) {
    ys_verdict verdict = ys_rules[rule].verdict;
    switch (verdict) {
    case YS_VERDICT_IGNORE: break;
    case YS_VERDICT_ODDITY:
        if (info->oddities++ == 0) ys_note_set(&info->oddity, rule, message);
        break;
    case YS_VERDICT_REFUSED:
        if (info->refusal.rule[0] == '\0') ys_note_set(&info->refusal, rule, message);
        break;
    case YS_VERDICT_DAMAGE:
    case YS_VERDICT_UNSUPPORTED:
    case YS_VERDICT_BUDGET:
        if (info->decision.rule[0] == '\0') ys_note_set(&info->decision, rule, message);
        break;
    }
    return verdict;
}

ssize_t ys_read_some(const ys_input *input, uint64_t offset, void *out, size_t capacity) {
    if (offset >= input->file_size) return 0;
    uint64_t left = input->file_size - offset;
    size_t count = left < capacity ? (size_t)left : capacity;
    if (offset + count <= input->head_length) {
        memcpy(out, input->head + offset, count);
        return (ssize_t)count;
    }
    if (offset < input->head_length) {
        count = input->head_length - (size_t)offset;
        memcpy(out, input->head + offset, count);
        return (ssize_t)count;
    }
    if (input->fd < 0) {
        errno = EBADF; // the caller said the head held the whole file
        return -1;
    }
    for (;;) {
        ssize_t got = pread(input->fd, out, count, (off_t)offset);
        if (got < 0 && errno == EINTR) continue;
        if (got == 0) errno = ENODATA; // the file ends before the size it had when it was opened
        return got > 0 ? got : -1;
    }
}

const char *ys_read_error_text(int error) {
    return error == ENODATA ? "the file shrank while it was being read" : strerror(error);
}

int ys_read_at(const ys_input *input, uint64_t offset, void *out, size_t count) {
    uint8_t *to = out;
    while (count > 0) {
        ssize_t got = ys_read_some(input, offset, to, count);
        if (got <= 0) {
            if (got == 0) errno = 0;
            return -1;
        }
        to += got;
        offset += (uint64_t)got;
        count -= (size_t)got;
    }
    return 0;
}
