"""Home pages and the IKI view: per role, across units, and with constant query counts."""

import re

import pytest
from django.urls import reverse

from iki.models import TahunIKI, pilih_tahun

pytestmark = pytest.mark.django_db

URL_IKI_A = "/iki/ketapang/2023/"
URL_IKI_B = "/iki/banyuates/2023/"


def jumlah_baris_tabel(html: str) -> int:
    tbody = re.findall(r"<tbody>(.*?)</tbody>", html, re.S)
    return sum(len(re.findall(r"<tr>", t)) for t in tbody)


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(reverse("beranda"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staf_home_lists_the_counts_their_jabatan_enters(masuk):
    html = masuk("staf_a").get(reverse("beranda")).content.decode()
    assert "Yang harus Anda isi" in html
    assert "Jumlah KTP, KK dan Akta yang diproses tepat waktu" in html
    # Counts of another jabatan (Trantib) are not theirs.
    assert "SKCK" not in html


def test_verifikator_home_lists_the_jabatan_below_theirs(masuk):
    html = masuk("verifikator_a").get(reverse("beranda")).content.decode()
    assert "Jabatan yang Anda verifikasi" in html
    assert "Kepala Seksi Ketentraman dan Ketertiban Kecamatan Ketapang" in html


def test_camat_home_shows_the_unit_summary_and_data_contoh_mark(masuk):
    response = masuk("camat_a").get(reverse("beranda"))
    html = response.content.decode()
    assert response.context["ringkasan"] == {"jabatan": 6, "baris": 31, "indikator": 17}
    assert "data contoh" in html
    assert "Tahun 2023" in html  # a year is not a number with a thousands separator
    assert "Pengaturan data induk" not in html  # not staff


def test_operator_home_links_to_the_admin(masuk):
    html = masuk("operator_a").get(reverse("beranda")).content.decode()
    assert reverse("admin:index") in html


def test_pemantau_without_unit_is_sent_to_the_kabupaten_units(masuk):
    client = masuk("pemantau")
    response = client.get(reverse("beranda"))
    assert response.status_code == 302 and response["Location"] == reverse("daftar_unit")
    html = client.get(reverse("daftar_unit")).content.decode()
    assert "Kantor Kecamatan Ketapang" in html and "Kantor Kecamatan Banyuates" in html


def test_staf_sees_only_their_own_unit_in_the_unit_list(masuk):
    html = masuk("staf_a").get(reverse("daftar_unit")).content.decode()
    assert "Ketapang" in html and "Banyuates" not in html


def test_iki_view_shows_ketapang_2023_as_the_document_has_it(masuk):
    response = masuk("camat_a").get(URL_IKI_A)
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["jabatan_list"]) == 6
    assert jumlah_baris_tabel(html) == 31
    assert "Jumlah desa yang tertib administrasi ÷ 20 desa × 100 %" in html
    assert "Angka Kriminalitas" in html


def test_iki_view_escapes_user_text(masuk, dunia):
    from iki.models import Sasaran

    Sasaran.objects.filter(tahun=dunia.tahun_b).update(teks="<script>alert(1)</script>")
    html = masuk("staf_b").get(URL_IKI_B).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_another_units_iki_is_not_found(masuk):
    assert masuk("staf_a").get(URL_IKI_B).status_code == 404
    assert masuk("staf_b").get(URL_IKI_A).status_code == 404


def test_unknown_year_or_unit_is_not_found(masuk):
    client = masuk("camat_a")
    assert client.get("/iki/ketapang/1999/").status_code == 404
    assert client.get("/iki/tidakada/2023/").status_code == 404
    assert client.get("/iki/ketapang/99999999999999999999/").status_code == 404


def test_pemantau_reads_every_unit_of_the_kabupaten(masuk):
    client = masuk("pemantau")
    for url, unit in ((URL_IKI_A, "Ketapang"), (URL_IKI_B, "Banyuates")):
        response = client.get(url)
        assert response.status_code == 200
        assert f"Indikator Kinerja Individu Kantor Kecamatan {unit} Tahun 2023" in response.content.decode()


@pytest.mark.parametrize("url", [URL_IKI_A, "/", "/unit/"])
def test_writing_methods_are_refused_on_read_pages(masuk, url):
    assert masuk("operator_a").post(url).status_code == 405


def test_iki_redirects_to_the_users_current_year(masuk):
    response = masuk("staf_a").get(reverse("iki_unit_terkini"))
    assert response["Location"] == URL_IKI_A


def test_iki_view_query_count_does_not_grow_with_rows(masuk, django_assert_num_queries):
    """Banyuates has 1 jabatan with 1 row; Ketapang 6 jabatan with 31 rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = masuk("pemantau")
    client.get(URL_IKI_B)  # warm the session
    with CaptureQueriesContext(connection) as kecil:
        client.get(URL_IKI_B)
    with CaptureQueriesContext(connection) as besar:
        client.get(URL_IKI_A)
    assert len(besar) == len(kecil)


def test_camat_home_is_the_dashboard(masuk):
    html = masuk("camat_a").get(reverse("beranda")).content.decode()
    assert 'id="jumlah-terlambat"' in html
    assert "perlu perhatian" in html


def test_ikm_indicator_on_the_dashboard_comes_from_the_survey(dunia):
    """The IKM hook of the dashboard is the survey module's pooled value."""
    from iki.capaian import data as capaian
    from iki.inti.perhitungan import Periode

    assert capaian.nilai_survei(dunia.tahun_a)[Periode.dari_kode("tw2").kode] is None  # no survey yet


@pytest.mark.parametrize(
    ("username", "menu"),
    [
        ("staf_a", ["Beranda", "Isi realisasi", "Excel", "Capaian saya", "Set IKI", "Dokumen IKI", "Survei IKM",
                    "Bantuan"]),
        ("operator_a", ["Beranda", "Isi realisasi", "Excel", "Verifikasi", "Dasbor", "Set IKI", "Dokumen IKI",
                        "Persiapan tahun", "Survei IKM", "Presensi & TPP", "Akun pegawai", "Bantuan", "Pengaturan"]),
        ("verifikator_a", ["Beranda", "Verifikasi", "Dasbor", "Set IKI", "Dokumen IKI", "Bantuan"]),
        ("camat_a", ["Beranda", "Verifikasi", "Dasbor", "Set IKI", "Dokumen IKI", "Survei IKM", "Presensi & TPP",
                     "Bantuan"]),
        ("pemantau", ["Beranda", "Dasbor", "Set IKI", "Dokumen IKI", "Survei IKM", "Presensi & TPP", "Unit kerja",
                      "Bantuan"]),
    ],
)
def test_the_menu_shows_each_role_its_screens(masuk, username, menu):
    response = masuk(username).get("/")
    if response.status_code == 302:  # a kabupaten pemantau's home is the list of units
        response = masuk(username).get(response["Location"])
    assert [label for label, _ in response.context["menu_navigasi"]] == menu
    html = response.content.decode()
    for _, url in response.context["menu_navigasi"]:
        assert f'href="{url}"' in html


def test_the_unit_list_opens_each_units_screens_for_the_pemantau(masuk, dunia):
    TahunIKI.objects.create(unit=dunia.unit_b, tahun=2022)
    html = masuk("pemantau").get(reverse("daftar_unit")).content.decode()
    assert 'href="/dasbor/kabupaten/sampang/2023/"' in html
    assert 'href="/iki/banyuates/2022/">2022</a>, <a href="/iki/banyuates/2023/">2023</a>' in html
    for url in ["/dasbor/ketapang/2023/", "/dokumen/ketapang/2023/", "/ikm/unit/ketapang/2023/", "/presensi/ketapang/"]:
        assert f'href="{url}"' in html


def test_the_unit_list_offers_a_staf_only_what_a_staf_may_open(masuk):
    html = masuk("staf_a").get(reverse("daftar_unit")).content.decode()
    assert "/dokumen/ketapang/2023/" in html and "/ikm/unit/ketapang/2023/" in html
    # The staf's only results screen is their own (the menu's "Capaian saya"), not the dashboard.
    assert re.findall(r'href="/dasbor/[^"]*"', html) == ['href="/dasbor/saya/"'] and "/presensi/" not in html


@pytest.mark.parametrize(
    ("ada", "tahun_ini", "diharapkan"),
    [([2023], 2026, 2023), ([2023, 2024, 2027], 2026, 2024), ([2026, 2027], 2026, 2026), ([2027, 2028], 2026, 2027),
     ([], 2026, None)],
)
def test_the_year_screens_open_by_default(ada, tahun_ini, diharapkan):
    assert pilih_tahun(ada, tahun_ini) == diharapkan


@pytest.mark.parametrize(
    ("alamat", "hasil"),
    [
        ("/realisasi/ketapang/2023/5/", "/realisasi/ketapang/2023/5/"),
        ("/bukti/3/?a=1", "/bukti/3/?a=1"),
        ("abc", None),  # a bare word would be taken for a view name by redirect()
        ("-5", None),
        ("", None),
        (None, None),
        ("//evil.example/x", None),
        ("https://evil.example/x", None),
        ("javascript:alert(1)", None),
        ("/\\evil.example", None),
    ],
)
def test_return_addresses_are_paths_on_this_site(rf, alamat, hasil):
    from iki.umum.akses import alamat_kembali

    assert alamat_kembali(rf.get("/"), alamat) == hasil


@pytest.mark.parametrize(
    ("url", "ada", "tidak_ada"),
    [
        ("/ikm/unit/ketapang/2000/", ["/ikm/unit/ketapang/2001/"], ["/ikm/unit/ketapang/1999/"]),
        ("/ikm/unit/ketapang/2100/", ["/ikm/unit/ketapang/2099/"], ["/ikm/unit/ketapang/2101/"]),
        ("/presensi/ketapang/?tahun=2000", ["?tahun=2001"], ["?tahun=1999"]),
        ("/presensi/ketapang/?tahun=2100", ["?tahun=2099"], ["?tahun=2101"]),
        ("/presensi/ketapang/?tahun=2023", ["?tahun=2022", "?tahun=2024"], []),
    ],
)
def test_year_navigation_stops_at_the_years_the_app_keeps(masuk, url, ada, tidak_ada):
    html = masuk("operator_a").get(url).content.decode()
    for href in ada:
        assert f'href="{href}"' in html
    for href in tidak_ada:
        assert f'href="{href}"' not in html


@pytest.mark.parametrize(
    "url", ["/ikm/unit/ketapang/1999/", "/presensi/ketapang/?tahun=2101", "/dasbor/ketapang/2101/"]
)
def test_a_year_outside_the_range_is_not_found(masuk, url):
    assert masuk("operator_a").get(url).status_code == 404


def test_the_unit_list_links_a_superuser_straight_to_the_kabupaten_view(masuk):
    # A superuser belongs to no kabupaten, so "/dasbor/kabupaten/" would only come back here.
    html = masuk("admin").get(reverse("daftar_unit")).content.decode()
    assert 'href="/dasbor/kabupaten/sampang/2023/"' in html
