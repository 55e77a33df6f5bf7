"""Lembar e-Kinerja: a pegawai's IKI as the rows they type into the national e-Kinerja (SKP)
application, one sheet per assignment (``Penugasan``) in the year.

``lembar_pegawai(tahun_iki, pegawai, hari_ini=…)`` builds everything as plain data (tested); the
workbook (``xlsx_ekinerja``) and the PDF (template ``iki/ekinerja/pdf.html``) are written from
that alone. The field mapping is in ``docs/ekinerja.md``.

- The rows are the jabatan's ``BarisIKI`` as the annual IKI document prints them: the sasaran
  text is the *rencana hasil kerja*, ``BarisIKI.nama_indikator`` the *indikator kinerja
  individu*; the target is the indicator's annual target.
- Realisasi per triwulan is ``capaian.data``'s quarterly result (``DataTahun.hasil(…, tw n)``),
  the very figure of the dashboard; only the quarters that overlap the assignment, and a quarter
  that has not ended and has no value yet says "belum ada data".
- A pegawai who changed jabatan in the year, or held one as Plt/Plh, gets one sheet per
  assignment, dated (its start and end clipped to the year).
- The penilai is whoever held the jabatan's ``atasan`` on the assignment's reference day (its
  end, or today while it runs): Plh, then Plt, then definitif, never the pegawai themselves; a
  jabatan without atasan is assessed by the unit's pimpinan (``iki.umum.cetak.penanda_tangan``),
  and the pimpinan jabatan itself by someone outside the unit, left blank.
"""

from __future__ import annotations

import calendar
import io
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db.models import Q
from django.template.loader import render_to_string

from iki.capaian import data as capaian
from iki.inti import angka
from iki.inti.perhitungan import Periode
from iki.inti.tabel import kelompokkan
from iki.models import BuktiDukung, Jabatan, Pegawai, Penugasan, TahunIKI
from iki.umum import pdf as umum_pdf
from iki.umum.cetak import penanda_tangan
from iki.umum.excel import tulis_teks

FORMAT = ("xlsx", "pdf")
TEMPLAT_PDF = "iki/ekinerja/pdf.html"
_CSS = ("css/cetak.css",)
_URUTAN_JENIS = {"plh": 0, "plt": 1, "definitif": 2}
_AWALAN = {"plh": "Plh.", "plt": "Plt.", "definitif": ""}
TANPA_BUKTI = "tidak ada bukti dukung"
PENILAI_LUAR = "pejabat penilai di luar unit (diisi sendiri di e-Kinerja)"


def rentang_triwulan(tahun: int, nomor: int) -> tuple[date, date]:
    """The first and last day of quarter ``nomor``."""
    bulan_akhir = 3 * nomor
    return date(tahun, bulan_akhir - 2, 1), date(tahun, bulan_akhir, calendar.monthrange(tahun, bulan_akhir)[1])


def rentang_penugasan(penugasan: Penugasan, tahun: int) -> tuple[date, date]:
    """An assignment's start and end clipped to the year (an open end is the year's end)."""
    akhir = date(tahun, 12, 31)
    return max(penugasan.mulai, date(tahun, 1, 1)), min(penugasan.selesai or akhir, akhir)


def _bertumpang(rentang: tuple[date, date], mulai: date, selesai: date) -> bool:
    return rentang[0] <= selesai and rentang[1] >= mulai


def teks_rentang(mulai: date, selesai: date) -> str:
    return f"{angka.format_tanggal(mulai)} – {angka.format_tanggal(selesai)}"


@dataclass
class Orang:
    """The pegawai assessed or their penilai, as the e-Kinerja header names them."""

    nama: str = ""
    nip: str = ""
    pangkat: str = ""
    jabatan: str = ""  # as printed: "Plt. Sekretaris Kecamatan Ketapang"


@dataclass
class TriwulanEkinerja:
    nomor: int
    label: str  # "TW I"
    nilai: str  # "94,38" or "belum ada data"
    ada_nilai: bool
    realisasi: str  # what goes into e-Kinerja's realisasi field: "94,38 % (151 dari 160)"
    capaian: str  # "99,34 %" or ""
    kategori: str
    catatan: str  # "belum diverifikasi", "…"
    bukti: list[str] = field(default_factory=list)  # "Maret: lpj-desa.pdf"

    @property
    def teks_bukti(self) -> str:
        return "\n".join(self.bukti) if self.bukti else TANPA_BUKTI


@dataclass
class BarisEkinerja:
    nomor: int  # the rencana hasil kerja's number (a new one each time the sasaran changes)
    awal_kelompok: bool
    rentang: int
    rencana_hasil_kerja: str
    indikator: str
    target: str  # "95" (Indonesian)
    satuan: str
    triwulan: list[TriwulanEkinerja]
    indikator_id: int = 0

    @property
    def target_satuan(self) -> str:
        return f"{self.target} {self.satuan}".strip()


@dataclass
class LembarEkinerja:
    """One assignment: a jabatan held from ``mulai`` to ``selesai`` (clipped to the year)."""

    nomor: int
    jenis: str  # definitif / plt / plh
    jenis_label: str  # "Definitif", "Plt.", "Plh."
    jabatan: str
    pegawai: Orang
    penilai: Orang
    mulai: date
    selesai: date
    triwulan: list[str]  # labels of the quarters overlapping the assignment
    baris: list[BarisEkinerja]

    @property
    def periode(self) -> str:
        return teks_rentang(self.mulai, self.selesai)

    @property
    def judul_lembar(self) -> str:
        """The workbook sheet's name (≤ 31 characters, none of ``[]:*?/\\``)."""
        awalan = f"{_AWALAN[self.jenis]} " if _AWALAN[self.jenis] else ""
        judul = f"{self.nomor} {awalan}{self.jabatan}"
        return re.sub(r"[\[\]:*?/\\']", " ", judul)[:31].strip()


@dataclass
class EkinerjaPegawai:
    unit: str
    kabupaten: str
    tahun: int
    data_contoh: bool
    pegawai: Orang
    dibuat: date
    lembar: list[LembarEkinerja]

    @property
    def teks_dibuat(self) -> str:
        return angka.format_tanggal(self.dibuat)


# --- data ------------------------------------------------------------------------------------


def penugasan_tahun(tahun_iki: TahunIKI):
    """The assignments to the year's jabatan that overlap the year, with pegawai and jabatan."""
    tahun = tahun_iki.tahun
    return (
        Penugasan.objects.filter(jabatan__tahun=tahun_iki, mulai__lte=date(tahun, 12, 31))
        .filter(Q(selesai__isnull=True) | Q(selesai__gte=date(tahun, 1, 1)))
        .select_related("pegawai", "jabatan")
        .order_by("pegawai__nama", "pegawai_id", "mulai", "jabatan__urutan")
    )


def pemegang_tahun(tahun_iki: TahunIKI) -> list[tuple[Pegawai, list[Penugasan]]]:
    """Each holder of a jabatan in the year, with their assignments in date order."""
    per_pegawai: dict[int, tuple[Pegawai, list[Penugasan]]] = {}
    for p in penugasan_tahun(tahun_iki):
        per_pegawai.setdefault(p.pegawai_id, (p.pegawai, []))[1].append(p)
    return list(per_pegawai.values())


def _orang(pegawai: Pegawai | None, jabatan: str) -> Orang:
    if pegawai is None:
        return Orang(jabatan=jabatan)
    return Orang(nama=pegawai.nama, nip=pegawai.nip, pangkat=pegawai.pangkat_golongan, jabatan=jabatan)


def _jabatan_pimpinan(jabatan: Jabatan, unit) -> bool:
    return jabatan.kode == "pimpinan" or jabatan.nama.strip().lower() == unit.jabatan_pimpinan.strip().lower()


def penilai(unit, jabatan: Jabatan, pegawai: Pegawai, tanggal: date) -> Orang:
    """Who assesses the holder of ``jabatan`` (of ``unit``) on ``tanggal`` (see the module's docstring)."""
    if jabatan.atasan_id is None:
        if _jabatan_pimpinan(jabatan, unit):
            return Orang(jabatan=PENILAI_LUAR)
        ttd = penanda_tangan(unit, tanggal)
        return Orang(nama=ttd.nama, nip=ttd.nip, pangkat=ttd.pangkat, jabatan=ttd.jabatan_cetak)
    atasan = jabatan.atasan
    pemegang = sorted(
        Penugasan.objects.aktif_pada(tanggal).filter(jabatan=atasan).exclude(pegawai=pegawai).select_related("pegawai"),
        key=lambda p: (_URUTAN_JENIS.get(p.jenis, 9), p.pegawai.nama),
    )
    if not pemegang:
        return Orang(jabatan=atasan.nama)
    p = pemegang[0]
    return _orang(p.pegawai, f"{_AWALAN[p.jenis]} {atasan.nama}".strip())


def _bukti(tahun_iki: TahunIKI, indikator_ids) -> dict[tuple[int, int], list[str]]:
    """Evidence file names per (indikator, quarter), month (and desa) named, in upload order."""
    hasil: dict[tuple[int, int], list[str]] = defaultdict(list)
    qs = (
        BuktiDukung.objects.filter(realisasi__variabel__indikator_id__in=indikator_ids)
        .order_by("realisasi__bulan", "diunggah_pada", "id")
        .values_list("realisasi__variabel__indikator_id", "realisasi__bulan", "nama_asli", "desa__nama")
    )
    for indikator_id, bulan, nama, desa in qs:
        tempat = f"{angka.nama_bulan(bulan)}, {desa}" if desa else angka.nama_bulan(bulan)
        hasil[indikator_id, (bulan - 1) // 3 + 1].append(f"{tempat}: {nama}")
    return hasil


def _triwulan(
    data: capaian.DataTahun, indikator_id: int, nomor: int, selesai: bool, bukti: list[str]
) -> TriwulanEkinerja:
    periode = Periode("tw", nomor)
    variabel = data.variabel.get(indikator_id, [])
    ada_isian = any(b in data.realisasi.get(v.id, {}) for v in variabel for b in periode.bulan)
    h = data.hasil(indikator_id, periode)
    if not selesai and not ada_isian and not h.ada_nilai:
        return TriwulanEkinerja(nomor, periode.label, capaian.BELUM_ADA_DATA, False, capaian.BELUM_ADA_DATA,
                                "", "", "", bukti)
    satuan = h.indikator.satuan.strip()
    if h.ada_nilai:
        realisasi = f"{h.teks_nilai} {satuan}".strip()
        rincian = h.rincian_selisih or h.komponen
        if rincian:
            realisasi += f" ({rincian})"
    else:
        realisasi = h.teks_nilai
    catatan = "belum diverifikasi" if h.ada_nilai and h.belum_diverifikasi else ""
    if h.bulan_kosong and h.ada_nilai:
        kosong = ", ".join(angka.nama_bulan(b) for b in h.bulan_kosong)
        catatan = "; ".join(filter(None, [catatan, f"belum diisi: {kosong}"]))
    return TriwulanEkinerja(
        nomor=nomor,
        label=periode.label,
        nilai=h.teks_nilai,
        ada_nilai=h.ada_nilai,
        realisasi=realisasi,
        capaian=h.teks_capaian if h.capaian_tampil is not None else "",
        kategori=h.kategori.label if h.kategori else "",
        catatan=catatan,
        bukti=bukti,
    )


def lembar_pegawai(tahun_iki: TahunIKI, pegawai: Pegawai, *, hari_ini: date) -> EkinerjaPegawai:
    """The pegawai's e-Kinerja sheets of the year: one per assignment (``penugasan_tahun``)."""
    tahun = tahun_iki.tahun
    penugasan = list(penugasan_tahun(tahun_iki).filter(pegawai=pegawai))
    data = capaian.muat(tahun_iki, tanggal_acuan=hari_ini)
    ids = {b.indikator_id for p in penugasan for b in data.baris_per_jabatan.get(p.jabatan_id, [])}
    bukti = _bukti(tahun_iki, ids) if ids else {}
    jabatan = {j.pk: j for j in Jabatan.objects.filter(tahun=tahun_iki).select_related("atasan")}
    lembar = []
    for nomor, p in enumerate(penugasan, start=1):
        mulai, selesai = rentang_penugasan(p, tahun)
        acuan = max(mulai, min(selesai, hari_ini))
        triwulan = [n for n in range(1, 5) if _bertumpang(rentang_triwulan(tahun, n), mulai, selesai)]
        baris = []
        for k in kelompokkan(data.baris_per_jabatan.get(p.jabatan_id, [])):
            for i, b in enumerate(k.baris):
                indikator = b.indikator
                target = data.target_untuk(indikator, Periode("tahun", 0))
                baris.append(
                    BarisEkinerja(
                        nomor=k.nomor,
                        awal_kelompok=i == 0,
                        rentang=k.rentang,
                        rencana_hasil_kerja=k.sasaran.teks,
                        indikator=b.nama_indikator,
                        target=angka.format_ringkas(target, kosong="belum ditetapkan"),
                        satuan=indikator.satuan.strip(),
                        triwulan=[
                            _triwulan(
                                data, indikator.id, n, hari_ini > rentang_triwulan(tahun, n)[1],
                                bukti.get((indikator.id, n), []),
                            )
                            for n in triwulan
                        ],
                        indikator_id=indikator.id,
                    )
                )
        j = jabatan[p.jabatan_id]
        jenis_label = _AWALAN[p.jenis] or "Definitif"
        lembar.append(
            LembarEkinerja(
                nomor=nomor,
                jenis=p.jenis,
                jenis_label=jenis_label,
                jabatan=j.nama,
                pegawai=_orang(pegawai, f"{_AWALAN[p.jenis]} {j.nama}".strip()),
                penilai=penilai(tahun_iki.unit, j, pegawai, acuan),
                mulai=mulai,
                selesai=selesai,
                triwulan=[Periode("tw", n).label for n in triwulan],
                baris=baris,
            )
        )
    unit = tahun_iki.unit
    return EkinerjaPegawai(
        unit=unit.nama,
        kabupaten=unit.kabupaten.nama,
        tahun=tahun,
        data_contoh=tahun_iki.data_contoh,
        pegawai=_orang(pegawai, ""),
        dibuat=hari_ini,
        lembar=lembar,
    )


def nama_berkas(isi: EkinerjaPegawai, format: str) -> str:
    return f"ekinerja-{isi.pegawai.nip}-{isi.tahun}.{format}"


# --- PDF ---------------------------------------------------------------------------------------

_HALAMAN = (
    '@page { size: A4 landscape; margin: 14mm 10mm 14mm 10mm;'
    ' @bottom-right { content: "Halaman " counter(page) " dari " counter(pages);'
    ' font-family: "IKI Serif", serif; font-size: 8pt; } }'
    " .ekinerja table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 8pt; }"
    " .ekinerja th, .ekinerja td { border: 0.5pt solid #444; padding: 2pt 3pt; vertical-align: top; }"
    " .ekinerja th { background: #e9f2ee; }"
    " .ekinerja .kepala td { border: none; padding: 0 3pt; font-size: 9pt; }"
    " .ekinerja .lembar + .lembar { break-before: page; }"
    " .ekinerja h1 { font-size: 12pt; text-align: center; margin: 0 0 4pt; }"
    " .ekinerja h2 { font-size: 10pt; margin: 6pt 0 3pt; }"
    " .ekinerja .bukti { white-space: pre-line; }"
    " .ekinerja .data-contoh { color: #9a6700; font-weight: bold; }"
    " .ekinerja .kecil { font-size: 7pt; color: #555; }"
)


def html_ekinerja(isi: EkinerjaPegawai) -> str:
    return render_to_string(TEMPLAT_PDF, {"isi": isi})


def pdf_ekinerja(isi: EkinerjaPegawai) -> bytes:
    """A4 landscape, one page group per assignment; cached by a hash of everything printed."""
    kunci = umum_pdf.sidik(asdict(isi), templat=[TEMPLAT_PDF], css=_CSS, lain=[_HALAMAN])
    return umum_pdf.pdf_tersimpan(
        "ekinerja", kunci, lambda: umum_pdf.render_pdf(html_ekinerja(isi), css=_CSS, css_tambahan=[_HALAMAN])
    )[0]


# --- Excel -------------------------------------------------------------------------------------

KEPALA_TABEL = ["No", "Rencana Hasil Kerja", "Indikator Kinerja Individu", "Target", "Satuan"]
KOLOM_TRIWULAN = ["Realisasi {}", "Capaian {}", "Bukti dukung {}"]
BARIS_KEPALA = 14  # the table's header row on every sheet


def xlsx_ekinerja(isi: EkinerjaPegawai) -> bytes:
    """One sheet per assignment: the e-Kinerja header (pegawai, penilai, period), then the rows in
    the order of the e-Kinerja form. Every text goes through ``tulis_teks`` (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    tebal = Font(bold=True)
    garis = Side(style="thin", color="808080")
    bingkai = Border(left=garis, right=garis, top=garis, bottom=garis)
    warna_kepala = PatternFill("solid", fgColor="E9F2EE")
    atas = Alignment(wrap_text=True, vertical="top")
    if not isi.lembar:
        ws = wb.create_sheet("e-Kinerja")
        tulis_teks(ws["A1"], f"{isi.pegawai.nama} tidak memegang jabatan pada IKI {isi.tahun} {isi.unit}.")
    for lembar in isi.lembar:
        ws = wb.create_sheet(lembar.judul_lembar)
        ws["A1"] = f"LEMBAR PENGISIAN e-KINERJA (SKP) TAHUN {isi.tahun}"
        ws["A1"].font = Font(bold=True, size=13)
        kepala = [
            ("Unit kerja", f"{isi.unit}, Kabupaten {isi.kabupaten}"),
            ("Nama pegawai", lembar.pegawai.nama),
            ("NIP", lembar.pegawai.nip),
            ("Pangkat/golongan", lembar.pegawai.pangkat or "–"),
            ("Jabatan", lembar.pegawai.jabatan),
            ("Jenis penugasan", lembar.jenis_label),
            ("Periode penilaian", lembar.periode),
            ("Pejabat penilai", lembar.penilai.nama or "(belum tercatat)"),
            ("NIP penilai", lembar.penilai.nip or "–"),
            ("Jabatan penilai", lembar.penilai.jabatan),
        ]
        for n, (label, nilai) in enumerate(kepala, start=2):
            ws.cell(row=n, column=1, value=label).font = tebal
            tulis_teks(ws.cell(row=n, column=2), nilai)
        if isi.data_contoh:
            ws.cell(row=12, column=1, value="DATA CONTOH: target dan realisasi adalah data contoh, bukan data resmi.")
            ws.cell(row=12, column=1).font = Font(bold=True, color="9A6700")
        judul = KEPALA_TABEL + [k.format(tw) for tw in lembar.triwulan for k in KOLOM_TRIWULAN]
        for kolom, teks in enumerate(judul, start=1):
            sel = ws.cell(row=BARIS_KEPALA, column=kolom, value=teks)
            sel.font, sel.fill, sel.border = tebal, warna_kepala, bingkai
            sel.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for n, b in enumerate(lembar.baris, start=BARIS_KEPALA + 1):
            nilai = [b.nomor, b.rencana_hasil_kerja, b.indikator, b.target, b.satuan]
            for tw in b.triwulan:
                realisasi = f"{tw.realisasi}; {tw.catatan}" if tw.catatan else tw.realisasi
                capaian_teks = f"{tw.capaian} ({tw.kategori})" if tw.capaian and tw.kategori else tw.capaian
                nilai += [realisasi, capaian_teks, tw.teks_bukti]
            for kolom, v in enumerate(nilai, start=1):
                sel = ws.cell(row=n, column=kolom)
                if isinstance(v, str):
                    tulis_teks(sel, v)
                else:
                    sel.value = v
                sel.alignment, sel.border = atas, bingkai
        if not lembar.baris:
            tulis_teks(ws.cell(row=BARIS_KEPALA + 1, column=2), "Jabatan ini tidak memiliki baris IKI.")
        lebar = [5, 40, 44, 10, 10] + [24, 16, 30] * len(lembar.triwulan)
        for kolom, w in enumerate(lebar, start=1):
            ws.column_dimensions[get_column_letter(kolom)].width = w
        ws.freeze_panes = ws.cell(row=BARIS_KEPALA + 1, column=1)
        ws.print_title_rows = f"{BARIS_KEPALA}:{BARIS_KEPALA}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def buat_ekinerja(tahun_iki: TahunIKI, pegawai: Pegawai, format: str, *, hari_ini: date) -> tuple[bytes, str]:
    """(file bytes, file name) of the pegawai's sheets in ``format`` (xlsx or pdf)."""
    if format not in FORMAT:
        raise ValueError(f"Format tidak dikenal: {format!r} (pilih xlsx atau pdf).")
    isi = lembar_pegawai(tahun_iki, pegawai, hari_ini=hari_ini)
    berkas = pdf_ekinerja(isi) if format == "pdf" else xlsx_ekinerja(isi)
    return berkas, nama_berkas(isi, format)


__all__ = [
    "EkinerjaPegawai",
    "LembarEkinerja",
    "buat_ekinerja",
    "lembar_pegawai",
    "pemegang_tahun",
    "penilai",
]
