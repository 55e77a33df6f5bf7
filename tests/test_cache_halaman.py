"""The entries cached besides the computed year (iki.umum.versi): the dashboard view (body, the
filter's jabatan, the period shown), the year switcher's state, and the kabupaten summary's
figures. A hit reads no data; each kind of write shows on the next request exactly what a cold
cache shows; a filter or another unit's year is still checked (404), whatever is cached."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.bench_kabupaten import buat_kabupaten
from iki.models import HariLibur, Jabatan, KategoriCapaian, Realisasi, TahunIKI, UnitKerja
from iki.umum import versi
from tests import test_cache_tahun
from tests.test_cache_tahun import TULISAN, _isi, _muat, _tahun, _user

backend = test_cache_tahun.backend  # each test with the local-memory and the database cache

URL_BAWAAN = "/dasbor/ketapang/2023/"
KABUPATEN = "/dasbor/kabupaten/sampang/2023/?periode=tahun"

# What a cached dashboard view may read: who asks, the year with its versions, the cache itself.
# (iki_notifikasi: the bell's unread count in the menu bar, one COUNT on every page)
TABEL_HIT = {"django_session", "iki_pengguna", "iki_tahuniki", "iki_unitkerja", "iki_kabupaten",
             "iki_versidata", "iki_perioderenstra", "iki_cache_uji", "iki_notifikasi"}


def _tabel(q) -> set[str]:
    return {t for s in q.captured_queries for t in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', s["sql"])}


def _pilihan_jabatan(html: str) -> list[str]:
    select = html.split('name="jabatan"', 1)[1].split("</select>", 1)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def _tahun_di_pilihan(html: str) -> list[tuple[str, bool]]:
    """``[(year, is the working year)]`` of the year switcher."""
    nav = html.split('aria-label="Pilih tahun"', 1)[1].split("</nav>", 1)[0]
    return [(t, "tahun kerja" in isi) for t, isi in re.findall(r'data-tahun="(\d+)"[^>]*>(.*?)</a>', nav, re.S)]


# --- The dashboard view -----------------------------------------------------------------------


@pytest.mark.parametrize("url", [URL_BAWAAN, URL_BAWAAN + "?periode=tw2"])
def test_a_cached_view_reads_no_data_only_who_asks_and_the_years_versions(backend, masuk, url):
    client = masuk("camat_a")
    pertama, _ = _muat(client, url)
    with CaptureQueriesContext(connection) as q:
        kedua = _isi(client.get(url).content.decode())
    assert kedua == pertama
    assert "Dasbor capaian IKI" in kedua and 'id="judul-ringkasan"' in kedua
    # Session, user, the year with every version of its unit, the bell's count (and the cache
    # table with db).
    assert len(q) <= (4 if backend == "locmem" else 5), [s["sql"][:80] for s in q.captured_queries]
    assert _tabel(q) <= TABEL_HIT, _tabel(q) - TABEL_HIT


@pytest.mark.parametrize("jenis", ["isian", "verifikasi", "target", "rumus", "pegawai", "baris", "libur"])
def test_the_default_view_shows_every_kind_of_write_next_request(backend, masuk, jenis):
    """The view without filters (the period is the computed year's latest month) is its own
    entry: it too is what a cold cache shows after a write."""
    client = masuk("camat_a")
    _muat(client, URL_BAWAAN)
    sebelum, _ = _muat(client, URL_BAWAAN)
    teks = TULISAN[jenis]()
    sesudah, _ = _muat(client, URL_BAWAAN)
    cache.clear()
    assert sesudah == _muat(client, URL_BAWAAN)[0]
    if teks:
        assert teks in sesudah and teks not in sebelum


def test_the_filters_jabatan_follow_a_renamed_jabatan(backend, masuk):
    client = masuk("camat_a")
    sebelum, _ = _muat(client, URL_BAWAAN)
    jabatan = Jabatan.objects.filter(tahun=_tahun()).order_by("urutan", "pk").first()
    assert jabatan.nama in _pilihan_jabatan(sebelum)
    jabatan.nama = "Kepala Seksi Berganti Nama"
    jabatan.save()
    sesudah, _ = _muat(client, URL_BAWAAN)
    assert "Kepala Seksi Berganti Nama" in _pilihan_jabatan(sesudah)
    # A filter on that jabatan shows its new name beside the period.
    saring, _ = _muat(client, f"{URL_BAWAAN}?periode=tahun&jabatan={jabatan.pk}")
    assert "Tahun · Kepala Seksi Berganti Nama" in saring


def test_the_year_switcher_follows_a_new_year_and_the_declared_working_year(backend, masuk):
    from iki.set_iki.tahun import jadikan_tahun_kerja, salin_tahun

    client = masuk("camat_a")
    _muat(client, URL_BAWAAN)
    sebelum, _ = _muat(client, URL_BAWAAN)
    assert ("2024", False) not in _tahun_di_pilihan(sebelum)
    baru = salin_tahun(_tahun(), ke_tahun=2024, user=_user("operator_a"))
    sesudah, _ = _muat(client, URL_BAWAAN)
    assert ("2024", False) in _tahun_di_pilihan(sesudah)
    assert ("2023", True) in _tahun_di_pilihan(sesudah)  # 2023 has values; an empty copy does not win
    jadikan_tahun_kerja(baru, user=_user("operator_a"), dari_tahun=2023)
    dinyatakan, _ = _muat(client, URL_BAWAAN)
    assert ("2024", True) in _tahun_di_pilihan(dinyatakan) and ("2023", False) in _tahun_di_pilihan(dinyatakan)
    cache.clear()
    assert _muat(client, URL_BAWAAN)[0] == dinyatakan


@pytest.mark.parametrize("query", ["periode=abc", "jabatan=abc", "jabatan=999999", "jabatan=0", "periode=<script>"])
def test_a_bad_filter_is_refused_with_its_reason_even_with_a_warm_cache(backend, masuk, query):
    client = masuk("camat_a")
    _muat(client, URL_BAWAAN)
    _muat(client, URL_BAWAAN + "?periode=tahun")
    response = client.get(f"{URL_BAWAAN}?{query}")
    assert response.status_code == 404
    assert "<script>" not in response.content.decode()


def test_another_years_jabatan_is_refused_though_its_number_is_cached_for_that_year(backend, masuk, dunia):
    client = masuk("camat_a")
    lain = Jabatan.objects.filter(tahun=dunia.tahun_b).first()
    sendiri = Jabatan.objects.filter(tahun=dunia.tahun_a).first()
    assert client.get(f"{URL_BAWAAN}?jabatan={sendiri.pk}").status_code == 200
    assert client.get(f"{URL_BAWAAN}?jabatan={lain.pk}").status_code == 404


def test_another_units_user_gets_not_found_from_a_warm_cache(backend, masuk):
    _muat(masuk("camat_a"), URL_BAWAAN)
    response = masuk("operator_b").get(URL_BAWAAN)
    assert response.status_code == 404
    assert "Dasbor capaian IKI" not in response.content.decode()


def test_the_frame_greets_its_own_user_and_the_body_is_shared(backend, masuk):
    camat, _ = _muat(masuk("camat_a"), URL_BAWAAN)
    operator, _ = _muat(masuk("operator_a"), URL_BAWAAN)
    assert operator.split('id="judul-ringkasan"')[1] == camat.split('id="judul-ringkasan"')[1]
    assert "Operator" in operator.split('id="judul-ringkasan"')[0]


# --- The kabupaten summary --------------------------------------------------------------------


@pytest.fixture
def kabupaten_6(dunia):
    return buat_kabupaten(dunia.unit_a.kabupaten, unit=6, indikator=4, kecamatan=3, awalan="kc")


def _ringkasan(client, url=KABUPATEN):
    with CaptureQueriesContext(connection) as q:
        response = client.get(url)
    assert response.status_code == 200
    rows = {b.unit.kode: b for b in response.context["baris"]}
    return _isi(response.content.decode()), rows, q


def _hapus_desember(kode):
    Realisasi.objects.filter(variabel__indikator__tahun__unit__kode=kode, bulan=12).delete()


def _libur(kode):
    HariLibur.objects.create(unit=TahunIKI.objects.get(unit__kode=kode).unit, tanggal=date(2023, 11, 13),
                             keterangan="Libur uji")


def _skala(kode):
    kabupaten = TahunIKI.objects.get(unit__kode=kode).unit.kabupaten
    KategoriCapaian.objects.create(kabupaten=kabupaten, batas_bawah=0, label="Istimewa Sekali", warna="#1a7f37")
    KategoriCapaian.objects.create(kabupaten=kabupaten, batas_bawah=None, label="Belum Istimewa", warna="#b42318")
    return "Istimewa Sekali"


def _unit_baru(kode):
    lama = TahunIKI.objects.get(unit__kode=kode).unit
    unit = UnitKerja.objects.create(kabupaten=lama.kabupaten, kode="kc-baru", jenis="badan", nama="Badan Baru Uji",
                                    nama_wilayah="Badan Baru Uji", jabatan_pimpinan="Kepala")
    TahunIKI.objects.create(unit=unit, tahun=2023)
    return "Badan Baru Uji"


TULISAN_KABUPATEN = {"realisasi": _hapus_desember, "libur": _libur, "skala": _skala, "unit_baru": _unit_baru}


def test_a_cached_summary_reads_no_unit_data(backend, masuk, kabupaten_6):
    client = masuk("pemantau")
    pertama, _, dingin = _ringkasan(client)
    kedua, _, q = _ringkasan(client)
    assert kedua == pertama
    assert "iki_realisasi" in _tabel(dingin) and "iki_realisasi" not in _tabel(q)
    assert len(q) < len(dingin)


@pytest.mark.parametrize("jenis", list(TULISAN_KABUPATEN))
def test_a_write_to_any_unit_shows_on_the_next_summary(backend, masuk, kabupaten_6, jenis):
    client = masuk("pemantau")
    _ringkasan(client)
    sebelum, baris_sebelum, _ = _ringkasan(client)
    teks = TULISAN_KABUPATEN[jenis]("kc-004")
    sesudah, baris, q = _ringkasan(client)
    assert "iki_realisasi" in _tabel(q)  # computed again, not served from the cache
    if jenis != "libur":  # a holiday changes a figure only when it moves a deadline past today
        assert sesudah != sebelum
    cache.clear()
    assert _ringkasan(client)[0] == sesudah  # exactly what a cold cache shows
    if jenis == "realisasi":
        assert baris["kc-004"].isian.terisi < baris_sebelum["kc-004"].isian.terisi
    if jenis == "unit_baru":
        assert "kc-baru" in baris and "kc-baru" not in baris_sebelum
    if teks:
        assert teks in sesudah and teks not in sebelum


def test_a_unit_year_without_a_version_is_computed_every_time(backend, masuk, kabupaten_6):
    from iki.models import VersiData

    VersiData.objects.filter(tahun__unit__kode="kc-002").delete()
    client = masuk("pemantau")
    _ringkasan(client)
    _, _, q = _ringkasan(client)
    assert "iki_realisasi" in _tabel(q)
    # Bulk rows written without a signal would otherwise be missed: still the fresh figure.
    Realisasi.objects.filter(variabel__indikator__tahun__unit__kode="kc-002", bulan=12).update(nilai=0)
    _, baris, _ = _ringkasan(client)
    cache.clear()
    assert _ringkasan(client)[1]["kc-002"].kategori == baris["kc-002"].kategori


def test_the_sort_order_and_jenis_are_applied_to_cached_figures(backend, masuk, kabupaten_6):
    client = masuk("pemantau")
    _ringkasan(client)
    _, baris, _ = _ringkasan(client, KABUPATEN + "&urut=-terisi")
    terisi = [b.isian.persen_terisi or 0 for b in baris.values()]
    assert terisi == sorted(terisi, reverse=True)
    _, kecamatan, _ = _ringkasan(client, KABUPATEN + "&jenis=kecamatan")
    assert {b.unit.jenis for b in kecamatan.values()} == {"kecamatan"}
    assert versi.sidik_versi({}) is None
