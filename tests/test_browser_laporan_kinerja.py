"""The camat prints the laporan kinerja 2023 from the dashboard as PDF and as DOCX (issue 17)."""

import io
import shutil
import subprocess

import docx
import pytest

from tests.peramban import masuk
from tests.test_browser_dasbor import dunia_hidup  # noqa: F401  (the live world fixture)
from tests.test_laporan_kinerja import teks_docx

PDFTOTEXT = shutil.which("pdftotext")

pytestmark = [pytest.mark.browser]


@pytest.fixture
def halaman(dunia_hidup, peramban):  # noqa: F811
    context = peramban.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page


def test_camat_downloads_the_laporan_kinerja_2023_as_pdf_and_docx(halaman, dunia_hidup, django_db_blocker, tmp_path):  # noqa: F811
    from iki.capaian import laporan_kinerja as lk
    from iki.models import Indikator, TahunIKI

    url = dunia_hidup.url
    masuk(halaman, url, "camat_a")
    halaman.goto(f"{url}/dasbor/ketapang/2023/")
    halaman.get_by_role("link", name="Cetak laporan kinerja (PDF / DOCX)").click()
    halaman.wait_for_url(f"{url}/dasbor/ketapang/2023/laporan/kinerja/cetak/")
    assert "Cetak Laporan Kinerja Tahunan 2023" in halaman.locator("h1").inner_text()

    with django_db_blocker.unblock():
        indikator = Indikator.objects.filter(tahun__unit__kode="ketapang", tahun__tahun=2023,
                                             baris__isnull=False).order_by("urutan", "id").first().nama

    with halaman.expect_download() as unduhan:
        halaman.get_by_role("button", name="Unduh PDF").click()
    assert unduhan.value.suggested_filename == "laporan-kinerja-ketapang-2023-a4.pdf"
    pdf = tmp_path / "laporan.pdf"
    unduhan.value.save_as(pdf)
    isi_pdf = pdf.read_bytes()
    assert isi_pdf.startswith(b"%PDF-") and isi_pdf.rstrip().endswith(b"%%EOF")
    if PDFTOTEXT:
        teks = " ".join(subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True).stdout.decode()
                        .split())
        assert "KANTOR KECAMATAN KETAPANG" in teks and " ".join(indikator.split()) in teks
    else:
        # Without poppler: the download is the cached PDF of the report's data, whose laid-out
        # text holds the unit and the indicator.
        from django.utils import timezone
        from weasyprint.formatting_structure import boxes

        with django_db_blocker.unblock():
            tahun = TahunIKI.objects.select_related("unit__kabupaten", "renstra").get(unit__kode="ketapang", tahun=2023)
            isi = lk.data_laporan_kinerja(tahun, tanggal=lk.tanggal_bawaan(tahun, timezone.localdate()))
            assert lk.pdf_laporan_tersimpan(isi) == (isi_pdf, True)
            teks = " ".join(b.text for p in lk.render_halaman(isi).pages for b in p._page_box.descendants()
                            if isinstance(b, boxes.TextBox))
        assert "KANTOR KECAMATAN KETAPANG" in teks and indikator.split()[0] in teks

    with halaman.expect_download() as unduhan:
        halaman.get_by_role("button", name="Unduh DOCX (dapat disunting)").click()
    assert unduhan.value.suggested_filename == "laporan-kinerja-ketapang-2023-a4.docx"
    berkas = tmp_path / "laporan.docx"
    unduhan.value.save_as(berkas)
    docx.Document(io.BytesIO(berkas.read_bytes()))  # opens
    teks = teks_docx(berkas.read_bytes())
    assert "KANTOR KECAMATAN KETAPANG" in teks and indikator in teks
    assert "Realisasi tahun lalu" in teks
