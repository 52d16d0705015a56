# shellcheck shell=bash
# Helpers shared by scripts/test and scripts/demo. Source it; do not run it.
#
#   ensure_packages PKG...   install the Debian packages that are missing (apt-get, sudo if needed)
#   build_project            configure build/ once (Ninja, RelWithDebInfo, -Werror), then build
#   build_fuzz               the same for the fuzz harnesses in build-fuzz/ (clang, sanitizers)
#   free_port                print a free TCP port on 127.0.0.1
#   start_postgres DIR       a throwaway PostgreSQL in DIR; exports POSTGRES_URL (admin URL)
#   stop_postgres DIR        stop it again (safe to call twice, or when it never started)
#
# Works as root and as an ordinary user with sudo. Needs bash >= 4.4.

if [[ -n ${BILHETERIA_COMMON_SH:-} ]]; then
    return 0
fi
BILHETERIA_COMMON_SH=1

# Repository root and build folder (BILHETERIA_BUILD_DIR overrides the latter).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${BILHETERIA_BUILD_DIR:-$ROOT/build}"

# What building the project needs (dpkg-dev and file: CPack's Debian packages), and what running
# its tests needs on top (debootstrap, jq, systemd, man-db: the package test's clean root, its
# answers, systemd-analyze and man; pgbackrest: the backup and point-in-time recovery drills;
# Ceph's mon, OSD and radosgw: the off-site drill's S3-compatible store) (arrays:
# ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}").
# shellcheck disable=SC2034  # used by the scripts that source this file
BUILD_PACKAGES=(build-essential cmake ninja-build pkg-config git ca-certificates curl
    libcpp-httplib-dev libssl-dev libpqxx-dev libpq-dev libsqlite3-dev nlohmann-json3-dev
    libgtest-dev libgmock-dev libargon2-dev libcli11-dev openssl prometheus-cpp-dev
    qt6-base-dev qt6-svg-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-qpa-plugins libgl-dev libqt6opengl6-dev libqrencode-dev fonts-dejavu-core
    libncurses-dev libcairo2-dev libcurl4-openssl-dev zlib1g-dev
    dpkg-dev file)
# shellcheck disable=SC2034
TEST_PACKAGES=(postgresql nginx wrk xvfb xauth tmux poppler-utils python3-aiosmtpd prometheus
    debootstrap jq systemd man-db pgbackrest ceph-mon ceph-osd radosgw ceph-common)

# ---------------------------------------------------------------------------------------------
# Messages

info() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# ---------------------------------------------------------------------------------------------
# Packages

# Set once apt-get update has run in this process, so it runs at most once.
_APT_UPDATED=

# Prints the command prefix that gives root rights: nothing for root, "sudo" otherwise
# ("sudo -n" under CI, so a missing password fails instead of waiting for one).
_root_prefix() {
    if ((EUID == 0)); then
        return 0
    fi
    command -v sudo >/dev/null 2>&1 ||
        die "not root and sudo is not installed: run this script as root, or install sudo"
    if [[ -n ${CI:-} ]]; then
        echo "sudo -n"
    else
        echo "sudo"
    fi
}

# True when dpkg says the package is installed.
package_installed() {
    local status
    status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
    [[ $status == *" ok installed"* ]]
}

# ensure_packages PKG... — installs those of PKG that are not installed yet.
ensure_packages() {
    local -a missing=()
    local pkg
    for pkg in "$@"; do
        package_installed "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi

    local prefix
    prefix="$(_root_prefix)" || exit 1
    local -a root=()
    read -r -a root <<<"$prefix"
    # Wait for a concurrent apt/dpkg instead of failing at once on its lock.
    local -a apt=("${root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)

    info "installing missing packages: ${missing[*]}"
    if [[ -z $_APT_UPDATED ]]; then
        "${apt[@]}" update || die "apt-get update failed"
        _APT_UPDATED=1
    fi
    "${apt[@]}" install -y --no-install-recommends "${missing[@]}" ||
        die "could not install: ${missing[*]}"
}

# ---------------------------------------------------------------------------------------------
# Build

# Configures build/ unless it already is configured, then builds everything.
build_project() {
    if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
        info "configuring $BUILD_DIR"
        cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja \
            -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBILHETERIA_WERROR=ON
    elif [[ ! -f $BUILD_DIR/build.ninja && ! -f $BUILD_DIR/Makefile ]]; then
        # A cache from a configure run that failed: finish it with the cached settings.
        info "re-configuring $BUILD_DIR"
        cmake -S "$ROOT" -B "$BUILD_DIR"
    fi
    info "building in $BUILD_DIR"
    cmake --build "$BUILD_DIR" -j "$(nproc)"
}

# The fuzz build: clang with libFuzzer, its own folder (BILHETERIA_FUZZ_BUILD_DIR overrides it).
FUZZ_BUILD_DIR="${BILHETERIA_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
# shellcheck disable=SC2034  # used by the scripts that source this file
FUZZ_PACKAGES=(clang-16 libclang-rt-16-dev)

# Configures build-fuzz/ unless it already is configured (clang-16, sanitizers, only what the
# harnesses need: no client, no test suite), then builds the harnesses (docs/fuzzing.md).
build_fuzz() {
    if [[ ! -f $FUZZ_BUILD_DIR/CMakeCache.txt ]]; then
        info "configuring $FUZZ_BUILD_DIR"
        cmake -S "$ROOT" -B "$FUZZ_BUILD_DIR" -G Ninja \
            -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBILHETERIA_WERROR=ON \
            -DCMAKE_CXX_COMPILER=clang++-16 -DBILHETERIA_FUZZ=ON \
            -DBILHETERIA_BUILD_CLIENT=OFF -DBILHETERIA_BUILD_TESTS=OFF
    elif [[ ! -f $FUZZ_BUILD_DIR/build.ninja ]]; then
        info "re-configuring $FUZZ_BUILD_DIR"
        cmake -S "$ROOT" -B "$FUZZ_BUILD_DIR"
    fi
    info "building the fuzz harnesses in $FUZZ_BUILD_DIR"
    cmake --build "$FUZZ_BUILD_DIR" -j "$(nproc)" --target fuzz
}

# ---------------------------------------------------------------------------------------------
# Ports

# True when something accepts connections on 127.0.0.1:PORT (bash's /dev/tcp, no extra tools).
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints a port on 127.0.0.1 that nobody listens on, picked at random in 20000–31999 (below
# Linux's ephemeral range, so outgoing connections do not take it meanwhile).
free_port() {
    local port _
    for _ in {1..200}; do
        port=$((20000 + RANDOM % 12000))
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "found no free TCP port on 127.0.0.1"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL for tests: a private cluster in a folder of our own, no systemd, trust auth, loopback.

# Prints the newest /usr/lib/postgresql/*/bin.
postgres_bindir() {
    local dir best=
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x $dir/initdb && -x $dir/pg_ctl ]] || continue
        if [[ -z $best ]] || [[ "$(printf '%s\n%s\n' "$best" "$dir" | sort -V | tail -n 1)" == "$dir" ]]; then
            best="$dir"
        fi
    done
    [[ -n $best ]] || die "no PostgreSQL found under /usr/lib/postgresql/*/bin (install postgresql)"
    echo "$best"
}

# Runs a command as the cluster's owner: user postgres when we are root (initdb and pg_ctl
# refuse to run as root), else ourselves. Runs from DIR, which that user can enter.
_as_pg_owner() {
    local dir=$1
    shift
    if ((EUID == 0)); then
        (cd "$dir" && runuser -u postgres -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

# Prints the end of a log file, indented, to stderr.
_log_tail() {
    local file=$1
    if [[ -s $file ]]; then
        printf -- '--- last lines of %s ---\n' "$file" >&2
        tail -n 25 "$file" | sed 's/^/    /' >&2
        printf -- '---\n' >&2
    fi
}

# start_postgres DIR — initdb DIR/data and start it on a free port; the socket goes in
# DIR/socket, the log in DIR/postgres.log. Exports POSTGRES_PORT and
# POSTGRES_URL=postgresql://postgres@127.0.0.1:PORT/postgres (superuser "postgres", trust auth).
start_postgres() {
    local dir=${1:?start_postgres needs a folder}
    local bindir
    bindir="$(postgres_bindir)" || exit 1
    dir="$(mkdir -p "$dir" && cd "$dir" && pwd)" || die "cannot create $dir"
    local data="$dir/data" sock="$dir/socket" log="$dir/postgres.log"

    mkdir -p "$data" "$sock"
    : >"$log"
    chmod 700 "$data"
    if ((EUID == 0)); then
        id -u postgres >/dev/null 2>&1 || die "there is no user 'postgres' (install postgresql)"
        # The cluster belongs to postgres; the folder (e.g. from mktemp -d, mode 700) must let
        # it in, and so must every folder above it.
        chmod 755 "$dir"
        chown postgres: "$data" "$sock" "$log"
        runuser -u postgres -- test -w "$data" ||
            die "user postgres cannot reach $data: every folder above it must be searchable (chmod 755)"
    fi

    info "initdb in $data"
    if ! _as_pg_owner "$dir" "$bindir/initdb" -A trust -U postgres -E UTF8 --no-locale --no-sync \
        -D "$data" >"$dir/initdb.log" 2>&1; then
        _log_tail "$dir/initdb.log"
        die "PostgreSQL initdb failed (see $dir/initdb.log)"
    fi

    # A port found free may be taken before the server binds it: try a few.
    local port attempt
    for attempt in 1 2 3 4 5; do
        port="$(free_port)" || exit 1
        if _as_pg_owner "$dir" "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
            -o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
            start >>"$dir/pg_ctl.log" 2>&1; then
            echo "$port" >"$dir/port"
            export POSTGRES_PORT="$port"
            export POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
            info "PostgreSQL running at $POSTGRES_URL (data in $data)"
            return 0
        fi
        if ! grep -q 'could not bind\|Address already in use' "$log"; then
            break
        fi
        warn "port $port was taken, trying another (attempt $attempt)"
    done
    _log_tail "$dir/pg_ctl.log"
    _log_tail "$log"
    stop_postgres "$dir" || true
    die "PostgreSQL could not start (see the log lines above)"
}

# stop_postgres DIR — stops the cluster started by start_postgres DIR, if it runs.
stop_postgres() {
    local dir=${1:?stop_postgres needs a folder}
    local data="$dir/data"
    [[ -f $data/postmaster.pid ]] || return 0
    local bindir pid
    bindir="$(postgres_bindir 2>/dev/null)" || bindir=
    pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
    if [[ -n $bindir ]] && _as_pg_owner "$dir" "$bindir/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1; then
        return 0
    fi
    # pg_ctl failed: stop the postmaster by its PID.
    if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        warn "pg_ctl stop failed; killing PostgreSQL (pid $pid)"
        kill -KILL "$pid" 2>/dev/null || true
        local _
        for _ in {1..50}; do
            kill -0 "$pid" 2>/dev/null || return 0
            sleep 0.1
        done
        return 1
    fi
    return 0
}
