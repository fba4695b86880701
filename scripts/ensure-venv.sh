#!/usr/bin/env bash
# Create the project's virtual environment. On a fresh Debian machine python3-venv
# may be missing: install it with apt when we are root (or have sudo), so that
# `make demo` and `make test` need nothing typed by hand first.
# usage: scripts/ensure-venv.sh [python] [venv-dir]
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}
if ! command -v "$python" >/dev/null; then
  echo "egov needs Python 3.11 or newer ($python not found)" >&2; exit 1
fi
"$python" - <<'PY' || { echo "egov needs Python 3.11 or newer; $python is older (set PYTHON=python3.12 for example)" >&2; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
if "$python" -m venv "$venv" 2>/dev/null && [ -x "$venv/bin/pip" ]; then
  exit 0
fi
# Debian splits venv and ensurepip into python3.X-venv.
rm -rf "$venv"
source "$(dirname "$0")/apt-lib.sh"
ver=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
if ! apt_install "python${ver}-venv" && ! apt_install python3-venv; then
  echo "Cannot create $venv: install Debian's python${ver}-venv (sudo apt-get install python${ver}-venv) and retry" >&2
  exit 1
fi
"$python" -m venv "$venv"
