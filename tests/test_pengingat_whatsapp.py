"""WhatsApp reminders (issue 16): the texts (iki.pengingat.teks), the numbers wa.me takes, and the
operator's screen /pengingat/whatsapp/ (who is late, who waits, who has no number), with its rights."""

from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from iki.models import Pegawai, Realisasi
from iki.pengingat import teks

pytestmark = pytest.mark.django_db


# --- Texts and numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("telepon", "nomor"),
    [
        ("081234567890", "6281234567890"),
        ("+6281234567890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("0812-3456-7890", "6281234567890"),
        ("0812 3456 7890", "6281234567890"),
        ("", None),
        (None, None),
        ("0311123456", None),  # a landline has no WhatsApp
        ("12345", None),
        ("=HYPERLINK(1)", None),
    ],
)
def test_numbers_are_normalised_for_wa_me(telepon, nomor):
    assert teks.nomor_whatsapp(telepon) == nomor


def test_the_wa_me_link_carries_the_whole_text_encoded():
    isi = "Yth. Bu Ani,\nisian Mei & Juni #1 belum diajukan.\nhttps://iki.example/realisasi/?a=1&b=2"
    tautan = teks.tautan_wa("6281234567890", isi)
    bagian = urlsplit(tautan)
    assert (bagian.scheme, bagian.netloc, bagian.path) == ("https", "wa.me", "/6281234567890")
    assert parse_qs(bagian.query) == {"text": [isi]}
    assert "\n" not in tautan and "&b=" not in tautan and "#" not in tautan


def test_the_staf_text_is_short_indonesian_and_names_months_and_deadline():
    bulan = [teks.BulanTertunda(4, date(2023, 5, 10), True), teks.BulanTertunda(5, date(2023, 6, 12), False)]
    isi = teks.teks_staf("Ani", 2023, bulan, "https://iki.example/realisasi/ketapang/2023/4/")
    assert isi.splitlines() == [
        "Yth. Ani,",
        "isian IKI April 2023 belum diajukan dan sudah lewat batas.",
        "isian IKI Mei 2023 belum diajukan (batas 12 Juni 2023).",
        "Mohon diisi dan diajukan di https://iki.example/realisasi/ketapang/2023/4/",
        "Terima kasih.",
    ]


def test_the_group_text_lists_late_names_and_months_and_the_link():
    isi = teks.teks_grup(
        unit="Kantor Kecamatan Ketapang", hari_ini=date(2023, 6, 13), tahun=2023,
        staf=[("Ani", [teks.BulanTertunda(4, date(2023, 5, 10), True), teks.BulanTertunda(5, date(2023, 6, 12), True)]),
              ("Budi", [teks.BulanTertunda(5, date(2023, 6, 14), False)])],
        verifikator=[("Citra", 7, [5])],
        tautan="https://iki.example/",
    )
    assert isi.splitlines() == [
        "*Pengingat IKI Kantor Kecamatan Ketapang* (13 Juni 2023)",
        "Isian terlambat (belum diajukan):",
        "- Ani: April, Mei 2023",
        "Belum diajukan:",
        "- Budi: Mei 2023 (batas 14 Juni 2023)",
        "Menunggu verifikasi:",
        "- Citra: 7 nilai Mei 2023",
        "Mohon diselesaikan di https://iki.example/",
        "Terima kasih.",
    ]
    assert teks.teks_grup(unit="X", hari_ini=date(2023, 6, 13), tahun=2023, staf=[], verifikator=[], tautan="/") == ""


# --- The screen --------------------------------------------------------------------------------

URL_A = "/pengingat/whatsapp/ketapang/2023/"


@pytest.fixture
def juni_2023(dunia, monkeypatch):
    """Today is 13 June 2023 (Jakarta); staf_a's May is entered but not submitted, the months
    before it verified; staf_a has a WhatsApp number, the verifier none."""
    monkeypatch.setattr(timezone, "now", lambda: datetime(2023, 6, 13, 3, 0, tzinfo=UTC))
    t = dunia.tahun_a
    Realisasi.objects.filter(variabel__indikator__tahun=t, bulan__lt=5).update(status=Realisasi.DIVERIFIKASI)
    Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).update(status=Realisasi.DRAFT)
    Pegawai.objects.filter(nama="Staf A").update(telepon="081234567890")
    Pegawai.objects.filter(nama="Verifikator A").update(telepon="")
    return dunia


def test_the_operator_sees_the_late_staf_with_a_prefilled_wa_me_link(juni_2023, masuk):
    respons = masuk("operator_a").get(URL_A)
    html = respons.content.decode()
    [staf] = respons.context["baris_staf"]
    assert staf.orang.nama == "Staf A" and staf.keterangan.startswith("terlambat: ")
    assert "Mei" in staf.keterangan
    assert staf.tautan.startswith("https://wa.me/6281234567890?text=")
    [isi] = parse_qs(urlsplit(staf.tautan).query)["text"]
    assert isi.startswith("Yth. Staf A,") and "http://testserver/realisasi/ketapang/2023/" in isi
    assert staf.tautan.replace("&", "&amp;") in html
    # The group's text: names, months, the absolute link to the app; a copy button.
    grup = respons.context["teks_grup"]
    assert "*Pengingat IKI Kantor Kecamatan Ketapang* (13 Juni 2023)" in grup
    assert "- Staf A: " in grup and "Mei 2023" in grup and "http://testserver/" in grup
    assert 'id="teks-grup"' in html and 'data-salin="teks-grup"' in html and "js/salin" in html


def test_a_verifier_with_waiting_values_and_no_number_is_listed_without_a_link(juni_2023, masuk):
    t = juni_2023.tahun_a
    Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5, variabel__pengisi__kode="kasi_pemerintahan").update(
        status=Realisasi.DIAJUKAN
    )
    respons = masuk("operator_a").get(URL_A)
    [v] = respons.context["baris_verifikator"]
    assert v.orang.nama == "Verifikator A" and v.tautan is None
    assert "menunggu verifikasi" in v.keterangan
    html = respons.content.decode()
    assert "tanpa nomor WhatsApp" in html and "Tanpa nomor WhatsApp (1): Verifikator A" in html
    assert "- Verifikator A: " in respons.context["teks_grup"]


def test_nothing_to_remind_says_so(juni_2023, masuk):
    Realisasi.objects.filter(variabel__indikator__tahun=juni_2023.tahun_a).update(status=Realisasi.DIVERIFIKASI)
    respons = masuk("camat_a").get(URL_A)
    assert respons.context["teks_grup"] == "" and "Tidak ada pengingat hari ini" in respons.content.decode()


def test_the_current_month_is_not_owed_before_it_ends(juni_2023, masuk):
    respons = masuk("operator_a").get(URL_A)
    assert "Juni" not in respons.context["baris_staf"][0].keterangan


def test_names_are_escaped_on_the_screen(juni_2023, masuk):
    Pegawai.objects.filter(nama="Staf A").update(nama="<script>alert(1)</script>")
    html = masuk("operator_a").get(URL_A).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_menu_target_opens_the_working_year(dunia, masuk):
    respons = masuk("operator_a").get(reverse("pengingat_whatsapp_terkini"))
    assert respons.status_code == 302 and respons["Location"].startswith("/pengingat/whatsapp/ketapang/")


def test_another_units_reminders_are_not_found(dunia, masuk):
    assert masuk("operator_a").get("/pengingat/whatsapp/banyuates/2023/").status_code == 404
    assert masuk("operator_b").get(URL_A).status_code == 404


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a", "pemantau"])
def test_other_roles_are_refused(dunia, masuk, username):
    respons = masuk(username).get(URL_A)
    assert respons.status_code == 403 and "teks_grup" not in (respons.context or {})


def test_the_inbox_offers_the_whatsapp_screen_to_the_operator_only(dunia, masuk):
    assert "/pengingat/whatsapp/" in masuk("operator_a").get(reverse("kotak_masuk")).content.decode()
    assert "/pengingat/whatsapp/" not in masuk("staf_a").get(reverse("kotak_masuk")).content.decode()


# --- The number is kept where pegawai are edited -----------------------------------------------


def test_the_admin_pegawai_form_edits_and_checks_the_whatsapp_number(dunia, masuk):
    client = masuk("operator_a")
    pegawai = Pegawai.objects.get(nama="Staf A")
    url = reverse("admin:iki_pegawai_change", args=[pegawai.pk])
    assert 'name="telepon"' in client.get(url).content.decode()
    data = {
        "unit": dunia.unit_a.pk, "nip": pegawai.nip, "nama": pegawai.nama, "pangkat_golongan": "",
        "telepon": "12345",
        "penugasan-TOTAL_FORMS": "0", "penugasan-INITIAL_FORMS": "0",
        "penugasan-MIN_NUM_FORMS": "0", "penugasan-MAX_NUM_FORMS": "1000",
    }
    respons = client.post(url, data)
    assert respons.status_code == 200 and "Nomor WhatsApp ditulis seperti 081234567890" in respons.content.decode()
    pegawai.refresh_from_db()
    assert pegawai.telepon == ""
    data["telepon"] = "081234567890"
    respons = client.post(url, data)
    assert respons.status_code == 302
    pegawai.refresh_from_db()
    assert pegawai.telepon == "081234567890"
