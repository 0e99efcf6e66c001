// libpng side of the shim. See CImageShims.h for why this file uses setjmp.
//
// Every byte libpng reads passes through ys_png_read, which walks the chunk structure as it goes: it
// knows the chunk each libpng message is about, refuses a chunk that claims more bytes than the file
// holds before libpng allocates for it, copies the EXIF of an eXIf chunk, and reads the chunks before the
// first IDAT the way Pillow's PngImagePlugin does when it opens the file (text size limits, chunk
// lengths, compression methods), since what Pillow refuses there, Ultralytics drops.
#include "shim.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <zlib.h>

// Chunks libpng would read into memory but yoloset never needs: libpng skips them (checking their CRC),
// and the reader measures the text ones itself in bounded memory.
static const png_byte ys_png_skipped[] = "tEXt\0zTXt\0iTXt\0sPLT\0pCAL\0sCAL\0eXIf\0";
// OpenCV's own PNG chunk reader (OpenCV 5) refuses an ancillary chunk, tEXt excepted, whose data is longer.
#define YS_PNG_OPENCV_CHUNK_MAX 7999988u
// libpng inflates an iCCP profile into memory; this caps it below the memory budget too.
#define YS_PNG_CHUNK_MALLOC_MAX (8u * 1024u * 1024u)

enum { YS_WALK_SIGNATURE, YS_WALK_HEADER, YS_WALK_BODY };
enum { YS_TEXT_NONE, YS_TEXT_TEXT, YS_TEXT_ZTXT, YS_TEXT_ITXT, YS_TEXT_ICCP };
// Where a text chunk's parse is: the fields of tEXt, zTXt, iTXt and iCCP in order.
enum { YS_FIELD_KEYWORD, YS_FIELD_FLAGS, YS_FIELD_LANGUAGE, YS_FIELD_TRANSLATED, YS_FIELD_VALUE };

/// One text or iCCP chunk as Pillow would read it, measured as its bytes stream past.
typedef struct {
    int kind;
    int field;
    uint64_t keyword_length;
    /// zTXt/iCCP: the compression method byte; iTXt: compression flag and method.
    int flag_count;
    uint8_t flags[2];
    int compressed;
    /// The value's length in bytes (inflated when compressed), and in characters (iTXt, UTF-8).
    uint64_t value_length;
    uint64_t value_characters;
    /// UTF-8 continuation bytes still expected; set when the bytes are not UTF-8 (Pillow skips the chunk).
    int utf8_pending;
    int utf8_invalid;
    z_stream zlib;
    int zlib_active;
    int zlib_ended;
    int zlib_failed;
    /// Inflating reached the limit with input left over: Pillow's "Decompressed data too large".
    int over_limit;
} ys_png_text;

typedef struct {
    const ys_input *input;
    const ys_limits *limits;
    ys_image_info *info;
    volatile ys_image_status status;
    /// Offset of the next byte libpng reads.
    uint64_t offset;
    int walk;
    uint8_t header[8];
    int header_count;
    /// The chunk being read (its type, NUL-terminated), where its data starts, and where it ends (CRC included).
    char chunk[5];
    uint32_t chunk_length;
    uint64_t data_start;
    uint64_t chunk_end;
    /// The first bytes of the current chunk's data, for the small chunks whose fields Pillow checks.
    uint8_t head[32];
    uint32_t head_count;
    /// Pillow's open() reads up to the first IDAT (or fdAT); later chunks only have their CRC checked.
    int image_data_seen;
    int color_type;
    int bit_depth;
    uint32_t width;
    uint32_t height;
    int64_t frame_sequence;
    uint64_t text_memory;
    ys_png_text text;
    uint8_t *exif;
    size_t exif_capacity;
    size_t exif_length;
    int exif_taken;
} ys_png_reader;

static ys_image_status ys_status_of(ys_verdict verdict) {
    switch (verdict) {
    case YS_VERDICT_UNSUPPORTED: return YS_IMAGE_UNSUPPORTED;
    case YS_VERDICT_BUDGET: return YS_IMAGE_OVER_BUDGET;
    default: return YS_IMAGE_DAMAGED;
    }
}

// Records a row; one that decides the status ends the check.
static void ys_png_apply(png_structp png, ys_png_reader *reader, int rule, const char *message) {
    ys_verdict verdict = ys_record(reader->info, rule, message);
    if (verdict >= YS_VERDICT_DAMAGE) {
        reader->status = ys_status_of(verdict);
        png_longjmp(png, 1);
    }
}

static void ys_png_error(png_structp png, png_const_charp message) {
    ys_png_reader *reader = (ys_png_reader *)png_get_error_ptr(png);
    const ys_rule *rule = ys_png_classify(reader->chunk[0] ? reader->chunk : NULL, message, 1);
    ys_png_apply(png, reader, (int)(rule - ys_rules), message);
    reader->status = YS_IMAGE_DAMAGED;
    png_longjmp(png, 1);
}

static void ys_png_warning(png_structp png, png_const_charp message) {
    ys_png_reader *reader = (ys_png_reader *)png_get_error_ptr(png);
    const ys_rule *rule = ys_png_classify(reader->chunk[0] ? reader->chunk : NULL, message, 0);
    ys_png_apply(png, reader, (int)(rule - ys_rules), message);
}

static void ys_png_text_end_zlib(ys_png_text *text) {
    if (text->zlib_active) {
        inflateEnd(&text->zlib);
        text->zlib_active = 0;
    }
}

// UTF-8 as Python's strict decoder sees it, closely enough to count characters and spot bad bytes.
static void ys_png_text_utf8(ys_png_text *text, const uint8_t *bytes, size_t count, int counts) {
    for (size_t i = 0; i < count; i++) {
        uint8_t byte = bytes[i];
        if (text->utf8_pending > 0) {
            if ((byte & 0xC0) != 0x80) text->utf8_invalid = 1;
            text->utf8_pending--;
            continue;
        }
        if (byte < 0x80) {
        } else if (byte >= 0xC2 && byte <= 0xDF) {
            text->utf8_pending = 1;
        } else if (byte >= 0xE0 && byte <= 0xEF) {
            text->utf8_pending = 2;
        } else if (byte >= 0xF0 && byte <= 0xF4) {
            text->utf8_pending = 3;
        } else {
            text->utf8_invalid = 1;
        }
        if (counts) text->value_characters++;
    }
}

// Inflates a piece of a compressed value, counting what comes out, as zlib.decompressobj().decompress(
// data, MAX_TEXT_CHUNK) would, a piece at a time.
static void ys_png_text_inflate(ys_png_reader *reader, const uint8_t *bytes, size_t count) {
    ys_png_text *text = &reader->text;
    if (text->zlib_ended || text->zlib_failed || text->over_limit) {
        return;
    }
    if (!text->zlib_active) {
        memset(&text->zlib, 0, sizeof text->zlib);
        if (inflateInit(&text->zlib) != Z_OK) {
            text->zlib_failed = 1;
            return;
        }
        text->zlib_active = 1;
    }
    uint8_t sink[16384];
    uint64_t limit = reader->limits->text_chunk_limit;
    text->zlib.next_in = (Bytef *)bytes;
    text->zlib.avail_in = (uInt)count;
    for (;;) {
        // With no room left, inflate still reads what needs no output (the end of the stream, its Adler).
        uint64_t room = limit - text->value_length;
        text->zlib.next_out = sink;
        text->zlib.avail_out = (uInt)(room < sizeof sink ? room : sizeof sink);
        uInt before = text->zlib.avail_out;
        int result = inflate(&text->zlib, Z_SYNC_FLUSH);
        uInt produced = before - text->zlib.avail_out;
        text->value_length += produced;
        if (text->kind == YS_TEXT_ITXT) ys_png_text_utf8(text, sink, produced, 1);
        if (result == Z_STREAM_END) {
            text->zlib_ended = 1;
            break;
        }
        if (result != Z_OK && result != Z_BUF_ERROR) {
            text->zlib_failed = 1;
            break;
        }
        if (text->zlib.avail_in == 0) break; // the rest of the stream, if any, is in the next piece
        if (text->value_length == limit && produced == 0) {
            // Output is full and input is left: Python's decompress(data, MAX_TEXT_CHUNK) would leave an
            // unconsumed tail, and Pillow raises.
            text->over_limit = 1;
            break;
        }
    }
    if (text->zlib_ended || text->zlib_failed || text->over_limit) ys_png_text_end_zlib(text);
}

// Feeds part of a text or iCCP chunk's data to its parse.
static void ys_png_text_feed(ys_png_reader *reader, const uint8_t *bytes, size_t count) {
    ys_png_text *text = &reader->text;
    size_t i = 0;
    while (i < count && text->field != YS_FIELD_VALUE) {
        uint8_t byte = bytes[i++];
        switch (text->field) {
        case YS_FIELD_KEYWORD:
            if (byte == 0) {
                text->field = text->kind == YS_TEXT_TEXT ? YS_FIELD_VALUE : YS_FIELD_FLAGS;
            } else {
                text->keyword_length++;
            }
            break;
        case YS_FIELD_FLAGS:
            text->flags[text->flag_count++] = byte;
            if (text->kind != YS_TEXT_ITXT) {
                // zTXt and iCCP: one method byte; 0 (deflate) is the only one Pillow knows.
                text->compressed = byte == 0;
                text->field = YS_FIELD_VALUE;
            } else if (text->flag_count == 2) {
                text->compressed = text->flags[0] != 0 && text->flags[1] == 0;
                text->field = YS_FIELD_LANGUAGE;
            }
            break;
        case YS_FIELD_LANGUAGE:
        case YS_FIELD_TRANSLATED:
            if (byte == 0) {
                text->field = text->field == YS_FIELD_LANGUAGE ? YS_FIELD_TRANSLATED : YS_FIELD_VALUE;
            } else {
                ys_png_text_utf8(text, &byte, 1, 0);
            }
            break;
        }
    }
    if (i == count) {
        return;
    }
    const uint8_t *value = bytes + i;
    size_t length = count - i;
    switch (text->kind) {
    case YS_TEXT_TEXT: text->value_length += length; break;
    case YS_TEXT_ITXT:
        if (text->flags[0] == 0) {
            text->value_length += length;
            ys_png_text_utf8(text, value, length, 1);
        } else if (text->compressed) {
            ys_png_text_inflate(reader, value, length);
        }
        break;
    default:
        if (text->compressed) ys_png_text_inflate(reader, value, length);
        break;
    }
}

// A text or iCCP chunk has been read whole: what Pillow would make of it.
static void ys_png_text_finish(png_structp png, ys_png_reader *reader) {
    ys_png_text *text = &reader->text;
    char message[YS_MESSAGE_CAPACITY];
    uint64_t limit = reader->limits->text_chunk_limit;
    ys_png_text_end_zlib(text);
    switch (text->kind) {
    case YS_TEXT_ICCP:
        if (text->field != YS_FIELD_VALUE || !text->compressed) {
            snprintf(message, sizeof message, "iCCP: %s (Pillow raises SyntaxError: unknown compression method)",
                     text->field == YS_FIELD_VALUE ? "compression method is not 0" : "no compression method");
            ys_png_apply(png, reader, YS_RULE_PNG_PILLOW_CHUNK, message);
        } else if (text->over_limit) {
            snprintf(message, sizeof message, "iCCP: the profile inflates past %llu bytes",
                     (unsigned long long)limit);
            ys_png_apply(png, reader, YS_RULE_PNG_ICC_LIMIT, message);
        }
        return;
    case YS_TEXT_ZTXT:
        if (text->field == YS_FIELD_VALUE && !text->compressed) {
            snprintf(message, sizeof message, "zTXt: compression method %d (Pillow raises SyntaxError)",
                     text->flags[0]);
            ys_png_apply(png, reader, YS_RULE_PNG_PILLOW_CHUNK, message);
            return;
        }
        break;
    case YS_TEXT_ITXT:
        // Pillow skips an iTXt chunk it cannot split into its fields or whose compression method it does
        // not know; it inflates before it decodes, so a value too large is refused even if it is not UTF-8.
        if (text->field != YS_FIELD_VALUE || (text->flags[0] != 0 && !text->compressed)) return;
        if (!text->over_limit && (text->zlib_failed || text->utf8_invalid || text->utf8_pending > 0)) return;
        break;
    default: break;
    }
    if (text->over_limit) {
        snprintf(message, sizeof message, "%s: the text inflates past %llu bytes", reader->chunk,
                 (unsigned long long)limit);
        ys_png_apply(png, reader, YS_RULE_PNG_TEXT_CHUNK_LIMIT, message);
        return;
    }
    if (text->zlib_failed) return; // Pillow takes the value as empty
    if (text->keyword_length == 0 && text->kind != YS_TEXT_ITXT) return;
    reader->text_memory += text->kind == YS_TEXT_ITXT ? text->value_characters : text->value_length;
    if (reader->text_memory > reader->limits->text_memory_limit) {
        snprintf(message, sizeof message, "%s: text chunks reach %llu characters, over %llu in all", reader->chunk,
                 (unsigned long long)reader->text_memory, (unsigned long long)reader->limits->text_memory_limit);
        ys_png_apply(png, reader, YS_RULE_PNG_TEXT_MEMORY_LIMIT, message);
    }
}

static int ys_png_is(const ys_png_reader *reader, const char *type) { return memcmp(reader->chunk, type, 4) == 0; }

// Pillow's minimum lengths for the small chunks it parses when it opens a file.
static void ys_png_check_length(png_structp png, ys_png_reader *reader) {
    static const struct {
        char type[5];
        uint32_t minimum;
    } minimums[] = {{"gAMA", 4}, {"cHRM", 32}, {"sRGB", 1}, {"pHYs", 9}, {"acTL", 8}, {"fcTL", 26}};
    uint32_t minimum = 0;
    for (size_t i = 0; i < sizeof minimums / sizeof minimums[0]; i++) {
        if (ys_png_is(reader, minimums[i].type)) minimum = minimums[i].minimum;
    }
    // tRNS: a grey or RGB image needs its colour, 2 or 6 bytes; palette and alpha images are not checked.
    if (ys_png_is(reader, "tRNS") && (reader->color_type == 0 || reader->color_type == 2)) {
        minimum = reader->color_type == 2 ? 6 : 2;
    }
    if (reader->chunk_length < minimum) {
        char message[YS_MESSAGE_CAPACITY];
        snprintf(message, sizeof message, "%s: %u bytes, Pillow needs %u (it raises \"Truncated %s chunk\")",
                 reader->chunk, reader->chunk_length, minimum, reader->chunk);
        ys_png_apply(png, reader, YS_RULE_PNG_PILLOW_CHUNK, message);
    }
}

// The APNG frame checks Pillow makes before the image data: sequence numbers from 0, frames inside the image.
static void ys_png_check_frame(png_structp png, ys_png_reader *reader) {
    const uint8_t *d = reader->head;
    uint32_t sequence = png_get_uint_32(d);
    char message[YS_MESSAGE_CAPACITY];
    if ((reader->frame_sequence < 0 && sequence != 0) ||
        (reader->frame_sequence >= 0 && (int64_t)sequence != reader->frame_sequence + 1)) {
        snprintf(message, sizeof message, "fcTL: sequence number %u out of order (Pillow raises \"APNG contains "
                 "frame sequence errors\")", sequence);
        ys_png_apply(png, reader, YS_RULE_PNG_PILLOW_CHUNK, message);
    }
    reader->frame_sequence = sequence;
    uint64_t right = (uint64_t)png_get_uint_32(d + 12) + png_get_uint_32(d + 4);
    uint64_t bottom = (uint64_t)png_get_uint_32(d + 16) + png_get_uint_32(d + 8);
    if (right > reader->width || bottom > reader->height) {
        snprintf(message, sizeof message, "fcTL: a frame outside the %ux%u image (Pillow raises \"APNG "
                 "contains invalid frames\")", reader->width, reader->height);
        ys_png_apply(png, reader, YS_RULE_PNG_PILLOW_CHUNK, message);
    }
}

static void ys_png_chunk_start(png_structp png, ys_png_reader *reader) {
    uint32_t length = png_get_uint_32(reader->header);
    memcpy(reader->chunk, reader->header + 4, 4);
    reader->chunk[4] = '\0';
    reader->chunk_length = length;
    reader->data_start = reader->offset;
    reader->chunk_end = reader->offset + (uint64_t)length + 4;
    reader->head_count = 0;
    if (reader->chunk_end > reader->input->file_size) {
        char message[YS_MESSAGE_CAPACITY];
        snprintf(message, sizeof message, "%s: the chunk at byte %llu declares %u bytes, but the file ends %llu "
                 "bytes later (truncated)", reader->chunk, (unsigned long long)(reader->data_start - 8), length,
                 (unsigned long long)(reader->input->file_size - reader->data_start));
        ys_png_apply(png, reader, YS_RULE_PNG_TRUNCATED, message);
    }
    if (ys_png_is(reader, "IDAT") || ys_png_is(reader, "fdAT")) {
        reader->image_data_seen = 1;
    }
    if (reader->chunk[0] >= 'a' && reader->chunk[0] <= 'z' && !ys_png_is(reader, "tEXt") &&
        length > YS_PNG_OPENCV_CHUNK_MAX) {
        char message[YS_MESSAGE_CAPACITY];
        snprintf(message, sizeof message, "%s: %u bytes of data", reader->chunk, length);
        ys_png_apply(png, reader, YS_RULE_PNG_OPENCV_CHUNK, message);
    }
    memset(&reader->text, 0, sizeof reader->text);
    // Pillow's open() stops at the first IDAT; once one refusal is known, the rest need not be measured.
    if (reader->image_data_seen || reader->limits->text_chunk_limit == 0 || reader->info->refusal.rule[0] != '\0') {
        return;
    }
    if (ys_png_is(reader, "tEXt")) reader->text.kind = YS_TEXT_TEXT;
    else if (ys_png_is(reader, "zTXt")) reader->text.kind = YS_TEXT_ZTXT;
    else if (ys_png_is(reader, "iTXt")) reader->text.kind = YS_TEXT_ITXT;
    else if (ys_png_is(reader, "iCCP")) reader->text.kind = YS_TEXT_ICCP;
    else ys_png_check_length(png, reader);
}

static void ys_png_chunk_data(ys_png_reader *reader, const uint8_t *bytes, size_t count) {
    if (reader->head_count < sizeof reader->head) {
        size_t take = sizeof reader->head - reader->head_count;
        if (take > count) take = count;
        memcpy(reader->head + reader->head_count, bytes, take);
        reader->head_count += (uint32_t)take;
    }
    if (reader->text.kind != YS_TEXT_NONE) {
        ys_png_text_feed(reader, bytes, count);
    }
    if (ys_png_is(reader, "eXIf") && !reader->image_data_seen && !reader->exif_taken && reader->exif != NULL) {
        size_t take = reader->exif_capacity - reader->exif_length;
        if (take > count) take = count;
        memcpy(reader->exif + reader->exif_length, bytes, take);
        reader->exif_length += take;
    }
}

static void ys_png_chunk_finish(png_structp png, ys_png_reader *reader) {
    if (ys_png_is(reader, "IHDR") && reader->head_count >= 13) {
        reader->width = png_get_uint_32(reader->head);
        reader->height = png_get_uint_32(reader->head + 4);
        reader->bit_depth = reader->head[8];
        reader->color_type = reader->head[9];
    }
    if (ys_png_is(reader, "eXIf") && reader->exif_length > 0) reader->exif_taken = 1;
    if (reader->image_data_seen) return;
    if (reader->text.kind != YS_TEXT_NONE) {
        ys_png_text_finish(png, reader);
    } else if (ys_png_is(reader, "fcTL") && reader->head_count >= 26) {
        ys_png_check_frame(png, reader);
    }
}

// Follows the chunk structure through the bytes libpng is about to get (they start at reader->offset).
static void ys_png_walk(png_structp png, ys_png_reader *reader, const uint8_t *bytes, size_t count) {
    while (count > 0) {
        size_t take;
        switch (reader->walk) {
        case YS_WALK_SIGNATURE:
            take = reader->offset < 8 ? (size_t)(8 - reader->offset) : 0;
            if (take > count) take = count;
            if (reader->offset + take >= 8) reader->walk = YS_WALK_HEADER;
            break;
        case YS_WALK_HEADER:
            take = (size_t)(8 - reader->header_count);
            if (take > count) take = count;
            memcpy(reader->header + reader->header_count, bytes, take);
            reader->header_count += (int)take;
            break;
        default: {
            uint64_t left = reader->chunk_end - reader->offset;
            take = left < count ? (size_t)left : count;
            uint64_t data_end = reader->data_start + reader->chunk_length;
            if (reader->offset < data_end) {
                uint64_t data = data_end - reader->offset;
                ys_png_chunk_data(reader, bytes, data < take ? (size_t)data : take);
            }
            break;
        }
        }
        bytes += take;
        count -= take;
        reader->offset += take;
        if (reader->walk == YS_WALK_HEADER && reader->header_count == 8) {
            reader->header_count = 0;
            reader->walk = YS_WALK_BODY;
            ys_png_chunk_start(png, reader);
        } else if (reader->walk == YS_WALK_BODY && reader->offset == reader->chunk_end) {
            reader->walk = YS_WALK_HEADER;
            ys_png_chunk_finish(png, reader);
        }
    }
}

static void ys_png_read(png_structp png, png_bytep out, size_t count) {
    ys_png_reader *reader = (ys_png_reader *)png_get_io_ptr(png);
    if (ys_read_at(reader->input, reader->offset, out, count) != 0) {
        char message[YS_MESSAGE_CAPACITY];
        if (errno == 0) {
            snprintf(message, sizeof message, "the file ends early (truncated%s%s)", reader->chunk[0] ? " in " : "",
                     reader->chunk);
            ys_png_apply(png, reader, YS_RULE_PNG_TRUNCATED, message);
        }
        snprintf(message, sizeof message, "cannot read the file at byte %llu: %s",
                 (unsigned long long)reader->offset, ys_read_error_text(errno));
        ys_png_apply(png, reader, YS_RULE_READ_ERROR, message);
    }
    ys_png_walk(png, reader, out, count);
}

// libpng checks palette indexes only while it transforms rows, and the shim asks for none: an index past
// the palette's end is found here (libpng would paint it black).
static void ys_png_check_indexes(png_structp png, ys_png_reader *reader, const uint8_t *row, png_uint_32 width,
                                 int bit_depth, int palette_size, png_uint_32 y) {
    int per_byte = 8 / bit_depth;
    int mask = (1 << bit_depth) - 1;
    for (png_uint_32 x = 0; x < width; x++) {
        int shift = 8 - bit_depth * (int)(x % (png_uint_32)per_byte + 1);
        int index = row[x / (png_uint_32)per_byte] >> shift & mask;
        if (index >= palette_size) {
            char message[YS_MESSAGE_CAPACITY];
            snprintf(message, sizeof message, "pixel (%u, %u) has palette index %d, but PLTE has %d entries", x, y,
                     index, palette_size);
            ys_png_apply(png, reader, YS_RULE_PNG_PALETTE_INDEX, message);
        }
    }
}

void ys_png_scratch_free(ys_png_scratch *scratch) {
    free(scratch->compressed);
    free(scratch->inflated);
    if (scratch->inflater != NULL) {
        inflateEnd(scratch->inflater);
        free(scratch->inflater);
    }
    memset(scratch, 0, sizeof *scratch);
}

// Grows `*buffer` to hold `needed` bytes (keeping none of what it held), doubling while that stays within
// `ceiling`; 0 when memory runs out.
static int ys_png_reserve(uint8_t **buffer, size_t *capacity, uint64_t needed, uint64_t ceiling) {
    if (needed <= *capacity) return 1;
    if (needed > SIZE_MAX / 2) return 0;
    size_t grown = *capacity > 0 ? *capacity : 64 * 1024;
    while (grown < needed) grown *= 2;
    if (grown > ceiling) grown = (size_t)needed;
    uint8_t *larger = malloc(grown);
    if (larger == NULL) return 0;
    free(*buffer);
    *buffer = larger;
    *capacity = grown;
    return 1;
}

// Bytes of one filtered row of `width` pixels: its filter byte and its pixels.
static uint64_t ys_png_row_length(uint64_t width, int bits_per_pixel) { return 1 + (width * bits_per_pixel + 7) / 8; }

// The Adam7 passes: where each starts and how far apart its pixels are.
static const uint8_t ys_adam7[7][4] = {
    {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2},
};

// Width and height of pass `pass` of an image; 0 when the pass holds no pixel.
static void ys_png_pass_size(uint32_t width, uint32_t height, int pass, uint64_t *pass_width, uint64_t *pass_height) {
    const uint8_t *p = ys_adam7[pass];
    *pass_width = width > p[0] ? ((uint64_t)width - p[0] + p[2] - 1) / p[2] : 0;
    *pass_height = height > p[1] ? ((uint64_t)height - p[1] + p[3] - 1) / p[3] : 0;
}

static uint32_t ys_png_crc(const uint8_t type[4], const uint8_t *data, size_t length) {
    return (uint32_t)crc32_z(crc32(0L, type, 4), data, length);
}

// The scratch's zlib stream, made once and reset for each image; NULL when zlib cannot start.
static z_stream *ys_png_inflater(ys_png_scratch *scratch) {
    z_stream *z = scratch->inflater;
    if (z != NULL) return inflateReset(z) == Z_OK ? z : NULL;
    z = calloc(1, sizeof *z);
    if (z == NULL) return NULL;
    if (inflateInit(z) != Z_OK) {
        free(z);
        return NULL;
    }
    scratch->inflater = z;
    return z;
}

// A full check of the image data without unfiltering it: gathers the IDAT chunks that follow the first
// (each CRC checked), inflates them with zlib in one call into a buffer the size IHDR implies (zlib checks
// the Adler-32), and proves every row's filter byte valid and the stream to end exactly with the last row,
// and IEND to follow. Returns 1 when all of that holds: libpng, reading every row through the same zlib,
// would find nothing either. Returns 0 at the first thing that is not plain -- damage, a zlib window under
// 32 KiB (libpng inflates with the window the stream declares, so distances past it are damage), data after
// the stream, a chunk other than IEND after the image data, more memory than the budget -- and the caller
// lets libpng read the rows, which gives the verdict and its words. Reads the file with ys_read_at only; the
// reader's position, which libpng follows, is untouched.
//
// zlib, not libdeflate: libdeflate decodes some streams DEFLATE forbids (the reserved length symbols 286
// and 287 and distances 30 and 31, codes of one unused symbol) as if they were valid, and the PNG fuzzer
// found such a file that libpng, OpenCV and Pillow (all zlib) refuse and libdeflate passed, Adler-32 intact.
static int ys_png_full_at_once(const ys_png_reader *reader, ys_png_scratch *scratch, uint32_t width, uint32_t height,
                               int bits_per_pixel, int interlaced) {
    static const uint8_t idat[4] = {'I', 'D', 'A', 'T'}, iend[4] = {'I', 'E', 'N', 'D'};
    const ys_input *input = reader->input;
    uint64_t budget = reader->limits->max_memory != 0 ? reader->limits->max_memory : UINT64_MAX;
    if (memcmp(reader->chunk, "IDAT", 4) != 0 || reader->offset != reader->data_start) return 0;

    uint64_t expected = 0;
    if (!interlaced) {
        expected = (uint64_t)height * ys_png_row_length(width, bits_per_pixel);
    } else {
        for (int pass = 0; pass < 7; pass++) {
            uint64_t pass_width, pass_height;
            ys_png_pass_size(width, height, pass, &pass_width, &pass_height);
            if (pass_width > 0) expected += pass_height * ys_png_row_length(pass_width, bits_per_pixel);
        }
    }
    if (expected == 0 || expected > budget) return 0;

    // 1. The image data, chunk after chunk.
    uint64_t offset = reader->data_start;
    uint32_t length = reader->chunk_length;
    size_t gathered = 0;
    uint8_t header[8];
    for (;;) {
        if (length > PNG_UINT_31_MAX || offset + length + 4 > input->file_size) return 0;
        if (gathered + (uint64_t)length + expected > budget) return 0;
        if (!ys_png_reserve(&scratch->compressed, &scratch->compressed_capacity, gathered + (uint64_t)length + 1,
                            budget - expected)) {
            return 0;
        }
        uint8_t stored[4];
        if (ys_read_at(input, offset, scratch->compressed + gathered, length) != 0 ||
            ys_read_at(input, offset + length, stored, 4) != 0 ||
            ys_png_crc(idat, scratch->compressed + gathered, length) != png_get_uint_32(stored)) {
            return 0;
        }
        gathered += length;
        offset += (uint64_t)length + 4;
        if (ys_read_at(input, offset, header, 8) != 0) return 0;
        length = png_get_uint_32(header);
        offset += 8;
        if (memcmp(header + 4, idat, 4) != 0) break;
    }
    // 2. IEND, right after: empty, its CRC intact.
    uint8_t stored[4];
    if (memcmp(header + 4, iend, 4) != 0 || length != 0 || ys_read_at(input, offset, stored, 4) != 0 ||
        ys_png_crc(iend, stored, 0) != png_get_uint_32(stored)) {
        return 0;
    }
    // 3. The zlib stream: a 32 KiB window (CINFO 7), then exactly the rows, then nothing.
    if (gathered < 2 || scratch->compressed[0] != 0x78) return 0;
    if (gathered > UINT32_MAX || expected > UINT32_MAX) return 0; // zlib counts in 32 bits
    z_stream *z = ys_png_inflater(scratch);
    if (z == NULL || !ys_png_reserve(&scratch->inflated, &scratch->inflated_capacity, expected, budget - gathered)) {
        return 0;
    }
    z->next_in = scratch->compressed;
    z->avail_in = (uInt)gathered;
    z->next_out = scratch->inflated;
    z->avail_out = (uInt)expected;
    // Z_STREAM_END with nothing left on either side: exactly the rows, then the Adler-32, then nothing.
    if (inflate(z, Z_FINISH) != Z_STREAM_END || z->avail_in != 0 || z->avail_out != 0) return 0;
    // 4. Every row's filter byte is one of the five filters.
    const uint8_t *row = scratch->inflated;
    for (int pass = 0; pass < (interlaced ? 7 : 1); pass++) {
        uint64_t pass_width = width, pass_height = height;
        if (interlaced) ys_png_pass_size(width, height, pass, &pass_width, &pass_height);
        if (pass_width == 0) continue;
        uint64_t row_length = ys_png_row_length(pass_width, bits_per_pixel);
        for (uint64_t y = 0; y < pass_height; y++, row += row_length) {
            if (*row > 4) return 0;
        }
    }
    return 1;
}

ys_image_status ys_png_probe(const ys_input *input, ys_check_level level, const ys_limits *limits,
                             uint8_t *exif, size_t exif_capacity, ys_image_info *info) {
    ys_png_reader reader;
    png_structp png = NULL;
    png_infop info_ptr = NULL;
    uint8_t *volatile row = NULL;

    memset(info, 0, sizeof *info);
    memset(&reader, 0, sizeof reader);
    reader.input = input;
    reader.limits = limits;
    reader.info = info;
    reader.status = YS_IMAGE_DAMAGED;
    reader.frame_sequence = -1;
    reader.color_type = -1;
    reader.exif = exif;
    reader.exif_capacity = exif != NULL ? exif_capacity : 0;

    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader, ys_png_error, ys_png_warning);
    if (png == NULL) {
        ys_record(info, YS_RULE_PNG_MEMORY_BUDGET, "libpng could not start (out of memory)");
        return YS_IMAGE_OVER_BUDGET;
    }
    info_ptr = png_create_info_struct(png);
    if (info_ptr == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        ys_record(info, YS_RULE_PNG_MEMORY_BUDGET, "libpng could not start (out of memory)");
        return YS_IMAGE_OVER_BUDGET;
    }

    if (setjmp(png_jmpbuf(png))) {
        free(row);
        ys_png_text_end_zlib(&reader.text);
        info->exif_length = reader.exif_taken ? reader.exif_length : 0;
        png_destroy_read_struct(&png, &info_ptr, NULL);
        return reader.status;
    }

    png_set_read_fn(png, &reader, ys_png_read);
    uint64_t chunk_cap = YS_PNG_CHUNK_MALLOC_MAX;
    if (limits->max_memory != 0 && limits->max_memory / 4 < chunk_cap) chunk_cap = limits->max_memory / 4;
    png_set_chunk_malloc_max(png, (png_alloc_size_t)chunk_cap);
    // The pixel limit and the memory budget bound the size; libpng's default caps (a million pixels a
    // side) would call valid wide images damaged.
    png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, ys_png_skipped, (int)(sizeof ys_png_skipped / 5));
    // A damaged critical chunk is fatal; a damaged ancillary one reaches the warning handler.
    png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_WARN_DISCARD);
    png_read_info(png, info_ptr);

    png_uint_32 width = 0;
    png_uint_32 height = 0;
    int bit_depth = 0;
    int color_type = 0;
    int interlace = 0;
    png_get_IHDR(png, info_ptr, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    info->width = width;
    info->height = height;
    info->bit_depth = bit_depth;
    info->color_model = color_type;
    info->components = png_get_channels(png, info_ptr);
    info->progressive = interlace != PNG_INTERLACE_NONE ? 1 : 0;
    info->exif_length = reader.exif_taken ? reader.exif_length : 0;

    ys_image_status status = YS_IMAGE_OK;
    if (limits->max_pixels != 0 && (uint64_t)width * height > limits->max_pixels) {
        status = YS_IMAGE_TOO_LARGE;
    } else if (level == YS_CHECK_FULL) {
        // Measured before png_read_update_info, which allocates libpng's two row buffers: libpng keeps the
        // row and the one before it, the shim one more. No transform is set, so rows keep the file's size.
        size_t row_bytes = png_get_rowbytes(png, info_ptr);
        uint64_t needed = 3 * ((uint64_t)row_bytes + 64);
        if (limits->max_memory != 0 && needed > limits->max_memory) {
            char message[YS_MESSAGE_CAPACITY];
            info->memory_needed = needed;
            snprintf(message, sizeof message, "rows of %llu bytes (%u pixels wide, %d-bit, %d channels)",
                     (unsigned long long)row_bytes, width, bit_depth, png_get_channels(png, info_ptr));
            ys_png_apply(png, &reader, YS_RULE_PNG_MEMORY_BUDGET, message);
        }
        int palette_size = 0;
        png_colorp palette = NULL;
        int check_indexes = color_type == PNG_COLOR_TYPE_PALETTE &&
                            png_get_PLTE(png, info_ptr, &palette, &palette_size) != 0 &&
                            palette_size < (1 << bit_depth);
        // A short palette's indexes are only seen in unfiltered rows: those images take libpng's way.
        if (!check_indexes && input->png_scratch != NULL &&
            ys_png_full_at_once(&reader, input->png_scratch, width, height,
                                bit_depth * png_get_channels(png, info_ptr), interlace != PNG_INTERLACE_NONE)) {
            info->inflated_at_once = 1;
            png_destroy_read_struct(&png, &info_ptr, NULL);
            return status;
        }
        int passes = png_set_interlace_handling(png);
        png_read_update_info(png, info_ptr);
        // Zeroed, so an interlaced pass leaves only real pixels in it: each row is scanned whole.
        row = calloc(row_bytes > 0 ? row_bytes : 1, 1);
        if (row == NULL) {
            ys_png_apply(png, &reader, YS_RULE_PNG_MEMORY_BUDGET, "out of memory for one image row");
        }
        // One row buffer, reused: memory stays flat however tall the image is.
        for (int pass = 0; pass < passes; pass++) {
            for (png_uint_32 y = 0; y < height; y++) {
                png_read_row(png, row, NULL);
                if (check_indexes) ys_png_check_indexes(png, &reader, row, width, bit_depth, palette_size, y);
            }
        }
        png_read_end(png, info_ptr); // with info_ptr, libpng checks the chunks after the image data too
    }
    free(row);
    row = NULL;
    png_destroy_read_struct(&png, &info_ptr, NULL);
    return status;
}
