"""Accounts people can recover (issue 16, item 4): a forgotten password by mail, changing one's
own password, the operator's one-time passwords and accounts for the unit's pegawai in one step,
and the password rules in Indonesian."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from iki.models import Pegawai, Pengguna
from iki.pengguna.sandi import HURUF_JELAS, buat_sandi_sekali_pakai
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TAUTAN = re.compile(r"https?://testserver(/sandi/atur/[^/\s]+/[^/\s]+/)")
SANDI_BARU = "Kopi-Tubruk-Madura-7"


def _masuk(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, follow=True)


def _beri_surel(username, alamat):
    Pengguna.objects.filter(username=username).update(email=alamat)


def _minta_reset(client, alamat):
    return client.post(reverse("password_reset"), {"email": alamat}, follow=True)


def _tautan_dari_surel(pesan) -> str:
    return TAUTAN.search(pesan.body).group(1)


def _pakai_tautan(client, tautan, sandi=SANDI_BARU):
    halaman = client.get(tautan, follow=True)
    if not halaman.context.get("validlink"):
        return halaman
    return client.post(halaman.redirect_chain[-1][0], {"new_password1": sandi, "new_password2": sandi}, follow=True)


# --- Forgotten password by mail ---------------------------------------------------------------


def test_the_login_page_offers_the_forgotten_password_page(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html and "Lupa kata sandi?" in html
    html = client.get(reverse("password_reset")).content.decode()
    assert "Alamat surel" in html and "24 jam" in html


def test_a_staf_gets_a_link_by_mail_sets_a_new_password_and_signs_in_with_it(client):
    _beri_surel("staf_a", "staf.a@ketapang.go.id")
    jawab = _minta_reset(client, "Staf.A@ketapang.go.id")  # case does not matter
    assert "Periksa surel Anda" in jawab.content.decode()
    assert len(mail.outbox) == 1
    pesan = mail.outbox[0]
    assert pesan.to == ["staf.a@ketapang.go.id"]
    assert pesan.subject == "Kata sandi baru untuk akun IKI Kecamatan Anda"
    assert "Nama pengguna Anda: staf_a" in pesan.body and "berlaku 24 jam" in pesan.body
    tautan = _tautan_dari_surel(pesan)  # absolute, with the site's address

    jawab = _pakai_tautan(client, tautan)
    assert "Kata sandi baru tersimpan" in jawab.content.decode()
    client.logout()
    assert _masuk(client, "staf_a", SANDI_BARU).context["user"].username == "staf_a"
    assert not _masuk(client.__class__(), "staf_a", PASSWORD).context["user"].is_authenticated


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    _beri_surel("staf_a", "staf.a@ketapang.go.id")
    dikenal = _minta_reset(client, "staf.a@ketapang.go.id")
    tidak_dikenal = _minta_reset(client, "tidak.ada@ketapang.go.id")
    assert len(mail.outbox) == 1
    assert dikenal.redirect_chain == tidak_dikenal.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert dikenal.content == tidak_dikenal.content


def test_a_second_request_within_minutes_sends_no_second_mail(client):
    _beri_surel("staf_a", "staf.a@ketapang.go.id")
    for _ in range(3):
        jawab = _minta_reset(client, "staf.a@ketapang.go.id")
        assert "Periksa surel Anda" in jawab.content.decode()
    assert len(mail.outbox) == 1


def test_an_inactive_account_gets_no_mail(client):
    _beri_surel("staf_a", "staf.a@ketapang.go.id")
    Pengguna.objects.filter(username="staf_a").update(is_active=False)
    _minta_reset(client, "staf.a@ketapang.go.id")
    assert mail.outbox == []


def test_a_link_used_twice_is_refused_with_a_way_to_ask_again(client):
    _beri_surel("staf_a", "staf.a@ketapang.go.id")
    _minta_reset(client, "staf.a@ketapang.go.id")
    tautan = _tautan_dari_surel(mail.outbox[0])
    _pakai_tautan(client, tautan)
    jawab = _pakai_tautan(client, tautan, sandi="Teh-Poci-Hangat-8")
    html = jawab.content.decode()
    assert "Tautan tidak berlaku lagi" in html and "sudah dipakai" in html
    assert f'href="{reverse("password_reset")}"' in html
    assert Pengguna.objects.get(username="staf_a").check_password(SANDI_BARU)


def test_an_expired_link_is_refused(client):
    _beri_surel("staf_a", "staf.a@ketapang.go.id")
    dua_hari_lalu = datetime.now() - timedelta(days=2)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=dua_hari_lalu):
        _minta_reset(client, "staf.a@ketapang.go.id")
    jawab = _pakai_tautan(client, _tautan_dari_surel(mail.outbox[0]))
    assert "Tautan tidak berlaku lagi" in jawab.content.decode()
    assert Pengguna.objects.get(username="staf_a").check_password(PASSWORD)


def test_a_weak_new_password_from_the_link_is_refused_in_indonesian(client):
    _beri_surel("staf_a", "staf.a@ketapang.go.id")
    _minta_reset(client, "staf.a@ketapang.go.id")
    jawab = _pakai_tautan(client, _tautan_dari_surel(mail.outbox[0]), sandi="12345678")
    html = jawab.content.decode()
    assert "Kata sandi ini terlalu umum" in html and "tidak boleh hanya berisi angka" in html
    assert Pengguna.objects.get(username="staf_a").check_password(PASSWORD)


def test_a_reset_by_mail_lifts_a_login_block(client, settings):
    _beri_surel("staf_a", "staf.a@ketapang.go.id")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _masuk(client, "staf_a", "salah")
    assert _masuk(client, "staf_a", PASSWORD).status_code == 429  # throttling still works
    _minta_reset(client, "staf.a@ketapang.go.id")
    _pakai_tautan(client, _tautan_dari_surel(mail.outbox[0]))
    assert _masuk(client, "staf_a", SANDI_BARU).context["user"].username == "staf_a"


def test_the_reset_form_refuses_junk_with_a_message(client):
    for isi in ["", "bukan-surel", "<script>alert(1)</script>", "=HYPERLINK(1)", "a" * 300 + "@x.id"]:
        jawab = client.post(reverse("password_reset"), {"email": isi})
        assert jawab.status_code == 200 and "<script>alert" not in jawab.content.decode()
        assert "alamat surel" in jawab.content.decode().lower()
    assert mail.outbox == []


# --- Change one's own password ------------------------------------------------------------------


def test_every_user_changes_their_password_from_the_link_by_their_name(masuk):
    client = masuk("camat_a")
    html = client.get(reverse("beranda")).content.decode()
    assert f'href="{reverse("password_change")}"' in html
    jawab = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": SANDI_BARU, "new_password2": SANDI_BARU},
        follow=True,
    )
    assert "Kata sandi Anda sudah diganti" in jawab.content.decode()
    assert jawab.context["user"].is_authenticated  # still signed in on this device
    assert Pengguna.objects.get(username="camat_a").check_password(SANDI_BARU)


@pytest.mark.parametrize(
    ("lama", "baru1", "baru2", "pesan"),
    [
        ("salah", SANDI_BARU, SANDI_BARU, "Kata sandi sekarang salah"),
        (PASSWORD, SANDI_BARU, SANDI_BARU + "x", "Kedua kata sandi baru tidak sama"),
        (PASSWORD, "abc", "abc", "Kata sandi terlalu pendek: paling sedikit 8 karakter."),
        (PASSWORD, PASSWORD, PASSWORD, "harus berbeda dari kata sandi sekarang"),
        (PASSWORD, "camat_a1", "camat_a1", "terlalu mirip dengan nama pengguna"),
        (PASSWORD, "", "", "Isi kata sandi baru."),
    ],
)
def test_a_refused_change_says_why_in_indonesian_and_keeps_the_password(masuk, lama, baru1, baru2, pesan):
    client = masuk("camat_a")
    isian = {"old_password": lama, "new_password1": baru1, "new_password2": baru2}
    jawab = client.post(reverse("password_change"), isian)
    assert pesan in jawab.content.decode()
    assert Pengguna.objects.get(username="camat_a").check_password(PASSWORD)


def test_the_password_rules_speak_indonesian():
    user = Pengguna(username="budi", first_name="Budi Santoso", email="budi@contoh.id")
    harapan = {
        "123": [
            "Kata sandi terlalu pendek: paling sedikit 8 karakter.",
            "Kata sandi ini terlalu umum dan mudah ditebak.",
            "Kata sandi tidak boleh hanya berisi angka.",
        ],
        "budisantoso": ["Kata sandi terlalu mirip dengan nama depan Anda."],
        "bismillah": ["Kata sandi ini terlalu umum dan mudah ditebak."],
        "Ketapang2023": ["Kata sandi ini terlalu umum dan mudah ditebak."],
    }
    for sandi, pesan in harapan.items():
        with pytest.raises(ValidationError) as e:
            validate_password(sandi, user)
        assert e.value.messages == pesan, sandi
    validate_password(SANDI_BARU, user)  # a good one passes


def test_one_time_passwords_are_readable_and_pass_the_rules():
    for _ in range(50):
        sandi = buat_sandi_sekali_pakai(Pengguna(username="199001012015031001"))
        assert re.fullmatch(rf"[{HURUF_JELAS}]{{4}}-[{HURUF_JELAS}]{{4}}-[{HURUF_JELAS}]{{4}}", sandi)
        validate_password(sandi)
    assert len({buat_sandi_sekali_pakai() for _ in range(50)}) == 50


# --- The operator's one-time password ----------------------------------------------------------


def _atur_ulang(client, username):
    pk = Pengguna.objects.get(username=username).pk
    return client.post(reverse("akun_sekali_pakai", args=[pk]))


def _sandi_di_halaman(html) -> list[str]:
    return re.findall(r'<td class="font-monospace sandi">([^<]+)</td>', html)


def test_the_operator_resets_a_staf_who_must_change_it_at_the_next_login(masuk, client):
    operator = masuk("operator_a")
    daftar = operator.get(reverse("akun_daftar")).content.decode()
    assert "staf_a" in daftar and "staf_b" not in daftar
    konfirmasi = operator.get(reverse("akun_sekali_pakai", args=[Pengguna.objects.get(username="staf_a").pk]))
    assert "Atur ulang ke kata sandi sekali pakai" in konfirmasi.content.decode()

    jawab = _atur_ulang(operator, "staf_a")
    html = jawab.content.decode()
    assert "Ditampilkan hanya sekali" in html and "no-store" in jawab["Cache-Control"]
    [sandi] = _sandi_di_halaman(html)
    staf = Pengguna.objects.get(username="staf_a")
    assert staf.wajib_ganti_sandi and staf.check_password(sandi) and not staf.check_password(PASSWORD)
    catatan = LogEntry.objects.get(object_id=str(staf.pk), action_flag=CHANGE)
    assert catatan.user.username == "operator_a" and "sekali pakai" in catatan.change_message

    # The staf signs in with it: every page leads to the change page until it is changed.
    client.logout()
    jawab = _masuk(client, "staf_a", sandi)
    assert jawab.redirect_chain[-1][0] == reverse("password_change")
    assert "kata sandi sekali pakai dari operator" in jawab.content.decode()
    for url in [reverse("beranda"), reverse("entri_bulan_ini"), "/pengaturan/", reverse("bantuan")]:
        dialihkan = client.get(url)
        assert dialihkan.status_code == 302 and dialihkan["Location"].startswith(reverse("password_change")), url
    assert client.post(reverse("beranda"))["Location"].startswith(reverse("password_change"))
    jawab = client.post(
        reverse("password_change") + "?next=/bantuan/",
        {"old_password": sandi, "new_password1": SANDI_BARU, "new_password2": SANDI_BARU, "next": "/bantuan/"},
        follow=True,
    )
    assert jawab.redirect_chain[-1][0] == "/bantuan/"
    assert not Pengguna.objects.get(username="staf_a").wajib_ganti_sandi
    assert client.get(reverse("beranda")).status_code == 200


def test_the_one_time_password_check_costs_no_query(masuk, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = masuk("staf_a")
    client.get(reverse("bantuan"))

    def kueri():
        with CaptureQueriesContext(connection) as q:
            assert client.get(reverse("bantuan")).status_code == 200
        return len(q)

    dengan = kueri()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "iki.pengguna.middleware.WajibGantiSandi"]
    assert kueri() == dengan


def test_the_change_page_refuses_to_send_anywhere_else_after_the_change(masuk):
    client = masuk("camat_a")
    jawab = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": SANDI_BARU, "new_password2": SANDI_BARU,
         "next": "https://jahat.example/"},
    )
    assert jawab["Location"] == reverse("beranda")


def test_an_account_of_another_unit_is_not_found(masuk, dunia):
    client = masuk("operator_b")
    staf_a = dunia.user("staf_a")
    assert client.get(reverse("akun_sekali_pakai", args=[staf_a.pk])).status_code == 404
    assert client.post(reverse("akun_sekali_pakai", args=[staf_a.pk])).status_code == 404
    assert Pengguna.objects.get(username="staf_a").check_password(PASSWORD)
    assert "staf_a" not in client.get(reverse("akun_daftar")).content.decode()


@pytest.mark.parametrize("username", ["camat_a", "pemantau", "staf_a", "verifikator_a"])
def test_other_roles_may_not_reset_or_create_accounts(masuk, dunia, username):
    client = masuk(username)
    staf = dunia.user("staf_a" if username != "staf_a" else "verifikator_a")
    assert client.get(reverse("akun_daftar")).status_code == 403
    assert client.post(reverse("akun_sekali_pakai", args=[staf.pk])).status_code == 403
    pegawai = Pegawai.objects.create(unit=dunia.unit_a, nip="199909092020091009", nama="Pegawai Baru")
    assert client.post(reverse("akun_buat"), {"pegawai": [pegawai.pk], "peran": "staf"}).status_code == 403
    assert Pengguna.objects.get(pk=staf.pk).check_password(PASSWORD)
    assert not Pengguna.objects.filter(username=pegawai.nip).exists()


def test_an_operator_may_not_reset_another_operator_a_superuser_or_themselves(masuk, dunia):
    client = masuk("operator_a")
    lain = Pengguna.objects.create(username="operator_a2", peran="operator", unit=dunia.unit_a, is_staff=True)
    lain.set_password(PASSWORD)
    lain.save()
    for akun in (lain, dunia.user("operator_a")):
        jawab = client.post(reverse("akun_sekali_pakai", args=[akun.pk]), follow=True)
        assert "tidak dapat Anda atur ulang" in jawab.content.decode()
        assert Pengguna.objects.get(pk=akun.pk).check_password(PASSWORD)
        assert not Pengguna.objects.get(pk=akun.pk).wajib_ganti_sandi
    # The superuser has no unit: not found.
    assert client.post(reverse("akun_sekali_pakai", args=[dunia.user("admin").pk])).status_code == 404


def test_a_one_time_reset_lifts_a_login_block(masuk, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _masuk(client, "staf_a", "salah")
    [sandi] = _sandi_di_halaman(_atur_ulang(masuk("operator_a"), "staf_a").content.decode())
    client.logout()
    assert _masuk(client, "staf_a", sandi).redirect_chain[-1][0] == reverse("password_change")


# --- Accounts for the unit's pegawai in one step --------------------------------------------------


@pytest.fixture
def pegawai_baru(dunia):
    return [
        Pegawai.objects.create(unit=dunia.unit_a, nip="199101012015011001", nama="Ani Rahmawati"),
        Pegawai.objects.create(unit=dunia.unit_a, nip="199202022016022002", nama="Bagus Prasetyo"),
    ]


def test_the_operator_creates_accounts_for_pegawai_and_gets_a_printable_list(masuk, pegawai_baru):
    operator = masuk("operator_a")
    daftar = operator.get(reverse("akun_daftar")).content.decode()
    assert "Ani Rahmawati — NIP 199101012015011001" in daftar
    assert "Staf A" not in daftar.split('id="buat"')[1]  # has an account already
    jawab = operator.post(reverse("akun_buat"), {"pegawai": [p.pk for p in pegawai_baru], "peran": "verifikator"})
    html = jawab.content.decode()
    assert "no-store" in jawab["Cache-Control"] and "css/akun.css" in html and "data-cetak" in html
    baris = re.findall(
        r"<tr><td>(\d+)</td><td>([^<]+)</td><td>(\d+)</td><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td></tr>", html
    )
    assert [(b[1], b[2], b[3]) for b in baris] == [
        ("Ani Rahmawati", "199101012015011001", "199101012015011001"),
        ("Bagus Prasetyo", "199202022016022002", "199202022016022002"),
    ]
    for _, nama, nip, username, sandi in baris:
        akun = Pengguna.objects.get(username=username)
        assert (akun.pegawai.nip, akun.unit.kode, akun.peran, akun.first_name) == (nip, "ketapang", "verifikator", nama)
        assert akun.wajib_ganti_sandi and akun.check_password(sandi) and not akun.is_staff and not akun.is_superuser
        catatan = LogEntry.objects.get(object_id=str(akun.pk), action_flag=ADDITION)
        assert catatan.user.username == "operator_a"
    # The new verifier signs in and is sent to choose a password first.
    assert _masuk(Client(), baris[0][3], baris[0][4]).redirect_chain[-1][0] == reverse("password_change")


def test_an_existing_username_refuses_the_whole_request(masuk, pegawai_baru, dunia):
    Pengguna.objects.create(username=pegawai_baru[1].nip, peran="staf", unit=dunia.unit_a)
    jawab = masuk("operator_a").post(reverse("akun_buat"), {"pegawai": [p.pk for p in pegawai_baru], "peran": "staf"})
    html = jawab.content.decode()
    assert jawab.status_code == 400
    assert "sudah dipakai akun lain: 199202022016022002" in html and "Tidak ada akun yang dibuat" in html
    assert not Pengguna.objects.filter(username=pegawai_baru[0].nip).exists()
    assert not Pengguna.objects.filter(pegawai__in=pegawai_baru).exists()


@pytest.mark.parametrize(
    ("isian", "pesan"),
    [
        ({"peran": "operator"}, "Operator hanya dapat membuat akun staf, verifikator atau camat."),
        ({"peran": "pemantau"}, "Operator hanya dapat membuat akun staf, verifikator atau camat."),
        ({"pegawai": []}, "Pilih paling sedikit satu pegawai."),
        ({"pegawai": ["lain"]}, "tidak ada di unit Anda atau sudah memiliki akun"),
        ({"pegawai": ["abc"]}, "Pilihan pegawai tidak dikenal."),
        ({"pegawai": ["9" * 30]}, "Pilihan pegawai tidak dikenal."),
        ({"pegawai": ["-5"]}, "Pilihan pegawai tidak dikenal."),
        ({"pegawai": ["<script>alert(1)</script>"]}, "Pilihan pegawai tidak dikenal."),
        ({"peran": "=HYPERLINK(1)"}, "Operator hanya dapat membuat akun"),
    ],
)
def test_bad_input_creates_nothing_and_says_why(masuk, pegawai_baru, dunia, isian, pesan):
    lain = Pegawai.objects.get(nip="199303032018031005")  # unit B's pegawai
    data = {"pegawai": [p.pk for p in pegawai_baru], "peran": "staf", **isian}
    data["pegawai"] = [lain.pk if v == "lain" else v for v in data["pegawai"]]
    jumlah = Pengguna.objects.count()
    jawab = masuk("operator_a").post(reverse("akun_buat"), data)
    assert jawab.status_code == 400 and pesan in jawab.content.decode()
    assert "<script>alert" not in jawab.content.decode()
    assert Pengguna.objects.count() == jumlah


def test_the_account_pages_refuse_the_wrong_method(masuk):
    client = masuk("operator_a")
    assert client.get(reverse("akun_buat")).status_code == 405
