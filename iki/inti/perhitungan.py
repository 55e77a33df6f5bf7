"""Domain arithmetic of IKI: periods, combining months, capaian, categories, numbers.

Pure Python with no ORM and no clock: every value, period and setting comes in as an argument.
All arithmetic is in ``Decimal``; rounding happens only for display (``bulatkan``, half up).
The rules are those of ``design.md`` section 3.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise
from types import MappingProxyType
from typing import Protocol

from iki.inti.angka import nama_bulan


class CaraGabung(StrEnum):
    """How a variable's monthly values combine into a longer period."""

    JUMLAH = "jumlah"  # flows: documents processed
    TERAKHIR = "terakhir"  # states: villages with orderly administration
    RATA = "rata"


class Polaritas(StrEnum):
    NAIK = "naik"  # semakin tinggi semakin baik
    TURUN = "turun"  # semakin rendah semakin baik










TIDAK_DAPAT_DIHITUNG = "tidak dapat dihitung"

_ROMAWI = ("I", "II", "III", "IV")
_SERATUS = Decimal(100)
_KOSONG: Mapping = MappingProxyType({})


# --- Periods -----------------------------------------------------------------------------------

_NOMOR_SAH = {
    "bulan": range(1, 13),
    "tw": range(1, 5),
    "semester": range(1, 3),
    "tahun": range(0, 1),
    "sd": range(1, 13),
}


@dataclass(frozen=True)
class Periode:
    """A reporting period of one year.

    ``jenis`` is ``"bulan"`` (nomor 1–12), ``"tw"`` (triwulan 1–4), ``"semester"`` (1–2),
    ``"tahun"`` (nomor 0) or ``"sd"`` (cumulative from January to month ``nomor``).
    """

    jenis: str
    nomor: int

    def __post_init__(self) -> None:
        sah = _NOMOR_SAH.get(self.jenis)
        if sah is None:
            raise ValueError(f"Jenis periode tidak dikenal: {self.jenis!r}")
        if self.nomor not in sah:
            raise ValueError(f"Nomor periode {self.jenis} tidak sah: {self.nomor!r}")

    @classmethod
    def dari_kode(cls, kode: str) -> Periode:
        """Parse a period code: ``"1"``–``"12"``, ``"tw1"``–``"tw4"``, ``"s1"``, ``"s2"``,
        ``"tahun"``, ``"sd1"``–``"sd12"`` (case and surrounding spaces ignored)."""
        periode = _PERIODE_PER_KODE.get(kode.strip().lower()) if isinstance(kode, str) else None
        if periode is None:
            raise ValueError(f"Periode tidak dikenal: {kode!r}")
        return periode

    @property
    def kode(self) -> str:
        return {
            "bulan": str(self.nomor),
            "tw": f"tw{self.nomor}",
            "semester": f"s{self.nomor}",
            "tahun": "tahun",
            "sd": f"sd{self.nomor}",
        }[self.jenis]

    @property
    def bulan(self) -> tuple[int, ...]:
        """The months (1–12) the period covers, ascending."""
        if self.jenis == "bulan":
            return (self.nomor,)
        if self.jenis == "tw":
            awal = 3 * (self.nomor - 1) + 1
            return tuple(range(awal, awal + 3))
        if self.jenis == "semester":
            awal = 6 * (self.nomor - 1) + 1
            return tuple(range(awal, awal + 6))
        if self.jenis == "tahun":
            return tuple(range(1, 13))
        return tuple(range(1, self.nomor + 1))

    @property
    def bulan_akhir(self) -> int:
        return self.bulan[-1]

    @property
    def label(self) -> str:
        """Indonesian label: ``"Mei"``, ``"TW II"``, ``"Semester I"``, ``"Tahun"``, ``"s.d. Mei"``."""
        if self.jenis == "bulan":
            return nama_bulan(self.nomor)
        if self.jenis == "tw":
            return f"TW {_ROMAWI[self.nomor - 1]}"
        if self.jenis == "semester":
            return f"Semester {_ROMAWI[self.nomor - 1]}"
        if self.jenis == "tahun":
            return "Tahun"
        return f"s.d. {nama_bulan(self.nomor)}"

    def __str__(self) -> str:
        return self.label


SEMUA_PERIODE: tuple[Periode, ...] = (
    *(Periode("bulan", n) for n in range(1, 13)),
    *(Periode("tw", n) for n in range(1, 5)),
    *(Periode("semester", n) for n in range(1, 3)),
    Periode("tahun", 0),
    *(Periode("sd", n) for n in range(1, 13)),
)

_PERIODE_PER_KODE = {p.kode: p for p in SEMUA_PERIODE}


def _triwulan_dari_bulan(bulan: int) -> int:
    return (bulan - 1) // 3 + 1


# --- Combining months ---------------------------------------------------------------------------


def gabung(nilai_bulanan: Mapping[int, Decimal | None], periode: Periode, cara: CaraGabung | str) -> Decimal | None:
    """Combine a variable's monthly values over the period's months.

    Months absent or ``None`` are skipped, values of months outside the period are ignored.
    ``terakhir`` takes the latest month that has a value; ``rata`` is the mean of the months that
    have values. ``None`` when no month of the period has a value.
    """
    cara = CaraGabung(cara)
    nilai = [v for b in periode.bulan if (v := nilai_bulanan.get(b)) is not None]
    if not nilai:
        return None
    if cara is CaraGabung.JUMLAH:
        return sum(nilai, Decimal(0))
    if cara is CaraGabung.TERAKHIR:
        return nilai[-1]
    return sum(nilai, Decimal(0)) / len(nilai)


def gabung_semua(
    bulanan: Mapping[str, Mapping[int, Decimal | None]],
    cara: Mapping[str, CaraGabung | str],
    periode: Periode,
) -> dict[str, Decimal | None]:
    """Combine every variable declared in ``cara`` (by code) over the period.

    A variable with no monthly data at all gives ``None``; data for codes not in ``cara`` is
    ignored.
    """
    return {kode: gabung(bulanan.get(kode, _KOSONG), periode, c) for kode, c in cara.items()}


class DapatDihitung(Protocol):
    """What ``nilai_periode`` needs of a formula (``iki.inti.rumus.Rumus`` fits)."""

    def hitung(self, nilai: Mapping[str, Decimal], /) -> Decimal | None: ...


def nilai_periode(
    rumus: DapatDihitung,
    bulanan: Mapping[str, Mapping[int, Decimal | None]],
    cara: Mapping[str, CaraGabung | str],
    periode: Periode,
    *,
    konstanta: Mapping[str, Decimal] = _KOSONG,
    target: Decimal | None = None,
) -> Decimal | None:
    """The indicator's value over the period: the formula applied to the combined variables.

    A ratio over a period is thus the ratio of the combined variables, never the mean of the
    monthly ratios. Constants and (when given) ``target`` are added to the names the formula sees;
    a name used twice is a set-up error (``ValueError``). ``None`` when any variable has no value in
    the period, or when the formula cannot compute (its own ``None``).
    """
    gabungan = gabung_semua(bulanan, cara, periode)
    if any(v is None for v in gabungan.values()):
        return None
    tambahan: dict[str, Decimal] = dict(konstanta)
    if target is not None:
        if "target" in tambahan:
            raise ValueError("Nama 'target' dipakai dua kali: sebagai konstanta dan target")
        tambahan["target"] = target
    bentrok = sorted(gabungan.keys() & tambahan.keys())
    if bentrok:
        raise ValueError(f"Nama variabel sama dengan konstanta/target: {', '.join(bentrok)}")
    nilai: dict[str, Decimal] = {k: v for k, v in gabungan.items() if v is not None}
    nilai.update(tambahan)
    return rumus.hitung(nilai)


# --- Capaian and category -----------------------------------------------------------------------


def capaian(realisasi: Decimal | None, target: Decimal | None, polaritas: Polaritas | str) -> Decimal | None:
    """Achievement in percent, uncapped; ``None`` when it cannot be computed.

    Higher is better: realisasi ÷ target × 100 (target 0 → ``None``).
    Lower is better: (2 × target − realisasi) ÷ target × 100, never below 0; with target 0,
    realisasi 0 (or less) gives 100 and anything above gives 0.
    """
    polaritas = Polaritas(polaritas)
    if realisasi is None or target is None:
        return None
    if polaritas is Polaritas.NAIK:
        if target == 0:
            return None
        return realisasi * _SERATUS / target
    if target == 0:
        return _SERATUS if realisasi <= 0 else Decimal(0)
    return max((2 * target - realisasi) * _SERATUS / target, Decimal(0))


def capaian_selisih(selisih: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Capaian of a difference indicator (angka kriminalitas = kejadian − target).

    The lower-is-better rule applied to kejadian = selisih + target.
    """
    if selisih is None or target is None:
        return None
    return capaian(selisih + target, target, Polaritas.TURUN)


def capaian_indikator(
    nilai: Decimal | None, target: Decimal | None, polaritas: Polaritas | str, *, selisih: bool
) -> Decimal | None:
    """The capaian of an indicator's value: a difference indicator's by ``capaian_selisih``, any
    other by its polarity (``capaian``)."""
    return capaian_selisih(nilai, target) if selisih else capaian(nilai, target, polaritas)


def batasi(capaian: Decimal | None, batas: Decimal | int | None) -> Decimal | None:
    """Display cap: ``min(capaian, batas)``; no cap when ``batas`` is ``None``."""
    if capaian is None or batas is None:
        return capaian
    return min(capaian, Decimal(batas))


@dataclass(frozen=True)
class Kategori:
    label: str
    warna: str  # hex colour, "#rrggbb"


@dataclass(frozen=True)
class SkalaKategori:
    """A category scale: the first level whose exclusive lower bound capaian exceeds, else
    ``terendah``. ``tingkat`` is ``((batas_bawah_eksklusif, kategori), ...)``, descending."""

    tingkat: tuple[tuple[Decimal, Kategori], ...]
    terendah: Kategori

    def __post_init__(self) -> None:
        batas = [b for b, _ in self.tingkat]
        if any(atas <= bawah for atas, bawah in pairwise(batas)):
            raise ValueError("Batas skala kategori harus berurutan turun")

    def kategori(self, capaian: Decimal | None) -> Kategori | None:
        if capaian is None:
            return None
        for batas, kategori in self.tingkat:
            if capaian > batas:
                return kategori
        return self.terendah


SANGAT_BAIK = Kategori("Sangat Baik", "#1a7f37")
BAIK = Kategori("Baik", "#2f81f7")
CUKUP = Kategori("Cukup", "#bf8700")
KURANG = Kategori("Kurang", "#d4630b")
SANGAT_KURANG = Kategori("Sangat Kurang", "#cf222e")

SKALA_SAMPANG = SkalaKategori(
    tingkat=(
        (Decimal(90), SANGAT_BAIK),
        (Decimal(75), BAIK),
        (Decimal(65), CUKUP),
        (Decimal(50), KURANG),
    ),
    terendah=SANGAT_KURANG,
)


# --- Targets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetPeriode:
    """The target of a period and where it came from, in words for people: ``"target tahunan"``,
    ``"target TW II"``, ``"⅓ target TW I + ⅔ target TW II"``; ``nilai`` None (and ``sumber`` "")
    when no target applies."""

    nilai: Decimal | None
    sumber: str = ""


_PECAHAN = {(1, 2): "½", (1, 3): "⅓", (2, 3): "⅔", (1, 4): "¼", (3, 4): "¾"}


def _bagian(pembilang: int, penyebut: int, nama: str) -> str:
    """``"⅓ target TW I"``, ``"5/12 target tahunan"``, or the whole ``"target TW I"``."""
    pecahan = Fraction(pembilang, penyebut)
    if pecahan == 1:
        return nama
    kunci = (pecahan.numerator, pecahan.denominator)
    return f"{_PECAHAN.get(kunci, f'{kunci[0]}/{kunci[1]}')} {nama}"


def _nama_tw(tw: int) -> str:
    return f"target TW {_ROMAWI[tw - 1]}"


TARGET_TAHUNAN = "target tahunan"


def tentukan_target(
    periode: Periode,
    *,
    target_tahun: Decimal | None,
    target_triwulan: Mapping[int, Decimal] = _KOSONG,
    proporsional: bool,
) -> TargetPeriode:
    """The target that applies to a period, with its source (``docs/target-periode.md``).

    Tetap (ratios and states):

    * the year: the annual target; without one, the TW IV target;
    * a triwulan: its own target, else the annual target;
    * a month, an s.d.-month or a semester: the target of the triwulan holding its last month,
      else the annual target.

    Proporsional (flow counts): the whole year is the annual target when it is set. Otherwise a
    triwulan's target spreads evenly over its three months and the annual target over twelve; a
    period's target is the sum of its months' shares, each month taking its triwulan's share when
    that triwulan has a target and the annual share otherwise (so a whole triwulan with its own
    target gives exactly that target). ``nilai`` None when a month has neither.
    """
    if periode.jenis == "tahun" and target_tahun is not None:
        return TargetPeriode(target_tahun, TARGET_TAHUNAN)
    if periode.jenis == "tw" and periode.nomor in target_triwulan:
        return TargetPeriode(target_triwulan[periode.nomor], _nama_tw(periode.nomor))
    if not proporsional:
        tw_akhir = _triwulan_dari_bulan(periode.bulan_akhir)
        if periode.jenis != "tw" and tw_akhir in target_triwulan:
            return TargetPeriode(target_triwulan[tw_akhir], _nama_tw(tw_akhir))
        if target_tahun is not None:
            return TargetPeriode(target_tahun, TARGET_TAHUNAN)
        return TargetPeriode(None)

    # Count months per triwulan (with a TW target) and the rest, then divide once per group so that
    # a whole triwulan gives its target exactly (not 3 × target/3 with rounding).
    bulan_per_tw: dict[int, int] = {}
    bulan_sisa = 0
    for b in periode.bulan:
        tw = _triwulan_dari_bulan(b)
        if tw in target_triwulan:
            bulan_per_tw[tw] = bulan_per_tw.get(tw, 0) + 1
        else:
            bulan_sisa += 1
    if bulan_sisa and target_tahun is None:
        return TargetPeriode(None)
    total = sum((target_triwulan[tw] * n / 3 for tw, n in bulan_per_tw.items()), Decimal(0))
    sumber = [_bagian(n, 3, _nama_tw(tw)) for tw, n in sorted(bulan_per_tw.items())]
    if bulan_sisa:
        total += target_tahun * bulan_sisa / 12
        sumber.append(_bagian(bulan_sisa, 12, TARGET_TAHUNAN))
    return TargetPeriode(total, " + ".join(sumber))


def target_periode(
    periode: Periode,
    *,
    target_tahun: Decimal | None,
    target_triwulan: Mapping[int, Decimal] = _KOSONG,
    proporsional: bool,
) -> Decimal | None:
    """The value of ``tentukan_target`` (the rule lives there)."""
    return tentukan_target(
        periode, target_tahun=target_tahun, target_triwulan=target_triwulan, proporsional=proporsional
    ).nilai


# --- Numbers for people -------------------------------------------------------------------------












