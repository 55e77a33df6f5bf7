"""Evidence (bukti dukung) screens: upload, list, download, delete, per role and across units."""

import hashlib
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connection, transaction
from django.template.loader import render_to_string
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iki.models import BuktiDukung, Pengguna, Realisasi, TahunIKI, Variabel
from iki.realisasi.bukti import BatasUkuranUnggah, kurang_bukti, pesan_kurang_bukti, prefetch_bukti, simpan_bukti
from iki.umum.berkas import periksa_berkas
from tests.test_berkas import EXE, gambar_asli, jpeg_minimal, pdf_minimal, png_minimal
from tests.test_browser import halaman  # noqa: F401 - the browser fixture
from tests.test_browser import masuk as masuk_browser

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Every test stores its files in a fresh directory."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def berkas_di(media):
    return sorted(p for p in media.rglob("*") if p.is_file())


def _realisasi(tahun, kode, bulan, status=Realisasi.DIAJUKAN):
    variabel = Variabel.objects.get(indikator__tahun=tahun, kode=kode)
    r, _ = Realisasi.objects.update_or_create(
        variabel=variabel, bulan=bulan, defaults={"nilai": Decimal(5), "status": status}
    )
    return r


@pytest.fixture
def realisasi_a(dunia):
    """A realisasi staf_a enters (Kasi Pemerintahan: ktp_tepat), submitted but not yet verified."""
    return _realisasi(dunia.tahun_a, "ktp_tepat", 12, Realisasi.DIAJUKAN)


@pytest.fixture
def realisasi_b(dunia):
    return _realisasi(dunia.tahun_b, "selesai", 1, Realisasi.DRAFT)


def unggah(client, realisasi, nama, data, jenis="application/octet-stream", **extra):
    url = reverse("bukti_unggah", args=[realisasi.pk])
    return client.post(url, {"berkas": SimpleUploadedFile(nama, data, jenis), **extra})


def pesan(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def buat_bukti(realisasi, user, nama="laporan.pdf", data=None, ukuran=None):
    from django.core.files.base import ContentFile

    data = data or pdf_minimal()
    bukti = BuktiDukung(
        realisasi=realisasi,
        nama_asli=nama,
        jenis_konten="application/pdf",
        ukuran=ukuran or len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        diunggah_oleh=user,
    )
    bukti.berkas.save("x.pdf", ContentFile(data), save=True)
    return bukti


# --- Upload -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "data", "jenis", "ekstensi"),
    [
        ("laporan-mei.pdf", pdf_minimal(), "application/pdf", ".pdf"),
        ("foto-kegiatan.png", png_minimal(), "image/png", ".png"),
        ("foto-kegiatan.jpg", jpeg_minimal(), "image/jpeg", ".jpg"),
        ("pindaian.jpg", None, "image/jpeg", ".jpg"),
    ],
)
def test_staf_uploads_evidence_stored_under_a_generated_name(
    masuk, dunia, media, realisasi_a, nama, data, jenis, ekstensi
):
    data = data or gambar_asli("JPEG")
    response = unggah(masuk("staf_a"), realisasi_a, nama, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("bukti_realisasi", args=[realisasi_a.pk])
    bukti = BuktiDukung.objects.get(realisasi=realisasi_a)
    assert bukti.nama_asli == nama
    assert (bukti.jenis_konten, bukti.ukuran) == (jenis, len(data))
    assert bukti.sha256 == hashlib.sha256(data).hexdigest()
    assert bukti.diunggah_oleh == dunia.user("staf_a")
    # Stored under a generated name in MEDIA_ROOT, with the extension of the content.
    assert bukti.berkas.name.startswith("bukti/") and bukti.berkas.name.endswith(ekstensi)
    assert nama.rsplit(".", 1)[0] not in bukti.berkas.name
    assert berkas_di(media) == [media / bukti.berkas.name]
    assert (media / bukti.berkas.name).read_bytes() == data
    assert any("tersimpan" in p for p in pesan(response))


def test_several_files_may_be_attached_to_one_realisasi(masuk, realisasi_a):
    client = masuk("staf_a")
    unggah(client, realisasi_a, "a.pdf", pdf_minimal())
    unggah(client, realisasi_a, "b.png", png_minimal())
    assert sorted(realisasi_a.bukti.values_list("nama_asli", flat=True)) == ["a.pdf", "b.png"]


def test_the_same_file_twice_is_refused(masuk, realisasi_a):
    client = masuk("staf_a")
    unggah(client, realisasi_a, "a.pdf", pdf_minimal())
    response = unggah(client, realisasi_a, "a-lagi.pdf", pdf_minimal())
    assert realisasi_a.bukti.count() == 1
    assert any("sudah diunggah" in p for p in pesan(response))


def test_the_operator_of_the_unit_may_upload(masuk, realisasi_a):
    unggah(masuk("operator_a"), realisasi_a, "a.pdf", pdf_minimal())
    assert realisasi_a.bukti.count() == 1


def test_an_executable_renamed_pdf_is_refused_and_nothing_is_kept(masuk, media, realisasi_a):
    response = unggah(masuk("staf_a"), realisasi_a, "laporan.pdf", EXE, "application/pdf")
    assert response.status_code == 302
    assert not BuktiDukung.objects.exists()
    assert berkas_di(media) == []
    assert any("program Windows" in p for p in pesan(response))


def test_an_8_mb_file_is_refused_with_its_size_and_nothing_is_kept(masuk, media, realisasi_a, monkeypatch):
    diserahkan = []
    asli = BatasUkuranUnggah.file_complete
    monkeypatch.setattr(BatasUkuranUnggah, "file_complete", _rekam(asli, diserahkan))
    data = b"%PDF-1.4\n" + b"0" * (8 * MB - 15) + b"%%EOF\n"
    response = unggah(masuk("staf_a"), realisasi_a, "besar.pdf", data, "application/pdf")
    # The guard stopped keeping the upload: the form got an empty stand-in carrying the size.
    assert diserahkan == [(8 * MB, 0)]
    assert not BuktiDukung.objects.exists()
    assert berkas_di(media) == []
    assert "Berkas terlalu besar: 8,0 MB (maksimal 5 MB)" in " ".join(pesan(response))


def _rekam(asli, catatan):
    def file_complete(self, file_size):
        hasil = asli(self, file_size)
        catatan.append(None if hasil is None else (hasil.size, len(hasil.read())))
        return hasil

    return file_complete


def test_an_empty_file_is_refused(masuk, realisasi_a):
    response = unggah(masuk("staf_a"), realisasi_a, "kosong.pdf", b"")
    assert not BuktiDukung.objects.exists()
    assert any("Berkas kosong" in p for p in pesan(response))


def test_posting_without_a_file_asks_for_one(masuk, realisasi_a):
    response = masuk("staf_a").post(reverse("bukti_unggah", args=[realisasi_a.pk]), {})
    assert not BuktiDukung.objects.exists()
    assert any("Pilih berkas" in p for p in pesan(response))


@pytest.mark.parametrize("nama", ["../../../etc/laporan.pdf", "..\\..\\laporan.pdf", "C:\\Dokumen\\laporan.pdf"])
def test_a_file_name_with_a_path_is_stored_safely(masuk, media, realisasi_a, nama):
    unggah(masuk("staf_a"), realisasi_a, nama, pdf_minimal())
    bukti = BuktiDukung.objects.get()
    assert bukti.nama_asli == "laporan.pdf"
    assert bukti.berkas.name.startswith("bukti/") and ".." not in bukti.berkas.name
    assert all(media in p.parents for p in berkas_di(media))
    assert len(berkas_di(media)) == 1


def test_a_locked_month_refuses_evidence_posted_by_hand(masuk, media, dunia):
    terkunci = _realisasi(dunia.tahun_a, "ktp_tepat", 5, Realisasi.DIVERIFIKASI)
    response = unggah(masuk("staf_a"), terkunci, "a.pdf", pdf_minimal())
    assert response.status_code == 302
    assert not BuktiDukung.objects.exists()
    assert berkas_di(media) == []
    assert any("sudah diverifikasi dan terkunci" in p for p in pesan(response))


def test_a_returned_or_draft_realisasi_accepts_evidence(masuk, dunia):
    for bulan, status in [(3, Realisasi.DIKEMBALIKAN), (4, Realisasi.DRAFT)]:
        r = _realisasi(dunia.tahun_a, "ktp_tepat", bulan, status)
        unggah(masuk("staf_a"), r, f"bulan-{bulan}.pdf", pdf_minimal() + bytes([bulan]))
        assert r.bukti.count() == 1


def test_another_units_realisasi_id_is_not_found(masuk, media, realisasi_b):
    response = unggah(masuk("staf_a"), realisasi_b, "a.pdf", pdf_minimal())
    assert response.status_code == 404
    assert not BuktiDukung.objects.exists()
    assert berkas_di(media) == []


@pytest.mark.parametrize("username", ["camat_a", "pemantau", "verifikator_a"])
def test_roles_that_do_not_enter_data_may_not_upload(masuk, realisasi_a, username):
    response = unggah(masuk(username), realisasi_a, "a.pdf", pdf_minimal())
    assert response.status_code == 403
    assert not BuktiDukung.objects.exists()


def test_staf_may_not_upload_for_a_variable_another_jabatan_enters(masuk, dunia):
    variabel = Variabel.objects.filter(indikator__tahun=dunia.tahun_a).exclude(pengisi__kode="kasi_pemerintahan")[0]
    r = _realisasi(dunia.tahun_a, variabel.kode, 12)
    response = unggah(masuk("staf_a"), r, "a.pdf", pdf_minimal())
    assert response.status_code == 403
    assert not BuktiDukung.objects.exists()


def test_upload_answers_405_to_get(masuk, realisasi_a):
    assert masuk("staf_a").get(reverse("bukti_unggah", args=[realisasi_a.pk])).status_code == 405


def test_anonymous_upload_is_sent_to_login(client, realisasi_a):
    response = unggah(client, realisasi_a, "a.pdf", pdf_minimal())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not BuktiDukung.objects.exists()


def test_upload_requires_the_csrf_token(dunia, realisasi_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(dunia.user("staf_a"), backend="django.contrib.auth.backends.ModelBackend")
    response = unggah(client, realisasi_a, "a.pdf", pdf_minimal())
    assert response.status_code == 403
    assert not BuktiDukung.objects.exists()


@pytest.mark.parametrize(
    ("next_", "diharapkan"),
    [
        ("/realisasi/entri/2023/12/?tab=2", "/realisasi/entri/2023/12/?tab=2"),
        ("https://jahat.example/curi", None),
        ("//jahat.example/curi", None),
        ("javascript:alert(1)", None),
    ],
)
def test_upload_returns_only_to_a_same_site_next(masuk, realisasi_a, next_, diharapkan):
    response = unggah(masuk("staf_a"), realisasi_a, "a.pdf", pdf_minimal(), next=next_)
    assert response["Location"] == (diharapkan or reverse("bukti_realisasi", args=[realisasi_a.pk]))


def test_the_size_guard_stops_keeping_a_file_past_the_limit():
    handler = BatasUkuranUnggah(None, maks_bita=10)
    handler.new_file("berkas", "besar.pdf", "application/pdf", 100)
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    assert handler.receive_data_chunk(b"678901", 5) is None  # past the limit: dropped
    assert handler.receive_data_chunk(b"23", 11) is None
    pengganti = handler.file_complete(13)
    assert pengganti.size == 13 and pengganti.read() == b""

    kecil = BatasUkuranUnggah(None, maks_bita=10)
    kecil.new_file("berkas", "kecil.pdf", "application/pdf", 5)
    assert kecil.receive_data_chunk(b"12345", 0) == b"12345"
    assert kecil.file_complete(5) is None  # the usual handlers deliver it


# --- Page and list ----------------------------------------------------------------------------


def test_page_lists_files_with_size_uploader_and_date(masuk, dunia, realisasi_a):
    buat_bukti(realisasi_a, dunia.user("staf_a"), nama="surat-mei.pdf", ukuran=1258291)
    response = masuk("camat_a").get(reverse("bukti_realisasi", args=[realisasi_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "surat-mei.pdf" in html
    assert "1,2\xa0MB" in html
    assert "staf_a" in html
    assert "Desember 2023" in html
    assert reverse("bukti_unduh", args=[realisasi_a.bukti.get().pk]) in html
    # The camat reads; the page offers no upload or delete.
    assert reverse("bukti_unggah", args=[realisasi_a.pk]) not in html
    assert "Hapus" not in html


def test_page_offers_upload_and_delete_to_the_staf_who_enters_the_variable(masuk, dunia, realisasi_a):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"))
    html = masuk("staf_a").get(reverse("bukti_realisasi", args=[realisasi_a.pk])).content.decode()
    assert reverse("bukti_unggah", args=[realisasi_a.pk]) in html
    assert 'enctype="multipart/form-data"' in html
    assert reverse("bukti_hapus", args=[bukti.pk]) in html


def test_page_of_a_verified_realisasi_says_it_is_locked(masuk, dunia):
    r = _realisasi(dunia.tahun_a, "ktp_tepat", 5, Realisasi.DIVERIFIKASI)
    buat_bukti(r, dunia.user("staf_a"))
    html = masuk("staf_a").get(reverse("bukti_realisasi", args=[r.pk])).content.decode()
    assert "terkunci" in html
    assert reverse("bukti_unggah", args=[r.pk]) not in html
    assert "Hapus" not in html


def test_page_escapes_file_names(masuk, dunia, realisasi_a):
    buat_bukti(realisasi_a, dunia.user("staf_a"), nama="<script>alert(1)</script>.pdf")
    html = masuk("staf_a").get(reverse("bukti_realisasi", args=[realisasi_a.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_page_of_another_unit_is_not_found(masuk, realisasi_a, realisasi_b):
    assert masuk("staf_b").get(reverse("bukti_realisasi", args=[realisasi_a.pk])).status_code == 404
    assert masuk("staf_a").get(reverse("bukti_realisasi", args=[realisasi_b.pk])).status_code == 404


def test_pemantau_of_the_kabupaten_sees_the_page(masuk, realisasi_b):
    response = masuk("pemantau").get(reverse("bukti_realisasi", args=[realisasi_b.pk]))
    assert response.status_code == 200
    assert realisasi_b.variabel.nama in response.content.decode()  # Banyuates' "Surat selesai"


def test_page_answers_405_to_post(masuk, realisasi_a):
    assert masuk("staf_a").post(reverse("bukti_realisasi", args=[realisasi_a.pk])).status_code == 405


def test_page_queries_do_not_grow_with_the_files(masuk, dunia, realisasi_a):
    client = masuk("camat_a")
    url = reverse("bukti_realisasi", args=[realisasi_a.pk])
    buat_bukti(realisasi_a, dunia.user("staf_a"), data=pdf_minimal() + b"1")
    with CaptureQueriesContext(connection) as satu:
        client.get(url)
    for i in range(2, 6):
        buat_bukti(realisasi_a, dunia.user("operator_a"), data=pdf_minimal() + bytes([i]))
    with CaptureQueriesContext(connection) as lima:
        html = client.get(url).content.decode()
    assert html.count("/unduh/") == 5
    assert len(lima.captured_queries) == len(satu.captured_queries)


def test_the_list_include_costs_the_same_queries_for_many_realisasi(dunia):
    """The entry screen lists every realisasi's files with the include and prefetch_bukti()."""
    staf = dunia.user("staf_a")
    realisasi = [_realisasi(dunia.tahun_a, "ktp_tepat", b, Realisasi.DRAFT) for b in (1, 2, 3, 4)]
    for i, r in enumerate(realisasi):
        for j in range(i + 1):
            buat_bukti(r, staf, nama=f"b{i}{j}.pdf", data=pdf_minimal() + bytes([i, j]))
    request = RequestFactory().get("/realisasi/entri/")
    request.user = staf

    def render(pk_list):
        qs = Realisasi.objects.filter(pk__in=pk_list).select_related("variabel").prefetch_related(prefetch_bukti())
        with CaptureQueriesContext(connection) as q:
            html = "".join(
                render_to_string("iki/bukti/_daftar.html", {"realisasi": r, "boleh_ubah": True}, request=request)
                for r in qs
            )
        return html, len(q.captured_queries)

    html_satu, q_satu = render([realisasi[0].pk])
    html_semua, q_semua = render([r.pk for r in realisasi])
    assert html_satu.count("<tr>") == 1 + 1  # header + one file
    assert html_semua.count("<tr>") == 4 + 10
    assert q_semua == q_satu


# --- Download ---------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["pemantau", "camat_a", "verifikator_a", "operator_a", "staf_a"])
def test_readers_of_the_unit_download_the_file_as_an_attachment(masuk, dunia, realisasi_a, username):
    data = pdf_minimal()
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"), nama="Surat Camat Mei.pdf", data=data)
    response = masuk(username).get(reverse("bukti_unduh", args=[bukti.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Surat Camat Mei.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_of_another_units_file_is_not_found(masuk, dunia, realisasi_a):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"))
    assert masuk("staf_b").get(reverse("bukti_unduh", args=[bukti.pk])).status_code == 404
    assert masuk("operator_b").get(reverse("bukti_unduh", args=[bukti.pk])).status_code == 404


def test_download_uses_the_stored_type_and_a_safe_name(masuk, dunia, realisasi_a):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"))
    # Even a name edited by hand in the admin cannot put a path or a quote into the header.
    BuktiDukung.objects.filter(pk=bukti.pk).update(nama_asli='../../x"; y.pdf', jenis_konten="image/png")
    response = masuk("staf_a").get(reverse("bukti_unduh", args=[bukti.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="x_; y.png"'


def test_download_of_a_file_missing_on_disk_is_not_found_not_an_error(masuk, dunia, media, realisasi_a):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"))
    (media / bukti.berkas.name).unlink()
    assert masuk("staf_a").get(reverse("bukti_unduh", args=[bukti.pk])).status_code == 404


def test_download_answers_405_to_post(masuk, dunia, realisasi_a):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"))
    assert masuk("staf_a").post(reverse("bukti_unduh", args=[bukti.pk])).status_code == 405


def test_anonymous_download_is_sent_to_login(client, dunia, realisasi_a):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"))
    response = client.get(reverse("bukti_unduh", args=[bukti.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- Delete -----------------------------------------------------------------------------------


def test_staf_deletes_a_file_while_the_month_is_open(
    masuk, dunia, media, realisasi_a, django_capture_on_commit_callbacks
):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"))
    lokasi = media / bukti.berkas.name
    with django_capture_on_commit_callbacks(execute=True):
        response = masuk("staf_a").post(reverse("bukti_hapus", args=[bukti.pk]), {"yakin": "1"})
    assert response.status_code == 302
    assert not BuktiDukung.objects.filter(pk=bukti.pk).exists()
    # The file goes with the daily sweep (bersihkan_berkas), so a backup taken meanwhile stays whole.
    assert lokasi.exists()
    assert any("dihapus" in p for p in pesan(response))


def test_a_locked_month_refuses_deletion(masuk, dunia, media):
    r = _realisasi(dunia.tahun_a, "ktp_tepat", 5, Realisasi.DIVERIFIKASI)
    bukti = buat_bukti(r, dunia.user("staf_a"))
    response = masuk("staf_a").post(reverse("bukti_hapus", args=[bukti.pk]))
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()
    assert (media / bukti.berkas.name).exists()
    assert any("terkunci" in p for p in pesan(response))


@pytest.mark.parametrize(("username", "status"), [("camat_a", 403), ("pemantau", 403), ("staf_b", 404)])
def test_deletion_by_readers_or_another_unit_is_refused(masuk, dunia, realisasi_a, username, status):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"))
    assert masuk(username).post(reverse("bukti_hapus", args=[bukti.pk])).status_code == status
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()


def test_delete_answers_405_to_get(masuk, dunia, realisasi_a):
    bukti = buat_bukti(realisasi_a, dunia.user("staf_a"))
    assert masuk("staf_a").get(reverse("bukti_hapus", args=[bukti.pk])).status_code == 405
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()


# --- Files and transactions -----------------------------------------------------------------


class Batal(Exception):
    """Raised by a test to roll a transaction back."""


def _simpan(realisasi, user, data=None):
    data = data or pdf_minimal()
    hasil = periksa_berkas("laporan.pdf", data)
    return simpan_bukti(realisasi=realisasi, berkas=ContentFile(data), hasil=hasil, oleh=user)


def test_an_upload_whose_row_cannot_be_saved_leaves_no_file(dunia, media, realisasi_a, monkeypatch):
    def simpan_rusak(self, *args, **kwargs):
        raise IntegrityError("baris ditolak")

    monkeypatch.setattr(BuktiDukung, "save", simpan_rusak)
    with pytest.raises(IntegrityError):
        _simpan(realisasi_a, dunia.user("staf_a"))
    monkeypatch.undo()
    assert not BuktiDukung.objects.exists()
    assert berkas_di(media) == []


def test_a_transaction_rolled_back_after_the_upload_leaves_no_file(dunia, media, realisasi_a):
    # Either the upload refuses to run inside a transaction it does not own (so nobody can roll it
    # back after it returned), or it cleans up: a file without a row is never left behind.
    with pytest.raises((Batal, RuntimeError)), transaction.atomic():
        _simpan(realisasi_a, dunia.user("staf_a"))
        raise Batal
    assert not BuktiDukung.objects.exists()
    assert berkas_di(media) == []


def test_an_upload_whose_commit_fails_leaves_no_file(dunia_tx, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    realisasi = _realisasi(TahunIKI.objects.get(unit__kode="ketapang", tahun=2023), "ktp_tepat", 11)
    staf = Pengguna.objects.get(username="staf_a")

    def commit_gagal():
        raise OperationalError("koneksi terputus saat commit")

    monkeypatch.setattr(connection, "commit", commit_gagal)
    with pytest.raises(OperationalError):
        _simpan(realisasi, staf)
    monkeypatch.undo()
    assert not BuktiDukung.objects.exists()
    assert berkas_di(tmp_path) == []

    # The same upload, committed, keeps its file.
    bukti = _simpan(realisasi, staf)
    assert berkas_di(tmp_path) == [tmp_path / bukti.berkas.name]


# --- Evidence required before submission ------------------------------------------------------


def test_kurang_bukti_lists_realisasi_whose_indicator_requires_evidence_and_has_none(dunia, django_assert_num_queries):
    tepat = _realisasi(dunia.tahun_a, "ktp_tepat", 6, Realisasi.DRAFT)
    usulan = _realisasi(dunia.tahun_a, "ktp_usulan", 6, Realisasi.DRAFT)
    lain = Variabel.objects.filter(indikator__tahun=dunia.tahun_a).exclude(indikator=tepat.variabel.indikator)[0]
    tidak_wajib = _realisasi(dunia.tahun_a, lain.kode, 6, Realisasi.DRAFT)
    tepat.variabel.indikator.__class__.objects.filter(pk=tepat.variabel.indikator_id).update(wajib_bukti=True)
    buat_bukti(usulan, dunia.user("staf_a"))

    with django_assert_num_queries(1):
        hasil = kurang_bukti([tidak_wajib, usulan, tepat])
    assert hasil == [tepat]
    assert "mewajibkannya" in pesan_kurang_bukti(tepat)
    assert kurang_bukti([]) == []


def test_kurang_bukti_costs_one_query_however_many_realisasi(dunia, django_assert_num_queries):
    from iki.models import Indikator

    Indikator.objects.filter(tahun=dunia.tahun_a).update(wajib_bukti=True)
    semua = list(Realisasi.objects.for_tahun(dunia.tahun_a))
    with django_assert_num_queries(1):
        hasil = kurang_bukti(semua)
    assert len(hasil) == len(semua) > 100


def test_kurang_bukti_counts_an_unsaved_realisasi_as_without_evidence(dunia):
    from iki.models import Indikator

    variabel = Variabel.objects.get(indikator__tahun=dunia.tahun_a, kode="ktp_tepat")
    Indikator.objects.filter(pk=variabel.indikator_id).update(wajib_bukti=True)
    baru = Realisasi(variabel=variabel, bulan=7, nilai=Decimal(1))
    assert kurang_bukti([baru]) == [baru]


# --- In a browser -----------------------------------------------------------------------------


@pytest.mark.browser
def test_staf_attaches_a_scan_on_a_phone_and_removes_it(halaman, live_server, tmp_path):  # noqa: F811
    tahun = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    r = _realisasi(tahun, "ktp_tepat", 12, Realisasi.DIAJUKAN)
    scan = tmp_path / "scan-mei.pdf"
    scan.write_bytes(pdf_minimal())
    besar = tmp_path / "besar.pdf"
    besar.write_bytes(b"%PDF-1.4\n" + b"0" * (5 * MB - 9 + 1))  # one byte over the limit

    masuk_browser(halaman, live_server, "staf_a")
    halaman.wait_for_url(f"{live_server.url}/")
    halaman.goto(f"{live_server.url}{reverse('bukti_realisasi', args=[r.pk])}")
    pilih = halaman.get_by_label("Tambah bukti dukung")

    # static/js/foto.js refuses a too-large file before it is sent (the server refuses it anyway).
    pilih.set_input_files(str(besar))
    pesan_foto = halaman.locator(f"#pesan-berkas-{r.pk}")
    pesan_foto.filter(has_text="terlalu besar").wait_for()
    assert pesan_foto.inner_text() == (
        "Berkas terlalu besar: lebih dari 5 MB (maksimal 5 MB). Perkecil atau pisahkan berkasnya."
    )
    assert pilih.evaluate("el => el.files.length") == 0

    pilih.set_input_files(str(scan))
    halaman.get_by_role("button", name="Unggah").click()
    assert "tersimpan" in halaman.get_by_role("alert").inner_text()
    assert halaman.get_by_role("link", name="scan-mei.pdf").is_visible()
    bukti = BuktiDukung.objects.get(realisasi=r)
    assert bukti.nama_asli == "scan-mei.pdf" and bukti.diunggah_oleh.username == "staf_a"

    halaman.once("dialog", lambda dialog: dialog.accept())
    halaman.get_by_role("button", name="Hapus scan-mei.pdf").click()
    assert "dihapus" in halaman.get_by_role("alert").inner_text()
    assert not BuktiDukung.objects.filter(realisasi=r).exists()
