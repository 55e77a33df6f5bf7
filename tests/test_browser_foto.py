"""Evidence from a phone in a real browser (Debian's chromium via Playwright, 390 px wide): a 6 MB
camera photo goes up shrunk to a readable JPEG under the limit, turned as the phone was held; a
12 MB file and an iPhone HEIC photo are stopped before upload with what to do; deleting asks first;
a very long file name never makes the page wider than the phone."""

import io
import os

import pytest
from django.urls import reverse
from PIL import Image

from iki.umum.berkas import MAKS_BITA, PESAN_HEIC
from tests.test_browser_realisasi import masuk

pytestmark = [pytest.mark.browser]

MB = 1024 * 1024


@pytest.fixture
def halaman(live_server, dunia_tx, settings, tmp_path, peramban):
    settings.MEDIA_ROOT = tmp_path
    page = peramban.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.set_default_timeout(20000)
    yield page


@pytest.fixture
def realisasi(dunia_tx):
    from iki.models import Realisasi, TahunIKI
    from tests.test_bukti import _realisasi

    return _realisasi(TahunIKI.objects.get(unit__kode="ketapang", tahun=2023), "ktp_tepat", 12, Realisasi.DIAJUKAN)


def foto_kamera(path, lebar=3264, tinggi=2448):
    """A phone camera's photo: 8 megapixels of noise (which compresses badly, as a detailed scene
    does), landscape pixels with the EXIF tag "turn right" (6) of a phone held upright."""
    gambar = Image.frombytes("RGB", (lebar, tinggi), os.urandom(lebar * tinggi * 3))
    exif = Image.Exif()
    exif[0x0112] = 6
    gambar.save(path, format="JPEG", quality=86, exif=exif)
    return path


def buka_halaman_bukti(page, live_server, realisasi):
    masuk(page, live_server, "staf_a")
    page.goto(f"{live_server.url}{reverse('bukti_realisasi', args=[realisasi.pk])}")


def test_a_6_mb_camera_photo_is_shrunk_before_upload_and_stays_readable(halaman, live_server, realisasi, tmp_path):
    from iki.models import BuktiDukung

    asli = foto_kamera(tmp_path / "IMG_20261205_093000.jpg")
    assert MAKS_BITA < asli.stat().st_size < 8 * MB  # as sent, the server would refuse it

    buka_halaman_bukti(halaman, live_server, realisasi)
    kamera = halaman.get_by_label("Foto dengan kamera")
    assert kamera.get_attribute("capture") == "environment"
    kamera.set_input_files(str(asli))
    pesan = halaman.locator(f"#pesan-kamera-{realisasi.pk}")
    pesan.filter(has_text="diperkecil").wait_for()
    assert "Foto IMG_20261205_093000.jpg diperkecil dari" in pesan.inner_text()
    assert kamera.evaluate("el => [el.files[0].type, el.files[0].name]") == ["image/jpeg", "IMG_20261205_093000.jpg"]

    halaman.get_by_role("button", name="Kirim foto").click()
    halaman.get_by_role("alert").filter(has_text="tersimpan").wait_for()
    bukti = BuktiDukung.objects.get(realisasi=realisasi)
    assert bukti.jenis_konten == "image/jpeg" and bukti.nama_asli == "IMG_20261205_093000.jpg"
    assert bukti.ukuran < MAKS_BITA // 2  # well under the limit
    with bukti.berkas.open("rb") as berkas, Image.open(io.BytesIO(berkas.read())) as tersimpan:
        tersimpan.load()  # the whole image decodes
        assert tersimpan.format == "JPEG"
        assert tersimpan.size == (1500, 2000)  # long side 2000, upright as the phone was held


def test_a_12_mb_file_is_stopped_before_upload_with_the_reason(halaman, live_server, realisasi, tmp_path):
    from iki.models import BuktiDukung

    besar = tmp_path / "laporan-tahunan.pdf"
    besar.write_bytes(b"%PDF-1.4\n" + b"0" * (12 * MB - 16) + b"%%EOF\n")
    buka_halaman_bukti(halaman, live_server, realisasi)
    pilih = halaman.get_by_label("Tambah bukti dukung")
    pilih.set_input_files(str(besar))
    pesan = halaman.locator(f"#pesan-berkas-{realisasi.pk}")
    pesan.filter(has_text="terlalu besar").wait_for()
    assert pesan.inner_text() == (
        "Berkas terlalu besar: 12,0 MB (maksimal 5 MB). Perkecil atau pisahkan berkasnya."
    )
    assert pilih.evaluate("el => el.files.length") == 0  # nothing left to send
    sebelum = halaman.url
    halaman.get_by_role("button", name="Unggah").click()
    assert halaman.url == sebelum and pesan.inner_text().startswith("Berkas terlalu besar")
    assert not BuktiDukung.objects.filter(realisasi=realisasi).exists()


def test_a_heic_photo_is_stopped_with_what_to_do(halaman, live_server, realisasi, tmp_path):
    from iki.models import BuktiDukung
    from tests.test_bukti_ponsel import heic

    # Named .jpg, as some apps do: recognised by its bytes.
    foto = tmp_path / "IMG_0042.jpg"
    foto.write_bytes(heic())
    buka_halaman_bukti(halaman, live_server, realisasi)
    kamera = halaman.get_by_label("Foto dengan kamera")
    kamera.set_input_files(str(foto))
    pesan = halaman.locator(f"#pesan-kamera-{realisasi.pk}")
    pesan.filter(has_text="HEIC").wait_for()
    assert pesan.inner_text() == PESAN_HEIC
    assert kamera.evaluate("el => el.files.length") == 0
    halaman.get_by_role("button", name="Kirim foto").click()
    assert not BuktiDukung.objects.filter(realisasi=realisasi).exists()


def test_deleting_asks_first_and_a_long_name_never_widens_the_page(halaman, live_server, realisasi, tmp_path):
    from iki.models import BuktiDukung, Pengguna
    from tests.test_bukti import buat_bukti

    nama = "Laporan_kegiatan_pelayanan_administrasi_kependudukan_" * 2 + "Desember_2023_final_revisi.pdf"
    bukti = buat_bukti(realisasi, Pengguna.objects.get(username="staf_a"), nama=nama[:150])
    buka_halaman_bukti(halaman, live_server, realisasi)
    tautan = halaman.get_by_role("link", name=bukti.nama_asli)
    assert tautan.is_visible()
    assert halaman.evaluate("document.documentElement.scrollWidth") <= 390
    assert tautan.bounding_box()["x"] + tautan.bounding_box()["width"] <= 390

    dialog = []

    def tolak(d):
        dialog.append(d.message)
        d.dismiss()

    halaman.once("dialog", tolak)
    halaman.get_by_role("button", name=f"Hapus {bukti.nama_asli}").click()
    assert dialog == [f"Hapus bukti dukung “{bukti.nama_asli}”? Berkas ini tidak dapat dikembalikan."]
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()  # "Batal" keeps the file

    halaman.once("dialog", lambda d: d.accept())
    halaman.get_by_role("button", name=f"Hapus {bukti.nama_asli}").click()
    halaman.get_by_role("alert").filter(has_text="dihapus").wait_for()
    assert not BuktiDukung.objects.filter(pk=bukti.pk).exists()


def test_without_javascript_deleting_asks_on_a_page_that_fits_the_phone(peramban, live_server, realisasi, settings,
                                                                         tmp_path):
    from iki.models import BuktiDukung, Pengguna
    from tests.test_bukti import buat_bukti

    settings.MEDIA_ROOT = tmp_path
    nama = "x" * 140 + ".pdf"  # no space to break at
    bukti = buat_bukti(realisasi, Pengguna.objects.get(username="staf_a"), nama=nama)
    konteks = peramban.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = konteks.new_page()
    page.set_default_timeout(20000)
    buka_halaman_bukti(page, live_server, realisasi)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name=f"Hapus {nama}").click()
    page.get_by_role("heading", name="Hapus bukti dukung?").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()
    page.get_by_role("button", name="Ya, hapus berkas ini").click()
    page.get_by_role("alert").filter(has_text="dihapus").wait_for()
    assert not BuktiDukung.objects.filter(pk=bukti.pk).exists()
