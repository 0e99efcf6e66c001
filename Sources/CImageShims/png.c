// libpng side of the shim. See CImageShims.h for why this file uses setjmp.
#include "CImageShims.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

// Ancillary chunks (iCCP, tEXt, zTXt, ...) can be large and compressed; cap what libpng will inflate
// for one so a crafted metadata chunk cannot become a decompression bomb of its own.
#define YS_PNG_CHUNK_MALLOC_MAX (8u * 1024u * 1024u)

typedef struct {
    const uint8_t *data;
    size_t length;
    size_t offset;
    int is_complete;
    int ran_out;
    ys_image_info *info;
} ys_png_reader;

static void ys_png_read(png_structp png, png_bytep out, size_t count) {
    ys_png_reader *reader = (ys_png_reader *)png_get_io_ptr(png);
    if (count > reader->length - reader->offset) {
        reader->ran_out = 1;
        png_error(png, "file ends early (truncated)");
    }
    memcpy(out, reader->data + reader->offset, count);
    reader->offset += count;
}

static void ys_png_error(png_structp png, png_const_charp message) {
    ys_png_reader *reader = (ys_png_reader *)png_get_error_ptr(png);
    snprintf(reader->info->message, YS_MESSAGE_CAPACITY, "%s", message);
    png_longjmp(png, 1);
}

// libpng prefixes chunk-level notes with the chunk name; a lower-case first letter marks an ancillary
// chunk (colour profile, text), whose quirks do not make the pixels untrustworthy. CRC failures do.
static int ys_png_warning_counts(png_const_charp message) {
    int ancillary = strlen(message) > 5 && islower((unsigned char)message[0]) && message[4] == ':';
    return !ancillary || strstr(message, "CRC") != NULL;
}

static void ys_png_warning(png_structp png, png_const_charp message) {
    ys_png_reader *reader = (ys_png_reader *)png_get_error_ptr(png);
    if (!ys_png_warning_counts(message)) {
        return;
    }
    reader->info->warnings += 1;
    if (reader->info->message[0] == '\0') {
        snprintf(reader->info->message, YS_MESSAGE_CAPACITY, "%s", message);
    }
}

static size_t ys_png_copy_exif(png_structp png, png_infop info_ptr, uint8_t *exif,
                               size_t capacity) {
#ifdef PNG_eXIf_SUPPORTED
    png_uint_32 count = 0;
    png_bytep bytes = NULL;
    if (exif != NULL && capacity > 0 && png_get_eXIf_1(png, info_ptr, &count, &bytes) != 0 &&
        bytes != NULL) {
        size_t length = count < capacity ? count : capacity;
        memcpy(exif, bytes, length);
        return length;
    }
#else
    (void)png;
    (void)info_ptr;
    (void)exif;
    (void)capacity;
#endif
    return 0;
}

ys_image_status ys_png_probe(const uint8_t *data, size_t length, int is_complete,
                             ys_check_level level, uint64_t max_pixels, uint8_t *exif,
                             size_t exif_capacity, ys_image_info *info) {
    ys_png_reader reader = {data, length, 0, is_complete, 0, info};
    png_structp png = NULL;
    png_infop info_ptr = NULL;
    uint8_t *volatile row = NULL;
    volatile ys_image_status status = YS_IMAGE_OK;

    memset(info, 0, sizeof *info);
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader, ys_png_error, ys_png_warning);
    if (png == NULL) {
        snprintf(info->message, YS_MESSAGE_CAPACITY, "libpng could not start (out of memory)");
        return YS_IMAGE_CORRUPT;
    }
    info_ptr = png_create_info_struct(png);
    if (info_ptr == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(info->message, YS_MESSAGE_CAPACITY, "libpng could not start (out of memory)");
        return YS_IMAGE_CORRUPT;
    }

    if (setjmp(png_jmpbuf(png))) {
        free(row);
        png_destroy_read_struct(&png, &info_ptr, NULL);
        if (!is_complete && reader.ran_out) {
            info->message[0] = '\0';
            return YS_IMAGE_NEED_MORE_DATA;
        }
        return YS_IMAGE_CORRUPT;
    }

    png_set_read_fn(png, &reader, ys_png_read);
    png_set_chunk_malloc_max(png, YS_PNG_CHUNK_MALLOC_MAX);
    // A damaged critical chunk is fatal; a damaged ancillary chunk is reported through the warning
    // handler, which counts CRC failures.
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
    info->exif_length = ys_png_copy_exif(png, info_ptr, exif, exif_capacity);

    if (max_pixels != 0 && (uint64_t)width * height > max_pixels) {
        status = YS_IMAGE_TOO_LARGE;
    } else if (level == YS_CHECK_FULL) {
        int passes = png_set_interlace_handling(png);
        png_read_update_info(png, info_ptr);
        size_t row_bytes = png_get_rowbytes(png, info_ptr);
        row = malloc(row_bytes > 0 ? row_bytes : 1);
        if (row == NULL) {
            png_error(png, "out of memory for one image row");
        }
        // One row buffer, reused: memory stays flat however large the image is.
        for (int pass = 0; pass < passes; pass++) {
            for (png_uint_32 y = 0; y < height; y++) {
                png_read_row(png, row, NULL);
            }
        }
        png_read_end(png, NULL);
        if (info->warnings > 0) {
            status = YS_IMAGE_CORRUPT;
        }
    }
    free(row);
    row = NULL;
    png_destroy_read_struct(&png, &info_ptr, NULL);
    return status;
}
