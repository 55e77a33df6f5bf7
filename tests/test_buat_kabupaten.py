"""The generated kabupaten (``manage.py buat_kabupaten_contoh``): realistic sizes, every number a
unit could have typed (numerator never above its denominator), every unit's dashboard computed
and rendered, and a second run refused without touching the first."""

import random
import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from iki.capaian import data as capaian
from iki.inti.perhitungan import Periode
from iki.management.contoh_kabupaten import daftar_unit, nilai_bulanan, rancang_unit
from iki.models import (
    HariLibur,
    Indikator,
    Kabupaten,
    Pengguna,
    Realisasi,
    SurveiIKM,
    TahunIKI,
    Target,
    UnitKerja,
    Variabel,
)
from iki.umum import versi

KODE = "uji-kab"


def _buat(*extra):
    keluar = StringIO()
    call_command(
        "buat_kabupaten_contoh", "--unit", "3", "--tahun", "2", "--tahun-akhir", "2025", "--kode", KODE,
        "--nama", "Uji", *extra, stdout=keluar,
    )
    return keluar.getvalue()


@pytest.fixture
def kabupaten(db):
    keluar = _buat("--pengguna")
    return Kabupaten.objects.get(kode=KODE), keluar


def test_a_54_unit_kabupaten_is_14_kecamatan_and_40_dinas_with_realistic_sizes():
    units = daftar_unit(54)
    assert [j for _, j, _ in units].count("kecamatan") == 14
    assert {n for n, _, _ in units} >= {"Ketapang", "Dinas Kesehatan", "Badan Pendapatan Daerah"}
    for nomor, (nama, jenis, hal) in enumerate(units, start=1):
        r = rancang_unit(random.Random(f"15-{nomor}"), nomor, nama, jenis, hal, "sampang-contoh")
        assert 5 <= len(r.jabatan) <= 30, nama
        assert 15 <= len(r.indikator) <= 60, nama
        assert len({d.kode for d in r.indikator}) == len(r.indikator), nama
        assert len(r.kode) <= 40 and r.kode.startswith("sampang-contoh-")
        if jenis == "kecamatan":
            assert r.indikator[0].jenis == Indikator.SURVEI  # a kecamatan surveys its counter
            assert "Prosentase penyelesaian pelayanan bidang administrasi kependudukan tepat waktu" in {
                d.nama for d in r.indikator
            }


def test_the_same_seed_gives_the_same_units_and_another_seed_others():
    satu = rancang_unit(random.Random("15-20"), 20, "Dinas Kesehatan", "dinas", ["balita", "puskesmas"], "k")
    lagi = rancang_unit(random.Random("15-20"), 20, "Dinas Kesehatan", "dinas", ["balita", "puskesmas"], "k")
    lain = rancang_unit(random.Random("16-20"), 20, "Dinas Kesehatan", "dinas", ["balita", "puskesmas"], "k")
    assert satu == lagi
    assert (satu.jabatan, [d.nama for d in satu.indikator]) != (lain.jabatan, [d.nama for d in lain.indikator])


def test_monthly_values_never_put_a_numerator_above_its_denominator():
    rng = random.Random(1)
    for nomor, (nama, jenis, hal) in enumerate(daftar_unit(20), start=1):
        r = rancang_unit(random.Random(nomor), nomor, nama, jenis, hal, "k")
        for d in r.indikator:
            if not d.variabel:
                continue
            seri = nilai_bulanan(rng, d, r.jumlah_desa)
            pembilang = [v["kode"] for v in d.variabel if v["peran"] == "pembilang"]
            penyebut = [v["kode"] for v in d.variabel if v["peran"] == "penyebut"]
            for a in pembilang:
                for b in penyebut:
                    assert all(x <= y for x, y in zip(seri[a], seri[b], strict=True)), (nama, d.nama)
                if not penyebut and d.jenis == Indikator.RUMUS:  # over the constant: the desa
                    assert max(seri[a]) <= r.jumlah_desa, (nama, d.nama)
                    if next(v for v in d.variabel if v["kode"] == a)["cara_gabung"] == "terakhir":
                        assert seri[a] == sorted(seri[a])


def test_the_command_writes_units_years_and_verified_months_marked_as_demo_data(kabupaten):
    kab, keluar = kabupaten
    units = list(UnitKerja.objects.filter(kabupaten=kab))
    assert len(units) == 3 and [u.jenis for u in units].count("kecamatan") == 1
    tahun = TahunIKI.objects.filter(unit__kabupaten=kab)
    assert sorted({t.tahun for t in tahun}) == [2024, 2025]
    assert tahun.count() == 6 and all(t.data_contoh for t in tahun)
    # Written without signals, yet every year has its data version: its figures can be cached.
    from iki.umum.versi import versi_banyak
    assert all(versi_banyak([t.pk for t in tahun]).values())
    for t in tahun.annotate(j=Count("jabatan", distinct=True), i=Count("indikator", distinct=True)):
        assert 5 <= t.j <= 30 and 15 <= t.i <= 60
    variabel = Variabel.objects.filter(indikator__tahun__unit__kabupaten=kab)
    assert not variabel.filter(pengisi__isnull=True).exists()
    realisasi = Realisasi.objects.filter(variabel__indikator__tahun__unit__kabupaten=kab)
    assert realisasi.count() == 12 * variabel.count()
    assert set(realisasi.values_list("status", flat=True)) == {Realisasi.DIVERIFIKASI}
    indikator = Indikator.objects.filter(tahun__unit__kabupaten=kab)
    assert Target.objects.filter(indikator__in=indikator, periode="tahun").count() == indikator.count()
    kecamatan = next(u for u in units if u.jenis == "kecamatan")
    assert SurveiIKM.objects.filter(unit=kecamatan, tahun=2025).count() == 4
    libur = HariLibur.objects.filter(unit=kecamatan, tanggal__year=2025)
    assert libur.filter(keterangan__icontains="Idul Fitri").exists()
    assert all(h.tanggal.weekday() < 5 for h in libur)
    assert f"{realisasi.count()} realisasi" in keluar and "data contoh" in keluar


def test_every_unit_dashboard_computes_and_renders_its_figures(kabupaten, client):
    kab, _ = kabupaten
    for unit in UnitKerja.objects.filter(kabupaten=kab):
        tahun = TahunIKI.objects.select_related("unit__kabupaten").get(unit=unit, tahun=2025)
        data = capaian.muat(tahun)
        hasil = [data.hasil(pk, Periode("tahun", 0)) for pk in data.indikator]
        assert hasil and all(h.nilai is not None and h.kategori is not None for h in hasil), unit
        client.force_login(Pengguna.objects.get(username=f"camat-{unit.kode}"))
        response = client.get(f"/dasbor/{unit.kode}/2025/?periode=tahun")
        isi = response.content.decode()
        assert response.status_code == 200, unit
        assert unit.nama_wilayah in isi and hasil[0].indikator.nama in isi
        assert hasil[0].teks_capaian in isi


def test_the_pemantau_of_the_generated_kabupaten_sees_its_units(kabupaten, client):
    kab, _ = kabupaten
    client.force_login(Pengguna.objects.get(username=f"pemantau-{KODE}"))
    response = client.get(f"/dasbor/kabupaten/{KODE}/2025/")
    isi = response.content.decode()
    assert response.status_code == 200
    assert all(u.nama_wilayah in isi for u in UnitKerja.objects.filter(kabupaten=kab))


def test_a_second_run_on_the_same_code_is_refused_and_changes_nothing(kabupaten):
    sebelum = Realisasi.objects.count(), UnitKerja.objects.count()
    with pytest.raises(CommandError, match="sudah ada"):
        _buat()
    assert (Realisasi.objects.count(), UnitKerja.objects.count()) == sebelum


def test_with_riwayat_every_value_has_its_three_history_rows(db):
    _buat("--riwayat")
    realisasi = Realisasi.objects.filter(variabel__indikator__tahun__unit__kabupaten__kode=KODE)
    riwayat = Realisasi.history.filter(id__in=realisasi.values("pk"))
    assert riwayat.count() == 3 * realisasi.count()
    assert set(riwayat.values_list("history_change_reason", flat=True)) == {
        "Data contoh: disimpan", "Data contoh: diajukan", "Data contoh: diverifikasi"
    }


def test_every_generated_year_is_cached_and_a_changed_count_shows_on_the_next_request(kabupaten, client):
    """The generator writes in bulk (no signals), so it gives every year its data version: the
    dashboard is then served from the cache, and a changed monthly count is seen at once."""
    kab, _ = kabupaten
    tahun_list = TahunIKI.objects.filter(unit__kabupaten=kab)
    assert all(versi.versi_banyak(tahun_list.values_list("pk", flat=True)).values())
    unit = UnitKerja.objects.filter(kabupaten=kab).order_by("kode").first()
    client.force_login(Pengguna.objects.get(username=f"camat-{unit.kode}"))
    url = f"/dasbor/{unit.kode}/2025/?periode=tahun"
    client.get(url)
    with CaptureQueriesContext(connection) as q:
        sebelum = client.get(url).content.decode()
    assert not any("iki_realisasi" in s["sql"] for s in q.captured_queries)  # from the cache
    r = Realisasi.objects.filter(variabel__indikator__tahun__unit=unit, variabel__indikator__tahun__tahun=2025,
                                 bulan=12).select_related("variabel").order_by("-nilai").first()
    r.nilai += 7
    r.save()
    sesudah = client.get(url).content.decode()
    assert sesudah != sebelum
    cache.clear()
    segar = client.get(url).content.decode()
    tanpa_token = lambda html: re.sub(r'(nonce|value)="[^"]*"', "", html)  # noqa: E731
    assert tanpa_token(sesudah) == tanpa_token(segar)
