"""The calendar of monthly entry (design.md §4): which months are open, each month's deadline,
what is late, and the date whose jabatan holders count for a year.

Pure functions (the only import is the status vocabulary of ``Realisasi``): "today" (or "now")
always comes in as an argument, so every rule is testable with any date, and the screens, the
dashboard and the reports agree on one calendar.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from iki.models.realisasi import Realisasi

# The offices' clock (settings.TIME_ZONE): a deadline is a day in Jakarta.
ZONA = ZoneInfo("Asia/Jakarta")


def hari_ini_jakarta(sekarang: datetime | date) -> date:
    """The date in Asia/Jakarta at ``sekarang`` (a naive datetime is taken as Jakarta time)."""
    if isinstance(sekarang, datetime):
        if sekarang.tzinfo is None:
            return sekarang.date()
        return sekarang.astimezone(ZONA).date()
    return sekarang


def tanggal_acuan(tahun: int, hari_ini: date) -> date:
    """Today clipped into the IKI year, so a past year's holders are the ones at its end."""
    return min(max(hari_ini, date(tahun, 1, 1)), date(tahun, 12, 31))


def bulan_kini(tahun: int, hari_ini: date) -> int:
    """The latest month of ``tahun`` that has begun: 12 for a past year, 0 for a future one."""
    if tahun < hari_ini.year:
        return 12
    if tahun > hari_ini.year:
        return 0
    return hari_ini.month


def bulan_berakhir(tahun: int, bulan: int, hari_ini: date) -> bool:
    """The month is over (its last day is before ``hari_ini``): only then is it owed, and a
    reminder may name it. December of last year is over in January."""
    return (tahun, bulan) < (hari_ini.year, hari_ini.month)


def bulan_terbuka(tahun: int, bulan: int, hari_ini: date) -> bool:
    """A month can be entered once it has begun."""
    return 1 <= bulan <= bulan_kini(tahun, hari_ini)


def hari_kerja_berikut(tanggal: date, libur: Collection[date] = ()) -> date:
    """``tanggal`` itself when it is a working day, else the next one: not a Saturday or Sunday,
    not one of the unit's holidays (``libur``: national holidays, cuti bersama, local ones)."""
    while tanggal.weekday() >= 5 or tanggal in libur:
        tanggal += timedelta(days=1)
    return tanggal


def batas_entri(*, tahun: int, bulan: int, hari_batas: int, libur: Collection[date] = ()) -> date:
    """Deadline of a month's entry: day ``hari_batas`` of the following month (December's in
    January of the next year), moved to the next working day when it falls on a weekend or a
    holiday of the unit (``libur``). Keyword-only: the order of three integers is easy to get wrong."""
    if bulan == 12:
        return hari_kerja_berikut(date(tahun + 1, 1, hari_batas), libur)
    return hari_kerja_berikut(date(tahun, bulan + 1, hari_batas), libur)


def terlambat(
    *,
    tahun: int,
    bulan: int,
    hari_batas: int,
    sekarang: datetime | date,
    status: Iterable[str | None],
    libur: Collection[date] = (),
) -> bool:
    """The one meaning of *terlambat* (late) on every screen (staf home, entry screen, the camat's
    dashboard, the kabupaten view; docs/terlambat.md).

    A month is late when its entry deadline (``batas_entri``: moved past weekends and the unit's
    holidays ``libur``) has passed, judged on the date in Jakarta at ``sekarang``, while at least one
    of its values (``status``: one per variable, None for one never entered) is still owed: not
    entered, a draft, or returned (``Realisasi.BELUM_DIAJUKAN``). Submitted and verified values owe
    nothing, so a month submitted after its deadline is no longer late; a month with no values to
    enter is never late."""
    if not any(s is None or s in Realisasi.BELUM_DIAJUKAN for s in status):
        return False
    return hari_ini_jakarta(sekarang) > batas_entri(tahun=tahun, bulan=bulan, hari_batas=hari_batas, libur=libur)
