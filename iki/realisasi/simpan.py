"""Saving monthly realisasi: the one path, and its rules.

Every screen that writes counts goes through here, all or nothing: the entry form (and the
submit step) with ``simpan_realisasi``, a few values saved one by one with their history; the
Excel import with ``simpan_massal``, tens of thousands of values written many per statement
(``iki.realisasi.massal``). Both take the same steps under the same locks:

1. ``periksa_isi``: who may write which variable, the month, the number (nothing stored needed);
2. ``kunci_indikator``, then the stored values read and locked (``baca_keadaan``);
3. ``periksa_keadaan``: a stored value emptied, a verified (locked) month, a version someone
   else has saved since the value was read;
4. ``periksa_rasio``: a numerator above its denominator, with the values as they will be.

The import's preview runs the same checks without locks (``periksa``). A refused batch raises
a ``GagalSimpan`` subclass listing every refusal of its kind; nothing of it is saved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple, Protocol

from django.db import IntegrityError, transaction
from django.utils import timezone

from iki.inti import angka
from iki.models import Indikator, Pengguna, Realisasi, TahunIKI, Variabel
from iki.realisasi import kalender, massal
from iki.umum.versi import naikkan_versi

# Counts are whole numbers, averages take up to 2 decimals (Variabel.desimal); 15 digits is far
# beyond any office's monthly count and keeps the value inside the column (max_digits=17, 2 decimals).
NILAI_MAKS = Decimal(10) ** 15 - 1

UNDUH_ULANG = "Unduh ulang lembar kerja dari aplikasi."

Kunci = tuple[int, int]  # (variabel_id, bulan)


class GagalSimpan(Exception):
    """A batch was refused; nothing of it was saved. ``kesalahan`` lists Indonesian messages."""

    def __init__(self, kesalahan: list[str]):
        self.kesalahan = kesalahan
        super().__init__(" ".join(kesalahan))


class KonflikVersi(GagalSimpan):
    """Someone else saved the same value after this form was opened."""


class BulanTerkunci(GagalSimpan):
    """The month is verified and locked."""


class TidakBerwenang(GagalSimpan):
    """The user may not write this variable (another unit's ids posted by hand, or not theirs)."""


@dataclass(frozen=True, slots=True)
class Perubahan:
    """One value a user wants to save. ``versi`` is the version the form was read at (0 = new);
    ``catatan`` None leaves the stored note as it is; ``tempat``, where the value was read, would
    start its messages."""

    variabel_id: int
    bulan: int
    nilai: Decimal | None
    versi: int = 0
    catatan: str | None = None
    tempat: str = ""


class Isian(Protocol):
    """A value as the path reads it: a ``Perubahan``, or a row of an uploaded workbook as it
    was read (``excel.BarisImpor``, which the import passes as it is: 20,000 of them)."""

    variabel_id: int
    bulan: int
    nilai: Decimal | None
    versi: int
    catatan: str | None
    tempat: str


@dataclass(frozen=True, slots=True)
class Keadaan:
    """What the database holds for one value, as plain data (an import reads thousands)."""

    pk: int
    nilai: Decimal
    catatan: str
    versi: int
    status: str
    oleh: str  # who filled it in, for the conflict message
    diperbarui: datetime | None

    @property
    def terkunci(self) -> bool:
        return Realisasi.status_terkunci(self.status)


class Pasangan(NamedTuple):
    """A numerator and its denominator (``Indikator.pasangan_rasio``), as ids and names."""

    pembilang: int
    penyebut: int
    nama_pembilang: str
    nama_penyebut: str


@dataclass(frozen=True, slots=True)
class Penolakan:
    """One value refused, and why; ``jenis`` is the GagalSimpan subclass a save raises for it."""

    perubahan: Isian
    pesan: str
    jenis: type[GagalSimpan] = GagalSimpan
    # A ratio refused: the pair, and the numerator's and denominator's values compared.
    rasio: tuple[Pasangan, Decimal, Decimal] | None = None

    @property
    def teks(self) -> str:
        return f"{self.perubahan.tempat}: {self.pesan}" if self.perubahan.tempat else self.pesan


def variabel_pengisi(user: Pengguna, tahun_iki: TahunIKI, hari_ini: date | None = None):
    """The variables of this year this user enters: their jabatan's; every one for an operator."""
    qs = Variabel.objects.filter(indikator__tahun=tahun_iki)
    if user.unit_id != tahun_iki.unit_id and not user.is_superuser:
        return qs.none()
    if user.is_superuser or user.peran == Pengguna.OPERATOR:
        return qs
    if user.peran != Pengguna.STAF:
        return qs.none()
    hari_ini = hari_ini or timezone.localdate()
    return qs.filter(pengisi__in=user.jabatan_pada(tahun_iki, kalender.tanggal_acuan(tahun_iki.tahun, hari_ini)))


def periksa_nilai(nilai: Decimal, *, desimal: int) -> str | None:
    """Why a value of a variable taking ``desimal`` decimals (``Variabel.desimal``, 0 for counts)
    is not acceptable, or None: from 0 to NILAI_MAKS with at most ``desimal`` decimals. The one
    home of this rule: the entry form, the saving path and the Excel import ask it. Decimals
    beyond ``desimal`` are refused, never rounded (``3,50`` is 3.5: one decimal)."""
    if not nilai.is_finite():
        return "bukan angka yang sah"
    if nilai < 0:
        return "tidak boleh negatif"
    if nilai > NILAI_MAKS:
        return "terlalu besar"
    if nilai != nilai.quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_DOWN):
        if desimal == 0:
            return "harus bilangan bulat (tanpa desimal)"
        return f"paling banyak {desimal} angka di belakang koma"
    return None


def kunci_indikator(indikator_ids) -> None:
    """Lock the rows of these indicators until the transaction ends.

    Every save of monthly values takes this lock before it reads the values it checks, so a
    numerator and its denominator saved at the same moment by two sessions are checked against
    each other (each one alone would have read the other's old value). Sorted, so two saves never
    wait for each other in a circle. On SQLite the IMMEDIATE transaction already serialises writers.
    """
    ids = sorted(set(indikator_ids))
    if ids:
        list(Indikator.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def pesan_bukan_milik(variabel_id: int) -> str:
    return f"Variabel (ID {variabel_id}) tidak ditemukan pada unit dan tahun ini atau bukan tanggung jawab Anda."


def _nama(p: Isian, v: Variabel) -> str:
    return f"{angka.nama_bulan(p.bulan)}: “{v.nama}”"


def pasangan_per_variabel(pasangan: Iterable[tuple[Variabel, Variabel]]) -> dict[int, list[Pasangan]]:
    """Variable pairs (``Indikator.pasangan_rasio``) listed under both their variables' ids."""
    per_variabel: dict[int, list[Pasangan]] = defaultdict(list)
    for a, b in pasangan:
        p = Pasangan(a.pk, b.pk, a.nama, b.nama)
        per_variabel[a.pk].append(p)
        per_variabel[b.pk].append(p)
    return per_variabel


def pasangan_rasio(indikator_qs) -> dict[int, list[Pasangan]]:
    """The ratio pairs of these indicators, listed under both their variables' ids."""
    indikator_qs = indikator_qs.exclude(jenis=Indikator.SURVEI).exclude(rumus="").prefetch_related("variabel")
    return pasangan_per_variabel(p for indikator in indikator_qs for p in indikator.pasangan_rasio())


_KOLOM_KEADAAN = (
    "pk", "variabel_id", "bulan", "nilai", "catatan", "versi", "status", "diperbarui",
    "diisi_oleh__username", "diisi_oleh__first_name", "diisi_oleh__last_name",
)


def baca_keadaan(qs) -> dict[Kunci, Keadaan]:
    """What the database holds, per (variable, month), read as plain values (no model objects)."""
    return {
        (vid, bulan): Keadaan(
            pk, nilai, catatan, versi, status, f"{depan or ''} {belakang or ''}".strip() or username or "pengguna lain",
            diperbarui,
        )
        for pk, vid, bulan, nilai, catatan, versi, status, diperbarui, username, depan, belakang in qs.values_list(
            *_KOLOM_KEADAAN
        )
    }


# --- The rules -----------------------------------------------------------------------------------


def periksa_isi(perubahan: Iterable[Isian], *, boleh: Mapping[int, Variabel]) -> list[Penolakan]:
    """Step 1: the variable is the user's (``boleh``: ``variabel_pengisi``), the month is one of
    twelve, the number within the variable's decimals (``periksa_nilai``)."""
    hasil = []
    for p in perubahan:
        v = boleh.get(p.variabel_id)
        if v is None:
            hasil.append(Penolakan(p, pesan_bukan_milik(p.variabel_id), TidakBerwenang))
        elif not 1 <= p.bulan <= 12:
            hasil.append(Penolakan(p, f"Bulan {p.bulan} tidak sah."))
        elif p.nilai is not None and (masalah := periksa_nilai(p.nilai, desimal=v.desimal)):
            hasil.append(Penolakan(p, f"{_nama(p, v)} {masalah}."))
    return hasil


def _pesan_konflik(nama: str, k: Keadaan | None, *, berkas: bool, desimal: int) -> str:
    # A workbook says since when and what to do; the entry form shows the current values itself.
    sejak, lagi = (" sejak berkas diunduh", f" {UNDUH_ULANG}") if berkas else ("", "")
    if k is None:
        return f"{nama} telah dihapus oleh pengguna lain{sejak}." + (lagi or " Muat ulang halaman.")
    waktu = f" pada {timezone.localtime(k.diperbarui):%d/%m/%Y %H.%M}" if k.diperbarui else ""
    return (
        f"{nama} telah diubah oleh {k.oleh}{waktu}{sejak}; nilai saat ini {angka.format_nilai(k.nilai, desimal)}. "
        f"Perubahan Anda tidak disimpan.{lagi}"
    )


def periksa_keadaan(
    perubahan: Iterable[Isian],
    *,
    boleh: Mapping[int, Variabel],
    kini: Mapping[Kunci, Keadaan],
    berkas: bool = False,
    tidak_berubah: Callable[[Isian, Keadaan], bool] | None = None,
) -> tuple[list[Isian], list[Penolakan]]:
    """Step 3, against what is stored (``kini``): the values to save, and the ones refused.

    A stored value cannot be emptied; a verified month is locked; a value must be saved at the
    version it was read (``versi``), else someone else's save would be lost. With
    ``tidak_berubah`` (the import: a whole year's workbook comes back with most rows as they
    were) a value equal to the stored one is left alone, whatever its month's state or version.
    ``berkas``: the values were read from a downloaded workbook (the messages say so).
    """
    berubah: list[Isian] = []
    ditolak: list[Penolakan] = []
    for p in perubahan:
        k = kini.get((p.variabel_id, p.bulan))
        if p.nilai is None:
            nama = _nama(p, boleh[p.variabel_id])
            if k is not None:
                ditolak.append(Penolakan(p, f"{nama} tidak boleh dikosongkan (nilai saat ini "
                                            f"{angka.format_nilai(k.nilai, boleh[p.variabel_id].desimal)}). "
                                            "Isi kembali nilainya."))
            elif p.catatan:
                ditolak.append(Penolakan(p, f"{nama}: catatan diisi tetapi nilai kosong."))
        elif k is not None and tidak_berubah is not None and tidak_berubah(p, k):
            continue
        elif k is not None and k.terkunci:
            ditolak.append(Penolakan(
                p,
                f"{_nama(p, boleh[p.variabel_id])} sudah diverifikasi dan terkunci; nilainya tidak dapat diubah. "
                "Minta operator atau camat membuka kunci bulan ini.",
                BulanTerkunci,
            ))
        elif p.versi != (k.versi if k is not None else 0):
            ditolak.append(Penolakan(p, _pesan_konflik(
                _nama(p, boleh[p.variabel_id]), k, berkas=berkas, desimal=boleh[p.variabel_id].desimal
            ), KonflikVersi))
        else:
            berubah.append(p)
    return berubah, ditolak


def periksa_rasio(
    berubah: Sequence[Isian],
    *,
    semua: Sequence[Isian],
    kini: Mapping[Kunci, Keadaan],
    nilai_lain: Mapping[Kunci, Decimal],
    pasangan: Mapping[int, list[Pasangan]],
) -> list[Penolakan]:
    """Step 4: a numerator above its denominator in a month, with the values as they will be
    after saving (``kini`` and ``nilai_lain``, the partners not in the batch, overlaid with
    ``berubah``). Each pair a change touches is checked once per month; the refusal is placed
    at the numerator's value if the batch (``semua``) has it, else at the denominator's."""
    nilai = {kunci: k.nilai for kunci, k in kini.items()}
    nilai.update(nilai_lain)
    nilai.update({(p.variabel_id, p.bulan): p.nilai for p in berubah})
    letak = {(p.variabel_id, p.bulan): p for p in semua}
    diperiksa = set()
    hasil = []
    for p in berubah:
        for pas in pasangan.get(p.variabel_id, ()):
            if (pas, p.bulan) in diperiksa:
                continue
            diperiksa.add((pas, p.bulan))
            na, nb = nilai.get((pas.pembilang, p.bulan)), nilai.get((pas.penyebut, p.bulan))
            if na is None or nb is None or na <= nb:
                continue
            tempat = letak.get((pas.pembilang, p.bulan)) or letak.get((pas.penyebut, p.bulan)) or p
            hasil.append(Penolakan(
                tempat,
                f"{angka.nama_bulan(p.bulan)}: “{pas.nama_pembilang}” ({angka.format_nilai(na)}) "
                f"tidak boleh lebih besar dari “{pas.nama_penyebut}” ({angka.format_nilai(nb)}).",
                rasio=(pas, na, nb),
            ))
    return hasil


def periksa(
    perubahan: Sequence[Isian],
    *,
    boleh: Mapping[int, Variabel],
    kini: Mapping[Kunci, Keadaan],
    pasangan: Mapping[int, list[Pasangan]],
    berkas: bool = False,
    tidak_berubah: Callable[[Isian, Keadaan], bool] | None = None,
) -> list[Penolakan]:
    """Every rule at once, without locks and without raising: the import's preview. ``kini``
    must hold the partners of every pair too (the preview reads the whole year)."""
    ditolak = periksa_isi(perubahan, boleh=boleh)
    salah = {id(t.perubahan) for t in ditolak}
    utuh = [p for p in perubahan if id(p) not in salah]
    berubah, ditolak_kini = periksa_keadaan(utuh, boleh=boleh, kini=kini, berkas=berkas, tidak_berubah=tidak_berubah)
    return ditolak + ditolak_kini + periksa_rasio(berubah, semua=perubahan, kini=kini, nilai_lain={}, pasangan=pasangan)


_URUTAN_TOLAK = (TidakBerwenang, GagalSimpan, BulanTerkunci, KonflikVersi)


def _tolak(ditolak: list[Penolakan]) -> None:
    """Raise for the first kind of refusal there is (rights, then the values, the lock, versions),
    listing every refusal of that kind."""
    for jenis in _URUTAN_TOLAK:
        pesan = [t.teks for t in ditolak if t.jenis is jenis]
        if pesan:
            raise jenis(pesan)


# --- The path ------------------------------------------------------------------------------------


def _periksa_di_bawah_kunci(
    *,
    user: Pengguna,
    tahun_iki: TahunIKI,
    perubahan: Sequence[Isian],
    berkas: bool = False,
    tidak_berubah: Callable[[Isian, Keadaan], bool] | None = None,
) -> tuple[dict[Kunci, Keadaan], list[Isian]]:
    """Steps 1 to 4 of both modes: what is stored now (locked until the transaction ends) and
    the values to write; raises at the first step that refuses something."""
    if user.hanya_baca:
        raise TidakBerwenang(["Peran Anda hanya dapat membaca data."])
    boleh = {v.pk: v for v in variabel_pengisi(user, tahun_iki).select_related("indikator")}
    _tolak(periksa_isi(perubahan, boleh=boleh))
    ids = {p.variabel_id for p in perubahan}
    indikator_ids = {boleh[vid].indikator_id for vid in ids}
    # The indicators first (a pair is checked under one lock), then the values: both locked for
    # the rest of the transaction (PostgreSQL); SQLite takes its write lock at BEGIN
    # (transaction_mode IMMEDIATE), which serialises writers the same way.
    kunci_indikator(indikator_ids)
    pasangan = pasangan_rasio(Indikator.objects.filter(tahun=tahun_iki)) if ids else {}
    mitra = {vid for v in ids for pas in pasangan.get(v, ()) for vid in (pas.pembilang, pas.penyebut)} - ids
    bulan = sorted({p.bulan for p in perubahan})
    kini: dict[Kunci, Keadaan] = {}
    for potong in massal.potongan(sorted(ids)):
        kini.update(baca_keadaan(
            Realisasi.objects.select_for_update(of=("self",)).filter(variabel_id__in=potong, bulan__in=bulan)
        ))
    nilai_lain = {}
    for potong in massal.potongan(sorted(mitra)):
        for vid, b, nilai in Realisasi.objects.filter(variabel_id__in=potong, bulan__in=bulan).values_list(
            "variabel_id", "bulan", "nilai"
        ):
            nilai_lain[(vid, b)] = nilai
    berubah, ditolak = periksa_keadaan(
        perubahan, boleh=boleh, kini=kini, berkas=berkas, tidak_berubah=tidak_berubah
    )
    _tolak(ditolak)
    _tolak(periksa_rasio(berubah, semua=perubahan, kini=kini, nilai_lain=nilai_lain, pasangan=pasangan))
    return kini, berubah


@transaction.atomic
def simpan_realisasi(
    *,
    user: Pengguna,
    tahun_iki: TahunIKI,
    perubahan: list[Perubahan],
    ajukan: bool = False,
    alasan: str = "",
) -> list[Realisasi]:
    """Save a batch of values: all of them, or none (raises a GagalSimpan subclass).

    Refused: variables the user may not enter (another unit's, another jabatan's), months
    that are verified (locked), values someone else changed since ``versi`` was read, bad
    numbers, and a numerator above its denominator in the same month. With ``ajukan`` the
    saved values are submitted for verification. ``alasan`` goes into the audit history.
    """
    kini, berubah = _periksa_di_bawah_kunci(user=user, tahun_iki=tahun_iki, perubahan=perubahan)
    tersimpan = Realisasi.objects.in_bulk(
        [k.pk for p in berubah if (k := kini.get((p.variabel_id, p.bulan))) is not None]
    )
    sekarang = timezone.now()
    hasil = []
    for p in berubah:
        k = kini.get((p.variabel_id, p.bulan))
        if k is None:
            r = Realisasi(variabel_id=p.variabel_id, bulan=p.bulan, versi=0)
        else:
            r = tersimpan[k.pk]
            if r.nilai == p.nilai and not ajukan and p.catatan in (None, r.catatan):
                hasil.append(r)  # unchanged: no new version, no history entry
                continue
        if p.catatan is not None:
            r.catatan = p.catatan
        if ajukan:
            r.ajukan(oleh=user, pada=sekarang, nilai=p.nilai, alasan=alasan or "Diajukan")
        else:
            r.isi(p.nilai, oleh=user, alasan=alasan or "Disimpan")
        try:
            with transaction.atomic():
                r.save()
        except IntegrityError:
            # Two people creating the same month at once: the unique constraint decides.
            raise KonflikVersi(
                [f"{angka.nama_bulan(p.bulan)}: “{r.variabel.nama}” baru saja diisi "
                 "oleh pengguna lain. Muat ulang halaman."]
            ) from None
        hasil.append(r)
    return hasil


@transaction.atomic
def simpan_massal(
    *,
    user: Pengguna,
    tahun_iki: TahunIKI,
    perubahan: Sequence[Isian],
    alasan: str,
    tidak_berubah: Callable[[Isian, Keadaan], bool] | None = None,
) -> int:
    """The bulk mode of the same path (the Excel import): the same steps and locks as
    ``simpan_realisasi``, for tens of thousands of values, written many per statement
    (``iki.realisasi.massal``). Every value carries its note (``catatan``, a string); blank
    values (``nilai`` None) are never written. Saved values become drafts; the history records ``alasan``. The messages
    speak of the downloaded workbook and start with each row's ``tempat``. Returns the number
    of values saved.
    """
    kini, berubah = _periksa_di_bawah_kunci(
        user=user, tahun_iki=tahun_iki, perubahan=perubahan, berkas=True, tidak_berubah=tidak_berubah
    )
    sekarang = timezone.now()
    baru, ubah = [], []
    for p in berubah:
        k = kini.get((p.variabel_id, p.bulan))
        if k is None:
            baru.append(p)
        else:
            ubah.append((k.pk, p))
    if ubah:
        massal.perbarui(ubah, user=user, sekarang=sekarang)
    id_baru = []
    if baru:
        try:
            with transaction.atomic():
                id_baru = massal.sisipkan(baru, user=user, sekarang=sekarang)
        except IntegrityError:
            # Someone entered one of these months while this import ran: the unique constraint decides.
            raise KonflikVersi(
                ["Sebagian nilai baru saja diisi oleh pengguna lain. Tidak ada yang disimpan; unggah ulang berkas "
                 "untuk melihat nilai terbaru."]
            ) from None
    massal.catat_riwayat(id_baru, "+", user=user, alasan=alasan, tanggal=sekarang)
    massal.catat_riwayat([pk for pk, _ in ubah], "~", user=user, alasan=alasan, tanggal=sekarang)
    if berubah:
        naikkan_versi(tahun_iki)  # written by raw SQL, without signals
    return len(berubah)
