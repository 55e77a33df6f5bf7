"""The kabupaten ranking (``/dasbor/kabupaten/<kode>/<tahun>/peringkat/``) of the generated
kabupaten: 54 units × 5 years (``iki.management.contoh_kabupaten.buat_kabupaten_contoh``), the
ranking of the latest year, cumulative to December, as the pemantau opens it.

Figures: peringkat_kabupaten_ms (median server time through Django's test Client, the ranking
computed: the cache emptied before each request), peringkat_kabupaten_cache_ms (the same request
again with nothing written: the rows from the cache keyed by every unit's version),
peringkat_kabupaten_queries (computed), peringkat_kabupaten_xlsx_ms (the Excel export, computed). Everything is created
inside a transaction that is rolled back.
"""

import statistics
import time


def _median_ms(client, url: str, kali: int = 7, *, cache_kosong: bool = True) -> float:
    from django.core.cache import cache

    waktu = []
    for _ in range(kali):
        if cache_kosong:
            cache.clear()
        mulai = time.perf_counter()
        response = client.get(url)
        waktu.append((time.perf_counter() - mulai) * 1000)
        assert response.status_code == 200
    return round(statistics.median(waktu), 1)


def run():
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test import Client

    from iki.management.contoh_kabupaten import buat_kabupaten_contoh
    from iki.models import Kabupaten, Pengguna, TahunIKI

    hasil = []
    with transaction.atomic():
        buat_kabupaten_contoh(kode="bench-peringkat", nama_kabupaten="Bench Peringkat", jumlah_unit=54, jumlah_tahun=5)
        kabupaten = Kabupaten.objects.get(kode="bench-peringkat")
        tahun = max(TahunIKI.objects.filter(unit__kabupaten=kabupaten).values_list("tahun", flat=True))
        pemantau = Pengguna.objects.create(username="bench_peringkat_pemantau", peran=Pengguna.PEMANTAU,
                                           kabupaten=kabupaten)
        client = Client()
        client.force_login(pemantau, backend="django.contrib.auth.backends.ModelBackend")
        url = f"/dasbor/kabupaten/{kabupaten.kode}/{tahun}/peringkat/?periode=sd12&urut=-capaian"
        response = client.get(url)
        assert response.status_code == 200 and len(response.context["baris"]) == 54
        kueri = []
        cache.clear()
        with connection.execute_wrapper(lambda execute, *args: kueri.append(1) or execute(*args)):
            client.get(url)
        hasil += [
            {"name": "peringkat_kabupaten_ms", "value": _median_ms(client, url), "unit": "ms"},
            {"name": "peringkat_kabupaten_cache_ms", "value": _median_ms(client, url, cache_kosong=False),
             "unit": "ms"},
            {"name": "peringkat_kabupaten_queries", "value": len(kueri), "unit": "queries"},
            {"name": "peringkat_kabupaten_xlsx_ms", "unit": "ms",
             "value": _median_ms(client, url.replace("/peringkat/", "/peringkat/unduh/"), kali=3)},
        ]
        transaction.set_rollback(True)
    return hasil
