"""A full room on one server: N real browser sessions (headless Chromium) join one workshop and all
change an answer at the same moment, repeatedly; then all submit, and the facilitator refreshes the
dashboard. Prints figures only; it never asserts on timings.

Usage (from the repo root):  python bench/bench_room.py [--sizes 10 30 50] [--clicks 3] [--postgres URL]
                             [--equal-priority]

Per room size N it prints: the server's RSS with one session (the workshop page's modules loaded),
with the whole room, its peak with the dashboard, and per extra session;
p50 / p95 / max of the widget latency two ways over N x clicks simultaneous clicks: in the page (a
participant's click on an answer to the end of the rerun it causes, seen by the page's own probe, the
same as the browser tests'), and in the server (the rerun request reaching the session to its
"finished" message, bench/server_probe; the participants' 10-second polls are left out); the CPU the
server and the browsers used per click (the browsers share the machine's two cores with the server: in
a real room each participant's browser runs on their own device); and the facilitator dashboard's
refresh time with N submissions (median of 3). Each size gets a fresh server and workshop. The
machine's load average is printed too: on a shared machine the figures depend on it.
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
from ui.workshop_participant import POLL_EVERY  # noqa: E402

Q = load_questionnaire()
QUESTION = Q.questions_in("capital")[0]
SETUP_PARALLEL = 5  # sessions joining at once while the room fills (setup, not measured)
POLL_SECONDS = POLL_EVERY.total_seconds()
PER_BROWSER = 10  # sessions per Chromium process (one process stalls past ~25 sockets to one host)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time used so far by one process (all its threads), or by the whole machine (pid None)."""
    tick = os.sysconf("SC_CLK_TCK")
    if pid is None:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        user, nice, system = (int(x) for x in fields[:3])
        return (user + nice + system) / tick
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def server_first(pid: int) -> bool:
    """Give every thread of the server (and those it starts later) priority over the browsers, as if
    they ran on the participants' own devices. Needs root; False if refused."""
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            os.setpriority(os.PRIO_PROCESS, int(tid), -10)
    except PermissionError:
        return False
    return True


def server_latencies(probe: Path, start: int, skip: set[str]) -> tuple[list[float], int]:
    """The server-side latencies logged since byte `start`, leaving out the fragments in `skip` (polls)."""
    with probe.open() as f:
        f.seek(start)
        lines = f.read().splitlines()
    return [float(d) for fid, d in (line.split() for line in lines) if fid not in skip], probe.stat().st_size


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


async def room(size: int, clicks: int, url: str, launch, tmp: Path, priority: bool) -> dict:
    os.environ[db.URL_ENV] = url
    log = Path(os.environ.get("BENCH_LOG_DIR", tmp)) / f"room_{size}.log"
    probe = log.with_suffix(".server.txt")
    probe.write_text("")
    proc, base = start_streamlit(
        "app.py",
        log,
        env={"PYTHONPATH": str(ROOT / "bench" / "server_probe"), "BENCH_SERVER_PROBE": str(probe)},
    )
    prioritised = priority and server_first(proc.pid)
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
        # a quiet spell longer than the poll period: every rerun the server logs now is a poll
        offset = probe.stat().st_size
        await asyncio.sleep(POLL_SECONDS + 2)
        polls = {fid for fid, _ in (line.split() for line in probe.read_text()[offset:].splitlines())}
        offset = probe.stat().st_size
        latencies, server = [], []
        cpu_server, cpu_all = cpu_seconds(proc.pid), cpu_seconds()
        for k in range(clicks):
            latencies += await simultaneous_click(pages, (k % (len(QUESTION.options) - 1)) + 1)
        cpu_server, cpu_all = cpu_seconds(proc.pid) - cpu_server, cpu_seconds() - cpu_all
        server, offset = server_latencies(probe, offset, polls)
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
            "prioritised": prioritised,
            "baseline": baseline,
            "joined": joined,
            "peak": peak,
            "first": first,
            "per_session": (joined - first) / max(1, size - 1),
            "server_p50": statistics.median(server),
            "server_p95": pct(server, 95),
            "server_runs": len(server),
            "cpu_server": 1000 * cpu_server / len(latencies),
            "cpu_rest": 1000 * (cpu_all - cpu_server) / len(latencies),
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


async def run(sizes: list[int], clicks: int, postgres: str | None, priority: bool) -> None:
    from playwright.async_api import async_playwright

    print(
        f"load average before: {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f} / {os.getloadavg()[2]:.1f}"
    )
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        async with async_playwright() as p:

            def launch():
                return p.chromium.launch(
                    executable_path=chromium_path(headless_shell=False), args=CHROMIUM_ARGS
                )

            for size in sizes:
                url = postgres or f"sqlite:///{Path(tmp) / f'room_{size}.sqlite3'}"
                results.append(await room(size, clicks, url, launch, Path(tmp), priority))
                r = results[-1]
                print(
                    f"N={r['n']:3d}  RSS {r['baseline']:.0f} -> {r['first']:.0f} (1 session) -> {r['joined']:.0f}"
                    f" -> {r['peak']:.0f} MB with the dashboard ({r['per_session']:.2f} MB/session)"
                    f"  in-page latency p50 {r['p50']:.2f} s  p95 {r['p95']:.2f} s  max {r['max']:.2f} s"
                    f"  server latency p50 {r['server_p50']:.2f} s  p95 {r['server_p95']:.2f} s ({r['server_runs']} runs)"
                    f"  CPU per click: server {r['cpu_server']:.0f} ms, browsers and the rest {r['cpu_rest']:.0f} ms"
                    f"  dashboard refresh {r['refresh']:.2f} s ({r['submitted']} submissions)"
                    f"  load {os.getloadavg()[0]:.1f}"
                    f"  {'server before browsers (nice -10)' if r['prioritised'] else 'equal priority'}",
                    flush=True,
                )
    print(
        "\n| N | server RSS (MB) | RSS per session (MB) | in-page p50 / p95 (s) | server p50 / p95 (s) "
        "| CPU per click: server / browsers (ms) | dashboard refresh (s) |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['n']} | {r['first']:.0f} → {r['joined']:.0f} (peak {r['peak']:.0f}) | {r['per_session']:.2f} "
            f"| {r['p50']:.2f} / {r['p95']:.2f} | {r['server_p50']:.2f} / {r['server_p95']:.2f} "
            f"| {r['cpu_server']:.0f} / {r['cpu_rest']:.0f} | {r['refresh']:.2f} ({r['submitted']} submissions) |"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 30, 50])
    parser.add_argument("--clicks", type=int, default=3, help="simultaneous clicks per session")
    parser.add_argument("--postgres", help="a PostgreSQL URL instead of a fresh SQLite file")
    parser.add_argument(
        "--equal-priority",
        action="store_true",
        help="do not run the server before the browsers (by default it gets nice -10 when run as root)",
    )
    args = parser.parse_args()
    asyncio.run(run(args.sizes, args.clicks, args.postgres, not args.equal_priority))


if __name__ == "__main__":
    main()
