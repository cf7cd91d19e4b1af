"""Optional facilitator sign-in (st.login) against a local OIDC provider (oidc-provider-mock): a
signed-in facilitator creates a workshop, signs in again in a new browser and reopens it from their
list, without the private link; a second person signed in sees none of it. The app runs from a copy
of the repository's root with an [auth] section in its secrets (the repository itself has none, and
without it the page shows no sign-in: every other workshop test)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import Page, expect

from storage import db
from storage import workshops as store

from .conftest import ROOT, free_port, new_page, open_app, start_streamlit, stop, wait_idle
from .test_workshop_browser import click, main, s

SECRETS = """
[auth]
redirect_uri = "{base}/oauth2callback"
cookie_secret = "test-cookie-secret-0123456789abcdef"
client_id = "brokereco-test"
client_secret = "not-a-secret"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
"""


def start_with_secrets(tmp: Path, env: dict, secrets: str) -> tuple[subprocess.Popen, str]:
    """Streamlit on a known port (the redirect URI names it), reading secrets from its own folder."""
    port = free_port()
    home = tmp / "home"
    (home / ".streamlit").mkdir(parents=True)
    base = f"http://localhost:{port}"
    (home / ".streamlit" / "secrets.toml").write_text(secrets.replace("{base}", base), encoding="utf-8")
    try:
        return start_streamlit(
            str(ROOT / "app.py"), tmp / "app.log", cwd=home, env=env, port=port, host="localhost"
        )
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def signed_in_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("signin")
    url = f"sqlite:///{tmp / 'ws.sqlite3'}"
    with run_server_in_thread() as provider:
        issuer = f"http://localhost:{provider.server_port}"
        env = {db.URL_ENV: url, "PYTHONPATH": str(ROOT)}
        proc, base = start_with_secrets(tmp, env, SECRETS.replace("{issuer}", issuer))
        try:
            yield base, url
        finally:
            stop(proc)
            db.dispose_all()
    shutil.rmtree(tmp, ignore_errors=True)


def sign_in(page: Page, base: str, subject: str) -> None:
    open_app(page, f"{base}/workshop")
    main(page).get_by_role("button", name=s("ws_signin")).click()  # leaves for the provider
    page.locator('input[name="sub"]').wait_for(timeout=60_000)
    page.locator('input[name="sub"]').fill(subject)  # the mock provider's consent form
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{base}/**")
    page.wait_for_function("() => window.__stIdle && window.__stIdle.finished > 0")
    wait_idle(page)
    if "/workshop" not in page.url:
        page.goto(f"{base}/workshop")
        wait_idle(page)
    expect(page.locator(".st-key-ws_signin_panel")).to_contain_text(subject)


def test_a_signed_in_facilitator_reopens_their_workshop_without_the_link(signed_in_app, browser):
    base, url = signed_in_app
    first, page = new_page(browser)
    try:
        sign_in(page, base, "anna@example.com")
        main(page).get_by_label(s("ws_title_label")).fill("Signed-in offsite")
        click(page, s("ws_create_button"))
        expect(page.locator(".st-key-ws_join_code")).to_be_visible()
    finally:
        first.close()
    (made,) = [w for w in _all(url) if w.title == "Signed-in offsite"]

    again, page = new_page(browser)  # another browser: no session, no private link
    try:
        sign_in(page, base, "anna@example.com")
        expect(page.locator(".st-key-ws_signin_panel")).to_contain_text("Signed-in offsite")
        page.locator(f".st-key-ws_open_{made.id} button").click()
        wait_idle(page)
        expect(page.locator(".st-key-ws_join_code")).to_contain_text(made.code[:3])
        assert "key=" not in page.url
    finally:
        again.close()

    other, page = new_page(browser)
    try:
        sign_in(page, base, "bob@example.com")
        expect(page.locator(".st-key-ws_signin_panel")).not_to_contain_text("Signed-in offsite")
        expect(page.locator(f".st-key-ws_open_{made.id}")).to_have_count(0)
    finally:
        other.close()


def _all(url: str):
    engine = db.get_engine(url)
    from sqlalchemy import select

    from storage.schema import workshops

    with engine.connect() as conn:
        ids = conn.execute(select(workshops.c.code)).scalars().all()
    return [store.workshop_by_code(engine, code) for code in ids]
