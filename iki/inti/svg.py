"""Charts as SVG text made on the server, so the page and the PDF show the same picture.

No JavaScript and nothing from the internet. Colours are the category scale's own, always with
the category's word (or its initials, explained in the legend) beside them, so colour-blind
readers lose nothing. Every chart is ``role="img"`` with a ``<title>`` and a ``<desc>``; the page
puts a table of the same numbers next to it for screen readers.

Every function returns SVG markup as ``str`` with all text escaped; templates mark it safe.
Colours are presentation attributes (``fill=…``), not ``style`` attributes, so a strict
Content-Security-Policy holds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from iki.inti.angka import format_angka, format_persen
from iki.inti.perhitungan import Kategori

_WARNA_SAH = re.compile(r"^#[0-9a-fA-F]{6}$")
ABU = "#8c959f"
GARIS = "#24292f"
TARGET = "#6e7781"
FONT = "font-family=\"'Liberation Serif', 'IKI Serif', serif\""


def warna(kategori: Kategori | None) -> str:
    """The category's colour when it is a valid #rrggbb, grey otherwise."""
    if kategori is not None and _WARNA_SAH.match(kategori.warna):
        return kategori.warna
    return ABU


def warna_teks(latar: str) -> str:
    """Black or white, whichever reads better on the background colour (WCAG luminance)."""
    if not _WARNA_SAH.match(latar):
        return "#000000"

    def kanal(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (kanal(int(latar[i:i + 2], 16)) for i in (1, 3, 5))
    terang = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (terang + 0.05) / 0.05 > 1.05 / (terang + 0.05) else "#ffffff"


def singkatan(kategori: Kategori) -> str:
    """Initials of the category's word: "Sangat Baik" → "SB"."""
    return "".join(k[0] for k in kategori.label.split() if k).upper()


def _e(teks: object) -> str:
    return escape(str(teks), quote=True)


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def swatch(kategori: Kategori | None, ukuran: int = 12) -> str:
    """A small colour square for beside the category's word (decorative: the word carries it)."""
    return (
        f'<svg class="swatch" width="{ukuran}" height="{ukuran}" viewBox="0 0 {ukuran} {ukuran}" '
        f'aria-hidden="true" focusable="false"><rect width="{ukuran}" height="{ukuran}" rx="2" '
        f'fill="{warna(kategori)}" stroke="{GARIS}" stroke-width="0.5"/></svg>'
    )


def _skala_bagus(bawah: float, atas: float, langkah_maks: int = 5) -> list[float]:
    """Round tick values covering [bawah, atas]."""
    if atas <= bawah:
        atas = bawah + 1
    kasar = (atas - bawah) / langkah_maks
    pangkat = 10 ** math.floor(math.log10(kasar))
    langkah = next(m * pangkat for m in (1, 2, 2.5, 5, 10) if m * pangkat >= kasar)
    awal = math.floor(bawah / langkah) * langkah
    akhir = math.ceil(atas / langkah) * langkah
    n = round((akhir - awal) / langkah)
    return [awal + i * langkah for i in range(n + 1)]


def _ruas(titik: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Split a series at its gaps (None) into runs of points."""
    ruas: list[list[tuple[float, float]]] = [[]]
    for t in titik:
        if t is None:
            if ruas[-1]:
                ruas.append([])
        else:
            ruas[-1].append(t)
    return [r for r in ruas if r]


def _polyline(titik: list[tuple[float, float]], **atribut: str) -> str:
    attrs = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in atribut.items())
    poin = " ".join(f"{_f(x)},{_f(y)}" for x, y in titik)
    return f'<polyline points="{poin}" fill="none" {attrs}/>'


@dataclass(frozen=True)
class TitikTren:
    label: str  # "Mei"
    nilai: Decimal | None
    target: Decimal | None
    kategori: Kategori | None = None
    keterangan: str = ""  # tooltip text: "Mei: 96,00 (48 dari 50), capaian 101,05 % Sangat Baik"
    belum_diverifikasi: bool = False


def grafik_tren(*, id_dasar: str, judul: str, titik: Sequence[TitikTren], satuan: str = "",
                lebar: int = 720, tinggi: int = 270) -> str:
    """Line of the indicator's monthly values with its target line; points in category colours,
    the category's initials under each month, and a legend that spells them out."""
    kiri, kanan, atas, bawah = 58, 14, 34, 50
    angka = [float(v) for t in titik for v in (t.nilai, t.target) if v is not None]
    y_min = min([0.0, *angka])
    y_max = max([1.0, *angka]) * 1.08
    tick = _skala_bagus(y_min, y_max)
    y_min, y_max = tick[0], tick[-1]
    lebar_plot, tinggi_plot = lebar - kiri - kanan, tinggi - atas - bawah
    n = max(len(titik), 1)
    jarak = lebar_plot / n

    def x(i: int) -> float:
        return kiri + jarak * (i + 0.5)

    def y(v: Decimal | float) -> float:
        return atas + tinggi_plot * (1 - (float(v) - y_min) / (y_max - y_min))

    ada = [t for t in titik if t.nilai is not None]
    if ada:
        terakhir = ada[-1]
        ringkas = (
            f"{len(ada)} dari {len(titik)} bulan berisi nilai. Nilai terakhir {terakhir.label}: "
            f"{format_angka(terakhir.nilai)}{(' ' + satuan) if satuan and satuan != '%' else ''}"
            f"{' %' if satuan == '%' else ''}"
        )
        if terakhir.target is not None:
            ringkas += f", target {format_angka(terakhir.target)}"
        ringkas += ". Rincian tiap bulan ada pada tabel di bawah grafik."
    else:
        ringkas = "Belum ada nilai untuk digambar."
    bagian = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafik grafik-tren" viewBox="0 0 {lebar} {tinggi}" '
        f'width="{lebar}" height="{tinggi}" role="img" aria-labelledby="{_e(id_dasar)}-judul {_e(id_dasar)}-desk" '
        f'{FONT} font-size="11">',
        f'<title id="{_e(id_dasar)}-judul">{_e(judul)}</title>',
        f'<desc id="{_e(id_dasar)}-desk">{_e(ringkas)}</desc>',
        f'<rect x="0" y="0" width="{lebar}" height="{tinggi}" fill="#ffffff"/>',
    ]
    for v in tick:
        yy = y(v)
        bagian.append(f'<line x1="{kiri}" y1="{_f(yy)}" x2="{lebar - kanan}" y2="{_f(yy)}" stroke="#d0d7de" '
                      f'stroke-width="0.6"/>')
        bagian.append(f'<text x="{kiri - 6}" y="{_f(yy + 4)}" text-anchor="end" fill="{GARIS}">'
                      f'{_e(format_angka(Decimal(str(round(v, 2))), 0 if v == int(v) else 2))}</text>')
    bagian.append(f'<line x1="{kiri}" y1="{atas}" x2="{kiri}" y2="{atas + tinggi_plot}" stroke="{GARIS}"/>')
    # Target: a dashed step line (each month's own target), so a pro-rata target reads right.
    for r in _ruas([(x(i), y(t.target)) if t.target is not None else None for i, t in enumerate(titik)]):
        langkah = []
        for xx, yy in r:
            langkah += [(xx - jarak / 2, yy), (xx + jarak / 2, yy)]
        bagian.append(_polyline(langkah, stroke=TARGET, stroke_width="1.6", stroke_dasharray="6 4"))
    for r in _ruas([(x(i), y(t.nilai)) if t.nilai is not None else None for i, t in enumerate(titik)]):
        bagian.append(_polyline(r, stroke=GARIS, stroke_width="1.8"))
    dipakai: dict[str, Kategori] = {}
    for i, t in enumerate(titik):
        bagian.append(f'<text x="{_f(x(i))}" y="{atas + tinggi_plot + 15}" text-anchor="middle" '
                      f'fill="{GARIS}">{_e(t.label)}</text>')
        if t.nilai is None:
            continue
        isi = "#ffffff" if t.belum_diverifikasi else warna(t.kategori)
        garis = warna(t.kategori) if t.belum_diverifikasi else GARIS
        keterangan = t.keterangan or f"{t.label}: {format_angka(t.nilai)}"
        bagian.append(
            f'<circle cx="{_f(x(i))}" cy="{_f(y(t.nilai))}" r="5" fill="{isi}" stroke="{garis}" '
            f'stroke-width="{2 if t.belum_diverifikasi else 1}"><title>{_e(keterangan)}</title></circle>'
        )
        if t.kategori is not None:
            dipakai.setdefault(t.kategori.label, t.kategori)
            bagian.append(f'<text x="{_f(x(i))}" y="{atas + tinggi_plot + 30}" text-anchor="middle" '
                          f'font-weight="bold" fill="{GARIS}">{_e(singkatan(t.kategori))}</text>')
    # Legend along the top: the lines, then each category used, its colour and its word.
    lx = kiri
    bagian.append(_polyline([(lx, 14), (lx + 22, 14)], stroke=GARIS, stroke_width="1.8"))
    bagian.append(f'<text x="{lx + 26}" y="18" fill="{GARIS}">Realisasi</text>')
    lx += 86
    bagian.append(_polyline([(lx, 14), (lx + 22, 14)], stroke=TARGET, stroke_width="1.6", stroke_dasharray="6 4"))
    bagian.append(f'<text x="{lx + 26}" y="18" fill="{GARIS}">Target</text>')
    lx += 74
    if any(t.belum_diverifikasi and t.nilai is not None for t in titik):
        bagian.append(f'<circle cx="{lx + 5}" cy="14" r="5" fill="#ffffff" stroke="{GARIS}" stroke-width="2"/>')
        bagian.append(f'<text x="{lx + 14}" y="18" fill="{GARIS}">belum diverifikasi</text>')
        lx += 124
    for k in dipakai.values():
        bagian.append(f'<rect x="{lx}" y="8" width="11" height="11" rx="2" fill="{warna(k)}" stroke="{GARIS}" '
                      f'stroke-width="0.5"/>')
        teks = f"{singkatan(k)} = {k.label}"
        bagian.append(f'<text x="{lx + 15}" y="18" fill="{GARIS}">{_e(teks)}</text>')
        lx += 24 + 6.2 * len(teks)
    bagian.append("</svg>")
    return "".join(bagian)


@dataclass(frozen=True)
class Batang:
    label: str
    capaian: Decimal | None  # as displayed (already capped when a cap applies)
    kategori: Kategori | None
    keterangan: str = ""  # e.g. "belum ada data survei" when there is no value


def grafik_batang(*, id_dasar: str, judul: str, batang: Sequence[Batang], lebar: int = 900,
                  cetak: bool = False) -> str:
    """Horizontal bars of capaian per indicator, coloured by category, each ending with its
    percentage and its category's word; a line marks 100 %.

    ``cetak``: the PDF's version (``grafik_batang_cetak``), cheap for WeasyPrint to paint."""
    if cetak:
        return grafik_batang_cetak(judul=judul, batang=batang)
    kiri, kanan, atas, tinggi_baris = 330, 190, 26, 22
    tinggi = atas + tinggi_baris * max(len(batang), 1) + 24
    nilai = [float(b.capaian) for b in batang if b.capaian is not None]
    skala_maks = max(100.0, min(max(nilai, default=100.0), 200.0))
    skala_maks = math.ceil(skala_maks / 20) * 20
    lebar_plot = lebar - kiri - kanan

    def x(v: float) -> float:
        return kiri + lebar_plot * min(max(v, 0.0), skala_maks) / skala_maks

    rendah = [b for b in batang if b.capaian is not None]
    desk = f"{len(rendah)} dari {len(batang)} indikator memiliki capaian."
    if rendah:
        terendah = min(rendah, key=lambda b: b.capaian)
        desk += f" Terendah: {terendah.label}, {format_persen(terendah.capaian)}"
        desk += f" ({terendah.kategori.label})." if terendah.kategori else "."
    desk += " Angka lengkap ada pada tabel."
    bagian = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafik grafik-batang" viewBox="0 0 {lebar} {tinggi}" '
        f'width="{lebar}" height="{tinggi}" role="img" aria-labelledby="{_e(id_dasar)}-judul {_e(id_dasar)}-desk" '
        f'{FONT} font-size="11">',
        f'<title id="{_e(id_dasar)}-judul">{_e(judul)}</title>',
        f'<desc id="{_e(id_dasar)}-desk">{_e(desk)}</desc>',
    ]
    bagian.append(f'<rect x="0" y="0" width="{lebar}" height="{tinggi}" fill="#ffffff"/>')
    for v in _skala_bagus(0, skala_maks, 6):
        if v > skala_maks:
            continue
        bagian.append(f'<line x1="{_f(x(v))}" y1="{atas - 4}" x2="{_f(x(v))}" y2="{tinggi - 20}" '
                      f'stroke="#d0d7de" stroke-width="0.6"/>')
        bagian.append(f'<text x="{_f(x(v))}" y="{tinggi - 6}" text-anchor="middle" fill="{GARIS}">'
                      f'{_e(format_angka(Decimal(int(v)), 0))} %</text>')
    bagian.append(f'<line x1="{_f(x(100))}" y1="{atas - 8}" x2="{_f(x(100))}" y2="{tinggi - 20}" '
                  f'stroke="{GARIS}" stroke-width="1.2" stroke-dasharray="4 3"/>')
    bagian.append(f'<text x="{_f(x(100))}" y="{atas - 12}" text-anchor="middle" fill="{GARIS}">100 %</text>')
    for i, b in enumerate(batang):
        yy = atas + i * tinggi_baris
        label = b.label if len(b.label) <= 58 else b.label[:56].rstrip() + "…"
        judul_label = f"<title>{_e(b.label)}</title>"
        bagian.append(f'<text x="{kiri - 8}" y="{yy + 14}" text-anchor="end" fill="{GARIS}">'
                      f'{judul_label}{_e(label)}</text>')
        if b.capaian is None:
            bagian.append(f'<text x="{kiri + 4}" y="{yy + 14}" font-style="italic" fill="{GARIS}">'
                          f'{_e(b.keterangan or "belum ada data")}</text>')
            continue
        ujung = x(float(b.capaian))
        judul_batang = f"<title>{_e(b.label)}: {_e(format_persen(b.capaian))}</title>"
        bagian.append(f'<rect x="{kiri}" y="{yy + 3}" width="{_f(max(ujung - kiri, 1))}" height="{tinggi_baris - 7}" '
                      f'fill="{warna(b.kategori)}" stroke="{GARIS}" stroke-width="0.4">{judul_batang}</rect>')
        lewat = "» " if float(b.capaian) > skala_maks else ""
        teks = f"{lewat}{format_persen(b.capaian)} {b.kategori.label if b.kategori else ''}".strip()
        # A white backing keeps the words readable where they cross the grid or the 100 % line.
        bagian.append(f'<rect x="{_f(ujung + 3)}" y="{yy + 4}" width="{_f(5.6 * len(teks) + 4)}" height="13" '
                      f'fill="#ffffff"/>')
        bagian.append(f'<text x="{_f(ujung + 5)}" y="{yy + 14}" fill="{GARIS}">{_e(teks)}</text>')
    bagian.append("</svg>")
    return "".join(bagian)

# The length of a full bar in the PDF chart, in mm (A4 landscape leaves it ≈ 50 mm for its words).
_PANJANG_BATANG_MM = 105


def grafik_batang_cetak(*, judul: str, batang: Sequence[Batang]) -> str:
    """The PDF's bar chart as a fixed-layout HTML table: WeasyPrint lays out HTML text far
    faster than SVG text (each SVG ``<text>`` cost it ≈ 5 ms, a 110-row chart more than a
    second), so there is no SVG at all. Three elements a bar (row, name, value cell): the bar is
    the value cell's left border, as long as the capaian and in its category's colour (its only
    inline style), the percentage and the category's word beside it; no inline box, title,
    filter or gradient. The head's scale runs from 0 % to a line at 100 % and says what a full
    bar is. Styles: ``.grafik-cetak`` in ``static/css/laporan.css``."""
    nilai = [float(b.capaian) for b in batang if b.capaian is not None]
    skala_maks = math.ceil(max(100.0, min(max(nilai, default=100.0), 200.0)) / 20) * 20
    seratus = _f(_PANJANG_BATANG_MM * 100 / skala_maks)
    baris = []
    for b in batang:
        label = b.label if len(b.label) <= 70 else b.label[:68].rstrip() + "…"
        if b.capaian is None:
            baris.append(f'<tr><td class="g">{_e(label)}</td><td class="kosong">'
                         f'{_e(b.keterangan or "belum ada data")}</td></tr>')
            continue
        v = min(max(float(b.capaian), 0.0), skala_maks)
        lewat = "» " if float(b.capaian) > skala_maks else ""
        teks = f"{lewat}{format_persen(b.capaian)} {b.kategori.label if b.kategori else ''}".strip()
        panjang = _f(max(_PANJANG_BATANG_MM * v / skala_maks, 0.3))
        baris.append(f'<tr><td class="g">{_e(label)}</td>'
                     f'<td style="border-left:{panjang}mm solid {warna(b.kategori)}">{_e(teks)}</td></tr>')
    return (
        f'<table class="grafik-cetak" aria-label="{_e(judul)}"><colgroup><col class="g"><col></colgroup>'
        f'<thead><tr><th class="g">Indikator</th><th><span class="skala" style="width:{seratus}mm">0 %</span>'
        f' 100 % (batang penuh: {_e(format_angka(Decimal(int(skala_maks)), 0))} %)</th></tr>'
        f'</thead><tbody>{"".join(baris)}</tbody></table>'
    )


def tabel_batang(batang: Sequence[Batang]) -> str:
    """The bar chart's numbers as an HTML table: its text alternative."""
    baris = []
    for b in batang:
        capaian = format_persen(b.capaian) if b.capaian is not None else (b.keterangan or "–")
        kategori = b.kategori.label if b.kategori else "–"
        baris.append(f"<tr><td>{_e(b.label)}</td><td>{_e(capaian)}</td><td>{_e(kategori)}</td></tr>")
    return (
        '<table class="table table-sm w-auto"><thead><tr><th scope="col">Indikator</th><th scope="col">Capaian</th>'
        f'<th scope="col">Kategori</th></tr></thead><tbody>{"".join(baris)}</tbody></table>'
    )


def sparkline(*, judul: str, nilai: Sequence[Decimal | None], target: Sequence[Decimal | None] = (),
              lebar: int = 110, tinggi: int = 28) -> str:
    """A tiny trend for a table cell; the row's own month cells are its text alternative."""
    angka = [float(v) for v in (*nilai, *target) if v is not None]
    if not angka:
        return ""
    y_min, y_max = min([0.0, *angka]), max([1.0, *angka]) * 1.05
    n = max(len(nilai), 1)

    def x(i: int) -> float:
        return 3 + (lebar - 6) * (i / max(n - 1, 1))

    def y(v: Decimal) -> float:
        return 2 + (tinggi - 4) * (1 - (float(v) - y_min) / (y_max - y_min))

    bagian = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafik sparkline" viewBox="0 0 {lebar} {tinggi}" '
        f'width="{lebar}" height="{tinggi}" role="img"><title>{_e(judul)}</title>'
    ]
    for r in _ruas([(x(i), y(t)) if t is not None else None for i, t in enumerate(target)]):
        bagian.append(_polyline(r, stroke=TARGET, stroke_width="1", stroke_dasharray="3 2"))
    for r in _ruas([(x(i), y(v)) if v is not None else None for i, v in enumerate(nilai)]):
        bagian.append(_polyline(r, stroke=GARIS, stroke_width="1.4"))
    bagian.append("</svg>")
    return "".join(bagian)
