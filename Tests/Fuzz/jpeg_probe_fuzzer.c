// libFuzzer harness for ys_jpeg_probe (Sources/CImageShims/jpeg.c).
//
// Every input is probed at both check levels (YS_CHECK_HEADER, YS_CHECK_FULL) with yoloset's default
// limits, each time twice: the whole file in `head` (fd -1), and a short head with the rest read from a
// memfd through a small scratch buffer. Each result must satisfy the invariants in probe_common.h, and the two
// runs must agree. Build and run with scripts/fuzz; dictionary: jpeg.dict.
#include "probe_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    ys_fuzz_setup("jpeg_probe_fuzzer");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return ys_fuzz_run_probe(ys_jpeg_probe, data, size);
}
