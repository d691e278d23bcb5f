#!/bin/sh
# System packages docbuild's tests need: tesseract with English and German (OCR), poppler-utils, chromium.
# Idempotent (does nothing when all are installed), works as root or through sudo, and exits 0
# with a notice where apt-get is unavailable (macOS, Alpine, containers without apt).
# Usage: scripts/install-system.sh [extra tesseract language codes, e.g. fra chi_sim]
set -eu

# chromium: the `docbuild view` test opens the generated site in a real headless browser (driven by playwright).
packages="tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu poppler-utils chromium"
for lang in "$@"; do
    packages="$packages tesseract-ocr-$(echo "$lang" | tr '[:upper:]_' '[:lower:]-')"
done

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-system.sh: apt-get not found; install these with your package manager: $packages" >&2
    exit 0
fi

missing=""
for pkg in $packages; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done

if [ -z "$missing" ]; then
    echo "install-system.sh: already installed: $packages"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    run=""
elif command -v sudo >/dev/null 2>&1; then
    run="sudo"
else
    echo "install-system.sh: need root (or sudo) to install:$missing" >&2
    exit 1
fi

echo "install-system.sh: installing:$missing"
# shellcheck disable=SC2086  # word splitting of the package list is intended
$run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
