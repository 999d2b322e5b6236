#!/usr/bin/env bash
# Syscalls and context switches per request, FtCore and Redis side by side in one run.
#   scripts/syscalls-vs-redis.sh [MODE] [CLIENTS] [SECONDS]     (defaults: passive 64 6)
# Runs `ftcore bench --vs-redis --mode MODE --rounds 1` with `perf stat -I 1000` counting, every
# second over the whole machine, the calls that send (write, sendto), receive (read, recvfrom) and
# wait (epoll_wait), and the context switches. Each progress line of the bench is stamped with the
# time it was read, so the seconds inside each side's measured window can be told apart; the counts
# of those seconds are divided by the requests that side answered in them. Both sides' own figures
# (ops/s, CPU per request) follow from the bench itself. Needs perf (installs Debian's linux-perf when
# missing; you are root) and redis-server (scripts/install-redis.sh).
set -euo pipefail
mode=${1:-passive}
clients=${2:-64}
seconds=${3:-6}
case "$mode" in passive | active) ;; *) echo "MODE is passive or active, not '$mode'" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
bash scripts/install-perf.sh
dotnet build src/Demo -c Release -v q -nologo >/dev/null
dll=src/Demo/bin/Release/net10.0/ftcore.dll
dir=$(mktemp -d /tmp/ftcore-syscalls-XXXXXX)
events='syscalls:sys_enter_write,syscalls:sys_enter_sendto,syscalls:sys_enter_read,syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_wait,context-switches'
perf stat -I 1000 -a -x, -e "$events" -o "$dir/perf.csv" &
perf=$!
trap 'kill -INT $perf 2>/dev/null || true' EXIT
start=$(date +%s.%N)
dotnet "$dll" bench --vs-redis --mode "$mode" --clients "$clients" --duration "${seconds}s" --rounds 1 2>&1 \
  | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done >"$dir/bench.log"
kill -INT $perf 2>/dev/null || true
wait $perf 2>/dev/null || true
trap - EXIT
grep -q "^[0-9.]* check .*: ok" "$dir/bench.log" || { echo "the bench did not pass its check; see $dir/bench.log" >&2; exit 1; }
grep -E '^[0-9.]+ run 1 ' "$dir/bench.log" | cut -d' ' -f2-
echo "per request, over the whole machine, the seconds inside each measured window:"
# bench.log: "<epoch> <line>"; a window is the run of "measuring" lines before its "run 1 <mode> <system>" line.
# perf.csv: "<seconds since perf started>,<count>,<unit>,<event>,..."
awk -v start="$start" -F'\n' '
  FNR == NR {
    split($0, f, " ")
    if ($0 ~ / measuring /) { if (first == "") first = f[1]; last = f[1] }
    else if ($0 ~ / run 1 +(passive|active) +(ftcore|redis) /) {
      match($0, / (ftcore|redis) +[0-9,]+ ops\/s/); w = substr($0, RSTART + 1, RLENGTH - 1)
      split(w, g, " "); sys = g[1]; ops = g[2]; gsub(",", "", ops)
      from[sys] = first - 1; to[sys] = last; rate[sys] = ops; first = ""; order[++n] = sys
    }
    next
  }
  /^#/ || NF == 0 { next }
  {
    split($0, c, ","); t = start + c[1]; ev = c[4]; sub(/^syscalls:sys_enter_/, "", ev)
    for (s in from) if (t > from[s] + 0.5 && t <= to[s] + 0.5) { sum[s, ev] += c[2]; secs[s, ev]++ }
    evs[ev] = 1
  }
  END {
    for (i = 1; i <= n; i++) {
      s = order[i]; line = sprintf("  %-7s", s)
      split("write sendto read recvfrom epoll_wait context-switches", names, " ")
      for (k = 1; k <= 6; k++) { e = names[k]; v = secs[s, e] ? sum[s, e] / (rate[s] * secs[s, e]) : 0; line = line sprintf("  %s %.2f", e, v) }
      sends = (secs[s, "write"] ? sum[s, "write"] / (rate[s] * secs[s, "write"]) : 0) + (secs[s, "sendto"] ? sum[s, "sendto"] / (rate[s] * secs[s, "sendto"]) : 0)
      print line sprintf("  (sends %.2f)", sends)
    }
  }' "$dir/bench.log" "$dir/perf.csv"
echo "the bench output and perf counts: $dir"
