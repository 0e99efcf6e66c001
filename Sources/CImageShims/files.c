// File-system calls for the object store: FICLONE and syncfs(2), which Swift's Glibc module cannot
// reach (syncfs needs _GNU_SOURCE, FICLONE comes from <linux/fs.h>).
#define _GNU_SOURCE
#include <errno.h>
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
