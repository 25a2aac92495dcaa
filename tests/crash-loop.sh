#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The crash-consistency loop of the suite (test-server-crash), longer:
#   tests/crash-loop.sh BUILD_DIR [KILLS] [SEED]
# kills the server KILLS times (default 500) with seed SEED (default: the
# time), checking after each restart what the suite checks after its 50.
set -eu
build=${1:?usage: tests/crash-loop.sh BUILD_DIR [KILLS] [SEED]}
kills=${2:-500}
seed=${3:-$(date +%s)}
echo "crash loop: $kills kills, seed $seed"
SC_CRASH_KILLS=$kills SC_CRASH_SEED=$seed \
  meson test -C "$build" --print-errorlogs --timeout-multiplier 0 -v test-server-crash
