/* What the addon's source files share (nsfd.c registers every function). */
#ifndef NSFD_H
#define NSFD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <node_api.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* v as a C string in buf (len bytes, NUL included); -1 when it is not a string or does not fit */
int nsfd_string(napi_env env, napi_value v, char *buf, size_t len);
/* back to the network namespace fd `self` (then closed); aborts the process if that fails */
void nsfd_leave(int self);
/* a NETLINK_ROUTE socket in the calling thread's namespace, bound, with extended and capped acks
   (non-blocking and joined to `groups` when non-zero); -errno on failure, `*opened` telling
   whether the socket was made (and the bind failed) */
int nsfd_route_socket(uint32_t groups, bool *opened);
/* throws Error("<what> <arg>: strerror(err)") with code String(err); returns NULL */
napi_value nsfd_throw_errno(napi_env env, const char *what, const char *arg, int err);

/* netns.c */
napi_value netns_batch(napi_env env, napi_callback_info info);
#endif
