"""Submitting a month, verifying or returning it, locking and reopening; the staf's and the
verifier's home pages; who may do which of these."""

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iki.inti.angka import nama_bulan
from iki.models import BuktiDukung, Indikator, Jabatan, PembukaanKunci, Realisasi, Variabel
from iki.realisasi.alur import (
    ajukan_bulan,
    buka_kunci,
    jabatan_diverifikasi,
    kembalikan,
    kembalikan_bulan_jabatan,
    tagihan,
    verifikasi,
    verifikasi_bulan_jabatan,
)
from iki.realisasi.kalender import bulan_terbuka
from iki.realisasi.simpan import BulanTerkunci, GagalSimpan, KonflikVersi, Perubahan, TidakBerwenang, simpan_realisasi

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NILAI_MEI = {
    "ktp_tepat": 48, "ktp_usulan": 50, "akta_tanah_tepat": 9, "akta_tanah_usulan": 10,
    "ijin_tepat": 5, "ijin_usulan": 8, "desa_tertib_adm": 12,
}


def _v(tahun, kode):
    return Variabel.objects.get(indikator__tahun=tahun, kode=kode)


def _mei(tahun):
    return Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=5)


@pytest.fixture
def mei_diajukan(dunia):
    """staf_a's May, entered and submitted."""
    _mei(dunia.tahun_a).delete()
    ajukan_bulan(
        user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a, bulan=5,
        perubahan=[Perubahan(_v(dunia.tahun_a, k).pk, 5, Decimal(n)) for k, n in NILAI_MEI.items()],
    )
    return dunia


def _kasi_pem(dunia):
    return Jabatan.objects.get(tahun=dunia.tahun_a, kode="kasi_pemerintahan")


def _r(dunia, kode, bulan=5):
    return Realisasi.objects.get(variabel=_v(dunia.tahun_a, kode), bulan=bulan)


# --- Submitting --------------------------------------------------------------------------------


def test_a_month_with_empty_values_cannot_be_submitted_and_the_names_are_listed(dunia):
    _mei(dunia.tahun_a).delete()
    t = dunia.tahun_a
    with pytest.raises(GagalSimpan) as e:
        ajukan_bulan(
            user=dunia.user("staf_a"), tahun_iki=t, bulan=5,
            perubahan=[
                Perubahan(_v(t, "ktp_tepat").pk, 5, Decimal(1)), Perubahan(_v(t, "ktp_usulan").pk, 5, Decimal(2))
            ],
        )
    pesan = " ".join(e.value.kesalahan)
    assert "belum diisi" in pesan and "Jumlah desa yang tertib administrasi" in pesan and "Mei" in pesan
    assert not _mei(t).exists()


def test_a_month_missing_required_evidence_cannot_be_submitted(dunia):
    t = dunia.tahun_a
    _mei(t).delete()
    Indikator.objects.filter(tahun=t, kode="adminduk").update(wajib_bukti=True)
    with pytest.raises(GagalSimpan) as e:
        ajukan_bulan(
            user=dunia.user("staf_a"), tahun_iki=t, bulan=5,
            perubahan=[Perubahan(_v(t, k).pk, 5, Decimal(n)) for k, n in NILAI_MEI.items()],
        )
    assert "belum memiliki bukti dukung" in " ".join(e.value.kesalahan)
    assert not _mei(t).exists()


def test_submitting_twice_is_refused_when_nothing_is_left_to_submit(mei_diajukan):
    with pytest.raises(GagalSimpan, match="sudah diajukan"):
        ajukan_bulan(user=mei_diajukan.user("staf_a"), tahun_iki=mei_diajukan.tahun_a, bulan=5)


# --- Who verifies ------------------------------------------------------------------------------


def test_the_verifier_is_the_holder_of_the_atasan_jabatan(dunia):
    kode = set(jabatan_diverifikasi(dunia.user("verifikator_a"), dunia.tahun_a).values_list("kode", flat=True))
    assert kode == {"kasubag_umum", "kasubag_keuangan", "kasi_pemerintahan", "kasi_trantib", "kasi_pmd_kesos"}
    # Sekcam answers to the camat (read-only account): the operator verifies for the camat.
    assert set(jabatan_diverifikasi(dunia.user("operator_a"), dunia.tahun_a).values_list("kode", flat=True)) == {
        "sekcam"
    }
    for username in ("staf_a", "camat_a", "pemantau", "operator_b"):
        assert not jabatan_diverifikasi(dunia.user(username), dunia.tahun_a).exists()


def test_verifying_locks_the_values(mei_diajukan):
    d = mei_diajukan
    r = _r(d, "ktp_tepat")
    verifikasi(user=d.user("verifikator_a"), realisasi_list=[r])
    r.refresh_from_db()
    assert (r.status, r.diverifikasi_oleh.username) == ("diverifikasi", "verifikator_a")
    assert r.diverifikasi_pada is not None
    assert r.history.first().history_change_reason == "Diverifikasi"
    with pytest.raises(BulanTerkunci):
        simpan_realisasi(
            user=d.user("staf_a"), tahun_iki=d.tahun_a, perubahan=[Perubahan(r.variabel_id, 5, Decimal(1), r.versi)]
        )


def test_a_verifier_cannot_verify_a_jabatan_that_is_not_below_theirs(dunia):
    t = dunia.tahun_a
    sekcam = Jabatan.objects.get(tahun=t, kode="sekcam")
    ind = Indikator.objects.get(tahun=t, kode="desa_tertib")
    v = Variabel.objects.create(indikator=ind, kode="uji_sekcam", nama="Hitungan Sekcam", pengisi=sekcam)
    r = Realisasi.objects.create(variabel=v, bulan=5, nilai=1, status="diajukan")
    with pytest.raises(TidakBerwenang):
        verifikasi(user=dunia.user("verifikator_a"), realisasi_list=[r])
    r.refresh_from_db()
    assert r.status == "diajukan"
    verifikasi(user=dunia.user("operator_a"), realisasi_list=[r])
    r.refresh_from_db()
    assert r.status == "diverifikasi"


def test_nobody_verifies_a_value_they_entered_themselves(dunia):
    t = dunia.tahun_a
    sekcam = Jabatan.objects.get(tahun=t, kode="sekcam")
    ind = Indikator.objects.get(tahun=t, kode="desa_tertib")
    v = Variabel.objects.create(indikator=ind, kode="uji_sekcam", nama="Hitungan Sekcam", pengisi=sekcam)
    operator = dunia.user("operator_a")
    (r,) = simpan_realisasi(user=operator, tahun_iki=t, perubahan=[Perubahan(v.pk, 5, Decimal(1))], ajukan=True)
    with pytest.raises(GagalSimpan, match="isi sendiri"):
        verifikasi(user=operator, realisasi_list=[r])


def test_only_submitted_values_can_be_verified(dunia):
    r = _r(dunia, "ktp_tepat", 3)  # verified already
    with pytest.raises(GagalSimpan, match="hanya nilai yang diajukan"):
        verifikasi(user=dunia.user("verifikator_a"), realisasi_list=[r])


def test_a_value_changed_since_the_verifier_looked_is_not_verified(mei_diajukan):
    d = mei_diajukan
    r = _r(d, "ktp_usulan")
    dilihat = r.versi
    # The staf corrects and resubmits in between.
    simpan_realisasi(
        user=d.user("staf_a"), tahun_iki=d.tahun_a, perubahan=[Perubahan(r.variabel_id, 5, Decimal(60), r.versi)],
        ajukan=True,
    )
    with pytest.raises(KonflikVersi, match="nilai saat ini 60"):
        verifikasi(user=d.user("verifikator_a"), realisasi_list=[r], versi={r.pk: dilihat})
    assert _r(d, "ktp_usulan").status == "diajukan"


# --- Returning -----------------------------------------------------------------------------------


def test_returning_needs_a_note(mei_diajukan):
    r = _r(mei_diajukan, "ktp_tepat")
    with pytest.raises(GagalSimpan, match="Catatan wajib"):
        kembalikan(user=mei_diajukan.user("verifikator_a"), realisasi=r, catatan="   ")
    assert _r(mei_diajukan, "ktp_tepat").status == "diajukan"


def test_a_returned_value_goes_back_to_the_staf_with_the_note_and_comes_back_corrected(mei_diajukan):
    d = mei_diajukan
    staf = d.user("staf_a")
    kembalikan(user=d.user("verifikator_a"), realisasi=_r(d, "ktp_tepat"), catatan="Register menulis 47")
    r = _r(d, "ktp_tepat")
    assert (r.status, r.catatan_verifikasi) == ("dikembalikan", "Register menulis 47")
    assert r.history.first().history_change_reason == "Dikembalikan: Register menulis 47"
    bulan = next(b for b in tagihan(staf, d.tahun_a) if b.bulan == 5)
    t = next(t for t in bulan.isi if t.variabel.kode == "ktp_tepat")
    assert (t.status, t.catatan_verifikator) == ("dikembalikan", "Register menulis 47")
    # Corrected and resubmitted: only the returned value needs to move.
    ajukan_bulan(user=staf, tahun_iki=d.tahun_a, bulan=5,
                 perubahan=[Perubahan(r.variabel_id, 5, Decimal(47), r.versi)])
    r = _r(d, "ktp_tepat")
    assert (r.status, r.nilai) == ("diajukan", Decimal(47))
    verifikasi_bulan_jabatan(user=d.user("verifikator_a"), jabatan=_kasi_pem(d), bulan=5)
    assert set(_mei(d.tahun_a).values_list("status", flat=True)) == {"diverifikasi"}


def test_a_whole_month_of_a_jabatan_is_returned_with_one_note(mei_diajukan):
    d = mei_diajukan
    kembalikan_bulan_jabatan(user=d.user("verifikator_a"), jabatan=_kasi_pem(d), bulan=5, catatan="Lengkapi register")
    assert set(_mei(d.tahun_a).values_list("status", "catatan_verifikasi")) == {("dikembalikan", "Lengkapi register")}


def test_verifying_a_month_refuses_when_new_values_arrived_since_the_page_was_read(mei_diajukan):
    d = mei_diajukan
    dilihat = {r.pk: r.versi for r in _mei(d.tahun_a).exclude(variabel__kode="ktp_tepat")}
    with pytest.raises(KonflikVersi):
        verifikasi_bulan_jabatan(user=d.user("verifikator_a"), jabatan=_kasi_pem(d), bulan=5, versi=dilihat)
    assert set(_mei(d.tahun_a).values_list("status", flat=True)) == {"diajukan"}


# --- Reopening -------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["operator_a", "camat_a"])
def test_operator_or_camat_reopens_a_locked_month_with_a_reason(dunia, username):
    jabatan = _kasi_pem(dunia)
    user = dunia.user(username)
    p = buka_kunci(user=user, jabatan=jabatan, bulan=3, alasan="Salah ketik jumlah KTP")
    assert (p.alasan, p.oleh, p.bulan) == ("Salah ketik jumlah KTP", user, 3)
    r = _r(dunia, "ktp_tepat", 3)
    assert (r.status, r.diverifikasi_oleh) == ("draft", None)
    assert "Salah ketik jumlah KTP" in r.catatan_verifikasi
    assert "Dibuka kembali" in r.history.first().history_change_reason
    # The staf can correct it now.
    simpan_realisasi(
        user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a,
        perubahan=[Perubahan(r.variabel_id, 3, r.nilai - 1, r.versi)],
    )


def test_reopening_needs_a_reason(dunia):
    with pytest.raises(GagalSimpan, match="Alasan"):
        buka_kunci(user=dunia.user("operator_a"), jabatan=_kasi_pem(dunia), bulan=3, alasan=" ")
    assert _r(dunia, "ktp_tepat", 3).status == "diverifikasi"
    assert not PembukaanKunci.objects.exists()


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a", "pemantau", "operator_b"])
def test_other_roles_cannot_reopen(dunia, username):
    with pytest.raises(TidakBerwenang):
        buka_kunci(user=dunia.user(username), jabatan=_kasi_pem(dunia), bulan=3, alasan="x")
    assert _r(dunia, "ktp_tepat", 3).status == "diverifikasi"


# --- The views ---------------------------------------------------------------------------------------

URL_DAFTAR = "/realisasi/verifikasi/"


def test_the_verifier_sees_what_waits_grouped_by_jabatan_and_month(masuk, mei_diajukan, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    d = mei_diajukan
    r = _r(d, "ktp_usulan")
    b = BuktiDukung(realisasi=r, nama_asli="register-mei.pdf", jenis_konten="application/pdf", ukuran=4, sha256="0")
    b.berkas.save("x.pdf", ContentFile(b"%PDF"), save=True)
    response = masuk("verifikator_a").get(URL_DAFTAR)
    html = response.content.decode()
    kelompok = {(k.jabatan.kode, k.bulan): len(k.baris) for k in response.context["kelompok"]}
    assert kelompok[("kasi_pemerintahan", 5)] == 7
    assert "48 dari 50 = 96,00\u00a0%" in html
    assert reverse("bukti_unduh", args=[b.pk]) in html and "register-mei.pdf" in html
    assert reverse("verifikasi_bulan_setujui", args=[_kasi_pem(d).pk, 5]) in html


def test_the_operator_page_says_it_verifies_for_the_camat(masuk, dunia):
    assert "atas nama camat" in masuk("operator_a").get(URL_DAFTAR).content.decode()


def test_the_camat_reads_the_waiting_list_without_actions(masuk, mei_diajukan):
    html = masuk("camat_a").get(URL_DAFTAR).content.decode()
    assert "hanya baca" in html and "Jumlah KTP, KK dan Akta yang diproses tepat waktu" in html
    assert "Verifikasi semua" not in html


def test_staf_cannot_open_the_verification_page(masuk):
    assert masuk("staf_a").get(URL_DAFTAR).status_code == 403


def test_verifier_verifies_one_value_through_the_page(masuk, mei_diajukan):
    r = _r(mei_diajukan, "ktp_tepat")
    response = masuk("verifikator_a").post(
        reverse("verifikasi_setujui", args=[r.pk]), {"versi": f"{r.pk}:{r.versi}"}
    )
    assert response.status_code == 302 and response["Location"].startswith(URL_DAFTAR)
    assert _r(mei_diajukan, "ktp_tepat").status == "diverifikasi"
    assert _r(mei_diajukan, "ktp_usulan").status == "diajukan"


def test_verifier_returns_one_value_with_a_note_through_the_page(masuk, mei_diajukan):
    r = _r(mei_diajukan, "ktp_tepat")
    client = masuk("verifikator_a")
    response = client.post(reverse("verifikasi_kembalikan", args=[r.pk]), {"catatan": ""})
    assert response.status_code == 302
    assert _r(mei_diajukan, "ktp_tepat").status == "diajukan"
    assert "Catatan wajib diisi" in client.get(URL_DAFTAR).content.decode()
    client.post(reverse("verifikasi_kembalikan", args=[r.pk]), {"catatan": "Periksa register"})
    r = _r(mei_diajukan, "ktp_tepat")
    assert (r.status, r.catatan_verifikasi) == ("dikembalikan", "Periksa register")
    html = masuk("staf_a").get(reverse("beranda")).content.decode()
    # The note on the staf's home says who returned it (the name, the role) and when.
    blok = re.search(r'<div class="small mt-1 catatan-kembali">(.*?)</div>', html, re.S).group(1)
    blok = " ".join(re.sub(r"<[^>]+>", " ", blok).split())
    hari = timezone.localdate()
    assert blok.startswith(
        f"Catatan verifikator — verifikator_a (Verifikator), {hari.day} {nama_bulan(hari.month)} {hari.year} "
    )
    assert blok.endswith(": Periksa register")


def test_verifier_verifies_and_returns_a_whole_month_through_the_page(masuk, mei_diajukan):
    d = mei_diajukan
    jabatan = _kasi_pem(d)
    client = masuk("verifikator_a")
    versi = ",".join(f"{r.pk}:{r.versi}" for r in _mei(d.tahun_a))
    client.post(reverse("verifikasi_bulan_kembalikan", args=[jabatan.pk, 5]), {"catatan": "", "versi": versi})
    assert set(_mei(d.tahun_a).values_list("status", flat=True)) == {"diajukan"}
    client.post(reverse("verifikasi_bulan_setujui", args=[jabatan.pk, 5]), {"versi": versi})
    assert set(_mei(d.tahun_a).values_list("status", flat=True)) == {"diverifikasi"}


def test_verifying_with_a_stale_page_changes_nothing(masuk, mei_diajukan):
    r = _r(mei_diajukan, "ktp_tepat")
    client = masuk("verifikator_a")
    client.post(reverse("verifikasi_setujui", args=[r.pk]), {"versi": f"{r.pk}:{r.versi - 1}"})
    assert _r(mei_diajukan, "ktp_tepat").status == "diajukan"
    client.post(reverse("verifikasi_setujui", args=[r.pk]), {"versi": "bukan:angka"})
    assert _r(mei_diajukan, "ktp_tepat").status == "diajukan"


@pytest.mark.parametrize("username", ["staf_a", "camat_a", "pemantau"])
def test_roles_that_do_not_verify_get_403_and_nothing_changes(masuk, mei_diajukan, username):
    r = _r(mei_diajukan, "ktp_tepat")
    jabatan = _kasi_pem(mei_diajukan)
    client = masuk(username)
    assert client.post(reverse("verifikasi_setujui", args=[r.pk])).status_code == 403
    assert client.post(reverse("verifikasi_kembalikan", args=[r.pk]), {"catatan": "x"}).status_code == 403
    assert client.post(reverse("verifikasi_bulan_setujui", args=[jabatan.pk, 5])).status_code == 403
    assert set(_mei(mei_diajukan.tahun_a).values_list("status", flat=True)) == {"diajukan"}


def test_verifying_someone_elses_subordinate_is_forbidden(masuk, dunia):
    """The operator verifies only jabatan answering to the camat, not the Sekcam's staff."""
    r = _r(dunia, "ktp_tepat", 12)  # diajukan in the demo year
    jabatan = _kasi_pem(dunia)
    client = masuk("operator_a")
    assert client.post(reverse("verifikasi_setujui", args=[r.pk])).status_code == 403
    assert client.post(reverse("verifikasi_bulan_setujui", args=[jabatan.pk, 12])).status_code == 403
    assert _r(dunia, "ktp_tepat", 12).status == "diajukan"


def test_another_units_values_are_not_found(masuk, dunia):
    v_b = Variabel.objects.filter(indikator__tahun=dunia.tahun_b).first()
    r_b = Realisasi.objects.create(variabel=v_b, bulan=5, nilai=1, status="diajukan")
    client = masuk("verifikator_a")
    assert client.post(reverse("verifikasi_setujui", args=[r_b.pk])).status_code == 404
    assert client.post(reverse("verifikasi_kembalikan", args=[r_b.pk]), {"catatan": "x"}).status_code == 404
    assert client.post(reverse("verifikasi_bulan_setujui", args=[v_b.pengisi_id, 5])).status_code == 404
    assert client.post(reverse("buka_kunci", args=[v_b.pengisi_id, 5]), {"alasan": "x"}).status_code == 404
    r_b.refresh_from_db()
    assert r_b.status == "diajukan"


def test_actions_answer_405_to_get(masuk, dunia):
    r = _r(dunia, "ktp_tepat", 12)
    jabatan = _kasi_pem(dunia)
    client = masuk("verifikator_a")
    for url in (
        reverse("verifikasi_setujui", args=[r.pk]),
        reverse("verifikasi_kembalikan", args=[r.pk]),
        reverse("verifikasi_bulan_setujui", args=[jabatan.pk, 12]),
        reverse("verifikasi_bulan_kembalikan", args=[jabatan.pk, 12]),
        reverse("buka_kunci", args=[jabatan.pk, 12]),
    ):
        assert client.get(url).status_code == 405, url
    assert client.post(URL_DAFTAR).status_code == 405


def test_reopening_through_the_page(masuk, dunia):
    jabatan = _kasi_pem(dunia)
    url = reverse("buka_kunci", args=[jabatan.pk, 3])
    assert masuk("verifikator_a").post(url, {"alasan": "x"}).status_code == 403
    assert masuk("pemantau").post(url, {"alasan": "x"}).status_code == 403
    assert masuk("operator_b").post(url, {"alasan": "x"}).status_code == 404
    client = masuk("camat_a")
    response = client.post(url, {"alasan": ""})
    assert response.status_code == 302 and not PembukaanKunci.objects.exists()
    response = client.post(url, {"alasan": "Koreksi register Maret"})
    assert response["Location"] == "/realisasi/riwayat/ketapang/2023/3/"
    assert PembukaanKunci.objects.get().alasan == "Koreksi register Maret"
    assert _r(dunia, "ktp_tepat", 3).status == "draft"


# --- Home pages --------------------------------------------------------------------------------------


def test_what_i_owe_lists_states_notes_and_late_marks(dunia):
    t = dunia.tahun_a
    _mei(t).delete()
    staf = dunia.user("staf_a")
    simpan_realisasi(user=staf, tahun_iki=t, perubahan=[Perubahan(_v(t, "ktp_usulan").pk, 5, Decimal(50))])
    bulan = {b.bulan: b for b in tagihan(staf, t, sekarang=datetime(2024, 2, 1, tzinfo=WIB))}
    assert sorted(bulan) == [5, 12]  # May is open, December is the (past year's) current month
    mei = {x.variabel.kode: x for x in bulan[5].isi}
    assert mei["ktp_usulan"].status == "draft" and mei["ktp_tepat"].status == "belum"
    assert all(x.terlambat for x in bulan[5].isi)  # June 10 has passed
    assert bulan[5].perlu_tindakan == 7
    # December: submitted, so owed nothing and not late (kalender.terlambat), whenever submitted.
    assert {x.status for x in bulan[12].isi} == {"diajukan"} and not bulan[12].terlambat


def test_nothing_is_late_before_the_deadline(dunia):
    t = dunia.tahun_a
    _mei(t).delete()
    bulan = {b.bulan: b for b in tagihan(dunia.user("staf_a"), t, sekarang=datetime(2023, 6, 10, 20, tzinfo=WIB))}
    assert sorted(bulan) == [5, 6]
    assert not bulan[5].terlambat


def test_the_deadline_day_is_configurable_per_unit(dunia):
    t = dunia.tahun_a
    _mei(t).delete()
    t.unit.hari_batas_entri = 5
    t.unit.save()
    bulan = {b.bulan: b for b in tagihan(dunia.user("staf_a"), t, sekarang=datetime(2023, 6, 7, tzinfo=WIB))}
    assert bulan[5].terlambat


def test_months_are_open_once_they_begin():
    from datetime import date

    assert bulan_terbuka(2023, 5, date(2023, 5, 1))
    assert not bulan_terbuka(2023, 6, date(2023, 5, 31))
    assert bulan_terbuka(2023, 12, date(2024, 1, 1))
    assert not bulan_terbuka(2025, 1, date(2024, 12, 31))


def test_staf_home_shows_what_they_owe_with_a_link_to_the_entry(masuk, dunia):
    _mei(dunia.tahun_a).delete()
    html = masuk("staf_a").get(reverse("beranda")).content.decode()
    assert "Yang harus Anda isi" in html and "Mei 2023" in html
    assert "/realisasi/ketapang/2023/5/" in html and "Belum diisi" in html


def test_verifier_home_shows_what_waits(masuk, mei_diajukan):
    html = masuk("verifikator_a").get(reverse("beranda")).content.decode()
    assert "Menunggu verifikasi Anda" in html
    daftar = re.search(r'<ul class="list-group mb-2 daftar-menunggu">(.*?)</ul>', html, re.S).group(1)
    baris = [" ".join(re.sub(r"<[^>]+>", " ", b).split()) for b in re.findall(r"<li[^>]*>(.*?)</li>", daftar, re.S)]
    assert "Kepala Seksi Pemerintahan, Pelayanan Umum dan Informasi Kecamatan Ketapang — Mei 7 nilai" in baris
    jabatan = _kasi_pem(mei_diajukan)
    assert f'href="/realisasi/verifikasi/?tahun=2023#kelompok-{jabatan.pk}-5"' in html


def _jumlah_query(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q)


def test_home_and_verification_query_counts_do_not_grow_with_rows(masuk, dunia):
    staf, verifikator = masuk("staf_a"), None
    sedikit = _jumlah_query(staf, reverse("beranda"))
    verifikator = masuk("verifikator_a")
    v_sedikit = _jumlah_query(verifikator, URL_DAFTAR)  # December only
    # Open up five more months: more rows owed, more rows waiting.
    for bulan in range(6, 11):
        Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=bulan).update(status="diajukan")
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan__in=[3, 4]).delete()
    assert len(tagihan(dunia.user("staf_a"), dunia.tahun_a)) > 3
    assert _jumlah_query(masuk("staf_a"), reverse("beranda")) == sedikit
    assert _jumlah_query(masuk("verifikator_a"), URL_DAFTAR) == v_sedikit
