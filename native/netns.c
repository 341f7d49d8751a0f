/*
 * Named network namespaces created and removed without a process: what `ip netns add NAME` and
 * `ip netns del NAME` do (iproute2 ip/ipnetns.c), for many names in one call, on several threads.
 *
 *   netnsBatch(dir, names, create, threads) -> per name: null (done), false (not run, a failure
 *                                              came before it in its slice), or the message
 *                                              `ip` prints for that failure
 *   netnsBatch(dir, names, create, threads, then) -> { names: as above, steps: per name null, or
 *                                              per step null / false / what failed }
 *
 * `then[i]` (version 9): what to do inside namespace i right after creating it, on the same
 * thread, in order — a step is [path, value] (the file opened for writing and the value written:
 * a sysctl under /proc/sys, which resolves to the thread's namespace) or a Buffer (an rtnetlink
 * request, header included, sent on a socket opened in the namespace; its ack read). This is the
 * rest of a new namespace's first stage (sysctls, lo) done where the namespace already is,
 * instead of a setns pair per namespace afterwards (kernel/nl/execute.ts). A run of consecutive
 * file steps is written whole, like one `sysctl -w a b c`; a failed step ends its namespace's
 * steps after that run, and the slice goes on (the namespaces are the earlier stage).
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
#include <linux/netlink.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "nsfd.h"

enum step { NOT_RUN = -1, DONE = 0, S_NAME, S_SAVE, S_MKDIR, S_SHARED, S_BIND_DIR, S_CREATE, S_UNSHARE, S_BIND, S_REMOVE };

enum { FAILED = 1 };

/* a step inside a new namespace: a file write (path, value) or an rtnetlink request (data, len) */
struct then_step {
  bool nl;
  char *data, *value;
  size_t len;
  int state;          /* NOT_RUN, DONE or FAILED */
  int err;
  bool open_failed;   /* (a file) open failed, rather than the write */
  unsigned char *ack; /* (a request) the refusal as the kernel sent it */
  size_t ack_len;
};

struct item { char name[NAME_MAX + 1]; bool create, too_long; int step; int err; struct then_step *then; uint32_t nthen; };
struct slice { const char *dir; struct item *items; uint32_t n; };

/* iproute2's check_netns_name */
static bool valid_name(const char *name) {
  return name[0] && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

static void remove_file(const char *path) {
  umount2(path, MNT_DETACH);
  unlink(path);
}

/* send one request and read its ack: 0, or -errno (ack kept on st when the kernel refused) */
static int request(int fd, struct then_step *st) {
  static __thread unsigned char rx[32768];
  uint32_t seq = ((struct nlmsghdr *)st->data)->nlmsg_seq;
  if (send(fd, st->data, st->len, 0) != (ssize_t)st->len) return -(errno ? errno : EIO);
  for (;;) {
    ssize_t n = recv(fd, rx, sizeof rx, 0);
    if (n < 0) { if (errno == EINTR) continue; return -errno; }
    for (struct nlmsghdr *h = (struct nlmsghdr *)rx; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_seq != seq || h->nlmsg_type != NLMSG_ERROR) continue;
      int e = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
      if (!e) return 0;
      st->ack = malloc(h->nlmsg_len);
      if (st->ack) { memcpy(st->ack, h, h->nlmsg_len); st->ack_len = h->nlmsg_len; }
      return e;
    }
  }
}

/* the steps of a namespace just made, in the calling thread (which is in it); a failed step ends
   them (after its run of file steps), and the slice goes on with its next name */
static void run_steps(struct item *it) {
  int sock = -1;
  bool ok = true;
  for (uint32_t k = 0; k < it->nthen; k++) {
    struct then_step *st = &it->then[k];
    /* a failed run of file steps is written whole, and ends at the next request */
    if (!ok && st->nl) break;
    if (st->nl) {
      bool opened;
      if (sock < 0 && (sock = nsfd_route_socket(0, &opened)) < 0) { st->state = FAILED; st->err = -sock; ok = false; break; }
      int r = request(sock, st);
      if (r < 0) { st->state = FAILED; st->err = -r; ok = false; break; }
    } else {
      int fd = open(st->data, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
      if (fd < 0) { st->state = FAILED; st->err = errno; st->open_failed = true; ok = false; continue; }
      size_t len = strlen(st->value);
      ssize_t w = write(fd, st->value, len);
      bool wrote = w >= 0 && (size_t)w == len;
      if (!wrote) { st->state = FAILED; st->err = w < 0 ? errno : EIO; ok = false; }
      close(fd);
      if (!wrote) continue;
    }
    st->state = DONE;
  }
  if (sock >= 0) close(sock);
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
    if (it->create && it->nthen) run_steps(it);
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

static void free_items(struct item *items, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    for (uint32_t k = 0; k < items[i].nthen; k++) { free(items[i].then[k].data); free(items[i].then[k].value); free(items[i].then[k].ack); }
    free(items[i].then);
  }
  free(items);
}

/* a JS string as a fresh C string, or NULL */
static char *dup_string(napi_env env, napi_value v) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok || len >= 4096) return NULL;
  char *out = malloc(len + 1);
  if (out) napi_get_value_string_utf8(env, v, out, len + 1, &len);
  return out;
}

/* then[i] copied onto items[i] before any thread starts (N-API is for this thread only); -1: malformed */
static int read_then(napi_env env, napi_value then, struct item *items, uint32_t n) {
  bool arr = false;
  uint32_t m = 0;
  if (napi_is_array(env, then, &arr) != napi_ok || !arr || napi_get_array_length(env, then, &m) != napi_ok || m != n) return -1;
  for (uint32_t i = 0; i < n; i++) {
    napi_value list;
    napi_valuetype t;
    if (napi_get_element(env, then, i, &list) != napi_ok || napi_typeof(env, list, &t) != napi_ok) return -1;
    if (t == napi_null || t == napi_undefined) continue;
    uint32_t c = 0;
    if (napi_is_array(env, list, &arr) != napi_ok || !arr || napi_get_array_length(env, list, &c) != napi_ok || c > 1024) return -1;
    if (!c) continue;
    if (!(items[i].then = calloc(c, sizeof *items[i].then))) return -1;
    items[i].nthen = c;
    for (uint32_t k = 0; k < c; k++) {
      struct then_step *st = &items[i].then[k];
      napi_value v;
      bool buf = false;
      st->state = NOT_RUN;
      if (napi_get_element(env, list, k, &v) != napi_ok || napi_is_buffer(env, v, &buf) != napi_ok) return -1;
      if (buf) {
        void *data = NULL;
        size_t len = 0;
        napi_get_buffer_info(env, v, &data, &len);
        if (len < sizeof(struct nlmsghdr) || len > 65536 || ((struct nlmsghdr *)data)->nlmsg_len != len || !(st->data = malloc(len))) return -1;
        memcpy(st->data, data, len);
        st->len = len;
        st->nl = true;
        continue;
      }
      napi_value p, val;
      uint32_t two = 0;
      if (napi_is_array(env, v, &arr) != napi_ok || !arr || napi_get_array_length(env, v, &two) != napi_ok || two != 2
          || napi_get_element(env, v, 0, &p) != napi_ok || napi_get_element(env, v, 1, &val) != napi_ok
          || !(st->data = dup_string(env, p)) || !(st->value = dup_string(env, val))) return -1;
    }
  }
  return 0;
}

/* per step of items[i]: null (done), false (not run), or what failed: { open, errno, message } for
   a file, { errno, ack } for a request (ack: the kernel's answer, header included) */
static napi_value step_results(napi_env env, const struct item *it) {
  napi_value out;
  if (!it->nthen) { napi_get_null(env, &out); return out; }
  napi_create_array_with_length(env, it->nthen, &out);
  for (uint32_t k = 0; k < it->nthen; k++) {
    const struct then_step *st = &it->then[k];
    napi_value v, x;
    if (st->state == DONE) napi_get_null(env, &v);
    else if (st->state == NOT_RUN) napi_get_boolean(env, false, &v);
    else {
      napi_create_object(env, &v);
      napi_create_int32(env, st->err, &x);
      napi_set_named_property(env, v, "errno", x);
      napi_create_string_utf8(env, strerror(st->err), NAPI_AUTO_LENGTH, &x);
      napi_set_named_property(env, v, "message", x);
      if (st->nl) {
        if (st->ack) napi_create_buffer_copy(env, st->ack_len, st->ack, NULL, &x);
        else napi_get_null(env, &x);
        napi_set_named_property(env, v, "ack", x);
      } else {
        napi_get_boolean(env, st->open_failed, &x);
        napi_set_named_property(env, v, "open", x);
      }
    }
    napi_set_element(env, out, k, v);
  }
  return out;
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
  static const char *usage = "netnsBatch(dir: string, names: string[], create: boolean[], threads: number[, then: (([string, string] | Buffer)[] | null)[]])";
  size_t argc = 5;
  napi_value argv[5];
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
      free_items(items, n);
      napi_throw_type_error(env, NULL, usage);
      return NULL;
    }
    items[i].too_long = got >= NAME_MAX; /* (not a file name: refused, like ip refuses it) */
    items[i].create = create;
    items[i].step = NOT_RUN;
    any_create |= create;
  }
  bool with_then = false;
  if (argc >= 5) {
    napi_valuetype t;
    napi_typeof(env, argv[4], &t);
    with_then = t != napi_undefined && t != napi_null;
    if (with_then && read_then(env, argv[4], items, n) < 0) {
      free_items(items, n);
      napi_throw_type_error(env, NULL, usage);
      return NULL;
    }
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

  napi_value out, steps = NULL;
  napi_create_array_with_length(env, n, &out);
  if (with_then) napi_create_array_with_length(env, n, &steps);
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    if (items[i].step == DONE) napi_get_null(env, &v);
    else if (items[i].step == NOT_RUN) napi_get_boolean(env, false, &v);
    else v = message(env, dir, &items[i]);
    napi_set_element(env, out, i, v);
    if (with_then) napi_set_element(env, steps, i, step_results(env, &items[i]));
  }
  free_items(items, n);
  if (!with_then) return out;
  napi_value both;
  napi_create_object(env, &both);
  napi_set_named_property(env, both, "names", out);
  napi_set_named_property(env, both, "steps", steps);
  return both;
}
