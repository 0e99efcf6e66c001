// File-system calls for the object store that Swift's Glibc module cannot reach: FICLONE (from
// <linux/fs.h>), syncfs(2) and O_TMPFILE (both need _GNU_SOURCE).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/fs.h>
#endif

#include "CImageShims.h"

int ys_clone_file(int dst, int src) {
#ifdef FICLONE
    return ioctl(dst, FICLONE, src);
#else
    (void)dst;
    (void)src;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

int ys_sync_file_system(int fd) {
#ifdef __linux__
    return syncfs(fd);
#else
    return fsync(fd);
#endif
}

int ys_open_unnamed(const char *folder, int mode) {
#ifdef O_TMPFILE
    return open(folder, O_TMPFILE | O_RDWR | O_CLOEXEC, mode);
#else
    (void)folder;
    (void)mode;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

