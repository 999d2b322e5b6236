#!/usr/bin/env bash
# Watches the FtCore meter of a running ftcore process live with dotnet-counters (installed as a
# .NET global tool when missing; it restores from NuGet).
#   scripts/counters.sh PID                 # one process
#   scripts/counters.sh RUN_DIR NAME        # process NAME (RM, S1, C2, LFD1...) of a lab run, from RUN_DIR/pids
# Extra dotnet-counters flags may follow after --, e.g. `-- --duration 00:00:00:10`.
set -euo pipefail
tool="$HOME/.dotnet/tools/dotnet-counters"
if ! command -v dotnet-counters >/dev/null 2>&1 && [ ! -x "$tool" ]; then
  dotnet tool install -g dotnet-counters >/dev/null
fi
command -v dotnet-counters >/dev/null 2>&1 && tool=dotnet-counters
pid=${1:?usage: scripts/counters.sh PID | RUN_DIR NAME [-- dotnet-counters flags]}
shift
if [ -d "$pid" ]; then
  name=${1:?usage: scripts/counters.sh RUN_DIR NAME}
  shift
  file=$(ls "$pid/pids" | grep -E "^$name\.[0-9]+$" | tail -1 || true)
  [ -n "$file" ] || { echo "counters: no running $name in $pid/pids" >&2; exit 1; }
  pid=${file##*.}
fi
[ "${1:-}" = "--" ] && shift
exec "$tool" monitor -p "$pid" --counters FtCore "$@"
