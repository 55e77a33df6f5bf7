"""The reminder mail, tried as a staf would on a phone (390 px, Debian's chromium): the verifier
returns a value, `kirim_pengingat` mails the digest to a real SMTP server, the link in the mail
opens the value's card with the note; then the staf turns the mails off under "Akun saya"."""

from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from tests.peramban import masuk
from tests.test_pengingat_surel import _Kotak, _port_bebas, _setelan

pytestmark = [pytest.mark.browser]


@pytest.fixture
def halaman(live_server, dunia_tx, peramban):
    from iki.models import Pengguna, Realisasi, TahunIKI
    from iki.realisasi.alur import kembalikan

    t = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    r = Realisasi.objects.filter(
        variabel__indikator__tahun=t, variabel__pengisi__kode="kasi_pemerintahan", bulan=6
    ).first()
    Realisasi.objects.filter(pk=r.pk).update(status=Realisasi.DIAJUKAN)
    kembalikan(user=Pengguna.objects.get(username="verifikator_a"), realisasi=Realisasi.objects.get(pk=r.pk),
               catatan="Register menulis 4")
    Pengguna.objects.filter(username="staf_a").update(email="staf.a@ketapang.go.id")
    page = peramban.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(15000)
    yield page, r


def test_the_link_in_the_mail_opens_the_returned_value_and_the_staf_can_stop_the_mails(halaman, live_server):
    from iki.models import KirimanPesan, Pengguna

    page, r = halaman
    kotak = _Kotak()
    controller = Controller(kotak, hostname="127.0.0.1", port=_port_bebas())
    controller.start()
    try:
        with _setelan(controller.port, IKI_URL_DASAR=live_server.url):
            call_command("kirim_pengingat", "--tanggal", "2023-07-12", stdout=StringIO(), stderr=StringIO())
    finally:
        controller.stop()
    (_, pesan), = [(to, m) for to, m in kotak.pesan if to == ["staf.a@ketapang.go.id"]]
    teks = next(p for p in pesan.walk() if p.get_content_type() == "text/plain").get_content()
    assert "Register menulis 4" in teks
    tautan = next(b.strip() for b in teks.splitlines() if b.strip().startswith(f"{live_server.url}/realisasi/"))

    masuk(page, live_server, "staf_a")
    page.goto(tautan)
    kartu = page.locator(f'section.kartu-indikator[data-indikator="{r.variabel.indikator_id}"]')
    assert kartu.is_visible() and "Register menulis 4" in kartu.inner_text()

    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Buka menu").click()
    page.locator("#akun-saya summary").click()
    page.get_by_role("link", name="Pengaturan pengingat").click()
    page.get_by_label("Tidak usah kirim surel").check()
    page.get_by_role("button", name="Simpan").click()
    assert "Pengaturan pengingat disimpan" in page.locator("main").inner_text()
    assert Pengguna.objects.get(username="staf_a").pengingat_surel == "tidak"
    assert KirimanPesan.objects.get(penerima__username="staf_a").status == "terkirim"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
