"""iki/realisasi/kalender.py: the one calendar of monthly entry, with "today" passed in."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from iki.realisasi import kalender

WIB = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    "tahun, bulan, hari_batas, batas",
    [
        (2023, 1, 10, date(2023, 2, 10)),
        (2023, 5, 5, date(2023, 6, 5)),
        (2023, 11, 10, date(2023, 12, 11)),  # Sunday 10 December: the next working day
        (2023, 12, 10, date(2024, 1, 10)),  # December's deadline is in January of the next year
        (2024, 1, 28, date(2024, 2, 28)),
        (2024, 12, 1, date(2025, 1, 1)),
    ],
)
def test_the_deadline_is_the_units_day_of_the_next_month(tahun, bulan, hari_batas, batas):
    assert kalender.batas_entri(tahun=tahun, bulan=bulan, hari_batas=hari_batas) == batas


def test_the_deadline_takes_its_arguments_by_name_only():
    with pytest.raises(TypeError):
        kalender.batas_entri(10, 2023, 5)  # the order that used to differ between two copies


@pytest.mark.parametrize(
    "sekarang, diajukan_pada, hasil",
    [
        (date(2024, 1, 10), None, False),  # December, not submitted, on the deadline day
        (date(2024, 1, 11), None, True),  # the day after: late
        (datetime(2024, 1, 10, 17, 30, tzinfo=UTC), None, True),  # already 11 January in Jakarta
        (date(2024, 2, 1), datetime(2024, 1, 10, 23, 0, tzinfo=WIB), False),  # submitted in time
        (date(2024, 2, 1), datetime(2024, 1, 11, 7, 0, tzinfo=WIB), True),  # submitted after it
        (datetime(2024, 1, 10, 12, 0), None, False),  # a naive datetime is Jakarta time
    ],
)
def test_late_for_december_follows_the_january_deadline_in_jakarta(sekarang, diajukan_pada, hasil):
    assert (
        kalender.terlambat(tahun=2023, bulan=12, hari_batas=10, sekarang=sekarang, diajukan_pada=diajukan_pada)
        is hasil
    )


@pytest.mark.parametrize(
    "hari_ini, acuan",
    [
        (date(2023, 6, 15), date(2023, 6, 15)),  # inside the year: today
        (date(2023, 1, 1), date(2023, 1, 1)),
        (date(2023, 12, 31), date(2023, 12, 31)),
        (date(2025, 3, 1), date(2023, 12, 31)),  # a past year: its last day
        (date(2022, 7, 1), date(2023, 1, 1)),  # a future year: its first day
    ],
)
def test_today_is_clipped_inside_the_iki_year(hari_ini, acuan):
    assert kalender.tanggal_acuan(2023, hari_ini) == acuan


@pytest.mark.parametrize(
    "hari_ini, kini, terbuka",
    [
        (date(2023, 5, 1), 5, {1, 2, 3, 4, 5}),
        (date(2023, 5, 31), 5, {1, 2, 3, 4, 5}),
        (date(2024, 1, 1), 12, set(range(1, 13))),  # a past year: every month
        (date(2022, 12, 31), 0, set()),  # a future year: none
    ],
)
def test_the_months_that_have_begun_are_open(hari_ini, kini, terbuka):
    assert kalender.bulan_kini(2023, hari_ini) == kini
    assert {b for b in range(0, 14) if kalender.bulan_terbuka(2023, b, hari_ini)} == terbuka


def test_today_in_jakarta():
    assert kalender.hari_ini_jakarta(datetime(2023, 6, 10, 17, 30, tzinfo=UTC)) == date(2023, 6, 11)
    assert kalender.hari_ini_jakarta(date(2023, 6, 10)) == date(2023, 6, 10)


# --- The deadline moves past weekends and the unit's holidays ------------------------------------
_d = date


@pytest.mark.parametrize(
    ("tahun", "bulan", "hari_batas", "libur", "batas"),
    [
        (2027, 1, 10, (), _d(2027, 2, 10)),  # a Wednesday: as it is
        (2027, 3, 10, (), _d(2027, 4, 12)),  # Saturday 10 April → Monday 12
        (2027, 4, 9, (), _d(2027, 5, 10)),  # Sunday 9 May → Monday 10
        (2027, 2, 10, (_d(2027, 3, 10), _d(2027, 3, 11)), _d(2027, 3, 12)),  # Idul Fitri → Friday 12
        (2027, 4, 5, (_d(2027, 5, 5), _d(2027, 5, 6), _d(2027, 5, 7)), _d(2027, 5, 10)),  # holidays, weekend → Mon 10
        (2027, 12, 1, (_d(2028, 1, 3),), _d(2028, 1, 4)),  # 1 Jan 2028 Saturday, Monday 3 a holiday → Tuesday
        (2027, 1, 10, (_d(2027, 3, 10),), _d(2027, 2, 10)),  # another month's holiday changes nothing
    ],
)
def test_the_deadline_moves_to_the_next_working_day(tahun, bulan, hari_batas, libur, batas):
    assert kalender.batas_entri(tahun=tahun, bulan=bulan, hari_batas=hari_batas, libur=libur) == batas
