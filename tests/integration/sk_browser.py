"""sk_browser.py: headless Chromium for the web suites (python3-selenium,
Debian's chromium and chromium-driver). Import it from a suite's Python:

    sys.path.insert(0, os.environ["SAMSKAB_TOP"] + "/tests/integration")
    from sk_browser import ok, start
    driver = start()   # or exits with "not ok - chromium starts"
"""
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys


def ok(name, cond, detail=""):
    """One TAP line: "ok - NAME" or "not ok - NAME: DETAIL"."""
    print(("ok - " if cond else "not ok - ") + name + ("" if cond else ": " + detail))


def start(width=1280, height=900, js=True):
    """A headless Chromium in Danish that waits up to 10 s for each element
    (a click that submits returns before the next page has loaded), with
    JavaScript off if not js."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              "--window-size=%d,%d" % (width, height), "--lang=da"):
        opts.add_argument(a)
    # the console's messages, for web_axe's Content Security Policy check
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not js:
        opts.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    try:
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    except WebDriverException as e:
        ok("chromium starts", False, str(e).splitlines()[0])
        sys.exit(1)
    driver.set_page_load_timeout(20)
    driver.implicitly_wait(10)
    return driver


def focused(driver):
    """A short name of the element with the focus: #ID, else TAG.CLASS,
    else PARENT-CLASS TAG, else TAG[TYPE] ("body" if none)."""
    return driver.execute_script(
        "var e = document.activeElement;"
        "if (!e || e === document.body) return 'body';"
        "var tag = e.tagName.toLowerCase();"
        "if (e.id) return '#' + e.id;"
        "if (e.className) return tag + '.' + e.className.split(' ')[0];"
        "var up = e.parentElement;"
        "if (up && up.className) return up.className.split(' ')[0] + ' ' + tag;"
        "return tag + (e.type ? '[' + e.type + ']' : '');")


def press(driver, keys):
    """Keys sent to whatever has the focus, as a keyboard does; then the
    name of the element with the focus (focused())."""
    ActionChains(driver).send_keys(keys).perform()
    return focused(driver)


def tab_to(driver, want, then=None):
    """Tab through the page from where the focus is, one press for each of
    want (names as focused() gives them), pressing then (e.g. Keys.SPACE)
    on each whose name is in it; the names met, in order. A page just
    loaded starts at its top."""
    met = []
    for name in want:
        met.append(press(driver, Keys.TAB))
        if then and met[-1] in then:
            press(driver, then[met[-1]])
    return met


def party(url, session):
    """A Chromium as start() gives it, logged in as a party: the value of
    its sk_session cookie set for url."""
    driver = start()
    driver.get(url + "/")
    driver.add_cookie({"name": "sk_session", "value": session, "path": "/", "httpOnly": True,
                       "sameSite": "Strict"})
    return driver
