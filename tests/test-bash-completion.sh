#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The bash completion of stagecraft-server: sourced into a bash, asked for
# what it completes after each typed command line.
#
#   test-bash-completion.sh COMPLETION-FILE
set -uo pipefail

# shellcheck source=/dev/null
source "$1"

failures=0

# check "typed line, cursor at its end" "expected completions, sorted"
check () {
  local line="$1" expected="$2" got
  read -ra COMP_WORDS <<< "$line"
  # a trailing space: completing a new, empty word
  [[ "$line" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMP_LINE="$line" COMP_POINT=${#line}
  COMPREPLY=()
  _stagecraft_server stagecraft-server "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]:-}"
  got="$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//')"
  if [ "$got" = "$expected" ]; then
    echo "ok: '$line' → $got"
  else
    echo "FAIL: '$line' → '$got', expected '$expected'"
    failures=$((failures + 1))
  fi
}

[ "$(complete -p stagecraft-server)" = "complete -F _stagecraft_server stagecraft-server" ] \
  || { echo "FAIL: no completion registered for stagecraft-server"; failures=$((failures + 1)); }

check "stagecraft-server " "apikey migrate-db org token user"
check "stagecraft-server o" "org"
check "stagecraft-server org " "add"
check "stagecraft-server token " "revoke"
check "stagecraft-server user a" "add"
check "stagecraft-server org add Acme " ""
check "stagecraft-server --database x.db " "apikey migrate-db org token user"
check "stagecraft-server --database x.db user " "add"
check "stagecraft-server --tls" "--tls-cert --tls-key"
check "stagecraft-server --d" "--database --demo"
check "stagecraft-server --i" "--idle-timeout --insecure-listen"
check "stagecraft-server org add Acme --type " "automation demo dev prod sit uat"
check "stagecraft-server org add Acme --type p" "prod"
check "stagecraft-server user add a@b.c --role " "admin developer reviewer viewer"
check "stagecraft-server user add a@b.c --role=re" "--role=reviewer"
check "stagecraft-server user add a@b.c --role = re" "reviewer"
check "stagecraft-server org add X --type = " "automation demo dev prod sit uat"
check "stagecraft-server --listen " ""

# every long option the program itself lists in --help is completed
if [ -n "${SC_SERVER_BINARY:-}" ]; then
  listed="$("$SC_SERVER_BINARY" --help | grep -o -- '--[a-z-]*' | grep -v -- '^--$' | sort -u | tr '\n' ' ' | sed 's/ $//')"
  check "stagecraft-server --" "$(echo "$listed" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')"
fi

# file names after the options that take a file
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
touch "$tmp/stagecraft.db"
check "stagecraft-server --database $tmp/stage" "$tmp/stagecraft.db"

exit $((failures > 0))
