"""What a reminder says: the daily digest of what waits for one user's action, and the camat's
weekly summary, composed from the live state at the moment given (never stored).

The daily digest reads the staf's list (``iki.realisasi.daftar_tugas``: returned values with
the verifier's note, then months ended and not submitted, with their deadline) and what waits
for verification (``iki.realisasi.alur.menunggu_verifikasi``; the operator sees the whole unit
for both). The weekly summary reads the computed year (``iki.capaian.data``): the completeness
of the month and the indicators that need attention, as the dashboard shows them. A digest with
nothing in it is None: nobody gets an empty mail. Every item carries an absolute link
(``settings.IKI_URL_DASAR``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from iki.capaian import data as capaian
from iki.inti import angka
from iki.inti.perhitungan import Periode
from iki.models import Pengguna, Realisasi, TahunIKI
from iki.realisasi import alur, kalender
from iki.realisasi.daftar_tugas import daftar_tugas

HARIAN = "ringkasan_harian"
MINGGUAN = "ringkasan_mingguan"
LABEL_JENIS = {HARIAN: "Ringkasan harian", MINGGUAN: "Ringkasan mingguan camat"}


def url_penuh(jalur: str) -> str:
    """``/realisasi/…`` → the address a mail reader can open (``IKI_URL_DASAR`` + path)."""
    return settings.IKI_URL_DASAR.rstrip("/") + jalur


@dataclass(frozen=True)
class Butir:
    teks: str
    url: str  # absolute
    catatan: str = ""


@dataclass
class Bagian:
    judul: str
    butir: list[Butir] = field(default_factory=list)


@dataclass
class Ringkasan:
    penerima: Pengguna
    jenis: str
    tanggal: date
    perihal: str
    pembuka: str
    bagian: list[Bagian]

    @property
    def jumlah(self) -> int:
        return sum(len(b.butir) for b in self.bagian)

    @property
    def nama(self) -> str:
        return alur.nama_pengguna(self.penerima)

    def _konteks(self) -> dict:
        return {
            "r": self,
            "url_beranda": url_penuh(reverse("beranda")),
            "url_pengaturan": url_penuh(reverse("pengingat_pengaturan")),
            "tanggal": angka.format_tanggal(self.tanggal),
        }

    @property
    def teks(self) -> str:
        return render_to_string("iki/pengingat/surel.txt", self._konteks())

    @property
    def html(self) -> str:
        return render_to_string("iki/pengingat/surel.html", self._konteks())


def _tahun(user: Pengguna) -> TahunIKI | None:
    if user.unit_id is None:
        return None
    return TahunIKI.objects.terkini(user.unit)


def _belum_diajukan(user: Pengguna, tahun: TahunIKI, sekarang: datetime) -> list[Bagian]:
    """Returned values (each with its note) and ended months not submitted (with the deadline)."""
    tugas = daftar_tugas(user, tahun, sekarang)
    dikembalikan = Bagian("Dikembalikan verifikator")
    for t in tugas.dikembalikan:
        variabel = t.tagihan.variabel
        oleh = f" ({t.catatan.nama})" if t.catatan and t.catatan.nama else ""
        dikembalikan.butir.append(
            Butir(
                teks=f"{variabel.indikator.nama} — {variabel.nama}, {angka.nama_bulan(t.bulan, tahun.tahun)}",
                url=url_penuh(t.url),
                catatan=f"Catatan{oleh}: {t.catatan.teks}" if t.catatan and t.catatan.teks else "",
            )
        )
    belum = Bagian("Belum diajukan")
    hari_ini = timezone.localdate(sekarang)
    for b in tugas.belum:
        if not kalender.bulan_berakhir(tahun.tahun, b.bulan, hari_ini):  # still runs: not owed yet
            continue
        teks = f"{angka.nama_bulan(b.bulan, tahun.tahun)}: {len(b.tugas)} nilai belum diajukan"
        teks += f", batas {angka.format_tanggal(b.batas)}" + (" (terlambat)" if b.terlambat else "")
        belum.butir.append(Butir(teks=teks, url=url_penuh(b.url)))
    return [dikembalikan, belum]


def _menunggu(user: Pengguna, tahun: TahunIKI) -> Bagian:
    """What waits for verification, per jabatan and month, linked to its group on the page."""
    if user.peran == Pengguna.OPERATOR:
        qs, judul = Realisasi.objects.diajukan().filter(variabel__indikator__tahun=tahun), "Menunggu verifikasi di unit"
    else:
        qs, judul = alur.menunggu_verifikasi(user, tahun), "Menunggu verifikasi Anda"
    dasar = reverse("verifikasi_daftar") + f"?tahun={tahun.tahun}"
    bagian = Bagian(judul)
    for m in (
        qs.values("variabel__pengisi", "variabel__pengisi__nama", "variabel__pengisi__urutan", "bulan")
        .annotate(jumlah=Count("id"))
        .order_by("variabel__pengisi__urutan", "variabel__pengisi", "bulan")
    ):
        bagian.butir.append(
            Butir(
                teks=f"{m['variabel__pengisi__nama']} — {angka.nama_bulan(m['bulan'], tahun.tahun)}: "
                f"{m['jumlah']} nilai",
                url=url_penuh(f"{dasar}#kelompok-{m['variabel__pengisi']}-{m['bulan']}"),
            )
        )
    return bagian


def ringkasan_harian(user: Pengguna, sekarang: datetime) -> Ringkasan | None:
    """The daily digest of ``user`` at ``sekarang``, or None when nothing waits for them."""
    tahun = _tahun(user)
    if tahun is None or user.peran not in (Pengguna.STAF, Pengguna.VERIFIKATOR, Pengguna.OPERATOR):
        return None
    bagian: list[Bagian] = []
    if user.peran in (Pengguna.STAF, Pengguna.OPERATOR):
        bagian += _belum_diajukan(user, tahun, sekarang)
    if user.peran in (Pengguna.VERIFIKATOR, Pengguna.OPERATOR):
        bagian.append(_menunggu(user, tahun))
    bagian = [b for b in bagian if b.butir]
    if not bagian:
        return None
    hari_ini = kalender.hari_ini_jakarta(sekarang)
    jumlah = sum(len(b.butir) for b in bagian)
    return Ringkasan(
        penerima=user,
        jenis=HARIAN,
        tanggal=hari_ini,
        perihal=f"IKI {tahun.unit.nama_wilayah}: {jumlah} hal perlu tindakan Anda ({angka.format_tanggal(hari_ini)})",
        pembuka=f"Berikut yang menunggu tindakan Anda di IKI {tahun.unit.nama_wilayah} tahun {tahun.tahun}.",
        bagian=bagian,
    )


def bulan_ringkasan(tahun: int, hari_ini: date) -> int:
    """The month the weekly summary reports: the month just ended (its entry is due now), the
    current one in January, December for a past year; 0 for a year not begun."""
    kini = kalender.bulan_kini(tahun, hari_ini)
    if tahun == hari_ini.year and kini > 1:
        return kini - 1
    return kini


def ringkasan_mingguan(user: Pengguna, sekarang: datetime) -> Ringkasan | None:
    """The camat's weekly summary: completeness of the month and what needs attention."""
    tahun = _tahun(user)
    if tahun is None or user.peran != Pengguna.CAMAT:
        return None
    hari_ini = kalender.hari_ini_jakarta(sekarang)
    bulan = bulan_ringkasan(tahun.tahun, hari_ini)
    if bulan == 0:
        return None
    data = capaian.muat(tahun, tanggal_acuan=hari_ini)
    kode = tahun.unit.kode
    url_dasbor = reverse("dasbor_unit", args=[kode, tahun.tahun])

    isian = capaian.isian_periode(data, Periode("bulan", bulan), hari_ini)
    nama_bln = angka.nama_bulan(bulan, tahun.tahun)
    lengkap = Bagian(f"Kelengkapan {nama_bln}")
    lengkap.butir.append(
        Butir(
            teks=f"{isian.terisi} dari {isian.diharapkan} nilai terisi ({angka.format_persen(isian.persen_terisi)}), "
            f"{isian.diverifikasi} diverifikasi ({angka.format_persen(isian.persen_diverifikasi)})",
            url=url_penuh(f"{url_dasbor}?periode={bulan}"),
        )
    )
    for baris in capaian.kelengkapan(data, sekarang).jabatan_terlambat:
        lengkap.butir.append(
            Butir(
                teks=f"Terlambat: {baris.jabatan.nama} — {baris.teks_bulan_terlambat}",
                url=url_penuh(f"{url_dasbor}?periode={bulan}#kelengkapan"),
            )
        )

    # The dashboard's own period and its rule of "perlu perhatian", the furthest below first.
    periode = Periode("sd", data.bulan_terakhir) if data.bulan_terakhir else Periode("tahun", 0)
    hasil = [data.hasil(pk, periode) for pk in data.indikator]
    perhatian = sorted(
        (h for h in hasil if capaian.perlu_perhatian(data.skala, h.kategori, h.capaian)),
        key=lambda h: h.capaian if h.capaian is not None else 0,
    )
    bagian_perhatian = Bagian(f"Indikator perlu perhatian ({periode.label} {tahun.tahun})")
    for h in perhatian:
        kategori = f", {h.kategori.label}" if h.kategori else ""
        bagian_perhatian.butir.append(
            Butir(
                teks=f"{h.indikator.nama}: capaian {h.teks_capaian}{kategori}",
                url=url_penuh(
                    reverse("dasbor_indikator", args=[kode, tahun.tahun, h.indikator.pk]) + f"?periode={periode.kode}"
                ),
            )
        )
    bagian = [lengkap] + ([bagian_perhatian] if bagian_perhatian.butir else [])
    return Ringkasan(
        penerima=user,
        jenis=MINGGUAN,
        tanggal=hari_ini,
        perihal=f"Ringkasan mingguan IKI {tahun.unit.nama_wilayah} ({angka.format_tanggal(hari_ini)})",
        pembuka=(
            f"Ringkasan IKI {tahun.unit.nama_wilayah} tahun {tahun.tahun}: kelengkapan isian {nama_bln} dan "
            f"indikator yang perlu perhatian ({len(perhatian)})."
        ),
        bagian=bagian,
    )
