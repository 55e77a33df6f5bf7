"""Laporan capaian PDF: the Ketapang demo's annual report, and a 110-row unit first (rendered)
and cached, against WeasyPrint rendering a minimal HTML table of the same rows (no chart, no
stylesheet).

The 110-row unit is the Ketapang demo's annual report (31 rows) multiplied as plain data: its
jabatan repeated with numbered indicator names until there are 110 rows, and the chart redrawn
with 110 bars, so the PDF is the size of a real 110-row unit's. Everything runs inside a
transaction that is rolled back; the cached files are removed.
"""

import dataclasses
import inspect
import shutil
import statistics
import time
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe

BARIS = 110


def _kali(isi, jumlah: int):
    """The report with its rows repeated (indicator names numbered) up to ``jumlah`` rows."""
    from iki.inti import svg

    bagian, n, salinan = [], 0, 0
    while n < jumlah:
        salinan += 1
        for b in isi.bagian:
            baris = []
            for r in b.baris:
                if n >= jumlah:
                    break
                baris.append(dataclasses.replace(r, indikator=f"{r.indikator} ({salinan})"))
                n += 1
            if baris:
                # A group cut short by the limit must not span more rows than it has.
                baris = [dataclasses.replace(r, rentang=min(r.rentang, len(baris))) for r in baris]
                bagian.append(dataclasses.replace(b, jabatan=f"{b.jabatan} ({salinan})", baris=baris))
    opsi = {"cetak": True} if "cetak" in inspect.signature(svg.grafik_batang).parameters else {}
    batang = [svg.Batang(r.indikator, r.capaian, None) for b in bagian for r in b.baris]
    grafik = svg.grafik_batang(id_dasar="grafik-laporan", judul="Capaian per indikator", batang=batang, lebar=960,
                               **opsi)
    return dataclasses.replace(isi, bagian=bagian, grafik=mark_safe(grafik))


def _html_minimal(isi) -> str:
    kepala = "".join(
        f"<th>{escape(k)}</th>"
        for k in ["No", "Sasaran", "Indikator", "Satuan", "Target", *isi.rincian_label, "Realisasi", "Capaian",
                  "Kategori", "Kendala", "Tindak lanjut"]
    )
    tabel = []
    for b in isi.bagian:
        baris = "".join(
            f"<tr><td>{r.nomor}</td><td>{escape(r.sasaran)}</td><td>{escape(r.indikator)}</td><td>{escape(r.satuan)}</td>"
            f"<td>{r.teks_target}</td>{''.join(f'<td>{t}</td>' for t in r.teks_rincian)}<td>{r.teks_realisasi}</td>"
            f"<td>{r.teks_capaian}</td><td>{escape(r.kategori)}</td><td>{escape(r.kendala)}</td>"
            f"<td>{escape(r.tindak_lanjut)}</td></tr>"
            for r in b.baris
        )
        tabel.append(f"<h2>{escape(b.jabatan)}</h2><table border=1><thead><tr>{kepala}</tr></thead>"
                     f"<tbody>{baris}</tbody></table>")
    return f"<!doctype html><html><body>{''.join(tabel)}</body></html>"


def _median(fungsi, kali: int) -> float:
    waktu = []
    for _ in range(kali):
        mulai = time.perf_counter()
        fungsi()
        waktu.append(time.perf_counter() - mulai)
    return statistics.median(waktu)


def run():
    from weasyprint import HTML

    from iki.capaian import laporan
    from iki.inti.perhitungan import Periode
    from iki.set_iki.data import ketapang_2023
    from iki.set_iki.muat import muat_iki

    cache = settings.MEDIA_ROOT / "cache" / "laporan"
    tersimpan = getattr(laporan, "pdf_laporan_tersimpan", None)
    with transaction.atomic():
        tahun = muat_iki(ketapang_2023, contoh=True)
        mulai = time.perf_counter()
        isi = laporan.data_laporan(tahun, Periode.dari_kode("tahun"), tanggal=date(2024, 1, 31))
        data_ms = (time.perf_counter() - mulai) * 1000
        laporan.pdf_laporan(isi)  # warm-up: WeasyPrint's import and fonts
        ketapang = _median(lambda: laporan.pdf_laporan(isi), 3)
        isi110 = _kali(isi, BARIS)
        assert sum(len(b.baris) for b in isi110.bagian) == BARIS

        def pertama():
            shutil.rmtree(cache, ignore_errors=True)
            if tersimpan:
                assert not tersimpan(isi110)[1]
            else:
                laporan.pdf_laporan(isi110)

        first = _median(pertama, 3)
        cached = _median(lambda: tersimpan(isi110), 10) if tersimpan else None
        shutil.rmtree(cache, ignore_errors=True)
        html = _html_minimal(isi110)
        HTML(string=html).write_pdf()
        minimal = _median(lambda: HTML(string=html).write_pdf(), 3)
        transaction.set_rollback(True)

    hasil = [
        {"name": "laporan_pdf_ketapang_data_ms", "value": round(data_ms, 1), "unit": "ms"},
        {"name": "laporan_pdf_ketapang_s", "value": round(ketapang, 3), "unit": "s"},
        {"name": "laporan_pdf_110_s", "value": round(first, 3), "unit": "s"},
    ]
    if cached is not None:
        hasil.append({"name": "laporan_pdf_110_cached_ms", "value": round(cached * 1000, 1), "unit": "ms"})
    hasil += [
        {"name": "laporan_pdf_110_minimal_s", "value": round(minimal, 3), "unit": "s"},
        {"name": "laporan_pdf_rasio_minimal", "value": round(first / minimal, 2), "unit": "x"},
    ]
    return hasil
