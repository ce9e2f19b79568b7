# Shared set-up for scripts/run and scripts/test: install what is missing, configure, build.
# Sourced, not executed.
set -euo pipefail

LINEDESK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LINEDESK_BUILD=${LINEDESK_BUILD:-$LINEDESK_ROOT/build}

# Debian 12 packages the build, the tests and the console need.
LINEDESK_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev
    libqt6sql6-sqlite libqt6sql6-psql qt6-tools-dev qt6-tools-dev-tools
    qtkeychain-qt6-dev libgl1-mesa-dev xvfb xauth sqlite3 libsqlite3-dev
)

linedesk_install_packages() {
    local missing=()
    for p in "${LINEDESK_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "linedesk: installing missing packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "linedesk: need root or sudo to install: ${missing[*]}" >&2; return 1; }
        sudo="sudo"
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

linedesk_build() {
    cmake -S "$LINEDESK_ROOT" -B "$LINEDESK_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
    cmake --build "$LINEDESK_BUILD" --parallel "$(nproc)"
}
