/* An LD_PRELOAD library that makes file writes fail on purpose, for the fault
 * injection test (tests/reliability_fault_test.cc). It numbers the calls that
 * change files, per kind: "write" (write, pwrite, writev on descriptors above
 * 2), "sync" (fsync, fdatasync), "truncate" (ftruncate), "rename"; and fails
 * some of them:
 *
 *   DOSSIER_FAULT_PLAN="KIND:FIRST:COUNT:ERRNO"  calls FIRST .. FIRST+COUNT-1
 *       (1-based) of that kind fail with ERRNO (ENOSPC or EIO); COUNT 0 means
 *       every one from FIRST on (a disk that stays full), COUNT > 0 a disk
 *       that recovers.
 *   DOSSIER_FAULT_FILE=NAME  the plan's "write" calls are those to files named
 *       NAME (say "spelling.glass"), numbered on their own; writes to other
 *       files never fail.
 *   DOSSIER_FAULT_LOG=FILE   appends "KIND CALL" for each call it failed.
 *   DOSSIER_FAULT_COUNT=FILE writes "KIND COUNT" lines at exit (to calibrate:
 *       how many calls of each kind a job makes when nothing fails).
 *
 * A preloaded program can also ask, with dlsym, how many calls of a kind were
 * made so far, to say when its own steps ran: dossier_fault_calls("write"),
 * or dossier_fault_calls("write:NAME") for the writes to files named NAME.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum Kind { kWrite, kSync, kTruncate, kRename, kKinds };
static const char* const kKindNames[kKinds] = {"write", "sync", "truncate", "rename"};

static int fault_kind = -1; /* -1: no plan */
static long first_fault = 0;
static long fault_count = 0;
static int fault_errno = ENOSPC;
static long calls[kKinds];
static __thread int logging; /* the log's own writes are neither counted nor failed */

/* Writes per file name (the last part of the descriptor's path). */
enum { kMaxFiles = 32, kMaxName = 64 };
static char fault_file[kMaxName]; /* "": the plan numbers writes to any file */
static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;
static char file_names[kMaxFiles][kMaxName];
static long file_writes[kMaxFiles];
static int files;

static void file_name_of(int fd, char name[kMaxName]) {
  char link[32], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t length = readlink(link, path, sizeof path - 1);
  path[length > 0 ? length : 0] = '\0';
  const char* slash = strrchr(path, '/');
  snprintf(name, kMaxName, "%s", slash ? slash + 1 : path);
}

/* Numbers one write to the file `name`: how many it has had, this one included
 * (0 when too many files were seen to keep count). */
static long count_file_write(const char* name) {
  long count = 0;
  pthread_mutex_lock(&files_lock);
  int file = 0;
  while (file < files && strcmp(file_names[file], name) != 0) ++file;
  if (file == files && files < kMaxFiles) snprintf(file_names[files++], kMaxName, "%s", name);
  if (file < files) count = ++file_writes[file];
  pthread_mutex_unlock(&files_lock);
  return count;
}

static void write_counts(void) {
  FILE* out = fopen(getenv("DOSSIER_FAULT_COUNT"), "w");
  if (!out) return;
  for (int kind = 0; kind < kKinds; ++kind) fprintf(out, "%s %ld\n", kKindNames[kind], calls[kind]);
  fclose(out);
}

__attribute__((constructor)) static void read_plan(void) {
  const char* plan = getenv("DOSSIER_FAULT_PLAN");
  if (plan && *plan) {
    char kind[16] = "", name[16] = "";
    if (sscanf(plan, "%15[a-z]:%ld:%ld:%15s", kind, &first_fault, &fault_count, name) != 4) {
      fprintf(stderr, "fault_shim: bad DOSSIER_FAULT_PLAN \"%s\"\n", plan);
      abort();
    }
    for (int k = 0; k < kKinds; ++k) {
      if (strcmp(kind, kKindNames[k]) == 0) fault_kind = k;
    }
    if (fault_kind < 0) {
      fprintf(stderr, "fault_shim: unknown call kind \"%s\"\n", kind);
      abort();
    }
    fault_errno = strcmp(name, "EIO") == 0 ? EIO : ENOSPC;
  }
  const char* file = getenv("DOSSIER_FAULT_FILE");
  if (file) snprintf(fault_file, sizeof fault_file, "%s", file);
  if (getenv("DOSSIER_FAULT_COUNT")) atexit(write_counts);
}

static void log_fault(int kind, long call) {
  const char* path = getenv("DOSSIER_FAULT_LOG");
  if (!path) return;
  logging = 1;
  FILE* log = fopen(path, "a");
  if (log) {
    fprintf(log, "%s %ld\n", kKindNames[kind], call);
    fclose(log);
  }
  logging = 0;
}

/* Numbers one call (on descriptor `fd`, -1 for a rename); nonzero when it
 * must fail (errno is then set). */
static int should_fail(int kind, int fd) {
  if (logging) return 0;
  long call = __atomic_add_fetch(&calls[kind], 1, __ATOMIC_RELAXED);
  if (kind == kWrite) {
    char name[kMaxName];
    file_name_of(fd, name);
    const long file_call = count_file_write(name);
    if (fault_file[0]) {
      if (strcmp(name, fault_file) != 0) return 0;
      call = file_call;
    }
  }
  if (kind != fault_kind || call < first_fault) return 0;
  if (fault_count > 0 && call >= first_fault + fault_count) return 0;
  log_fault(kind, call);
  errno = fault_errno;
  return 1;
}

/* The libc function this one stands in for. */
#define REAL(name)                       \
  static __typeof__(&name) real_##name; \
  if (!real_##name) real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void* buffer, size_t size) {
  REAL(write);
  if (fd > 2 && should_fail(kWrite, fd)) return -1;
  return real_write(fd, buffer, size);
}

ssize_t pwrite(int fd, const void* buffer, size_t size, off_t offset) {
  REAL(pwrite);
  if (fd > 2 && should_fail(kWrite, fd)) return -1;
  return real_pwrite(fd, buffer, size, offset);
}

ssize_t pwrite64(int fd, const void* buffer, size_t size, off64_t offset) {
  REAL(pwrite64);
  if (fd > 2 && should_fail(kWrite, fd)) return -1;
  return real_pwrite64(fd, buffer, size, offset);
}

ssize_t writev(int fd, const struct iovec* vectors, int count) {
  REAL(writev);
  if (fd > 2 && should_fail(kWrite, fd)) return -1;
  return real_writev(fd, vectors, count);
}

int fsync(int fd) {
  REAL(fsync);
  if (should_fail(kSync, fd)) return -1;
  return real_fsync(fd);
}

int fdatasync(int fd) {
  REAL(fdatasync);
  if (should_fail(kSync, fd)) return -1;
  return real_fdatasync(fd);
}

int ftruncate(int fd, off_t length) {
  REAL(ftruncate);
  if (should_fail(kTruncate, fd)) return -1;
  return real_ftruncate(fd, length);
}

int rename(const char* from, const char* to) {
  REAL(rename);
  if (should_fail(kRename, -1)) return -1;
  return real_rename(from, to);
}

long dossier_fault_calls(const char* kind) {
  if (strncmp(kind, "write:", 6) == 0) {
    long count = 0;
    pthread_mutex_lock(&files_lock);
    for (int file = 0; file < files; ++file) {
      if (strcmp(file_names[file], kind + 6) == 0) count = file_writes[file];
    }
    pthread_mutex_unlock(&files_lock);
    return count;
  }
  for (int k = 0; k < kKinds; ++k) {
    if (strcmp(kind, kKindNames[k]) == 0) return __atomic_load_n(&calls[k], __ATOMIC_RELAXED);
  }
  return -1;
}
