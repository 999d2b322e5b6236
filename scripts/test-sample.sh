#!/usr/bin/env bash
# Builds and tests the Bank sample (samples/Bank) the way a user's own project builds: against the
# FtCore packages packed from this tree, never its projects.
#   1. dotnet pack FtCore.sln -c Release into artifacts/packages (the folder samples/Bank/nuget.config names)
#   2. removes any cached FtCore.* of that version from the NuGet global packages folder, so the
#      fresh packages are the ones restored
#   3. restores, builds and tests samples/Bank (unit tests and 500 fault schedules per mode)
#   4. a live check: `dotnet run --project samples/Bank/Bank -- lab --duration 20s` must exit 0
# Exits 0 when all of it passed; otherwise prints which step failed (with its log's tail) and exits 1.
# Each step has a time limit. The lab stops every process it starts; this script stops the lab if
# it outlives its limit.
#
#   scripts/test-sample.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

packages=artifacts/packages
sample=samples/Bank
work=$(mktemp -d "${TMPDIR:-/tmp}/test-sample.XXXXXX")
lab_pid=
cleanup() {
    # Interrupted while the lab runs: SIGTERM asks it to stop its processes, as Ctrl-C does.
    if [ -n "$lab_pid" ] && kill -0 "$lab_pid" 2>/dev/null; then
        kill -TERM "$lab_pid" 2>/dev/null || true
        for _ in $(seq 30); do kill -0 "$lab_pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$lab_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$SECONDS
step() { echo "== test-sample [$((SECONDS - started))s]: $*"; }
fail() {
    echo "test-sample: FAILED: $1" >&2
    if [ -n "${2:-}" ] && [ -f "$2" ]; then
        echo "---- last lines of its output ($2):" >&2
        tail -n "${3:-40}" "$2" >&2
    fi
    exit 1
}
# run LIMIT LOG COMMAND...: runs the command with a time limit, its output to LOG; non-zero on failure or timeout.
run() {
    local limit=$1 log=$2
    shift 2
    timeout --kill-after=20s "$limit" "$@" >"$log" 2>&1
}

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
[ -n "$version" ] || fail "no <Version> in Directory.Build.props"
for project in "$sample"/*/*.csproj; do
    if grep -q 'Include="FtCore\.' "$project" && ! grep -q "Include=\"FtCore\.[A-Za-z.]*\" Version=\"$version\"" "$project"; then
        fail "$project references FtCore packages of another version than this tree packs ($version)"
    fi
done

step "packing FtCore $version into $packages"
rm -rf "$packages"
mkdir -p "$packages"
run 15m "$work/pack.log" dotnet pack FtCore.sln -c Release -o "$packages" || fail "dotnet pack FtCore.sln" "$work/pack.log"
for id in FtCore.Core FtCore.Transport.Tcp FtCore.Sim FtCore.Cli; do
    [ -f "$packages/$id.$version.nupkg" ] || fail "dotnet pack wrote no $id.$version.nupkg" "$work/pack.log"
done

global=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
[ -n "$global" ] || fail "could not find the NuGet global packages folder (dotnet nuget locals global-packages --list)"
step "removing cached FtCore.* $version from $global"
for dir in "$global"/ftcore.*/"$version"; do
    [ -e "$dir" ] && rm -rf "$dir"
done

step "restoring and building $sample (Release)"
rm -rf "$sample"/*/bin "$sample"/*/obj
run 15m "$work/build.log" dotnet build "$sample/Bank.Tests/Bank.Tests.csproj" -c Release --force \
    || fail "building $sample" "$work/build.log"
for id in ftcore.core ftcore.sim ftcore.cli; do
    [ -d "$global/$id/$version" ] || fail "$id $version was not restored from $packages" "$work/build.log"
done

step "testing $sample (unit tests, 500 fault schedules per mode)"
if ! run 30m "$work/test.log" dotnet test "$sample/Bank.Tests/Bank.Tests.csproj" -c Release --no-build; then
    fail "the tests of $sample" "$work/test.log" 80
fi
grep -E '(Passed|Failed)!  - ' "$work/test.log" || true

step "live check: dotnet run --project $sample/Bank -- lab --duration 20s"
lab_out="$work/lab"
timeout --kill-after=30s 5m dotnet run --project "$sample/Bank" -c Release --no-build -- lab --duration 20s --out "$lab_out" \
    >"$work/lab.log" 2>&1 &
lab_pid=$!
status=0
wait "$lab_pid" || status=$?
lab_pid=
if [ "$status" -ne 0 ]; then
    fail "the live lab exited with code $status (0: every check held; 1 safety, 3 liveness violation, 124 timed out)" "$work/lab.log" 60
fi
grep -E '^(history|PASS)' "$work/lab.log" || true

step "passed in $((SECONDS - started)) s"
