"""Issue 16's "done when" as one journey, tried as new users would on a phone (390 px, Debian's
chromium): the verifier returns a value with a note; the staf sees the bell's count, the note in
the inbox and the value's card; `kirim_pengingat` mails the staf's digest to a real SMTP server
(aiosmtpd, started here) and its link opens the card; the operator finds the WhatsApp reminders
on the home page and copies the late list; the staf resets a forgotten password by mail (the same
SMTP server); the operator resets the staf to a one-time password, which must be changed at the
next sign-in before anything else."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from tests.peramban import masuk
from tests.test_pengingat_surel import _Kotak, _port_bebas, _setelan

pytestmark = [pytest.mark.browser]

CATATAN = "Register KTP bulan Mei menulis 47, bukan 48"
SUREL = "staf.a@ketapang.go.id"
SANDI_LUPA = "Kopi-Tubruk-Madura-7"
SANDI_AKHIR = "Garam-Sampang-Putih-9"
NILAI_MEI = {
    "ktp_tepat": 48, "ktp_usulan": 50, "akta_tanah_tepat": 9, "akta_tanah_usulan": 10,
    "ijin_tepat": 5, "ijin_usulan": 8, "desa_tertib_adm": 12,
}


@pytest.fixture
def dunia_journey(live_server, dunia_tx):
    """Staf A submitted May 2023 and has an e-mail address; nothing else is in anyone's inbox."""
    from iki.models import Notifikasi, Pengguna, Realisasi, TahunIKI, Variabel
    from iki.realisasi.alur import ajukan_bulan
    from iki.realisasi.simpan import Perubahan

    tahun = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=5).delete()
    Notifikasi.objects.all().delete()
    Pengguna.objects.filter(username="staf_a").update(email=SUREL)
    ajukan_bulan(
        user=Pengguna.objects.get(username="staf_a"), tahun_iki=tahun, bulan=5,
        perubahan=[
            Perubahan(Variabel.objects.get(indikator__tahun=tahun, kode=k).pk, 5, Decimal(n))
            for k, n in NILAI_MEI.items()
        ],
    )
    return Variabel.objects.get(kode="ktp_tepat", indikator__tahun=tahun).indikator_id


@pytest.fixture
def smtp(live_server):
    """A real SMTP server on a free port; the app's mail settings (the live server's too: one
    process) point at it, and the links in mails at the live server."""
    kotak = _Kotak()
    controller = Controller(kotak, hostname="127.0.0.1", port=_port_bebas())
    controller.start()
    try:
        with _setelan(controller.port, IKI_URL_DASAR=live_server.url):
            yield kotak
    finally:
        controller.stop()


@pytest.fixture
def halaman(live_server, peramban):
    context = peramban.new_context(viewport={"width": 390, "height": 844})  # a phone
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _surel_untuk(kotak, alamat):
    return [m for to, m in kotak.pesan if to == [alamat]]


def _teks(pesan) -> str:
    return next(p for p in pesan.walk() if p.get_content_type() == "text/plain").get_content()


def _keluar(page, live_server):
    """Sign out as a user does on a phone: the menu, "Akun saya", "Keluar"."""
    page.get_by_role("button", name="Buka menu").click()
    page.locator("#akun-saya summary").click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/masuk/"))


def test_issue_16_done_when_as_one_journey(dunia_journey, smtp, halaman, live_server):
    from iki.models import Notifikasi, Pengguna

    page, indikator = halaman, dunia_journey
    kartu = f"{live_server.url}/realisasi/ketapang/2023/5/#indikator-{indikator}"

    # 1. The verifier signs in, follows the bell to May and returns the KTP count with a note.
    masuk(page, live_server, "verifikator_a", tunggu=False)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Notifikasi, 1 belum dibaca").click()
    page.get_by_role("link", name=re.compile(r"Menunggu verifikasi: .*Mei 2023")).click()
    page.wait_for_url(re.compile(r".*/realisasi/verifikasi/\?tahun=2023#kelompok-\d+-5$"))
    baris = page.locator('tr[data-variabel="ktp_tepat"]').first
    baris.locator("summary", has_text="Kembalikan").click()
    baris.get_by_label("Catatan untuk pengisi").fill(CATATAN)
    baris.get_by_role("button", name="Kembalikan nilai ini").click()
    assert "dikembalikan kepada pengisi" in page.get_by_role("alert").first.inner_text()
    _keluar(page, live_server)

    # 2. The staf signs in: the bell shows 1 (no menu to open), the inbox shows the note, and
    #    opening it goes to the value's card and marks it read.
    masuk(page, live_server, "staf_a", tunggu=False)
    page.wait_for_url(f"{live_server.url}/")
    bel = page.get_by_role("link", name="Notifikasi, 1 belum dibaca")
    assert bel.is_visible() and bel.inner_text().strip() == "1"
    bel.click()
    page.wait_for_url(f"{live_server.url}/kotak-masuk/")
    item = page.locator("#daftar-notifikasi li").first
    assert CATATAN in item.inner_text() and "Baru" in item.inner_text()
    item.get_by_role("link", name=re.compile(r"Dikembalikan: ")).click()
    page.wait_for_url(kartu)
    assert page.locator(f"#indikator-{indikator}").is_visible()
    assert page.get_by_role("link", name="Notifikasi, tidak ada yang belum dibaca").is_visible()
    assert not Notifikasi.objects.filter(penerima__username="staf_a", dibaca__isnull=True).exists()

    # 3. The morning's `kirim_pengingat` mails the staf a digest with the note and a link to the
    #    card; the link opens it in the browser, with the note on the card.
    keluaran = StringIO()
    call_command("kirim_pengingat", "--tanggal", "2023-06-12", stdout=keluaran, stderr=StringIO())
    digest, = _surel_untuk(smtp, SUREL)
    teks = _teks(digest)
    assert CATATAN in teks and "Dikembalikan verifikator" in teks
    assert kartu in teks
    page.goto(f"{live_server.url}/")
    page.goto(kartu)
    kartu_nilai = page.locator(f'section.kartu-indikator[data-indikator="{indikator}"]')
    kartu_nilai.wait_for()
    assert CATATAN in kartu_nilai.inner_text()
    # Run again the same day: nobody gets a second mail.
    call_command("kirim_pengingat", "--tanggal", "2023-06-12", stdout=StringIO(), stderr=StringIO())
    assert len(_surel_untuk(smtp, SUREL)) == 1
    _keluar(page, live_server)

    # 4. The operator finds the WhatsApp reminders on the home page and copies the group's text:
    #    the late staf by name and the app's link.
    masuk(page, live_server, "operator_a", tunggu=False)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Pengingat WhatsApp").click()
    page.wait_for_url(f"{live_server.url}/pengingat/whatsapp/ketapang/2023/")
    kotak_teks = page.get_by_label(re.compile(r"Teks pesan"))
    teks_grup = kotak_teks.input_value()
    assert "- Staf A: " in teks_grup and "terlambat" in teks_grup
    assert f"{live_server.url}/" in teks_grup
    page.get_by_role("button", name="Salin teks").click()
    page.get_by_text("Teks disalin").wait_for()
    terpilih = page.evaluate(
        "() => { const t = document.getElementById('teks-grup');"
        " return t.value.substring(t.selectionStart, t.selectionEnd); }"
    )
    assert terpilih == teks_grup
    assert page.evaluate("() => navigator.clipboard.readText().catch(() => null)") in (teks_grup, None)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _keluar(page, live_server)

    # 5. The staf forgot the password: "Lupa kata sandi?" with their address; the mail arrives at
    #    the SMTP server; its link sets a new password, which signs in. The link works once.
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.get_by_label("Alamat surel").fill(SUREL)
    page.get_by_role("button", name="Kirim tautan").click()
    page.get_by_role("heading", name="Periksa surel Anda").wait_for()
    reset, = [m for m in _surel_untuk(smtp, SUREL) if m is not digest]
    tautan = re.search(r"http://\S+/sandi/atur/\S+/", _teks(reset)).group(0)
    assert tautan.startswith(live_server.url)
    page.goto(tautan)
    page.get_by_label("Kata sandi baru", exact=True).fill(SANDI_LUPA)
    page.get_by_label("Ulangi kata sandi baru").fill(SANDI_LUPA)
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    page.get_by_role("heading", name="Kata sandi baru tersimpan").wait_for()
    page.goto(tautan)
    page.get_by_role("heading", name="Tautan tidak berlaku lagi").wait_for()
    masuk(page, live_server, "staf_a", SANDI_LUPA, tunggu=False)
    page.wait_for_url(f"{live_server.url}/")
    assert "Selamat datang, staf_a" in page.get_by_role("heading", level=1).inner_text()
    _keluar(page, live_server)

    # 6. The operator resets the staf to a one-time password on the accounts screen (menu).
    masuk(page, live_server, "operator_a", tunggu=False)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("button", name="Buka menu").click()
    page.get_by_role("link", name="Akun pegawai").click()
    page.wait_for_url(f"{live_server.url}/akun/")
    page.get_by_role("link", name="Atur ulang ke kata sandi sekali pakai untuk staf_a").click()
    page.get_by_role("button", name="Atur ulang ke kata sandi sekali pakai").click()
    page.get_by_text("Ditampilkan hanya sekali").wait_for()
    sekali = page.locator("td.sandi").inner_text().strip()
    assert re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", sekali)
    assert Pengguna.objects.get(username="staf_a").wajib_ganti_sandi
    _keluar(page, live_server)

    # 7. The staf signs in with it and must choose their own password before anything else.
    masuk(page, live_server, "staf_a", sekali, tunggu=False)
    page.wait_for_url(re.compile(r"/sandi/ganti/"))
    assert "kata sandi sekali pakai dari operator" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/kotak-masuk/")
    page.wait_for_url(re.compile(r"/sandi/ganti/"))
    page.goto(f"{live_server.url}/")
    page.wait_for_url(re.compile(r"/sandi/ganti/"))
    page.get_by_label("Kata sandi sekali pakai dari operator").fill(sekali)
    page.get_by_label("Kata sandi baru", exact=True).fill(SANDI_AKHIR)
    page.get_by_label("Ulangi kata sandi baru").fill(SANDI_AKHIR)
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Kata sandi Anda sudah diganti" in page.get_by_role("alert").first.inner_text()
    assert "Selamat datang, staf_a" in page.get_by_role("heading", level=1).inner_text()
    assert not Pengguna.objects.get(username="staf_a").wajib_ganti_sandi
    assert Pengguna.objects.get(username="staf_a").check_password(SANDI_AKHIR)
    assert "terkirim" in keluaran.getvalue()


@pytest.mark.parametrize("lebar", [1280, 1366])
def test_the_operators_long_menu_fits_an_office_laptop_and_akun_saya_opens(live_server, dunia_tx, peramban, lebar):
    """The operator's thirteen menu entries wrap onto a second line on a 1280/1366 px laptop
    instead of pushing "Akun saya" and the bell off the screen; "Akun saya" opens with the
    reminder setting, the password change and "Keluar", and closes on Escape."""
    page = peramban.new_page(viewport={"width": lebar, "height": 800})
    page.set_default_timeout(15000)
    masuk(page, live_server, "operator_a", tunggu=False)
    page.wait_for_url(f"{live_server.url}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= lebar
    assert page.get_by_role("link", name="Akun pegawai").is_visible()
    ringkasan = page.locator("#akun-saya summary")
    kotak = ringkasan.bounding_box()
    assert kotak["x"] + kotak["width"] <= lebar
    ringkasan.click()
    for nama in ("Pengaturan pengingat", "Ganti kata sandi"):
        assert page.get_by_role("link", name=nama).is_visible()
    keluar = page.get_by_role("button", name="Keluar")
    assert keluar.is_visible() and keluar.bounding_box()["x"] + keluar.bounding_box()["width"] <= lebar
    page.keyboard.press("Escape")
    assert not keluar.is_visible()
    ringkasan.click()
    page.get_by_role("heading", level=1).click()  # a click elsewhere closes it too
    assert not keluar.is_visible()
    page.close()
