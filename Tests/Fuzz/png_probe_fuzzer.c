// libFuzzer harness for ys_png_probe (Sources/CImageShims/png.c).
//
// Every input is probed at both check levels (YS_CHECK_HEADER, YS_CHECK_FULL) with yoloset's default
// limits, each time twice: the whole file in `head` (fd -1), and a short head with the rest read from a
// memfd through a small scratch buffer. Each result must satisfy the invariants in probe_common.h, and the two
// runs must agree. Build and run with scripts/fuzz; dictionary: png.dict.
//
// A random mutation of a PNG almost always breaks a CRC, and libpng then stops at the first critical
// chunk: the custom mutator and cross-over below repair every chunk's CRC after mutating, so mutations reach
// the chunk parsers, the text measuring and the row decoding. One mutation in 16 keeps its broken CRCs, so
// the CRC paths (a damaged critical chunk, a damaged ancillary one that Pillow refuses) stay covered.
#include "probe_common.h"

#include <zlib.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

static uint32_t ys_fuzz_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

// The offsets where chunks start (after the 8-byte signature), as far as whole chunks (length, type, data,
// CRC) fit in the data, then the offset just past the last whole chunk. Returns how many offsets it wrote.
static size_t ys_fuzz_chunk_offsets(const uint8_t *data, size_t size, size_t *offsets, size_t capacity) {
    size_t count = 0;
    if (size < 8 || capacity == 0) return 0;
    uint64_t at = 8;
    offsets[count++] = (size_t)at;
    while (at + 12 <= size && count < capacity) {
        uint64_t length = ys_fuzz_be32(data + at);
        if (length > size - at - 12) break;
        at += 12 + length;
        offsets[count++] = (size_t)at;
    }
    return count;
}

// Recomputes the CRC-32 (over type and data) of every chunk whose length fits in the data.
static void ys_fuzz_fix_crcs(uint8_t *data, size_t size) {
    if (size < 8) return;
    uint64_t at = 8;
    while (at + 12 <= size) {
        uint64_t length = ys_fuzz_be32(data + at);
        if (length > size - at - 12) break;
        uLong crc = crc32(0L, data + at + 4, (uInt)(4 + length));
        uint8_t *out = data + at + 8 + length;
        out[0] = (uint8_t)(crc >> 24);
        out[1] = (uint8_t)(crc >> 16);
        out[2] = (uint8_t)(crc >> 8);
        out[3] = (uint8_t)crc;
        at += 12 + length;
    }
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
    size = LLVMFuzzerMutate(data, size, max_size);
    if (seed % 16 != 0) ys_fuzz_fix_crcs(data, size);
    return size;
}

static uint32_t ys_fuzz_next(uint32_t *state) {
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

// Chunk-level cross-over: a run of whole chunks of the second input inserted between two chunks of the
// first (or, one time in four, in place of the first's chunks from there on), CRCs repaired.
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                                 uint8_t *out, size_t max_out_size, unsigned int seed) {
    enum { MAX_CHUNKS = 256 };
    size_t offsets1[MAX_CHUNKS];
    size_t offsets2[MAX_CHUNKS];
    size_t n1 = ys_fuzz_chunk_offsets(data1, size1, offsets1, MAX_CHUNKS);
    size_t n2 = ys_fuzz_chunk_offsets(data2, size2, offsets2, MAX_CHUNKS);
    uint32_t state = seed | 1u;
    if (n1 == 0 || n2 < 2) {
        // Not chunked: the first input's bytes, then the second's tail.
        size_t cut1 = size1 > 0 ? ys_fuzz_next(&state) % (size1 + 1) : 0;
        size_t cut2 = size2 > 0 ? ys_fuzz_next(&state) % (size2 + 1) : 0;
        size_t length = 0;
        size_t take = cut1 < max_out_size ? cut1 : max_out_size;
        memcpy(out, data1, take);
        length = take;
        take = size2 - cut2 < max_out_size - length ? size2 - cut2 : max_out_size - length;
        memcpy(out + length, data2 + cut2, take);
        return length + take;
    }
    size_t at1 = offsets1[ys_fuzz_next(&state) % n1];
    size_t first2 = ys_fuzz_next(&state) % (n2 - 1);
    size_t last2 = first2 + 1 + ys_fuzz_next(&state) % (n2 - 1 - first2);
    int replace = ys_fuzz_next(&state) % 4 == 0;
    const struct {
        const uint8_t *bytes;
        size_t length;
    } parts[3] = {
        {data1, at1},
        {data2 + offsets2[first2], offsets2[last2] - offsets2[first2]},
        {data1 + at1, replace ? 0 : size1 - at1},
    };
    size_t length = 0;
    for (int i = 0; i < 3 && length < max_out_size; i++) {
        size_t take = parts[i].length < max_out_size - length ? parts[i].length : max_out_size - length;
        memcpy(out + length, parts[i].bytes, take);
        length += take;
    }
    ys_fuzz_fix_crcs(out, length);
    return length;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    ys_fuzz_setup("png_probe_fuzzer");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return ys_fuzz_run_probe(ys_png_probe, data, size);
}
