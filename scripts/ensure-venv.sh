#!/usr/bin/env bash
# Create the project's virtual environment. On a fresh Debian machine python3-venv
# may be missing: install it with apt when we are root (or have sudo), so that
# `make demo` and `make test` need nothing typed by hand first.
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}
if ! command -v "$python" >/dev/null; then
  echo "egov needs Python 3.11 or newer ($python not found)" >&2; exit 1
fi
"$python" - <<'PY' || { echo "egov needs Python 3.11 or newer" >&2; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
if ! "$python" -m venv "$venv" 2>/dev/null; then
  rm -rf "$venv"
  if command -v apt-get >/dev/null; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    ver=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "python${ver}-venv" || $sudo apt-get install -y -qq python3-venv
  fi
  "$python" -m venv "$venv"
fi
