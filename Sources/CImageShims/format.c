// printf's fixed-point text for Swift, which cannot call a variadic C function (and whose
// String(format:) costs ten times as much).
#define _GNU_SOURCE
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "CImageShims.h"

static locale_t ys_c_locale;
static pthread_once_t ys_c_locale_once = PTHREAD_ONCE_INIT;

static void ys_make_c_locale(void) { ys_c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

int ys_format_fixed6(double value, char *buffer, size_t capacity) {
    double magnitude = fabs(value);
    if (magnitude < 1048576.0 && capacity >= 24) {
        // Below 2^20 the product is within 2^-14 of |value| × 10^6, so when it is more than 2^-12 from
        // a half, its nearest integer is the exact product's, which printf prints: the digits come
        // from an integer, without printf's multi-precision arithmetic. Near a half (0.0078125, exact
        // ties included) printf decides.
        double scaled = magnitude * 1e6;
        double nearest = nearbyint(scaled);
        if (fabs(scaled - nearest) < 0.5 - 1.0 / 4096) {
            uint64_t micros = (uint64_t)nearest;
            char reversed[24];
            int count = 0;
            for (int place = 0; place < 6; place++) {
                reversed[count++] = (char)('0' + micros % 10);
                micros /= 10;
            }
            reversed[count++] = '.';
            do {
                reversed[count++] = (char)('0' + micros % 10);
                micros /= 10;
            } while (micros > 0);
            // printf signs every negative value, -0.0 and those that print as zero included.
            if (signbit(value)) reversed[count++] = '-';
            for (int index = 0; index < count; index++) buffer[index] = reversed[count - 1 - index];
            buffer[count] = '\0';
            return count;
        }
    }
    // The "C" locale whatever the process's: the decimal point is always '.'.
    pthread_once(&ys_c_locale_once, ys_make_c_locale);
    locale_t previous = ys_c_locale ? uselocale(ys_c_locale) : (locale_t)0;
    int length = snprintf(buffer, capacity, "%.6f", value);
    if (previous) uselocale(previous);
    return length;
}
