#!/usr/bin/env bash
# Installs headless Chromium for the report viewer test (tests/FtCore.Demo.Tests ReportChromium*),
# when missing. Idempotent and quick when it is there (no apt-get at all). Installs only as root
# (CI runs as root), non-interactively; otherwise says what to run. Prints the browser's path and
# exits 0 when a Chromium is there afterwards, 1 when it is still missing.
#
#   scripts/install-chromium.sh
set -euo pipefail

find_browser() {
    for b in chromium chromium-browser google-chrome-stable google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
    done
    return 1
}

if path=$(find_browser); then
    echo "$path"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-chromium: chromium is missing; as root run: apt-get install -y chromium" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium: chromium is missing and there is no apt-get here; install Chromium with this system's package manager" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium >&2
if path=$(find_browser); then
    echo "$path"
    exit 0
fi
echo "install-chromium: apt-get ran but no chromium is on PATH" >&2
exit 1
