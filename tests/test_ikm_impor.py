"""The IKM questionnaire workbook (iki.ikm.impor): each row is checked by the entry form's rules
(FormKuesioner's fields and checks, the model's validators) and every error keeps the import's
located wording."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iki.ikm import forms as ikm_forms
from iki.ikm.forms import FormKuesioner
from iki.ikm.impor import baca_excel
from iki.models.ikm import JenisLayanan, SurveiIKM
from tests.test_ikm_views import buku_excel

pytestmark = pytest.mark.django_db

HARI_INI = date(2024, 1, 15)
BAIK = [1, date(2023, 4, 3), "KTP", 30, "L", "SMA", "Swasta", 4, 4, 3, 3, 4, 4, 3, 3, 4]


@pytest.fixture
def survei(dunia):
    JenisLayanan.objects.create(unit=dunia.unit_a, nama="KTP")
    JenisLayanan.objects.create(unit=dunia.unit_a, nama="Akta Tanah", aktif=False)
    return SurveiIKM.objects.create(unit=dunia.unit_a, tahun=2023, jenis="tw", nomor=2)


def baca(survei, baris, *, hari_ini=HARI_INI, **kw):
    layanan = list(JenisLayanan.objects.filter(unit=survei.unit))
    return baca_excel(buku_excel(baris, **kw), survei=survei, layanan=layanan, hari_ini=hari_ini)


def dengan(**ubah) -> list:
    kolom = {"tanggal": 1, "layanan": 2, "umur": 3, "jk": 4, "pendidikan": 5, "pekerjaan": 6, "u1": 7, "u9": 15}
    baris = list(BAIK)
    for k, v in ubah.items():
        baris[kolom[k]] = v
    return baris


@pytest.mark.parametrize(
    "ubah, pesan",
    [
        ({"tanggal": None}, "Baris 2, kolom B (Tanggal): tanggal wajib diisi."),
        ({"tanggal": "31/02/2023"}, "Baris 2, kolom B (Tanggal): “31/02/2023” bukan tanggal (contoh 5/6/2023)."),
        ({"tanggal": 45000}, "Baris 2, kolom B (Tanggal): “45000” bukan tanggal (contoh 5/6/2023)."),
        (
            {"tanggal": date(2023, 8, 1)},
            "Baris 2, kolom B (Tanggal): 1 Agustus 2023 di luar periode survei TW II 2023.",
        ),
        (
            {"layanan": "Paspor"},
            "Baris 2, kolom C (Jenis Layanan): layanan “Paspor” tidak ada dalam daftar layanan unit.",
        ),
        ({"umur": 7}, "Baris 2, kolom D (Umur): “7” bukan umur yang wajar (10–120 tahun)."),
        ({"umur": 121}, "Baris 2, kolom D (Umur): “121” bukan umur yang wajar (10–120 tahun)."),
        ({"umur": "tiga puluh"}, "Baris 2, kolom D (Umur): “tiga puluh” bukan umur yang wajar (10–120 tahun)."),
        ({"umur": -5}, "Baris 2, kolom D (Umur): “-5” bukan umur yang wajar (10–120 tahun)."),
        ({"jk": "X"}, "Baris 2, kolom E (Jenis Kelamin): “X” tidak dikenal; isi salah satu dari L atau P."),
        (
            {"pendidikan": "SMK"},
            "Baris 2, kolom F (Pendidikan): “SMK” tidak dikenal; isi salah satu dari SD, SMP, SMA, D1-D3, D4/S1, "
            "S2, S3.",
        ),
        (
            {"pekerjaan": "Petani"},
            "Baris 2, kolom G (Pekerjaan): “Petani” tidak dikenal; isi salah satu dari PNS, TNI, POLRI, Swasta, "
            "Wirausaha, Lainnya.",
        ),
        ({"u1": 0}, "Baris 2, kolom H (U1): “0” bukan jawaban 1, 2, 3 atau 4."),
        ({"u1": "empat"}, "Baris 2, kolom H (U1): “empat” bukan jawaban 1, 2, 3 atau 4."),
        ({"u9": "=4"}, "Baris 2, kolom P (U9): “=4” bukan jawaban 1, 2, 3 atau 4."),
        ({"u9": 3.5}, "Baris 2, kolom P (U9): “3.5” bukan jawaban 1, 2, 3 atau 4."),
    ],
)
def test_each_broken_cell_is_refused_where_it_is(survei, ubah, pesan):
    hasil = baca(survei, [dengan(**ubah)])
    assert hasil.kesalahan == [pesan] and hasil.baris == []


def test_a_row_without_any_answer_is_refused(survei):
    hasil = baca(survei, [[1, date(2023, 4, 3), None, None, None, None, None, *[None] * 9]])
    assert hasil.kesalahan == ["Baris 2: tidak ada jawaban unsur U1–U9."]


def test_a_missing_column_refuses_the_sheet(survei):
    hasil = baca(survei, [BAIK[:-1]], judul=["No", "Tanggal", "Jenis Layanan", "Umur", "Jenis Kelamin", "Pendidikan",
                                              "Pekerjaan", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8"])  # fmt: skip
    assert hasil.kesalahan == [
        "Lembar “Kuesioner”: kolom U9 tidak ditemukan pada baris judul (baris 1). Gunakan templat yang disediakan."
    ]


@pytest.mark.parametrize(
    "ubah, nilai",
    [
        ({}, {"jenis_kelamin": "L", "pendidikan": "sma", "pekerjaan": "swasta", "umur": 30, "u1": 4, "u9": 4}),
        ({"tanggal": "5/6/2023"}, {"tanggal": date(2023, 6, 5)}),
        ({"tanggal": "2023-06-05"}, {"tanggal": date(2023, 6, 5)}),
        ({"layanan": "akta tanah"}, {"layanan": "Akta Tanah"}),  # an inactive service is still the unit's
        ({"jk": "Perempuan"}, {"jenis_kelamin": "P"}),
        ({"jk": "laki-laki"}, {"jenis_kelamin": "L"}),
        ({"pendidikan": "D4/S1", "pekerjaan": "PNS"}, {"pendidikan": "d4_s1", "pekerjaan": "pns"}),
        ({"pendidikan": "d1_d3"}, {"pendidikan": "d1_d3"}),
        ({"umur": "45", "u1": "2", "u9": 1.0}, {"umur": 45, "u1": 2, "u9": 1}),
        ({"u1": " 04 ", "u9": None}, {"u1": 4, "u9": None}),  # a blank answer is a blank on paper
        ({"layanan": None, "umur": None, "jk": None, "pendidikan": None, "pekerjaan": None},
         {"layanan": None, "umur": None, "jenis_kelamin": "", "pendidikan": "", "pekerjaan": ""}),
    ],
)
def test_what_the_template_allows_is_read_as_the_form_reads_it(survei, ubah, nilai):
    hasil = baca(survei, [dengan(**ubah)])
    assert hasil.kesalahan == []
    (baris,) = hasil.baris
    baris = {**baris, "layanan": baris["layanan"].nama if baris["layanan"] else None}
    assert {k: baris[k] for k in nilai} == nilai


def test_jenis_kelamin_is_one_list_for_the_form_and_the_import(survei):
    for teks, kode in ikm_forms.JENIS_KELAMIN.items():
        assert baca(survei, [dengan(jk=teks.upper())]).baris[0]["jenis_kelamin"] == kode
        kosong = "U2,U3,U4,U5,U6,U7,U8,U9"
        data = {"tanggal": "03/04/2023", "jenis_kelamin": teks, "U1": "4", "kosong_dikonfirmasi": kosong}
        form = FormKuesioner(data, survei=survei, hari_ini=HARI_INI)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["jenis_kelamin"] == kode


def test_every_answer_goes_through_the_entry_forms_field(survei, monkeypatch):
    dibaca = []
    asli = ikm_forms.FieldJawaban.clean

    def catat(self, value):
        dibaca.append((self.unsur.kode, value))
        return asli(self, value)

    monkeypatch.setattr(ikm_forms.FieldJawaban, "clean", catat)
    baca(survei, [BAIK, BAIK])
    assert len(dibaca) == 18 and dibaca[0] == ("U1", "4")


def test_a_date_after_today_is_refused_by_the_forms_rule(survei):
    hasil = baca(survei, [dengan(tanggal=date(2023, 6, 30))], hari_ini=date(2023, 6, 10))
    assert hasil.kesalahan == [
        "Baris 2, kolom B (Tanggal): 30 Juni 2023 belum tiba (hari ini 10 Juni 2023); kuesioner tidak dapat "
        "bertanggal setelah hari ini."
    ]


def test_rows_are_checked_without_a_query_each(survei):
    with CaptureQueriesContext(connection) as satu:
        assert baca(survei, [BAIK]).kesalahan == []
    with CaptureQueriesContext(connection) as banyak:
        assert len(baca(survei, [BAIK] * 50).baris) == 50
    assert len(banyak) == len(satu)
