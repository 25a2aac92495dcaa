#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The server's systemd unit: `systemd-analyze verify` (syntax, every
# directive known) with ExecStart pointed at the built server, then
# `systemd-analyze security --offline` must rate its exposure at most 2.0
# ("OK"): the hardening options cannot quietly go.
#
#   validate-systemd-unit.sh UNIT SERVER-BINARY
set -euo pipefail

command -v systemd-analyze >/dev/null || { echo "no systemd-analyze"; exit 77; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
server="$(realpath "$2")"
unit="$tmp/$(basename "$1")"
sed "s|^ExecStart=[^ ]*/stagecraft-server |ExecStart=$server |" "$1" > "$unit"
grep -q "^ExecStart=$server " "$unit"

systemd-analyze verify --man=no "$unit"
systemd-analyze security --offline=true --threshold=20 --no-pager "$unit" | tail -1
