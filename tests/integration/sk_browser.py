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


def party(url, session):
    """A Chromium as start() gives it, logged in as a party: the value of
    its sk_session cookie set for url."""
    driver = start()
    driver.get(url + "/")
    driver.add_cookie({"name": "sk_session", "value": session, "path": "/", "httpOnly": True,
                       "sameSite": "Strict"})
    return driver
