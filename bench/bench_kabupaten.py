"""The kabupaten view of a generated 54-unit kabupaten (14 kecamatan, 40 dinas and badan).

Figures: kabupaten_54_ms (median server time through Django's test Client, nothing written since
the last view: the summary's figures come from the cache; target ≤ 300), kabupaten_54_dihitung_ms
(the same with the cache emptied before each view: computed), kabupaten_54_kb (the page's size;
target ≤ 500), kabupaten_54_queries (cached view).

``buat_kabupaten`` is a small local generator (bulk_create, one year, every month verified but a
few): the project's ``buat_kabupaten_contoh`` command is being written separately; once it is in,
this benchmark can use it instead. The tests (tests/test_kabupaten_ringkas.py) use this one too.
Everything is created inside a transaction that is rolled back.
"""

import statistics
import time
from decimal import Decimal

NAMA_BERSAMA = (
    "Persentase pengaduan masyarakat yang ditindaklanjuti",
    "Persentase surat masuk yang diselesaikan tepat waktu",
    "Persentase kegiatan yang dilaksanakan sesuai jadwal",
    "Persentase laporan keuangan yang disampaikan tepat waktu",
    "Persentase pegawai yang mengikuti peningkatan kapasitas",
)


def buat_kabupaten(kabupaten, *, unit: int = 54, indikator: int = 20, tahun: int = 2023,
                   kecamatan: int = 14, awalan: str = "uji") -> list:
    """``unit`` units of the kabupaten (the first ``kecamatan`` are kecamatan, the rest dinas and
    badan by turns), each with a year of ``indikator`` ratio indicators over two variables, four
    jabatan and twelve months of counts. The first five names are shared by every unit, the rest
    are the unit's own. Returns the TahunIKI created, in unit order."""
    from iki.models import Indikator, Jabatan, Realisasi, TahunIKI, Target, UnitKerja, Variabel

    units = UnitKerja.objects.bulk_create([
        UnitKerja(
            kabupaten=kabupaten, kode=f"{awalan}-{n:03d}",
            jenis="kecamatan" if n < kecamatan else ("dinas" if n % 2 else "badan"),
            nama=f"{'Kantor Kecamatan' if n < kecamatan else 'Dinas'} {awalan.title()} {n:03d}",
            nama_wilayah=f"{'Kecamatan' if n < kecamatan else 'Dinas'} {awalan.title()} {n:03d}",
            jabatan_pimpinan="Pimpinan",
        )
        for n in range(unit)
    ])
    daftar_tahun = TahunIKI.objects.bulk_create([TahunIKI(unit=u, tahun=tahun) for u in units])
    jabatan = Jabatan.objects.bulk_create([
        Jabatan(tahun=t, kode=f"j{j}", nama=f"Jabatan {j}", urutan=j) for t in daftar_tahun for j in range(4)
    ])
    daftar_indikator = Indikator.objects.bulk_create([
        Indikator(
            tahun=t, kode=f"i{i}", urutan=i, rumus="a / b * 100",
            nama=NAMA_BERSAMA[i] if i < len(NAMA_BERSAMA) else f"Indikator khusus {t.unit.kode} nomor {i}",
        )
        for t in daftar_tahun for i in range(indikator)
    ])
    Target.objects.bulk_create([Target(indikator=ind, nilai=Decimal(90)) for ind in daftar_indikator])
    variabel = []
    for n, ind in enumerate(daftar_indikator):
        pengisi = jabatan[(n // indikator) * 4 + n % 4]
        variabel += [Variabel(indikator=ind, kode="a", nama="Selesai", pengisi=pengisi),
                     Variabel(indikator=ind, kode="b", nama="Masuk", pengisi=pengisi)]
    variabel = Variabel.objects.bulk_create(variabel)
    realisasi = []
    for n in range(0, len(variabel), 2):
        a, b = variabel[n], variabel[n + 1]
        for bulan in range(1, 13):
            # Capaian spread over every category; the last month of some units still a draft.
            status = Realisasi.DRAFT if bulan == 12 and n % 7 == 0 else Realisasi.DIVERIFIKASI
            realisasi += [
                Realisasi(variabel=a, bulan=bulan, nilai=Decimal(4 + (n // 2 + bulan) % 7), status=status),
                Realisasi(variabel=b, bulan=bulan, nilai=Decimal(10), status=status),
            ]
    Realisasi.objects.bulk_create(realisasi, batch_size=2000)
    # Bulk writes send no signals: the years get their data version here, as every bulk path
    # does (iki.umum.versi), so their figures can be cached like any other year's.
    from iki.umum.versi import naikkan_versi

    naikkan_versi([t.pk for t in daftar_tahun])
    return daftar_tahun


def run():
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test import Client

    from iki.models import Kabupaten, Pengguna

    hasil = []
    with transaction.atomic():
        kabupaten = Kabupaten.objects.create(kode="bench-kab", nama="Bench")
        buat_kabupaten(kabupaten, unit=54, indikator=20)
        pemantau = Pengguna.objects.create(username="bench_kab_pemantau", peran=Pengguna.PEMANTAU,
                                           kabupaten=kabupaten)
        client = Client()
        client.force_login(pemantau, backend="django.contrib.auth.backends.ModelBackend")
        url = f"/dasbor/kabupaten/{kabupaten.kode}/2023/?periode=tahun"
        response = client.get(url)
        assert response.status_code == 200 and len(response.context["baris"]) == 54
        kueri = []
        with connection.execute_wrapper(lambda execute, *args: kueri.append(1) or execute(*args)):
            client.get(url)
        waktu, cpu = [], []
        for _ in range(9):
            mulai, mulai_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            waktu.append((time.perf_counter() - mulai) * 1000)
            cpu.append((time.process_time() - mulai_cpu) * 1000)
        dihitung = []
        for _ in range(5):
            cache.clear()
            mulai = time.perf_counter()
            client.get(url)
            dihitung.append((time.perf_counter() - mulai) * 1000)
        hasil += [
            {"name": "kabupaten_54_ms", "value": round(statistics.median(waktu), 1), "unit": "ms"},
            {"name": "kabupaten_54_dihitung_ms", "value": round(statistics.median(dihitung), 1), "unit": "ms"},
            {"name": "kabupaten_54_kb", "value": round(len(response.content) / 1024, 1), "unit": "KB"},
            {"name": "kabupaten_54_cpu_ms", "value": round(statistics.median(cpu), 1), "unit": "ms"},
            {"name": "kabupaten_54_queries", "value": len(kueri), "unit": "queries"},
        ]
        transaction.set_rollback(True)
    return hasil
