"""Login, logout, throttling and the session idle timeout."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

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
    assert response.status_code == 302
    assert client.get(reverse("beranda")).status_code == 302


def test_session_expires_after_idle_time(masuk):
    client = masuk("camat_a")
    client.get(reverse("beranda"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # every request restarts the idle clock


def test_demo_users_are_refused_under_production_settings(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="produksi"):
        call_command("buat_pengguna_demo")


def test_demo_users_one_per_role(db):
    from iki.akun import DEMO_PASSWORD, buat_pengguna_demo

    users = buat_pengguna_demo()
    assert sorted(u.peran for u in users) == ["camat", "operator", "pemantau", "staf", "verifikator"]
    assert all(u.check_password(DEMO_PASSWORD) for u in users)
    operator = next(u for u in users if u.peran == "operator")
    assert operator.is_staff and not operator.is_superuser
