#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run it.
# System packages (tesseract …) come from scripts/install-system.sh; Python ones from pyproject's [dev] extra.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
python3 -m pip install --quiet --disable-pip-version-check -e '.[dev]'
export OMP_THREAD_LIMIT=1
exec python3 -m pytest -q -p no:cacheprovider "$@"
