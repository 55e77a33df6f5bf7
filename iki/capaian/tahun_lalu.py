"""Year over year: which indicator of the previous year is "the same" as one of this year, and
its result for the same period. One home for matching indicators across years (issue 17).

The rule, in order:

1. ``Indikator.asal`` when it points into the previous year (set when a year is copied, or by
   the operator when an indicator was renamed or split: both halves of a split point to the one
   they came from);
2. otherwise the indicator of the previous year with the same ``kode``, unless that one is
   claimed through ``asal`` by another indicator of this year (it was renamed into that one).

An indicator without a match has no previous-year figure ("tidak ada pembanding"), never a guess.

``Pembanding(tahun_iki).banding(hasil)`` is what every screen and report prints beside this
year's value: last year's value for the same period and the change, as text ("▲ naik 2,50 %").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from iki.capaian import data as capaian
from iki.inti import angka
from iki.inti.perhitungan import Periode
from iki.models import Indikator, TahunIKI


def tahun_sebelumnya(tahun_iki: TahunIKI) -> TahunIKI | None:
    return (
        TahunIKI.objects.filter(unit_id=tahun_iki.unit_id, tahun=tahun_iki.tahun - 1)
        .select_related("unit__kabupaten")
        .first()
    )


def pasangan(tahun_iki: TahunIKI, lalu: TahunIKI | None) -> dict[int, int]:
    """This year's indicator id → the previous year's indicator id (two queries)."""
    if lalu is None:
        return {}
    ini = list(Indikator.objects.filter(tahun=tahun_iki).values_list("pk", "kode", "asal_id", "asal__tahun_id"))
    per_kode = dict(Indikator.objects.filter(tahun=lalu).values_list("kode", "pk"))
    diklaim = {asal for _, _, asal, tahun_asal in ini if asal and tahun_asal == lalu.pk}
    hasil = {}
    for pk, kode, asal, tahun_asal in ini:
        if asal and tahun_asal == lalu.pk:
            hasil[pk] = asal
        elif kode in per_kode and per_kode[kode] not in diklaim:
            hasil[pk] = per_kode[kode]
    return hasil


class Pembanding:
    """Last year's results for this year's indicators, for any period (loads the previous year once,
    through the cache of ``capaian.data.muat``)."""

    def __init__(self, tahun_iki: TahunIKI):
        self.lalu = tahun_sebelumnya(tahun_iki)
        self.pasangan = pasangan(tahun_iki, self.lalu)
        self._data = capaian.muat(self.lalu) if self.pasangan else None

    @property
    def ada(self) -> bool:
        """Whether any indicator of this year has a match (else the column says nothing)."""
        return bool(self.pasangan)

    def banding(self, hasil: capaian.HasilIndikator) -> Banding:
        """This year's ``hasil`` beside last year's for the same period."""
        lalu = self.hasil(hasil.indikator.pk, hasil.periode)
        return banding(hasil, lalu, ada_pasangan=hasil.indikator.pk in self.pasangan)

    def hasil(self, indikator_id: int, periode: Periode) -> capaian.HasilIndikator | None:
        lalu_id = self.pasangan.get(indikator_id)
        if lalu_id is None or self._data is None:
            return None
        return self._data.hasil(lalu_id, periode)

    @staticmethod
    def perubahan(sekarang: Decimal | None, lalu: Decimal | None) -> Decimal | None:
        """This year's value minus last year's (same unit of measure), None when either is missing."""
        if sekarang is None or lalu is None:
            return None
        return sekarang - lalu


TIDAK_ADA_PEMBANDING = "tidak ada pembanding"


@dataclass(frozen=True)
class Banding:
    """Last year's value beside this year's, as printed. ``nilai_lalu`` and ``perubahan`` are
    numbers (Excel); the texts are for screens and PDFs."""

    nilai_lalu: Decimal | None
    perubahan: Decimal | None
    teks_lalu: str  # "80,00", "belum ada data", "tidak ada pembanding"
    teks_perubahan: str  # "▲ naik 2,50 %", "▼ turun 1,00 kasus", "= tetap", "–"
    arah: str = ""  # "naik", "turun", "tetap" or "" (no change to tell)

    @property
    def ada(self) -> bool:
        return self.nilai_lalu is not None


def banding(sekarang: capaian.HasilIndikator, lalu: capaian.HasilIndikator | None, *,
            ada_pasangan: bool | None = None) -> Banding:
    """The comparison of this year's result with last year's (None: no matching indicator).
    The change is in the indicator's unit ("2,50 %" for a percentage: points, not a ratio)."""
    if lalu is None or ada_pasangan is False:
        return Banding(None, None, TIDAK_ADA_PEMBANDING, "–")
    if lalu.nilai is None:
        return Banding(None, None, lalu.pesan or capaian.BELUM_ADA_DATA, "–")
    teks_lalu = angka.format_angka(lalu.nilai)
    beda = Pembanding.perubahan(sekarang.nilai, lalu.nilai)
    if beda is None:
        return Banding(lalu.nilai, None, teks_lalu, "–")
    satuan = f" {sekarang.indikator.satuan}".rstrip()
    if beda > 0:
        return Banding(lalu.nilai, beda, teks_lalu, f"▲ naik {angka.format_angka(beda)}{satuan}", "naik")
    if beda < 0:
        return Banding(lalu.nilai, beda, teks_lalu, f"▼ turun {angka.format_angka(-beda)}{satuan}", "turun")
    return Banding(lalu.nilai, beda, teks_lalu, "= tetap", "tetap")
