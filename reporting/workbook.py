"""Spreadsheets that are safe to open: one rule for user text in CSV and XLSX, a CSV writer and a generic
"sheets → workbook" writer (openpyxl) that the assessment workbook and the workshop export both use.

Spreadsheet formula injection (OWASP "CSV Injection"): a cell whose text starts with = + - @, a tab or a
carriage return can run as a formula when the file is opened. Every text cell goes through `csv_cell`
(CSV: a leading single quote, and the field quoted) or `_put` (XLSX: stored as a string cell with Excel's
quote prefix; openpyxl would otherwise store "=..." as a formula). Numbers and dates are left as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (and so XLSX) cannot hold; openpyxl refuses them with an exception.
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_cell(value: Any) -> Any:
    """A value ready for csv.writer: text that could run as a formula gets a leading ' (Excel shows it as
    text); numbers stay numbers; None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def csv_text(rows: Iterable[Sequence[Any]], bom: bool = True) -> str:
    """Rows as CSV text (UTF-8 with a BOM by default, so Excel reads Chinese); every text field is quoted
    and made safe by `csv_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" if bom else "") + out.getvalue()


# ---------------------------------------------------------------- workbooks

NUMBER = "0.00"
SCORE = "0"
INDEX = "0.000"
PERCENT = "0%"
DATE = "yyyy-mm-dd"
INTEGER = "0"


@dataclass(frozen=True)
class Column:
    title: str
    width: float | None = None  # Excel character units; None: fit the content (8 to 60)
    number_format: str | None = None  # NUMBER, PERCENT, DATE, ... for numeric cells
    wrap: bool = False


@dataclass(frozen=True)
class Cell:
    """A value with its own number format (for sheets whose rows mix kinds, e.g. label / value)."""

    value: Any
    number_format: str


@dataclass(frozen=True)
class Sheet:
    name: str  # at most 31 characters; []:*?/\ are replaced
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[Any]]


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub("_", name).strip("'") or "Sheet"
    base = base[:31]
    out, n = base, 2
    while out.lower() in taken:
        suffix = f" ({n})"
        out, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(out.lower())
    return out


def to_xlsx(sheets: Sequence[Sheet], title: str = "") -> bytes:
    """The sheets as one .xlsx: bold frozen header row, column widths, number formats, an autofilter."""
    from openpyxl import Workbook  # loads only when a workbook is asked for
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    if title:
        wb.properties.title = _clean(title)
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="F3F6F9")
    taken: set[str] = set()
    for spec in sheets:
        ws = wb.create_sheet(sheet_name(spec.name, taken))
        for j, col in enumerate(spec.columns, start=1):
            cell = ws.cell(row=1, column=j)
            _put(cell, col.title)
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            width = col.width or fit_width([col.title, *(r[j - 1] for r in spec.rows)], wrap=col.wrap)
            ws.column_dimensions[get_column_letter(j)].width = width
        for i, row in enumerate(spec.rows, start=2):
            for j, (col, value) in enumerate(zip(spec.columns, row, strict=True), start=1):
                cell = ws.cell(row=i, column=j)
                fmt = col.number_format
                if isinstance(value, Cell):
                    value, fmt = value.value, value.number_format
                _put(cell, value)
                if fmt and isinstance(value, int | float | date) and not isinstance(value, bool):
                    cell.number_format = fmt
                if col.wrap:
                    cell.alignment = Alignment(vertical="top", wrap_text=True)
        ws.freeze_panes = "A2"
        if spec.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{len(spec.rows) + 1}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fit_width(values: Iterable[Any], wrap: bool = False) -> float:
    """A column width that shows the longest value: CJK characters count two; wrapped columns stop at 60."""
    values = (v.value if isinstance(v, Cell) else v for v in values)
    longest = max((_display_len(v) for v in values if v is not None), default=0)
    return float(min(60 if wrap else 80, max(8, longest + 2)))


def _display_len(value: Any) -> int:
    if isinstance(value, float):
        return 8
    text = str(value)
    return max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in text.splitlines()), default=0)


def _clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


def _put(cell, value: Any) -> None:
    """Write one value; text is always a string cell, never a formula."""
    if value is None or value == "":
        cell.value = None
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, int | float):
        cell.value = value if value == value else None  # NaN would make Excel repair the file
    elif isinstance(value, datetime | date):
        cell.value = value
    else:
        text = _clean(str(value))
        cell.value = text
        cell.data_type = "s"  # openpyxl binds "=..." as a formula; text stays text
        if is_formula_like(text):
            cell.quotePrefix = True  # and Excel keeps it text even when the cell is edited


# ---------------------------------------------------------------- documents as workbooks


def document_sheets(report) -> list[Sheet]:
    """Every table of a reporting.render.Report as a sheet named after its section (and heading): the
    bridge that gives any report built on the document model (the workshop group report, say) a
    workbook, one sheet per view. Cells of numeric columns become numbers where they read as one."""
    from reporting.render import Heading, Table  # the document model; imported here to keep this light

    out: list[Sheet] = []
    for section in report.sections:
        heading = ""
        tables = [b for b in section.blocks if isinstance(b, Table)]
        for block in section.blocks:
            if isinstance(block, Heading):
                heading = block.text
            if not isinstance(block, Table):
                continue
            name = f"{section.title} · {heading}" if heading and len(tables) > 1 else section.title
            columns = tuple(
                Column(h, number_format=NUMBER if i in block.numeric else None)
                for i, h in enumerate(block.headers)
            )
            rows = [
                tuple(_number(v) if i in block.numeric else v for i, v in enumerate(row))
                for row in block.rows
            ]
            out.append(Sheet(name, columns, rows))
    return out


def _number(text: str) -> Any:
    try:
        value = float(str(text).replace(",", "").rstrip("%"))
    except ValueError:
        return text  # "—", "+3", text that only looks numeric stays as shown
    if str(text).endswith("%"):
        return Cell(value / 100, PERCENT)
    return int(value) if value.is_integer() and "." not in str(text) else value
