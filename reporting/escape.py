"""The one escaper for user-typed text: shown as typed in Streamlit, in Markdown files and in HTML.

Streamlit's Markdown goes beyond CommonMark: `:red[...]` colours and badges, `:material/icon:` and
`:emoji:` shortcodes, `$...$` KaTeX. Checked in headless Chromium (Streamlit 1.67): a backslash before
every `:` and `$` stops colours, emoji and maths; material icons also need the `/` after "material"
escaped (elsewhere a slash is left alone, so files stay readable). HTML and
links are stopped by writing `<`, `>`, `&` as entities (readable in any Markdown renderer, raw HTML
included) and escaping `[` and `]`. Plain URLs and e-mail addresses may still be
auto-linked by GitHub-flavoured Markdown; such a link shows exactly the text typed.
"""

from __future__ import annotations

import html as _html
import re

# Punctuation with a meaning anywhere in a line (CommonMark lets any ASCII punctuation be escaped).
_ANYWHERE = re.compile(r"([\\`*_\[\]|~:$]|(?<=material)/)", re.IGNORECASE)
# Punctuation that only matters at the start of a line: headings, lists, block quotes, rules.
_LINE_START = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+#!])")


def md(text: object) -> str:
    """Text that Streamlit's Markdown and a Markdown file show exactly as typed, on one line."""
    text = _ANYWHERE.sub(r"\\\1", _html.escape(" ".join(str(text).split()), quote=False))
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text)


def html(text: object) -> str:
    """Text for HTML element content or a quoted attribute."""
    return _html.escape(str(text), quote=True)
