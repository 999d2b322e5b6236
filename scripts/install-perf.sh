#!/usr/bin/env bash
# Installs perf (Debian's linux-perf) for the profiling scripts, when it is missing. A no-op when
# perf is on PATH. Installs only as root, non-interactively; otherwise says what to run. Exit 0
# when perf is on PATH afterwards, 2 when it is still missing.
#
#   scripts/install-perf.sh
set -euo pipefail
command -v perf >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-perf: perf is missing; as root run: apt-get update && apt-get install -y linux-perf" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq linux-perf; } >/dev/null 2>&1 || ! command -v perf >/dev/null 2>&1; then
  echo "install-perf: perf is missing and could not be installed (apt-get install linux-perf)" >&2
  exit 2
fi
