#!/bin/sh
# The include rules of HACKING.md's layout, checked on the sources:
# - no widget in src/app includes sc-window.h: only the application does
#   (and sc-window.c itself); views get what the window knows handed down;
# - the server's routes are tables: no routes file includes sc-server.h,
#   and sc-server.c includes no routes file but sc-routes.h (the list);
# - storage (src/server/store/) sits below the server: its files include
#   only each other, src/core and config.h, never promotion code, requests
#   or routes (the demo set is seeded above it, src/server/sc-demo-seed.c).
set -eu
top="${1:-${SC_SOURCE_ROOT:?}}"
cd "$top"
status=0

for f in $(grep -l '#include "sc-window\(-private\)\?\.h"' src/app/*.c src/app/*.h || true); do
  case "$f" in
    src/app/sc-application.c|src/app/sc-window.c|src/app/sc-window-private.h) ;;
    *) echo "$f includes sc-window.h: only the application may"; status=1 ;;
  esac
done

for f in $(grep -l '#include "sc-server\.h"' src/server/sc-routes*.c src/server/sc-routes.h || true); do
  echo "$f includes sc-server.h: a routes file is a table the server walks"
  status=1
done

if grep -q '#include "sc-routes-' src/server/sc-server.c; then
  echo "src/server/sc-server.c includes a routes file: it knows only sc-routes.h"
  status=1
fi
if grep -q 'sc_routes_[a-z]*_register' src/server/sc-server.c; then
  echo "src/server/sc-server.c calls into a routes file"
  status=1
fi

for f in src/server/store/*.c src/server/store/*.h; do
  for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
    case "$h" in
      config.h) ;;
      *) if [ ! -e "src/server/store/$h" ] && [ ! -e "src/core/$h" ]; then
           echo "$f includes $h: storage includes nothing from the server layer"
           status=1
         fi ;;
    esac
  done
done

exit $status
