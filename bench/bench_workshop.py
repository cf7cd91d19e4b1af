"""Workshop benchmark: aggregating many submissions, the store's writes and reads, and the facilitator
dashboard's render time. Prints figures only; it never asserts on timings.

Usage (from the repo root):  python bench/bench_workshop.py [--size 1000] [--runs 5] [--postgres URL]

- aggregation: model.workshop.summarise over `size` synthetic participants (tests/workshop_data.py);
- store: `size` submissions written one transaction each, then read back (SQLite file in a tmp dir, and
  PostgreSQL in a throwaway schema when reachable);
- dashboard: the facilitator's view of the workshop page rendered by Streamlit's AppTest (reading the
  rows, aggregating, building the charts and tables), for a typical workshop and for `size` participants.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from workshop_data import team  # noqa: E402

from model import load_questionnaire  # noqa: E402
from model.workshop.group import Submission, summarise  # noqa: E402
from storage import db, keys  # noqa: E402
from storage import workshops as store  # noqa: E402

TYPICAL = 30
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


CPU: list[float] = []  # CPU seconds of the last timed() runs: steadier than wall time on a busy machine


def timed(fn, runs: int) -> list[float]:
    out = []
    CPU.clear()
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        out.append(time.perf_counter() - start)
        CPU.append(time.process_time() - cpu)
    return out


def line(label: str, values: list[float]) -> None:
    print(
        f"  {label:<44} wall median {ms(statistics.median(values))}  min {ms(min(values))}"
        f"   CPU median {ms(statistics.median(CPU))}"
    )


def bench_aggregation(q, members, runs: int) -> None:
    subs = [Submission(m["answers"], m["role"], m["ahp"]) for m in members]
    summarise(q, subs[:10])  # warm-up (lookup tables, numpy)
    print(f"aggregation (model.workshop.summarise), {runs} runs")
    for size in sorted({TYPICAL, len(subs)}):
        line(f"{size} submissions", timed(lambda size=size: summarise(q, subs[:size]), runs))


def seed(url: str, q, members) -> tuple[str, str, float]:
    # the benchmark's room is bigger than the app's cap and joins faster than its rate limit allows
    store.MAX_PARTICIPANTS = store.JOINS_PER_MINUTE = len(members) + 1
    engine = db.get_engine(url)
    made = store.create_workshop(engine, "Benchmark", "zh", q.id, q.version)
    start = time.perf_counter()
    for m in members:
        store.submit(engine, made.workshop.id, keys.new_token(), m["answers"], m["name"], m["role"], m["ahp"])
    return made.workshop.id, made.key, time.perf_counter() - start


def bench_store(label: str, url: str, q, members, runs: int) -> tuple[str, str]:
    wid, key, seconds = seed(url, q, members)
    engine = db.get_engine(url)
    reads = timed(lambda: store.all_submissions(engine, wid, key), runs)
    print(f"store: {label}")
    print(
        f"  {len(members)} submissions, one transaction each: {seconds:.2f} s ({seconds / len(members) * 1000:.2f} ms each)"
    )
    line(f"read all {len(members)} back (all_submissions)", reads)
    return wid, key


def bench_dashboard(url: str, q, members, runs: int) -> None:
    from streamlit.testing.v1 import AppTest

    os.environ[db.URL_ENV] = url
    print(f"dashboard render (AppTest run of the facilitator view, SQLite), {runs} runs after a warm-up")
    for size in sorted({TYPICAL, len(members)}):
        wid, key, _ = seed(url, q, members[:size])
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["workshop"] = wid
        at.query_params["key"] = key
        at.switch_page("pages/workshop.py").run()
        if at.exception:
            print("  the page failed:", [e.value for e in at.exception])
            return
        line(f"{size} submissions", timed(at.run, runs))


def postgres_url(candidate: str) -> str | None:
    """A throwaway schema on the server, or None when it cannot be reached."""
    import psycopg

    libpq = candidate.replace("postgresql+psycopg://", "postgresql://", 1)
    schema = f"brokereco_bench_{keys.new_workshop_id()}"
    try:
        with psycopg.connect(libpq, connect_timeout=3, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.Error as exc:
        print(f"store: PostgreSQL skipped ({str(exc).strip().splitlines()[0]})")
        return None
    return f"{candidate}?options=-csearch_path%3D{schema}"


def drop_schema(url: str) -> None:
    import psycopg

    base, _, options = url.partition("?options=-csearch_path%3D")
    db.dispose_all()
    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{options}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("BROKERECO_TEST_POSTGRES_URL", DEFAULT_PG))
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)

    q = load_questionnaire()
    start = time.perf_counter()
    members = team(q, args.size, seed=1)
    print(f"{args.size} synthetic participants built in {time.perf_counter() - start:.1f} s")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times grow with it)\n")
    bench_aggregation(q, members, args.runs)
    print()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = db.database_url(env={db.DATA_DIR_ENV: tmp})
        bench_store("SQLite (WAL)", sqlite, q, members, args.runs)
        pg = postgres_url(args.postgres)
        if pg:
            try:
                bench_store("PostgreSQL", pg, q, members, args.runs)
            finally:
                drop_schema(pg)
        print()
        bench_dashboard(db.database_url(env={db.DATA_DIR_ENV: f"{tmp}/dash"}), q, members, args.runs)
        db.dispose_all()


if __name__ == "__main__":
    main()
