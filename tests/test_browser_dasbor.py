"""The camat's journey in a real browser: log in, see on one page which indicators are red, which
months are missing and who is late; download the TW II report as PDF and Excel and find the
screen's figures in both."""

import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from iki.inti import angka
from tests.conftest import PASSWORD

PDFTOTEXT = shutil.which("pdftotext")

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def dunia_hidup(live_server, django_db_blocker):
    """The shared world, rebuilt when an earlier live_server test has emptied the database; the
    Trantib section has not entered November, so someone is late."""
    from iki.models import Pengguna, Realisasi
    from tests.conftest import bangun_dunia

    with django_db_blocker.unblock():
        if not Pengguna.objects.filter(username="camat_a").exists():
            bangun_dunia()
        Realisasi.objects.filter(
            variabel__pengisi__kode="kasi_trantib", variabel__indikator__tahun__unit__kode="ketapang", bulan=11
        ).delete()
    return live_server


@pytest.fixture
def halaman(dunia_hidup, peramban):
    context = peramban.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page


def angka_layar(teks: str) -> str:
    """"101,67 %" → "101,67"; "–" stays "–"."""
    return teks.replace("\u00a0", " ").replace("%", "").strip()


def angka_excel(nilai) -> str:
    return "–" if nilai is None else angka.format_angka(Decimal(str(nilai)))


def test_camat_sees_red_indicators_missing_months_and_who_is_late_and_downloads_tw2(halaman, dunia_hidup, tmp_path):
    url = dunia_hidup.url
    halaman.goto(f"{url}/masuk/")
    halaman.get_by_label("Nama pengguna").fill("camat_a")
    halaman.get_by_label("Kata sandi").fill(PASSWORD)
    halaman.get_by_role("button", name="Masuk").click()
    halaman.wait_for_url(f"{url}/")
    halaman.get_by_role("link", name="Dasbor", exact=True).click()
    halaman.wait_for_url(f"{url}/dasbor/ketapang/2023/")

    # First thing on the page: the counts.
    assert halaman.locator("#jumlah-terlambat").inner_text() == "1"
    terlambat = halaman.locator(".daftar-terlambat").inner_text()
    assert "Kepala Seksi Ketentraman dan Ketertiban" in terlambat and "November" in terlambat
    # The month missing in the completeness grid.
    sel_nov = halaman.locator(".tabel-kelengkapan tr", has_text="Ketentraman").locator("td").nth(10)
    assert "kosong" in sel_nov.inner_text() and "terlambat" in sel_nov.get_attribute("class")
    assert halaman.get_by_text("data contoh").first.is_visible()

    # TW II through the filter form.
    halaman.get_by_label("Periode").select_option("tw2")
    halaman.get_by_role("button", name="Tampilkan").click()
    halaman.wait_for_url(re.compile(r".*periode=tw2.*"))
    perhatian = halaman.locator(".daftar-perhatian").inner_text()
    assert "buku kesejahteraan sosial" in perhatian.lower()
    assert "Sangat Kurang" in perhatian or "Kurang" in perhatian
    assert int(halaman.locator("#jumlah-perhatian").inner_text()) >= 1
    assert halaman.locator("svg.grafik-batang title").first.text_content().startswith("Capaian per indikator, TW II")

    baris = halaman.locator("table.tabel-dasbor tbody tr[data-indikator]")
    assert baris.count() == 31
    layar = [
        (
            baris.nth(i).locator("th a").inner_text().strip(),
            # The figure is the cell's first line (a difference indicator's incidents and target follow).
            angka_layar(baris.nth(i).locator("td.realisasi").inner_text().split("\n")[0].replace("*", "")),
            angka_layar(baris.nth(i).locator("td.capaian").inner_text()),
            baris.nth(i).locator("td.kategori").inner_text().strip(),
        )
        for i in range(baris.count())
    ]

    # Excel: the same rows in the same order with the same figures.
    with halaman.expect_download() as unduhan:
        halaman.get_by_role("link", name="Unduh Excel").click()
    xlsx = tmp_path / unduhan.value.suggested_filename
    unduhan.value.save_as(xlsx)
    assert xlsx.name == "laporan-capaian-ketapang-2023-tw2.xlsx"
    excel = [
        (r[3], r[9], r[10], r[11]) for r in load_workbook(xlsx)["Capaian"].iter_rows(min_row=8, values_only=True)
    ]
    assert len(excel) == len(layar)
    for (nama, realisasi, capaian_layar, kategori), (nama_x, realisasi_x, capaian_x, kategori_x) in zip(
        layar, excel, strict=True
    ):
        assert nama == nama_x
        assert capaian_layar == angka_excel(capaian_x)
        if realisasi_x is not None:
            assert realisasi == angka_excel(realisasi_x)
        assert kategori == (kategori_x or "–")

    # PDF: a PDF, and (when poppler is there) the screen's capaian figures are in it.
    with halaman.expect_download() as unduhan:
        halaman.get_by_role("link", name="Unduh PDF (A4)").click()
    pdf = (tmp_path / "laporan.pdf")
    unduhan.value.save_as(pdf)
    isi = pdf.read_bytes()
    assert isi.startswith(b"%PDF")
    if PDFTOTEXT:
        teks = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
        assert "TW II 2023 (April – Juni)" in teks
        for _, _, capaian_layar, _ in layar:
            if capaian_layar != "–":
                assert capaian_layar in teks

    # The drill-down from the red indicator shows its months in words.
    halaman.locator(".daftar-perhatian a", has_text=re.compile("buku kesejahteraan sosial", re.I)).click()
    halaman.wait_for_url(re.compile(r".*/indikator/\d+/.*"))
    assert "Mei:" in halaman.locator("table.tabel-bulanan").inner_text()
    assert " dari " in halaman.locator("table.tabel-bulanan").inner_text()
    assert halaman.locator("svg.grafik-tren").is_visible()


def test_the_dashboard_fits_a_phone(halaman, dunia_hidup):
    url = dunia_hidup.url
    halaman.set_viewport_size({"width": 390, "height": 844})
    halaman.goto(f"{url}/masuk/")
    halaman.get_by_label("Nama pengguna").fill("camat_a")
    halaman.get_by_label("Kata sandi").fill(PASSWORD)
    halaman.get_by_role("button", name="Masuk").click()
    halaman.wait_for_url(f"{url}/")
    halaman.goto(f"{url}/dasbor/ketapang/2023/")
    assert halaman.locator("#jumlah-terlambat").is_visible()
    # Wide tables scroll inside their box; the page itself does not scroll sideways.
    lebar = halaman.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 400
