#!/usr/bin/env bash
# The samskab CLI end to end against the running stack (tests/run.sh).
. "$(dirname "$0")/lib.sh"

check "help at the top" 0 "samskab association add" -- $sk --help
check "help of a noun" 0 "samskab company list" -- $sk company --help
check "help of a verb lists the fields" 0 "--institution-type" -- $sk institution add --help
check "unknown command is a usage error" 2 "unknown command" -- $sk frobnicate
check "unknown option is a usage error" 2 "unknown option" -- $sk association add --colour blue
check "a non-numeric id is a usage error" 2 "needs an id" -- $sk association show abc
check "a bad number is a usage error" 2 "whole number" -- $sk association add --name X --members many
check "missing required field is refused" 1 'missing required field "name"' -- $sk association add --members 3
check "unknown term is refused, naming it" 1 'unknown competence term "juggling"' -- \
    $sk association add --name "Jonglørerne" --has juggling

check "add an association" 0 "Cykelklubben" -- $sk --json association add --name "Cykelklubben Fremad" \
    --members 80 --has trainer-development:3 --needs accounting --serves youth --speaks da \
    --activity "Cykeltræning;sport;youth,children"
id=$(json 'd["id"]')
check "show it" 0 "trainer-development:3" -- $sk association show "$id"
check "update reads the current version itself" 0 "members            81" -- $sk association update "$id" --members 81
check "update with a stale version is refused" 1 "stale" -- $sk association update "$id" --version 1 --members 82
check "clear a field" 0 "" -- $sk association update "$id" --clear members
check "list with filters" 0 "Cykelklubben Fremad" -- $sk association list --has trainer-development --needs accounting --serves youth --language da
check "list as JSON" 0 "" -- $sk --json association list --target-group children
if [ "$(json 'any(x["id"] == '"$id"' for x in d)')" = True ]; then echo "ok - target group filter finds an activity's target group"; else echo "not ok - target group filter"; fi
check "archive" 0 "archived           yes" -- $sk association archive "$id"
check "archived parties leave the list" 0 "" -- $sk --json association list --has trainer-development
if [ "$(json 'any(x["id"] == '"$id"' for x in d)')" = False ]; then echo "ok - archived party is not listed"; else echo "not ok - archived party still listed"; fi

check "add a company with a valid CVR" 0 "31506816" -- $sk company add --name "Kaffe og Kode ApS" --cvr 31506816 --has it-help:3
check "an invalid CVR is refused" 1 "not a valid CVR number" -- $sk company add --name "Forkert ApS" --cvr 12345678
check "a volunteer needs consent" 1 "without consent" -- $sk volunteer add --name "Ole" --consent no
check "add a volunteer" 0 "Ole" -- $sk volunteer add --name "Ole" --consent yes --has it-help --speaks da
check "institutions have types" 0 "youth_club" -- $sk institution add --name "Klub Øst" --institution-type youth_club --serves youth
check "terms list" 0 "volunteer-recruitment" -- $sk terms list --taxonomy competence
check "areas" 0 "Havnen" -- $sk area add "Havnen"
check "municipalities" 0 "Aarhus" -- $sk municipality list
check "events tail shows the changes" 0 "registry.association.archived" -- $sk events tail --topic registry.association
check "events tail from a seq" 0 "" -- $sk --json events tail --from 3
if [ "$(head -n 1 "$out" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["seq"])')" = 4 ]; then
    echo "ok - events tail --from 3 starts at seq 4"; else echo "not ok - events tail --from 3"; fi

check "ping" 0 "registry" -- $sk ping registry
SAMSKAB_CLI_CERT=$SAMSKAB_VAR/keys/staff-0730.cert_secret \
    check "another municipality is refused" 1 "may not act for municipality 0461" -- $sk --tenant 0461 association list
SAMSKAB_CLI_CERT=$SAMSKAB_VAR/keys/auditor-0730.cert_secret \
    check "an auditor may not write" 1 "forbidden" -- $sk association add --name "Revisor"
SAMSKAB_REGISTRY_ENDPOINT=tcp://127.0.0.1:1 \
    check "a service that is down is named" 1 "service registry at tcp://127.0.0.1:1 is not answering" -- \
    $sk --timeout 200 --retries 1 association list
