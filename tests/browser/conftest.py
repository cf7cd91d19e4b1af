"""Headless-Chromium fixtures: one real Streamlit server and one browser context per worker, a new page (a
new Streamlit session) per test; `fresh_page` / `new_page` for a browser of its own.

When has Streamlit finished the rerun an interaction caused? In this version (1.67):
- `[data-testid="stStatusWidget"]` only appears for slow runs, so its absence proves nothing;
- `[data-testid="stApp"]` carries `data-test-script-state` (`running` / `notRunning`), but for a fast run
  React batches both updates and the attribute never flips (seen on a bare page in about 1 click in 6);
- the server ends every run with a ForwardMsg carrying `script_finished` (protobuf field 6, a status;
  status 2 = "finished early for a rerun", i.e. st.rerun / st.switch_page, another run follows).
IDLE_PROBE records the last user input, those "run finished" frames and every change of the attribute;
wait_idle waits for a finished run after the last input, the attribute at `notRunning` and a short quiet
period. bench/bench.py times reruns with the same probe.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCREENSHOTS = ROOT / "screenshots"
for _path in (ROOT, ROOT / "tests"):  # `model` and the tests/profiles.py helpers
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

MISSING_CHROMIUM = (
    "Browser tests need Chromium: sudo apt-get install -y chromium chromium-headless-shell fonts-noto-cjk"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 2200}
START_TIMEOUT = 60  # seconds for the app to answer /_stcore/health
IDLE_TIMEOUT_MS = 30_000
EXPECT_TIMEOUT_MS = 15_000

# Installed in every page before Streamlit's own scripts (see the module docstring).
IDLE_PROBE = """
(() => {
  if (window.__stIdle) return;
  const s = (window.__stIdle = {lastInput: 0, lastDown: 0, lastChange: 0, finished: 0, lastFinished: 0});
  const now = () => performance.now();
  document.addEventListener("pointerdown", () => { s.lastDown = now(); }, true);
  for (const ev of ["pointerdown", "keydown", "input", "change"]) {
    document.addEventListener(ev, () => { s.lastInput = now(); }, true);
  }
  // Scan a ForwardMsg's top-level protobuf fields for field 6 (script_finished, a varint status).
  const scriptFinished = (b) => {
    let i = 0;
    const varint = () => {
      let value = 0, shift = 0, byte;
      do { byte = b[i++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80 && i < b.length);
      return value;
    };
    while (i < b.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { const v = varint(); if (field === 6) return v; }
      else if (wire === 2) { const length = varint(); i += length; }  // not `i += varint()`: i is read first
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return null;
    }
    return null;
  };
  const onFrame = (data, at) => {
    const status = scriptFinished(new Uint8Array(data));
    if (status !== null && status !== 2) {
      s.finished += 1;
      s.lastFinished = at;
    }
  };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (ev) => {
        if (ev.data instanceof ArrayBuffer) onFrame(ev.data, now());
      });
    }
  };
  new MutationObserver(() => { s.lastChange = now(); }).observe(document, {
    subtree: true, attributes: true, attributeFilter: ["data-test-script-state"],
  });
  s.lastMutation = 0;  // any node added, removed or retexted (for wait_rendered)
  new MutationObserver(() => { s.lastMutation = now(); }).observe(document, {
    subtree: true, childList: true, characterData: true,
  });
})();
"""

IDLE_CHECK = """
([settle, grace]) => {
  const s = window.__stIdle;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!s || !app) return false;
  if (app.getAttribute("data-test-connection-state") !== "CONNECTED") return false;
  if (app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const now = performance.now();
  const quiet = now - Math.max(s.lastFinished, s.lastChange);
  if (s.lastFinished > s.lastInput) return quiet >= settle;  // a run finished after the input
  return quiet >= grace && now - s.lastInput >= grace;  // nothing ran: this input does not rerun
}
"""


def chromium_path(headless_shell: bool = True) -> str | None:
    """For tests, Debian's headless shell when installed (the build Playwright itself uses for headless
    runs; about an eighth less CPU than the full browser in the longest journey), else Debian's Chromium.
    The benchmarks time the full browser a person uses (`headless_shell=False`)."""
    names = ("chromium-headless-shell", "chromium") if headless_shell else ("chromium",)
    for name in names:
        if Path(f"/usr/bin/{name}").exists():
            return f"/usr/bin/{name}"
    return next(filter(None, map(shutil.which, names)), None)


# Screenshots and the extra journeys cost minutes on a 2-core machine; the default run keeps one journey
# per capability. BROKERECO_SCREENSHOTS=1 writes the pictures; BROKERECO_BROWSER_ALL=1 runs the extras
# (scripts/screenshots.py renders every page in both languages and widths for review).
SCREENSHOTS_ON = os.environ.get("BROKERECO_SCREENSHOTS") == "1"
ALL_JOURNEYS = os.environ.get("BROKERECO_BROWSER_ALL") == "1"


def pytest_collection_modifyitems(config, items):
    extra = pytest.mark.skip(reason="an extra journey: BROKERECO_BROWSER_ALL=1 runs it")
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("extended") and not ALL_JOURNEYS:
                item.add_marker(extra)


@pytest.fixture(scope="session", autouse=True)
def _needs_chromium():
    if chromium_path() is None:
        if os.environ.get("CI") == "true":
            pytest.fail(MISSING_CHROMIUM, pytrace=False)
        pytest.skip(MISSING_CHROMIUM)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start_streamlit(
    script: str,
    log_path: Path,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    port: int | None = None,
    host: str = "127.0.0.1",
) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run script` (on `port`, else a free one) with `env` added to this environment;
    return the process and its base URL (`http://host:port`) once healthy."""
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",  # no "source changed" reruns: each page runs as it was when first opened in this server
    ]
    env = {**{k: v for k, v in os.environ.items() if k != "BROKERECO_QUESTIONNAIRE"}, **(env or {})}
    # each server its own store (drafts, workshops) beside its log, unless a test names a database
    env.setdefault("BROKERECO_DATA_DIR", str(log_path.parent / "data"))
    log = log_path.open("wb")
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
    log.close()
    base = f"http://{host}:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.read().decode().strip() == "ok":
                    return proc, base
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    stop(proc)
    raise RuntimeError(
        f"streamlit run {script} did not become healthy within {START_TIMEOUT}s "
        f"(exit code {proc.returncode}); log {log_path}:\n{_tail(log_path)}"
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> tuple[str, Path]:
    """The app server of this (xdist) worker, shared by every test that needs no special configuration:
    its base URL and its data directory (drafts and the SQLite workshop store). Each test opens its own
    browser context, i.e. its own Streamlit session; a server start costs seconds of CPU."""
    log_path = tmp_path_factory.mktemp("streamlit") / "app.log"
    try:
        proc, base = start_streamlit("app.py", log_path)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield base, log_path.parent / "data"
    stop(proc)


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server[0]


@pytest.fixture(scope="session")
def browser(_needs_chromium):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)  # a busy 2-core machine renders slowly
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_context(browser, **kwargs):
    """A browser context (no cookies, no cache) with the idle probe installed in its pages."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True, **kwargs)
    context.add_init_script(IDLE_PROBE)
    context.set_default_timeout(IDLE_TIMEOUT_MS)
    return context


def new_page(browser, **kwargs):
    """A page in a fresh context (a new Streamlit session in a browser of its own)."""
    context = new_context(browser, **kwargs)
    return context, context.new_page()


@pytest.fixture(scope="session")
def shared_context(browser):
    """The context the `page` fixture opens its pages in, one per worker: its cache keeps Streamlit's
    scripts loaded and compiled between tests (a fresh context fetches and compiles them again, about
    0.3 s a page here). Every page is still a Streamlit session of its own; tests that need a browser
    with nothing in it use `fresh_page` or `new_page`."""
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(shared_context):
    pg = shared_context.new_page()
    yield pg
    for opened in shared_context.pages:  # also those the test opened itself (a reopened tab)
        opened.close()
    shared_context.clear_cookies()


@pytest.fixture
def fresh_page(browser):
    """Factory for extra pages in their own contexts (e.g. resuming in a new session)."""
    contexts = []

    def make():
        context, pg = new_page(browser)
        contexts.append(context)
        return pg

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def wait_idle(page, timeout: float = IDLE_TIMEOUT_MS, settle: float = 100, grace: float = 1000) -> None:
    """Wait until the Streamlit rerun caused by the last interaction has finished.

    Done = connected, script state `notRunning`, a run finished after the last user input and nothing
    changed for `settle` ms (st.rerun / st.switch_page chain runs). If no run finishes within `grace` ms
    of the input, the interaction did not rerun (opening a dropdown) and we stop waiting.
    """
    page.wait_for_function(IDLE_CHECK, arg=[settle, grace], timeout=timeout, polling=50)


RENDERED_CHECK = """
([quiet]) => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || main.querySelector('[data-testid="stSkeleton"]')) return false;  // lazy elements loading
  const shown = (sel) => [...main.querySelectorAll(sel)].filter((e) => e.getClientRects().length > 0);
  if (shown('[data-testid="stDataFrame"]').some((e) => !e.querySelector("canvas"))) return false;
  if (shown('[data-testid="stVegaLiteChart"]').some((e) => !e.querySelector("canvas, svg"))) return false;
  return performance.now() - window.__stIdle.lastMutation >= quiet;
}
"""


def wait_rendered(page, quiet: float = 250, timeout: float = IDLE_TIMEOUT_MS) -> None:
    """After the rerun: wait until lazily loaded elements (the tables and charts on screen; those in hidden
    tabs are never drawn) have drawn and the DOM has been still for `quiet` ms — for screenshots."""
    page.wait_for_function(RENDERED_CHECK, arg=[quiet], timeout=timeout, polling=50)


def open_app(page, base_url: str) -> None:
    """Open a Streamlit page in a new session and wait for its first run to finish."""
    page.goto(base_url)
    page.wait_for_function("() => window.__stIdle && window.__stIdle.finished > 0")  # first run done
    wait_idle(page)


NEXT_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def open_select(page, select) -> None:
    """Open a select box (st.selectbox, st.multiselect). Scroll it into view first and let the scroll
    settle: a scroll event that arrives after the click closes the dropdown it has just opened."""
    from playwright.sync_api import expect

    select.scroll_into_view_if_needed()
    page.evaluate(NEXT_FRAMES)
    select.click()
    expect(page.locator('[role="listbox"]')).to_be_visible()


def screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main container, so grow the viewport to fit it."""
    wait_rendered(page)
    if not SCREENSHOTS_ON:
        return
    height = page.locator('[data-testid="stMain"]').evaluate("e => e.scrollHeight")
    if height > VIEWPORT["height"]:
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height + 20})
        # let charts that size themselves to the window lay out again before the picture
        wait_rendered(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
