"""The pure attendance and TPP arithmetic (iki/presensi.py): tables and properties."""

from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iki.inti import angka
from iki.presensi import hitung as p
from iki.presensi.hitung import Aturan, BarisHarian, JamKerja, JenisAturan, Keterangan, Rekap

D = Decimal

# May 2023 (Indonesia): 1 Mei Hari Buruh, 18 Mei Kenaikan Isa Almasih, 4 Juni Waisak (Sunday),
# 2 Juni cuti bersama Waisak.
LIBUR_MEI_2023 = [date(2023, 5, 1), date(2023, 5, 18)]


# --- Working days ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tahun", "bulan", "libur", "jumlah"),
    [
        (2023, 5, [], 23),  # May 2023: 23 weekdays
        (2023, 5, LIBUR_MEI_2023, 21),
        (2023, 2, [], 20),
        (2024, 2, [], 21),  # leap year: 29 Feb 2024 is a Thursday
        (2023, 6, [date(2023, 6, 2), date(2023, 6, 4)], 21),  # 4 June is a Sunday: nothing more to take off
        (2023, 5, [date(2023, 6, 1)], 23),  # a holiday of another month changes nothing
        (
            2023,
            4,
            [date(2023, 4, d) for d in (19, 20, 21, 24, 25)] + [date(2023, 4, 22)],
            15,
        ),  # Lebaran; 22 April is a Saturday
    ],
)
def test_working_days_are_weekdays_less_the_holidays(tahun, bulan, libur, jumlah):
    assert len(p.hari_kerja(tahun, bulan, libur)) == jumlah


def test_working_days_skip_weekends_and_keep_order():
    hari = p.hari_kerja(2023, 5, LIBUR_MEI_2023)
    assert hari[0] == date(2023, 5, 2)
    assert date(2023, 5, 6) not in hari and date(2023, 5, 7) not in hari  # Saturday, Sunday
    assert date(2023, 5, 18) not in hari
    assert hari == sorted(hari)
    assert all(d.weekday() < 5 for d in hari)


def test_month_out_of_range_is_refused():
    with pytest.raises(ValueError):
        p.hari_kerja(2023, 13)


@given(
    st.integers(2000, 2100), st.integers(1, 12), st.sets(st.dates(date(2000, 1, 1), date(2100, 12, 31)), max_size=15)
)
def test_holidays_never_add_working_days(tahun, bulan, libur):
    tanpa = p.hari_kerja(tahun, bulan)
    dengan = p.hari_kerja(tahun, bulan, libur)
    assert set(dengan) <= set(tanpa)
    assert 20 <= len(tanpa) <= 23
    assert len(tanpa) - len(dengan) == len({d for d in libur if d in set(tanpa)})


# --- Formatting ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "teks"),
    [
        (D("1234567"), "Rp 1.234.567"),
        (D("0"), "Rp 0"),
        (D("999"), "Rp 999"),
        (D("1000"), "Rp 1.000"),
        (D("2500000.5"), "Rp 2.500.001"),  # half up
        (D("2500000.49"), "Rp 2.500.000"),
        (D("0.5"), "Rp 1"),
        (D("-0.4"), "Rp 0"),  # never "-Rp 0"
        (D("-1500"), "-Rp 1.500"),
        (1234, "Rp 1.234"),
    ],
)
def test_format_rupiah(nilai, teks):
    assert angka.format_rupiah(nilai) == teks


def test_format_rupiah_refuses_float():
    with pytest.raises(TypeError):
        angka.format_rupiah(1.5)


@pytest.mark.parametrize(
    ("tanggal", "teks"),
    [
        (date(2023, 6, 5), "5 Juni 2023"),
        (date(2023, 12, 31), "31 Desember 2023"),
        (date(2024, 2, 1), "1 Februari 2024"),
    ],
)
def test_format_tanggal(tanggal, teks):
    assert angka.format_tanggal(tanggal) == teks


# --- A month that has not ended --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tahun", "bulan", "hari_ini", "pesan"),
    [
        (2027, 1, date(2026, 12, 5), "Bulan Januari 2027 belum tiba (hari ini 5 Desember 2026)"),
        (2027, 12, date(2026, 12, 5), "Bulan Desember 2027 belum tiba"),
        (2026, 12, date(2026, 12, 5), "Bulan Desember 2026 belum selesai (hari ini 5 Desember 2026)"),
        (2026, 12, date(2026, 12, 31), "mulai 1 Januari 2027"),  # the last day is not over yet
        (2026, 11, date(2026, 12, 1), None),
        (2023, 5, date(2026, 12, 5), None),
        (2026, 12, date(2027, 1, 1), None),
    ],
)
def test_only_a_month_that_has_ended_can_be_recorded(tahun, bulan, hari_ini, pesan):
    alasan = p.periksa_bulan(tahun, bulan, hari_ini=hari_ini)
    if pesan is None:
        assert alasan is None
    else:
        assert pesan in alasan


@pytest.mark.parametrize(
    ("n", "kata"),
    [
        (1, "satu"),
        (2, "dua"),
        (3, "tiga"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (115, "seratus lima belas"),
        (1000, "seribu"),
        (2023, "dua ribu dua puluh tiga"),
        (1_000_000, "satu juta"),
        (0, "nol"),
    ],
)
def test_terbilang(n, kata):
    assert angka.terbilang(n) == kata


@pytest.mark.parametrize(
    ("teks", "hasil"),
    [
        ("DL", Keterangan.DINAS_LUAR),
        ("dinas luar", Keterangan.DINAS_LUAR),
        ("", Keterangan.HADIR),
        (None, Keterangan.HADIR),
        ("S", Keterangan.SAKIT),
        ("Ijin", Keterangan.IZIN),
        ("TK", Keterangan.TANPA_KETERANGAN),
        ("ct", Keterangan.CUTI),
    ],
)
def test_keterangan_as_machines_write_it(teks, hasil):
    assert p.baca_keterangan(teks) == hasil


def test_unknown_keterangan_is_refused_with_the_accepted_codes():
    with pytest.raises(ValueError, match="DL"):
        p.baca_keterangan("libur")


@pytest.mark.parametrize(
    ("teks", "menit"), [("15, 40 95", [15, 40, 95]), ("", []), (None, []), ("30;10", [30, 10]), (45, [45])]
)
def test_minutes_per_occurrence_are_read_from_a_list(teks, menit):
    assert p.baca_daftar_menit(teks) == menit


@pytest.mark.parametrize("teks", ["-5", "abc", "0", "1440", "15.5"])
def test_bad_minute_lists_are_refused(teks):
    with pytest.raises(ValueError):
        p.baca_daftar_menit(teks)


# --- One pegawai's month from daily rows ------------------------------------------------------------

JAM = JamKerja(masuk=time(7, 30), pulang=time(16, 0), pulang_jumat=time(11, 0))


def test_recap_of_a_month_from_daily_rows():
    hari = p.hari_kerja(2023, 5, LIBUR_MEI_2023)  # 21 days
    baris = [
        BarisHarian(date(2023, 5, 2), time(7, 25), time(16, 5)),  # on time
        BarisHarian(date(2023, 5, 3), time(7, 45), time(16, 0)),  # 15 minutes late
        BarisHarian(date(2023, 5, 4), time(9, 1, 30), time(15, 30)),  # 91 late, 30 early
        BarisHarian(date(2023, 5, 5), time(7, 30, 59), time(11, 0)),  # Friday: on time both ways (seconds ignored)
        BarisHarian(date(2023, 5, 8), None, time(16, 0)),  # no fingerprint in
        BarisHarian(date(2023, 5, 9), time(7, 0), None),  # no fingerprint out
        BarisHarian(date(2023, 5, 10), keterangan=Keterangan.SAKIT),
        BarisHarian(date(2023, 5, 11), keterangan=Keterangan.IZIN),
        BarisHarian(date(2023, 5, 12), keterangan=Keterangan.DINAS_LUAR),
        BarisHarian(date(2023, 5, 15), keterangan=Keterangan.CUTI),
        BarisHarian(date(2023, 5, 16)),  # a row with nothing: tanpa keterangan
        BarisHarian(date(2023, 5, 18), time(7, 0), time(16, 0)),  # holiday: not counted
    ]
    # The remaining 10 working days have no row at all: tanpa keterangan.
    r = p.rekap_harian(baris, hari, JAM)
    assert r.hari_kerja == 21
    assert r.hadir == 6
    assert r.menit_terlambat == [15, 91]
    assert r.terlambat_kali == 2 and r.terlambat_menit == 106
    assert r.menit_pulang_cepat == [30]
    assert r.tidak_finger_masuk == 1 and r.tanggal_tidak_finger_masuk == [date(2023, 5, 8)]
    assert r.tidak_finger_pulang == 1 and r.tanggal_tidak_finger_pulang == [date(2023, 5, 9)]
    assert (r.izin, r.sakit, r.cuti, r.dinas_luar) == (1, 1, 1, 1)
    assert r.tanpa_keterangan == 11
    assert r.hadir + r.tidak_hadir == r.hari_kerja
    assert p.periksa_rekap(r) == []


def test_friday_uses_its_own_end_time():
    jumat = date(2023, 5, 5)
    r = p.rekap_harian([BarisHarian(jumat, time(7, 30), time(10, 50))], [jumat], JAM)
    assert r.menit_pulang_cepat == [10]
    r = p.rekap_harian([BarisHarian(jumat, time(7, 30), time(10, 50))], [jumat], JamKerja())
    assert r.menit_pulang_cepat == [310]  # without a Friday time, 16.00 applies


# --- Impossible recaps -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rekap", "potongan_pesan"),
    [
        (Rekap(hari_kerja=21, hadir=20, sakit=2), "melebihi 21 hari kerja"),
        (Rekap(hari_kerja=21, hadir=-1), "tidak boleh negatif"),
        (Rekap(hari_kerja=21, hadir=3, tidak_finger_masuk=4), "Tidak finger masuk (4) melebihi hari hadir (3)"),
        (Rekap(hari_kerja=21, hadir=3, tidak_finger_pulang=5), "Tidak finger pulang (5) melebihi"),
        (Rekap(hari_kerja=21, hadir=1, menit_terlambat=[5, 6]), "terlambat (2 kali) melebihi hari hadir (1)"),
        (Rekap(hari_kerja=21, hadir=2, menit_pulang_cepat=[0]), "Menit pulang cepat harus antara 1"),
    ],
)
def test_impossible_recaps_are_named(rekap, potongan_pesan):
    assert any(potongan_pesan in pesan for pesan in p.periksa_rekap(rekap))


def test_a_full_month_is_possible():
    assert p.periksa_rekap(Rekap(hari_kerja=21, hadir=18, izin=1, sakit=1, tanpa_keterangan=1)) == []


# --- Deductions ------------------------------------------------------------------------------------

# Illustrative rules only (as an operator might enter them from a regulation); nothing is built in.
ATURAN = [
    Aturan(JenisAturan.TANPA_KETERANGAN, D("3")),
    Aturan(JenisAturan.TERLAMBAT, D("0.5"), 1, 30),
    Aturan(JenisAturan.TERLAMBAT, D("1"), 31, 60),
    Aturan(JenisAturan.TERLAMBAT, D("1.25"), 61, 90),
    Aturan(JenisAturan.TERLAMBAT, D("1.5"), 91, None),
    Aturan(JenisAturan.PULANG_CEPAT, D("0.5"), 1, 30),
    Aturan(JenisAturan.PULANG_CEPAT, D("1.5"), 31, None),
    Aturan(JenisAturan.TIDAK_FINGER_MASUK, D("1.5")),
    Aturan(JenisAturan.TIDAK_FINGER_PULANG, D("1.5")),
]


@pytest.mark.parametrize(
    ("rekap", "persen"),
    [
        (Rekap(hari_kerja=21, hadir=21), D("0")),
        (Rekap(hari_kerja=21, hadir=20, tanpa_keterangan=1), D("3")),
        (Rekap(hari_kerja=21, hadir=21, menit_terlambat=[1, 30, 31, 60, 61, 90, 91, 400]), D("8.5")),
        (Rekap(hari_kerja=21, hadir=21, menit_pulang_cepat=[10, 45]), D("2")),
        (Rekap(hari_kerja=21, hadir=21, tidak_finger_masuk=1, tidak_finger_pulang=2), D("4.5")),
        (Rekap(hari_kerja=21, hadir=19, sakit=1, izin=1), D("0")),  # no rule for sakit/izin: no deduction
        (Rekap(hari_kerja=21, hadir=0, tanpa_keterangan=21), D("63")),
    ],
)
def test_deductions_by_the_operators_rules(rekap, persen):
    assert p.hitung_potongan(rekap, ATURAN).persen == persen


def test_the_cap_limits_the_month_and_is_reported():
    rekap = Rekap(hari_kerja=21, hadir=0, tanpa_keterangan=21)
    potongan = p.hitung_potongan(rekap, ATURAN, batas_persen=D("46"))
    assert potongan.persen_sebelum_batas == D("63")
    assert potongan.persen == D("46")
    assert potongan.dibatasi


def test_without_a_cap_deduction_stops_at_100_percent():
    rekap = Rekap(hari_kerja=21, hadir=0, tanpa_keterangan=21)
    assert p.hitung_potongan(rekap, [Aturan(JenisAturan.TANPA_KETERANGAN, D("10"))]).persen == D("100")


def test_no_rules_no_deduction():
    rekap = Rekap(hari_kerja=21, hadir=10, tanpa_keterangan=11, menit_terlambat=[100])
    potongan = p.hitung_potongan(rekap, [])
    assert potongan.persen == 0 and potongan.baris == ()


def test_deduction_rows_name_the_band_and_count():
    rekap = Rekap(hari_kerja=21, hadir=21, menit_terlambat=[5, 10, 95])
    baris = {b.label: (b.kejadian, b.persen) for b in p.hitung_potongan(rekap, ATURAN).baris}
    assert baris == {"Terlambat 1–30 menit": (2, D("1.0")), "Terlambat > 90 menit": (1, D("1.5"))}


def test_lateness_outside_every_band_costs_nothing():
    aturan = [Aturan(JenisAturan.TERLAMBAT, D("1"), 31, 60)]
    assert p.hitung_potongan(Rekap(hari_kerja=1, hadir=1, menit_terlambat=[10]), aturan).persen == 0


@pytest.mark.parametrize(
    ("aturan", "pesan"),
    [
        ([Aturan("terlambat", D("1"), 1, 30), Aturan("terlambat", D("2"), 30, 60)], "bertumpang tindih"),
        ([Aturan("terlambat", D("1"), 1, None), Aturan("terlambat", D("2"), 91, None)], "bertumpang tindih"),
        ([Aturan("terlambat", D("1"), 40, 30)], "rentang menit tidak sah"),
        ([Aturan("tanpa_keterangan", D("3")), Aturan("tanpa_keterangan", D("2"))], "hanya boleh ada satu"),
        ([Aturan("tanpa_keterangan", D("-3"))], "tidak boleh negatif"),
        ([Aturan("tanpa_keterangan", D("101"))], "lebih dari 100"),
    ],
)
def test_rules_that_cannot_hold_together_are_named(aturan, pesan):
    assert any(pesan in s for s in p.periksa_aturan(aturan))


def test_the_example_rules_hold_together():
    assert p.periksa_aturan(ATURAN) == []


# --- TPP in rupiah ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dasar", "persen", "potongan", "diterima"),
    [
        (D("2500000"), D("0"), D("0"), D("2500000")),
        (D("2500000"), D("3"), D("75000"), D("2425000")),
        (D("1234567"), D("1.5"), D("18519"), D("1216048")),  # 18.518,505 → 18.519 (half up)
        (D("1000001"), D("0.5"), D("5000"), D("995001")),  # 5.000,005 → 5.000
        (D("3"), D("50"), D("2"), D("1")),  # 1,5 → 2
        (D("2500000"), D("100"), D("2500000"), D("0")),
    ],
)
def test_tpp_in_whole_rupiah_half_up(dasar, persen, potongan, diterima):
    tpp = p.hitung_tpp(dasar, persen)
    assert (tpp.potongan, tpp.diterima) == (potongan, diterima)
    assert tpp.potongan + tpp.diterima == tpp.dasar


def test_negative_base_is_refused():
    with pytest.raises(ValueError):
        p.hitung_tpp(D("-1"), D("0"))


# --- Properties ------------------------------------------------------------------------------------

persen_st = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
aturan_st = st.lists(
    st.one_of(
        st.builds(
            Aturan,
            st.sampled_from([j for j in JenisAturan if j not in p.BERENTANG]),
            persen_st,
        ),
        st.builds(
            lambda jenis, persen, dari, lebar: Aturan(jenis, persen, dari, None if lebar is None else dari + lebar),
            st.sampled_from(sorted(p.BERENTANG)),
            persen_st,
            st.integers(1, 300),
            st.one_of(st.none(), st.integers(0, 300)),
        ),
    ),
    max_size=12,
)


@st.composite
def rekap_st(draw):
    hari_kerja = draw(st.integers(0, 23))
    sisa = hari_kerja
    nilai = {}
    for nama in ("hadir", "izin", "sakit", "cuti", "dinas_luar", "tanpa_keterangan"):
        nilai[nama] = draw(st.integers(0, sisa))
        sisa -= nilai[nama]
    hadir = nilai["hadir"]
    return Rekap(
        hari_kerja=hari_kerja,
        **nilai,
        tidak_finger_masuk=draw(st.integers(0, hadir)),
        tidak_finger_pulang=draw(st.integers(0, hadir)),
        menit_terlambat=draw(st.lists(st.integers(1, 600), max_size=hadir)),
        menit_pulang_cepat=draw(st.lists(st.integers(1, 600), max_size=hadir)),
    )


@given(rekap_st(), aturan_st, st.one_of(st.none(), persen_st))
def test_deduction_never_exceeds_the_cap_nor_goes_negative(rekap, aturan, batas):
    potongan = p.hitung_potongan(rekap, aturan, batas)
    assert potongan.persen >= 0
    assert potongan.persen <= (batas if batas is not None else 100)
    assert potongan.persen <= 100
    assert potongan.persen <= potongan.persen_sebelum_batas


@given(rekap_st(), aturan_st, st.one_of(st.none(), persen_st))
def test_one_more_day_without_notice_never_lowers_the_deduction(rekap, aturan, batas):
    sebelum = p.hitung_potongan(rekap, aturan, batas).persen
    rekap.hari_kerja += 1
    rekap.tanpa_keterangan += 1
    assert p.hitung_potongan(rekap, aturan, batas).persen >= sebelum


@given(rekap_st())
def test_generated_recaps_are_possible(rekap):
    assert p.periksa_rekap(rekap) == []


@given(
    st.decimals(min_value=0, max_value=10**10, places=0, allow_nan=False, allow_infinity=False),
    persen_st,
)
def test_tpp_parts_add_up_and_stay_within_the_base(dasar, persen):
    tpp = p.hitung_tpp(dasar, persen)
    assert 0 <= tpp.potongan <= tpp.dasar
    assert tpp.potongan + tpp.diterima == tpp.dasar
    assert tpp.potongan == tpp.potongan.to_integral_value()


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_rupiah_text_reads_back_to_the_rounded_amount(nilai):
    teks = angka.format_rupiah(nilai)
    tanda = -1 if teks.startswith("-") else 1
    jumlah = D(teks.removeprefix("-").removeprefix("Rp ").replace(".", ""))
    assert tanda * jumlah == angka.bulatkan_rupiah(nilai)
    assert "," not in teks
