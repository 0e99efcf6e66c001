// The floor of a header check, for scripts/bench: reads each file whole and parses its header with libjpeg
// (jpeg_read_header) or libpng (png_read_info), one process per core, and does nothing else -- no dump,
// no rules, no report. yoloset's `--check header` is timed against it on the same files.
//
//   cc -O2 -o bench_floor scripts/bench_floor.c -ljpeg -lpng
//   bench_floor ROOT LIST PROCESSES [HEAD TAIL]
//
// LIST holds one path per line, relative to ROOT (the corpus's images.txt). Process k of PROCESSES takes
// lines k, k + PROCESSES, ...; each reuses one buffer for every file. With HEAD and TAIL, a file larger
// than HEAD + TAIL bytes is not read whole: only its first HEAD and last TAIL bytes, as yoloset's header
// check reads it (the header is parsed from the head, which must hold it). Prints one JSON line: images,
// seconds (wall, from before the first fork to the last exit), bytes read and a checksum of the pixel
// counts (so no compiler can drop the work). A file that cannot be read or parsed ends the run with its
// name (the corpus has none: error handlers exit instead of unwinding, which keeps setjmp out of this
// reader too).
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>

static const char *current;

static void fail(const char *what) {
    fprintf(stderr, "bench_floor: %s: %s\n", current ? current : "?", what);
    _exit(1);
}

static void jpeg_fail(j_common_ptr cinfo) {
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    fail(text);
}

static void jpeg_quiet(j_common_ptr cinfo, int level) { (void)cinfo, (void)level; }

static void png_fail(png_structp png, png_const_charp message) { (void)png, fail(message); }

static void png_quiet(png_structp png, png_const_charp message) { (void)png, (void)message; }

struct memory {
    const uint8_t *bytes;
    size_t size, at;
};

static void png_from_memory(png_structp png, png_bytep out, size_t count) {
    struct memory *memory = png_get_io_ptr(png);
    if (count > memory->size - memory->at) fail("libpng read past the end");
    memcpy(out, memory->bytes + memory->at, count);
    memory->at += count;
}

static uint64_t header(const uint8_t *bytes, size_t size) {
    if (size >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8) {
        struct jpeg_decompress_struct cinfo;
        struct jpeg_error_mgr error;
        cinfo.err = jpeg_std_error(&error);
        error.error_exit = jpeg_fail;
        error.emit_message = jpeg_quiet;
        jpeg_create_decompress(&cinfo);
        jpeg_mem_src(&cinfo, bytes, (unsigned long)size);
        jpeg_read_header(&cinfo, TRUE);
        uint64_t pixels = (uint64_t)cinfo.image_width * cinfo.image_height;
        jpeg_destroy_decompress(&cinfo);
        return pixels;
    }
    if (size >= 8 && png_sig_cmp(bytes, 0, 8) == 0) {
        png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
        png_infop info = png ? png_create_info_struct(png) : NULL;
        if (!info) fail("out of memory");
        struct memory memory = {bytes, size, 0};
        png_set_read_fn(png, &memory, png_from_memory);
        png_read_info(png, info);
        uint64_t pixels = (uint64_t)png_get_image_width(png, info) * png_get_image_height(png, info);
        png_destroy_read_struct(&png, &info, NULL);
        return pixels;
    }
    fail("neither a JPEG nor a PNG");
    return 0;
}

static size_t read_at(int fd, uint8_t *out, size_t count, off_t offset) {
    size_t filled = 0;
    while (filled < count) {
        ssize_t got = pread(fd, out + filled, count - filled, offset + (off_t)filled);
        if (got < 0) fail("cannot read it");
        if (got == 0) break;
        filled += (size_t)got;
    }
    return filled;
}

// Checks every `processes`-th file from `first`; the sum of their pixel counts and the bytes read go to
// `out`. `head` 0 reads every file whole.
static void worker(const char *root, char **paths, size_t count, size_t first, size_t processes, size_t head,
                   size_t tail, int out) {
    size_t capacity = 1 << 20;
    uint8_t *buffer = malloc(capacity);
    uint8_t *end = malloc(tail > 0 ? tail : 1);
    char path[4096];
    uint64_t sums[2] = {0, 0};
    for (size_t i = first; i < count; i += processes) {
        snprintf(path, sizeof path, "%s/%s", root, paths[i]);
        current = path;
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat info;
        if (fd < 0 || fstat(fd, &info) != 0) fail("cannot open it");
        size_t size = (size_t)info.st_size;
        if (head > 0 && size > head + tail) {
            size_t got = read_at(fd, buffer, head, 0);
            sums[1] += got + read_at(fd, end, tail, (off_t)(size - tail));
            close(fd);
            sums[0] += header(buffer, got);
            continue;
        }
        if (size + 1 > capacity) {
            while (size + 1 > capacity) capacity *= 2;
            free(buffer);
            buffer = malloc(capacity);
        }
        if (!buffer) fail("out of memory");
        size_t filled = 0;
        for (;;) {
            ssize_t got = read(fd, buffer + filled, capacity - filled);
            if (got < 0) fail("cannot read it");
            if (got == 0) break;
            filled += (size_t)got;
        }
        close(fd);
        sums[0] += header(buffer, filled);
        sums[1] += filled;
    }
    if (write(out, sums, sizeof sums) != (ssize_t)sizeof sums) fail("cannot report");
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 6) {
        fprintf(stderr, "usage: bench_floor ROOT LIST PROCESSES [HEAD TAIL]\n");
        return 2;
    }
    FILE *list = fopen(argv[2], "r");
    if (!list) {
        fprintf(stderr, "bench_floor: cannot open %s\n", argv[2]);
        return 2;
    }
    size_t count = 0, room = 1024;
    char **paths = malloc(room * sizeof *paths);
    char *line = NULL;
    size_t length = 0;
    ssize_t got;
    while ((got = getline(&line, &length, list)) > 0) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) line[--got] = 0;
        if (got == 0) continue;
        if (count == room) paths = realloc(paths, (room *= 2) * sizeof *paths);
        paths[count++] = strdup(line);
    }
    fclose(list);
    long processes = strtol(argv[3], NULL, 10);
    if (processes < 1) processes = 1;
    size_t head = argc == 6 ? (size_t)strtoull(argv[4], NULL, 10) : 0;
    size_t tail = argc == 6 ? (size_t)strtoull(argv[5], NULL, 10) : 0;

    int pipes[2];
    if (pipe(pipes) != 0) return 1;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long k = 0; k < processes; k++) {
        pid_t pid = fork();
        if (pid < 0) return 1;
        if (pid == 0) worker(argv[1], paths, count, (size_t)k, (size_t)processes, head, tail, pipes[1]);
    }
    close(pipes[1]);
    int failed = 0, status;
    while (wait(&status) > 0) failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    clock_gettime(CLOCK_MONOTONIC, &end);
    uint64_t pixels = 0, bytes = 0, part[2];
    while (read(pipes[0], part, sizeof part) == (ssize_t)sizeof part) pixels += part[0], bytes += part[1];
    if (failed) return 1;
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("{\"images\": %zu, \"seconds\": %.6f, \"processes\": %ld, \"head\": %zu, \"tail\": %zu, "
           "\"bytes_read\": %llu, \"pixels\": %llu}\n",
           count, seconds, processes, head, tail, (unsigned long long)bytes, (unsigned long long)pixels);
    return 0;
}
