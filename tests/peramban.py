"""What the browser tests share: signing in through the login page as a user does, and the world
behind the live server."""

import pytest

from tests.conftest import PASSWORD, bangun_dunia


def masuk(page, live_server, username: str, sandi: str = PASSWORD, *, tunggu: bool = True) -> None:
    """Sign ``username`` in on ``page`` through ``/masuk/`` (an earlier user's cookies cleared
    first). ``live_server`` is the fixture or its URL. Waits until the page has left the login page
    (home, or the pemantau's list of units) unless ``tunggu`` is false: a wrong password, or a
    page the caller waits for itself."""
    alamat = getattr(live_server, "url", live_server)
    page.context.clear_cookies()
    page.goto(f"{alamat}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(sandi)
    page.get_by_role("button", name="Masuk").click()
    if tunggu:
        page.wait_for_url(lambda u: "/masuk/" not in u)


@pytest.fixture
def dunia_hidup(live_server, django_db_blocker):
    """The shared world behind ``live_server``, rebuilt when an earlier live_server test has emptied
    the database. A test file uses it by importing it (``from tests.peramban import dunia_hidup``)."""
    from iki.models import Pengguna

    with django_db_blocker.unblock():
        if not Pengguna.objects.filter(username="operator_a").exists():
            bangun_dunia()
    return live_server
