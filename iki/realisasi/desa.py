"""Per-desa values (issue 17): a variable marked ``per_desa`` is entered each month as a checklist
of the unit's desa that delivered (and whether on time); its value is the number ticked.

The one home of these rules:

- which desa a month offers (``desa_bulan``: active in that month, i.e. not ``nonaktif_sejak`` on
  or before the month's first day);
- what a checklist may hold (``periksa_centang``: only those desa, never more than the constant the
  variable is counted against, e.g. ``jumlah_desa`` 20);
- saving the ticked set beside its value, in the saving path's transaction (``simpan_centang``);
- reading it back for the entry card, the Excel workbook and the drill-down matrix.

The value itself always goes through ``iki.realisasi.simpan`` (rights, lock, version, ratio).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from iki.inti import angka
from iki.models import BuktiDukung, Desa, Realisasi, RealisasiDesa, TahunIKI, Variabel
from iki.realisasi.simpan import GagalSimpan, TidakBerwenang

# A checklist: desa id → on time.
Centang = dict[int, bool]

# "Late or missing again and again": this many months of the year or more.
BERULANG = 2


def aktif_pada(desa: Desa, tahun: int, bulan: int) -> bool:
    """Is the desa counted in that month? Inactive from the month its ``nonaktif_sejak`` falls
    in when that is the 1st, else from the next month (a desa merged on 15 June still reports June)."""
    return desa.nonaktif_sejak is None or desa.nonaktif_sejak > date(tahun, bulan, 1)


def punya_data(desa: Desa) -> bool:
    """A desa with ticked months or evidence is never deleted (made inactive instead)."""
    return RealisasiDesa.objects.filter(desa=desa).exists() or BuktiDukung.objects.filter(desa=desa).exists()


def desa_unit(unit_id: int) -> list[Desa]:
    return list(Desa.objects.filter(unit_id=unit_id).order_by("urutan", "nama", "pk"))


def desa_bulan(unit_id: int, tahun: int, bulan: int) -> list[Desa]:
    """The desa a month's checklist offers, in the unit's order."""
    return [d for d in desa_unit(unit_id) if aktif_pada(d, tahun, bulan)]


def bulan_berdesa(unit_id: int, tahun: int) -> set[int]:
    """The months of the year that offer desa: in them a per-desa variable is a checklist (the
    entry card's and the Excel workbook's); in the others it is typed as a whole count."""
    semua = desa_unit(unit_id)
    return {b for b in range(1, 13) if any(aktif_pada(d, tahun, b) for d in semua)}


def batas_centang(variabel: Variabel, konstanta: Mapping[str, Decimal]) -> Decimal | None:
    """The constant the variable is counted against in its formula (``desa_tertib / jumlah_desa``):
    no month may tick more desa than that. None when the formula divides it by no constant."""
    for a, b in variabel.indikator.pasangan_rasio_rumus():
        if a == variabel.kode and b in konstanta:
            return konstanta[b]
    return None


def periksa_centang(
    variabel: Variabel, centang: Iterable[int], *, ditawarkan: Iterable[Desa], konstanta: Mapping[str, Decimal],
    bulan: int,
) -> list[str]:
    """Why this checklist cannot be saved (Indonesian messages), or nothing. ``ditawarkan``: the
    desa the month offers (``desa_bulan``); any other id (another unit's, an inactive desa, a
    made-up number) is refused."""
    centang = list(centang)
    kenal = {d.pk for d in ditawarkan}
    pesan = []
    asing = sorted(set(centang) - kenal)
    if asing:
        pesan.append(
            f"{angka.nama_bulan(bulan)}: “{variabel.nama}”: desa (ID {', '.join(map(str, asing))}) tidak ditemukan "
            "pada unit ini atau tidak aktif pada bulan ini."
        )
    batas = batas_centang(variabel, konstanta)
    if batas is not None and len(set(centang)) > batas:
        pesan.append(
            f"{angka.nama_bulan(bulan)}: “{variabel.nama}”: {len(set(centang))} desa dicentang, lebih banyak dari "
            f"jumlah desa ({angka.format_ringkas(batas)}). Tidak ada yang disimpan; periksa centangnya."
        )
    return pesan


def centang_tersimpan(realisasi_ids: Iterable[int]) -> dict[int, Centang]:
    """The stored checklists of these values: realisasi id → {desa id: on time}."""
    hasil: dict[int, Centang] = defaultdict(dict)
    for rid, did, tepat in RealisasiDesa.objects.filter(realisasi_id__in=list(realisasi_ids)).values_list(
        "realisasi_id", "desa_id", "tepat_waktu"
    ):
        hasil[rid][did] = tepat
    return hasil


def simpan_centang(
    *, user, tahun_iki: TahunIKI, bulan: int, centang: Mapping[int, Centang], versi_dibaca: Mapping[int, int],
    ajukan: bool = False,
) -> None:
    """Keep the ticked desa of per-desa values beside the values just saved by the saving path, in
    its transaction (call it inside; it raises GagalSimpan and so rolls everything back).

    ``centang``: variabel id → checklist; the value saved must be its number of desa.
    ``versi_dibaca``: the version the form read. A checklist that changed while its count stayed
    the same gets a new version and history entry all the same (a second editor's stale checklist
    is then refused by the version check, never silently lost)."""
    if not centang:
        return
    if user.hanya_baca:
        raise TidakBerwenang(["Peran Anda hanya dapat membaca data."])
    variabel = {
        v.pk: v for v in Variabel.objects.select_related("indikator").filter(
            pk__in=list(centang), indikator__tahun=tahun_iki
        )
    }
    ditawarkan = desa_bulan(tahun_iki.unit_id, tahun_iki.tahun, bulan)
    konstanta = tahun_iki.nilai_konstanta()
    realisasi = {
        r.variabel_id: r
        for r in Realisasi.objects.select_for_update(of=("self",)).filter(variabel_id__in=list(centang), bulan=bulan)
    }
    simpanan = centang_tersimpan(r.pk for r in realisasi.values())
    pesan = []
    for vid, daftar in centang.items():
        v = variabel.get(vid)
        if v is None or not v.per_desa:
            raise TidakBerwenang([f"Variabel (ID {vid}) tidak diisi per desa pada unit dan tahun ini."])
        pesan += periksa_centang(v, daftar, ditawarkan=ditawarkan, konstanta=konstanta, bulan=bulan)
        r = realisasi.get(vid)
        if r is None or r.nilai != len(daftar):
            pesan.append(f"{angka.nama_bulan(bulan)}: “{v.nama}”: nilai harus sama dengan jumlah desa yang dicentang.")
    if pesan:
        raise GagalSimpan(pesan)
    for vid, daftar in centang.items():
        r = realisasi[vid]
        lama = simpanan.get(r.pk, {})
        if lama == dict(daftar):
            continue
        RealisasiDesa.objects.filter(realisasi=r).exclude(desa_id__in=list(daftar)).delete()
        for did, tepat in daftar.items():
            if did not in lama:
                RealisasiDesa.objects.create(realisasi=r, desa_id=did, tepat_waktu=tepat)
            elif lama[did] != tepat:
                RealisasiDesa.objects.filter(realisasi=r, desa_id=did).update(tepat_waktu=tepat)
        if r.versi == versi_dibaca.get(vid, 0):
            # The count did not change, so the saving path left the row alone: the changed list
            # is a change of the value all the same.
            if ajukan and r.status == Realisasi.DIAJUKAN:
                r.ajukan(oleh=user, pada=timezone.now(), alasan="Daftar desa diubah")
            else:
                r.isi(r.nilai, oleh=user, alasan="Daftar desa diubah")
            r.save()


# --- The drill-down matrix -------------------------------------------------------------------------


TEPAT, TERLAMBAT, KOSONG, NONAKTIF = "tepat", "terlambat", "", "nonaktif"


@dataclass
class BarisMatriks:
    desa: Desa
    sel: list[str]  # per month 1..12: TEPAT, TERLAMBAT, KOSONG or NONAKTIF
    terlambat: int = 0
    tidak_memenuhi: int = 0  # months that had a value and did not tick this desa

    @property
    def berulang(self) -> bool:
        return self.terlambat >= BERULANG or self.tidak_memenuhi >= BERULANG


def matriks(variabel: Variabel, tahun_iki: TahunIKI) -> list[BarisMatriks]:
    """Desa × month of one per-desa variable: every desa of the unit that is active in some month
    of the year or has data in it (an inactive desa keeps its past months, greyed from its
    ``nonaktif_sejak``). Only months with a value count a desa as missing."""
    isi = dict(Realisasi.objects.filter(variabel=variabel).values_list("bulan", "pk"))
    per_bulan = {bulan: {} for bulan in isi}
    for bulan, did, tepat in RealisasiDesa.objects.filter(realisasi__variabel=variabel).values_list(
        "realisasi__bulan", "desa_id", "tepat_waktu"
    ):
        per_bulan[bulan][did] = tepat
    hasil = []
    for d in desa_unit(tahun_iki.unit_id):
        ada_data = any(d.pk in c for c in per_bulan.values())
        if not ada_data and not aktif_pada(d, tahun_iki.tahun, 1):
            continue
        baris = BarisMatriks(d, [])
        for bulan in range(1, 13):
            c = per_bulan.get(bulan)
            if c is not None and d.pk in c:
                baris.sel.append(TEPAT if c[d.pk] else TERLAMBAT)
                baris.terlambat += not c[d.pk]
            elif not aktif_pada(d, tahun_iki.tahun, bulan):
                baris.sel.append(NONAKTIF)
            else:
                baris.sel.append(KOSONG)
                baris.tidak_memenuhi += c is not None
        hasil.append(baris)
    return hasil
