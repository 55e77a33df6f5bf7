"""The idle timeout without a session write on every page view.

A session lives ``SESSION_COOKIE_AGE`` after the last request. Django's
``SESSION_SAVE_EVERY_REQUEST`` keeps it so by saving the session on every request: one
database write per page view, on every app server, which a cached dashboard would otherwise not
need. This middleware saves it at most once every ``SEGARKAN_SETIAP`` seconds instead, so the
session may end up to that much earlier than the last request + ``SESSION_COOKIE_AGE``; the
entry page warns five minutes before (``realisasi.views_entri.peringatan_sesi``), well ahead.
"""

import time

SEGARKAN_SETIAP = 60  # seconds
KUNCI = "_disegarkan"


def saat_masuk(sender, request, user, **kwargs):
    """Logging in saves the session anyway: the idle clock starts there (``IkiConfig.ready``)."""
    if hasattr(request, "session"):
        request.session[KUNCI] = int(time.time())


class SegarkanSesi:
    """Placed after SessionMiddleware (so its response step runs first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        sesi = getattr(request, "session", None)
        if sesi is not None and not sesi.is_empty():
            sekarang = int(time.time())
            if sekarang - sesi.get(KUNCI, 0) >= SEGARKAN_SETIAP:
                sesi[KUNCI] = sekarang  # modified: SessionMiddleware saves it, with a new expiry
        return response
