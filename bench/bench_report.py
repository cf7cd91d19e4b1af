"""Report exports under load: 1 and N concurrent builds of each format, real builds (vl-convert charts,
WeasyPrint PDF, openpyxl workbook), the way the Streamlit server runs them (threads of one process).

Usage (from the repo root):  python bench/bench_report.py [--concurrent 10] [--formats html,pdf,...]

Two cases per format:
- "same inputs": a room opening the Report page on one shared assessment. The chart cache
  (reporting/svg.py, keyed on the chart inputs) is warm after the first build; the page's st.cache_data
  would even share the whole file, which this script does not count (it always rebuilds the document).
- "distinct inputs": every session has its own answers, so every chart is rendered anew (cold cache).
- "page cache": the same inputs through st.cache_data as pages/report.py uses it: concurrent calls with
  one key wait for a single build (Streamlit holds a lock per cached value), so a room builds a file once.
Prints figures only (median and max seconds per build, wall time, CPU seconds of a build, the machine's
load); never asserts. On a shared machine the CPU column is the stable one.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from model import load_questionnaire  # noqa: E402
from model.inputs.examples import EXAMPLES_DIR, load  # noqa: E402
from reporting import report, svg  # noqa: E402
from reporting.report_workbook import xlsx_report  # noqa: E402

FORMATS = {
    "html": report.html_report,
    "md": report.markdown_report,
    "pdf": report.pdf_report,
    "xlsx": xlsx_report,
    "csv": lambda q, a, lang: report.scores_csv(q, a, lang),
}
GOALS = {"html": "10 concurrent ≤ 3 s median", "pdf": "1 ≤ 5 s"}


def variants(q, base, n: int, seed: int = 7) -> list:
    """n answer sets that differ in their scores (each drops a different random fifth of the answers),
    so their charts differ too."""
    rng = random.Random(seed)
    ids = sorted(base.answers)
    out = []
    for i in range(n):
        drop = set(rng.sample(ids, k=len(ids) // 5))
        answers = {k: v for k, v in base.answers.items() if k not in drop}
        out.append(replace(base, answers=answers, meta={**base.meta, "name": f"Firm {i + 1}"}))
    return out


def rss_mb() -> float:
    """This process's resident memory (Linux), to show what the chart and PDF engines add to a server."""
    with open("/proc/self/status", encoding="ascii") as fh:
        kb = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
    return kb / 1024


def concurrent(fn, jobs: list) -> tuple[list[float], float, list[float]]:
    """Run every job at once (a barrier releases all threads together): per-job seconds, wall time and
    per-job CPU seconds of the building thread (what the build costs whatever else runs on the machine;
    vl-convert renders on its own thread, so chart renders are not in it)."""
    barrier = threading.Barrier(len(jobs))

    def one(job) -> tuple[float, float]:
        barrier.wait()
        start, cpu = time.perf_counter(), time.thread_time()
        fn(*job)
        return time.perf_counter() - start, time.thread_time() - cpu

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(one, jobs))
    return [r[0] for r in results], time.perf_counter() - start, [r[1] for r in results]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrent", type=int, default=10)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    args = parser.parse_args()
    q = load_questionnaire()
    base = load(sorted(EXAMPLES_DIR.glob("*.yaml"))[0].stem, q)
    n = args.concurrent
    print(f"cores: {os.cpu_count()}, load average before: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    before = rss_mb()
    start = time.perf_counter()
    report.html_report(q, base, args.lang)  # start-up: vl-convert's JavaScript engine
    html_rss, html_s = rss_mb(), time.perf_counter() - start
    start = time.perf_counter()
    report.pdf_report(q, base, args.lang)  # WeasyPrint, pango, the CJK font
    pdf_s = time.perf_counter() - start
    print(
        f"first HTML build (engine start-up): {html_s:.2f} s, +{html_rss - before:.0f} MB resident; "
        f"first PDF: {pdf_s:.2f} s, +{rss_mb() - html_rss:.0f} MB more\n"
    )
    header = f"{'format':<6} {'case':<16} {'builds':>6} {'median s':>9} {'max s':>7} {'wall s':>7} {'cpu s':>6}  size"
    print(header + "\n" + "-" * len(header))
    salt = 0
    docs = {}

    @st.cache_data(show_spinner=False)
    def cached(fmt: str, lang: str, key: str):  # keyed like the page: format, language, answers
        return FORMATS[fmt](q, docs[key], lang)

    for fmt in args.formats.split(","):
        fn = FORMATS[fmt]
        one = fn(q, base, args.lang)
        size = len(one if isinstance(one, bytes) else one.encode())
        for case in ("same inputs", "distinct inputs"):
            for count in (1, n):
                if case == "same inputs":
                    jobs = [(q, base, args.lang)] * count
                else:  # fresh answers each time, so no chart of this row was rendered before
                    salt += 1
                    jobs = [(q, a, args.lang) for a in variants(q, base, count, seed=salt)]
                times, wall, cpu = concurrent(fn, jobs)
                print(
                    f"{fmt:<6} {case:<16} {count:>6} {statistics.median(times):>9.2f} {max(times):>7.2f}"
                    f" {wall:>7.2f} {statistics.median(cpu):>6.2f}  {size / 1024:,.0f} KB"
                )
        docs[fmt] = base
        times, wall, _ = concurrent(lambda f=fmt: cached(f, args.lang, f), [()] * n)
        print(
            f"{fmt:<6} {'page cache':<16} {n:>6} {statistics.median(times):>9.2f} {max(times):>7.2f} {wall:>7.2f}"
        )
        if fmt in GOALS:
            print(f"       goal: {GOALS[fmt]}")
    info = svg.cache_info()
    print(f"\nchart cache: {info.hits} hits, {info.misses} renders, {info.currsize} kept")
    print(f"load average after: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
