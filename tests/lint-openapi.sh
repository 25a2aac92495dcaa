#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Lints data/openapi.yaml with the Redocly CLI pinned in tools/ (configured by
# redocly.yaml at the top of the source tree). Fails when the linter is
# missing, fails, or reports any problem — warnings included.
#
# usage: lint-openapi.sh [SOURCE_ROOT]   (default: $SC_SOURCE_ROOT)

set -u

root=${1:-${SC_SOURCE_ROOT:-}}
if [ -z "$root" ]; then
  echo "usage: $0 SOURCE_ROOT (or set SC_SOURCE_ROOT)" >&2
  exit 2
fi

redocly="$root/tools/node_modules/.bin/redocly"
if [ ! -x "$redocly" ]; then
  echo "The OpenAPI linter is missing: $redocly" >&2
  echo "Install it with scripts/setup-deps (or: cd tools && npm ci)." >&2
  exit 1
fi

# No network: no telemetry, no update check.
REDOCLY_TELEMETRY=off
REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export REDOCLY_TELEMETRY REDOCLY_SUPPRESS_UPDATE_NOTICE

output=$(mktemp) || exit 1
trap 'rm -f "$output"' EXIT

cd "$root" || exit 1
"$redocly" lint --config redocly.yaml --format=stylish data/openapi.yaml >"$output" 2>&1
status=$?
cat "$output"

if [ "$status" -ne 0 ]; then
  echo "redocly lint failed (exit status $status)" >&2
  exit 1
fi
# Stylish problem lines look like "  12:5  warning  rule-name  message".
if grep -Eq '^[[:space:]]*[0-9]+:[0-9]+[[:space:]]+(error|warning|info)[[:space:]]' "$output" ||
   grep -Eq 'You have [0-9]+ warnings?' "$output"; then
  echo "redocly lint reported problems" >&2
  exit 1
fi
if ! grep -q 'validated in' "$output"; then
  echo "redocly lint did not say that it validated data/openapi.yaml" >&2
  exit 1
fi
exit 0
