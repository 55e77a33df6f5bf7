"""The dashboard views: unit, drill-down, kabupaten; roles, other units, bad input, query counts."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from iki.capaian import data as capaian
from iki.capaian.views_dasbor import konteks_dasbor
from iki.inti.perhitungan import Periode
from iki.models import (
    BarisIKI,
    BuktiDukung,
    CatatanIndikator,
    Indikator,
    Jabatan,
    Pegawai,
    Pengguna,
    Penugasan,
    Realisasi,
    Sasaran,
    TahunIKI,
    Target,
    UnitKerja,
    Variabel,
)

pytestmark = pytest.mark.django_db

URL_A = "/dasbor/ketapang/2023/"
URL_B = "/dasbor/banyuates/2023/"
SKRIP = "<script>alert(1)</script>"


def indikator_a(kode):
    return Indikator.objects.get(tahun__unit__kode="ketapang", tahun__tahun=2023, kode=kode)


def url_indikator(kode, unit="ketapang"):
    return reverse("dasbor_indikator", args=[unit, 2023, indikator_a(kode).pk])


def baris_html(html, indikator_pk):
    cocok = re.search(rf'<tr(?: class="[^"]*")? data-indikator="{indikator_pk}">(.*?)</tr>', html, re.S)
    assert cocok, f"row of indikator {indikator_pk} not found"
    return cocok.group(1)


def teks(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


# --- Who may see what ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL_A)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("username", ["camat_a", "operator_a", "verifikator_a", "pemantau", "admin"])
def test_roles_that_read_the_dashboard_see_it(masuk, username):
    # Every role reads the same body (cached after the first): counted in the page itself.
    html = masuk(username).get(URL_A).content.decode()
    assert html.count('tabel-iki tabel-dasbor"') == 6
    assert len(re.findall(r"<tr[^>]*data-indikator=", html)) == 31


def test_staf_is_refused_the_dashboard(masuk):
    assert masuk("staf_a").get(URL_A).status_code == 403
    assert masuk("staf_a").get(url_indikator("adminduk")).status_code == 403
    assert masuk("staf_a").get(reverse("laporan_capaian", args=["ketapang", 2023]) + "?format=pdf").status_code == 403


def test_another_units_dashboard_is_not_found(masuk):
    client = masuk("operator_b")
    assert client.get(URL_A).status_code == 404
    assert client.get(url_indikator("adminduk")).status_code == 404
    assert client.get(reverse("laporan_capaian", args=["ketapang", 2023]) + "?format=xlsx").status_code == 404
    response = client.get(URL_B)
    assert response.status_code == 200
    assert "Dasbor capaian IKI Kantor Kecamatan Banyuates 2023" in teks(response.content.decode())


def test_an_indicator_of_another_unit_under_this_units_address_is_not_found(masuk, dunia):
    indikator_b = Indikator.objects.get(tahun=dunia.tahun_b)
    response = masuk("pemantau").get(reverse("dasbor_indikator", args=["banyuates", 2023, indikator_b.pk]))
    assert response.status_code == 200 and indikator_b.nama in response.content.decode()
    assert masuk("pemantau").get(reverse("dasbor_indikator", args=["ketapang", 2023, indikator_b.pk])).status_code \
        == 404


@pytest.mark.parametrize(
    "url",
    [URL_A, "/dasbor/", "/dasbor/kabupaten/", "/dasbor/kabupaten/sampang/2023/", URL_A + "laporan/?format=pdf",
     URL_A + "indikator/1/"],
)
def test_posting_is_not_allowed(masuk, url):
    assert masuk("admin").post(url).status_code == 405


def test_the_menu_leads_the_camat_to_the_units_current_dashboard(masuk):
    client = masuk("camat_a")
    assert "/dasbor/" in client.get(reverse("beranda")).content.decode()
    response = client.get(reverse("dasbor_unit_terkini"))
    assert response.status_code == 302 and response["Location"] == URL_A


def test_a_kabupaten_pemantau_is_sent_to_the_kabupaten_view(masuk):
    response = masuk("pemantau").get(reverse("dasbor_unit_terkini"))
    assert response.status_code == 302 and response["Location"].startswith("/dasbor/kabupaten/sampang/")


# --- What the camat sees ------------------------------------------------------------------------


def test_the_dashboard_shows_targets_months_quarters_capaian_and_category(masuk):
    response = masuk("camat_a").get(URL_A + "?periode=tw2")
    html = response.content.decode()
    data = capaian.muat(TahunIKI.objects.select_related("unit__kabupaten").get(unit__kode="ketapang"))
    h = data.hasil(indikator_a("adminduk").pk, Periode.dari_kode("tw2"))
    baris = teks(baris_html(html, h.indikator.pk))
    assert "95,00" in baris  # target
    assert h.teks_capaian.replace("\u00a0", " ") in baris
    assert h.kategori.label in baris
    mei = data.hasil(h.indikator.pk, Periode("bulan", 5))
    assert mei.teks_nilai in baris
    assert f'title="Mei: {mei.komponen}"' in baris_html(html, h.indikator.pk)
    assert "data contoh" in html
    assert response.context["periode"].kode == "tw2"


def test_the_default_period_is_cumulative_to_the_latest_month(masuk):
    response = masuk("camat_a").get(URL_A)
    assert response.context["periode"] == Periode("sd", 12)


def test_values_not_yet_verified_are_marked(masuk):
    html = masuk("camat_a").get(URL_A + "?periode=tahun").content.decode()
    baris = baris_html(html, indikator_a("adminduk").pk)
    # December is submitted but not verified: its cell and the year carry the mark.
    sel = re.findall(r'<td class="angka kolom-bulan[^"]*"[^>]*>(.*?)</td>', baris, re.S)
    assert len(sel) == 12
    assert "belum diverifikasi" in sel[11] and "belum diverifikasi" not in sel[10]
    assert "(belum diverifikasi)" in re.search(r'<td class="angka realisasi".*?</td>', baris, re.S).group(0)


def test_the_survey_indicator_says_there_is_no_survey_data_yet(masuk):
    html = masuk("camat_a").get(URL_A).content.decode()
    assert "belum ada data survei" in baris_html(html, indikator_a("ikm").pk)


def test_red_indicators_are_listed_first(masuk):
    response = masuk("camat_a").get(URL_A + "?periode=tw2")
    nama = [r.hasil.indikator.kode for r, _ in response.context["perhatian"]]
    assert "kesos" in nama and "adminduk" not in nama
    html = response.content.decode()
    assert html.index('id="jumlah-perhatian"') < html.index('id="judul-kelengkapan"')
    assert re.search(r'id="jumlah-perhatian">(\d+)<', html).group(1) == str(len(nama))


def test_who_is_late_is_counted_and_named(masuk, dunia):
    Realisasi.objects.filter(
        variabel__pengisi__kode="kasi_trantib", variabel__pengisi__tahun=dunia.tahun_a, bulan__in=[10, 11]
    ).delete()
    response = masuk("camat_a").get(URL_A)
    html = response.content.decode()
    assert re.search(r'id="jumlah-terlambat">(\d+)<', html).group(1) == "2"
    daftar = teks(re.search(r'<ul class="list-group daftar-terlambat">(.*?)</ul>', html, re.S).group(1))
    assert "Kepala Seksi Ketentraman dan Ketertiban Kecamatan Ketapang" in daftar
    assert "Oktober, November" in daftar
    assert "Oktober: belum diisi; terlambat" in html


def test_the_jabatan_filter_shows_one_jabatan(masuk, dunia):
    trantib = Jabatan.objects.get(tahun=dunia.tahun_a, kode="kasi_trantib")
    response = masuk("camat_a").get(URL_A + f"?periode=tw2&jabatan={trantib.pk}")
    assert [b.jabatan.kode for b in response.context["bagian_jabatan"]] == ["kasi_trantib"]
    assert [b.jabatan.kode for b in response.context["kelengkapan"].baris] == ["kasi_trantib"]
    assert f"jabatan={trantib.pk}" in response.content.decode()  # the download links keep the filter


@pytest.mark.parametrize(
    "query",
    ["?periode=tw9", "?periode=13", "?periode=%3Cscript%3E", "?jabatan=abc", "?jabatan=999999999",
     "?jabatan=99999999999999999999999999", "?periode=tw2&jabatan=-1"],
)
def test_malformed_filters_are_not_found_never_an_error(masuk, query):
    response = masuk("camat_a").get(URL_A + query)
    assert response.status_code == 404


def test_a_jabatan_of_another_unit_is_not_a_valid_filter(masuk, dunia):
    jabatan_b = Jabatan.objects.get(tahun=dunia.tahun_b)
    assert masuk("camat_a").get(URL_A + f"?jabatan={jabatan_b.pk}").status_code == 404


@pytest.mark.parametrize("tahun", ["1999", "2024", "99999", "999999999999999999999999"])
def test_a_year_without_iki_or_out_of_range_is_not_found(masuk, tahun):
    assert masuk("camat_a").get(f"/dasbor/ketapang/{tahun}/").status_code == 404
    # The kabupaten view has every year of its range, with or without an IKI.
    response = masuk("pemantau").get(f"/dasbor/kabupaten/sampang/{tahun}/")
    html = teks(response.content.decode())
    if response.status_code == 404:
        assert "Halaman tidak ditemukan" in html
    else:
        assert response.status_code == 200 and f"Capaian IKI Kabupaten Sampang {tahun}" in html


def test_user_text_is_escaped_on_the_dashboard_and_in_its_charts(masuk, dunia):
    sasaran = Sasaran.objects.filter(tahun=dunia.tahun_a).first()
    sasaran.teks = SKRIP + " sasaran"
    sasaran.save()
    Indikator.objects.filter(tahun=dunia.tahun_a, kode="kesos").update(nama=SKRIP + " kesos")
    Jabatan.objects.filter(tahun=dunia.tahun_a, kode="kasi_trantib").update(nama=SKRIP + " trantib")
    html = masuk("camat_a").get(URL_A).content.decode()
    assert SKRIP not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; kesos" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; trantib" in html
    html = masuk("camat_a").get(url_indikator("kesos")).content.decode()
    assert SKRIP not in html and "&lt;script&gt;" in html


def test_the_page_has_no_inline_scripts_or_style_attributes(masuk):
    html = masuk("camat_a").get(URL_A).content.decode()
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


# --- Query counts -------------------------------------------------------------------------------


def buat_tahun(kode: str, n: int) -> tuple[TahunIKI, Pengguna]:
    """A unit whose IKI set grows with n: n jabatan × n indicators, 4n months of counts."""
    from tests.conftest import _pengguna

    unit = UnitKerja.objects.create(
        kabupaten=UnitKerja.objects.get(kode="ketapang").kabupaten, kode=kode, nama=f"Kantor {kode}",
        nama_wilayah=f"Kecamatan {kode}", jabatan_pimpinan="Camat",
    )
    tahun = TahunIKI.objects.create(unit=unit, tahun=2023)
    sasaran = Sasaran.objects.create(tahun=tahun, teks="Sasaran")
    for j in range(n):
        jabatan = Jabatan.objects.create(tahun=tahun, kode=f"j{j}", nama=f"Jabatan {j}", urutan=j)
        pegawai = Pegawai.objects.create(unit=unit, nip=f"19900101201001{n}{j:03d}", nama=f"Pegawai {j}")
        Penugasan.objects.create(pegawai=pegawai, jabatan=jabatan, mulai=date(2023, 1, 1))
        for i in range(n):
            indikator = Indikator.objects.create(tahun=tahun, kode=f"i{j}_{i}", nama=f"Indikator {j} {i}",
                                                 rumus=f"a{i} / b{i} * 100")
            Target.objects.create(indikator=indikator, nilai=Decimal(90))
            a = Variabel.objects.create(indikator=indikator, kode=f"a{i}", nama="a", pengisi=jabatan)
            b = Variabel.objects.create(indikator=indikator, kode=f"b{i}", nama="b", pengisi=jabatan)
            BarisIKI.objects.create(jabatan=jabatan, sasaran=sasaran, indikator=indikator, urutan=i + 1)
            for bulan in range(1, 4 * n + 1):
                status = "draft" if bulan == 4 * n else "diverifikasi"
                Realisasi.objects.create(variabel=a, bulan=bulan, nilai=8 + bulan % 3, status=status)
                Realisasi.objects.create(variabel=b, bulan=bulan, nilai=10, status=status)
                CatatanIndikator.objects.create(indikator=indikator, bulan=bulan, kendala="k")
    return tahun, _pengguna(f"camat_{kode}", Pengguna.CAMAT, unit)


def test_dashboard_queries_do_not_grow_with_indicators_or_months(client):
    hitungan = {}
    for n in (1, 3):
        tahun, user = buat_tahun(f"uji{n}", n)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        url = reverse("dasbor_unit", args=[tahun.unit.kode, 2023])
        for query in ("", "?periode=tw1"):
            with CaptureQueriesContext(connection) as q:
                response = client.get(url + query)
            assert response.status_code == 200
            hitungan.setdefault(query, []).append(len(q))
        rows = sum(len(b.baris) for b in response.context["bagian_jabatan"])
        assert rows == n * n
    assert hitungan[""][0] == hitungan[""][1]
    assert hitungan["?periode=tw1"][0] == hitungan["?periode=tw1"][1]


def test_drill_down_and_kabupaten_queries_do_not_grow_either(client, masuk):
    hitungan = []
    for n in (1, 3):
        tahun, user = buat_tahun(f"uji{n}", n)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        pk = Indikator.objects.filter(tahun=tahun).first().pk
        with CaptureQueriesContext(connection) as q:
            assert client.get(reverse("dasbor_indikator", args=[tahun.unit.kode, 2023, pk])).status_code == 200
        hitungan.append(len(q))
    assert hitungan[0] == hitungan[1]
    pemantau = masuk("pemantau")
    with CaptureQueriesContext(connection) as q:
        assert pemantau.get("/dasbor/kabupaten/sampang/2023/").status_code == 200
    sebelum = len(q)
    buat_tahun("uji9", 2)
    with CaptureQueriesContext(connection) as q:
        response = pemantau.get("/dasbor/kabupaten/sampang/2023/")
    assert len(response.context["baris"]) == 5
    assert len(q) == sebelum


# --- Drill-down ---------------------------------------------------------------------------------


def test_drill_down_shows_formula_in_words_components_chart_and_notes(masuk, dunia):
    adminduk = indikator_a("adminduk")
    CatatanIndikator.objects.create(indikator=adminduk, bulan=5, kendala="Blangko KTP habis",
                                    tindak_lanjut="Permintaan ke Dispendukcapil")
    response = masuk("camat_a").get(url_indikator("adminduk") + "?periode=tw2")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jumlah KTP, KK dan Akta yang diproses tepat waktu ÷ Jumlah usulan pembuatan KTP, KK dan Akta × 100 %" \
        in html
    data = capaian.muat(TahunIKI.objects.select_related("unit__kabupaten").get(pk=dunia.tahun_a.pk))
    mei = data.hasil(adminduk.pk, Periode("bulan", 5))
    assert f"Mei: {mei.komponen}" in html and " dari " in mei.komponen
    tw2 = data.hasil(adminduk.pk, Periode("tw", 2))
    assert tw2.komponen in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="grafik grafik-tren"' in html
    assert '<title id="grafik-tren-judul">' in html and "<desc" in html
    assert "Blangko KTP habis" in html and "Permintaan ke Dispendukcapil" in html
    assert "Kepala Seksi Pemerintahan" in html  # who enters the counts


def test_drill_down_shows_evidence_links_and_history(masuk, dunia):
    r = Realisasi.objects.get(variabel__indikator__tahun=dunia.tahun_a, variabel__kode="ktp_tepat", bulan=5)
    bukti = BuktiDukung.objects.create(realisasi=r, berkas="bukti/x.pdf", nama_asli="register-mei.pdf",
                                       jenis_konten="application/pdf", ukuran=10, sha256="0" * 64)
    r.nilai = r.nilai + 1
    r.save()
    html = masuk("camat_a").get(url_indikator("adminduk")).content.decode()
    assert "register-mei.pdf" in html
    try:
        url = reverse("bukti_unduh", args=[bukti.pk])
    except NoReverseMatch:  # the evidence screens are another module's; the name is still shown
        url = None
    if url:
        assert f'href="{url}"' in html
    riwayat = re.search(r'<table class="table table-sm tabel-riwayat">(.*?)</table>', html, re.S).group(1)
    assert f"nilai {int(r.nilai) - 1} → {int(r.nilai)}" in teks(riwayat)


def test_drill_down_of_the_survey_indicator(masuk):
    html = masuk("camat_a").get(url_indikator("ikm")).content.decode()
    assert "belum ada data survei" in html


def test_drill_down_rejects_a_bad_period(masuk):
    assert masuk("camat_a").get(url_indikator("adminduk") + "?periode=tw7").status_code == 404
    assert masuk("camat_a").get("/dasbor/ketapang/2023/indikator/99999999/").status_code == 404


# --- Kabupaten ----------------------------------------------------------------------------------


def test_pemantau_sees_every_unit_of_the_kabupaten_one_row_each(masuk):
    response = masuk("pemantau").get("/dasbor/kabupaten/sampang/2023/?periode=tw2")
    assert response.status_code == 200
    assert [b.unit.kode for b in response.context["baris"]] == ["banyuates", "ketapang"]
    ketapang = response.context["baris"][1]
    # Ketapang's indicators in TW II, counted by category; each indicator in exactly one place.
    jumlah = len(Indikator.objects.filter(tahun__unit__kode="ketapang"))
    assert sum(ketapang.kategori) + ketapang.tanpa_kategori == jumlah and sum(ketapang.kategori) > 0
    assert ketapang.url == "/dasbor/ketapang/2023/?periode=tw2"
    html = response.content.decode()
    assert "Kecamatan Banyuates" in html and 'href="/dasbor/ketapang/2023/?periode=tw2"' in html


def test_indicators_with_the_same_name_are_compared_side_by_side(masuk, dunia):
    Indikator.objects.filter(tahun=dunia.tahun_b).update(nama="PERSENTASE penyelesaian pelayanan bidang "
                                                         "administrasi  kependudukan tepat waktu")
    response = masuk("pemantau").get("/dasbor/kabupaten/sampang/2023/bandingkan/", {
        "indikator": "Prosentase penyelesaian pelayanan bidang administrasi kependudukan tepat waktu"})
    assert [b["unit"].kode for b in response.context["baris"]] == ["banyuates", "ketapang"]
    assert response.context["baris"][1]["hasil"].kategori is not None


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a"])
def test_staf_and_verifikator_are_refused_the_kabupaten_view(masuk, username):
    assert masuk(username).get("/dasbor/kabupaten/sampang/2023/").status_code == 403


def test_a_camat_sees_only_their_own_unit_in_the_kabupaten_view(masuk):
    response = masuk("camat_a").get("/dasbor/kabupaten/sampang/2023/")
    assert [b.unit.kode for b in response.context["baris"]] == ["ketapang"]


def test_another_kabupaten_is_not_found(masuk):
    from iki.models import Kabupaten

    Kabupaten.objects.create(kode="bangkalan", nama="Bangkalan")
    assert masuk("pemantau").get("/dasbor/kabupaten/bangkalan/2023/").status_code == 404
    assert masuk("pemantau").get("/dasbor/kabupaten/sampang/2023/?periode=xx").status_code == 404


def test_kabupaten_shortcut_redirects_to_the_users_kabupaten(masuk):
    response = masuk("pemantau").get("/dasbor/kabupaten/")
    assert response.status_code == 302 and response["Location"].startswith("/dasbor/kabupaten/sampang/")


@pytest.mark.parametrize("url", ["/dasbor/kabupaten/", "/dasbor/"])
def test_the_pemantau_opens_the_latest_year_with_sets_not_an_empty_calendar_year(masuk, url):
    # The world's sets are 2023 and the clock says later: the pemantau must not land on an empty page.
    assert date.today().year > 2023
    response = masuk("pemantau").get(url)
    assert response["Location"] == "/dasbor/kabupaten/sampang/2023/"


@pytest.mark.parametrize(
    ("ada", "tahun_ini", "diharapkan"),
    [
        ([2023], 2026, 2023),  # only the past: the latest of it
        ([2023, 2024, 2027], 2026, 2024),
        ([2023, 2026, 2027], 2026, 2026),  # this year's set wins
        ([2027, 2028], 2026, 2027),  # only the future: the earliest of it
        ([], 2026, None),
    ],
)
def test_the_year_a_screen_opens_by_default(dunia, ada, tahun_ini, diharapkan):
    unit = UnitKerja.objects.create(kabupaten=dunia.unit_b.kabupaten, kode="uji-tahun", nama="Kantor Uji",
                                    nama_wilayah="Kecamatan Uji")
    for tahun in ada:
        TahunIKI.objects.create(unit=unit, tahun=tahun)
    qs = TahunIKI.objects.for_unit(unit)
    assert qs.tahun_terkini(tahun_ini) == diharapkan
    terkini = TahunIKI.objects.terkini(unit, tahun_ini)
    assert (terkini.tahun if terkini else None) == diharapkan


def test_the_kabupaten_view_offers_the_years_that_have_sets(masuk, dunia):
    TahunIKI.objects.create(unit=dunia.unit_b, tahun=2024)
    client = masuk("pemantau")
    html = client.get("/dasbor/kabupaten/sampang/2023/").content.decode()
    assert 'href="/dasbor/kabupaten/sampang/2024/"' in html
    assert 'aria-current="page">2023<' in html
    # A year without sets says so and links to the years that have them.
    kosong = client.get("/dasbor/kabupaten/sampang/2030/").content.decode()
    assert "Belum ada unit kerja dengan IKI tahun 2030." in kosong
    assert 'href="/dasbor/kabupaten/sampang/2023/">2023</a>' in kosong


def test_the_kabupaten_years_are_only_those_of_units_the_user_sees(masuk, dunia):
    TahunIKI.objects.create(unit=dunia.unit_b, tahun=2024)  # Banyuates: not the Ketapang camat's
    html = masuk("camat_a").get("/dasbor/kabupaten/sampang/2023/").content.decode()
    assert "/dasbor/kabupaten/sampang/2024/" not in html


# --- Reuse on the home page ---------------------------------------------------------------------


def test_the_dashboard_body_renders_from_konteks_dasbor_alone(dunia):
    tahun = TahunIKI.objects.select_related("unit__kabupaten").get(pk=dunia.tahun_a.pk)
    Realisasi.objects.filter(variabel__pengisi__kode="kasi_trantib", variabel__pengisi__tahun=tahun,
                             bulan=5).delete()
    konteks = konteks_dasbor(dunia.user("camat_a"), tahun, "tw2", sekarang=datetime(2023, 6, 15, tzinfo=UTC))
    html = render_to_string("iki/dasbor/_dasbor.html", konteks)
    assert konteks["kelengkapan"].jumlah_terlambat == 1
    assert 'id="jumlah-terlambat">1<' in html
    assert "TW II" in html and "data-indikator" in html
    # On 15 June 2023 the second half of the year is not due yet, so December is not "waiting".
    assert konteks["hari_ini"] == date(2023, 6, 15)
