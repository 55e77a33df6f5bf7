"""The entry screen never loses typed input: one submission carries the values and the evidence
files, a refused file gives the typed values back, a submission after the session ended goes
through the login and back, a double tap saves once, and a save returns to the card."""

from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iki.models import BuktiDukung, CatatanIndikator, Indikator, Realisasi, Variabel
from tests.test_berkas import EXE, jpeg_minimal, pdf_minimal
from tests.test_entri import URL_MEI, _v, isian, lengkap

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def mei_kosong(dunia):
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=5).delete()
    return dunia


def berkas_di(media):
    return sorted(p for p in media.rglob("*") if p.is_file())


def foto(nama="foto-register.jpg", isi=None, jenis="image/jpeg"):
    return SimpleUploadedFile(nama, isi if isi is not None else jpeg_minimal(), jenis)


def riwayat(t, kode, bulan=5):
    """The values of the history rows staf_a left (the demo data's own rows aside)."""
    return list(
        Realisasi.history.filter(variabel=_v(t, kode), bulan=bulan, history_user__username="staf_a").values_list(
            "nilai", flat=True
        )
    )


# --- One submission: values and files ------------------------------------------------------------


def test_values_and_photos_are_saved_by_one_submission(masuk, mei_kosong, media):
    t = mei_kosong.tahun_a
    tepat = _v(t, "ktp_tepat")
    data = isian(t, {"ktp_tepat": "48", "ktp_usulan": "50"})
    data[f"bukti-{tepat.pk}"] = [foto(), foto("scan.pdf", pdf_minimal(), "application/pdf")]
    response = masuk("staf_a").post(URL_MEI, data)

    assert response.status_code == 302
    r = Realisasi.objects.get(variabel=tepat, bulan=5)
    assert r.nilai == Decimal(48) and r.status == Realisasi.DRAFT
    assert sorted(BuktiDukung.objects.filter(realisasi=r).values_list("nama_asli", flat=True)) == [
        "foto-register.jpg", "scan.pdf",
    ]
    assert len(berkas_di(media)) == 2
    assert riwayat(t, "ktp_tepat") == [Decimal(48)]  # one history row for the value
    pesan = [str(m) for m in masuk("staf_a").get(URL_MEI).context["messages"]]
    assert pesan == ["Draf Mei 2023 disimpan, dengan 2 berkas bukti dukung."]


def test_submitting_with_the_required_photo_in_the_same_submission_is_accepted(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    Indikator.objects.filter(tahun=t, kode="adminduk").update(wajib_bukti=True)
    data = isian(t, lengkap(), aksi="ajukan")
    data[f"bukti-{_v(t, 'ktp_tepat').pk}"] = foto()
    data[f"bukti-{_v(t, 'ktp_usulan').pk}"] = foto("usulan.jpg", jpeg_minimal() + b"\x00")
    masuk("staf_a").post(URL_MEI, data)

    assert set(Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).values_list("status", flat=True)) == {
        Realisasi.DIAJUKAN
    }
    assert BuktiDukung.objects.filter(realisasi__variabel__indikator__kode="adminduk", realisasi__bulan=5).count() == 2
    assert riwayat(t, "ktp_tepat") == [Decimal(48)]


def test_the_form_is_multipart_with_a_camera_input_per_value(masuk, mei_kosong):
    html = masuk("staf_a").get(URL_MEI).content.decode()
    v = _v(mei_kosong.tahun_a, "ktp_tepat")
    assert 'enctype="multipart/form-data"' in html
    awal = html.index(f'name="bukti-{v.pk}"')
    tag = html[html.rindex("<input", 0, awal) : html.index(">", awal)]
    for atribut in ('type="file"', "multiple", 'capture="environment"', "data-foto",
                    'accept="image/jpeg,image/png,application/pdf"', 'form="form-entri"'):
        assert atribut in tag, atribut
    assert "js/foto.js" in html


# --- A refused file loses nothing typed ----------------------------------------------------------


def test_a_refused_file_gives_the_typed_values_back_with_its_reason(masuk, mei_kosong, media):
    t = mei_kosong.tahun_a
    data = isian(t, {"ktp_tepat": "48", "ktp_usulan": "50"})
    data[f"kendala_{_v(t, 'ktp_tepat').indikator_id}"] = "Blangko habis"
    data[f"bukti-{_v(t, 'ktp_tepat').pk}"] = foto("laporan.pdf", EXE, "application/pdf")
    response = masuk("staf_a").post(URL_MEI, data)

    html = response.content.decode()
    assert "“laporan.pdf” ditolak: Berkas ini adalah program Windows" in html
    assert "berkas harus dipilih lagi" in html
    form = response.context["form"]
    assert form[f"nilai_{_v(t, 'ktp_tepat').pk}"].value() == "48"
    assert form[f"nilai_{_v(t, 'ktp_usulan').pk}"].value() == "50"
    assert "Blangko habis" in html
    assert not Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).exists()
    assert not CatatanIndikator.objects.filter(indikator_id=_v(t, "ktp_tepat").indikator_id, bulan=5).exists()
    assert berkas_di(media) == []


def test_a_photo_over_the_limit_is_refused_before_it_is_kept_and_the_values_come_back(masuk, mei_kosong, media):
    t = mei_kosong.tahun_a
    besar = jpeg_minimal()[:-2] + b"\x00" * (12 * MB) + b"\xff\xd9"  # a 12 MB phone photo
    data = isian(t, {"ktp_tepat": "48"})
    data[f"bukti-{_v(t, 'ktp_tepat').pk}"] = foto("IMG_0001.jpg", besar)
    response = masuk("staf_a").post(URL_MEI, data)

    assert "Berkas terlalu besar: 12,0 MB (maksimal 5 MB)" in response.content.decode()
    assert response.context["form"][f"nilai_{_v(t, 'ktp_tepat').pk}"].value() == "48"
    assert not Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).exists()
    assert berkas_di(media) == []


def test_good_files_are_not_kept_when_a_number_is_refused_and_the_page_says_pick_them_again(masuk, mei_kosong, media):
    t = mei_kosong.tahun_a
    data = isian(t, {"ktp_tepat": "empat"})
    data[f"bukti-{_v(t, 'ktp_tepat').pk}"] = foto()
    html = masuk("staf_a").post(URL_MEI, data).content.decode()
    assert "Berkas bukti dukung belum tersimpan. Nilai yang Anda ketik masih di formulir" in html
    assert 'value="empat"' in html
    assert BuktiDukung.objects.count() == 0 and berkas_di(media) == []


def test_a_file_for_a_value_never_entered_is_refused_with_the_other_values_kept(masuk, mei_kosong, media):
    t = mei_kosong.tahun_a
    data = isian(t, {"ktp_usulan": "50"})
    data[f"nilai_{_v(t, 'ktp_tepat').pk}"] = ""
    data[f"bukti-{_v(t, 'ktp_tepat').pk}"] = foto()
    html = masuk("staf_a").post(URL_MEI, data).content.decode()
    assert "belum dapat disimpan: isi nilainya terlebih dahulu" in html
    assert not Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).exists()
    assert berkas_di(media) == []


def test_a_file_refused_after_another_was_written_leaves_no_file_behind(masuk, mei_kosong, media):
    t = mei_kosong.tahun_a
    data = isian(t, {"ktp_tepat": "48"})
    data[f"bukti-{_v(t, 'ktp_tepat').pk}"] = [foto("a.jpg"), foto("b.jpg")]  # the same bytes twice
    html = masuk("staf_a").post(URL_MEI, data).content.decode()
    assert "Berkas yang sama persis sudah diunggah" in html
    assert not Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).exists()
    assert berkas_di(media) == []


# --- Rights ----------------------------------------------------------------------------------------


def test_a_file_posted_for_another_units_variable_is_not_found(masuk, mei_kosong, dunia):
    t = mei_kosong.tahun_a
    lain = Variabel.objects.filter(indikator__tahun=dunia.tahun_b).first()
    data = isian(t, {"ktp_tepat": "48"})
    data[f"bukti-{lain.pk}"] = foto()
    assert masuk("staf_a").post(URL_MEI, data).status_code == 404
    assert not Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).exists()
    assert BuktiDukung.objects.count() == 0


def test_the_camat_cannot_attach_files(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    data = isian(t, {"ktp_tepat": "48"})
    data[f"bukti-{_v(t, 'ktp_tepat').pk}"] = foto()
    assert masuk("camat_a").post(URL_MEI, data).status_code == 403
    assert BuktiDukung.objects.count() == 0


# --- The session ended --------------------------------------------------------------------------


def test_a_submission_after_the_session_ended_goes_to_the_login_and_back(client, masuk, mei_kosong):
    t = mei_kosong.tahun_a
    staf = masuk("staf_a")
    staf.cookies[django_settings.SESSION_COOKIE_NAME]  # logged in
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()  # the session timed out on the server
    response = staf.post(URL_MEI, isian(t, {"ktp_tepat": "48"}))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL_MEI}"
    assert not Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).exists()


def test_the_page_tells_the_browser_when_to_warn_and_where_to_keep_typed_input(masuk, mei_kosong, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    response = masuk("staf_a").get(URL_MEI)
    html = response.content.decode()
    staf = mei_kosong.user("staf_a")
    assert 'data-sesi-detik="1800"' in html and 'data-peringatan-detik="300"' in html
    assert "Sesi Anda akan berakhir dalam 5 menit" in html
    assert f'data-kunci="iki-entri:{staf.pk}:ketapang:2023:5:"' in html
    assert "Nilai yang Anda ketik sebelum sesi berakhir dipulihkan — periksa lalu simpan." in html
    assert "data-tersimpan" not in html


def test_after_a_save_the_page_once_tells_the_browser_to_forget_the_kept_input(masuk, mei_kosong):
    staf = masuk("staf_a")
    staf.post(URL_MEI, isian(mei_kosong.tahun_a, {"ktp_tepat": "48"}))
    assert "data-tersimpan" in staf.get(URL_MEI).content.decode()
    assert "data-tersimpan" not in staf.get(URL_MEI).content.decode()


# --- Double tap, two tabs, the card -----------------------------------------------------------------


def test_a_double_tap_saves_once_and_the_second_post_is_not_an_error(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    staf = masuk("staf_a")
    data = isian(t, {"ktp_tepat": "48", "ktp_usulan": "50"})
    data[f"bukti-{_v(t, 'ktp_tepat').pk}"] = foto()
    pertama = staf.post(URL_MEI, data)
    data[f"bukti-{_v(t, 'ktp_tepat').pk}"] = foto()  # the browser sends the same file again
    kedua = staf.post(URL_MEI, data)

    assert pertama.status_code == kedua.status_code == 302
    assert riwayat(t, "ktp_tepat") == [Decimal(48)] and riwayat(t, "ktp_usulan") == [Decimal(50)]
    assert BuktiDukung.objects.filter(realisasi__variabel=_v(t, "ktp_tepat")).count() == 1
    assert Realisasi.objects.get(variabel=_v(t, "ktp_tepat"), bulan=5).versi == 1


def test_a_double_tap_on_submit_submits_once(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    staf = masuk("staf_a")
    data = isian(t, lengkap(), aksi="ajukan")
    staf.post(URL_MEI, data)
    kedua = staf.post(URL_MEI, data)
    assert kedua.status_code == 302
    assert [str(m) for m in staf.get(URL_MEI).context["messages"]][-1] == "Data Mei 2023 diajukan ke verifikator."
    assert Realisasi.history.filter(
        variabel__indikator__tahun=t, bulan=5, history_user__username="staf_a"
    ).count() == len(lengkap())


def test_a_second_tab_with_other_values_is_refused_with_the_current_values(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    staf = masuk("staf_a")
    staf.post(URL_MEI, isian(t, {"ktp_tepat": "48"}))
    response = staf.post(URL_MEI, isian(t, {"ktp_tepat": "47"}))  # read at version 0, like the first
    html = response.content.decode()
    assert response.status_code == 200
    assert "nilai saat ini 48" in html
    assert Realisasi.objects.get(variabel=_v(t, "ktp_tepat"), bulan=5).nilai == Decimal(48)


def test_a_save_returns_to_the_card_the_user_was_on(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    v = _v(t, "ijin_tepat")
    data = isian(t, {"ijin_tepat": "5"}) | {"kartu": str(v.indikator_id)}
    response = masuk("staf_a").post(URL_MEI, data)
    assert response["Location"] == f"{URL_MEI}#indikator-{v.indikator_id}"
    data = isian(t, {"ijin_tepat": "6"}, versi={"ijin_tepat": 1}) | {"kartu": "99999999"}
    assert masuk("staf_a").post(URL_MEI, data)["Location"] == URL_MEI  # not a card of this page


def test_a_heic_photo_is_refused_with_what_to_do_and_the_values_come_back(masuk, mei_kosong, media):
    t = mei_kosong.tahun_a
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    data = isian(t, {"ktp_tepat": "48"})
    data[f"bukti-{_v(t, 'ktp_tepat').pk}"] = foto("IMG_4032.HEIC", heic, "image/heic")
    response = masuk("staf_a").post(URL_MEI, data)
    html = response.content.decode()
    assert "“IMG_4032.HEIC” ditolak: Foto HEIC dari iPhone belum dapat diterima" in html
    assert "Paling Kompatibel" in html
    assert response.context["form"][f"nilai_{_v(t, 'ktp_tepat').pk}"].value() == "48"
    assert not Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).exists()


def test_the_csrf_check_still_holds_on_the_multipart_entry_form(mei_kosong):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(mei_kosong.user("staf_a"), backend="django.contrib.auth.backends.ModelBackend")
    data = isian(mei_kosong.tahun_a, {"ktp_tepat": "48"})
    data[f"bukti-{_v(mei_kosong.tahun_a, 'ktp_tepat').pk}"] = foto()
    assert client.post(URL_MEI, data).status_code == 403
    assert not Realisasi.objects.filter(variabel__indikator__tahun=mei_kosong.tahun_a, bulan=5).exists()
    assert BuktiDukung.objects.count() == 0
