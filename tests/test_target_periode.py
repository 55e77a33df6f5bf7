"""The period → target rule (docs/target-periode.md): which target a period uses and where it
came from, as a table and as properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iki.inti.perhitungan import SEMUA_PERIODE, Periode, TargetPeriode, target_periode, tentukan_target

D = Decimal
P = Periode.dari_kode
TW_PENUH = {1: D(10), 2: D(20), 3: D(30), 4: D(40)}


@pytest.mark.parametrize(
    ("kode", "target_tahun", "target_triwulan", "proporsional", "nilai", "sumber"),
    [
        # The example: annual 95 + TW IV 80 (tetap).
        ("tahun", D(95), {4: D(80)}, False, D(95), "target tahunan"),
        ("tw4", D(95), {4: D(80)}, False, D(80), "target TW IV"),
        ("12", D(95), {4: D(80)}, False, D(80), "target TW IV"),
        ("sd12", D(95), {4: D(80)}, False, D(80), "target TW IV"),
        ("s2", D(95), {4: D(80)}, False, D(80), "target TW IV"),
        ("tw3", D(95), {4: D(80)}, False, D(95), "target tahunan"),
        ("s1", D(95), {4: D(80)}, False, D(95), "target tahunan"),
        ("9", D(95), {4: D(80)}, False, D(95), "target tahunan"),
        # tetap: a quarter's own target, a month the target of its quarter
        ("tw2", D(100), TW_PENUH, False, D(20), "target TW II"),
        ("5", D(100), TW_PENUH, False, D(20), "target TW II"),
        ("s1", D(100), TW_PENUH, False, D(20), "target TW II"),
        ("sd7", D(100), TW_PENUH, False, D(30), "target TW III"),
        ("tahun", D(100), TW_PENUH, False, D(100), "target tahunan"),
        # tetap without an annual target: the year takes TW IV; periods without a quarter target none
        ("tahun", None, {4: D(80)}, False, D(80), "target TW IV"),
        ("tahun", None, {1: D(30)}, False, None, ""),
        ("tw2", None, {1: D(30)}, False, None, ""),
        ("3", None, {1: D(30)}, False, D(30), "target TW I"),
        ("tahun", None, {}, False, None, ""),
        # proporsional: the whole year is the annual target when set
        ("tahun", D(120), TW_PENUH, True, D(120), "target tahunan"),
        ("tahun", D(120), {}, True, D(120), "target tahunan"),
        ("tahun", None, TW_PENUH, True, D(100), "target TW I + target TW II + target TW III + target TW IV"),
        ("tahun", None, {1: D(30)}, True, None, ""),
        # proporsional: month shares
        ("tw2", D(120), {}, True, D(30), "¼ target tahunan"),
        ("1", D(120), {}, True, D(10), "1/12 target tahunan"),
        ("s1", D(120), {}, True, D(60), "½ target tahunan"),
        ("sd5", D(120), {}, True, D(50), "5/12 target tahunan"),
        ("1", D(100), TW_PENUH, True, D(10) / 3, "⅓ target TW I"),
        ("sd5", D(120), {1: D(30)}, True, D(30) + D(20), "target TW I + 1/6 target tahunan"),
        ("sd4", D(100), TW_PENUH, True, D(10) + D(20) / 3, "target TW I + ⅓ target TW II"),
        ("tw1", D(120), {1: D(30)}, True, D(30), "target TW I"),
        ("s1", None, {1: D(30)}, True, None, ""),
    ],
)
def test_tentukan_target(
    kode: str,
    target_tahun: Decimal | None,
    target_triwulan: dict[int, Decimal],
    proporsional: bool,
    nilai: Decimal | None,
    sumber: str,
) -> None:
    hasil = tentukan_target(
        P(kode), target_tahun=target_tahun, target_triwulan=target_triwulan, proporsional=proporsional
    )
    assert hasil == TargetPeriode(nilai, sumber)
    assert target_periode(
        P(kode), target_tahun=target_tahun, target_triwulan=target_triwulan, proporsional=proporsional
    ) == nilai


target = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
triwulan = st.dictionaries(st.integers(1, 4), target, max_size=4)


@given(target_tahun=st.one_of(st.none(), target), target_triwulan=triwulan, periode=st.sampled_from(SEMUA_PERIODE))
def test_tetap_always_uses_one_given_target_and_names_it(target_tahun, target_triwulan, periode) -> None:
    hasil = tentukan_target(periode, target_tahun=target_tahun, target_triwulan=target_triwulan, proporsional=False)
    if hasil.nilai is None:
        assert hasil.sumber == ""
    elif hasil.sumber == "target tahunan":
        assert hasil.nilai == target_tahun
    else:
        tw = ("I", "II", "III", "IV").index(hasil.sumber.removeprefix("target TW ")) + 1
        assert hasil.nilai == target_triwulan[tw]
    if target_tahun is not None and periode.jenis == "tahun":
        assert hasil == TargetPeriode(target_tahun, "target tahunan")


@given(target_tahun=target, target_triwulan=triwulan)
def test_proporsional_months_add_up_to_the_quarters_and_the_year_is_the_annual_target(
    target_tahun, target_triwulan
) -> None:
    def nilai(kode: str) -> Decimal:
        return target_periode(P(kode), target_tahun=target_tahun, target_triwulan=target_triwulan, proporsional=True)

    for tw in range(1, 5):
        bulan = sum(nilai(str(b)) for b in range(3 * tw - 2, 3 * tw + 1))
        assert abs(bulan - nilai(f"tw{tw}")) < D("1e-20")
    assert nilai("tahun") == target_tahun
    if not target_triwulan:
        assert abs(nilai("s1") + nilai("s2") - target_tahun) < D("1e-20")
