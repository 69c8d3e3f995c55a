#!/usr/bin/env bash
# Spreadsheets into the registry and back (#16) through the CLI (tests/run.sh):
# likely duplicates, activities, and an exported file edited as a spreadsheet
# saves it and imported again updates the parties it names; term
# cells by Danish label or code, with a suggestion for an unknown one. Each
# check prints "ok - NAME" or "not ok - NAME: why".
. "$(dirname "$0")/lib.sh"
# The exported row of the association named $1, as JSON, in $out
row() {
    $sk export csv associations >"$tmp/all.csv" && python3 - "$1" "$tmp/all.csv" >"$out" <<'PY'
import csv, json, sys
rows = [r for r in csv.DictReader(open(sys.argv[2], encoding='utf-8-sig', newline=''), delimiter=';') if r['name'] == sys.argv[1]]
print(json.dumps(rows[0] if len(rows) == 1 else None))
PY
}

# --- Term cells: codes and Danish labels ------------------------------------------
printf 'navn;målgrupper;har\nSeniorklubben %s;Ældre|  UNGE ;IT-hjælp:3, lektiehjælp\nBørneklubben %s;aeldre;Lektiehjælp\nGammel Stil %s;youth , elderly;coaching-sport:1\n' $$ $$ $$ >"$tmp/labels.csv"
check "term cells by Danish label, case and blanks blind" 0 "imported 3 associations" -- $sk import associations "$tmp/labels.csv"
row "Seniorklubben $$"
is "labels are the terms they name, with levels" "d['serves'] == 'elderly:2|youth:2' and d['has'] == 'homework-help:2|it-help:3'"
row "Børneklubben $$"
is "ae for æ" "d['serves'] == 'elderly:2' and d['has'] == 'homework-help:2'"
row "Gammel Stil $$"
is "codes apart by a separator with blanks around it" "d['serves'] == 'elderly:2|youth:2' and d['has'] == 'coaching-sport:1'"
printf 'navn;målgrupper;har\nStavefejl %s;aeldr;\nUkendt %s;;jonglering\nNiveau %s;Ældre:7;\n' $$ $$ $$ >"$tmp/typo.csv"
check "an unknown term is refused" 1 "" -- $sk --json import associations "$tmp/typo.csv"
is "an unknown term gets the nearest as a suggestion" "[(e['row'], e['column']) for e in d['errors']] == [(2, 'serves'), (3, 'has'), (4, 'serves')] and d['errors'][0]['reason'] == 'unknown target_group term \"aeldr\" (did you mean \"Ældre\" (elderly)?)'"
is "none when nothing is near, and a label's level is checked" "d['errors'][1]['reason'] == 'unknown competence term \"jonglering\"' and d['errors'][2]['reason'] == 'level of \"Ældre\" must be 1, 2 or 3'"
# Only "|", "," and ";" separate terms: a label may hold blanks
printf 'navn;målgrupper\nMænd %s;Mænd langt fra arbejdsmarkedet:3|beboere i  udsatte boligomraader\nStavet %s;Mænd langt fra arbejdsmarked\nTo %s;Nytilkomne kvinder\n' $$ $$ $$ >"$tmp/blanks.csv"
check "labels with blanks in them, a misspelt one, two without a separator" 1 "" -- $sk --json import associations "$tmp/blanks.csv"
is "each cell one term: the misspelt label gets one suggestion, blanks are no separator" "[(e['row'], e['column'], e['reason']) for e in d['errors']] == [(3, 'serves', 'unknown target_group term \"Mænd langt fra arbejdsmarked\" (did you mean \"Mænd langt fra arbejdsmarkedet\" (men-far-from-work)?)'), (4, 'serves', 'unknown target_group term \"Nytilkomne kvinder\" (separate terms with \"|\", \",\" or \";\")')]"
check "a label with blanks in it imports" 1 "imported 1 association" -- $sk import associations "$tmp/blanks.csv" --good-rows
row "Mænd $$"
is "as the term it names, with its level" "d['serves'] == 'men-far-from-work:3|vulnerable-housing-areas:2'"
# A term of another taxonomy is told where it belongs
printf 'navn;har;aktiviteter\nForkert sted %s;Fodbold:2;\nOmvendt %s;;regnskab og økonomi\n' $$ $$ >"$tmp/place.csv"
check "an activity type among the competences, a competence among the activities" 1 "" -- $sk --json import associations "$tmp/place.csv"
is "each is told its column" "[(e['row'], e['column'], e['reason']) for e in d['errors']] == [(2, 'has', '\"Fodbold\" is an activity type (football), not a competence: it belongs in the activities column'), (3, 'activities', '\"regnskab og økonomi\" is a competence (accounting), not an activity type: it belongs in the has or needs column')]"

# --- Areas by id or by name -----------------------------------------------------
bolbro=$($sk --json area add "Bolbro $$" | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
$sk area add "Åbyen $$" >/dev/null && $sk area add "Aabyen $$" >/dev/null
printf 'navn;område\nI Bolbro %s;  bolbro %s\nPå id %s;%s\nStavet %s;Bolbor %s\nTvetydig %s;AABYEN %s\n' $$ $$ $$ "$bolbro" $$ $$ $$ $$ >"$tmp/areas.csv"
check "an area by name, by id, misspelt, and two areas of one name" 1 "" -- $sk --json import associations "$tmp/areas.csv"
is "the unknown and the ambiguous name refused for their rows" "[(e['row'], e['column']) for e in d['errors']] == [(4, 'area'), (5, 'area')] and __import__('re').fullmatch(r'area \"Bolbor $$\" is not an area of municipality \\d+ \\(did you mean \"Bolbro $$\"\\?\\)', d['errors'][0]['reason']) and __import__('re').fullmatch(r'area \"AABYEN $$\" is ambiguous in municipality \\d+: \"Åbyen $$\" \\(\\d+\\), \"Aabyen $$\" \\(\\d+\\); write the area.s id', d['errors'][1]['reason'])"
check "the good rows import" 1 "imported 2 associations" -- $sk import associations "$tmp/areas.csv" --good-rows
row "I Bolbro $$"
is "the name, case and blank blind, is the area's id" "d['area'] == '$bolbro'"

# --- Likely duplicates: a new row named as a party already registered -------------
printf 'navn;medlemmer\n  SENIOR klubben %s ;10\nBoerneklubben %s;5\nHelt Ny Klub %s;7\n' $$ $$ $$ >"$tmp/dup.csv"
senior=$(row "Seniorklubben $$" && json 'd["id"]')
check "a name already registered is refused" 1 "" -- $sk --json import associations "$tmp/dup.csv"
is "as a likely duplicate, case, blanks and æ/ae blind" "[(e['row'], e['column']) for e in d['errors']] == [(2, 'name'), (3, 'name')] and d['errors'][0]['reason'] == 'likely a duplicate of association $senior \"Seniorklubben $$\" (--allow-duplicates imports it anyway)' and 'Børneklubben $$' in d['errors'][1]['reason']"
check "nothing of the file was imported" 0 "null" -- row "Helt Ny Klub $$"
check "--allow-duplicates imports them" 0 "imported 3 associations" -- $sk import associations "$tmp/dup.csv" --allow-duplicates
# A valid CVR number of this run (weights 2,7,6,5,4,3,2,1; the sum divisible by 11)
cvr=$(python3 -c "
import sys
n = 40000000 + int(sys.argv[1]) * 10
while sum(int(c) * w for c, w in zip(str(n), (2, 7, 6, 5, 4, 3, 2, 1))) % 11:
    n += 1
print(n)" $$)
printf 'name;cvr\nSeniorklubben %s;%s\n' $$ "$cvr" >"$tmp/company.csv"
check "a company of the same name is no duplicate of an association" 0 "imported 1 company" -- \
    $sk import companies "$tmp/company.csv"

# --- Activities: a column of activity types, named or not ---------------------------
printf 'navn;medlemmer;aktiviteter\nRundtur %s;10;fodbold, Lektiecafé|Pigefodbold = football\nAnden Rundtur %s;20;\n' $$ $$ >"$tmp/rt.csv"
check "activity types by label or code, with a name or not" 0 "imported 2 associations" -- $sk import associations "$tmp/rt.csv"
row "Rundtur $$"
is "each its own activity, named by its type's label unless named" "d['activities'] == 'Fodbold=football|Lektiecafé=homework-cafe|Pigefodbold=football' and d['version'] == '1'"
rundtur=$(json 'd["id"]')
printf 'navn;aktiviteter\nForkert %s;fodbol\n' $$ >"$tmp/act_typo.csv"
check "an unknown activity type is refused" 1 "" -- $sk --json import associations "$tmp/act_typo.csv"
is "with the nearest as a suggestion" "d['errors'] == [{'row': 2, 'column': 'activities', 'reason': 'unknown activity_type term \"fodbol\" (did you mean \"Fodbold\" (football)?)'}]"

# --- Round trip: export, edit as a spreadsheet saves it, import again ---------------
# edit FILE ENCODING PYTHON: this run's rows of the export, changed by PYTHON
# (over rows, a list of dicts), saved as Excel saves: UTF-8 with a BOM and
# CRLF ("CSV UTF-8"), or Windows-1252 without one ("CSV (semikolon-separeret)")
edit() {
    $sk export csv associations >"$tmp/export.csv" && python3 - "$tmp/export.csv" "$1" "$2" "$$" "$3" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))
rows = [r for r in rows if r['name'] in ('Rundtur ' + sys.argv[4], 'Anden Rundtur ' + sys.argv[4])]
exec(sys.argv[5])
w = csv.DictWriter(open(sys.argv[2], 'w', encoding=sys.argv[3], newline=''), fieldnames=list(rows[0]),
                   delimiter=';', lineterminator='\r\n')
w.writeheader(); w.writerows(rows)
PY
}
$sk export csv associations | head -1 | grep -q "^.id;version;name;" && echo "ok - the export's first columns are id and version" || echo "not ok - no id and version columns"
edit "$tmp/edited.csv" utf-8-sig "rows[0]['members'] = '11'; rows.append(dict(rows[1], id='', version='', name='Ny Rundtur ' + sys.argv[4]))"
check "a dry run says what the file would do" 0 "dry run: 3 of 3 rows are good; 1 would create a new association, 2 would update existing ones (1 unchanged), 0 have a stale version; nothing was imported" -- $sk import associations "$tmp/edited.csv" --dry-run
check "the edited file imports: the new row creates, the others update" 0 "imported 1 association, updated 1 (1 unchanged)" -- $sk import associations "$tmp/edited.csv"
row "Rundtur $$"
is "the edit is applied, the version counts it, the activities stay" "d['id'] == '$rundtur' and d['members'] == '11' and d['version'] == '2' and d['activities'] == 'Fodbold=football|Lektiecafé=homework-cafe|Pigefodbold=football'"
row "Anden Rundtur $$"
is "an unchanged row changes nothing, not even the version" "d['version'] == '1'"
row "Ny Rundtur $$"
is "and no party was made twice" "d is not None and d['members'] == '20'"
check "the edit is in the party's history" 0 "" -- $sk --json association history "$rundtur"
is "as an update" "'updated' in json.dumps(d)"
# The same file again: its version 1 of Rundtur is stale now
python3 - "$tmp/edited.csv" "$tmp/stale.csv" <<'PY'
import sys
text = open(sys.argv[1], encoding='utf-8-sig', newline='').read()
open(sys.argv[2], 'w', encoding='utf-8-sig', newline='').write(text.replace(';11;', ';12;').replace('Ny Rundtur', 'Tredje Rundtur'))
PY
check "a stale version is refused" 1 "" -- $sk --json import associations "$tmp/stale.csv"
is "for its row, naming the current version" "d['errors'] == [{'row': 2, 'column': 'version', 'reason': 'version 1 of association $rundtur is stale; the current version is 2 (export again and make the change there)'}] and d['outcome'].startswith('nothing was imported: 1 of 3 rows is bad')"
check "a dry run counts the stale rows" 1 "dry run: 2 of 3 rows are good; 1 would create a new association, 1 would update an existing one (1 unchanged), 1 has a stale version; nothing was imported" -- $sk import associations "$tmp/stale.csv" --dry-run
check "--good-rows imports the rest" 1 "imported 1 association, updated 0 (1 unchanged); the bad row was left out" -- $sk import associations "$tmp/stale.csv" --good-rows
row "Rundtur $$"
is "the stale row changed nothing" "d['members'] == '11' and d['version'] == '2'"
# Windows-1252, activities edited: the ones kept keep their place
edit "$tmp/cp1252.csv" cp1252 "rows[0]['activities'] = 'Pigefodbold=football|kor'; rows[0]['description'] = 'Sang og bold, også for ældre'"
check "a Windows-1252 file updates too" 0 "updated 1 (1 unchanged)" -- $sk import associations "$tmp/cp1252.csv"
row "Rundtur $$"
is "with its activities replaced, and the text as written" "d['activities'] == 'Pigefodbold=football|Kor=choir' and d['description'] == 'Sang og bold, også for ældre' and d['version'] == '3'"
# Ids that are not the kind's, or not there; an id without a version
company=$($sk --json company list --limit 1 | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['id'])")
printf 'id;version;navn\n%s;1;Et firma\n999999999;1;Ingen\n%s;;Rundtur\n%s;3;Rundtur igen %s\n%s;3;Rundtur to gange %s\n' \
    "$company" "$rundtur" "$rundtur" $$ "$rundtur" $$ >"$tmp/ids.csv"
check "rows naming parties that cannot be updated are refused" 1 "" -- $sk --json import associations "$tmp/ids.csv"
is "each for its reason" "[(e['row'], e['column'], e['reason']) for e in d['errors']] == [(2, 'id', 'association $company does not exist'), (3, 'id', 'association 999999999 does not exist'), (4, 'version', 'missing the version party $rundtur was exported at'), (6, 'id', 'association $rundtur is also in row 5')]"
printf 'id;navn\n%s;Rundtur\n' "$rundtur" >"$tmp/noversion.csv"
check "an id column needs a version column" 1 'column "id" needs the column "version"' -- $sk import associations "$tmp/noversion.csv"
# A company's row keeps its own CVR number: no clash with itself
$sk export csv companies >"$tmp/companies.csv"
python3 - "$tmp/companies.csv" "$tmp/company_edit.csv" "Seniorklubben $$" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';') if r['name'] == sys.argv[3]]
rows[0]['employees'] = '12'
w = csv.DictWriter(open(sys.argv[2], 'w', encoding='utf-8-sig', newline=''), fieldnames=list(rows[0]), delimiter=';')
w.writeheader(); w.writerows(rows)
PY
check "a company updated from its exported row" 0 "imported 0 companies, updated 1 (0 unchanged)" -- $sk import companies "$tmp/company_edit.csv"
check "with the edit" 0 "" -- $sk --json company list
is "applied" "[(c['employees'], c['version']) for c in d if c['name'] == 'Seniorklubben $$'] == [(12, 2)]"

# --- The terms a file may use, activity types apart from competences ----------------
check "terms list" 0 "Activity types: what a party does (column activities)" -- $sk terms list
python3 - "$out" <<'PY' && echo "ok - each taxonomy under its heading: football among the activity types, not the competences" || echo "not ok - terms list by taxonomy"
import re, sys
text = open(sys.argv[1]).read()
parts = dict(re.findall(r"^([A-Z][a-z ]+): .*\n((?:.*\n)*?)\(\d+ rows?\)", text, re.M))
assert set(parts) == {"Competences", "Target groups", "Activity types", "Languages"}, list(parts)
assert re.search(r"^football ", parts["Activity types"], re.M) and not re.search(r"^football ", parts["Competences"], re.M)
assert re.search(r"^accounting ", parts["Competences"], re.M) and not re.search(r"^accounting ", parts["Activity types"], re.M)
PY
