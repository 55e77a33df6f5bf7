"""The computed year is cached under a version every write changes (iki.umum.versi): a load
after a write is computed again and shows the new figure; a load with nothing changed is served
from the cache with far fewer queries. Each test runs with the local-memory cache and with the
database cache (the one several app servers share)."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from iki.models import (
    BarisIKI,
    HariLibur,
    Indikator,
    Jabatan,
    KategoriCapaian,
    Konstanta,
    Pegawai,
    Realisasi,
    SurveiIKM,
    TahunIKI,
    Target,
    UnitKerja,
)
from iki.umum import versi

URL = "/dasbor/ketapang/2023/?periode=tahun"
JAKARTA = ZoneInfo("Asia/Jakarta")

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "uji-versi"}}
DB = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "iki_cache_uji"}}


@pytest.fixture(params=["locmem", "db"])
def backend(request, db):
    with override_settings(CACHES=LOCMEM if request.param == "locmem" else DB):
        if request.param == "db":
            call_command("createcachetable", verbosity=0)
        cache.clear()
        yield request.param


def _muat(client, url=URL):
    with CaptureQueriesContext(connection) as q:
        response = client.get(url)
    assert response.status_code == 200
    return _isi(response.content.decode()), len(q)


def _isi(html: str) -> str:
    # The CSRF token of the filter-less page and the CSP nonce change per request.
    return re.sub(r'(nonce|value)="[^"]*"', "", html)


def test_a_second_load_with_nothing_changed_is_served_from_the_cache(backend, masuk):
    client = masuk("camat_a")
    pertama, kueri_pertama = _muat(client)
    kedua, kueri_kedua = _muat(client)
    assert kedua == pertama
    assert "Dasbor capaian IKI" in kedua
    # Session, user, year, version, two cache reads and the page's frame (menu, year choice).
    assert kueri_kedua <= 12 and kueri_kedua * 2 <= kueri_pertama, (kueri_kedua, kueri_pertama)
    # Another role that may see the unit shares the body; the page still greets its own user.
    ketiga, kueri_ketiga = _muat(masuk("operator_a"))
    assert kueri_ketiga <= 12
    assert ketiga.split('id="judul-ringkasan"')[1] == kedua.split('id="judul-ringkasan"')[1]


def test_a_plain_dashboard_view_does_not_save_the_session(backend, masuk):
    client = masuk("camat_a")
    _muat(client)
    with CaptureQueriesContext(connection) as q:
        client.get(URL)
    tulis = [s["sql"] for s in q.captured_queries if re.match(r"\s*(UPDATE|INSERT|DELETE)", s["sql"], re.I)]
    sesi = [s for s in tulis if "django_session" in s]
    assert sesi == []
    assert all("iki_cache" in s for s in tulis)  # only the cache itself may be written


def _realisasi(kode_jabatan="kasi_pemerintahan", bulan=12) -> Realisasi:
    return Realisasi.objects.filter(
        variabel__pengisi__kode=kode_jabatan, variabel__indikator__tahun__unit__kode="ketapang",
        variabel__indikator__tahun__tahun=2023, bulan=bulan,
    ).select_related("variabel").order_by("pk").first()


def _user(username):
    from iki.models import Pengguna

    return Pengguna.objects.get(username=username)


def _tahun():
    return TahunIKI.objects.select_related("unit__kabupaten").get(unit__kode="ketapang", tahun=2023)


# Each write: (what it does, a text the page shows afterwards or None when the change is not one
# a text can name; the page must then differ from before or at least have been computed again).

def tulis_isian():
    r = _realisasi()
    r.status = Realisasi.DRAFT
    r.nilai = Decimal(0)
    r.save()


def tulis_ajukan():
    r = _realisasi()
    r.ajukan(oleh=_user("staf_a"), pada=datetime(2024, 1, 6, 9, tzinfo=JAKARTA), nilai=r.nilai + 1)
    r.save()


def tulis_verifikasi():
    r = _realisasi()
    r.verifikasi(oleh=_user("verifikator_a"), pada=datetime(2024, 1, 7, 9, tzinfo=JAKARTA))
    r.save()


def tulis_kembalikan():
    r = _realisasi()
    r.kembalikan(oleh=_user("verifikator_a"), catatan="Periksa lagi")
    r.save()


def tulis_buka_kunci():
    from iki.realisasi import alur

    jabatan = Jabatan.objects.get(tahun=_tahun(), kode="kasi_pemerintahan")
    alur.buka_kunci(user=_user("operator_a"), jabatan=jabatan, bulan=3, alasan="Salah ketik angka Maret")


def tulis_impor_excel():
    from iki.realisasi.simpan import Perubahan, simpan_massal

    # The largest of the month's values is a denominator: raising it breaks no ratio.
    r = Realisasi.objects.filter(
        variabel__pengisi__kode="kasi_pemerintahan", variabel__indikator__tahun=_tahun(), bulan=11
    ).order_by("-nilai").first()
    Realisasi.objects.filter(pk=r.pk).update(status=Realisasi.DRAFT)  # bypasses signals: no bump
    versi.naikkan_versi(_tahun())  # (the test's own preparation, so the import starts from a warm cache)
    return r, lambda: simpan_massal(
        user=_user("staf_a"), tahun_iki=_tahun(),
        perubahan=[Perubahan(variabel_id=r.variabel_id, bulan=11, nilai=r.nilai + 1, versi=r.versi, catatan="")],
        alasan="Impor Excel",
    )


def tulis_target():
    t = Target.objects.filter(indikator__tahun=_tahun(), periode="tahun").order_by("pk").first()
    t.nilai = Decimal("1.5")
    t.save()


def tulis_rumus():
    i = Indikator.objects.filter(tahun=_tahun()).exclude(jenis=Indikator.SURVEI).order_by("pk").first()
    i.rumus = f"({i.rumus}) / 2"
    i.save()


def tulis_konstanta():
    Konstanta.objects.create(tahun=_tahun(), kode="k_uji", nama="Konstanta uji", nilai=Decimal(3))


def tulis_kategori():
    # The kabupaten's own scale replaces the default one: every unit's categories change.
    kabupaten = _tahun().unit.kabupaten
    KategoriCapaian.objects.create(kabupaten=kabupaten, batas_bawah=Decimal(50), label="Istimewa Sekali",
                                   warna="#1a7f37")
    KategoriCapaian.objects.create(kabupaten=kabupaten, batas_bawah=None, label="Belum Istimewa", warna="#b42318")
    return "Istimewa Sekali"


def tulis_libur():
    HariLibur.objects.create(unit=_tahun().unit, tanggal=date(2023, 6, 12), keterangan="Libur uji")


def tulis_unit():
    u = UnitKerja.objects.get(kode="ketapang")
    u.hari_batas_entri = 3
    u.save()


def tulis_pegawai():
    p = Pegawai.objects.get(nama="Staf A")
    p.nama = "Staf Berganti Nama"
    p.save()
    return "Staf Berganti Nama"


def tulis_baris():
    b = BarisIKI.objects.filter(jabatan__tahun=_tahun()).order_by("-pk").first()
    b.delete()


def tulis_survei():
    SurveiIKM.objects.create(unit=_tahun().unit, tahun=2023, jenis="tahun", nomor=0)


TULISAN = {
    "isian": tulis_isian,
    "ajukan": tulis_ajukan,
    "verifikasi": tulis_verifikasi,
    "kembalikan": tulis_kembalikan,
    "buka_kunci": tulis_buka_kunci,
    "target": tulis_target,
    "rumus": tulis_rumus,
    "konstanta": tulis_konstanta,
    "kategori": tulis_kategori,
    "libur": tulis_libur,
    "unit": tulis_unit,
    "pegawai": tulis_pegawai,
    "baris": tulis_baris,
    "survei": tulis_survei,
}


@pytest.mark.parametrize("jenis", list(TULISAN))
def test_every_kind_of_write_is_seen_on_the_next_load(backend, masuk, jenis):
    client = masuk("camat_a")
    _muat(client)
    sebelum, kueri_cache = _muat(client)
    nomor = versi.versi(_tahun())
    teks = TULISAN[jenis]()
    assert versi.versi(_tahun()) != nomor
    sesudah, kueri = _muat(client)
    assert kueri > kueri_cache  # computed again, not served from the cache
    cache.clear()
    segar, _ = _muat(client)
    assert sesudah == segar  # exactly what a cold cache shows
    if teks:
        assert teks in sesudah and teks not in sebelum


def test_an_excel_import_of_realisasi_changes_the_version(backend, masuk):
    client = masuk("camat_a")
    r, impor = tulis_impor_excel()
    _muat(client)
    sebelum, kueri_cache = _muat(client)
    assert impor() == 1
    sesudah, kueri = _muat(client)
    assert kueri > kueri_cache
    cache.clear()
    assert _muat(client)[0] == sesudah
    assert Realisasi.objects.get(pk=r.pk).nilai == r.nilai + 1


def test_a_copied_year_and_an_imported_set_have_their_version(backend, masuk):
    from iki.set_iki import impor
    from iki.set_iki.tahun import salin_tahun

    salinan = salin_tahun(_tahun(), ke_tahun=2024, user=_user("operator_a"))
    assert versi.versi(salinan)
    isi = impor.read(__import__("io").BytesIO(impor.tulis(_tahun())))[0]
    dimuat = impor.save(rows=isi, unit=UnitKerja.objects.get(kode="banyuates"), tahun=2025)
    assert versi.versi(dimuat)
    client = masuk("camat_a")
    _, dingin = _muat(client, "/dasbor/ketapang/2024/")
    _, hangat = _muat(client, "/dasbor/ketapang/2024/")
    assert hangat < dingin


def test_an_ikm_questionnaire_import_changes_the_version(backend):
    from iki.ikm.sumber import simpan_impor

    survei = SurveiIKM.objects.create(unit=_tahun().unit, tahun=2023, jenis="tahun", nomor=0)
    nomor = versi.versi(_tahun())
    simpan_impor(survei=survei, baris=[], user=_user("operator_a"))
    assert versi.versi(_tahun()) != nomor


# --- No model the figures read can be forgotten ---------------------------------------------


def test_every_table_the_dashboard_reads_has_its_version_bump(backend, masuk):
    """Render a dashboard from a cold cache, read which tables it queried, and require each
    table's model to be in iki.umum.versi.SUMBER: a model read later by the figures cannot be
    forgotten."""
    from django.apps import apps

    client = masuk("camat_a")
    client.get(URL)  # the session is warm
    cache.clear()
    with CaptureQueriesContext(connection) as q:
        assert client.get(URL).status_code == 200
    tabel = {t for s in q.captured_queries for t in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', s["sql"])}
    per_tabel = {m._meta.db_table: m for m in apps.get_models()}
    dibaca = {per_tabel[t] for t in tabel if t in per_tabel}
    # who asks; the key itself; the bell's unread count in the menu bar (outside the cached body)
    bukan_angka = {"Session", "Pengguna", "VersiData", "Notifikasi"}
    lupa = {m.__name__ for m in dibaca if m not in versi.SUMBER and m.__name__ not in bukan_angka}
    assert lupa == set()
    assert {"Realisasi", "Target", "Indikator", "KategoriCapaian"} <= {m.__name__ for m in dibaca}
