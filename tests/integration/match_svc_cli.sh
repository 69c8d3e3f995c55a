#!/usr/bin/env bash
# samskab match|agreement|speeddate ... end to end against the running stack
# (tests/run.sh): suggestions with their reasons, a run and its proposals,
# decline and accept, an agreement from the accepted proposal with status
# meetings, minutes and actions, and a speed-dating evening with a personal
# schedule written as an RFC 5545 calendar checked by an independent reader.
. "$(dirname "$0")/lib.sh"
# Rebild (0840), which no other suite uses: a run over the municipality
# sees only the parties made here, whatever ran before
sk="$sk --tenant 0840"

# Parties in the registry; the match service copies them from its events
$sk area add "Støvring $$" >"$out" 2>"$err" || { echo "not ok - add an area"; cat "$err"; }
$sk --json company add --name "Revisorhuset CLI" --cvr 41700017 --has accounting:3 --csr-capacity 1 --area "Støvring $$" >"$out" 2>"$err" || { echo "not ok - add a company"; cat "$err"; }
company=$(json 'd["id"]')
$sk --json association add --name "Ungdomsklubben CLI" --needs accounting:3 --serves youth --area "Støvring $$" >"$out" 2>"$err" || echo "not ok - add an association"
assoc=$(json 'd["id"]')
$sk --json association add --name "Boldklubben CLI" --needs accounting --serves youth >"$out" 2>"$err" || echo "not ok - add an association"
assoc2=$(json 'd["id"]')

# Wait for the copy to reach the registry
for _ in $(seq 1 100); do
    $sk --json match suggest --for "$company" >"$out" 2>/dev/null &&
        [ "$(json 'len(d["items"])')" -ge 2 ] && break
    sleep 0.1
done
check "suggest lists partners with reasons" 0 "has it (level 3)" -- $sk match suggest --for "$company"
grep -q "accounting: Revisorhuset CLI ($company) has it (level 3), Ungdomsklubben CLI ($assoc) needs it" "$out" &&
    echo "ok - an explanation names the parties" || { echo "not ok - the explanation's parties"; sed 's/^/#   /' "$out"; }
grep -q "same area (Støvring $$)" "$out" &&
    echo "ok - an explanation names the area" || { echo "not ok - the explanation's area"; sed 's/^/#   /' "$out"; }
check "suggest names the better partner first" 0 "" -- $sk --json match suggest --for "$company"
[ "$(json 'd["items"][0]["id"]')" = "$assoc" ] && echo "ok - the association needing accounting at level 3 comes first" ||
    echo "not ok - first suggestion is $(json 'd["items"][0]["id"]'), want $assoc"
check "suggest needs --for" 2 "--for" -- $sk match suggest
check "unknown kind of run is a usage error" 2 "argument KIND takes" -- $sk match run friends

check "run company-association" 0 "" -- $sk match run company-association
grep -qE '^run [0-9]+ of company-association: 1 proposal from [0-9]+ candidate pairs?, total score [0-9]+$' "$out" &&
    echo "ok - one proposal for a company with room for one" || { echo "not ok - the run's summary"; sed 's/^/#   /' "$out"; }
grep -qx "left out:" "$out" && grep -qx "  1 candidate pair that lost to better ones (not_chosen)" "$out" &&
    echo "ok - the run says why it left the other association out" || { echo "not ok - the run's reasons"; sed 's/^/#   /' "$out"; }
proposal=$(sed -n 's/^  proposal \([0-9]*\): .*/\1/p' "$out")
right=$(sed -n 's/^  proposal [0-9]*: [0-9]* .* + \([0-9]*\) .*, score [0-9]*$/\1/p' "$out")
grep -qE "^  proposal $proposal: $company Revisorhuset CLI \+ $right [^,]+, score [0-9]+$" "$out" &&
    echo "ok - the run prints its proposal with both parties by name and the score" || { echo "not ok - the run's proposal lines"; sed 's/^/#   /' "$out"; }
check "proposals list" 0 "Revisorhuset CLI" -- $sk match proposals --state proposed
check "proposal with explanation" 0 "accounting" -- $sk match proposal "$proposal"
grep -q "^explanation  " "$out" && { echo "not ok - the explanation is printed raw as a field"; grep "^explanation" "$out" | sed 's/^/#   /'; } ||
    echo "ok - the explanation is printed in words only"
check "decline for one side" 0 "declined" -- $sk match decline "$proposal" --party "$right" --reason "ikke nu"
check "staff see the decline's reason" 0 "ikke nu" -- $sk match proposal "$proposal"
check "and who declined" 0 "" -- $sk --json match proposals --state declined
is "the declined proposal lists its side and reason" "[(p['declined_by'], p['decline_reason']) for p in d if p['id'] == $proposal] == [($right, 'ikke nu')]"
check "the declined pair is not proposed again" 0 "" -- $sk --json match run company-association
is "the run counts the declined pair" "d['left_out']['declined'] == 1 and d['left_out']['no_room'] == 0"
other=$(json 'd["items"][0]["right"] if d["items"] else 0')
if [ "$other" != "$right" ] && [ "$other" != 0 ]; then echo "ok - the run proposes the other association"; else echo "not ok - run proposed $other"; fi
proposal=$(json 'd["items"][0]["id"]')
check "accept for the company" 0 "accepted_by_left" -- $sk match accept "$proposal" --party "$company"
check "accept for the association" 0 "agreement" -- $sk --json match accept "$proposal" --party "$other"
agreement=$(json 'd["agreement"]')

check "the draft agreement" 0 "draft" -- $sk agreement show "$agreement"
check "update the agreement" 0 "" -- $sk agreement update "$agreement" --version 1 --start 2023-11-30 --end 2024-12-31 --cadence quarterly --purpose "regnskabshjælp" --shortfall "frivilligcentret hjælper"
check "version 1 again: stale, naming the current one" 1 "version 1 of agreement $agreement is stale; the current version is 2" -- $sk agreement update "$agreement" --version 1 --purpose "igen"
check "an agreement that is not there" 1 "agreement 999999 does not exist" -- $sk agreement update 999999 --version 1 --purpose "igen"
check "activate" 0 "active" -- $sk agreement status "$agreement" active
check "meetings from the cadence" 0 "2024-02-29" -- $sk agreement meeting "$agreement"
check "four meetings" 0 "" -- $sk --json agreement meeting "$agreement"
[ "$(json '",".join(m["due_on"] for m in d)')" = "2024-02-29,2024-05-30,2024-08-30,2024-12-02" ] &&
    echo "ok - quarterly meetings clamp to 29 February, Saturday 30 November moves to Monday" || echo "not ok - meetings $(json '[m["due_on"] for m in d]')"
meeting=$(json 'd[0]["id"]')
future=$(TZ=Europe/Copenhagen date -d '+2 days' +%F)
check "minutes of a meeting held on a day to come are refused" 1 "a meeting is recorded once held: $future is after today" -- \
    $sk agreement minutes "$meeting" --how "godt" --held-on "$future"
check "minutes" 0 "held_on" -- $sk agreement minutes "$meeting" --how "godt" --improved "bogføringen" --challenges "tid" --next-goal "årsregnskab"
check "agreement show shows the minutes" 0 "next goal    årsregnskab" -- $sk agreement show "$agreement"
grep -q "^minutes of status meeting 1, held " "$out" && grep -q "how it goes  godt" "$out" && echo "ok - the minutes under their meeting" || echo "not ok - agreement show's minutes"
check "action" 0 "" -- $sk --json agreement action "$agreement" --what "send bilag" --owner "kassereren" --due 2024-03-15 --meeting "$meeting"
action=$(json 'd["id"]')
check "agreement show shows the actions" 0 "^actions:$" -- $sk agreement show "$agreement"
sed -n '/^actions:$/,$p' "$out" | grep -qE "^$action +$agreement +$meeting +send bilag +kassereren +2024-03-15 " &&
    echo "ok - the action under actions, with its owner and due date" || { echo "not ok - agreement show's actions"; sed 's/^/#   /' "$out"; }
check "action done" 0 "" -- $sk agreement done "$action"
check "no open actions" 0 "" -- $sk --json agreement actions "$agreement" --open
[ "$(json 'len(d)')" = 0 ] && echo "ok - the action is done" || echo "not ok - open actions left"
check "list agreements" 0 "Revisorhuset CLI" -- $sk agreement list --status active
check "a bad cadence is a usage error" 2 'option "--cadence" takes "monthly", "quarterly", "half_yearly" or "yearly"' -- $sk agreement add --title x --party "$company:virksomhed" --cadence weekly

# Follow-up that runs itself (#16): monthly at 10:00 Danish time, the
# reminders in notify as soon as the agreement is active
check "a monthly agreement" 0 "" -- $sk --json agreement add --title "Månedligt møde CLI" --party "$company:virksomhed" --party "$assoc2:forening" --start 2027-01-05 --end 2027-06-30 --cadence monthly --meeting-time 10:00
monthly=$(json 'd["id"]')
check "activate it" 0 "active" -- $sk agreement status "$monthly" active
check "its meetings" 0 "" -- $sk --json agreement meeting "$monthly"
is "five meetings at 10:00 Danish time, winter and summer, Saturday 5 June to Monday" "[m['at'] for m in d] == ['2027-02-05T09:00:00Z', '2027-03-05T09:00:00Z', '2027-04-05T08:00:00Z', '2027-05-05T08:00:00Z', '2027-06-07T08:00:00Z']"
april=$(json 'd[2]["id"]')
check "the meetings print in Danish time" 0 "2027-04-05 10:00" -- $sk agreement meeting "$monthly"
reminders() { # reminders KEY-PREFIX N STATUS: wait until N reminders of that status
    for _ in $(seq 1 100); do
        $sk --json notify reminders --key "$1" >"$out" 2>/dev/null && [ "$(json "len([r for r in d if r['status'] == '$3'])")" = "$2" ] && return
        sleep 0.1
    done
}
reminders "meeting:$april:" 3 scheduled
check "the reminders are listed at once, in Danish time" 0 "meeting:$april:14d .*2027-03-22 10:00" -- $sk notify reminders --key "meeting:$april:"
check "the day before" 0 "meeting:$april:1d .*2027-04-04 10:00" -- $sk notify reminders --key "meeting:$april:"
check "the escalation a week after" 0 "meeting:$april:escalate .*2027-04-12 10:00" -- $sk notify reminders --key "meeting:$april:"
check "a meeting time that is no time" 1 'meeting_time must be a time of day HH:MM' -- $sk agreement update "$monthly" --version 2 --meeting-time 10.00
check "quarterly at 14:00 instead" 0 "" -- $sk agreement update "$monthly" --version 2 --cadence quarterly --meeting-time 14:00
check "the meetings move" 0 "2027-04-05 14:00" -- $sk agreement meeting "$monthly"
reminders "meeting:$april:" 3 cancelled
is "the old meeting's reminders are cancelled" "len(d) == 3 and all(r['status'] == 'cancelled' for r in d)"
# New dates move the meetings ahead and their reminders as well
check "the quarterly meetings" 0 "" -- $sk --json agreement meeting "$monthly"
is "one quarterly meeting at 14:00 before the end, 30 June" "[m['at'] for m in d if m['state'] != 'cancelled'] == ['2027-04-05T12:00:00Z']"
quarter=$(json "[m['id'] for m in d if m['at'] == '2027-04-05T12:00:00Z'][0]")
reminders "meeting:$quarter:" 3 scheduled
check "staff hear the meetings in their inbox" 0 "" -- $sk notify subscribe --recipient "staff:meetings-$$" --kind staff --channel inapp --topic match.meeting.
check "start 1 February, end 30 September" 0 "" -- $sk agreement update "$monthly" --version 3 --start 2027-02-01 --end 2027-09-30
inbox_has() { # TEXT: staff:meetings' inbox holds TEXT (its last column, whole)
    local got
    got=$($sk notify inbox "staff:meetings-$$") && echo "$got" && grep -qF "$1" <<<"$got"
}
eventually "the cancelled meeting's mail names the agreement and its Danish time" "" -- inbox_has 'om aftalen "Månedligt møde CLI" (aftale '"$monthly"') den 5. april 2027 kl. 14.00 er aflyst'
eventually "the new meetings in one mail" "" -- inbox_has 'Statusmøder planlagt: Månedligt møde CLI'
check "the inbox" 0 "" -- $sk --json notify inbox "staff:meetings-$$"
is "the schedule lists the meetings, one line each" "'Der er planlagt 2 statusmøder om aftalen \"Månedligt møde CLI\" (aftale $monthly):\\n- 3. maj 2027 kl. 14.00\\n- 2. august 2027 kl. 14.00' in [m for m in d if m['topic'] == 'match.meeting.schedule'][0]['text']"
check "not one mail per meeting" 1 "" -- inbox_has "Statusmøde planlagt"
check "the meetings follow the dates" 0 "" -- $sk --json agreement meeting "$monthly"
is "quarterly from 1 February to 30 September at 14:00, Saturday and Sunday to Monday" "[m['at'] for m in d if m['state'] != 'cancelled'] == ['2027-05-03T12:00:00Z', '2027-08-02T12:00:00Z']"
may=$(json "[m['id'] for m in d if m['at'] == '2027-05-03T12:00:00Z'][0]")
reminders "meeting:$quarter:" 3 cancelled
is "the moved meeting's reminders are cancelled" "len(d) == 3 and all(r['status'] == 'cancelled' for r in d)"
reminders "meeting:$may:" 3 scheduled
check "the new meeting's reminders, in Danish time" 0 "meeting:$may:14d .*2027-04-19 14:00" -- $sk notify reminders --key "meeting:$may:"
check "its day before" 0 "meeting:$may:1d .*2027-05-02 14:00" -- $sk notify reminders --key "meeting:$may:"
check "its escalation" 0 "meeting:$may:escalate .*2027-05-10 14:00" -- $sk notify reminders --key "meeting:$may:"

# An agreement from the past made active: its meetings scheduled in one go
# are one mail (the schedule), and those already past are no news for the
# sweep (a new-user trial got 11 "Statusmøde planlagt" and 2 "Manglende
# referat" mails at once)
check "an agreement since September" 0 "" -- $sk --json agreement add --title "Bagud CLI $$" --party "$company:virksomhed" --party "$assoc2:forening" --start 2026-09-01 --cadence monthly --meeting-time 10:00
behind=$(json 'd["id"]')
check "made active" 0 "active" -- $sk agreement status "$behind" active
check "the sweep runs" 0 "" -- $sk match sweep
eventually "one mail lists its meetings, the past apart" "" -- inbox_has 'Statusmøder planlagt: Bagud CLI'
check "the schedule is one mail" 0 "" -- $sk --json notify inbox "staff:meetings-$$"
is "one schedule mail, none per meeting, no overdue for the past meetings" "len([m for m in d if 'Bagud CLI' in m['subject']]) == 1 and not [m for m in d if 'Bagud CLI' in m['subject'] and m['topic'] in ('match.meeting.scheduled', 'match.meeting.overdue')]"
check "its meetings" 0 "" -- $sk --json agreement meeting "$behind"
last_past=$(json 'd[2]["id"]')
check "a meeting past when scheduled has no reminders, no escalation" 0 "" -- $sk --json notify reminders --key "meeting:$last_past:"
is "none for it" "d == []"
check "the inbox again" 0 "" -- $sk --json notify inbox "staff:meetings-$$"
is "the past meetings are named as past" "[m for m in d if m['topic'] == 'match.meeting.schedule' and 'Bagud' in m['subject']][0]['text'].count('\\n- 1. oktober 2026 kl. 10.00') == 1 and 'Heraf lå 3 før' in [m for m in d if m['topic'] == 'match.meeting.schedule' and 'Bagud' in m['subject']][0]['text']"

# Speed dating: two associations, one company, two rounds at one table
check "create an event" 0 "" -- $sk --json speeddate create --name "CSR-aften, Randers" --starts-at 2026-12-03T17:00:00Z --rounds 2 --tables 1 --minutes 12 --pause 3 --location "Rådhuset; sal 2"
event=$(json 'd["id"]')
for p in "$company" "$assoc" "$assoc2"; do $sk speeddate join "$event" "$p" >/dev/null || echo "not ok - join $p"; done
check "interest" 0 "" -- $sk speeddate interest "$event" "$assoc" "$company" --weight 3
check "interest back" 0 "" -- $sk speeddate interest "$event" "$assoc2" "$company"
check "plan the event" 0 "meetings" -- $sk speeddate plan-event "$event"
check "printable schedule" 0 "round 2" -- $sk speeddate schedule "$event" --party "$company"
check "calendar file" 0 "wrote 2 meetings" -- $sk speeddate schedule "$event" --party "$company" --ics "$tmp/aften.ics"
python3 - "$tmp/aften.ics" <<'PY' && echo "ok - the .ics is RFC 5545: CRLF, folded, UID, DTSTAMP, UTC times" || echo "not ok - the .ics file"
import os, sys
sys.dont_write_bytecode = True
sys.path.insert(0, os.environ["SAMSKAB_TOP"] + "/tests/integration")
import ics_check
events = ics_check.read(sys.argv[1])
assert len(events) == 2, events
for fields in events:
    assert fields["LOCATION"] == "Rådhuset\\; sal 2", fields["LOCATION"]
assert len(set(f["UID"] for f in events)) == 2
starts = [(f["DTSTART"], f["DTEND"]) for f in events]
assert sorted(starts) == [("20261203T170000Z", "20261203T171200Z"), ("20261203T171500Z", "20261203T172700Z")], starts
PY
check "ics needs a party" 2 "--party" -- $sk speeddate schedule "$event" --ics "$tmp/x.ics"
check "the offline planner keeps its name" 2 "" -- $sk speeddate plan "$tmp/missing.json"
check "the schedule is in Danish time" 0 "round 1  2026-12-03 18:00 - 2026-12-03 18:12" -- $sk speeddate schedule "$event" --party "$company"
check "the personal schedule names the party" 0 "^schedule of $company Revisorhuset CLI:" -- $sk speeddate schedule "$event" --party "$company"
check "speeddate list" 0 "2026-12-03 18:00  CSR-aften, Randers, 2 rounds at 1 tables of 12 minutes, Rådhuset; sal 2, planned" -- $sk speeddate list
check "speeddate list as JSON" 0 "" -- $sk --json speeddate list --limit 1000
is "speeddate list has the event, in UTC" "[e['starts_at'] for e in d if e['id'] == $event] == ['2026-12-03T17:00:00Z']"

# Local time (#16): a time without a zone is Danish time, across the clock changes
for pair in "2027-02-04T17:00:00 2027-02-04T16:00:00Z winter" "2027-03-27T17:00 2027-03-27T16:00:00Z the-day-before-summer-time" \
            "2027-03-28T17:00 2027-03-28T15:00:00Z the-first-summer-day" "2027-10-30T17:00 2027-10-30T15:00:00Z the-last-summer-day" \
            "2027-10-31T17:00 2027-10-31T16:00:00Z the-first-winter-day" "2027-07-01T17:00:00+02:00 2027-07-01T15:00:00Z an-offset-given"; do
    set -- $pair
    check "--starts-at $1 ($3)" 0 "" -- $sk --json speeddate create --name "Aften $3" --starts-at "$1" --rounds 1 --tables 1 --minutes 10
    is "$1 without a zone is Danish time: $2" "d['starts_at'] == '$2'"
done
check "a summer evening" 0 "" -- $sk --json speeddate create --name "Sommeraften" --starts-at 2027-03-28T17:00 --rounds 1 --tables 1 --minutes 10 --location "$(printf 'Rådhuset\r\nsal 2')"
summer=$(json 'd["id"]')
for p in "$company" "$assoc"; do $sk speeddate join "$summer" "$p" >/dev/null || echo "not ok - join $p"; done
$sk speeddate interest "$summer" "$assoc" "$company" >/dev/null || echo "not ok - interest at the summer evening"
check "plan the summer evening" 0 "meetings" -- $sk speeddate plan-event "$summer"
check "its schedule in summer time" 0 "round 1  2027-03-28 17:00 - 2027-03-28 17:10" -- $sk speeddate schedule "$summer" --party "$company"
check "its calendar" 0 "wrote 1 meetings" -- $sk speeddate schedule "$summer" --party "$company" --ics "$tmp/sommer.ics"
python3 - "$tmp/sommer.ics" <<'PY' && echo "ok - the .ics has the summer instant and escapes CR" || echo "not ok - the summer .ics"
import sys
text = open(sys.argv[1], "rb").read().decode().replace("\r\n ", "").split("\r\n")
fields = dict(l.split(":", 1) for l in text if ":" in l and not l.startswith(("BEGIN", "END")))
assert fields["DTSTART"] == "20270328T150000Z", fields["DTSTART"]
assert fields["DTEND"] == "20270328T151000Z", fields["DTEND"]
assert fields["LOCATION"] == "Rådhuset\\nsal 2", fields["LOCATION"]
PY
check "an event name with a control character is refused" 1 "without control characters" -- $sk speeddate create --name "$(printf 'Aften\a')" --starts-at 2027-02-04T17:00 --rounds 1 --tables 1 --minutes 10
check "a party name with a line break is refused" 1 "without control characters" -- $sk association add --name "$(printf 'To\nlinjer')"

# Volunteers by name (#16): match keeps no person's name, so staff's views
# take it from the registry (one registry.party.names call), and after an
# erasure there is no name to take
$sk --json volunteer add --name "Vera Frivillig $$" --consent yes --has it-help:3 >"$out" 2>"$err" || echo "not ok - add a volunteer"
vera=$(json 'd["id"]')
$sk --json institution add --name "Rebild Skole CLI" --institution-type school --needs it-help:3 >"$out" 2>"$err" || echo "not ok - add a school"
school=$(json 'd["id"]')
for _ in $(seq 1 100); do
    $sk --json match suggest --for "$school" --kind volunteer-institution >"$out" 2>/dev/null &&
        [ "$(json "any(c['id'] == $vera for c in d['items'])")" = True ] && break
    sleep 0.1
done
check "suggest names the volunteer" 0 "^  $vera Vera Frivillig $$ (volunteer, volunteer-institution): score [0-9]*$" -- \
    $sk match suggest --for "$school" --kind volunteer-institution
check "a volunteer's suggestions name her" 0 "^partners for volunteer $vera Vera Frivillig $$ (room for 1 more):$" -- \
    $sk match suggest --for "$vera" --kind volunteer-institution
grep -q "it-help: Vera Frivillig $$ ($vera) has it (level 3), Rebild Skole CLI ($school) needs it" "$out" &&
    echo "ok - the explanation names the volunteer" || { echo "not ok - the explanation's volunteer"; sed 's/^/#   /' "$out"; }
check "run volunteer-institution" 0 "" -- $sk match run volunteer-institution
vproposal=$(sed -n 's/^  proposal \([0-9]*\): .*/\1/p' "$out")
grep -qE "^  proposal $vproposal: $vera Vera Frivillig $$ \+ $school Rebild Skole CLI, score [0-9]+$" "$out" &&
    echo "ok - the run prints the volunteer's proposal with her name" || { echo "not ok - the run's volunteer line"; sed 's/^/#   /' "$out"; }
check "the proposals list names the volunteer" 0 "^$vproposal  *volunteer-institution  *$vera  *Vera Frivillig $$  *$school  *Rebild Skole CLI " -- \
    $sk match proposals --party "$vera"
check "a proposal names the volunteer" 0 "^left_name  *Vera Frivillig $$$" -- $sk match proposal "$vproposal"
check "--json is match's reply as it is" 0 "" -- $sk --json match proposals --party "$vera"
is "the reply itself holds no volunteer's name" "[p['left_name'] for p in d] == [None]"
check "erase the volunteer" 0 "" -- $sk person erase "$vera" --yes
for _ in $(seq 1 100); do
    $sk --json match proposals --party "$vera" >"$out" 2>/dev/null && [ "$(json "d[0]['state']")" = expired ] && break
    sleep 0.1
done
check "after the erasure the proposal is listed" 0 "^$vproposal .* expired " -- $sk match proposals --party "$vera"
grep -q "Vera" "$out" && { echo "not ok - the erased volunteer's name is listed"; sed 's/^/#   /' "$out"; } ||
    echo "ok - after the erasure the list shows no name"
check "nor the run's proposal" 0 "" -- $sk match proposal "$vproposal"
grep -q "Vera" "$out" && echo "not ok - the erased volunteer's name in her proposal" || echo "ok - nor her proposal"

# Availability is a hard filter: a mentor free on Tuesday and Thursday
# evenings is not offered a citizen who can only at weekend mornings
$sk --json volunteer add --name "Mentor CLI" --consent yes --has homework-help:3 --speaks so \
    --availability "Tirsdag og torsdag aften" >"$out" 2>"$err" || echo "not ok - add a volunteer"
mentor=$(json 'd["id"]')
check "a citizen free at weekend mornings" 0 "" -- $sk --json match citizen --ref "sag-cli-weekend" \
    --needs homework-help:3 --speaks so --availability "Weekend, om formiddagen"
weekend=$(json 'd["id"]')
check "a citizen free on weekday evenings" 0 "" -- $sk --json match citizen --ref "sag-cli-evening" \
    --needs homework-help:3 --speaks so --availability "Hverdage efter kl. 17 (aftener)"
evening=$(json 'd["id"]')
for _ in $(seq 1 100); do
    $sk --json match suggest --for "$mentor" --kind volunteer-citizen >"$out" 2>/dev/null && break
    sleep 0.1
done
check "suggest for the mentor" 0 "" -- $sk --json match suggest --for "$mentor" --kind volunteer-citizen
is "the citizen free when the mentor is, is suggested" "any(c['id'] == $evening for c in d['items'])"
is "the citizen free only when the mentor is not, is not" "not any(c['id'] == $weekend for c in d['items'])"
$sk match forget "$weekend" >/dev/null; $sk match forget "$evening" >/dev/null

# A citizen who wants a mentor: a case reference, no name; forgotten on request
check "register a citizen" 0 "" -- $sk --json match citizen --ref "sag-cli-1" --needs homework-help:3,danish-language --speaks so,da
citizen=$(json 'd["id"]')
check "citizens" 0 "sag-cli-1" -- $sk match citizens
$sk --json match citizen --ref "sag-cli-1b" --needs homework-help:3 --needs danish-language --speaks so --speaks da >"$out" 2>"$err" || echo "not ok - a citizen with repeated list options"
repeated=$(json 'd["id"]')
$sk --json match citizens >"$out"
forms=$(json '[(c["needs"], c["speaks"]) for c in d if c["id"] in ('"$citizen,$repeated"')]')
if python3 -c "import sys; f = $forms; sys.exit(not (len(f) == 2 and f[0] == f[1] and 'danish-language' in str(f[0][0]) and 'da' in str(f[0][1])))"; then
    echo "ok - --needs a,b --speaks c,d is --needs a --needs b --speaks c --speaks d"; else echo "not ok - list forms differ: $forms"; fi
$sk match forget "$repeated" >/dev/null
check "a citizen needs --needs" 2 'option "--needs" is required' -- $sk match citizen --ref "sag-cli-3"
check "accept takes no --reason (the protocol has none)" 2 'unknown option "--reason"' -- $sk match accept 1 --party 2 --reason x
check "forget the citizen" 0 "" -- $sk match forget "$citizen"
check "forgotten" 0 "" -- $sk --json match citizens
[ "$(json 'any(c["id"] == '"$citizen"' for c in d)')" = False ] && echo "ok - the citizen is gone" || echo "not ok - the citizen is still listed"

# Proposal mails (new-user trial): an association subscribed to match. as
# the README says hears only the proposals it is a side of, in Danish, with
# both names and the link to answer on the web; staff hear every one
notify_to_sink
web=$("$SAMSKAB_TOP/deploy/local/stack.sh" web-url "$SAMSKAB_VAR"); web=${web%/}
for spec in "Regnskabsforeningen $$|--has|accounting:3" "Lektiecafeen $$|--has|homework-help:3" "Sprogcafeen $$|--needs|homework-help:3"; do
    IFS='|' read -r name flag term <<<"$spec"
    $sk --json association add --name "$name" "$flag" "$term" --serves youth >"$out" 2>"$err" || { echo "not ok - add $name"; cat "$err"; }
    last=$(json 'd["id"]')
    [ "$flag" = --has ] && [ "$term" = accounting:3 ] && books=$last
done
for _ in $(seq 1 100); do
    $sk --json match suggest --for "$last" >"$out" 2>/dev/null && [ "$(json 'len(d["items"])')" -ge 1 ] && break
    sleep 0.1
done
address="regnskab.$$@forening.dk"
check "an association subscribes to its proposals" 0 "" -- $sk --json notify subscribe --recipient "association:$books" --kind association \
    --channel email --address "$address" --topic match.
books_sub=$(json 'd["id"]')
check "staff subscribe to every proposal" 0 "" -- $sk notify subscribe --recipient "staff:match-$$" --kind staff --channel inapp --topic match.proposal.created
check "run association-association" 0 "" -- $sk --json match run association-association
is "more than one proposal, one of them with the subscribed association" "d['count'] >= 2 and sum($books in (p['left'], p['right']) for p in d['items']) == 1"
proposals=$(json 'd["count"]')
eventually "staff hear every proposal of the run" "" -- sh -c "$sk --json notify inbox staff:match-$$ >'$out' && [ \"\$(python3 -c \"import json; print(len(json.load(open('$out'))))\")\" = $proposals ]"
check "the association's deliveries" 0 "" -- $sk --json notify list --subscription "$books_sub"
is "the association hears only its own proposal" "len(d) == 1"
for _ in $(seq 1 100); do grep -ql "^To: <$address>" "$mail"/*.eml 2>/dev/null && break; sleep 0.1; done
python3 - "$mail" "$address" "Regnskabsforeningen $$" "$web" <<'PY' >"$out" 2>&1
import email, email.policy, glob, re, sys
folder, address, name, web = sys.argv[1:]
mails = [m for m in (email.message_from_binary_file(open(p, "rb"), policy=email.policy.default)
                     for p in sorted(glob.glob(folder + "/*.eml"))) if address in str(m["To"])]
assert len(mails) == 1, "%d mails to %s" % (len(mails), address)
subject, text = str(mails[0]["Subject"]), mails[0].get_content()
print(subject); print(text)
assert subject.startswith("Nyt matchforslag: ") and name in subject, subject
assert re.search(r"mellem .*%s.* og |mellem .* og .*%s" % (name, name), text), "both names"
assert web + "/party/proposals" in text, "the link"
assert text.startswith("Hej\n"), "a greeting"
assert "logger jer ind" in text and "e-mailadresse" in text, "how to log in"
assert re.search(r"gælder til \d{1,2}\. [a-zæøå]+ \d{4} kl\. \d\d\.\d\d\.", text), "the time in Danish"
PY
if [ $? = 0 ]; then echo "ok - one mail, in Danish, greeting, naming both associations, saying how to log in, with the web link and a Danish time"
else echo "not ok - the proposal mail"; sed 's/^/#   /' "$out"; fi
