"""The report as PDF, from the same document and HTML blocks as the HTML report (reporting/render.py),
laid out for A4 by WeasyPrint: a title and contents page with page numbers, a running header (firm, date,
questionnaire version) and page numbers on every page, charts as the inline SVG (vectors), the disclaimer.

WeasyPrint embeds only the glyphs used (font subsetting is its default), so the Chinese report stays
small although Noto Sans CJK is ~19 MB. Fonts come from the system (fonts-noto-cjk; packages.txt).
No network: a URL fetcher that refuses everything, so nothing in a report can make WeasyPrint fetch.
"""

from __future__ import annotations

from reporting import escape
from reporting.render import CSS, Report, header_html, page_html, sections_html

PDF_CSS = """
@page {
  size: A4; margin: 20mm 15mm 18mm;
  @top-left { content: string(running); font-size: 8pt; color: #5a6876; vertical-align: bottom;
    padding-bottom: 3mm; }
  @top-right { content: string(doctitle); font-size: 8pt; color: #5a6876; vertical-align: bottom;
    padding-bottom: 3mm; }
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #5a6876; }
}
@page :first { @top-left { content: none; } @top-right { content: none; } }
html { font-size: 10pt; font-family: var(--font); }
body { font: 10pt/1.55 var(--font); }
main { max-width: none; padding: 0; }
.running { string-set: running content(text); visibility: hidden; height: 0; margin: 0; overflow: hidden; }
header h1 { string-set: doctitle content(text); }
.cover { break-after: page; }
.cover header { margin-top: 18mm; }
h1 { font-size: 22pt; } .subtitle { font-size: 15pt; }
.meta { display: block; font-size: 9.5pt; } .meta div { display: inline-block; margin: 0 8mm 1mm 0; }
.meta dt, .meta dd { display: inline; white-space: nowrap; } .meta dt { margin-right: 2mm; }
nav.toc { display: block; background: none; padding: 0; margin: 10mm 0 0; font-size: 11pt; }
nav.toc > strong { font-size: 13pt; color: var(--accent); display: block; margin-bottom: 3mm; }
nav.toc ol { columns: auto; padding-left: 0; list-style: none; counter-reset: toc; }
nav.toc li { counter-increment: toc; padding: 1.6mm 0; border-bottom: 0.5pt dotted var(--line); }
nav.toc li::before { content: counter(toc) ". "; color: var(--muted); }
nav.toc a { color: var(--ink); }
nav.toc a::after { content: leader(" ") target-counter(attr(href), page); color: var(--muted); }
.cover .disclaimer { margin-top: 12mm; font-size: 9pt; color: var(--muted); }
section { margin-top: 0; padding-top: 2mm; }
h2 { font-size: 14pt; break-after: avoid; margin: 6mm 0 2mm; }
h3 { font-size: 11.5pt; break-after: avoid; }
table { font-size: 9pt; break-inside: auto; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { white-space: normal; } th.nw, th.num { white-space: nowrap; }
figure, .facts, .box { break-inside: avoid; }
figure.chart svg { max-width: 100%; max-height: 120mm; }
.facts { grid-template-columns: repeat(2, 1fr); }
.tile .value { font-size: 14pt; }
footer { break-inside: avoid; font-size: 9pt; }
a { color: inherit; text-decoration: none; }
"""


def pdf_html(report: Report) -> str:
    """The print document: a cover with contents, then the sections and the disclaimer."""
    toc = "".join(
        f'<li><a href="#{escape.html(s.id)}">{escape.html(s.title)}</a></li>' for s in report.sections
    )
    cover = (
        f'<div class="cover"><p class="running">{escape.html(report.running_head)}</p>{header_html(report)}'
        f'<nav class="toc"><strong>{escape.html(report.contents_title)}</strong><ol>{toc}</ol></nav>'
        f'<p class="disclaimer">{escape.html(report.disclaimer)}</p></div>'
    )
    body = f"{cover}\n{sections_html(report)}\n<footer><p>{escape.html(report.disclaimer)}</p></footer>"
    return page_html(report, body, CSS + PDF_CSS)


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"reports load nothing from outside ({url[:40]})")


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # heavy (pango, fontTools): only when a PDF is asked for

    return HTML(string=pdf_html(report), url_fetcher=_no_fetch).write_pdf()
