"""A small document model for reports and its renderings: self-contained HTML and Markdown here, PDF in
reporting/pdf.py (from the same HTML). The main report (reporting/report.py) and the workshop group
report build a `Report` of `Section`s of blocks and call `to_html` / `to_markdown` / `pdf.to_pdf`.

Every text in the model is plain text; the renderers escape all of it (HTML entities, Markdown
punctuation), so no user-typed name can become markup. The only raw markup is chart SVG made by
reporting.svg, and that is checked (`safe_svg`) before it is inlined.
"""

from __future__ import annotations

from dataclasses import dataclass

from reporting import escape
from reporting.svg import safe_svg


@dataclass(frozen=True)
class Strong:
    text: str


Inline = str | Strong


@dataclass(frozen=True)
class Para:
    parts: tuple[Inline, ...]
    tone: str = ""  # "" | "info" | "good" | "warn" | "bad": a highlighted box


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # right-aligned columns
    nowrap: tuple[int, ...] = ()  # short columns (a status, a date) kept on one line


@dataclass(frozen=True)
class Facts:
    """Key figures shown as tiles (label, value)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Figure:
    svg: str
    caption: str
    fallback: Table | None = None  # what Markdown shows instead of the chart


@dataclass(frozen=True)
class Heading:
    text: str


Block = Para | Bullets | Table | Facts | Figure | Heading


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    subtitle: str | None
    meta: tuple[tuple[str, str], ...]  # questionnaire version, date, language ...
    sections: tuple[Section, ...]
    disclaimer: str
    contents_title: str = "Contents"
    running_head: str = ""  # printed pages: firm · date · questionnaire version at the top of each page


def para(*parts: Inline, tone: str = "") -> Para:
    return Para(tuple(parts), tone)


# ---------------------------------------------------------------- HTML


def _inline_html(parts: tuple[Inline, ...]) -> str:
    return "".join(
        f"<strong>{escape.html(p.text)}</strong>" if isinstance(p, Strong) else escape.html(p) for p in parts
    )


def _cell_class(t: Table, i: int) -> str:
    classes = [name for name, cols in (("num", t.numeric), ("nw", t.nowrap)) if i in cols]
    return f' class="{" ".join(classes)}"' if classes else ""


def _table_html(t: Table) -> str:
    head = "".join(f"<th{_cell_class(t, i)}>{escape.html(h)}</th>" for i, h in enumerate(t.headers))
    body = "".join(
        "<tr>" + "".join(f"<td{_cell_class(t, i)}>{escape.html(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in t.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _block_html(b: Block) -> str:
    if isinstance(b, Para):
        cls = f' class="box {b.tone}"' if b.tone else ""
        return f"<p{cls}>{_inline_html(b.parts)}</p>"
    if isinstance(b, Heading):
        return f"<h3>{escape.html(b.text)}</h3>"
    if isinstance(b, Bullets):
        return "<ul>" + "".join(f"<li>{_inline_html(i)}</li>" for i in b.items) + "</ul>"
    if isinstance(b, Table):
        return _table_html(b)
    if isinstance(b, Facts):
        tiles = "".join(
            f'<div class="tile"><div class="label">{escape.html(k)}</div><div class="value">{escape.html(v)}</div></div>'
            for k, v in b.pairs
        )
        return f'<div class="facts">{tiles}</div>'
    if isinstance(b, Figure):
        if not safe_svg(b.svg):  # never inline anything but a plain chart
            return f'<p class="box warn">{escape.html(b.caption)}</p>' + (
                _table_html(b.fallback) if b.fallback else ""
            )
        return f'<figure class="chart">{b.svg}<figcaption>{escape.html(b.caption)}</figcaption></figure>'
    raise TypeError(type(b).__name__)


CSS = """
:root { --ink: #1c2733; --muted: #5a6876; --accent: #1f4e79; --line: #d9dee5; --soft: #f3f6f9;
  --font: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif; }
/* English: Latin fonts first (CJK fonts draw §, × and quotes full-width), CJK for any Chinese name */
html[lang="en"] { --font: "Helvetica Neue", Arial, "Liberation Sans", "Noto Sans", "Noto Sans CJK SC",
    "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--ink); font: 15px/1.6 var(--font); }
main { max-width: 960px; margin: 0 auto; padding: 32px 28px 48px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 18px; }
h1 { font-size: 26px; margin: 0 0 4px; color: var(--accent); }
.subtitle { font-size: 19px; margin: 0 0 10px; font-weight: 600; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 0; color: var(--muted); font-size: 13px; }
.meta div { display: flex; gap: 6px; } .meta dt { font-weight: 600; } .meta dd { margin: 0; }
nav.toc { background: var(--soft); border-radius: 6px; padding: 10px 16px; margin: 0 0 8px; font-size: 14px; }
nav.toc ol { margin: 4px 0 0; padding-left: 20px; columns: 2; }
nav.toc a { color: var(--accent); text-decoration: none; }
section { margin-top: 26px; }
h2 { font-size: 20px; color: var(--accent); border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nw, th.nw { white-space: nowrap; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; margin: 10px 0; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.tile .label { color: var(--muted); font-size: 13px; } .tile .value { font-size: 18px; font-weight: 600; }
.box { border-left: 4px solid var(--accent); background: var(--soft); padding: 8px 12px; border-radius: 4px; }
.box.good { border-color: #5b8c5a; background: #eef5ee; } .box.warn { border-color: #c9822b; background: #fbf3e8; }
.box.bad { border-color: #b04a4a; background: #f8ecec; } .box.info { border-color: #1f4e79; }
figure.chart { margin: 10px 0 16px; text-align: center; }
figure.chart svg { max-width: 100%; height: auto; }
figure.chart svg text { font-family: var(--font); }
figcaption { color: var(--muted); font-size: 13px; }
footer { margin-top: 34px; border-top: 1px solid var(--line); padding-top: 12px; color: var(--muted); font-size: 13px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 11pt; } main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  section { break-inside: auto; } h2, h3 { break-after: avoid; }
  figure, table, .facts, .box { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def header_html(report: Report) -> str:
    meta = "".join(f"<div><dt>{escape.html(k)}</dt><dd>{escape.html(v)}</dd></div>" for k, v in report.meta)
    subtitle = f'<p class="subtitle">{escape.html(report.subtitle)}</p>' if report.subtitle else ""
    return f'<header><h1>{escape.html(report.title)}</h1>{subtitle}<dl class="meta">{meta}</dl></header>'


def toc_html(report: Report) -> str:
    toc = "".join(
        f'<li><a href="#{escape.html(s.id)}">{escape.html(s.title)}</a></li>' for s in report.sections
    )
    return f'<nav class="toc"><strong>{escape.html(report.contents_title)}</strong><ol>{toc}</ol></nav>'


def sections_html(report: Report) -> str:
    return "".join(
        f'<section id="{escape.html(s.id)}"><h2>{escape.html(s.title)}</h2>{"".join(_block_html(b) for b in s.blocks)}</section>'
        for s in report.sections
    )


def page_html(report: Report, body: str, css: str = CSS) -> str:
    """A whole self-contained page around `body` (the report's own parts, already escaped)."""
    lang = "zh-CN" if report.lang == "zh" else "en"
    title = report.title + (f" · {report.subtitle}" if report.subtitle else "")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape.html(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


def to_html(report: Report) -> str:
    body = (
        f"{header_html(report)}\n{toc_html(report)}\n{sections_html(report)}\n"
        f"<footer><p>{escape.html(report.disclaimer)}</p></footer>"
    )
    return page_html(report, body)


# ---------------------------------------------------------------- Markdown


def _inline_md(parts: tuple[Inline, ...]) -> str:
    return "".join(f"**{escape.md(p.text)}**" if isinstance(p, Strong) else escape.md(p) for p in parts)


def _table_md(t: Table) -> str:
    lines = ["| " + " | ".join(escape.md(h) for h in t.headers) + " |"]
    lines.append("|" + "|".join("---:" if i in t.numeric else "---" for i in range(len(t.headers))) + "|")
    lines += ["| " + " | ".join(escape.md(c) or " " for c in row) + " |" for row in t.rows]
    return "\n".join(lines)


def _block_md(b: Block) -> str:
    if isinstance(b, Para):
        text = _inline_md(b.parts)
        return f"> {text}" if b.tone else text
    if isinstance(b, Heading):
        return f"### {escape.md(b.text)}"
    if isinstance(b, Bullets):
        return "\n".join(f"- {_inline_md(i)}" for i in b.items)
    if isinstance(b, Table):
        return _table_md(b)
    if isinstance(b, Facts):
        return "\n".join(f"- **{escape.md(k)}**: {escape.md(v)}" for k, v in b.pairs)
    if isinstance(b, Figure):
        caption = f"*{escape.md(b.caption)}*"
        return f"{caption}\n\n{_table_md(b.fallback)}" if b.fallback else caption
    raise TypeError(type(b).__name__)


def to_markdown(report: Report) -> str:
    out = [f"# {escape.md(report.title)}"]
    if report.subtitle:
        out.append(f"**{escape.md(report.subtitle)}**")
    out.append("\n".join(f"- {escape.md(k)}: {escape.md(v)}" for k, v in report.meta))
    for s in report.sections:
        out.append(f"## {escape.md(s.title)}")
        out += [_block_md(b) for b in s.blocks]
    out.append(f"---\n\n*{escape.md(report.disclaimer)}*")
    return "\n\n".join(out) + "\n"
