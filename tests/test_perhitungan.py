"""Tests of the domain arithmetic (design.md section 3): tables of cases and property tests."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from iki.inti.angka import (
    NAMA_BULAN,
    PESAN_FORMAT,
    bulatkan,
    format_angka,
    format_persen,
    format_tanggal,
    nama_bulan,
    parse_angka,
)
from iki.inti.perhitungan import (
    SEMUA_PERIODE,
    SKALA_SAMPANG,
    TIDAK_DAPAT_DIHITUNG,
    CaraGabung,
    Kategori,
    Periode,
    Polaritas,
    SkalaKategori,
    batasi,
    capaian,
    capaian_selisih,
    gabung,
    gabung_semua,
    nilai_periode,
    target_periode,
)

D = Decimal
P = Periode.dari_kode
TAHUN = P("tahun")


class RumusUji:
    """Stand-in for iki.inti.rumus.Rumus: wraps a function and records what it was given."""

    def __init__(self, fungsi: Callable[[Mapping[str, Decimal]], Decimal | None]) -> None:
        self.fungsi = fungsi
        self.diberikan: dict[str, Decimal] | None = None

    def hitung(self, nilai: Mapping[str, Decimal]) -> Decimal | None:
        self.diberikan = dict(nilai)
        return self.fungsi(nilai)


def _rasio(v: Mapping[str, Decimal]) -> Decimal | None:
    if v["penyebut"] == 0:
        return None
    return v["pembilang"] * 100 / v["penyebut"]


JUMLAH_KEDUANYA = {"pembilang": CaraGabung.JUMLAH, "penyebut": CaraGabung.JUMLAH}

# design.md 3.2: Jan 40/40, Feb 10/20, Mar 45/50.
CONTOH_TW1 = {
    "pembilang": {1: D(40), 2: D(10), 3: D(45)},
    "penyebut": {1: D(40), 2: D(20), 3: D(50)},
}


# --- Periode -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kode", "jenis", "nomor"),
    [
        ("1", "bulan", 1),
        ("5", "bulan", 5),
        ("12", "bulan", 12),
        ("tw1", "tw", 1),
        ("TW4", "tw", 4),
        (" tw2 ", "tw", 2),
        ("s1", "semester", 1),
        ("S2", "semester", 2),
        ("tahun", "tahun", 0),
        ("TAHUN", "tahun", 0),
        ("Tahun\n", "tahun", 0),
        ("sd1", "sd", 1),
        ("SD12", "sd", 12),
        ("\tsd5", "sd", 5),
    ],
)
def test_periode_dari_kode_accepts_listed_codes(kode: str, jenis: str, nomor: int) -> None:
    assert Periode.dari_kode(kode) == Periode(jenis, nomor)


@pytest.mark.parametrize(
    "kode",
    [
        "tw5",
        "tw0",
        "13",
        "0",
        "s3",
        "s0",
        "",
        "   ",
        "sd0",
        "sd13",
        "01",
        "05",
        "tw01",
        "tw",
        "sd",
        "s",
        "t1",
        "tw 1",
        "bulan1",
        "januari",
        "1.0",
        "+1",
        "-1",
        "sd-1",
        "tahun2023",
        "\u0661",  # Arabic-Indic digit one
    ],
)
def test_periode_dari_kode_refuses_anything_else(kode: str) -> None:
    with pytest.raises(ValueError, match="^Periode tidak dikenal: "):
        Periode.dari_kode(kode)


def test_periode_error_message_names_the_code() -> None:
    with pytest.raises(ValueError) as info:
        Periode.dari_kode("tw5")
    assert str(info.value) == "Periode tidak dikenal: 'tw5'"


@pytest.mark.parametrize(("jenis", "nomor"), [("tw", 5), ("bulan", 0), ("tahun", 1), ("minggu", 1)])
def test_periode_cannot_be_built_invalid(jenis: str, nomor: int) -> None:
    with pytest.raises(ValueError):
        Periode(jenis, nomor)


@pytest.mark.parametrize(
    ("kode", "label", "bulan"),
    [
        ("1", "Januari", (1,)),
        ("5", "Mei", (5,)),
        ("12", "Desember", (12,)),
        ("tw1", "TW I", (1, 2, 3)),
        ("tw2", "TW II", (4, 5, 6)),
        ("tw3", "TW III", (7, 8, 9)),
        ("tw4", "TW IV", (10, 11, 12)),
        ("s1", "Semester I", (1, 2, 3, 4, 5, 6)),
        ("s2", "Semester II", (7, 8, 9, 10, 11, 12)),
        ("tahun", "Tahun", tuple(range(1, 13))),
        ("sd1", "s.d. Januari", (1,)),
        ("sd5", "s.d. Mei", (1, 2, 3, 4, 5)),
        ("sd12", "s.d. Desember", tuple(range(1, 13))),
    ],
)
def test_periode_label_and_months(kode: str, label: str, bulan: tuple[int, ...]) -> None:
    periode = P(kode)
    assert periode.label == label
    assert str(periode) == label
    assert periode.bulan == bulan
    assert periode.bulan_akhir == bulan[-1]
    assert periode.kode == kode


def test_nama_bulan_are_the_twelve_indonesian_months() -> None:
    assert len(NAMA_BULAN) == 12
    assert (NAMA_BULAN[0], NAMA_BULAN[4], NAMA_BULAN[7], NAMA_BULAN[11]) == (
        "Januari",
        "Mei",
        "Agustus",
        "Desember",
    )


def test_semua_periode_lists_every_period_once_in_display_order() -> None:
    assert len(SEMUA_PERIODE) == 12 + 4 + 2 + 1 + 12
    assert len(set(SEMUA_PERIODE)) == len(SEMUA_PERIODE)
    assert [p.kode for p in SEMUA_PERIODE[:13]] == [str(n) for n in range(1, 13)] + ["tw1"]
    assert [p.label for p in SEMUA_PERIODE[12:19]] == [
        "TW I",
        "TW II",
        "TW III",
        "TW IV",
        "Semester I",
        "Semester II",
        "Tahun",
    ]
    assert SEMUA_PERIODE[-1].label == "s.d. Desember"


@pytest.mark.parametrize("periode", SEMUA_PERIODE, ids=lambda p: p.kode)
def test_every_periode_round_trips_through_its_code(periode: Periode) -> None:
    assert Periode.dari_kode(periode.kode) == periode
    assert Periode.dari_kode(periode.kode.upper()) == periode


# --- gabung ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "kode", "cara", "hasil"),
    [
        # jumlah
        ({1: D(40), 2: D(10), 3: D(45)}, "tw1", CaraGabung.JUMLAH, D(95)),
        ({1: D(40), 2: None, 3: D(45)}, "tw1", CaraGabung.JUMLAH, D(85)),
        ({1: D(40), 3: D(45), 4: D(1000)}, "tw1", CaraGabung.JUMLAH, D(85)),
        ({1: D("1.5"), 2: D("2.25")}, "sd2", CaraGabung.JUMLAH, D("3.75")),
        ({n: D(n) for n in range(1, 13)}, "tahun", CaraGabung.JUMLAH, D(78)),
        ({n: D(n) for n in range(1, 13)}, "s2", CaraGabung.JUMLAH, D(57)),
        ({n: D(n) for n in range(1, 13)}, "sd4", CaraGabung.JUMLAH, D(10)),
        ({n: D(n) for n in range(1, 13)}, "7", CaraGabung.JUMLAH, D(7)),
        ({1: D(0)}, "tw1", CaraGabung.JUMLAH, D(0)),
        # terakhir: the last month that has a value, not the period's last month
        ({1: D(12), 2: D(15), 3: D(14)}, "tw1", CaraGabung.TERAKHIR, D(14)),
        ({1: D(12), 2: D(15), 3: None}, "tw1", CaraGabung.TERAKHIR, D(15)),
        ({1: D(12), 2: D(15)}, "tw1", CaraGabung.TERAKHIR, D(15)),
        ({1: D(12), 2: D(15), 3: D(0)}, "tw1", CaraGabung.TERAKHIR, D(0)),
        ({1: D(12), 5: D(18), 9: D(20)}, "s1", CaraGabung.TERAKHIR, D(18)),
        ({1: D(12), 5: D(18), 9: D(20)}, "sd8", CaraGabung.TERAKHIR, D(18)),
        ({1: D(12), 5: D(18), 9: D(20)}, "tahun", CaraGabung.TERAKHIR, D(20)),
        # rata: the mean of the months that have values
        ({1: D(10), 2: None, 3: D(20)}, "tw1", CaraGabung.RATA, D(15)),
        ({1: D(10), 3: D(20)}, "tw1", CaraGabung.RATA, D(15)),
        ({1: D(1), 2: D(2)}, "tw1", CaraGabung.RATA, D("1.5")),
        ({1: D(3), 2: D(3), 3: D(3), 4: D(100)}, "tw1", CaraGabung.RATA, D(3)),
        # nothing in the period
        ({}, "tw1", CaraGabung.JUMLAH, None),
        ({}, "tw1", CaraGabung.TERAKHIR, None),
        ({}, "tw1", CaraGabung.RATA, None),
        ({1: None, 2: None, 3: None}, "tw1", CaraGabung.JUMLAH, None),
        ({4: D(100)}, "tw1", CaraGabung.JUMLAH, None),
        ({4: D(100)}, "tw1", CaraGabung.TERAKHIR, None),
        ({4: D(100)}, "3", CaraGabung.RATA, None),
    ],
)
def test_gabung(nilai: dict[int, Decimal | None], kode: str, cara: CaraGabung, hasil: Decimal | None) -> None:
    assert gabung(nilai, P(kode), cara) == hasil


def test_gabung_rata_of_three_months_keeps_full_precision() -> None:
    hasil = gabung({1: D(1), 2: D(1), 3: D(2)}, P("tw1"), CaraGabung.RATA)
    assert hasil is not None
    assert bulatkan(hasil, 4) == D("1.3333")


def test_gabung_accepts_the_stored_string_of_cara() -> None:
    assert gabung({1: D(1), 2: D(2)}, P("tw1"), "jumlah") == D(3)
    with pytest.raises(ValueError):
        gabung({1: D(1)}, P("tw1"), "median")


def test_gabung_semua_combines_each_declared_variable_by_its_own_rule() -> None:
    bulanan = {
        "dokumen": {1: D(5), 2: D(7), 3: D(1)},
        "desa_tertib": {1: D(12), 2: D(15)},
        "tidak_dipakai": {1: D(99)},
    }
    cara = {
        "dokumen": CaraGabung.JUMLAH,
        "desa_tertib": CaraGabung.TERAKHIR,
        "belum_diisi": CaraGabung.JUMLAH,
    }
    assert gabung_semua(bulanan, cara, P("tw1")) == {
        "dokumen": D(13),
        "desa_tertib": D(15),
        "belum_diisi": None,
    }


# --- nilai_periode -------------------------------------------------------------------------------


def test_worked_example_tw1_is_ratio_of_sums_not_mean_of_monthly_percentages() -> None:
    rumus = RumusUji(_rasio)
    tw1 = nilai_periode(rumus, CONTOH_TW1, JUMLAH_KEDUANYA, P("tw1"))
    assert tw1 is not None
    assert tw1 == D(9500) / D(110)
    assert bulatkan(tw1) == D("86.36")
    assert format_persen(tw1) == "86,36\u00a0%"

    bulanan = [nilai_periode(rumus, CONTOH_TW1, JUMLAH_KEDUANYA, P(str(b))) for b in (1, 2, 3)]
    assert bulanan == [D(100), D(50), D(90)]
    rata_persen = (D(100) + D(50) + D(90)) / 3
    assert bulatkan(rata_persen) == D("80.00")
    assert bulatkan(tw1) != bulatkan(rata_persen)
    assert SKALA_SAMPANG.kategori(tw1) == Kategori("Baik", "#2f81f7")


def test_nilai_periode_passes_combined_variables_constants_and_target_to_the_formula() -> None:
    rumus = RumusUji(lambda v: v["desa"] * 100 / v["jumlah_desa"])
    hasil = nilai_periode(
        rumus,
        {"desa": {1: D(12), 2: D(15), 3: None}},
        {"desa": CaraGabung.TERAKHIR},
        P("tw1"),
        konstanta={"jumlah_desa": D(20)},
        target=D(80),
    )
    assert hasil == D(75)
    assert rumus.diberikan == {"desa": D(15), "jumlah_desa": D(20), "target": D(80)}


def test_nilai_periode_without_target_does_not_pass_one() -> None:
    rumus = RumusUji(_rasio)
    nilai_periode(rumus, CONTOH_TW1, JUMLAH_KEDUANYA, P("1"))
    assert rumus.diberikan == {"pembilang": D(40), "penyebut": D(40)}


def test_difference_indicator_angka_kriminalitas() -> None:
    rumus = RumusUji(lambda v: v["kejadian"] - v["target"])
    bulanan = {"kejadian": {1: D(1), 2: D(0), 3: D(2)}}
    cara = {"kejadian": CaraGabung.JUMLAH}
    selisih = nilai_periode(rumus, bulanan, cara, P("tw1"), target=D(5))
    assert selisih == D(-2)
    assert capaian_selisih(selisih, D(5)) == D(140)


def test_nilai_periode_is_none_when_a_variable_has_no_value_in_the_period() -> None:
    rumus = RumusUji(_rasio)
    bulanan = {"pembilang": {1: D(4)}, "penyebut": {2: D(5)}}
    assert nilai_periode(rumus, bulanan, JUMLAH_KEDUANYA, P("1")) is None
    assert rumus.diberikan is None  # the formula was not even asked
    assert nilai_periode(rumus, bulanan, JUMLAH_KEDUANYA, P("tw1")) == D(80)


def test_nilai_periode_passes_on_the_formulas_none_for_a_zero_denominator() -> None:
    bulanan = {"pembilang": {1: D(0)}, "penyebut": {1: D(0)}}
    assert nilai_periode(RumusUji(_rasio), bulanan, JUMLAH_KEDUANYA, P("1")) is None


def test_nilai_periode_refuses_a_name_used_twice() -> None:
    rumus = RumusUji(_rasio)
    with pytest.raises(ValueError, match="penyebut"):
        nilai_periode(rumus, CONTOH_TW1, JUMLAH_KEDUANYA, P("tw1"), konstanta={"penyebut": D(20)})
    with pytest.raises(ValueError, match="target"):
        nilai_periode(rumus, CONTOH_TW1, JUMLAH_KEDUANYA, P("tw1"), konstanta={"target": D(1)}, target=D(2))


# --- capaian -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realisasi", "target", "polaritas", "hasil"),
    [
        # higher is better
        (D(50), D(100), Polaritas.NAIK, D(50)),
        (D(100), D(100), Polaritas.NAIK, D(100)),
        (D(120), D(100), Polaritas.NAIK, D(120)),  # stored uncapped
        (D(0), D(100), Polaritas.NAIK, D(0)),
        (D(95), D(110), Polaritas.NAIK, D(9500) / D(110)),
        (D(5), D(0), Polaritas.NAIK, None),  # target 0 cannot be computed
        (D(0), D(0), Polaritas.NAIK, None),
        # lower is better: (2 × target − realisasi) ÷ target × 100
        (D(80), D(100), Polaritas.TURUN, D(120)),
        (D(100), D(100), Polaritas.TURUN, D(100)),
        (D(150), D(100), Polaritas.TURUN, D(50)),
        (D(200), D(100), Polaritas.TURUN, D(0)),
        (D(250), D(100), Polaritas.TURUN, D(0)),  # never below 0
        (D(0), D(4), Polaritas.TURUN, D(200)),
        (D(3), D(4), Polaritas.TURUN, D(125)),
        (D(0), D(0), Polaritas.TURUN, D(100)),  # target 0: nothing happened
        (D(1), D(0), Polaritas.TURUN, D(0)),  # target 0: anything above
        (D("0.01"), D(0), Polaritas.TURUN, D(0)),
        # missing data
        (None, D(100), Polaritas.NAIK, None),
        (D(100), None, Polaritas.NAIK, None),
        (None, D(100), Polaritas.TURUN, None),
        (D(100), None, Polaritas.TURUN, None),
        (None, None, Polaritas.TURUN, None),
    ],
)
def test_capaian(
    realisasi: Decimal | None, target: Decimal | None, polaritas: Polaritas, hasil: Decimal | None
) -> None:
    assert capaian(realisasi, target, polaritas) == hasil


def test_capaian_accepts_the_stored_string_of_polaritas() -> None:
    assert capaian(D(80), D(100), "turun") == D(120)
    with pytest.raises(ValueError):
        capaian(D(80), D(100), "naik-turun")


@pytest.mark.parametrize(
    ("selisih", "target", "hasil"),
    [
        (D(-2), D(5), D(140)),  # 3 cases against a target of 5
        (D(0), D(5), D(100)),
        (D(5), D(5), D(0)),  # 10 cases: twice the target
        (D(10), D(5), D(0)),  # never below 0
        (D(-5), D(5), D(200)),  # no case at all
        (D(0), D(0), D(100)),
        (D(2), D(0), D(0)),
        (None, D(5), None),
        (D(1), None, None),
    ],
)
def test_capaian_selisih(selisih: Decimal | None, target: Decimal | None, hasil: Decimal | None) -> None:
    assert capaian_selisih(selisih, target) == hasil


@pytest.mark.parametrize(
    ("nilai", "batas", "hasil"),
    [
        (D(130), None, D(130)),
        (D(130), 100, D(100)),
        (D(130), D(120), D(120)),
        (D(120), 120, D(120)),
        (D(90), 100, D(90)),
        (D(0), 100, D(0)),
        (None, 100, None),
        (None, None, None),
    ],
)
def test_batasi(nilai: Decimal | None, batas: Decimal | int | None, hasil: Decimal | None) -> None:
    assert batasi(nilai, batas) == hasil


def test_tidak_dapat_dihitung_text() -> None:
    assert TIDAK_DAPAT_DIHITUNG == "tidak dapat dihitung"


# --- Kategori ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "label"),
    [
        (D(150), "Sangat Baik"),
        (D("90.01"), "Sangat Baik"),
        (D("90.0000001"), "Sangat Baik"),
        (D(90), "Baik"),  # strictly greater: 90 exactly is Baik
        (D("75.01"), "Baik"),
        (D(75), "Cukup"),
        (D("65.01"), "Cukup"),
        (D(65), "Kurang"),
        (D("50.01"), "Kurang"),
        (D(50), "Sangat Kurang"),
        (D(0), "Sangat Kurang"),
        (D(-10), "Sangat Kurang"),
    ],
)
def test_skala_sampang_boundaries(nilai: Decimal, label: str) -> None:
    kategori = SKALA_SAMPANG.kategori(nilai)
    assert kategori is not None
    assert kategori.label == label


def test_skala_gives_no_category_when_capaian_cannot_be_computed() -> None:
    assert SKALA_SAMPANG.kategori(None) is None


def test_skala_sampang_colours() -> None:
    warna = {k.label: k.warna for _, k in SKALA_SAMPANG.tingkat}
    warna[SKALA_SAMPANG.terendah.label] = SKALA_SAMPANG.terendah.warna
    assert warna == {
        "Sangat Baik": "#1a7f37",
        "Baik": "#2f81f7",
        "Cukup": "#bf8700",
        "Kurang": "#d4630b",
        "Sangat Kurang": "#cf222e",
    }


def test_another_kabupaten_can_have_its_own_scale() -> None:
    tinggi, sedang, rendah = Kategori("Tinggi", "#000001"), Kategori("Sedang", "#000002"), Kategori("Rendah", "#000003")
    skala = SkalaKategori(tingkat=((D(80), tinggi), (D(60), sedang)), terendah=rendah)
    assert [skala.kategori(D(n)) for n in (81, 80, 61, 60)] == [tinggi, sedang, sedang, rendah]


def test_skala_refuses_bounds_out_of_order() -> None:
    a, b = Kategori("A", "#000000"), Kategori("B", "#ffffff")
    with pytest.raises(ValueError):
        SkalaKategori(tingkat=((D(50), a), (D(90), b)), terendah=a)
    with pytest.raises(ValueError):
        SkalaKategori(tingkat=((D(50), a), (D(50), b)), terendah=a)


# --- target_periode ----------------------------------------------------------------------------

TW_PENUH = {1: D(10), 2: D(20), 3: D(30), 4: D(40)}


@pytest.mark.parametrize(
    ("kode", "target_tahun", "target_triwulan", "proporsional", "hasil"),
    [
        # tetap from the annual target: the same in every period
        ("1", D(95), {}, False, D(95)),
        ("tw3", D(95), {}, False, D(95)),
        ("s2", D(95), {}, False, D(95)),
        ("tahun", D(95), {}, False, D(95)),
        ("sd5", D(95), {}, False, D(95)),
        # proporsional from the annual target: target × months ÷ 12
        ("1", D(120), {}, True, D(10)),
        ("tw2", D(120), {}, True, D(30)),
        ("s1", D(120), {}, True, D(60)),
        ("tahun", D(120), {}, True, D(120)),
        ("sd5", D(120), {}, True, D(50)),
        ("1", D(10), {}, True, D(10) / 12),
        # per-triwulan targets, tetap
        ("tw2", D(100), TW_PENUH, False, D(20)),
        ("5", D(100), TW_PENUH, False, D(20)),
        ("s1", D(100), TW_PENUH, False, D(20)),  # June is in TW II
        ("s2", D(100), TW_PENUH, False, D(40)),
        ("tahun", D(100), TW_PENUH, False, D(100)),  # the annual target (was TW IV before issue 13)
        ("sd7", D(100), TW_PENUH, False, D(30)),
        # per-triwulan targets, proporsional
        ("tw2", D(100), TW_PENUH, True, D(20)),
        ("1", D(100), TW_PENUH, True, D(10) / 3),
        ("4", D(100), TW_PENUH, True, D(20) / 3),
        ("s1", D(100), TW_PENUH, True, D(30)),
        ("s2", D(100), TW_PENUH, True, D(70)),
        ("tahun", D(100), TW_PENUH, True, D(100)),
        ("sd3", D(100), TW_PENUH, True, D(10)),  # exactly, not 3 × 10/3
        ("sd4", D(100), TW_PENUH, True, D(10) + D(20) / 3),
        # only some triwulan have a target: the others fall back on the annual one
        ("tw1", D(120), {1: D(30)}, True, D(30)),
        ("tw2", D(120), {1: D(30)}, True, D(30)),
        ("s1", D(120), {1: D(30)}, True, D(60)),
        ("tahun", D(120), {1: D(30)}, True, D(120)),
        ("2", D(120), {1: D(30)}, False, D(30)),
        ("4", D(120), {1: D(30)}, False, D(120)),
        ("tahun", D(120), {1: D(30)}, False, D(120)),
        ("sd3", None, {1: D(30)}, False, D(30)),
        ("sd3", None, {1: D(30)}, True, D(30)),
        # nothing applies
        ("s1", None, {1: D(30)}, True, None),
        ("s1", None, {1: D(30)}, False, None),
        ("tw2", None, {}, True, None),
        ("tahun", None, {}, False, None),
        ("5", None, {}, True, None),
    ],
)
def test_target_periode(
    kode: str,
    target_tahun: Decimal | None,
    target_triwulan: dict[int, Decimal],
    proporsional: bool,
    hasil: Decimal | None,
) -> None:
    assert (
        target_periode(
            P(kode),
            target_tahun=target_tahun,
            target_triwulan=target_triwulan,
            proporsional=proporsional,
        )
        == hasil
    )


def test_target_periode_without_triwulan_targets_argument() -> None:
    assert target_periode(P("tw1"), target_tahun=D(40), proporsional=True) == D(10)


# --- Numbers for people ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "desimal", "hasil"),
    [
        ("86.363636", 2, "86.36"),
        ("86.365", 2, "86.37"),  # half up
        ("2.675", 2, "2.68"),  # exact in Decimal: would be 2.67 with floats
        ("0.005", 2, "0.01"),
        ("-0.005", 2, "-0.01"),
        ("-0.004", 2, "0.00"),  # never "-0.00"
        ("1.5", 0, "2"),
        ("2.5", 0, "3"),
        ("12.3456", 3, "12.346"),
        ("1E+20", 2, "100000000000000000000.00"),
        ("123456789012345678901234567890.125", 2, "123456789012345678901234567890.13"),
    ],
)
def test_bulatkan(nilai: str, desimal: int, hasil: str) -> None:
    assert str(bulatkan(D(nilai), desimal)) == hasil


@pytest.mark.parametrize("nilai", [D("NaN"), D("Infinity"), D("-Infinity")])
def test_bulatkan_refuses_non_finite(nilai: Decimal) -> None:
    with pytest.raises(ValueError):
        bulatkan(nilai)


@pytest.mark.parametrize(
    ("nilai", "desimal", "hasil"),
    [
        (D("1234.5"), 2, "1.234,50"),
        (D("98.5"), 2, "98,50"),
        (D("-1234"), 2, "-1.234,00"),
        (5, 0, "5"),
        (1000, 0, "1.000"),
        (D("1234567.891"), 2, "1.234.567,89"),
        (D(0), 2, "0,00"),
        (D("999.995"), 2, "1.000,00"),
        (D("-0.001"), 2, "0,00"),
        (D("0.5"), 0, "1"),
        (D("100"), 0, "100"),
        (D("12.3456"), 3, "12,346"),
        (D("999999999999999"), 0, "999.999.999.999.999"),
        (D(9500) / D(110), 2, "86,36"),
    ],
)
def test_format_angka(nilai: Decimal | int, desimal: int, hasil: str) -> None:
    assert format_angka(nilai, desimal) == hasil


def test_format_angka_of_nothing() -> None:
    assert format_angka(None) == "–"
    assert format_angka(None, kosong="-") == "-"
    assert format_angka(None, kosong=TIDAK_DAPAT_DIHITUNG) == "tidak dapat dihitung"


def test_format_angka_refuses_floats() -> None:
    with pytest.raises(TypeError):
        format_angka(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("nilai", "desimal", "hasil"),
    [
        (D("98.5"), 2, "98,50\u00a0%"),
        (D(9500) / D(110), 2, "86,36\u00a0%"),
        (D("1234.5"), 2, "1.234,50\u00a0%"),
        (100, 0, "100\u00a0%"),
        (None, 2, "–"),
    ],
)
def test_format_persen(nilai: Decimal | int | None, desimal: int, hasil: str) -> None:
    assert format_persen(nilai, desimal) == hasil


def test_format_persen_never_breaks_the_line_before_the_sign() -> None:
    assert " " not in format_persen(D("98.5"))


@pytest.mark.parametrize(
    ("teks", "hasil"),
    [
        ("1.234", D(1234)),
        ("1.234.567", D(1234567)),
        ("1234", D(1234)),
        ("12,5", D("12.5")),
        ("1.234,5", D("1234.5")),
        ("  42  ", D(42)),
        ("\t12\n", D(12)),
        ("\u00a012\u00a0", D(12)),
        ("0", D(0)),
        ("007", D(7)),
        ("0,25", D("0.25")),
        ("-5", D(-5)),
        ("-1.234,5", D("-1234.5")),
        ("999.999.999.999.999", D(999999999999999)),
        ("999999999999999,99", D("999999999999999.99")),
        ("000000000000000001", D(1)),
        # The plain form, where it cannot be read the Indonesian way:
        ("92.5", D("92.5")),
        ("1.23", D("1.23")),
        ("1.2345", D("1.2345")),
        ("1234.567", D("1234.567")),
        ("0.500", D("0.500")),
        ("-0.5", D("-0.5")),
    ],
)
def test_parse_angka(teks: str, hasil: Decimal) -> None:
    assert parse_angka(teks) == hasil


def test_parse_angka_of_minus_zero_is_plain_zero() -> None:
    assert str(parse_angka("-0")) == "0"
    assert str(parse_angka("-0,00")) == "0.00"


@pytest.mark.parametrize(
    ("teks", "pesan"),
    [
        ("", "Isian kosong"),
        ("   ", "Isian kosong"),
        ("abc", PESAN_FORMAT),
        ("1e309", PESAN_FORMAT),
        ("1E5", PESAN_FORMAT),
        ("inf", PESAN_FORMAT),
        ("Infinity", PESAN_FORMAT),
        ("nan", PESAN_FORMAT),
        ("NaN", PESAN_FORMAT),
        ("1,2,3", PESAN_FORMAT),
        ("1.234.56", PESAN_FORMAT),
        ("1,250.75", PESAN_FORMAT),  # English grouping
        ("1.250.5", PESAN_FORMAT),
        ("9999999999999999.5", "Angka terlalu besar"),
        ("1.", PESAN_FORMAT),
        (".5", PESAN_FORMAT),
        (",5", PESAN_FORMAT),
        ("5,", PESAN_FORMAT),
        ("12,5.0", PESAN_FORMAT),
        ("1 234", PESAN_FORMAT),
        ("1_000", PESAN_FORMAT),
        ("0x10", PESAN_FORMAT),
        ("+5", PESAN_FORMAT),
        ("--5", PESAN_FORMAT),
        ("- 5", PESAN_FORMAT),
        ("5-", PESAN_FORMAT),
        ("\u0661\u0662", PESAN_FORMAT),  # Arabic-Indic digits
        ("１２", PESAN_FORMAT),  # full-width digits
        ("12 %", PESAN_FORMAT),
        ("1.000.000.000.000.000", "Angka terlalu besar"),
        ("1000000000000000", "Angka terlalu besar"),
        ("-1000000000000000,5", "Angka terlalu besar"),
    ],
)
def test_parse_angka_refuses_with_a_message(teks: str, pesan: str) -> None:
    with pytest.raises(ValueError, match=re.escape(pesan)) as info:
        parse_angka(teks)
    assert type(info.value) is ValueError


# --- Property tests ----------------------------------------------------------------------------

nilai_bulan = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
bulanan_acak = st.dictionaries(st.integers(1, 12), st.one_of(st.none(), nilai_bulan))

PEMBAGIAN_TAHUN = [
    ["tw1", "tw2", "tw3", "tw4"],
    ["s1", "s2"],
    [str(b) for b in range(1, 13)],
    ["sd3", "tw2", "s2"],
    ["tw1", "4", "5", "6", "s2"],
]


def _jumlah_bagian(nilai: list[Decimal | None]) -> Decimal | None:
    ada = [v for v in nilai if v is not None]
    return sum(ada, D(0)) if ada else None


@pytest.mark.parametrize("pembagian", PEMBAGIAN_TAHUN, ids=lambda p: "+".join(p))
@given(bulanan=bulanan_acak)
def test_jumlah_over_any_split_of_the_year_equals_the_year(
    pembagian: list[str], bulanan: dict[int, Decimal | None]
) -> None:
    bagian = [gabung(bulanan, P(kode), CaraGabung.JUMLAH) for kode in pembagian]
    assert _jumlah_bagian(bagian) == gabung(bulanan, TAHUN, CaraGabung.JUMLAH)


@given(bulanan=bulanan_acak, n=st.integers(1, 12))
def test_jumlah_to_date_is_the_sum_of_its_months(bulanan: dict[int, Decimal | None], n: int) -> None:
    bulan = [gabung(bulanan, Periode("bulan", b), CaraGabung.JUMLAH) for b in range(1, n + 1)]
    assert _jumlah_bagian(bulan) == gabung(bulanan, Periode("sd", n), CaraGabung.JUMLAH)


@pytest.mark.parametrize("pembagian", PEMBAGIAN_TAHUN, ids=lambda p: "+".join(p))
@given(bulanan=bulanan_acak)
def test_terakhir_of_the_year_is_terakhir_of_the_last_non_empty_part(
    pembagian: list[str], bulanan: dict[int, Decimal | None]
) -> None:
    bagian = [gabung(bulanan, P(kode), CaraGabung.TERAKHIR) for kode in pembagian]
    ada = [v for v in bagian if v is not None]
    assert gabung(bulanan, TAHUN, CaraGabung.TERAKHIR) == (ada[-1] if ada else None)


@given(bulanan=bulanan_acak, periode=st.sampled_from(SEMUA_PERIODE))
def test_rata_lies_between_the_smallest_and_largest_month(bulanan: dict[int, Decimal | None], periode: Periode) -> None:
    ada = [v for b in periode.bulan if (v := bulanan.get(b)) is not None]
    hasil = gabung(bulanan, periode, CaraGabung.RATA)
    if not ada:
        assert hasil is None
    else:
        assert hasil is not None
        assert min(ada) <= hasil <= max(ada)


@given(
    data=st.dictionaries(
        st.integers(1, 12),
        st.tuples(st.integers(0, 10**6), st.integers(1, 10**6)),
        min_size=1,
    ),
    periode=st.sampled_from(SEMUA_PERIODE),
)
def test_ratio_of_sums_lies_between_the_smallest_and_largest_monthly_ratio(
    data: dict[int, tuple[int, int]], periode: Periode
) -> None:
    bulan_ada = [b for b in periode.bulan if b in data]
    assume(bulan_ada)
    bulanan = {
        "pembilang": {b: D(p) for b, (p, _) in data.items()},
        "penyebut": {b: D(q) for b, (_, q) in data.items()},
    }
    rumus = RumusUji(_rasio)
    hasil = nilai_periode(rumus, bulanan, JUMLAH_KEDUANYA, periode)
    per_bulan = [D(data[b][0]) * 100 / D(data[b][1]) for b in bulan_ada]
    assert hasil is not None
    assert min(per_bulan) <= hasil <= max(per_bulan)
    assert hasil == D(sum(data[b][0] for b in bulan_ada)) * 100 / D(sum(data[b][1] for b in bulan_ada))


angka = st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False)
positif = st.decimals(min_value="0.0001", max_value=10**9, places=4)


@given(realisasi=angka, target=angka)
def test_capaian_lower_is_better_is_never_negative(realisasi: Decimal, target: Decimal) -> None:
    hasil = capaian(realisasi, target, Polaritas.TURUN)
    assert hasil is not None
    assert hasil >= 0


@given(target=positif)
def test_capaian_lower_is_better_is_100_on_target(target: Decimal) -> None:
    assert capaian(target, target, Polaritas.TURUN) == 100


@given(target=positif)
def test_capaian_higher_is_better_is_100_on_target(target: Decimal) -> None:
    assert capaian(target, target, Polaritas.NAIK) == 100


@given(a=angka, b=angka, target=positif)
def test_capaian_higher_is_better_rises_with_realisasi(a: Decimal, b: Decimal, target: Decimal) -> None:
    rendah, tinggi = sorted((a, b))
    c_rendah, c_tinggi = capaian(rendah, target, Polaritas.NAIK), capaian(tinggi, target, Polaritas.NAIK)
    assert c_rendah is not None and c_tinggi is not None
    assert c_rendah <= c_tinggi


@given(a=angka, b=angka, target=positif)
def test_capaian_lower_is_better_falls_with_realisasi(a: Decimal, b: Decimal, target: Decimal) -> None:
    rendah, tinggi = sorted((a, b))
    c_rendah, c_tinggi = capaian(rendah, target, Polaritas.TURUN), capaian(tinggi, target, Polaritas.TURUN)
    assert c_rendah is not None and c_tinggi is not None
    assert c_rendah >= c_tinggi


@given(realisasi=positif, target=positif)
def test_capaian_lower_is_better_matches_the_permenpanrb_form(realisasi: Decimal, target: Decimal) -> None:
    permen = max((1 + (1 - realisasi / target)) * 100, D(0))
    hasil = capaian(realisasi, target, Polaritas.TURUN)
    assert hasil is not None
    assert abs(hasil - permen) < D("1e-9")


@given(selisih=angka, target=positif)
def test_capaian_selisih_is_lower_is_better_on_kejadian(selisih: Decimal, target: Decimal) -> None:
    assert capaian_selisih(selisih, target) == capaian(selisih + target, target, Polaritas.TURUN)


_URUTAN_KATEGORI = ["Sangat Kurang", "Kurang", "Cukup", "Baik", "Sangat Baik"]


@given(a=angka, b=angka)
def test_higher_capaian_never_gets_a_lower_category(a: Decimal, b: Decimal) -> None:
    rendah, tinggi = sorted((a, b))
    k_rendah, k_tinggi = SKALA_SAMPANG.kategori(rendah), SKALA_SAMPANG.kategori(tinggi)
    assert k_rendah is not None and k_tinggi is not None
    assert _URUTAN_KATEGORI.index(k_rendah.label) <= _URUTAN_KATEGORI.index(k_tinggi.label)


@given(n=st.integers(0, 10**15 - 1))
def test_parse_angka_reads_back_formatted_whole_numbers(n: int) -> None:
    assert parse_angka(format_angka(D(n), 0)) == D(n)


@given(
    d=st.decimals(
        min_value=-(10**15) + 1,
        max_value=10**15 - 1,
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_parse_angka_reads_back_formatted_decimals(d: Decimal) -> None:
    assert parse_angka(format_angka(d, 2)) == d


@given(
    teks=st.one_of(
        st.text(),
        st.text(alphabet="0123456789.,-+ eEinfaINFA\u00a0_\u0661x"),
        st.from_regex(r"-?[0-9.]{1,25}(,[0-9]{0,4})?", fullmatch=True),
    )
)
def test_parse_angka_raises_nothing_but_value_error(teks: str) -> None:
    try:
        hasil = parse_angka(teks)
    except ValueError:
        return
    assert hasil.is_finite()
    assert abs(hasil) < 10**15


@pytest.mark.parametrize(("bulan", "nama"), [(1, "Januari"), (5, "Mei"), (12, "Desember"), (0, "bulan 0"),
                                             (13, "bulan 13"), (10**30, f"bulan {10**30}"), (None, "bulan None")])
def test_month_names_never_index_outside_the_year(bulan, nama):
    assert nama_bulan(bulan) == nama


@pytest.mark.parametrize(
    ("tanggal", "teks"),
    [(date(2023, 6, 5), "5 Juni 2023"), (date(2024, 1, 31), "31 Januari 2024"), (date(2000, 12, 1), "1 Desember 2000")],
)
def test_dates_are_written_the_indonesian_way(tanggal, teks):
    assert format_tanggal(tanggal) == teks
