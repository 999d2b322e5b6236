#!/usr/bin/env bash
# Installs what the live tests and `ftcore lab` need beyond the .NET SDK, when missing:
#   ip    (iproute2)  network namespaces for the multi-host test (`ip netns`)
#   tmux              one pane per process for the lab
# Idempotent and quick when everything is there (no apt-get at all). Installs only as root
# (CI runs as root), non-interactively; otherwise says what to run. Exit 0 when every tool is
# there afterwards, 1 when something is still missing.
#
#   scripts/install-lab-tools.sh            # both
#   scripts/install-lab-tools.sh ip         # only what the netns test needs
#   scripts/install-lab-tools.sh tmux       # only what the lab panes need
set -euo pipefail

declare -A package=([ip]=iproute2 [tmux]=tmux)
wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(ip tmux)

missing=()
for tool in "${wanted[@]}"; do
    if [ -z "${package[$tool]:-}" ]; then
        echo "install-lab-tools: unknown tool '$tool' (known: ${!package[*]})" >&2
        exit 2
    fi
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-lab-tools: ${wanted[*]} already installed"
    exit 0
fi

packages=()
for tool in "${missing[@]}"; do packages+=("${package[$tool]}"); done

if [ "$(id -u)" -ne 0 ]; then
    echo "install-lab-tools: missing ${missing[*]}; as root run: apt-get install -y ${packages[*]}" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-lab-tools: missing ${missing[*]} and no apt-get here; install the packages ${packages[*]} with this system's package manager" >&2
    exit 1
fi

echo "install-lab-tools: installing ${packages[*]} (for ${missing[*]})"
export DEBIAN_FRONTEND=noninteractive
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${packages[@]}"; } >"$out" 2>&1; then
    cat "$out" >&2
    echo "install-lab-tools: apt-get could not install ${packages[*]} (output above)" >&2
    exit 1
fi

still=()
for tool in "${missing[@]}"; do command -v "$tool" >/dev/null 2>&1 || still+=("$tool"); done
if [ ${#still[@]} -ne 0 ]; then
    echo "install-lab-tools: ${still[*]} still missing after installing ${packages[*]}" >&2
    exit 1
fi
echo "install-lab-tools: installed ${packages[*]}"
