#!/bin/sh
# Every source file with a translatable string is listed in po/POTFILES.in,
# every listed file exists, and xgettext can read them all.
set -eu
top="${1:-${SC_SOURCE_ROOT:?}}"
cd "$top"

listed=$(grep -v '^#' po/POTFILES.in | grep -v '^$' | sort)
status=0

for f in $listed; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in lists $f, which does not exist"
    status=1
  fi
done

found=$( (grep -rlE '(^|[^A-Za-z0-9_])N?_ ?\(' --include='*.c' src || true;
          grep -rl 'translatable="yes"' --include='*.ui' src || true;
          ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true) | sort -u)
for f in $found; do
  if ! printf '%s\n' "$listed" | grep -qx "$f"; then
    echo "$f has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done

if command -v xgettext >/dev/null; then
  tmp=$(mktemp)
  if ! xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
       --files-from=po/POTFILES.in --directory="$top" --output="$tmp" 2>"$tmp.err"; then
    cat "$tmp.err"
    status=1
  fi
  rm -f "$tmp" "$tmp.err"
fi

[ $status -eq 0 ] && echo "POTFILES.in lists all $(printf '%s\n' "$listed" | wc -l) files with translatable strings"
exit $status
