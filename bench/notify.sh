#!/usr/bin/env bash
# make bench-notify: notify's deliveries per second to a local webhook
# receiver with the outbox durable (every attempt committed to PostgreSQL),
# and publish-to-delivery latency. Writes the "## Notify (make bench-notify)"
# section of BENCHMARKS.md.
#   SUBSCRIBERS (100) x EVENTS (200) deliveries per rate run, RUNS (3),
#   LATENCY_EVENTS (2000) at LATENCY_RATE (200) per second.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
var=$top/var/bench-notify
subs=${SUBSCRIBERS:-100} events=${EVENTS:-200} runs=${RUNS:-3}
lat_events=${LATENCY_EVENTS:-2000} lat_rate=${LATENCY_RATE:-200}
rm -rf "$var"
trap 'deploy/local/stack.sh down "$var" >/dev/null 2>&1 || true' EXIT INT TERM
deploy/local/stack.sh up "$var" "${SAMSKAB_BENCH_PORT:-7550}" >/dev/null
export SAMSKAB_CONFIG=$var/samskab.cfg SAMSKAB_VAR=$var SAMSKAB_TOP=$top
bench=build/bench/notify_bench

best=0 best_line= all=
for run in $(seq 1 "$runs"); do
    line=$($bench rate "$subs" "$events")
    echo "run $run: $line"
    rate=$(echo "$line" | awk '{print $4}')
    all="${all:+$all, }$rate"
    if [ "$rate" -gt "$best" ]; then best=$rate best_line=$line; fi
done
read -r _ total secs rate wall <<<"$best_line"
lat=$($bench latency "$lat_events" "$lat_rate")
echo "$lat"
read -r _ n p50 p99 max <<<"$lat"
senders=$(sed -n 's/.*with \([0-9]*\) senders.*/\1/p' "$var/notify.log" | tail -n 1)
met=$([ "$rate" -ge 5000 ] && echo met || echo "NOT met")
load=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')

section=$(cat <<MD
## Notify (make bench-notify)

Deliveries per second from notify's PostgreSQL outbox to a local webhook
receiver (tests/integration/notify_recv.c: a threaded HTTP/1.1 server on
127.0.0.1, keep-alive), through libcurl, each body signed with
HMAC-SHA256. The outbox is durable: each delivery is leased in one
short transaction (attempt counted) and its outcome recorded in another
(status, delivery log row), in batches; up to 100 transfers in flight per
sender on a libcurl multi handle, at most 4 per subscription. $subs webhook
subscriptions x $events published events = $total deliveries per run,
$senders sender threads; the rate is counted from the first
delivery to the last, best of $runs runs (all runs: $all per second; the
spread is the shared machine). Latency is from sending
\`notify.event.publish\` (CURVE request, commit, fan-out, NOTIFY) to the
receiver reading the request, one event at a time at $lat_rate per second.

| measure | value | target |
|---|---|---|
| deliveries per second | $rate ($total in ${secs} s) | >= 5,000: $met |
| publish to delivery, p50 | ${p50} ms | |
| publish to delivery, p99 | ${p99} ms | |
| publish to delivery, max | ${max} ms ($n events) | |

Machine: $(nproc) cores ($cpu); $(date -u '+%Y-%m-%d %H:%M') UTC; load average
at the end: $load (the machine is shared; timings are noisy).
MD
)
echo "$section"
if [ -x bench/section.sh ]; then
    echo "$section" | bench/section.sh BENCHMARKS.md "## Notify (make bench-notify)"
    echo "bench-notify: wrote the section of BENCHMARKS.md" >&2
else
    echo "bench-notify: no bench/section.sh; paste the section above into BENCHMARKS.md" >&2
fi
echo "deliveries per second: $rate; latency p50 $p50 ms, p99 $p99 ms"
