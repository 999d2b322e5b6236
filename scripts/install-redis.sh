#!/usr/bin/env bash
# Installs redis-server (Debian's package) for `ftcore bench --vs-redis`, when it is missing.
# A no-op when redis-server is already on PATH (no apt-get at all). Installs only as root,
# non-interactively (apt-get update first); otherwise says what to run. Exit 0 when
# redis-server is on PATH afterwards, 1 when it is still missing.
#
#   scripts/install-redis.sh
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
    echo "install-redis: redis-server already installed ($(command -v redis-server))"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-redis: redis-server is missing; as root run: apt-get update && apt-get install -y redis-server" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-redis: redis-server is missing and there is no apt-get here; install Redis with this system's package manager" >&2
    exit 1
fi

echo "install-redis: installing redis-server with apt-get"
export DEBIAN_FRONTEND=noninteractive
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server; } >"$out" 2>&1; then
    cat "$out" >&2
    echo "install-redis: apt-get could not install redis-server (output above)" >&2
    exit 1
fi
# The package starts a system-wide redis-server (port 6379) where a service manager runs; the
# bench starts its own on free ports and needs none, so stop it when systemd is there.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl stop redis-server >/dev/null 2>&1 || true
    systemctl disable redis-server >/dev/null 2>&1 || true
fi
if ! command -v redis-server >/dev/null 2>&1; then
    echo "install-redis: redis-server still not on PATH after installing the package" >&2
    exit 1
fi
echo "install-redis: installed $(redis-server --version | head -n 1)"
