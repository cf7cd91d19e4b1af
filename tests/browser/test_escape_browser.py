"""The escaper against Streamlit's real Markdown renderer: hostile text shows as typed, no markup."""

from test_escape import HOSTILE
from tests_paths import ROOT

from .conftest import new_page, start_streamlit, stop, wait_idle

SCRIPT = """
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from reporting import escape
text = {text!r}
st.markdown(escape.md(text))
st.subheader(escape.md(text))
st.error(escape.md(text))
st.caption(escape.md("email: a@b.cn, 3:00, 50% / 2 = 25%"))
"""


def test_hostile_text_renders_as_typed(browser, tmp_path):
    script = tmp_path / "escape_app.py"
    script.write_text(SCRIPT.format(root=str(ROOT), text=HOSTILE), encoding="utf-8")
    proc, base = start_streamlit(str(script), tmp_path / "escape.log")
    context, page = new_page(browser)
    try:
        page.goto(base)
        page.get_by_text("RED", exact=False).first.wait_for()
        wait_idle(page)
        shown = [
            page.locator('[data-testid="stMarkdown"]').first,
            page.locator('[data-testid="stHeading"]').first,
            page.locator('[data-testid="stAlert"]').first,
        ]
        for block in shown:
            assert " ".join(block.inner_text().split()) == HOSTILE
            inner = block.inner_html()
            for markup in (
                "katex",
                "stMarkdownColoredText",
                "Material Symbols",
                "<img",
                'href="javascript',
                "😎",
            ):
                assert markup not in inner, markup
        caption = page.locator('[data-testid="stCaptionContainer"]').first
        assert caption.inner_text().strip() == "email: a@b.cn, 3:00, 50% / 2 = 25%"
    finally:
        context.close()
        stop(proc)
