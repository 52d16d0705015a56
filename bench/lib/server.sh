# shellcheck shell=bash
# Helpers the load benchmarks share (bench/flash-sale-bench, bench/rush-bench): their binaries,
# the server they start, its API and bilheteria-loadgen. Source it after scripts/lib/common.sh,
# with SERVER (the bilheteria-server binary) and SERVER_ARGS (an array: more `serve` flags) set.
#
#   ensure_binary PATH OVERRIDE_VARIABLE TARGET   build TARGET when PATH is missing
#   check_build_type                  sets BUILD_TYPE (the server's), warns when not optimised
#   stop_pid PID NAME [SIGNAL]        SIGNAL (default TERM), up to 15 s, then SIGKILL
#   start_server DATABASE DATA_DIR LOG   on a free port; sets SERVER_PID, BASE_URL and CERT
#   stop_server
#   api METHOD PATH [curl args...]    the JSON answer; dies, showing it, on a non-2xx status
#   run_loadgen LABEL LOG JSON ARGS...   bilheteria-loadgen ($LOADGEN) against $BASE_URL

if [[ -n ${BILHETERIA_BENCH_SERVER_SH:-} ]]; then
    return 0
fi
BILHETERIA_BENCH_SERVER_SH=1

# ensure_binary PATH OVERRIDE_VARIABLE TARGET — builds TARGET when PATH is missing.
ensure_binary() {
    local path=$1 override=$2 target=$3
    [[ -x $path ]] && return 0
    [[ -z ${!override:-} ]] || die "$override=$path is not an executable"
    ensure_packages "${BUILD_PACKAGES[@]}"
    if [[ ! -f $BUILD_DIR/build.ninja && ! -f $BUILD_DIR/Makefile ]]; then
        info "configuring $BUILD_DIR (RelWithDebInfo)"
        cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
    fi
    info "building $target in $BUILD_DIR"
    cmake --build "$BUILD_DIR" --target "$target" -j "$(nproc)"
    [[ -x $path ]] || die "the build produced no $path"
}

# check_build_type — BUILD_TYPE is the server's CMAKE_BUILD_TYPE (from its build's cache).
check_build_type() {
    BUILD_TYPE="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(dirname "$SERVER")/../CMakeCache.txt" 2>/dev/null || true)"
    case ${BUILD_TYPE:-unknown} in
        Release | RelWithDebInfo | MinSizeRel) ;;
        *) warn "the server was built as '${BUILD_TYPE:-unknown}', not optimised: figures will be low" ;;
    esac
}

SERVER_PID=
BASE_URL=
CERT=

# stop_pid PID NAME [SIGNAL] — SIGNAL (default TERM), wait up to 15 s, then SIGKILL.
stop_pid() {
    local pid=$1 name=$2 signal=${3:-TERM} _
    kill -0 "$pid" 2>/dev/null || {
        wait "$pid" 2>/dev/null || true
        return 0
    }
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in {1..150}; do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        warn "$name (pid $pid) did not stop within 15 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

stop_server() {
    [[ -n $SERVER_PID ]] || return 0
    local pid=$SERVER_PID
    SERVER_PID=
    stop_pid "$pid" "the server"
}

# start_server DATABASE DATA_DIR LOG — starts it on a free port and waits (30 s at most) until it
# accepts requests; sets SERVER_PID, BASE_URL and CERT.
start_server() {
    local database=$1 data_dir=$2 log=$3 port attempt i
    for attempt in 1 2 3; do
        port="$(free_port)"
        : >"$log"
        "$SERVER" serve --listen "127.0.0.1:$port" --database "$database" --data-dir "$data_dir" \
            --access-log off "${SERVER_ARGS[@]}" </dev/null >"$log" 2>&1 &
        SERVER_PID=$!
        for ((i = 0; i < 300; i++)); do
            grep -q 'listening on https://' "$log" && break
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        if grep -q 'listening on https://' "$log"; then
            BASE_URL="https://127.0.0.1:$port"
            CERT="$data_dir/tls/server.crt"
            [[ -f $CERT ]] || die "the server wrote no certificate in $data_dir/tls"
            return 0
        fi
        stop_server
        grep -qi 'in use' "$log" || break
        warn "port $port was taken, trying another (attempt $attempt)"
    done
    _log_tail "$log"
    die "the server did not report 'listening on https://' within 30 s (log: $log)"
}

# api METHOD PATH [curl args...] — prints the JSON answer; dies, showing it, on a non-2xx status.
api() {
    local method=$1 path=$2 body
    shift 2
    if ! body="$(curl -sS --fail-with-body --max-time 300 --cacert "$CERT" -X "$method" \
        -H 'Content-Type: application/json' "$@" "$BASE_URL$path")"; then
        printf '%s\n' "$body" | head -c 2000 >&2
        die "$method $path failed"
    fi
    printf '%s\n' "$body"
}

# run_loadgen LABEL LOG JSON ARGS... — runs $LOADGEN against the server (30 minutes at most),
# its report in LOG (shown on stderr, indented), its figures in JSON. Buyers left out (status 2)
# or a failed invariant check (3) are warned about, not fatal: a benchmark reports them.
run_loadgen() {
    local label=$1 log=$2 json=$3 status=0
    shift 3
    timeout --kill-after=10 1800 "$LOADGEN" --url "$BASE_URL" --ca-cert "$CERT" \
        --server-binary "$SERVER" --json "$json" "$@" >"$log" 2>&1 || status=$?
    sed 's/^/    /' "$log" >&2
    case $status in
        0) ;;
        2) warn "$label: some buyers could not register or log in (see $log)" ;;
        3) warn "$label: the invariant check found problems (see $log)" ;;
        *) die "bilheteria-loadgen failed ($status) in $label (log: $log)" ;;
    esac
    [[ -s $json ]] || die "bilheteria-loadgen wrote no figures to $json"
}
