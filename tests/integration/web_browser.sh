#!/usr/bin/env bash
# samskab-web in a real browser: Debian's headless Chromium driven by
# python3-selenium (deps.sh installs both). A citizen budget made through
# the CLI, with a project titled as a script, is loaded at 1280 and at
# 360 px: the page's text is there, the script is shown as text and never
# runs, nothing scrolls sideways on a phone, and each width leaves a
# screenshot under $SAMSKAB_VAR/screenshots (look at them). Then a vote
# with the keyboard only (no page has a script): the code, two boxes, the
# receipt, which the CLI finds among the counted ballots after the close.
# Every page on the way, and the vote's refusals (a missing, a used code,
# too many projects) and notices, in Danish and in English, pass
# tests/integration/web_axe.py: axe-core's WCAG 2.1 A and AA rules at 1280
# and 360 px, no sideways scroll at 320 px and at 200 % zoom, and a
# screenshot at both widths.
. "$(dirname "$0")/lib.sh"
url=$("$SAMSKAB_TOP/deploy/local/stack.sh" web-url "$SAMSKAB_VAR")
shots=$SAMSKAB_VAR/screenshots
mkdir -p "$shots"

check "create" 0 '"id"' -- $sk --json budget create --name "Browser budget $$" --amount 250000 \
    --voting-from 2027-03-01 --voting-until 2027-03-21
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
for t in Park Bænke Lys; do $sk budget project "$vid" --title "$t" --cost 30000 >/dev/null; done
check "open voting" 0 "voting" -- $sk budget phase "$vid" voting
check "codes" 0 "wrote 2 codes" -- $sk budget codes "$vid" --count 2 --csv "$tmp/codes.csv"
code=$(sed -n 2p "$tmp/codes.csv" | tr -d '\r' | cut -d';' -f4)
code2=$(sed -n 3p "$tmp/codes.csv" | tr -d '\r' | cut -d';' -f4)

# Debian's python3, where python3-selenium is (another python3 may come first on PATH)
/usr/bin/python3 - "$url" "$id" "$shots" "$$" "$vid" "$code" "$code2" >"$tmp/py.out" <<'PY'
import os, sys, time
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoAlertPresentException, WebDriverException

url, pid, shots, tag = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
vid, code, code2 = sys.argv[5], sys.argv[6], sys.argv[7]
sys.path.insert(0, os.path.join(os.environ["SAMSKAB_TOP"], "tests/integration"))
import web_axe

def ok(name, cond, detail=""):
    print(("ok - " if cond else "not ok - ") + name + ("" if cond else ": " + detail))

opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
          "--window-size=1280,900", "--lang=da"):
    opts.add_argument(a)
try:
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
except WebDriverException as e:
    ok("chromium starts", False, str(e).splitlines()[0])
    sys.exit(1)
try:
    driver.set_page_load_timeout(20)
    # A key press or a click that submits returns before the next page has
    # loaded: every lookup waits for its element (up to 10 s), and a check
    # of the address waits for it to change.
    driver.implicitly_wait(10)
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
    for text in ("150.000 kr.", "20.000 kr.", "Legeplads ved åen", "1. marts 2027", "Idéer"):
        ok("the page shows " + text, text in body)
    color = driver.execute_script(
        "return getComputedStyle(document.querySelector('header')).backgroundColor")
    ok("the style sheet is applied", color == "rgb(11, 61, 92)", color)
    path = os.path.join(shots, "budget-1280.png")
    driver.save_screenshot(path)
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
    driver.save_screenshot(path)
    ok("a screenshot at 360 px", os.path.getsize(path) > 5000, str(os.path.getsize(path)))
    driver.get(url + "/9999/budget/" + pid)
    ok("an unknown municipality's page says so", "Siden findes ikke" in driver.title, driver.title)
    web_axe.check(driver, ok, "error-404", shots)
    driver.get(url + "/0730/budget/" + pid + "/vote?lang=en")
    ok("a budget not voting says so", "not open" in driver.find_element(By.CLASS_NAME, "notice").text)
    web_axe.check(driver, ok, "vote-closed-en", shots)
    # A vote with the keyboard: the code, Enter, Space on two boxes, Enter
    from selenium.webdriver.common.keys import Keys
    driver.set_window_size(1280, 900)
    driver.get(url + "/0730/budget/" + vid)
    driver.find_element(By.LINK_TEXT, "Stem her").click()
    field = driver.find_element(By.ID, "code")
    web_axe.check(driver, ok, "vote-code", shots)
    field.send_keys(code.lower() + Keys.ENTER)
    boxes = driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")
    web_axe.check(driver, ok, "ballot", shots)
    ok("the ballot has a box per project", len(boxes) == 3, str(len(boxes)))
    for box in boxes[:2]:
        box.send_keys(Keys.SPACE)
    ok("space ticks a box", all(b.is_selected() for b in boxes[:2]))
    boxes[0].send_keys(Keys.ENTER)
    receipt = driver.find_element(By.ID, "receipt").text
    ok("a receipt on the page", len(receipt) == 19 and receipt.count("-") == 3, receipt)
    ok("the code is in no URL", code.lower() not in driver.current_url and code not in driver.current_url,
       driver.current_url)
    path = os.path.join(shots, "receipt-1280.png")
    driver.save_screenshot(path)
    ok("a screenshot of the receipt", os.path.getsize(path) > 5000)
    web_axe.check(driver, ok, "receipt", shots)
    print("RECEIPT " + receipt)
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
    driver.find_element(By.ID, "code").send_keys(code + Keys.ENTER)
    driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")[0].send_keys(Keys.SPACE)
    driver.find_element(By.CSS_SELECTOR, "form button").click()
    refused("vote-code-used", "error")
    driver.get(vote + "?lang=en")
    driver.find_element(By.ID, "code").send_keys(code2 + Keys.ENTER)
    web_axe.check(driver, ok, "ballot-en", shots)
    for box in driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
        box.send_keys(Keys.SPACE)
    driver.find_element(By.CSS_SELECTOR, "form button").click()
    refused("ballot-refused-en", "error")
finally:
    driver.quit()
PY
grep -v '^RECEIPT ' "$tmp/py.out"
receipt=$(sed -n 's/^RECEIPT //p' "$tmp/py.out")
check "close" 0 "closed" -- $sk budget phase "$vid" closed
check "the web's receipt counted" 0 "$receipt" -- $sk budget receipt "$vid" "$receipt"
