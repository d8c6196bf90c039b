# Shared by ./start and ./test: a virtual environment with the pinned requirements.
# Usage: . scripts/bootstrap.sh REQUIREMENTS_FILE
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "需要 Python 3.11 或更高版本 / Python >= 3.11 is required" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "→ creating .venv"
  "$PYTHON" -m venv .venv
fi
REQ="$1"
STAMP=".venv/.installed-$(basename "$REQ")"
if [ ! -f "$STAMP" ] || [ -n "$(find requirements*.txt -newer "$STAMP" 2>/dev/null)" ]; then
  echo "→ installing $(basename "$REQ")"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$REQ"
  touch "$STAMP"
fi
