#!/usr/bin/env bash
# samskab-web in a real browser: Debian's headless Chromium driven by
# python3-selenium (deps.sh installs both), started by sk_browser.py as in
# the other web suites. A citizen budget made through
# the CLI, with a project titled as a script, is loaded at 1280 and at
# 360 px: the page's text is there, the script is shown as text and never
# runs, nothing scrolls sideways on a phone, and each width leaves a
# screenshot under $SAMSKAB_VAR/screenshots (look at them). Then a vote
# with the keyboard only (Tab, Space and Enter; the ballot page loads
# static/ballot.js, which only adds a counter): the focus goes from the
# skip link through the header and the crumb to the code field and its
# button, then through the boxes to the button; the receipt, which the CLI
# finds among the counted ballots after the close; printed (Chromium's
# print emulation) the receipt is larger and alone.
# A project titled in markup is text on every ballot: the first made, the
# English one, and another voter's, copied from the pools the first kept.
# Every page on the way, and the vote's refusals (a missing, a used, a
# revoked and a mistyped code, which leave the CLI's batch counts as they
# were; too many projects) and notices, in Danish and in English, pass
# tests/integration/web_axe.py: axe-core's WCAG 2.1 A and AA rules at 1280
# and 360 px, no sideways scroll at 320 px and at 200 % zoom, nothing
# from elsewhere (no Content Security Policy message, every src and href
# of the site; an image from elsewhere added to a page is found), and a
# whole-page screenshot at both widths.
. "$(dirname "$0")/lib.sh"
url=$("$SAMSKAB_TOP/deploy/local/stack.sh" web-url "$SAMSKAB_VAR")
shots=$SAMSKAB_VAR/screenshots
mkdir -p "$shots"

# Its dates next year, still to come whenever the suite runs
export SK_NEXT_YEAR=$(($(TZ=Europe/Copenhagen date +%Y) + 1))
check "create" 0 '"id"' -- $sk --json budget create --name "Browser budget $$" --amount 250000 \
    --voting-from $SK_NEXT_YEAR-03-01 --voting-until $SK_NEXT_YEAR-03-21
id=$(json 'd["id"]')
check "a project whose title is a script" 0 "p1" -- $sk budget project "$id" \
    --title "<script>alert(1)</script>" --cost 150000 --description "Legeplads ved åen"
check "a second project" 0 "p2" -- $sk budget project "$id" --title "Bænke i parken" --cost 20000
# A long word for a name, on the front page: it breaks rather than scroll
check "a budget named by a long word" 0 '"id"' -- $sk --json budget create --amount 1000 \
    --name "Borgerbudgetforslagsindsamlingsperiodeafslutningsarrangementsplanlægningsudvalget$$"
# A budget to vote in, with a code
check "a budget to vote in" 0 '"id"' -- $sk --json budget create --name "Browser vote $$" --amount 100000 --max-choices 2
vid=$(json 'd["id"]')
# (a title in markup: the ballot's pools, rendered once and kept, show it as text)
for t in Park Bænke "<i>Lys</i>"; do $sk budget project "$vid" --title "$t" --cost 30000 >/dev/null; done
check "open voting" 0 "voting" -- $sk budget phase "$vid" voting --yes
check "codes" 0 "wrote 5 codes" -- $sk budget codes "$vid" --count 5 --csv "$tmp/codes.csv"
code=$(sed -n 2p "$tmp/codes.csv" | tr -d '\r' | cut -d';' -f4)
code2=$(sed -n 3p "$tmp/codes.csv" | tr -d '\r' | cut -d';' -f4)
code3=$(sed -n 4p "$tmp/codes.csv" | tr -d '\r' | cut -d';' -f4)
code4=$(sed -n 5p "$tmp/codes.csv" | tr -d '\r' | cut -d';' -f4)
code5=$(sed -n 6p "$tmp/codes.csv" | tr -d '\r' | cut -d';' -f4)
check "a code revoked" 0 "1" -- $sk budget revoke "$vid" --code "$code4"
# the fifth code with one character changed: its check digits catch it
mistyped=${code5:0:10}$( [ "${code5:10:1}" = 0 ] && echo 1 || echo 0)${code5:11}

# Debian's python3, where python3-selenium is (another python3 may come first on PATH)
/usr/bin/python3 - "$url" "$id" "$shots" "$$" "$vid" "$code" "$code2" "$code3" "$code4" "$mistyped" "$sk" >"$tmp/py.out" <<'PY' || echo "not ok - the first browser script ran to its end"
import os, subprocess, sys, time
from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoAlertPresentException

url, pid, shots, tag = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
vid, code, code2, code3 = sys.argv[5], sys.argv[6], sys.argv[7], sys.argv[8]
revoked, mistyped, sk = sys.argv[9], sys.argv[10], sys.argv[11]
sys.path.insert(0, os.path.join(os.environ["SAMSKAB_TOP"], "tests/integration"))
import web_axe
from sk_browser import ok, press, start, tab_to

driver = start()
try:
    # A key press or a click that submits returns before the next page has
    # loaded: every lookup waits for its element (sk_browser: up to 10 s),
    # and a check of the address waits for it to change.
    def wait_url(suffix):
        for _ in range(100):
            if driver.current_url.endswith(suffix):
                return True
            time.sleep(0.1)
        return False
    driver.get(url + "/")
    web_axe.check(driver, ok, "index", shots)
    # The scan can fail: a field without a label, added here, is found
    driver.execute_script("document.querySelector('main').appendChild(document.createElement('input'))")
    found = web_axe.scan(driver)
    ok("axe-core finds a field without a label", any(f.startswith("label ") for f in found), repr(found))
    # and an image from elsewhere: the policy refuses it, and it is named
    web_axe.csp_refusals(driver)
    driver.execute_script("var i = document.createElement('img'); i.alt = 'x';"
                          "i.src = 'http://192.0.2.1/x.png'; document.querySelector('main').appendChild(i)")
    time.sleep(0.3)
    ok("web_axe finds an image from elsewhere", web_axe.foreign(driver) == ["img src=http://192.0.2.1/x.png"],
       repr(web_axe.foreign(driver)))
    refused = web_axe.csp_refusals(driver)
    ok("and the Content Security Policy's refusal in the browser's log",
       any("192.0.2.1" in r for r in refused), repr(refused))
    driver.get(url + "/")
    ok("the front page names the budget", "Browser budget " + tag in driver.page_source,
       driver.title)
    driver.find_element(By.LINK_TEXT, "Browser budget " + tag).click()
    ok("its link opens the budget page", wait_url("/0730/budget/" + pid), driver.current_url)
    ok("the page's title", driver.title.startswith("Browser budget " + tag), driver.title)
    ok("in Danish", driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "da")
    web_axe.check(driver, ok, "budget", shots)
    titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".project h3")]
    ok("the script's title is shown as text", "<script>alert(1)</script>" in titles, repr(titles))
    try:
        driver.switch_to.alert
        ok("no alert ran", False, "an alert is open")
    except NoAlertPresentException:
        ok("no alert ran", True)
    ok("no script element in the page",
       driver.execute_script("return document.scripts.length") == 0)
    body = driver.find_element(By.TAG_NAME, "body").text
    for text in ("150.000 kr.", "20.000 kr.", "Legeplads ved åen", "1. marts " + os.environ["SK_NEXT_YEAR"], "Idéer"):
        ok("the page shows " + text, text in body)
    color = driver.execute_script(
        "return getComputedStyle(document.querySelector('header')).backgroundColor")
    ok("the style sheet is applied", color == "rgb(11, 61, 92)", color)
    path = os.path.join(shots, "budget-1280.png")
    web_axe.screenshot(driver, path, 1280)
    ok("a screenshot at 1280 px", os.path.getsize(path) > 5000, str(os.path.getsize(path)))
    driver.find_element(By.CSS_SELECTOR, "a.lang").click()
    ok("English from the language link",
       driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
       and "DKK 150,000" in driver.find_element(By.TAG_NAME, "body").text)
    web_axe.check(driver, ok, "budget-en", shots)
    driver.get(url + "/0730/budget/" + pid)
    driver.set_window_size(360, 800)
    time.sleep(0.2)
    wide = driver.execute_script("return document.documentElement.scrollWidth")
    inner = driver.execute_script("return window.innerWidth")
    ok("nothing scrolls sideways at 360 px", wide <= inner, "%s > %s" % (wide, inner))
    path = os.path.join(shots, "budget-360.png")
    web_axe.screenshot(driver, path, 360)
    ok("a screenshot at 360 px", os.path.getsize(path) > 5000, str(os.path.getsize(path)))
    driver.get(url + "/9999/budget/" + pid)
    ok("an unknown municipality's page says so", "Siden findes ikke" in driver.title, driver.title)
    web_axe.check(driver, ok, "error-404", shots)
    driver.get(url + "/0730/budget/" + pid + "/vote?lang=en")
    ok("a budget not voting says so", "not open" in driver.find_element(By.CLASS_NAME, "notice").text)
    web_axe.check(driver, ok, "vote-closed-en", shots)
    # A vote with the keyboard only: Tab from the top of the code page
    # through the skip link, the header and the crumb to the code field,
    # the code typed, Tab to the button, Enter; on the ballot Tab through
    # the boxes, Space on two, Tab to the button, Enter
    from selenium.webdriver.common.keys import Keys
    driver.set_window_size(1280, 900)
    driver.get(url + "/0730/budget/" + vid)
    driver.find_element(By.LINK_TEXT, "Stem her").click()
    driver.find_element(By.ID, "code")
    web_axe.check(driver, ok, "vote-code", shots)
    driver.get(url + "/0730/budget/" + vid + "/vote")
    head = ["a.skip", "a.home", "a.lang", "crumb a"]
    met = tab_to(driver, head + ["#code"])
    ok("the code page's focus order: skip link, home, language, crumb, code field",
       met == head + ["#code"], repr(met))
    press(driver, code.lower())
    met = press(driver, Keys.TAB)
    ok("then the button", met == "button[submit]", met)
    press(driver, Keys.ENTER)
    boxes = driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")
    ids = ["#" + b.get_attribute("id") for b in boxes]
    met = tab_to(driver, head + ids + ["button[submit]"], then={i: Keys.SPACE for i in ids[:2]})
    ok("the ballot's focus order: skip link, home, language, crumb, each box, the button",
       len(ids) == 3 and met == head + ids + ["button[submit]"], repr(met))
    web_axe.check(driver, ok, "ballot", shots)
    def markup_as_text(name):
        labels = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "form.ballot label")]
        ok(name + ": a title in markup is text", "<i>Lys</i> (30.000 kr.)" in labels
           or "<i>Lys</i> (DKK 30,000)" in labels, repr(labels))
        ok(name + ": and no element", driver.execute_script(
            "return document.querySelectorAll('form.ballot label i').length") == 0)
    markup_as_text("ballot")
    ok("the ballot has a box per project", len(boxes) == 3, str(len(boxes)))
    ok("space ticks a box", all(b.is_selected() for b in boxes[:2]) and not boxes[2].is_selected())
    ok("the focus is still on the button", driver.execute_script(
       "return document.activeElement.type") == "submit")
    press(driver, Keys.ENTER)
    receipt = driver.find_element(By.ID, "receipt").text
    ok("a receipt on the page", len(receipt) == 19 and receipt.count("-") == 3, receipt)
    ok("the code is in no URL", code.lower() not in driver.current_url and code not in driver.current_url,
       driver.current_url)
    path = os.path.join(shots, "receipt-1280.png")
    web_axe.screenshot(driver, path, 1280)
    ok("a screenshot of the receipt", os.path.getsize(path) > 5000)
    web_axe.check(driver, ok, "receipt", shots)
    chosen = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "ul.choices li")]
    ok("the receipt page shows what was chosen", len(chosen) == 2, repr(chosen))
    # Printed (Chromium's print emulation): the receipt alone and large,
    # 2.5rem, where the screen shows at most 2rem; no header, footer or link
    size = "return parseFloat(getComputedStyle(document.getElementById('receipt')).fontSize)"
    shown = lambda css: driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".some(e => getComputedStyle(e).display != 'none')", css)
    screen = driver.execute_script(size)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    printed = driver.execute_script(size)
    ok("printed, the receipt is large", printed >= 40 and printed > screen, "%s px (screen %s px)" % (printed, screen))
    ok("printed, the receipt is there", driver.find_element(By.ID, "receipt").is_displayed()
       and driver.find_element(By.ID, "receipt").text == receipt)
    ok("printed, no header, footer or link", not any(shown(c) for c in ("header", "footer", "main a")))
    web_axe.screenshot(driver, os.path.join(shots, "receipt-print.png"), 1280)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    print("RECEIPT " + receipt)
    # The language link keeps the receipt (it once led to an empty code
    # form), and says the vote is shown after the close
    driver.find_element(By.CSS_SELECTOR, "a.lang").click()
    ok("in English the receipt is kept", driver.find_element(By.ID, "receipt").text == receipt
       and "/receipt?r=" in driver.current_url, driver.current_url)
    ok("and the vote is received", "Your vote has been received" in
       driver.find_element(By.CSS_SELECTOR, "p.notice").text)
    ok("but the choices are not on that page", not driver.find_elements(By.CSS_SELECTOR, ".choices"))
    web_axe.check(driver, ok, "receipt-pending", shots)
    # The refusals, each with its message tied to its field: no code, a
    # used code, too many projects (in English)
    def refused(name, cls):
        err = driver.find_elements(By.CSS_SELECTOR, "." + cls + "[role=alert]")
        ok(name + ": the message is shown and announced", len(err) == 1 and err[0].text, cls)
        web_axe.check(driver, ok, name, shots)
    vote = url + "/0730/budget/" + vid + "/vote"
    driver.get(vote)
    driver.find_element(By.ID, "code").send_keys(Keys.ENTER)
    refused("vote-code-missing", "error")
    ok("the field is marked invalid", driver.find_element(By.ID, "code").get_attribute("aria-invalid") == "true")
    driver.get(vote)
    # A used code is refused on the code form, before any ballot
    driver.find_element(By.ID, "code").send_keys(code + Keys.ENTER)
    refused("vote-code-used", "error")
    ok("vote-code-used: no ballot",
       driver.execute_script("return document.querySelectorAll('form.ballot').length") == 0)
    # A revoked code and a mistyped one, each its own message; neither
    # changes the batch's counts
    def batches():
        return subprocess.run([sk, "--json", "budget", "batches", vid], stdout=subprocess.PIPE,
                              text=True).stdout
    before = batches()
    for name, typed, says in (("vote-code-revoked", revoked, "Koden er spærret"),
                              ("vote-code-mistyped", mistyped, "Koden er skrevet forkert")):
        driver.get(vote)
        driver.find_element(By.ID, "code").send_keys(typed + Keys.ENTER)
        err = driver.find_element(By.ID, "code-error").text
        ok(name + ": its own message", says in err, err)
        refused(name, "error")
        ok(name + ": no ballot",
           driver.execute_script("return document.querySelectorAll('form.ballot').length") == 0)
    after = batches()
    ok("the batch's counts are as they were", '"revoked":1' in before and before == after,
       before + " / " + after)
    driver.get(vote + "?lang=en")
    driver.find_element(By.ID, "code").send_keys(code2 + Keys.ENTER)
    web_axe.check(driver, ok, "ballot-en", shots)
    markup_as_text("ballot-en")
    for box in driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
        box.send_keys(Keys.SPACE)
    driver.find_element(By.CSS_SELECTOR, "form button").click()
    refused("ballot-refused-en", "error")
    # Another voter's ballot in Danish: the pools as kept from the first
    driver.get(vote)
    driver.find_element(By.ID, "code").send_keys(code3 + Keys.ENTER)
    ok("another voter's ballot has a box per project",
       len(driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")) == 3)
    markup_as_text("ballot-kept")
finally:
    driver.quit()
PY
grep -v '^RECEIPT ' "$tmp/py.out"
receipt=$(sed -n 's/^RECEIPT //p' "$tmp/py.out")
check "close" 0 "closed" -- $sk budget phase "$vid" closed --yes
check "the web's receipt counted" 0 "$receipt" -- $sk budget receipt "$vid" "$receipt"

# The other ballots in the browser. A knapsack ballot: the live counter
# (static/ballot.js) follows the boxes and says when a pool is over its
# budget; an over-budget ballot is refused on the page, then a ballot
# within it cast with the keyboard. A cumulative ballot with JavaScript
# off, with the keyboard only: Tab through the page to the code field and
# the button, then through the points fields (two typed in) to the
# button, Enter; no counter, the receipt. A ranked ballot: places
# chosen from selects. Each ballot (the cumulative one in a driver with
# JavaScript on), the counter over the budget and the refusal pass
# web_axe (axe-core, reflow, screenshots at 1280 and 360 px).
ballot_budget() { # NAME OPTIONS...: a budget in voting, three projects, one code
    local name=$1; shift
    check "a $name budget for the browser" 0 '"id"' -- $sk --json budget create --name "Browser $name $$" --amount 100000 "$@"
    local b; b=$(json 'd["id"]')
    for c in 60000 50000 30000; do $sk budget project "$b" --title "Projekt $c" --cost "$c" >/dev/null; done
    check "$name: open voting" 0 "voting" -- $sk budget phase "$b" voting --yes
    check "$name: a code" 0 "wrote 1 code" -- $sk budget codes "$b" --count 1 --csv "$tmp/c.csv"
    echo "$b $(tail -n 1 "$tmp/c.csv" | tr -d '\r' | cut -d';' -f4)" >"$tmp/b.txt"
}
ballot_budget knapsack --ballot knapsack --min-share 50; read -r kid kcode <"$tmp/b.txt"
ballot_budget cumulative --ballot cumulative --points 5; read -r cid ccode <"$tmp/b.txt"
ballot_budget ranked --ballot ranked; read -r rid rcode <"$tmp/b.txt"
/usr/bin/python3 - "$url" "$shots" "$kid" "$kcode" "$cid" "$ccode" "$rid" "$rcode" >"$tmp/py2.out" <<'PY' || echo "not ok - the ballots' browser script ran to its end"
import os, sys, time
sys.path.insert(0, os.path.join(os.environ["SAMSKAB_TOP"], "tests/integration"))
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from selenium.common.exceptions import WebDriverException
from sk_browser import ok, press, start, tab_to
import web_axe

url, shots = sys.argv[1].rstrip("/"), sys.argv[2]
kid, kcode, cid, ccode, rid, rcode = sys.argv[3:9]
axe = lambda d, name: web_axe.check(d, ok, name, shots)

def shoot(d, name):
    """Whole-page screenshots at 1280 and 360 px (web_axe.screenshot);
    nothing may scroll sideways at 360."""
    try:
        for w in (1280, 360):
            path = os.path.join(shots, "%s-%d.png" % (name, w))
            web_axe.screenshot(d, path, w, keep=True)
            if w == 360:
                wide = d.execute_script("return document.documentElement.scrollWidth")
                inner = d.execute_script("return document.documentElement.clientWidth")
                ok(name + ": nothing scrolls sideways at 360 px", wide <= inner, "%s > %s" % (wide, inner))
            ok("a screenshot of %s at %d px" % (name, w), os.path.getsize(path) > 5000)
    finally:
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

def code_form(d, pid, code):
    d.get(url + "/0730/budget/" + pid + "/vote")
    d.find_element(By.ID, "code").send_keys(code + Keys.ENTER)
    d.find_element(By.CSS_SELECTOR, "form.ballot")

receipts = []
try:
    d = start()
    try:
        code_form(d, kid, kcode)
        counter = d.find_element(By.CSS_SELECTOR, ".counter")
        ok("knapsack: the counter shows", counter.is_displayed() and "0 kr. af 100.000 kr." in counter.text, counter.text)
        axe(d, "ballot-knapsack")
        boxes = d.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")
        boxes[0].send_keys(Keys.SPACE)
        ok("knapsack: the counter follows a box", "Valgt: 60.000 kr. af 100.000 kr." in counter.text, counter.text)
        boxes[1].send_keys(Keys.SPACE)
        ok("knapsack: the counter says the pool is over", "110.000 kr. af 100.000 kr. Det er for meget." in counter.text
           and "for meget" in counter.text and "over" in counter.get_attribute("class"), counter.text)
        axe(d, "ballot-knapsack-counter-over")
        boxes[1].send_keys(Keys.ENTER)
        err = d.find_element(By.CSS_SELECTOR, "#ballot-error")
        ok("knapsack: over the budget is refused on the page", "koster mere end puljens beløb" in err.text, err.text)
        axe(d, "ballot-knapsack-refused")
        boxes = d.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")
        ok("knapsack: the choices are kept", boxes[0].is_selected() and boxes[1].is_selected())
        boxes[1].send_keys(Keys.SPACE)
        boxes[2].send_keys(Keys.SPACE)
        boxes[2].send_keys(Keys.ENTER)
        receipts.append(d.find_element(By.ID, "receipt").text)
        code_form(d, rid, rcode)
        selects = d.find_elements(By.CSS_SELECTOR, "select")
        ok("ranked: a select per project", len(selects) == 3, str(len(selects)))
        Select(selects[0]).select_by_visible_text("2. plads")
        Select(selects[2]).select_by_visible_text("1. plads")
        axe(d, "ballot-ranked")
        selects[2].submit()
        receipts.append(d.find_element(By.ID, "receipt").text)
        # The cumulative ballot, scanned here with JavaScript on (its
        # counter too); the code check uses nothing, the cast is below
        code_form(d, cid, ccode)
        d.find_elements(By.CSS_SELECTOR, "input[type=number]")[0].send_keys("2")
        axe(d, "ballot-cumulative")
    finally:
        d.quit()
    d = start(js=False)
    try:
        # With the keyboard only, from the top of the code page
        d.get(url + "/0730/budget/" + cid + "/vote")
        d.find_element(By.ID, "code")
        head = ["a.skip", "a.home", "a.lang", "crumb a"]
        met = tab_to(d, head + ["#code"])
        ok("without JavaScript: the code page's focus order", met == head + ["#code"], repr(met))
        press(d, ccode)
        met = press(d, Keys.TAB)
        ok("without JavaScript: then the button", met == "button[submit]", met)
        press(d, Keys.ENTER)
        d.find_element(By.CSS_SELECTOR, "form.ballot")
        ok("without JavaScript: no counter", not d.find_element(By.CSS_SELECTOR, ".counter").is_displayed())
        fields = ["#" + f.get_attribute("id") for f in d.find_elements(By.CSS_SELECTOR, "input[type=number]")]
        met = tab_to(d, head + fields + ["button[submit]"],
                     then={fields[0]: "2", fields[2]: "3"} if len(fields) == 3 else None)
        ok("without JavaScript: the ballot's focus order, each points field, the button",
           len(fields) == 3 and met == head + fields + ["button[submit]"], repr(met))
        shoot(d, "ballot-cumulative-nojs")
        ok("without JavaScript: the focus is still on the button",
           d.execute_script("return document.activeElement.type") == "submit")
        press(d, Keys.ENTER)
        receipts.append(d.find_element(By.ID, "receipt").text)
        ok("without JavaScript: a receipt", len(receipts[-1]) == 19, receipts[-1])
        chosen = [e.text for e in d.find_elements(By.CSS_SELECTOR, "ul.choices li")]
        ok("without JavaScript: the points as typed", len(chosen) == 2, repr(chosen))
    finally:
        d.quit()
except WebDriverException as e:
    ok("the browser ran", False, str(e).splitlines()[0])
for r in receipts:
    print("RECEIPT " + r)
PY
grep -v '^RECEIPT ' "$tmp/py2.out"
mapfile -t rs < <(sed -n 's/^RECEIPT //p' "$tmp/py2.out")
[ "${#rs[@]}" = 3 ] && echo "ok - three receipts in the browser" || echo "not ok - three receipts in the browser: ${#rs[@]}"
i=0
for b in "$kid" "$rid" "$cid"; do
    check "budget $b: close" 0 "closed" -- $sk budget phase "$b" closed --yes
    check "budget $b: the browser's receipt counted" 0 "${rs[$i]:-none}" -- $sk budget receipt "$b" "${rs[$i]:-none}"
    i=$((i + 1))
done

# The idea form, the receipt check and the results in the browser, each
# scanned by web_axe (axe-core at 1280 and 360 px, reflow, screenshots):
# an idea with a missing title is refused by its field, then sent with the
# keyboard; a published budget's results page has its chart (title and
# text) and every project; its budget page's receipt form finds a ballot
# cast through the CLI, and a receipt that is not there is said so. The
# budget page in every phase (a new budget through ideas, development and
# voting; the first vote's budget, closed, through the tally, publication
# and implementation), and its results page before publication. The
# municipality's stories and offer pages, reached from the front page.
check "a budget to publish" 0 '"id"' -- $sk --json budget create --name "Browser results $$" --amount 100000
pid2=$(json 'd["id"]')
for t in "Park:60000" "Bænke:50000" "Lys:30000"; do $sk budget project "$pid2" --title "${t%%:*}" --cost "${t#*:}" >/dev/null; done
pp=($($sk --json budget projects "$pid2" | python3 -c "import json,sys; print(' '.join(str(p['id']) for p in json.load(sys.stdin)))"))
check "results budget: voting" 0 "voting" -- $sk budget phase "$pid2" voting --yes
check "results budget: codes" 0 "wrote 2 codes" -- $sk budget codes "$pid2" --count 2 --csv "$tmp/pc.csv"
pc=($(tail -n +2 "$tmp/pc.csv" | tr -d '\r' | cut -d';' -f4))
check "a ballot through the CLI" 0 "" -- $sk --json budget cast "$pid2" --code "${pc[0]}" --projects "${pp[0]},${pp[2]}"
prcpt=$(json 'd["receipt"]')
check "a second ballot" 0 "" -- $sk budget cast "$pid2" --code "${pc[1]}" --projects "${pp[1]}"
check "results budget: close, tally, publish" 0 "published" -- sh -c "$sk budget phase $pid2 closed --yes >/dev/null && $sk budget tally $pid2 >/dev/null && $sk budget phase $pid2 published --yes"
check "a budget to step through the phases" 0 '"id"' -- $sk --json budget create --name "Browser phases $$" --amount 100000 \
    --voting-from 2027-03-01 --voting-until 2027-03-21 --results-on 2027-04-01
phid=$(json 'd["id"]')
$sk budget project "$phid" --title "Skaterbane" --cost 40000 >/dev/null
# The stories and the offer, scanned with a story and a party of their own
check "a published association for the browser" 0 '"id"' -- $sk --json association add --name "Browserklubben $$" \
    --description "Svømning om morgenen" --has trainer-development:2 --serves youth --publish yes
check "a story for the browser" 0 "" -- $sk story add --title "Browserhistorie $$" \
    --text "Klubben og skolen svømmer sammen." --date 2026-09-01 --consent yes --parties "$(json 'd["id"]')"
/usr/bin/python3 - "$url" "$shots" "$id" "$pid2" "$prcpt" "$phid" "$vid" "$sk" "$$" >"$tmp/py3.out" <<'PY' || echo "not ok - the last browser script ran to its end"
import os, subprocess, sys
sys.path.insert(0, os.path.join(os.environ["SAMSKAB_TOP"], "tests/integration"))
import web_axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import WebDriverException
from sk_browser import ok, start

url, shots, iid, pid, receipt = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
phid, vid, sk, tag = sys.argv[6], sys.argv[7], sys.argv[8], sys.argv[9]
axe = lambda d, name: web_axe.check(d, ok, name, shots)

def step(pid, *args):
    """The CLI moves budget pid on (budget phase ID PHASE, or budget tally ID)."""
    r = subprocess.run([sk, "budget", args[0], pid] + list(args[1:]), stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    ok("budget %s: %s" % (pid, " ".join(args)), r.returncode == 0, r.stderr.strip())

try:
    d = start()
    try:
        d.get(url + "/0730/budget/" + iid)
        d.find_element(By.LINK_TEXT, "Foreslå en idé").click()
        d.find_element(By.ID, "text").send_keys("Legeplads for de mindste")
        d.find_element(By.ID, "title").send_keys(Keys.ENTER)
        err = d.find_element(By.ID, "title-error")
        ok("an idea without a title: the message by the field", "Skriv en titel" in err.text, err.text)
        ok("the text is kept", d.find_element(By.ID, "text").get_attribute("value") == "Legeplads for de mindste")
        axe(d, "idea-error")
        d.find_element(By.ID, "title").send_keys("Legeplads ved åen" + Keys.ENTER)
        done = d.find_element(By.CSS_SELECTOR, "p.done")
        ok("the idea is received", done.text == "Legeplads ved åen"
           and "Tak for din idé" in d.find_element(By.TAG_NAME, "h1").text, done.text)
        axe(d, "idea-received")
        d.get(url + "/0730/budget/" + pid)
        d.find_element(By.ID, "r").send_keys(receipt.lower() + Keys.ENTER)
        items = [e.text for e in d.find_elements(By.CSS_SELECTOR, "ul.choices li")]
        ok("the receipt form shows the ballot as counted", len(items) == 2 and items[0].startswith("Park")
           and items[1].startswith("Lys"), repr(items))
        axe(d, "receipt-check")
        d.get(url + "/0730/budget/" + pid + "/receipt?r=AAAA-BBBB-CCCC-DDDD")
        err = d.find_element(By.CSS_SELECTOR, "[role=alert]")
        ok("a receipt not there is said so", err.text != "", d.page_source[:300])
        axe(d, "receipt-not-found")
        d.get(url + "/0730/budget/" + pid)
        d.find_element(By.LINK_TEXT, "Se resultatet").click()
        svg = d.find_element(By.CSS_SELECTOR, "figure.chart svg")
        ok("the chart is drawn", svg.size["width"] > 200 and len(svg.find_elements(By.TAG_NAME, "rect")) == 3,
           str(svg.size))
        ok("the chart has a title", d.find_element(By.ID, "chart-1-title").get_attribute("textContent") == "Stemmer pr. projekt")
        rows = [e.text for e in d.find_elements(By.CSS_SELECTOR, "table.results tbody th")]
        ok("every project, winners first", len(rows) == 3, repr(rows))
        ok("no script on the results page", d.execute_script("return document.scripts.length") == 0)
        axe(d, "results")
        # The budget page in each phase
        d.get(url + "/0730/budget/" + phid)
        axe(d, "budget-ideas")
        for phase in ("development", "voting"):
            step(phid, "phase", phase, "--yes")
            d.get(url + "/0730/budget/" + phid)
            axe(d, "budget-" + phase)
        d.get(url + "/0730/budget/" + vid)
        axe(d, "budget-closed")
        step(vid, "tally")
        d.get(url + "/0730/budget/" + vid + "/results")
        axe(d, "results-not-yet")
        d.get(url + "/0730/budget/" + phid + "/results")
        ok("the results page says when they come",
           "1. april 2027" in d.find_element(By.CSS_SELECTOR, "p.notice").text)
        axe(d, "results-due")
        for phase in ("published", "implementation"):
            step(vid, "phase", phase, "--yes")
            d.get(url + "/0730/budget/" + vid)
            axe(d, "budget-" + phase)
        d.get(url + "/")
        d.find_elements(By.CSS_SELECTOR, "a[href='/0730/stories']")[0].click()
        ok("the stories page shows the story", "Browserhistorie " + tag in d.page_source, d.title)
        axe(d, "stories")
        d.get(url + "/")
        d.find_elements(By.CSS_SELECTOR, "a[href='/0730/offer']")[0].click()
        ok("the offer page shows the association", "Browserklubben " + tag in d.page_source, d.title)
        axe(d, "offer")
    finally:
        d.quit()
except WebDriverException as e:
    ok("the browser ran", False, str(e).splitlines()[0])
PY
cat "$tmp/py3.out"
check "the browser's idea is there" 0 "Legeplads ved åen" -- $sk budget ideas "$id"
