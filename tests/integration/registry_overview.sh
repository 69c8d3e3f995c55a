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

# --- CSV import ---------------------------------------------------------------
parties() { psql_ -c "SELECT count(*) FROM registry.party"; }
staged() { psql_ -c "SELECT count(*) FROM registry.import_row"; }
before=$(parties)
check "import UTF-8 with BOM, ';', Danish column names, quoted fields" 0 "imported 3 associations" -- \
    $sk import associations "$data/associations_utf8.csv"
check "the imported association is complete" 0 "" -- $sk --json search bordtennisklubben
is "search finds the imported association" "len(d) == 1"
aeblet=$(python3 -c "import json; print(json.load(open('$out'))[0]['id'])")
check "show the imported association" 0 "" -- $sk --json association show "$aeblet"
is "fields, quoting and terms came through" "d['description'] == 'Bordtennis; for alle aldre' and d['members'] == 45 and d['publish'] is True and d['contact_name'] == 'Jens Ærø' and [(h['term'], h['level']) for h in d['has']] == [('coaching-sport', 2), ('trainer-development', 3)] and [s['term'] for s in d['serves']] == ['children', 'youth']"
check "a doubled quote and a newline inside quotes" 0 "" -- $sk --json search '"Det Gode Liv"'
is "the name with quotes and the two-line description" "len(d) == 1 and d[0]['name'] == 'Foreningen \"Det Gode Liv\"'"
check "history names the import" 0 "registry.import.commit" -- $sk association history "$aeblet"
check "import events are in the outbox" 0 "" -- $sk --json events tail --topic registry.import.committed
is "one import.committed event with the count" "d['body']['created'] == 3"
check "import Windows-1252 with ','" 0 "imported 2 associations" -- $sk import associations "$data/associations_1252.csv"
grep -q "Windows-1252 with separator ','" "$err" && echo "ok - the encoding is detected as Windows-1252" || echo "not ok - encoding not reported"
check "1252 letters arrive as UTF-8" 0 "" -- $sk --json search søstrene østerbro
is "æøå and 0x80-0x9F characters (€ „ “ – ’) converted exactly" "len(d) == 1 and d[0]['name'] == 'Søstrene på Østerbro'"
id1252=$(python3 -c "import json; print(json.load(open('$out'))[0]['id'])")
check "show the 1252 row" 0 "" -- $sk --json association show "$id1252"
is "the description with € and typographic quotes" "d['description'] == 'Kaffe, kage og snak – for 5 € „hver“ måned’'"
n=$(parties)
[ "$n" -eq $((before + 5)) ] && echo "ok - five parties were imported" || echo "not ok - parties $before -> $n, want +5"

before=$(parties)
check "bad rows: nothing is imported by default" 1 "nothing was imported: 6 of 8 rows are bad" -- \
    $sk import associations "$data/associations_bad.csv"
check "bad rows: the report as JSON" 1 "" -- $sk --json import associations "$data/associations_bad.csv"
is "every bad row is named with its column and reason" "[(e['row'], e['column']) for e in d['errors']] == [(3, 'has'), (4, 'members'), (5, 'name'), (6, ''), (7, 'email'), (8, '')]"
is "the reasons are clear" "'unknown competence term \"juggling\"' in d['errors'][0]['reason'] and 'not a whole number' in d['errors'][1]['reason'] and 'missing required value' in d['errors'][2]['reason'] and 'has 5 fields; the header has 4' in d['errors'][3]['reason'] and 'e-mail' in d['errors'][4]['reason'] and 'quote' in d['errors'][5]['reason']"
[ "$(parties)" -eq "$before" ] && echo "ok - no party of a file with bad rows was imported" || echo "not ok - a file with bad rows was half imported"
[ "$(staged)" -eq 0 ] && echo "ok - nothing is left staged" || echo "not ok - staged rows left behind"
check "bad rows: --dry-run reports and imports nothing" 1 "dry run: 2 of 8 rows are good" -- \
    $sk import associations "$data/associations_bad.csv" --dry-run
check "good file: --dry-run imports nothing" 0 "dry run: 2 of 2 rows are good" -- \
    $sk import companies "$data/companies_good.csv" --dry-run
[ "$(parties)" -eq "$before" ] && echo "ok - dry runs import nothing" || echo "not ok - a dry run imported"
check "bad rows: --good-rows imports the good ones" 1 "imported 2 associations; the bad rows were left out" -- \
    $sk import associations "$data/associations_bad.csv" --good-rows
[ "$(parties)" -eq $((before + 2)) ] && echo "ok - exactly the two good rows were imported" || echo "not ok - --good-rows count"

$sk company add --name "Kode og Kaffe ApS" --cvr 20000007 >/dev/null
before=$(parties)
check "companies: duplicate and registered CVR numbers" 1 "" -- $sk --json import companies "$data/companies_cvr.csv"
is "CVR errors per row" "[(e['row'], e['column']) for e in d['errors']] == [(4, 'cvr'), (5, 'cvr'), (6, 'cvr'), (7, 'cvr')]"
is "a duplicate names the earlier row" "'also in row 2' in d['errors'][0]['reason'] and 'already registered' in d['errors'][1]['reason'] and 'not a valid CVR' in d['errors'][2]['reason'] and 'missing required' in d['errors'][3]['reason']"
[ "$(parties)" -eq "$before" ] && echo "ok - no company of the file was imported" || echo "not ok - companies half imported"
check "companies: CVR written with DK- and spaces" 0 "imported 2 companies" -- $sk import companies "$data/companies_good.csv"
check "companies: importing the same file again is refused" 1 "already registered" -- $sk import companies "$data/companies_good.csv"
check "UTF-16 is refused with a hint" 1 "is UTF-16; save it as CSV in UTF-8" -- $sk import associations "$data/associations_utf16.csv"
check "an unknown column is the header's error" 1 'unknown column "colour"' -- $sk import associations "$data/associations_header.csv"
check "a file that does not exist" 1 "could not open file" -- $sk import associations /nonexistent.csv
check "institutions cannot be imported" 2 "unknown command" -- $sk import institutions "$data/associations_utf8.csv"
check "an auditor may not import" 1 "forbidden" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/auditor-0730.cert_secret" \
    $sk import associations "$data/associations_utf8.csv"
