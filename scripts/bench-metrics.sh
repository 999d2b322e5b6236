#!/usr/bin/env bash
# What metrics cost: `ftcore bench` with --metrics on and off, alternating, in one run.
#   scripts/bench-metrics.sh [ROUNDS] [DURATION] [CLIENTS]     (defaults: 3 rounds, 10s, 64 clients)
# Builds Release once, then for each round and each mode (passive, active) runs on then off
# (the order flips every round, so neither always runs first). Prints a line per run, then per mode the
# median throughput of each setting and off/on. Metrics on = the FtCore meter in every process
# with a listener writing <run>/metrics/*.jsonl every second, and each host timing its links.
set -euo pipefail
rounds=${1:-3}
duration=${2:-10s}
clients=${3:-64}
cd "$(dirname "$0")/.."
dotnet build src/Demo -c Release -v q -nologo >/dev/null
dll=src/Demo/bin/Release/net10.0/ftcore.dll
out=$(mktemp)
trap 'rm -f "$out"' EXIT
ops() { sed -n 's/.*"ops_per_s":\([0-9.]*\).*/\1/p'; }
p99() { sed -n 's/.*"p99_us":\([0-9.]*\).*/\1/p'; }
# CPU time of every process (the bench's clients included) per answered request, in microseconds.
cpu() { sed -n 's/.*"requests":\([0-9]*\).*"cpu_ms":{\([^}]*\)}.*/\1 \2/p' | tr ',:' '  ' | awk '{ s = 0; for (i = 3; i <= NF; i += 2) s += $i; printf "%.1f", s * 1000 / $1 }'; }
for r in $(seq 1 "$rounds"); do
  order="on off"
  [ $((r % 2)) -eq 0 ] && order="off on"
  for m in passive active; do
    for x in $order; do
      json=$(dotnet "$dll" bench --mode "$m" --clients "$clients" --duration "$duration" --metrics "$x" --json 2>/dev/null)
      echo "round $r $m metrics $x: $(echo "$json" | ops) ops/s, p99 $(echo "$json" | p99) us, cpu $(echo "$json" | cpu) us/request"
      echo "$m $x $(echo "$json" | ops) $(echo "$json" | cpu)" >> "$out"
    done
  done
done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
for m in passive active; do
  con=$(awk -v m="$m" '$1 == m && $2 == "on" { print $4 }' "$out" | median)
  coff=$(awk -v m="$m" '$1 == m && $2 == "off" { print $4 }' "$out" | median)
  on=$(awk -v m="$m" '$1 == m && $2 == "on" { print $3 }' "$out" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
  off=$(awk -v m="$m" '$1 == m && $2 == "off" { print $3 }' "$out" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
  echo "$m $clients clients, median of $rounds: metrics on $on ops/s, off $off ops/s, on/off $(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.3f", a / b }'); cpu per request on $con us, off $coff us, on/off $(awk -v a="$con" -v b="$coff" 'BEGIN { printf "%.3f", a / b }')"
done
