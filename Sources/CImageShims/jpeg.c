// libjpeg side of the shim. See CImageShims.h for why this file uses setjmp.
#include "CImageShims.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

// A progressive JPEG may legally hold thousands of scans, each a full pass over the coefficients; a
// crafted file uses that to burn CPU. Real encoders emit about ten.
#define YS_JPEG_MAX_SCANS 1000

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    ys_image_info *info;
} ys_jpeg_error;

typedef struct {
    struct jpeg_source_mgr pub;
    int is_complete;
    int ran_out;
} ys_jpeg_source;

typedef struct {
    struct jpeg_progress_mgr pub;
    ys_jpeg_error *error;
} ys_jpeg_progress;

static void ys_jpeg_copy_message(j_common_ptr cinfo, ys_image_info *info) {
    char buffer[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buffer);
    snprintf(info->message, YS_MESSAGE_CAPACITY, "%s", buffer);
}

static void ys_jpeg_error_exit(j_common_ptr cinfo) {
    ys_jpeg_error *error = (ys_jpeg_error *)cinfo->err;
    ys_jpeg_copy_message(cinfo, error->info);
    longjmp(error->jump, 1);
}

// libjpeg prints warnings to stderr by default; keep the first one as the reason instead.
static void ys_jpeg_output_message(j_common_ptr cinfo) {
    ys_jpeg_error *error = (ys_jpeg_error *)cinfo->err;
    if (error->info->message[0] == '\0') {
        ys_jpeg_copy_message(cinfo, error->info);
    }
}

static void ys_jpeg_progress_monitor(j_common_ptr cinfo) {
    if (cinfo->is_decompressor) {
        j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
        if (dinfo->input_scan_number > YS_JPEG_MAX_SCANS) {
            ys_jpeg_error *error = ((ys_jpeg_progress *)cinfo->progress)->error;
            snprintf(error->info->message, YS_MESSAGE_CAPACITY,
                     "progressive JPEG has more than %d scans", YS_JPEG_MAX_SCANS);
            longjmp(error->jump, 1);
        }
    }
}

static void ys_source_init(j_decompress_ptr cinfo) { (void)cinfo; }

// A prefix of the file: suspend, so jpeg_read_header returns JPEG_SUSPENDED and the caller retries
// with more bytes. The whole file: the data ended early, which libjpeg reports as a warning.
static boolean ys_source_fill(j_decompress_ptr cinfo) {
    static const JOCTET fake_eoi[2] = {0xFF, JPEG_EOI};
    ys_jpeg_source *source = (ys_jpeg_source *)cinfo->src;
    source->ran_out = 1;
    if (!source->is_complete) {
        return FALSE;
    }
    WARNMS(cinfo, JWRN_JPEG_EOF);
    source->pub.next_input_byte = fake_eoi;
    source->pub.bytes_in_buffer = 2;
    return TRUE;
}

static void ys_source_skip(j_decompress_ptr cinfo, long count) {
    ys_jpeg_source *source = (ys_jpeg_source *)cinfo->src;
    if (count <= 0) {
        return;
    }
    if ((size_t)count > source->pub.bytes_in_buffer) {
        // Skipping past what we hold: drop the rest; the next fill suspends or warns.
        source->pub.next_input_byte += source->pub.bytes_in_buffer;
        source->pub.bytes_in_buffer = 0;
        source->ran_out = 1;
        if (source->is_complete) {
            WARNMS(cinfo, JWRN_JPEG_EOF);
        }
        return;
    }
    source->pub.next_input_byte += count;
    source->pub.bytes_in_buffer -= (size_t)count;
}

static void ys_source_term(j_decompress_ptr cinfo) { (void)cinfo; }

static size_t ys_jpeg_copy_exif(j_decompress_ptr cinfo, uint8_t *exif, size_t capacity) {
    static const char prefix[6] = {'E', 'x', 'i', 'f', 0, 0};
    if (exif == NULL || capacity == 0) {
        return 0;
    }
    for (jpeg_saved_marker_ptr marker = cinfo->marker_list; marker != NULL; marker = marker->next) {
        if (marker->marker == JPEG_APP0 + 1 && marker->data_length > sizeof prefix &&
            memcmp(marker->data, prefix, sizeof prefix) == 0) {
            size_t length = marker->data_length - sizeof prefix;
            if (length > capacity) {
                length = capacity;
            }
            memcpy(exif, marker->data + sizeof prefix, length);
            return length;
        }
    }
    return 0;
}

ys_image_status ys_jpeg_probe(const uint8_t *data, size_t length, int is_complete,
                              ys_check_level level, uint64_t max_pixels, uint8_t *exif,
                              size_t exif_capacity, ys_image_info *info) {
    struct jpeg_decompress_struct cinfo;
    ys_jpeg_error error;
    ys_jpeg_source source;
    ys_jpeg_progress progress;
    volatile ys_image_status status = YS_IMAGE_OK;

    memset(info, 0, sizeof *info);
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&error.pub);
    error.pub.error_exit = ys_jpeg_error_exit;
    error.pub.output_message = ys_jpeg_output_message;
    error.info = info;

    if (setjmp(error.jump)) {
        info->warnings = (uint32_t)error.pub.num_warnings;
        jpeg_destroy_decompress(&cinfo);
        return YS_IMAGE_CORRUPT;
    }

    jpeg_create_decompress(&cinfo);
    progress.pub.progress_monitor = ys_jpeg_progress_monitor;
    progress.error = &error;
    cinfo.progress = &progress.pub;

    source.pub.init_source = ys_source_init;
    source.pub.fill_input_buffer = ys_source_fill;
    source.pub.skip_input_data = ys_source_skip;
    source.pub.resync_to_restart = jpeg_resync_to_restart;
    source.pub.term_source = ys_source_term;
    source.pub.next_input_byte = data;
    source.pub.bytes_in_buffer = length;
    source.is_complete = is_complete;
    source.ran_out = 0;
    cinfo.src = &source.pub;

    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);

    int header = jpeg_read_header(&cinfo, TRUE);
    if (header == JPEG_SUSPENDED || (!is_complete && source.ran_out)) {
        jpeg_destroy_decompress(&cinfo);
        return YS_IMAGE_NEED_MORE_DATA;
    }
    info->width = cinfo.image_width;
    info->height = cinfo.image_height;
    info->components = cinfo.num_components;
    info->bit_depth = cinfo.data_precision;
    info->color_model = (int32_t)cinfo.jpeg_color_space;
    info->progressive = cinfo.progressive_mode ? 1 : 0;
    info->exif_length = ys_jpeg_copy_exif(&cinfo, exif, exif_capacity);

    if (max_pixels != 0 && (uint64_t)cinfo.image_width * cinfo.image_height > max_pixels) {
        status = YS_IMAGE_TOO_LARGE;
    } else if (level == YS_CHECK_FULL) {
        // Entropy-decoding every coefficient proves the compressed data intact without paying for
        // the inverse DCT, upsampling and colour conversion.
        jpeg_read_coefficients(&cinfo);
        jpeg_finish_decompress(&cinfo);
        // libjpeg "recovers" truncated or damaged data with a warning; for us that is corruption.
        if (error.pub.num_warnings > 0) {
            status = YS_IMAGE_CORRUPT;
        }
    } else if (error.pub.num_warnings > 0) {
        status = YS_IMAGE_CORRUPT;
    }
    info->warnings = (uint32_t)error.pub.num_warnings;
    jpeg_destroy_decompress(&cinfo);
    return status;
}
