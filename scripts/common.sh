# Shared set-up for scripts/run and scripts/test: install what is missing, configure, build.
# Sourced, not executed.
set -euo pipefail

LINEDESK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LINEDESK_BUILD=${LINEDESK_BUILD:-$LINEDESK_ROOT/build}

# Debian 12 packages the build, the tests and the console need, installed without
# recommends: nothing here may come only from a package that happened to be on the machine.
# qt6-charts-dev needs Qt's OpenGL development files (libqt6opengl6-dev) and does not pull
# them in; fonts are named because every widget test lays out text; libxkbcommon-dev only
# quiets Qt's "Could NOT find XKB" at configure, which reads like an error to a new user.
LINEDESK_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev
    libqt6opengl6-dev libqt6sql6-sqlite libqt6sql6-psql qt6-tools-dev qt6-tools-dev-tools
    qt6-qpa-plugins qtkeychain-qt6-dev libgl1-mesa-dev sqlite3 libsqlite3-dev
    libxkbcommon-dev xvfb xauth fonts-dejavu-core
    # The service's HTTP edge parses requests with Boost.Beast's parser (header-only).
    libboost-dev
    # scripts/fuzz (ctest's fuzz_*): clang, and libFuzzer's and the sanitizers' runtimes,
    # which clang only recommends.
    clang libclang-rt-14-dev
    # The service's second backend: tests start a throwaway cluster (scripts/pg-cluster).
    postgresql
    # docs/operations.md's recipe, tested by ctest's cluster_recipe (scripts/cluster).
    haproxy curl
    # The Debian packages (cmake/Packaging.cmake, ctest's package_debs): cpack's
    # dpkg-shlibdeps, the icon's PNG sizes, and the checks of what is made.
    dpkg-dev librsvg2-bin desktop-file-utils appstream lintian
    # Qt's own texts (dialog buttons, file dialogs) in German: tst_german checks them.
    qt6-translations-l10n
    # ctest's sdk_* tests drive the calls API through the platform's official SDK, which
    # scripts/sdk-install fetches from npm (tests/sdk/package-lock.json) over HTTPS, which
    # needs the certificate authorities (a recommendation only, so not there by default).
    nodejs npm ca-certificates
)

linedesk_install_packages() {
    local missing=() provided
    # What installed packages provide counts as installed: nodesource's nodejs provides (and
    # conflicts with) Debian's npm, which apt could not install beside it.
    provided=$(dpkg-query -W -f='${Status}\t${Provides}\n' 2>/dev/null | awk -F'\t' '
        $1 == "install ok installed" {
            n = split($2, names, ",")
            for (i = 1; i <= n; i++) { sub(/\(.*/, "", names[i]); gsub(/[ \t]/, "", names[i]); print names[i] }
        }')
    for p in "${LINEDESK_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            grep -qxF -- "$p" <<<"$provided" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "linedesk: installing missing packages: ${missing[*]}"
    local started=$SECONDS
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "linedesk: need root or sudo to install: ${missing[*]}" >&2; return 1; }
        sudo="sudo"
    fi
    # Acquire::Retries: a dropped download is tried again instead of failing the whole run.
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 install -y -qq \
        --no-install-recommends "${missing[@]}"
    echo "linedesk: packages installed in $((SECONDS - started)) s"
}

linedesk_build() {
    local started=$SECONDS
    cmake -S "$LINEDESK_ROOT" -B "$LINEDESK_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
    cmake --build "$LINEDESK_BUILD" --parallel "$(nproc)"
    echo "linedesk: configured and built in $((SECONDS - started)) s"
}
