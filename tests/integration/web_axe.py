"""web_axe: the accessibility checks every samskab-web page passes.

Any browser suite (web_browser.sh, and the citizen and party suites) calls
these on the pages it opens, in a selenium Chrome driver:

    import sys, os
    sys.path.insert(0, os.path.join(os.environ["SAMSKAB_TOP"], "tests/integration"))
    import web_axe

    driver.get(url + "/0730/budget/7")
    web_axe.check(driver, ok, "budget", shots)   # ok(name, cond, detail)

check() runs, on the page as it is now (a GET, or the answer to a POST;
it never reloads):
  - axe-core (pinned in tests/axe/package-lock.json, installed from npm
    into build/npm by deploy/local/npm.sh, the deps step; never from a
    CDN) with the WCAG 2.1 A and AA rules (tags wcag2a, wcag2aa, wcag21a,
    wcag21aa), at 1280 and at 360 px: one ok() each, failing with every
    violation's rule, what it says and the first elements it names;
  - reflow (WCAG 1.4.10): nothing scrolls sideways at 320 px, nor at 200 %
    zoom of a 1280 px window (a viewport of 640 CSS px, text twice as
    large); one ok() each;
  - nothing from elsewhere: no Content Security Policy message in the
    browser's log (sk_browser.start keeps it), and every src and href on
    the page of this origin (a relative URL, a fragment) or a mailto:;
    one ok() each;
  - with shots, a folder: a screenshot of the whole page (not only the
    first 900 px) at each of 1280 and 360 px, NAME-1280.png and
    NAME-360.png (test artefacts; look at them).
It leaves the window at 1280 x 900 with no emulation, as the suites start.

screenshot(driver, path, width) alone takes such a whole-page screenshot.
If build/npm has no axe-core, the first scan prints one "not ok" saying
how to install it and ends the script (status 0: that line is the
failure; a traceback would fail every check after it).

scan(driver) alone returns the violations of the page as it is, as
strings ([] if none). The driver must run with JavaScript on: axe is a
script injected through WebDriver, which a page's Content-Security-Policy
does not block. A suite that disables JavaScript scans in another driver.
"""

import json
import os
import sys

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 360)

_source = None


def _axe_source():
    global _source
    if _source is None:
        top = os.environ.get("SAMSKAB_TOP") or os.path.join(os.path.dirname(__file__), "..", "..")
        path = os.path.join(top, "build", "npm", "node_modules", "axe-core", "axe.min.js")
        if not os.path.isfile(path):
            print("not ok - axe-core is missing: run deploy/local/npm.sh (make test does)")
            sys.stdout.flush()
            raise SystemExit(0)
        with open(path, encoding="utf-8") as f:
            _source = f.read()
    return _source


def scan(driver):
    """The WCAG 2.1 A and AA violations of the page now, as strings."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(_axe_source())
    driver.set_script_timeout(30)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(function (r) { done(JSON.stringify(r.violations)); },"
        " function (e) { done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: []}])); });",
        TAGS)
    out = []
    for v in json.loads(result):
        where = "; ".join(" ".join(n.get("target", [])) + (": " + " ".join(n["failureSummary"].split())
                                                          if n.get("failureSummary") else "")
                          for n in v.get("nodes", [])[:3])
        out.append("%s (%s): %s" % (v["id"], v.get("help", ""), where))
    return out


def _metrics(driver, width, height, scale):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": scale,
                            "mobile": False})


def _sideways(driver):
    """(content width, viewport width) of the page now."""
    return driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def screenshot(driver, path, width, keep=False):
    """A screenshot of the whole page at width CSS px: the viewport made as
    high as the page (at least 900 px). It leaves no emulation, or with
    keep the emulation of width x 900."""
    _metrics(driver, width, 900, 1)
    high = driver.execute_script("return document.documentElement.scrollHeight")
    _metrics(driver, width, max(900, min(high, 20000)), 1)
    driver.save_screenshot(path)
    if keep:
        _metrics(driver, width, 900, 1)
    else:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def csp_refusals(driver):
    """The browser's log entries about the Content Security Policy since
    the last call (reading the log empties it)."""
    return [e.get("message", "") for e in driver.get_log("browser")
            if "Content Security Policy" in e.get("message", "")
            or "Content-Security-Policy" in e.get("message", "")]


def foreign(driver):
    """The src and href values on the page that are neither of its origin
    (relative URLs and fragments are) nor mailto: links."""
    return driver.execute_script(
        "var out = [];"
        "document.querySelectorAll('[src], [href]').forEach(function (e) {"
        "  ['src', 'href'].forEach(function (a) {"
        "    var v = e.getAttribute(a);"
        "    if (v === null) return;"
        "    var u = new URL(v, document.baseURI);"
        "    if (u.origin !== location.origin && u.protocol !== 'mailto:')"
        "      out.push(e.tagName.toLowerCase() + ' ' + a + '=' + v);"
        "  });"
        "});"
        "return out;")


def check(driver, ok, name, shots=None):
    """Every check above on the page now, each reported through ok()."""
    try:
        for width in WIDTHS:
            _metrics(driver, width, 900, 1)
            found = scan(driver)
            ok("%s at %d px: no WCAG 2.1 A or AA violation (axe-core)" % (name, width), not found,
               " | ".join(found))
            if shots:
                path = os.path.join(shots, "%s-%d.png" % (name, width))
                screenshot(driver, path, width, keep=True)
                ok("%s: a screenshot at %d px" % (name, width), os.path.getsize(path) > 3000,
                   str(os.path.getsize(path)))
        refused = csp_refusals(driver)
        ok("%s: nothing refused by the Content Security Policy" % name, not refused,
           " | ".join(refused)[:800])
        away = foreign(driver)
        ok("%s: every src and href of this origin" % name, not away, " | ".join(away)[:800])
        _metrics(driver, 320, 640, 1)
        wide, inner = _sideways(driver)
        ok("%s: nothing scrolls sideways at 320 px" % name, wide <= inner, "%s > %s" % (wide, inner))
        # 200 % zoom of a 1280 px window: 640 CSS px, each drawn twice as large
        _metrics(driver, 640, 450, 2)
        wide, inner = _sideways(driver)
        ok("%s: nothing scrolls sideways at 200 %% zoom" % name, wide <= inner,
           "%s > %s" % (wide, inner))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.set_window_size(1280, 900)
