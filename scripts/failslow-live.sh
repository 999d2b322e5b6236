#!/usr/bin/env bash
# Live fail-slow accuracy: `ftcore lab --scenario fail-slow` for seeds FIRST..LAST, one after the other.
#   scripts/failslow-live.sh [FIRST] [LAST] [MODE]      (defaults: 1 10 passive)
# Each run slows a replica chosen by its seed (the leader or not) by 10..50 ms after a learning
# phase, waits for the RM to name it, undoes it and waits for the RM to clear it. Prints per seed the
# slowed replica, what the RM named, the time to detection and to clearing, then the tally. The run
# folders are kept under a temp folder it prints (each has report.html). Exit 1 when any run failed.
set -uo pipefail
first=${1:-1}
last=${2:-10}
mode=${3:-passive}
cd "$(dirname "$0")/.."
dotnet build src/Demo -c Release -v q -nologo >/dev/null || exit 2
dll=src/Demo/bin/Release/net10.0/ftcore.dll
root=$(mktemp -d /tmp/ftcore-failslow-XXXXXX)
echo "run folders in $root"
right=0; total=0; times=()
for seed in $(seq "$first" "$last"); do
  out="$root/seed-$seed"
  dotnet "$dll" lab --scenario fail-slow --mode "$mode" --seed "$seed" --out "$out" >"$root/seed-$seed.txt" 2>&1
  code=$?
  total=$((total + 1))
  ev="$out/lab-events.jsonl"
  slowed=$(grep -o 'admin slow S[0-9]* --delay [0-9]*ms ([a-z ]*)' "$ev" 2>/dev/null | head -1 | sed 's/^admin slow //')
  named=$(grep -o 'the RM named [^"]*' "$ev" 2>/dev/null | head -1)
  detect=$(echo "$named" | sed -n 's/.*about \([0-9.]*\) s after.*/\1/p')
  cleared=$(grep -o 'the RM cleared [^"]* about [0-9.]* s' "$ev" 2>/dev/null | sed 's/.*about \([0-9.]*\) s/\1/')
  if [ "$code" -eq 0 ] && echo "$named" | grep -q "(the right replica)"; then
    right=$((right + 1)); times+=("$detect")
    verdict="right"
  else
    verdict="FAILED (exit $code; see $root/seed-$seed.txt)"
  fi
  echo "seed $seed: slowed ${slowed:-?}; ${named:-the RM named nobody}; cleared after ${cleared:-?} s: $verdict"
done
median=$(printf '%s\n' "${times[@]:-}" | grep . | sort -n | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2); else print "-" }')
echo "$mode: the right replica named in $right of $total runs; median time to detection $median s"
[ "$right" -eq "$total" ]
