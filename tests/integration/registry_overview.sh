#!/usr/bin/env bash
# The registry overview end to end through the CLI (tests/run.sh): visits,
# Danish full-text search, history, advisors, CSV import, export, stories,
# personal data. Each check prints "ok - NAME" or "not ok - NAME: why".
set -u
sk=$SAMSKAB_TOP/bin/samskab
data=$SAMSKAB_TOP/tests/data/csv
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# check NAME WANT_STATUS GREP -- COMMAND...: status and a line of output
check() {
    local name=$1 want=$2 pattern=$3; shift 4
    "$@" >"$out" 2>"$err"
    local rc=$?
    if [ "$rc" -ne "$want" ]; then
        echo "not ok - $name: exit status $rc, want $want"; sed 's/^/#   /' "$err" "$out" | head -20
    elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$out" "$err"; then
        echo "not ok - $name: no \"$pattern\" in output"; sed 's/^/#   /' "$out" "$err" | head -20
    else
        echo "ok - $name"
    fi
}
# is NAME PYTHON-EXPR: the expression over the JSON in $out (as d) is true
is() {
    if [ "$(python3 -c "import json,sys; d=json.load(open('$out')); print(bool($2))" 2>&1)" = True ]; then
        echo "ok - $1"
    else
        echo "not ok - $1: $2 is false for:"; head -c 600 "$out" | sed 's/^/#   /'; echo
    fi
}
add() { $sk --json "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
psql_() { "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -h "$SAMSKAB_VAR/pg" -U postgres -d samskab -qAt -v ON_ERROR_STOP=1 "$@"; }

# --- Visits and search ------------------------------------------------------
klub=$(add association add --name "Fodboldklub Vest" --description "Fodbold for drenge og piger" --has coaching-sport --serves youth)
skak=$(add association add --name "Skakklubben Løberen" --description "Skak om tirsdagen")
cafe=$(add association add --name "Caféen på hjørnet" --description "Vi spiller også skak og kort med de ældre på Søndergårdsvej")
kvinde=$(add association add --name "International Kvindeforening" --description "Kvinder mødes" \
    --activity "Fællesspisning;;women")
check "record a visit" 0 "Mangler en kasserer" -- $sk visit add "$kvinde" --date 2026-10-01 \
    --staff "Mette Jensen" --activities "Madklub hver torsdag" --target-groups women,newcomers \
    --challenges "Mangler en kasserer til regnskaberne" --ideas "Samarbejde med idrætsforeninger" \
    --offer "Lokaler på biblioteket"
check "a visit needs a date that exists" 1 'not a date' -- $sk visit add "$kvinde" --date 2026-02-30 --staff X
check "a visit names known target groups" 1 'unknown target_group term "pirates"' -- \
    $sk visit add "$kvinde" --date 2026-10-02 --staff X --target-groups pirates
check "a visit of a party that does not exist" 1 "does not exist" -- $sk visit add 999999 --date 2026-10-02 --staff X
check "visits of a party" 0 "" -- $sk --json visit list --party "$kvinde"
is "the visit is listed with its target groups" "len(d) == 1 and d[0]['target_groups'] == ['newcomers', 'women']"
check "visits by words in the notes (inflected)" 0 "" -- $sk --json visit list --text regnskab
is "the visit is found by a Danish inflection" "[v['party'] for v in d] == [$kvinde]"

check "search: definite form finds the bare name" 0 "" -- $sk --json search fodboldklubben
is "'fodboldklubben' finds 'Fodboldklub Vest'" "$klub in [x['id'] for x in d]"
check "search: bare form finds the definite name" 0 "" -- $sk --json search skakklub
is "'skakklub' finds 'Skakklubben Løberen'" "$skak in [x['id'] for x in d]"
check "search with æ, ø and å" 0 "" -- $sk --json search Søndergårdsvej ældre
is "'Søndergårdsvej ældre' finds the café" "[x['id'] for x in d] == [$cafe]"
check "search is case-blind for Æ, Ø, Å" 0 "" -- $sk --json search SØNDERGÅRDSVEJ
is "'SØNDERGÅRDSVEJ' finds the café" "[x['id'] for x in d] == [$cafe]"
check "search ranks a name above a description" 0 "" -- $sk --json search skak
is "'skak': the chess club first, then the café" "[x['id'] for x in d][:2] == [$skak, $cafe]"
check "search finds visit notes" 0 "" -- $sk --json search kasserer
is "'kasserer' finds the association through its visit" "[(x['id'], x['matched']) for x in d] == [($kvinde, ['visit'])]"
check "search finds activities" 0 "" -- $sk --json search fællesspisningen
is "'fællesspisningen' finds the activity" "[(x['id'], x['matched']) for x in d] == [($kvinde, ['activity'])]"
check "search combines text with filters" 0 "" -- $sk --json search fodbold --has coaching-sport --serves youth
is "a matching filter keeps the club" "[x['id'] for x in d] == [$klub]"
check "search with a filter that excludes" 0 "" -- $sk --json search fodbold --needs accounting
is "a non-matching filter removes the club" "d == []"
check "search words with minus exclude" 0 "" -- $sk --json search "skak -kort"
is "'skak -kort' leaves the café out" "[x['id'] for x in d] == [$skak]"
check "search stays in its municipality" 0 "" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/staff-0461.cert_secret" \
    $sk --json --tenant 0461 search fodboldklub
is "0461 does not find 0730's club" "d == []"
check "search needs a text" 2 "needs a text" -- $sk search --kind association

# --- Change history ---------------------------------------------------------
hist=$(add association add --name "Historisk Forening" --members 10 --contact-name "Karen Hemmelig")
SAMSKAB_CLI_CERT=$SAMSKAB_VAR/keys/staff-0730.cert_secret $sk association update "$hist" --members 12 >/dev/null
$sk association update "$hist" --contact-name "Karen Anden" >/dev/null
$sk association archive "$hist" >/dev/null
check "history of an association" 0 "" -- $sk --json association history "$hist"
is "history: created, updated, updated, archived in order" "[h['action'] for h in d] == ['created', 'updated', 'updated', 'archived']"
is "history: the update by staff names role and values" "d[1]['role'] == 'staff' and d[1]['op'] == 'registry.association.update' and json.loads(d[1]['changes']) == {'members': {'from': 10, 'to': 12}}"
is "history: the caller's key is recorded" "len(d[0]['actor']) == 40 and d[0]['actor'] != d[1]['actor']"
is "history: a personal field is marked changed without its value" "json.loads(d[2]['changes']) == {'contact_name': {'changed': True}} and 'Karen' not in open('$out').read()"
is "history: versions follow the party's" "[h['version'] for h in d] == [1, 2, 3, 4]"
check "history is readable by an auditor" 0 "archived" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/auditor-0730.cert_secret" \
    $sk association history "$hist"
check "history of another kind's id is not found" 1 "cannot be used here" -- $sk company history "$hist"
check "history of another municipality's party" 1 "does not exist" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/staff-0461.cert_secret" \
    $sk --tenant 0461 association history "$hist"
