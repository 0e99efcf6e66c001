// The invariant check every harness uses: a violated invariant prints what it saw to stderr and traps, so
// libFuzzer saves the input as a crash. Each harness names itself in ys_fuzz_name before it checks.
#ifndef YS_FUZZ_CHECK_H
#define YS_FUZZ_CHECK_H

#include <stdarg.h>
#include <stdio.h>

static const char *ys_fuzz_name = "fuzzer";

__attribute__((noreturn, format(printf, 1, 2))) static void ys_fuzz_fail(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    fprintf(stderr, "==%s== INVARIANT VIOLATED: ", ys_fuzz_name);
    vfprintf(stderr, format, arguments);
    fputc('\n', stderr);
    va_end(arguments);
    __builtin_trap();
}

#define YS_FUZZ_CHECK(condition, ...)                                                                            \
    do {                                                                                                         \
        if (!(condition)) ys_fuzz_fail(__VA_ARGS__);                                                             \
    } while (0)

#endif
