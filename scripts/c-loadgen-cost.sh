#!/usr/bin/env bash
# What a C load generator costs per request on this machine: redis-benchmark (Debian's redis-tools,
# installed with redis-server by scripts/install-redis.sh) drives a standalone redis-server with
# 64 closed-loop clients, one INCR outstanding each (one send, one receive per request, like a
# passive FtCore client), and its own CPU time (user + system) is divided by its requests. Compare
# with the bench process's CPU per request in `ftcore bench --mode passive --clients 64` or
# `bench --vs-redis` (docs/bench.md, "Why the ratio targets are out of reach").
#   scripts/c-loadgen-cost.sh [REQUESTS] [ROUNDS]     (defaults: 400000 3)
set -euo pipefail
requests=${1:-400000}
rounds=${2:-3}
[[ "$requests" =~ ^[0-9]+$ && "$requests" -ge 1000 ]] || { echo "REQUESTS is a whole number, at least 1000, not '$requests'" >&2; exit 2; }
[[ "$rounds" =~ ^[0-9]+$ && "$rounds" -ge 1 && "$rounds" -le 20 ]] || { echo "ROUNDS is 1 to 20, not '$rounds'" >&2; exit 2; }
cd "$(dirname "$0")/.."
bash scripts/install-redis.sh >/dev/null
command -v redis-benchmark >/dev/null || { echo "redis-benchmark is missing (Debian: apt-get install redis-tools)" >&2; exit 2; }
dir=$(mktemp -d /tmp/ftcore-cgen-XXXXXX)
# A free loopback port: the first one from 16390 on that nothing answers.
port=16390
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
cleanup() {
  [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes --pidfile "$dir/redis.pid" --dir "$dir" --logfile "$dir/redis.log"
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
for r in $(seq "$rounds"); do
  TIMEFORMAT='%U %S' # bash's time: the child's user and system seconds
  { time redis-benchmark -p "$port" -c 64 -n "$requests" -q INCR k >"$dir/bench.out" 2>&1; } 2>"$dir/time.out"
  out=$(tail -1 "$dir/time.out")
  rps=$(tr '\r' '\n' <"$dir/bench.out" | grep -o 'INCR k: [0-9.]* requests per second' | tail -1 | awk '{print $3}')
  awk -v t="$out" -v n="$requests" -v rps="$rps" -v r="$r" 'BEGIN { split(t, a, " "); cpu = a[1] + a[2];
    printf "round %d: redis-benchmark, 64 clients, %d INCRs at %s requests/s: %.2f s CPU (user %.2f, system %.2f), %.1f us per request\n", r, n, rps, cpu, a[1], a[2], cpu * 1e6 / n }'
done
