"""Altair chart -> standalone SVG text via vl-convert (no browser, no network), for self-contained reports.

Vega writes every label as escaped XML text, so user text inside a chart cannot become markup.
"""

from __future__ import annotations

import re

import altair as alt
import vl_convert as vlc

# The Vega-Lite version Altair writes its specs for ("v6.4.1" -> "6.4"), so vl-convert compiles alike.
_ALTAIR_VL = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
VL_VERSION = _ALTAIR_VL if _ALTAIR_VL in vlc.get_vegalite_versions() else None
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>\s*")
_ID = re.compile(r'\bid="([^"]+)"')


def to_svg(chart: alt.TopLevelMixin, name: str) -> str:
    """The chart as one `<svg>` element, ready to inline in HTML.

    Vega numbers clip paths with a per-process counter (clip1, clip2, ...), so the same chart differs
    between runs and two inlined charts could share an id. Ids are renamed `<name>-1`, `<name>-2`, ...:
    the same input gives the same bytes, and charts with different names never collide in one page.
    """
    spec = chart.to_json(validate=False)  # built by our code; Altair validated each part already
    svg = _XML_DECL.sub("", vlc.vegalite_to_svg(spec, vl_version=VL_VERSION))
    ids = {old: f"{name}-{i}" for i, old in enumerate(dict.fromkeys(_ID.findall(svg)), start=1)}
    if not ids:
        return svg
    pattern = re.compile(r'(\bid="|url\(#|href="#)(' + "|".join(map(re.escape, ids)) + r')(?=["\)])')
    return pattern.sub(lambda m: m.group(1) + ids[m.group(2)], svg)
