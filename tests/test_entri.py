"""The entry screen: a staf's own counts for one month, Indonesian numbers, preview, notes,
submission, lost updates, locked months, and every kind of bad input."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iki.models import CatatanIndikator, Indikator, Realisasi, Variabel
from iki.realisasi.simpan import Perubahan, simpan_realisasi

pytestmark = pytest.mark.django_db

URL_MEI = "/realisasi/ketapang/2023/5/"
MILIK_STAF_A = [
    "ktp_tepat", "ktp_usulan", "akta_tanah_tepat", "akta_tanah_usulan", "ijin_tepat", "ijin_usulan", "desa_tertib_adm",
]


def _v(tahun, kode):
    return Variabel.objects.get(indikator__tahun=tahun, kode=kode)


def _kosongkan(tahun, bulan):
    Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=bulan).delete()


def isian(tahun, nilai: dict, aksi="simpan", versi=None):
    """POST data of the entry form: ``{kode: "1.234"}``; versions 0 unless given."""
    data = {"aksi": aksi}
    for kode, teks in nilai.items():
        v = _v(tahun, kode)
        data[f"nilai_{v.pk}"] = teks
        data[f"versi_{v.pk}"] = str((versi or {}).get(kode, 0))
    return data


def lengkap(**ganti):
    """A whole, valid May for staf_a."""
    nilai = {
        "ktp_tepat": "48", "ktp_usulan": "50", "akta_tanah_tepat": "9", "akta_tanah_usulan": "10",
        "ijin_tepat": "5", "ijin_usulan": "8", "desa_tertib_adm": "12",
    }
    nilai.update(ganti)
    return nilai


def tersimpan(tahun, bulan=5):
    return dict(
        Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=bulan).values_list("variabel__kode", "nilai")
    )


@pytest.fixture
def mei_kosong(dunia):
    _kosongkan(dunia.tahun_a, 5)
    return dunia


# --- What the screen shows ---------------------------------------------------------------------


def test_staf_sees_only_their_counts_with_last_month_and_year_to_date(masuk, mei_kosong):
    response = masuk("staf_a").get(URL_MEI)
    html = response.content.decode()
    assert response.status_code == 200
    data = response.context["data"]
    assert {b.variabel.kode for b in data.baris_milik} == set(MILIK_STAF_A)
    assert "SKCK" not in html and "Jumlah kejadian kriminalitas" not in html
    april = Realisasi.objects.get(variabel=_v(mei_kosong.tahun_a, "ktp_usulan"), bulan=4).nilai
    total = sum(
        Realisasi.objects.filter(variabel=_v(mei_kosong.tahun_a, "ktp_usulan"), bulan__lte=4).values_list(
            "nilai", flat=True
        )
    )
    baris = next(b for b in data.baris_milik if b.variabel.kode == "ktp_usulan")
    assert (baris.lalu, baris.sd) == (april, total)
    assert f"Bulan lalu: {int(april)}" in html
    # Phone-friendly inputs, tied to the one form by its id.
    assert html.count('inputmode="numeric"') == len(MILIK_STAF_A)
    assert 'form="form-entri"' in html


def test_an_indicator_is_shown_once_with_its_preview(masuk, mei_kosong):
    staf = mei_kosong.user("staf_a")
    tepat, usulan = _v(mei_kosong.tahun_a, "ktp_tepat"), _v(mei_kosong.tahun_a, "ktp_usulan")
    simpan_realisasi(
        user=staf, tahun_iki=mei_kosong.tahun_a,
        perubahan=[Perubahan(tepat.pk, 5, Decimal(48)), Perubahan(usulan.pk, 5, Decimal(50))],
    )
    response = masuk("staf_a").get(URL_MEI)
    html = response.content.decode()
    assert "48 dari 50 = 96,00\u00a0%" in html
    nama = "Prosentase penyelesaian pelayanan bidang administrasi kependudukan tepat waktu"
    assert [k.indikator.nama for k in response.context["data"].kartu].count(nama) == 1
    # It appears in the IKI of the Sekcam and of the Kasi (twice there): entered once, here.
    assert "Satu indikator pada IKI 2 jabatan: Sekretaris Kecamatan" in html
    # A constant denominator (20 desa) previews too.
    simpan_realisasi(
        user=staf, tahun_iki=mei_kosong.tahun_a,
        perubahan=[Perubahan(_v(mei_kosong.tahun_a, "desa_tertib_adm").pk, 5, Decimal(15))],
    )
    assert "15 dari 20 = 75,00\u00a0%" in masuk("staf_a").get(URL_MEI).content.decode()


def test_entry_redirects_to_the_earliest_month_still_owed(masuk, mei_kosong):
    response = masuk("staf_a").get(reverse("entri_bulan_ini"))
    assert response.status_code == 302 and response["Location"] == URL_MEI


def test_entry_redirects_to_the_last_month_of_a_past_year_when_nothing_is_owed(masuk, dunia):
    # The demo year is complete (December submitted), and 2023 is in the past.
    response = masuk("staf_a").get(reverse("entri_bulan_ini"))
    assert response["Location"] == "/realisasi/ketapang/2023/12/"


# --- Saving ------------------------------------------------------------------------------------


def test_staf_saves_a_draft_typed_the_indonesian_way(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    response = masuk("staf_a").post(URL_MEI, isian(t, {"ktp_tepat": "1.200", "ktp_usulan": "1.234"}))
    assert response.status_code == 302 and response["Location"] == URL_MEI
    r = Realisasi.objects.get(variabel=_v(t, "ktp_usulan"), bulan=5)
    assert (r.nilai, r.status, r.diisi_oleh.username) == (Decimal(1234), "draft", "staf_a")
    assert tersimpan(t)["ktp_tepat"] == Decimal(1200)
    halaman = masuk("staf_a").get(URL_MEI).content.decode()
    assert 'value="1.234"' in halaman and "Draf" in halaman


def test_submitting_the_whole_month_sends_it_to_the_verifier(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    response = masuk("staf_a").post(URL_MEI, isian(t, lengkap(), aksi="ajukan"))
    assert response.status_code == 302
    statuses = set(Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).values_list("status", flat=True))
    assert statuses == {"diajukan"}
    assert Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).count() == len(MILIK_STAF_A)
    # Each value leaves one history entry, with the reason "Diajukan".
    r = Realisasi.objects.get(variabel=_v(t, "ktp_tepat"), bulan=5)
    assert [h.history_change_reason for h in r.history.all()] == ["Diajukan"]


def test_submitting_with_empty_values_is_refused_and_nothing_is_saved(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    response = masuk("staf_a").post(URL_MEI, isian(t, lengkap(ijin_tepat="", desa_tertib_adm=""), aksi="ajukan"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Wajib diisi sebelum diajukan.") >= 2
    assert "Jumlah desa yang tertib administrasi: Wajib diisi" in html  # named at the top too
    assert tersimpan(t) == {}


def test_submitting_a_month_saved_earlier_as_draft_needs_no_retyping(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    client = masuk("staf_a")
    client.post(URL_MEI, isian(t, lengkap()))
    versi = {k: 1 for k in MILIK_STAF_A}
    client.post(URL_MEI, isian(t, lengkap(), aksi="ajukan", versi=versi))
    assert set(Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).values_list("status", flat=True)) == {
        "diajukan"
    }


@pytest.mark.parametrize(
    ("teks", "pesan"),
    [
        ("-5", "tidak boleh negatif"),
        ("2,5", "harus bilangan bulat"),
        ("dua", "Format angka tidak dikenal"),
        ("1e309", "Format angka tidak dikenal"),
        ("12345678901234567890", "Angka terlalu besar"),
        ("1.23", "harus bilangan bulat"),  # the plain form of one and 23 hundredths
        ("<script>alert(1)</script>", "Format angka tidak dikenal"),
    ],
)
def test_bad_numbers_are_refused_next_to_the_field_and_nothing_is_saved(masuk, mei_kosong, teks, pesan):
    t = mei_kosong.tahun_a
    response = masuk("staf_a").post(URL_MEI, isian(t, lengkap(ktp_tepat=teks)))
    html = response.content.decode()
    assert response.status_code == 200
    assert pesan in html
    tepat = _v(t, "ktp_tepat")
    # Next to the field (marked invalid, with its own message) and listed at the top.
    assert re.search(rf'<input[^>]*class="[^"]*is-invalid[^"]*"[^>]*name="nilai_{tepat.pk}"', html) or re.search(
        rf'<input[^>]*name="nilai_{tepat.pk}"[^>]*is-invalid', html
    )
    assert f"{tepat.nama}: " in html
    assert tersimpan(t) == {}
    assert "<script>alert(1)</script>" not in html


def test_numerator_above_denominator_is_refused_with_both_names(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    response = masuk("staf_a").post(URL_MEI, isian(t, lengkap(ktp_tepat="51", ktp_usulan="50")))
    html = response.content.decode()
    assert "Tidak boleh lebih besar dari “Jumlah usulan pembuatan KTP, KK dan Akta” (50)" in html
    assert "Jumlah KTP, KK dan Akta yang diproses tepat waktu" in html
    assert tersimpan(t) == {}


def test_a_denominator_typed_below_the_stored_numerator_is_marked_at_the_denominator(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    simpan_realisasi(
        user=mei_kosong.user("staf_a"), tahun_iki=t,
        perubahan=[Perubahan(_v(t, "ktp_tepat").pk, 5, Decimal(48)), Perubahan(_v(t, "ktp_usulan").pk, 5, Decimal(50))],
    )
    data = isian(t, {"ktp_usulan": "40"}, versi={"ktp_usulan": 1})
    response = masuk("staf_a").post(URL_MEI, data)
    form = response.context["form"]
    usulan = _v(t, "ktp_usulan")
    assert form.errors[f"nilai_{usulan.pk}"] == [
        "Tidak boleh lebih kecil dari “Jumlah KTP, KK dan Akta yang diproses tepat waktu” (48)."
    ]
    assert tersimpan(t)["ktp_usulan"] == Decimal(50)


def test_a_stored_value_cannot_be_emptied(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    client = masuk("staf_a")
    client.post(URL_MEI, isian(t, {"ktp_usulan": "50"}))
    response = client.post(URL_MEI, isian(t, {"ktp_usulan": ""}, versi={"ktp_usulan": 1}))
    assert "tidak dapat dikosongkan" in response.content.decode()
    assert tersimpan(t)["ktp_usulan"] == Decimal(50)


# --- Permissions and values posted by hand -----------------------------------------------------


def test_another_units_variable_id_posted_by_hand_is_not_found_and_nothing_is_saved(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    v_b = Variabel.objects.filter(indikator__tahun=mei_kosong.tahun_b).first()
    data = isian(t, {"ktp_usulan": "50"})
    data[f"nilai_{v_b.pk}"] = "7"
    data[f"versi_{v_b.pk}"] = "0"
    assert masuk("staf_a").post(URL_MEI, data).status_code == 404
    assert not Realisasi.objects.filter(variabel=v_b, bulan=5).exists()
    assert tersimpan(t) == {}


def test_another_jabatans_variable_posted_by_hand_is_not_found(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    data = isian(t, {"ktp_usulan": "50", "skck_usulan": "9"})
    assert masuk("staf_a").post(URL_MEI, data).status_code == 404
    assert tersimpan(t) == {}


def test_notes_of_an_indicator_not_theirs_posted_by_hand_are_not_found(masuk, mei_kosong):
    skck = Indikator.objects.get(tahun=mei_kosong.tahun_a, kode="skck")
    data = isian(mei_kosong.tahun_a, {"ktp_usulan": "50"})
    data[f"kendala_{skck.pk}"] = "bukan milik saya"
    assert masuk("staf_a").post(URL_MEI, data).status_code == 404
    assert not CatatanIndikator.objects.filter(indikator=skck).exists()


def test_a_locked_month_posted_by_hand_is_refused(masuk, dunia):
    t = dunia.tahun_a
    tepat = _v(t, "ktp_tepat")
    r = Realisasi.objects.get(variabel=tepat, bulan=3)
    assert r.status == "diverifikasi"
    response = masuk("staf_a").post(
        "/realisasi/ketapang/2023/3/", {"aksi": "simpan", f"nilai_{tepat.pk}": "1", f"versi_{tepat.pk}": str(r.versi)}
    )
    assert "sudah diverifikasi dan terkunci" in response.content.decode()
    r.refresh_from_db()
    assert r.nilai != Decimal(1) and r.status == "diverifikasi"


def test_a_verified_month_shows_read_only_values_and_no_save_buttons(masuk, dunia):
    html = masuk("staf_a").get("/realisasi/ketapang/2023/3/").content.decode()
    assert "terkunci" in html
    assert 'inputmode="numeric"' not in html
    assert html.count("readonly") >= len(MILIK_STAF_A)
    assert "Ajukan ke verifikator" not in html


@pytest.mark.parametrize("username", ["camat_a", "pemantau", "verifikator_a"])
def test_roles_that_do_not_enter_data_get_403_on_save(masuk, mei_kosong, username):
    response = masuk(username).post(URL_MEI, isian(mei_kosong.tahun_a, {"ktp_usulan": "50"}))
    assert response.status_code == 403
    assert tersimpan(mei_kosong.tahun_a) == {}


def test_camat_reads_the_entry_page_without_fields(masuk, mei_kosong):
    response = masuk("camat_a").get(URL_MEI)
    assert response.status_code == 200
    assert "Tidak ada variabel yang Anda isi" in response.content.decode()


def test_another_units_entry_page_is_not_found(masuk):
    assert masuk("staf_b").get(URL_MEI).status_code == 404
    assert masuk("staf_a").get("/realisasi/banyuates/2023/5/").status_code == 404


@pytest.mark.parametrize("url", ["/realisasi/ketapang/2023/13/", "/realisasi/ketapang/2023/0/",
                                 "/realisasi/ketapang/1999/5/"])
def test_unknown_month_or_year_is_not_found(masuk, url):
    assert masuk("staf_a").get(url).status_code == 404


def test_wrong_method_is_405(masuk):
    client = masuk("staf_a")
    assert client.put(URL_MEI).status_code == 405
    assert client.post(reverse("entri_bulan_ini")).status_code == 405


def test_operator_enters_for_a_chosen_jabatan(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    client = masuk("operator_a")
    html = client.get(URL_MEI + "?jabatan=kasi_trantib").content.decode()
    assert "Jumlah kejadian kriminalitas" in html and "Jumlah KTP" not in html
    response = client.post(URL_MEI + "?jabatan=kasi_trantib", isian(t, {"kejadian_kriminalitas": "2"}))
    assert response.status_code == 302
    assert tersimpan(t) == {"kejadian_kriminalitas": Decimal(2)}
    assert client.get(URL_MEI + "?jabatan=tidak_ada").status_code == 404


# --- Lost updates -------------------------------------------------------------------------------


def test_a_stale_save_is_refused_with_the_current_value_and_keeps_the_typed_input(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    usulan = _v(t, "ktp_usulan")
    # The staf opened May while it was empty (version 0); the operator saves 70 meanwhile.
    simpan_realisasi(user=mei_kosong.user("operator_a"), tahun_iki=t, perubahan=[Perubahan(usulan.pk, 5, Decimal(70))])
    client = masuk("staf_a")
    response = client.post(URL_MEI, isian(t, {"ktp_usulan": "55"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "nilai saat ini 70" in html and "tidak disimpan" in html
    assert re.search(rf'name="nilai_{usulan.pk}"[^>]*value="55"|value="55"[^>]*name="nilai_{usulan.pk}"', html)
    assert tersimpan(t)["ktp_usulan"] == Decimal(70)
    # The page now carries the current version: a second, deliberate save goes through.
    assert f'name="versi_{usulan.pk}" value="1"' in html
    response = client.post(URL_MEI, isian(t, {"ktp_usulan": "55"}, versi={"ktp_usulan": 1}))
    assert response.status_code == 302
    assert tersimpan(t)["ktp_usulan"] == Decimal(55)


# --- Notes ---------------------------------------------------------------------------------------


def test_notes_are_saved_and_user_text_is_escaped(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    adminduk = Indikator.objects.get(tahun=t, kode="adminduk")
    data = isian(t, {"ktp_usulan": "50"})
    data[f"kendala_{adminduk.pk}"] = "<script>alert('x')</script> jaringan putus"
    data[f"tindak_lanjut_{adminduk.pk}"] = "Lapor ke Dispendukcapil"
    data[f"versi_catatan_{adminduk.pk}"] = "0"
    client = masuk("staf_a")
    assert client.post(URL_MEI, data).status_code == 302
    c = CatatanIndikator.objects.get(indikator=adminduk, bulan=5)
    assert (c.tindak_lanjut, c.versi, c.diisi_oleh.username) == ("Lapor ke Dispendukcapil", 1, "staf_a")
    html = client.get(URL_MEI).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;" in html


def test_a_stale_note_is_refused_and_nothing_is_saved(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    adminduk = Indikator.objects.get(tahun=t, kode="adminduk")
    CatatanIndikator.objects.create(indikator=adminduk, bulan=5, kendala="dari operator", versi=1)
    data = isian(t, {"ktp_usulan": "50"})
    data[f"kendala_{adminduk.pk}"] = "dari staf"
    data[f"tindak_lanjut_{adminduk.pk}"] = ""
    data[f"versi_catatan_{adminduk.pk}"] = "0"
    html = masuk("staf_a").post(URL_MEI, data).content.decode()
    assert "dari operator" in html and "tidak disimpan" in html
    assert CatatanIndikator.objects.get(indikator=adminduk, bulan=5).kendala == "dari operator"
    assert tersimpan(t) == {}  # the values of the same save are not kept either


def test_a_note_longer_than_allowed_is_refused(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    adminduk = Indikator.objects.get(tahun=t, kode="adminduk")
    data = isian(t, {"ktp_usulan": "50"})
    data[f"kendala_{adminduk.pk}"] = "x" * 2001
    data[f"tindak_lanjut_{adminduk.pk}"] = ""
    data[f"versi_catatan_{adminduk.pk}"] = "0"
    response = masuk("staf_a").post(URL_MEI, data)
    assert response.status_code == 200 and "Kendala" in response.content.decode()
    assert not CatatanIndikator.objects.filter(indikator=adminduk, bulan=5).exists()
    assert tersimpan(t) == {}


# --- Returned values and evidence on the screen -----------------------------------------------


def test_a_returned_value_shows_the_verifiers_note(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    masuk("staf_a").post(URL_MEI, isian(t, lengkap(), aksi="ajukan"))
    Realisasi.objects.filter(variabel=_v(t, "ktp_tepat"), bulan=5).update(
        status="dikembalikan", catatan_verifikasi="Cocokkan dengan register <b>KTP</b>"
    )
    html = masuk("staf_a").get(URL_MEI).content.decode()
    assert "Catatan verifikator:" in html and "Cocokkan dengan register &lt;b&gt;KTP&lt;/b&gt;" in html
    assert "Dikembalikan" in html


def test_evidence_of_a_saved_value_is_listed_on_the_entry_screen(masuk, mei_kosong, settings, tmp_path):
    from django.core.files.base import ContentFile

    from iki.models import BuktiDukung

    settings.MEDIA_ROOT = tmp_path
    t = mei_kosong.tahun_a
    masuk("staf_a").post(URL_MEI, isian(t, {"ktp_usulan": "50"}))
    r = Realisasi.objects.get(variabel=_v(t, "ktp_usulan"), bulan=5)
    b = BuktiDukung(realisasi=r, nama_asli="register-mei.pdf", jenis_konten="application/pdf", ukuran=4, sha256="0")
    b.berkas.save("x.pdf", ContentFile(b"%PDF"), save=True)
    html = masuk("staf_a").get(URL_MEI).content.decode()
    assert "register-mei.pdf" in html
    # New files are picked beside the value and sent with the entry form (tests/test_entri_ponsel.py).
    assert reverse("bukti_unggah", args=[r.pk]) not in html
    assert f'name="bukti-{r.variabel_id}"' in html and 'enctype="multipart/form-data"' in html
    assert reverse("bukti_hapus", args=[b.pk]) in html


# --- Query counts -------------------------------------------------------------------------------


def _jumlah_query(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q)


def test_entry_page_query_count_does_not_grow_with_rows(masuk, dunia):
    """February has one earlier month, November ten; staf_b enters 2 variables, staf_a 7."""
    a = masuk("staf_a")
    assert _jumlah_query(a, "/realisasi/ketapang/2023/2/") == _jumlah_query(a, "/realisasi/ketapang/2023/11/")
    kecil = _jumlah_query(masuk("staf_b"), "/realisasi/banyuates/2023/11/")
    besar = _jumlah_query(masuk("staf_a"), "/realisasi/ketapang/2023/11/")
    assert besar <= kecil + 1  # the demo year has constants (one query) that Banyuates lacks


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"aksi": "hapus-semua"}, "Tindakan:"),
        ({"versi_X": "abc"}, "Versi data:"),
    ],
)
def test_tampered_form_fields_are_refused_without_saving(masuk, mei_kosong, ubah, pesan):
    t = mei_kosong.tahun_a
    data = isian(t, {"ktp_usulan": "50"})
    if "versi_X" in ubah:
        data[f"versi_{_v(t, 'ktp_usulan').pk}"] = ubah.pop("versi_X")
    data.update(ubah)
    response = masuk("staf_a").post(URL_MEI, data)
    assert response.status_code == 200 and pesan in response.content.decode()
    assert tersimpan(t) == {}


def test_pressing_enter_without_a_button_saves_a_draft(masuk, mei_kosong):
    t = mei_kosong.tahun_a
    data = isian(t, {"ktp_usulan": "50"})
    del data["aksi"]
    assert masuk("staf_a").post(URL_MEI, data).status_code == 302
    assert Realisasi.objects.get(variabel=_v(t, "ktp_usulan"), bulan=5).status == "draft"


def test_the_menu_leads_staf_to_entry_and_verifiers_to_verification(masuk):
    isi = f'href="{reverse("entri_bulan_ini")}"'
    assert isi in masuk("staf_a").get(reverse("beranda")).content.decode()
    html = masuk("verifikator_a").get(reverse("beranda")).content.decode()
    assert f'href="{reverse("verifikasi_daftar")}"' in html and isi not in html


def test_two_people_saving_the_same_month_through_the_page_at_once_one_is_refused(dunia_tx):
    """Real concurrency through the entry form (a file database for SQLite, a server for
    PostgreSQL): both opened May empty; one save wins, the other is told and changes nothing."""
    import threading

    from django.db import connection as conn
    from django.test import Client

    from iki.models import Pengguna, TahunIKI

    t = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    _kosongkan(t, 6)
    url = "/realisasi/ketapang/2023/6/"
    mulai = threading.Barrier(2)
    hasil = {}

    def simpan(username, teks, jabatan=""):
        try:
            client = Client()
            client.force_login(Pengguna.objects.get(username=username),
                               backend="django.contrib.auth.backends.ModelBackend")
            mulai.wait()
            response = client.post(url + jabatan, isian(t, {"ktp_usulan": teks}))
            hasil[username] = (response.status_code, response.content.decode())
        finally:
            conn.close()

    threads = [
        threading.Thread(target=simpan, args=("staf_a", "40")),
        threading.Thread(target=simpan, args=("operator_a", "70", "?jabatan=kasi_pemerintahan")),
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    kode = sorted(status for status, _ in hasil.values())
    assert kode == [200, 302], kode
    kalah = next(html for status, html in hasil.values() if status == 200)
    assert "tidak disimpan" in kalah or "baru saja diisi" in kalah
    menang = next(u for u, (status, _) in hasil.items() if status == 302)
    r = Realisasi.objects.get(variabel=_v(t, "ktp_usulan"), bulan=6)
    assert (r.diisi_oleh.username, r.nilai) == (menang, Decimal(40 if menang == "staf_a" else 70))
