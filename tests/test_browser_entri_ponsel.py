"""Entry on a phone that never loses work, in a real browser (Debian's chromium via Playwright,
390 px wide): type two numbers and attach a photo from the camera input in either order, then
save; a file picked then removed; a session that ended while typing; Enter moves on; a double
tap; two tabs of the same month."""

import re

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser]

TEPAT = "Jumlah KTP, KK dan Akta yang diproses tepat waktu"
USULAN = "Jumlah usulan pembuatan KTP, KK dan Akta"
AKTA = "Jumlah Akta Tanah yang diproses tepat waktu"


@pytest.fixture
def halaman(live_server, dunia_tx, settings, tmp_path, peramban):
    from iki.models import Realisasi

    settings.MEDIA_ROOT = tmp_path / "media"
    Realisasi.objects.filter(variabel__indikator__tahun__unit__kode="ketapang", bulan=5).delete()
    page = peramban.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(15000)
    yield page


@pytest.fixture
def foto_jpeg(tmp_path):
    from PIL import Image

    jalur = tmp_path / "IMG_20230531_0915.jpg"
    Image.new("RGB", (64, 48), (200, 120, 40)).save(jalur, "JPEG")
    return jalur


def url_mei(live_server):
    return f"{live_server.url}/realisasi/ketapang/2023/5/"


def isi_login(page, username="staf_a"):
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def buka_mei(page, live_server, username="staf_a"):
    page.goto(f"{live_server.url}/masuk/?next=/realisasi/ketapang/2023/5/")
    isi_login(page, username)
    page.wait_for_url(url_mei(live_server))


def lampirkan(page, label, jalur):
    baris = page.locator(".baris-entri", has=page.get_by_label(label, exact=True))
    baris.locator("details.bukti-entri > summary").click()
    baris.get_by_label(re.compile("Lampirkan foto atau PDF")).set_input_files(str(jalur))


def tersimpan(kode):
    from iki.models import Realisasi

    r = Realisasi.objects.filter(
        variabel__kode=kode, variabel__indikator__tahun__unit__kode="ketapang", bulan=5
    ).first()
    return r


def tidak_lebih_lebar(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("urutan", ["ketik-dulu", "foto-dulu"])
def test_two_numbers_and_a_camera_photo_are_saved_by_one_tap_in_either_order(halaman, live_server, foto_jpeg, urutan):
    from iki.models import BuktiDukung

    page = halaman
    buka_mei(page, live_server)
    if urutan == "foto-dulu":
        lampirkan(page, TEPAT, foto_jpeg)
    page.get_by_label(TEPAT, exact=True).fill("48")
    page.get_by_label(USULAN, exact=True).fill("50")
    if urutan == "ketik-dulu":
        lampirkan(page, TEPAT, foto_jpeg)
    kamera = page.get_by_label(re.compile(f"Lampirkan foto atau PDF untuk {TEPAT}"))
    assert kamera.get_attribute("capture") == "environment" and kamera.get_attribute("data-foto") is not None
    assert tidak_lebih_lebar(page)
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(re.compile(r".*/realisasi/ketapang/2023/5/#indikator-\d+$"))

    assert "Draf Mei 2023 disimpan, dengan 1 berkas bukti dukung." in page.get_by_role("alert").first.inner_text()
    assert (tersimpan("ktp_tepat").nilai, tersimpan("ktp_usulan").nilai) == (48, 50)
    bukti = BuktiDukung.objects.get(realisasi=tersimpan("ktp_tepat"))
    assert bukti.nama_asli == "IMG_20230531_0915.jpg" and bukti.jenis_konten == "image/jpeg"
    assert page.get_by_role("link", name="IMG_20230531_0915.jpg").is_visible()  # listed on the card
    assert tidak_lebih_lebar(page)  # a listed file does not widen the phone's page


def test_a_file_picked_then_removed_is_not_sent(halaman, live_server, foto_jpeg):
    from iki.models import BuktiDukung

    page = halaman
    buka_mei(page, live_server)
    page.get_by_label(TEPAT, exact=True).fill("48")
    lampirkan(page, TEPAT, foto_jpeg)
    page.get_by_label(re.compile(f"Lampirkan foto atau PDF untuk {TEPAT}")).set_input_files([])
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(re.compile(r".*/2023/5/.*"))
    assert "Draf Mei 2023 disimpan." in page.get_by_role("alert").first.inner_text()
    assert tersimpan("ktp_tepat").nilai == 48
    assert not BuktiDukung.objects.exists()


def test_a_session_that_ended_gives_the_typed_values_back_after_login(halaman, live_server):
    from django.contrib.sessions.models import Session

    page = halaman
    buka_mei(page, live_server)
    page.get_by_label(TEPAT, exact=True).fill("48")
    page.get_by_label(USULAN, exact=True).fill("50")
    page.locator("details.catatan-indikator > summary").first.click()
    page.get_by_label("Kendala").first.fill("Blangko KTP habis minggu kedua")
    Session.objects.all().delete()  # the session ends on the server while the staf types

    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(re.compile(r".*/masuk/\?next=.*"))
    assert tersimpan("ktp_tepat") is None
    isi_login(page)
    page.wait_for_url(url_mei(live_server))
    pemberitahuan = page.locator("#isian-dipulihkan")
    assert pemberitahuan.is_visible()
    assert pemberitahuan.inner_text() == "Nilai yang Anda ketik sebelum sesi berakhir dipulihkan — periksa lalu simpan."
    assert page.get_by_label(TEPAT, exact=True).input_value() == "48"
    assert page.get_by_label(USULAN, exact=True).input_value() == "50"
    assert page.get_by_label("Kendala").first.input_value() == "Blangko KTP habis minggu kedua"
    pratinjau = page.locator("section.kartu-indikator", has_text="administrasi kependudukan").locator("output")
    assert pratinjau.inner_text() == "48 dari 50 = 96,00\u00a0%"

    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(re.compile(r".*/2023/5/.*"))
    assert (tersimpan("ktp_tepat").nilai, tersimpan("ktp_usulan").nilai) == (48, 50)
    # Saved: the kept input is forgotten, a reload shows no notice.
    page.reload()
    assert not page.locator("#isian-dipulihkan").is_visible()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('iki-entri:')).length") == 0


def test_the_session_warning_shows_before_the_end(halaman, live_server, settings):
    settings.SESSION_COOKIE_AGE = 6  # warn at 4 s, end at 6 s
    page = halaman
    buka_mei(page, live_server)
    spanduk = page.locator("#peringatan-sesi")
    assert not spanduk.is_visible()
    spanduk.wait_for(state="visible", timeout=8000)
    assert "Sesi Anda akan berakhir" in spanduk.inner_text()
    page.get_by_label(TEPAT, exact=True).fill("48")  # typing goes on: the banner blocks nothing


def test_enter_moves_to_the_next_field_and_a_double_tap_saves_once(halaman, live_server):
    from iki.models import Realisasi

    page = halaman
    buka_mei(page, live_server)
    tepat = page.get_by_label(TEPAT, exact=True)
    tepat.fill("48")
    tepat.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('data-variabel')") == "ktp_usulan"
    assert tersimpan("ktp_tepat") is None  # Enter did not save
    page.keyboard.type("50")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('data-variabel')") == "akta_tanah_tepat"

    tombol = page.get_by_role("button", name="Simpan draf")
    tombol.dblclick()
    page.wait_for_url(re.compile(r".*/2023/5/#indikator-\d+$"))
    assert "Draf Mei 2023 disimpan." in page.get_by_role("alert").first.inner_text()
    assert Realisasi.history.filter(variabel__kode="ktp_tepat", bulan=5, history_user__username="staf_a").count() == 1
    # Back in the browser after the save: no resubmission, nothing saved twice.
    page.go_back()
    page.wait_for_load_state()
    assert Realisasi.history.filter(variabel__kode="ktp_tepat", bulan=5, history_user__username="staf_a").count() == 1


def test_two_tabs_of_the_same_month_the_second_save_is_refused_with_the_current_values(halaman, live_server, peramban):
    halaman.close()
    tab = peramban.new_context(viewport={"width": 390, "height": 844})
    page, tab2 = tab.new_page(), tab.new_page()  # two tabs, one login
    page.set_default_timeout(15000)
    tab2.set_default_timeout(15000)
    buka_mei(page, live_server)
    tab2.goto(url_mei(live_server))

    page.get_by_label(TEPAT, exact=True).fill("48")
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(re.compile(r".*/2023/5/.*"))

    tab2.get_by_label(TEPAT, exact=True).fill("47")
    tab2.get_by_role("button", name="Simpan draf").click()
    tab2.locator("#kesalahan").wait_for()
    teks = tab2.locator("#kesalahan").inner_text()
    assert "nilai saat ini 48" in teks and "Perubahan Anda tidak disimpan" in teks
    assert tab2.get_by_label(TEPAT, exact=True).input_value() == "47"  # the typed value is still there
    assert tersimpan("ktp_tepat").nilai == 48


def test_leaving_with_unsaved_values_asks_first_but_saving_does_not(halaman, live_server):
    page = halaman
    buka_mei(page, live_server)
    dialog = []
    page.on("dialog", lambda d: (dialog.append(d.type), d.dismiss()))
    page.get_by_label(TEPAT, exact=True).fill("48")
    page.get_by_role("link", name="Jun").click()  # another month, the value not saved
    page.wait_for_timeout(500)
    assert dialog == ["beforeunload"] and page.url == url_mei(live_server)
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(re.compile(r".*/2023/5/#indikator-\d+$"))
    assert dialog == ["beforeunload"]  # the save itself asked nothing
    assert tersimpan("ktp_tepat").nilai == 48
