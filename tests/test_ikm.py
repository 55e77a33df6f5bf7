"""The IKM arithmetic (design.md §3.4, PermenPANRB 14/2017): table tests and properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iki.ikm import hitung as ikm
from iki.ikm.hitung import Sebaran, gabung_rekap, hitung_ikm, ikm_kuesioner, mutu, rekap_kuesioner, sampel_minimal

# --- helpers -------------------------------------------------------------------------------------


def kuesioner_dengan_jumlah(n: int, total: int) -> list[dict[str, int]]:
    """``n`` complete questionnaires whose 9·n answers add up to ``total`` (spread as evenly as
    possible), so the IKM is exactly 25·total / (9·n)."""
    assert 9 * n <= total <= 36 * n
    jawaban = [1] * (9 * n)
    sisa = total - 9 * n
    i = 0
    while sisa:
        tambah = min(3 - (jawaban[i] - 1), sisa)
        jawaban[i] += tambah
        sisa -= tambah
        i += 1
    return [dict(zip(ikm.KODE_UNSUR, jawaban[r * 9 : r * 9 + 9], strict=True)) for r in range(n)]


def rekap_dari_jumlah_unsur(n: int, jumlah: list[int]) -> dict[str, Sebaran]:
    """A tally of ``n`` respondents per unsur whose answers add up to the given sums."""
    rekap = {}
    for kode, s in zip(ikm.KODE_UNSUR, jumlah, strict=True):
        # s = 3·n3 + 4·n4 with n3 + n4 = n (every sum of the public example lies in 3n..4n)
        n4 = s - 3 * n
        rekap[kode] = Sebaran(0, 0, n - n4, n4)
    return rekap


# --- unsur ---------------------------------------------------------------------------------------


def test_the_nine_unsur_are_identified_by_code_with_their_regulation_names():
    assert ikm.KODE_UNSUR == ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
    assert ikm.NAMA_UNSUR["U3"] == "Waktu Penyelesaian"
    assert ikm.NAMA_UNSUR["U8"] == "Penanganan Pengaduan, Saran dan Masukan"
    assert ikm.BOBOT == Fraction(1, 9)


def test_answers_are_counted_by_code_not_by_position():
    urutan_acak = {"U9": 1, "U1": 4, "U5": 2}
    rekap = rekap_kuesioner([urutan_acak])
    assert rekap["U9"] == Sebaran(1, 0, 0, 0)
    assert rekap["U1"] == Sebaran(0, 0, 0, 1)
    assert rekap["U5"] == Sebaran(0, 1, 0, 0)
    assert rekap["U2"] == Sebaran()


# --- the public worked example and the extremes --------------------------------------------------


def test_public_example_29_respondents_gives_91_48_mutu_a():
    jumlah = [105, 101, 100, 116, 102, 105, 106, 105, 115]
    hasil = hitung_ikm(rekap_dari_jumlah_unsur(29, jumlah))
    assert [h.sebaran.jumlah_nilai for h in hasil.unsur] == jumlah
    assert hasil.rata_nrr == Fraction(955, 29 * 9)
    assert hasil.rata_nrr_tampil(4) == Decimal("3.6590")
    assert hasil.ikm == Decimal("91.48")
    assert hasil.mutu == ikm.MUTU_A and hasil.mutu.kinerja == "Sangat Baik"
    # The weakest unsur is U3 Waktu Penyelesaian (100/29).
    assert hasil.unsur_terlemah == ("U3",)


def test_rounding_happens_once_at_the_end_not_on_each_nrr():
    jumlah = [105, 101, 100, 116, 102, 105, 106, 105, 115]
    # 91,4750957…: rounding each NRR to 2 decimals first would give a different sum.
    nrr_dibulatkan = sum(Decimal(s / 29).quantize(Decimal("0.01")) for s in jumlah)
    assert (nrr_dibulatkan / 9 * 25).quantize(Decimal("0.01")) != Decimal("91.48")
    assert hitung_ikm(rekap_dari_jumlah_unsur(29, jumlah)).ikm == Decimal("91.48")


def test_weight_is_exactly_one_ninth_not_0_111():
    # All 4 with weight 0,111 would give 99,90; exactly 1/9 gives 100,00.
    hasil = ikm_kuesioner([dict.fromkeys(ikm.KODE_UNSUR, 4)] * 7)
    assert hasil.ikm == Decimal("100.00")
    assert hasil.rata_nrr == 4


@pytest.mark.parametrize(
    ("jawaban", "n", "ikm_diharapkan", "huruf"),
    [
        (4, 1, "100.00", "A"),
        (4, 250, "100.00", "A"),
        (1, 1, "25.00", "D"),
        (1, 40, "25.00", "D"),
        (3, 10, "75.00", "C"),
        (2, 3, "50.00", "D"),
    ],
)
def test_uniform_answers(jawaban, n, ikm_diharapkan, huruf):
    hasil = ikm_kuesioner([dict.fromkeys(ikm.KODE_UNSUR, jawaban)] * n)
    assert hasil.ikm == Decimal(ikm_diharapkan)
    assert hasil.mutu.huruf == huruf


# --- mutu boundaries -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "huruf", "kinerja"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("88.305", "A", "Sangat Baik"),  # rounds half up to 88,31
        ("88.3049", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("76.605", "B", "Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("64.995", "C", "Kurang Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_mutu_reads_the_rounded_value(nilai, huruf, kinerja):
    m = mutu(Decimal(nilai))
    assert (m.huruf, m.kinerja) == (huruf, kinerja)


@pytest.mark.parametrize(
    ("n", "total", "ikm_diharapkan", "huruf"),
    [
        # 25·1367/(9·43) = 88,3075: below 88,31 unrounded, A once rounded.
        (43, 1367, "88.31", "A"),
        (24, 763, "88.31", "A"),
        # 88,2997 rounds to 88,30: B.
        (33, 1049, "88.30", "B"),
        (19, 604, "88.30", "B"),
        # 76,6082 → 76,61 B; 76,5993 → 76,60 C.
        (19, 524, "76.61", "B"),
        (33, 910, "76.60", "C"),
        # exactly 65,00 → C; 64,9854 → 64,99 D.
        (5, 117, "65.00", "C"),
        (38, 889, "64.99", "D"),
    ],
)
def test_boundaries_through_the_whole_pipeline(n, total, ikm_diharapkan, huruf):
    kuesioner = kuesioner_dengan_jumlah(n, total)
    assert len(kuesioner) == n
    hasil = ikm_kuesioner(kuesioner)
    assert hasil.rata_nrr * 25 == Fraction(25 * total, 9 * n)
    assert hasil.ikm == Decimal(ikm_diharapkan)
    assert hasil.mutu.huruf == huruf


def test_truncating_instead_of_rounding_would_misgrade_the_boundary():
    hasil = ikm_kuesioner(kuesioner_dengan_jumlah(43, 1367))
    terpotong = Decimal(float(hasil.rata_nrr * 25)).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    assert terpotong == Decimal("88.30") and mutu(terpotong).huruf == "B"
    assert hasil.mutu.huruf == "A"


def test_bulatkan_pecahan_is_exact_half_up():
    assert ikm.bulatkan_pecahan(Fraction(88305, 1000)) == Decimal("88.31")
    assert ikm.bulatkan_pecahan(Fraction(883049999, 10**7)) == Decimal("88.30")
    assert ikm.bulatkan_pecahan(Fraction(-5, 1000)) == Decimal("-0.01")
    assert ikm.bulatkan_pecahan(Fraction(100)) == Decimal("100.00")
    assert str(ikm.bulatkan_pecahan(Fraction(100))) == "100.00"


# --- missing answers -----------------------------------------------------------------------------


def test_a_blank_answer_counts_against_that_unsur_only():
    kuesioner = [dict.fromkeys(ikm.KODE_UNSUR, 4), {**dict.fromkeys(ikm.KODE_UNSUR, 2), "U8": None}]
    hasil = ikm_kuesioner(kuesioner)
    per = hasil.per_kode
    assert per["U8"].sebaran.jumlah_jawaban == 1 and per["U8"].nrr == 4
    assert per["U1"].sebaran.jumlah_jawaban == 2 and per["U1"].nrr == 3
    # (8 × 3 + 4) / 9 × 25 = 77,777… → 77,78
    assert hasil.ikm == Decimal("77.78")
    assert hasil.unsur_terlemah == tuple(k for k in ikm.KODE_UNSUR if k != "U8")


def test_an_unsur_nobody_answered_leaves_the_ikm_uncomputed():
    hasil = ikm_kuesioner([{**dict.fromkeys(ikm.KODE_UNSUR, 3), "U4": None}])
    assert hasil.ikm is None and hasil.mutu is None
    assert hasil.unsur_tanpa_jawaban == ("U4",)
    assert hasil.per_kode["U1"].nrr == 3


def test_no_answers_at_all():
    hasil = hitung_ikm({})
    assert hasil.ikm is None and not hasil.ada_jawaban and hasil.unsur_terlemah == ()


@pytest.mark.parametrize("salah", [0, 5, -1, "4", 3.0, True, 2.5])
def test_answers_outside_1_to_4_are_refused(salah):
    with pytest.raises(ValueError, match="U2"):
        rekap_kuesioner([{"U1": 4, "U2": salah}])


def test_unknown_unsur_codes_are_refused():
    with pytest.raises(ValueError, match="U10"):
        rekap_kuesioner([{"U10": 4}])
    with pytest.raises(ValueError, match="X1"):
        hitung_ikm({"X1": Sebaran(1, 0, 0, 0)})


def test_negative_tally_is_refused():
    with pytest.raises(ValueError):
        Sebaran(1, -1, 0, 0)


def test_ties_for_the_weakest_unsur_list_them_all():
    kuesioner = [{**dict.fromkeys(ikm.KODE_UNSUR, 4), "U2": 2, "U7": 2}]
    assert ikm_kuesioner(kuesioner).unsur_terlemah == ("U2", "U7")


# --- pooling -------------------------------------------------------------------------------------


def test_a_period_pools_answers_never_averages_monthly_ikm():
    januari = [dict.fromkeys(ikm.KODE_UNSUR, 4)] * 10  # IKM 100
    februari = [dict.fromkeys(ikm.KODE_UNSUR, 2)] * 30  # IKM 50
    gabungan = hitung_ikm(gabung_rekap(rekap_kuesioner(januari), rekap_kuesioner(februari)))
    # (10·4 + 30·2) / 40 = 2,5 → 62,50; the mean of the months would be 75,00.
    assert gabungan.ikm == Decimal("62.50")
    assert gabungan.mutu.huruf == "D"


def test_questionnaires_and_tallies_pool_the_same_way():
    kuesioner = kuesioner_dengan_jumlah(12, 350)
    rekap = rekap_kuesioner(kuesioner)
    assert hitung_ikm(rekap).ikm == ikm_kuesioner(kuesioner).ikm
    assert hitung_ikm(gabung_rekap(rekap, rekap)).ikm == ikm_kuesioner(kuesioner * 2).ikm


# --- sample size (Krejcie & Morgan) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("populasi", "sampel"),
    [(100, 80), (1000, 278), (10000, 370), (100000, 384), (10, 10), (50, 44), (500, 217), (2000, 322)],
)
def test_krejcie_morgan_table_rows(populasi, sampel):
    assert sampel_minimal(populasi) == sampel


@pytest.mark.parametrize(
    ("populasi", "sampel"),
    [(101, 86), (109, 86), (1001, 285), (10001, 375), (250001, 384), (10**8, 384), (0, 0), (3, 3), (11, 11)],
)
def test_between_rows_take_the_next_higher_row_never_more_than_the_population(populasi, sampel):
    assert sampel_minimal(populasi) == sampel


def test_the_table_agrees_with_the_krejcie_morgan_formula():
    # s = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), χ² = 3,841, P = 0,5, d = 0,05; the table rounds.
    # The published last row (100.000 → 384) is the formula's limit as N grows (384,1), not its value.
    for n, s in ikm.TABEL_KREJCIE_MORGAN[:-1]:
        rumus = 3.841 * n * 0.25 / (0.0025 * (n - 1) + 3.841 * 0.25)
        assert abs(rumus - s) < 1, (n, s, rumus)
    assert round(3.841 * 0.25 / 0.0025) == ikm.TABEL_KREJCIE_MORGAN[-1][1]
    populasi = [n for n, _ in ikm.TABEL_KREJCIE_MORGAN]
    assert populasi == sorted(populasi) and len(set(populasi)) == len(populasi)


@pytest.mark.parametrize("salah", [-1, 1.5, "100", None])
def test_sample_size_needs_a_whole_population(salah):
    with pytest.raises(ValueError):
        sampel_minimal(salah)


# --- properties ----------------------------------------------------------------------------------

jawaban_st = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
kuesioner_st = st.fixed_dictionaries({k: jawaban_st for k in ikm.KODE_UNSUR})
lengkap_st = st.fixed_dictionaries({k: st.integers(min_value=1, max_value=4) for k in ikm.KODE_UNSUR})


@given(st.lists(lengkap_st, min_size=1, max_size=60))
def test_ikm_lies_between_25_and_100(kuesioner):
    hasil = ikm_kuesioner(kuesioner)
    assert Decimal("25.00") <= hasil.ikm <= Decimal("100.00")
    assert hasil.ikm == hasil.ikm.quantize(Decimal("0.01"))
    assert hasil.mutu == mutu(hasil.ikm)


@given(st.lists(kuesioner_st, max_size=40), st.lists(kuesioner_st, max_size=40))
def test_pooling_the_union_equals_summing_the_tallies(a, b):
    semua = hitung_ikm(rekap_kuesioner(a + b))
    gabungan = hitung_ikm(gabung_rekap(rekap_kuesioner(a), rekap_kuesioner(b)))
    assert semua.ikm == gabungan.ikm
    assert semua.rata_nrr == gabungan.rata_nrr
    assert [h.sebaran for h in semua.unsur] == [h.sebaran for h in gabungan.unsur]


@given(st.lists(kuesioner_st, max_size=40), st.randoms(use_true_random=False))
def test_the_order_of_respondents_does_not_matter(kuesioner, acak):
    diacak = list(kuesioner)
    acak.shuffle(diacak)
    assert ikm_kuesioner(diacak) == ikm_kuesioner(kuesioner)


@given(st.lists(lengkap_st, min_size=1, max_size=30), st.data())
def test_raising_one_answer_never_lowers_the_ikm(kuesioner, data):
    i = data.draw(st.integers(min_value=0, max_value=len(kuesioner) - 1))
    kode = data.draw(st.sampled_from(ikm.KODE_UNSUR))
    sebelum = ikm_kuesioner(kuesioner)
    dinaikkan = [dict(k) for k in kuesioner]
    dinaikkan[i][kode] = min(dinaikkan[i][kode] + 1, 4)
    assert ikm_kuesioner(dinaikkan).ikm >= sebelum.ikm
