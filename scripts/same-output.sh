#!/usr/bin/env bash
# Do two builds simulate the same runs? A change meant only to make the simulator faster must leave
# every run as it was:
#   scripts/same-output.sh OLD_COMMIT
# builds OLD_COMMIT (in a temporary git worktree) and the working tree in Release, runs both on the
# same seeds (both modes and both apps with transcript, history and report; crash, loss, partition
# and slow faults; three naive-protocol seeds; a 30-seed --runs sweep) and compares every file
# they write, byte for byte, after taking out what is not the run's: wall-clock times, progress
# rates and the path of the binary. Prints each file that differs; exits 1 if any does.
set -euo pipefail
old=${1:?usage: scripts/same-output.sh OLD_COMMIT}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
cleanup() { git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
git worktree add -q --detach "$tmp/old" "$old"
echo "building $old and the working tree (Release)..."
dotnet build "$tmp/old/src/Demo" -c Release -v q -nologo >/dev/null
dotnet build src/Demo -c Release -v q -nologo >/dev/null
declare -A dll=([old]="$tmp/old/src/Demo/bin/Release/net10.0/ftcore.dll" [new]="$PWD/src/Demo/bin/Release/net10.0/ftcore.dll")

# run NAME ARGS...: the same command with each build, in its own folder, stdout and stderr kept.
run() {
  local name=$1; shift
  for b in old new; do
    mkdir -p "$tmp/out/$b"
    (cd "$tmp/out/$b" && dotnet "${dll[$b]}" "$@" >"$name.out" 2>&1) || true
  done
}
echo "running both builds..."
for m in active passive; do
  for app in counter kv; do
    for seed in 7 8; do
      n=$m-$app-$seed
      run "$n" sim --seed $seed --mode $m --app $app --duration 30s --transcript "t-$n.txt" --history "h-$n.jsonl" --report "r-$n.html"
      run "$n-json" sim --seed $seed --mode $m --app $app --duration 30s --json
    done
  done
done
for f in crash loss partition slow; do
  run "faults-$f" sim --seed 5 --mode passive --faults $f --transcript "t-faults-$f.txt" --history "h-faults-$f.jsonl"
done
for s in 1 2 3; do run "naive-$s" sim --protocol naive --seed $s --mode active --no-shrink --transcript "t-naive-$s.txt"; done
run sweep sim --runs 30 --seed 100 --mode passive

# What differs between two runs of one build: wall times, rates, build times, the binary's path.
normalize() {
  sed -E -e 's#'"$tmp"'/old/src/Demo/bin/Release/net10.0/ftcore(\.dll)?#FTCORE#g' \
    -e 's#'"$PWD"'/src/Demo/bin/Release/net10.0/ftcore(\.dll)?#FTCORE#g' \
    -e 's/"wall_ms":[0-9]+/"wall_ms":W/g' -e 's/wall time +[0-9]+ ms/wall time W/' \
    -e 's/built in [0-9]+ ms, [0-9]+ KiB/built in W/' -e 's/[0-9.]+ runs\/s//' \
    -e 's/in [0-9.]+ s \([0-9]+ schedules\/min, [0-9]+ deliveries\/s/in W/' \
    -e '/^  [0-9]+\/[0-9]+ runs, /d' -e 's/"generated(_at)?":"[^"]*"/"generated":G/g' "$1"
}
files=0; differ=0
while IFS= read -r f; do
  files=$((files + 1))
  if [ ! -f "$tmp/out/new/$f" ] || ! cmp -s <(normalize "$tmp/out/old/$f") <(normalize "$tmp/out/new/$f"); then
    echo "differs: $f"
    [ -f "$tmp/out/new/$f" ] && diff <(normalize "$tmp/out/old/$f") <(normalize "$tmp/out/new/$f") | head -6 | cut -c1-200
    differ=$((differ + 1))
  fi
done < <(cd "$tmp/out/old" && find . -type f | sed 's#^\./##' | sort)
extra=$(cd "$tmp/out/new" && find . -type f | sed 's#^\./##' | sort | comm -13 <(cd "$tmp/out/old" && find . -type f | sed 's#^\./##' | sort) -)
[ -n "$extra" ] && { echo "only the working tree wrote: $extra"; differ=$((differ + 1)); }
echo "$files files compared, $differ differ"
[ "$differ" -eq 0 ]
