#!/usr/bin/env bash
# samskab budget ... end to end against the running stack (tests/run.sh):
# the service's tally of an imported Pabulib file equals samskab-tally's on
# the same file, for every rule; export gives a file samskab-tally reads
# the same way; the results chart is well-formed SVG; a whole citizen
# budget from create to published through the CLI.
. "$(dirname "$0")/lib.sh"
tally=$SAMSKAB_BIN/samskab-tally
data=$pabulib

# same SERVICE_JSON TALLY_JSON [POOL]: winners in order, votes, costs,
# exact prices; every project's votes, score and selection in the same
# order, the winners first (samskab-tally's "projects", its count
# "project_count"), of POOL when the results have several
same() {
    python3 - "$1" "$2" "${3:-}" <<'PY'
import json, sys
from fractions import Fraction as F
s = json.load(open(sys.argv[1])); t = json.load(open(sys.argv[2]))
pools = [p for p in s["pools"] if sys.argv[3] in ("", p["pool"])]
assert len(pools) == 1, "one pool"
p = pools[0]
got = [(w["code"], w["votes"], str(w["cost"]), w.get("price_exact"), w["greedy_completion"]) for w in p["winners"]]
want = [(w["project_id"], w["votes"], w["cost"], w.get("price_exact"), w.get("greedy_completion", False)) for w in t["winners"]]
every = [(e["code"], e["votes"], F(e["score"]) if e.get("score") else None, e["selected"]) for e in p["projects"]]
all_t = [(a["project_id"], a["votes"], F(a["score"]) if "score" in a else None, a["selected"]) for a in t["projects"]]
order = [e["selected"] for e in p["projects"]]
if got != want or str(p["total_cost"]) != t["total_cost"] or s["voters"] != t["voters"]:
    print("#   service:", got, p["total_cost"], s["voters"])
    print("#   tally:  ", want, t["total_cost"], t["voters"])
    sys.exit(1)
if every != all_t or t["project_count"] != len(all_t) or order != sorted(order, reverse=True) or [e["code"] for e in p["projects"][:len(got)]] != [g[0] for g in got]:
    print("#   every project, service:", every[:8])
    print("#   every project, tally:  ", all_t[:8])
    sys.exit(1)
PY
}

# import FILE, then for each rule: set it, tally, compare with samskab-tally
compare() {
    local file=$1; shift
    local name; name="import $(basename "$file" .pb) $$"
    check "import $(basename "$file")" 0 '"process"' -- $sk --json budget import "$file" --name "$name"
    local id; id=$(json 'd["process"]')
    for rule in "$@"; do
        $sk budget settings "$id" --rule "$rule" >/dev/null 2>"$err" || { echo "not ok - settings $rule"; continue; }
        # a long wait: MES runs slowly under make memcheck's valgrind
        $sk --timeout 300000 --json budget tally "$id" >"$tmp/service.json" 2>"$err"
        $tally --json --rule "$rule" "$file" >"$tmp/tally.json" 2>>"$err"
        if same "$tmp/service.json" "$tmp/tally.json"; then
            echo "ok - $(basename "$file") $rule: the service's tally equals samskab-tally's"
        else
            echo "not ok - $(basename "$file") $rule: the service's tally differs from samskab-tally's"
        fi
    done
    last_id=$id
}

compare "$data/toy_completion.pb" greedy mes mes-add1 mes-add1-greedy phragmen
compare "$data/toy_ties.pb" greedy mes phragmen
compare "$data/Switzerland_Zurich_D10.pb" greedy mes mes-add1 phragmen
compare "$data/US_Stanford_Dataset_PB_Rochester_NY_2019_vote_rankings.pb" greedy mes
compare "$data/Hungary_Budapest_2022_VIII_Jozsefvaros.pb" greedy greedy-threshold mes mes-add1-greedy phragmen

# Export the last import: samskab-tally reads it and finds the same winners
check "an imported file counts as pabutools does, and says so" 0 "counted as pabutools counts the imported .pb file" -- $sk budget results "$last_id"
check "export as .pb" 0 "wrote" -- $sk budget export "$last_id" "$tmp/export.pb"
check "the export has no receipts" 1 "" -- grep -qE '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}' "$tmp/export.pb"
$sk --json budget results "$last_id" >"$tmp/service.json"
$tally --json --rule phragmen "$tmp/export.pb" >"$tmp/tally.json" 2>"$err"
if same "$tmp/service.json" "$tmp/tally.json"; then echo "ok - the exported file tallies as the service did"
else echo "not ok - the exported file tallies differently"; sed 's/^/#   /' "$err"; fi
check "a chart with long non-ASCII titles" 0 "wrote" -- $sk budget results "$last_id" --svg "$tmp/long.svg"
check "is well-formed SVG (titles cut between characters)" 0 "" -- python3 -c "
import xml.etree.ElementTree as E; E.parse('$tmp/long.svg')"
check "a malformed .pb is refused with its line" 1 "pb:" -- $sk budget import "$data/README.md"

# A citizen budget through the CLI, create to published, in an area of
# the municipality (the registry's)
check "an area" 0 '"id"' -- $sk --json area add "Vestbyen $$"
area=$(json 'd["id"]')
check "an area that is not the municipality's is refused, naming it" 1 'area "Atlantis" is not an area of municipality 0730 (its areas: ' -- \
    $sk budget create --name "Atlantis $$" --amount 1000 --area Atlantis
check "nor one of another municipality, by number" 1 "is not an area of municipality 0730" -- \
    $sk budget create --name "Atlantis $$" --amount 1000 --area 999999
check "create" 0 '"id"' -- $sk --json budget create --name "Bolbro bestemmer $$" --amount 300000 \
    --pool "store:200000" --pool "små:100000" --max-choices 2 --voting-from 2026-09-06 --area "vestbyen $$"
id=$(json 'd["id"]')
is "the area by the registry's name" "d['area'] == 'Vestbyen $$'"
check "an area by its number" 0 '"id"' -- $sk --json budget create --name "Nummer $$" --amount 1000 --area "$area"
is "is stored by name" "d['area'] == 'Vestbyen $$'"
check "an association's idea names an association of the municipality" 1 "association 999999 is not a party of municipality 0730" -- \
    $sk budget idea "$id" --title "Bane" --proposer association --association 999999
check "a volunteer is no association" 0 '"id"' -- $sk --json volunteer add --name "Frivillig $$" --consent yes
firma=$(json 'd["id"]')
check "and is refused as one" 1 "association $firma is not a party of municipality 0730" -- \
    $sk budget idea "$id" --title "Bane" --proposer association --association "$firma"
check "an association of the municipality" 0 '"id"' -- $sk --json association add --name "Forening $$"
forening=$(json 'd["id"]')
check "proposes an idea" 0 '"id"' -- $sk --json budget idea "$id" --title "Bane" --proposer association --association "$forening"
check "show" 0 "små" -- $sk budget show "$id"
check "a bad pool is a usage error" 2 "NAME:BUDGET" -- $sk budget create --name X --amount 1 --pool nope
check "a pool's budget with a decimal comma is a usage error" 2 'not "x:12,5"' -- $sk budget create --name X --amount 100 --pool "x:12,5"
check "a pool's budget written the Danish way, as --amount" 0 '"id"' -- $sk --json budget create --name "Punktum $$" --amount 400.000 --pool "Hele bydelen:300.000" --pool "små:100.000 kr."
is "the pools are 300.000 and 100.000 kr." "[(p['name'], p['budget']) for p in d['pools']] == [('Hele bydelen', 300000), ('små', 100000)]"
check "a budget with room for a pool" 0 '"id"' -- $sk --json budget create --name "Puljer $$" --amount 100000 --pool "a:50000"
pid=$(json 'd["id"]')
check "budget pool adds a pool" 0 "ekstra" -- $sk budget pool "$pid" --name ekstra --budget 50000
check "a pool over the amount is refused" 1 "" -- $sk budget pool "$pid" --name for-meget --budget 1
# Corrections before the vote, and input checks
check "dates out of order are refused" 1 "dates out of order" -- $sk budget create --name "Bagvendt $$" --amount 1000 --voting-from 2026-09-06 --voting-until 2026-09-01
check "a budget to correct" 0 '"id"' -- $sk --json budget create --name "Rettelser $$" --amount 100000 --pool "små:40000" --voting-from 2026-09-06
cid=$(json 'd["id"]')
check "a pool with a project cost range" 0 "25.000 kr." -- $sk budget pool "$cid" --name store --budget 60000 --min-cost 25000 --max-cost 60000
check "a range upside down is refused" 1 "above its maximum" -- $sk budget pool "$cid" --name x --budget 0 --min-cost 5 --max-cost 4
check "a project at 0 kr. is a usage error" 2 'option "--cost" takes more than 0, not "0"' -- $sk budget project "$cid" --title "Gratis" --cost 0 --pool små
check "a project under its pool's minimum is refused, in kroner" 1 "project cost 20.000 kr. is outside its pool's range of 25.000 kr. to 60.000 kr." -- $sk budget project "$cid" --title "Lille" --cost 20000 --pool store
check "a cost with a decimal comma is refused" 2 'needs whole kroner, not "12,5": a comma starts øre' -- $sk budget project "$cid" --title "Komma" --cost 12,5 --pool store
check "a cost in groups that are not of three is refused" 2 'needs whole kroner such as 12.500' -- $sk budget project "$cid" --title "Punktum" --cost 30.00 --pool store
check "a project in the range, its cost written the Danish way" 0 '"id"' -- $sk --json budget project "$cid" --title "Legeplads" --cost "30.000 kr." --pool store
is "the cost is 30.000 kr." "d['cost'] == 30000"
cp1=$(json 'd["id"]')
check "a cost corrected to 0 is refused" 1 "more than 0 kr." -- $sk budget project-update "$cid" --project "$cp1" --cost 0
check "a project corrected and moved to another pool" 0 "" -- sh -c "$sk --json budget project-update $cid --project $cp1 --title 'Ny legeplads' --cost 35.000 --pool små >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
assert (d['title'], d['cost'], d['pool']) == ('Ny legeplads', 35000, 'små'), d\""
check "a project of another budget is not found" 1 "does not exist in citizen budget" -- $sk budget project-update "$id" --project "$cp1" --title X
check "withdraw a project" 0 "withdrawn" -- $sk budget project-withdraw "$cid" --project "$cp1"
check "it is gone" 0 "" -- sh -c "test \"\$($sk --json budget projects $cid)\" = '[]'"
check "dates changed before voting" 0 "2026-09-20" -- $sk budget settings "$cid" --voting-until 2026-09-20
check "dates out of order with those stored are refused" 1 "dates out of order" -- $sk budget settings "$cid" --voting-until 2026-09-01
check "an idea with a phone number" 0 '"id"' -- $sk --json budget idea "$cid" --title "Bænke" --contact-phone 12345678
# Archiving erases contacts and codes: it asks for the id, as closing does
ask="python3 $(dirname "$0")/tty_answer.py"
check "archive without --yes and without a terminal is a usage error" 2 "give --yes to archive it without asking" -- \
    $sk budget archive "$cid" </dev/null
check "archive says what it erases" 1 "its proposers' contact details and all its voter codes are erased" -- \
    $ask "$((cid + 1))" $sk budget archive "$cid"
check "archive: a mistyped id does nothing" 1 "not confirmed: nothing was archived or erased" -- \
    $ask "$((cid + 1))" $sk budget archive "$cid"
check "the contacts are still there" 0 "12345678" -- $sk --json budget ideas "$cid"
check "archive a budget that never voted, its id typed" 0 "archived" -- $ask "$cid" $sk budget archive "$cid"
check "its proposers' contacts are erased" 0 "" -- sh -c "$sk --json budget ideas $cid | python3 -c \"
import json, sys; d = json.load(sys.stdin)
assert d and all(i.get('contact_phone') is None for i in d), d\""
check "an archived budget does not open voting" 1 "archived" -- $sk budget phase "$cid" voting
check "nor is it asked about archiving again" 1 'citizen budget '"$cid"' is in phase "archived": only a budget that never opened voting' -- \
    $ask "$cid" $sk budget archive "$cid"
check "nor changes its dates" 1 "archived" -- $sk budget settings "$cid" --voting-until 2026-09-21
check "archived budgets are listed by phase" 0 "Rettelser $$" -- $sk budget list --phase archived
check "project in a pool" 0 "Bevægelsespark" -- $sk budget project "$id" --title "Bevægelsespark" --cost 150000 --pool store
p1=$(python3 -c "print(1)" >/dev/null; $sk --json budget projects "$id" | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['id'])")
check "second project, its pool named in capitals" 0 "Bænke" -- $sk budget project "$id" --title "Bænke" --cost 20000 --pool SMÅ
check "a pool that does not exist is refused, naming the pools there are and the option" 1 \
    "pool \"børn\" does not exist in citizen budget $id; its pools: \"store\", \"små\" (option \"--pool\")$" -- \
    $sk budget project "$id" --title "Bænke" --cost 20000 --pool børn
check "a pool must be named when there are several, saying --pool and the pools" 1 \
    "citizen budget $id has 2 pools: name one of \"store\", \"små\" (option \"--pool\")$" -- \
    $sk budget project "$id" --title "Bænke" --cost 20000
check "a refusal about the budget's id names no field" 1 "^samskab: citizen budget 999999 does not exist$" -- $sk budget show 999999
p2=$($sk --json budget projects "$id" | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['id'])")
check "a project that will not fit beside the winner" 0 "Skaterbane" -- $sk budget project "$id" --title "Skaterbane" --cost 100000 --pool store
check "budget show prints its projects readably" 0 "" -- $sk budget show "$id"
if grep -q '\.\.\., \.\.\.' "$out"; then echo "not ok - nested values print as ..., ..."; sed 's/^/#   /' "$out"
elif grep -q '^projects:$' "$out" && grep -qE 'Bænke +20.000 kr.' "$out"; then echo "ok - projects as a table of their own, with title and cost"
else echo "not ok - projects not shown as a table"; sed 's/^/#   /' "$out"; fi
# The letter tells the voter where to vote: the budget's name and its vote
# page, from the public web address login mails use
vote_page="https://stem.example.dk/0730/budget/$id/vote"
check "codes as CSV" 0 "wrote 3 codes" -- env SAMSKAB_WEB_PUBLIC_URL=https://stem.example.dk/ $sk budget codes "$id" --count 3 --label hall --csv "$tmp/codes.csv"
check "the CSV has a header and three codes with the budget's name and vote page, ;-separated for Danish Excel" 0 "" -- \
    test "$(tr -d '\r' <"$tmp/codes.csv" | grep -cE "^[0-9]+;[0-9]+;[0-9];[0-9A-Z]{5}-[0-9A-Z]{5};Bolbro bestemmer $$;$vote_page\$")" = 3
check "the CSV header is Danish" 0 "" -- test "$(head -n 1 "$tmp/codes.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" = "borgerbudget;pakke;nummer;kode;navn;adresse"
check "the printed sheet names the budget" 0 "^Borgerbudget $id \"Bolbro bestemmer $$\", pakke" -- env SAMSKAB_WEB_PUBLIC_URL=https://stem.example.dk $sk budget codes "$id" --count 1 --label letters
check "and its vote page" 0 "^Stem på $vote_page$" -- env SAMSKAB_WEB_PUBLIC_URL=https://stem.example.dk $sk budget codes "$id" --count 1 --label letters
check "in English too" 0 "^Vote at $vote_page$" -- env SAMSKAB_WEB_PUBLIC_URL=https://stem.example.dk $sk budget codes "$id" --count 1 --label letters --lang en
check "a budget named like a formula" 0 '"id"' -- $sk --json budget create --name "=1+1 $$" --amount 1000
check "its codes CSV" 0 "wrote 1 code" -- $sk budget codes "$(json 'd["id"]')" --count 1 --label x --csv "$tmp/formula.csv"
check "has the name as text in Excel, as the other CSVs" 0 "" -- grep -q ";\"'=1+1 $$\";http" "$tmp/formula.csv"
check "the codes CSV is the owner's alone (mode 600)" 0 "" -- test "$(stat -c %a "$tmp/codes.csv")" = 600
check "the CSV is UTF-8 with a BOM, like export csv" 0 "" -- test "$(head -c 3 "$tmp/codes.csv" | od -An -tx1 | tr -d ' ')" = efbbbf
code=$(sed -n 2p "$tmp/codes.csv" | cut -d';' -f4 | tr -d '\r')
check "printable list, in Danish for the people who hand it out" 0 "Hver kode kan stemme én gang. Opbevar listen sikkert" -- $sk budget codes "$id" --count 2 --label letters
check "the Danish list counts its codes" 0 ': 2 stemmekoder$' -- $sk budget codes "$id" --count 2 --label letters
check "in English with --lang en" 0 "Each code votes once. Keep this list safe" -- $sk budget codes "$id" --count 1 --label letters --lang en
check "one code, in the singular" 0 ': 1 voter code$' -- $sk budget codes "$id" --count 1 --label letters --lang en
check "one code to a CSV, in the singular" 0 "^wrote 1 code of batch [0-9]* to " -- $sk budget codes "$id" --count 1 --label letters --csv "$tmp/one.csv"
check "an idea" 0 '"id"' -- $sk --json budget idea "$id" --title "Tænk hvis vi havde en hundeskov" --contact-email borger@example.dk
idea=$(json 'd["id"]')
check "an idea with a text longer than a column" 0 '"id"' -- $sk --json budget idea "$id" --title "Bænke" \
    --text "Flere bænke langs åen, så ældre kan hvile sig på turen fra centret og ned til havnen"
check "ideas list" 0 "hundeskov" -- $sk budget ideas "$id"
check "shows an idea's text whole, without --json" 0 "ned til havnen$" -- $sk budget ideas "$id"
check "rejecting needs a reason" 1 'missing required field "reason"' -- $sk budget idea-reject "$idea"
check "reject with a reason" 0 "rejected" -- $sk budget idea-reject "$idea" --reason "ingen egnet grund"
check "staff's own idea is shown at once" 0 "shown" -- $sk budget ideas "$id"
check "idea-update edits personal data out" 0 "En hundeskov ved åen" -- $sk budget idea-update "$idea" --title "En hundeskov ved åen"
check "idea-hide" 0 "hidden" -- $sk budget idea-hide "$idea"
check "idea-show" 0 "shown" -- $sk budget idea-show "$idea"
check "idea-forget erases its words" 0 '"hidden"' -- $sk --json budget idea-forget "$idea"
is "no title, text or contact left" "d['title'] == '' and d['text'] is None and d['contact_email'] is None and d['visibility'] == 'hidden'"
check "a forgotten idea is not shown again" 1 "has been forgotten" -- $sk budget idea-show "$idea"
check "a development meeting" 0 "37" -- $sk budget meeting "$id" --held-on 2026-08-20 --title "Aften 1" --attendance 37
check "a meeting held on a day to come is refused" 1 "a meeting is recorded once held: $(TZ=Europe/Copenhagen date -d '+36 days' +%F) is after today, $(TZ=Europe/Copenhagen date +%F) (option \"--held-on\")" -- \
    $sk budget meeting "$id" --held-on "$(TZ=Europe/Copenhagen date -d '+36 days' +%F)" --title "Aften 2" --attendance 30
check "one held today is recorded" 0 "Aften 2" -- $sk budget meeting "$id" --held-on "$(TZ=Europe/Copenhagen date +%F)" --title "Aften 2" --attendance 30
check "cast before voting is refused" 1 'not "voting"' -- $sk budget cast "$id" --code "$code" --projects "$p1"
check "open voting (planned for a day past: no question)" 0 "voting" -- $sk budget phase "$id" voting </dev/null
check "projects are not corrected once voting opened" 1 'cannot change a project' -- $sk budget project-update "$id" --project "$p1" --cost 1
check "nor withdrawn" 1 'cannot withdraw a project' -- $sk budget project-withdraw "$id" --project "$p1"
check "cast" 0 "receipt" -- $sk --json budget cast "$id" --code "$code" --projects "$p1,$p2"
receipt=$(json 'd["receipt"]')
check "cast again is refused" 1 "already been used" -- $sk budget cast "$id" --code "$code" --projects "$p2"
check "staff see the batch sizes of casts: one cast, one batch of one" 0 "" -- $sk --json budget cast-batches "$id"
is "one batch of one" "d == [{'size': 1, 'batches': 1}]"
check "cast-batches as a table" 0 "^SIZE  *BATCHES" -- $sk budget cast-batches "$id"
check "an auditor does not see the batch sizes" 1 "may not call samskab budget cast-batches" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/auditor-0730.cert_secret" \
    $sk budget cast-batches "$id"
check "paper ballot entered by the project's code" 0 '"paper"' -- $sk --json budget paper "$id" --projects p2
is "paper ballots are numbered in each citizen budget: its first is 1" "d['paper'] == 1"
check "the same member cannot confirm" 1 "second member" -- $sk budget paper-confirm "$id" --paper 1 --projects "$p2"
check "a code the budget does not have is refused, naming its codes" 1 'no project "p9" in citizen budget '"$id"': give a project.s code (its codes: p' -- \
    env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/staff-0730.cert_secret" $sk budget paper-confirm "$id" --paper 1 --projects p9
check "another member confirms paper 1, by the code in capitals" 0 "receipt" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/staff-0730.cert_secret" \
    $sk budget paper-confirm "$id" --paper 1 --projects P2
check "batches" 0 "hall" -- $sk budget batches "$id"
# Closing and publishing cannot be undone: they say what they will do and
# ask for the id again (new-user trial); --yes for scripts
# asks NAME ID PHASE ACT NOT_DONE STAYS TEXT...: budget phase ID PHASE
# without --yes and without a terminal is a usage error; at a prompt it
# says each TEXT, and a mistyped id does nothing (NOT_DONE is said, the
# budget stays in phase STAYS)
asks() {
    local name=$1 b=$2 phase=$3 act=$4 not_done=$5 stays=$6 text
    shift 6
    check "$name without --yes and without a terminal is a usage error" 2 "give --yes to $act without asking" -- \
        $sk budget phase "$b" "$phase" </dev/null
    for text in "$@"; do
        check "$name says: $text" 1 "$text" -- $ask "$((b + 1))" $sk budget phase "$b" "$phase"
    done
    check "$name: a mistyped id does nothing" 1 "not confirmed: $not_done" -- $ask "$((b + 1))" $sk budget phase "$b" "$phase"
    check "$name: the budget after a mistyped id" 0 "" -- $sk --json budget show "$b"
    is "$name: the budget is still in phase $stays" "d['phase'] == '$stays'"
}
until=$(TZ=Europe/Copenhagen date -d '+3 days' +%F)
check "a budget that votes 3 days more" 0 '"id"' -- $sk --json budget create --name "Tidlig lukning $$" --amount 1000 --voting-until "$until"
early=$(json 'd["id"]')
check "its project" 0 "Bænk" -- $sk budget project "$early" --title "Bænk" --cost 500
check "its voting opens" 0 "voting" -- $sk budget phase "$early" voting
check "its codes" 0 '"codes"' -- $sk --json budget codes "$early" --count 2
ecode=$(json 'd["codes"][0]')
check "one votes, naming the project by its code as the ballot shows it" 0 "receipt" -- $sk budget cast "$early" --code "$ecode" --projects P1
check "a cast naming a code the budget does not have is refused, naming its codes" 1 'no project "p9" in citizen budget '"$early"': give a project.s code (its codes: p1)' -- \
    $sk budget cast "$early" --code "$ecode" --projects p9
check "a paper ballot" 0 '"paper"' -- $sk --json budget paper "$early" --projects p1
check "confirmed" 0 "receipt" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/staff-0730.cert_secret" \
    $sk budget paper-confirm "$early" --paper "$(json 'd["paper"]')" --projects p1
asks "closing" "$early" closed "close the vote" "the vote is still open" voting \
    "now, 3 days before its planned last day, $until" \
    "1 voter code has been used to vote and 1 paper ballot has been confirmed"
check "the id typed again closes" 0 "closed" -- $ask "$early" $sk budget phase "$early" closed
check "a budget closed already is not asked about" 1 'is in phase "closed"' -- $ask "$early" $sk budget phase "$early" closed
check "the budget closed early" 0 "" -- $sk --json budget show "$early"
today=$(TZ=Europe/Copenhagen date +%F)
is "records when voting ran, the plan kept beside" \
    "d['voting_opened'] == '$today' and d['voting_closed'] == '$today' and d['voting_until'] == '$until'"
staff2="env SAMSKAB_CLI_CERT=$SAMSKAB_VAR/keys/staff-0730.cert_secret"
# Two staff members confirming paper ballots of one budget at once (each
# the other's entries, many rounds) do not deadlock: a confirmation locks
# the budget for its update up front
check "a budget confirmed at two desks at once" 0 '"id"' -- $sk --json budget create --name "To borde $$" --amount 1000 --voting-until "$until"
desks=$(json 'd["id"]')
check "its project" 0 "Bænk" -- $sk budget project "$desks" --title "Bænk" --cost 500
check "its voting opens" 0 "voting" -- $sk budget phase "$desks" voting
rm -f "$tmp"/desk.*
for _ in 1 2 3 4 5 6; do
    mine=$($sk budget paper "$desks" --projects p1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["paper"])')
    theirs=$($staff2 $sk budget paper "$desks" --projects p1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["paper"])')
    $staff2 $sk budget paper-confirm "$desks" --paper "$mine" --projects p1 >"$tmp/desk.$mine" 2>&1 &
    $sk budget paper-confirm "$desks" --paper "$theirs" --projects p1 >"$tmp/desk.$theirs" 2>&1
    wait
done
check "every paper was confirmed, none aborted" 0 "" -- sh -c "for f in $tmp/desk.*; do grep -q receipt \$f || { cat \$f; exit 1; }; done"
check "the budget counts 12 paper ballots" 0 "" -- $sk --json budget show "$desks"
is "12 paper ballots" "d['paper_ballots'] == 12"
check "close" 0 "closed" -- $sk budget phase "$id" closed --yes
check "after the close staff still see each batch's use" 0 "" -- sh -c "$sk --json budget batches $id >'$out' && python3 -c \"
import json; d = {b['label']: b for b in json.load(open('$out'))}
assert d['hall']['used'] == 1 and d['letters']['used'] == 0, d\""
check "an auditor sees the batches but not their use" 0 "" -- sh -c "env SAMSKAB_CLI_CERT=$SAMSKAB_VAR/keys/auditor-0730.cert_secret $sk --json budget batches $id >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
assert d and all(b['used'] is None and b['revoked'] is None for b in d), d\""
check "receipt lookup names the projects by code and title" 0 "^projects *p1 Bevægelsespark, p2 Bænke$" -- $sk budget receipt "$id" "$receipt"
check "ballot list" 0 "$receipt" -- $sk budget ballots "$id"
check "names the projects by code" 0 "$receipt .* p1, p2" -- $sk budget ballots "$id"
check "and the paper ballot's" 0 " yes *p2 *$" -- $sk budget ballots "$id"
# Paper ballots after the close: only in a late count, recorded and shown
check "a paper after the close is refused, naming the command for a late count" 1 "only in a late count (samskab budget late-count)$" -- $sk budget paper "$id" --projects "$p2"
check "a late count needs a reason" 2 "reason" -- $sk budget late-count "$id"
admin_key=$(sed -n 's/^ *public-key = "\(.*\)"$/\1/p' "$SAMSKAB_VAR/keys/admin.cert")
check "staff open a late count, recorded by the certificate's holder" 0 "by admin: en kasse fundet i hallen" -- $sk budget late-count "$id" --reason "en kasse fundet i hallen"
check "the certificate's key is not shown" 1 "" -- grep -qF -- "$admin_key" "$out"
check "a late paper ballot" 0 '"paper"' -- $sk --json budget paper "$id" --projects "$p1,$p2"
paper=$(json 'd["paper"]')
check "the confirmer sees the entry's number, not its projects" 0 "" -- sh -c "$staff2 $sk --json budget papers $id >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
assert [(e['paper'], e['projects'], e['mine']) for e in d] == [($paper, None, False)], d\""
check "the member who keyed it sees its projects, by code" 0 "^$paper  *p1, p2  " -- $sk budget papers "$id"
check "confirmed in another order: an approval ballot is a set" 0 "receipt" -- $staff2 $sk budget paper-confirm "$id" --paper "$paper" --projects "$p2,$p1"
check "a mistyped paper" 0 '"paper"' -- $sk --json budget paper "$id" --projects "$p1"
paper=$(json 'd["paper"]')
check "a tally while one entry waits is refused, in the singular" 1 "1 paper ballot of citizen budget $id waits for a second staff member" -- $sk budget tally "$id"
check "discarding needs a reason" 2 "reason" -- $staff2 $sk budget paper-discard "$id" --paper "$paper"
check "discarded with a reason" 0 "tastet forkert" -- $staff2 $sk budget paper-discard "$id" --paper "$paper" --reason "tastet forkert"
check "a discarded entry cannot be confirmed" 1 "not waiting" -- $staff2 $sk budget paper-confirm "$id" --paper "$paper" --projects "$p1"
check "publishing needs a tally" 1 "tallied" -- $sk budget phase "$id" published --yes
check "tally (the discarded entry does not hold it up)" 0 "Bevægelsespark" -- $sk budget tally "$id"
check "the tally's pool line reads amounts as 150.000 kr." 0 "pool store: budget 200.000 kr., spent 150.000 kr., remaining 50.000 kr." -- $sk budget tally "$id"
check "and so do the results" 0 "pool små: budget 100.000 kr., spent 20.000 kr., remaining 80.000 kr." -- $sk budget results "$id"
check "the results show the late count and who opened it" 0 "late count: 1 paper ballot added after the close; opened .* by admin: en kasse" -- $sk budget results "$id"
check "by name, not by key" 1 "" -- grep -qF -- "$admin_key" "$out"
# Trial counts leave the official rule and results alone
check "a trial count with another rule" 0 "TRIAL COUNT" -- $sk budget tally "$id" --trial --rule mes
check "an MES price in whole kroner, as 6.667 kr. (not 6666.67)" 0 "^1  *p2  *Bænke  *20.000 kr.  *3  *6.667 kr\. *$" -- $sk budget tally "$id" --trial --rule mes
check "the trial says so and names its rule" 0 '"trial":true' -- $sk --json budget tally "$id" --trial --rule phragmen
check "a rule without --trial is a usage error saying --trial" 2 'option "--rule" counts with another rule only in a trial count: give --trial too' -- $sk budget tally "$id" --rule mes
check "an unknown trial rule is a usage error naming the rules" 2 'option "--rule" takes "greedy", "greedy-threshold", "mes", "mes-add1", "mes-add1-greedy" or "phragmen", not "ligelig"' -- $sk budget tally "$id" --trial --rule ligelig
check "without --trial too" 2 'not "ligelig"' -- $sk budget tally "$id" --rule ligelig
check "after trials the official rule and results stand" 0 "" -- sh -c "$sk --json budget show $id >'$out' && $sk --json budget results $id >'$tmp/res' && python3 -c \"
import json; d = json.load(open('$out')); r = json.load(open('$tmp/res'))
assert d['rule'] == 'greedy' and d['tallied_rule'] == 'greedy', d
assert r['rule'] == 'greedy' and 'trial' not in r, r\""
# A paper confirmed after the tally makes the results stale: no publishing
check "a second late paper" 0 '"paper"' -- $sk --json budget paper "$id" --projects "$p2"
paper=$(json 'd["paper"]')
check "confirmed" 0 "receipt" -- $staff2 $sk budget paper-confirm "$id" --paper "$paper" --projects "$p2"
check "stale results are not published" 1 "changed since the last official tally" -- $sk budget phase "$id" published --yes
check "stale results: no question, the reason and the tally to run" 1 "samskab budget tally $id" -- $ask "$id" $sk budget phase "$id" published
check "the reason" 1 "has not been tallied with its current rule" -- $ask "$id" $sk budget phase "$id" published
check "tally again" 0 "late count: 2 paper ballots" -- $sk budget tally "$id"
# A paper keyed after the tally and not settled would be stuck once
# published (neither confirmed nor discarded then): publishing waits
check "a paper keyed after the tally" 0 '"paper"' -- $sk --json budget paper "$id" --projects p1
paper=$(json 'd["paper"]')
check "publishing while it waits is refused, saying how to settle it" 1 \
    "1 paper ballot waits for a second staff member (paper $paper); settle each first: confirm it (paper-confirm, then tally again) or discard it with a reason (paper-discard)" -- \
    $sk budget phase "$id" published --yes
check "discarded" 0 "tastet to gange" -- $staff2 $sk budget paper-discard "$id" --paper "$paper" --reason "tastet to gange"
check "a rule changed after the tally" 0 "mes" -- $sk budget settings "$id" --rule mes
check "makes the results stale: publishing is refused" 1 "not tallied with its current rule" -- $sk budget phase "$id" published --yes
check "the rule back" 0 "greedy" -- $sk budget settings "$id" --rule greedy
check "is stale all the same until a tally" 1 "not tallied with its current rule" -- $sk budget phase "$id" published --yes
check "tally with the rule" 0 "rule greedy" -- $sk budget tally "$id"
check "results chart" 0 "wrote" -- $sk budget results "$id" --svg "$tmp/results.svg"
check "the chart is well-formed SVG naming the winner" 0 "" -- python3 -c "
import xml.etree.ElementTree as E, sys
t = E.parse('$tmp/results.svg')
assert t.getroot().tag.endswith('svg')
assert 'Bevægelsespark' in open('$tmp/results.svg', encoding='utf-8').read()"
check "the chart speaks Danish: title, text alternative, amounts as 150.000 kr., one scale" 0 "" -- python3 -c "
import xml.etree.ElementTree as E
ns = {'s': 'http://www.w3.org/2000/svg'}
r = E.parse('$tmp/results.svg').getroot()
title, desc = r.find('s:title', ns), r.find('s:desc', ns)
assert r.get('role') == 'img' and title is not None and desc is not None, 'title and desc'
assert title.text.endswith(': resultater'), title.text
assert 'Bevægelsespark (2 stemmer, 150.000 kr.)' in desc.text and 'Bænke' in desc.text, desc.text
assert 'budget 200.000 kr., brugt 150.000 kr., tilbage 50.000 kr. Valgt: ' in desc.text, desc.text
assert 'kr..' not in desc.text, ('one full stop after an amount', desc.text)
# every project, the loser too, in the text alternative and as a bar,
# the winners first and marked as chosen (issue 15: the winners only)
assert 'Valgt: Bevægelsespark (2 stemmer, 150.000 kr.). Ikke valgt: Skaterbane (0 stemmer, 100.000 kr.).' in desc.text, desc.text
bars = [b for b in r.iter('{http://www.w3.org/2000/svg}rect') if b.get('class') == 'votes']
assert len(bars) == 3 and all(b.find('s:title', ns) is not None for b in bars), 'a bar per project'
names = [b.find('s:title', ns).text.split(': ')[0] for b in bars]
assert names == ['Bevægelsespark', 'Skaterbane', 'Bænke'], names
marks = [b.find('s:title', ns).text.rsplit(', ', 1)[1] for b in bars]
assert marks == ['valgt', 'ikke valgt', 'valgt'], marks
assert bars[0].get('fill') != bars[1].get('fill') and bars[0].get('fill') == bars[2].get('fill'), 'chosen in a colour of their own'
votes = [int(b.find('s:title', ns).text.split(': ')[1].split(' ')[0]) for b in bars]
per_vote = {round(float(b.get('width')) / v, 3) for b, v in zip(bars, votes) if v}
assert len(per_vote) == 1, ('one scale across pools', votes, per_vote)"
check "the chart says the rule in the web's Danish words, not \"regel greedy\"" 0 "" -- python3 -c "
import xml.etree.ElementTree as E
r = E.parse('$tmp/results.svg').getroot()
text = ' '.join(t.text or '' for t in r.iter('{http://www.w3.org/2000/svg}text'))
desc = r.find('{http://www.w3.org/2000/svg}desc').text
for said in (text, desc):
    assert 'Sådan er vinderne fundet: Hver stemmeseddel giver én stemme til hvert projekt, den har valgt. Projekterne med flest stemmer vælges ét ad gangen' in said, said
    assert 'Et projekt, som ingen har stemt på, vælges aldrig.' in said, said
    assert 'regel greedy' not in said and 'greedy' not in said, said"
check "a legend names the bars' colours and the budget bar's shades" 0 "" -- python3 -c "
import xml.etree.ElementTree as E
s = '{http://www.w3.org/2000/svg}'
r = E.parse('$tmp/results.svg').getroot()
legend = [g for g in r.iter(s + 'g') if g.get('class') == 'legend']
assert len(legend) == 1, 'one legend'
words = [t.text for t in legend[0].iter(s + 'text')]
fills = {x.get('fill') for x in legend[0].iter(s + 'rect')}
assert words == ['valgt', 'ikke valgt', 'budget brugt af de valgte, et felt pr. projekt', 'tilbage af puljen'], words
bars = {x.get('fill') for x in r.iter(s + 'rect') if x.get('class') != 'votes' and x.get('stroke') == 'white'}
assert bars and bars <= fills, (bars, fills)"
check "the chart in English" 0 "wrote" -- $sk budget results "$id" --svg "$tmp/results-en.svg" --lang en
check "says DKK 150,000 and results" 0 "" -- sh -c "grep -q 'DKK 150,000' '$tmp/results-en.svg' && grep -q ': results</title>' '$tmp/results-en.svg'"
check "and the rule in the web's English words" 0 "" -- python3 -c "
import xml.etree.ElementTree as E
r = E.parse('$tmp/results-en.svg').getroot()
text = ' '.join(t.text or '' for t in r.iter('{http://www.w3.org/2000/svg}text'))
assert 'How the winners were found: Each ballot gives one vote to each project it chose. The projects with the most votes are chosen' in text, text"
asks "publishing" "$id" published "publish the results" "nothing was published" closed \
    "the official tally with rule greedy (not a trial count)" \
    "pool store: Bevægelsespark (150.000 kr.); 150.000 kr. of 200.000 kr."
# The reply's results, as the question said them (they printed as a
# placeholder, "results ...")
check "publish names the rule and results it publishes" 0 "^published: the results of rule greedy, " -- $sk budget phase "$id" published --yes
cp "$out" "$tmp/published"
check "each pool's winners and what they spend" 0 "^  pool store: Bevægelsespark (150.000 kr.); 150.000 kr. of 200.000 kr.$" -- cat "$tmp/published"
check "the process published" 0 "^phase  *published$" -- cat "$tmp/published"
check "no placeholder" 1 "" -- grep -q '\.\.\.' "$tmp/published"
touch "$tmp/afile"
check "a file where the folder should be is refused" 2 "is a file, not a folder" -- $sk budget export "$id" "$tmp/afile"
check "export to a new folder: one .pb per pool, by number, no double slash" 0 "wrote [0-9]* bytes to $tmp/pb/$id-pool-1.pb" -- $sk budget export "$id" "$tmp/pb/"
check "the folder is made the owner's alone (mode 700)" 0 "" -- test "$(stat -c %a "$tmp/pb")" = 700
check "--pool with a folder writes that pool only, named in any case" 0 "$id-pool-2.pb" -- $sk budget export "$id" "$tmp/pb-one" --pool Små
check "a pool it does not have names its pools" 1 'pool "børn" does not exist in citizen budget '"$id"'; its pools: "store", "små"$' -- $sk budget export "$id" "$tmp/pb-one" --pool børn
check "so does a .pb of one pool" 1 'pool "børn" does not exist in citizen budget '"$id"'; its pools: "store", "små" (option "--pool")$' -- $sk budget export "$id" "$tmp/one.pb" --pool børn
check "a .pb of a pool named in capitals" 0 "wrote" -- $sk budget export "$id" "$tmp/one.pb" --pool STORE
check "one file" 0 "" -- test "$(ls "$tmp/pb-one" | wc -l)" = 1
check "two files, META as Pabulib's checker expects, selected 1 for the winners only" 0 "" -- python3 -c "
import glob
files = sorted(glob.glob('$tmp/pb/$id-*.pb'))
assert len(files) == 2, files
store = open('$tmp/pb/$id-pool-1.pb', encoding='utf-8').read()
# greedy, whose samskab counting never funds a project without votes, in
# Pabulib's words: greedy-threshold with a threshold of 1
for line in ('rule;greedy-threshold', 'min_project_score_threshold;1', 'subunit;store', 'unit;Randers', 'district;Vestbyen $$',
             # voting was planned from 6 September, and ran today
             'date_begin;$(TZ=Europe/Copenhagen date +%d.%m.%Y)', 'date_end;$(TZ=Europe/Copenhagen date +%d.%m.%Y)',
             'project_id;cost;votes;selected;name', 'p1;150000;2;1;Bevægelsespark'):
    assert line in store.splitlines(), (line, store)
losers = [l for l in store.splitlines() if l.endswith(';Skaterbane')]
assert len(losers) == 1 and losers[0].split(';')[3] == '0', (losers, store)"
check "samskab-tally reads the exported pool" 0 '"p1"' -- $tally --json --rule greedy "$tmp/pb/$id-pool-1.pb"
check "samskab-tally without --rule takes the file's rule" 0 "^rule: *greedy-threshold$" -- $tally "$tmp/pb/$id-pool-1.pb"
check "and prints each winner's title and amounts in kroner beside its code" 0 "p1 .* 150.000 kr\. .*Bevægelsespark" -- $tally "$tmp/pb/$id-pool-1.pb"
check "the budget in kroner too" 0 "^budget: *200.000 kr\.$" -- $tally "$tmp/pb/$id-pool-1.pb"
check "one winner in the singular" 0 "^total cost: *150.000 kr\. (1 project selected)$" -- $tally "$tmp/pb/$id-pool-1.pb"
$tally --json --rule greedy "$tmp/pb/$id-pool-1.pb" >"$tmp/t.json" 2>"$err"
check "samskab-tally selects exactly the rows marked selected" 0 "" -- python3 -c "
import json
text = open('$tmp/pb/$id-pool-1.pb', encoding='utf-8').read()
rows = text.split('PROJECTS\\n')[1].split('VOTES')[0].splitlines()[1:]
marked = sorted(r.split(';')[0] for r in rows if r.split(';')[3] == '1')
won = sorted(w['project_id'] for w in json.load(open('$tmp/t.json'))['winners'])
assert marked == won and len(rows) == 2, (marked, won, rows)"
check "samskab-tally takes Pabulib's rule names" 0 "" -- sh -c "$tally --json --rule equalshares '$data/toy_ties.pb' >'$tmp/a.json' && $tally --json --rule mes '$data/toy_ties.pb' >'$tmp/b.json' && python3 -c \"
import json; a = json.load(open('$tmp/a.json')); b = json.load(open('$tmp/b.json'))
assert a['winners'] == b['winners'], (a, b)\""
check "a trial count after publication" 0 "TRIAL COUNT" -- $sk budget tally "$id" --trial --rule mes
check "leaves the published results" 0 "rule greedy" -- $sk budget results "$id"
check "opened, closed, published events" 0 "" -- sh -c "$sk --json events tail --service vote --topic vote. >'$tmp/ev' 2>&1; grep -q vote.process.opened '$tmp/ev' && grep -q vote.process.closed '$tmp/ev' && grep -q vote.results.published '$tmp/ev'"

# Opening voting long before its planned first day asks first; a day
# before it, or later, it opens at once
soon=$(TZ=Europe/Copenhagen date -d '+1 day' +%F)
later=$(TZ=Europe/Copenhagen date -d '+10 days' +%F)
check "a budget that votes from tomorrow" 0 '"id"' -- $sk --json budget create --name "I morgen $$" --amount 1000 --voting-from "$soon"
tomorrow=$(json 'd["id"]')
check "its project" 0 "Bænk" -- $sk budget project "$tomorrow" --title "Bænk" --cost 500
check "opens a day early without a question" 0 "voting" -- $sk budget phase "$tomorrow" voting </dev/null
check "a budget that votes from in 10 days" 0 '"id"' -- $sk --json budget create --name "Om ti dage $$" --amount 1000 --voting-from "$later"
tenday=$(json 'd["id"]')
check "its project" 0 "Bænk" -- $sk budget project "$tenday" --title "Bænk" --cost 500
asks "opening 10 days early" "$tenday" voting "open voting early" "voting has not opened" ideas \
    "now, 10 days before its planned first day of voting, $later"
check "the id typed again opens it" 0 "voting" -- $ask "$tenday" $sk budget phase "$tenday" voting

# Publishing a month before the planned results day says so in its
# question (a new-user trial, Vejle: it said nothing of the date); a day
# before it, or later, the question says nothing of the date
# tallied_budget DAYS: a budget with its results planned in DAYS days,
# voted, closed and tallied; sets tb to its id, on to the date
tallied_budget() {
    on=$(TZ=Europe/Copenhagen date -d "+$1 days" +%F)
    check "a budget with its results planned in $1 days" 0 '"id"' -- $sk --json budget create --name "Resultater om $1 dage $$" --amount 1000 --results-on "$on"
    tb=$(json 'd["id"]')
    check "its project" 0 "Bænk" -- $sk budget project "$tb" --title "Bænk" --cost 500
    check "its voting opens" 0 "voting" -- $sk budget phase "$tb" voting --yes
    check "closes" 0 "closed" -- $sk budget phase "$tb" closed --yes
    check "tallied" 0 "rule" -- $sk budget tally "$tb"
}
tallied_budget 30
asks "publishing 30 days early" "$tb" published "publish the results" "nothing was published" closed \
    "It comes early: now, 30 days before its planned day for the results, $on."
tallied_budget 1
check "a day early, the question says nothing of the date" 0 "" -- sh -c "$ask $((tb + 1)) $sk budget phase $tb published >'$tmp/q' 2>&1; grep -q 'This publishes' '$tmp/q' && ! grep -q 'It comes early' '$tmp/q'"

# Paper ballots match as sets for knapsack and cumulative ballots (the
# same points on each project, in any order), in order for ranked ones;
# keyed by the codes on the paper
# paper_match BALLOT OPTIONS...: a budget voting with that ballot, its
# projects p1, p2, p3; sets pm to its id
paper_match() {
    local ballot=$1; shift
    check "$ballot: a budget" 0 '"id"' -- $sk --json budget create --name "Papir $ballot $$" --amount 3000 --ballot "$ballot" "$@"
    pm=$(json 'd["id"]')
    for t in A B C; do $sk budget project "$pm" --title "$t" --cost 500 >/dev/null || echo "not ok - $ballot: project $t"; done
    check "$ballot: voting" 0 "voting" -- $sk budget phase "$pm" voting --yes
}
paper_match knapsack
check "knapsack: keyed" 0 '"paper"' -- $sk --json budget paper "$pm" --projects p1,p3
is "knapsack: its first paper is 1" "d['paper'] == 1"
check "knapsack: confirmed in another order (a set)" 0 "receipt" -- $staff2 $sk budget paper-confirm "$pm" --paper 1 --projects P3,p1
check "knapsack: another set does not match" 0 '"paper"' -- $sk --json budget paper "$pm" --projects p1,p2
check "knapsack: is refused" 1 "does not match the first entry of paper ballot 2" -- $staff2 $sk budget paper-confirm "$pm" --paper 2 --projects p1,p3
paper_match cumulative --points 10
check "cumulative: keyed" 0 '"paper"' -- $sk --json budget paper "$pm" --projects p1,p2 --points 7,3
check "cumulative: the same points per project in another order match" 0 "receipt" -- $staff2 $sk budget paper-confirm "$pm" --paper 1 --projects p2,p1 --points 3,7
check "cumulative: keyed again" 0 '"paper"' -- $sk --json budget paper "$pm" --projects p1,p2 --points 7,3
check "cumulative: the points on other projects do not match, naming --points" 1 'does not match the first entry of paper ballot 2: check the paper (option "--points")' -- $staff2 $sk budget paper-confirm "$pm" --paper 2 --projects p2,p1 --points 7,3
check "cumulative: other points on the same projects name --points" 1 'does not match the first entry of paper ballot 2: check the paper (option "--points")' -- $staff2 $sk budget paper-confirm "$pm" --paper 2 --projects p1,p2 --points 5,4
check "cumulative: other projects name --projects" 1 'does not match the first entry of paper ballot 2: check the paper (option "--projects")' -- $staff2 $sk budget paper-confirm "$pm" --paper 2 --projects p1,p3 --points 7,3
paper_match ranked
check "ranked: keyed" 0 '"paper"' -- $sk --json budget paper "$pm" --projects p2,p1,p3
check "ranked: another order does not match" 1 "does not match the first entry of paper ballot 1" -- $staff2 $sk budget paper-confirm "$pm" --paper 1 --projects p1,p2,p3
check "ranked: the same order does" 0 "receipt" -- $staff2 $sk budget paper-confirm "$pm" --paper 1 --projects p2,p1,p3

# A late count opened with a certificate that names no holder says so
anon="certifikat-uden-navn-$$-$(printf '%070d' 0)"
$SAMSKAB_BIN/samskab-keygen "$SAMSKAB_VAR/keys" "$anon" --role staff --municipality 0730 >/dev/null ||
    echo "not ok - samskab-keygen made no certificate"
eventually "a late count by a certificate without a name (its name over 64 bytes)" "by a staff certificate without a name: fundet" -- \
    env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/$anon.cert_secret" $sk budget late-count "$early" --reason fundet
check "the results say so too" 0 "by a staff certificate without a name: fundet" -- $sk budget tally "$early"
rm -f "$SAMSKAB_VAR/keys/clients/$anon.cert"

# vote's outbox takes one municipality's events, as its other tables
psql_() { "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -h "$SAMSKAB_VAR/pg" -U postgres -d samskab -qAtX "$@"; }
psql_ -c "INSERT INTO vote.outbox (seq, topic, tenant, body) VALUES (-1, 'x', '*', '')" >"$tmp/psql" 2>&1
check "the outbox refuses tenant \"*\"" 0 "" -- grep -q 'violates check constraint "outbox_tenant_check"' "$tmp/psql"

# Migration 017 on a database with paper entries kept in several budgets
# (discarded ones, and ones waiting): run again as the tables' owner, as
# the service migrates, in a transaction rolled back, it numbers them 1,
# 2, ... in each budget past the tenant wall every table forces
psql_owner() { "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -h "$SAMSKAB_VAR/pg" -U samskab -d samskab -qAtX -v ON_ERROR_STOP=1 "$@"; }
{
    echo "SET search_path = vote; BEGIN;"
    echo "ALTER TABLE paper_entry DROP COLUMN number;"
    echo "ALTER TABLE process DROP COLUMN late_opened_name, DROP COLUMN paper_last, DROP COLUMN paper_ballots;"
    echo "ALTER TABLE outbox DROP CONSTRAINT outbox_tenant_check;"
    cat "$SAMSKAB_TOP/services/vote/sql/017_paper_numbers.sql"
    echo "SELECT count(DISTINCT process_id) || ' ' || bool_and(number = n) || ' ' ||"
    echo "    bool_and(paper_last = m) || ' ' || bool_and(paper_ballots = b)"
    echo "FROM (SELECT e.process_id, e.number, p.paper_last, p.paper_ballots,"
    echo "      row_number() OVER (PARTITION BY e.process_id ORDER BY e.id) AS n,"
    echo "      count(*) OVER (PARTITION BY e.process_id) AS m,"
    echo "      (SELECT count(*) FROM ballot b WHERE b.process_id = p.id AND b.paper) AS b"
    echo "      FROM paper_entry e JOIN process p ON p.id = e.process_id) x;"
    echo "ROLLBACK;"
} >"$tmp/017.sql"
psql_owner -f "$tmp/017.sql" >"$tmp/017.out" 2>&1
check "migration 017 renumbers the kept entries of several budgets 1, 2, ... in each, as their owner" 0 "" -- \
    python3 -c "
last = open('$tmp/017.out').read().strip().splitlines()[-1].split()
assert int(last[0]) >= 3 and last[1:] == ['true', 'true', 'true'], open('$tmp/017.out').read()"

# samskab's own counting (a new-user trial, Esbjerg): points count as
# points, most points first; ranked places give k ... 1 within each pool;
# a project nobody voted for is never chosen. The export says so (Pabulib's
# words where it has them, samskab_counting where not) and samskab-tally
# counts it to the same result, rule by rule.
# exported ID POOL RULE...: per rule, the official tally, the pool's .pb,
# and samskab-tally on that file with the rule the file names
exported() {
    local b=$1 pool=$2; shift 2
    for rule in "$@"; do
        $sk budget settings "$b" --rule "$rule" >/dev/null 2>"$err" || { echo "not ok - settings $rule"; continue; }
        $sk --json budget tally "$b" >"$tmp/service.json" 2>"$err"
        $sk budget export "$b" "$tmp/own.pb" --pool "$pool" >/dev/null 2>>"$err"
        $tally --json "$tmp/own.pb" >"$tmp/tally.json" 2>>"$err"
        if same "$tmp/service.json" "$tmp/tally.json" "$pool"; then
            echo "ok - $(json_of "$tmp/service.json" 'd["ballot"]') $rule: the exported pool tallies as the service did"
        else
            echo "not ok - $rule: the exported pool tallies differently"; sed 's/^/#   /' "$err" "$tmp/own.pb" | head -40
        fi
    done
}
json_of() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print($2)" "$1"; }
check "a cumulative budget" 0 '"id"' -- $sk --json budget create --name "Skaterbane $$" --amount 90000 --ballot cumulative --points 10
cum=$(json 'd["id"]')
for pr in "skate Skaterbane 90000" "baenk Bænk 5000" "vand Vandpost 1000"; do
    set -- $pr
    $sk budget project "$cum" --code "$1" --title "$2" --cost "$3" >/dev/null || echo "not ok - project $2"
done
cids=$($sk --json budget projects "$cum" | python3 -c "import json,sys; print(','.join(str(p['id']) for p in json.load(sys.stdin)[:2]))")
check "its voting opens" 0 "voting" -- $sk budget phase "$cum" voting
check "two codes" 0 '"codes"' -- $sk --json budget codes "$cum" --count 2
for c in $(json '" ".join(d["codes"])'); do
    $sk budget cast "$cum" --code "$c" --projects "$cids" --points 9,1 >/dev/null || echo "not ok - cumulative cast"
done
check "closes" 0 "closed" -- $sk budget phase "$cum" closed --yes
for rule in greedy mes mes-add1-greedy; do
    check "a $rule trial count funds the skate park with 18 of 20 points, not the bench" 0 "" -- sh -c "$sk --json budget tally $cum --trial --rule $rule >'$out' && python3 -c \"
import json; d = json.load(open('$out')); p = d['pools'][0]
assert [w['code'] for w in p['winners']] == ['skate'], p
assert {e['code']: (e['votes'], e['score'], e['selected']) for e in p['projects']} == {
    'skate': (2, '18', True), 'baenk': (2, '2', False), 'vand': (0, '0', False)}, p\""
done
check "the CLI says how it counted" 0 "greedy: most points first" -- $sk budget tally "$cum" --trial --rule greedy
check "and that a project without votes is never chosen" 0 "a project without votes is never chosen" -- $sk budget tally "$cum" --trial --rule greedy
check "a Phragmén trial says each project given points is one vote" 0 "^Phragmén counts each project a ballot gave points as one vote, whatever the points$" -- $sk budget tally "$cum" --trial --rule phragmen
check "greedy's does not" 1 "" -- sh -c "$sk budget tally $cum --trial --rule greedy | grep -q Phragmén"
check "MES splits the skate park by points: 5.000 kr. a point" 0 '"price_per_point":"5000"' -- $sk --json budget tally "$cum" --trial --rule mes
exported "$cum" all greedy greedy-threshold mes mes-add1 mes-add1-greedy phragmen
# The chart of a points ballot draws points, as the winners were found
# (a new-user trial, Vejle: 2 votes each made the bench look as strong as
# the skate park), on one scale; the budget's one pool goes unnamed
$sk budget settings "$cum" --rule greedy >/dev/null && $sk budget tally "$cum" >/dev/null || echo "not ok - greedy tally"
check "a cumulative budget's chart" 0 "wrote" -- $sk budget results "$cum" --svg "$tmp/cum.svg"
check "draws and labels points, not ballots, and names no pool \"all\"" 0 "" -- python3 -c "
import re, xml.etree.ElementTree as E
s = '{http://www.w3.org/2000/svg}'
r = E.parse('$tmp/cum.svg').getroot()
bars = [b for b in r.iter(s + 'rect') if b.get('class') == 'votes']
said = [b.find(s + 'title').text for b in bars]
assert said == ['Skaterbane: 18 point, 2 stemmer, 90.000 kr., valgt',
                'Bænk: 2 point, 2 stemmer, 5.000 kr., ikke valgt',
                'Vandpost: 0 point, 0 stemmer, 1.000 kr., ikke valgt'], said
assert [int(b.get('width')) for b in bars] == [420, 46, 0], [b.get('width') for b in bars]
text = ' '.join(t.text or '' for t in r.iter(s + 'text'))
desc = r.find(s + 'desc').text
for words in (text, desc):
    assert 'pulje ' not in words and not re.search(r'\\ball\\b', words), words
    assert 'budget 90.000 kr., brugt 90.000 kr., tilbage 0 kr.' in words, words
assert 'Skaterbane (18 point, 2 stemmer, 90.000 kr.)' in desc, desc"
check "the export counts the samskab way in Pabulib's words and one of samskab's" 0 "" -- sh -c "grep -q '^samskab_counting;points_cost,voted_only$' '$tmp/own.pb' && grep -q '^vote_type;cumulative$' '$tmp/own.pb'"
$sk budget settings "$cum" --rule greedy >/dev/null
$sk budget export "$cum" "$tmp/own.pb" >/dev/null
check "greedy is exported as greedy-threshold with a threshold of 1 vote" 0 "" -- sh -c "grep -q '^rule;greedy-threshold$' '$tmp/own.pb' && grep -q '^min_project_score_threshold;1$' '$tmp/own.pb'"
# and imported again it counts samskab's way, as samskab-tally counts the file
compare "$tmp/own.pb" greedy-threshold mes mes-add1
check "the imported export counts samskab's way" 0 "greedy: most points first" -- $sk budget results "$last_id"

check "a ranked budget of two pools, two places each" 0 '"id"' -- $sk --json budget create --name "Rangeret $$" --amount 200 \
    --pool "a:100" --pool "b:100" --ballot ranked --max-choices 2
rk=$(json 'd["id"]')
for pr in "x a 60" "w a 60" "v a 30" "b1 b 100"; do
    set -- $pr
    $sk budget project "$rk" --code "$1" --title "Projekt $1" --cost "$3" --pool "$2" >/dev/null || echo "not ok - project $1"
done
declare -A rid
while read -r c i; do rid[$c]=$i; done < <($sk --json budget projects "$rk" | python3 -c "import json,sys; [print(p['code'], p['id']) for p in json.load(sys.stdin)]")
check "its voting opens" 0 "voting" -- $sk budget phase "$rk" voting
check "three codes" 0 '"codes"' -- $sk --json budget codes "$rk" --count 3
set -- $(json '" ".join(d["codes"])')
# x is first in pool a on two ballots (second overall, after b1), w on one
$sk budget cast "$rk" --code "$1" --projects "${rid[b1]},${rid[x]}" >/dev/null || echo "not ok - ranked cast 1"
$sk budget cast "$rk" --code "$2" --projects "${rid[b1]},${rid[x]}" >/dev/null || echo "not ok - ranked cast 2"
$sk budget cast "$rk" --code "$3" --projects "${rid[w]}" >/dev/null || echo "not ok - ranked cast 3"
check "closes" 0 "closed" -- $sk budget phase "$rk" closed --yes
for rule in greedy mes-add1-greedy phragmen; do
    check "ranked, $rule: the place within the pool gives 2 or 1 points; no votes, never chosen" 0 "" -- sh -c "$sk --json budget tally $rk --trial --rule $rule >'$out' && python3 -c \"
import json; d = json.load(open('$out')); p = {q['pool']: q for q in d['pools']}['a']
assert [w['code'] for w in p['winners']] == ['x'], p
assert {e['code']: (e['votes'], e['score'], e['selected']) for e in p['projects']} == {
    'x': (2, '4', True), 'w': (1, '2', False), 'v': (0, '0', False)}, p\""
done
exported "$rk" a greedy mes mes-add1-greedy phragmen
check "a ranked Phragmén trial says each place is one vote" 0 "^Phragmén counts each project a ballot gave a place as one vote, whatever the place$" -- $sk budget tally "$rk" --trial --rule phragmen
check "the CLI says how ranked places count" 0 "places are points within each pool, in their order, k for the first down to 1" -- $sk budget results "$rk"
check "ranked is exported as scoring with the places as points" 0 "" -- sh -c "grep -q '^vote_type;scoring$' '$tmp/own.pb' && grep -q ';x;2$' '$tmp/own.pb' && grep -q ';w;2$' '$tmp/own.pb'"

# Workshop polls: results at once
check "approval poll" 0 '"id"' -- $sk --json poll create --title "Hvad gør vi først?" --meeting "Madborgerskab dag 4" \
    --option "Fællesspisning" --option "Havedag" --option "Cykelværksted"
poll=$(json 'd["id"]')
for c in 1,2 2 2,3 1; do $sk poll vote "$poll" --choices "$c" >/dev/null || echo "not ok - poll vote $c"; done
check "an option number out of range is refused" 1 "option number from 1 to 3" -- $sk poll vote "$poll" --choices 4
check "an option twice is refused" 1 "at most once" -- $sk poll vote "$poll" --choices 2,2
check "approval results at once" 0 "" -- sh -c "$sk --json poll results $poll >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
assert d['winner'] == 'Havedag', d
assert [s['approvals'] for s in d['standings']] == [3, 2, 1], d
assert d['votes'] == 4 and d['open']\""
check "close the poll" 0 "winner: Havedag" -- $sk poll close "$poll"
check "a closed poll takes no votes" 1 "is closed" -- $sk poll vote "$poll" --choices 1
check "ranked poll" 0 '"id"' -- $sk --json poll create --title "Rækkefølge" --kind ranked --option A --option B --option C
poll=$(json 'd["id"]')
for c in 1,2,3 2,1 2,3,1; do $sk poll vote "$poll" --choices "$c" >/dev/null || echo "not ok - poll vote $c"; done
check "ranked results: Borda points and first preferences" 0 "" -- sh -c "$sk --json poll results $poll >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
s = {x['option']: (x['borda'], x['first']) for x in d['standings']}
assert d['winner'] == 'B' and s == {'A': (3, 1), 'B': (5, 2), 'C': (1, 0)}, d\""
check "poll list" 0 "Rækkefølge" -- $sk poll list
check "a poll with two winners and three participants" 0 '"id"' -- $sk --json poll create --title "To vindere" \
    --option A --option B --option C --option D --winners 2 --max-participants 3
poll=$(json 'd["id"]')
for c in 2,3 3 2,1; do $sk poll vote "$poll" --choices "$c" >/dev/null || echo "not ok - poll vote $c"; done
check "a fourth participant is refused" 1 "all have voted" -- $sk poll vote "$poll" --choices 4
check "the poll names two winners" 0 "winners: B, C" -- $sk poll results "$poll"
check "in JSON too" 0 "" -- sh -c "$sk --json poll results $poll >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
assert d['winners'] == ['B', 'C'] and d['winner'] == 'B' and d['votes'] == 3, d\""
check "a poll cannot pick all its options" 1 "picks at most 1 of them" -- $sk poll create --title X --option A --option B --winners 2
