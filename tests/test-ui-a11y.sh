#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-ui-a11y: every view and dialog sc-screenshots opens (1280×800 and
# 360×720, against the real demo server) is checked as a screen reader sees
# it (GTK's AT-SPI cache, tests/sc-a11y-walk.c); fails on any control
# without an accessible name, each printed with its view and place.
#   test-ui-a11y.sh SC-SCREENSHOTS-BINARY
set -euo pipefail
shots="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# the suite turns accessibility off; a screen reader's view needs it on
unset GTK_A11Y NO_AT_BRIDGE
export GSK_RENDERER=cairo GSETTINGS_BACKEND=memory
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export SC_A11Y_WALK=1
# its own X server, larger than the largest shot (GTK keeps a window within
# the screen, and 1280×800 with its shadows is wider than the suite's
# 1280×1024), and a private session bus: the accessibility bus starts on it
exec xvfb-run -a -s "-screen 0 1600x1200x24" dbus-run-session -- "$shots" "$tmp/shots"
