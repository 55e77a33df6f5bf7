"""The one safe text cell of every workbook the app writes (exports, reports, templates).

A workbook is a way out for text people typed (names, notes, narratives). Text that starts with
``=`` (or ``+``, ``-``, ``@``, a tab or a carriage return, which spreadsheet programs also read
as the start of a formula) must reach the reader as the same text, never as a formula that runs
when the file is opened (CSV/formula injection). ``tulis_teks`` writes text as a string cell,
flagged with Excel's quote prefix so that the cell stays text even after someone edits it.
"""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

__all__ = ["AWALAN_RUMUS", "MAKS_SEL", "XLSX", "teks_sel", "tulis_teks"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # the media type of a workbook

# What spreadsheet programs read as the start of a formula (OWASP, "CSV injection").
AWALAN_RUMUS = ("=", "+", "-", "@", "\t", "\r")
MAKS_SEL = 32_767  # characters a cell holds (Excel's limit)


def teks_sel(teks) -> str | None:
    """Text as a cell can hold it: control characters that the file format cannot carry are
    removed (openpyxl refuses them) and the text is cut at the cell limit. ``None`` stays
    ``None`` (an empty cell); anything else is written as its ``str``."""
    if teks is None:
        return None
    return ILLEGAL_CHARACTERS_RE.sub("", str(teks))[:MAKS_SEL]


def tulis_teks(sel, teks):
    """Write ``teks`` into ``sel`` (a cell, or a write-only ``WriteOnlyCell``) as text: a leading
    ``=``, ``+``, ``-``, ``@``, tab or CR never turns it into a formula, and number-looking text
    ("007", "1e5") stays the text it is. Returns the cell."""
    sel.value = teks_sel(teks)
    if sel.value is not None:
        # openpyxl guesses the type from the value ("=…" would be a formula, "#N/A" an error):
        # the type is set after the value, so the guess never stands.
        sel.data_type = "s"
        sel.quotePrefix = True
    return sel
