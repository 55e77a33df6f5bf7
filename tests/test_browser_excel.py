"""The Excel round trip in a real browser: download May, fill it in, upload, preview, save."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from iki.models import Realisasi, TahunIKI, Variabel
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def halaman(live_server, dunia_tx, settings, tmp_path, peramban):
    settings.DATA_DIR = tmp_path / "data"
    context = peramban.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)  # a phone
    page = context.new_page()
    page.set_default_timeout(20000)
    yield page
    context.close()


def masuk(page, live_server, username):
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


def test_staf_round_trips_may_through_excel(halaman, live_server, tmp_path):
    tahun = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=5).delete()  # May is open again
    tepat = Variabel.objects.get(indikator__tahun=tahun, kode="ktp_tepat")
    usulan = Variabel.objects.get(indikator__tahun=tahun, kode="ktp_usulan")

    masuk(halaman, live_server, "staf_a")
    halaman.goto(f"{live_server.url}/excel/")
    halaman.wait_for_url(f"{live_server.url}/excel/ketapang/2023/unggah/")
    halaman.get_by_label("Bulan").select_option(label="Mei")
    with halaman.expect_download() as unduhan:
        halaman.get_by_role("button", name="Unduh lembar kerja").click()
    assert unduhan.value.suggested_filename == "realisasi-ketapang-2023-05-mei.xlsx"

    # Fill in the workbook as the staf would in a spreadsheet program.
    wb = load_workbook(io.BytesIO(unduhan.value.path().read_bytes()))
    ws = wb["Mei"]
    for baris in ws.iter_rows(min_row=2):
        if baris[7].value == tepat.pk:
            baris[4].value = 48
            baris[6].value = "=dua berkas menunggu tanda tangan"
            baris[6].data_type = "s"
        elif baris[7].value == usulan.pk:
            baris[4].value = 50
    berkas = tmp_path / "isian mei.xlsx"
    keluaran = io.BytesIO()
    wb.save(keluaran)
    berkas.write_bytes(keluaran.getvalue())

    halaman.get_by_label("Berkas Excel (.xlsx)").set_input_files(str(berkas))
    halaman.get_by_role("button", name="Periksa dan tampilkan pratinjau").click()
    halaman.wait_for_url(f"{live_server.url}/excel/ketapang/2023/unggah/")
    assert halaman.locator("h1").inner_text() == "Pratinjau impor Excel"
    tabel = halaman.locator("#tabel-perubahan")
    assert halaman.locator("#jumlah-perubahan").inner_text() == "2"
    baris_tepat = tabel.locator("tr", has_text=tepat.nama)
    assert "– → 48" in baris_tepat.inner_text()
    assert "=dua berkas menunggu tanda tangan" in baris_tepat.inner_text()
    assert "– → 50" in tabel.locator("tr", has_text=usulan.nama).inner_text()
    assert not Realisasi.objects.filter(variabel=tepat, bulan=5).exists()  # nothing saved by the preview

    halaman.get_by_role("button", name="Simpan 2 perubahan").click()
    pesan = halaman.get_by_role("alert")
    assert "2 nilai dari berkas “isian mei.xlsx” disimpan sebagai draf" in pesan.inner_text()

    r = Realisasi.objects.get(variabel=tepat, bulan=5)
    assert (r.nilai, r.status, r.catatan) == (Decimal(48), "draft", "=dua berkas menunggu tanda tangan")
    assert r.history.get().history_change_reason == "Impor Excel: isian mei.xlsx"
    assert Realisasi.objects.get(variabel=usulan, bulan=5).nilai == Decimal(50)


def test_a_file_that_is_not_excel_shows_the_reason(halaman, live_server, tmp_path):
    masuk(halaman, live_server, "staf_a")
    halaman.goto(f"{live_server.url}/excel/ketapang/2023/unggah/")
    palsu = tmp_path / "laporan.xlsx"
    palsu.write_bytes(b"MZ\x90\x00 bukan lembar kerja")
    halaman.get_by_label("Berkas Excel (.xlsx)").set_input_files(str(palsu))
    halaman.get_by_role("button", name="Periksa dan tampilkan pratinjau").click()
    assert "bukan berkas Excel (.xlsx)" in halaman.locator("#tabel-kesalahan").inner_text()
    assert halaman.get_by_role("button", name="Simpan").count() == 0
