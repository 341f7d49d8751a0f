/*
 * nsfd: file descriptors opened inside another network namespace, without starting a process.
 *
 * setns(2) switches only the calling thread, so each call: save the thread's namespace, enter the
 * target, open, switch back. A socket or file keeps the namespace it was opened in, so the
 * caller can then talk rtnetlink to that namespace (or write its /proc/sys) from its own thread.
 * If switching back fails the process is left in the wrong namespace, which must never go
 * unnoticed: it aborts.
 *
 *   openNetlinkIn(nsPath[, groups])  -> fd of a NETLINK_ROUTE socket in that namespace; with a
 *                                       non-zero multicast group mask it is a non-blocking
 *                                       listener bound to those groups (kernel/nl/cache.ts)
 *   openFileIn(nsPath, path, write)  -> fd of path opened (O_RDONLY or O_WRONLY) in that namespace
 *   pending(fds)                     -> the fds of the array with something to read or an error
 *                                       (one poll(2) with timeout 0; kernel/nl/cache.ts)
 *   writeFilesIn(nsPath, paths, values) -> each path opened (O_WRONLY) inside the namespace and its
 *                                       value written, all in one visit (at most 256): per item
 *                                       null, or { open, errno, message } of what failed
 *                                       (kernel/nl/execute.ts: a namespace's sysctls)
 *   linkDetected(fd, ifname)         -> ETHTOOL_GLINK (SIOCETHTOOL) on a socket of a namespace:
 *                                       true/false; the kernel also settles the device's pending
 *                                       link-watch event (operstate, qdisc activation) right then
 *                                       instead of in its 100-devices-a-second batches
 *                                       (kernel/nl/execute.ts)
 *   ifindexOf(fd, ifname)            -> SIOCGIFINDEX on a socket of a namespace: the device's index,
 *                                       0 when there is no such device (a GETLINK round trip
 *                                       answers the same with ~1 kB of attributes)
 *   inodesIn(dir, names)             -> Float64Array: the inode of dir/name for each name (stat(2)
 *                                       follows the bind mount, so for /run/netns it is the
 *                                       namespace's), -1 where there is no such file; one call
 *                                       for a whole lab (kernel/observer.ts existingOf)
 *   watchDir(dir)                    -> fd of a non-blocking inotify instance watching dir for a
 *                                       name created, removed or renamed (and the dir itself
 *                                       going); -1 when dir does not exist (kernel/netns-watch.ts)
 *   netnsBatch(dir, names, create, threads[, then]) -> named namespaces created or removed as
 *                                       `ip netns add`/`del` do, on several threads, and what
 *                                       to do inside each new one at once (netns.c)
 *   revents(fds)                     -> Int32Array: each fd's poll(2) revents for POLLIN|POLLPRI,
 *                                       timeout 0 (/proc/self/mountinfo reports a change to the
 *                                       mount table as POLLPRI|POLLERR; kernel/netns-watch.ts)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <net/if.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <node_api.h>
#include "nsfd.h"


static napi_value throw_errno(napi_env env, const char *what, const char *arg, int err) {
  char msg[8400], code[32];
  snprintf(msg, sizeof msg, "%s %s: %s", what, arg, strerror(err));
  snprintf(code, sizeof code, "%d", err);
  napi_throw_error(env, code, msg);
  return NULL;
}

static napi_value int32_value(napi_env env, int32_t v) {
  napi_value out;
  napi_create_int32(env, v, &out);
  return out;
}

static int get_string(napi_env env, napi_value v, char *buf, size_t len) {
  size_t got = 0;
  if (napi_get_value_string_utf8(env, v, buf, len, &got) != napi_ok || got >= len - 1) return -1;
  return 0;
}

int nsfd_string(napi_env env, napi_value v, char *buf, size_t len) { return get_string(env, v, buf, len); }
napi_value nsfd_throw_errno(napi_env env, const char *what, const char *arg, int err) { return throw_errno(env, what, arg, err); }

/* Enter nsPath; returns the fd of the namespace to return to, or -errno. */
static int enter(const char *ns_path) {
  int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (self < 0) return -errno;
  int target = open(ns_path, O_RDONLY | O_CLOEXEC);
  if (target < 0) { int e = errno; close(self); return -e; }
  if (setns(target, CLONE_NEWNET) < 0) { int e = errno; close(target); close(self); return -e; }
  close(target);
  return self;
}

static void leave(int self) {
  if (setns(self, CLONE_NEWNET) < 0) {
    fprintf(stderr, "nsfd: cannot return to the original network namespace: %s\n", strerror(errno));
    abort();
  }
  close(self);
}
void nsfd_leave(int self) { leave(self); }

static napi_value open_netlink_in(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char ns[4096];
  uint32_t groups = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || get_string(env, argv[0], ns, sizeof ns) < 0 || (argc >= 2 && napi_get_value_uint32(env, argv[1], &groups) != napi_ok)) {
    napi_throw_type_error(env, NULL, "openNetlinkIn(nsPath[, groups])");
    return NULL;
  }
  int self = enter(ns);
  if (self < 0) return throw_errno(env, "cannot enter network namespace", ns, -self);
  bool opened = false;
  int fd = nsfd_route_socket(groups, &opened);
  leave(self);
  if (fd < 0) return throw_errno(env, opened ? "cannot bind netlink socket in" : "cannot open netlink socket in", ns, -fd);
  return int32_value(env, fd);
}

int nsfd_route_socket(uint32_t groups, bool *opened) {
  *opened = false;
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | (groups ? SOCK_NONBLOCK : 0), NETLINK_ROUTE);
  if (fd < 0) return -errno;
  *opened = true;
  int one = 1, buf = groups ? 256 << 10 : 4 << 20;
  setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
  setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof buf) < 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
  if (!groups && setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof buf) < 0) setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
  struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = groups };
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) { int e = errno; close(fd); return -e; }
  return fd;
}

static napi_value open_file_in(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  char ns[4096], path[4096];
  bool write = false;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 3 || get_string(env, argv[0], ns, sizeof ns) < 0 || get_string(env, argv[1], path, sizeof path) < 0 || napi_get_value_bool(env, argv[2], &write) != napi_ok) {
    napi_throw_type_error(env, NULL, "openFileIn(nsPath, path, write)");
    return NULL;
  }
  int self = enter(ns);
  if (self < 0) return throw_errno(env, "cannot enter network namespace", ns, -self);
  int fd = open(path, (write ? O_WRONLY : O_RDONLY) | O_CLOEXEC | O_NOFOLLOW);
  int err = errno;
  leave(self);
  if (fd < 0) return throw_errno(env, "cannot open", path, err);
  return int32_value(env, fd);
}

/*
 * The fds of the array argument polled once (timeout 0) for `events`: *out holds n pollfds with
 * their revents (the caller frees it). NULL, with a TypeError thrown or errno set, on failure.
 */
static struct pollfd *poll_fds(napi_env env, napi_callback_info info, uint32_t max, short events, const char *usage, uint32_t *count) {
  size_t argc = 1;
  napi_value argv[1];
  bool is_array = false;
  uint32_t n = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array || napi_get_array_length(env, argv[0], &n) != napi_ok || n > max) {
    napi_throw_type_error(env, NULL, usage);
    return NULL;
  }
  struct pollfd *p = calloc(n ? n : 1, sizeof *p);
  if (!p) { throw_errno(env, "poll", "", ENOMEM); return NULL; }
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    int32_t fd = -1;
    if (napi_get_element(env, argv[0], i, &v) != napi_ok || napi_get_value_int32(env, v, &fd) != napi_ok || fd < 0) {
      free(p);
      napi_throw_type_error(env, NULL, usage);
      return NULL;
    }
    p[i].fd = fd;
    p[i].events = events;
  }
  int r;
  do r = poll(p, n, 0); while (r < 0 && errno == EINTR);
  if (r < 0) { int err = errno; free(p); throw_errno(env, "poll", "", err); return NULL; }
  *count = n;
  return p;
}

static napi_value pending(napi_env env, napi_callback_info info) {
  uint32_t n = 0;
  struct pollfd *p = poll_fds(env, info, 65536, POLLIN, "pending(fds: number[])", &n);
  if (!p) return NULL;
  napi_value out;
  napi_create_array(env, &out);
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (!p[i].revents) continue;
    napi_value v;
    napi_create_int32(env, p[i].fd, &v);
    napi_set_element(env, out, k++, v);
  }
  free(p);
  return out;
}

static napi_value write_files_in(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  char ns[4096], path[4096], value[4096];
  bool a1 = false, a2 = false;
  uint32_t n = 0, m = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 3 || get_string(env, argv[0], ns, sizeof ns) < 0 || napi_is_array(env, argv[1], &a1) != napi_ok || !a1 || napi_is_array(env, argv[2], &a2) != napi_ok || !a2
      || napi_get_array_length(env, argv[1], &n) != napi_ok || napi_get_array_length(env, argv[2], &m) != napi_ok || n != m || n > 256) {
    napi_throw_type_error(env, NULL, "writeFilesIn(nsPath, paths: string[], values: string[])");
    return NULL;
  }
  /* read every argument before entering: nothing that can fail half-way once inside */
  char (*paths)[4096] = calloc(n ? n : 1, sizeof *paths);
  char (*values)[4096] = calloc(n ? n : 1, sizeof *values);
  int32_t *res = calloc(n ? n : 1, sizeof *res);
  if (!paths || !values || !res) { free(paths); free(values); free(res); return throw_errno(env, "writeFilesIn", "", ENOMEM); }
  for (uint32_t i = 0; i < n; i++) {
    napi_value p, v;
    if (napi_get_element(env, argv[1], i, &p) != napi_ok || get_string(env, p, path, sizeof path) < 0
        || napi_get_element(env, argv[2], i, &v) != napi_ok || get_string(env, v, value, sizeof value) < 0) {
      free(paths); free(values); free(res);
      napi_throw_type_error(env, NULL, "writeFilesIn(nsPath, paths: string[], values: string[])");
      return NULL;
    }
    memcpy(paths[i], path, sizeof path);
    memcpy(values[i], value, sizeof value);
  }
  int self = enter(ns);
  if (self < 0) { free(paths); free(values); free(res); return throw_errno(env, "cannot enter network namespace", ns, -self); }
  for (uint32_t i = 0; i < n; i++) {
    int fd = open(paths[i], O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) { res[i] = -errno; continue; }
    size_t len = strlen(values[i]);
    ssize_t w = write(fd, values[i], len);
    res[i] = w < 0 ? errno : ((size_t)w == len ? 0 : EIO);
    close(fd);
  }
  leave(self);
  napi_value out;
  napi_create_array_with_length(env, n, &out);
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    if (res[i] == 0) napi_get_null(env, &v);
    else {
      int e = res[i] < 0 ? -res[i] : res[i];
      napi_value open_failed, code, text;
      napi_create_object(env, &v);
      napi_get_boolean(env, res[i] < 0, &open_failed);
      napi_create_int32(env, e, &code);
      napi_create_string_utf8(env, strerror(e), NAPI_AUTO_LENGTH, &text);
      napi_set_named_property(env, v, "open", open_failed);
      napi_set_named_property(env, v, "errno", code);
      napi_set_named_property(env, v, "message", text);
    }
    napi_set_element(env, out, i, v);
  }
  free(paths); free(values); free(res);
  return out;
}

/*
 * The (fd, ifname) arguments of a device ioctl: the socket's fd and an ifreq naming the device.
 * Any socket works: the ioctl runs in the socket's namespace (netlink passes it on to dev_ioctl).
 * -1 after throwing `usage` as a TypeError.
 */
static int device_args(napi_env env, napi_callback_info info, const char *usage, int32_t *fd, struct ifreq *ifr) {
  size_t argc = 2;
  napi_value argv[2];
  char name[IFNAMSIZ + 1];
  *fd = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_int32(env, argv[0], fd) != napi_ok || *fd < 0 || get_string(env, argv[1], name, sizeof name) < 0 || !name[0]) {
    napi_throw_type_error(env, NULL, usage);
    return -1;
  }
  memset(ifr, 0, sizeof *ifr);
  memcpy(ifr->ifr_name, name, strlen(name));
  return 0;
}

static napi_value link_detected(napi_env env, napi_callback_info info) {
  int32_t fd;
  struct ifreq ifr;
  if (device_args(env, info, "linkDetected(fd, ifname)", &fd, &ifr) < 0) return NULL;
  struct ethtool_value ev = { .cmd = ETHTOOL_GLINK };
  ifr.ifr_data = (char *)&ev;
  if (ioctl(fd, SIOCETHTOOL, &ifr) < 0) return throw_errno(env, "SIOCETHTOOL", ifr.ifr_name, errno);
  napi_value out;
  napi_get_boolean(env, ev.data != 0, &out);
  return out;
}

static napi_value ifindex_of(napi_env env, napi_callback_info info) {
  int32_t fd;
  struct ifreq ifr;
  if (device_args(env, info, "ifindexOf(fd, ifname)", &fd, &ifr) < 0) return NULL;
  int32_t index = 0;
  if (ioctl(fd, SIOCGIFINDEX, &ifr) == 0) index = ifr.ifr_ifindex;
  else if (errno != ENODEV) return throw_errno(env, "SIOCGIFINDEX", ifr.ifr_name, errno);
  return int32_value(env, index);
}

static napi_value inodes_in(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char dir[4096], name[4096];
  bool is_array = false;
  uint32_t n = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || get_string(env, argv[0], dir, sizeof dir) < 0 || napi_is_array(env, argv[1], &is_array) != napi_ok || !is_array
      || napi_get_array_length(env, argv[1], &n) != napi_ok || n > 65536) {
    napi_throw_type_error(env, NULL, "inodesIn(dir: string, names: string[])");
    return NULL;
  }
  int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0 && errno != ENOENT) return throw_errno(env, "cannot open", dir, errno);
  double *ino;
  napi_value buffer, out;
  if (napi_create_arraybuffer(env, (size_t)n * sizeof(double), (void **)&ino, &buffer) != napi_ok) {
    if (dfd >= 0) close(dfd);
    return throw_errno(env, "inodesIn", dir, ENOMEM);
  }
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    ino[i] = -1;
    size_t got = 0;
    if (napi_get_element(env, argv[1], i, &v) != napi_ok || napi_get_value_string_utf8(env, v, name, sizeof name, &got) != napi_ok) {
      if (dfd >= 0) close(dfd);
      napi_throw_type_error(env, NULL, "inodesIn(dir: string, names: string[])");
      return NULL;
    }
    /* a name with a slash (or "." / "..", or too long for a file name) is not a file of dir:
       absent, like a missing one */
    if (dfd < 0 || !name[0] || got > 255 || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) continue;
    struct stat st;
    if (fstatat(dfd, name, &st, 0) == 0) ino[i] = (double)st.st_ino;
    else if (errno != ENOENT && errno != ENOTDIR) { int e = errno; close(dfd); return throw_errno(env, "cannot stat", name, e); }
  }
  if (dfd >= 0) close(dfd);
  napi_create_typedarray(env, napi_float64_array, n, buffer, 0, &out);
  return out;
}

static napi_value watch_dir(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char dir[4096];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || get_string(env, argv[0], dir, sizeof dir) < 0) {
    napi_throw_type_error(env, NULL, "watchDir(dir: string)");
    return NULL;
  }
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return throw_errno(env, "inotify_init1", dir, errno);
  const uint32_t mask = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
  if (inotify_add_watch(fd, dir, mask) < 0) {
    int err = errno;
    close(fd);
    if (err == ENOENT) return int32_value(env, -1);
    return throw_errno(env, "cannot watch", dir, err);
  }
  return int32_value(env, fd);
}

static napi_value revents(napi_env env, napi_callback_info info) {
  uint32_t n = 0;
  struct pollfd *p = poll_fds(env, info, 64, POLLIN | POLLPRI, "revents(fds: number[]) (at most 64)", &n);
  if (!p) return NULL;
  napi_value buffer, out;
  int32_t *ev;
  if (napi_create_arraybuffer(env, (size_t)(n ? n : 1) * sizeof(int32_t), (void **)&ev, &buffer) != napi_ok) { free(p); return throw_errno(env, "revents", "", ENOMEM); }
  for (uint32_t i = 0; i < n; i++) ev[i] = p[i].revents;
  free(p);
  napi_create_typedarray(env, napi_int32_array, n, buffer, 0, &out);
  return out;
}

NAPI_MODULE_INIT() {
  napi_value f;
  napi_create_function(env, "openNetlinkIn", NAPI_AUTO_LENGTH, open_netlink_in, NULL, &f);
  napi_set_named_property(env, exports, "openNetlinkIn", f);
  napi_create_function(env, "openFileIn", NAPI_AUTO_LENGTH, open_file_in, NULL, &f);
  napi_set_named_property(env, exports, "openFileIn", f);
  napi_create_function(env, "pending", NAPI_AUTO_LENGTH, pending, NULL, &f);
  napi_set_named_property(env, exports, "pending", f);
  napi_create_function(env, "writeFilesIn", NAPI_AUTO_LENGTH, write_files_in, NULL, &f);
  napi_set_named_property(env, exports, "writeFilesIn", f);
  napi_create_function(env, "linkDetected", NAPI_AUTO_LENGTH, link_detected, NULL, &f);
  napi_set_named_property(env, exports, "linkDetected", f);
  napi_create_function(env, "ifindexOf", NAPI_AUTO_LENGTH, ifindex_of, NULL, &f);
  napi_set_named_property(env, exports, "ifindexOf", f);
  napi_create_function(env, "inodesIn", NAPI_AUTO_LENGTH, inodes_in, NULL, &f);
  napi_set_named_property(env, exports, "inodesIn", f);
  napi_create_function(env, "watchDir", NAPI_AUTO_LENGTH, watch_dir, NULL, &f);
  napi_set_named_property(env, exports, "watchDir", f);
  napi_create_function(env, "revents", NAPI_AUTO_LENGTH, revents, NULL, &f);
  napi_set_named_property(env, exports, "revents", f);
  napi_create_function(env, "netnsBatch", NAPI_AUTO_LENGTH, netns_batch, NULL, &f);
  napi_set_named_property(env, exports, "netnsBatch", f);
  /* 2: openNetlinkIn takes a multicast group mask; 3: pending; 4: linkDetected; 5: writeFilesIn;
     6: inodesIn, ifindexOf; 7: watchDir, revents; 8: netnsBatch; 9: netnsBatch's `then` */
  napi_create_uint32(env, 9, &f);
  napi_set_named_property(env, exports, "version", f);
  return exports;
}
