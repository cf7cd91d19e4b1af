"""A full room on one server: N real browser sessions (headless Chromium) join one workshop and all
change an answer at the same moment, repeatedly; then all submit, and the facilitator refreshes the
dashboard. Prints figures only; it never asserts on timings.

Usage (from the repo root):  python bench/bench_room.py [--sizes 10 30 50] [--clicks 3] [--postgres URL]

Per room size N it prints: the server's RSS with one session (the workshop page's modules loaded),
with the whole room, its peak with the dashboard, and per extra session;
p50 / p95 / max of the widget latency (a participant's click on an answer to the end of the rerun it
causes, measured in each page with the same probe as the browser tests) over N x clicks simultaneous
clicks; and the facilitator dashboard's refresh time with N submissions (median of 3). Each size gets a
fresh server and workshop. The machine's load average is printed too: on a shared machine the
figures depend on it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser.conftest import (  # noqa: E402
    CHROMIUM_ARGS,
    IDLE_CHECK,
    IDLE_PROBE,
    chromium_path,
    start_streamlit,
    stop,
)

from model import load_questionnaire  # noqa: E402
from storage import db  # noqa: E402
from storage import workshops as store  # noqa: E402

Q = load_questionnaire()
QUESTION = Q.questions_in("capital")[0]
SETUP_PARALLEL = 5  # sessions joining at once while the room fills (setup, not measured)
PER_BROWSER = 10  # sessions per Chromium process (one process stalls past ~25 sockets to one host)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def idle(page, timeout: float = 120_000) -> None:
    await page.wait_for_function(IDLE_CHECK, arg=[100, 1000], timeout=timeout, polling=50)


async def join(browser, base: str, code: str):
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    await context.add_init_script(IDLE_PROBE)
    page = await context.new_page()
    try:
        await _join(page, base, code)
    except Exception:
        shot = Path(os.environ.get("BENCH_LOG_DIR", tempfile.gettempdir())) / "join_failed.png"
        await page.screenshot(path=str(shot))
        print(f"a join failed; what the page showed: {shot}", flush=True)
        raise
    return context, page


async def _join(page, base: str, code: str) -> None:
    await page.goto(f"{base}/workshop?join={code}", timeout=180_000, wait_until="commit")
    await page.wait_for_function("() => window.__stIdle && window.__stIdle.finished > 0", timeout=300_000)
    await idle(page, timeout=300_000)
    await page.locator('[data-testid="stMain"] [data-testid="stFormSubmitButton"] button').click()
    await page.locator(".st-key-ws_submit_panel").wait_for(timeout=300_000)
    await idle(page, timeout=300_000)
    await page.locator(".st-key-ws_next button").click(timeout=300_000)  # profile -> capital
    await page.locator(f".st-key-question_{QUESTION.id}").wait_for(timeout=300_000)
    await idle(page, timeout=300_000)


LAST_RUN = "() => [window.__stIdle.lastInput, window.__stIdle.lastFinished]"


async def simultaneous_click(pages, index: int) -> list[float]:
    """Every page clicks option `index` at (nearly) the same moment — the clicks go out together, within
    milliseconds — and each page's own probe gives the seconds from its click to the end of its rerun."""
    option = f'.st-key-question_{QUESTION.id} [data-testid="stRadioOption"]'
    await asyncio.gather(*(p.locator(option).nth(index).click(timeout=120_000) for p in pages))
    await asyncio.gather(*(idle(p) for p in pages))
    checked = f'.st-key-question_{QUESTION.id} input[type="radio"] >> nth={index}'
    await asyncio.gather(*(p.locator(checked).wait_for(state="attached") for p in pages))
    spans = await asyncio.gather(*(p.evaluate(LAST_RUN) for p in pages))
    return [(finished - start) / 1000 for start, finished in spans]


async def dashboard_refresh(browser, base: str, workshop_id: str, key: str, runs: int = 3) -> list[float]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1200})
    await context.add_init_script(IDLE_PROBE)
    page = await context.new_page()
    await page.goto(f"{base}/workshop?workshop={workshop_id}&key={key}", timeout=120_000)
    await page.wait_for_function("() => window.__stIdle && window.__stIdle.finished > 0", timeout=120_000)
    await idle(page)
    times = []
    for _ in range(runs):
        await page.locator(".st-key-ws_refresh button").click()
        await idle(page)
        start, finished = await page.evaluate(LAST_RUN)
        times.append((finished - start) / 1000)
    await context.close()
    return times


async def room(size: int, clicks: int, url: str, launch, tmp: Path) -> dict:
    os.environ[db.URL_ENV] = url
    log = Path(os.environ.get("BENCH_LOG_DIR", tmp)) / f"room_{size}.log"
    proc, base = start_streamlit("app.py", log)
    browsers = [await launch() for _ in range(-(-size // PER_BROWSER))]
    browser = browsers[0]
    try:
        # the first visit warms the server (imports, content) so the baseline is a served app
        warm = await browser.new_context()
        page = await warm.new_page()
        await page.goto(base)
        await page.wait_for_timeout(3000)
        await warm.close()
        baseline = rss_mb(proc.pid)
        made = store.create_workshop(db.get_engine(url), f"Room of {size}", "zh", Q.id, Q.version)
        code, wid = made.workshop.code, made.workshop.id
        sessions = [await join(browser, base, code)]  # the first loads the workshop page's modules
        first = rss_mb(proc.pid)
        for start in range(1, size, SETUP_PARALLEL):
            batch = range(start, min(start + SETUP_PARALLEL, size))
            sessions += await asyncio.gather(*(join(browsers[i // PER_BROWSER], base, code) for i in batch))
        pages = [p for _, p in sessions]
        latencies = []
        for k in range(clicks):
            latencies += await simultaneous_click(pages, (k % (len(QUESTION.options) - 1)) + 1)
        joined = rss_mb(proc.pid)
        await asyncio.gather(*(p.locator(".st-key-ws_submit button").click() for p in pages))
        await asyncio.gather(*(idle(p) for p in pages))
        submitted = store.counts(db.get_engine(url), wid, made.key).submitted
        refresh = await dashboard_refresh(browser, base, wid, made.key)
        peak = rss_mb(proc.pid)
        for context, _ in sessions:
            await context.close()
        return {
            "n": size,
            "baseline": baseline,
            "joined": joined,
            "peak": peak,
            "first": first,
            "per_session": (joined - first) / max(1, size - 1),
            "p50": statistics.median(latencies),
            "p95": pct(latencies, 95),
            "max": max(latencies),
            "refresh": statistics.median(refresh),
            "submitted": submitted,
        }
    finally:
        stop(proc)
        db.dispose_all()
        for b in browsers:
            await b.close()


async def run(sizes: list[int], clicks: int, postgres: str | None) -> None:
    from playwright.async_api import async_playwright

    print(
        f"load average before: {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f} / {os.getloadavg()[2]:.1f}"
    )
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        async with async_playwright() as p:

            def launch():
                return p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

            for size in sizes:
                url = postgres or f"sqlite:///{Path(tmp) / f'room_{size}.sqlite3'}"
                results.append(await room(size, clicks, url, launch, Path(tmp)))
                r = results[-1]
                print(
                    f"N={r['n']:3d}  RSS {r['baseline']:.0f} -> {r['first']:.0f} (1 session) -> {r['joined']:.0f}"
                    f" -> {r['peak']:.0f} MB with the dashboard ({r['per_session']:.2f} MB/session)"
                    f"  latency p50 {r['p50']:.2f} s  p95 {r['p95']:.2f} s  max {r['max']:.2f} s"
                    f"  dashboard refresh {r['refresh']:.2f} s ({r['submitted']} submissions)"
                    f"  load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
    print(
        "\n| N | server RSS (MB) | RSS per session (MB) | p50 latency (s) | p95 latency (s) | dashboard refresh (s) |"
    )
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['n']} | {r['first']:.0f} → {r['joined']:.0f} (peak {r['peak']:.0f}) | {r['per_session']:.2f} | {r['p50']:.2f} | "
            f"{r['p95']:.2f} | {r['refresh']:.2f} ({r['submitted']} submissions) |"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 30, 50])
    parser.add_argument("--clicks", type=int, default=3, help="simultaneous clicks per session")
    parser.add_argument("--postgres", help="a PostgreSQL URL instead of a fresh SQLite file")
    args = parser.parse_args()
    asyncio.run(run(args.sizes, args.clicks, args.postgres))


if __name__ == "__main__":
    main()
