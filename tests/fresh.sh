#!/usr/bin/env bash
# make test-fresh: the committed tree, cloned into a folder only root can
# enter (Debian 12 makes home folders 0700, so PostgreSQL's owner cannot
# reach a cluster there), builds, starts the local stack, and every service
# answers. Needs root (initdb runs as postgres only then).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" -ne 0 ]; then echo "ok - # SKIP the stack runs as you, not as postgres"; exit 0; fi
home=$(mktemp -d /tmp/samskab-fresh.XXXXXX) # 0700, as a home folder
clone=$home/samskab
cleanup() {
    [ -d "$clone/var/test" ] && "$clone/deploy/local/stack.sh" down "$clone/var/test" >/dev/null 2>&1
    [ -L "$clone/var/test/pg" ] && rm -rf "$(readlink -f "$clone/var/test/pg")"
    rm -rf "$home"
}
trap cleanup EXIT
chmod 700 "$home"
if runuser -u postgres -- test -x "$home"; then
    echo "not ok - postgres can enter $home; the test needs a folder it cannot"; exit 1
fi
git clone -q "$top" "$clone" || { echo "not ok - git clone"; exit 1; }
cd "$clone" || exit 1
if ! make -j2 all >"$home/build.log" 2>&1; then
    echo "not ok - make all in the clone"; tail -n 20 "$home/build.log" | sed 's/^/#   /'; exit 1
fi
echo "ok - the clone in a 0700 folder builds"
if deploy/local/stack.sh up var/test "${SAMSKAB_TEST_PORT:-7200}" >"$home/up.log" 2>&1; then
    echo "ok - the stack starts there (PostgreSQL in $(readlink -f var/test/pg))"
else
    echo "not ok - the stack does not start in the clone"; tail -n 20 "$home/up.log" | sed 's/^/#   /'; exit 1
fi
for s in $(deploy/local/stack.sh services var/test); do
    if SAMSKAB_CONFIG=$clone/var/test/samskab.cfg bin/samskab --timeout 2000 ping "$s" >/dev/null 2>&1; then
        echo "ok - $s answers"
    else
        echo "not ok - $s does not answer"
    fi
done
