"""Survei IKM screens: periods, questionnaire and tally entry, Excel import, results, reports,
the IKM feed into the IKI, and who may do what (operator and staf of the unit write; camat,
pemantau and verifikator read; another unit's survey is not found)."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iki.ikm import hitung as ikm
from iki.ikm.sumber import nilai_ikm, nilai_ikm_banyak
from iki.inti.perhitungan import Periode
from iki.models.ikm import JenisLayanan, Kuesioner, RekapIKM, SurveiIKM

pytestmark = pytest.mark.django_db

PUBLIK = [105, 101, 100, 116, 102, 105, 106, 105, 115]  # design.md §3.4, 29 respondents → 91,48 A


# --- helpers -------------------------------------------------------------------------------------


def buat_survei(unit, periode="tw2", tahun=2023, populasi=None, **extra):
    p = Periode.dari_kode(periode)
    return SurveiIKM.objects.create(unit=unit, tahun=tahun, jenis=p.jenis, nomor=p.nomor, populasi=populasi, **extra)


def isi(survei, daftar_jawaban, tanggal=None, **profil):
    """Questionnaires straight into the database: each item is 9 answers (None = blank)."""
    tanggal = tanggal or survei.tanggal_awal
    awal = Kuesioner.objects.filter(survei=survei).count()
    for i, jawaban in enumerate(daftar_jawaban, start=1):
        nilai = dict(zip((k.lower() for k in ikm.KODE_UNSUR), jawaban, strict=True))
        Kuesioner.objects.create(survei=survei, nomor=awal + i, tanggal=tanggal, **profil, **nilai)


def rekap_publik(survei):
    """The public worked example as a tally of 29 respondents (answers 3 and 4 only)."""
    RekapIKM.objects.filter(survei=survei).delete()
    r = RekapIKM.objects.create(survei=survei, jumlah_responden=29)
    for kode, s in zip(ikm.KODE_UNSUR, PUBLIK, strict=True):
        r.unsur.create(unsur=kode, n3=29 - (s - 87), n4=s - 87)


def data_kuesioner(survei, jawaban="443344334", **lain):
    data = {
        "tanggal": survei.tanggal_awal.isoformat(),
        "layanan": "",
        "umur": "34",
        "jenis_kelamin": "P",
        "pendidikan": "sma",
        "pekerjaan": "wirausaha",
        "kosong_dikonfirmasi": "",
    }
    data.update({k: c.strip() for k, c in zip(ikm.KODE_UNSUR, jawaban, strict=True)})
    data.update(lain)
    return data


def data_rekap(n, baris=None):
    data = {"jumlah_responden": str(n)}
    for kode in ikm.KODE_UNSUR:
        n1, n2, n3, n4, kosong = (baris or {}).get(kode, (0, 0, 0, n, 0))
        data.update({f"{kode}_n1": n1, f"{kode}_n2": n2, f"{kode}_n3": n3, f"{kode}_n4": n4, f"{kode}_kosong": kosong})
    return data


def buku_excel(baris, judul=None, lembar="Kuesioner"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = lembar
    ws.append(judul or ["No", "Tanggal", "Jenis Layanan", "Umur", "Jenis Kelamin", "Pendidikan", "Pekerjaan",
                        *ikm.KODE_UNSUR])  # fmt: skip
    for b in baris:
        ws.append(b)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def unggah(data, nama="kuesioner.xlsx"):
    return SimpleUploadedFile(nama, data, content_type="application/octet-stream")


@pytest.fixture
def survei_a(dunia):
    JenisLayanan.objects.create(unit=dunia.unit_a, nama="KTP", urutan=1)
    JenisLayanan.objects.create(unit=dunia.unit_a, nama="Akta Tanah", urutan=2)
    return buat_survei(dunia.unit_a, "tw2", populasi=1000)


@pytest.fixture
def survei_b(dunia):
    return buat_survei(dunia.unit_b, "tw2")


# --- periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize("pengguna", ["operator_a", "staf_a"])
def test_operator_and_staf_create_a_survey_period(masuk, dunia, pengguna):
    response = masuk(pengguna).post(
        "/ikm/unit/ketapang/2023/baru/",
        {"periode": "tw2", "populasi_teks": "1.200", "metode": "Kuesioner tertulis.", "rencana_tindak_lanjut": ""},
    )
    survei = SurveiIKM.objects.get(unit=dunia.unit_a, tahun=2023)
    assert (survei.jenis, survei.nomor, survei.populasi, survei.label) == ("tw", 2, 1200, "TW II 2023")
    assert survei.dibuat_oleh == dunia.user(pengguna)
    assert response["Location"] == reverse("ikm_kuesioner", args=[survei.pk])


@pytest.mark.parametrize(("kode", "jenis", "nomor"), [("5", "bulan", 5), ("s1", "semester", 1), ("tahun", "tahun", 0)])
def test_periods_map_to_iki_period_codes(masuk, dunia, kode, jenis, nomor):
    masuk("operator_a").post("/ikm/unit/ketapang/2024/baru/", {"periode": kode, "metode": "m"})
    survei = SurveiIKM.objects.get(unit=dunia.unit_a, tahun=2024)
    assert (survei.jenis, survei.nomor) == (jenis, nomor)
    assert survei.periode == Periode.dari_kode(kode)


def test_an_overlapping_period_is_refused_so_no_month_is_counted_twice(masuk, survei_a):
    response = masuk("operator_a").post("/ikm/unit/ketapang/2023/baru/", {"periode": "5", "metode": "m"})
    assert "tumpang tindih dengan survei TW II 2023" in response.content.decode()
    assert SurveiIKM.objects.filter(unit=survei_a.unit).count() == 1


@pytest.mark.parametrize("populasi", ["-5", "abc", "1.5", "99999999999999"])
def test_bad_population_is_refused_with_a_message(masuk, dunia, populasi):
    response = masuk("operator_a").post(
        "/ikm/unit/ketapang/2023/baru/", {"periode": "tw1", "populasi_teks": populasi, "metode": "m"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["populasi_teks"]
    assert not SurveiIKM.objects.exists()


def test_unknown_period_code_is_refused(masuk, dunia):
    response = masuk("operator_a").post("/ikm/unit/ketapang/2023/baru/", {"periode": "tw9", "metode": "m"})
    assert response.context["form"].errors["periode"]
    assert not SurveiIKM.objects.exists()


@pytest.mark.parametrize("pengguna", ["camat_a", "pemantau", "verifikator_a"])
def test_read_only_roles_cannot_create_periods(masuk, dunia, pengguna):
    response = masuk(pengguna).post("/ikm/unit/ketapang/2023/baru/", {"periode": "tw1", "metode": "m"})
    assert response.status_code == 403
    assert not SurveiIKM.objects.exists()


def test_operator_of_another_unit_gets_404_creating_here(masuk, dunia):
    response = masuk("operator_b").post("/ikm/unit/ketapang/2023/baru/", {"periode": "tw1", "metode": "m"})
    assert response.status_code == 404
    assert not SurveiIKM.objects.exists()


def test_wrong_method_gets_405(masuk, survei_a):
    client = masuk("operator_a")
    assert client.put("/ikm/unit/ketapang/2023/baru/").status_code == 405
    assert client.post(f"/ikm/survei/{survei_a.pk}/").status_code == 405
    assert client.get(reverse("ikm_layanan_hapus", args=[JenisLayanan.objects.first().pk])).status_code == 405
    assert client.post(reverse("ikm_laporan_pdf", args=[survei_a.pk])).status_code == 405


def test_year_page_lists_periods_with_ikm_for_readers(masuk, survei_a):
    rekap_publik(survei_a)
    tw1 = buat_survei(survei_a.unit, "tw1")
    isi(tw1, [[4] * 9] * 3)
    html = masuk("camat_a").get("/ikm/unit/ketapang/2023/").content.decode()
    assert "TW I 2023" in html and "TW II 2023" in html
    assert "91,48" in html and "100,00" in html
    assert "Buat periode survei" not in html  # the camat reads only
    # The year pooled: 29 + 3 respondents, not the mean of 91,48 and 100.
    assert "Seluruh tahun 2023" in html
    assert html.index("TW I 2023") < html.index("TW II 2023")


def test_year_page_says_which_iki_rows_the_value_feeds(masuk, dunia):
    html = masuk("operator_a").get("/ikm/unit/ketapang/2023/").content.decode()
    assert "Sekretaris Kecamatan Ketapang" in html
    assert "Kepala Seksi Pemerintahan" in html


def test_staf_of_another_unit_gets_404_on_the_year_page(masuk, dunia):
    assert masuk("staf_b").get("/ikm/unit/ketapang/2023/").status_code == 404


def test_pemantau_reads_any_unit_of_the_kabupaten(masuk, survei_a, survei_b):
    client = masuk("pemantau")
    assert client.get("/ikm/unit/banyuates/2023/").status_code == 200
    assert client.get(f"/ikm/survei/{survei_a.pk}/").status_code == 200
    html = client.get("/ikm/").content.decode()
    assert "Kantor Kecamatan Ketapang" in html and "Kantor Kecamatan Banyuates" in html


def test_ikm_home_sends_unit_users_to_their_units_latest_year(masuk, dunia):
    response = masuk("staf_a").get("/ikm/")
    assert response["Location"] == "/ikm/unit/ketapang/2023/"  # the year of the unit's IKI set
    buat_survei(dunia.unit_a, "tw1", tahun=2024)
    assert masuk("staf_a").get("/ikm/")["Location"] == "/ikm/unit/ketapang/2024/"


def test_year_out_of_range_is_404(masuk, dunia):
    assert masuk("operator_a").get("/ikm/unit/ketapang/1900/").status_code == 404


def test_editing_a_period_keeps_its_period_and_escapes_text(masuk, survei_a):
    client = masuk("staf_a")
    response = client.post(
        f"/ikm/survei/{survei_a.pk}/ubah/",
        {"populasi_teks": "2.500", "metode": "Wawancara", "rencana_tindak_lanjut": "<script>alert(1)</script> Antrean",
         "periode": "tw4"},
    )  # fmt: skip
    assert response.status_code == 302
    survei_a.refresh_from_db()
    assert (survei_a.populasi, survei_a.metode, survei_a.nomor) == (2500, "Wawancara", 2)
    html = client.get(f"/ikm/survei/{survei_a.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Antrean" in html
    assert "sampel minimal 335" in html  # Krejcie–Morgan: 2.500 lies between rows, the 2.600 row gives 335


def test_only_the_operator_deletes_a_period_with_its_answers(masuk, survei_a):
    isi(survei_a, [[4] * 9])
    assert masuk("staf_a").post(f"/ikm/survei/{survei_a.pk}/hapus/").status_code == 403
    client = masuk("operator_a")
    assert "1</strong> kuesioner" in client.get(f"/ikm/survei/{survei_a.pk}/hapus/").content.decode()
    response = client.post(f"/ikm/survei/{survei_a.pk}/hapus/")
    assert response["Location"] == "/ikm/unit/ketapang/2023/"
    assert not SurveiIKM.objects.filter(pk=survei_a.pk).exists()
    assert not Kuesioner.objects.exists()


def test_operator_of_another_unit_cannot_delete(masuk, survei_a):
    assert masuk("operator_b").post(f"/ikm/survei/{survei_a.pk}/hapus/").status_code == 404
    assert SurveiIKM.objects.filter(pk=survei_a.pk).exists()


def test_every_entry_page_opens_for_the_operator(masuk, survei_a):
    isi(survei_a, [[4] * 9])
    k = Kuesioner.objects.get()
    layanan = JenisLayanan.objects.get(nama="KTP")
    client = masuk("operator_a")
    halaman = {
        "/ikm/unit/ketapang/2023/baru/": "Survei baru",
        f"/ikm/survei/{survei_a.pk}/ubah/": "Periode tidak dapat diubah",
        f"/ikm/survei/{survei_a.pk}/kuesioner/": 'id="nomor-berikut">2<',
        f"/ikm/kuesioner/{k.pk}/ubah/": "Ubah kuesioner no. 1",
        f"/ikm/survei/{survei_a.pk}/rekap/": "Rekap jawaban per unsur",
        f"/ikm/survei/{survei_a.pk}/impor/": "Unduh templat Excel",
        f"/ikm/layanan/{layanan.pk}/ubah/": "Ubah layanan",
        "/ikm/unit/ketapang/layanan/": "Tambah layanan",
    }
    for url, teks in halaman.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert teks in response.content.decode(), url


# --- services ------------------------------------------------------------------------------------


def test_staf_adds_renames_and_deletes_services(masuk, dunia):
    client = masuk("staf_a")
    client.post("/ikm/unit/ketapang/layanan/", {"nama": "  Surat   Pindah ", "urutan": "3", "aktif": "on"})
    layanan = JenisLayanan.objects.get(unit=dunia.unit_a)
    assert layanan.nama == "Surat Pindah"
    response = client.post("/ikm/unit/ketapang/layanan/", {"nama": "surat pindah", "urutan": "1"})
    assert "sudah ada" in response.content.decode()
    client.post(f"/ikm/layanan/{layanan.pk}/ubah/", {"nama": "Surat Pindah Penduduk", "urutan": "1"})
    layanan.refresh_from_db()
    assert (layanan.nama, layanan.aktif) == ("Surat Pindah Penduduk", False)
    client.post(f"/ikm/layanan/{layanan.pk}/hapus/")
    assert not JenisLayanan.objects.filter(pk=layanan.pk).exists()


def test_a_service_used_by_questionnaires_is_not_deleted(masuk, survei_a):
    ktp = JenisLayanan.objects.get(nama="KTP")
    isi(survei_a, [[4] * 9], layanan=ktp)
    response = masuk("operator_a").post(f"/ikm/layanan/{ktp.pk}/hapus/", follow=True)
    assert "tidak dapat dihapus" in response.content.decode()
    assert JenisLayanan.objects.filter(pk=ktp.pk).exists()


def test_services_are_read_only_for_the_camat_and_hidden_from_other_units(masuk, survei_a):
    ktp = JenisLayanan.objects.get(nama="KTP")
    camat = masuk("camat_a")
    assert "KTP" in camat.get("/ikm/unit/ketapang/layanan/").content.decode()
    assert camat.post("/ikm/unit/ketapang/layanan/", {"nama": "X", "urutan": "1"}).status_code == 403
    assert camat.post(f"/ikm/layanan/{ktp.pk}/hapus/").status_code == 403
    operator_b = masuk("operator_b")
    assert operator_b.get("/ikm/unit/ketapang/layanan/").status_code == 404
    assert operator_b.post(f"/ikm/layanan/{ktp.pk}/ubah/", {"nama": "Y", "urutan": "1"}).status_code == 404
    assert JenisLayanan.objects.filter(unit=survei_a.unit).count() == 2


# --- questionnaire entry -------------------------------------------------------------------------


def test_operator_enters_a_questionnaire_and_the_next_form_carries_date_and_service(masuk, survei_a, dunia):
    ktp = JenisLayanan.objects.get(nama="KTP")
    client = masuk("operator_a")
    url = f"/ikm/survei/{survei_a.pk}/kuesioner/"
    response = client.post(url, data_kuesioner(survei_a, tanggal="2023-05-05", layanan=str(ktp.pk)))
    assert response["Location"] == url
    k = Kuesioner.objects.get(survei=survei_a)
    assert (k.nomor, k.tanggal, k.layanan, k.umur, k.jenis_kelamin, k.pendidikan, k.pekerjaan) == (
        1, date(2023, 5, 5), ktp, 34, "P", "sma", "wirausaha"
    )
    assert k.jawaban == {"U1": 4, "U2": 4, "U3": 3, "U4": 3, "U5": 4, "U6": 4, "U7": 3, "U8": 3, "U9": 4}
    assert k.diisi_oleh == dunia.user("operator_a") and k.history.count() == 1
    response = client.get(url)
    html = response.content.decode()
    assert "Kuesioner no. 1 disimpan." in html
    assert 'id="nomor-berikut">2<' in html
    form = response.context["form"]
    assert form.initial["tanggal"] == date(2023, 5, 5) and form.initial["layanan"] == ktp.pk
    assert "autofocus" in str(form["umur"])


def test_second_questionnaire_gets_the_next_number(masuk, survei_a):
    client = masuk("staf_a")
    for _ in range(3):
        client.post(f"/ikm/survei/{survei_a.pk}/kuesioner/", data_kuesioner(survei_a))
    assert list(Kuesioner.objects.filter(survei=survei_a).values_list("nomor", flat=True)) == [1, 2, 3]


def test_a_blank_unsur_is_saved_only_after_it_is_confirmed(masuk, survei_a):
    client = masuk("operator_a")
    url = f"/ikm/survei/{survei_a.pk}/kuesioner/"
    response = client.post(url, data_kuesioner(survei_a, jawaban="4444444 4"))
    html = response.content.decode()
    assert not Kuesioner.objects.exists()
    assert "Unsur U8 belum diisi" in html
    assert 'name="kosong_dikonfirmasi" value="U8"' in html
    assert "autofocus" in str(response.context["form"]["U8"])
    response = client.post(url, data_kuesioner(survei_a, jawaban="4444444 4", kosong_dikonfirmasi="U8"), follow=True)
    k = Kuesioner.objects.get()
    assert k.u8 is None and k.unsur_kosong == ["U8"]
    assert "Unsur kosong: U8." in response.content.decode()
    # The result counts U8 with one answer fewer, as the formula allows, and shows it.
    rekap_publik(survei_a)
    html = client.get(f"/ikm/survei/{survei_a.pk}/").content.decode()
    assert '<td class="text-end"><strong>1</strong></td>' in html  # one respondent left U8 blank


def test_dates_are_typed_the_indonesian_way(masuk, survei_a):
    client = masuk("operator_a")
    for teks in ("05/06/2023", "5-6-2023", "05062023"):
        client.post(f"/ikm/survei/{survei_a.pk}/kuesioner/", data_kuesioner(survei_a, tanggal=teks))
    assert set(Kuesioner.objects.values_list("tanggal", flat=True)) == {date(2023, 6, 5)}
    assert 'value="05/06/2023"' in client.get(f"/ikm/survei/{survei_a.pk}/kuesioner/").content.decode()


def test_a_confirmation_for_other_blanks_does_not_count(masuk, survei_a):
    response = masuk("operator_a").post(
        f"/ikm/survei/{survei_a.pk}/kuesioner/", data_kuesioner(survei_a, jawaban="4444444  ", kosong_dikonfirmasi="U8")
    )
    assert "Unsur U8, U9 belum diisi" in response.content.decode()
    assert not Kuesioner.objects.exists()


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"U3": "5"}, "Jawaban U3 harus 1, 2, 3 atau 4"),
        ({"U3": "0"}, "Jawaban U3 harus 1, 2, 3 atau 4"),
        ({"U3": "a"}, "Jawaban U3 harus 1, 2, 3 atau 4"),
        ({"U3": "12"}, "Jawaban U3 harus satu angka"),
        ({"U3": "-1"}, "Jawaban U3 harus satu angka"),
        ({"tanggal": "2023-07-01"}, "di luar periode survei TW II 2023 (1 April 2023 – 30 Juni 2023)"),
        ({"tanggal": "kemarin"}, "Tanggal ditulis hh/bb/tttt"),
        ({"tanggal": "31/02/2023"}, "Tanggal ditulis hh/bb/tttt"),
        ({"umur": "abc"}, "Umur ditulis dengan angka"),
        ({"umur": "300"}, "lebih kecil dari atau sama dengan 120"),
        ({"umur": "99999999999999999999"}, "lebih kecil dari atau sama dengan 120"),
        ({"jenis_kelamin": "X"}, "L (laki-laki) atau P (perempuan)"),
        ({"pendidikan": "phd"}, "phd bukan salah satu dari pilihan"),
        ({"layanan": "999999"}, "bukan salah satu dari pilihan"),
    ],
)
def test_bad_questionnaire_input_is_refused_with_a_located_message(masuk, survei_a, ubah, pesan):
    response = masuk("operator_a").post(f"/ikm/survei/{survei_a.pk}/kuesioner/", data_kuesioner(survei_a, **ubah))
    assert response.status_code == 200
    form = response.context["form"]
    kolom = next(iter(ubah))
    assert kolom in form.errors
    assert pesan in " ".join(form.errors[kolom])
    assert "is-invalid" in str(form[kolom])
    assert not Kuesioner.objects.exists()


def test_a_questionnaire_without_any_answer_is_refused(masuk, survei_a):
    data = data_kuesioner(survei_a, jawaban=" " * 9)
    response = masuk("operator_a").post(f"/ikm/survei/{survei_a.pk}/kuesioner/", data)
    assert "belum berisi satu jawaban pun" in response.content.decode()
    assert not Kuesioner.objects.exists()


def test_another_units_service_cannot_be_chosen(masuk, survei_a, dunia):
    lain = JenisLayanan.objects.create(unit=dunia.unit_b, nama="Layanan B")
    response = masuk("operator_a").post(
        f"/ikm/survei/{survei_a.pk}/kuesioner/", data_kuesioner(survei_a, layanan=str(lain.pk))
    )
    assert "layanan" in response.context["form"].errors
    assert not Kuesioner.objects.exists()


@pytest.mark.parametrize("pengguna", ["camat_a", "pemantau", "verifikator_a"])
def test_read_only_roles_cannot_enter_questionnaires(masuk, survei_a, pengguna):
    client = masuk(pengguna)
    assert client.get(f"/ikm/survei/{survei_a.pk}/kuesioner/").status_code == 403
    assert client.post(f"/ikm/survei/{survei_a.pk}/kuesioner/", data_kuesioner(survei_a)).status_code == 403
    assert not Kuesioner.objects.exists()


def test_staf_of_another_unit_gets_404_entering_here(masuk, survei_a):
    assert masuk("staf_b").post(f"/ikm/survei/{survei_a.pk}/kuesioner/", data_kuesioner(survei_a)).status_code == 404
    assert not Kuesioner.objects.exists()


def test_editing_and_deleting_a_questionnaire(masuk, survei_a):
    isi(survei_a, [[4] * 9, [3] * 9])
    k = Kuesioner.objects.get(nomor=1)
    client = masuk("staf_a")
    response = client.get(f"/ikm/kuesioner/{k.pk}/ubah/")
    assert response.context["form"]["U1"].value() == 4
    client.post(f"/ikm/kuesioner/{k.pk}/ubah/", data_kuesioner(survei_a, jawaban="144444444"))
    k.refresh_from_db()
    assert (k.nomor, k.u1, k.u2) == (1, 1, 4)
    assert k.history.count() == 2
    assert client.get(f"/ikm/kuesioner/{k.pk}/hapus/").status_code == 405
    client.post(f"/ikm/kuesioner/{k.pk}/hapus/")
    assert list(Kuesioner.objects.values_list("nomor", flat=True)) == [2]


def test_questionnaires_of_another_unit_are_not_found(masuk, survei_a):
    isi(survei_a, [[4] * 9])
    k = Kuesioner.objects.get()
    client = masuk("operator_b")
    assert client.get(f"/ikm/kuesioner/{k.pk}/ubah/").status_code == 404
    assert client.post(f"/ikm/kuesioner/{k.pk}/hapus/").status_code == 404
    assert client.get(f"/ikm/survei/{survei_a.pk}/kuesioner/daftar/").status_code == 404
    assert masuk("camat_a").post(f"/ikm/kuesioner/{k.pk}/hapus/").status_code == 403
    assert Kuesioner.objects.filter(pk=k.pk).exists()


def test_questionnaire_list_shows_blanks_and_pages_with_constant_queries(masuk, survei_a):
    client = masuk("camat_a")
    isi(survei_a, [[4, 4, 4, 4, 4, 4, 4, None, 4]], layanan=JenisLayanan.objects.get(nama="KTP"))
    url = f"/ikm/survei/{survei_a.pk}/kuesioner/daftar/"
    with CaptureQueriesContext(connection) as sedikit:
        html = client.get(url).content.decode()
    assert "KTP" in html and '<td class="text-center">·</td>' in html and "Ubah" not in html
    isi(survei_a, [[3] * 9] * 80, layanan=JenisLayanan.objects.get(nama="Akta Tanah"))
    with CaptureQueriesContext(connection) as banyak:
        response = client.get(url)
    assert len(banyak) == len(sedikit)
    assert "Halaman 1 dari 2" in response.content.decode()


# --- tallies -------------------------------------------------------------------------------------


def test_tallies_that_add_up_are_saved_and_pooled_with_questionnaires(masuk, survei_a, dunia):
    isi(survei_a, [[4] * 9])
    baris = {k: (0, 0, 29 - (s - 87), s - 87, 0) for k, s in zip(ikm.KODE_UNSUR, PUBLIK, strict=True)}
    client = masuk("staf_a")
    response = client.post(f"/ikm/survei/{survei_a.pk}/rekap/", data_rekap(29, baris))
    assert response["Location"] == f"/ikm/survei/{survei_a.pk}/"
    rekap = RekapIKM.objects.get(survei=survei_a)
    assert rekap.jumlah_responden == 29 and rekap.diisi_oleh == dunia.user("staf_a")
    assert rekap.unsur.get(unsur="U3").n4 == 13
    r = client.get(f"/ikm/survei/{survei_a.pk}/").context["r"]
    assert r.rekap.jumlah_responden == 30
    assert r.hasil.per_kode["U1"].sebaran.jumlah_jawaban == 30
    # Saving again replaces the tally; the form shows the stored counts.
    response = client.get(f"/ikm/survei/{survei_a.pk}/rekap/")
    assert response.context["form"]["U3_n4"].value() == 13


def test_tallies_with_blanks_must_still_add_up_to_the_respondents(masuk, survei_a):
    baris = {k: (0, 0, 1, 8, 1) for k in ikm.KODE_UNSUR}
    masuk("operator_a").post(f"/ikm/survei/{survei_a.pk}/rekap/", data_rekap(10, baris))
    assert RekapIKM.objects.get(survei=survei_a).unsur.get(unsur="U9").kosong == 1


def test_tallies_that_do_not_add_up_are_refused_naming_the_unsur(masuk, survei_a):
    baris = {"U4": (1, 2, 3, 3, 0)}  # 9, not 10
    response = masuk("operator_a").post(f"/ikm/survei/{survei_a.pk}/rekap/", data_rekap(10, baris))
    html = response.content.decode()
    assert (
        "U4 Biaya/Tarif: jawaban 1+2+3+4 dan yang tidak menjawab berjumlah 9, tidak sama dengan jumlah responden 10"
    ) in html
    assert not RekapIKM.objects.exists()


@pytest.mark.parametrize("nilai", ["-1", "abc", "1,5", "99999999999"])
def test_bad_tally_numbers_are_refused(masuk, survei_a, nilai):
    data = data_rekap(10)
    data["U2_n1"] = nilai
    response = masuk("operator_a").post(f"/ikm/survei/{survei_a.pk}/rekap/", data)
    assert response.status_code == 200 and "U2_n1" in response.context["form"].errors
    assert not RekapIKM.objects.exists()


def test_zero_respondents_removes_the_tally(masuk, survei_a):
    rekap_publik(survei_a)
    nol = data_rekap(0, {k: (0, 0, 0, 0, 0) for k in ikm.KODE_UNSUR})
    masuk("operator_a").post(f"/ikm/survei/{survei_a.pk}/rekap/", nol)
    assert not RekapIKM.objects.exists()


def test_tallies_are_written_only_by_the_unit(masuk, survei_a):
    assert masuk("camat_a").post(f"/ikm/survei/{survei_a.pk}/rekap/", data_rekap(5)).status_code == 403
    assert masuk("operator_b").post(f"/ikm/survei/{survei_a.pk}/rekap/", data_rekap(5)).status_code == 404
    assert masuk("operator_a").delete(f"/ikm/survei/{survei_a.pk}/rekap/").status_code == 405
    assert not RekapIKM.objects.exists()


# --- Excel import --------------------------------------------------------------------------------


def test_template_has_headers_lists_and_answer_validation(masuk, survei_a, dunia):
    JenisLayanan.objects.create(unit=dunia.unit_a, nama="=HYPERLINK(\"http://x\")")
    response = masuk("operator_a").get(f"/ikm/survei/{survei_a.pk}/impor/templat.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb["Kuesioner"]
    assert [c.value for c in ws[1]] == ["No", "Tanggal", "Jenis Layanan", "Umur", "Jenis Kelamin", "Pendidikan",
                                        "Pekerjaan", *ikm.KODE_UNSUR]  # fmt: skip
    jenis = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"list", "whole"} <= jenis
    daftar = wb["Daftar"]
    nilai = [c.value for c in daftar["A"]]
    assert "KTP" in nilai and '=HYPERLINK("http://x")' in nilai
    sel = next(c for c in daftar["A"] if c.value == '=HYPERLINK("http://x")')
    assert sel.data_type == "s"  # text, not a formula


def test_import_of_a_filled_template_saves_every_row(masuk, survei_a):
    isi(survei_a, [[4] * 9])
    baris = [
        [1, date(2023, 4, 3), "KTP", 30, "L", "SMA", "Swasta", 4, 4, 3, 3, 4, 4, 3, 3, 4],
        [2, "5/6/2023", "akta tanah", 41, "p", "D4/S1", "PNS", 3, 3, 3, 3, 3, 3, 3, None, 3],
        [3, date(2023, 6, 30), None, None, None, None, None, 2, 2, 2, 2, 2, 2, 2, 2, 2.0],
    ]
    response = masuk("staf_a").post(
        f"/ikm/survei/{survei_a.pk}/impor/", {"berkas": unggah(buku_excel(baris))}, follow=True
    )
    assert "3 kuesioner dari Excel disimpan. 1 di antaranya memiliki unsur kosong." in response.content.decode()
    semua = list(Kuesioner.objects.filter(survei=survei_a).order_by("nomor"))
    assert [k.nomor for k in semua] == [1, 2, 3, 4]
    k2 = semua[2]
    assert (k2.tanggal, k2.layanan.nama, k2.jenis_kelamin, k2.pendidikan, k2.pekerjaan, k2.u8) == (
        date(2023, 6, 5), "Akta Tanah", "P", "d4_s1", "pns", None
    )
    assert semua[3].u9 == 2 and semua[3].history.count() == 1


def test_import_with_text_answers_saves_nothing_and_locates_every_error(masuk, survei_a):
    baris = [
        [1, date(2023, 4, 3), "KTP", 30, "L", "SMA", "Swasta", 4, 4, 3, 3, 4, 4, 3, 3, 4],
        [2, date(2023, 4, 3), "KTP", 30, "L", "SMA", "Swasta", 4, 4, 3, "empat", 4, 4, 3, 3, 5],
        [3, date(2023, 8, 1), "Paspor", 7, "X", "SMA", "Swasta", 4, 4, 3, 3, 4, 4, 3, 3, "=4"],
    ]
    response = masuk("operator_a").post(f"/ikm/survei/{survei_a.pk}/impor/", {"berkas": unggah(buku_excel(baris))})
    kesalahan = response.context["form"].hasil.kesalahan
    assert "Baris 3, kolom K (U4): “empat” bukan jawaban 1, 2, 3 atau 4." in kesalahan
    assert "Baris 3, kolom P (U9): “5” bukan jawaban 1, 2, 3 atau 4." in kesalahan
    assert "Baris 4, kolom B (Tanggal): 1 Agustus 2023 di luar periode survei TW II 2023." in kesalahan
    assert any(k.startswith("Baris 4, kolom C (Jenis Layanan): layanan “Paspor”") for k in kesalahan)
    assert any(k.startswith("Baris 4, kolom D (Umur)") for k in kesalahan)
    assert any(k.startswith("Baris 4, kolom E (Jenis Kelamin)") for k in kesalahan)
    assert "Baris 4, kolom P (U9): “=4” bukan jawaban 1, 2, 3 atau 4." in kesalahan
    assert "Berkas tidak disimpan" in response.content.decode()
    assert not Kuesioner.objects.exists()


def test_import_of_100000_rows_is_refused_quickly_and_saves_nothing(masuk, survei_a):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Kuesioner")
    ws.append(["Tanggal", *ikm.KODE_UNSUR])
    for _ in range(100_000):
        ws.append([None, 4])
    keluaran = io.BytesIO()
    wb.save(keluaran)
    response = masuk("operator_a").post(f"/ikm/survei/{survei_a.pk}/impor/", {"berkas": unggah(keluaran.getvalue())})
    kesalahan = response.context["form"].hasil.kesalahan
    assert len(kesalahan) == 1 and "lebih dari 2.000 baris kuesioner" in kesalahan[0]
    assert not Kuesioner.objects.exists()


def _zip(bagian: dict[str, bytes], metode=zipfile.ZIP_DEFLATED) -> bytes:
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w", metode) as z:
        for nama, isi_ in bagian.items():
            z.writestr(nama, isi_)
    return keluaran.getvalue()


@pytest.mark.parametrize(
    ("data", "nama", "pesan"),
    [
        (b"bukan excel sama sekali", "kuesioner.xlsx", "bukan berkas Excel (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "lama.xls", "Excel lama (.xls)"),
        (buku_excel([]), "makro.xlsm", "bermakro"),
        (
            _zip({"[Content_Types].xml": b"<Types/>", "xl/vbaProject.bin": b"x", "xl/workbook.xml": b"<w/>"}),
            "diam-diam.xlsx",
            "bermakro",
        ),
        (_zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (40 * 1024 * 1024)}),
         "bom.xlsx", "memuai tidak wajar"),
        (b"PK\x03\x04rusak", "rusak.xlsx", "rusak"),
        (buku_excel([], judul=["Tanggal", "U1", "U2"]), "kurang.xlsx", "U3, U4, U5, U6, U7, U8, U9 tidak ditemukan"),
        (buku_excel([]), "kosong.xlsx", "Tidak ada baris kuesioner"),
    ],
)
def test_unsafe_or_wrong_files_are_refused_with_a_clear_message(masuk, survei_a, data, nama, pesan):
    response = masuk("operator_a").post(f"/ikm/survei/{survei_a.pk}/impor/", {"berkas": unggah(data, nama)})
    assert response.status_code == 200
    assert pesan in " ".join(response.context["form"].hasil.kesalahan)
    assert not Kuesioner.objects.exists()


def test_files_over_the_size_limit_are_refused_before_reading(masuk, survei_a):
    response = masuk("operator_a").post(
        f"/ikm/survei/{survei_a.pk}/impor/", {"berkas": unggah(b"PK\x03\x04" + b"\0" * (6 * 1024 * 1024))}
    )
    assert "Berkas terlalu besar" in response.content.decode()


def test_import_and_template_are_for_writers_of_the_unit(masuk, survei_a):
    data = buku_excel([[1, date(2023, 4, 3), None, None, None, None, None, *[4] * 9]])
    assert masuk("camat_a").post(f"/ikm/survei/{survei_a.pk}/impor/", {"berkas": unggah(data)}).status_code == 403
    assert masuk("staf_b").post(f"/ikm/survei/{survei_a.pk}/impor/", {"berkas": unggah(data)}).status_code == 404
    assert masuk("staf_b").get(f"/ikm/survei/{survei_a.pk}/impor/templat.xlsx").status_code == 404
    assert masuk("pemantau").get(f"/ikm/survei/{survei_a.pk}/impor/templat.xlsx").status_code == 403
    assert not Kuesioner.objects.exists()


# --- time is real: no answers from the future ---------------------------------------------------

HARI_INI = date(2026, 12, 5)


@pytest.fixture
def lima_desember_2026(monkeypatch):
    """Views ask ``timezone.localdate()`` for today: make it 5 December 2026 whatever the clock says."""
    from django.utils import timezone

    asli = timezone.localdate

    def localdate(value=None, timezone=None):
        return HARI_INI if value is None else asli(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def survei_januari_2027(dunia):
    return buat_survei(dunia.unit_a, "1", tahun=2027)


@pytest.fixture
def survei_tw4_2026(dunia):
    return buat_survei(dunia.unit_a, "tw4", tahun=2026)


def test_a_questionnaire_dated_2027_01_10_is_refused_by_the_form(survei_januari_2027):
    from iki.ikm.forms import FormKuesioner

    form = FormKuesioner(
        data_kuesioner(survei_januari_2027, tanggal="10/01/2027"), survei=survei_januari_2027, hari_ini=HARI_INI
    )
    assert not form.is_valid()
    assert form.errors["tanggal"] == [
        "Tanggal 10 Januari 2027 belum tiba (hari ini 5 Desember 2026): kuesioner tidak dapat bertanggal "
        "setelah hari ini."
    ]


def test_a_questionnaire_dated_after_today_is_refused_naming_the_date(masuk, survei_tw4_2026, lima_desember_2026):
    client = masuk("operator_a")
    alamat = f"/ikm/survei/{survei_tw4_2026.pk}/kuesioner/"
    response = client.post(alamat, data_kuesioner(survei_tw4_2026, tanggal="10/12/2026"))
    assert response.status_code == 200
    assert "Tanggal 10 Desember 2026 belum tiba (hari ini 5 Desember 2026)" in " ".join(
        response.context["form"].errors["tanggal"]
    )
    assert not Kuesioner.objects.exists()
    client.post(alamat, data_kuesioner(survei_tw4_2026, tanggal="05/12/2026"))  # today is fine
    assert list(Kuesioner.objects.values_list("tanggal", flat=True)) == [date(2026, 12, 5)]


@pytest.mark.parametrize("halaman", ["kuesioner", "rekap", "impor"])
def test_a_survey_that_has_not_started_offers_no_entry(masuk, survei_januari_2027, lima_desember_2026, halaman):
    response = masuk("operator_a").get(f"/ikm/survei/{survei_januari_2027.pk}/{halaman}/", follow=True)
    html = response.content.decode()
    assert "Survei Januari 2027 belum dimulai (mulai 1 Januari 2027; hari ini 5 Desember 2026)" in html
    assert 'name="U1"' not in html and 'name="jumlah_responden"' not in html and 'name="berkas"' not in html


def test_a_survey_that_has_not_started_refuses_questionnaires(masuk, survei_januari_2027, lima_desember_2026):
    response = masuk("operator_a").post(
        f"/ikm/survei/{survei_januari_2027.pk}/kuesioner/",
        data_kuesioner(survei_januari_2027, tanggal="10/01/2027"),
        follow=True,
    )
    assert "Survei Januari 2027 belum dimulai" in response.content.decode()
    assert not Kuesioner.objects.exists()


def test_a_survey_that_has_not_started_refuses_tallies(masuk, survei_januari_2027, lima_desember_2026):
    response = masuk("staf_a").post(f"/ikm/survei/{survei_januari_2027.pk}/rekap/", data_rekap(10), follow=True)
    assert "Survei Januari 2027 belum dimulai" in response.content.decode()
    assert not RekapIKM.objects.exists()


def test_a_survey_that_has_not_started_refuses_an_excel_import(masuk, survei_januari_2027, lima_desember_2026):
    data = buku_excel([[1, date(2027, 1, 10), None, None, None, None, None, *[4] * 9]])
    response = masuk("operator_a").post(
        f"/ikm/survei/{survei_januari_2027.pk}/impor/", {"berkas": unggah(data)}, follow=True
    )
    assert "Survei Januari 2027 belum dimulai" in response.content.decode()
    assert not Kuesioner.objects.exists()


def test_excel_rows_dated_after_today_are_refused_located(masuk, survei_tw4_2026, lima_desember_2026):
    baris = [
        [1, date(2026, 12, 4), None, None, None, None, None, *[4] * 9],
        [2, "10/12/2026", None, None, None, None, None, *[4] * 9],
    ]
    alamat = f"/ikm/survei/{survei_tw4_2026.pk}/impor/"
    response = masuk("operator_a").post(alamat, {"berkas": unggah(buku_excel(baris))})
    assert response.context["form"].hasil.kesalahan == [
        "Baris 3, kolom B (Tanggal): 10 Desember 2026 belum tiba (hari ini 5 Desember 2026); kuesioner tidak "
        "dapat bertanggal setelah hari ini."
    ]
    assert "Berkas tidak disimpan" in response.content.decode()
    assert not Kuesioner.objects.exists()


# --- results -------------------------------------------------------------------------------------


def test_results_page_shows_the_public_example(masuk, survei_a):
    rekap_publik(survei_a)
    response = masuk("camat_a").get(f"/ikm/survei/{survei_a.pk}/")
    html = response.content.decode()
    assert 'id="nilai-ikm">91,48<' in html
    assert "Mutu A · Sangat Baik" in html
    assert "3,6590" in html
    assert 'id="unsur-terlemah"><strong>U3 Waktu Penyelesaian</strong> · NRR 3,448' in html
    # The chart is SVG made by the server, with titles, and the table is its text alternative.
    assert "<svg" in html and "<title>U3 Waktu Penyelesaian: NRR 3,448 (unsur terendah)</title>" in html
    # U3: 100/29 ÷ 4 × 526 px; coordinates are not localised ("453,4" would break the SVG).
    assert '<rect x="44" y="84" width="453.4" height="20" fill="#2f81f7" stroke="#212529"' in html
    assert 'id="tabel-unsur"' in html
    assert "Kurang 249 responden." in html  # population 1.000 → 278, 29 collected
    assert "Isi kuesioner" not in html  # read-only


def test_results_page_compares_with_the_previous_period(masuk, survei_a):
    rekap_publik(survei_a)
    tw1 = buat_survei(survei_a.unit, "tw1")
    isi(tw1, [[3] * 9] * 4)
    html = masuk("operator_a").get(f"/ikm/survei/{survei_a.pk}/").content.decode()
    assert "TW I 2023: <strong>75,00</strong>" in html
    assert 'id="perubahan-ikm">naik +16,48<' in html


def test_previous_period_comes_from_the_year_before_for_the_first_triwulan(masuk, dunia):
    lalu = buat_survei(dunia.unit_a, "tw4", tahun=2022)
    isi(lalu, [[4] * 9])
    ini = buat_survei(dunia.unit_a, "tw1", tahun=2023)
    isi(ini, [[3] * 9])
    html = masuk("operator_a").get(f"/ikm/survei/{ini.pk}/").content.decode()
    assert "TW IV 2022" in html and "turun -25,00" in html


def test_results_page_shows_respondent_profile(masuk, survei_a):
    ktp = JenisLayanan.objects.get(nama="KTP")
    isi(survei_a, [[4] * 9] * 3, umur=30, jenis_kelamin="L", pendidikan="sma", pekerjaan="swasta", layanan=ktp)
    isi(survei_a, [[3] * 9], umur=60, jenis_kelamin="P", pendidikan="s2", pekerjaan="pns")
    r = masuk("staf_a").get(f"/ikm/survei/{survei_a.pk}/").context["r"]
    jk = {b.label: b.jumlah for b in r.profil["Jenis kelamin"]}
    assert jk == {"Laki-laki": 3, "Perempuan": 1}
    umur = {b.label: b.jumlah for b in r.profil["Umur"]}
    assert umur["25–34 tahun"] == 3 and umur["≥ 55 tahun"] == 1
    assert {b.label: b.jumlah for b in r.profil["Jenis layanan"]} == {"KTP": 3, "Tidak diisi": 1}
    assert r.profil["Pendidikan"][2].persen == Decimal(75)


def test_results_page_says_when_an_unsur_has_no_answer(masuk, survei_a):
    isi(survei_a, [[4, 4, 4, 4, 4, 4, 4, None, 4]])
    html = masuk("operator_a").get(f"/ikm/survei/{survei_a.pk}/").content.decode()
    assert "IKM belum dapat dihitung: unsur U8 belum memiliki jawaban." in html


def test_results_page_of_another_unit_is_not_found(masuk, survei_b):
    assert masuk("camat_a").get(f"/ikm/survei/{survei_b.pk}/").status_code == 404


def test_results_and_year_pages_have_constant_query_counts(masuk, survei_a):
    client = masuk("operator_a")
    isi(survei_a, [[4] * 9] * 2)
    isi(buat_survei(survei_a.unit, "tw1"), [[2] * 9])  # a previous period to compare with
    with CaptureQueriesContext(connection) as sedikit_hasil:
        client.get(f"/ikm/survei/{survei_a.pk}/")
    with CaptureQueriesContext(connection) as sedikit_tahun:
        client.get("/ikm/unit/ketapang/2023/")
    isi(survei_a, [[3] * 9] * 50, layanan=JenisLayanan.objects.get(nama="KTP"))
    rekap_publik(survei_a)
    isi(SurveiIKM.objects.get(unit=survei_a.unit, jenis="tw", nomor=1), [[2] * 9] * 30)
    for p in ("tw3", "tw4"):
        isi(buat_survei(survei_a.unit, p), [[2] * 9] * 5)
    with CaptureQueriesContext(connection) as banyak_hasil:
        client.get(f"/ikm/survei/{survei_a.pk}/")
    with CaptureQueriesContext(connection) as banyak_tahun:
        client.get("/ikm/unit/ketapang/2023/")
    assert len(banyak_hasil) == len(sedikit_hasil)
    assert len(banyak_tahun) == len(sedikit_tahun)


# --- reports -------------------------------------------------------------------------------------


def test_pdf_report_embeds_the_font_and_carries_the_results(masuk, survei_a):
    from iki.ikm import laporan as laporan_ikm

    rekap_publik(survei_a)
    survei_a.rencana_tindak_lanjut = "Mempercepat waktu penyelesaian KTP."
    survei_a.save()
    response = masuk("pemantau").get(f"/ikm/survei/{survei_a.pk}/laporan.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = laporan_ikm.pdf_laporan(laporan_ikm.ringkasan(survei_a), hari_ini=date(2023, 7, 5), uncompressed_pdf=True)
    assert b"/FontFile2" in pdf and b"IKI-Serif" in pdf  # the app's font, embedded
    assert "laporan-ikm-ketapang-2023-tw2.pdf" in response["Content-Disposition"]
    html = laporan_ikm.html_laporan(laporan_ikm.ringkasan(survei_a), hari_ini=date(2023, 7, 5))
    for teks in ("PERIODE TW II 2023", "<strong>91,48</strong>", "Mutu pelayanan <strong>A</strong>",
                 "Sangat Baik", "U3 Waktu Penyelesaian", "Mempercepat waktu penyelesaian KTP.", "5 Juli 2023",
                 "1 April 2023 – 30 Juni 2023", "278 responden", "CAMAT KETAPANG"):  # fmt: skip
        assert teks in html, teks


def test_excel_report_has_the_table_and_keeps_user_text_as_text(masuk, survei_a):
    rekap_publik(survei_a)
    isi(survei_a, [[4] * 9], layanan=JenisLayanan.objects.create(unit=survei_a.unit, nama="=1+1"))
    survei_a.rencana_tindak_lanjut = "=CMD|' /C calc'!A0"
    survei_a.save()
    response = masuk("camat_a").get(f"/ikm/survei/{survei_a.pk}/laporan.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb["Laporan"]
    baris = {r[0].value: r for r in ws.iter_rows() if r[0].value}
    # 29 respondents of the public example plus one answering 4 everywhere: 991 × 25 / 270 = 91,759…
    assert baris["IKM (konversi × 25)"][1].value == 91.76
    assert baris["Mutu pelayanan"][1].value == "A"
    assert baris["U3"][1].value == "Waktu Penyelesaian"
    tindak = next(r[0] for r in ws.iter_rows() if r[0].value == "=CMD|' /C calc'!A0")
    assert tindak.data_type == "s"
    assert baris["Jenis kelamin"][1].value == "Jumlah"
    lembar = wb["Kuesioner"]
    assert lembar["C2"].value == "=1+1" and lembar["C2"].data_type == "s"


def test_reports_of_another_unit_are_not_found(masuk, survei_b):
    client = masuk("staf_a")
    assert client.get(f"/ikm/survei/{survei_b.pk}/laporan.pdf").status_code == 404
    assert client.get(f"/ikm/survei/{survei_b.pk}/laporan.xlsx").status_code == 404


# --- feeding the IKI -----------------------------------------------------------------------------


def test_nilai_ikm_pools_the_surveys_within_the_period(dunia):
    januari = buat_survei(dunia.unit_a, "1")
    februari = buat_survei(dunia.unit_a, "2")
    isi(januari, [[4] * 9] * 10)
    isi(februari, [[2] * 9] * 30)
    tw2 = buat_survei(dunia.unit_a, "tw2")
    rekap_publik(tw2)
    t = dunia.tahun_a
    assert nilai_ikm(t, Periode.dari_kode("1")) == Decimal("100.00")
    # TW I pools 40 respondents: 62,50, not the mean of the months (75,00).
    assert nilai_ikm(t, Periode.dari_kode("tw1")) == Decimal("62.50")
    assert nilai_ikm(t, Periode.dari_kode("tw2")) == Decimal("91.48")
    assert nilai_ikm(t, Periode.dari_kode("3")) is None
    assert nilai_ikm(t, Periode.dari_kode("5")) is None  # the TW II survey does not lie within May
    assert nilai_ikm(t, Periode.dari_kode("sd5")) == Decimal("62.50")
    s1 = nilai_ikm(t, Periode.dari_kode("s1"))
    assert s1 == nilai_ikm(t, Periode.dari_kode("sd6")) == nilai_ikm(t, Periode.dari_kode("tahun"))
    assert s1 == ikm.hitung_ikm(
        ikm.gabung_rekap(
            ikm.rekap_kuesioner([dict.fromkeys(ikm.KODE_UNSUR, 4)] * 10 + [dict.fromkeys(ikm.KODE_UNSUR, 2)] * 30),
            {k: ikm.Sebaran(0, 0, 29 - (s - 87), s - 87) for k, s in zip(ikm.KODE_UNSUR, PUBLIK, strict=True)},
        )
    ).ikm
    assert nilai_ikm(dunia.tahun_b, Periode.dari_kode("tahun")) is None
    banyak = nilai_ikm_banyak(t, [Periode.dari_kode(k) for k in ("1", "3", "tw1", "tw2", "tahun")])
    assert banyak == {"1": Decimal("100.00"), "3": None, "tw1": Decimal("62.50"), "tw2": Decimal("91.48"), "tahun": s1}


def test_nilai_ikm_equals_the_results_page(masuk, dunia):
    survei = buat_survei(dunia.unit_a, "tw3")
    isi(survei, [[4, 3, 3, 4, 2, 4, 4, 3, 4], [3, 3, 4, 4, 3, 3, 4, 4, 4], [4, 4, 4, 4, 4, 3, None, 4, 4]])
    r = masuk("camat_a").get(f"/ikm/survei/{survei.pk}/").context["r"]
    assert r.hasil.ikm == Decimal("90.74")
    assert nilai_ikm(dunia.tahun_a, Periode.dari_kode("tw3")) == r.hasil.ikm


def test_nilai_ikm_takes_two_queries_whatever_the_number_of_surveys(dunia):
    for p in ("1", "2", "3", "tw2", "s2"):
        isi(buat_survei(dunia.unit_a, p), [[4] * 9] * 3)
    with CaptureQueriesContext(connection) as q:
        nilai_ikm(dunia.tahun_a, Periode.dari_kode("tahun"))
    assert len(q) == 2
    with CaptureQueriesContext(connection) as q:
        nilai_ikm_banyak(dunia.tahun_a, [Periode.dari_kode(k) for k in ("1", "tw1", "tw2", "s1", "tahun")])
    assert len(q) <= 3


def test_wired_into_the_dashboard_hook_the_ikm_indicator_shows_the_survey_value(dunia):
    """What the camat's dashboard reads: iki.capaian.data.nilai_survei is the survey module's value."""
    from iki.capaian import data as capaian
    from iki.models import Indikator

    rekap_publik(buat_survei(dunia.unit_a, "tw2"))
    indikator = Indikator.objects.get(tahun=dunia.tahun_a, kode="ikm")
    data = capaian.muat(dunia.tahun_a)
    hasil = data.hasil(indikator.pk, Periode.dari_kode("tw2"))
    assert hasil.nilai == Decimal("91.48") and hasil.pesan == ""
    assert hasil.capaian == Decimal("91.48") * 100 / hasil.target
    assert data.hasil(indikator.pk, Periode.dari_kode("tw1")).pesan == capaian.BELUM_ADA_SURVEI
