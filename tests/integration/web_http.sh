#!/usr/bin/env bash
# samskab-web over HTTP (curl) against the running stack (tests/run.sh):
# the front page and a citizen budget made through the CLI, in Danish and
# in English; a project title with a script in it is escaped; unknown
# municipalities, processes and paths are 404; other methods 405; a
# request body over the limit 413; the security headers on every
# response; no query string in the log. A whole vote: the code form, the
# ballot, the receipt, the same receipt for a second click; a used, a
# mistyped and a revoked code, an over-long ballot and a form whose nonce
# was altered each get a clear message; a missing or tampered CSRF token
# or cookie is refused; no code in the log; the receipt shows the ballot after the close.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

check "samskab-web --check reads its configuration and templates" 0 "fine" -- \
    "$SAMSKAB_BIN/samskab-web" --check
check "samskab-web -c FILE, as systemd starts it" 0 "fine" -- \
    env -u SAMSKAB_CONFIG "$SAMSKAB_BIN/samskab-web" -c "$SAMSKAB_CONFIG" --check
check "samskab-web refuses an unknown argument" 2 "usage" -- "$SAMSKAB_BIN/samskab-web" --nope
check "samskab-web refuses a missing template folder" 1 "could not open template folder" -- \
    env SAMSKAB_WEB_TEMPLATES=/nonexistent "$SAMSKAB_BIN/samskab-web" --check

# A citizen budget with two pools, dates, and a hostile project; its dates
# next year, still to come whenever the suite runs
next=$(($(TZ=Europe/Copenhagen date +%Y) + 1))
check "create" 0 '"id"' -- $sk --json budget create --name "Web <b>budget</b> $$" --amount 300000 \
    --pool "store:200000" --pool "små:100000" --max-choices 2 \
    --voting-from $next-03-01 --voting-until $next-03-21
id=$(json 'd["id"]')
check "a project whose title is a script" 0 "p1" -- $sk budget project "$id" \
    --title "<script>alert(1)</script>" --cost 150000 --pool store \
    --description "\" onmouseover=\"alert(2)\" & more"
check "a plain project" 0 "p2" -- $sk budget project "$id" --title "Bænke ved åen" --cost 20000 --pool små

get "front page" 200 /
headers "front page"
has "front page in Danish" '<html lang="da">'
has "front page lists Randers" "Randers"
has "front page: associations find the way in" '<p class="parties">Forening, virksomhed, institution eller frivillig? Her ser I kommunens forslag til samarbejde, jeres aftaler og jeres profil. <a href="/login">Log ind med jeres e-mailadresse</a></p>'
has "front page links the budget" "href=\"/0730/budget/$id\""
has "its name escaped on the front page" "Web &lt;b&gt;budget&lt;/b&gt; $$"
tr -d '\r' <"$hdr" | grep -qi '^Content-Type: text/html; charset=utf-8$' &&
    echo "ok - front page is UTF-8 HTML" || echo "not ok - front page is UTF-8 HTML"
# The site's icon (every browser asks for /favicon.ico): an SVG of
# static/, linked from every page, and /favicon.ico answered with it
has "every page links the icon" '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
for icon in /static/favicon.svg /favicon.ico; do
    get "the icon at $icon" 200 "$icon"
    headers "the icon at $icon"
    tr -d '\r' <"$hdr" | grep -qi '^Content-Type: image/svg+xml$' && echo "ok - $icon is SVG" || echo "not ok - $icon is SVG"
    has "$icon: an SVG, no external asset" '<svg xmlns="http://www.w3.org/2000/svg"'
    hasnt "$icon: nothing it fetches" 'href='
done

get "budget page" 200 "/0730/budget/$id"
headers "budget page"
has "the script is escaped" "<h4>&lt;script&gt;alert(1)&lt;/script&gt;</h4>"
hasnt "no script element" "<script"
has "the description's quotes are escaped" "&quot; onmouseover=&quot;alert(2)&quot; &amp; more"
hasnt "no attribute from the description" "onmouseover=\"alert"
has "a cost in Danish" "150.000 kr."
has "the pool's budget in Danish" "200.000 kr."
has "each pool named" "Pulje: små"
has "the phase" "Idéer"
has "what the phase allows" "foreslå idéer"
has "a date in Danish" "<time datetime=\"$next-03-01\">1. marts $next</time>"
has "the most choices" "2"
has "the link to English" "href=\"/0730/budget/$id?lang=en\""
has "non-ASCII text as UTF-8" "Bænke ved åen"

get "budget page in English" 200 "/0730/budget/$id?lang=en"
has "in English" '<html lang="en">'
has "a cost in English" "DKK 150,000"
has "a date in English" "21 March $next"
has "the phase in English" "Citizens and associations can propose ideas"
has "links keep English" 'href="/?lang=en"'
get "an unknown language is Danish" 200 "/0730/budget/$id?lang=xx"
has "Danish for ?lang=xx" '<html lang="da">'

get "an unknown kommunekode" 404 "/9999/budget/$id"
headers "404 page"
has "a 404 page in Danish" "Siden findes ikke"
get "another municipality's process" 404 "/0461/budget/$id"
get "an unknown process" 404 "/0730/budget/999999"
get "a process id that is no number" 404 "/0730/budget/1x"
get "a process id with a leading zero" 404 "/0730/budget/0$id"
get "a path below a budget" 404 "/0730/budget/$id/nope"
get "an unknown path" 404 "/nope"
get "a 404 in English" 404 "/nope?lang=en"
has "a 404 page in English" "Page not found"

get "POST is not allowed" 405 / -X POST -d x=1
headers "405 page"
tr -d '\r' <"$hdr" | grep -qi '^Allow: GET, HEAD$' && echo "ok - 405 names the allowed methods" ||
    echo "not ok - 405 names the allowed methods"
get "a request body over 16 KiB" 413 / -X POST -H "Content-Type: application/octet-stream" \
    --data-binary @<(head -c 20000 /dev/zero)
get "HEAD" 200 / -I
get "the style sheet" 200 /static/web.css
headers "style sheet"
tr -d '\r' <"$hdr" | grep -qi '^Content-Type: text/css' && echo "ok - the style sheet is text/css" ||
    echo "not ok - the style sheet is text/css"
get "headers over the memory limit" 431 / -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)"

# Keep-alive: two requests on one connection
curl -sv -o /dev/null -o /dev/null "$url/" "$url/static/web.css" 2>"$tmp/v"
has "two requests on one connection" "Re-using existing connection" "$tmp/v"

# Nothing from a query string reaches the log
get "a query that must not be logged" 200 "/?lang=en&r=SECRETRECEIPT"
hasnt "the log has no query string" "SECRETRECEIPT" "$SAMSKAB_VAR/web.log"

# Voting: the code form, the ballot, the receipt (curl with a cookie jar)
jar=$tmp/jar
check "a budget to vote in" 0 '"id"' -- $sk --json budget create --name "Web vote $$" --amount 300000 --max-choices 2 \
    --voting-from $next-03-01 --voting-until $next-03-21 --results-on $next-03-28
vid=$(json 'd["id"]')
for t in Park Bænke Lys; do $sk budget project "$vid" --title "$t" --cost 50000 >/dev/null; done
pids=($($sk --json budget projects "$vid" | python3 -c "import json,sys; print(' '.join(str(p['id']) for p in json.load(sys.stdin)))"))
get "the vote page before voting opens" 200 "/0730/budget/$vid/vote"
has "says voting is not open" "Afstemningen er ikke åben"
hasnt "no code form before voting" 'name="code"'
check "open voting" 0 "voting" -- $sk budget phase "$vid" voting --yes
check "codes" 0 "wrote 4 codes" -- $sk budget codes "$vid" --count 4 --csv "$tmp/codes.csv"
codes=($(tail -n +2 "$tmp/codes.csv" | tr -d '\r' | cut -d';' -f4))
get "the budget page links the vote" 200 "/0730/budget/$vid"
hasnt "voting opened early: its planned opening date is not shown" "Afstemningen åbner"
has "the dates still to come are" "<time datetime=\"$next-03-21\">21. marts $next</time>"
has "a link to vote" "href=\"/0730/budget/$vid/vote\""
vurl=/0730/budget/$vid/vote
get "the code form" 200 "$vurl" -c "$jar" -b "$jar"
has "a labelled code field" '<label for="code">Din kode</label>'
tr -d '\r' <"$hdr" | grep -qi '^Set-Cookie: sk_csrf=[0-9a-f]\{32\}; Path=/; HttpOnly; SameSite=Strict$' &&
    echo "ok - the CSRF cookie is HttpOnly and SameSite=Strict" || echo "not ok - the CSRF cookie is HttpOnly and SameSite=Strict"
tr -d '\r' <"$hdr" | grep -qi '^Cache-Control: no-store$' && echo "ok - the vote page is not cached" ||
    echo "not ok - the vote page is not cached"
has "the form posts to the page itself" "action=\"$vurl\""
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$page")
post "a code" 200 "csrf=$csrf" "code=${codes[0],,}"
has "the ballot has a box per project" "value=\"${pids[2]}\""
has "the ballot carries the code in the body" "name=\"code\" value=\"${codes[0],,}\""
nonce=$(sed -n 's/.*name="nonce" value="\([^"]*\)".*/\1/p' "$page")
post "too many projects" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "project=${pids[0]}" "project=${pids[1]}" "project=${pids[2]}"
has "over the most choices: a clear message" "Du har valgt for mange projekter i en pulje"
has "the choices are kept" "value=\"${pids[2]}\" id=\"project-${pids[2]}\" checked"
post "a ballot" 200 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "project=${pids[0]}" "project=${pids[1]}"
receipt=$(sed -n 's/.*id="receipt">\([0-9A-Z-]*\)<.*/\1/p' "$page")
[[ $receipt =~ ^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$ ]] && echo "ok - a receipt" || echo "not ok - a receipt: \"$receipt\""
has "the receipt page shows the voter's choices, a plain list: an approval ballot is no ranking" '<ul class="choices"><li>Park <span class="cost">(50.000 kr.)</span></li><li>Bænke <span class="cost">(50.000 kr.)</span></li></ul>'
hasnt "no numbered list" '<ol class="choices">'
has "its English link keeps the receipt" "href=\"/0730/budget/$vid/receipt?r=$receipt&amp;lang=en\" hreflang=\"en\""
hasnt "not an empty code form in English" "href=\"$vurl?lang=en\""
get "the receipt in English before the close" 200 "/0730/budget/$vid/receipt?r=$receipt&lang=en"
has "the receipt kept" "id=\"receipt\">$receipt<"
has "says the vote is received and shown after the close" "Your vote has been received. When voting has closed, it is shown here as it was counted."
hasnt "no choices on a page anyone with the link can open" "Park"
has "and back to Danish, the receipt kept" "href=\"/0730/budget/$vid/receipt?r=$receipt&amp;lang=da\""
get "a receipt page that is no receipt, before the close" 400 "/0730/budget/$vid/receipt?r=%3Cb%3E"
has "says how to type a receipt" "skriv den som på din kvittering: XXXX-XXXX-XXXX-XXXX"
has "what was typed kept, escaped" 'value="&lt;b&gt;"'
hasnt "not confirmed as received" "Din stemme er modtaget"
post "the same ballot again (a second click)" 200 "csrf=$csrf" "code=${codes[0]}" "nonce=$nonce" "project=${pids[0]}" "project=${pids[1]}"
has "the same receipt, cast once" "id=\"receipt\">$receipt<"
post "the used code with another ballot" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=x$nonce" "project=${pids[2]}"
has "a used code: a clear message" "Koden er allerede brugt"
has "the message is tied to the field" 'aria-describedby="code-hint code-error"'
post "the used code with a crafted short nonce" 422 "csrf=$csrf" "code=${codes[0]}" "nonce=other" "project=${pids[2]}"
has "an altered form: its own message, to start again" "Stemmesedlen er forældet eller ændret, så den er ikke afgivet"
hasnt "not the ballot's rules" "overholder ikke reglerne"
has "with the code form" 'id="code" name="code"'
bad=${codes[1]:0:10}; bad=$bad$( [ "${codes[1]:10:1}" = 0 ] && echo 1 || echo 0)
post "a mistyped code" 422 "csrf=$csrf" "code=$bad" "nonce=$nonce-2" "project=${pids[0]}"
has "a mistyped code: a clear message" "Koden er skrevet forkert"
check "revoke a code" 0 "1" -- $sk budget revoke "$vid" --code "${codes[2]}"
post "a revoked code" 422 "csrf=$csrf" "code=${codes[2]}" "nonce=$nonce-3" "project=${pids[0]}"
has "a revoked code: a clear message" "Koden er spærret"
# The code is checked before the ballot is shown (vote.code.check)
post "a used code at the code form" 422 "csrf=$csrf" "code=${codes[0]}"
has "a used code is refused before the ballot" "Koden er allerede brugt"
hasnt "no ballot for a used code" 'name="nonce"'
has "the message is tied to the code field" 'aria-describedby="code-hint code-error" aria-invalid="true"'
post "a revoked code at the code form" 422 "csrf=$csrf" "code=${codes[2]}"
has "a revoked code is refused before the ballot" "Koden er spærret"
post "a mistyped code at the code form" 422 "csrf=$csrf" "code=$bad"
has "a mistyped code is refused before the ballot" "Koden er skrevet forkert"
has "the mistyped code stays in its field, to be corrected" "maxlength=\"40\" value=\"$bad\" required"
check "a code of another budget" 0 "wrote 1 code" -- $sk budget codes "$id" --count 1 --csv "$tmp/other.csv"
other=$(tail -n 1 "$tmp/other.csv" | tr -d '\r' | cut -d';' -f4)
post "another budget's code at the code form" 422 "csrf=$csrf" "code=$other"
has "another budget's code is refused before the ballot" "Koden findes ikke i denne afstemning"
hasnt "no ballot for an unknown code" 'name="nonce"'
post "the unused code is shown its ballot" 200 "csrf=$csrf" "code=${codes[1]}"
has "a valid code gets the ballot" 'name="nonce"'
check "checking a code consumed nothing" 0 '"used":1,' -- $sk --json budget batches "$vid"
post "no code" 200 "csrf=$csrf" "code="
has "no code: asked for it" "Skriv din kode"
get "a POST without the CSRF token" 403 "$vurl" -c "$jar" -b "$jar" --data-urlencode "code=${codes[1]}"
get "a POST without the cookie" 403 "$vurl" --data-urlencode "csrf=$csrf" --data-urlencode "code=${codes[1]}"
get "a CSRF token of another budget" 403 "/0730/budget/$id/vote" -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "code=${codes[1]}"
get "a tampered CSRF token" 403 "$vurl" -c "$jar" -b "$jar" --data-urlencode "csrf=${csrf}x" --data-urlencode "code=${codes[1]}"
get "a form over 16 KiB" 413 "$vurl" -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "code=$(head -c 20000 /dev/zero | tr '\0' a)"
post "the unused code still works" 200 "csrf=$csrf" "code=${codes[1]}" "nonce=$nonce-4" "project=${pids[2]}"
has "a second receipt" 'id="receipt">'
hasnt "no code in the log" "${codes[0]}" "$SAMSKAB_VAR/web.log"
hasnt "no code in the log, as typed" "${codes[0],,}" "$SAMSKAB_VAR/web.log"
check "close" 0 "closed" -- $sk budget phase "$vid" closed --yes
check "the receipt shows the ballot as cast" 0 "${pids[1]}" -- $sk --json budget receipt "$vid" "$receipt"
get "the vote page after the close" 200 "$vurl"
has "says voting has ended after the close" "Afstemningen er slut."
hasnt "not as if it were still to open" "Afstemningen er ikke åben"
hasnt "no results link before they are published" "/0730/budget/$vid/results"

# Behind TLS (web/secure_cookies = 1): a second instance on the next port
port=${url##*:}; port=$((port + 1))
SAMSKAB_WEB_SECURE_COOKIES=1 SAMSKAB_WEB_LISTEN=127.0.0.1:$port SAMSKAB_WEB_CODE_ATTEMPTS=3 SAMSKAB_WEB_IDEA_ATTEMPTS=2 \
    SAMSKAB_WEB_TRUSTED_PROXY=127.0.0.1 "$SAMSKAB_BIN/samskab-web" 2>"$tmp/web2.log" &
web2=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
curl -s -o /dev/null -D "$hdr" "http://127.0.0.1:$port/0730/budget/$vid/vote"
tr -d '\r' <"$hdr" | grep -qi '^Set-Cookie: sk_csrf=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict; Secure$' &&
    echo "ok - behind TLS the cookie is Secure" || { echo "not ok - behind TLS the cookie is Secure"; sed 's/^/#   /' "$hdr" "$tmp/web2.log"; }
# Rate limits per address (here the trusted proxy's X-Forwarded-For):
# three refused codes a minute, then every code POST waits; right codes
# are not counted (a citizens' meeting on one Wi-Fi address), and ideas
# have a bucket of their own (two a minute here)
check "a budget for the limits" 0 '"id"' -- $sk --json budget create --name "Web limits $$" --amount 1000
lid=$(json 'd["id"]')
check "its project, voting, a code" 0 "wrote 1" -- sh -c "$sk budget project $lid --title L --cost 10 >/dev/null && $sk budget phase $lid voting --yes >/dev/null && $sk budget codes $lid --count 1 --csv $tmp/lcodes.csv"
lcode=$(tail -n 1 "$tmp/lcodes.csv" | tr -d '\r' | cut -d';' -f4)
jar2=$tmp/jar2
p2() { curl -s -o "$page" -D "$hdr" -w '%{http_code}' -c "$jar2" -b "$jar2" -H "X-Forwarded-For: $1" "${@:3}" "http://127.0.0.1:$port$2"; }
p2 192.0.2.9 "/0730/budget/$lid/vote" >/dev/null
lcsrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$page")
for i in 1 2 3 4 5; do
    s2=$(p2 192.0.2.3 "/0730/budget/$lid/vote" --data-urlencode "csrf=$lcsrf" --data-urlencode "code=$lcode")
    [ "$s2" = 200 ] && echo "ok - a right code $i from one address: 200" || echo "not ok - a right code $i from one address: $s2"
done
minute_room
for i in 1 2 3; do
    s2=$(p2 192.0.2.1 "/0730/budget/$lid/vote" --data-urlencode "csrf=$lcsrf" --data-urlencode "code=WRONG-CODE$i")
    [ "$s2" = 422 ] && echo "ok - a refused code $i from one address: 422" || echo "not ok - a refused code $i from one address: $s2"
done
s2=$(p2 192.0.2.1 "/0730/budget/$lid/vote" --data-urlencode "csrf=$lcsrf" --data-urlencode "code=$lcode")
[ "$s2" = 429 ] && echo "ok - after three refused codes in a minute, even a right one: 429" || echo "not ok - after three refused codes in a minute: $s2"
has "a clear message to wait" "Vent et minut"
hasnt "in words for any form, not only codes" "koder"
tr -d '\r' <"$hdr" | grep -qi '^Retry-After: 60$' && echo "ok - Retry-After" || echo "not ok - Retry-After"
s2=$(p2 192.0.2.2 "/0730/budget/$lid/vote" --data-urlencode "csrf=$lcsrf" --data-urlencode "code=WRONG-CODE0")
[ "$s2" = 422 ] && echo "ok - another address is not limited" || echo "not ok - another address is not limited: $s2"
p2 192.0.2.9 "/0730/budget/$id/idea" >/dev/null
icsrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$page")
minute_room
for i in 1 2; do
    s2=$(p2 192.0.2.1 "/0730/budget/$id/idea" --data-urlencode "csrf=$icsrf" --data-urlencode "title=Grænseidé $i $$")
    [ "$s2" = 200 ] && echo "ok - idea $i from the address whose codes are limited: 200" || echo "not ok - idea $i from the limited address: $s2"
done
s2=$(p2 192.0.2.1 "/0730/budget/$id/idea" --data-urlencode "csrf=$icsrf" --data-urlencode "title=Grænseidé 3 $$")
[ "$s2" = 429 ] && echo "ok - the third idea in a minute: 429" || echo "not ok - the third idea in a minute: $s2"
kill -TERM "$web2"; wait "$web2"
echo "ok - the second instance stopped on SIGTERM with status $?" | sed 's/^ok\(.*status [1-9]\)/not ok\1/'

# The database away: the vote service answers unavailable, the page 503
"$SAMSKAB_TOP/deploy/local/stack.sh" pg-stop "$SAMSKAB_VAR"
get "a budget while the database is down" 503 "/0730/budget/$id"
has "a 503 page says to try again" "Prøv igen"
"$SAMSKAB_TOP/deploy/local/stack.sh" pg-start "$SAMSKAB_VAR"
eventually "the page again once the database is back" "150.000 kr." -- curl -sf "$url/0730/budget/$id"
