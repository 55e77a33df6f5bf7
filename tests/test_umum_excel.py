"""The one safe text cell (iki.umum.excel): user text reaches the reader of every exported workbook
as the same text, never as a formula."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from iki.umum.excel import MAKS_SEL, teks_sel, tulis_teks

TEKS = [
    "=1+1",
    '=HYPERLINK("http://contoh","klik")',
    "+62 812 3456",
    "-5",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "007",
    "1e5",
    "1.234,5",
    "#N/A",
    "Kec. Ketapang",
    "",
]


def _simpan_baca(wb) -> tuple[object, bytes]:
    keluaran = io.BytesIO()
    wb.save(keluaran)
    data = keluaran.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    return load_workbook(io.BytesIO(data)).active, xml


@pytest.mark.parametrize("teks", TEKS)
def test_text_is_written_as_text_in_a_normal_sheet(teks):
    wb = Workbook()
    sel = tulis_teks(wb.active["A1"], teks)
    assert (sel.value, sel.data_type, sel.quotePrefix) == (teks, "s", True)
    ws, xml = _simpan_baca(wb)
    assert b"<f>" not in xml
    if teks:  # (without lxml, openpyxl writes a bare CR, which an XML reader reads as a line feed)
        assert ws["A1"].value in (teks, teks.replace("\r", "\n")) and ws["A1"].data_type == "s"


@pytest.mark.parametrize("teks", TEKS)
def test_text_is_written_as_text_in_a_write_only_sheet(teks):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Lembar")
    ws.append([tulis_teks(WriteOnlyCell(ws), teks)])
    ws, xml = _simpan_baca(wb)
    assert b"<f>" not in xml
    if teks:
        assert ws["A1"].value in (teks, teks.replace("\r", "\n")) and ws["A1"].data_type == "s"


@pytest.mark.parametrize(
    "masuk, keluar",
    [
        (None, None),
        ("=1+1", "=1+1"),
        ("ada\x00nol\x07bel\x1b", "adanolbel"),  # a cell cannot carry these: removed, not refused
        ("baris\r\nbaru\ttab", "baris\r\nbaru\ttab"),  # ordinary blanks are kept as typed
        (12, "12"),
        ("x" * (MAKS_SEL + 10), "x" * MAKS_SEL),
    ],
)
def test_teks_sel(masuk, keluar):
    assert teks_sel(masuk) == keluar


def test_none_leaves_the_cell_empty():
    wb = Workbook()
    sel = tulis_teks(wb.active["A1"], None)
    assert sel.value is None and sel.data_type == "n"
