#!/usr/bin/env bash
# Whatever stops a service gives it time to drain (issue #17): the systemd
# unit's TimeoutStopSec, docker-compose.yml's stop_grace_period and
# deploy/local/stack.sh's STOP_WAIT_S are each at least the broker's drain
# and linger (SK_DRAIN_MS + SK_LINGER_MS, common/sk_broker.h, the one place
# they are set) plus a margin for the service's own threads (vote's
# committer answers what it holds between the two) and the exit.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
margin_s=5
ms() { sed -n "s/^#define $1 *\([0-9]*\).*/\1/p" common/sk_broker.h; }
drain=$(ms SK_DRAIN_MS) linger=$(ms SK_LINGER_MS)
if [ -z "$drain" ] || [ -z "$linger" ]; then
    echo "not ok - stop times: no SK_DRAIN_MS or SK_LINGER_MS in common/sk_broker.h"
    exit 1
fi
need=$(((drain + linger + 999) / 1000 + margin_s))
unit=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)$/\1/p' deploy/systemd/samskab@.service)
compose=$(sed -n 's/^ *stop_grace_period: *\([0-9]*\)s$/\1/p' docker-compose.yml)
stack=$(sed -n 's/^STOP_WAIT_S=\([0-9]*\)$/\1/p' deploy/local/stack.sh)
bad=0
for what in "deploy/systemd/samskab@.service TimeoutStopSec:$unit" \
    "docker-compose.yml stop_grace_period:$compose" "deploy/local/stack.sh STOP_WAIT_S:$stack"; do
    got=${what##*:}
    if [ -z "$got" ] || [ "$got" -lt "$need" ]; then
        echo "# ${what%:*} is ${got:-unset} s; a stop drains up to $((drain / 1000)) s and lingers $((linger / 1000)) s: it needs at least $need s"
        bad=$((bad + 1))
    fi
done
if [ "$bad" -eq 0 ]; then
    echo "ok - stop times: unit $unit s, compose $compose s, stack.sh $stack s >= drain $((drain / 1000)) s + linger $((linger / 1000)) s + $margin_s s"
else
    echo "not ok - stop times: $bad too short"
    exit 1
fi
