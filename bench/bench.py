"""BrokerEco benchmark: model speed and browser re-render time of the app against a bare Streamlit page.

Usage (from the repo root):  python bench/bench.py [--runs 500] [--clicks 15] [--no-browser]

Prints figures only; it never asserts on timings. The browser part starts the real app and
bench/bare_page.py with Streamlit, drives headless Chromium (/usr/bin/chromium) and times each radio
click until the rerun has finished, using the same idle signal as the browser tests
(tests/browser/conftest.py: `data-test-script-state` of the app element going back to `notRunning`),
and, from bench/server_probe, how much of that the server took (rerun request in → "finished" out).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model import QuestionnaireError, assess, load_questionnaire  # noqa: E402
from model.inputs.examples import EXAMPLES_DIR, load  # noqa: E402
from tests.browser import conftest as harness  # noqa: E402  (server start-up, idle probe, wait_idle)

TARGET_RATIO = 1.2  # app rerun ≤ 1.2 × bare page rerun (issue 15 item 6)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def bench_model(runs: int) -> list[tuple[str, list[float]]]:
    load_times = timed(load_questionnaire, 5)
    q = load_questionnaire()
    example = sorted(EXAMPLES_DIR.glob("*.yaml"))[0].stem
    answers = load(example, q)
    assess(q, answers)  # warm-up
    return [
        ("load_questionnaire()", load_times),
        (f"assess(q, {example}: {len(answers.answers)} answers)", timed(lambda: assess(q, answers), runs)),
    ]


# ---------------------------------------------------------------- browser


CLICK_DONE = """
([before]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  return window.__stIdle.finished > before && app.getAttribute("data-test-script-state") === "notRunning";
}
"""


def rerun_times(page, clicks: int, warmup: int = 3) -> list[float]:
    """Click radio options of the first six st.radio on the page in turn (each click changes a value, so
    each one reruns the script) and return ms from the pointer-down to the end of the rerun."""
    radios = page.locator('[data-testid="stMain"] [data-testid="stRadio"]')
    count = min(6, radios.count())
    out = []
    for i in range(warmup + clicks):
        radio = radios.nth(i % count)
        options = radio.locator('[data-testid="stRadioOption"]')
        before = page.evaluate("window.__stIdle.finished")
        options.nth((i // count) % options.count()).click()
        page.wait_for_function(CLICK_DONE, arg=[before], polling="raf", timeout=30_000)
        took = page.evaluate("window.__stIdle.lastFinished - window.__stIdle.lastDown")
        harness.wait_idle(page)  # let trailing work settle before the next click
        if i >= warmup:
            out.append(took)
    return out


def open_page(browser, url: str, app: bool):
    context = browser.new_context(viewport=harness.VIEWPORT)
    context.add_init_script(harness.IDLE_PROBE)
    page = context.new_page()
    harness.open_app(page, url)
    if app:  # to the Assessment page the way a person goes there: the sidebar link
        page.locator(
            '[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"][href$="/assessment"]'
        ).click()
        harness.wait_idle(page)
        page.locator(".st-key-question_cap_scale_tier").wait_for()
    else:
        page.locator('[data-testid="stRadio"]').first.wait_for()
    return context, page


def bench_browser(clicks: int) -> list[tuple[str, list[float]]]:
    from playwright.sync_api import sync_playwright

    chromium = harness.chromium_path(headless_shell=False)  # the browser a person uses
    if chromium is None:
        print(f"\n(browser part skipped: {harness.MISSING_CHROMIUM})")
        return []
    logs = Path(tempfile.mkdtemp(prefix="brokereco-bench-"))
    procs = []
    try:
        probes = {name: logs / f"{name}.server.txt" for name in ("app", "bare")}

        def start(script: str, name: str):
            env = {
                "PYTHONPATH": str(ROOT / "bench" / "server_probe"),
                "BENCH_SERVER_PROBE": str(probes[name]),
            }
            proc, url = harness.start_streamlit(script, logs / f"{name}.log", env=env)
            procs.append(proc)
            return url

        app_url, bare_url = start("app.py", "app"), start("bench/bare_page.py", "bare")
        results = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=harness.CHROMIUM_ARGS)
            for name, url, app, probe in (
                ("bare page (bench/bare_page.py)", bare_url, False, probes["bare"]),
                ("app, Assessment page", app_url, True, probes["app"]),
            ):
                context, page = open_page(browser, url, app)
                before = len(probe.read_text().splitlines()) if probe.exists() else 0
                results.append((name, rerun_times(page, clicks)))
                runs = probe.read_text().splitlines()[before:]
                server = [1000 * float(line.split()[1]) for line in runs][-clicks:]  # the timed clicks
                results.append(("  of which in the server (bench/server_probe)", server))
                context.close()
            browser.close()
        return results
    finally:
        for proc in procs:
            harness.stop(proc)


def table(rows: list[tuple[str, list[float]]]) -> None:
    width = max(len(name) for name, _ in rows)
    print(f"{'':{width}}  {'n':>4}  {'median ms':>10}  {'p95 ms':>8}  {'min ms':>8}")
    for name, values in rows:
        print(
            f"{name:{width}}  {len(values):>4}  {statistics.median(values):>10.2f}  "
            f"{pct(values, 95):>8.2f}  {min(values):>8.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500, help="assess() runs (default 500)")
    parser.add_argument("--clicks", type=int, default=15, help="timed radio clicks per page (default 15)")
    parser.add_argument("--no-browser", action="store_true", help="model figures only")
    args = parser.parse_args()

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load} (timings depend on it)\n"
    )
    print("Model")
    try:
        table(bench_model(args.runs))
    except QuestionnaireError as exc:
        sys.exit("The questionnaire does not load:\n" + "\n".join(exc.messages))
    if args.no_browser:
        return
    rows = bench_browser(args.clicks)
    if not rows:
        return
    print("\nBrowser re-render (headless Chromium, pointer-down → rerun finished)")
    table(rows)
    bare, app = (statistics.median(values) for _, values in rows[::2])
    verdict = "within" if app <= TARGET_RATIO * bare else "ABOVE"
    print(f"\nratio app / bare = {app / bare:.2f}  ({verdict} the {TARGET_RATIO}× target)")


if __name__ == "__main__":
    main()
