#!/usr/bin/env bash
# make bench-failover: registry gets and ballot casts through the failover
# client (a list of two instances of each service, sk_client), first with
# both instances up, then while one registry and one vote instance are
# killed with kill -9 and started again. Per second: requests and p99; the
# dip (the worst second against the steady rate), the time from the kill
# and from the start again to full rate (a second at 80 % of the median
# second before the kill or more, after the dip), and the requests that failed beyond the
# retry budget (an attempt of 1 s, 2 retries; target 0). Gets and casts run
# at the same time, as a real day would have them. Writes the
# "## Failover (make bench-failover)" section of BENCHMARKS.md.
#   CLIENTS (8 getting), CAST_CLIENTS (32 casting: with fewer than 8 casts
#   waiting an instance's committer gathers for 100 ms, for ballot secrecy,
#   so a few casting clients split over two instances measure that wait),
#   SECONDS_PER_RUN (24), KILL_AT (8), DOWN_FOR (4), PARTIES (2000) change
#   the run.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
var=$top/var/bench-failover
clients=${CLIENTS:-8} cast_clients=${CAST_CLIENTS:-32} secs=${SECONDS_PER_RUN:-24} kill_at=${KILL_AT:-8} down_for=${DOWN_FOR:-4}
parties=${PARTIES:-2000}
base=${SAMSKAB_BENCH_PORT:-7650}
rm -rf "$var"
extra=() # the second instances' pids
trap 'for p in "${extra[@]}"; do { kill -KILL "$p"; wait "$p"; } 2>/dev/null || true; done
      deploy/local/stack.sh down "$var" >/dev/null 2>&1 || true' EXIT INT TERM
deploy/local/stack.sh up "$var" "$base" >/dev/null
export SAMSKAB_CONFIG=$var/samskab.cfg
sk=bin/samskab

# The second instance of service on port, as a second server would run it
declare -A port=([registry]=$((base + 31)) [vote]=$((base + 32)))
declare -A pid
start() {
    local s=$1 key
    key=SAMSKAB_${1^^}_ENDPOINT
    env "$key=tcp://127.0.0.1:${port[$s]}" SAMSKAB_SERVICE="$s" bin/samskab-"$s" \
        >>"$var/$s-2.log" 2>&1 &
    pid[$s]=$!
    extra+=("$!")
    for _ in $(seq 1 50); do
        env "SAMSKAB_${1^^}_CONNECT=tcp://127.0.0.1:${port[$s]}" \
            $sk --timeout 500 --retries 0 ping "$s" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "bench-failover: the second $s did not start" >&2
    exit 1
}
start registry
start vote
# Every client of the load lists both instances
export SAMSKAB_REGISTRY_CONNECT="tcp://127.0.0.1:$((base + 1)),tcp://127.0.0.1:${port[registry]}"
export SAMSKAB_VOTE_CONNECT="tcp://127.0.0.1:$((base + 2)),tcp://127.0.0.1:${port[vote]}"

echo "seeding $parties associations and a citizen budget with codes ..."
SAMSKAB_BENCH_CERT=$var/keys/staff-0730.cert_secret build/bench/registry_load seed "$parties" \
    >"$var/ids"
id=$($sk --json budget create --name "Failover" --amount 1000000 --max-choices 3 |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for p in $(seq 1 10); do $sk budget project "$id" --title "Projekt $p" --cost $((p * 10000)) >/dev/null; done
codes=$((cast_clients * secs * ${CODES_PER_CLIENT_SECOND:-60})) # per run: more than it casts
for name in steady failover; do
    : >"$var/codes-$name.csv"
    left=$codes
    while [ "$left" -gt 0 ]; do
        k=$((left > 10000 ? 10000 : left))
        $sk budget codes "$id" --count "$k" --label bench --csv "$var/batch.csv" >/dev/null
        tail -n +2 "$var/batch.csv" >>"$var/codes-$name.csv"
        left=$((left - k))
    done
done
$sk budget phase "$id" voting --yes >/dev/null
projects=$($sk --json budget projects "$id" |
    python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))')

# run NAME KILL: both loads for $secs s; with KILL, one registry and one
# vote instance are killed at $kill_at s and started again $down_for s later
run() {
    local name=$1 kill=$2
    SAMSKAB_BENCH_IDS=$(cat "$var/ids") SAMSKAB_BENCH_CERT=$var/keys/staff-0730.cert_secret \
        build/bench/failover_load get "$clients" "$secs" >"$var/$name-get.out" 2>"$var/$name-get.err" &
    local lg=$!
    # shellcheck disable=SC2086
    SAMSKAB_BENCH_CERT=$var/keys/vote.cert_secret \
        build/bench/failover_load cast "$cast_clients" "$secs" "$id" "$var/codes-$name.csv" $projects \
        >"$var/$name-cast.out" 2>"$var/$name-cast.err" &
    local lc=$!
    : >"$var/$name.events"
    if [ "$kill" = kill ]; then
        sleep "$kill_at"
        { kill -KILL "${pid[registry]}" "${pid[vote]}"; wait "${pid[registry]}" "${pid[vote]}"; } 2>/dev/null || true
        echo "kill $(date +%s%3N)" >>"$var/$name.events"
        sleep "$down_for"
        echo "restart $(date +%s%3N)" >>"$var/$name.events"
        start registry
        start vote
        echo "up $(date +%s%3N)" >>"$var/$name.events"
    fi
    wait "$lg" "$lc"
}
run steady none
run failover kill

# The numbers of one op's run: the steady run's rate and p99 (the median
# second's p99, without the first two seconds); the kill run's rate before
# the kill, its worst second after it, the worst p99 from the kill to a
# second after the restart, and the times to full rate
summary() {
    python3 - "$var" "$1" "$kill_at" <<'EOF'
import sys
var, op, kill_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
def load(name):
    rows, start, total = [], 0, None
    for line in open(f"{var}/{name}-{op}.out"):
        f = line.split()
        if f[0] == "start": start = int(f[1])
        elif f[0] == "total": total = (int(f[1]), int(f[2]))
        else: rows.append([int(x) for x in f])
    return start, rows[:-1], total   # the last second is partial
start, steady, st = load("steady")
fstart, fail, ft = load("failover")
ev = {}
for line in open(f"{var}/failover.events"):
    k, t = line.split(); ev[k] = (int(t) - fstart) / 1000
def p99(rows): return sorted(r[4] for r in rows)[len(rows) // 2] if rows else 0
warm = steady[2:]   # the first two seconds connect and warm up
rate = sum(r[1] for r in warm) / max(1, len(warm))
before = [r for r in fail[2:] if r[0] < int(ev["kill"])]
frate = max(1, sum(r[1] for r in before) / max(1, len(before)))
after = [r for r in fail if r[0] >= int(ev["kill"])]
dip = min(after, key=lambda r: r[1])
median = sorted(r[1] for r in before)[len(before) // 2] if before else frate
def full_from(t):   # "-": not within the run
    for r in fail:
        if r[0] >= max(t, dip[0]) and r[1] >= 0.8 * median:
            return f"{r[0] + 1 - t:.1f}"
    return "-"
window = [r for r in fail if int(ev["kill"]) <= r[0] <= int(ev["up"]) + 1]
print(f"{op} {rate:.0f} {p99(warm)} {frate:.0f} {dip[1]} {dip[1] / frate * 100:.0f} "
      f"{max(r[4] for r in window)} {full_from(ev['kill'])} {full_from(ev['up'])} "
      f"{st[0]} {st[1]} {ft[0]} {ft[1]} {ev['kill']:.1f} {ev['up']:.1f}")
EOF
}
summary get >"$var/summary"
summary cast >>"$var/summary"
cat "$var/summary"

cpu=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
section=$(
    echo "## Failover (make bench-failover)"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($cpu), $mem, load average at"
    echo "the end $(cut -d' ' -f1-3 /proc/loadavg). Two instances each of registry and vote"
    echo "on one PostgreSQL, all on one machine; $clients clients getting associations"
    echo "and $cast_clients casting ballots at the same time, one request in flight each,"
    echo "through the failover client (sk_client with both instances listed: an"
    echo "attempt of 1 s, 2 retries). ${secs} s a run: one with both instances up,"
    echo "one where one registry and one vote instance are killed (kill -9) at"
    echo "${kill_at} s and started again ${down_for} s later."
    echo
    echo "| op | steady req/s | steady p99 µs (median second) | req/s before the kill | worst second after it | worst / before | worst p99 µs, kill to restart | to full rate from the kill | from the start again | failed (steady run) | failed (kill run) |"
    echo "|----|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    while read -r op rate p99 frate dip dippct wp99 fullk fullu sn sf fn ff _ _; do
        echo "| $op | $rate | $p99 | $frate | $dip | ${dippct} % | $wp99 | $fullk s | $fullu s | $sf of $sn | $ff of $fn |"
    done <"$var/summary"
    echo
    echo "Target: no request failed beyond its retry budget. Full rate is the first"
    echo "second, from the worst one on, at 80 % of the median second before the"
    echo "kill (the machine's other work moves a second's rate by a fifth)."
    echo "Requests in flight on the killed instance wait out their attempt (1 s) and"
    echo "are answered by the other; a restarted instance gets its share again once"
    echo "ZeroMQ has reconnected to it. Per second, both runs: var/bench-failover/"
    echo "{steady,failover}-{get,cast}.out (second, requests, failed, p50 µs, p99 µs)."
    echo "A vote instance's committer with fewer than 8 casts waiting gathers for"
    echo "up to 100 ms before it commits (ballot secrecy: a batch holds several"
    echo "voters); with few casting clients split over two instances every batch"
    echo "waits that long (8 clients: about 70 casts/s, rising to 1,000/s while one"
    echo "instance is down and all 8 wait at the other), hence $cast_clients casting clients."
)
python3 - "$section" <<'EOF'
import re, sys
section = sys.argv[1].rstrip() + "\n"
text = open("BENCHMARKS.md").read()
pattern = re.compile(r"^## Failover \(make bench-failover\)\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda m: section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
open("BENCHMARKS.md", "w").write(text)
EOF
echo "BENCHMARKS.md: the failover section updated"
