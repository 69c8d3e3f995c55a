#!/usr/bin/env bash
# make bench-ballots: BALLOTS (100,000) ballots cast through ZeroMQ with
# CURVE by each number of concurrent clients in CLIENTS ("32 64 128"),
# each acknowledged only after its commit (fsync on, synchronous_commit
# on), next to pgbench inserting single rows at the same number of clients
# on the same PostgreSQL in the same run; ballots per second as a ratio.
# Writes the "## Vote (make bench-ballots)" section of BENCHMARKS.md.
#   CLIENTS, BALLOTS, RUNS (3 per number of clients: best of, and the
#   median of the runs' ratios), COMMIT_DELAY (µs, 0: off) and THREADS (2:
#   both load generators, pgbench -j) change it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
var=$top/var/bench-ballots
sweep=${CLIENTS:-32 64 128} ballots=${BALLOTS:-100000} runs=${RUNS:-3}
commit_delay=${COMMIT_DELAY:-0}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
rm -rf "$var"
trap 'deploy/local/stack.sh down "$var" >/dev/null 2>&1 || true' EXIT INT TERM
# The service's default of 4 workers (WORKERS changes it): a worker hands
# its cast to the committer, which answers it after the commit, and is free
# again at once, so casts in flight need no worker each
export SAMSKAB_VOTE_WORKERS=${WORKERS:-4}
deploy/local/stack.sh up "$var" "${SAMSKAB_BENCH_PORT:-7450}" >/dev/null
export SAMSKAB_CONFIG=$var/samskab.cfg SAMSKAB_BENCH_CERT=$var/keys/vote.cert_secret
sk=bin/samskab
psql() { "$PGBIN/psql" -h "$var/pg" -U postgres -qAt "$@"; }
[ "$(psql -d samskab -c 'SHOW fsync')" = on ] && [ "$(psql -d samskab -c 'SHOW synchronous_commit')" = on ] ||
    { echo "bench-ballots: fsync and synchronous_commit must be on" >&2; exit 1; }
if [ "$commit_delay" -gt 0 ]; then
    psql -d samskab -c "ALTER SYSTEM SET commit_delay = $commit_delay" -c "SELECT pg_reload_conf()" >/dev/null
fi

# One citizen budget per run, each with BALLOTS codes and ten projects
setup() {
    local n=$1 id
    id=$($sk --json budget create --name "Bench $n" --amount 1000000 --max-choices 3 |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    for p in $(seq 1 10); do $sk budget project "$id" --title "Projekt $p" --cost $((p * 10000)) >/dev/null; done
    : >"$var/codes-$n.csv"
    local left=$ballots
    while [ "$left" -gt 0 ]; do
        local k=$((left > 10000 ? 10000 : left))
        $sk budget codes "$id" --count "$k" --label bench --csv "$var/batch.csv" >/dev/null
        tail -n +2 "$var/batch.csv" >>"$var/codes-$n.csv"
        left=$((left - k))
    done
    $sk budget phase "$id" voting --yes >/dev/null
    echo "$id $($sk --json budget projects "$id" | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))')"
}

# The peer: single-row inserts, one per transaction, same clients
psql -d postgres -c "CREATE DATABASE pgbench" 
psql -d pgbench -c "CREATE TABLE row_insert (id bigserial PRIMARY KEY, client int, v text)"
echo 'INSERT INTO row_insert (client, v) VALUES (:client_id, md5(random()::text));' >"$var/insert.sql"

# CPU time in clock ticks: the vote service; the cluster (the postmaster
# with its reaped backends, and the live ones)
hz=$(getconf CLK_TCK)
vote_ticks() { awk '{print $14 + $15}' "/proc/$(cat "$var/vote.pid")/stat"; }
pg_ticks() {
    local pm t=0
    pm=$(head -n 1 "$var/pg/postmaster.pid")
    t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
    for c in $(ps --ppid "$pm" -o pid=); do
        t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0)))
    done
    echo "$t"
}
# A load generator's own CPU (bash's time: user and system seconds) per item
TIMEFORMAT='%U %S'
client_us() { awk -v n="$2" '{printf "%.0f", ($1 + $2) * 1e6 / n}' "$1"; }
us_per() { awk -v t="$1" -v n="$2" -v hz="$hz" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}'; }

# Before each side: what the other side wrote vacuumed (else autovacuum
# starts on it during this side), a checkpoint, and no autovacuum at work
# (at most a minute), so neither side pays for the other
settle() {
    psql -d samskab -c VACUUM
    psql -d pgbench -c VACUUM
    psql -d postgres -c CHECKPOINT
    for _ in $(seq 1 120); do
        [ "$(psql -d postgres -c "SELECT count(*) FROM pg_stat_activity
            WHERE backend_type = 'autovacuum worker'")" = 0 ] && return
        sleep 0.5
    done
}
casts() {
    settle
    v0=$(vote_ticks) p0=$(pg_ticks)
    line=$({ time build/bench/ballots_load "$id" "$clients" "$var/codes-$run.csv" $projects; } 2>"$var/load.time")
    v1=$(vote_ticks) p1=$(pg_ticks)
    counted=$(psql -d samskab -c "SELECT count(*) FROM vote.ballot WHERE process_id = $id")
    read -r _ ok errors rate _ _ <<<"$line"
    [ "$counted" -eq "$ok" ] || { echo "bench-ballots: $ok acknowledged but $counted stored" >&2; exit 1; }
}
inserts() {
    settle
    p2=$(pg_ticks)
    pgout=$({ time "$PGBIN/pgbench" -h "$var/pg" -U postgres -n -c "$clients" -j "${THREADS:-2}" \
        -t $((ballots / clients)) -f "$var/insert.sql" pgbench 2>&1; } 2>"$var/pgbench.time")
    p3=$(pg_ticks)
    tps=$(awk '/^tps/ {print int($3)}' <<<"$pgout")
}

# Each run both sides, in turn first: odd runs the casts, even runs
# pgbench; a table row per number of clients
rows= details= run=0
for clients in $sweep; do
    best_rate=0 best_line= best_tps=0 best_pg= best_cpu= best_pgcpu= each= pairs=
    for k in $(seq 1 "$runs"); do
        run=$((run + 1))
        read -r id projects <<<"$(setup "$run")"
        if [ $((k % 2)) = 1 ]; then casts; inserts; else inserts; casts; fi
        echo "run $run: $line; pgbench $tps tps" >&2
        each="$each${each:+, }$rate against $tps"
        pairs="$pairs $(awk -v a="$rate" -v b="$tps" 'BEGIN {printf "%.2f", a / b}')"
        if [ "$rate" -gt "$best_rate" ]; then
            best_rate=$rate best_line=$line
            best_cpu="$(us_per $((v1 - v0)) "$ok") µs service + $(us_per $((p1 - p0)) "$ok") µs PostgreSQL + $(client_us "$var/load.time" "$ok") µs load generator"
        fi
        if [ "$tps" -gt "$best_tps" ]; then
            best_tps=$tps best_pg=$(awk '/latency average/ {print $4}' <<<"$pgout")
            best_pgcpu="$(us_per $((p3 - p2)) "$ballots") µs PostgreSQL + $(client_us "$var/pgbench.time" "$ballots") µs pgbench"
        fi
    done
    median=$(tr ' ' '\n' <<<"$pairs" | sed '/^$/d' | sort -n | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : sprintf("%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2)}')
    read -r _ ok errors rate p50 p99 <<<"$best_line"
    ratio=$(awk -v a="$best_rate" -v b="$best_tps" 'BEGIN {printf "%.2f", a / b}')
    rows="$rows| $clients | $ok | $errors | $rate | $p50 | $p99 | $best_tps (avg $best_pg ms) | $ratio | $median |
"
    details="$details- $clients clients: $each. CPU per ballot (best run): $best_cpu; per pgbench insert: $best_pgcpu.
"
done
# What a WAL flush costs on this disk (the first fdatasync line: one 8 kB write)
fsync_us=$("$PGBIN/pg_test_fsync" -s 1 -f "$var/fsync.test" 2>/dev/null |
    awk '/fdatasync/ && /usecs/ {print $(NF-1); exit}')
rm -f "$var/fsync.test"
cpu=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
pgver=$("$PGBIN/postgres" --version | awk '{print $3}')
section=$(
    echo "## Vote (make bench-ballots)"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($cpu), $mem, PostgreSQL $pgver,"
    echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared)."
    echo "$ballots ballots cast with one-time codes by $(sed 's/ /, /g; s/, \([^,]*\)$/ and \1/' <<<"$sweep") concurrent clients, each its own"
    echo "CURVE connection with one cast in flight (the service has $SAMSKAB_VOTE_WORKERS workers, which casts do not use);"
    echo "a cast is acknowledged only after its transaction (code consumed, ballot"
    echo "written) has committed, with fsync and synchronous_commit on, commit_delay"
    echo "$commit_delay µs. The peer is pgbench inserting one row per transaction with the"
    echo "same number of clients on the same server in the same run. Both load generators"
    echo "drive their connections from ${THREADS:-2} threads (pgbench -j, ballots_load THREADS)."
    echo "$runs runs per number of clients: the best of each side, its ratio, and"
    echo "the median of the runs' own ratios. Each side starts after a VACUUM and"
    echo "a checkpoint with no autovacuum at work, and the two take turns going first."
    echo
    echo "| clients | ballots | errors | ballots/s | p50 µs | p99 µs | pgbench inserts/s | ratio | median ratio |"
    echo "|--------:|--------:|-------:|----------:|-------:|-------:|------------------:|------:|-------------:|"
    printf '%s' "$rows"
    echo
    echo "Each run, ballots/s against pgbench inserts/s:"
    echo
    printf '%s' "$details"
    echo
    echo "A flush of 8 kB takes $fsync_us µs on this disk (pg_test_fsync,"
    echo "fdatasync, in var/), so both sides are bound by the $(nproc) cores, which"
    echo "they share with whatever else runs on the machine: the ratio of one pair"
    echo "moves by about ±20 % from run to run."
    echo
    echo "Casts are committed in batches by the service (doc/DECISIONS.md, \"Group"
    echo "commit in the service\"): one statement and one flush per batch, the code's"
    echo "update HOT, so a ballot costs PostgreSQL less than half of pgbench's one-row"
    echo "transaction. A cast takes no worker: the broker thread checks it and hands it"
    echo "to the committer (an in_broker op of the service loop), which answers it"
    echo "after its batch's commit (a deferred reply). What a ballot adds is the"
    echo "service's own CPU per request (CURVE in the ZeroMQ I/O thread, the broker,"
    echo "the committer) and the clients' CURVE, against PostgreSQL's CPU that a"
    echo "batch saves."
    echo
    echo "The more clients, the larger the service's batches and the less CPU a"
    echo "ballot costs, while each pgbench insert keeps its own transaction and"
    echo "flush. With few clients the committer's one batch at a time bounds the"
    echo "rate before the cores do (at 32 clients a batch holds about 15 casts)."
    echo
    echo "Target: ratio at least 1.0."
)
echo "$section"
bench/section.sh BENCHMARKS.md "## Vote (make bench-ballots)" <<<"$section"
