"""Altair chart -> standalone SVG text via vl-convert (no browser, no network), for self-contained reports.

Vega writes every label as escaped XML text, so user text inside a chart cannot become markup; `safe_svg`
checks the structure anyway before a chart is inlined. `chart_svg` caches renders on the chart function
and its inputs (building an Altair chart costs more than rendering it), `to_svg` on the chart's JSON spec,
so sessions (and reruns) with the same inputs share one render.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import lru_cache

import altair as alt
import vl_convert as vlc

# The Vega-Lite version Altair writes its specs for ("v6.4.1" -> "6.4"), so vl-convert compiles alike.
_ALTAIR_VL = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
VL_VERSION = _ALTAIR_VL if _ALTAIR_VL in vlc.get_vegalite_versions() else None
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>\s*")
_ID = re.compile(r'\bid="([^"]+)"')
CACHE_SIZE = 256  # a report has 3–4 charts; a few dozen distinct answer sets stay warm (~30 KB each)


def to_svg(chart: alt.TopLevelMixin, name: str) -> str:
    """The chart as one `<svg>` element, ready to inline in HTML.

    Vega numbers clip paths with a per-process counter (clip1, clip2, ...), so the same chart differs
    between runs and two inlined charts could share an id. Ids are renamed `<name>-1`, `<name>-2`, ...:
    the same input gives the same bytes, and charts with different names never collide in one page.
    """
    return _render(chart.to_json(validate=False), name)  # built by our code; Altair validated each part


@lru_cache(maxsize=CACHE_SIZE)
def _render(spec: str, name: str) -> str:
    svg = _XML_DECL.sub("", vlc.vegalite_to_svg(spec, vl_version=VL_VERSION))
    ids = {old: f"{name}-{i}" for i, old in enumerate(dict.fromkeys(_ID.findall(svg)), start=1)}
    if not ids:
        return svg
    pattern = re.compile(r'(\bid="|url\(#|href="#)(' + "|".join(map(re.escape, ids)) + r')(?=["\)])')
    return pattern.sub(lambda m: m.group(1) + ids[m.group(2)], svg)


def chart_svg(make: Callable[..., alt.TopLevelMixin], name: str, *args) -> str:
    """`to_svg(make(*args), name)`, cached on `make` and its arguments (plain JSON data: lists, dicts,
    strings, numbers), so a chart already drawn for these inputs is not even built again."""
    return _chart(make, name, json.dumps(args, ensure_ascii=False, sort_keys=True))


@lru_cache(maxsize=CACHE_SIZE)
def _chart(make: Callable[..., alt.TopLevelMixin], name: str, args: str) -> str:
    return to_svg(make(*json.loads(args)), name)


def cache_info():
    """Hits and misses of the chart cache (for the benchmark)."""
    return _chart.cache_info()


# ---------------------------------------------------------------- the safety check

_SVG_NS = "{http://www.w3.org/2000/svg}"
_ALLOWED_TAGS = frozenset(
    [
        "svg",
        "g",
        "path",
        "rect",
        "text",
        "tspan",
        "line",
        "circle",
        "ellipse",
        "polygon",
        "polyline",
        "defs",
        "clipPath",
        "title",
        "desc",
        "linearGradient",
        "radialGradient",
        "stop",
    ]
)
_LINK_ATTRS = ("href", "{http://www.w3.org/1999/xlink}href")
_URL_ATTRS = frozenset(
    ["fill", "stroke", "clip-path", "mask", "filter", "marker-start", "marker-mid", "marker-end", "style"]
)
_URL = re.compile(r"url\(\s*([^)]*)\)", re.I)


def safe_svg(svg: str) -> bool:
    """Chart SVG from vl-convert: one <svg> element of drawing elements only — no scripts, handlers,
    foreign content, external images or links.

    The check reads the parsed structure (element and attribute *names*, link targets), never the
    text: a label such as "onboarding = 'done'" is data, not a handler.
    """
    if "<!" in svg:  # no DTD, entities or CDATA: nothing for the parser to expand
        return False
    try:
        root = ET.fromstring(svg.strip())  # noqa: S314 -- DTD-free (checked above), so no entity tricks
    except ET.ParseError:
        return False
    if root.tag != f"{_SVG_NS}svg":
        return False
    for element in root.iter():
        tag = element.tag
        if (
            not isinstance(tag, str)
            or not tag.startswith(_SVG_NS)
            or tag[len(_SVG_NS) :] not in _ALLOWED_TAGS
        ):
            return False
        for key, value in element.attrib.items():
            local = key.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or local == "style" and _bad_style(value):
                return False
            if key in _LINK_ATTRS and not value.startswith("#"):
                return False
            if local in _URL_ATTRS and any(not u.strip("'\" ").startswith("#") for u in _URL.findall(value)):
                return False
    return True


def _bad_style(value: str) -> bool:
    return bool(re.search(r"expression\s*\(|@import|javascript:", value, re.I))
