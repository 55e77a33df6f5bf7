"""Issue 16's "done when" for accounts, in a real browser (Debian's chromium via Playwright): a
staf who forgot the password asks for a link, opens it from the mail and signs in with the new
one; the operator resets a staf to a one-time password, and the staf, signing in with it, must
choose their own before anything else."""

import re

import pytest

from tests.conftest import PASSWORD
from tests.peramban import masuk

pytestmark = [pytest.mark.browser]

SANDI_BARU = "Kopi-Tubruk-Madura-7"


@pytest.fixture
def halaman(live_server, dunia_tx, peramban):
    from django.core import mail

    from iki.models import Pengguna

    mail.outbox = []  # the live server's thread shares this process's locmem mail backend
    Pengguna.objects.filter(username="staf_a").update(email="staf.a@ketapang.go.id")
    page = peramban.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(15000)
    yield page


def test_a_staf_resets_a_forgotten_password_by_mail(halaman, live_server):
    from django.core import mail

    page = halaman
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.get_by_label("Alamat surel").fill("staf.a@ketapang.go.id")
    page.get_by_role("button", name="Kirim tautan").click()
    page.get_by_role("heading", name="Periksa surel Anda").wait_for()

    assert len(mail.outbox) == 1
    tautan = re.search(r"http://\S+/sandi/atur/\S+/", mail.outbox[0].body).group(0)
    assert tautan.startswith(live_server.url)
    page.goto(tautan)
    page.get_by_label("Kata sandi baru", exact=True).fill(SANDI_BARU)
    page.get_by_label("Ulangi kata sandi baru").fill(SANDI_BARU)
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    page.get_by_role("heading", name="Kata sandi baru tersimpan").wait_for()

    page.goto(tautan)  # the same link again
    page.get_by_role("heading", name="Tautan tidak berlaku lagi").wait_for()
    assert page.get_by_role("link", name="Minta tautan baru").is_visible()

    masuk(page, live_server, "staf_a", SANDI_BARU, tunggu=False)
    page.wait_for_url(f"{live_server.url}/")
    assert "Selamat datang" in page.content()


def test_the_operator_resets_a_staf_to_a_one_time_password_that_must_be_changed(halaman, live_server):
    page = halaman
    masuk(page, live_server, "operator_a", PASSWORD, tunggu=False)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/akun/")
    page.get_by_role("link", name="Atur ulang ke kata sandi sekali pakai untuk staf_a").click()
    page.get_by_role("button", name="Atur ulang ke kata sandi sekali pakai").click()
    page.get_by_text("Ditampilkan hanya sekali").wait_for()
    sandi = page.locator("td.sandi").inner_text().strip()
    assert re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", sandi)
    assert page.get_by_role("button", name="Cetak").is_visible()

    masuk(page, live_server, "staf_a", sandi, tunggu=False)
    page.wait_for_url(re.compile(r"/sandi/ganti/"))
    assert "kata sandi sekali pakai dari operator" in page.content()
    page.goto(f"{live_server.url}/realisasi/")  # any other page leads back here
    page.wait_for_url(re.compile(r"/sandi/ganti/"))
    page.get_by_label("Kata sandi sekali pakai dari operator").fill(sandi)
    page.get_by_label("Kata sandi baru", exact=True).fill(SANDI_BARU)
    page.get_by_label("Ulangi kata sandi baru").fill(SANDI_BARU)
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    page.get_by_text("Kata sandi Anda sudah diganti").wait_for()
    assert "/sandi/ganti/" not in page.url

    masuk(page, live_server, "staf_a", SANDI_BARU, tunggu=False)
    page.wait_for_url(f"{live_server.url}/")
    assert "Selamat datang" in page.content()
