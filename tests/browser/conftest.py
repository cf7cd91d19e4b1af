"""Headless-Chromium fixtures: one real Streamlit server per session, a fresh browser context per test.

Streamlit reruns the whole script after every interaction. The reliable "the rerun has finished" signal in
this Streamlit version is the `data-test-script-state` attribute of `[data-testid="stApp"]` (it goes
`running` → `notRunning`); the status widget only appears for slow runs, so it cannot be relied on.
`wait_idle` watches that attribute through a MutationObserver installed before the page's own scripts.
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

MISSING_CHROMIUM = "Browser tests need Chromium: sudo apt-get install -y chromium fonts-noto-cjk"
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

# Installed in every page before Streamlit's own scripts: remembers the last user input and every change
# of the app's script-run state, so wait_idle can tell "a rerun started after my click and has ended".
IDLE_PROBE = """
(() => {
  if (window.__stIdle) return;
  const s = (window.__stIdle = {lastInput: 0, lastChange: 0, lastIdle: 0, runs: 0});
  const mark = () => { s.lastInput = performance.now(); };
  for (const ev of ["pointerdown", "keydown", "input", "change"]) document.addEventListener(ev, mark, true);
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      const value = m.target.getAttribute("data-test-script-state");
      if (m.oldValue === value) continue;
      s.lastChange = performance.now();
      if (value === "running") s.runs += 1;
      if (value === "notRunning") s.lastIdle = s.lastChange;
    }
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ["data-test-script-state"]});
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
  if (s.lastChange > s.lastInput) return now - s.lastChange >= settle;  // a run came and went
  return now - s.lastInput >= grace;  // nothing started: this interaction does not rerun
}
"""


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


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


def start_streamlit(script: str, log_path: Path, cwd: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run script` on a free port; return the process and its base URL once healthy."""
    port = free_port()
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
        "none",  # others may edit the tree while the suite runs: no "source changed" reruns
    ]
    env = {k: v for k, v in os.environ.items() if k != "BROKERECO_QUESTIONNAIRE"}
    log = log_path.open("wb")
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
    log.close()
    base = f"http://127.0.0.1:{port}"
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
def app_url(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("streamlit") / "app.log"
    try:
        proc, base = start_streamlit("app.py", log_path)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield base
    stop(proc)


@pytest.fixture(scope="session")
def browser(_needs_chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser, **kwargs):
    """A page in a fresh context (a new Streamlit session), with the idle probe installed."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True, **kwargs)
    context.add_init_script(IDLE_PROBE)
    context.set_default_timeout(IDLE_TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, pg = new_page(browser)
    yield pg
    context.close()


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


def wait_idle(page, timeout: float = IDLE_TIMEOUT_MS, settle: float = 150, grace: float = 1000) -> None:
    """Wait until the Streamlit rerun caused by the last interaction has finished.

    Done = the app is connected, its script state is `notRunning`, a state change happened after the
    last user input and nothing changed for `settle` ms (st.rerun / st.switch_page chain runs). If no run
    starts within `grace` ms of the input, the interaction did not rerun and we stop waiting.
    """
    page.wait_for_function(IDLE_CHECK, arg=[settle, grace], timeout=timeout, polling=50)


def open_app(page, base_url: str) -> None:
    page.goto(base_url)
    page.locator('[data-testid="stApp"]').wait_for()
    wait_idle(page)
    page.locator('[data-testid="stSidebarNav"]').wait_for()


def screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main container, so grow the viewport to fit it."""
    height = page.locator('[data-testid="stMain"]').evaluate("e => e.scrollHeight")
    if height > VIEWPORT["height"]:
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height + 20})
        # let charts that size themselves to the window lay out again before the picture
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
