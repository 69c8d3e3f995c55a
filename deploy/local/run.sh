#!/usr/bin/env bash
# make run: start the local stack under var/local, load the demo once, show
# how to use the CLI, and stop everything cleanly on Ctrl-C or SIGTERM.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SAMSKAB_BIN:-$top/bin}
var=$top/var/local
sleeper=
stop() {
    trap '' INT TERM # once, whatever else the group's signal reaches
    [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null || true
    echo
    echo "samskab: stopping services and PostgreSQL"
    "$top/deploy/local/stack.sh" down "$var"
    exit 0
}
trap stop INT TERM
"$top/deploy/local/stack.sh" up "$var" "${SAMSKAB_PORT_BASE:-7100}"
export SAMSKAB_CONFIG=$var/samskab.cfg
if [ ! -f "$var/demo.loaded" ]; then
    "$top/deploy/local/demo.sh" && touch "$var/demo.loaded"
fi
cat <<EOT

samskab is running: $("$top/deploy/local/stack.sh" services "$var" | tr '\n' ' ')
PostgreSQL: $var/pg (unix socket), logs in $var/*.log
The citizens' web pages: $("$top/deploy/local/stack.sh" web-url "$var")  (English: add ?lang=en)
Associations and volunteers log in at $("$top/deploy/local/stack.sh" web-url "$var")login with their
  contact e-mail (the demo's volunteer: mette@example.dk);
  the mail with the link lands in $("$top/deploy/local/stack.sh" mail-dir "$var")/ (one .eml file each;
  the newest: ls -t $("$top/deploy/local/stack.sh" mail-dir "$var")/*.eml | head -n 1 | xargs cat)

In another terminal:
  export SAMSKAB_CONFIG=$var/samskab.cfg PATH=$bin:\$PATH
  samskab association list                      # Randers (0730), the default
  samskab --tenant 0461 association list --needs volunteer-recruitment
  samskab company show 4
  samskab volunteer add --name "Sara" --consent yes --has it-help --speaks da
  samskab terms list --taxonomy competence
  samskab match suggest --for 4                 # partners for Randers Revision, with reasons
  samskab --tenant 0461 budget list             # the demo's citizen budget, in Odense
  samskab notify subscriptions                  # who hears about what
  samskab notify status                         # what the municipality must hear, and misses
  samskab events tail --follow
  samskab --help                                # more in README.md

Ctrl-C stops everything.
EOT
while true; do
    sleep 3600 &
    sleeper=$!
    wait "$sleeper" || true
done
