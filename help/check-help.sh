#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The help's pages beyond their syntax (validate-help checks that):
# every page has a final revision and the CC BY-SA 3.0 licence, no broken
# link, no page whose id differs from its file name, no page no guide
# links to, and every page is installed (listed in help/meson.build).
#
#   check-help.sh HELPDIR
set -euo pipefail

dir="$1/C"
status=0

problems () {
  local what="$1"; shift
  local out
  out="$(yelp-check "$@" "$dir")"
  if [ -n "$out" ]; then
    echo "FAIL: $what:"; echo "$out"; status=1
  else
    echo "ok: $what"
  fi
}

problems "pages without a final revision" status --except final
problems "pages without the CC BY-SA 3.0 licence" license --except cc-by-sa-3.0
problems "broken links" links
problems "ids that are not the file name" ids
problems "pages no guide links to" orphans

for page in "$dir"/*.page; do
  name="$(basename "$page")"
  if ! grep -q "'$name'" "$1/meson.build"; then
    echo "FAIL: $name is not installed (help/meson.build)"; status=1
  fi
done
exit $status
