"""Screenshot review: every page in zh and en, at desktop (1440×900) and phone (390×844) width, into
screenshots/ (gitignored), with the example firm and the example partner candidates loaded.

Usage (from the repo root):  python scripts/screenshots.py [--app-dir DIR] [--pages home,results]
                                                          [--no-shots] [--axe]

Prints, per page and language, the height of the main block (px, desktop) and with --axe the axe-core
violations by impact. --app-dir runs another checkout of the app (e.g. an older commit) for a before /
after comparison. Starts its own Streamlit server on a free port with a throwaway store and stops it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import conftest as harness  # noqa: E402  (server start-up, idle probe, wait_idle)
from ui.i18n import tr  # noqa: E402
from ui.layout import PAGES  # noqa: E402

SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
DESKTOP = {"width": 1440, "height": 900}
IMPACTS = ("critical", "serious", "moderate", "minor")


def main_height(page) -> int:
    return page.locator('[data-testid="stMain"]').evaluate("e => e.scrollHeight")


def go(page, url_path: str, lang: str) -> None:
    """Click the page in the sidebar (the session, and so the loaded example, is kept)."""
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{url_path}"]')
    if url_path == "home":
        link = page.locator('[data-testid="stSidebarNav"] a').first
    link.click()
    harness.wait_idle(page)


def prepare(page, base: str, lang: str) -> None:
    """A session with the example firm, the example candidates and the language chosen."""
    harness.open_app(page, base)
    if lang == "en":
        page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]').filter(
            has_text="English"
        ).click()
        harness.wait_idle(page)
    page.get_by_role("button", name=tr("home_example_button", lang)).click()
    harness.wait_idle(page)
    go(page, "partners", lang)
    page.get_by_role("button", name=tr("pt_load_examples", lang)).click()
    harness.wait_idle(page)


def axe_counts(page) -> tuple[Counter, list[dict]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    return Counter(v["impact"] for v in violations), violations


def run(app_dir: Path, pages: list[str], shots: bool, axe: bool) -> None:
    from playwright.sync_api import sync_playwright

    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    logs = Path(tempfile.mkdtemp(prefix="brokereco-shots-"))
    proc, base = harness.start_streamlit("app.py", logs / "app.log", cwd=app_dir)
    heights: dict[tuple[str, str], int] = {}
    audit: dict[str, Counter] = {}
    details: dict[str, dict] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=harness.chromium_path(), args=harness.CHROMIUM_ARGS)
            for lang in ("zh", "en"):
                context = browser.new_context(viewport=DESKTOP)
                context.add_init_script(harness.IDLE_PROBE)
                page = context.new_page()
                prepare(page, base, lang)
                for url_path in pages:
                    go(page, url_path, lang)
                    harness.wait_rendered(page)
                    heights[(url_path, lang)] = main_height(page)
                    if axe:
                        counts, violations = axe_counts(page)
                        audit[f"{url_path}/{lang}"] = counts
                        for v in violations:
                            entry = details.setdefault(
                                v["id"], {"impact": v["impact"], "pages": set(), "nodes": []}
                            )
                            entry["pages"].add(url_path)
                            entry["nodes"] += [
                                f"{url_path}/{lang}: {n['html'][:160]} — {n.get('failureSummary', '')[:200]}"
                                for n in v["nodes"]
                            ]
                    if not shots:
                        continue
                    for size, (width, height) in SIZES.items():
                        page.set_viewport_size({"width": width, "height": height})
                        harness.wait_rendered(page)
                        full = main_height(page)
                        page.set_viewport_size({"width": width, "height": max(height, full + 20)})
                        harness.wait_rendered(page)
                        page.screenshot(path=str(out / f"{url_path}_{lang}_{size}.png"), full_page=True)
                    page.set_viewport_size(DESKTOP)
                context.close()
            browser.close()
    finally:
        harness.stop(proc)
    print(f"{'page':<12} {'zh px':>7} {'en px':>7}  (main block height at 1440×900)")
    for url_path in pages:
        print(f"{url_path:<12} {heights[(url_path, 'zh')]:>7} {heights[(url_path, 'en')]:>7}")
    if axe:
        total = sum(audit.values(), Counter())
        print("\naxe-core violations (rules failing per page and language), by impact:")
        print("  " + ", ".join(f"{i} {total.get(i, 0)}" for i in IMPACTS))
        for rule, entry in sorted(details.items()):
            print(f"  {entry['impact']:<9} {rule:<28} {', '.join(sorted(entry['pages']))}")
        report = {
            "by_page": {k: dict(v) for k, v in audit.items()},
            "rules": {k: {**v, "pages": sorted(v["pages"])} for k, v in details.items()},
        }
        (ROOT / "screenshots").mkdir(exist_ok=True)
        (ROOT / "screenshots" / "axe.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
        print("  details: screenshots/axe.json")
    if shots:
        print(f"\nscreenshots in {out}/ (<page>_<lang>_<desktop|phone>.png)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout whose app.py to run")
    parser.add_argument("--pages", help="comma-separated url paths (default: every page)")
    parser.add_argument("--no-shots", action="store_true", help="heights (and --axe) only")
    parser.add_argument("--axe", action="store_true", help="run the axe-core audit on every page")
    args = parser.parse_args()
    if harness.chromium_path() is None:
        sys.exit(harness.MISSING_CHROMIUM)
    pages = args.pages.split(",") if args.pages else [url for _, _, url, _ in PAGES]
    run(args.app_dir.resolve(), pages, not args.no_shots, args.axe)


if __name__ == "__main__":
    main()
