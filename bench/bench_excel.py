"""Importing realisasi from Excel: a full year of Ketapang, and a 20,000-row workbook.

Each import is timed from the uploaded bytes to the saved rows: read and check
(``baca_workbook``), preview (``pratinjau``) and save (``simpan_impor``). The workbooks are
downloaded with ``tulis_workbook`` and filled in with openpyxl, as a user's spreadsheet program
would (openpyxl writes text as inline strings, which are slower to read than the shared strings
Excel writes). The ``_cpu_s`` figures are this process's CPU time: the wall clock grows when the
machine is busy. Everything this benchmark creates is rolled back at the end, so the benchmarks
after it start from the same empty database.
"""

import gc
import io
import time
import tracemalloc


def _isi_semua(data: bytes, nilai_untuk) -> bytes:
    """Fill every Nilai cell of a downloaded workbook, as a user would in a spreadsheet program."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        if ws.title == "Petunjuk":
            continue
        for baris in ws.iter_rows(min_row=2):
            baris[4].value = nilai_untuk(ws.title, baris[7].value)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def _impor(data: bytes, user, tahun_iki) -> int:
    from iki.realisasi.excel import baca_workbook, pratinjau, simpan_impor

    rows, kesalahan = baca_workbook(data, user=user, tahun_iki=tahun_iki)
    if kesalahan:
        raise AssertionError(f"benchmark workbook has errors: {kesalahan[:3]}")
    perubahan = pratinjau(rows)
    jumlah = simpan_impor(rows=rows, user=user, tahun_iki=tahun_iki, nama_berkas="bench.xlsx")
    if jumlah != len(perubahan):
        raise AssertionError(f"saved {jumlah} of {len(perubahan)} changes")
    return jumlah


def _ukur_detik(data, user, tahun_iki) -> tuple[float, float, int]:
    """Seconds of one import (wall clock, and CPU of this process), rolled back afterwards."""
    from django.db import transaction

    gc.collect()
    with transaction.atomic():
        mulai, mulai_cpu = time.perf_counter(), time.process_time()
        jumlah = _impor(data, user, tahun_iki)
        detik, cpu = time.perf_counter() - mulai, time.process_time() - mulai_cpu
        transaction.set_rollback(True)
    return detik, cpu, jumlah


def _ukur_mb(data, user, tahun_iki) -> float:
    """Peak Python memory (MB) of one import, rolled back afterwards."""
    from django.db import transaction

    gc.collect()
    with transaction.atomic():
        tracemalloc.start()
        try:
            _impor(data, user, tahun_iki)
            _, puncak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        transaction.set_rollback(True)
    return puncak / (1024 * 1024)


def _operator(unit, username):
    from iki.models import Pengguna

    user, _ = Pengguna.objects.update_or_create(
        username=username, defaults={"peran": Pengguna.OPERATOR, "unit": unit, "is_superuser": False}
    )
    return user


def _tahun_ketapang():
    from iki.models import Realisasi
    from iki.set_iki.data import ketapang_2023
    from iki.set_iki.muat import muat_iki

    tahun_iki = muat_iki(ketapang_2023, contoh=False)
    # Every month open and empty, even if an earlier benchmark loaded the demo counts.
    Realisasi.objects.for_tahun(tahun_iki).delete()
    return tahun_iki, _operator(tahun_iki.unit, "bench_operator_ketapang")


def _tahun_besar(jumlah_variabel: int):
    """A unit whose year has ``jumlah_variabel`` variables in ratio pairs (a / b * 100)."""
    from iki.models import Indikator, Jabatan, Kabupaten, TahunIKI, UnitKerja, Variabel

    kabupaten, _ = Kabupaten.objects.get_or_create(kode="bench", defaults={"nama": "Bench"})
    unit = UnitKerja.objects.create(
        kabupaten=kabupaten, kode="bench-besar", nama="Unit Besar", nama_wilayah="Unit Besar"
    )
    tahun_iki = TahunIKI.objects.create(unit=unit, tahun=2023)
    jabatan = Jabatan.objects.create(tahun=tahun_iki, kode="pengisi", nama="Pengisi")
    jumlah_indikator = (jumlah_variabel + 1) // 2
    indikator = Indikator.objects.bulk_create(
        Indikator(tahun=tahun_iki, kode=f"i{i}", nama=f"Persentase layanan {i} tepat waktu", rumus="a / b * 100",
                  urutan=i % 30000)
        for i in range(jumlah_indikator)
    )
    variabel = []
    for i, ind in enumerate(indikator):
        variabel.append(Variabel(indikator=ind, kode="a", nama=f"Layanan {i} tepat waktu", pengisi=jabatan, urutan=1))
        if len(variabel) < jumlah_variabel:
            variabel.append(Variabel(indikator=ind, kode="b", nama=f"Layanan {i} diterima", pengisi=jabatan, urutan=2))
    Variabel.objects.bulk_create(variabel)
    return tahun_iki, _operator(unit, "bench_operator_besar")


def run():
    from django.db import transaction

    from iki.models import Variabel
    from iki.realisasi.excel import tulis_workbook

    hasil = []
    with transaction.atomic():
        # A full year of Ketapang: every variable × 12 months, all new values.
        tahun_iki, operator = _tahun_ketapang()
        isi = _isi_semua(tulis_workbook(operator, tahun_iki, None), lambda lembar, vid: 40)
        detik, cpu, jumlah = _ukur_detik(isi, operator, tahun_iki)
        hasil.append({"name": "impor_tahun_unit_s", "value": round(detik, 3), "unit": "s"})
        # CPU time of this process: the wall clock above grows when the machine is busy.
        hasil.append({"name": "impor_tahun_unit_cpu_s", "value": round(cpu, 3), "unit": "s"})
        hasil.append({"name": "impor_tahun_unit_baris", "value": jumlah, "unit": "baris"})

        # 20,000 rows: 1,667 variables × 12 months in one workbook.
        tahun_iki, operator = _tahun_besar(1667)
        kode = dict(Variabel.objects.filter(indikator__tahun=tahun_iki).values_list("pk", "kode"))
        # The numerator stays at or below its denominator, so every row is valid.
        isi = _isi_semua(
            tulis_workbook(operator, tahun_iki, None), lambda lembar, vid: 45 if kode[vid] == "a" else 50
        )
        detik, cpu, jumlah = _ukur_detik(isi, operator, tahun_iki)
        mb = _ukur_mb(isi, operator, tahun_iki)
        hasil.append({"name": "impor_20000_baris_s", "value": round(detik, 3), "unit": "s"})
        hasil.append({"name": "impor_20000_baris_cpu_s", "value": round(cpu, 3), "unit": "s"})
        hasil.append({"name": "impor_20000_baris_mb", "value": round(mb, 1), "unit": "MB"})
        hasil.append({"name": "impor_20000_baris_jumlah", "value": jumlah, "unit": "baris"})
        hasil.append({"name": "impor_20000_baris_berkas_kb", "value": round(len(isi) / 1024), "unit": "KB"})

        # The same 20,000 values sent again with every one changed: the update path.
        _impor(isi, operator, tahun_iki)
        isi = _isi_semua(
            tulis_workbook(operator, tahun_iki, None), lambda lembar, vid: 46 if kode[vid] == "a" else 51
        )
        detik, cpu, jumlah = _ukur_detik(isi, operator, tahun_iki)
        hasil.append({"name": "impor_20000_baris_ubah_s", "value": round(detik, 3), "unit": "s"})
        hasil.append({"name": "impor_20000_baris_ubah_cpu_s", "value": round(cpu, 3), "unit": "s"})
        transaction.set_rollback(True)
    return hasil
