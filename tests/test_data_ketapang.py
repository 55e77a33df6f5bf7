"""The Ketapang 2023 reference data says what the original document says."""

import itertools
import re
import string
from decimal import Decimal

import pytest

from iki.set_iki.data import ketapang_2023 as data

INDIKATOR = {i["kode"]: i for i in data.INDIKATOR}
JABATAN = {j["kode"]: j for j in data.JABATAN}
VARIABEL = {v["kode"]: v for i in data.INDIKATOR for v in i["variabel"]}
KONSTANTA = {k["kode"]: k for k in data.KONSTANTA}
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
PEMBAGIAN = re.compile(r"([A-Za-z_]\w*)\s*/\s*([A-Za-z_]\w*)")
PLACEHOLDERS = {
    "nama_unit",
    "nama_kabupaten",
    "tahun",
    "renstra_mulai",
    "renstra_selesai",
    "nomor_keputusan",
    "jabatan_pimpinan",
}


def baris_of(kode_jabatan):
    return [b for b in data.BARIS if b["jabatan"] == kode_jabatan]


def sasaran_runs(baris):
    return [key for key, _ in itertools.groupby(baris, key=lambda b: b["sasaran"])]


# --- header facts -------------------------------------------------------------------------


def test_header_facts_are_those_of_the_original():
    assert data.KABUPATEN == {"kode": "sampang", "nama": "Sampang"}
    assert data.UNIT["nama"] == "Kantor Kecamatan Ketapang"
    assert data.UNIT["kode_surat"] == "434.512"
    assert data.UNIT["kode_pos"] == "69261"
    assert data.TAHUN["tahun"] == 2023
    assert data.TAHUN["renstra"] == (2019, 2024)
    assert data.TAHUN["nomor_keputusan"] == "188/     /KEP/434.512/2023"


def test_jumlah_desa_is_twenty():
    assert KONSTANTA["jumlah_desa"]["nilai"] == Decimal("20")


# --- jabatan ------------------------------------------------------------------------------


def test_there_are_six_jabatan_with_unique_codes():
    assert len(data.JABATAN) == 6
    assert len(JABATAN) == 6


@pytest.mark.parametrize(
    ("kode", "jumlah_tugas", "jumlah_fungsi"),
    [
        ("sekcam", 1, 6),
        ("kasubag_umum", 11, 0),
        ("kasubag_keuangan", 7, 0),
        ("kasi_pemerintahan", 13, 0),
        ("kasi_trantib", 9, 0),
        ("kasi_pmd_kesos", 17, 0),
    ],
)
def test_tugas_and_fungsi_counts_match_the_original(kode, jumlah_tugas, jumlah_fungsi):
    assert len(JABATAN[kode]["tugas"]) == jumlah_tugas
    assert len(JABATAN[kode]["fungsi"]) == jumlah_fungsi


def test_jabatan_are_in_document_order():
    assert [j["kode"] for j in data.JABATAN] == [
        "sekcam",
        "kasubag_umum",
        "kasubag_keuangan",
        "kasi_pemerintahan",
        "kasi_trantib",
        "kasi_pmd_kesos",
    ]


def test_tugas_items_carry_no_list_letters():
    for jabatan in data.JABATAN:
        for teks in jabatan["tugas"] + jabatan["fungsi"]:
            assert not re.match(r"^[a-q]\.\s", teks), teks
            assert teks == teks.strip()


def test_tugas_texts_match_the_reference():
    assert JABATAN["sekcam"]["tugas"][0].startswith("Sekretariat Kecamatan mempunyai tugas membantu camat")
    assert JABATAN["sekcam"]["fungsi"][1] == "Pengelolaan urusan keuangan kecamatan;"
    assert JABATAN["kasubag_umum"]["tugas"][9] == "Melakukan upaya peningkatan dan pengawasan disiplin pegawai; dan"
    assert JABATAN["kasubag_keuangan"]["tugas"][4] == "Melaksanakan pengelolaan pembayaran gaji pegawai;"
    assert JABATAN["kasi_pemerintahan"]["tugas"][5] == (
        "Melakukan pembinaan teknis administrasi pertanahan/keagrariaan;"
    )
    assert JABATAN["kasi_trantib"]["tugas"][-1] == "Melaksanakan tugas lain yang diberikan oleh Camat."
    assert JABATAN["kasi_pmd_kesos"]["tugas"][8] == "Menyusun rencana kerja Seksi Kesejahteraan Rakyat;"


def test_tugas_headings_that_differ_from_the_jabatan_are_kept():
    assert JABATAN["kasubag_keuangan"]["judul_tugas"] == "Sub Bagian Keuangan dan Program"
    assert JABATAN["kasi_pmd_kesos"]["judul_tugas"] == "Seksi Pemberdayaan Masyarakat Desa"


def test_every_jabatan_but_the_sekcam_is_verified_by_the_sekcam():
    assert JABATAN["sekcam"]["atasan"] is None
    for kode, jabatan in JABATAN.items():
        if kode != "sekcam":
            assert jabatan["atasan"] == "sekcam"


# --- rows ---------------------------------------------------------------------------------


def test_there_are_31_rows():
    assert len(data.BARIS) == 31


@pytest.mark.parametrize(
    ("kode", "jumlah"),
    [
        ("sekcam", 10),
        ("kasubag_umum", 3),
        ("kasubag_keuangan", 3),
        ("kasi_pemerintahan", 7),
        ("kasi_trantib", 2),
        ("kasi_pmd_kesos", 6),
    ],
)
def test_rows_per_jabatan(kode, jumlah):
    assert len(baris_of(kode)) == jumlah


def test_rows_are_grouped_by_jabatan_in_document_order():
    urutan = [key for key, _ in itertools.groupby(b["jabatan"] for b in data.BARIS)]
    assert urutan == [j["kode"] for j in data.JABATAN]


def test_every_row_refers_to_existing_jabatan_indikator_and_sasaran():
    for baris in data.BARIS:
        assert baris["jabatan"] in JABATAN
        assert baris["indikator"] in INDIKATOR
        assert baris["sasaran"] in data.SASARAN
        assert baris["teks_indikator"]


def test_sasaran_runs_total_eleven():
    runs = {j["kode"]: len(sasaran_runs(baris_of(j["kode"]))) for j in data.JABATAN}
    assert runs == {
        "sekcam": 3,
        "kasubag_umum": 1,
        "kasubag_keuangan": 1,
        "kasi_pemerintahan": 3,
        "kasi_trantib": 1,
        "kasi_pmd_kesos": 2,
    }
    assert sum(runs.values()) == 11


def test_sasaran_are_distinct_and_all_used():
    assert len(set(data.SASARAN)) == len(data.SASARAN)
    assert {b["sasaran"] for b in data.BARIS} == set(data.SASARAN)


def test_the_duplicate_row_of_jabatan_4_is_kept():
    baris = baris_of("kasi_pemerintahan")
    pertama = [b for b in baris if b["sasaran"] == baris[0]["sasaran"]][:3]
    assert [b["indikator"] for b in pertama] == ["adminduk", "pertanahan", "adminduk"]
    assert pertama[0] == pertama[2]


def test_no_other_jabatan_repeats_an_indicator():
    for jabatan in data.JABATAN:
        kode = [b["indikator"] for b in baris_of(jabatan["kode"])]
        dobel = {k for k in kode if kode.count(k) > 1}
        assert dobel == ({"adminduk"} if jabatan["kode"] == "kasi_pemerintahan" else set())


def test_perijinan_row_under_sekcam_has_blank_sumber_data():
    (baris,) = [
        b
        for b in baris_of("sekcam")
        if b["teks_indikator"] == "Prosentase penyelesaian pelayanan perijinan tepat waktu"
    ]
    assert baris["sumber_data"] == ""
    assert all(b["sumber_data"] for b in data.BARIS if b is not baris)


def test_rows_keep_the_spelling_printed_in_each_table():
    assert baris_of("sekcam")[0]["sasaran"] == (
        "Meningkatkan kinerja pelayanan Perijinan dan administrasi Kependudukan"
    )
    assert baris_of("kasi_trantib")[0]["sumber_data"] == "Polsek Kec. Ketapang"
    assert baris_of("sekcam")[4]["sumber_data"] == "Polsek"
    assert baris_of("kasi_pmd_kesos")[0]["sumber_data"] == "Musrenbangdes"
    assert baris_of("kasubag_keuangan")[1]["teks_indikator"] == (
        "Prosentase Penyelesaian laporan pertanggungjawaban kecamatan tepat waktu"
    )


def jabatan_of(kode_indikator):
    return {b["jabatan"] for b in data.BARIS if b["indikator"] == kode_indikator}


def test_ikm_appears_under_two_jabatan():
    assert jabatan_of("ikm") == {"sekcam", "kasi_pemerintahan"}


def test_usulan_anggaran_desa_appears_under_three_jabatan():
    assert jabatan_of("apbdes") == {"sekcam", "kasi_pemerintahan", "kasi_pmd_kesos"}


def test_perencanaan_appears_under_three_jabatan():
    assert jabatan_of("perencanaan") == {"kasubag_umum", "kasubag_keuangan", "kasi_pmd_kesos"}


# --- indicators and variables -------------------------------------------------------------


def test_there_are_17_indicators_with_unique_codes_all_used():
    assert len(data.INDIKATOR) == 17
    assert len(INDIKATOR) == 17
    assert {b["indikator"] for b in data.BARIS} == set(INDIKATOR)


def test_indicator_fields_take_allowed_values():
    for ind in data.INDIKATOR:
        assert ind["satuan"] in {"%", "indeks", "kasus"}
        assert ind["polaritas"] in {"naik", "turun"}
        assert ind["jenis"] in {"rumus", "survei", "selisih"}
        assert ind["sifat_target"] in {"tetap", "proporsional"}
        assert ind["penanggung_jawab"] in JABATAN
        assert ind["nama"] and ind["sumber_data"]
        for var in ind["variabel"]:
            assert var["cara_gabung"] in {"jumlah", "terakhir", "rata"}
            assert var["pengisi"] in JABATAN
            assert var["nama"] and var["satuan"]


def test_only_angka_kriminalitas_is_lower_is_better_and_proportional():
    turun = {k for k, i in INDIKATOR.items() if i["polaritas"] == "turun"}
    proporsional = {k for k, i in INDIKATOR.items() if i["sifat_target"] == "proporsional"}
    assert turun == proporsional == {"kriminalitas"}
    assert INDIKATOR["kriminalitas"]["jenis"] == "selisih"
    assert INDIKATOR["kriminalitas"]["satuan"] == "kasus"


def test_ikm_is_a_survey_without_variables():
    ikm = INDIKATOR["ikm"]
    assert ikm["jenis"] == "survei"
    assert ikm["satuan"] == "indeks"
    assert ikm["rumus"] == ""
    assert ikm["variabel"] == []
    assert ikm["penjelasan"] == (
        "(Total nilai dari nilai persepsi per unsur : Total unsur yang terisi) \u00d7 nilai tertimbang"
    )
    assert all(i["penjelasan"] == "" for k, i in INDIKATOR.items() if k != "ikm")


def test_variable_codes_are_unique_across_the_unit_year():
    kode = [v["kode"] for i in data.INDIKATOR for v in i["variabel"]]
    assert len(kode) == len(set(kode))
    assert not set(kode) & set(KONSTANTA)
    assert "target" not in kode


def test_every_formula_uses_only_its_own_variables_and_allowed_names():
    for ind in data.INDIKATOR:
        if ind["jenis"] == "survei":
            continue
        names = set(IDENTIFIER.findall(ind["rumus"]))
        own = {v["kode"] for v in ind["variabel"]}
        allowed = own | {"jumlah_desa"} | ({"target"} if ind["jenis"] == "selisih" else set())
        assert names <= allowed, (ind["kode"], names - allowed)
        assert own <= names, (ind["kode"], own - names)


def test_variable_names_use_the_wording_of_the_printed_formula():
    assert VARIABEL["ktp_tepat"]["nama"] == "Jumlah KTP, KK dan Akta yang diproses tepat waktu"
    assert VARIABEL["ktp_usulan"]["nama"] == "Jumlah usulan pembuatan KTP, KK dan Akta"
    assert VARIABEL["sp2d_gaji"]["nama"] == "SP2D gaji yang dicairkan"


def test_counts_over_the_desa_are_states():
    for ind in data.INDIKATOR:
        if "jumlah_desa" in ind["rumus"]:
            assert [v["cara_gabung"] for v in ind["variabel"]] == ["terakhir"]


# --- narrative ----------------------------------------------------------------------------


def test_narasi_has_every_section():
    assert set(data.NARASI) == {
        "latar_belakang",
        "maksud_tujuan",
        "manfaat",
        "pengantar_bab2",
        "syarat",
        "kriteria",
        "dasar_penetapan",
        "iki_unit",
        "langkah_penentuan",
        "kegunaan",
        "penutup",
    }


def test_narasi_uses_only_known_placeholders():
    for kunci, teks in data.NARASI.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(teks) if f is not None}
        assert fields <= PLACEHOLDERS, (kunci, fields - PLACEHOLDERS)


def test_narasi_formats_with_every_placeholder():
    konteks = data.konteks_narasi()
    assert set(konteks) == PLACEHOLDERS
    teks = {k: v.format(**konteks) for k, v in data.NARASI.items()}
    semua = "\n".join(teks.values())
    assert "Kantor Kecamatan Ketapang" in teks["latar_belakang"]
    assert "Kantor Kecamatan Ketapang Kabupaten Sampang Tahun 2023" in teks["penutup"]
    assert "Keputusan Camat Ketapang Nomor : 188/     /KEP/434.512/2023" in semua
    assert "2019 \u2013 2024" in teks["penutup"]
    assert "{" not in semua and "}" not in semua


def test_narasi_formats_for_another_unit():
    konteks = dict(
        data.konteks_narasi(),
        nama_unit="Kantor Kecamatan Omben",
        jabatan_pimpinan="Camat Omben",
        nomor_keputusan="188/12/KEP/434.513/2024",
        tahun=2024,
    )
    teks = "\n".join(v.format(**konteks) for v in data.NARASI.values())
    assert "Ketapang" not in teks
    assert "Kantor Kecamatan Omben Kabupaten Sampang Tahun 2024" in teks


def test_narasi_lists_are_numbered_lines():
    nomor = [int(m) for m in re.findall(r"^(\d+)\. ", data.NARASI["manfaat"], flags=re.MULTILINE)]
    assert nomor == [1, 2, 3]
    assert data.NARASI["kegunaan"].splitlines()[-1] == (
        "6. Pemantauan dan Pengendalian kinerja pelaksanaan program dan kegiatan"
    )


# --- demo data ----------------------------------------------------------------------------


def test_target_contoh_covers_every_indicator_with_plausible_values():
    assert set(data.TARGET_CONTOH) == set(INDIKATOR)
    for kode, target in data.TARGET_CONTOH.items():
        assert isinstance(target, Decimal)
        if INDIKATOR[kode]["satuan"] == "%":
            assert Decimal(80) <= target <= Decimal(100)
    assert data.TARGET_CONTOH["ikm"] == Decimal(80)
    assert data.TARGET_CONTOH["kriminalitas"] == Decimal(12)


def test_realisasi_contoh_is_deterministic():
    assert data.realisasi_contoh() == data.realisasi_contoh()
    assert data.realisasi_contoh(7) == data.realisasi_contoh(7)
    assert data.realisasi_contoh(7) != data.realisasi_contoh()


@pytest.fixture(params=[2023, 1, 99])
def realisasi(request):
    return data.realisasi_contoh(request.param)


def test_realisasi_contoh_covers_every_variable_and_month(realisasi):
    assert set(realisasi) == set(VARIABEL)
    for seri in realisasi.values():
        assert list(seri) == list(range(1, 13))
        for nilai in seri.values():
            assert isinstance(nilai, int) and nilai >= 0


def test_realisasi_contoh_numerators_never_exceed_denominators(realisasi):
    for ind in data.INDIKATOR:
        for pembilang, penyebut in PEMBAGIAN.findall(ind["rumus"]):
            for bulan in range(1, 13):
                atas = realisasi[pembilang][bulan]
                if penyebut == "jumlah_desa":
                    assert atas <= KONSTANTA["jumlah_desa"]["nilai"]
                else:
                    assert atas <= realisasi[penyebut][bulan], (pembilang, penyebut, bulan)


def test_realisasi_contoh_states_never_fall(realisasi):
    for kode, var in VARIABEL.items():
        if var["cara_gabung"] == "terakhir":
            nilai = list(realisasi[kode].values())
            assert nilai == sorted(nilai), kode


def test_realisasi_contoh_crime_counts_stay_small(realisasi):
    assert all(0 <= n <= 3 for n in realisasi["kejadian_kriminalitas"].values())
