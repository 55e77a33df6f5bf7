"""The year's targets as one grid: every indicator × (annual, TW I–IV), read and saved whole.

``grid_target(tahun_iki)`` reads the grid (indicators grouped by sasaran, each row with its
stored values and a version); ``simpan_target(...)`` saves a typed grid in one transaction or
nothing at all: a fixed year, a value out of range or a row someone else changed since it was read
refuses the whole save (``TargetDitolak``, with each message at its cell or row). Each changed
target is saved through the model (``save``/``delete``) so django-simple-history records who,
when and why. The range rule is ``Indikator.periksa_target``'s; which target a period uses is
``iki.inti.perhitungan.tentukan_target``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from iki.inti import angka
from iki.models import BarisIKI, Indikator, TahunIKI, Target
from iki.set_iki.tahun import TahunTerkunci, pastikan_dapat_diubah

KOLOM: tuple[tuple[str, str], ...] = (
    ("tahun", "Tahunan"),
    ("tw1", "TW I"),
    ("tw2", "TW II"),
    ("tw3", "TW III"),
    ("tw4", "TW IV"),
)
LABEL_KOLOM = dict(KOLOM)
TANPA_SASARAN = "Indikator yang belum tercantum pada baris IKI"
ALASAN_BAKU = "Diubah pada layar Target"


def versi(nilai: dict[str, Decimal | None]) -> str:
    """A row's stored targets as the page carries them between reading and saving
    (``"tahun=95|tw1=|tw2=|tw3=|tw4=80"``), so a save can tell the user's changes from another's."""
    return "|".join(f"{k}={_teks(nilai.get(k))}" for k, _ in KOLOM)


def _teks(nilai: Decimal | None) -> str:
    if nilai is None:
        return ""
    return format(nilai.normalize(), "f")


def baca_versi(teks: str) -> dict[str, Decimal | None] | None:
    """The values ``versi`` wrote; None when the text is not one (then the row counts as changed)."""
    try:
        pasangan = dict(bagian.split("=", 1) for bagian in teks.split("|"))
        if set(pasangan) != set(LABEL_KOLOM):
            return None
        return {k: Decimal(v) if v else None for k, v in pasangan.items()}
    except (ValueError, ArithmeticError):
        return None


def teks_baris(nilai: dict[str, Decimal | None]) -> str:
    """``"Tahunan 95, TW IV 80"`` (``"belum ada target"`` when empty), for messages."""
    bagian = [f"{LABEL_KOLOM[k]} {angka.format_ringkas(nilai[k])}" for k, _ in KOLOM if nilai.get(k) is not None]
    return ", ".join(bagian) or "belum ada target"


@dataclass
class BarisTarget:
    indikator: Indikator
    nilai: dict[str, Decimal | None]

    @property
    def versi(self) -> str:
        return versi(self.nilai)


@dataclass
class KelompokTarget:
    sasaran: str
    baris: list[BarisTarget] = field(default_factory=list)


def _nilai_tersimpan(indikator_ids) -> dict[int, dict[str, Decimal | None]]:
    nilai: dict[int, dict[str, Decimal | None]] = {pk: dict.fromkeys(LABEL_KOLOM) for pk in indikator_ids}
    for pk, periode, n in Target.objects.filter(indikator_id__in=nilai).values_list("indikator_id", "periode", "nilai"):
        nilai[pk][periode] = n
    return nilai


def grid_target(tahun_iki: TahunIKI) -> list[KelompokTarget]:
    """Every indicator of the year once, under the first sasaran it is printed with (sasaran in
    their order, indicators in the order of their rows); indicators in no row come last."""
    indikator = {i.pk: i for i in Indikator.objects.filter(tahun=tahun_iki).order_by("urutan", "id")}
    nilai = _nilai_tersimpan(indikator)
    kelompok: dict[int | None, KelompokTarget] = {}
    sudah: set[int] = set()
    for b in (
        BarisIKI.objects.filter(jabatan__tahun=tahun_iki)
        .select_related("sasaran")
        .order_by("sasaran_id", "jabatan__urutan", "jabatan_id", "urutan")
    ):
        if b.indikator_id in sudah or b.indikator_id not in indikator:
            continue
        sudah.add(b.indikator_id)
        k = kelompok.setdefault(b.sasaran_id, KelompokTarget(b.sasaran.teks))
        k.baris.append(BarisTarget(indikator[b.indikator_id], nilai[b.indikator_id]))
    sisa = [BarisTarget(i, nilai[pk]) for pk, i in indikator.items() if pk not in sudah]
    if sisa:
        kelompok[None] = KelompokTarget(TANPA_SASARAN, sisa)
    return list(kelompok.values())


class TargetDitolak(Exception):
    """Nothing was saved. ``sel``: message per (indikator id, periode kode); ``baris``: message
    per indikator id (a row changed by someone else); ``umum``: for the whole grid."""

    def __init__(self, *, sel=None, baris=None, umum: str = ""):
        self.sel: dict[tuple[int, str], str] = sel or {}
        self.baris: dict[int, str] = baris or {}
        self.umum = umum
        super().__init__(umum or "Target tidak disimpan.")


@transaction.atomic
def simpan_target(
    *,
    tahun_iki: TahunIKI,
    isian: dict[int, dict[str, Decimal | None]],
    versi_dibaca: dict[int, str],
    oleh,
    alasan: str = "",
) -> int:
    """Save a typed grid: ``isian`` per indicator id, per periode kode (None = empty: delete);
    ``versi_dibaca`` each row's ``versi`` when it was read. Returns how many targets changed.

    Only rows the user changed (typed ≠ read) are written. All or nothing: raises
    ``TargetDitolak`` (and saves nothing) when the year is fixed, an indicator is not of this
    year, a value breaks ``Indikator.periksa_target``, or a changed row was changed by someone else
    since it was read (the message names what is stored now).
    """
    # Lock the year's row: two saves of the same grid run one after the other, each seeing the
    # other's result when it compares what was read.
    tahun_iki = TahunIKI.objects.select_for_update().get(pk=tahun_iki.pk)
    try:
        pastikan_dapat_diubah(tahun_iki)
    except TahunTerkunci as e:
        raise TargetDitolak(umum=" ".join(e.messages)) from None
    indikator = {i.pk: i for i in Indikator.objects.filter(tahun=tahun_iki, pk__in=list(isian))}
    if set(isian) - set(indikator):
        raise TargetDitolak(umum="Ada indikator yang bukan milik tahun ini; muat ulang halaman.")
    sekarang = _nilai_tersimpan(indikator)
    sel: dict[tuple[int, str], str] = {}
    baris: dict[int, str] = {}
    diubah: dict[int, dict[str, Decimal | None]] = {}
    for pk, per_kolom in isian.items():
        if asing := sorted(set(per_kolom) - set(LABEL_KOLOM)):
            raise TargetDitolak(umum=f"Kolom target tidak dikenal: {', '.join(asing)}.")
        dibaca = baca_versi(versi_dibaca.get(pk, ""))
        if dibaca is not None and all(per_kolom.get(k, dibaca[k]) == dibaca[k] for k in LABEL_KOLOM):
            continue  # not changed by this user: whatever is stored now stays
        for kode, nilai in per_kolom.items():
            if nilai is not None and (masalah := indikator[pk].periksa_target(nilai)):
                sel[pk, kode] = masalah
        if dibaca != sekarang[pk]:
            baris[pk] = (
                "Target indikator ini diubah orang lain sejak halaman dibuka; sekarang: "
                f"{teks_baris(sekarang[pk])}. Periksa isian Anda, lalu simpan lagi bila tetap ingin menggantinya."
            )
        diubah[pk] = per_kolom
    if sel or baris:
        raise TargetDitolak(sel=sel, baris=baris)

    alasan = alasan.strip() or ALASAN_BAKU
    tersimpan = {(t.indikator_id, t.periode): t for t in Target.objects.filter(indikator_id__in=diubah)}
    jumlah = 0
    for pk, per_kolom in diubah.items():
        for kode, nilai in per_kolom.items():
            lama = tersimpan.get((pk, kode))
            if nilai is None:
                if lama is None:
                    continue
                lama._change_reason = alasan
                lama._history_user = oleh
                lama.delete()
            elif lama is None or lama.nilai != nilai:
                target = lama or Target(indikator=indikator[pk], periode=kode)
                target.nilai = nilai
                target._change_reason = alasan
                target._history_user = oleh
                target.full_clean()
                target.save()
            else:
                continue
            jumlah += 1
    return jumlah


@dataclass(frozen=True)
class Perubahan:
    pada: object  # datetime
    oleh: str
    indikator: Indikator
    periode: str
    ubah: str
    alasan: str


def riwayat_target(tahun_iki: TahunIKI, batas: int = 20) -> list[Perubahan]:
    """The year's latest target changes, newest first: who, when, which cell, before → after, why."""
    indikator = {i.pk: i for i in Indikator.objects.filter(tahun=tahun_iki)}
    hasil: list[Perubahan] = []
    sebelumnya: dict[tuple[int, str], Decimal] = {}
    for h in (
        Target.history.filter(indikator_id__in=indikator)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        kunci = (h.indikator_id, h.periode)
        lama = sebelumnya.get(kunci)
        if h.history_type == "-":
            ubah = f"{angka.format_angka(h.nilai)} → dihapus"
            sebelumnya.pop(kunci, None)
        else:
            ubah = f"{angka.format_angka(lama) + ' → ' if lama is not None else ''}{angka.format_angka(h.nilai)}"
            sebelumnya[kunci] = h.nilai
            if lama == h.nilai:
                continue
        u = h.history_user
        hasil.append(
            Perubahan(
                pada=h.history_date,
                oleh=(u.get_full_name() or u.username) if u else "sistem",
                indikator=indikator[h.indikator_id],
                periode=LABEL_KOLOM.get(h.periode, h.periode),
                ubah=ubah,
                alasan=h.history_change_reason or "",
            )
        )
    hasil.reverse()
    return hasil[:batas]
