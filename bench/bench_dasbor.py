"""The dashboard and the laporan capaian with a full year of data.

Figures (medians of server time, through Django's test Client, so middleware and templates count):
dashboard_unit_ms (Ketapang 2023, whole year, computed: the cache emptied before each request),
dashboard_unit_cached_ms (the same page served from the cache: nothing changed since),
dashboard_kabupaten_ms (14 units of Ketapang's size),
laporan_pdf_s and laporan_xlsx_s (annual, whole unit). Each has a *_rasio_bare figure: the full
time divided by a bare render of the same output from precomputed values (template only for the
pages, WeasyPrint/openpyxl only for the files), i.e. what loading and computing add; for the unit
dashboard it is the cached page's time (target ≤ 1,0), dashboard_unit_rasio_computed the computed one's.

Everything is created inside a transaction that is rolled back, so the other benchmarks start
from the same empty database.
"""

import statistics
import time
import types
from datetime import date


def _median_ms(fungsi, kali: int, cpu: list | None = None) -> float:
    """Median wall time in ms; the median CPU time of the process is appended to ``cpu`` (it is
    what the code costs when the machine is busy with other work)."""
    waktu, proses = [], []
    for _ in range(kali):
        mulai, mulai_cpu = time.perf_counter(), time.process_time()
        fungsi()
        waktu.append((time.perf_counter() - mulai) * 1000)
        proses.append((time.process_time() - mulai_cpu) * 1000)
    if cpu is not None:
        cpu.append(statistics.median(proses))
    return statistics.median(waktu)


def _data_unit(nomor: int):
    """A copy of the Ketapang data module under another unit code."""
    from iki.set_iki.data import ketapang_2023

    salinan = types.SimpleNamespace(**{k: getattr(ketapang_2023, k) for k in dir(ketapang_2023) if k.isupper()})
    salinan.realisasi_contoh = lambda: ketapang_2023.realisasi_contoh(seed=2023 + nomor)
    salinan.UNIT = {
        **ketapang_2023.UNIT,
        "kode": f"kecamatan{nomor:02d}",
        "nama": f"Kantor Kecamatan Uji {nomor:02d}",
        "nama_wilayah": f"Kecamatan Uji {nomor:02d}",
    }
    return salinan


# The bare page: the dashboard's page from values computed beforehand, through the same
# middleware, session, login and frame, its template rendering the same table on every request.
_POLOS: dict = {}


def _halaman_polos(request):
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import render
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    @login_required
    def tampil(request):
        konteks = dict(_POLOS)
        konteks["isi_dasbor"] = mark_safe(render_to_string("iki/dasbor/_dasbor.html", konteks))
        return render(request, "iki/dasbor/unit.html", konteks)

    return tampil(request)


def _urlpatterns():
    from django.urls import include, path

    return [path("bench/polos/", _halaman_polos), path("", include("kecamatan.urls"))]


def __getattr__(nama):  # ROOT_URLCONF="bench.bench_dasbor" while the bare page is measured
    if nama == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(nama)


def run():
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.template.loader import render_to_string
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from iki.capaian import laporan
    from iki.capaian.views_dasbor import FilterDasborForm, konteks_dasbor
    from iki.capaian.views_kabupaten import konteks_kabupaten
    from iki.inti.perhitungan import Periode
    from iki.models import Pengguna, TahunIKI
    from iki.set_iki.data import ketapang_2023
    from iki.set_iki.muat import muat_iki

    hasil = []
    with transaction.atomic():
        tahun = muat_iki(ketapang_2023, contoh=True)
        tahun = TahunIKI.objects.select_related("unit__kabupaten").get(pk=tahun.pk)
        camat = Pengguna.objects.create(username="bench_camat", peran=Pengguna.CAMAT, unit=tahun.unit)
        client = Client()
        client.force_login(camat, backend="django.contrib.auth.backends.ModelBackend")
        url = f"/dasbor/{tahun.unit.kode}/{tahun.tahun}/?periode=tahun"
        assert client.get(url).status_code == 200
        cache.clear()
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        kueri_unit = len(q)  # now: later requests empty the connection's query log
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        kueri_cache = len(q)

        def dihitung():
            cache.clear()
            client.get(url)

        cpu = []
        unit_ms = _median_ms(dihitung, 21, cpu)
        client.get(url)
        cached_ms = _median_ms(lambda: client.get(url), 51, cpu)
        konteks = konteks_dasbor(camat, tahun, Periode("tahun", 0))
        _POLOS.update(konteks, form=FilterDasborForm(initial={"periode": "tahun"}, jabatan_list=tahun.jabatan.all()),
                      pilihan_tahun=[])
        with override_settings(ROOT_URLCONF="bench.bench_dasbor"):
            polos = client.get("/bench/polos/")
            assert polos.status_code == 200 and b"tabel-dasbor" in polos.content
            bare_ms = _median_ms(lambda: client.get("/bench/polos/"), 51)
        hasil += [
            {"name": "dashboard_unit_ms", "value": round(unit_ms, 1), "unit": "ms"},
            {"name": "dashboard_unit_cpu_ms", "value": round(cpu[0], 1), "unit": "ms"},
            {"name": "dashboard_unit_cached_ms", "value": round(cached_ms, 2), "unit": "ms"},
            {"name": "dashboard_unit_rasio_bare", "value": round(cached_ms / bare_ms, 2), "unit": "x"},
            {"name": "dashboard_unit_rasio_computed", "value": round(unit_ms / bare_ms, 2), "unit": "x"},
            {"name": "dashboard_unit_queries", "value": kueri_unit, "unit": "queries"},
            {"name": "dashboard_unit_cached_queries", "value": kueri_cache, "unit": "queries"},
        ]

        mulai = time.perf_counter()
        for nomor in range(1, 14):
            muat_iki(_data_unit(nomor), contoh=True)
        siap_s = time.perf_counter() - mulai
        pemantau = Pengguna.objects.create(username="bench_pemantau", peran=Pengguna.PEMANTAU,
                                           kabupaten=tahun.unit.kabupaten)
        client.force_login(pemantau, backend="django.contrib.auth.backends.ModelBackend")
        url = f"/dasbor/kabupaten/{tahun.unit.kabupaten.kode}/{tahun.tahun}/?periode=tahun"
        response = client.get(url)
        assert response.status_code == 200 and len(response.context["baris"]) == 14
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        kueri_kabupaten = len(q)
        cpu = []
        kab_ms = _median_ms(lambda: client.get(url), 9, cpu)
        konteks = konteks_kabupaten(pemantau, tahun.unit.kabupaten, tahun.tahun, Periode("tahun", 0),
                                    date(2024, 1, 31))
        bare_ms = _median_ms(lambda: render_to_string("iki/dasbor/kabupaten.html", konteks), 9)
        hasil += [
            {"name": "dashboard_kabupaten_ms", "value": round(kab_ms, 1), "unit": "ms"},
            {"name": "dashboard_kabupaten_cpu_ms", "value": round(cpu[0], 1), "unit": "ms"},
            {"name": "dashboard_kabupaten_rasio_bare", "value": round(kab_ms / bare_ms, 2), "unit": "x"},
            {"name": "dashboard_kabupaten_queries", "value": kueri_kabupaten, "unit": "queries"},
            {"name": "dashboard_kabupaten_setup_s", "value": round(siap_s, 1), "unit": "s"},
        ]

        tahunan = Periode("tahun", 0)

        def pdf():
            return laporan.pdf_laporan(laporan.data_laporan(tahun, tahunan, tanggal=date(2024, 1, 5)))

        def xlsx():
            return laporan.xlsx_laporan(laporan.data_laporan(tahun, tahunan, tanggal=date(2024, 1, 5)))

        pdf()  # imports and font set-up happen once per process
        xlsx()
        cpu = []
        pdf_s = _median_ms(pdf, 5, cpu) / 1000
        xlsx_s = _median_ms(xlsx, 9, cpu) / 1000
        isi = laporan.data_laporan(tahun, tahunan, tanggal=date(2024, 1, 5))
        pdf_bare_s = _median_ms(lambda: laporan.pdf_laporan(isi), 5) / 1000
        xlsx_bare_s = _median_ms(lambda: laporan.xlsx_laporan(isi), 9) / 1000
        hasil += [
            {"name": "laporan_pdf_s", "value": round(pdf_s, 3), "unit": "s"},
            {"name": "laporan_pdf_cpu_s", "value": round(cpu[0] / 1000, 3), "unit": "s"},
            {"name": "laporan_pdf_rasio_bare", "value": round(pdf_s / pdf_bare_s, 2), "unit": "x"},
            {"name": "laporan_xlsx_s", "value": round(xlsx_s, 3), "unit": "s"},
            {"name": "laporan_xlsx_cpu_s", "value": round(cpu[1] / 1000, 3), "unit": "s"},
            {"name": "laporan_xlsx_rasio_bare", "value": round(xlsx_s / xlsx_bare_s, 2), "unit": "x"},
        ]
        transaction.set_rollback(True)
    return hasil
