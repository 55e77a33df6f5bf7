"""Laporan capaian: one function builds the report as plain data, a template turns it into HTML,
WeasyPrint turns that into PDF bytes; openpyxl writes the same data as a workbook.

The web download and ``manage.py laporan_capaian`` both call ``buat_laporan``.
"""

from __future__ import annotations

import calendar
import io
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from iki.capaian import data as capaian
from iki.capaian.tahun_lalu import Pembanding
from iki.inti import angka, svg
from iki.inti.perhitungan import Periode
from iki.inti.tabel import kelompokkan
from iki.models import Jabatan, TahunIKI
from iki.realisasi.kalender import batas_entri
from iki.umum import pdf as umum_pdf
from iki.umum.cetak import PenandaTangan, logo_data_uri, penanda_tangan
from iki.umum.excel import tulis_teks

KERTAS = {"a4": "A4 landscape", "f4": "330mm 215mm"}  # F4 is 215 × 330 mm, here on its side
FORMAT = ("pdf", "xlsx")
_CSS = ("css/cetak.css", "css/laporan.css")
TEMPLAT_PDF = "iki/laporan/capaian_pdf.html"
TEMPLAT_TANDA_TANGAN = "iki/laporan/_tanda_tangan.html"  # included by both reports' PDFs, so in their keys
_TEMPLAT = (TEMPLAT_PDF, TEMPLAT_TANDA_TANGAN)  # every template the PDF is made of (its key)


def periode_rincian(periode: Periode) -> list[Periode]:
    """The sub-periods shown beside the period's value: months of a quarter or a single month's
    neighbours never; quarters of a semester or the year; whole quarters then spare months."""
    if periode.jenis == "bulan":
        return []
    bulan = list(periode.bulan)
    if len(bulan) <= 3:
        return [Periode("bulan", b) for b in bulan]
    hasil: list[Periode] = []
    while bulan:
        awal = bulan[0]
        if awal % 3 == 1 and len(bulan) >= 3:
            hasil.append(Periode("tw", (awal - 1) // 3 + 1))
            bulan = bulan[3:]
        else:
            hasil.append(Periode("bulan", awal))
            bulan = bulan[1:]
    return hasil


@dataclass
class BarisLaporan:
    nomor: int
    sasaran: str
    rentang: int
    awal_kelompok: bool
    indikator: str
    satuan: str
    target: Decimal | None
    rincian: list[Decimal | None]
    realisasi: Decimal | None
    capaian: Decimal | None  # as displayed: capped when the kabupaten sets a cap
    kategori: str
    warna: str
    kendala: str
    tindak_lanjut: str
    keterangan: str  # "belum ada data survei", "belum diverifikasi", …
    kelas_kategori: str = ""  # "kat-0" … : the PDF colours the category cell's left border from the scale by class
    rincian_selisih: str = ""  # a difference indicator: "kejadian 11 kasus, target 12 kasus"
    # Last year's value for the same period and the change (capaian.tahun_lalu.banding); only
    # printed when the unit has a previous year (LaporanCapaian.tahun_lalu).
    realisasi_lalu: Decimal | None = None
    perubahan: Decimal | None = None
    teks_lalu: str = ""
    teks_perubahan: str = ""

    @property
    def teks_target(self) -> str:
        return angka.format_angka(self.target)

    @property
    def teks_realisasi(self) -> str:
        return angka.format_angka(self.realisasi)

    @property
    def teks_capaian(self) -> str:
        return angka.format_angka(self.capaian)

    @property
    def teks_rincian(self) -> list[str]:
        return [angka.format_angka(v) for v in self.rincian]


@dataclass
class BagianLaporan:
    jabatan: str
    pemegang: list[str]
    baris: list[BarisLaporan] = field(default_factory=list)


@dataclass
class LaporanCapaian:
    kode_unit: str
    unit: str
    nama_wilayah: str
    kabupaten: str
    tahun: int
    periode: Periode
    data_contoh: bool
    jabatan: str  # "" for the whole unit
    kode_jabatan: str
    rincian_label: list[str]
    bagian: list[BagianLaporan]
    tanggal: date
    tempat: str
    ttd: PenandaTangan  # who signs on ``tanggal`` (a Plt/Plh prints as such)
    logo: str  # the unit's logo as a data: URI, "" for none
    skala: list[tuple[str, str, Decimal | None]]  # (label, colour, exclusive lower bound)
    batas_tampil: int | None
    grafik: str
    tahun_lalu: int | None = None  # the previous year, when the unit has one: its column is printed

    @property
    def judul_periode(self) -> str:
        """"TW II 2023 (April – Juni)", "Bulan Mei 2023", "Tahun 2023 (Januari – Desember)"."""
        bulan = self.periode.bulan
        if self.periode.jenis == "bulan":
            return f"Bulan {self.periode.label} {self.tahun}"
        rentang = f"{angka.nama_bulan(bulan[0])} – {angka.nama_bulan(bulan[-1])}"
        if len(bulan) == 1:
            rentang = angka.nama_bulan(bulan[0])
        return f"{self.periode.label} {self.tahun} ({rentang})"

    @property
    def teks_tanggal(self) -> str:
        return angka.format_tanggal(self.tanggal)

    @property
    def jabatan_pimpinan(self) -> str:
        return self.ttd.jabatan

    @property
    def nama_pimpinan(self) -> str:
        return self.ttd.nama

    @property
    def nip_pimpinan(self) -> str:
        return self.ttd.nip

    @property
    def baris_semua(self) -> list[tuple[BagianLaporan, BarisLaporan]]:
        return [(b, r) for b in self.bagian for r in b.baris]


def _catatan(data: capaian.DataTahun, indikator_id: int, periode: Periode) -> tuple[str, str]:
    """Kendala and tindak lanjut of the period's months; each prefixed with its month when the
    period has more than one."""
    per_bulan = data.catatan.get(indikator_id, {})
    kendala, tindak = [], []
    satu = len(periode.bulan) == 1
    for b in periode.bulan:
        c = per_bulan.get(b)
        if c is None:
            continue
        awalan = "" if satu else f"{angka.nama_bulan(b)}: "
        if c.kendala.strip():
            kendala.append(awalan + c.kendala.strip())
        if c.tindak_lanjut.strip():
            tindak.append(awalan + c.tindak_lanjut.strip())
    return "\n".join(kendala), "\n".join(tindak)


def data_laporan(
    tahun_iki: TahunIKI,
    periode: Periode,
    *,
    jabatan: Jabatan | None = None,
    tanggal: date,
    tempat: str = "",
    ttd: PenandaTangan | None = None,
    data: capaian.DataTahun | None = None,
) -> LaporanCapaian:
    """The laporan capaian of a unit's year for a period, for one jabatan or the whole unit.

    ``tahun_iki`` comes with ``unit__kabupaten``; ``tanggal`` and ``tempat`` are the signing
    date and place printed (place: the unit's ``tempat_ttd`` or ``kota`` when empty); ``ttd``
    the signer (the holder of the pimpinan jabatan on ``tanggal`` when None).
    """
    if data is None:
        data = capaian.muat(tahun_iki, tanggal_acuan=tanggal)
    rincian = periode_rincian(periode)
    pembanding = Pembanding(tahun_iki)
    ada_lalu = pembanding.lalu is not None
    tingkat = [k for _, k in data.skala.tingkat] + [data.skala.terendah]
    bagian = []
    for j in data.jabatan:
        if jabatan is not None and j.pk != jabatan.pk:
            continue
        b = BagianLaporan(j.nama, data.pemegang.get(j.pk, []))
        for k in kelompokkan(data.baris_per_jabatan.get(j.pk, [])):
            for i, baris in enumerate(k.baris):
                h = data.hasil(baris.indikator_id, periode)
                kendala, tindak = _catatan(data, baris.indikator_id, periode)
                keterangan = h.pesan if h.nilai is None else ""
                if h.belum_diverifikasi:
                    keterangan = "; ".join(filter(None, [keterangan, "belum diverifikasi"]))
                # A difference indicator: the incidents and the target beside the difference.
                keterangan = "; ".join(filter(None, [h.rincian_selisih, keterangan]))
                banding = pembanding.banding(h) if ada_lalu else None
                b.baris.append(
                    BarisLaporan(
                        nomor=k.nomor,
                        sasaran=k.sasaran.teks,
                        rentang=k.rentang,
                        awal_kelompok=i == 0,
                        indikator=baris.nama_indikator,
                        satuan=h.indikator.satuan,
                        target=h.target,
                        rincian=[data.hasil(baris.indikator_id, p).nilai for p in rincian],
                        realisasi=h.nilai,
                        capaian=h.capaian_tampil,
                        kategori=h.kategori.label if h.kategori else "",
                        warna=svg.warna(h.kategori) if h.kategori else "",
                        kendala=kendala,
                        tindak_lanjut=tindak,
                        keterangan=keterangan,
                        rincian_selisih=h.rincian_selisih,
                        kelas_kategori=f"kat-{tingkat.index(h.kategori)}" if h.kategori in tingkat else "",
                        **({
                            "realisasi_lalu": banding.nilai_lalu,
                            "perubahan": banding.perubahan,
                            "teks_lalu": banding.teks_lalu,
                            "teks_perubahan": banding.teks_perubahan,
                        } if banding else {}),
                    )
                )
        bagian.append(b)
    unit = tahun_iki.unit
    ringkas: dict[int, capaian.HasilIndikator] = {}
    for b in data.baris:
        if jabatan is None or b.jabatan_id == jabatan.pk:
            ringkas.setdefault(b.indikator_id, data.hasil(b.indikator_id, periode))
    grafik = svg.grafik_batang(
        id_dasar="grafik-laporan",
        judul=f"Capaian per indikator, {periode.label} {tahun_iki.tahun}",
        batang=[svg.Batang(h.indikator.nama, h.capaian_tampil, h.kategori, h.pesan) for h in ringkas.values()],
        lebar=960,
        cetak=True,
    )
    return LaporanCapaian(
        kode_unit=unit.kode,
        unit=unit.nama,
        nama_wilayah=unit.nama_wilayah,
        kabupaten=unit.kabupaten.nama,
        tahun=tahun_iki.tahun,
        periode=periode,
        data_contoh=tahun_iki.data_contoh,
        jabatan=jabatan.nama if jabatan else "",
        kode_jabatan=jabatan.kode if jabatan else "",
        rincian_label=[p.label for p in rincian],
        bagian=bagian,
        tanggal=tanggal,
        tempat=tempat or unit.tempat_ttd or unit.kota,
        ttd=ttd or penanda_tangan(unit, tanggal),
        logo=logo_data_uri(unit),
        skala=[(k.label, svg.warna(k), batas) for batas, k in data.skala.tingkat]
        + [(data.skala.terendah.label, svg.warna(data.skala.terendah), None)],
        batas_tampil=data.batas_tampil,
        grafik=mark_safe(grafik),
        tahun_lalu=tahun_iki.tahun - 1 if ada_lalu else None,
    )


def nama_berkas(isi: LaporanCapaian, format: str, kertas: str = "a4") -> str:
    """``laporan-capaian-ketapang-2023-tw2-a4.pdf`` / ``…-f4.pdf``; the workbook has no paper."""
    jabatan = f"-{isi.kode_jabatan}" if isi.kode_jabatan else ""
    ukuran = f"-{kertas}" if format == "pdf" else ""
    return f"laporan-capaian-{isi.kode_unit}-{isi.tahun}-{isi.periode.kode}{jabatan}{ukuran}.{format}"


def tanggal_bawaan(tahun_iki: TahunIKI, periode: Periode, hari_ini: date) -> date:
    """The signing date a report of ``periode`` gets unless the operator chooses one: the last day
    of the month in which entry of the period's last month closes (TW II 2023 with the deadline
    on the 10th: 31 Juli 2023), so every figure had its time to be entered and verified; today
    when that is still ahead; never before the period begins."""
    akhir = batas_entri(tahun=tahun_iki.tahun, bulan=periode.bulan[-1], hari_batas=tahun_iki.unit.hari_batas_entri)
    akhir = akhir.replace(day=calendar.monthrange(akhir.year, akhir.month)[1])
    return max(min(akhir, hari_ini), awal_periode(tahun_iki, periode))


def awal_periode(tahun_iki: TahunIKI, periode: Periode) -> date:
    return date(tahun_iki.tahun, periode.bulan[0], 1)


def batas_tanggal(tahun_iki: TahunIKI, periode: Periode, hari_ini: date) -> dict:
    """The dates a report may be signed on, as ``FormCetak`` takes them: not before the period
    begins (a report on months yet to come), not more than a year past today (a typo)."""
    return {
        "tanggal_min": awal_periode(tahun_iki, periode),
        "alasan_min": f"Laporan {periode.label} {tahun_iki.tahun} tidak dapat bertanggal sebelum periodenya mulai",
        "tanggal_maks": hari_ini + timedelta(days=366),
        "alasan_maks": "Tanggal terlalu jauh di masa depan",
    }


# --- PDF --------------------------------------------------------------------------------------


def html_laporan(isi: LaporanCapaian, kertas: str = "a4") -> str:
    return render_to_string(TEMPLAT_PDF, {"lap": isi, "kertas": kertas})


def _css_halaman(isi: LaporanCapaian, kertas: str) -> str:
    """Page size, running header, page numbers, and the scale's colours as classes: a category
    cell's thick left border (a border is far cheaper for WeasyPrint than an SVG or an inline
    box per row)."""
    kepala = f"{isi.unit} · Laporan Capaian IKI · {isi.judul_periode}"
    if isi.data_contoh:
        kepala += " · DATA CONTOH"
    kepala = kepala.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return (
        f"@page {{ size: {KERTAS[kertas]}; margin: 16mm 12mm 14mm 12mm;"
        f' @top-left {{ content: "{kepala}"; font-family: "IKI Serif", serif; font-size: 8pt; }}'
        ' @bottom-right { content: "Halaman " counter(page) " dari " counter(pages);'
        ' font-family: "IKI Serif", serif; font-size: 8pt; } }'
    ) + "".join(f" td.kat-{i} {{ border-left: 6pt solid {warna}; }}" for i, (_, warna, _) in enumerate(isi.skala))


def pdf_laporan(isi: LaporanCapaian, *, kertas: str = "a4") -> bytes:
    """Landscape A4 or F4; unit and period atop every page, headers repeated, page x of y."""
    if kertas not in KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {kertas!r} (pilih a4 atau f4).")
    return umum_pdf.render_pdf(html_laporan(isi, kertas), css=_CSS, css_tambahan=[_css_halaman(isi, kertas)])


def sidik_laporan(isi: LaporanCapaian, kertas: str) -> str:
    """The cache key: a hash of everything the PDF is built from (every figure and text, the
    chart, place, date, signer, logo), the paper, the page CSS and the layout files."""
    return umum_pdf.sidik(asdict(isi), templat=_TEMPLAT, css=_CSS, lain=[kertas, _css_halaman(isi, kertas)])


def pdf_laporan_tersimpan(isi: LaporanCapaian, *, kertas: str = "a4") -> tuple[bytes, bool]:
    """(PDF bytes, whether from the cache): the same data twice is rendered once."""
    if kertas not in KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {kertas!r} (pilih a4 atau f4).")
    return umum_pdf.pdf_tersimpan("laporan", sidik_laporan(isi, kertas), lambda: pdf_laporan(isi, kertas=kertas))


# --- Excel ------------------------------------------------------------------------------------


def xlsx_laporan(isi: LaporanCapaian) -> bytes:
    """One sheet of rows (jabatan on every row, so it filters and sorts), a frozen header, numbers
    as numbers; a second sheet explains the category scale."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Capaian"
    tebal = Font(bold=True)
    ws["A1"] = "LAPORAN CAPAIAN INDIKATOR KINERJA INDIVIDU"
    ws["A1"].font = Font(bold=True, size=13)
    tulis_teks(ws["A2"], f"{isi.unit}, Kabupaten {isi.kabupaten}")
    tulis_teks(ws["A3"], f"Periode: {isi.judul_periode}")
    if isi.jabatan:
        tulis_teks(ws["A4"], f"Jabatan: {isi.jabatan}")
    if isi.data_contoh:
        ws["A5"] = "DATA CONTOH: target dan realisasi adalah data contoh, bukan data resmi."
        ws["A5"].font = Font(bold=True, color="9A6700")

    kepala = (
        ["Jabatan", "No", "Sasaran", "Indikator", "Satuan", "Target"]
        + [f"Realisasi {label}" for label in isi.rincian_label]
        + [f"Realisasi {isi.periode.label}"]
        + ([f"Realisasi {isi.periode.label} {isi.tahun_lalu}", f"Perubahan dari {isi.tahun_lalu}"]
           if isi.tahun_lalu else [])
        + ["Capaian (%)", "Kategori", "Kendala", "Tindak lanjut", "Keterangan"]
    )
    baris_kepala = 7
    garis = Side(style="thin", color="808080")
    bingkai = Border(left=garis, right=garis, top=garis, bottom=garis)
    isi_kepala = PatternFill("solid", fgColor="E9F2EE")
    for kolom, judul in enumerate(kepala, start=1):
        sel = ws.cell(row=baris_kepala, column=kolom, value=judul)
        sel.font, sel.fill, sel.border = tebal, isi_kepala, bingkai
        sel.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    lalu = 2 if isi.tahun_lalu else 0
    kolom_angka = range(6, 6 + len(isi.rincian_label) + 3 + lalu)
    baris = baris_kepala
    for bagian, r in isi.baris_semua:
        baris += 1
        nilai = (
            [bagian.jabatan, r.nomor, r.sasaran, r.indikator, r.satuan, r.target, *r.rincian, r.realisasi]
            # Last year: the value as a number, else why there is none; the change as a number.
            + ([r.realisasi_lalu if r.realisasi_lalu is not None else r.teks_lalu,
                r.perubahan if r.perubahan is not None else r.teks_perubahan] if lalu else [])
            + [r.capaian, r.kategori, r.kendala, r.tindak_lanjut, r.keterangan]
        )
        for kolom, v in enumerate(nilai, start=1):
            sel = ws.cell(row=baris, column=kolom)
            if isinstance(v, str):
                tulis_teks(sel, v)
                sel.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                sel.value = v
                sel.alignment = Alignment(vertical="top")
                if kolom in kolom_angka:
                    sel.number_format = "#,##0.00"
            sel.border = bingkai
        if r.warna:
            sel = ws.cell(row=baris, column=kolom_angka.stop + 0)
            sel.fill = PatternFill("solid", fgColor=r.warna.lstrip("#").upper())
            sel.font = Font(bold=True, color=svg.warna_teks(r.warna).lstrip("#").upper())
    lebar = [34, 5, 40, 48, 9, 11] + [12] * len(isi.rincian_label) + [13] + [14, 14] * bool(lalu) + [12, 15, 36, 36, 24]
    for kolom, w in enumerate(lebar, start=1):
        ws.column_dimensions[get_column_letter(kolom)].width = w
    ws.freeze_panes = ws.cell(row=baris_kepala + 1, column=1)
    ws.auto_filter.ref = f"A{baris_kepala}:{get_column_letter(len(kepala))}{max(baris, baris_kepala)}"
    ws.print_title_rows = f"{baris_kepala}:{baris_kepala}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    ket = wb.create_sheet("Keterangan")
    ket["A1"] = "Skala kategori capaian"
    ket["A1"].font = tebal
    for i, (label, warna, batas) in enumerate(isi.skala, start=2):
        tulis_teks(ket.cell(row=i, column=1), label)
        ket.cell(row=i, column=1).fill = PatternFill("solid", fgColor=warna.lstrip("#").upper())
        ket.cell(row=i, column=1).font = Font(bold=True, color=svg.warna_teks(warna).lstrip("#").upper())
        ket.cell(row=i, column=2, value=f"capaian > {angka.format_angka(batas, 0)} %" if batas is not None
                 else "selebihnya")
    n = len(isi.skala) + 3
    ket.cell(row=n, column=1, value="Dicetak")
    ket.cell(row=n, column=2, value=isi.tanggal).number_format = "DD/MM/YYYY"
    if isi.batas_tampil:
        ket.cell(row=n + 1, column=1, value="Capaian ditampilkan paling tinggi")
        ket.cell(row=n + 1, column=2, value=isi.batas_tampil)
    ket.column_dimensions["A"].width = 32
    ket.column_dimensions["B"].width = 24

    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def buat_laporan(
    tahun_iki: TahunIKI,
    periode: Periode,
    format: str,
    *,
    jabatan: Jabatan | None = None,
    kertas: str = "a4",
    tanggal: date,
    tempat: str = "",
    ttd: PenandaTangan | None = None,
) -> tuple[bytes, str]:
    """(file bytes, file name) of the laporan capaian in ``format`` (pdf or xlsx)."""
    if format not in FORMAT:
        raise ValueError(f"Format tidak dikenal: {format!r} (pilih pdf atau xlsx).")
    isi = data_laporan(tahun_iki, periode, jabatan=jabatan, tanggal=tanggal, tempat=tempat, ttd=ttd)
    berkas = pdf_laporan_tersimpan(isi, kertas=kertas)[0] if format == "pdf" else xlsx_laporan(isi)
    return berkas, nama_berkas(isi, format, kertas)
