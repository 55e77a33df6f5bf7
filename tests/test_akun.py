"""Login, logout, throttling and the session idle timeout."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from iki.models import Pengguna
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_speaks_indonesian(client):
    html = client.get(reverse("login")).content.decode()
    assert 'lang="id"' in html
    assert "Nama pengguna" in html and "Kata sandi" in html


def test_login_with_right_password_reaches_the_home_page(client):
    response = client.post(reverse("login"), {"username": "camat_a", "password": PASSWORD}, follow=True)
    assert response.context["user"].username == "camat_a"
    assert "Selamat datang" in response.content.decode()


def test_wrong_password_gives_an_indonesian_message(client):
    response = client.post(reverse("login"), {"username": "camat_a", "password": "salah"})
    assert response.status_code == 200
    assert "kata sandi" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_passwords_are_throttled_per_user_and_ip(client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staf_a", "password": "salah"}, REMOTE_ADDR="10.1.1.1")
    # Even the right password is refused now, with a message in Indonesian.
    response = client.post(reverse("login"), {"username": "staf_a", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # A colleague behind the same office IP is not locked out.
    response = client.post(
        reverse("login"), {"username": "camat_a", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1", follow=True
    )
    assert response.context["user"].username == "camat_a"


def test_logout_is_a_post_and_ends_the_session(masuk):
    client = masuk("camat_a")
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    response = client.get(reverse("beranda"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_session_expires_after_idle_time(masuk):
    client = masuk("camat_a")
    client.get(reverse("beranda"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 30 * 60
    # A request restarts the idle clock, at most once a minute (iki.umum.sesi), so page views
    # in between write nothing.
    from iki.umum import sesi

    Session = client.session.__class__.get_model_class()
    kedaluwarsa = Session.objects.get(session_key=client.session.session_key).expire_date
    client.get(reverse("beranda"))
    assert Session.objects.get(session_key=client.session.session_key).expire_date == kedaluwarsa
    s = client.session
    s[sesi.KUNCI] -= sesi.SEGARKAN_SETIAP
    s.save()
    lama = Session.objects.get(session_key=s.session_key).expire_date
    client.get(reverse("beranda"))
    assert Session.objects.get(session_key=s.session_key).expire_date > lama


def test_demo_users_are_refused_under_production_settings(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="produksi"):
        call_command("buat_pengguna_demo")


def test_demo_users_one_per_role(db):
    from iki.umum.akun import DEMO_PASSWORD, buat_pengguna_demo

    users = buat_pengguna_demo()
    assert sorted(u.peran for u in users) == ["camat", "operator", "pemantau", "staf", "verifikator"]
    assert all(u.check_password(DEMO_PASSWORD) for u in users)
    operator = next(u for u in users if u.peran == "operator")
    assert operator.is_staff and not operator.is_superuser
    # Mail addresses under a reserved domain, so the demo's digests show on the console.
    assert {u.email for u in users} == {f"{u.username}@ketapang.contoh.example" for u in users}


# --- Throttling behind nginx: per user name + the client's address ---------------------------------

NGINX = "127.0.0.1"  # gunicorn listens on 127.0.0.1; every request comes from nginx


def lewat_nginx(klien: str, dari_klien: str = "") -> dict:
    """What gunicorn sees of a request nginx forwarded with ``$proxy_add_x_forwarded_for``: the
    client's own X-Forwarded-For (which anyone can write) with the client's address appended."""
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": f"{dari_klien}, {klien}" if dari_klien else klien}


def masuk_dengan(client, username, password, meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def kunci(client, username, meta):
    """Wrong passwords up to the limit: the last one is already answered with the lockout page."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert masuk_dengan(client, username, "salah", meta).status_code == 200
    assert masuk_dengan(client, username, "salah", meta).status_code == 429


@pytest.fixture
def di_belakang_nginx(settings):
    settings.IKI_PROXY_COUNT = 1


def test_behind_nginx_the_lock_is_per_user_name_and_client_address(client, di_belakang_nginx):
    from axes.models import AccessAttempt

    kunci(client, "camat_a", lewat_nginx("10.0.0.1"))
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == [
        ("camat_a", "10.0.0.1", 5)
    ]
    response = masuk_dengan(client, "camat_a", PASSWORD, lewat_nginx("10.0.0.1"))
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # The camat at another desk still gets in.
    response = masuk_dengan(client, "camat_a", PASSWORD, lewat_nginx("10.0.0.2"))
    camat = Pengguna.objects.get(username="camat_a")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(camat.pk)


def test_behind_nginx_a_forged_forwarded_entry_does_not_escape_the_lock(client, di_belakang_nginx):
    kunci(client, "camat_a", lewat_nginx("10.0.0.1"))
    for palsu in ("10.0.0.2", "203.0.113.9", "bukan-ip", "10.0.0.2, 10.0.0.3"):
        response = masuk_dengan(client, "camat_a", PASSWORD, lewat_nginx("10.0.0.1", dari_klien=palsu))
        assert response.status_code == 429, palsu
    assert "_auth_user_id" not in client.session


def test_behind_nginx_a_forged_forwarded_entry_does_not_lock_someone_elses_address(client, di_belakang_nginx):
    from axes.models import AccessAttempt

    kunci(client, "camat_a", lewat_nginx("10.0.0.66", dari_klien="10.0.0.2"))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.66"}
    response = masuk_dengan(client, "camat_a", PASSWORD, lewat_nginx("10.0.0.2"))
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_without_a_proxy_forwarded_for_is_ignored(client, settings):
    settings.IKI_PROXY_COUNT = 0
    for i in range(settings.AXES_FAILURE_LIMIT):
        masuk_dengan(client, "camat_a", "salah", {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": f"10.9.9.{i}"})
    # A new X-Forwarded-For does not make a new address ...
    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "10.0.0.2"}
    response = masuk_dengan(client, "camat_a", PASSWORD, meta)
    assert response.status_code == 429 and "Terlalu banyak percobaan" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # ... nor does naming a locked address lock out another desk.
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "10.0.0.1"}
    response = masuk_dengan(client, "camat_a", PASSWORD, meta)
    camat = Pengguna.objects.get(username="camat_a")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(camat.pk)


@pytest.mark.parametrize(
    ("jumlah_proxy", "remote_addr", "xff", "alamat"),
    [
        (0, "10.0.0.1", "", "10.0.0.1"),
        (0, "10.0.0.1", "203.0.113.9", "10.0.0.1"),  # no proxy: anyone can write the header
        (1, NGINX, "10.0.0.1", "10.0.0.1"),
        (1, NGINX, "203.0.113.9, 10.0.0.1", "10.0.0.1"),  # the client's own entry is to the left
        (1, NGINX, " 2001:db8::7 ", "2001:db8::7"),
        (1, NGINX, "", NGINX),  # not through nginx after all: the address that reached us
        (1, NGINX, "10.0.0.1, bukan-ip", NGINX),
        (2, "10.5.5.5", "203.0.113.9, 198.51.100.4, 10.6.6.6", "198.51.100.4"),  # load balancer, then nginx
        (2, "10.5.5.5", "198.51.100.4", "10.5.5.5"),  # fewer entries than proxies: not the documented path
    ],
)
def test_client_address_is_the_entry_our_own_proxies_wrote(rf, settings, jumlah_proxy, remote_addr, xff, alamat):
    from iki.umum.akun import alamat_klien

    settings.IKI_PROXY_COUNT = jumlah_proxy
    request = rf.post("/masuk/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=xff)
    assert alamat_klien(request) == alamat


# --- The lockout page ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("menit", "teks"), [(15, "15 menit"), (60, "1 jam"), (90, "1 jam 30 menit"), (24 * 60 + 5, "1 hari 5 menit")]
)
def test_lockout_page_says_the_cool_off_in_indonesian_words(client, settings, menit, teks):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=menit)
    meta = {"REMOTE_ADDR": "10.2.2.2"}
    kunci(client, "staf_a", meta)
    html = masuk_dengan(client, "staf_a", PASSWORD, meta).content.decode()
    assert f"coba lagi dalam {teks}," in html
    assert re.search(r"\bP\d*D?T\d+[HMS]", html) is None  # never ISO 8601 such as PT15M


@pytest.mark.parametrize(
    ("durasi", "teks"),
    [
        (timedelta(minutes=15), "15 menit"),
        (timedelta(hours=1), "1 jam"),
        (timedelta(minutes=90), "1 jam 30 menit"),
        (timedelta(days=2, hours=3), "2 hari 3 jam"),
        (timedelta(seconds=45), "45 detik"),
        (timedelta(minutes=1, seconds=30), "1 menit 30 detik"),
        (timedelta(0), "0 menit"),
    ],
)
def test_durations_in_indonesian_words(durasi, teks):
    from iki.inti.angka import format_durasi

    assert format_durasi(durasi) == teks
