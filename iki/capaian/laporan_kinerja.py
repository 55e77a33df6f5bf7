"""Laporan kinerja tahunan: the unit's annual performance report in the structure offices use for
the LKjIP's chapter "Akuntabilitas Kinerja" (issue 17).

One function builds the report as plain data (``data_laporan_kinerja``): per sasaran, per
indicator the year's target, realisasi, capaian and kategori, last year's realisasi (matched by
``capaian.tahun_lalu``, never guessed), the Renstra end target (``Indikator.target_renstra``) and
how far along it is, and the analysis drawn from the indicator's monthly kendala / tindak lanjut
notes (``analisis``). Two renderers print that same data: the PDF (template
``iki/laporan/kinerja_pdf.html`` through ``umum.pdf``, cached by a hash of the data) and an
editable DOCX (``umum.docx``), which the office edits before signing.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.template.loader import render_to_string

from iki.capaian import data as capaian
from iki.capaian.laporan import TEMPLAT_TANDA_TANGAN
from iki.capaian.tahun_lalu import Pembanding
from iki.inti import angka, svg
from iki.inti.perhitungan import Periode, capaian_indikator
from iki.models import Indikator, TahunIKI
from iki.umum import docx as umum_docx
from iki.umum import pdf as umum_pdf
from iki.umum.cetak import PenandaTangan, logo_data_uri, penanda_tangan

KERTAS = {"a4": "A4 landscape", "f4": "330mm 215mm"}  # on its side: the table has eleven columns
FORMAT = ("pdf", "docx")
TEMPLAT_PDF = "iki/laporan/kinerja_pdf.html"
_TEMPLAT = (TEMPLAT_PDF, TEMPLAT_TANDA_TANGAN)  # every template the PDF is made of (its key)
_CSS = ("css/cetak.css", "css/laporan.css")  # the laporan capaian's table, header and signature
TAHUN = Periode("tahun", 0)
TIDAK_ADA_PEMBANDING = "tidak ada pembanding"

KEPALA_TABEL = (
    "No", "Sasaran", "Indikator", "Satuan", "Target", "Realisasi", "Capaian (%)", "Kategori",
    "Realisasi tahun lalu", "Target akhir Renstra", "Kemajuan Renstra (%)",
)


# --- Analysis from the monthly notes ------------------------------------------------------------


def _rapikan(teks: str) -> str:
    return " ".join((teks or "").split())


def kelompok_catatan(per_bulan: dict[int, str]) -> list[str]:
    """``{1: "A", 2: "a ", 3: "B"}`` → ``["Januari, Februari: A", "Maret: B"]``: the notes in month
    order, empty months left out, the same text (spaces and case aside) written once with every
    month it was written in."""
    urutan: list[str] = []
    bulan: dict[str, list[int]] = {}
    teks_pertama: dict[str, str] = {}
    for b in sorted(per_bulan):
        teks = _rapikan(per_bulan[b])
        if not teks:
            continue
        kunci = teks.casefold()
        if kunci not in bulan:
            urutan.append(kunci)
            bulan[kunci] = []
            teks_pertama[kunci] = teks
        bulan[kunci].append(b)
    return [f"{', '.join(angka.nama_bulan(b) for b in bulan[k])}: {teks_pertama[k]}" for k in urutan]


def analisis(catatan: dict[int, object]) -> tuple[list[str], list[str]]:
    """(kendala, tindak lanjut) of an indicator's year from its ``CatatanIndikator`` per month."""
    return (
        kelompok_catatan({b: c.kendala for b, c in catatan.items()}),
        kelompok_catatan({b: c.tindak_lanjut for b, c in catatan.items()}),
    )


def kemajuan_renstra(indikator: Indikator, realisasi: Decimal | None, target_renstra: Decimal | None) -> Decimal | None:
    """How far the year's realisasi is towards the Renstra end target, in percent, by the capaian
    rule of the indicator's polarity (higher is better: realisasi ÷ target Renstra × 100). None
    ("–") when either is unknown, the target is 0 for a higher-is-better indicator, or the
    indicator is a difference (its value is measured against the year's own target)."""
    if indikator.jenis == Indikator.SELISIH:
        return None
    return capaian_indikator(realisasi, target_renstra, indikator.polaritas, selisih=False)


# --- The data -----------------------------------------------------------------------------------


@dataclass
class BarisKinerja:
    nomor: int  # the indicator's number in the report
    indikator: str
    satuan: str
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None  # as displayed (capped when the kabupaten caps)
    kategori: str
    kelas_kategori: str
    keterangan: str  # why there is no value, "belum diverifikasi"
    realisasi_lalu: Decimal | None
    keterangan_lalu: str  # "tidak ada pembanding", or why last year has no value
    target_renstra: Decimal | None
    kemajuan_renstra: Decimal | None
    kendala: list[str] = field(default_factory=list)
    tindak_lanjut: list[str] = field(default_factory=list)

    @property
    def teks_target(self) -> str:
        return angka.format_ringkas(self.target)

    @property
    def teks_realisasi(self) -> str:
        if self.realisasi is None:
            return self.keterangan or "–"
        return angka.format_ringkas(self.realisasi) + ("*" if "belum diverifikasi" in self.keterangan else "")

    @property
    def teks_capaian(self) -> str:
        return angka.format_angka(self.capaian)

    @property
    def teks_realisasi_lalu(self) -> str:
        return angka.format_ringkas(self.realisasi_lalu) if self.realisasi_lalu is not None else (
            self.keterangan_lalu or "–"
        )

    @property
    def teks_target_renstra(self) -> str:
        return angka.format_ringkas(self.target_renstra)

    @property
    def teks_kemajuan(self) -> str:
        return angka.format_angka(self.kemajuan_renstra)

    @property
    def teks_kendala(self) -> str:
        return "; ".join(self.kendala)

    @property
    def teks_tindak_lanjut(self) -> str:
        return "; ".join(self.tindak_lanjut)

    @property
    def sel(self) -> list[str]:
        """The row's cells after the sasaran, as both renderers print them."""
        return [
            self.indikator, self.satuan, self.teks_target, self.teks_realisasi, self.teks_capaian,
            self.kategori or "–", self.teks_realisasi_lalu, self.teks_target_renstra, self.teks_kemajuan,
        ]


@dataclass
class SasaranKinerja:
    nomor: int
    sasaran: str
    baris: list[BarisKinerja] = field(default_factory=list)


@dataclass
class LaporanKinerja:
    kode_unit: str
    unit: str
    nama_wilayah: str
    kabupaten: str
    tahun: int
    ada_tahun_lalu: bool  # the previous year exists and some indicator is matched to it
    data_contoh: bool
    renstra: str  # "2019–2024", "" when none
    sasaran: list[SasaranKinerja]
    ringkasan: list[tuple[str, int]]  # (kategori, jumlah indikator), then "belum ada nilai"
    tanggal: date
    tempat: str
    ttd: PenandaTangan
    logo: str
    skala: list[tuple[str, str, Decimal | None]]
    batas_tampil: int | None

    @property
    def teks_tanggal(self) -> str:
        return angka.format_tanggal(self.tanggal)

    @property
    def baris_semua(self) -> list[BarisKinerja]:
        return [b for s in self.sasaran for b in s.baris]

    @property
    def judul(self) -> str:
        return f"LAPORAN KINERJA TAHUNAN {self.tahun}"

    @property
    def pembuka(self) -> list[str]:
        """The opening paragraphs (printed the same in the PDF and the DOCX)."""
        n = len(self.baris_semua)
        renstra = f" periode {self.renstra}" if self.renstra else ""
        pembanding = (
            f"realisasi tahun {self.tahun - 1} sebagai pembanding"
            if self.ada_tahun_lalu
            else f"realisasi tahun {self.tahun - 1} sebagai pembanding (tidak ada pembanding: data tahun "
            f"{self.tahun - 1} belum ada di aplikasi)"
        )
        teks = [
            f"Laporan Kinerja Tahunan ini menyajikan akuntabilitas kinerja {self.unit} Kabupaten "
            f"{self.kabupaten} tahun {self.tahun}: untuk setiap sasaran dan indikator kinerja, target, "
            f"realisasi, capaian dan kategorinya; {pembanding}; target akhir Renstra{renstra} dan "
            "kemajuannya; serta analisis yang disusun dari catatan kendala dan tindak lanjut bulanan.",
        ]
        if n:
            rincian = ", ".join(f"{jumlah} {label}" for label, jumlah in self.ringkasan if jumlah)
            teks.append(f"Tahun {self.tahun} diukur dengan {n} indikator pada {len(self.sasaran)} sasaran: "
                        f"{rincian}.")
        return teks

    @property
    def penutup(self) -> str:
        return (
            f"Demikian Laporan Kinerja Tahunan {self.unit} tahun {self.tahun} ini disusun sebagai "
            "pertanggungjawaban kinerja dan bahan perbaikan kinerja pada tahun berikutnya."
        )

    @property
    def catatan_kaki(self) -> str:
        skala = "; ".join(
            label + (f" (> {angka.format_angka(batas, 0)} %)" if batas is not None else "")
            for label, _, batas in self.skala
        )
        batas = f" Capaian ditampilkan paling tinggi {self.batas_tampil} %." if self.batas_tampil else ""
        return (
            "* belum diverifikasi. Kemajuan Renstra = realisasi tahun ini terhadap target akhir Renstra "
            f"(– bila salah satunya belum ada). Skala kategori: {skala}.{batas}"
        )


def data_laporan_kinerja(
    tahun_iki: TahunIKI,
    *,
    tanggal: date,
    tempat: str = "",
    ttd: PenandaTangan | None = None,
    data: capaian.DataTahun | None = None,
) -> LaporanKinerja:
    """The laporan kinerja of a unit's year (``tahun_iki`` with ``unit__kabupaten`` and
    ``renstra``): sasaran in the order of the IKI, each indicator once (an indicator in several
    jabatan's rows is the same indicator), its year's result, last year's, and its notes."""
    if data is None:
        data = capaian.muat(tahun_iki, tanggal_acuan=tanggal)
    pembanding = Pembanding(tahun_iki)
    tingkat = [k for _, k in data.skala.tingkat] + [data.skala.terendah]
    jumlah = {k.label: 0 for k in tingkat}
    kosong = 0
    sasaran: dict[int, SasaranKinerja] = {}
    terlihat: set[int] = set()
    for b in data.baris:
        if b.indikator_id in terlihat:
            continue
        terlihat.add(b.indikator_id)
        s = sasaran.get(b.sasaran_id)
        if s is None:
            s = sasaran[b.sasaran_id] = SasaranKinerja(len(sasaran) + 1, b.sasaran.teks)
        h = data.hasil(b.indikator_id, TAHUN)
        ind = h.indikator
        keterangan = h.pesan if h.nilai is None else ""
        if h.belum_diverifikasi:
            keterangan = "; ".join(filter(None, [keterangan, "belum diverifikasi"]))
        lalu = pembanding.hasil(b.indikator_id, TAHUN)
        if lalu is None:
            ket_lalu = TIDAK_ADA_PEMBANDING
        else:
            ket_lalu = "" if lalu.nilai is not None else (lalu.pesan or "belum ada nilai")
        kendala, tindak = analisis(data.catatan.get(b.indikator_id, {}))
        if h.kategori is None:
            kosong += 1
        else:
            jumlah[h.kategori.label] = jumlah.get(h.kategori.label, 0) + 1
        s.baris.append(
            BarisKinerja(
                nomor=len(terlihat),
                indikator=ind.nama,
                satuan=ind.satuan,
                target=h.target,
                realisasi=h.nilai,
                capaian=h.capaian_tampil,
                kategori=h.kategori.label if h.kategori else "",
                kelas_kategori=f"kat-{tingkat.index(h.kategori)}" if h.kategori in tingkat else "",
                keterangan=keterangan,
                realisasi_lalu=lalu.nilai if lalu is not None else None,
                keterangan_lalu=ket_lalu,
                target_renstra=ind.target_renstra,
                kemajuan_renstra=kemajuan_renstra(ind, h.nilai, ind.target_renstra),
                kendala=kendala,
                tindak_lanjut=tindak,
            )
        )
    unit = tahun_iki.unit
    renstra = tahun_iki.renstra
    return LaporanKinerja(
        kode_unit=unit.kode,
        unit=unit.nama,
        nama_wilayah=unit.nama_wilayah,
        kabupaten=unit.kabupaten.nama,
        tahun=tahun_iki.tahun,
        ada_tahun_lalu=bool(pembanding.pasangan),
        data_contoh=tahun_iki.data_contoh,
        renstra=f"{renstra.tahun_mulai}–{renstra.tahun_selesai}" if renstra else "",
        sasaran=list(sasaran.values()),
        ringkasan=[(label, n) for label, n in jumlah.items()] + [("belum ada nilai", kosong)],
        tanggal=tanggal,
        tempat=tempat or unit.tempat_ttd or unit.kota or unit.kabupaten.nama,
        ttd=ttd or penanda_tangan(unit, tanggal),
        logo=logo_data_uri(unit),
        skala=[(k.label, svg.warna(k), batas) for batas, k in data.skala.tingkat]
        + [(data.skala.terendah.label, svg.warna(data.skala.terendah), None)],
        batas_tampil=data.batas_tampil,
    )


def tanggal_bawaan(tahun_iki: TahunIKI, hari_ini: date) -> date:
    """The report is signed after its year: 31 Januari of the next year (LKjIP are due by the end
    of February), or today when that is still ahead; never before 1 Januari of the year."""
    return max(min(date(tahun_iki.tahun + 1, 1, 31), hari_ini), date(tahun_iki.tahun, 1, 1))


def batas_tanggal(tahun_iki: TahunIKI, hari_ini: date) -> dict:
    """The dates the report may be signed on (``FormCetak``'s bounds)."""
    return {
        "tanggal_min": date(tahun_iki.tahun, 1, 1),
        "alasan_min": f"Laporan kinerja {tahun_iki.tahun} tidak dapat bertanggal sebelum tahunnya mulai",
        "tanggal_maks": max(hari_ini, date(tahun_iki.tahun, 12, 31)) + timedelta(days=366),
        "alasan_maks": "Tanggal terlalu jauh di masa depan",
    }


def nama_berkas(isi: LaporanKinerja, format: str, kertas: str = "a4") -> str:
    """``laporan-kinerja-ketapang-2023-a4.pdf`` / ``….docx``."""
    return f"laporan-kinerja-{isi.kode_unit}-{isi.tahun}-{kertas}.{format}"


def _pastikan_kertas(kertas: str) -> None:
    if kertas not in KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {kertas!r} (pilih a4 atau f4).")


# --- PDF ----------------------------------------------------------------------------------------


def html_laporan(isi: LaporanKinerja, kertas: str = "a4") -> str:
    return render_to_string(TEMPLAT_PDF, {"lap": isi, "kertas": kertas})


def _css_halaman(isi: LaporanKinerja, kertas: str) -> str:
    kepala = f"{isi.unit} · Laporan Kinerja Tahunan {isi.tahun}" + (" · DATA CONTOH" if isi.data_contoh else "")
    kepala = re.sub(r"[\\\"\n]", " ", kepala)
    return (
        f"@page {{ size: {KERTAS[kertas]}; margin: 16mm 12mm 14mm 12mm;"
        f' @top-left {{ content: "{kepala}"; font-family: "IKI Serif", serif; font-size: 8pt; }}'
        ' @bottom-right { content: "Halaman " counter(page) " dari " counter(pages);'
        ' font-family: "IKI Serif", serif; font-size: 8pt; } }'
    ) + "".join(f" .kat-{i} {{ background: {warna}; }}" for i, (_, warna, _) in enumerate(isi.skala))


def render_halaman(isi: LaporanKinerja, kertas: str = "a4"):
    """The laid-out WeasyPrint document (pages, boxes): the PDF's pages, for checks of its text."""
    _pastikan_kertas(kertas)
    return umum_pdf.dokumen_pdf(html_laporan(isi, kertas), css=_CSS, css_tambahan=[_css_halaman(isi, kertas)])


def pdf_laporan(isi: LaporanKinerja, *, kertas: str = "a4") -> bytes:
    return render_halaman(isi, kertas).write_pdf()


def sidik_laporan(isi: LaporanKinerja, kertas: str) -> str:
    return umum_pdf.sidik(asdict(isi), templat=_TEMPLAT, css=_CSS, lain=[kertas, _css_halaman(isi, kertas)])


def pdf_laporan_tersimpan(isi: LaporanKinerja, *, kertas: str = "a4") -> tuple[bytes, bool]:
    """(PDF bytes, whether from the cache): the same data twice is rendered once."""
    _pastikan_kertas(kertas)
    return umum_pdf.pdf_tersimpan("laporan-kinerja", sidik_laporan(isi, kertas),
                                  lambda: pdf_laporan(isi, kertas=kertas))


# --- DOCX ---------------------------------------------------------------------------------------


def docx_laporan(isi: LaporanKinerja, *, kertas: str = "a4") -> bytes:
    """The same report as an editable Word document: headings, the opening text, one real table
    per sasaran group (sasaran cells merged down), the analysis per indicator, the closing and the
    signature block; A4/F4 landscape."""
    _pastikan_kertas(kertas)
    d = umum_docx
    doc = d.dokumen_baru(kertas, lanskap=True, margin_mm=(16, 12, 14, 12),
                         judul_berkas=f"Laporan Kinerja Tahunan {isi.unit} {isi.tahun}", penulis=isi.unit)
    d.judul(doc, isi.judul, 1, rata="tengah")
    d.paragraf(doc, f"{isi.unit.upper()}\nKABUPATEN {isi.kabupaten.upper()}", tebal=True, rata="tengah")
    if isi.data_contoh:
        d.paragraf(doc, "DATA CONTOH — target dan realisasi adalah data contoh untuk demonstrasi, bukan data resmi.",
                   tebal=True, rata="tengah")
    d.judul(doc, "A. Pendahuluan", 2)
    for teks in isi.pembuka:
        d.paragraf(doc, teks, rata="penuh")
    d.judul(doc, "B. Capaian Kinerja", 2)
    baris, gabung = [], []
    for s in isi.sasaran:
        gabung.append((1, len(baris), len(s.baris)))
        for i, b in enumerate(s.baris):
            awal = i == 0
            baris.append([str(b.nomor), s.sasaran if awal else "", *b.sel])
    if baris:
        d.tabel(doc, KEPALA_TABEL, baris, lebar_mm=[9, 45, 62, 16, 18, 22, 18, 22, 24, 20, 20],
                kolom_angka=(4, 5, 6, 8, 9, 10), gabung=gabung, ukuran=8)
    else:
        d.paragraf(doc, "Belum ada baris IKI.")
    d.paragraf(doc, isi.catatan_kaki, ukuran=8, miring=True)
    d.judul(doc, "C. Analisis Capaian Kinerja", 2)
    for b in isi.baris_semua:
        d.paragraf(doc, f"{b.nomor}. {b.indikator}", tebal=True, spasi_setelah=0)
        d.paragraf(doc, f"Kendala: {b.teks_kendala or '–'}", spasi_setelah=0)
        d.paragraf(doc, f"Tindak lanjut: {b.teks_tindak_lanjut or '–'}")
    d.judul(doc, "D. Penutup", 2)
    d.paragraf(doc, isi.penutup, rata="penuh")
    d.tanda_tangan(
        doc,
        tempat_tanggal=f"{isi.tempat}, {isi.teks_tanggal}",
        jabatan=isi.ttd.jabatan_kapital or "CAMAT",
        nama=isi.ttd.nama,
        pangkat=isi.ttd.pangkat,
        nip=isi.ttd.nip,
    )
    return d.ke_bita(doc)


def buat_laporan_kinerja(
    tahun_iki: TahunIKI, format: str, *, kertas: str = "a4", tanggal: date, tempat: str = "",
    ttd: PenandaTangan | None = None,
) -> tuple[bytes, str]:
    """(file bytes, file name) of the laporan kinerja in ``format`` (pdf or docx)."""
    if format not in FORMAT:
        raise ValueError(f"Format tidak dikenal: {format!r} (pilih pdf atau docx).")
    isi = data_laporan_kinerja(tahun_iki, tanggal=tanggal, tempat=tempat, ttd=ttd)
    berkas = pdf_laporan_tersimpan(isi, kertas=kertas)[0] if format == "pdf" else docx_laporan(isi, kertas=kertas)
    return berkas, nama_berkas(isi, format, kertas)
