#!/usr/bin/env bash
# Renders every view of Stagecraft with the demo data to PNG files, at
# 1280×800 and at 360×720, into ./screenshots/ (git-ignored):
#
#   tests/screenshots.sh [OUTPUT-DIR]
#
# Builds what is missing first (in ./build, or $BUILDDIR), then runs
# tests/sc-screenshots under a headless X server. It starts its own
# stagecraft-server --demo on 127.0.0.1 and stops it; nothing touches the
# user's keyring or settings (memory GSettings backend).
set -euo pipefail

top="$(cd "$(dirname "$0")/.." && pwd)"
builddir="${BUILDDIR:-$top/build}"
outdir="${1:-$top/screenshots}"

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$top"
fi
meson compile -C "$builddir" sc-screenshots stagecraft-server gsettings-compile-data

mkdir -p "$outdir"
# only what an earlier run left (NN-name.png)
rm -f "$outdir"/[0-9][0-9]-*.png

export SC_SERVER_BINARY="$builddir/src/server/stagecraft-server"
export GSETTINGS_SCHEMA_DIR="$builddir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
export GSETTINGS_BACKEND=memory
# the cairo renderer draws the same with or without GL under Xvfb
export GSK_RENDERER=cairo
export GTK_A11Y=none NO_AT_BRIDGE=1
# stay out of the user's session bus (keyring, portals), data and settings
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"

bus=()
if command -v dbus-run-session >/dev/null; then
  bus=(dbus-run-session --)
else
  unset DBUS_SESSION_BUS_ADDRESS
fi

# the screen is larger than the largest shot: a window never outgrows it
"${bus[@]}" xvfb-run -a -s "-screen 0 1600x1200x24" "$builddir/tests/sc-screenshots" "$outdir"
