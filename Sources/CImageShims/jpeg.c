// libjpeg side of the shim. See CImageShims.h for why this file uses setjmp.
#include "shim.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

// The scan budget: a progressive JPEG may legally hold many scans, each a pass over the blocks of its
// components, and a crafted one spends a few bytes per pass (one end-of-band run covers 32767 blocks).
// Real encoders make about ten passes; a check may make this many for free, then this many block visits
// per byte of the file, so its time stays bounded by the file's size.
#define YS_JPEG_FREE_PASSES 16
#define YS_JPEG_VISITS_PER_BYTE 256
// libjpeg-turbo's Huffman decoder takes a fast path while 512 bytes per block of an MCU are in the source
// buffer, and that path decodes an invalid code as 0 without a warning (jdhuff.h, HUFF_DECODE_FAST): damage
// would pass, or not, depending on where the file's bytes fall in the buffers. A full check hands libjpeg
// at most this many bytes at a time, which keeps it on the slow path, where every bad code is a warning and
// every verdict depends on the bytes alone.
#define YS_JPEG_SLICE 511u

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    ys_image_info *info;
    /// Set while the header segments before the first scan's data are read.
    int before_first_scan;
    /// How the check ends once a row with this verdict or worse applies.
    volatile ys_image_status status;
} ys_jpeg_error;

typedef struct {
    struct jpeg_source_mgr pub;
    const ys_input *input;
    /// Bytes read from the file (the head, or a piece in the scratch buffer) not yet handed to libjpeg.
    const uint8_t *window;
    size_t window_left;
    /// File offset just past the window.
    uint64_t position;
    /// The most bytes handed to libjpeg at once.
    size_t slice;
} ys_jpeg_source;

/// The file offset of the next byte libjpeg will read.
static uint64_t ys_source_offset(const ys_jpeg_source *source) {
    return source->position - source->window_left - source->pub.bytes_in_buffer;
}

typedef struct {
    struct jpeg_progress_mgr pub;
    int scan;
    uint64_t visits;
    uint64_t budget;
} ys_jpeg_progress;

typedef struct {
    uint8_t *exif;
    size_t exif_capacity;
    size_t exif_length;
} ys_jpeg_markers;

static ys_image_status ys_status_of(ys_verdict verdict) {
    switch (verdict) {
    case YS_VERDICT_UNSUPPORTED: return YS_IMAGE_UNSUPPORTED;
    case YS_VERDICT_BUDGET: return YS_IMAGE_OVER_BUDGET;
    default: return YS_IMAGE_DAMAGED;
    }
}

// Records a row; a row that decides the status ends the check at once (libjpeg would go on inventing
// data, and a check's time must stay bounded by what it can still learn).
static void ys_jpeg_apply(j_common_ptr cinfo, int rule, const char *message) {
    ys_jpeg_error *error = (ys_jpeg_error *)cinfo->err;
    ys_verdict verdict = ys_record(error->info, rule, message);
    if (verdict >= YS_VERDICT_DAMAGE) {
        error->status = ys_status_of(verdict);
        longjmp(error->jump, 1);
    }
}

static int ys_jpeg_rule_index(const ys_rule *rule) { return (int)(rule - ys_rules); }

// The frame types libjpeg refuses, named as a person would look them up.
static const char *ys_jpeg_frame_name(int marker) {
    switch (marker) {
    case 0xC3: return "lossless, Huffman-coded";
    case 0xC5: return "hierarchical (differential sequential), Huffman-coded";
    case 0xC6: return "hierarchical (differential progressive), Huffman-coded";
    case 0xC7: return "hierarchical lossless, Huffman-coded";
    case 0xC8: return "reserved for JPEG extensions";
    case 0xCB: return "lossless, arithmetic-coded";
    case 0xCD: return "hierarchical (differential sequential), arithmetic-coded";
    case 0xCE: return "hierarchical (differential progressive), arithmetic-coded";
    case 0xCF: return "hierarchical lossless, arithmetic-coded";
    default: return NULL;
    }
}

// A frame libjpeg refuses on sight of its marker: the marker's parameters (precision, height, width,
// components) are read from the file without consuming them, so the caller still learns the image's size.
static void ys_jpeg_read_refused_frame(j_decompress_ptr cinfo, int marker, ys_image_info *info) {
    ys_jpeg_source *source = (ys_jpeg_source *)cinfo->src;
    uint8_t parameters[8];
    uint64_t at = ys_source_offset(source);
    info->frame_marker = marker;
    if (ys_read_at(source->input, at, parameters, sizeof parameters) == 0) {
        info->bit_depth = parameters[2];
        info->height = (uint32_t)parameters[3] << 8 | parameters[4];
        info->width = (uint32_t)parameters[5] << 8 | parameters[6];
        info->components = parameters[7];
    }
}

static void ys_jpeg_classify_current(j_common_ptr cinfo, int is_warning) {
    ys_jpeg_error *error = (ys_jpeg_error *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    int parameter = error->pub.msg_parm.i[0];
    if (!is_warning && error->before_first_scan &&
        (error->pub.msg_code == JERR_SOF_UNSUPPORTED ||
         (error->pub.msg_code == JERR_UNKNOWN_MARKER && parameter == 0xF7))) {
        ys_jpeg_read_refused_frame((j_decompress_ptr)cinfo, parameter, error->info);
    }
    const ys_rule *rule = ys_jpeg_classify(error->pub.msg_code, is_warning, error->before_first_scan, parameter);
    const char *frame = error->pub.msg_code == JERR_SOF_UNSUPPORTED ? ys_jpeg_frame_name(parameter) : NULL;
    if (frame != NULL) {
        char named[JMSG_LENGTH_MAX + 64];
        snprintf(named, sizeof named, "%s (%s)", text, frame);
        ys_jpeg_apply(cinfo, ys_jpeg_rule_index(rule), named);
    } else {
        ys_jpeg_apply(cinfo, ys_jpeg_rule_index(rule), text);
    }
}

static void ys_jpeg_error_exit(j_common_ptr cinfo) {
    ys_jpeg_classify_current(cinfo, 0);
    // Every error row decides the status, so ys_jpeg_apply has jumped; this is for a table edit gone wrong.
    ys_jpeg_error *error = (ys_jpeg_error *)cinfo->err;
    error->status = YS_IMAGE_DAMAGED;
    longjmp(error->jump, 1);
}

// Warnings (msg_level -1) are classified; trace messages (0 and up) say nothing about the file.
static void ys_jpeg_emit_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level < 0) {
        cinfo->err->num_warnings++;
        ys_jpeg_classify_current(cinfo, 1);
    }
}

// libjpeg prints to stderr unless this is replaced; every message is recorded by the two above instead.
static void ys_jpeg_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void ys_jpeg_progress_monitor(j_common_ptr cinfo) {
    j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
    ys_jpeg_progress *progress = (ys_jpeg_progress *)cinfo->progress;
    if (dinfo->input_scan_number == progress->scan) {
        return;
    }
    progress->scan = dinfo->input_scan_number;
    for (int i = 0; i < dinfo->comps_in_scan; i++) {
        jpeg_component_info *component = dinfo->cur_comp_info[i];
        progress->visits += (uint64_t)component->width_in_blocks * component->height_in_blocks;
    }
    if (progress->visits > progress->budget) {
        char text[YS_MESSAGE_CAPACITY];
        snprintf(text, sizeof text,
                 "scan %d brings the block visits to %llu, over the budget of %llu for this file's size",
                 progress->scan, (unsigned long long)progress->visits, (unsigned long long)progress->budget);
        ys_jpeg_apply(cinfo, YS_RULE_JPEG_SCAN_BUDGET, text);
    }
}

static void ys_source_init(j_decompress_ptr cinfo) { (void)cinfo; }

static void ys_source_read_failed(j_decompress_ptr cinfo, uint64_t offset) {
    char text[YS_MESSAGE_CAPACITY];
    snprintf(text, sizeof text, "cannot read the file at byte %llu: %s", (unsigned long long)offset,
             ys_read_error_text(errno));
    ys_jpeg_apply((j_common_ptr)cinfo, YS_RULE_READ_ERROR, text);
}

// Never suspends: the rest of the file is read from the descriptor, a scratch buffer at a time, and handed
// to libjpeg a slice at a time. At the file's end libjpeg is told the data ended early, which the table
// calls damage.
static boolean ys_source_fill(j_decompress_ptr cinfo) {
    static const JOCTET fake_eoi[2] = {0xFF, JPEG_EOI};
    ys_jpeg_source *source = (ys_jpeg_source *)cinfo->src;
    const ys_input *input = source->input;
    if (source->window_left == 0 && source->position < input->file_size) {
        ssize_t got = -1;
        if (input->buffer != NULL) {
            got = ys_read_some(input, source->position, input->buffer, input->buffer_capacity);
        }
        if (got <= 0) {
            ys_source_read_failed(cinfo, source->position);
        }
        source->window = input->buffer;
        source->window_left = (size_t)got;
        source->position += (uint64_t)got;
    }
    if (source->window_left == 0) {
        WARNMS(cinfo, JWRN_JPEG_EOF);
        source->pub.next_input_byte = fake_eoi;
        source->pub.bytes_in_buffer = 2;
        return TRUE;
    }
    size_t count = source->window_left < source->slice ? source->window_left : source->slice;
    source->pub.next_input_byte = source->window;
    source->pub.bytes_in_buffer = count;
    source->window += count;
    source->window_left -= count;
    return TRUE;
}

static void ys_source_skip(j_decompress_ptr cinfo, long count) {
    ys_jpeg_source *source = (ys_jpeg_source *)cinfo->src;
    if (count <= 0) {
        return;
    }
    size_t skip = (size_t)count;
    if (skip <= source->pub.bytes_in_buffer) {
        source->pub.next_input_byte += skip;
        source->pub.bytes_in_buffer -= skip;
        return;
    }
    skip -= source->pub.bytes_in_buffer;
    source->pub.bytes_in_buffer = 0;
    if (skip <= source->window_left) {
        source->window += skip;
        source->window_left -= skip;
        return;
    }
    source->position += (uint64_t)(skip - source->window_left);
    source->window_left = 0;
    if (source->position > source->input->file_size) {
        WARNMS(cinfo, JWRN_JPEG_EOF);
    }
}

static void ys_source_term(j_decompress_ptr cinfo) { (void)cinfo; }

static unsigned ys_jpeg_next_byte(j_decompress_ptr cinfo) {
    struct jpeg_source_mgr *source = cinfo->src;
    if (source->bytes_in_buffer == 0) {
        (*source->fill_input_buffer)(cinfo);
    }
    source->bytes_in_buffer--;
    return *source->next_input_byte++;
}

// APP1: the first EXIF block is copied for its orientation; the rest is skipped unread, so a file of many
// large APP1 segments costs no memory (libjpeg's jpeg_save_markers would keep them all).
static boolean ys_jpeg_read_app1(j_decompress_ptr cinfo) {
    static const unsigned char prefix[6] = {'E', 'x', 'i', 'f', 0, 0};
    ys_jpeg_markers *markers = (ys_jpeg_markers *)cinfo->client_data;
    long length = (long)(ys_jpeg_next_byte(cinfo) << 8);
    length += (long)ys_jpeg_next_byte(cinfo);
    length -= 2;
    size_t matched = 0;
    while (length > 0 && matched < sizeof prefix) {
        length--;
        if (ys_jpeg_next_byte(cinfo) != prefix[matched]) break;
        matched++;
    }
    if (matched == sizeof prefix && markers->exif != NULL && markers->exif_length == 0) {
        struct jpeg_source_mgr *source = cinfo->src;
        while (length > 0 && markers->exif_length < markers->exif_capacity) {
            if (source->bytes_in_buffer == 0) {
                (*source->fill_input_buffer)(cinfo);
            }
            size_t take = source->bytes_in_buffer;
            if (take > (size_t)length) take = (size_t)length;
            if (take > markers->exif_capacity - markers->exif_length) {
                take = markers->exif_capacity - markers->exif_length;
            }
            memcpy(markers->exif + markers->exif_length, source->next_input_byte, take);
            markers->exif_length += take;
            source->next_input_byte += take;
            source->bytes_in_buffer -= take;
            length -= (long)take;
        }
    }
    if (length > 0) {
        (*cinfo->src->skip_input_data)(cinfo, length);
    }
    return TRUE;
}

// Bytes the coefficient buffer of a multi-scan JPEG takes: every block of every component at once.
static uint64_t ys_jpeg_coefficient_bytes(j_decompress_ptr cinfo) {
    uint64_t total = 0;
    for (int ci = 0; ci < cinfo->num_components; ci++) {
        jpeg_component_info *component = &cinfo->comp_info[ci];
        uint64_t columns = ((uint64_t)component->width_in_blocks + (uint64_t)component->h_samp_factor - 1) /
                           (uint64_t)component->h_samp_factor * (uint64_t)component->h_samp_factor;
        uint64_t rows = ((uint64_t)component->height_in_blocks + (uint64_t)component->v_samp_factor - 1) /
                        (uint64_t)component->v_samp_factor * (uint64_t)component->v_samp_factor;
        total += columns * rows * DCTSIZE2 * sizeof(JCOEF);
    }
    return total;
}

static uint64_t ys_jpeg_total_blocks(j_decompress_ptr cinfo) {
    uint64_t total = 0;
    for (int ci = 0; ci < cinfo->num_components; ci++) {
        total += (uint64_t)cinfo->comp_info[ci].width_in_blocks * cinfo->comp_info[ci].height_in_blocks;
    }
    return total;
}

// Entropy-decodes every block, which proves the compressed data intact; output at 1/8 scale makes the
// inverse DCT take only each block's DC value, and one small row buffer is all the output needs. A
// single-scan JPEG is decoded an MCU row at a time; a multi-scan one holds its coefficients.
static void ys_jpeg_decode_all(j_decompress_ptr cinfo, const ys_limits *limits, uint64_t file_size,
                               ys_jpeg_progress *progress, ys_image_info *info) {
    if (jpeg_has_multiple_scans(cinfo)) {
        uint64_t needed = ys_jpeg_coefficient_bytes(cinfo);
        if (limits->max_memory != 0 && needed > limits->max_memory) {
            char text[YS_MESSAGE_CAPACITY];
            info->memory_needed = needed;
            snprintf(text, sizeof text, "a %s JPEG of %ux%u holds %llu bytes of coefficients while it decodes",
                     cinfo->progressive_mode ? "progressive" : "multi-scan", cinfo->image_width,
                     cinfo->image_height, (unsigned long long)needed);
            ys_jpeg_apply((j_common_ptr)cinfo, YS_RULE_JPEG_MEMORY_BUDGET, text);
        }
    }
    if (limits->max_memory != 0) {
        cinfo->mem->max_memory_to_use = (long)(limits->max_memory < (uint64_t)LONG_MAX ? limits->max_memory
                                                                                     : (uint64_t)LONG_MAX);
    }
    progress->budget = ys_jpeg_total_blocks(cinfo) * YS_JPEG_FREE_PASSES + file_size * YS_JPEG_VISITS_PER_BYTE;
    cinfo->progress = &progress->pub;

    cinfo->scale_num = 1;
    cinfo->scale_denom = 8;
    cinfo->do_fancy_upsampling = FALSE;
    cinfo->do_block_smoothing = FALSE;
    cinfo->dct_method = JDCT_ISLOW;
    if (cinfo->jpeg_color_space == JCS_YCbCr || cinfo->jpeg_color_space == JCS_GRAYSCALE) {
        // Grey output skips the chroma's inverse DCT and upsampling; its blocks are still decoded.
        cinfo->out_color_space = JCS_GRAYSCALE;
    }
    jpeg_start_decompress(cinfo);
    JSAMPARRAY row = (*cinfo->mem->alloc_sarray)((j_common_ptr)cinfo, JPOOL_IMAGE,
                                                 cinfo->output_width * (JDIMENSION)cinfo->output_components, 1);
    while (cinfo->output_scanline < cinfo->output_height) {
        jpeg_read_scanlines(cinfo, row, 1);
    }
    jpeg_finish_decompress(cinfo);
}

static void ys_jpeg_describe(j_decompress_ptr cinfo, ys_image_info *info) {
    info->width = cinfo->image_width;
    info->height = cinfo->image_height;
    info->components = cinfo->num_components;
    info->bit_depth = cinfo->data_precision;
    info->color_model = (int32_t)cinfo->jpeg_color_space;
    info->progressive = cinfo->progressive_mode ? 1 : 0;
}

ys_image_status ys_jpeg_probe(const ys_input *input, ys_check_level level, const ys_limits *limits,
                              uint8_t *exif, size_t exif_capacity, ys_image_info *info) {
    struct jpeg_decompress_struct cinfo;
    ys_jpeg_error error;
    ys_jpeg_source source;
    ys_jpeg_progress progress;
    ys_jpeg_markers markers = {exif, exif_capacity, 0};

    memset(info, 0, sizeof *info);
    memset(&cinfo, 0, sizeof cinfo);
    memset(&progress, 0, sizeof progress);
    cinfo.err = jpeg_std_error(&error.pub);
    error.pub.error_exit = ys_jpeg_error_exit;
    error.pub.emit_message = ys_jpeg_emit_message;
    error.pub.output_message = ys_jpeg_output_message;
    error.info = info;
    error.before_first_scan = 1;
    error.status = YS_IMAGE_DAMAGED;

    if (setjmp(error.jump)) {
        info->exif_length = markers.exif_length;
        if (error.before_first_scan && info->frame_marker == 0 && cinfo.image_width > 0) {
            // The frame was read before the check stopped in the header: its size is known. (After the
            // header, the info describes the first frame; a stray frame marker later must not change it.)
            ys_jpeg_describe(&cinfo, info);
        }
        jpeg_destroy_decompress(&cinfo);
        return error.status;
    }

    jpeg_create_decompress(&cinfo);
    cinfo.client_data = &markers;
    progress.pub.progress_monitor = ys_jpeg_progress_monitor;

    source.pub.init_source = ys_source_init;
    source.pub.fill_input_buffer = ys_source_fill;
    source.pub.skip_input_data = ys_source_skip;
    source.pub.resync_to_restart = jpeg_resync_to_restart;
    source.pub.term_source = ys_source_term;
    source.pub.next_input_byte = input->head;
    source.pub.bytes_in_buffer = 0;
    source.input = input;
    source.window = input->head;
    source.window_left = input->head_length;
    source.position = input->head_length;
    source.slice = level == YS_CHECK_FULL ? YS_JPEG_SLICE : SIZE_MAX;
    cinfo.src = &source.pub;

    jpeg_set_marker_processor(&cinfo, JPEG_APP0 + 1, ys_jpeg_read_app1);

    jpeg_read_header(&cinfo, TRUE);
    error.before_first_scan = 0;
    ys_jpeg_describe(&cinfo, info);
    info->exif_length = markers.exif_length;

    ys_image_status status = YS_IMAGE_OK;
    if (limits->max_pixels != 0 && (uint64_t)cinfo.image_width * cinfo.image_height > limits->max_pixels) {
        status = YS_IMAGE_TOO_LARGE;
    } else if (level == YS_CHECK_FULL) {
        ys_jpeg_decode_all(&cinfo, limits, input->file_size, &progress, info);
    }
    jpeg_destroy_decompress(&cinfo);
    return status;
}
