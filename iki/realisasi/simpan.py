"""Saving monthly realisasi: who may write what, locked months, lost updates, numerator ≤ denominator.

Every screen that writes counts (the entry form, the Excel import) goes through
``simpan_realisasi`` so the rules hold in one place and a batch is saved all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from iki.inti import angka
from iki.models import Indikator, Pengguna, Realisasi, TahunIKI, Variabel
from iki.realisasi import kalender

# Counts are whole numbers; 15 digits is far beyond any office's monthly count and keeps
# the value inside the column (max_digits=17, 2 decimals).
NILAI_MAKS = Decimal(10) ** 15 - 1


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


@dataclass(frozen=True)
class Perubahan:
    """One value a user wants to save. ``versi`` is the version the form was read at (0 = new)."""

    variabel_id: int
    bulan: int
    nilai: Decimal
    versi: int = 0


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


def periksa_nilai(nilai: Decimal) -> str | None:
    """Why a count is not acceptable, or None: whole numbers from 0 to NILAI_MAKS."""
    if not nilai.is_finite():
        return "bukan angka yang sah"
    if nilai < 0:
        return "tidak boleh negatif"
    if nilai != nilai.to_integral_value():
        return "harus bilangan bulat (tanpa desimal)"
    if nilai > NILAI_MAKS:
        return "terlalu besar"
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


def periksa_rasio(indikator_list, nilai_bulan: dict[tuple[int, int], Decimal]) -> list[str]:
    """Numerator above denominator, for every plain ``a / b`` in the formulas, per month.

    ``nilai_bulan`` maps (variabel_id, bulan) to the value as it will be after saving.
    """
    kesalahan = []
    for indikator in indikator_list:
        ids = {v.pk for v in indikator.variabel.all()}
        bulan_list = sorted({b for (vid, b) in nilai_bulan if vid in ids})
        for a, b in indikator.pasangan_rasio():
            for bulan in bulan_list:
                na, nb = nilai_bulan.get((a.pk, bulan)), nilai_bulan.get((b.pk, bulan))
                if na is not None and nb is not None and na > nb:
                    kesalahan.append(
                        f"{angka.nama_bulan(bulan)}: “{a.nama}” ({angka.format_angka(na, 0)}) "
                        f"tidak boleh lebih besar dari “{b.nama}” ({angka.format_angka(nb, 0)})."
                    )
    return kesalahan


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
    if user.hanya_baca:
        raise TidakBerwenang(["Peran Anda hanya dapat membaca data."])
    kesalahan: list[str] = []
    boleh = {v.pk: v for v in variabel_pengisi(user, tahun_iki).select_related("indikator")}
    for p in perubahan:
        if p.variabel_id not in boleh:
            raise TidakBerwenang(["Variabel tidak ditemukan atau bukan tanggung jawab Anda."])
        if not 1 <= p.bulan <= 12:
            kesalahan.append(f"Bulan {p.bulan} tidak sah.")
            continue
        masalah = periksa_nilai(p.nilai)
        if masalah:
            kesalahan.append(
                f"{angka.nama_bulan(p.bulan)}: “{boleh[p.variabel_id].nama}” {masalah}."
            )
    if kesalahan:
        raise GagalSimpan(kesalahan)

    kunci_indikator(boleh[p.variabel_id].indikator_id for p in perubahan)
    kunci = Q()
    for p in perubahan:
        kunci |= Q(variabel_id=p.variabel_id, bulan=p.bulan)
    # Rows are locked for the rest of the transaction (PostgreSQL); SQLite takes its write
    # lock at BEGIN (transaction_mode IMMEDIATE), which serialises writers the same way.
    tersimpan = {
        (r.variabel_id, r.bulan): r
        for r in Realisasi.objects.select_for_update(of=("self",)).filter(kunci).select_related("diisi_oleh")
    } if perubahan else {}

    terkunci, konflik = [], []
    for p in perubahan:
        r = tersimpan.get((p.variabel_id, p.bulan))
        nama = f"{angka.nama_bulan(p.bulan)}: “{boleh[p.variabel_id].nama}”"
        if r is not None and r.terkunci:
            terkunci.append(f"{nama} sudah diverifikasi dan terkunci.")
        elif (r.versi if r is not None else 0) != p.versi:
            if r is None:
                konflik.append(f"{nama} telah dihapus oleh pengguna lain. Muat ulang halaman.")
            else:
                oleh = (r.diisi_oleh.get_full_name() or r.diisi_oleh.username) if r.diisi_oleh else "pengguna lain"
                konflik.append(
                    f"{nama} telah diubah oleh {oleh} pada "
                    f"{timezone.localtime(r.diperbarui):%d/%m/%Y %H.%M}; nilai saat ini "
                    f"{angka.format_angka(r.nilai, 0)}. Perubahan Anda tidak disimpan."
                )
    if terkunci:
        raise BulanTerkunci(terkunci)
    if konflik:
        raise KonflikVersi(konflik)

    indikator_ids = {boleh[p.variabel_id].indikator_id for p in perubahan}
    indikator_list = list(
        Indikator.objects.filter(pk__in=indikator_ids).prefetch_related("variabel")
    )
    semua_variabel = [v.pk for i in indikator_list for v in i.variabel.all()]
    bulan_set = {p.bulan for p in perubahan}
    nilai_bulan = {
        (vid, b): n
        for vid, b, n in Realisasi.objects.filter(variabel_id__in=semua_variabel, bulan__in=bulan_set).values_list(
            "variabel_id", "bulan", "nilai"
        )
    }
    nilai_bulan.update({(p.variabel_id, p.bulan): p.nilai for p in perubahan})
    kesalahan = periksa_rasio(indikator_list, nilai_bulan)
    if kesalahan:
        raise GagalSimpan(kesalahan)

    sekarang = timezone.now()
    hasil = []
    for p in perubahan:
        r = tersimpan.get((p.variabel_id, p.bulan))
        if r is None:
            r = Realisasi(variabel_id=p.variabel_id, bulan=p.bulan, versi=0)
        elif r.nilai == p.nilai and not ajukan:
            hasil.append(r)  # unchanged: no new version, no history entry
            continue
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
                [f"{angka.nama_bulan(p.bulan)}: “{boleh[p.variabel_id].nama}” baru saja diisi "
                 "oleh pengguna lain. Muat ulang halaman."]
            ) from None
        hasil.append(r)
    return hasil
