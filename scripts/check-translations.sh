#!/usr/bin/env bash
# Every Vietnamese catalogue must be complete: no empty and no fuzzy msgstr, valid format strings,
# and a compiled .mo beside it that matches the .po (Django reads only the .mo).
set -euo pipefail
command -v msgfmt >/dev/null || { echo "msgfmt not found: install Debian's gettext" >&2; exit 1; }
status=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
while IFS= read -r po; do
  stats=$(LC_ALL=C msgfmt --check --statistics -o "$tmp/new.mo" "$po" 2>&1) || { echo "$po: $stats"; status=1; continue; }
  if [[ "$stats" == *untranslated* || "$stats" == *fuzzy* ]]; then
    echo "$po: $stats"; status=1
  fi
  mo=${po%.po}.mo
  if [ ! -f "$mo" ]; then
    echo "$po: no compiled $mo (run: msgfmt -o $mo $po)"; status=1
  elif ! python3 - "$mo" "$tmp/new.mo" <<'PY'
import gettext, sys
def load(path):
    with open(path, "rb") as f:
        catalog = dict(gettext.GNUTranslations(f)._catalog)
    catalog.pop("", None)  # the header: msgfmt versions differ in which dates they keep
    return catalog
sys.exit(0 if load(sys.argv[1]) == load(sys.argv[2]) else 1)
PY
  then
    echo "$po: $mo is out of date (run: msgfmt -o $mo $po)"; status=1
  fi
done < <(find egov -path '*/locale/*/LC_MESSAGES/*.po' | sort)
[ "$status" = 0 ] && echo "translations: every catalogue complete and compiled"
exit "$status"
