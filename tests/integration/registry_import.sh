#!/usr/bin/env bash
# Spreadsheets into the registry (#16) through the CLI (tests/run.sh): term
# cells by Danish label or code, with a suggestion for an unknown one. Each
# check prints "ok - NAME" or "not ok - NAME: why".
. "$(dirname "$0")/lib.sh"
# The exported row of the association named $1, as JSON, in $out
row() {
    $sk export csv associations --ids >"$tmp/all.csv" && python3 - "$1" "$tmp/all.csv" >"$out" <<'PY'
import csv, json, sys
rows = [r for r in csv.DictReader(open(sys.argv[2], encoding='utf-8-sig', newline=''), delimiter=';') if r['name'] == sys.argv[1]]
print(json.dumps(rows[0] if len(rows) == 1 else None))
PY
}

# --- Term cells: codes and Danish labels ------------------------------------------
printf 'navn;målgrupper;har\nSeniorklubben %s;Ældre|  UNGE ;IT-hjælp:3, lektiehjælp\nBørneklubben %s;aeldre;Lektiehjælp\nGammel Stil %s;youth elderly;coaching-sport:1\n' $$ $$ $$ >"$tmp/labels.csv"
check "term cells by Danish label, case and blanks blind" 0 "imported 3 associations" -- $sk import associations "$tmp/labels.csv"
row "Seniorklubben $$"
is "labels are the terms they name, with levels" "d['serves'] == 'elderly:2|youth:2' and d['has'] == 'homework-help:2|it-help:3'"
row "Børneklubben $$"
is "ae for æ" "d['serves'] == 'elderly:2' and d['has'] == 'homework-help:2'"
row "Gammel Stil $$"
is "codes apart by blanks, as before" "d['serves'] == 'elderly:2|youth:2' and d['has'] == 'coaching-sport:1'"
printf 'navn;målgrupper;har\nStavefejl %s;aeldr;\nUkendt %s;;jonglering\nNiveau %s;Ældre:7;\n' $$ $$ $$ >"$tmp/typo.csv"
check "an unknown term is refused" 1 "" -- $sk --json import associations "$tmp/typo.csv"
is "an unknown term gets the nearest as a suggestion" "[(e['row'], e['column']) for e in d['errors']] == [(2, 'serves'), (3, 'has'), (4, 'serves')] and d['errors'][0]['reason'] == 'unknown target_group term \"aeldr\" (did you mean \"Ældre\" (elderly)?)'"
is "none when nothing is near, and a label's level is checked" "d['errors'][1]['reason'] == 'unknown competence term \"jonglering\"' and d['errors'][2]['reason'] == 'level of \"Ældre\" must be 1, 2 or 3'"

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
