"""The home page as a to-do on a phone (390 px, Debian's chromium via Playwright): the staf reads
the returned value and its note first, the submitted and verified stay folded away, the page
does not scroll sideways, and a tap on an item opens its card on the entry screen; the verifier
taps what waits and lands on its group."""

import re
from decimal import Decimal

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser]


@pytest.fixture
def halaman(live_server, dunia_tx, peramban):
    from iki.models import Pengguna, Realisasi, TahunIKI, Variabel
    from iki.realisasi.alur import ajukan_bulan, kembalikan

    t = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    mei = Realisasi.objects.filter(variabel__indikator__tahun=t, variabel__pengisi__kode="kasi_pemerintahan", bulan=5)
    mei.delete()
    variabel = Variabel.objects.filter(indikator__tahun=t, pengisi__kode="kasi_pemerintahan")
    ajukan_bulan(user=Pengguna.objects.get(username="staf_a"), tahun_iki=t, bulan=5,
                 perubahan=[_perubahan(v, 5, Decimal(5)) for v in variabel])
    kembalikan(user=Pengguna.objects.get(username="verifikator_a"), realisasi=mei.get(variabel__kode="ktp_tepat"),
               catatan="Register menulis 4")
    page = peramban.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(15000)
    yield page


def _perubahan(v, bulan, nilai):
    from iki.realisasi.simpan import Perubahan

    return Perubahan(v.pk, bulan, nilai)


def masuk(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


def _tanpa_geser_samping(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_staf_reads_the_returned_value_first_and_taps_through_to_its_card(halaman, live_server):
    from iki.models import Variabel

    page = halaman
    masuk(page, live_server, "staf_a")
    kembali = page.locator("#tugas-dikembalikan")
    assert kembali.is_visible()
    teks = kembali.inner_text()
    assert "verifikator_a (Verifikator)" in teks and "Register menulis 4" in teks
    # What is submitted or verified is folded away, and says so.
    selesai = page.locator("#tugas-selesai")
    assert selesai.locator("summary").is_visible()
    assert not selesai.get_by_text("Seluruhnya diverifikasi", exact=False).is_visible()
    assert _tanpa_geser_samping(page)
    selesai.locator("summary").click()
    assert selesai.get_by_text("Seluruhnya diverifikasi", exact=False).is_visible()
    assert _tanpa_geser_samping(page)

    indikator = Variabel.objects.get(indikator__tahun__unit__kode="ketapang", indikator__tahun__tahun=2023,
                                     kode="ktp_tepat").indikator
    kembali.get_by_role("link", name=re.compile("Jumlah KTP, KK dan Akta yang diproses tepat waktu — Mei")).click()
    page.wait_for_url(f"{live_server.url}/realisasi/ketapang/2023/5/#indikator-{indikator.pk}")
    kartu = page.locator(f"#indikator-{indikator.pk}")
    assert kartu.is_visible() and kartu.inner_text().startswith(indikator.nama)


def test_the_verifier_taps_what_waits_and_lands_on_its_group(halaman, live_server):
    page = halaman
    masuk(page, live_server, "verifikator_a")
    daftar = page.locator(".daftar-menunggu")
    assert daftar.is_visible()
    assert not page.get_by_role("heading", name="Jabatan yang Anda verifikasi").is_visible()  # folded away
    assert _tanpa_geser_samping(page)
    daftar.get_by_role("link", name=re.compile("Kepala Seksi Ketentraman .* — Desember")).click()
    page.wait_for_url(re.compile(r".*/realisasi/verifikasi/\?tahun=2023#kelompok-\d+-12$"))
    sasaran = page.url.rsplit("#", 1)[1]
    assert "Kepala Seksi Ketentraman dan Ketertiban" in page.locator(f"#{sasaran}").inner_text()
