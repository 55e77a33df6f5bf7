"""Evidence from a phone, on the server: thumbnails for the verifier (bukti_kecil, _kecil.html),
the HEIC photo and the 12 MB file refused with what to do, the upload forms' camera input and
limit, and deletion that asks first (a page of its own when the browser runs no script)."""

import io
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from iki.models import BuktiDukung, Realisasi
from iki.realisasi.bukti import prefetch_bukti
from iki.umum.berkas import MAKS_BITA, PESAN_HEIC, BerkasDitolak, gambar_kecil, periksa_berkas
from tests.test_berkas import pdf_minimal
from tests.test_bukti import _realisasi, berkas_di, buat_bukti, pesan, unggah

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def realisasi_a(dunia):
    return _realisasi(dunia.tahun_a, "ktp_tepat", 12, Realisasi.DIAJUKAN)


def foto(lebar=1200, tinggi=900, *, format_="JPEG", orientasi=None, mode="RGB") -> bytes:
    """A photo as a phone writes it: landscape pixels, and (with ``orientasi``) the EXIF tag that
    says how to turn them (6: the phone was held upright)."""
    gambar = Image.new(mode, (lebar, tinggi), (200, 30, 30, 0) if mode == "RGBA" else (200, 30, 30))
    buf = io.BytesIO()
    if orientasi:
        exif = Image.Exif()
        exif[0x0112] = orientasi
        gambar.save(buf, format=format_, exif=exif)
    else:
        gambar.save(buf, format=format_)
    return buf.getvalue()


def heic() -> bytes:
    """The start of an iPhone photo: an ISO media box "ftyp" with the brand heic."""
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00\x00\x00\x08meta" + b"\x00" * 200


def simpan_foto(realisasi, user, data, nama="foto.jpg", jenis="image/jpeg"):
    bukti = buat_bukti(realisasi, user, nama=nama, data=data)
    BuktiDukung.objects.filter(pk=bukti.pk).update(jenis_konten=jenis)
    bukti.refresh_from_db()
    return bukti


def gambar_dari(response) -> Image.Image:
    return Image.open(io.BytesIO(response.content))


# --- Thumbnails -------------------------------------------------------------------------------


def test_gambar_kecil_turns_the_photo_as_the_phone_held_it_and_keeps_it_small():
    with Image.open(io.BytesIO(gambar_kecil(foto(1200, 900, orientasi=6)))) as kecil:
        assert kecil.format == "JPEG"
        assert kecil.size == (240, 320)  # portrait: the EXIF orientation was applied


def test_gambar_kecil_puts_a_transparent_png_on_white():
    with Image.open(io.BytesIO(gambar_kecil(foto(400, 100, format_="PNG", mode="RGBA")))) as kecil:
        assert kecil.format == "JPEG" and kecil.size == (320, 80)
        assert kecil.convert("RGB").getpixel((10, 10)) == (255, 255, 255)


def test_gambar_kecil_of_a_pdf_or_a_broken_image_is_refused():
    with pytest.raises(BerkasDitolak):
        gambar_kecil(pdf_minimal())
    with pytest.raises(BerkasDitolak):
        gambar_kecil(foto()[:200])


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a", "camat_a", "operator_a", "pemantau"])
def test_readers_of_the_unit_get_a_small_jpeg_of_a_photo(masuk, dunia, realisasi_a, username):
    bukti = simpan_foto(realisasi_a, dunia.user("staf_a"), foto(3000, 2000, orientasi=6))
    response = masuk(username).get(reverse("bukti_kecil", args=[bukti.pk]))
    assert response["Content-Type"] == "image/jpeg"
    with gambar_dari(response) as kecil:
        assert kecil.format == "JPEG"
        assert max(kecil.size) <= 320
        assert kecil.size[1] > kecil.size[0]  # turned upright
    assert response["Cache-Control"] == "private, max-age=86400"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_png_photo_has_a_jpeg_thumbnail(masuk, dunia, realisasi_a):
    bukti = simpan_foto(realisasi_a, dunia.user("staf_a"), foto(800, 600, format_="PNG"), "layar.png", "image/png")
    response = masuk("verifikator_a").get(reverse("bukti_kecil", args=[bukti.pk]))
    with gambar_dari(response) as kecil:
        assert (kecil.format, kecil.size) == ("JPEG", (320, 240))


def test_the_thumbnail_is_not_made_again_for_a_browser_that_has_it(masuk, dunia, realisasi_a):
    bukti = simpan_foto(realisasi_a, dunia.user("staf_a"), foto())
    client = masuk("verifikator_a")
    pertama = client.get(reverse("bukti_kecil", args=[bukti.pk]))
    kedua = client.get(reverse("bukti_kecil", args=[bukti.pk]), HTTP_IF_NONE_MATCH=pertama["ETag"])
    assert kedua.status_code == 304 and kedua.content == b""
    assert kedua["ETag"] == pertama["ETag"]


def test_thumbnail_of_another_units_file_is_not_found(masuk, dunia, realisasi_a):
    bukti = simpan_foto(realisasi_a, dunia.user("staf_a"), foto())
    for username in ("staf_b", "operator_b"):
        response = masuk(username).get(reverse("bukti_kecil", args=[bukti.pk]))
        assert response.status_code == 404 and response["Content-Type"] != "image/jpeg"


def test_thumbnail_is_read_like_the_download_anonymous_to_login_post_405(client, masuk, dunia, realisasi_a):
    bukti = simpan_foto(realisasi_a, dunia.user("staf_a"), foto())
    url = reverse("bukti_kecil", args=[bukti.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    # Every role that may download may see the thumbnail; no role may write to it.
    assert masuk("camat_a").post(url).status_code == 405


def test_a_pdf_has_no_thumbnail(masuk, dunia, realisasi_a):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"))
    response = masuk("verifikator_a").get(reverse("bukti_kecil", args=[bukti.pk]))
    assert response.status_code == 404 and response["Content-Type"] != "image/jpeg"


def test_a_photo_missing_on_disk_has_no_thumbnail_and_no_error(masuk, dunia, media, realisasi_a):
    bukti = simpan_foto(realisasi_a, dunia.user("staf_a"), foto())
    (media / bukti.berkas.name).unlink()
    assert masuk("verifikator_a").get(reverse("bukti_kecil", args=[bukti.pk])).status_code == 404


def test_the_include_shows_photos_as_thumbnails_and_pdfs_as_links_without_queries(dunia, realisasi_a):
    staf = dunia.user("staf_a")
    gambar = simpan_foto(realisasi_a, staf, foto(), nama='foto "kegiatan" <1>.jpg')
    pdf = buat_bukti(realisasi_a, staf, nama="surat.pdf")
    r = Realisasi.objects.prefetch_related(prefetch_bukti()).get(pk=realisasi_a.pk)
    daftar = list(r.bukti.all())
    with CaptureQueriesContext(connection) as kueri:
        html = render_to_string("iki/bukti/_kecil.html", {"daftar": daftar})
    assert len(kueri) == 0
    unduh, kecil = reverse("bukti_unduh", args=[gambar.pk]), reverse("bukti_kecil", args=[gambar.pk])
    img = re.search(rf'<a href="{unduh}"[^>]*><img ([^>]*)></a>', html).group(1)
    assert f'src="{kecil}"' in img
    assert 'alt="foto &quot;kegiatan&quot; &lt;1&gt;.jpg"' in img  # escaped
    assert 'loading="lazy"' in img and 'width="160"' in img and 'height="160"' in img
    pdf_link = re.search(rf'<a href="{reverse("bukti_unduh", args=[pdf.pk])}"[^>]*>(.*?)</a>', html, re.S).group(1)
    assert "PDF" in pdf_link and "surat.pdf" in pdf_link
    assert reverse("bukti_kecil", args=[pdf.pk]) not in html


def test_the_include_of_no_files_says_so_briefly():
    assert render_to_string("iki/bukti/_kecil.html", {"daftar": []}).strip() == '<span class="text-muted">–</span>'


# --- Refused uploads: HEIC, 12 MB -------------------------------------------------------------


def test_a_heic_photo_is_recognised_by_its_bytes_whatever_its_name():
    for nama in ("IMG_0001.HEIC", "foto.jpg"):
        with pytest.raises(BerkasDitolak) as e:
            periksa_berkas(nama, heic())
        assert e.value.pesan == PESAN_HEIC
    assert "Paling Kompatibel" in PESAN_HEIC and "JPEG/PDF" in PESAN_HEIC


def test_an_avif_image_is_not_called_heic():
    avif = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 100
    with pytest.raises(BerkasDitolak) as e:
        periksa_berkas("x.avif", avif)
    assert "Jenis gambar ini tidak diterima" in e.value.pesan


def test_uploading_a_heic_photo_says_what_to_do_and_keeps_nothing(masuk, media, realisasi_a):
    response = unggah(masuk("staf_a"), realisasi_a, "IMG_0001.HEIC", heic(), "image/heic")
    assert pesan(response) == [f"Bukti dukung tidak disimpan. {PESAN_HEIC}"]
    assert not BuktiDukung.objects.filter(realisasi=realisasi_a).exists()
    assert berkas_di(media) == []


def test_a_12_mb_photo_is_refused_with_its_size_and_nothing_is_kept(masuk, media, realisasi_a):
    data = foto(64, 48)
    data = data[:-2] + b"\x00" * (12 * MB - len(data)) + b"\xff\xd9"
    assert len(data) == 12 * MB
    response = unggah(masuk("staf_a"), realisasi_a, "foto-besar.jpg", data, "image/jpeg")
    assert pesan(response) == [
        "Bukti dukung tidak disimpan. Berkas terlalu besar: 12,0 MB (maksimal 5 MB). Perkecil atau pisahkan berkasnya."
    ]
    assert not BuktiDukung.objects.filter(realisasi=realisasi_a).exists()
    assert berkas_di(media) == []


# --- The upload forms -------------------------------------------------------------------------


def test_the_evidence_page_offers_the_camera_and_the_file_picker_with_the_servers_limit(masuk, realisasi_a):
    html = masuk("staf_a").get(reverse("bukti_realisasi", args=[realisasi_a.pk])).content.decode()
    masukan = re.findall(r"<input type=\"file\"[^>]*>", html)
    assert len(masukan) == 2
    pilih, kamera = masukan
    for m in masukan:
        assert f'data-batas="{MAKS_BITA}"' in m and "data-foto=" in m and 'name="berkas"' in m
    # The picker takes a PDF too; the camera opens straight away on a phone, so only photos.
    assert "application/pdf" in pilih and "capture" not in pilih
    assert 'capture="environment"' in kamera and 'accept="image/jpeg,image/png"' in kamera
    assert "maksimal 5 MB per berkas" in html
    assert '<script src="/static/js/foto.js"></script>' in html
    # Each input's message box is announced (aria-live) and named by the input.
    for kotak in re.findall(r'data-foto="([^"]+)"', html):
        assert re.search(rf'id="{kotak}" aria-live="polite"', html)


# --- Deleting asks first ----------------------------------------------------------------------


def test_deleting_without_saying_yes_shows_a_confirmation_page_and_deletes_nothing(masuk, dunia, realisasi_a):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"), nama="scan-mei.pdf")
    kembali = reverse("bukti_realisasi", args=[realisasi_a.pk])
    response = masuk("staf_a").post(reverse("bukti_hapus", args=[bukti.pk]), {"next": kembali})
    html = response.content.decode()
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()
    assert "Hapus bukti dukung?" in html and "scan-mei.pdf" in html and "Desember 2023" in html
    form = re.search(r'<form method="post" action="(/bukti/[^"]+)"[^>]*>(.*?)</form>', html, re.S)
    assert form.group(1) == reverse("bukti_hapus", args=[bukti.pk])
    assert '<input type="hidden" name="yakin" value="1">' in form.group(2)
    assert f'<input type="hidden" name="next" value="{kembali}">' in form.group(2)
    assert f'href="{kembali}">Batal</a>' in html


def test_saying_yes_on_the_confirmation_page_deletes_and_returns(masuk, dunia, realisasi_a):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"), nama="scan-mei.pdf")
    kembali = reverse("bukti_realisasi", args=[realisasi_a.pk])
    response = masuk("staf_a").post(reverse("bukti_hapus", args=[bukti.pk]), {"yakin": "1", "next": kembali})
    assert response["Location"] == kembali
    assert not BuktiDukung.objects.filter(pk=bukti.pk).exists()
    assert pesan(response) == ["Bukti dukung “scan-mei.pdf” dihapus."]


@pytest.mark.parametrize(("username", "status"), [("camat_a", 403), ("verifikator_a", 403), ("staf_b", 404)])
def test_the_confirmation_page_is_not_shown_to_readers_or_another_unit(masuk, dunia, realisasi_a, username, status):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"), nama="scan-mei.pdf")
    response = masuk(username).post(reverse("bukti_hapus", args=[bukti.pk]), {"yakin": "1"})
    assert response.status_code == status
    assert "scan-mei.pdf" not in response.content.decode()
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()


def test_the_list_asks_through_the_dialog_with_the_files_name(masuk, dunia, realisasi_a):
    buat_bukti(realisasi_a, dunia.user("staf_a"), nama="scan-mei.pdf")
    html = masuk("staf_a").get(reverse("bukti_realisasi", args=[realisasi_a.pk])).content.decode()
    assert 'class="form-hapus-bukti" data-konfirmasi="Hapus bukti dukung “scan-mei.pdf”?' in html
    assert 'name="yakin"' not in html  # only the dialog (bukti.js) or the confirmation page says yes


def test_the_verifier_sees_the_photo_as_a_thumbnail_beside_the_value(masuk, dunia, realisasi_a):
    """The verification page shows a submitted value's photo inline (a thumbnail linking to the
    file) and a PDF as a link marked PDF."""
    foto_ = simpan_foto(realisasi_a, dunia.user("staf_a"), foto(), nama="register-desember.jpg")
    scan = buat_bukti(realisasi_a, dunia.user("staf_a"), nama="scan.pdf", data=pdf_minimal())
    url = reverse("verifikasi_daftar") + f"?tahun={dunia.tahun_a.tahun}"
    html = masuk("verifikator_a").get(url).content.decode()
    assert (f'<a href="{reverse("bukti_unduh", args=[foto_.pk])}" title="register-desember.jpg">'
            f'<img src="{reverse("bukti_kecil", args=[foto_.pk])}" alt="register-desember.jpg"') in html
    assert re.search(rf'href="{reverse("bukti_unduh", args=[scan.pk])}" class="bukti-pdf">.*?PDF', html)
