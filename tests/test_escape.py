"""The one escaper: user text is shown as typed in Streamlit, Markdown files and HTML."""

import pytest

from reporting import escape

# Each of these did something other than show the text before (issue: Streamlit's own markup).
HOSTILE = (
    ":red[RED] :material/warning: $x^2$ :sunglasses: <img src=x onerror=alert(1)> [x](javascript:alert(2))"
)


@pytest.mark.parametrize(
    "text, shown",
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("[a](http://b)", r"\[a\](http\://b)"),
        (":red[RED]", r"\:red\[RED\]"),
        (":material/warning:", r"\:material\/warning\:"),
        ("$x^2$", r"\$x^2\$"),
        ("a & b", "a &amp; b"),
        ("# heading", r"\# heading"),
        ("1. item", r"1\. item"),
        ("- item", r"\- item"),
        ("> quote", "&gt; quote"),
        ("a|b", r"a\|b"),
        ("`code`", r"\`code\`"),
        ("**b** _i_ ~s~", r"\*\*b\*\* \_i\_ \~s\~"),
        ("line\nbreak\t x", "line break x"),
        ("0.45 × 技术（北京）", "0.45 × 技术（北京）"),
        ("3.5 - 2.0 = 1.5", "3.5 - 2.0 = 1.5"),  # mid-line punctuation stays readable
    ],
)
def test_md_shows_text_as_typed(text, shown):
    assert escape.md(text) == shown


def test_md_leaves_no_unescaped_markup_character():
    out = escape.md(HOSTILE)
    assert "<" not in out and ">" not in out
    for ch in ":$[]":
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == ch), ch


def test_html_escapes_markup_and_quotes():
    assert escape.html('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"


def test_the_workshop_group_report_escapes_its_title(q):
    from model.workshop.group import Submission, summarise
    from reporting.workshop_export import group_report
    from ui.i18n import tr

    summary = summarise(q, [Submission({"tech_architecture": "monolith"}, None, None)])
    title = '<img src=x onerror="alert(1)"> [x](javascript:alert(2))'
    report = group_report(q, title, "2026-12-01", summary, "en", lambda k, **p: tr(k, "en", **p))
    first = report.splitlines()[0]
    assert first == "# " + escape.md(title)
    assert "<img" not in report and "[x](javascript" not in report
