#!/usr/bin/env bash
# make bench-registry: the registry's get and filtered list through ZeroMQ
# with CURVE, next to pgbench's select-only rate on the same PostgreSQL in
# the same run, and the registry's resident memory under that load. Writes
# the "## Registry (make bench-registry)" section of BENCHMARKS.md.
#   CLIENTS (8), SECONDS (10), PARTIES (10000) change the run.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
var=$top/var/bench-registry
clients=${CLIENTS:-8} secs=${SECONDS_PER_RUN:-10} parties=${PARTIES:-10000}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
rm -rf "$var"
trap 'deploy/local/stack.sh down "$var" >/dev/null 2>&1 || true' EXIT INT TERM
deploy/local/stack.sh up "$var" "${SAMSKAB_BENCH_PORT:-7600}" >/dev/null
export SAMSKAB_CONFIG=$var/samskab.cfg SAMSKAB_BENCH_CERT=$var/keys/staff-0730.cert_secret
load=build/bench/registry_load
pid=$(cat "$var/registry.pid")

echo "seeding $parties associations through the registry ..."
SAMSKAB_BENCH_IDS=$($load seed "$parties")
export SAMSKAB_BENCH_IDS

# The peer: pgbench's built-in select-only script, same server, same clients
pg() { "$PGBIN/$1" -h "$var/pg" -U postgres "${@:2}"; }
pg createdb pgbench
pg pgbench -i -s 10 -q pgbench >/dev/null 2>&1

rss_max=0
sample_rss() { # the registry's resident set while a load runs
    while kill -0 "$1" 2>/dev/null; do
        local r
        r=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
        [ "$r" -gt "$rss_max" ] && rss_max=$r
        sleep 0.2
    done
    echo "$rss_max"
}

results=$var/results
: >"$results"
for op in get list ping; do
    $load "$op" "$clients" "$secs" >"$var/$op.out" &
    lp=$!
    rss=$(sample_rss $lp)
    wait $lp
    echo "$(cat "$var/$op.out") $rss" >>"$results"
done
pg pgbench -S -n -c "$clients" -j 2 -T "$secs" -r pgbench >"$var/pgbench.out"
tps=$(awk '/^tps/ {print int($3)}' "$var/pgbench.out")
lat=$(awk '/latency average/ {print $4}' "$var/pgbench.out")

cpu=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
pgver=$("$PGBIN/postgres" --version | awk '{print $3}')
section=$(
    echo "## Registry (make bench-registry)"
    echo
    echo "$(date -u +%Y-%m-%d), $(nproc) cores ($cpu), $mem, PostgreSQL $pgver,"
    echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg). $clients clients,"
    echo "one request in flight each, ${secs} s per run, $parties associations;"
    echo "clients, service and PostgreSQL on the same machine. The peer is"
    echo "\`pgbench -S\` (one primary-key SELECT per transaction) on the same server"
    echo "in the same run. A registry get is one transaction of its own: tenant"
    echo "setting, the party, its declarations and activities; a list is one"
    echo "filtered page of up to 50 parties with theirs."
    echo
    echo "| op | requests/s | p50 µs | p99 µs | pgbench -S tps | ratio | registry RSS under load |"
    echo "|----|-----------:|-------:|-------:|---------------:|------:|------------------------:|"
    while read -r op _ n errors rps p50 p99 rss; do
        ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN {printf "%.2f", a / b}')
        echo "| $op | $rps | $p50 | $p99 | $tps (avg $lat ms) | $ratio | $((rss / 1024)) MB |"
    done <"$results"
    echo
    echo "Targets: ratio at least 0.7 for get; RSS under 16 MB."
    echo
    echo "A get is one round trip to PostgreSQL: the tenant setting, the party,"
    echo "its declarations and activities as one pipeline that is its own"
    echo "transaction (sk_db_exec_final: no BEGIN or COMMIT), prepared once per"
    echo "connection; pgbench -S is one statement. The ping row is"
    echo "registry.service.ping, answered by the service loop without the"
    echo "database: what the transport alone (the clients' and the service's"
    echo "CURVE, ZeroMQ's I/O threads, the service's broker and worker threads)"
    echo "allows on this machine, so the ceiling of any op's ratio. Most of that"
    echo "cost is the kernel switching between threads (perf: finish_task_switch"
    echo "leads the service's profile), which pgbench's client, one process"
    echo "talking to one backend over a unix socket, does not pay."
)
echo "$section"
bench/section.sh BENCHMARKS.md "## Registry (make bench-registry)" <<<"$section"
