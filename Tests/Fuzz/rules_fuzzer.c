// libFuzzer harness for the message table (Sources/CImageShims/rules.c): ys_rule_count, ys_rule_at,
// ys_jpeg_classify and ys_png_classify.
//
// At start-up it checks the whole table once: every row's id and meaning are valid, non-empty strings, each
// id fits a ys_note's rule buffer (YS_RULE_ID_CAPACITY, else the copy in a probe's info would be cut and
// name no row), ids are unique, verdicts are ys_verdict values; every libjpeg error code classifies to a row
// that decides the status (ys_jpeg_error_exit relies on it), and so does every libpng error.
//
// Each input then gives, from its bytes (zero-padded when short):
//   bytes 0-3   msg_code for ys_jpeg_classify (any int, not just libjpeg's codes)
//   bytes 4-7   is_warning (any int)
//   bytes 8-11  before_first_scan (any int)
//   bytes 12-15 parameter (any int)
//   bytes 16-23 an index for ys_rule_at (any size_t, in range or not)
//   byte  24    bit 0: chunk is NULL; else bytes 25-28 are the chunk name (any 4 bytes, NUL-terminated copy)
//   bytes 29-32 is_error for ys_png_classify (any int)
//   bytes 33-   the message for ys_png_classify, copied NUL-terminated into a buffer of exactly its size
// Every returned pointer must be a row of the table. Dictionary: rules.dict (libpng's message texts).
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include "CImageShims.h"
#include "fuzz_check.h"


static size_t ys_count;
static const ys_rule *ys_first;

// The index of a row ys_rule_at, ys_jpeg_classify or ys_png_classify returned; traps on any other pointer.
static size_t ys_fuzz_row(const char *from, const ys_rule *rule) {
    YS_FUZZ_CHECK(rule != NULL, "%s returned NULL", from);
    uintptr_t p = (uintptr_t)rule;
    uintptr_t first = (uintptr_t)ys_first;
    YS_FUZZ_CHECK(p >= first && p < first + ys_count * sizeof(ys_rule) && (p - first) % sizeof(ys_rule) == 0,
                  "%s returned %p, not a row of the table at %p (%zu rows)", from, (const void *)rule,
                  (const void *)ys_first, ys_count);
    return (size_t)(p - first) / sizeof(ys_rule);
}

static void ys_fuzz_check_row(size_t index, const ys_rule *rule) {
    YS_FUZZ_CHECK(rule->id != NULL && rule->meaning != NULL, "row %zu has a NULL string", index);
    size_t id_length = strlen(rule->id);
    YS_FUZZ_CHECK(id_length > 0, "row %zu has an empty id", index);
    YS_FUZZ_CHECK(id_length < YS_RULE_ID_CAPACITY, "row %zu id \"%s\" is %zu bytes, a note holds %d", index,
                  rule->id, id_length, YS_RULE_ID_CAPACITY - 1);
    YS_FUZZ_CHECK(strlen(rule->meaning) > 0, "row %zu (%s) has an empty meaning", index, rule->id);
    YS_FUZZ_CHECK(rule->verdict >= YS_VERDICT_IGNORE && rule->verdict <= YS_VERDICT_BUDGET,
                  "row %zu (%s) has verdict %d", index, rule->id, (int)rule->verdict);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    ys_fuzz_name = "rules_fuzzer";
    ys_count = ys_rule_count();
    YS_FUZZ_CHECK(ys_count > 0, "the table is empty");
    ys_first = ys_rule_at(0);
    for (size_t i = 0; i < ys_count; i++) {
        const ys_rule *rule = ys_rule_at(i);
        YS_FUZZ_CHECK(ys_fuzz_row("ys_rule_at", rule) == i, "ys_rule_at(%zu) is row %zu", i,
                      ys_fuzz_row("ys_rule_at", rule));
        ys_fuzz_check_row(i, rule);
        for (size_t j = 0; j < i; j++) {
            YS_FUZZ_CHECK(strcmp(ys_rule_at(j)->id, rule->id) != 0, "rows %zu and %zu share the id %s", j, i,
                          rule->id);
        }
    }
    // Every error libjpeg can raise decides the status (an error always ends the decode).
    for (int code = 0; code <= JMSG_LASTMSGCODE + 2; code++) {
        for (int before = 0; before <= 1; before++) {
            for (int parameter = -1; parameter <= 0x100; parameter++) {
                const ys_rule *rule = ys_jpeg_classify(code, 0, before, parameter);
                size_t row = ys_fuzz_row("ys_jpeg_classify", rule);
                YS_FUZZ_CHECK(rule->verdict >= YS_VERDICT_DAMAGE,
                              "libjpeg error %d (parameter %d, before_first_scan %d) classifies to %s (row %zu), "
                              "verdict %d, which does not decide the status",
                              code, parameter, before, rule->id, row, (int)rule->verdict);
                ys_fuzz_row("ys_jpeg_classify", ys_jpeg_classify(code, 1, before, parameter));
            }
        }
    }
    return 0;
}

static uint32_t ys_fuzz_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t fixed[33];
    memset(fixed, 0, sizeof fixed);
    memcpy(fixed, data, size < sizeof fixed ? size : sizeof fixed);

    // ys_jpeg_classify with arbitrary arguments.
    int msg_code = (int)ys_fuzz_u32(fixed);
    int is_warning = (int)ys_fuzz_u32(fixed + 4);
    int before_first_scan = (int)ys_fuzz_u32(fixed + 8);
    int parameter = (int)ys_fuzz_u32(fixed + 12);
    const ys_rule *jpeg = ys_jpeg_classify(msg_code, is_warning, before_first_scan, parameter);
    size_t row = ys_fuzz_row("ys_jpeg_classify", jpeg);
    ys_fuzz_check_row(row, jpeg);
    if (!is_warning) {
        YS_FUZZ_CHECK(jpeg->verdict >= YS_VERDICT_DAMAGE, "libjpeg error %d (parameter %d) classifies to %s",
                      msg_code, parameter, jpeg->id);
    }

    // ys_rule_at with any index: in range, its row; out of range, still some row.
    uint64_t index = (uint64_t)ys_fuzz_u32(fixed + 16) | (uint64_t)ys_fuzz_u32(fixed + 20) << 32;
    const ys_rule *at = ys_rule_at((size_t)index);
    row = ys_fuzz_row("ys_rule_at", at);
    ys_fuzz_check_row(row, at);
    if (index < ys_count) YS_FUZZ_CHECK(row == index, "ys_rule_at(%llu) is row %zu", (unsigned long long)index, row);

    // ys_png_classify: NULL or a 4-byte chunk name (as the probe passes it: 4 bytes and a NUL), any message.
    char *chunk = NULL;
    if ((fixed[24] & 1) == 0) {
        chunk = malloc(5);
        if (chunk == NULL) abort();
        memcpy(chunk, fixed + 25, 4);
        chunk[4] = '\0';
    }
    int is_error = (int)ys_fuzz_u32(fixed + 29);
    size_t message_length = size > sizeof fixed ? size - sizeof fixed : 0;
    char *message = malloc(message_length + 1);
    if (message == NULL) abort();
    if (message_length > 0) memcpy(message, data + sizeof fixed, message_length);
    message[message_length] = '\0';
    const ys_rule *png = ys_png_classify(chunk, message, is_error);
    row = ys_fuzz_row("ys_png_classify", png);
    ys_fuzz_check_row(row, png);
    if (is_error) {
        YS_FUZZ_CHECK(png->verdict >= YS_VERDICT_DAMAGE, "libpng error \"%s\" in %s classifies to %s", message,
                      chunk != NULL ? chunk : "(no chunk)", png->id);
    }
    free(message);
    free(chunk);
    return 0;
}
