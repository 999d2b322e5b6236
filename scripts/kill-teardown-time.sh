#!/usr/bin/env bash
# How long a replica process takes to die: from SIGKILL to the kernel reporting it ended (waitpid),
# which is also when its sockets close. No detector can see a kill sooner.
#   scripts/kill-teardown-time.sh [RUNS]     (default 5; one idle `ftcore server`, base port 29100)
# Run it beside a loaded cluster (e.g. during `ftcore bench`) to see the figure under load.
set -euo pipefail
runs=${1:-5}
cd "$(dirname "$0")/.."
dotnet build src/Demo -c Release -v q -nologo >/dev/null
python3 - "$runs" <<'PY'
import os, signal, subprocess, sys, time
ftcore = "src/Demo/bin/Release/net10.0/ftcore"
times = []
for _ in range(int(sys.argv[1])):
    p = subprocess.Popen([ftcore, "server", "--id", "S1", "--base-port", "29100", "--quiet"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(2.5)
        start = time.perf_counter()
        os.kill(p.pid, signal.SIGKILL)
        os.waitpid(p.pid, 0)
        times.append((time.perf_counter() - start) * 1000)
    finally:
        if p.poll() is None:
            p.kill()
print("SIGKILL to reaped, ms: " + ", ".join(f"{t:.1f}" for t in times))
PY
