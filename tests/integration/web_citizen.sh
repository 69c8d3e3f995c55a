#!/usr/bin/env bash
# samskab-web's citizen pages over HTTP (curl) against the running stack:
# a whole vote in each ballot type (knapsack, cumulative, ranked; approval
# is web_http.sh's) with codes issued by the CLI; the knapsack's budget and
# minimum share explained; an over-budget, an under-share, an over-points
# and a twice-placed ballot each refused on the page with the choices kept
# and no code used (the CLI's batches); each ballot as counted after the
# close (the CLI's receipt); the live counter's script served. A
# municipality's stories (only those with consent; the RSS 2.0 feed
# well-formed, titled with its name, dates RFC 822 in local time, text
# escaped; a withdrawn consent leaves both) and its published offer (only
# parties with publish on, term labels in Danish and English, nothing
# personal), linked from the front page. A cast while the vote service
# is stopped past samskab-web's call timeout: retried, one receipt.
# Receipts of sets (approval, knapsack, cumulative) as plain lists per
# pool, of ranked ballots numbered; what happened apart from the dates to
# come; a late count on the results page (not who opened it), ties only
# under their pool; an archived budget off the front page, its page saying
# it was cancelled; every phase of the vote service labelled.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
psql_() { "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -h "$SAMSKAB_VAR/pg" -U postgres -d samskab -qAt -v ON_ERROR_STOP=1 "$@"; }
jar=$tmp/jar

# budget NAME CLI-OPTIONS...: a budget in voting with three projects of
# the costs in $costs (each in the pool of the array in_pool, when set)
# and two codes; sets bid, pids, codes, vurl, csrf
in_pool=()
budget() {
    local name=$1; shift
    check "a $name budget" 0 '"id"' -- $sk --json budget create --name "Web $name $$" "$@"
    bid=$(json 'd["id"]')
    local i=0 where
    for c in $costs; do
        i=$((i + 1))
        where=()
        [ ${#in_pool[@]} -gt 0 ] && where=(--pool "${in_pool[i - 1]}")
        $sk budget project "$bid" --title "Projekt $i" --cost "$c" "${where[@]}" >/dev/null
    done
    pids=($($sk --json budget projects "$bid" | python3 -c "import json,sys; print(' '.join(str(p['id']) for p in json.load(sys.stdin)))"))
    check "$name: open voting" 0 "voting" -- $sk budget phase "$bid" voting --yes
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
# receipt NAME PYTHON-EXPR HTML [LIST]: the receipt on the page; before
# the close the receipt page says to wait; after it the CLI finds the
# receipt, the expression over its ballot (d) holds, and the receipt page
# (typed in lower case) shows the ballot with HTML as its first choice;
# both in a list LIST, ul (default: the choices are no ranking) or ol
receipt() {
    local r list=${4:-ul}
    has "$1: the choices on the receipt, in a $list" "<$list class=\"choices\"><li>$3"
    [ "$list" = ul ] && hasnt "$1: no numbered list, which reads as a ranking" '<ol class="choices">'
    r=$(sed -n 's/.*id="receipt">\([0-9A-Z-]*\)<.*/\1/p' "$page")
    [[ $r =~ ^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$ ]] && echo "ok - $1: a receipt" || echo "not ok - $1: a receipt: \"$r\""
    get "$1: the receipt page before the close" 200 "/0730/budget/$bid/receipt?r=$r"
    has "$1: receipts wait for the close, the receipt kept" "Din stemme er modtaget. Når afstemningen er slut, vises den her, som den blev talt."
    hasnt "$1: no ballot before the close" 'class="choices"'
    # A receipt no ballot has, or a mistyped one, is not confirmed before
    # the close: the vote service says whether it was received
    get "$1: a made-up receipt before the close" 404 "/0730/budget/$bid/receipt?r=ZZZZ-ZZZZ-ZZZZ-ZZZZ"
    has "$1: a made-up receipt is not received" "Der er ikke modtaget nogen stemme med den kvittering i dette borgerbudget."
    hasnt "$1: nor confirmed" "Din stemme er modtaget"
    get "$1: a mistyped receipt before the close" 400 "/0730/budget/$bid/receipt?r=hej"
    has "$1: mistyped: how to type it" "skriv den som på din kvittering: XXXX-XXXX-XXXX-XXXX"
    hasnt "$1: mistyped: not confirmed" "Din stemme er modtaget"
    check "$1: close" 0 "closed" -- $sk budget phase "$bid" closed --yes
    check "$1: the CLI finds the receipt" 0 "$r" -- $sk --json budget receipt "$bid" "$r"
    is "$1: counted as cast" "$2"
    get "$1: the receipt page" 200 "/0730/budget/$bid/receipt?r=${r,,}"
    has "$1: the receipt page shows the receipt" "<p class=\"receipt\">$r</p>"
    has "$1: the receipt page shows the ballot" "<$list class=\"choices\"><li>$3"
    [ "$list" = ul ] && hasnt "$1: the receipt page has no numbered list" '<ol class="choices">'
}

# Knapsack with two pools: the refusal names the pool and both amounts,
# in that pool's fieldset, which it describes (Danish and English)
costs="500000 275000 50000"
in_pool=("Store projekter" "Store projekter" "Små")
budget "two pools" --amount 800000 --ballot knapsack --pool "Store projekter:700000" --pool "Små:100000"
post "two pools: over one pool's budget" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "project=${pids[0]}" "project=${pids[1]}" "project=${pids[2]}"
has "two pools: the message names the pool and the amounts, one full stop after them" "Store projekter: valgt 775.000 kr. af 700.000 kr. Fjern et projekt"
hasnt "no double full stop after an amount" "kr.."
poolid=$(sed -n 's/.*<fieldset class="pool" aria-describedby="pool-error-\([0-9]*\)".*/\1/p' "$page")
[ -n "$poolid" ] && echo "ok - two pools: one fieldset is described by its error" || echo "not ok - two pools: one fieldset is described by its error"
check "two pools: the error is in the fieldset of Store projekter, which it describes" 0 "" -- python3 -c "
import re
page = open('$page', encoding='utf-8').read()
sets = re.findall(r'<fieldset class=\"pool\"(.*?)</fieldset>', page, re.S)
err = [f for f in sets if 'class=\"error\"' in f]
assert len(sets) == 2 and len(err) == 1, sets
f = err[0]
assert f.startswith(' aria-describedby=\"pool-error-$poolid\"'), f
assert 'Store projekter · Puljens beløb: 700.000 kr.</legend>' in f, f
assert '<p class=\"error\" id=\"pool-error-$poolid\">Store projekter: valgt 775.000 kr. af 700.000 kr.' in f, f"
check "two pools: only that fieldset" 0 "" -- test "$(grep -c 'aria-describedby="pool-error-' "$page")" = 1
vurl="/0730/budget/$bid/vote?lang=en"
post "two pools: in English" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "project=${pids[0]}" "project=${pids[1]}"
has "two pools: the English message names the pool and the amounts" "Store projekter: chosen DKK 775,000 of DKK 700,000."
unused "two pools: the refused ballots"
# The receipt of a two-pool ballot: a plain list per pool, each named; a
# pool with nothing chosen says so
vurl=/0730/budget/$bid/vote
post "two pools: a ballot" 200 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "project=${pids[0]}" "project=${pids[2]}"
has "two pools: the receipt lists the first pool's choice under its name" '<h3>Pulje: Store projekter</h3>
<ul class="choices"><li>Hal <span class="cost">(500.000 kr.)</span></li></ul>'
has "two pools: and the second pool's" '<h3>Pulje: Små</h3>
<ul class="choices"><li>Bænk <span class="cost">(50.000 kr.)</span></li></ul>'
hasnt "two pools: no numbered list" '<ol class="choices">'
post "two pools: the second code" 200 "csrf=$csrf" "code=${codes[1]}"
nonce=$(sed -n 's/.*name="nonce" value="\([^"]*\)".*/\1/p' "$page")
post "two pools: a ballot in one pool" 200 "csrf=$csrf" "code=${codes[1]}" "nonce=$nonce" "project=${pids[1]}"
has "two pools: a pool with nothing chosen says so" '<h3>Pulje: Små</h3>
<p>Intet valgt i denne pulje.</p>'
# A pool name longer than the vote service's rules keep (63 bytes): the
# message and the fieldset come from the refusal's numbers (its detail),
# so the whole name is said and its fieldset found
longpool="Projekter for hele kommunen, store som små, i byen og på landet i år"
in_pool=("$longpool" "$longpool" "Små")
budget "long pool name" --amount 800000 --ballot knapsack --pool "$longpool:700000" --pool "Små:100000"
in_pool=()
post "long pool name: over its budget" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "project=${pids[0]}" "project=${pids[1]}"
has "long pool name: the message names the whole pool and the amounts" "$longpool: valgt 775.000 kr. af 700.000 kr. Fjern et projekt"
check "long pool name: the error is in that pool's fieldset" 0 "" -- test "$(grep -c 'aria-describedby="pool-error-' "$page")" = 1
# Knapsack: 100.000 kr., at least half of it spent
costs="60000 50000 30000"
budget knapsack --amount 100000 --ballot knapsack --min-share 50
has "knapsack: the budget explained, one full stop after the amount" "Vælg projekter for højst <strong>100.000 kr.</strong> i alt."
has "knapsack: the minimum share explained" "De skal tilsammen koste mindst <strong>50.000 kr.</strong> (50 % af puljens beløb"
has "knapsack: the pool's limit for the counter" 'data-limit="100000" data-unit="kr"'
has "knapsack: each project's cost for the counter" "data-cost=\"60000\" name=\"project\" value=\"${pids[0]}\""
has "knapsack: the counter's script" '<script src="/static/ballot.js" defer></script>'
post "knapsack: over the budget" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "project=${pids[0]}" "project=${pids[1]}"
has "knapsack: over the budget, a clear message with the amounts" "De valgte projekter koster mere end puljens beløb: valgt 110.000 kr. af 100.000 kr. Fjern et projekt"
hasnt "knapsack: no double full stop" "kr.."
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
ran=$(TZ=Europe/Copenhagen date +%F)
has "the day voting opened, as it ran" "<dt>Afstemningen åbnede</dt><dd><time datetime=\"$ran\">"
has "and the day it closed" "<dt>Afstemningen sluttede</dt><dd><time datetime=\"$ran\">"
hasnt "no planned day when none was set" "planlagt til"
check "the days it ran are what happened, not coming dates" 0 "" -- python3 -c "
import re
page = open('$page', encoding='utf-8').read()
assert '<h2>Forløbet indtil nu</h2>' in page, page
happened = re.search(r'<dl class=\"history\">(.*?)</dl>', page, re.S).group(1)
assert 'Afstemningen åbnede' in happened and 'Afstemningen sluttede' in happened, happened
coming = re.search(r'<dl class=\"dates\">(.*?)</dl>', page, re.S)
assert not coming or 'Afstemningen' not in coming.group(1), coming.group(1)
assert 'Kommende datoer' not in page or coming, page"
has "a form to check a receipt" "<form method=\"get\" action=\"/0730/budget/$bid/receipt\" class=\"receipt-form\" aria-labelledby=\"receipt-title\">"
has "under its heading" '<h2 id="receipt-title">Tjek din stemme</h2>'
hasnt "no longer how to vote" "Sådan stemmer du"
hasnt "no results before publication" "Se resultatet"
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
has "cumulative: the points explained, one pool: no \"each pool\"" "Du har <strong>5 point</strong>. Skriv, hvor mange point du giver hvert projekt."
hasnt "cumulative: one pool, not each pool" "i hver pulje"
has "cumulative: a labelled number per project" "<label for=\"points-${pids[1]}\">Projekt 2"
has "cumulative: the field" "name=\"points-${pids[1]}\" id=\"points-${pids[1]}\" value=\"\""
has "cumulative: the limit for the counter" 'data-limit="5" data-unit="point"'
post "cumulative: too many points" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "points-${pids[0]}=3" "points-${pids[1]}=3"
has "cumulative: too many points, how many given and how many the voter has" "Du har givet 6 point; du har 5. Giv færre point, og prøv igen."
has "cumulative: the points are kept" "id=\"points-${pids[0]}\" value=\"3\""
post "cumulative: points that are no number" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "points-${pids[0]}=tre"
has "cumulative: no number, a clear message" "Point skal være 0 eller mere, i hele tal"
post "cumulative: points below 0" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "points-${pids[0]}=-1"
has "cumulative: below 0, a clear message" "Point skal være 0 eller mere"
post "cumulative: no points" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "points-${pids[0]}=0"
has "cumulative: no points, said in points" "Giv point til mindst ét projekt."
hasnt "cumulative: not as if projects were chosen" "Vælg mindst ét projekt"
unused "cumulative: the refused ballots"
post "cumulative: a ballot" 200 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "points-${pids[0]}=2" "points-${pids[2]}=3" "points-${pids[1]}="
receipt cumulative "d['projects'] == [${pids[0]}, ${pids[2]}] and d['points'] == [2, 3]" 'Projekt 1 <span class="cost">(10.000 kr.)</span> · <strong>2 point</strong></li>'
has "cumulative: the second choice's points" 'Projekt 3 <span class="cost">(30.000 kr.)</span> · <strong>3 point</strong></li>'

# Ranked: a place per project, at most two
costs="10000 20000 30000"
budget ranked --amount 100000 --ballot ranked --max-choices 2
has "ranked: the places explained" "1 er det, du helst vil have"
has "ranked: and the points they give" "i pladsernes rækkefølge: dit første projekt får lige så mange point, som der er pladser i puljen, dit næste ét point mindre og så videre."
has "ranked: a labelled select per project" "<label for=\"rank-${pids[2]}\">Projekt 3"
has "ranked: places up to the most choices" '<option value="2">2. plads</option></select>'
hasnt "ranked: no third place" '<option value="3">'
post "ranked: one place twice" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "rank-${pids[0]}=1" "rank-${pids[1]}=1"
has "ranked: one place twice, a clear message" "To projekter i samme pulje har fået samme plads"
has "ranked: the places are kept" '<option value="1" selected>1. plads</option>'
unused "ranked: the refused ballot"
post "ranked: a ballot" 200 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "rank-${pids[0]}=2" "rank-${pids[2]}=1" "rank-${pids[1]}="
receipt ranked "d['projects'] == [${pids[2]}, ${pids[0]}]" 'Projekt 3 <span class="cost">(30.000 kr.)</span></li><li>Projekt 1' ol
has "ranked: the order explained" "Projekterne står i den rækkefølge, du gav dem, i hver pulje for sig."
# A ranked ballot of two pools: each pool's order under its own heading
# (a new-user trial saw both pools run together in one numbered list)
costs="60000 50000 30000"
in_pool=("Store" "Små" "Små")
budget "ranked pools" --amount 300000 --ballot ranked --max-choices 2 --pool "Store:200000" --pool "Små:100000"
in_pool=()
post "ranked pools: a ballot" 200 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "rank-${pids[0]}=1" "rank-${pids[1]}=2" "rank-${pids[2]}=1"
has "ranked pools: the first pool's order under its name" '<h3>Pulje: Store</h3>
<ol class="choices"><li>Projekt 1 <span class="cost">(60.000 kr.)</span></li></ol>'
has "ranked pools: the second pool's order under its name" '<h3>Pulje: Små</h3>
<ol class="choices"><li>Projekt 3 <span class="cost">(30.000 kr.)</span></li><li>Projekt 2 <span class="cost">(50.000 kr.)</span></li></ol>'

get "the counter's script" 200 /static/ballot.js
headers "the counter's script"
tr -d '\r' <"$hdr" | grep -qi '^Content-Type: text/javascript' && echo "ok - the script is text/javascript" ||
    echo "not ok - the script is text/javascript"
has "the script counts the pool" 'data-limit'

# An idea: the form in the ideas phase, each field checked with its
# message and the values kept, nothing created until all are right; the
# idea with its contact seen by staff through the CLI; refused out of phase
check "an area" 0 '"id"' -- $sk --json area add "Webbyen $$"
check "a budget for ideas, in the area" 0 '"id"' -- $sk --json budget create --name "Web ideas $$" --amount 100000 \
    --area "Webbyen $$"
iid=$(json 'd["id"]')
get "the budget page offers the idea form" 200 "/0730/budget/$iid"
has "the budget page names the area" "<dt>Område</dt><dd class=\"area\">Webbyen $$</dd>"
has "how to vote, before the vote" "<h2>Sådan stemmer du</h2>"
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
has "no title: the field is marked" 'aria-describedby="title-hint idea-public title-error" aria-invalid="true"'
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
get "the budget page before staff have read the ideas" 200 "/0730/budget/$iid"
hasnt "an idea is not public before review" "Bænke ved åen $$"
ideas_json=$($sk --json budget ideas "$iid")
idea_of() { python3 -c "import json,sys; print([i['id'] for i in json.loads(sys.argv[1]) if i['title'].startswith(sys.argv[2])][0])" "$ideas_json" "$1"; }
check "staff show an idea they have read" 0 "shown" -- $sk budget idea-show "$(idea_of "Bænke ved åen")"
get "the budget page shows the citizens' ideas" 200 "/0730/budget/$iid"
has "an idea's title and what became of it" "<strong>Bænke ved åen $$</strong> <span class=\"status\">(modtaget)</span>"
has "its text, escaped" "Tre bænke &lt;b&gt;ved&lt;/b&gt; stien"
hasnt "never who proposed it" "Anna Jensen"
hasnt "nor the contact" "anna@example.dk"
hasnt "nor an idea not yet reviewed" "Lys i parken $$"
# The trial's idea with personal data in it: not public until staff have
# looked; shown by mistake, then edited; rejected (not public) and forgotten
post "an idea with personal data in its words" 200 "csrf=$csrf" "title=Ring til mig på 12345678 $$" "text=jeg hedder Hans Hansen"
get "the budget page after it" 200 "/0730/budget/$iid"
hasnt "its words are not public" "12345678"
ideas_json=$($sk --json budget ideas "$iid")
pid=$(idea_of "Ring til mig")
check "staff show it by mistake" 0 "shown" -- $sk budget idea-show "$pid"
get "the budget page with it" 200 "/0730/budget/$iid"
has "now it is public" "12345678"
check "staff edit the personal data out" 0 "Forslag om telefonrådgivning" -- $sk budget idea-update "$pid" --title "Forslag om telefonrådgivning" --text ""
get "the budget page after the edit" 200 "/0730/budget/$iid"
hasnt "the number is gone" "12345678"
hasnt "the name is gone" "Hans Hansen"
has "the edited title is shown" "Forslag om telefonrådgivning"
check "staff reject it with a reason" 0 "rejected" -- $sk budget idea-reject "$pid" --reason "Ring til Hans på 12 34 56 78"
get "the budget page with a rejected idea" 200 "/0730/budget/$iid"
hasnt "a rejected idea is not public" "Forslag om telefonrådgivning"
hasnt "nor its reason" "Begrundelse"
check "staff forget it" 0 "hidden" -- $sk --json budget idea-forget "$pid"
is "its words and reason are erased" "d['title'] == '' and d['text'] is None and d['reason'] == '' and d['visibility'] == 'hidden'"
check "no stored reply keeps its words" 0 "" -- test "$(psql_ -c "SELECT count(*) FROM vote.request_log WHERE position('Hans Hansen'::bytea IN reply) > 0 OR position('12345678'::bytea IN reply) > 0 OR position('12 34 56 78'::bytea IN reply) > 0")" = 0
check "no event ever held them" 0 "" -- test "$(psql_ -c "SELECT count(*) FROM vote.outbox WHERE position('Hans Hansen'::bytea IN body) > 0 OR position(convert_to('telefonrådgivning', 'UTF8') IN body) > 0")" = 0
get "the idea form says what is public, and when" 200 "$vurl" -c "$jar" -b "$jar"
has "title and text become public after review" "Titel og beskrivelse bliver offentlige: de vises på borgerbudgettets side, når en medarbejder i kommunen har læst idéen."
get "and in English" 200 "$vurl?lang=en" -c "$jar" -b "$jar"
has "in English too" "The title and description become public: they are shown on the citizen budget"
get "in English" 200 "/0730/budget/$iid?lang=en"
has "the area in English" "<dt>Area</dt>"
check "voting opens" 0 "voting" -- sh -c "$sk budget project $iid --title P --cost 1000 >/dev/null && $sk budget phase $iid development >/dev/null && $sk budget phase $iid voting --yes"
get "the idea form while voting" 200 "$vurl" -c "$jar" -b "$jar"
has "says ideas are closed" "Der kan ikke foreslås idéer i borgerbudgettet nu"
hasnt "no form while voting" 'name="title"'
post "an idea posted while voting" 200 "csrf=$csrf" "title=For sent"
check "nothing created while voting" 0 "" -- $sk --json budget ideas "$iid"
hasnt "the late idea was not created" "For sent" "$out"

# Results: two pools, five ballots cast with codes issued by the CLI; after
# the close and the tally the page waits for publication and says when it
# comes (results_on, as a local date); then every
# project per pool, winners first, losers too, with votes and cost, the
# rule in plain Danish, the chart with its title and text, and the
# downloads: each pool's .pb and the ballots as CSV
check "a budget for results" 0 '"id"' -- $sk --json budget create --name "Web results $$" --amount 300000 \
    --pool "store:200000" --pool "små:100000" --voting-from 2027-03-01 --voting-until 2027-03-21 --results-on 2027-04-01
rid=$(json 'd["id"]')
for t in "Park:120000:store" "Bænke:90000:store" "Lys:60000:store" "Bold:50000:små" "<b>Kunst</b>:80000:små"; do
    IFS=: read -r title cost pool <<<"$t"
    $sk budget project "$rid" --title "$title" --cost "$cost" --pool "$pool" >/dev/null
done
rp=($($sk --json budget projects "$rid" | python3 -c "import json,sys; print(' '.join(str(p['id']) for p in json.load(sys.stdin)))"))
check "results: voting" 0 "voting" -- $sk budget phase "$rid" voting --yes
check "results: codes" 0 "wrote 5 codes" -- $sk budget codes "$rid" --count 5 --csv "$tmp/rc.csv"
rc=($(tail -n +2 "$tmp/rc.csv" | tr -d '\r' | cut -d';' -f4))
# Park 4, Bænke 3, Lys 1; Bold 3, Kunst 2
ballots=("${rp[0]},${rp[1]},${rp[3]}" "${rp[0]},${rp[1]},${rp[4]}" "${rp[0]},${rp[3]}" "${rp[0]},${rp[2]},${rp[4]}" "${rp[1]},${rp[3]}")
for i in 0 1 2 3 4; do $sk budget cast "$rid" --code "${rc[$i]}" --projects "${ballots[$i]}" >/dev/null || echo "not ok - cast $i"; done
check "results: close" 0 "closed" -- $sk budget phase "$rid" closed --yes
check "results: tally" 0 "" -- $sk budget tally "$rid"
get "the results page before publication" 200 "/0730/budget/$rid/results"
has "the results wait for publication" "Resultatet er ikke offentliggjort endnu."
has "and say when they come" 'Resultatet offentliggøres <time datetime="2027-04-01">1. april 2027</time>.'
get "in English" 200 "/0730/budget/$rid/results?lang=en"
has "the date in English" 'The results will be published on <time datetime="2027-04-01">1 April 2027</time>.'
get "no download before publication" 404 "/0730/budget/$rid/results/ballots.csv"
check "results: publish" 0 "published" -- $sk budget phase "$rid" published --yes
check "the CLI's results carry every project" 0 "" -- $sk --json budget results "$rid"
is "every project, winners first, the one not chosen too" "[(e['title'], e['votes'], e['selected']) for e in d['pools'][0]['projects']] == [('Park', 4, True), ('Lys', 1, True), ('Bænke', 3, False)]"
check "the CLI's table shows the project not chosen" 0 "every project of pool store, the winners first" -- $sk budget results "$rid"
grep -q "Bænke" "$out" && echo "ok - the project not chosen in the CLI's table" || echo "not ok - the project not chosen in the CLI's table"
$sk --json budget results "$rid" >"$out"
is "the winners as before" "[w['title'] for w in d['pools'][0]['winners']] == [e['title'] for e in d['pools'][0]['projects'] if e['selected']]"
get "the budget page links the results" 200 "/0730/budget/$rid"
has "closed before the day planned: both days" "(planlagt til <time datetime=\"2027-03-21\">21. marts 2027</time>)</dd>"
curl -s -o "$tmp/web.css" "$url/static/web.css"
check "the days that happened side by side, like the coming ones" 0 "" -- python3 -c "
import re, sys
css = open('$tmp/web.css', encoding='utf-8').read()
rule = re.search(r'([^{}]*)\{ display: grid; grid-template-columns: max-content 1fr;', css)
sys.exit(0 if rule and 'dl.history' in rule.group(1) and 'dl.dates' in rule.group(1) else 1)"
hasnt "the phase's label not said again as its text" '<p class="allows">Resultatet er offentliggjort.</p>'
has "a link to the results" "href=\"/0730/budget/$rid/results\""
has "under its heading" '<h2 id="results-title">Resultat</h2>'
hasnt "no longer how to vote" "Sådan stemmer du"
get "in English" 200 "/0730/budget/$rid?lang=en"
hasnt "nor in English" "How to vote"
get "the vote page after publication" 200 "/0730/budget/$rid/vote"
has "says voting has ended" "Afstemningen er slut."
has "and links the results" "href=\"/0730/budget/$rid/results\""
get "the results page" 200 "/0730/budget/$rid/results"
headers "the results page"
has "the rule in plain Danish" "Projekterne med flest stemmer vælges ét ad gangen"
has "the number of votes" "Antal stemmer: <strong>5</strong>"
has "the first pool's winner first, with votes and cost" '<tr class="chosen"><th scope="row">Park</th><td data-label="Pris">120.000 kr.</td><td data-label="Stemmer">4</td><td data-label="Resultat">valgt</td></tr>'
# Bænke's 3 votes came after Park's 4 (120.000 of 200.000 kr.) and before
# Lys's 1: 80.000 kr. were left for its 90.000 kr.
has "a project not chosen, with its votes and why" '<tr><th scope="row">Bænke</th><td data-label="Pris">90.000 kr.</td><td data-label="Stemmer">3</td><td data-label="Resultat">ikke valgt: for dyr til det, der var tilbage: 80.000 kr.</td></tr>'
has "a title escaped" '&lt;b&gt;Kunst&lt;/b&gt;'
hasnt "no markup from a title" '<b>Kunst</b>'
has "each pool named" "Pulje: små"
has "an inline chart with a title and a text" 'aria-labelledby="chart-1-title chart-1-desc"'
has "the chart's bars" '<rect x="0" y="22" width="320" height="16" fill="#0b4f7a"></rect>'
has "the chart's title" '<title id="chart-2-title">Stemmer pr. projekt: små</title>'
has "a .pb per pool" "href=\"/0730/budget/$rid/results/pool-2.pb\" download"
has "the ballots as CSV" "href=\"/0730/budget/$rid/results/ballots.csv\" download"
get "the first pool's .pb" 200 "/0730/budget/$rid/results/pool-1.pb"
headers "the .pb download"
# Named as samskab budget export names the same pool's file (sk_pb_name)
tr -d '\r' <"$hdr" | grep -qi "^Content-Disposition: attachment; filename=\"$rid-pool-1.pb\"$" && echo "ok - the .pb is a download, named like the CLI's export" || echo "not ok - the .pb is a download, named like the CLI's export"
cp "$page" "$tmp/web-pool-1.pb"
check "the CLI's export names the files alike" 0 "wrote [0-9]* bytes to $tmp/rexport/$rid-pool-2.pb" -- $sk budget export "$rid" "$tmp/rexport"
check "the same file under the same name" 0 "" -- cmp "$tmp/web-pool-1.pb" "$tmp/rexport/$rid-pool-1.pb"
has "a Pabulib file" "META"
has "of the first pool" "budget;200000"
hasnt "no receipts in the .pb" "$(sed -n 2p "$tmp/rc.csv" | cut -c1-3)-"
get "a pool that is not there" 404 "/0730/budget/$rid/results/pool-3.pb"
get "the ballots as CSV" 200 "/0730/budget/$rid/results/ballots.csv"
tr -d '\r' <"$hdr" | grep -qi '^Content-Type: text/csv; charset=utf-8$' && echo "ok - the CSV is text/csv" || echo "not ok - the CSV is text/csv"
[ "$(head -c 3 "$page" | od -An -tx1 | tr -d ' ')" = efbbbf ] && echo "ok - the CSV starts with a BOM" || echo "not ok - the CSV starts with a BOM"
has "the CSV's header, ; separated, titles too" "kvittering;papir;projekter;point;titler"
has "a ballot's projects by title, in the order of their codes" ";Park | Bænke | Bold"
[ "$(tail -n +2 "$page" | grep -c ';nej;')" = 5 ] && echo "ok - five ballots in the CSV" || { echo "not ok - five ballots in the CSV"; sed 's/^/#   /' "$page"; }
$sk --json budget projects "$rid" >"$tmp/rprojects.json"
check "the CSV's ballots are the counted ones, projects by code" 0 "" -- sh -c "$sk --json budget ballots $rid | python3 -c \"
import json,sys
code={p['id']: p['code'] for p in json.load(open('$tmp/rprojects.json'))}
want=sorted((b['receipt'], ','.join(code[i] for i in b['projects'])) for b in json.load(sys.stdin))
got=sorted(tuple(l.split(';')[0:3:2]) for l in open('$page', encoding='utf-8-sig', newline='').read().split('\r\n')[1:] if l)
sys.exit(0 if want == got and len(want) == 5 else 1)\""
get "an unknown download" 404 "/0730/budget/$rid/results/nope.txt"
get "results in English" 200 "/0730/budget/$rid/results?lang=en"
has "the rule in English" "The projects with the most votes are chosen one at a time"
hasnt "no ties, no word of them" "Equal votes"

# in_voting ID N OPTION PROJECT...: the projects TITLE:COST:VALUE added to
# ID (VALUE for OPTION: --code or --pool), voting opened, N codes; the
# projects' ids in pr, the codes in cs
in_voting() {
    local id=$1 n=$2 opt=$3 t title cost value
    shift 3
    for t in "$@"; do
        IFS=: read -r title cost value <<<"$t"
        $sk budget project "$id" --title "$title" --cost "$cost" "$opt" "$value" >/dev/null || echo "not ok - project $title"
    done
    pr=($($sk --json budget projects "$id" | python3 -c "import json,sys; print(' '.join(str(p['id']) for p in json.load(sys.stdin)))"))
    $sk budget phase "$id" voting --yes >/dev/null
    $sk budget codes "$id" --count "$n" --csv "$tmp/cs.csv" >/dev/null
    cs=($(tail -n +2 "$tmp/cs.csv" | tr -d '\r' | cut -d';' -f4))
}

# Points results say what was computed (a new-user trial): 18 of 20 points
# for the skate park fund it before the bench, most points first, and the
# water post nobody voted for is listed, not chosen, with its 0
check "a cumulative budget for results" 0 '"id"' -- $sk --json budget create --name "Web point $$" --amount 90000 \
    --ballot cumulative --points 10 --voting-from 2027-03-01 --voting-until 2027-03-21
cum=$(json 'd["id"]')
for t in "Skaterbane:90000" "Bænk:5000" "Vandpost:1000"; do
    IFS=: read -r title cost <<<"$t"
    $sk budget project "$cum" --title "$title" --cost "$cost" >/dev/null || echo "not ok - project $title"
done
cp=($($sk --json budget projects "$cum" | python3 -c "import json,sys; print(' '.join(str(p['id']) for p in json.load(sys.stdin)))"))
$sk budget phase "$cum" voting --yes >/dev/null
$sk budget codes "$cum" --count 2 --csv "$tmp/pc.csv" >/dev/null
for c in $(tail -n +2 "$tmp/pc.csv" | tr -d '\r' | cut -d';' -f4); do
    $sk budget cast "$cum" --code "$c" --projects "${cp[0]},${cp[1]}" --points 9,1 >/dev/null || echo "not ok - points cast"
done
check "points: close, tally, publish" 0 "published" -- sh -c "$sk budget phase $cum closed --yes >/dev/null && $sk budget tally $cum >/dev/null && $sk budget phase $cum published --yes"
get "the points results" 200 "/0730/budget/$cum/results"
has "what a cumulative ballot gives" "Et projekts point er summen af de point, stemmesedlerne har givet det."
has "most points first, as computed" "Projekterne med flest point vælges ét ad gangen"
has "a project without votes is never chosen" "Et projekt, som ingen har stemt på, vælges aldrig."
has "the skate park chosen with its 18 points" '<tr class="chosen"><th scope="row">Skaterbane</th><td data-label="Pris">90.000 kr.</td><td data-label="Stemmer">2</td><td data-label="Point">18</td><td data-label="Resultat">valgt</td></tr>'
has "the water post listed with its 0, not chosen" '<tr><th scope="row">Vandpost</th><td data-label="Pris">1.000 kr.</td><td data-label="Stemmer">0</td><td data-label="Point">0</td><td data-label="Resultat">ikke valgt</td></tr>'
# A one-pool budget's pool is "all" inside the vote service: no page says it
curl -s -o "$tmp/cum-budget.html" "$url/0730/budget/$cum"
for f in "$page" "$tmp/cum-budget.html"; do
    check "one pool: \"all\" is not shown ($(basename "$f"))" 0 "" -- python3 -c "
import re, sys
text = re.sub(r'<[^>]*>', ' ', open('$f', encoding='utf-8').read())
sys.exit(1 if re.search(r'\\ball\\b', text) else 0)"
done
get "the points results in English" 200 "/0730/budget/$cum/results?lang=en"
has "most points first, in English" "The projects with the most points are chosen one at a time"
has "never chosen without votes, in English" "A project nobody voted for is never chosen."

# Under MES a project with votes is not chosen when its supporters cannot
# pay it: each of 3 voters has 100.000 / 3 kr.; Bro's one supporter cannot
# pay its 60.000 kr., Sti's two can, and Bænk's one can pay its 30.000 kr.
check "an MES budget" 0 '"id"' -- $sk --json budget create --name "Web MES $$" --amount 100000 --rule mes \
    --voting-from 2027-03-01 --voting-until 2027-03-21
mid=$(json 'd["id"]')
in_voting "$mid" 3 --code "Sti:60000:m1" "Bro:60000:m2" "Bænk:30000:m3"
for b in "${pr[0]}" "${pr[0]}" "${pr[1]},${pr[2]}"; do
    $sk budget cast "$mid" --code "${cs[0]}" --projects "$b" >/dev/null || echo "not ok - MES cast"
    cs=("${cs[@]:1}")
done
check "MES: close, tally, publish" 0 "published" -- sh -c "$sk budget phase $mid closed --yes >/dev/null && $sk budget tally $mid >/dev/null && $sk budget phase $mid published --yes"
get "the MES results" 200 "/0730/budget/$mid/results"
has "MES: a project not chosen says its supporters could not pay it" '<tr><th scope="row">Bro</th><td data-label="Pris">60.000 kr.</td><td data-label="Stemmer">1</td><td data-label="Resultat">ikke valgt: dens tilhængere havde ikke nok tilbage til at betale den</td></tr>'
hasnt "MES: no greedy reason" "for dyr til det, der var tilbage"

# Ties on the results page: Alfa and Beta 2 votes each, one of them fits;
# the greedy rule takes the code first in byte order, so x10 (Beta, added
# last) before x2 (Alfa); Gamma and Delta level too, both chosen
check "a budget with ties" 0 '"id"' -- $sk --json budget create --name "Web ties $$" --amount 100000 \
    --voting-from 2027-03-01 --voting-until 2027-03-21
tid=$(json 'd["id"]')
in_voting "$tid" 2 --code "Alfa:60000:x2" "Gamma:10000:g1" "Delta:10000:g2" "Beta:60000:x10"
tp=("${pr[@]}") tc=("${cs[@]}")
$sk budget cast "$tid" --code "${tc[0]}" --projects "${tp[0]},${tp[3]},${tp[1]}" >/dev/null || echo "not ok - tie cast 1"
$sk budget cast "$tid" --code "${tc[1]}" --projects "${tp[0]},${tp[3]},${tp[2]}" >/dev/null || echo "not ok - tie cast 2"
check "ties: close, tally, publish" 0 "published" -- sh -c "$sk budget phase $tid closed --yes >/dev/null && $sk budget tally $tid >/dev/null && $sk budget phase $tid published --yes"
check "the tally chose Beta over Alfa" 0 "" -- $sk --json budget results "$tid"
is "Beta chosen, Alfa not" "[(e['title'], e['selected']) for e in d['pools'][0]['projects']] == [('Beta', True), ('Gamma', True), ('Delta', True), ('Alfa', False)]"
get "the results with ties" 200 "/0730/budget/$tid/results"
has "the tied projects named, with their codes" "Lige mange stemmer (2): Beta (x10), Alfa (x2). Valgt: Beta."
has "a tie where both were chosen" "Lige mange stemmer (1): Gamma (g1), Delta (g2). Alle blev valgt."
has "how the tie is broken, in plain Danish" "vælges det projekt først, hvis projektkode (i parentes) kommer først i alfabetet, tegn for tegn: p10 kommer altså før p2"
has "when two projects are level under this rule" "når de har fået lige mange stemmer."
has "and the table's order" "Ikke valgte projekter med lige mange stemmer står i den rækkefølge, de blev oprettet."
get "the results with ties in English" 200 "/0730/budget/$tid/results?lang=en"
has "the tie in English" "Equal votes (2): Beta (x10), Alfa (x2). Chosen: Beta."
has "the rule in English" "is chosen first: so p10 comes before p2"

# A late count on the results page (paper ballots found after the close):
# how many, when it was opened and why, never the staff member's key; ties
# in one pool of two: the other has no heading for them; a pool's .pb link
# reads "Hele bydelen: stemmerne ..." (not "... (.pb) (Hele bydelen)")
staff2="env SAMSKAB_CLI_CERT=$SAMSKAB_VAR/keys/staff-0730.cert_secret"
check "a budget with a late count" 0 '"id"' -- $sk --json budget create --name "Web efteroptælling $$" \
    --amount 200000 --pool "Hele bydelen:100000" --pool "Nord:100000"
lid=$(json 'd["id"]')
in_voting "$lid" 2 --pool "Alfa:60000:Hele bydelen" "Beta:60000:Hele bydelen" "Gade:50000:Nord" "Hus:40000:Nord"
lp=("${pr[@]}") lc=("${cs[@]}")
# Hele bydelen: Alfa 2, Beta 2 (a tie); Nord: Gade 2, Hus 1 (the late
# paper ballot): no tie
$sk budget cast "$lid" --code "${lc[0]}" --projects "${lp[0]},${lp[1]},${lp[2]}" >/dev/null || echo "not ok - late cast 1"
$sk budget cast "$lid" --code "${lc[1]}" --projects "${lp[0]},${lp[1]},${lp[2]}" >/dev/null || echo "not ok - late cast 2"
check "late: close" 0 "closed" -- $sk budget phase "$lid" closed --yes
check "late: staff open a late count" 0 "opened_by" -- $sk --json budget late-count "$lid" --reason "En stemmeurne fra Nørresundby <b>"
check "late: a paper ballot" 0 '"paper"' -- $sk --json budget paper "$lid" --projects "${lp[3]}"
paper=$(json 'd["paper"]')
check "late: confirmed by another staff member" 0 "receipt" -- $staff2 $sk budget paper-confirm "$lid" --paper "$paper" --projects "${lp[3]}"
check "late: tally, publish" 0 "published" -- sh -c "$sk budget tally $lid >/dev/null && $sk budget phase $lid published --yes"
check "late: the results' late count" 0 "" -- $sk --json budget results "$lid"
is "one paper ballot added after the close" "d['late_count']['papers'] == 1"
opened_by=$(json 'd["late_count"]["opened_by"]')
opened_at=$(json 'd["late_count"]["opened_at"]')
get "late: the results page" 200 "/0730/budget/$lid/results"
has "late: the late count's heading" '<h2 id="late-title">Efteroptælling</h2>'
has "late: how many paper ballots were added after the close" '<dt>Stemmesedler på papir talt med efter lukningen</dt><dd class="late-papers">1</dd>'
has "late: when the late count was opened, in Danish" "<dt>Efteroptællingen blev åbnet</dt><dd class=\"late-opened\">$(date -d "${opened_at% *}" +%-d). "
has "late: at what time" "kl. $(echo "${opened_at#* }" | tr : .)</dd>"
has "late: its reason, escaped" '<dt>Begrundelse</dt><dd class="late-reason">En stemmeurne fra Nørresundby &lt;b&gt;</dd>'
is "late: staff see who opened it by the certificate's name" "d['late_count']['opened_by'] != ''"
hasnt "late: not the staff member's name" "$opened_by"
hasnt "late: no word of who opened it" "opened_by"
check "late: the tie in one pool only" 0 "" -- test "$(grep -c 'id="ties-' "$page")" = 1
has "late: the tie in the first pool" '<h3 id="ties-1">Projekter med lige mange stemmer</h3>'
hasnt "late: no ties heading for the second pool" 'id="ties-2"'
has "late: a pool's .pb link named by its pool first" "Hele bydelen: stemmerne som Pabulib-fil (.pb)</a>"
hasnt "late: no double parentheses" "(.pb) ("
get "late: the results page in English" 200 "/0730/budget/$lid/results?lang=en"
has "late: in English" '<dt>Paper ballots added after the close</dt><dd class="late-papers">1</dd>'
has "late: opened, in English" "<dt>The late count was opened</dt><dd class=\"late-opened\">$(date -d "${opened_at% *}" +%-d) "
has "late: the reason in English too" '<dt>Reason</dt><dd class="late-reason">En stemmeurne fra Nørresundby &lt;b&gt;</dd>'
hasnt "late: nor in English" "$opened_by"
get "results without a late count" 200 "/0730/budget/$rid/results"
hasnt "no late count, no word of one" "Efteroptælling"

# An archived citizen budget (cancelled before voting): not on the front
# page; its page says plainly that it was cancelled and will not be held,
# with no projects as if they were coming
check "a budget to archive" 0 '"id"' -- $sk --json budget create --name "Web aflyst $$" --amount 100000 \
    --voting-from 2099-03-01 --results-on 2099-04-01
aid=$(json 'd["id"]')
$sk budget project "$aid" --title "Aflyst projekt $$" --cost 50000 >/dev/null || echo "not ok - a project to archive"
get "the front page lists it before" 200 /
has "listed before" "href=\"/0730/budget/$aid\""
check "archive it" 0 "archived" -- $sk budget archive "$aid" --yes
get "the front page after" 200 /
hasnt "an archived budget is not listed" "href=\"/0730/budget/$aid\""
hasnt "nor its name" "Web aflyst $$"
get "the archived budget's page" 200 "/0730/budget/$aid"
has "its phase: cancelled" '<dd class="phase phase-archived">Aflyst</dd>'
has "says plainly it was cancelled and will not be held" '<p class="notice">Borgerbudgettet er aflyst og arkiveret. Der bliver ikke stemt om det, og der kommer ikke flere datoer.</p>'
hasnt "no empty info box" '<p class="allows"></p>'
hasnt "no projects as if coming" "Der er ingen projekter endnu"
hasnt "nor its projects" "Aflyst projekt $$"
hasnt "no coming dates" "Kommende datoer"
hasnt "no way to propose an idea" "/idea"
get "the archived budget's page in English" 200 "/0730/budget/$aid?lang=en"
has "its phase in English" '<dd class="phase phase-archived">Cancelled</dd>'
has "said plainly in English" "This citizen budget has been cancelled and archived. There will be no vote on it"
get "the archived budget's vote page" 200 "/0730/budget/$aid/vote"
has "the vote page says it was cancelled" "Borgerbudgettet er aflyst. Der bliver ikke stemt om det."
hasnt "not as if voting were to open" "Afstemningen er ikke åben"
get "the archived budget's receipt page, a made-up receipt" 404 "/0730/budget/$aid/receipt?r=ZZZZ-ZZZZ-ZZZZ-ZZZZ"
has "an archived budget has no ballots" "Borgerbudgettet er aflyst, så der er ingen stemmer at tjekke."
hasnt "a receipt is not confirmed" "Din stemme er modtaget"
get "the archived budget's results page" 200 "/0730/budget/$aid/results"
has "no results will come" "Borgerbudgettet er aflyst og arkiveret."
hasnt "no date for them" "2099"

# Every phase the vote service knows (its CHECK on process.phase) has a
# label and a text on the budget page in both languages, and on the front
# page unless archived (set here in the database: no op skips phases)
phases=$(psql_ -c "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'process_phase_check' AND conrelid = 'vote.process'::regclass" | grep -o "'[a-z_]*'" | tr -d "'")
check "the vote service's phases" 0 "" -- test "$(echo $phases | wc -w)" -ge 7
check "a budget for every phase" 0 '"id"' -- $sk --json budget create --name "Web faser $$" --amount 1000
fid=$(json 'd["id"]')
$sk budget project "$fid" --title "Fase-projekt" --cost 100 >/dev/null
for ph in $phases; do
    psql_ -c "UPDATE vote.process SET phase = '$ph', version = version + 1 WHERE id = $fid"
    for lang in da en; do
        curl -s -o "$tmp/budget-$ph-$lang" "$url/0730/budget/$fid?lang=$lang"
        curl -s -o "$tmp/index-$ph-$lang" "$url/?lang=$lang"
        check "phase $ph ($lang): labelled on the budget page and the front page" 0 "" -- python3 -c "
import re
page = open('$tmp/budget-$ph-$lang', encoding='utf-8').read()
m = re.search(r'<dd class=\"phase phase-$ph\">([^<]*)</dd>', page)
assert m and m.group(1).strip(), 'no label: ' + (m.group(0) if m else page[:300])
m = re.search(r'<p class=\"(allows|notice)\">([^<]*)</p>', page)
assert m and m.group(2).strip(), 'no text: ' + (m.group(0) if m else '')
index = open('$tmp/index-$ph-$lang', encoding='utf-8').read()
m = re.search(r'href=\"/0730/budget/$fid(\\?lang=en)?\">[^<]*</a> <span class=\"phase\">([^<]*)</span>', index)
if '$ph' == 'archived':
    assert not m, m.group(0)
else:
    assert m and m.group(2).strip(), 'not listed with a label: ' + (m.group(0) if m else '')"
    done
done

# A planned date that has passed is not coming, even if its phase has
# not started (staff are late): only later dates are listed as coming
check "a budget whose development was planned for 2020" 0 '"id"' -- $sk --json budget create --name "Web forsinket $$" \
    --amount 1000 --development-from 2020-01-02 --voting-from 2099-03-01
did=$(json 'd["id"]')
get "its page" 200 "/0730/budget/$did"
hasnt "a past date is not coming" "2020-01-02"
has "a later date is" '<time datetime="2099-03-01">1. marts 2099</time>'

# Stories and the public offer, with data made through the CLI
tag=$$
check "a published association" 0 '"id"' -- $sk --json association add --name "Web klub $tag <b>" \
    --description "Fodbold for alle" --has trainer-development:3 --serves youth:2 --publish yes \
    --activity "Pigefodbold $tag;football;children,youth" \
    --contact-name "Kontakt Hemmelig $tag" --email "hemmelig.$tag@example.dk"
club=$(json 'd["id"]')
check "an institution not published" 0 '"id"' -- $sk --json institution add --name "Skjult institution $tag" \
    --institution-type youth_club --publish no
check "a story with consent, in summer" 0 '"id"' -- $sk --json story add --title "Sammen om <banen> $tag" \
    --text "Klubben & firmaet" --date 2026-07-15 --consent yes --parties "$club"
story=$(json 'd["id"]')
check "a story with consent, in winter" 0 "" -- $sk story add --title "Vinterhistorie $tag" \
    --text "Is" --date 2026-01-10 --consent yes
check "a story without consent" 0 "" -- $sk story add --title "Hemmelig historie $tag" \
    --text "Ikke til offentligheden" --date 2026-07-16 --consent no
get "the front page" 200 /
has "links to the municipality's stories" 'href="/0730/stories"'
has "and to its offer" 'href="/0730/offer"'
get "the stories page" 200 /0730/stories
headers "the stories page"
has "the story with consent, escaped" "Sammen om &lt;banen&gt; $tag"
has "its text, escaped" "Klubben &amp; firmaet"
has "its date in Danish" '<time datetime="2026-07-15">15. juli 2026</time>'
has "its party" "Web klub $tag &lt;b&gt;"
hasnt "no story without consent" "Hemmelig historie $tag"
has "a link to the feed" 'href="/0730/stories.rss"'
get "the stories in English" 200 "/0730/stories?lang=en"
has "the date in English" '15 July 2026'
get "the feed" 200 /0730/stories.rss
tr -d '\r' <"$hdr" | grep -qi '^Content-Type: application/rss+xml; charset=utf-8$' && echo "ok - the feed is RSS" || echo "not ok - the feed is RSS"
hasnt "no story without consent in the feed" "Hemmelig historie $tag"
if python3 - "$page" "$tag" <<'PY'
import sys, xml.etree.ElementTree as ET
rss = ET.parse(sys.argv[1]).getroot()
tag = sys.argv[2]
assert rss.tag == "rss" and rss.get("version") == "2.0"
ch = rss.find("channel")
assert ch.find("title").text == "Gode historier om samarbejde · Randers", ch.find("title").text
assert ch.find("link").text.endswith("/0730/stories") and ch.find("description").text
items = {i.find("title").text: i for i in ch.findall("item")}
s = items["Sammen om <banen> " + tag]
assert s.find("description").text == "Klubben & firmaet"
assert s.find("pubDate").text == "Wed, 15 Jul 2026 00:00:00 +0200", s.find("pubDate").text
assert s.find("category").text == "Web klub " + tag + " <b>"
assert s.find("link").text.endswith("/0730/stories#story-" + s.find("guid").text.split("-")[-1])
assert items["Vinterhistorie " + tag].find("pubDate").text == "Sat, 10 Jan 2026 00:00:00 +0100"
assert "Hemmelig historie " + tag not in items
PY
then echo "ok - the feed: RSS 2.0 with the municipality's name, RFC 822 dates in local time, escaped text"
else echo "not ok - the feed"; head -c 1500 "$page" | sed 's/^/#   /'; fi
get "the offer" 200 /0730/offer
has "the published association, escaped" "Web klub $tag &lt;b&gt;"
has "what it has, by its Danish label" "<li>Træner- og lederudvikling</li>"
has "whom it serves" "<li>Unge</li>"
hasnt "no levels to the public" 'class="level"'
hasnt "nor their words" "3 – meget"
has "its activities, as the publish box promises" "<h3>Aktiviteter</h3>"
has "an activity with its type and target groups, by label" "<li><strong>Pigefodbold $tag</strong> <span class=\"kind\">(Fodbold)</span><br>For: Børn, Unge</li>"
hasnt "no party that is not published" "Skjult institution $tag"
hasnt "no contact's name" "Kontakt Hemmelig $tag"
hasnt "no e-mail address" "hemmelig.$tag@example.dk"
get "the offer in English" 200 "/0730/offer?lang=en"
has "the English label" "Trainer and leader development"
has "the activity in English" "(Football)</span><br>For: Children, Young people</li>"
get "an unknown municipality's stories" 404 /9999/stories
get "an unknown municipality's offer" 404 /9999/offer
check "withdraw the story's consent" 0 "" -- $sk story consent "$story" no
get "the stories after the withdrawal" 200 /0730/stories
hasnt "the story has left the page" "Sammen om &lt;banen&gt; $tag"
get "the feed after the withdrawal" 200 /0730/stories.rss
hasnt "and the feed" "Sammen om &lt;banen&gt; $tag"

# A cast that times out is sent again with the same nonce (web_call.c,
# sk_client's Lazy Pirate): the vote service stopped (SIGSTOP) for longer
# than samskab-web's call timeout (web/timeout: 3000 ms, the stack sets
# none), while the citizen's ballot and, a second later, a second click on
# the same form wait; continued before the retry's own timeout, both get
# the same receipt, and one ballot is stored.
costs="10000 20000 30000"
budget retry --amount 100000
cast() { curl -s -o "$tmp/cast$1.html" -c "$jar" -b "$jar" -w '%{http_code} %{time_total}' --data-urlencode "csrf=$csrf" \
    --data-urlencode "code=${codes[0]}" --data-urlencode "nonce=$nonce" --data-urlencode "project=${pids[1]}" \
    "$url$vurl" >"$tmp/cast$1.status"; }
vote_pid=$(cat "$SAMSKAB_VAR/vote.pid")
kill -STOP "$vote_pid"
cast 1 & first=$!
sleep 1
cast 2 & second=$!
sleep 3.3
kill -CONT "$vote_pid"
wait "$first" "$second"
read -r s1 t1 <"$tmp/cast1.status"; read -r s2 t2 <"$tmp/cast2.status"
r1=$(sed -n 's/.*id="receipt">\([0-9A-Z-]*\)<.*/\1/p' "$tmp/cast1.html")
r2=$(sed -n 's/.*id="receipt">\([0-9A-Z-]*\)<.*/\1/p' "$tmp/cast2.html")
if [ "$s1" = 200 ] && [ -n "$r1" ]; then echo "ok - a stalled cast: a receipt"
else echo "not ok - a stalled cast: status $s1, receipt \"$r1\""; head -c 600 "$tmp/cast1.html" | sed 's/^/#   /'; echo; fi
python3 -c "import sys; sys.exit(float(sys.argv[1]) <= 3.0)" "$t1" &&
    echo "ok - after the first try timed out ($t1 s)" || echo "not ok - the cast took $t1 s: no retry was needed"
[ "$s2" = 200 ] && [ "$r2" = "$r1" ] && echo "ok - the second click: the same receipt" ||
    echo "not ok - the second click: status $s2, receipt \"$r2\", want \"$r1\""
check "retry: one code used" 0 '"used":1,' -- $sk --json budget batches "$bid"
check "retry: close" 0 "closed" -- $sk budget phase "$bid" closed --yes
check "retry: the ballots" 0 "" -- $sk --json budget ballots "$bid"
is "retry: one ballot stored, with the receipt" "len(d) == 1 and d[0]['receipt'] == '$r1'"
