"""Reminders in a real browser (Debian's chromium via Playwright, on a phone): the verifier returns
a value; the staf sees the bell's count, opens the inbox and goes straight to the value's card;
the operator opens the WhatsApp reminders and copies the group's text."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.peramban import masuk

pytestmark = [pytest.mark.browser]

CATATAN = "Register KTP bulan Mei menulis 47, bukan 48"
NILAI_MEI = {
    "ktp_tepat": 48, "ktp_usulan": 50, "akta_tanah_tepat": 9, "akta_tanah_usulan": 10,
    "ijin_tepat": 5, "ijin_usulan": 8, "desa_tertib_adm": 12,
}


@pytest.fixture
def halaman(live_server, dunia_tx, peramban):
    from iki.models import Notifikasi, Pengguna, Realisasi, TahunIKI, Variabel
    from iki.realisasi.alur import ajukan_bulan
    from iki.realisasi.simpan import Perubahan

    tahun = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=5).delete()
    Notifikasi.objects.all().delete()
    ajukan_bulan(
        user=Pengguna.objects.get(username="staf_a"), tahun_iki=tahun, bulan=5,
        perubahan=[
            Perubahan(Variabel.objects.get(indikator__tahun=tahun, kode=k).pk, 5, Decimal(n))
            for k, n in NILAI_MEI.items()
        ],
    )
    context = peramban.new_context(viewport={"width": 390, "height": 844})  # a phone
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page


def test_a_returned_value_reaches_the_staf_through_the_bell_and_the_operator_copies_the_group_text(
    halaman, live_server
):
    from iki.models import Notifikasi, Variabel

    page = halaman

    # 1. The verifier was told May waits: the bell says so; the inbox leads to the verification page.
    masuk(page, live_server, "verifikator_a")
    page.get_by_role("link", name="Notifikasi, 1 belum dibaca").click()
    page.get_by_role("link", name=re.compile(r"Menunggu verifikasi: .*Mei 2023")).click()
    page.wait_for_url(re.compile(r".*/realisasi/verifikasi/\?tahun=2023#kelompok-\d+-5$"))

    # 2. The verifier returns the KTP count with a note.
    baris = page.locator('tr[data-variabel="ktp_tepat"]').first
    baris.locator("summary", has_text="Kembalikan").click()
    baris.get_by_label("Catatan untuk pengisi").fill(CATATAN)
    baris.get_by_role("button", name="Kembalikan nilai ini").click()
    assert "dikembalikan kepada pengisi" in page.get_by_role("alert").first.inner_text()

    # 3. The staf sees the bell's count on the phone, without opening the menu.
    masuk(page, live_server, "staf_a")
    bel = page.get_by_role("link", name="Notifikasi, 1 belum dibaca")
    assert bel.is_visible() and bel.inner_text().strip() == "1"
    bel.click()
    page.wait_for_url(f"{live_server.url}/kotak-masuk/")
    item = page.locator("#daftar-notifikasi li").first
    assert CATATAN in item.inner_text() and "Baru" in item.inner_text()

    # 4. Opening it goes straight to the value's card on the entry screen, and marks it read.
    item.get_by_role("link", name=re.compile(r"Dikembalikan: ")).click()
    indikator = Variabel.objects.get(kode="ktp_tepat", indikator__tahun__unit__kode="ketapang").indikator_id
    page.wait_for_url(f"{live_server.url}/realisasi/ketapang/2023/5/#indikator-{indikator}")
    assert page.locator(f"#indikator-{indikator}").is_visible()
    assert page.get_by_role("link", name="Notifikasi, tidak ada yang belum dibaca").is_visible()
    assert not Notifikasi.objects.filter(penerima__username="staf_a", dibaca__isnull=True).exists()

    # 5. The operator opens the WhatsApp reminders and copies the group's text.
    masuk(page, live_server, "operator_a")
    page.goto(f"{live_server.url}/pengingat/whatsapp/")
    page.wait_for_url(re.compile(r".*/pengingat/whatsapp/ketapang/\d+/$"))
    kotak = page.get_by_label(re.compile(r"Teks pesan"))
    teks = kotak.input_value()
    assert teks.startswith("*Pengingat IKI Kantor Kecamatan Ketapang*") and "- Staf A: " in teks
    assert live_server.url in teks
    page.get_by_role("button", name="Salin teks").click()
    expect(page.locator("#status-salin")).to_contain_text("Teks disalin")
    terpilih = page.evaluate(
        "() => { const t = document.getElementById('teks-grup');"
        " return t.value.substring(t.selectionStart, t.selectionEnd); }"
    )
    assert terpilih == teks
    # The clipboard itself, where the headless browser lets the page read it back.
    assert page.evaluate("() => navigator.clipboard.readText().catch(() => null)") in (teks, None)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
