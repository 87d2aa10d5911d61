"""Real headless Chromium (Debian's package) driven by Playwright against the live test
server, with every request the page makes recorded."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium) or set CHROMIUM_PATH. `make test` installs it as root."
        )
    # While Playwright's sync API runs its event loop in this thread, the Django calls
    # the tests make around it (plain synchronous database work) must be allowed.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Runs in every document before its own scripts: reports each Content-Security-Policy
# violation to the test through the binding below.
REPORT_CSP_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', function (event) {
  window.reportCspViolation([event.effectiveDirective, event.blockedURI,
                             event.sourceFile, event.lineNumber].join(' '));
});
"""


class RecordingPage:
    """A page plus the URLs of every request it made, its script errors, and every
    Content-Security-Policy violation (the DOM event and Chromium's console message)."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.requests = []
        self.errors = []
        self.csp_violations = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)
        page.expose_binding(
            "reportCspViolation",
            lambda source, text: self.csp_violations.append(f"{source['frame'].url}: {text}"),
        )
        page.add_init_script(REPORT_CSP_VIOLATIONS)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def foreign_requests(self):
        own = urlsplit(self.base_url).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(url).netloc != own
        ]


@pytest.fixture
def seeded(transactional_db):
    call_command("seed", verbosity=0)


@pytest.fixture
def page_factory(browser, live_server):
    contexts = []

    def make(width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return RecordingPage(context.new_page(), live_server.url)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(page_factory):
    return page_factory()


def save_screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts=("serious", "critical")):
    # Evaluated through the DevTools protocol: a <script> tag with axe's source inline
    # would be blocked by the portal's Content-Security-Policy.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [v for v in result["violations"] if v["impact"] in impacts]


def wait_until(page, expression, timeout_ms=15_000):
    """Poll a JavaScript expression until it is truthy. (Not wait_for_function: Playwright
    evaluates that one with `new Function` inside the page, which the portal's CSP
    forbids; evaluate() goes through the DevTools protocol.)"""
    waited = 0
    while not page.evaluate(expression):
        if waited >= timeout_ms:
            raise AssertionError(f"still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(100)
        waited += 100
