"""The in-app inbox (issue 16): notifications written where things happen in the monthly workflow
(returned, submitted, verified, reopened; deadlines from the scheduled run), inside the state
change's transaction; the inbox screen, read/unread, opening one, and the bell in the menu bar."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iki.models import Jabatan, Notifikasi, Realisasi, Variabel
from iki.pengingat.tenggat import buat_notifikasi_tenggat
from iki.realisasi import kalender
from iki.realisasi.alur import (
    ajukan_bulan,
    buka_kunci,
    kembalikan,
    kembalikan_bulan_jabatan,
    verifikasi,
    verifikasi_bulan_jabatan,
    verifikasi_tanpa_catatan,
)
from iki.realisasi.simpan import GagalSimpan, Perubahan
from iki.umum.notifikasi import beri_tahu

pytestmark = pytest.mark.django_db

NILAI_MEI = {
    "ktp_tepat": 48, "ktp_usulan": 50, "akta_tanah_tepat": 9, "akta_tanah_usulan": 10,
    "ijin_tepat": 5, "ijin_usulan": 8, "desa_tertib_adm": 12,
}


def _v(tahun, kode):
    return Variabel.objects.get(indikator__tahun=tahun, kode=kode)


def _r(dunia, kode, bulan=5):
    return Realisasi.objects.get(variabel=_v(dunia.tahun_a, kode), bulan=bulan)


def _kasi_pem(dunia):
    return Jabatan.objects.get(tahun=dunia.tahun_a, kode="kasi_pemerintahan")


def _kotak(dunia, username, jenis=None):
    qs = Notifikasi.objects.filter(penerima=dunia.user(username))
    return list(qs.filter(jenis=jenis) if jenis else qs)


@pytest.fixture
def mei_diajukan(dunia):
    """staf_a's May, entered and submitted (the inbox emptied first)."""
    t = dunia.tahun_a
    Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).delete()
    Notifikasi.objects.all().delete()
    ajukan_bulan(
        user=dunia.user("staf_a"), tahun_iki=t, bulan=5,
        perubahan=[Perubahan(_v(t, k).pk, 5, Decimal(n)) for k, n in NILAI_MEI.items()],
    )
    return dunia


# --- Written where things happen ---------------------------------------------------------------


def test_submitting_a_month_tells_the_verifier_of_that_jabatan_with_a_link_to_the_verification_page(mei_diajukan):
    d = mei_diajukan
    [n] = _kotak(d, "verifikator_a")
    assert n.jenis == Notifikasi.MENUNGGU_VERIFIKASI
    assert n.judul == f"Menunggu verifikasi: {_kasi_pem(d).nama}, Mei 2023"
    assert "7 nilai Mei 2023" in n.isi
    assert n.tautan == f"/realisasi/verifikasi/?tahun=2023#kelompok-{_kasi_pem(d).pk}-5"
    # Kasi pemerintahan answers to the sekcam (verifikator_a): not the operator, not the staf.
    assert _kotak(d, "operator_a") == [] and _kotak(d, "staf_a") == [] and _kotak(d, "camat_a") == []


def test_submitting_again_while_the_first_is_unread_does_not_pile_up(mei_diajukan):
    d = mei_diajukan
    r = _r(d, "ktp_tepat")
    ajukan_bulan(user=d.user("staf_a"), tahun_iki=d.tahun_a, bulan=5,
                 perubahan=[Perubahan(r.variabel_id, 5, Decimal(47), r.versi)])
    assert len(_kotak(d, "verifikator_a")) == 1


def test_a_returned_value_reaches_the_staf_with_the_note_and_a_link_to_its_card(mei_diajukan, masuk):
    d = mei_diajukan
    r = _r(d, "ktp_tepat")
    respons = masuk("verifikator_a").post(
        reverse("verifikasi_kembalikan", args=[r.pk]), {"catatan": "Angka KTP tidak cocok dengan register", "versi": ""}
    )
    assert respons.status_code == 302
    [n] = _kotak(d, "staf_a", Notifikasi.DIKEMBALIKAN)
    assert "Angka KTP tidak cocok dengan register" in n.isi and r.variabel.nama in n.judul
    assert n.tautan == f"/realisasi/ketapang/2023/5/#indikator-{r.variabel.indikator_id}"

    staf = masuk("staf_a")
    html = staf.get(reverse("kotak_masuk")).content.decode()
    assert "Angka KTP tidak cocok dengan register" in html and "Baru" in html
    assert 'aria-label="Notifikasi, 1 belum dibaca"' in staf.get(reverse("beranda")).content.decode()


def test_a_month_returned_with_one_note_is_one_notification_naming_the_values(mei_diajukan):
    d = mei_diajukan
    kembalikan_bulan_jabatan(user=d.user("verifikator_a"), jabatan=_kasi_pem(d), bulan=5, catatan="Lampirkan register")
    [n] = _kotak(d, "staf_a")
    assert n.jenis == Notifikasi.DIKEMBALIKAN and n.judul == "7 nilai Mei 2023 dikembalikan"
    assert "Lampirkan register" in n.isi and "Nilai:" in n.isi


def test_deciding_a_month_with_notes_returns_each_note_and_sends_no_verified_notice(mei_diajukan):
    d = mei_diajukan
    baris = list(Realisasi.objects.filter(variabel__pengisi=_kasi_pem(d), bulan=5))
    catatan = {baris[0].pk: "Salah ketik", baris[1].pk: "Kurang bukti"}
    verifikasi_tanpa_catatan(
        user=d.user("verifikator_a"), tahun_iki=d.tahun_a, bulan=5,
        versi={r.pk: r.versi for r in baris}, catatan=catatan,
    )
    [n] = _kotak(d, "staf_a")
    assert n.jenis == Notifikasi.DIKEMBALIKAN
    assert "Salah ketik" in n.isi and "Kurang bukti" in n.isi


def test_verifying_a_month_is_one_notification_not_one_per_value(mei_diajukan):
    d = mei_diajukan
    verifikasi_bulan_jabatan(user=d.user("verifikator_a"), jabatan=_kasi_pem(d), bulan=5)
    [n] = _kotak(d, "staf_a")
    assert n.jenis == Notifikasi.DIVERIFIKASI and n.judul == "Diverifikasi: " + _kasi_pem(d).nama + ", Mei 2023"
    assert n.tautan == "/realisasi/ketapang/2023/5/"


def test_verifying_value_by_value_tells_the_staf_once_nothing_is_left_waiting(mei_diajukan):
    d = mei_diajukan
    baris = list(Realisasi.objects.filter(variabel__pengisi=_kasi_pem(d), bulan=5).order_by("pk"))
    for r in baris[:-1]:
        verifikasi(user=d.user("verifikator_a"), realisasi_list=[r])
    assert _kotak(d, "staf_a") == []
    verifikasi(user=d.user("verifikator_a"), realisasi_list=[baris[-1]])
    assert [n.jenis for n in _kotak(d, "staf_a")] == [Notifikasi.DIVERIFIKASI]


def test_reopening_a_verified_month_tells_the_staf_with_the_reason(mei_diajukan):
    d = mei_diajukan
    verifikasi_bulan_jabatan(user=d.user("verifikator_a"), jabatan=_kasi_pem(d), bulan=5)
    buka_kunci(user=d.user("camat_a"), jabatan=_kasi_pem(d), bulan=5, alasan="Data desa Bunten direvisi")
    [n] = _kotak(d, "staf_a", Notifikasi.DIBUKA)
    assert "Data desa Bunten direvisi" in n.isi and n.tautan == "/realisasi/ketapang/2023/5/"
    assert _kotak(d, "camat_a") == []  # not to the one who reopened


def test_a_rolled_back_step_writes_no_notification(mei_diajukan):
    d = mei_diajukan
    r = _r(d, "ktp_tepat")
    with pytest.raises(RuntimeError), transaction.atomic():
        kembalikan(user=d.user("verifikator_a"), realisasi=r, catatan="Salah")
        assert len(_kotak(d, "staf_a")) == 1  # written inside the step's transaction…
        raise RuntimeError("langkah berikutnya gagal")
    assert _kotak(d, "staf_a") == []  # …and gone with it
    r.refresh_from_db()
    assert r.status == Realisasi.DIAJUKAN


def test_a_refused_step_writes_no_notification(mei_diajukan):
    d = mei_diajukan
    with pytest.raises(GagalSimpan):
        kembalikan_bulan_jabatan(user=d.user("verifikator_a"), jabatan=_kasi_pem(d), bulan=5, catatan="  ")
    with pytest.raises(GagalSimpan):  # the staf cannot verify their own month
        verifikasi_bulan_jabatan(user=d.user("staf_a"), jabatan=_kasi_pem(d), bulan=5)
    assert _kotak(d, "staf_a") == []


# --- Deadlines (for the scheduled run) ---------------------------------------------------------


def test_deadline_notifications_are_made_once_within_n_days_for_a_month_not_submitted(dunia):
    t = dunia.tahun_a
    Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).delete()
    Notifikasi.objects.all().delete()
    batas = kalender.batas_entri(tahun=2023, bulan=5, hari_batas=t.unit.hari_batas_entri)
    assert buat_notifikasi_tenggat(batas - timedelta(days=5), hari=3) == 0  # not yet within 3 days
    assert buat_notifikasi_tenggat(batas - timedelta(days=2), hari=3) >= 1
    [n] = _kotak(dunia, "staf_a")
    assert n.jenis == Notifikasi.TENGGAT and n.judul == "Batas pengisian Mei 2023 dalam 2 hari"
    assert n.tautan == "/realisasi/ketapang/2023/5/" and n.kunci == "tenggat:2023:5:ketapang"
    # Run again that day or the next: nobody gets a second one.
    assert buat_notifikasi_tenggat(batas - timedelta(days=2), hari=3) == 0
    assert buat_notifikasi_tenggat(batas - timedelta(days=1), hari=3) == 0
    assert len(_kotak(dunia, "staf_a")) == 1
    # A month that has not ended (June, on a day in June) is never reminded of.
    assert not Notifikasi.objects.filter(kunci__startswith="tenggat:2023:6:").exists()


def test_no_deadline_notification_once_the_month_is_submitted_or_late(mei_diajukan):
    d = mei_diajukan
    batas = kalender.batas_entri(tahun=2023, bulan=5, hari_batas=d.tahun_a.unit.hari_batas_entri)
    buat_notifikasi_tenggat(batas - timedelta(days=1), hari=3)
    assert _kotak(d, "staf_a", Notifikasi.TENGGAT) == []  # submitted
    Realisasi.objects.filter(variabel__indikator__tahun=d.tahun_a, bulan=5).delete()
    buat_notifikasi_tenggat(batas + timedelta(days=1), hari=3)  # late now: the WhatsApp list says so
    assert _kotak(d, "staf_a", Notifikasi.TENGGAT) == []


def test_no_deadline_notification_for_a_month_that_has_not_ended(dunia):
    Notifikasi.objects.all().delete()
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=6).delete()
    buat_notifikasi_tenggat(date(2023, 6, 28), hari=30)
    assert not Notifikasi.objects.filter(kunci__startswith="tenggat:2023:6:").exists()


# --- The inbox screen --------------------------------------------------------------------------


def _isi_kotak(dunia, username, n=3, tautan="/realisasi/ketapang/2023/5/"):
    Notifikasi.objects.filter(penerima=dunia.user(username)).delete()
    return [
        beri_tahu(dunia.user(username), Notifikasi.DIKEMBALIKAN, f"Pemberitahuan {i}", "isi", tautan)
        for i in range(n)
    ]


def test_the_inbox_lists_newest_first_with_unread_marked(dunia, masuk):
    lama, tengah, baru = _isi_kotak(dunia, "staf_a")
    Notifikasi.objects.filter(pk=lama.pk).update(dibaca=lama.dibuat)
    html = masuk("staf_a").get(reverse("kotak_masuk")).content.decode()
    assert html.index("Pemberitahuan 2") < html.index("Pemberitahuan 1") < html.index("Pemberitahuan 0")
    assert html.count("notifikasi-baru") == 2 and "2 belum dibaca" in html


def test_marking_one_and_all_read(dunia, masuk):
    a, b, c = _isi_kotak(dunia, "staf_a")
    client = masuk("staf_a")
    respons = client.post(reverse("notifikasi_dibaca", args=[a.pk]), follow=True)
    assert "ditandai sudah dibaca" in respons.content.decode()
    assert Notifikasi.objects.filter(penerima=dunia.user("staf_a"), dibaca__isnull=True).count() == 2
    client.post(reverse("notifikasi_dibaca_semua"))
    assert not Notifikasi.objects.filter(penerima=dunia.user("staf_a"), dibaca__isnull=True).exists()
    assert 'aria-label="Notifikasi, tidak ada yang belum dibaca"' in client.get(reverse("beranda")).content.decode()


def test_marking_read_is_post_only(dunia, masuk):
    [a] = _isi_kotak(dunia, "staf_a", 1)
    assert masuk("staf_a").get(reverse("notifikasi_dibaca", args=[a.pk])).status_code == 405
    a.refresh_from_db()
    assert a.dibaca is None


def test_opening_a_notification_marks_it_read_and_goes_to_its_screen(dunia, masuk):
    [a] = _isi_kotak(dunia, "staf_a", 1, tautan="/realisasi/ketapang/2023/5/#indikator-3")
    respons = masuk("staf_a").get(reverse("notifikasi_buka", args=[a.pk]))
    assert respons.status_code == 302 and respons["Location"] == "/realisasi/ketapang/2023/5/#indikator-3"
    a.refresh_from_db()
    assert a.dibaca is not None


@pytest.mark.parametrize(
    "tautan", ["https://jahat.example/masuk", "//jahat.example/", "javascript:alert(1)", "/\\jahat.example"]
)
def test_opening_never_redirects_off_the_site(dunia, masuk, tautan):
    [a] = _isi_kotak(dunia, "staf_a", 1, tautan=tautan)
    respons = masuk("staf_a").get(reverse("notifikasi_buka", args=[a.pk]), follow=True)
    assert respons.redirect_chain[-1][0] == reverse("kotak_masuk")
    assert "tidak mengarah ke halaman aplikasi" in respons.content.decode()


def test_another_users_notification_is_not_found_and_untouched(dunia, masuk):
    [a] = _isi_kotak(dunia, "staf_a", 1)
    for username in ("staf_b", "verifikator_a", "admin"):
        client = masuk(username)
        assert client.get(reverse("notifikasi_buka", args=[a.pk])).status_code == 404
        assert client.post(reverse("notifikasi_dibaca", args=[a.pk])).status_code == 404
        client.post(reverse("notifikasi_dibaca_semua"))
        assert "Pemberitahuan 0" not in client.get(reverse("kotak_masuk")).content.decode()
    a.refresh_from_db()
    assert a.dibaca is None


@pytest.mark.parametrize("username", ["camat_a", "pemantau"])
def test_read_only_roles_have_an_inbox_and_may_mark_their_own_read(dunia, masuk, username):
    [a] = _isi_kotak(dunia, username, 1)
    client = masuk(username)
    assert "Pemberitahuan 0" in client.get(reverse("kotak_masuk")).content.decode()
    client.post(reverse("notifikasi_dibaca", args=[a.pk]))
    a.refresh_from_db()
    assert a.dibaca is not None


def test_script_in_a_notification_is_shown_as_text(dunia, masuk):
    Notifikasi.objects.filter(penerima=dunia.user("staf_a")).delete()
    beri_tahu(dunia.user("staf_a"), Notifikasi.DIKEMBALIKAN, "<script>alert(1)</script>", "<b>x</b>")
    html = masuk("staf_a").get(reverse("kotak_masuk")).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_an_empty_inbox_says_what_will_come(dunia, masuk):
    Notifikasi.objects.filter(penerima=dunia.user("staf_a")).delete()
    html = masuk("staf_a").get(reverse("kotak_masuk")).content.decode()
    assert "Belum ada notifikasi" in html and "Semua sudah dibaca" in html


# --- The bell ----------------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count_with_one_query(dunia, masuk):
    _isi_kotak(dunia, "staf_a", 3)
    client = masuk("staf_a")
    with CaptureQueriesContext(connection) as q:
        html = client.get(reverse("beranda")).content.decode()
    assert 'aria-label="Notifikasi, 3 belum dibaca"' in html
    assert 'id="bel-jumlah">3</span>' in html
    notifikasi = [x["sql"] for x in q.captured_queries if '"iki_notifikasi"' in x["sql"]]
    assert len(notifikasi) == 1 and "COUNT" in notifikasi[0].upper()


def test_the_bell_is_not_shown_to_anonymous_users(client):
    html = client.get(reverse("login")).content.decode()
    assert "bel-notifikasi" not in html


def test_open_work_set_without_the_workflow_reaches_the_inboxes_once(mei_diajukan):
    """The demo leaves a value returned and months waiting before its accounts exist
    (``buka_pekerjaan_contoh``); ``beri_tahu_pekerjaan_terbuka`` writes what the workflow would
    have written, and a second run writes nothing."""
    from iki.realisasi.alur import beri_tahu_pekerjaan_terbuka

    t = mei_diajukan.tahun_a
    Notifikasi.objects.all().delete()
    r = _r(mei_diajukan, "ktp_tepat")
    Realisasi.objects.filter(pk=r.pk).update(status=Realisasi.DIKEMBALIKAN, catatan_verifikasi="Cek register Mei.")
    assert beri_tahu_pekerjaan_terbuka(t) >= 2
    (kembali,) = _kotak(mei_diajukan, "staf_a", Notifikasi.DIKEMBALIKAN)
    assert "Mei 2023" in kembali.judul and "Cek register Mei." in kembali.isi
    assert kembali.tautan.endswith(f"/2023/5/#indikator-{r.variabel.indikator_id}")
    kelompok = f"#kelompok-{_kasi_pem(mei_diajukan).pk}-5"
    (ajuan,) = [n for n in _kotak(mei_diajukan, "verifikator_a", Notifikasi.MENUNGGU_VERIFIKASI)
                if n.tautan.endswith(kelompok)]
    assert "Mei 2023" in ajuan.judul
    jumlah = Notifikasi.objects.count()
    assert beri_tahu_pekerjaan_terbuka(t) == 0 and Notifikasi.objects.count() == jumlah
