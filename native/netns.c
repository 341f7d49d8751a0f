/*
 * Named network namespaces created and removed without a process: what `ip netns add NAME` and
 * `ip netns del NAME` do (iproute2 ip/ipnetns.c), for many names in one call, on several threads.
 *
 *   netnsBatch(dir, names, create, threads) -> per name: null (done), false (not run, a failure
 *                                              came before it in its slice), or the message
 *                                              `ip` prints for that failure
 *
 * add: the file dir/NAME (O_EXCL, mode 0), unshare(CLONE_NEWNET) in the calling thread, and a
 * bind mount of the thread's namespace on the file; del: a lazy unmount and the file removed.
 * Before the first add, dir is made (0755) and made a shared mount point, under an flock of dir
 * as iproute2 takes it (ip does that once per name; here once per call — the same end state, and
 * MS_REC walks every namespace mounted there, so once per name costs O(n²)).
 *
 * The names are cut into `threads` consecutive slices, run at the same time: a namespace's
 * setup is mostly the kernel's per-namespace work, which runs in parallel. Each slice stops at
 * its first failure, like an `ip -b` batch; on a failed add the file is removed again, as ip
 * does. Each thread saves its own namespace and returns to it (abort if it cannot: the calling
 * thread runs a slice too).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include "nsfd.h"

enum step { NOT_RUN = -1, DONE = 0, S_NAME, S_SAVE, S_MKDIR, S_SHARED, S_BIND_DIR, S_CREATE, S_UNSHARE, S_BIND, S_REMOVE };

struct item { char name[NAME_MAX + 1]; bool create, too_long; int step; int err; };
struct slice { const char *dir; struct item *items; uint32_t n; };

/* iproute2's check_netns_name */
static bool valid_name(const char *name) {
  return name[0] && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

static void remove_file(const char *path) {
  umount2(path, MNT_DETACH);
  unlink(path);
}

static void *run_slice(void *arg) {
  struct slice *s = arg;
  int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (self < 0) {
    if (s->n) { s->items[0].step = S_SAVE; s->items[0].err = errno; }
    return NULL;
  }
  char path[PATH_MAX];
  for (uint32_t i = 0; i < s->n; i++) {
    struct item *it = &s->items[i];
    if (it->too_long || !valid_name(it->name)) { it->step = S_NAME; it->err = EINVAL; break; }
    snprintf(path, sizeof path, "%s/%s", s->dir, it->name);
    if (it->create) {
      int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
      if (fd < 0) { it->step = S_CREATE; it->err = errno; break; }
      close(fd);
      if (unshare(CLONE_NEWNET) < 0) { it->step = S_UNSHARE; it->err = errno; remove_file(path); break; }
      /* (the thread's own namespace: /proc/self would name the main thread's) */
      if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) < 0) { it->step = S_BIND; it->err = errno; remove_file(path); break; }
    } else {
      umount2(path, MNT_DETACH);
      if (unlink(path) < 0) { it->step = S_REMOVE; it->err = errno; break; }
    }
    it->step = DONE;
  }
  nsfd_leave(self);
  return NULL;
}

/* dir exists and is a shared mount point (ip/ipnetns.c netns_add); 0, or the failed step */
static int prepare_dir(const char *dir, int *err) {
  if (mkdir(dir, 0755) < 0 && errno != EEXIST) { *err = errno; return S_MKDIR; }
  int lock = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock >= 0 && flock(lock, LOCK_EX) < 0) { close(lock); lock = -1; }
  int step = 0;
  bool made = false;
  while (mount("", dir, "none", MS_SHARED | MS_REC, NULL) < 0) {
    /* not a mount point yet: make it one by binding it on itself, then retry */
    if (errno != EINVAL || made) { *err = errno; step = S_SHARED; break; }
    if (mount(dir, dir, "none", MS_BIND | MS_REC, NULL) < 0) { *err = errno; step = S_BIND_DIR; break; }
    made = true;
  }
  if (lock >= 0) { flock(lock, LOCK_UN); close(lock); }
  return step;
}

static napi_value message(napi_env env, const char *dir, const struct item *it) {
  char text[2 * PATH_MAX + 256], path[PATH_MAX];
  const char *why = strerror(it->err);
  snprintf(path, sizeof path, "%s/%s", dir, it->name);
  switch (it->step) {
    case S_NAME: snprintf(text, sizeof text, "Invalid netns name \"%s%s\"", it->name, it->too_long ? "…" : ""); break;
    case S_SAVE: snprintf(text, sizeof text, "cannot open /proc/thread-self/ns/net: %s", why); break;
    case S_MKDIR: snprintf(text, sizeof text, "mkdir %s failed: %s", dir, why); break;
    case S_SHARED: snprintf(text, sizeof text, "mount --make-shared %s failed: %s", dir, why); break;
    case S_BIND_DIR: snprintf(text, sizeof text, "mount --bind %s %s failed: %s", dir, dir, why); break;
    case S_CREATE: snprintf(text, sizeof text, "Cannot create namespace file \"%s\": %s", path, why); break;
    case S_UNSHARE: snprintf(text, sizeof text, "Failed to create a new network namespace \"%s\": %s", it->name, why); break;
    case S_BIND: snprintf(text, sizeof text, "Bind /proc/self/ns/net -> %s failed: %s", path, why); break;
    default: snprintf(text, sizeof text, "Cannot remove namespace file \"%s\": %s", path, why); break;
  }
  napi_value v;
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &v);
  return v;
}

napi_value netns_batch(napi_env env, napi_callback_info info) {
  static const char *usage = "netnsBatch(dir: string, names: string[], create: boolean[], threads: number)";
  size_t argc = 4;
  napi_value argv[4];
  char dir[PATH_MAX - NAME_MAX - 2];
  bool a1 = false, a2 = false;
  uint32_t n = 0, m = 0, threads = 1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 4 || nsfd_string(env, argv[0], dir, sizeof dir) < 0 || !dir[0] || napi_is_array(env, argv[1], &a1) != napi_ok || !a1
      || napi_is_array(env, argv[2], &a2) != napi_ok || !a2 || napi_get_array_length(env, argv[1], &n) != napi_ok
      || napi_get_array_length(env, argv[2], &m) != napi_ok || n != m || n > 65536 || napi_get_value_uint32(env, argv[3], &threads) != napi_ok) {
    napi_throw_type_error(env, NULL, usage);
    return NULL;
  }
  struct item *items = calloc(n ? n : 1, sizeof *items);
  if (!items) return nsfd_throw_errno(env, "netnsBatch", dir, ENOMEM);
  bool any_create = false;
  for (uint32_t i = 0; i < n; i++) {
    napi_value v, c;
    bool create = false;
    size_t got = 0;
    if (napi_get_element(env, argv[1], i, &v) != napi_ok || napi_get_value_string_utf8(env, v, items[i].name, sizeof items[i].name, &got) != napi_ok
        || napi_get_element(env, argv[2], i, &c) != napi_ok || napi_get_value_bool(env, c, &create) != napi_ok) {
      free(items);
      napi_throw_type_error(env, NULL, usage);
      return NULL;
    }
    items[i].too_long = got >= NAME_MAX; /* (not a file name: refused, like ip refuses it) */
    items[i].create = create;
    items[i].step = NOT_RUN;
    any_create |= create;
  }

  int err = 0, failed = any_create && n ? prepare_dir(dir, &err) : 0;
  if (failed) {
    items[0].step = failed;
    items[0].err = err;
  } else if (n) {
    uint32_t t = threads < 1 ? 1 : threads > 16 ? 16 : threads;
    if (t > n) t = n;
    uint32_t size = (n + t - 1) / t;
    struct slice slices[16];
    pthread_t tid[16];
    bool started[16] = { false };
    uint32_t k = 0;
    for (uint32_t from = 0; from < n; from += size, k++) slices[k] = (struct slice){ dir, items + from, from + size > n ? n - from : size };
    for (uint32_t j = 1; j < k; j++) started[j] = pthread_create(&tid[j], NULL, run_slice, &slices[j]) == 0;
    run_slice(&slices[0]);
    /* a slice whose thread could not start runs here, after the first */
    for (uint32_t j = 1; j < k; j++) if (!started[j]) run_slice(&slices[j]);
    for (uint32_t j = 1; j < k; j++) if (started[j]) pthread_join(tid[j], NULL);
  }

  napi_value out;
  napi_create_array_with_length(env, n, &out);
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    if (items[i].step == DONE) napi_get_null(env, &v);
    else if (items[i].step == NOT_RUN) napi_get_boolean(env, false, &v);
    else v = message(env, dir, &items[i]);
    napi_set_element(env, out, i, v);
  }
  free(items);
  return out;
}
