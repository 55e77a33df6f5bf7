"""The reminder screens: Pengaturan pengingat (every role, for itself) and Kiriman pengingat (the
operator's log of what was sent to their unit's users: mails, WhatsApp, in-app notifications)."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iki.models import KirimanPesan, Notifikasi, Pengguna
from iki.umum.notifikasi import beri_tahu

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


# --- In-app notifications in the same log (channel "Aplikasi") ----------------------------------


def _pada(jam: int) -> datetime:
    return datetime(2023, 7, 12, jam, 0, tzinfo=UTC)


def _notifikasi(username, judul, jam, dibaca=False, jenis=Notifikasi.DIKEMBALIKAN):
    n = beri_tahu(Pengguna.objects.get(username=username), jenis, judul, tautan="/")
    Notifikasi.objects.filter(pk=n.pk).update(dibuat=_pada(jam), dibaca=_pada(jam + 1) if dibaca else None)
    return n


def _kiriman_pada(username, perihal, jam, **kw):
    k = _kiriman(username, perihal=perihal, **kw)
    KirimanPesan.objects.filter(pk=k.pk).update(pada=_pada(jam))  # ``auto_now`` is set on save only
    return k


def _tabel(html: str) -> list[list[str]]:
    """The log's rows as lists of cell texts (tags stripped)."""
    tbody = html.split('<tbody>', 1)[1].split('</tbody>', 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", sel).strip() for sel in re.findall(r"<td[^>]*>(.*?)</td>", baris, re.S)]
        for baris in re.findall(r"<tr>(.*?)</tr>", tbody, re.S)
    ]


def test_the_log_shows_the_units_notifications_as_aplikasi_in_time_order(masuk, dunia):
    Notifikasi.objects.all().delete()
    _kiriman_pada("staf_a", "Ringkasan pagi", 1)
    _notifikasi("staf_a", "Nilai Juni dikembalikan", 2, dibaca=True)
    _kiriman_pada("verifikator_a", "Ringkasan ver", 3, kanal="whatsapp")
    _notifikasi("verifikator_a", "<script>alert(2)</script> menunggu", 4, jenis=Notifikasi.MENUNGGU_VERIFIKASI)
    _notifikasi("staf_b", "Notifikasi unit B", 5)
    html = masuk("operator_a").get(KIRIMAN).content.decode()
    baris = _tabel(html)
    # Newest first, both sources interleaved by time; unit B's notification not shown.
    assert [b[4] for b in baris] == [
        "&lt;script&gt;alert(2)&lt;/script&gt; menunggu", "Ringkasan ver", "Nilai Juni dikembalikan", "Ringkasan pagi",
    ]
    assert baris[0][2:4] == ["Aplikasi", "Menunggu verifikasi"] and baris[0][5] == "Belum dibaca"
    assert baris[2][2:4] == ["Aplikasi", "Nilai dikembalikan"] and baris[2][5] == "Dibaca"
    assert baris[1][2] == "WhatsApp" and baris[3][2:4] == ["Surel", "Ringkasan harian"]
    assert baris[0][0] == "12 Juli 2023 11.00"  # Asia/Jakarta
    assert "4 kiriman" in html and "Notifikasi unit B" not in html and "<script>alert(2)" not in html
    # A superuser sees every unit's.
    assert "Notifikasi unit B" in masuk("admin").get(KIRIMAN).content.decode()


def test_the_user_filter_applies_to_notifications_and_another_units_user_is_not_found(masuk, dunia):
    Notifikasi.objects.all().delete()
    _kiriman_pada("staf_a", "Ringkasan staf A", 1)
    _notifikasi("staf_a", "Untuk staf A di aplikasi", 2)
    _notifikasi("verifikator_a", "Untuk ver di aplikasi", 3)
    _notifikasi("staf_b", "Untuk staf B di aplikasi", 4)
    client = masuk("operator_a")
    html = client.get(KIRIMAN, {"pengguna": dunia.user("staf_a").pk}).content.decode()
    assert [b[4] for b in _tabel(html)] == ["Untuk staf A di aplikasi", "Ringkasan staf A"]
    assert "2 kiriman kepada" in html
    jawab = client.get(KIRIMAN, {"pengguna": dunia.user("staf_b").pk})
    assert jawab.status_code == 404 and "Untuk staf B" not in jawab.content.decode()


def test_paging_through_both_sources_shows_each_row_once_in_order(masuk, dunia):
    Notifikasi.objects.all().delete()
    staf = dunia.user("staf_a")
    # 30 mails at even minutes and 30 notifications at odd minutes: 60 rows alternating.
    KirimanPesan.objects.bulk_create(
        KirimanPesan(penerima=staf, kanal="surel", jenis="ringkasan_harian", tanggal=date(2023, 1, 1 + n),
                     status="terkirim", perihal=f"Hal {2 * n:02d}")
        for n in range(30)
    )
    for n in range(30):
        KirimanPesan.objects.filter(perihal=f"Hal {2 * n:02d}").update(pada=_pada(0) + timedelta(minutes=2 * n))
    Notifikasi.objects.bulk_create(
        Notifikasi(penerima=staf, jenis=Notifikasi.TENGGAT, judul=f"Hal {2 * n + 1:02d}") for n in range(30)
    )
    for n in range(30):
        Notifikasi.objects.filter(judul=f"Hal {2 * n + 1:02d}").update(dibuat=_pada(0) + timedelta(minutes=2 * n + 1))
    client = masuk("operator_a")
    pertama = client.get(KIRIMAN, {"pengguna": staf.pk}).content.decode()
    kedua = client.get(KIRIMAN, {"pengguna": staf.pk, "halaman": 2}).content.decode()
    assert "60 kiriman" in pertama and "Halaman 1 dari 2" in pertama and "Halaman 2 dari 2" in kedua
    assert f'href="?pengguna={staf.pk}&amp;halaman=2"' in pertama
    hal = [b[4] for b in _tabel(pertama) + _tabel(kedua)]
    assert hal == [f"Hal {n:02d}" for n in range(59, -1, -1)]
    assert {b[2] for b in _tabel(kedua)} == {"Surel", "Aplikasi"}


def test_the_log_costs_the_same_queries_for_few_or_many_rows(masuk, dunia):
    client = masuk("operator_a")
    _kiriman("staf_a")
    _notifikasi("staf_a", "Satu", 1)
    client.get(KIRIMAN)
    with CaptureQueriesContext(connection) as sedikit:
        assert "Satu" in client.get(KIRIMAN).content.decode()
    for username in ("verifikator_a", "camat_a", "operator_a"):
        _kiriman(username)
        for jam in range(5):
            _notifikasi(username, f"Banyak {jam}", jam)
    with CaptureQueriesContext(connection) as banyak:
        assert "Banyak 4" in client.get(KIRIMAN).content.decode()
    assert len(banyak) == len(sedikit)
