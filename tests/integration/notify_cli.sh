#!/usr/bin/env bash
# The notify commands of the samskab CLI against the running stack.
. "$(dirname "$0")/lib.sh"

check "help lists the notify commands" 0 "samskab notify subscribe" -- $sk notify --help
check "subscribe in-app" 0 "inapp" -- $sk --json notify subscribe --recipient person:cli-anna \
    --channel inapp --topic registry.association.created --language da
sub=$(json 'd["id"]')
check "a webhook needs a secret" 1 "needs a secret" -- $sk notify subscribe --recipient x \
    --channel webhook --address http://127.0.0.1:1/
check "a party recipient names the party's id" 1 'recipient "association:B73" names no party' -- $sk notify subscribe \
    --recipient association:B73 --channel inapp --topic match.
check "an unknown channel is a usage error" 2 'takes "webhook", "email", "zmq" or "inapp", not "pigeon"' -- $sk notify subscribe \
    --recipient x --channel pigeon
check "subscribe to topics a,b and repeated" 0 "" -- $sk --json notify subscribe --recipient person:cli-topics \
    --channel inapp --topic vote.process.,match.proposal. --topic registry.story.
is "one subscription per topic, every value kept" "sorted(x['topic'] for x in d) == ['match.proposal.', 'registry.story.', 'vote.process.']"
check "subscriptions" 0 "person:cli-anna" -- $sk notify subscriptions --recipient person:cli-anna
check "a new association" 0 "" -- $sk association add --name "Notifikationsforeningen"
eventually "the inbox shows it, from the Danish template" "Ny forening: Notifikationsforeningen" -- \
    $sk notify inbox person:cli-anna
eventually "the delivery log shows the attempt" "in the inbox" -- $sk notify log
check "the outbox lists it delivered" 0 "delivered" -- $sk notify list --subscription "$sub"
check "no dead letters for it" 0 "" -- $sk --json notify dead --subscription "$sub"
if [ "$(json 'len(d)')" = 0 ]; then echo "ok - dead is empty"; else echo "not ok - dead is not empty"; fi
check "retry of an unknown delivery" 1 "delivery 999999999 does not exist" -- $sk notify retry 999999999
check "retry needs an id" 2 "needs an id" -- $sk notify retry abc
check "English from the preference" 0 "en" -- $sk notify prefer --recipient person:cli-anna --language en
check "another association" 0 "" -- $sk association add --name "Notification Club"
eventually "the inbox shows it in English" "New association: Notification Club" -- \
    $sk notify inbox person:cli-anna
check "opt out" 0 "opt_out" -- $sk notify prefer --recipient person:cli-anna --opt-out yes
check "a third association" 0 "" -- $sk association add --name "Stilleforeningen"
eventually "events tail reads notify's log" "Stilleforeningen" -- $sk events tail --topic registry.association.created
check "events tail as JSON carries the source's seq" 0 '"source_seq"' -- $sk --json events tail --topic registry.association
check "nothing reached the inbox after the opt-out" 0 "" -- $sk notify inbox person:cli-anna
if grep -q Stilleforeningen "$out"; then echo "not ok - opted out but notified"; else echo "ok - opt-out holds"; fi
check "unsubscribe" 0 "active             no" -- $sk notify unsubscribe "$sub"
check "an auditor may not subscribe" 1 "may not" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/auditor-0730.cert_secret" \
    $sk notify subscribe --recipient x --channel inapp
check "schedule a status meeting" 0 "meeting:9001:14d" -- $sk notify meeting --agreement 7 --meeting 9001 \
    --at 2030-03-01T10:00:00+01:00 --coordinator staff:cli-koordinator
check "its reminders (in Danish time)" 0 "2030-02-15 10:00" -- $sk notify reminders --key meeting:9001:
check "the day before (in Danish time)" 0 "2030-02-28 10:00" -- $sk notify reminders --key meeting:9001:1d
check "cancel the escalation" 0 "cancelled" -- $sk notify unremind meeting:9001:escalate
check "cancelling again is refused" 1 'no scheduled reminder "meeting:9001:escalate"' -- $sk notify unremind meeting:9001:escalate
check "a meeting time that is no time" 1 'is not a time' -- $sk notify meeting --agreement 7 --meeting 9002 --at "next tuesday"
check "digest with nothing held" 0 "sent               0" -- $sk notify digest
check "templates" 0 "Ny forening: {{name}}" -- $sk notify templates --topic registry.association
check "set a template" 0 "Velkommen til {{name}}" -- $sk notify template --topic registry.association.created \
    --language da --subject "Velkommen til {{name}}" --body "{{name}} er nu i samskab."
check "a staff member may not set templates" 1 "may not" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/staff-0730.cert_secret" \
    $sk notify template --topic x.y --language da --subject s --body b
check "subscribe again" 0 "inapp" -- $sk --json notify subscribe --recipient person:cli-bo --channel inapp --topic registry.association.created
check "a new association" 0 "" -- $sk association add --name "Skabelonforeningen"
eventually "the inbox uses the new template" "Velkommen til Skabelonforeningen" -- $sk notify inbox person:cli-bo

# A new municipality hears nothing until it subscribes (new-user trial):
# notify status says which essential topics reach no one, refuses (exit 1)
# until they are heard, and the reminder list counts who hears each
new="$sk --tenant 0813"
check "a new municipality's status is refused" 1 "7 of 7 essential topics reach no one in municipality 0813" -- $new notify status
check "it names each topic" 0 "" -- sh -c "$new --json notify status >'$out' || true"
is "no essential topic is heard, e-mail can go out" "d['missing'] == 7 and d['mail'] and all(e['heard_by'] == 0 for e in d['essentials']) and [e['topic'] for e in d['essentials']][:2] == ['match.meeting.reminder', 'match.meeting.escalated']"
check "and says what to subscribe" 1 "HINT: subscribe the staff who follow up, e.g. samskab notify subscribe" -- $new notify status
check "a status meeting in the new municipality" 0 "meeting:9101:14d" -- $new notify meeting --agreement 71 --meeting 9101 --at 2030-03-01T10:00:00+01:00
check "its reminders are heard by no one" 0 "" -- $new --json notify reminders --key meeting:9101:
is "heard_by 0" "len(d) == 3 and all(r['heard_by'] == 0 for r in d)"
check "the status counts them" 0 "" -- sh -c "$new --json notify status >'$out' || true"
is "3 reminders no one hears" "d['unheard_reminders'] == 3"
check "the staff subscribe to the status meetings only" 0 "" -- $new --json notify subscribe --recipient staff:koordinator --kind staff \
    --channel email --address koordinator@frederikshavn.dk --topic match.meeting.
check "the citizen budgets' reminders still reach no one" 1 "3 of 7 essential topics reach no one" -- $new notify status
check "and the budgets'" 0 "" -- $new --json notify subscribe --recipient staff:koordinator --kind staff \
    --channel email --address koordinator@frederikshavn.dk --topic vote.budget.
check "every essential topic is heard" 0 "scheduled reminders no one hears: 0" -- $new notify status
check "by e-mail" 0 "match.meeting.reminder  *1  *email" -- $new notify status
check "the reminders are heard now" 0 "" -- $new --json notify reminders --key meeting:9101:
is "heard_by 1" "all(r['heard_by'] == 1 for r in d)"
check "an opted-out recipient hears nothing" 0 "" -- $new notify prefer --recipient staff:koordinator --opt-out yes
check "so the topics reach no one again" 1 "7 of 7 essential topics" -- $new notify status
check "all municipalities at once is no status" 1 'name one, not "\*"' -- $sk --tenant '*' notify status
