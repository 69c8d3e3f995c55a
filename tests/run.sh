#!/usr/bin/env bash
# make test: start a throwaway stack under var/test, run every suite, stop it.
# usage: tests/run.sh TEST...   (the unit and integration programs from make)
# SAMSKAB_TEST_VAR and SAMSKAB_TEST_PORT move the stack, so that two suites
# can run side by side on one machine. SAMSKAB_BIN names the folder of the
# programs the stack and the suites run (default bin/; make asan sets it).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
SAMSKAB_BIN=$(cd "${SAMSKAB_BIN:-$top/bin}" 2>/dev/null && pwd) || { echo "not ok - no ${SAMSKAB_BIN:-bin} folder (make all)"; exit 1; }
export SAMSKAB_BIN
var=${SAMSKAB_TEST_VAR:-$top/var/test}
# clean also removes a cluster kept outside $var (stack.sh, pg_dir)
[ -d "$var" ] && deploy/local/stack.sh clean "$var" >/dev/null 2>&1
rm -rf "$var"
trap 'deploy/local/stack.sh down "$var" >/dev/null 2>&1' EXIT INT TERM
deploy/local/stack.sh up "$var" "${SAMSKAB_TEST_PORT:-7200}" || { echo "0 passed, 1 failed"; exit 1; }
export SAMSKAB_CONFIG=$var/samskab.cfg SAMSKAB_VAR=$var SAMSKAB_TOP=$top
tests/harness.sh "$var/logs" "$@"
