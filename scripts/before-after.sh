#!/usr/bin/env bash
# Side-by-side speed of two builds on this machine, alternating, in one run:
#   scripts/before-after.sh OLD_COMMIT [ROUNDS] [speed|failover|sim]
# builds OLD_COMMIT (in a temporary git worktree) and the working tree in Release, then for each
# round runs, old build first then new: the live bench at 64 clients (passive, active) and at 3
# clients (passive), sim-bench's standard cluster (counter), and `sim --runs 12` of each app,
# whose user CPU time is the simulator's cost. With `failover`: instead, `bench --failover` with 10
# leader kills in each mode (the stall's median and max, and the check). With `sim`: instead, a
# whole `sim-bench --runs 3` per mode, its CPU time (user + system: every cluster size) and the
# standard cluster's bytes per delivery and share of time in GC pauses. One line per measurement.
set -euo pipefail
old=${1:?usage: scripts/before-after.sh OLD_COMMIT [ROUNDS] [speed|failover|sim]}
rounds=${2:-3}
what=${3:-speed}
case "$what" in speed|failover|sim) ;; *) echo "before-after.sh: the third argument is speed, failover or sim, not '$what'" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
cleanup() { git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
git worktree add -q --detach "$tmp/old" "$old"
echo "building $old and the working tree (Release)..."
dotnet build "$tmp/old/src/Demo" -c Release -v q -nologo >/dev/null
dotnet build src/Demo -c Release -v q -nologo >/dev/null
declare -A dll=([old]="$tmp/old/src/Demo/bin/Release/net10.0/ftcore.dll" [new]="src/Demo/bin/Release/net10.0/ftcore.dll")
ops() { sed -n 's/.*"ops_per_s":\([0-9.]*\).*/\1/p'; }
for r in $(seq 1 "$rounds"); do
  for b in old new; do
    d=${dll[$b]}
    if [ "$what" = failover ]; then
      for m in passive active; do
        echo "round $r $b bench --failover $m kill leader: $(dotnet "$d" bench --failover --mode $m --kill leader --repeats 10 2>&1 | grep -E '^(stall|check) ' | tr -s ' ' | tr '\n' ' ')"
      done
      continue
    fi
    if [ "$what" = sim ]; then
      for m in passive active; do
        out=$( { /usr/bin/time -f "cpu %U %S" dotnet "$d" sim-bench --runs 3 --mode $m; } 2>&1)
        cpu=$(echo "$out" | awk '$1 == "cpu" { printf "%.1f", $2 + $3 }')
        std=$(echo "$out" | awk '$1 == 3 && $2 == 3 { print $5 " bytes/delivery, gc pause " $7 }')
        echo "round $r $b sim-bench --runs 3 --mode $m: $cpu s CPU; standard cluster $std"
      done
      continue
    fi
    for m in passive active; do
      echo "round $r $b bench $m 64 clients: $(dotnet "$d" bench --mode $m --clients 64 --duration 8s --json 2>/dev/null | ops) ops/s"
    done
    echo "round $r $b bench passive 3 clients: $(dotnet "$d" bench --mode passive --clients 3 --duration 8s --json 2>/dev/null | ops) ops/s"
    echo "round $r $b sim-bench counter 3x3: $(dotnet "$d" sim-bench --runs 2 --duration 60s | awk '$1 == 3 && $2 == 3 { print $3 " deliveries/s, " $5 " bytes/delivery" }')"
    for app in counter kv; do
      t=$( { /usr/bin/time -f "%U" dotnet "$d" sim --runs 12 --app $app --duration 60s >/dev/null; } 2>&1 | tail -1)
      echo "round $r $b sim --runs 12 --app $app: $t s user CPU"
    done
  done
done
