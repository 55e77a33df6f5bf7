"""Journeys in a real browser: Playwright driving Debian's chromium (no browser download)."""


import pytest

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def halaman(live_server, dunia_tx, peramban):
    page = peramban.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.set_default_timeout(15000)
    yield page


def masuk(page, live_server, username):
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_camat_logs_in_and_sees_the_home_page(halaman, live_server):
    masuk(halaman, live_server, "camat_a")
    halaman.wait_for_url(f"{live_server.url}/")
    assert "Selamat datang" in halaman.locator("h1").inner_text()
    assert halaman.get_by_text("data contoh").first.is_visible()
    # On a phone the menu folds away behind the toggler; it opens with static/js/menu.js.
    tombol = halaman.get_by_role("button", name="Buka menu")
    assert not halaman.get_by_role("link", name="Set IKI").is_visible()
    assert tombol.get_attribute("aria-expanded") == "false"
    tombol.click()
    assert tombol.get_attribute("aria-expanded") == "true"
    halaman.get_by_role("link", name="Set IKI").click()
    halaman.wait_for_url(f"{live_server.url}/iki/ketapang/2023/")
    assert halaman.locator("#jumlah-baris").inner_text() == "31"


def test_without_javascript_the_phone_menu_is_shown_open(live_server, dunia_tx, peramban):
    page = peramban.new_page(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    masuk(page, live_server, "camat_a")
    page.wait_for_url(f"{live_server.url}/")
    assert not page.get_by_role("button", name="Buka menu").is_visible()
    page.get_by_role("link", name="Set IKI").click()
    page.wait_for_url(f"{live_server.url}/iki/ketapang/2023/")


def test_wrong_password_shows_an_indonesian_message(halaman, live_server):
    halaman.goto(f"{live_server.url}/masuk/")
    halaman.get_by_label("Nama pengguna").fill("camat_a")
    halaman.get_by_label("Kata sandi").fill("salah")
    halaman.get_by_role("button", name="Masuk").click()
    assert "kata sandi" in halaman.get_by_role("alert").inner_text().lower()
