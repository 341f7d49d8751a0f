#!/bin/sh
# deb post-install: the polkit policy goes where polkitd reads it; the helper wrapper must be
# root-owned and not writable by anyone else, or pkexec would elevate whatever a user put there.
set -e
install -D -m 0644 /opt/nslab/resources/polkit/org.nslab.helper.policy /usr/share/polkit-1/actions/org.nslab.helper.policy
chown root:root /opt/nslab/resources/helper/nslab-helper /opt/nslab/resources/helper/helper.mjs
chmod 0755 /opt/nslab/resources/helper/nslab-helper
chmod 0644 /opt/nslab/resources/helper/helper.mjs
