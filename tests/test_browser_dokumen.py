"""The operator's journey with the annual document, in a real browser on a phone-sized screen:
open the Ketapang 2023 document, check it, fill in the decree number, download the PDF, copy
2023 to 2024."""


import pytest

from tests.conftest import PASSWORD, bangun_dunia

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def dunia_hidup(live_server, django_db_blocker):
    """live_server empties the database after each browser test: rebuild the world if needed."""
    from iki.models import Pengguna

    with django_db_blocker.unblock():
        if not Pengguna.objects.filter(username="operator_a").exists():
            bangun_dunia()
    return live_server


@pytest.fixture
def halaman(dunia_hidup, peramban):
    page = peramban.new_page(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page.set_default_timeout(30000)
    yield page


def test_operator_checks_numbers_prints_and_copies_the_ketapang_document(halaman, dunia_hidup, tmp_path):
    url = dunia_hidup.url
    halaman.goto(f"{url}/masuk/")
    halaman.get_by_label("Nama pengguna").fill("operator_a")
    halaman.get_by_label("Kata sandi").fill(PASSWORD)
    halaman.get_by_role("button", name="Masuk").click()
    halaman.wait_for_url(f"{url}/")

    # The document as the seed has it: BAB I-III, signature, 6 jabatan sheets, 31 rows.
    halaman.goto(f"{url}/dokumen/ketapang/2023/")
    assert halaman.locator("#jumlah-lembar").inner_text() == "6"
    assert halaman.locator("#jumlah-baris").inner_text() == "31"
    assert halaman.locator("section.lembar-jabatan").count() == 6
    assert halaman.locator("tr.baris-iki").count() == 31
    for bab in ("BAB I", "BAB II", "BAB III"):
        assert halaman.locator("h2.judul-bab", has_text=bab).first.is_visible()
    assert halaman.locator(".ttd-jabatan").inner_text() == "CAMAT KETAPANG"
    # The preview uses the app's own serif font, as the PDF does (no CDN, CSP font-src 'self').
    dimuat = halaman.evaluate(
        "document.fonts.ready.then(() => Array.from(document.fonts)"
        ".filter(f => f.family.includes('IKI Serif') && f.status === 'loaded').length)"
    )
    assert dimuat >= 1

    # The decree number, as the camat's office wrote it after signing.
    halaman.get_by_role("link", name="Nomor & tanggal Keputusan").click()
    halaman.get_by_label("Nomor Keputusan").fill("188/12/KEP/434.512/2023")
    halaman.get_by_label("Tanggal Keputusan").fill("2023-01-05")
    halaman.get_by_label("Tanggal penandatanganan dokumen").fill("2023-01-05")
    halaman.get_by_role("button", name="Simpan").click()
    halaman.wait_for_url(f"{url}/dokumen/ketapang/2023/")
    assert halaman.locator("#nomor-keputusan").inner_text() == "188/12/KEP/434.512/2023"
    assert halaman.locator(".ttd-tempat").inner_text() == "Sampang, 5 Januari 2023"

    # Print it.
    with halaman.expect_download() as unduhan:
        halaman.get_by_role("link", name="Unduh PDF (A4)").click()
    berkas = unduhan.value
    assert berkas.suggested_filename == "dokumen-iki-ketapang-2023-a4.pdf"
    tujuan = tmp_path / berkas.suggested_filename
    berkas.save_as(tujuan)
    assert tujuan.read_bytes().startswith(b"%PDF-") and tujuan.stat().st_size > 20_000

    # Next year starts as a copy.
    halaman.get_by_role("link", name="Salin ke tahun berikutnya").click()
    assert halaman.get_by_label("Salin ke tahun").input_value() == "2024"
    halaman.get_by_role("button", name="Salin", exact=True).click()
    halaman.wait_for_url(f"{url}/dokumen/ketapang/2024/")
    assert "disalin ke 2024" in halaman.get_by_role("alert").inner_text()
    assert halaman.locator("#jumlah-baris").inner_text() == "31"
    assert halaman.locator("#nomor-keputusan").inner_text().endswith("/KEP/434.512/2024")
