"""A user with a one-time password (``Pengguna.wajib_ganti_sandi``) sees nothing but the
change-password page until they have chosen their own.

It reads the flag from ``request.user``, which AuthenticationMiddleware loads anyway for every
signed-in view: no query of its own. Static files (served by WhiteNoise before this runs), the
login, the logout and the change page itself pass.
"""

from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

HALAMAN_GANTI = "password_change"
LEWAT = ("login", "logout", HALAMAN_GANTI)


@cache
def _jalur_lewat() -> frozenset[str]:
    return frozenset(reverse(nama) for nama in LEWAT)


class WajibGantiSandi:
    """Placed after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._harus_ganti(request):
            tujuan = reverse(HALAMAN_GANTI)
            if request.method == "GET" and request.path != reverse("beranda"):
                tujuan += "?" + urlencode({"next": request.get_full_path()})
            return redirect(tujuan)
        return self.get_response(request)

    @staticmethod
    def _harus_ganti(request) -> bool:
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return False
        if request.path in _jalur_lewat():
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and user.wajib_ganti_sandi)
