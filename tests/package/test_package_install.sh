#!/usr/bin/env bash
# The Debian packages, installed as an operator would: builds them with CPack, installs
# bilheteria-server (then bilheteria-term and bilheteria-desktop) with apt-get in a clean Debian 12 root made by
# debootstrap, so their Depends are proved right; checks the user, the files, the conffiles and
# the systemd unit (systemd-analyze verify, on the installed files); starts the installed server
# from the installed config as the bilheteria user, adds an organizer and a clerk with the
# installed command line, and sells a ticket over HTTPS from the host; backs the database up
# while it runs, sells another, stops it with SIGTERM (it must exit 0), restores the backup and
# finds the sales as at the backup (and `check` passing); upgrades it to a later version (config and data kept) and purges
# it, then installs it again beside systemd (enabled, nothing started).
#
#   tests/package/test_package_install.sh BUILD_DIR
#
# Needs root (debootstrap, chroot, mount) and the Debian mirror; fails, saying so, without them.
# The debootstrap result is kept as a tarball in /var/cache/bilheteria-tests (rebuilt when older
# than a week): each run unpacks it into a fresh folder, so every run installs into a clean root.
# BILHETERIA_DEBIAN_MIRROR overrides the mirror. Registered in tests/CMakeLists.txt as
# package_install.
set -euo pipefail

BUILD_DIR="$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)"
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/common.sh"

((EUID == 0)) || die "this test must run as root (debootstrap, chroot and mount need it): run it with sudo, or ./scripts/test as root"
for tool in debootstrap cpack dpkg-deb systemd-analyze curl jq findmnt; do
    command -v "$tool" >/dev/null || die "$tool is missing (scripts/lib/common.sh's TEST_PACKAGES installs it)"
done

MIRROR="${BILHETERIA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE_DIR=/var/cache/bilheteria-tests
BASE_TARBALL="$CACHE_DIR/bookworm-minbase.tar.gz"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bilheteria-package.XXXXXX")"
ROOTFS="$WORK/root"
SERVER_PID=
PASSWORD=package-test-pass-123

# Stops the server and unmounts whatever this test mounted, on every exit (failure and signals
# too); deletes the folder only when nothing is mounted under it any more.
# shellcheck disable=SC2317  # reached through the trap
cleanup() {
    local status=$?
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    local mount
    for mount in "$ROOTFS/dev" "$ROOTFS/proc"; do
        if mountpoint -q "$mount" 2>/dev/null; then
            umount "$mount" 2>/dev/null || umount -l "$mount" || warn "could not unmount $mount"
        fi
    done
    if findmnt -rn -o TARGET | grep -qF "$WORK"; then
        warn "something is still mounted under $WORK: not deleting it"
    else
        rm -rf --one-file-system "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# in_root CMD... — runs CMD inside the Debian root, with a plain environment.
in_root() {
    chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}

# apt_in_root WHAT ARGS... — apt-get ARGS inside the root, its output in a log shown on failure.
apt_in_root() {
    local what=$1 log
    shift
    log="$WORK/apt-${what// /-}.log"
    if ! in_root apt-get -y --no-install-recommends "$@" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "FAILED: $what"
    fi
}

# check WHAT CMD... — runs CMD; fails the test with WHAT when it fails.
check() {
    local what=$1
    shift
    "$@" || die "FAILED: $what"
    info "ok: $what"
}

SECONDS=0
# --- The packages --------------------------------------------------------------------------------
info "building the packages with CPack"
[[ -f $BUILD_DIR/CPackConfig.cmake ]] || die "$BUILD_DIR/CPackConfig.cmake is missing: configure and build first"
mkdir -p "$WORK/packages"
if ! cpack --config "$BUILD_DIR/CPackConfig.cmake" -B "$WORK/packages" >"$WORK/cpack.log" 2>&1; then
    tail -n 40 "$WORK/cpack.log" >&2
    die "cpack failed"
fi
SERVER_DEB="$(echo "$WORK"/packages/bilheteria-server_*.deb)"
TERM_DEB="$(echo "$WORK"/packages/bilheteria-term_*.deb)"
[[ -f $SERVER_DEB && -f $TERM_DEB ]] || die "cpack made no bilheteria-server or bilheteria-term package: $(ls "$WORK/packages")"
if grep -q '^BILHETERIA_BUILD_CLIENT:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then
    DESKTOP_DEB="$(echo "$WORK"/packages/bilheteria-desktop_*.deb)"
    [[ -f $DESKTOP_DEB ]] || die "cpack made no bilheteria-desktop package"
    dpkg-deb -c "$DESKTOP_DEB" >"$WORK/desktop-files.txt"
    desktop_depends="$(dpkg-deb -f "$DESKTOP_DEB" Depends)"
    [[ $desktop_depends == *libqt6widgets6* && $desktop_depends == *libqt6svg6* ]] ||
        die "FAILED: the desktop package should depend on Qt and its SVG plugins: $desktop_depends"
    for file in ./usr/bin/bilheteria ./usr/share/applications/bilheteria.desktop \
        ./usr/share/icons/hicolor/scalable/apps/bilheteria.svg ./usr/share/man/man1/bilheteria.1; do
        grep -q " $file\$" "$WORK/desktop-files.txt" || die "FAILED: the desktop package lacks $file"
    done
    info "ok: the desktop package depends on Qt and its SVG plugins, ships the client, its menu entry, icon and man page"
fi
info "bilheteria-server depends on: $(dpkg-deb -f "$SERVER_DEB" Depends)"
# (cairo it needs: it draws the tickets it mails as PDF.)
check "the server package does not depend on Qt or curses" \
    bash -c "! dpkg-deb -f '$SERVER_DEB' Depends | grep -Eq 'qt6|ncurses'"
# Whatever the monitoring and backup folders hold ships under /usr/share/bilheteria/.
dpkg-deb -c "$SERVER_DEB" >"$WORK/server-files.txt"
while IFS= read -r file; do
    grep -q " ./usr/share/bilheteria/${file#"$ROOT/installer/"}\$" "$WORK/server-files.txt" ||
        die "FAILED: the server package lacks ${file#"$ROOT/"}"
done < <(find "$ROOT/installer/prometheus" "$ROOT/installer/grafana" "$ROOT/installer/pgbackrest" \
    -type f 2>/dev/null)
info "ok: the server package ships installer/prometheus, installer/grafana and installer/pgbackrest, if any"
check "the server package's conffiles are its config and its nginx site" \
    bash -c "dpkg-deb -I '$SERVER_DEB' conffiles | sort | tr '\n' ' ' |
        grep -qx '/etc/bilheteria/bilheteria.conf /etc/nginx/sites-available/bilheteria '"

# --- A clean Debian 12 root ----------------------------------------------------------------------
mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/lock"
flock 9 # one debootstrap at a time, and nobody reads a half-written tarball
if [[ -z $(find "$BASE_TARBALL" -mtime -7 2>/dev/null) ]]; then
    info "debootstrap --variant=minbase bookworm from $MIRROR (cached in $BASE_TARBALL)"
    BASE="$WORK/base"
    if ! debootstrap --variant=minbase bookworm "$BASE" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
        tail -n 30 "$WORK/debootstrap.log" >&2
        die "debootstrap failed"
    fi
    tar -C "$BASE" -czf "$BASE_TARBALL.new" .
    mv "$BASE_TARBALL.new" "$BASE_TARBALL"
    rm -rf --one-file-system "$BASE"
    info "debootstrap done after ${SECONDS}s"
fi
flock -u 9
mkdir -p "$ROOTFS"
tar -C "$ROOTFS" -xzf "$BASE_TARBALL"
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
mount -t proc proc "$ROOTFS/proc"
mount --bind /dev "$ROOTFS/dev"
# No service starts inside the root, whatever a package's scripts try.
printf '#!/bin/sh\nexit 101\n' >"$ROOTFS/usr/sbin/policy-rc.d"
chmod 755 "$ROOTFS/usr/sbin/policy-rc.d"

# --- Install ---------------------------------------------------------------------------------------
mkdir -p "$ROOTFS/tmp/debs"
cp "$SERVER_DEB" "$TERM_DEB" "$ROOTFS/tmp/debs/"
info "apt-get install bilheteria-server in the clean root"
apt_in_root "apt-get update" update
apt_in_root "apt-get install bilheteria-server" install "/tmp/debs/$(basename "$SERVER_DEB")"
info "ok: bilheteria-server installed with its dependencies (${SECONDS}s)"
check "the server binary finds all its libraries" \
    bash -c "! chroot '$ROOTFS' ldd /usr/bin/bilheteria-server | grep -q 'not found'"
check "installing the server pulled no Qt" bash -c "! chroot '$ROOTFS' dpkg -l | grep -q libqt6"
check "the system user bilheteria exists, without a login shell" \
    bash -c "chroot '$ROOTFS' getent passwd bilheteria | grep -q ':/var/lib/bilheteria:/usr/sbin/nologin$'"
check "/var/lib/bilheteria belongs to bilheteria, mode 750" \
    bash -c "[[ \$(chroot '$ROOTFS' stat -c '%U:%G %a' /var/lib/bilheteria) == 'bilheteria:bilheteria 750' ]]"
check "the config is readable by root and the bilheteria group only" \
    bash -c "[[ \$(chroot '$ROOTFS' stat -c '%U:%G %a' /etc/bilheteria/bilheteria.conf) == 'root:bilheteria 640' ]]"
check "the keys of personal data were made at install: bilheteria's alone, mode 600" \
    bash -c "[[ \$(chroot '$ROOTFS' stat -c '%U:%G %a' /etc/bilheteria/keys) == 'bilheteria:bilheteria 600' ]]"
cp "$ROOTFS/etc/bilheteria/keys" "$WORK/keys.installed"
check "dpkg knows the conffiles" \
    bash -c "chroot '$ROOTFS' dpkg-query -W -f='\${Conffiles}' bilheteria-server | grep -q /etc/bilheteria/bilheteria.conf"
check "the nginx site is shipped but not enabled" \
    bash -c "[[ -f '$ROOTFS/etc/nginx/sites-available/bilheteria' && ! -e '$ROOTFS/etc/nginx/sites-enabled/bilheteria' ]]"
check "the folder of the nginx site's cache exists (nginx makes its own folder in it)" \
    bash -c "[[ \$(chroot '$ROOTFS' stat -c '%U:%G %a' /var/cache/bilheteria) == 'root:root 755' ]] &&
        grep -q '^proxy_cache_path /var/cache/bilheteria/nginx ' '$ROOTFS/etc/nginx/sites-available/bilheteria'"
check "the man page is installed" test -f "$ROOTFS/usr/share/man/man1/bilheteria-server.1"
check "the sysusers.d declaration is installed" test -f "$ROOTFS/usr/lib/sysusers.d/bilheteria.conf"

# --- The unit --------------------------------------------------------------------------------------
UNIT="$ROOTFS/usr/lib/systemd/system/bilheteria-server.service"
check "the systemd unit is installed" test -f "$UNIT"
# The package needs no systemd (containers run the server without it), so the clean root has
# none; systemd itself is installed now, as on a machine that boots with it, so that the host's
# systemd-analyze finds its targets in the root. --root resolves ExecStart's binary inside the
# root; the man page is checked on its own (the host has no copy of it).
apt_in_root "apt-get install systemd" install systemd
cp "$ROOTFS/etc/passwd" "$WORK/passwd.before"
check "the sysusers.d declaration parses and declares the user adduser made (nothing to add)" \
    bash -c "chroot '$ROOTFS' systemd-sysusers bilheteria.conf &&
        cmp -s '$WORK/passwd.before' '$ROOTFS/etc/passwd'"
if ! systemd-analyze verify --man=no --root="$ROOTFS" bilheteria-server.service \
    >"$WORK/verify.log" 2>&1; then
    cat "$WORK/verify.log" >&2
    die "FAILED: systemd-analyze verify bilheteria-server.service"
fi
if [[ -s $WORK/verify.log ]]; then
    cat "$WORK/verify.log" >&2
    die "FAILED: systemd-analyze verify printed warnings for bilheteria-server.service"
fi
check "the man page renders without warnings" \
    bash -c "! man --warnings -l '$ROOTFS/usr/share/man/man1/bilheteria-server.1' 2>&1 >/dev/null | grep -q ."
info "ok: systemd-analyze verify passes the installed unit"
# systemd's own measure of the confinement (0 = confined, 10 = exposed); 1.5 when written.
if ! systemd-analyze security --offline=yes --threshold=20 --root="$ROOTFS" \
    bilheteria-server.service >"$WORK/security.log" 2>&1; then
    grep -E '✗|Overall' "$WORK/security.log" >&2 || cat "$WORK/security.log" >&2
    die "FAILED: systemd-analyze security rates bilheteria-server.service above 2.0"
fi
info "ok: systemd-analyze security: $(grep -o 'Overall exposure level.*' "$WORK/security.log")"
for setting in 'User=bilheteria' 'ProtectSystem=strict' 'NoNewPrivileges=yes' 'PrivateTmp=yes' \
    'ProtectHome=yes' 'StateDirectory=bilheteria' 'CapabilityBoundingSet=$' \
    'ExecStart=/usr/bin/bilheteria-server --config /etc/bilheteria/bilheteria.conf serve$'; do
    grep -q "^$setting" "$UNIT" || die "FAILED: the unit lacks $setting"
done
info "ok: the unit is hardened (own user, strict, no new privileges, no capabilities)"

# --- Run it ----------------------------------------------------------------------------------------
USER_ID="$(in_root id -u bilheteria)"
GROUP_ID="$(in_root id -g bilheteria)"
# as_service CMD... — CMD inside the root as the bilheteria user, from its state directory.
as_service() {
    chroot --userspec="$USER_ID:$GROUP_ID" "$ROOTFS" /usr/bin/env -i \
        PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/var/lib/bilheteria "$@"
}
PORT="$(free_port)"
# start_server — the installed server as bilheteria on 127.0.0.1:$PORT with the installed
# config, its output in $WORK/server.log; returns once it listens.
start_server() {
    info "starting the installed server as bilheteria on 127.0.0.1:$PORT with the installed config"
    # The unit's own command line, with only the port changed (the command line wins over the
    # file). A simple command, not as_service: $! is then the server itself (chroot and env
    # exec it), so the SIGTERM of stop_server reaches the server and its exit status is the
    # server's.
    chroot --userspec="$USER_ID:$GROUP_ID" "$ROOTFS" /usr/bin/env -i PATH=/usr/bin:/bin \
        LANG=C.UTF-8 HOME=/var/lib/bilheteria /usr/bin/bilheteria-server \
        --config /etc/bilheteria/bilheteria.conf serve --listen "127.0.0.1:$PORT" \
        >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in {1..300}; do
        grep -q 'listening on https://' "$WORK/server.log" && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if ! grep -q 'listening on https://' "$WORK/server.log"; then
        cat "$WORK/server.log" >&2
        die "FAILED: the installed server did not start"
    fi
}
# stop_server — SIGTERM; the server must exit 0, having said so.
stop_server() {
    info "stopping the server with SIGTERM"
    kill -TERM "$SERVER_PID"
    local status=0
    wait "$SERVER_PID" || status=$?
    SERVER_PID=
    ((status == 0)) || {
        cat "$WORK/server.log" >&2
        die "FAILED: the server exited with status $status on SIGTERM"
    }
    check "the server stopped cleanly on SIGTERM" grep -q 'stopped cleanly' "$WORK/server.log"
}
start_server
check "the server created its TLS files and SQLite database in /var/lib/bilheteria, as bilheteria" \
    bash -c "[[ \$(chroot '$ROOTFS' stat -c %U /var/lib/bilheteria/tls/server.key) == bilheteria &&
        -f '$ROOTFS/var/lib/bilheteria/bilheteria.sqlite3' ]]"

for account in "organizer olga@venue.example Olga" "clerk carla@venue.example Carla"; do
    read -r role email name <<<"$account"
    if ! printf '%s\n' "$PASSWORD" | as_service /usr/bin/bilheteria-server user add \
        --data-dir /var/lib/bilheteria --keys-file /etc/bilheteria/keys --email "$email" --name "$name" --role "$role" \
        >>"$WORK/users.log" 2>&1; then
        cat "$WORK/users.log" >&2
        die "FAILED: bilheteria-server user add --role $role"
    fi
done
info "ok: an organizer and a clerk added with the installed command line"

BASE_URL="https://127.0.0.1:$PORT"
# api METHOD PATH [curl args...] — the JSON answer; fails the test on a non-2xx status.
api() {
    local method=$1 path=$2 body
    shift 2
    if ! body="$(curl -sS -k --fail-with-body -X "$method" -H 'Content-Type: application/json' \
        "$@" "$BASE_URL$path")"; then
        printf '%s\n' "$body" >&2
        die "FAILED: $method $path"
    fi
    printf '%s\n' "$body"
}
login() {
    api POST /api/v1/auth/login --data "$(jq -n --arg e "$1" --arg p "$PASSWORD" \
        '{email: $e, password: $p}')" | jq -er .token
}
ORGANIZER="$(login olga@venue.example)"
CLERK="$(login carla@venue.example)"
event="$(api POST /api/v1/events -H "Authorization: Bearer $ORGANIZER" --data '{
    "name": "Package Night", "venue": "Chroot Hall", "starts_at": "2030-06-01T20:00:00Z",
    "currency": "BRL", "sections": [{"name": "Plateia", "price_cents": 5000,
    "rows": [{"label": "A", "seats": 4}]}]}')"
EVENT_ID="$(jq -er .event.id <<<"$event")"
SEAT_ID="$(api GET "/api/v1/events/$EVENT_ID/seats" | jq -er '.seats[0].id')"
hold="$(api POST "/api/v1/events/$EVENT_ID/holds" -H "Authorization: Bearer $CLERK" \
    --data "{\"seat_ids\": [$SEAT_ID]}")"
HOLD_ID="$(jq -er .hold.id <<<"$hold")"
order="$(api POST "/api/v1/holds/$HOLD_ID/purchase" -H "Authorization: Bearer $CLERK" \
    -H 'Idempotency-Key: package-test-1' --data '{"payment": {"method": "cash", "tendered_cents": 6000}}')"
check "one ticket sold over HTTPS: paid, change 10.00, one ticket with a code" \
    jq -e '.order.status == "paid" and .order.payment.change_cents == 1000
        and (.order.tickets | length) == 1 and (.order.tickets[0].code | length) > 0' \
    <<<"$order" >/dev/null
# seat_states — the event's seats as "ID:STATE ..." in seat order.
seat_states() {
    api GET "/api/v1/events/$EVENT_ID/seats" | jq -er '[.seats[] | "\(.id):\(.state)"] | join(" ")'
}
check "the seat is sold" \
    bash -c "curl -sS -k '$BASE_URL/api/v1/events/$EVENT_ID/seats' |
        jq -e '.seats[] | select(.id == $SEAT_ID) | .state == \"sold\"' >/dev/null"

# --- Backup and restore (SQLite) -------------------------------------------------------------------
# The runbook's commands (docs/operations.md, "Backing up and restoring a SQLite server"), with
# the installed binary as the service's user: a backup while the server sells, another sale,
# then a restore with the server stopped brings the database back to the backup's moment.
DATABASE=sqlite:/var/lib/bilheteria/bilheteria.sqlite3
BACKUP=/var/backups/bilheteria/bilheteria-package-test.sqlite3
in_root install -d -o bilheteria -g bilheteria -m 0700 /var/backups/bilheteria
STATES_AT_BACKUP="$(seat_states)"
ORDERS_AT_BACKUP="$(api GET /api/v1/orders -H "Authorization: Bearer $CLERK" | jq -er '.orders | length')"
check "bilheteria-server backup copies the database while the server runs" \
    as_service /usr/bin/bilheteria-server backup --keys-file /etc/bilheteria/keys \
    --database "$DATABASE" --to "$BACKUP"
check "the backup is the service's alone, mode 600" \
    bash -c "[[ \$(chroot '$ROOTFS' stat -c '%U:%G %a' '$BACKUP') == 'bilheteria:bilheteria 600' ]]"
SECOND_SEAT_ID="$(api GET "/api/v1/events/$EVENT_ID/seats" | jq -er '.seats[1].id')"
hold="$(api POST "/api/v1/events/$EVENT_ID/holds" -H "Authorization: Bearer $CLERK" \
    --data "{\"seat_ids\": [$SECOND_SEAT_ID]}")"
api POST "/api/v1/holds/$(jq -er .hold.id <<<"$hold")/purchase" -H "Authorization: Bearer $CLERK" \
    -H 'Idempotency-Key: package-test-2' \
    --data '{"payment": {"method": "cash", "tendered_cents": 5000}}' >/dev/null
[[ $(seat_states) != "$STATES_AT_BACKUP" ]] || die "FAILED: the sale after the backup changed no seat"
info "ok: another seat sold after the backup"
check "restore refuses while the server has the database open" \
    bash -c "! chroot --userspec='$USER_ID:$GROUP_ID' '$ROOTFS' /usr/bin/bilheteria-server restore \
        --keys-file /etc/bilheteria/keys --database '$DATABASE' --from '$BACKUP' >'$WORK/restore-busy.log' 2>&1 &&
        grep -q 'is in use' '$WORK/restore-busy.log'"
stop_server
if ! as_service /usr/bin/bilheteria-server restore --keys-file /etc/bilheteria/keys \
    --database "$DATABASE" --from "$BACKUP" >"$WORK/restore.log" 2>&1; then
    cat "$WORK/restore.log" >&2
    die "FAILED: bilheteria-server restore"
fi
info "ok: bilheteria-server restore put the backup back"
check "the restored database is the service's and the one it replaced is kept beside it" \
    bash -c "[[ \$(chroot '$ROOTFS' stat -c %U /var/lib/bilheteria/bilheteria.sqlite3) == bilheteria ]] &&
        ls '$ROOTFS'/var/lib/bilheteria/bilheteria.sqlite3.before-restore-* >/dev/null"
start_server
[[ $(seat_states) == "$STATES_AT_BACKUP" ]] ||
    die "FAILED: the seats after the restore are not as at the backup: $(seat_states), not $STATES_AT_BACKUP"
CLERK="$(login carla@venue.example)"
[[ $(api GET /api/v1/orders -H "Authorization: Bearer $CLERK" | jq -er '.orders | length') == "$ORDERS_AT_BACKUP" ]] ||
    die "FAILED: the orders after the restore are not as at the backup"
info "ok: after the restore the seats and orders are as at the backup (the later sale is gone)"
stop_server
check "the installed server's check finds the restored database consistent" \
    as_service /usr/bin/bilheteria-server check --keys-file /etc/bilheteria/keys --database "$DATABASE"
check "the database holds no plaintext e-mail or name" \
    bash -c "! grep -rqa -e 'olga@venue.example' -e 'carla@venue.example' -e 'Carla' \
        '$ROOTFS'/var/lib/bilheteria/bilheteria.sqlite3*"
# The operator rotates as root (docs/operations.md): the rewritten keys file keeps its owner,
# so the service can still read it, and every account stays readable under the new key.
check "keys rotate as root keeps the keys file the service's, mode 600" \
    bash -c "chroot '$ROOTFS' /usr/bin/bilheteria-server keys rotate --keys-file /etc/bilheteria/keys \
            --database sqlite:/var/lib/bilheteria/bilheteria.sqlite3 >/dev/null &&
        [[ \$(chroot '$ROOTFS' stat -c '%U:%G %a' /etc/bilheteria/keys) == 'bilheteria:bilheteria 600' ]] &&
        [[ \$(chroot '$ROOTFS' stat -c '%U' /var/lib/bilheteria/bilheteria.sqlite3) == bilheteria ]]"
check "after the rotation the service's user reads every account under the new key" \
    bash -c "chroot --userspec='$USER_ID:$GROUP_ID' '$ROOTFS' /usr/bin/bilheteria-server keys status \
        --keys-file /etc/bilheteria/keys --database sqlite:/var/lib/bilheteria/bilheteria.sqlite3 |
        tee '$WORK/keys-status.log' | grep -q '^k2: [1-9][0-9]* value(s), current'"
cp "$ROOTFS/etc/bilheteria/keys" "$WORK/keys.rotated"

# --- An upgrade ------------------------------------------------------------------------------------
# The same package as a later version: an upgrade must keep the operator's config and the data.
dpkg-deb -R "$SERVER_DEB" "$WORK/next"
sed -i 's/^Version: .*/&+next1/' "$WORK/next/DEBIAN/control"
dpkg-deb -b "$WORK/next" "$ROOTFS/tmp/debs/bilheteria-server-next.deb" >/dev/null
echo 'threads = 8 # changed by the operator' >>"$ROOTFS/etc/bilheteria/bilheteria.conf"
apt_in_root "apt-get install bilheteria-server (upgrade)" install /tmp/debs/bilheteria-server-next.deb
check "the upgrade installed the new version" \
    bash -c "chroot '$ROOTFS' dpkg-query -W -f='\${Version}' bilheteria-server | grep -q '+next1$'"
check "the upgrade kept the operator's config, its mode and the database" \
    bash -c "grep -q '^threads = 8' '$ROOTFS/etc/bilheteria/bilheteria.conf' &&
        [[ \$(chroot '$ROOTFS' stat -c '%U:%G %a' /etc/bilheteria/bilheteria.conf) == 'root:bilheteria 640' ]] &&
        [[ -f '$ROOTFS/var/lib/bilheteria/bilheteria.sqlite3' ]]"
check "the upgrade kept the keys file as it was" cmp -s "$WORK/keys.rotated" "$ROOTFS/etc/bilheteria/keys"

# --- The terminal client ---------------------------------------------------------------------------
apt_in_root "apt-get install bilheteria-term" install "/tmp/debs/$(basename "$TERM_DEB")"
check "bilheteria-term installs with its dependencies and runs" \
    bash -c "chroot '$ROOTFS' /usr/bin/bilheteria-term --help >/dev/null"

# --- The desktop client ----------------------------------------------------------------------------
if [[ -n ${DESKTOP_DEB:-} ]]; then
    cp "$DESKTOP_DEB" "$ROOTFS/tmp/debs/"
    apt_in_root "apt-get install bilheteria-desktop" install "/tmp/debs/$(basename "$DESKTOP_DEB")"
    # Offscreen: no display here; the client still loads Qt, its plugins and its resources.
    check "bilheteria-desktop installs with its dependencies and starts" \
        bash -c "chroot '$ROOTFS' /usr/bin/env -i PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
            /usr/bin/bilheteria --version 2>/dev/null | grep -q '^bilheteria '"
    check "Qt's SVG icon engine (the client's icons) came with it" \
        bash -c "ls '$ROOTFS'/usr/lib/*/qt6/plugins/iconengines/libqsvgicon.so >/dev/null"
fi

# --- Purge -----------------------------------------------------------------------------------------
apt_in_root "apt-get purge bilheteria-server" purge bilheteria-server
check "a purge removes the config, the unit and the nginx cache but keeps the sales data" \
    bash -c "[[ ! -e '$ROOTFS/etc/bilheteria/bilheteria.conf' && ! -e '$UNIT' &&
        ! -e '$ROOTFS/var/cache/bilheteria' &&
        -f '$ROOTFS/var/lib/bilheteria/bilheteria.sqlite3' ]]"

# A first install where systemd is installed (but not running, as in this root) enables the
# service and starts nothing.
apt_in_root "apt-get install bilheteria-server again" install "/tmp/debs/$(basename "$SERVER_DEB")"
check "installed again beside systemd: the service is enabled" \
    test -L "$ROOTFS/etc/systemd/system/multi-user.target.wants/bilheteria-server.service"
check "and nothing was started in the root" \
    bash -c "! pgrep -f '^/usr/bin/bilheteria-server' >/dev/null"
check "the kept database is still the service's" \
    bash -c "[[ \$(chroot '$ROOTFS' stat -c %U /var/lib/bilheteria/bilheteria.sqlite3) == bilheteria ]]"

info "the packages install, run and sell on a clean Debian 12 (${SECONDS}s)"
