/* A fault-injecting file system layer for the disk-full test, used where a small tmpfs cannot be mounted.
 * Loaded with LD_PRELOAD into the engine: while the file named by LUCARNE_ENOSPC_FLAG exists, every write
 * to a file under LUCARNE_ENOSPC_DIR fails with ENOSPC, exactly as a full disk answers. Removing the flag
 * file is the space coming back. Reads are never affected. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static int full_for(int fd) {
  const char *flag = getenv("LUCARNE_ENOSPC_FLAG");
  const char *dir = getenv("LUCARNE_ENOSPC_DIR");
  if (!flag || !dir || fd < 0) return 0;
  if (access(flag, F_OK) != 0) return 0;
  char link[64], target[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, target, sizeof target - 1);
  if (n <= 0) return 0;
  target[n] = 0;
  return strncmp(target, dir, strlen(dir)) == 0;
}

#define WRAP(ret, name, params, args, fdarg)                     \
  ret name params {                                              \
    static ret(*real) params = NULL;                             \
    if (!real) real = (ret(*) params)dlsym(RTLD_NEXT, #name);    \
    if (full_for(fdarg)) {                                       \
      errno = ENOSPC;                                            \
      return -1;                                                 \
    }                                                            \
    return real args;                                            \
  }

WRAP(ssize_t, write, (int fd, const void *buf, size_t count), (fd, buf, count), fd)
WRAP(ssize_t, pwrite, (int fd, const void *buf, size_t count, off_t off), (fd, buf, count, off), fd)
WRAP(ssize_t, pwrite64, (int fd, const void *buf, size_t count, off64_t off), (fd, buf, count, off), fd)
WRAP(ssize_t, writev, (int fd, const struct iovec *iov, int n), (fd, iov, n), fd)
WRAP(ssize_t, pwritev, (int fd, const struct iovec *iov, int n, off_t off), (fd, iov, n, off), fd)
WRAP(int, fallocate, (int fd, int mode, off_t off, off_t len), (fd, mode, off, len), fd)
WRAP(int, fallocate64, (int fd, int mode, off64_t off, off64_t len), (fd, mode, off, len), fd)
WRAP(int, ftruncate, (int fd, off_t len), (fd, len), fd)
WRAP(int, ftruncate64, (int fd, off64_t len), (fd, len), fd)

int posix_fallocate(int fd, off_t off, off_t len) {
  static int (*real)(int, off_t, off_t) = NULL;
  if (!real) real = (int (*)(int, off_t, off_t))dlsym(RTLD_NEXT, "posix_fallocate");
  if (full_for(fd)) return ENOSPC;
  return real(fd, off, len);
}
