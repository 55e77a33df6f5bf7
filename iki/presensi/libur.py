"""The national holidays and cuti bersama shipped with the app (``data/libur_nasional.json``,
2023–2027), and loading the ones an operator accepts into the unit's holidays.

Entries marked ``perkiraan`` are not confirmed against the SKB 3 Menteri (dates of the Hijri
calendar depend on the isbat, or the year's SKB is not checked yet): the screen says so.
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.db import transaction

from iki.models import HariLibur

BERKAS = Path(__file__).parent / "data" / "libur_nasional.json"


@dataclass(frozen=True)
class EntriLibur:
    tanggal: date
    nama: str
    jenis: str  # HariLibur.LIBUR or HariLibur.CUTI_BERSAMA
    perkiraan: bool

    @property
    def akhir_pekan(self) -> bool:
        return self.tanggal.weekday() >= 5


@dataclass(frozen=True)
class DaftarLibur:
    tahun: int
    sumber: str
    entri: tuple[EntriLibur, ...]

    @property
    def perkiraan(self) -> bool:
        return any(e.perkiraan for e in self.entri)


@cache
def _data() -> dict:
    return json.loads(BERKAS.read_text(encoding="utf-8"))


def tahun_tersedia() -> list[int]:
    return sorted(int(k) for k in _data() if k.isdigit())


def daftar_nasional(tahun: int) -> DaftarLibur | None:
    """The shipped list of a year, None for a year the app has no list for."""
    isi = _data().get(str(tahun))
    if isi is None:
        return None
    return DaftarLibur(
        tahun=tahun,
        sumber=isi["sumber"],
        entri=tuple(
            EntriLibur(date.fromisoformat(e["tanggal"]), e["nama"], e["jenis"], bool(e.get("perkiraan")))
            for e in isi["libur"]
        ),
    )


@transaction.atomic
def muat_libur(unit, daftar: DaftarLibur, tanggal: set[date]) -> list[HariLibur]:
    """Add the entries of ``daftar`` whose dates are in ``tanggal`` to the unit's holidays.
    A date the unit already has is left as it is (the operator may have edited it), and a
    weekend is not a working day anyway: neither is added. Returns the holidays added."""
    ada = set(HariLibur.objects.filter(unit=unit, tanggal__year=daftar.tahun).values_list("tanggal", flat=True))
    baru = [
        HariLibur(unit=unit, tanggal=e.tanggal, keterangan=e.nama, jenis=e.jenis)
        for e in daftar.entri
        if e.tanggal in tanggal and e.tanggal not in ada and not e.akhir_pekan
    ]
    for h in baru:
        h.save()  # one by one, so the history records each
    return baru
