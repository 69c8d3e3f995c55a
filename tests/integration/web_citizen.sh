#!/usr/bin/env bash
# samskab-web's citizen pages over HTTP (curl) against the running stack:
# a whole vote in each ballot type (knapsack, cumulative, ranked; approval
# is web_http.sh's) with codes issued by the CLI; the knapsack's budget and
# minimum share explained; an over-budget, an under-share, an over-points
# and a twice-placed ballot each refused on the page with the choices kept
# and no code used (the CLI's batches); each ballot as counted after the
# close (the CLI's receipt); the live counter's script served.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
jar=$tmp/jar

# budget NAME CLI-OPTIONS...: a budget in voting with three projects of
# the costs in $costs and two codes; sets bid, pids, codes, vurl, csrf
budget() {
    local name=$1; shift
    check "a $name budget" 0 '"id"' -- $sk --json budget create --name "Web $name $$" "$@"
    bid=$(json 'd["id"]')
    local i=0
    for c in $costs; do
        i=$((i + 1))
        $sk budget project "$bid" --title "Projekt $i" --cost "$c" >/dev/null
    done
    pids=($($sk --json budget projects "$bid" | python3 -c "import json,sys; print(' '.join(str(p['id']) for p in json.load(sys.stdin)))"))
    check "$name: open voting" 0 "voting" -- $sk budget phase "$bid" voting
    check "$name: codes" 0 "wrote 2 codes" -- $sk budget codes "$bid" --count 2 --csv "$tmp/codes.csv"
    codes=($(tail -n +2 "$tmp/codes.csv" | tr -d '\r' | cut -d';' -f4))
    vurl=/0730/budget/$bid/vote
    rm -f "$jar"
    get "$name: the code form" 200 "$vurl" -c "$jar" -b "$jar"
    csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$page")
    post "$name: the code" 200 "csrf=$csrf" "code=${codes[0]}"
    nonce=$(sed -n 's/.*name="nonce" value="\([^"]*\)".*/\1/p' "$page")
}
# unused NAME: no code of the budget is used yet
unused() { check "$1: no code used" 0 '"used":0,' -- $sk --json budget batches "$bid"; }
# receipt NAME PYTHON-EXPR HTML: the receipt on the page; before the close
# the receipt page says to wait; after it the CLI finds the receipt, the
# expression over its ballot (d) holds, and the receipt page (typed in
# lower case) shows the ballot with HTML as its first choice
receipt() {
    local r
    r=$(sed -n 's/.*id="receipt">\([0-9A-Z-]*\)<.*/\1/p' "$page")
    [[ $r =~ ^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$ ]] && echo "ok - $1: a receipt" || echo "not ok - $1: a receipt: \"$r\""
    get "$1: the receipt page before the close" 200 "/0730/budget/$bid/receipt?r=$r"
    has "$1: receipts wait for the close" "Kvitteringer kan tjekkes, når afstemningen er slut."
    hasnt "$1: no ballot before the close" '<ol class="choices">'
    check "$1: close" 0 "closed" -- $sk budget phase "$bid" closed
    check "$1: the CLI finds the receipt" 0 "$r" -- $sk --json budget receipt "$bid" "$r"
    is "$1: counted as cast" "$2"
    get "$1: the receipt page" 200 "/0730/budget/$bid/receipt?r=${r,,}"
    has "$1: the receipt page shows the receipt" "<p class=\"receipt\">$r</p>"
    has "$1: the receipt page shows the ballot" "<ol class=\"choices\"><li>$3"
}

# Knapsack: 100.000 kr., at least half of it spent
costs="60000 50000 30000"
budget knapsack --amount 100000 --ballot knapsack --min-share 50
has "knapsack: the budget explained" "Vælg projekter, der tilsammen koster højst <strong>100.000 kr.</strong>"
has "knapsack: the minimum share explained" "De skal tilsammen koste mindst <strong>50.000 kr.</strong> (50 % af puljens beløb"
has "knapsack: the pool's limit for the counter" 'data-limit="100000" data-unit="kr"'
has "knapsack: each project's cost for the counter" "data-cost=\"60000\" name=\"project\" value=\"${pids[0]}\""
has "knapsack: the counter's script" '<script src="/static/ballot.js" defer></script>'
post "knapsack: over the budget" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "project=${pids[0]}" "project=${pids[1]}"
has "knapsack: over the budget, a clear message" "De valgte projekter koster mere end puljens beløb"
has "knapsack: the message is announced" 'role="alert"'
has "knapsack: the choices are kept" "value=\"${pids[1]}\" id=\"project-${pids[1]}\" checked"
post "knapsack: under the minimum share" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "project=${pids[2]}"
has "knapsack: under the share, a clear message" "De valgte projekter bruger for lidt af puljens beløb"
post "knapsack: nothing chosen" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce"
has "knapsack: nothing chosen, a clear message" "Vælg mindst ét projekt"
unused "knapsack: the refused ballots"
post "knapsack: a ballot within the budget" 200 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "project=${pids[0]}" "project=${pids[2]}"
receipt knapsack "d['projects'] == [${pids[0]}, ${pids[2]}]" 'Projekt 1 <span class="cost">(60.000 kr.)</span></li>'
get "the budget page after the close" 200 "/0730/budget/$bid"
has "a form to check a receipt" "<form method=\"get\" action=\"/0730/budget/$bid/receipt\" class=\"receipt-form\">"
get "a receipt no ballot has" 404 "/0730/budget/$bid/receipt?r=0000-0000-0000-0000"
has "not found: a clear message" "Der er ingen stemme med den kvittering i dette borgerbudget."
has "not found: tied to the field" 'aria-describedby="r-hint r-error" aria-invalid="true"'
get "a mistyped receipt" 400 "/0730/budget/$bid/receipt?r=ABC"
has "mistyped: a clear message" "Kvitteringen er skrevet forkert"
has "mistyped: the receipt is kept in the field" 'value="ABC"'
get "a receipt page in English" 404 "/0730/budget/$bid/receipt?r=0000-0000-0000-0000&lang=en"
has "not found in English" "No vote in this citizen budget has that receipt."
has "the form keeps English" '<input type="hidden" name="lang" value="en">'
get "the receipt form without a receipt" 200 "/0730/budget/$bid/receipt"
has "the receipt form" '<label for="r">Din kvittering</label>'

# Cumulative: 5 points
costs="10000 20000 30000"
budget cumulative --amount 100000 --ballot cumulative --points 5
has "cumulative: the points explained" "Du har <strong>5 point</strong> i hver pulje"
has "cumulative: a labelled number per project" "<label for=\"points-${pids[1]}\">Projekt 2"
has "cumulative: the field" "name=\"points-${pids[1]}\" id=\"points-${pids[1]}\" value=\"\""
has "cumulative: the limit for the counter" 'data-limit="5" data-unit="point"'
post "cumulative: too many points" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "points-${pids[0]}=3" "points-${pids[1]}=3"
has "cumulative: too many points, a clear message" "Du har givet flere point, end du har i en pulje"
has "cumulative: the points are kept" "id=\"points-${pids[0]}\" value=\"3\""
post "cumulative: points that are no number" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "points-${pids[0]}=tre"
has "cumulative: no number, a clear message" "Point skal være hele tal"
unused "cumulative: the refused ballots"
post "cumulative: a ballot" 200 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "points-${pids[0]}=2" "points-${pids[2]}=3" "points-${pids[1]}="
receipt cumulative "d['projects'] == [${pids[0]}, ${pids[2]}] and d['points'] == [2, 3]" 'Projekt 1 <span class="cost">(10.000 kr.)</span> · <strong>2 point</strong></li>'
has "cumulative: the second choice's points" 'Projekt 3 <span class="cost">(30.000 kr.)</span> · <strong>3 point</strong></li>'

# Ranked: a place per project, at most two
costs="10000 20000 30000"
budget ranked --amount 100000 --ballot ranked --max-choices 2
has "ranked: the places explained" "1 er det, du helst vil have"
has "ranked: a labelled select per project" "<label for=\"rank-${pids[2]}\">Projekt 3"
has "ranked: places up to the most choices" '<option value="2">2. plads</option></select>'
hasnt "ranked: no third place" '<option value="3">'
post "ranked: one place twice" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "rank-${pids[0]}=1" "rank-${pids[1]}=1"
has "ranked: one place twice, a clear message" "To projekter i samme pulje har fået samme plads"
has "ranked: the places are kept" '<option value="1" selected>1. plads</option>'
unused "ranked: the refused ballot"
post "ranked: a ballot" 200 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "rank-${pids[0]}=2" "rank-${pids[2]}=1" "rank-${pids[1]}="
receipt ranked "d['projects'] == [${pids[2]}, ${pids[0]}]" 'Projekt 3 <span class="cost">(30.000 kr.)</span></li><li>Projekt 1'
has "ranked: the order explained" "Projekterne står i den rækkefølge, du gav dem."

get "the counter's script" 200 /static/ballot.js
headers "the counter's script"
tr -d '\r' <"$hdr" | grep -qi '^Content-Type: text/javascript' && echo "ok - the script is text/javascript" ||
    echo "not ok - the script is text/javascript"
has "the script counts the pool" 'data-limit'

# An idea: the form in the ideas phase, each field checked with its
# message and the values kept, nothing created until all are right; the
# idea with its contact seen by staff through the CLI; refused out of phase
check "a budget for ideas" 0 '"id"' -- $sk --json budget create --name "Web ideas $$" --amount 100000
iid=$(json 'd["id"]')
get "the budget page offers the idea form" 200 "/0730/budget/$iid"
has "a link to propose an idea" "href=\"/0730/budget/$iid/idea\""
vurl=/0730/budget/$iid/idea
rm -f "$jar"
get "the idea form" 200 "$vurl" -c "$jar" -b "$jar"
tr -d '\r' <"$hdr" | grep -qi '^Cache-Control: no-store$' && echo "ok - the idea form is not cached" ||
    echo "not ok - the idea form is not cached"
has "a labelled title" '<label for="title">Idéens titel</label>'
has "a labelled e-mail" '<label for="contact_email">E-mail</label>'
has "the consent says why and how long" "slettes automatisk, når resultatet af afstemningen offentliggøres"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$page")
get "an idea without the CSRF token" 403 "$vurl" -c "$jar" -b "$jar" --data-urlencode "title=Uden token"
post "an idea without a title" 422 "csrf=$csrf" "title=  " "text=Noget tekst"
has "no title: a message by the field" '<span class="error" id="title-error">Skriv en titel på idéen.</span>'
has "no title: the field is marked" 'aria-describedby="title-hint title-error" aria-invalid="true"'
has "no title: announced" 'role="alert"'
has "no title: the text is kept" '>Noget tekst</textarea>'
long=$(printf 'æ%.0s' $(seq 1 201))
post "a title of 201 characters" 422 "csrf=$csrf" "title=$long"
has "a long title: a message" "Titlen er for lang: højst 200 tegn."
post "a title of 200 characters (400 bytes)" 422 "csrf=$csrf" "title=${long:1}" "contact_email=ikke-en-adresse"
hasnt "200 characters are fine" "Titlen er for lang"
has "a bad e-mail: a message" "Skriv en e-mailadresse som navn@eksempel.dk."
post "a contact without consent" 422 "csrf=$csrf" "title=Bænke ved åen $$" "contact_name=Anna Jensen" "contact_email=anna@example.dk" "contact_phone=86 12 34 56"
has "no consent: a message by the box" '<span class="error" id="consent-error">'
has "no consent: the contact is kept" 'value="anna@example.dk"'
check "nothing created yet" 0 "" -- $sk --json budget ideas "$iid"
[ "$(cat "$out")" = "[]" ] && echo "ok - no idea from the refused forms" || echo "not ok - no idea from the refused forms: $(cat "$out")"
post "an idea with contact and consent" 200 "csrf=$csrf" "title=Bænke ved åen $$" "text=Tre bænke <b>ved</b> stien" "contact_name=Anna Jensen" "contact_email=anna@example.dk" "contact_phone=86 12 34 56" "consent=yes"
has "thanks on the page" "Tak for din idé"
has "the title shown back, escaped" "Bænke ved åen $$"
check "staff see the idea" 0 "Bænke ved åen $$" -- $sk --json budget ideas "$iid"
is "as a citizen's, with its text and contact" "d[0]['proposer'] == 'citizen' and d[0]['text'] == 'Tre bænke <b>ved</b> stien' and d[0]['contact_email'] == 'anna@example.dk' and d[0]['contact_phone'] == '86 12 34 56'"
post "an idea without contact" 200 "csrf=$csrf" "title=Lys i parken $$"
check "the second idea" 0 "Lys i parken $$" -- $sk --json budget ideas "$iid"
hasnt "no contact in the log" "anna@example.dk" "$SAMSKAB_VAR/web.log"
check "voting opens" 0 "voting" -- sh -c "$sk budget project $iid --title P --cost 1000 >/dev/null && $sk budget phase $iid development >/dev/null && $sk budget phase $iid voting"
get "the idea form while voting" 200 "$vurl" -c "$jar" -b "$jar"
has "says ideas are closed" "Der kan ikke foreslås idéer i borgerbudgettet nu"
hasnt "no form while voting" 'name="title"'
post "an idea posted while voting" 200 "csrf=$csrf" "title=For sent"
check "nothing created while voting" 0 "" -- $sk --json budget ideas "$iid"
hasnt "the late idea was not created" "For sent" "$out"
