#!/bin/sh
set -e
if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
  rm -f /usr/share/polkit-1/actions/org.nslab.helper.policy
fi
