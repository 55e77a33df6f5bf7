"""How a new user finds the reminder screens (issue 16): the WhatsApp reminders from the home page
of the operator and the camat and from the unit's dashboard, and one "Akun saya" area in the
menu bar with the reminder setting, the password change and sign-out."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

WHATSAPP = reverse("pengingat_whatsapp", args=["ketapang", 2023])
DASBOR_A = reverse("dasbor_unit", args=["ketapang", 2023])


def _tautan_whatsapp(html: str) -> list[str]:
    return re.findall(r'<p class="tautan-whatsapp[^"]*"><a [^>]*href="([^"]+)"[^>]*>Pengingat WhatsApp</a>', html)


@pytest.mark.parametrize("username", ["operator_a", "camat_a"])
def test_the_operator_and_the_camat_find_the_whatsapp_reminders_on_their_home_page(dunia, masuk, username):
    client = masuk(username)
    assert _tautan_whatsapp(client.get(reverse("beranda")).content.decode()) == [WHATSAPP]
    # And the link leads to the texts to copy.
    halaman = client.get(WHATSAPP).content.decode()
    assert 'id="teks-grup"' in halaman and "Pengingat IKI Kantor Kecamatan Ketapang" in halaman


def test_the_camat_sees_the_link_beside_the_late_list(dunia, masuk):
    html = masuk("camat_a").get(reverse("beranda")).content.decode()
    terlambat = html[html.index('id="judul-tindakan"'):html.index("</section>", html.index('id="judul-tindakan"'))]
    assert _tautan_whatsapp(terlambat) == [WHATSAPP]


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a"])
def test_roles_without_the_whatsapp_screen_get_no_link_on_their_home_page(dunia, masuk, username):
    client = masuk(username)
    assert "Pengingat WhatsApp" not in client.get(reverse("beranda")).content.decode()
    assert client.get(WHATSAPP).status_code == 403


@pytest.mark.parametrize("username", ["operator_a", "camat_a"])
def test_the_unit_dashboard_links_the_whatsapp_reminders_for_its_own_unit(dunia, masuk, username):
    client = masuk(username)
    assert _tautan_whatsapp(client.get(DASBOR_A).content.decode()) == [WHATSAPP]
    # Another unit's dashboard stays a 404, so its reminders are never linked.
    assert client.get(reverse("dasbor_unit", args=["banyuates", 2023])).status_code == 404
    assert client.get(reverse("pengingat_whatsapp", args=["banyuates", 2023])).status_code == 404


@pytest.mark.parametrize("username", ["verifikator_a", "pemantau"])
def test_the_dashboard_shows_no_whatsapp_link_to_roles_that_may_not_open_it(dunia, masuk, username):
    client = masuk(username)
    html = client.get(DASBOR_A).content.decode()
    assert "Dasbor capaian IKI" in html and "Pengingat WhatsApp" not in html


def test_the_cached_dashboard_body_does_not_carry_one_roles_link_to_another(dunia, masuk, client):
    # The camat fills the cache first; the verifier then reads the same cached body.
    assert _tautan_whatsapp(masuk("camat_a").get(DASBOR_A).content.decode()) == [WHATSAPP]
    client.logout()
    assert "Pengingat WhatsApp" not in masuk("verifikator_a").get(DASBOR_A).content.decode()


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a", "camat_a", "pemantau", "operator_a"])
def test_every_role_has_one_akun_saya_area_with_reminders_password_and_sign_out(dunia, masuk, username):
    html = masuk(username).get(reverse("bantuan")).content.decode()
    awal = html.index('<details class="akun-saya" id="akun-saya">')
    area = html[awal:html.index("</details>", awal)]
    assert "<summary" in area and "Akun saya" in area
    assert f'href="{reverse("pengingat_pengaturan")}">Pengaturan pengingat</a>' in area
    assert f'href="{reverse("password_change")}">Ganti kata sandi</a>' in area
    assert f'action="{reverse("logout")}"' in area and ">Keluar</button>" in area
    # Nothing of it is left outside the area (one link each in the menu bar).
    bilah = html[:html.index("</nav>")]
    assert bilah.count(f'href="{reverse("password_change")}"') == 1
    assert bilah.count(f'href="{reverse("pengingat_pengaturan")}"') == 1
