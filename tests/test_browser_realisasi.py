"""The monthly journey in a real browser (Debian's chromium via Playwright, on a phone-sized
screen): a staf enters May, attaches a scan and submits; the verifier returns one value with a
note; the staf corrects and resubmits; the verifier verifies; May is locked; the history shows
every step."""

import re

import pytest

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
]

NILAI_MEI = {
    "Jumlah KTP, KK dan Akta yang diproses tepat waktu": "48",
    "Jumlah usulan pembuatan KTP, KK dan Akta": "50",
    "Jumlah Akta Tanah yang diproses tepat waktu": "9",
    "Jumlah usulan pembuatan Akta Tanah": "10",
    "Jumlah IMB, HO, SIUP yang diproses tepat waktu": "5",
    "Jumlah usulan pembuatan IMB, HO, SIUP": "8",
    "Jumlah desa yang tertib administrasi": "12",
}
CATATAN = "Register KTP bulan Mei menulis 47, bukan 48"


@pytest.fixture
def halaman(live_server, dunia_tx, settings, tmp_path, peramban):
    from iki.models import Realisasi

    settings.MEDIA_ROOT = tmp_path
    # May is open again: the demo year has it verified.
    Realisasi.objects.filter(variabel__indikator__tahun__unit__kode="ketapang", bulan=5).delete()
    page = peramban.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.set_default_timeout(15000)
    yield page


def masuk(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_month_from_entry_to_lock(halaman, live_server, tmp_path):
    from iki.models import BuktiDukung, Realisasi
    from tests.test_berkas import pdf_minimal

    page = halaman
    url_mei = f"{live_server.url}/realisasi/ketapang/2023/5/"

    # 1. The staf sees May owed on the home page and opens it.
    masuk(page, live_server, "staf_a")
    assert page.get_by_role("heading", name="Yang harus Anda isi").is_visible()
    page.get_by_role("link", name=re.compile(r"Isi Mei")).click()
    page.wait_for_url(url_mei)
    # All twelve months are on the phone's screen, the open one marked (no sideways scrolling).
    for bulan in page.locator(".nav-bulan .nav-link").all():
        kotak = bulan.bounding_box()
        assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= 390
    assert page.locator(".nav-bulan .nav-link.active").inner_text() == "Mei"

    # 2. Types the counts the Indonesian way; the preview follows as they type.
    for label, nilai in NILAI_MEI.items():
        page.get_by_label(label, exact=True).fill(nilai)
    pratinjau = page.locator("section.kartu-indikator", has_text="administrasi kependudukan").locator("output")
    assert pratinjau.inner_text() == "48 dari 50 = 96,00\u00a0%"
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(re.compile(re.escape(url_mei) + r"(#indikator-\d+)?$"))  # back at the card
    assert "Draf Mei 2023 disimpan" in page.get_by_role("alert").first.inner_text()

    # 3. Attaches a scan to the KTP count, then submits the month.
    tepat = Realisasi.objects.get(variabel__kode="ktp_tepat", variabel__indikator__tahun__unit__kode="ketapang",
                                  bulan=5)
    scan = tmp_path / "scan-register-ktp.pdf"
    scan.write_bytes(pdf_minimal())
    # The file is picked beside the value and goes with the submission (one tap, nothing reloads before).
    page.locator(f"details:has(input[name='bukti-{tepat.variabel_id}']) > summary").click()
    page.locator(f"input[name='bukti-{tepat.variabel_id}']").set_input_files(str(scan))
    page.get_by_role("button", name="Ajukan ke verifikator").click()
    page.wait_for_url(re.compile(re.escape(url_mei) + r"(#indikator-\d+)?$"))
    assert "diajukan ke verifikator, dengan 1 berkas bukti dukung" in page.get_by_role("alert").first.inner_text()
    assert BuktiDukung.objects.get(realisasi=tepat).nama_asli == "scan-register-ktp.pdf"
    assert page.get_by_role("link", name="scan-register-ktp.pdf").is_visible()  # listed, its list open
    assert set(Realisasi.objects.filter(variabel__indikator__tahun__unit__kode="ketapang", bulan=5)
               .values_list("status", flat=True)) == {"diajukan"}

    # 4. The verifier returns the KTP count with a note.
    masuk(page, live_server, "verifikator_a")
    page.get_by_role("link", name="Buka halaman verifikasi").click()
    page.wait_for_url(re.compile(r".*/realisasi/verifikasi/.*"))  # is_visible() below does not wait
    baris = page.locator('tr[data-variabel="ktp_tepat"]').filter(has_text="48").first
    assert baris.get_by_role("link", name="scan-register-ktp.pdf").is_visible()
    # The indicator's month in context: target, result, capaian and its category.
    mei = page.locator("section.card", has_text="— Mei 2023")
    konteks = mei.locator('.konteks-indikator[data-indikator="adminduk"]')
    assert "95,00" in konteks.locator(".target-bulan").inner_text()
    assert "101,05" in konteks.locator(".capaian-bulan").inner_text()
    assert "Sangat Baik" in konteks.locator(".capaian-bulan").inner_text()
    baris.locator("summary", has_text="Kembalikan").click()
    baris.get_by_label("Catatan untuk pengisi").fill(CATATAN)
    baris.get_by_role("button", name="Kembalikan nilai ini").click()
    assert "dikembalikan kepada pengisi" in page.get_by_role("alert").first.inner_text()

    # 5. The staf reads the note, corrects and resubmits.
    masuk(page, live_server, "staf_a")
    assert CATATAN in page.locator("#judul-tagihan").locator("..").inner_text()
    page.goto(url_mei)
    assert CATATAN in page.locator(".catatan-verifikator").inner_text()
    page.get_by_label("Jumlah KTP, KK dan Akta yang diproses tepat waktu", exact=True).fill("47")
    page.get_by_role("button", name="Ajukan ke verifikator").click()
    page.wait_for_url(re.compile(re.escape(url_mei) + r"(#indikator-\d+)?$"))  # back at the card
    assert "diajukan ke verifikator" in page.get_by_role("alert").first.inner_text()

    # 6. The verifier sees the earlier note beside the corrected value and verifies the month in one step.
    masuk(page, live_server, "verifikator_a")
    page.goto(f"{live_server.url}/realisasi/verifikasi/")
    assert CATATAN in page.locator('tr[data-variabel="ktp_tepat"] .catatan-lalu').first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name=re.compile(r"Verifikasi semua yang tanpa catatan — Mei")).click()
    assert "7 nilai diverifikasi dan dikunci" in page.get_by_role("alert").first.inner_text()
    assert set(Realisasi.objects.filter(variabel__indikator__tahun__unit__kode="ketapang", bulan=5)
               .values_list("status", flat=True)) == {"diverifikasi"}

    # 7. May is locked for the staf: values read-only, no buttons.
    masuk(page, live_server, "staf_a")
    page.goto(url_mei)
    assert page.locator("#status-terkunci").is_visible()
    isian = page.get_by_label("Jumlah KTP, KK dan Akta yang diproses tepat waktu", exact=True)
    assert isian.get_attribute("readonly") is not None and isian.input_value() == "47"
    assert page.get_by_role("button", name="Ajukan ke verifikator").count() == 0

    # 8. The history shows every step.
    page.get_by_role("link", name="Riwayat perubahan Mei 2023").click()
    riwayat = page.locator("#tabel-riwayat").inner_text()
    for langkah in (
        "scan-register-ktp.pdf",
        "Disimpan",
        "Diajukan",
        f"Dikembalikan: {CATATAN}",
        "48 → 47",
        "Dikembalikan → Diajukan",
        "Diajukan → Diverifikasi",
        "verifikator_a",
        "staf_a",
    ):
        assert langkah in riwayat, langkah

    # 9. The staf opens "Capaian saya" from the menu on the phone: May's result, no sideways scrolling.
    page.get_by_role("button", name="Buka menu").click()
    page.get_by_role("link", name="Capaian saya").click()
    page.wait_for_url(re.compile(r".*/dasbor/ketapang/\d{4}/saya/"))
    assert page.get_by_role("heading", name=re.compile(r"Capaian saya")).is_visible()
    mei = page.locator("section.capaian-saya", has_text="administrasi kependudukan").locator('tr[data-periode="5"]')
    teks = mei.inner_text()
    assert "94,00" in teks and "95,00" in teks and "98,95" in teks and "Sangat Baik" in teks
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
