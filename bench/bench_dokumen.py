"""The annual IKI document of Ketapang 2023: first render, cached download, and the first render
against WeasyPrint rendering a minimal HTML of the same tables (no narrative, no stylesheet).

Everything runs inside a transaction that is rolled back, so other benchmarks see the database
as it was.
"""

import statistics
import time

from django.db import transaction
from django.utils.html import escape


def _html_minimal(data) -> str:
    tabel = []
    for j in data["jabatan"]:
        baris = []
        for k in j["kelompok"]:
            for n, b in enumerate(k["baris"]):
                rentang = k["rentang"]
                awal = (
                    f'<td rowspan="{rentang}">{k["nomor"]}</td><td rowspan="{rentang}">{escape(k["sasaran"])}</td>'
                    if n == 0
                    else ""
                )
                baris.append(
                    f"<tr>{awal}<td>{escape(b['indikator'])}</td><td>{escape(b['penjelasan'])}</td>"
                    f"<td>{escape(b['sumber_data'])}</td></tr>"
                )
        tabel.append(
            f"<h2>{escape(j['nama'])}</h2><table border=1><thead><tr><th>No</th><th>Sasaran</th><th>Indikator</th>"
            f"<th>Formulasi</th><th>Sumber Data</th></tr></thead><tbody>{''.join(baris)}</tbody></table>"
        )
    return f"<!doctype html><html><body>{''.join(tabel)}</body></html>"


def run():
    from weasyprint import HTML

    from iki.models import BerkasDokumen
    from iki.set_iki import dokumen
    from iki.set_iki.data import ketapang_2023
    from iki.set_iki.muat import muat_iki

    hasil = []
    with transaction.atomic():
        tahun = muat_iki(ketapang_2023, contoh=False)

        # The very first PDF of a fresh process: WeasyPrint's import and font setup included.
        mulai = time.perf_counter()
        dokumen.pdf_dokumen(tahun, "a4")
        dingin = time.perf_counter() - mulai

        # A cache miss in a running server (something the document shows has changed).
        pertama, cpu = [], []
        for _ in range(3):
            BerkasDokumen.objects.filter(tahun=tahun).delete()
            mulai, mulai_cpu = time.perf_counter(), time.process_time()
            _, _, dari_cache = dokumen.pdf_dokumen(tahun, "a4")
            pertama.append(time.perf_counter() - mulai)
            cpu.append(time.process_time() - mulai_cpu)
            assert not dari_cache

        # A second download: served from the cache.
        cache = []
        for _ in range(20):
            mulai = time.perf_counter()
            _, _, dari_cache = dokumen.pdf_dokumen(tahun, "a4")
            cache.append(time.perf_counter() - mulai)
            assert dari_cache

        html = _html_minimal(dokumen.data_dokumen(tahun))
        HTML(string=html).write_pdf()  # warm-up, as for the real document above
        minimal = []
        for _ in range(3):
            mulai = time.perf_counter()
            HTML(string=html).write_pdf()
            minimal.append(time.perf_counter() - mulai)
        transaction.set_rollback(True)

    first = statistics.median(pertama)
    hasil += [
        {"name": "dokumen_iki_first_s", "value": round(first, 3), "unit": "s"},
        # CPU time of the same render: what it costs on an idle machine, whatever else is running.
        {"name": "dokumen_iki_first_cpu_s", "value": round(statistics.median(cpu), 3), "unit": "s"},
        {"name": "dokumen_iki_cold_s", "value": round(dingin, 3), "unit": "s"},
        {"name": "dokumen_iki_cached_ms", "value": round(statistics.median(cache) * 1000, 1), "unit": "ms"},
        {"name": "dokumen_iki_minimal_s", "value": round(statistics.median(minimal), 3), "unit": "s"},
        {"name": "dokumen_iki_rasio_minimal", "value": round(first / statistics.median(minimal), 2), "unit": "x"},
    ]
    return hasil
