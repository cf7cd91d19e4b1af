"""A stand-in for the shared escaper of issue 15 (reporting/escape.py: `md`, `html`), with the same
contract, used only while that module is not on main. Delete this file once it is: callers import
`reporting.escape` first.

md(): user text inside Markdown (and Streamlit's st.markdown) stays text — every ASCII punctuation
character is backslash-escaped (CommonMark allows it for all of them), which disarms emphasis, links
(`[x](javascript:…)`), raw HTML (`<img onerror=…>`), tables (`|`), Streamlit's directives (`:red[…]`,
`:material/…:`) and KaTeX (`$…$`); line breaks become spaces, so a title cannot start a new block.
"""

from __future__ import annotations

import html as _html
import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: object) -> str:
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def html(text: object) -> str:
    return _html.escape(str(text), quote=True)
