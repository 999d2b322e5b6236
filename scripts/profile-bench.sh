#!/usr/bin/env bash
# Where a bench's CPU goes, on this machine: `ftcore bench` with perf watching its measured window.
#   scripts/profile-bench.sh [MODE] [CLIENTS] [SECONDS]     (defaults: passive 64 8)
# Prints the bench's own result (ops/s, CPU per request per process and for the whole machine),
# then per request: syscalls (sendto, recvfrom, epoll_wait, futex) and context switches over the
# whole machine; then the share of samples per process split into kernel and user (.NET code is
# resolved through perf maps), and the 25 hottest symbols. Needs perf (installs Debian's linux-perf
# when missing; you are root) and leaves perf.data in a temp folder it prints.
set -euo pipefail
mode=${1:-passive}
clients=${2:-64}
seconds=${3:-8}
cd "$(dirname "$0")/.."
bash scripts/install-perf.sh
dotnet build src/Demo -c Release -v q -nologo >/dev/null
dll=src/Demo/bin/Release/net10.0/ftcore.dll
dir=$(mktemp -d /tmp/ftcore-profile-XXXXXX)
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
# A fixed 8 s warm-up, so perf can start inside the measured window.
dotnet "$dll" bench --mode "$mode" --clients "$clients" --warmup 8s --duration "$((seconds + 4))s" --json >"$dir/bench.json" 2>"$dir/bench.err" &
bench=$!
sleep 10
perf stat -a -x, -e 'syscalls:sys_enter_sendto,syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex,context-switches' -o "$dir/stat.csv" -- sleep "$seconds" &
perf record -q -F 499 -a -g -o "$dir/perf.data" -- sleep "$seconds" 2>/dev/null
wait %2 2>/dev/null || true
wait "$bench" || { echo "bench failed; see $dir/bench.err" >&2; exit 1; }
ops=$(sed -n 's/.*"ops_per_s":\([0-9.]*\).*/\1/p' "$dir/bench.json")
echo "bench: $(sed -n 's/.*\("ops_per_s":[0-9.]*\).*\("cpu_us_per_request":[0-9.]*\).*\("machine_cpu_us_per_request":[0-9.]*\).*\("bench_alloc_bytes_per_request":[0-9.]*\).*/\1 \2 \3 \4/p' "$dir/bench.json")"
echo "cpu_ms per process: $(sed -n 's/.*"cpu_ms":\({[^}]*}\).*/\1/p' "$dir/bench.json")"
echo "per request over the whole machine ($seconds s at about $ops requests/s):"
awk -F, -v ops="$ops" -v s="$seconds" '$1 ~ /^[0-9]+$/ { printf "  %-35s %6.2f\n", $3, $1 / (ops * s) }' "$dir/stat.csv"
echo "samples by thread name, kernel / user (CPU per process is in cpu_ms above):"
perf report -i "$dir/perf.data" --no-children --sort comm,dso -g none -t '|' 2>/dev/null | grep -v '^#' | grep -v '^$' \
  | awk -F'|' '{ pct = $1; gsub(/[ %]/, "", pct); comm = $2; gsub(/ +$/, "", comm); gsub(/ /, "_", comm); k = ($3 ~ /kernel/) ? pct : 0;
                 K[comm] += k; U[comm] += pct - k; TK += k; TU += pct - k }
               END { for (c in K) if (K[c] + U[c] >= 0.5) printf "  %-18s %5.1f%% kernel %5.1f%% user\n", c, K[c], U[c];
                     printf "  %-18s %5.1f%% kernel %5.1f%% user\n", "(all)", TK, TU }' | sort -k2 -rn
echo "hottest symbols:"
perf report -i "$dir/perf.data" --no-children --sort sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25 | cut -c1-160
echo "perf data and the bench's output: $dir"
