#!/usr/bin/env bash
# Every Vietnamese catalogue must be complete:
#  1. no empty and no fuzzy msgstr, valid format strings, and a compiled .mo beside it that matches the .po
#     (Django reads only the .mo);
#  2. every translatable string in the code and templates is in its app's catalogue: Django's makemessages
#     runs in a copy of the tree (this tree is never touched) and each app's msgids are compared with the
#     committed egov/<app>/locale/vi/LC_MESSAGES/django.po;
#  3. no msgid (with its context) translated differently by two catalogues: Django merges them and the
#     first app in INSTALLED_APPS wins, so the other app's pages would show a wording not written for them.
# DJANGO_PYTHON is the Python with Django installed (default: .venv/bin/python, else python3).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in msgfmt msgen xgettext msgmerge; do
  command -v "$tool" >/dev/null || { echo "$tool not found: install Debian's gettext" >&2; exit 1; }
done
status=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The msgids of a .po or .pot, one per line (context and msgid joined by " | " when there is a context).
msgids() {
  msgen "$1" 2>/dev/null | msgfmt --use-fuzzy -o "$tmp/ids.mo" - 2>/dev/null
  python3 - "$tmp/ids.mo" <<'PY'
import struct, sys
# The originals table of a .mo (GNU gettext's format): count at byte 8, table offset at byte 12,
# then (length, offset) pairs. A plural msgid is "singular\0plural"; the header is the empty msgid.
data = open(sys.argv[1], "rb").read()
order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
count, table = struct.unpack(order + "4x4xII", data[:16])
ids = set()
for i in range(count):
    length, offset = struct.unpack(order + "II", data[table + 8 * i : table + 8 * i + 8])
    ids.add(data[offset : offset + length].split(b"\0")[0].decode())
ids.discard("")
# Sorted as printed, byte by byte (comm reads them with LC_ALL=C): a context's separator printed as " | "
# sorts elsewhere than the raw \x04 would.
shown = (m.replace("\x04", " | ").replace("\\", "\\\\").replace("\n", "\\n") for m in ids)
for line in sorted(shown, key=lambda text: text.encode()):
    print(line)
PY
}

# ---- 1. complete and compiled ------------------------------------------------------------------
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

# ---- 2. nothing in the code missing from its catalogue -------------------------------------------
python=${DJANGO_PYTHON:-}
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=$PWD/.venv/bin/python; else python=$(command -v python3); fi
fi
# Only what makemessages reads: the package and manage.py, without caches or collected files.
mkdir "$tmp/tree"
tar -cf - --exclude=__pycache__ --exclude='*.mo' egov manage.py | tar -xf - -C "$tmp/tree"
# One run from egov/ covers every app: each file's strings go to the nearest locale/ folder above it
# (egov/<app>/locale, else egov/locale), as `make messages` does app by app. --keep-pot leaves each
# folder's django.pot: exactly the msgids the code and templates hold now.
(cd "$tmp/tree/egov" && EGOV_DEBUG=1 "$python" ../manage.py makemessages -l vi --no-location --keep-pot -v0)
while IFS= read -r pot; do
  folder=${pot#"$tmp/tree/"}; folder=${folder%/django.pot}
  po=$folder/vi/LC_MESSAGES/django.po
  app=${folder#egov/}; app=${app%/locale}; [ "$app" = locale ] && app=""
  msgids "$pot" > "$tmp/code.txt"
  if [ -f "$po" ]; then msgids "$po" > "$tmp/catalogue.txt"; else : > "$tmp/catalogue.txt"; fi
  missing=$(LC_ALL=C comm -23 "$tmp/code.txt" "$tmp/catalogue.txt")
  if [ -n "$missing" ]; then
    count=$(printf '%s\n' "$missing" | wc -l)
    echo "$po: $count msgid(s) in the code are missing (run: make messages${app:+ APP=$app}, then translate):"
    printf '%s\n' "$missing" | sed 's/^/    /'
    status=1
  fi
done < <(find "$tmp/tree/egov" -path '*/locale/django.pot' | sort)

# ---- 3. one wording per msgid across catalogues --------------------------------------------------
# Django merges the apps' catalogues into one: for a msgid (and context) two apps translate differently,
# the app listed first in INSTALLED_APPS wins (the project catalogue egov/locale outranks them all), so
# the other app's pages show a wording written for another screen. A msgid means one thing everywhere:
# where the meanings differ, give it a context (pgettext / {% translate … context "…" %}).
if ! clashes=$(python3 - <<'PY'
import gettext, glob, sys
found = {}
for mo in sorted(glob.glob("egov/**/locale/vi/LC_MESSAGES/django.mo", recursive=True)):
    with open(mo, "rb") as f:
        catalogue = dict(gettext.GNUTranslations(f)._catalog)
    catalogue.pop("", None)
    for msgid, msgstr in catalogue.items():
        found.setdefault(msgid, {})[mo.split("/locale/")[0]] = msgstr
bad = 0
for msgid, by_app in sorted(found.items(), key=lambda item: str(item[0])):
    if len(set(by_app.values())) > 1:
        bad += 1
        shown = (msgid[0] if isinstance(msgid, tuple) else msgid).replace("\x04", " | ")
        print(f"    {shown!r}: " + "; ".join(f"{app} {text!r}" for app, text in by_app.items()))
sys.exit(1 if bad else 0)
PY
); then
  echo "msgids translated differently by two catalogues (give one a context, or one wording):"
  printf '%s\n' "$clashes"
  status=1
fi

# xgettext reads no call inside an f-string: such words never reach a catalogue and stay English.
if hidden=$(grep -rnE -e '\{(_|gettext|pgettext|ngettext|gettext_lazy)\(' \
    -e "f'[^']*\\{[^}]*\\b(_|gettext|pgettext|ngettext|gettext_lazy)\\(" \
    -e 'f"[^"]*\{[^}]*\b(_|gettext|pgettext|ngettext|gettext_lazy)\(' egov --include=*.py); then
  echo "translated words inside an f-string (xgettext cannot see them; move the call out of the f-string):"
  printf '    %s\n' "$hidden"
  status=1
fi

[ "$status" = 0 ] && echo "translations: every catalogue complete, compiled, and holding every string of the code, one wording per msgid"
exit "$status"
