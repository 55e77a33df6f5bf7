""""Capaian saya": a staf reads the results of the indicators their own counts feed, per month and
per quarter, read only; other roles are refused, another unit is not found, and the page reads
the year in a fixed number of queries however many indicators the staf feeds."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from iki.models import BarisIKI, Indikator, Jabatan, Realisasi, Target, Variabel

pytestmark = pytest.mark.django_db

URL = "/dasbor/ketapang/2023/saya/"


def _baris(html: str, judul: str, periode: str) -> str:
    """The table row of ``periode`` ("5", "tw2") in the card of the indicator titled ``judul``."""
    kartu = html.split(judul, 1)[1].split("</section>", 1)[0]
    return re.search(rf'<tr data-periode="{periode}">(.*?)</tr>', kartu, re.S)[1]


def test_a_staf_sees_the_capaian_of_the_indicators_their_counts_feed(masuk, dunia):
    isi = masuk("staf_a").get(URL).content.decode()
    for nama in ("administrasi kependudukan", "bidang pertanahan", "perijinan tepat waktu",
                 "desa yang tertib administrasi"):
        assert nama in isi
    # Another jabatan's indicator is not the staf's result.
    lain = Indikator.objects.filter(tahun=dunia.tahun_a, variabel__pengisi__kode="kasi_trantib").first()
    assert lain.nama == "Angka Kriminalitas" and lain.nama not in isi
    # May of the KTP indicator: 151 of 160 against the annual 95: value, target, capaian, category.
    mei = _baris(isi, "administrasi kependudukan", "5")
    assert "94,38" in mei and "95,00" in mei and "99,34" in mei and "Sangat Baik" in mei
    assert 'title="Mei: 151 dari 160"' in mei
    assert '<svg class="swatch"' in mei  # the category's colour beside its word
    tw2 = _baris(isi, "administrasi kependudukan", "tw2")
    assert "TW II" in tw2 and "95,00" in tw2 and "%" in tw2
    assert 'data-periode="12"' in isi and 'data-periode="tw4"' in isi  # a past year: all of it


def test_the_page_follows_the_values_and_marks_what_is_not_yet_verified(masuk, dunia):
    t = dunia.tahun_a
    Realisasi.objects.filter(variabel__indikator__tahun=t, variabel__kode="ktp_tepat", bulan=5).update(
        nilai=Decimal(40), status=Realisasi.DIAJUKAN
    )
    Realisasi.objects.filter(variabel__indikator__tahun=t, variabel__kode="ktp_usulan", bulan=5).update(
        nilai=Decimal(50)
    )
    mei = _baris(masuk("staf_a").get(URL).content.decode(), "administrasi kependudukan", "5")
    # 40 of 50 = 80 % against 95: 84,21 %, "Baik" on the Sampang scale.
    assert "80,00" in mei and "84,21" in mei and ">Baik<" in mei
    assert "(belum diverifikasi)" in mei


def test_the_page_is_read_only_and_offers_no_write(masuk, dunia):
    client = masuk("staf_a")
    isi = client.get(URL).content.decode()
    assert "Capaian saya" in isi and "hanya untuk dibaca" in isi
    assert not re.search(r'<form[^>]*method="post"[^>]*action="/dasbor', isi)
    jumlah = Realisasi.objects.count()
    assert client.post(URL).status_code == 405
    assert Realisasi.objects.count() == jumlah


def test_the_menu_gives_the_staf_capaian_saya_at_the_current_year(masuk, dunia):
    client = masuk("staf_a")
    isi = client.get("/").content.decode()
    assert f'href="{reverse("capaian_saya_terkini")}"' in isi and "Capaian saya" in isi
    tujuan = client.get(reverse("capaian_saya_terkini"))
    assert re.fullmatch(r"/dasbor/ketapang/\d{4}/saya/", tujuan["Location"])


def test_a_staf_of_another_unit_gets_404(masuk, dunia):
    respons = masuk("staf_b").get(URL)
    assert respons.status_code == 404
    assert "administrasi kependudukan" not in respons.content.decode()


@pytest.mark.parametrize("username", ["camat_a", "verifikator_a", "pemantau"])
def test_roles_other_than_staf_get_403(masuk, dunia, username):
    respons = masuk(username).get(URL)
    assert respons.status_code == 403
    assert "administrasi kependudukan" not in respons.content.decode()


def test_a_staf_without_a_jabatan_in_that_year_is_told_so(masuk, dunia):
    from iki.models import Penugasan

    Penugasan.objects.filter(pegawai__nama="Staf A").delete()
    isi = masuk("staf_a").get(URL).content.decode()
    assert 'id="tanpa-indikator"' in isi and "administrasi kependudukan" not in isi


def test_the_query_count_does_not_grow_with_the_indicators(masuk, dunia, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = masuk("staf_a")
    client.get(URL)  # the session is warm
    cache.clear()  # both counts are of a computed year, not one from the cache
    with CaptureQueriesContext(connection) as awal:
        isi = client.get(URL).content.decode()
    kasi = Jabatan.objects.get(tahun=dunia.tahun_a, kode="kasi_pemerintahan")
    baris = BarisIKI.objects.filter(jabatan=kasi).first()
    for n in range(5):
        i = Indikator.objects.create(tahun=dunia.tahun_a, kode=f"tambah{n}", nama=f"Indikator tambahan {n}",
                                     rumus="a / b * 100", urutan=100 + n)
        Target.objects.create(indikator=i, periode="tahun", nilai=Decimal(90))
        for kode in ("a", "b"):
            v = Variabel.objects.create(indikator=i, kode=kode, nama=f"{kode} {n}", pengisi=kasi)
            Realisasi.objects.create(variabel=v, bulan=1, nilai=Decimal(5), status=Realisasi.DIVERIFIKASI)
        BarisIKI.objects.create(jabatan=kasi, sasaran=baris.sasaran, indikator=i, urutan=100 + n)
    cache.clear()
    with django_assert_max_num_queries(len(awal.captured_queries)):
        isi = client.get(URL).content.decode()
    assert "Indikator tambahan 4" in isi and "Indikator tambahan 0" in isi
