// What the two probe fuzzers share: the limits yoloset uses, the two ways a probe gets a file (all of it in
// memory, or a short head in memory and the rest from a file descriptor), and the invariants every probe's
// result must satisfy. A violated invariant prints what it saw to stderr and traps, so libFuzzer saves the
// input as a crash.
//
// Included by exactly one translation unit per fuzzer (jpeg_probe_fuzzer.c, png_probe_fuzzer.c).
#ifndef YS_FUZZ_PROBE_COMMON_H
#define YS_FUZZ_PROBE_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "CImageShims.h"
#include "fuzz_check.h"

typedef ys_image_status (*ys_probe_fn)(const ys_input *, ys_check_level, const ys_limits *, uint8_t *, size_t,
                                       ys_image_info *);

// yoloset's defaults (ValidationConfig / PillowLimits): images.max_pixels (Pillow's MAX_IMAGE_PIXELS),
// a 256 MiB memory budget, Pillow's MAX_TEXT_CHUNK and MAX_TEXT_MEMORY.
static const ys_limits ys_fuzz_limits = {
    .max_pixels = 178956970u,
    .max_memory = 268435456u,
    .text_chunk_limit = 1048576u,
    .text_memory_limit = 67108864u,
};

#define YS_FUZZ_EXIF_CAPACITY (64u * 1024u)
// The split run reads the rest of the file through this much scratch, so a probe refills it often.
#define YS_FUZZ_SCRATCH_CAPACITY 1000u
// ... and, for one input length in four, through a tiny one, so refills land inside every structure.
#define YS_FUZZ_TINY_SCRATCH_CAPACITY 13u
#define YS_FUZZ_MAX_HEAD 512u

static int ys_fuzz_memfd = -1;
static ys_png_scratch ys_fuzz_png_scratch;
static uint8_t *ys_fuzz_exif[2];

static void ys_fuzz_setup(const char *name) {
    ys_fuzz_name = name;
    ys_fuzz_memfd = memfd_create(name, MFD_CLOEXEC);
    if (ys_fuzz_memfd < 0) {
        perror("memfd_create");
        abort();
    }
    // Exactly the capacity the probe is told, so ASan sees a byte written or read past it.
    ys_fuzz_exif[0] = malloc(YS_FUZZ_EXIF_CAPACITY);
    ys_fuzz_exif[1] = malloc(YS_FUZZ_EXIF_CAPACITY);
    if (ys_fuzz_exif[0] == NULL || ys_fuzz_exif[1] == NULL) abort();
}

static const char *ys_fuzz_status_name(ys_image_status status) {
    switch (status) {
    case YS_IMAGE_OK: return "ok";
    case YS_IMAGE_DAMAGED: return "damaged";
    case YS_IMAGE_UNSUPPORTED: return "unsupported";
    case YS_IMAGE_TOO_LARGE: return "too-large";
    case YS_IMAGE_OVER_BUDGET: return "over-budget";
    }
    return "?";
}

// The table row a note names, or NULL (and a trap) when it names none.
static const ys_rule *ys_fuzz_rule_named(const char *what, const char *id) {
    size_t count = ys_rule_count();
    for (size_t i = 0; i < count; i++) {
        const ys_rule *rule = ys_rule_at(i);
        if (strcmp(rule->id, id) == 0) return rule;
    }
    ys_fuzz_fail("%s names rule \"%s\", which is not in the table", what, id);
}

// A note's strings end inside their buffers; a note is empty or names a row of the expected kind.
static const ys_rule *ys_fuzz_check_note(const char *what, const ys_note *note) {
    YS_FUZZ_CHECK(memchr(note->rule, '\0', sizeof note->rule) != NULL, "%s.rule is not NUL-terminated", what);
    YS_FUZZ_CHECK(memchr(note->message, '\0', sizeof note->message) != NULL, "%s.message is not NUL-terminated",
                  what);
    if (note->rule[0] == '\0') {
        YS_FUZZ_CHECK(note->message[0] == '\0', "%s has a message (\"%s\") but no rule", what, note->message);
        return NULL;
    }
    YS_FUZZ_CHECK(note->message[0] != '\0', "%s names rule %s but has no message", what, note->rule);
    return ys_fuzz_rule_named(what, note->rule);
}

static void ys_fuzz_check(const char *path, ys_check_level level, ys_image_status status,
                          const ys_image_info *info, size_t exif_capacity) {
    const char *mode = level == YS_CHECK_FULL ? "full" : "header";
    YS_FUZZ_CHECK(status >= YS_IMAGE_OK && status <= YS_IMAGE_OVER_BUDGET, "[%s/%s] status %d is no ys_image_status",
                  path, mode, (int)status);
    const ys_rule *decision = ys_fuzz_check_note("decision", &info->decision);
    const ys_rule *oddity = ys_fuzz_check_note("oddity", &info->oddity);
    const ys_rule *refusal = ys_fuzz_check_note("refusal", &info->refusal);
    YS_FUZZ_CHECK(info->exif_length <= exif_capacity, "[%s/%s] exif_length %zu > capacity %zu", path, mode,
                  info->exif_length, exif_capacity);

    // The kinds of rows: an oddity note holds an oddity, a refusal a refusal, a decision a deciding row.
    YS_FUZZ_CHECK(oddity == NULL || oddity->verdict == YS_VERDICT_ODDITY, "[%s/%s] oddity note holds %s (verdict %d)",
                  path, mode, oddity->id, (int)oddity->verdict);
    YS_FUZZ_CHECK((oddity != NULL) == (info->oddities > 0), "[%s/%s] %u oddities but oddity note \"%s\"", path, mode,
                  info->oddities, info->oddity.rule);
    YS_FUZZ_CHECK(refusal == NULL || refusal->verdict == YS_VERDICT_REFUSED,
                  "[%s/%s] refusal note holds %s (verdict %d)", path, mode, refusal->id, (int)refusal->verdict);

    // The row that decided the status is reported, and it is the status's kind of row.
    switch (status) {
    case YS_IMAGE_OK:
    case YS_IMAGE_TOO_LARGE:
        YS_FUZZ_CHECK(decision == NULL, "[%s/%s] status %s with a decision (%s: %s)", path, mode,
                      ys_fuzz_status_name(status), info->decision.rule, info->decision.message);
        break;
    case YS_IMAGE_DAMAGED:
        YS_FUZZ_CHECK(decision != NULL && decision->verdict == YS_VERDICT_DAMAGE,
                      "[%s/%s] status damaged, decided by \"%s\"", path, mode, info->decision.rule);
        break;
    case YS_IMAGE_UNSUPPORTED:
        YS_FUZZ_CHECK(decision != NULL && decision->verdict == YS_VERDICT_UNSUPPORTED,
                      "[%s/%s] status unsupported, decided by \"%s\"", path, mode, info->decision.rule);
        break;
    case YS_IMAGE_OVER_BUDGET:
        YS_FUZZ_CHECK(decision != NULL && decision->verdict == YS_VERDICT_BUDGET,
                      "[%s/%s] status over-budget, decided by \"%s\"", path, mode, info->decision.rule);
        break;
    }
    YS_FUZZ_CHECK(info->memory_needed == 0 || status == YS_IMAGE_OVER_BUDGET,
                  "[%s/%s] memory_needed %llu with status %s", path, mode, (unsigned long long)info->memory_needed,
                  ys_fuzz_status_name(status));

    // A file called intact, or too large, has a size; one called too large is over the pixel limit.
    if (status == YS_IMAGE_OK || status == YS_IMAGE_TOO_LARGE) {
        YS_FUZZ_CHECK(info->width > 0 && info->height > 0, "[%s/%s] status %s but size %ux%u", path, mode,
                      ys_fuzz_status_name(status), info->width, info->height);
        YS_FUZZ_CHECK(info->components > 0 && info->bit_depth > 0, "[%s/%s] status %s but %d components, %d bits",
                      path, mode, ys_fuzz_status_name(status), info->components, info->bit_depth);
    }
    if (status == YS_IMAGE_TOO_LARGE) {
        YS_FUZZ_CHECK((uint64_t)info->width * info->height > ys_fuzz_limits.max_pixels,
                      "[%s/%s] too large at %ux%u", path, mode, info->width, info->height);
    }
    if (status == YS_IMAGE_OK) {
        YS_FUZZ_CHECK((uint64_t)info->width * info->height <= ys_fuzz_limits.max_pixels,
                      "[%s/%s] ok at %ux%u, over max_pixels", path, mode, info->width, info->height);
    }
}

typedef struct {
    ys_image_status status;
    ys_image_info info;
} ys_fuzz_result;

// Where two runs of one check on one file differ, or NULL.
static const char *ys_fuzz_difference(const ys_fuzz_result *a, const ys_fuzz_result *b, const uint8_t *exif_a,
                                      const uint8_t *exif_b) {
    if (a->status != b->status) return "status";
    if (a->info.width != b->info.width || a->info.height != b->info.height) return "width/height";
    if (a->info.components != b->info.components) return "components";
    if (a->info.bit_depth != b->info.bit_depth) return "bit_depth";
    if (a->info.color_model != b->info.color_model) return "color_model";
    if (a->info.progressive != b->info.progressive) return "progressive";
    if (a->info.frame_marker != b->info.frame_marker) return "frame_marker";
    if (strcmp(a->info.decision.rule, b->info.decision.rule) != 0) return "decision.rule";
    if (strcmp(a->info.decision.message, b->info.decision.message) != 0) return "decision.message";
    if (strcmp(a->info.oddity.rule, b->info.oddity.rule) != 0) return "oddity.rule";
    if (strcmp(a->info.oddity.message, b->info.oddity.message) != 0) return "oddity.message";
    if (a->info.oddities != b->info.oddities) return "oddities";
    if (strcmp(a->info.refusal.rule, b->info.refusal.rule) != 0) return "refusal.rule";
    if (strcmp(a->info.refusal.message, b->info.refusal.message) != 0) return "refusal.message";
    if (a->info.memory_needed != b->info.memory_needed) return "memory_needed";
    if (a->info.exif_length != b->info.exif_length) return "exif_length";
    if (memcmp(exif_a, exif_b, a->info.exif_length) != 0) return "exif bytes";
    return NULL;
}

static void ys_fuzz_print(const char *label, const ys_fuzz_result *r) {
    fprintf(stderr,
            "  %s: status %s, %ux%u, %d components, %d bits, colour %d, progressive %d, frame 0x%X, exif %zu, "
            "memory %llu\n    decision %s: %s\n    oddity (%u) %s: %s\n    refusal %s: %s\n",
            label, ys_fuzz_status_name(r->status), r->info.width, r->info.height, r->info.components,
            r->info.bit_depth, r->info.color_model, r->info.progressive, (unsigned)r->info.frame_marker,
            r->info.exif_length, (unsigned long long)r->info.memory_needed, r->info.decision.rule,
            r->info.decision.message, r->info.oddities, r->info.oddity.rule, r->info.oddity.message,
            r->info.refusal.rule, r->info.refusal.message);
}

// The whole-file run and the split run are compared: where the bytes come from must not change what a probe
// concludes. (It once did for JPEG: libjpeg-turbo's fast Huffman path, taken only while 512 bytes per block
// of an MCU are buffered, decodes a bad code as 0 without a warning; the shim now hands libjpeg at most 511
// bytes at a time in a full check.)
// Where a probe finds the file: `head_length` bytes in memory (a copy of exactly that many, so ASan sees a
// read past it), the rest with pread from the memfd through `scratch_capacity` bytes of scratch; a
// head_length equal to the size means the whole file in memory, no descriptor, no scratch.
typedef struct {
    const char *name;
    size_t head_length;
    size_t scratch_capacity;
    uint8_t *head;
} ys_fuzz_layout;

// 1 to min(size - 1, most) bytes (so some of the file is always read with pread), spread over that range by
// the input's length and a salt (so a mutation that changes the length also moves the head's end).
static size_t ys_fuzz_pick(size_t size, size_t most, uint32_t salt) {
    if (size <= 1) return size;
    if (most > size - 1) most = size - 1;
    return 1 + (size_t)((((uint64_t)size + salt) * 2654435761u) >> 7) % most;
}

static ys_fuzz_result ys_fuzz_probe_with(ys_probe_fn probe, const uint8_t *data, size_t size,
                                         ys_check_level level, const ys_fuzz_layout *layout, uint8_t *exif) {
    static const uint8_t empty[1];
    int whole = layout->head_length == size;
    // Exactly the capacity the probe is told, so ASan sees a byte written or read past it.
    uint8_t *scratch = whole ? NULL : malloc(layout->scratch_capacity);
    if (!whole && scratch == NULL) abort();
    ys_input input = {
        .head = size == 0 ? empty : whole ? data : layout->head,
        .head_length = layout->head_length,
        .file_size = size,
        .fd = whole ? -1 : ys_fuzz_memfd,
        .buffer = scratch,
        .buffer_capacity = whole ? 0 : layout->scratch_capacity,
        // The whole run's PNG full check inflates the image data at once; the split run's reads it row by
        // row with libpng. Compared, they prove the fast path concludes what libpng does. One scratch, reused,
        // as a worker reuses its own.
        .png_scratch = whole ? &ys_fuzz_png_scratch : NULL,
    };
    ys_fuzz_result result;
    memset(&result, 0xA5, sizeof result); // the probe must fill (zero) all of it
    result.status = probe(&input, level, &ys_fuzz_limits, exif, YS_FUZZ_EXIF_CAPACITY, &result.info);
    free(scratch);
    ys_fuzz_check(layout->name, level, result.status, &result.info, YS_FUZZ_EXIF_CAPACITY);
    return result;
}

// Checks one level: every run's invariants, and that the two compared runs agree.
static void ys_fuzz_probe_level(ys_probe_fn probe, const uint8_t *data, size_t size, ys_check_level level,
                                const ys_fuzz_layout *layouts, int count) {
    const char *mode = level == YS_CHECK_FULL ? "full" : "header";
    ys_fuzz_result results[2];
    for (int i = 0; i < count; i++) {
        results[i] = ys_fuzz_probe_with(probe, data, size, level, &layouts[i], ys_fuzz_exif[i % 2]);
    }
    if (count < 2) return;
    // The last two runs are the compared ones; their EXIF went to different buffers (i % 2).
    const ys_fuzz_result *a = &results[count - 2];
    const ys_fuzz_result *b = &results[count - 1];
    const char *difference = ys_fuzz_difference(a, b, ys_fuzz_exif[(count - 2) % 2], ys_fuzz_exif[(count - 1) % 2]);
    if (difference != NULL) {
        const ys_fuzz_layout *la = &layouts[count - 2];
        const ys_fuzz_layout *lb = &layouts[count - 1];
        fprintf(stderr, "==%s== %s check of %zu bytes: the %s run (head %zu, scratch %zu) and the %s run (head %zu, "
                        "scratch %zu) differ in %s\n",
                ys_fuzz_name, mode, size, la->name, la->head_length, la->scratch_capacity, lb->name,
                lb->head_length, lb->scratch_capacity, difference);
        ys_fuzz_print(la->name, a);
        ys_fuzz_print(lb->name, b);
        ys_fuzz_fail("[%s] results differ in %s", mode, difference);
    }
}

// The fuzz target body of both probe fuzzers: every input checked at both levels, in every layout.
static int ys_fuzz_run_probe(ys_probe_fn probe, const uint8_t *data, size_t size) {
    ys_fuzz_layout layouts[2];
    int count = 0;
    layouts[count++] = (ys_fuzz_layout){"whole", size, 0, NULL};
    if (size > 0) {
        size_t scratch = size % 4 == 3 ? YS_FUZZ_TINY_SCRATCH_CAPACITY : YS_FUZZ_SCRATCH_CAPACITY;
        layouts[count++] = (ys_fuzz_layout){"split", ys_fuzz_pick(size, YS_FUZZ_MAX_HEAD, 0), scratch, NULL};
        if (ftruncate(ys_fuzz_memfd, (off_t)size) != 0) {
            perror("ftruncate");
            abort();
        }
        for (size_t done = 0; done < size;) {
            ssize_t wrote = pwrite(ys_fuzz_memfd, data + done, size - done, (off_t)done);
            if (wrote < 0 && errno == EINTR) continue;
            if (wrote <= 0) {
                perror("pwrite");
                abort();
            }
            done += (size_t)wrote;
        }
        for (int i = 1; i < count; i++) {
            layouts[i].head = malloc(layouts[i].head_length);
            if (layouts[i].head == NULL) abort();
            memcpy(layouts[i].head, data, layouts[i].head_length);
        }
    }
    ys_fuzz_probe_level(probe, data, size, YS_CHECK_HEADER, layouts, count);
    ys_fuzz_probe_level(probe, data, size, YS_CHECK_FULL, layouts, count);
    for (int i = 1; i < count; i++) free(layouts[i].head);
    return 0;
}

#endif
