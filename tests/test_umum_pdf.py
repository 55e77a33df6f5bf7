"""The one WeasyPrint render (iki.umum.pdf): every report still comes out as a PDF that reads as it
did, with the app's font embedded, and a render loads nothing but the app's own static files."""

import shutil
import socket
import subprocess
from datetime import date

import pytest

from iki.capaian import laporan as laporan_capaian
from iki.ikm import laporan as laporan_ikm
from iki.inti.perhitungan import Periode
from iki.models import TahunIKI
from iki.presensi import surat
from iki.set_iki import dokumen
from iki.umum.pdf import dokumen_pdf, folder_statis, render_pdf
from tests.test_ikm_views import rekap_publik, survei_a  # noqa: F401 (fixture)
from tests.test_surat import siapkan_mei_2023

PDFTOTEXT = shutil.which("pdftotext")
perlu_poppler = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")

pytestmark = pytest.mark.django_db


def teks_pdf(pdf: bytes) -> str:
    hasil = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(hasil.stdout.decode().split())


def font_tertanam(pdf: bytes) -> bool:
    return b"/FontFile2" in pdf and b"IKI-Serif" in pdf


def tahun_a():
    return TahunIKI.objects.select_related("unit__kabupaten").get(unit__kode="ketapang", tahun=2023)


def test_the_base_of_relative_links_is_the_apps_static_folder():
    assert (folder_statis() / "css" / "cetak.css").is_file()
    assert (folder_statis() / "fonts" / "LiberationSerif-Regular.ttf").is_file()


@perlu_poppler
def test_the_iki_document_reads_as_before(dunia):
    pdf = dokumen.tulis_pdf(dokumen.data_dokumen(dunia.tahun_a), "a4", uncompressed_pdf=True)
    teks = teks_pdf(pdf)
    for bagian in ("PEMERINTAH KABUPATEN SAMPANG", "BAB I", "PENDAHULUAN", "PENUTUP", "CAMAT KETAPANG"):
        assert bagian in teks, bagian
    assert font_tertanam(pdf)


@perlu_poppler
def test_the_capaian_report_reads_as_before(dunia):
    isi = laporan_capaian.data_laporan(tahun_a(), Periode.dari_kode("tw2"), tanggal=date(2023, 7, 5))
    pdf = laporan_capaian.pdf_laporan(isi)
    teks = teks_pdf(pdf)
    assert "Kantor Kecamatan Ketapang · Laporan Capaian IKI · TW II 2023" in teks
    assert "Halaman 1 dari" in teks and "CAMAT KETAPANG" in teks


@perlu_poppler
def test_the_ikm_report_reads_as_before(survei_a):  # noqa: F811
    rekap_publik(survei_a)
    pdf = laporan_ikm.pdf_laporan(laporan_ikm.ringkasan(survei_a), hari_ini=date(2023, 7, 5), uncompressed_pdf=True)
    teks = teks_pdf(pdf)
    for bagian in ("PERIODE TW II 2023", "91,48", "Sangat Baik", "U3 Waktu Penyelesaian", "CAMAT KETAPANG"):
        assert bagian in teks, bagian
    assert font_tertanam(pdf)


@perlu_poppler
def test_the_presensi_letter_reads_as_before_with_the_apps_font(dunia):
    bulan = siapkan_mei_2023(dunia.unit_a)
    data = surat.siapkan_data(bulan, tanggal_surat=date(2023, 6, 5), nomor="800/123/434.512/2023")
    pdf = surat.dokumen_pdf(surat.html_dokumen("pengantar", data)).write_pdf(uncompressed_pdf=True)
    teks = teks_pdf(pdf)
    assert "PEMERINTAH KABUPATEN SAMPANG" in teks and "800/123/434.512/2023" in teks
    assert font_tertanam(pdf)  # from the template's <link> to css/cetak.css


@perlu_poppler
def test_nothing_is_fetched_from_the_network_or_outside_the_static_folder(tmp_path, monkeypatch):
    sambungan = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: sambungan.append(a) or pytest.fail("network"))
    luar = tmp_path / "luar.css"
    luar.write_text('body::before { content: "BOCOR"; }')
    html = (
        '<html><head><link rel="stylesheet" href="css/cetak.css">'
        f'<link rel="stylesheet" href="{luar.as_uri()}">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/gaya.css">'
        '<link rel="stylesheet" href="../../../../../../etc/hostname"></head>'
        '<body><p>Isi laporan</p><img src="https://contoh.invalid/logo.png"></body></html>'
    )
    pdf = render_pdf(html, uncompressed_pdf=True)
    teks = teks_pdf(pdf)
    assert "Isi laporan" in teks and "BOCOR" not in teks
    assert sambungan == []
    assert font_tertanam(pdf)  # what is inside static/ is still read


def test_a_document_is_laid_out_pages_that_can_be_merged():
    a = dokumen_pdf("<p>satu</p>")
    b = dokumen_pdf("<p>dua</p>", css_tambahan=["@page { size: A5; }"])
    gabungan = a.copy([*a.pages, *b.pages]).write_pdf()
    assert gabungan.startswith(b"%PDF") and len(a.pages) + len(b.pages) == 2
    assert round(b.pages[0].width * 25.4 / 96) == 148  # A5
