"""The reminder screens: Pengaturan pengingat (every role, for itself) and Kiriman pengingat (the
operator's log of what was sent to their unit's users)."""

from datetime import date

import pytest
from django.urls import reverse

from iki.models import KirimanPesan, Pengguna

pytestmark = pytest.mark.django_db

PENGATURAN = reverse("pengingat_pengaturan")
KIRIMAN = reverse("pengingat_kiriman")


@pytest.mark.parametrize("username", ["staf_a", "operator_a", "verifikator_a", "camat_a", "pemantau", "admin"])
def test_every_role_chooses_its_own_reminder(masuk, username):
    client = masuk(username)
    halaman = client.get(PENGATURAN).content.decode()
    assert "Pengaturan pengingat" in halaman and 'value="tidak"' in halaman
    assert "belum memiliki alamat surel" in halaman  # the world's users have no address
    jawab = client.post(PENGATURAN, {"pengingat_surel": "tidak"}, follow=True)
    assert "Pengaturan pengingat disimpan: tidak usah kirim surel." in jawab.content.decode()
    assert Pengguna.objects.get(username=username).pengingat_surel == "tidak"
    # Only the user's own account changed.
    assert Pengguna.objects.exclude(username=username).filter(pengingat_surel="tidak").count() == 0


def test_a_bad_choice_is_refused_and_changes_nothing(masuk):
    client = masuk("staf_a")
    jawab = client.post(PENGATURAN, {"pengingat_surel": "<script>x</script>"})
    assert jawab.status_code == 400 and "Masukkan pilihan yang valid" in jawab.content.decode()
    assert "<script>x</script>" not in jawab.content.decode()
    assert Pengguna.objects.get(username="staf_a").pengingat_surel == "harian"
    # Another user's id in the form is ignored: the screen only ever changes one's own account.
    client.post(PENGATURAN, {"pengingat_surel": "tidak", "id": Pengguna.objects.get(username="staf_b").pk})
    assert Pengguna.objects.get(username="staf_b").pengingat_surel == "harian"


def test_the_link_to_the_settings_is_in_the_menu_bar_and_the_log_linked_for_the_operator(masuk):
    assert f'href="{PENGATURAN}"' in masuk("staf_a").get(reverse("beranda")).content.decode()
    assert f'href="{KIRIMAN}"' not in masuk("staf_a").get(PENGATURAN).content.decode()
    assert f'href="{KIRIMAN}"' in masuk("operator_a").get(PENGATURAN).content.decode()


def _kiriman(username, **kw):
    data = dict(kanal="surel", jenis="ringkasan_harian", tanggal=date(2023, 7, 12), status="terkirim", perihal="IKI")
    data.update(kw)
    return KirimanPesan.objects.create(penerima=Pengguna.objects.get(username=username), **data)


def test_the_operator_sees_what_was_sent_to_their_units_users_only(masuk):
    _kiriman("staf_a", perihal="Untuk staf A")
    _kiriman("verifikator_a", status="dilewati", keterangan="Pengguna tidak punya alamat surel.", perihal="Untuk ver")
    _kiriman("staf_b", perihal="Untuk staf B")
    _kiriman("staf_a", kanal="whatsapp", status="gagal", percobaan=3, keterangan="<script>alert(1)</script>",
             perihal="WA staf A")
    html = masuk("operator_a").get(KIRIMAN).content.decode()
    assert "Untuk staf A" in html and "Untuk ver" in html and "WA staf A" in html
    assert "Untuk staf B" not in html
    assert "Pengguna tidak punya alamat surel." in html and "Dilewati" in html and "(3 percobaan)" in html
    assert "WhatsApp" in html and "Ringkasan harian" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    # The user filter lists the unit's users only.
    assert "staf_b" not in html and "(staf_a)" in html
    # A superuser sees every unit.
    assert "Untuk staf B" in masuk("admin").get(KIRIMAN).content.decode()


def test_filter_by_user_and_another_units_user_is_not_found(masuk, dunia):
    _kiriman("staf_a", perihal="Untuk staf A")
    _kiriman("verifikator_a", perihal="Untuk ver")
    client = masuk("operator_a")
    html = client.get(KIRIMAN, {"pengguna": dunia.user("staf_a").pk}).content.decode()
    assert "Untuk staf A" in html and "Untuk ver" not in html and "1 kiriman kepada" in html
    jawab = client.get(KIRIMAN, {"pengguna": dunia.user("staf_b").pk})
    assert jawab.status_code == 404 and "Untuk" not in jawab.content.decode()
    for salah in ("abc", "-1", "99999999", "1 OR 1=1"):
        assert client.get(KIRIMAN, {"pengguna": salah}).status_code == 404, salah


def test_the_log_is_paginated_keeping_the_filter(masuk, dunia):
    staf = dunia.user("staf_a")
    KirimanPesan.objects.bulk_create(
        KirimanPesan(penerima=staf, kanal="surel", jenis="ringkasan_harian", tanggal=date(2023, 1, 1 + n % 28)
                     .replace(month=1 + n // 28), status="terkirim", perihal=f"Ringkasan {n}")
        for n in range(60)
    )
    client = masuk("operator_a")
    pertama = client.get(KIRIMAN, {"pengguna": staf.pk}).content.decode()
    assert "60 kiriman" in pertama and "Halaman 1 dari 2" in pertama
    assert f'href="?pengguna={staf.pk}&amp;halaman=2"' in pertama
    kedua = client.get(KIRIMAN, {"pengguna": staf.pk, "halaman": 2}).content.decode()
    assert kedua.count("<tr>") == 10 + 1  # ten rows and the header
    assert client.get(KIRIMAN, {"halaman": "x"}).status_code == 200


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a", "camat_a", "pemantau", "staf_b"])
def test_other_roles_may_not_open_the_log(masuk, username):
    _kiriman("staf_a", perihal="Untuk staf A")
    jawab = masuk(username).get(KIRIMAN)
    assert jawab.status_code == 403 and "Untuk staf A" not in jawab.content.decode()


def test_the_log_is_read_only(masuk):
    assert masuk("operator_a").post(KIRIMAN, {}).status_code == 405
    assert KirimanPesan.objects.count() == 0
