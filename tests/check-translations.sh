#!/bin/sh
# Translations stay whole.
#
#   check-translations.sh msgids SOURCE_ROOT
#     Extracts the messages as `meson compile stagecraft-pot` does and fails
#     on a msgid xgettext had to cut short: a format macro such as
#     G_GINT64_FORMAT inside a _() string ends the literal xgettext sees, so
#     "%s v%" G_GINT64_FORMAT becomes the msgid "%s v%", which no
#     translation can match. Format the number first, or use %d.
#
#   check-translations.sh complete SOURCE_ROOT
#     Every language of po/LINGUAS has a po file that, merged with the
#     messages of today's sources (msgmerge, as stagecraft-update-po does),
#     has no untranslated and no fuzzy message and passes msgfmt --check
#     (formats, plural forms, header) and --check-accelerators=_ (one
#     mnemonic where the English has one).
#     A new or changed string fails it until it is translated: run
#     `meson compile -C build stagecraft-update-po`, translate what is new
#     in po/*.po, and commit.
set -eu
mode="$1"
top="${2:-${SC_SOURCE_ROOT:?}}"
cd "$top"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the arguments of i18n.gettext (preset: 'glib') in po/meson.build
xgettext --package-name=stagecraft --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  --files-from=po/POTFILES.in --directory="$top" --output="$tmp/stagecraft.pot" \
  2>"$tmp/xgettext.err"

status=0
case "$mode" in
msgids)
  # xgettext warns when a msgid in a format position is no valid format
  # string ("The string ends in the middle of a directive")
  if grep -i 'not a valid C format string' "$tmp/xgettext.err"; then
    status=1
  fi
  # one message a line, then: a msgid (or plural) ending in "%", or a "%"
  # followed by a quote, a space or nothing a conversion could start with
  msgcat --no-wrap --no-location -o "$tmp/flat.pot" "$tmp/stagecraft.pot"
  if grep -nE '^msgid(_plural)? ".*(^|[^%])(%%)*%"$' "$tmp/flat.pot"; then
    echo "these msgids end in the middle of a format directive (a macro such as"
    echo "G_GINT64_FORMAT inside _() cuts them at extraction)"
    status=1
  fi
  n=$(grep -c '^msgid ' "$tmp/flat.pot")
  [ $status -eq 0 ] && echo "$((n - 1)) msgids, none cut short"
  ;;
complete)
  langs=$(grep -v '^#' po/LINGUAS | tr -s ' \n' '  ')
  if [ -z "$(echo $langs)" ]; then
    echo "po/LINGUAS lists no language"
    exit 1
  fi
  for lang in $langs; do
    if [ ! -f "po/$lang.po" ]; then
      echo "po/LINGUAS lists $lang but po/$lang.po does not exist"
      status=1
      continue
    fi
    msgmerge --quiet --previous -o "$tmp/$lang.po" "po/$lang.po" "$tmp/stagecraft.pot"
    if ! stats=$(LC_ALL=C msgfmt --check --check-accelerators=_ --statistics -o /dev/null "$tmp/$lang.po" 2>&1); then
      echo "$lang: msgfmt --check fails:"
      echo "$stats"
      status=1
      continue
    fi
    echo "$lang: $stats"
    case "$stats" in
    *untranslated*|*fuzzy*)
      echo "$lang: not complete; these need a translation (or a fresh look):"
      msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -E '^msgid' | grep -v '^msgid ""$' || true
      msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" | grep -E '^msgid' | grep -v '^msgid ""$' || true
      echo "run 'meson compile -C build stagecraft-update-po' and translate them in po/$lang.po"
      status=1
      ;;
    esac
    # the plural forms of the language's header are the ones msginit gives it
    if ! grep -q '^"Plural-Forms: nplurals=[0-9]*; plural=' "po/$lang.po"; then
      echo "$lang: no Plural-Forms header"
      status=1
    fi
  done
  ;;
*)
  echo "usage: $0 msgids|complete SOURCE_ROOT" >&2
  exit 2
  ;;
esac
exit $status
