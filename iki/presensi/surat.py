"""The outgoing letter register and the monthly presensi verification package.

- ``ambil_nomor``: the next running number of a unit's year, never given twice: it is taken under
  a row lock on the unit-year counter (``select_for_update``; on SQLite the transaction is
  IMMEDIATE, so writers queue).
- ``rincian_bulan``: the month's rows (attendance, TPP base, deduction by the unit's rules) as
  plain data for the screen, the PDFs and the Excel soft copy.
- ``buat_paket``: one action producing the whole package (the cover letter in the seed's form,
  SPTJM, Rincian Perhitungan TPP, Laporan Absensi Bulanan, Surat Pernyataan with the
  Rekapitulasi Tidak Melakukan Fingerprint/Faceprint) as one combined PDF and as a ZIP of the
  PDFs plus the rincian in Excel; both are stored with their SHA-256 and never regenerated.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string

from iki.inti import angka
from iki.models import (
    AturanPotongan,
    BerkasPaket,
    BesaranTpp,
    HariLibur,
    PaketPresensi,
    PengaturanPresensi,
    PenghitungSurat,
    PresensiBulan,
    RekapPresensi,
    SuratKeluar,
    UnitKerja,
)
from iki.presensi import hitung
from iki.umum.cetak import PenandaTangan, calon_penanda_tangan, logo_data_uri, penanda_tangan
from iki.umum.excel import tulis_teks
from iki.umum.pdf import dokumen_pdf
from iki.umum.penyimpanan import transaksi_berkas

KLASIFIKASI_KEPEGAWAIAN = "800"


class PaketDitolak(Exception):
    def __init__(self, pesan: str):
        self.pesan = pesan
        super().__init__(pesan)


# --- Letter numbers --------------------------------------------------------------------------------


def format_nomor(klasifikasi: str, nomor_urut: int, kode_unit: str, tahun: int) -> str:
    """``("800", 123, "434.512", 2023)`` → ``"800/123/434.512/2023"`` (no unit code: ``800/123/2023``)."""
    return "/".join(str(b) for b in (klasifikasi, nomor_urut, kode_unit, tahun) if b not in ("", None))


def ambil_nomor(*, unit: UnitKerja, tanggal: date, klasifikasi: str, hal: str, tujuan: str, oleh=None) -> SuratKeluar:
    """Register an outgoing letter under the next number of the unit's year (the year of its date)."""
    tahun = tanggal.year
    PenghitungSurat.objects.get_or_create(unit=unit, tahun=tahun)
    with transaction.atomic():
        penghitung = PenghitungSurat.objects.select_for_update().get(unit=unit, tahun=tahun)
        penghitung.terakhir += 1
        penghitung.save(update_fields=["terakhir"])
        return SuratKeluar.objects.create(
            unit=unit,
            tahun=tahun,
            nomor_urut=penghitung.terakhir,
            klasifikasi=klasifikasi,
            nomor=format_nomor(klasifikasi, penghitung.terakhir, unit.kode_surat, tahun),
            tanggal=tanggal,
            hal=hal,
            tujuan=tujuan,
            dibuat_oleh=oleh,
        )


def setel_nomor_terakhir(*, unit: UnitKerja, tahun: int, nomor: int) -> PenghitungSurat:
    """Numbers already used on paper before the app: the counter only ever moves up."""
    PenghitungSurat.objects.get_or_create(unit=unit, tahun=tahun)
    with transaction.atomic():
        penghitung = PenghitungSurat.objects.select_for_update().get(unit=unit, tahun=tahun)
        if nomor < penghitung.terakhir:
            raise ValueError(
                f"Nomor {penghitung.terakhir} sudah terpakai; nomor terakhir hanya dapat dinaikkan, tidak diturunkan."
            )
        penghitung.terakhir = nomor
        penghitung.save(update_fields=["terakhir"])
        return penghitung


def nomor_terakhir(unit: UnitKerja, tahun: int) -> int:
    return PenghitungSurat.objects.filter(unit=unit, tahun=tahun).values_list("terakhir", flat=True).first() or 0


# --- The month's rincian as plain data -------------------------------------------------------------


@dataclass
class BarisRincian:
    nomor: int
    rekap_id: int
    pegawai_id: int
    nama: str
    nip: str
    pangkat_golongan: str
    catatan: str
    rekap: hitung.Rekap
    tpp_dasar: Decimal | None
    potongan: hitung.Potongan | None
    tpp: hitung.Tpp | None

    # Formatted for templates ("Rp 1.234.567"; "–" where there is nothing to show).
    @property
    def dasar_rp(self) -> str:
        return angka.format_rupiah(self.tpp.dasar) if self.tpp else "–"

    @property
    def potongan_rp(self) -> str:
        return angka.format_rupiah(self.tpp.potongan) if self.tpp else "–"

    @property
    def diterima_rp(self) -> str:
        return angka.format_rupiah(self.tpp.diterima) if self.tpp else "–"

    @property
    def hari_tidak_finger_masuk(self) -> str:
        return ", ".join(str(t.day) for t in self.rekap.tanggal_tidak_finger_masuk)

    @property
    def hari_tidak_finger_pulang(self) -> str:
        return ", ".join(str(t.day) for t in self.rekap.tanggal_tidak_finger_pulang)


@dataclass
class Rincian:
    baris: list[BarisRincian]
    aturan: list[hitung.Aturan]
    dasar_hukum: list[str]
    batas_persen: Decimal | None
    jam: hitung.JamKerja
    libur: list[HariLibur]

    @property
    def ada_aturan(self) -> bool:
        return bool(self.aturan)

    @property
    def tanpa_tpp_dasar(self) -> list[BarisRincian]:
        return [b for b in self.baris if b.tpp_dasar is None]

    def total(self, nama: str) -> Decimal:
        return sum((getattr(b.tpp, nama) for b in self.baris if b.tpp is not None), Decimal(0))

    @property
    def total_dasar(self) -> Decimal:
        return self.total("dasar")

    @property
    def total_potongan(self) -> Decimal:
        return self.total("potongan")

    @property
    def total_diterima(self) -> Decimal:
        return self.total("diterima")

    @property
    def ada_dibatasi(self) -> bool:
        return any(b.potongan is not None and b.potongan.dibatasi for b in self.baris)

    @property
    def total_dasar_rp(self) -> str:
        return angka.format_rupiah(self.total_dasar)

    @property
    def total_potongan_rp(self) -> str:
        return angka.format_rupiah(self.total_potongan)

    @property
    def total_diterima_rp(self) -> str:
        return angka.format_rupiah(self.total_diterima)

    @property
    def tidak_finger(self) -> list[BarisRincian]:
        return [b for b in self.baris if b.rekap.tidak_finger_masuk or b.rekap.tidak_finger_pulang]


def tpp_dasar_bulan(pegawai_ids, tahun: int, bulan: int) -> dict[int, Decimal]:
    """Each pegawai's base TPP for the month (the latest amount valid from that month or before); one query."""
    hasil: dict[int, Decimal] = {}
    for b in (
        BesaranTpp.objects.filter(pegawai_id__in=pegawai_ids)
        .berlaku_pada(tahun, bulan)
        .order_by("pegawai_id", "-berlaku_tahun", "-berlaku_bulan")
    ):
        hasil.setdefault(b.pegawai_id, b.jumlah)
    return hasil


def rincian_bulan(presensi_bulan: PresensiBulan) -> Rincian:
    """The month's recap with TPP base and deduction per pegawai (a constant number of queries)."""
    unit = presensi_bulan.unit
    pengaturan = PengaturanPresensi.untuk(unit)
    aturan_obj = list(AturanPotongan.objects.filter(unit=unit))
    aturan = [a.sebagai_aturan() for a in aturan_obj]
    rekap = list(
        RekapPresensi.objects.filter(presensi=presensi_bulan).select_related("pegawai").order_by("pegawai__nama")
    )
    dasar = tpp_dasar_bulan([r.pegawai_id for r in rekap], presensi_bulan.tahun, presensi_bulan.bulan)
    baris = []
    for i, r in enumerate(rekap, start=1):
        data = r.sebagai_rekap()
        jumlah = dasar.get(r.pegawai_id)
        potongan = hitung.hitung_potongan(data, aturan, pengaturan.batas_potongan_persen) if aturan else None
        tpp = hitung.hitung_tpp(jumlah, potongan.persen if potongan else Decimal(0)) if jumlah is not None else None
        baris.append(
            BarisRincian(
                nomor=i,
                rekap_id=r.pk,
                pegawai_id=r.pegawai_id,
                nama=r.pegawai.nama,
                nip=r.pegawai.nip,
                pangkat_golongan=r.pegawai.pangkat_golongan,
                catatan=r.catatan,
                rekap=data,
                tpp_dasar=jumlah,
                potongan=potongan,
                tpp=tpp,
            )
        )
    awal = date(presensi_bulan.tahun, presensi_bulan.bulan, 1)
    libur = list(
        HariLibur.objects.filter(unit=unit, tanggal__year=awal.year, tanggal__month=awal.month).order_by("tanggal")
    )
    return Rincian(
        baris=baris,
        aturan=aturan,
        dasar_hukum=sorted({a.dasar_hukum for a in aturan_obj if a.dasar_hukum}),
        batas_persen=pengaturan.batas_potongan_persen,
        jam=pengaturan.jam_kerja(),
        libur=libur,
    )


# --- The documents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lampiran:
    judul: str
    jumlah: int
    satuan: str
    tambahan: str = ""

    def teks(self) -> str:
        return f"{self.judul} sebanyak {self.jumlah} ({angka.terbilang(self.jumlah)}) {self.satuan}{self.tambahan}"


def daftar_lampiran(periode: str) -> list[Lampiran]:
    """The enclosures as the seed's letter lists them (its wording kept; only its "presentasi"
    is read as the "presensi" it means, in the body)."""
    asli_fotokopi = ", yaitu 1 (satu) lembar asli dan 1 (satu) lembar foto copy"
    return [
        Lampiran("Surat Pengantar", 1, "lembar"),
        Lampiran("Surat Pertanggung jawaban Mutlak (SPTJM)", 2, "lembar", asli_fotokopi),
        Lampiran("Rincian Perhitungan Tambahan Penghasilan Pegawai", 3, "rangkap", " dan soft copy"),
        Lampiran(f"Laporan Absensi Bulanan PNS pada Bulan {periode}", 3, "rangkap"),
        Lampiran(
            "Surat Pernyataan bermaterai yang di sertai dengan Rekapitulasi Tidak Melakukan Fingerprint/Faceprint",
            2,
            "lembar",
            asli_fotokopi,
        ),
    ]


@dataclass
class DataPaket:
    """Everything the five documents print."""

    unit: UnitKerja
    tahun: int
    bulan: int
    tanggal_surat: date
    tempat_surat: str
    tujuan: str
    tempat_tujuan: str
    rincian: Rincian
    penandatangan_nama: str
    penandatangan_nip: str
    penandatangan_pangkat: str
    nomor: str = ""
    lampiran: list[Lampiran] = field(default_factory=list)
    ttd: PenandaTangan | None = None  # who signs on the letter's date (a Plt/Plh prints as such)
    logo: str = ""  # the unit's logo as a data: URI, "" for none

    @property
    def periode(self) -> str:
        return angka.nama_bulan(self.bulan, self.tahun)

    @property
    def nama_bulan(self) -> str:
        return angka.nama_bulan(self.bulan)

    @property
    def tanggal_teks(self) -> str:
        return angka.format_tanggal(self.tanggal_surat)

    @property
    def hal(self) -> str:
        return f"Permohonan Verifikasi presensi elektronik PNS untuk Bulan {self.periode}"

    @property
    def nama_kabupaten(self) -> str:
        return self.unit.kabupaten.nama

    @property
    def jabatan_penandatangan(self) -> str:
        return self.ttd.jabatan_cetak if self.ttd else self.unit.jabatan_pimpinan


def siapkan_data(presensi_bulan: PresensiBulan, *, tanggal_surat: date, nomor: str = "") -> DataPaket:
    unit = presensi_bulan.unit
    pengaturan = PengaturanPresensi.untuk(unit)
    ttd = penanda_tangan(unit, tanggal_surat)
    return DataPaket(
        unit=unit,
        tahun=presensi_bulan.tahun,
        bulan=presensi_bulan.bulan,
        tanggal_surat=tanggal_surat,
        tempat_surat=pengaturan.tempat_surat_efektif(),
        tujuan=pengaturan.tujuan_surat_efektif(),
        tempat_tujuan=pengaturan.tempat_tujuan_efektif(),
        rincian=rincian_bulan(presensi_bulan),
        penandatangan_nama=ttd.nama,
        penandatangan_nip=ttd.nip,
        penandatangan_pangkat=ttd.pangkat,
        nomor=nomor,
        lampiran=daftar_lampiran(angka.nama_bulan(presensi_bulan.bulan, presensi_bulan.tahun)),
        ttd=ttd,
        logo=logo_data_uri(unit),
    )


# (code, template, title, file name in the ZIP), in the order the letter lists them.
DOKUMEN = [
    ("pengantar", "iki/presensi/cetak/pengantar.html", "Surat Pengantar", "01-surat-pengantar.pdf"),
    ("sptjm", "iki/presensi/cetak/sptjm.html", "SPTJM", "02-sptjm.pdf"),
    ("rincian", "iki/presensi/cetak/rincian.html", "Rincian Perhitungan TPP", "03-rincian-perhitungan-tpp.pdf"),
    ("absensi", "iki/presensi/cetak/absensi.html", "Laporan Absensi Bulanan", "04-laporan-absensi-bulanan.pdf"),
    ("pernyataan", "iki/presensi/cetak/pernyataan.html", "Surat Pernyataan", "05-surat-pernyataan-fingerprint.pdf"),
]
NAMA_XLSX = "03-rincian-perhitungan-tpp.xlsx"


def html_dokumen(kode: str, data: DataPaket) -> str:
    """The HTML that WeasyPrint turns into the document (also what tests read)."""
    template = next(t for k, t, _, _ in DOKUMEN if k == kode)
    return render_to_string(template, {"data": data, "r": data.rincian})


def xlsx_rincian(data: DataPaket) -> bytes:
    """The rincian as an Excel "soft copy": amounts as numbers, names and NIP as text (never formulas)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    r = data.rincian
    buku = Workbook()
    lembar = buku.active
    lembar.title = "Rincian TPP"

    def teks(baris, kolom, nilai, tebal=False):
        sel = tulis_teks(lembar.cell(row=baris, column=kolom), str(nilai))
        sel.number_format = "@"
        if tebal:
            sel.font = Font(bold=True)
        return sel

    judul = [
        "RINCIAN PERHITUNGAN TAMBAHAN PENGHASILAN PEGAWAI",
        f"{data.unit.nama_wilayah.upper()} KABUPATEN {data.nama_kabupaten.upper()}",
        f"BULAN {data.periode.upper()}",
    ]
    for i, t in enumerate(judul, start=1):
        teks(i, 1, t, tebal=True)
    kepala = [
        "No",
        "Nama",
        "NIP",
        "Pangkat/Gol",
        "TPP Dasar (Rp)",
        "Hari Kerja",
        "Hadir",
        "Izin",
        "Sakit",
        "Cuti",
        "Dinas Luar",
        "Tanpa Keterangan",
        "Terlambat (kali)",
        "Terlambat (menit)",
        "Pulang Cepat (kali)",
        "Pulang Cepat (menit)",
        "Tidak Finger Masuk",
        "Tidak Finger Pulang",
    ]
    if r.ada_aturan:
        kepala += ["Potongan (%)", "Potongan (Rp)", "TPP Diterima (Rp)"]
    awal = len(judul) + 2
    for j, k in enumerate(kepala, start=1):
        teks(awal, j, k, tebal=True).alignment = Alignment(wrap_text=True, vertical="top")
    rupiah = '"Rp" #,##0'
    for i, b in enumerate(r.baris, start=awal + 1):
        lembar.cell(row=i, column=1, value=b.nomor)
        teks(i, 2, b.nama)
        teks(i, 3, b.nip)
        teks(i, 4, b.pangkat_golongan)
        if b.tpp_dasar is not None:
            lembar.cell(row=i, column=5, value=int(b.tpp.dasar)).number_format = rupiah
        rk = b.rekap
        nilai = [
            rk.hari_kerja,
            rk.hadir,
            rk.izin,
            rk.sakit,
            rk.cuti,
            rk.dinas_luar,
            rk.tanpa_keterangan,
            rk.terlambat_kali,
            rk.terlambat_menit,
            rk.pulang_cepat_kali,
            rk.pulang_cepat_menit,
            rk.tidak_finger_masuk,
            rk.tidak_finger_pulang,
        ]
        for j, n in enumerate(nilai, start=6):
            lembar.cell(row=i, column=j, value=n)
        if r.ada_aturan:
            lembar.cell(row=i, column=19, value=float(b.potongan.persen)).number_format = "0.00"
            if b.tpp is not None:
                lembar.cell(row=i, column=20, value=int(b.tpp.potongan)).number_format = rupiah
                lembar.cell(row=i, column=21, value=int(b.tpp.diterima)).number_format = rupiah
    akhir = awal + len(r.baris) + 1
    teks(akhir, 2, "JUMLAH", tebal=True)
    lembar.cell(row=akhir, column=5, value=int(r.total_dasar)).number_format = rupiah
    if r.ada_aturan:
        lembar.cell(row=akhir, column=20, value=int(r.total_potongan)).number_format = rupiah
        lembar.cell(row=akhir, column=21, value=int(r.total_diterima)).number_format = rupiah
    for kolom, lebar in (("A", 5), ("B", 32), ("C", 21), ("D", 16), ("E", 16)):
        lembar.column_dimensions[kolom].width = lebar
    keluaran = io.BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()


def _zip(berkas: list[tuple[str, bytes]], tanggal: date) -> bytes:
    """A ZIP whose entries carry the letter's date (not the clock), so its content is its files."""
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w", zipfile.ZIP_DEFLATED) as arsip:
        for nama, isi in berkas:
            info = zipfile.ZipInfo(nama, date_time=(tanggal.year, tanggal.month, tanggal.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            arsip.writestr(info, isi)
    return keluaran.getvalue()


def periksa_siap(presensi_bulan: PresensiBulan, tanggal_surat: date | None = None) -> list[str]:
    """What must be in place before a package (and its letter number) can be made. With
    ``tanggal_surat``, a signer must hold the pimpinan jabatan that day (a Plt/Plh will do)."""
    salah = []
    unit = presensi_bulan.unit
    if not presensi_bulan.rekap.exists():
        salah.append("Rekap presensi bulan ini masih kosong: impor berkas mesin presensi atau isi manual.")
    ada_penanda = unit.pimpinan_id is not None
    if tanggal_surat is not None:
        ada_penanda = bool(calon_penanda_tangan(unit, tanggal_surat))
    if not ada_penanda:
        salah.append(
            "Penanda tangan (pimpinan unit) belum diisi: isi Pimpinan pada Pengaturan › Unit kerja "
            f"{unit.nama} agar nama dan NIP camat tercetak."
        )
    if not unit.kode_surat:
        salah.append("Kode unit pada nomor surat (contoh 434.512) belum diisi pada Pengaturan › Unit kerja.")
    return salah


def buat_paket(*, presensi_bulan: PresensiBulan, tanggal_surat: date, klasifikasi: str, oleh=None) -> PaketPresensi:
    """Number the letter, produce every document, and keep them as sent. Raises ``PaketDitolak``.

    Its own transaction (never inside a caller's): if the rows are not committed, the files are deleted."""
    salah = periksa_siap(presensi_bulan, tanggal_surat)
    if salah:
        raise PaketDitolak(" ".join(salah))
    data = siapkan_data(presensi_bulan, tanggal_surat=tanggal_surat)
    # The enclosures carry no number: render them before taking one, so the lock is held briefly.
    lampiran = [(nama, dokumen_pdf(html_dokumen(kode, data))) for kode, _, _, nama in DOKUMEN[1:]]
    pdf_lampiran = [(nama, dok.write_pdf()) for nama, dok in lampiran]
    xlsx = xlsx_rincian(data)
    dasar_nama = f"presensi-{presensi_bulan.unit.kode}-{presensi_bulan.tahun}-{presensi_bulan.bulan:02d}"
    with transaksi_berkas() as tulis:
        surat = ambil_nomor(
            unit=presensi_bulan.unit,
            tanggal=tanggal_surat,
            klasifikasi=klasifikasi,
            hal=data.hal,
            tujuan=f"{data.tujuan} di {data.tempat_tujuan}",
            oleh=oleh,
        )
        data.nomor = surat.nomor
        pengantar = dokumen_pdf(html_dokumen("pengantar", data))
        semua = [pengantar] + [dok for _, dok in lampiran]
        gabungan = pengantar.copy([hal for dok in semua for hal in dok.pages]).write_pdf()
        isi_zip = _zip([(DOKUMEN[0][3], pengantar.write_pdf()), *pdf_lampiran, (NAMA_XLSX, xlsx)], tanggal_surat)
        r = data.rincian
        paket = PaketPresensi.objects.create(
            presensi=presensi_bulan,
            surat=surat,
            jumlah_pegawai=len(r.baris),
            jumlah_tpp_diterima=r.total_diterima if r.baris and not r.tanpa_tpp_dasar else None,
            dibuat_oleh=oleh,
        )
        akhiran = surat.nomor.replace("/", "-")
        for jenis, isi, ekstensi, konten in (
            (BerkasPaket.GABUNGAN_PDF, gabungan, "pdf", "application/pdf"),
            (BerkasPaket.ZIP, isi_zip, "zip", "application/zip"),
        ):
            berkas = BerkasPaket(
                paket=paket,
                jenis=jenis,
                nama_unduh=f"{dasar_nama}-{akhiran}.{ekstensi}",
                jenis_konten=konten,
                ukuran=len(isi),
                sha256=hashlib.sha256(isi).hexdigest(),
            )
            tulis(berkas.berkas, f"paket.{ekstensi}", ContentFile(isi))
            berkas.save()
        return paket


class BerkasBerubah(Exception):
    """The stored file no longer matches the SHA-256 recorded when it was sent."""


def baca_berkas_tersimpan(berkas: BerkasPaket) -> bytes:
    """The stored bytes, checked against the SHA-256 recorded when the package was made."""
    with berkas.berkas.open("rb") as f:
        isi = f.read()
    if hashlib.sha256(isi).hexdigest() != berkas.sha256:
        raise BerkasBerubah(berkas.nama_unduh)
    return isi
