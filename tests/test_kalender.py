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


BELUM, DRAF, AJUAN, VERIF, KEMBALI = None, "draft", "diajukan", "diverifikasi", "dikembalikan"


@pytest.mark.parametrize(
    "sekarang, status, hasil",
    [
        (date(2024, 1, 10), [BELUM], False),  # December, not entered, on the deadline day
        (date(2024, 1, 11), [BELUM], True),  # the day after: late
        (datetime(2024, 1, 10, 17, 30, tzinfo=UTC), [BELUM], True),  # already 11 January in Jakarta
        (datetime(2024, 1, 10, 12, 0), [BELUM], False),  # a naive datetime is Jakarta time
        (date(2024, 1, 11), ["belum"], True),  # the screens' name for "not entered" counts too
        (date(2024, 1, 11), [DRAF], True),  # a draft is still owed
        (date(2024, 1, 11), [KEMBALI], True),  # so is a returned value
        (date(2024, 1, 11), [AJUAN, VERIF, DRAF], True),  # one value owed makes the month late
        (date(2024, 1, 11), [AJUAN, AJUAN], False),  # all submitted (however late): nothing owed
        (date(2024, 1, 11), [VERIF, AJUAN], False),
        (date(2024, 2, 1), [], False),  # no values to enter: never late
    ],
)
def test_december_is_late_after_the_january_deadline_while_a_value_is_owed(sekarang, status, hasil):
    assert kalender.terlambat(tahun=2023, bulan=12, hari_batas=10, sekarang=sekarang, status=status) is hasil


# Idul Adha 2023 (Thursday 29 June) and its cuti bersama (Friday 30 June) as the unit's holidays:
# May's deadline, Saturday 10 June, moves to Monday 12 June; with hari_batas 29, May's deadline
# moves past the holidays and the weekend to Monday 3 July.
LIBUR = {date(2023, 6, 29), date(2023, 6, 30)}


@pytest.mark.parametrize(
    "bulan, hari_batas, sekarang, hasil",
    [
        (5, 10, date(2023, 6, 10), False),  # Saturday: the deadline has moved on
        (5, 10, date(2023, 6, 12), False),  # Monday 12 June: the deadline day itself
        (5, 10, datetime(2023, 6, 12, 23, 59, tzinfo=WIB), False),
        (5, 10, datetime(2023, 6, 12, 17, 1, tzinfo=UTC), True),  # 13 June 00.01 in Jakarta
        (5, 10, date(2023, 6, 13), True),
        (5, 28, date(2023, 6, 28), False),  # 28 June is a working day: the deadline, not moved
        (5, 28, date(2023, 6, 29), True),  # the holiday after it does not help
        (4, 29, date(2023, 6, 1), True),  # April's 29 May deadline long gone
        (5, 29, date(2023, 6, 30), False),  # 29 May → 29 June, a holiday: moves to Monday 3 July
        (5, 29, date(2023, 7, 3), False),
        (5, 29, date(2023, 7, 4), True),
    ],
)
def test_late_follows_the_deadline_moved_past_weekends_and_the_units_holidays(bulan, hari_batas, sekarang, hasil):
    assert (
        kalender.terlambat(
            tahun=2023, bulan=bulan, hari_batas=hari_batas, sekarang=sekarang, status=[DRAF], libur=LIBUR
        )
        is hasil
    )


def test_without_the_holidays_the_same_day_is_already_late():
    # 29 June would be the deadline; the 30th is late unless the unit's holidays move it.
    assert kalender.terlambat(tahun=2023, bulan=5, hari_batas=29, sekarang=date(2023, 6, 30), status=[BELUM])
    assert not kalender.terlambat(
        tahun=2023, bulan=5, hari_batas=29, sekarang=date(2023, 6, 30), status=[BELUM], libur=LIBUR
    )


def test_late_takes_its_arguments_by_name_only():
    with pytest.raises(TypeError):
        kalender.terlambat(2023, 12, 10, date(2024, 1, 11), [BELUM])


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


@pytest.mark.parametrize(
    "hari_ini, berakhir",
    [
        (date(2023, 5, 1), {1, 2, 3, 4}),
        (date(2023, 5, 31), {1, 2, 3, 4}),  # May still runs on its last day
        (date(2024, 1, 5), set(range(1, 13))),  # December of last year is over in January
        (date(2022, 12, 31), set()),  # a future year: none
    ],
)
def test_a_month_is_over_once_its_last_day_has_passed(hari_ini, berakhir):
    assert {b for b in range(1, 13) if kalender.bulan_berakhir(2023, b, hari_ini)} == berakhir
