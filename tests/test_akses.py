"""The one table of which role may open which screen (iki.umum.akses.LAYAR): every view of the
URLconf is a screen of it, its decorator lets in exactly the roles it names, and the menu and the
unit list offer a role what the table lets that role open."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from iki.models import Pengguna
from iki.umum import akses
from iki.umum.navigasi import navigasi

pytestmark = pytest.mark.django_db

PERAN = [p for p, _ in Pengguna.PERAN_CHOICES]
# One user of each role in the shared world (tests/conftest.py), and a superuser.
PENGGUNA = {"staf_a": "staf", "operator_a": "operator", "verifikator_a": "verifikator", "camat_a": "camat",
            "pemantau": "pemantau", "admin": None}
# Outside the table: the sign-in and sign-out pages, the forgotten-password pages (for people who
# cannot sign in), and the admin with its own permissions.
BUKAN_LAYAR = {"login", "logout", "password_reset", "password_reset_done", "password_reset_confirm",
               "password_reset_complete"}


def _pola(resolver=None, awalan=""):
    """(path, name, view) of every URL of the project, the admin's left out."""
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name != "admin":
                yield from _pola(p, awalan + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield awalan + str(p.pattern), p.name, p.callback


def _boleh_menurut_tabel(peran, layar: akses.Layar, tulis: bool = False) -> bool:
    diizinkan = layar.tulis if tulis else layar.baca
    return peran is None or diizinkan is akses.SEMUA or peran in diizinkan


def test_every_view_behind_a_url_is_a_screen_of_the_table():
    tanpa_layar, dipakai, cek_di_view = [], set(), set()
    for jalur, nama, view in _pola():
        if nama in BUKAN_LAYAR:
            continue
        tanda = getattr(view, "akses_layar", None)
        if tanda is None or tanda[0] not in akses.LAYAR:
            tanpa_layar.append(f"{jalur} ({nama})")
            continue
        dipakai.add(tanda[0])
        if tanda[2]:
            cek_di_view.add(nama)
    assert tanpa_layar == []
    assert dipakai == set(akses.LAYAR)  # and no screen of the table without a view
    # The two views that ask akses.boleh() themselves, after a redirect or a 404 that comes first.
    assert cek_di_view == {"verifikasi_daftar", "buka_kunci"}


@pytest.mark.parametrize(("username", "boleh"), [("staf_a", False), ("verifikator_a", False), ("camat_a", True)])
def test_the_views_that_check_inside_let_in_the_roles_of_the_table(masuk, dunia, username, boleh):
    client = masuk(username)
    daftar = client.get(reverse("verifikasi_daftar"))
    assert (daftar.status_code != 403) == akses.boleh(dunia.user(username), "verifikasi")
    jabatan = dunia.tahun_a.jabatan.first()  # of the user's own unit
    buka = client.post(reverse("buka_kunci", args=[jabatan.pk, 3]), {"alasan": "salah ketik"})
    assert (buka.status_code != 403) == boleh


@pytest.mark.parametrize("nama", list(akses.LAYAR))
@pytest.mark.parametrize("tulis", [False, True])
def test_the_decorator_lets_in_exactly_the_roles_of_the_table(rf, nama, tulis):
    view = akses.untuk(nama, tulis=tulis)(lambda request: HttpResponse("isi"))
    for peran in [*PERAN, None]:
        request = rf.get("/")
        request.user = Pengguna(username="x", peran=peran or Pengguna.STAF, is_superuser=peran is None)
        if _boleh_menurut_tabel(peran, akses.LAYAR[nama], tulis):
            assert view(request).content == b"isi", peran
        else:
            with pytest.raises(PermissionDenied):
                view(request)


def test_anonymous_is_sent_to_the_login_page_from_every_screen(rf):
    from django.contrib.auth.models import AnonymousUser

    for nama in akses.LAYAR:
        request = rf.get("/x/")
        request.user = AnonymousUser()
        response = akses.untuk(nama)(lambda request: HttpResponse("isi"))(request)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), nama


@pytest.mark.parametrize("username", list(PENGGUNA))
@pytest.mark.parametrize("nama", [n for n, layar in akses.LAYAR.items() if layar.url])
def test_the_menu_offers_a_screen_iff_the_role_may_open_it(rf, masuk, dunia, username, nama):
    """Each menu screen requested as each role: refused (403) exactly when the table says so, and
    in that role's menu exactly when the table says so, which is whenever the role may open it
    unless the table gives the menu entry to fewer roles (see the next test)."""
    layar, peran, user = akses.LAYAR[nama], PENGGUNA[username], dunia.user(username)
    boleh = _boleh_menurut_tabel(peran, layar)
    response = masuk(username).get(reverse(layar.url))
    ke_daftar_unit = response.status_code == 302 and response["Location"] == reverse("daftar_unit")
    if not (ke_daftar_unit and user.unit_id is None):
        # (The unit screens send a user without a unit to the unit list before any check.)
        assert (response.status_code != 403) == boleh, response.status_code

    request = rf.get("/")
    request.user = user
    di_menu = layar.label in [label for label, _ in navigasi(request)["menu_navigasi"]]
    pemegang_menu = layar.baca if layar.menu is None else layar.menu
    assert di_menu == (peran is None or pemegang_menu is akses.SEMUA or peran in pemegang_menu)
    if layar.menu is None:
        assert di_menu == boleh


def test_the_menu_leaves_out_a_screen_a_role_may_open_only_where_the_table_says_so():
    """Today four menu entries are for fewer roles than may open the screen; a menu entry never
    leads to a refusal."""
    lebih_sempit = {n: layar for n, layar in akses.LAYAR.items() if layar.menu is not None}
    assert set(lebih_sempit) == {"entri", "ikm", "unit", "persiapan"}
    for layar in lebih_sempit.values():
        assert layar.url and (layar.baca is akses.SEMUA or set(layar.menu) <= set(layar.baca))


def test_who_may_change_a_screen_may_open_it_and_read_only_roles_change_nothing_but_a_locked_month():
    """…and their own settings (the reminder mail they get), which are not the unit's data."""
    pengecualian = {"buka_kunci": {Pengguna.CAMAT}, "pengingat_pengaturan": Pengguna.PERAN_HANYA_BACA}
    for nama, layar in akses.LAYAR.items():
        assert layar.baca is akses.SEMUA or set(layar.tulis) <= set(layar.baca), nama
        hanya_baca = set(layar.tulis) & Pengguna.PERAN_HANYA_BACA
        assert hanya_baca == pengecualian.get(nama, set()), nama


def test_every_role_of_the_table_is_a_role_of_the_app():
    for nama, layar in akses.LAYAR.items():
        for peran in (layar.baca or ()) + layar.tulis + (layar.menu or ()):
            assert peran in PERAN, (nama, peran)


TOMBOL = re.compile(r'<a class="btn btn-outline-secondary btn-sm me-1 mb-1" href="([^"]+)">([^<]+)</a>')


@pytest.mark.parametrize(
    ("username", "tombol", "kabupaten"),
    [
        ("staf_a", ["Dokumen IKI", "Survei IKM"], False),
        ("verifikator_a", ["Dasbor", "Dokumen IKI", "Survei IKM"], False),
        ("operator_a", ["Dasbor", "Dokumen IKI", "Survei IKM", "Presensi &amp; TPP"], True),
        ("camat_a", ["Dasbor", "Dokumen IKI", "Survei IKM", "Presensi &amp; TPP"], True),
        ("pemantau", ["Dasbor", "Dokumen IKI", "Survei IKM", "Presensi &amp; TPP"], True),
        ("admin", ["Dasbor", "Dokumen IKI", "Survei IKM", "Presensi &amp; TPP"], True),
    ],
)
def test_the_unit_list_offers_each_role_the_screens_it_may_open(masuk, username, tombol, kabupaten):
    client = masuk(username)
    html = client.get(reverse("daftar_unit")).content.decode()
    ketapang = html.split("Kantor Kecamatan Ketapang", 1)[1].split("</tr>", 1)[0]
    assert [label for _, label in TOMBOL.findall(ketapang)] == tombol
    assert ("/dasbor/kabupaten/sampang/2023/" in html) == kabupaten
    for url, _ in TOMBOL.findall(ketapang):  # and each button opens
        assert client.get(url).status_code in (200, 302), url
