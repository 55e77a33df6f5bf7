"""The one home of the app's Word documents (python-docx): an editable DOCX the office changes
before signing, from the same plain data its PDF is printed from.

A document here is real Word structure, never a picture of the PDF: headings, paragraphs,
tables with a repeated header row and merged sasaran cells, a signature block, A4 or F4 paper
with the office's margins, page numbers in the footer, Indonesian as the document language.
Every text a user typed goes in as plain text (``teks_aman``): ``<script>`` stays letters and a
leading ``=`` is no formula in Word; characters XML cannot hold are dropped, not an error.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

__all__ = ["DOCX", "KERTAS", "Mm", "dokumen_baru", "judul", "ke_bita", "paragraf", "tabel", "tanda_tangan", "teks_aman"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"  # the response's type
KERTAS = {"a4": (210, 297), "f4": (215, 330)}  # portrait width × height in mm
HURUF = "Liberation Serif"  # the PDFs' "IKI Serif"; Word falls back to Times New Roman's metrics
_TAK_BOLEH = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RATA = {"kiri": WD_ALIGN_PARAGRAPH.LEFT, "tengah": WD_ALIGN_PARAGRAPH.CENTER, "kanan": WD_ALIGN_PARAGRAPH.RIGHT,
         "penuh": WD_ALIGN_PARAGRAPH.JUSTIFY}


def teks_aman(teks: object) -> str:
    """Text as Word takes it: characters XML 1.0 cannot hold (control characters) removed."""
    return _TAK_BOLEH.sub("", "" if teks is None else str(teks))


def dokumen_baru(kertas: str = "a4", *, lanskap: bool = False, margin_mm: tuple[int, int, int, int] = (20, 20, 20, 25),
                 judul_berkas: str = "", penulis: str = "") -> Document:
    """An empty document on ``kertas`` (a4/f4), margins (top, right, bottom, left) in mm, the
    serif font at 11 pt, Indonesian as the language, "Halaman N" in the footer."""
    if kertas not in KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {kertas!r} (pilih a4 atau f4).")
    doc = Document()
    lebar, tinggi = KERTAS[kertas]
    bagian = doc.sections[0]
    if lanskap:
        bagian.orientation = WD_ORIENT.LANDSCAPE
        lebar, tinggi = tinggi, lebar
    bagian.page_width, bagian.page_height = Mm(lebar), Mm(tinggi)
    atas, kanan, bawah, kiri = margin_mm
    bagian.top_margin, bagian.right_margin, bagian.bottom_margin, bagian.left_margin = (
        Mm(atas), Mm(kanan), Mm(bawah), Mm(kiri)
    )
    gaya = doc.styles["Normal"]
    gaya.font.name = HURUF
    gaya.font.size = Pt(11)
    rpr = gaya.element.get_or_add_rPr()
    huruf = rpr.find(qn("w:rFonts"))
    if huruf is None:
        huruf = OxmlElement("w:rFonts")
        rpr.append(huruf)
    for atribut in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        huruf.set(qn(atribut), HURUF)
    bahasa = OxmlElement("w:lang")
    bahasa.set(qn("w:val"), "id-ID")
    rpr.append(bahasa)
    gaya.paragraph_format.space_after = Pt(4)
    for nama in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        doc.styles[nama].font.name = HURUF
    kaki = bagian.footer.paragraphs[0]
    kaki.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    kaki.add_run("Halaman ").font.size = Pt(8)
    _medan(kaki, "PAGE")
    doc.core_properties.title = teks_aman(judul_berkas)
    doc.core_properties.author = teks_aman(penulis)
    doc.core_properties.language = "id-ID"
    return doc


def _medan(p, perintah: str) -> None:
    medan = OxmlElement("w:fldSimple")
    medan.set(qn("w:instr"), perintah)
    run = OxmlElement("w:r")
    teks = OxmlElement("w:t")
    teks.text = "1"
    run.append(teks)
    medan.append(run)
    p._p.append(medan)


def paragraf(wadah, teks: str = "", *, tebal: bool = False, rata: str = "kiri", ukuran: float | None = None,
             miring: bool = False, spasi_setelah: float | None = None):
    """A paragraph of plain text (line breaks kept) in ``wadah`` (the document or a table cell)."""
    p = wadah.add_paragraph()
    p.alignment = _RATA[rata]
    baris = teks_aman(teks).split("\n")
    for i, potong in enumerate(baris):
        run = p.add_run(potong)
        run.bold, run.italic = tebal, miring
        if ukuran:
            run.font.size = Pt(ukuran)
        if i < len(baris) - 1:
            run.add_break()
    if spasi_setelah is not None:
        p.paragraph_format.space_after = Pt(spasi_setelah)
    return p


def judul(doc, teks: str, tingkat: int = 1, *, rata: str = "kiri"):
    """A Word heading (navigable, in the outline); line breaks in ``teks`` kept."""
    h = doc.add_heading(level=tingkat)
    h.alignment = _RATA[rata]
    baris = teks_aman(teks).split("\n")
    for i, potong in enumerate(baris):
        run = h.add_run(potong)
        if i < len(baris) - 1:
            run.add_break()
    return h


def _isi_sel(sel, teks: str, *, tebal: bool = False, rata: str = "kiri", ukuran: float = 9) -> None:
    p = sel.paragraphs[0]
    p.alignment = _RATA[rata]
    p.paragraph_format.space_after = Pt(0)
    baris = teks_aman(teks).split("\n")
    for i, potong in enumerate(baris):
        run = p.add_run(potong)
        run.bold = tebal
        run.font.size = Pt(ukuran)
        if i < len(baris) - 1:
            run.add_break()


def _ulang_kepala(baris) -> None:
    trpr = baris._tr.get_or_add_trPr()
    ulang = OxmlElement("w:tblHeader")
    ulang.set(qn("w:val"), "true")
    trpr.append(ulang)


def tabel(
    doc,
    kepala: Sequence[str],
    baris: Sequence[Sequence[str]],
    *,
    lebar_mm: Sequence[float] | None = None,
    kolom_angka: Sequence[int] = (),
    gabung: Sequence[tuple[int, int, int]] = (),
    ukuran: float = 9,
):
    """A bordered table: the header row repeated on every page, ``baris`` as text cells
    (``kolom_angka`` right-aligned), and ``gabung`` = (column, first row, row count) cells merged
    down (a sasaran spanning its indicators; rows counted in ``baris``, from 0)."""
    t = doc.add_table(rows=1, cols=len(kepala))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for sel, teks in zip(t.rows[0].cells, kepala, strict=True):
        _isi_sel(sel, teks, tebal=True, rata="tengah", ukuran=ukuran)
    _ulang_kepala(t.rows[0])
    for isi in baris:
        cells = t.add_row().cells
        for k, (sel, teks) in enumerate(zip(cells, isi, strict=True)):
            _isi_sel(sel, teks, rata="kanan" if k in kolom_angka else "kiri", ukuran=ukuran)
    for kolom, awal, jumlah in gabung:
        if jumlah > 1:
            atas = t.cell(awal + 1, kolom)
            for r in range(awal + 2, awal + 1 + jumlah):
                bawah = t.cell(r, kolom)
                for p in bawah.paragraphs:  # the cells below were written empty: nothing to keep
                    p._p.getparent().remove(p._p)
                bawah._tc.append(OxmlElement("w:p"))
            atas.merge(t.cell(awal + jumlah, kolom))
    if lebar_mm:
        t.autofit = False
        for r in t.rows:
            for sel, w in zip(r.cells, lebar_mm, strict=False):
                sel.width = Mm(w)
    return t


def tanda_tangan(doc, *, tempat_tanggal: str, jabatan: str, nama: str, pangkat: str = "", nip: str = "",
                 kosong: str = "……………………………………") -> None:
    """The signature block at the right: place and date, jabatan, room to sign, name, rank, NIP;
    dotted lines where a name or NIP is to be written by hand."""
    for teks, tebal, setelah in (
        (tempat_tanggal, False, 0),
        (jabatan, True, 48),
        (nama or kosong, True, 0),
        (pangkat, False, 0),
        (f"NIP. {nip or kosong}", False, 0),
    ):
        if not teks:
            continue
        p = paragraf(doc, teks, tebal=tebal, spasi_setelah=setelah)
        p.paragraph_format.left_indent = Mm(95)


def ke_bita(doc) -> bytes:
    keluar = io.BytesIO()
    doc.save(keluar)
    return keluar.getvalue()
