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
check "a missing required field is a usage error" 2 'option "--name" is required' -- $sk association add --members 3
check "a ballot kind outside the set is a usage error" 2 'takes "approval", "knapsack", "cumulative" or "ranked", not "borda"' -- $sk budget create --name X --amount 100 --ballot borda
check "a rule outside the set is a usage error" 2 'option "--rule" takes' -- $sk budget create --name X --amount 100 --rule foo
check "a count outside 1-10000 is a usage error" 2 'option "--count" takes 1 to 10000, not "0"' -- $sk budget codes 1 --count 0
check "a negative seq is a usage error" 2 'option "--from" takes 0 or more, not "-1"' -- $sk events tail --from -1
check "a level outside 1-3 is a usage error" 2 'not "accounting:4"' -- $sk association add --name Y --has mentoring,accounting:4
check "a term without a level is stored at level 2, and the reply says so" 0 "^samskab: serves elderly at level 2, the default (give elderly:1 for a little, elderly:3 for a lot)$" -- \
    $sk association add --name "Standard $$" --serves " elderly ,youth:3"
check "a term with its level says nothing more" 1 "" -- grep -q youth "$err"
check "the help says the default level" 0 "level 1-3, 2 if not given" -- $sk association add --help
check "a level that is no number is a usage error, never level 0" 2 'not "accounting:x"' -- $sk company add --name Y --cvr 12345674 --needs accounting:x
check "unknown term is refused, naming it" 1 'unknown competence term "juggling"' -- \
    $sk association add --name "Jonglørerne" --has juggling

check "add an association" 0 "Cykelklubben" -- $sk --json association add --name "Cykelklubben Fremad" \
    --members 80 --has trainer-development:3 --needs accounting --serves youth --speaks da \
    --activity "Cykeltræning;sport;youth,children"
id=$(json 'd["id"]')
check "show it" 0 "trainer-development:3" -- $sk association show "$id"
check "languages show without a level, which means nothing on them" 0 "^speaks  *da$" -- $sk association show "$id"
check "update reads the current version itself" 0 "members            81" -- $sk association update "$id" --members 81
check "update with a stale version is refused" 1 "stale" -- $sk association update "$id" --version 1 --members 82
check "clear a field" 0 "" -- $sk association update "$id" --clear members
check "list with filters" 0 "Cykelklubben Fremad" -- $sk association list --has trainer-development --needs accounting --serves youth --speaks da
check "list as JSON" 0 "" -- $sk --json association list --target-group children
if [ "$(json 'any(x["id"] == '"$id"' for x in d)')" = True ]; then echo "ok - target group filter finds an activity's target group"; else echo "not ok - target group filter"; fi
check "archive" 0 "archived           yes" -- $sk association archive "$id"
check "archived parties leave the list" 0 "" -- $sk --json association list --has trainer-development
if [ "$(json 'any(x["id"] == '"$id"' for x in d)')" = False ]; then echo "ok - archived party is not listed"; else echo "not ok - archived party still listed"; fi

check "add a company with a valid CVR" 0 "31506816" -- $sk company add --name "Kaffe og Kode ApS" --cvr 31506816 --has it-help:3
check "a CVR number written with DK- and spaces" 0 "12345674" -- $sk company add --name "Skrevet som folk skriver ApS" --cvr "DK-12 34 56 74"
check "an invalid CVR is refused" 1 "not a valid CVR number" -- $sk company add --name "Forkert ApS" --cvr 12345678
if grep -qE 'invalid_argument|\(field' "$err"; then echo "not ok - a refusal prints its code or repeats its field"; sed 's/^/#   /' "$err"
else echo "ok - a refusal prints the service's message once, without its code"; fi
check "a refusal names the option when its message does not" 1 'unknown competence term "juggling" (option "--has")' -- \
    $sk association add --name "Jonglørerne" --has juggling
# An option's term by code or Danish label; an unknown one gets the import's suggestion
check "a misspelt term in a search filter gets a suggestion" 1 'unknown competence term "accountng" (did you mean "Regnskab og økonomi" (accounting)?)' -- \
    $sk search klub --has accountng
check "in a list filter too" 1 'unknown target_group term "aeldr" (did you mean "Ældre" (elderly)?)' -- $sk association list --serves aeldr
check "and in add" 1 'unknown competence term "accountng" (did you mean "Regnskab og økonomi" (accounting)?)' -- \
    $sk association add --name "Stavefejl" --needs accountng
check "an activity type as a competence is named so" 1 '"fodbold" is an activity type (football), not a competence' -- \
    $sk association list --has fodbold
check "a filter by Danish label" 0 "Kaffe og Kode ApS" -- $sk company list --has "IT-hjælp"
check "a volunteer needs consent" 1 "without consent" -- $sk volunteer add --name "Ole" --consent no
check "add a volunteer" 0 "Ole" -- $sk volunteer add --name "Ole" --consent yes --has it-help --speaks da
check "institutions have types" 0 "youth_club" -- $sk institution add --name "Klub Øst" --institution-type youth_club --serves youth
check "terms list" 0 "volunteer-recruitment" -- $sk terms list --taxonomy competence
check "areas" 0 "Havnen" -- $sk area add "Havnen"
check "municipalities" 0 "Aarhus" -- $sk municipality list

# A party's area is one of its own municipality's areas, by id or by name
check "an area of Randers" 0 "" -- $sk --json area add "Vestbyen Randers $$"
randers=$(json 'd["id"]')
check "an area of Aalborg" 0 "" -- $sk --tenant 0851 --json area add "Aalborg Øst $$"
aalborg=$(json 'd["id"]')
check "another municipality's area is refused on add" 1 "area \"$randers\" is not an area of municipality 0851" -- \
    $sk --tenant 0851 association add --name "Forkert område" --area "$randers"
for kind in company institution volunteer; do
    case $kind in company) more="--cvr 31506816";; institution) more="--institution-type youth_club";; volunteer) more="--consent yes";; esac
    check "another municipality's area is refused for a $kind" 1 "is not an area of municipality 0851" -- \
        $sk --tenant 0851 $kind add --name "Forkert $kind" $more --area "$randers"
done
check "an area of its own by name, case-blind" 0 "" -- $sk --tenant 0851 --json association add --name "Rigtigt område" --area "aalborg øst $$"
own=$(json 'd["id"]')
is "the area by name is stored as its id" "d['area'] == $aalborg"
check "show prints the area's name" 0 "area               Aalborg Øst $$" -- $sk --tenant 0851 association show "$own"
grep -q "area_name" "$out" && echo "not ok - show prints area_name besides area" || echo "ok - show prints the area once"
check "list prints the area's name" 0 "Rigtigt område  Aalborg Øst $$" -- $sk --tenant 0851 association list
check "another municipality's area is refused on update" 1 "area \"$randers\" is not an area of municipality 0851 (its areas: " -- \
    $sk --tenant 0851 association update "$own" --area "$randers"
check "an unknown area on update is a clear error" 1 'area "999999" is not an area of municipality 0851' -- \
    $sk --tenant 0851 association update "$own" --area 999999
if grep -q "foreign key" "$err"; then echo "not ok - an unknown area prints the database's words"; else echo "ok - an unknown area is not a raw foreign key error"; fi
printf 'name;area\r\nImporteret forkert;%s\r\n' "$randers" >"$tmp/area.csv"
check "CSV import refuses another municipality's area" 1 "is not an area of municipality 0851" -- \
    $sk --tenant 0851 import associations "$tmp/area.csv"
psql_() { "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -h "$SAMSKAB_VAR/pg" -U postgres -d samskab -qAt "$@"; }
if psql_ -c "INSERT INTO registry.party (tenant, kind, name, area) VALUES ('0851', 'association', 'Uden om', $randers)" 2>&1 | grep -q party_area_tenant_fkey
then echo "ok - the database refuses another municipality's area"; else echo "not ok - the database took another municipality's area"; fi
check "an unknown area name is refused" 1 'area "Atlantis" is not an area of municipality 0851' -- \
    $sk --tenant 0851 association update "$own" --area Atlantis
check "events tail shows the changes" 0 "registry.association.archived" -- $sk events tail --topic registry.association
grep -qE "^ +[0-9]+  20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}  " "$out" && ! grep -qE "[0-9]Z " "$out" &&
    echo "ok - events tail prints Danish local time, not UTC" || { echo "not ok - events tail's times"; head -3 "$out" | sed 's/^/#   /'; }
check "events tail from a seq" 0 "" -- $sk --json events tail --from 3
if [ "$(head -n 1 "$out" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["seq"])')" = 4 ]; then
    echo "ok - events tail --from 3 starts at seq 4"; else echo "not ok - events tail --from 3"; fi

check "ping" 0 "registry" -- $sk ping registry
SAMSKAB_CLI_CERT=$SAMSKAB_VAR/keys/staff-0730.cert_secret \
    check "another municipality is refused" 1 "may not act for municipality 0461" -- $sk --tenant 0461 association list
SAMSKAB_CLI_CERT=$SAMSKAB_VAR/keys/auditor-0730.cert_secret \
    check "an auditor may not write" 1 "may not" -- $sk association add --name "Revisor"
SAMSKAB_REGISTRY_ENDPOINT=tcp://127.0.0.1:1 \
    check "a service that is down is named" 1 "service registry at tcp://127.0.0.1:1 is not answering" -- \
    $sk --timeout 200 --retries 1 association list

# --- One table per command: parsing, help and usage errors agree ------------
check "a global option after the verb" 0 "" -- $sk association list --json --limit 500
is "--json after the verb prints JSON" "isinstance(d, list)"
check "--tenant after the verb" 0 "" -- $sk company list --tenant 0730 --json
is "--tenant after the verb is taken" "isinstance(d, list)"
check "a global option between noun and verb" 0 "" -- $sk association --json list
is "--json between noun and verb prints JSON" "isinstance(d, list)"

check "a list option comma-separated" 0 "" -- $sk association add --json --name "Lister A" --speaks da,ar --has it-help:2,accounting
a=$(json 'd["id"]')
check "the same list option repeated" 0 "" -- $sk association add --json --name "Lister B" --speaks da --speaks ar --has it-help:2 --has accounting
b=$(json 'd["id"]')
$sk --json association show "$a" >"$out"; la=$(json 'sorted(t["term"] for t in d["speaks"]), sorted((t["term"], t.get("level")) for t in d["has"])')
$sk --json association show "$b" >"$out"; lb=$(json 'sorted(t["term"] for t in d["speaks"]), sorted((t["term"], t.get("level")) for t in d["has"])')
if [ "$la" = "$lb" ] && [ "$(echo "$la" | grep -c "'ar', 'da'")" = 1 ]; then echo "ok - --speaks da,ar is --speaks da --speaks ar"; else echo "not ok - list forms differ: $la / $lb"; fi
check "a list option mixes both forms" 0 "" -- $sk association update "$a" --json --speaks da,ar --speaks so
is "mixed list forms add up" "sorted(t['term'] for t in d['speaks']) == ['ar', 'da', 'so']"
check "visit target groups repeated" 0 "" -- $sk visit add "$a" --json --date 2026-10-01 --staff X --target-groups women --target-groups newcomers
is "a repeated list option is one list" "sorted(d['target_groups']) == ['newcomers', 'women']"

check "a missing required option is a usage error" 2 'option "--date" is required' -- $sk visit add "$a" --staff X
check "an option without its value is a usage error" 2 'option "--party" requires a value' -- $sk visit list --party
check "a bad date is a usage error" 2 'needs a date YYYY-MM-DD' -- $sk visit list --from yesterday
check "an unknown phase is a usage error" 2 'takes "ideas", "development", "voting"' -- $sk budget phase 1 sleeping
check "an unknown phase filter is a usage error" 2 'takes "ideas", ' -- $sk budget list --phase sleeping
check "a file that cannot be read is a usage error" 2 'could not open file "/nonexistent.pb"' -- $sk budget import /nonexistent.pb
check "a folder is no file" 2 'is a directory' -- $sk import companies "$tmp"
check "an unknown option is a usage error, with a hint" 2 'HINT: see samskab match accept --help' -- $sk match accept 1 --party 2 --reason x
check "a refusal is exit 1, not 2" 1 "" -- $sk association show 999999999
check "match proposals shows every option it takes" 0 "--after ID" -- $sk match proposals --help
check "unknown noun after options" 2 'unknown command "frobnicate"' -- $sk --json frobnicate list
# Every usage error is exit 2, decided from the tables before any call
check "company add needs --cvr" 2 'option "--cvr" is required' -- $sk company add --name "Uden CVR ApS"
check "institution add needs --institution-type" 2 'option "--institution-type" is required' -- $sk institution add --name "Skolen"
check "volunteer add needs --consent" 2 'option "--consent" is required' -- $sk volunteer add --name "Ole"
check "an institution type outside the list" 2 'takes "school", "youth_club"' -- $sk institution add --name S --institution-type castle
check "search --kind outside the list" 2 'option "--kind" takes "association", "company", "institution" or "volunteer", not "pirate"' -- $sk search fodbold --kind pirate
check "match suggest --kind outside the list" 2 'option "--kind" takes' -- $sk match suggest --for 1 --kind friends
check "match run KIND outside the list" 2 'argument KIND takes' -- $sk match run friends
check "match proposals --state outside the list" 2 'option "--state" takes' -- $sk match proposals --state happy
check "agreement status outside the list" 2 'argument STATUS takes "active", "paused" or "ended"' -- $sk agreement status 1 happy
check "agreement --cadence outside the list" 2 'option "--cadence" takes' -- $sk agreement update 1 --cadence weekly
check "notify subscribe --channel outside the list" 2 'option "--channel" takes' -- $sk notify subscribe --recipient person:a --channel sms --address x
check "notify subscribe --language outside the list" 2 'option "--language" takes "da" or "en"' -- $sk notify subscribe --recipient person:a --channel inapp --language fr
check "events tail --service outside the list" 2 'option "--service" takes' -- $sk events tail --service mail
check "terms list --taxonomy outside the list" 2 'option "--taxonomy" takes' -- $sk terms list --taxonomy colours
check "a date that does not exist" 2 'needs a date YYYY-MM-DD, not "2026-02-30"' -- $sk visit list --from 2026-02-30
check "a month that does not exist" 2 'not "2026-13-01"' -- $sk visit list --to 2026-13-01
check "a leap day is a date" 0 "" -- $sk visit list --from 2028-02-29
check "--limit above the protocol's range" 2 'option "--limit" takes 1 to 500, not "501"' -- $sk association list --limit 501
check "--limit 0" 2 'option "--limit"' -- $sk search fodbold --limit 0
check "--tenant of 4 digits or *" 2 'option "--tenant" takes a kommunekode' -- $sk association list --tenant 12
check "--retries not negative" 2 'option "--retries" takes 0 to' -- $sk association list --retries -1
check "--timeout not negative" 2 'option "--timeout"' -- $sk association list --timeout -5
check "an output file that cannot be created" 2 'could not create file "/nonexistent/x.csv"' -- $sk export csv associations --out /nonexistent/x.csv
check "no configuration is a usage error" 2 'HINT: set SAMSKAB_CONFIG' -- env -u SAMSKAB_CONFIG $sk association list
check "a missing configuration file" 2 'could not open configuration file "/nonexistent.cfg"' -- $sk --config /nonexistent.cfg association list
if grep -qE '^[0-9]{4}-[0-9]{2}-' "$err"; then echo "not ok - configuration errors are log lines"; sed 's/^/#   /' "$err"; else echo "ok - configuration errors are plain CLI errors"; fi
printf 'cli\n    tenant = "0730\n  [\n' >"$tmp/bad.cfg"
check "a configuration file that does not parse" 2 'could not parse configuration file' -- $sk --config "$tmp/bad.cfg" association list
if grep -q 'zconfig' "$out" "$err"; then echo "not ok - the zconfig library line shows"; else echo "ok - no zconfig library line"; fi
check "a certificate that cannot be read" 2 'could not read certificate "/nonexistent.cert_secret"' -- env SAMSKAB_CLI_CERT=/nonexistent.cert_secret $sk association list
printf 'cli\n    tenant = "0730"\n' >"$tmp/empty.cfg"
check "a service not configured" 2 'service registry is not configured' -- $sk --config "$tmp/empty.cfg" association list
if grep -qE '^[0-9]{4}-[0-9]{2}-' "$err"; then echo "not ok - a configuration error is a log line"; else echo "ok - a missing service configuration is a plain CLI error"; fi
# A connect list with an empty entry: a CLI error naming the setting, with a hint
check "an empty entry in a connect list" 2 'samskab: invalid endpoint list "tcp://127.0.0.1:1,,tcp://127.0.0.1:2" for service registry (setting "registry/connect")' -- \
    env SAMSKAB_REGISTRY_CONNECT=tcp://127.0.0.1:1,,tcp://127.0.0.1:2 $sk association list
if grep -qE '^[0-9]{4}-[0-9]{2}-|ERROR:' "$err"; then echo "not ok - a bad connect list is a log line"; sed 's/^/#   /' "$err"; else echo "ok - a bad connect list is a plain CLI error"; fi
check "with a hint on the list's form" 2 'HINT: separate the endpoints by single commas' -- \
    env SAMSKAB_REGISTRY_CONNECT=tcp://127.0.0.1:1, $sk association list
check "the top hint has one space" 2 'HINT: see samskab --help' -- $sk frobnicate
check "allowed values quoted each" 2 'option "--separator" takes ";" or ",", not "|"' -- $sk export csv associations --separator "|"
# The last usage errors a new user met (#13): exit 2 before any call
check "a CVR of 7 digits is a usage error" 2 'option "--cvr" needs a CVR number of 8 digits, not "1234567"' -- $sk company add --name "Kort ApS" --cvr 1234567
check "a CVR with letters is a usage error" 2 'needs a CVR number of 8 digits' -- $sk company add --name "Bogstav ApS" --cvr 1234567x
check "a negative cost is a usage error" 2 'option "--cost" takes more than 0, not "-5"' -- $sk budget project 1 --title T --cost -5
check "a negative cost of an idea's project" 2 'option "--cost" takes more than 0' -- $sk budget idea-project 1 --cost -1
check "and 0, which the vote service refuses too" 2 'option "--cost" takes more than 0, not "0"' -- $sk budget idea-project 1 --cost 0
check "an empty name is a usage error" 2 'option "--name" may not be empty' -- $sk association add --name ""
check "a blank name is a usage error" 2 'option "--name" may not be empty' -- $sk volunteer add --name "  " --consent yes
check "an empty name in an update is a usage error" 2 'option "--name" may not be empty' -- $sk association update 1 --name ""
check "an impossible start time is a usage error" 2 'option "--starts-at" needs a day and time' -- $sk speeddate create --name X --starts-at 2027-02-30T17:00:00 --rounds 2 --tables 2 --minutes 5
check "an hour 24 is a usage error" 2 'not "2027-02-04T24:00"' -- $sk speeddate create --name X --starts-at 2027-02-04T24:00 --rounds 2 --tables 2 --minutes 5
check "an impossible meeting time is refused by notify" 1 'field "at" is not a time: "2030-04-31T10:00"' -- $sk notify meeting --agreement 1 --meeting 1 --at 2030-04-31T10:00
check "an impossible due date of a step is a usage error" 2 'not "2027-02-30" in "Ane;ring;2027-02-30"' -- $sk advisor session 1 --date 2027-01-05 --step "Ane;ring;2027-02-30"
check "budget revoke needs --code or --batch" 2 'budget revoke takes either "--code" or "--batch"' -- $sk budget revoke 1
check "budget revoke takes not both" 2 'not both' -- $sk budget revoke 1 --code ABC --batch 1
check "a configuration folder is no file" 2 'could not read configuration file "/tmp": is a directory' -- $sk association list --config /tmp
check "so is SAMSKAB_CONFIG" 2 'is a directory' -- env SAMSKAB_CONFIG=/tmp $sk association list
check "list items are trimmed and case-folded" 0 "" -- $sk association add --json --name "Mellemrum" --speaks "da, AR" --has " IT-help:2 , accounting"
is "--speaks 'da, AR' is da and ar" "sorted(t['term'] for t in d['speaks']) == ['ar', 'da'] and sorted(t['term'] for t in d['has']) == ['accounting', 'it-help']"
check "a filter's terms are case-folded" 0 "Mellemrum" -- $sk association list --speaks DA --has "IT-help"
check "a company for the topic list" 0 "" -- $sk company add --name "Emnefirma ApS" --cvr 29990018
check "events tail takes a list of topics" 0 "" -- $sk --json events tail --topic registry.company,registry.association.created --topic " Registry.Association.Created"
python3 - "$out" <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
topics = {e["topic"] for e in events}
seqs = [e["seq"] for e in events]
ok = ("registry.company.created" in topics and "registry.association.created" in topics
      and all(t.startswith("registry.company.") or t == "registry.association.created" for t in topics)
      and seqs == sorted(set(seqs)))
print("ok - events tail merges its topics by seq, each event once" if ok
      else "not ok - events tail --topic a,b: %s %s" % (sorted(topics), seqs))
PY
for line in "match run" "match suggest" "institution add"; do
    check "$line --help" 0 "" -- $sk $line --help
    if grep -E 'volunteer-citizen.*volunteer-citizen|housing_association.*housing_association' "$out" >/dev/null; then
        echo "not ok - $line --help shows a value set twice"; grep -E 'volunteer-citizen|housing_association' "$out" | sed 's/^/#   /'
    else echo "ok - $line --help shows its value set once"; fi
done
# Text limits count characters (#16): 3,900 Danish characters are ~5,800 bytes
long=$(python3 -c 'print("æøå" * 1300)')
check "a 3,900-character Danish description is taken" 0 "" -- $sk --json association add --name "Lang beskrivelse" --description "$long"
is "all of it is stored" "len(d['description']) == 3900"
check "4,001 characters are refused, with the limit in characters" 1 '"description" is longer than 4000 characters' -- $sk association add --name "For lang" --description "${long}$(python3 -c 'print("x" * 101)')"
check "a 200-character name in Danish letters is taken" 0 "" -- $sk association add --name "$(python3 -c 'print("Ø" * 200)')"
check "a name of 201 characters is refused" 1 'name is longer than 200 characters' -- $sk association add --name "$(python3 -c 'print("Ø" * 201)')"
# Help written from the tables
check "budget phase --help lists the phases" 0 '"ideas", "development", "voting", "closed", "published" or "implementation"' -- $sk budget phase --help
check "budget late-count --help: after the close and before publishing" 0 'after the close and before publishing' -- $sk budget late-count --help
check "budget paper --help: projects by code or id" 0 '--projects CODE,CODE .*by code (p1) or id' -- $sk budget paper --help
check "budget archive --help: it asks first" 0 'asks first' -- $sk budget archive --help
check "noun help describes the noun" 0 '^samskab budget: citizen budgets' -- $sk budget --help
check "noun help has a usage line" 0 '^usage: samskab budget VERB' -- $sk budget --help
check "--limit takes N" 0 '--limit N ' -- $sk association list --help
check "--version takes N" 0 '--version N ' -- $sk association update --help
check "--speaks is a language code" 0 'language code, e.g. da' -- $sk association add --help
check "an organisation's --name is its own" 0 '' -- $sk company add --help
if grep -q 'for a volunteer' "$out"; then echo "not ok - company add --name speaks of volunteers"; else echo "ok - company add --name has its own help line"; fi
check "required is marked one way" 0 'the volunteer agreed to be registered (required)$' -- $sk volunteer add --help
if grep -q 'requires it\|(required) (required)' "$out"; then echo "not ok - required marked twice"; else echo "ok - required marked once"; fi
check "samskab --help names -h and samskab help" 0 'or -h, or samskab help' -- $sk --help
check "samskab --version" 0 '^samskab [0-9]' -- $sk --version
check "samskab-keygen --help exits 0 with its usage on stdout" 0 '' -- $SAMSKAB_BIN/samskab-keygen --help
if grep -q '^usage: samskab-keygen' "$out"; then echo "ok - keygen's usage is on stdout"; else echo "not ok - keygen's usage is not on stdout"; fi
check "samskab help NOUN VERB" 0 'usage: samskab budget pool' -- $sk help budget pool
check "a long name" 0 "" -- $sk association add --name "Foreningen for meget lange navne i tabeller og andre steder $$"
check "a cut column ends with …" 0 "Foreningen for meget lange navne i tabe…" -- $sk association list --all
check "list --all --json over pages" 0 "" -- $sk association list --all --limit 1 --json
is "--all --json prints one JSON array of every page" "isinstance(d, list) and len(d) >= 2 and len({x['id'] for x in d}) == len(d)"
check "list --all as a table" 0 "" -- $sk association list --all --limit 1
if [ "$(grep -c '^ID ' "$out")" = 1 ] && [ "$(grep -c 'rows\?)$' "$out")" = 1 ]; then echo "ok - --all prints one table with one row count"
else echo "not ok - --all prints one table per page"; sed 's/^/#   /' "$out" | head; fi

# Walk samskab --help -> nouns -> verbs: every option a command's help shows
# is one its parser takes, and every command of the top help has its own.
python3 - "$sk" <<'PY'
import re, subprocess, sys
sk = sys.argv[1]
def run(*args):
    p = subprocess.run([sk] + list(args), capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr
rc, top, _ = run("--help")
commands = re.findall(r"^  samskab (\S+)(?: ([a-z][a-z-]*))?(?: |$)", top, re.M)
nouns = sorted({n for n, _ in commands})
print("ok - samskab --help lists %d commands of %d nouns" % (len(commands), len(nouns)) if rc == 0 and len(commands) > 100
      else "not ok - samskab --help: exit %d, %d commands" % (rc, len(commands)))
for noun in nouns:
    rc, text, _ = run(noun, "--help")
    verbs = {v for n, v in commands if n == noun}
    listed = set(re.findall(r"^  samskab %s ?([a-z][a-z-]*)?" % re.escape(noun), text, re.M))
    print("ok - samskab %s --help lists its %d commands" % (noun, len(verbs)) if rc == 0 and verbs <= listed | {""}
          else "not ok - samskab %s --help: exit %d, lists %s, want %s" % (noun, rc, listed, verbs))
for noun, verb in commands:
    line = [noun] + ([verb] if verb else [])
    rc, text, _ = run(*line, "--help")
    usage = re.search(r"^usage: samskab (.*)$", text, re.M)
    opts = re.findall(r"^  --([a-z][a-z-]*)(?: (\S+))?", text.split("global options")[0], re.M)
    bad = []
    if rc != 0 or not usage or not usage.group(1).startswith(" ".join(line)):
        bad.append("no usage line")
    for name, meta in opts:
        if not re.search(r"--%s\b" % re.escape(name), usage.group(1) if usage else "") and "[OPTIONS]" not in (usage.group(1) if usage else ""):
            bad.append("--%s neither in the usage line nor under [OPTIONS]" % name)
        # The parser knows it: whatever else is wrong, not "unknown option"
        value = [] if not meta else ["2026-01-01" if "YYYY" in meta else "1"]
        _, _, err = run("--config", "/nonexistent/samskab.cfg", *line, "--" + name, *value)
        if 'unknown option "--%s"' % name in err:
            bad.append("--%s shown in help but unknown to the parser" % name)
    for g in ("json", "tenant", "config", "timeout", "retries"):
        if "--" + g not in text:
            bad.append("global --%s not shown" % g)
    print("ok - samskab %s --help: %d options, each taken by the parser" % (" ".join(line), len(opts)) if not bad
          else "not ok - samskab %s --help: %s" % (" ".join(line), "; ".join(bad)))
PY
