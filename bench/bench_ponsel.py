"""The entry page on a phone: how heavy it is, and how long it takes on a slow line.

Figures (Playwright driving Debian's chromium at 390 px, against a live server that serves static
files as production does: collected with hashed names and compressed by WhiteNoise, see
``server_produksi``), for the staf of the demo data opening May 2023 to enter it:

- entri_kb_pertama: first load with an empty cache, bytes received for every resource (HTML, CSS,
  JS, anything else the page asks for), headers included, in KB (1024 bytes);
- entri_kb_ulang: the same page opened again with the cache of that first load;
- entri_3g_lambat_s: the first load (empty cache) on a slow 3G line (400 kbit/s each way,
  400 ms latency, CDP ``Network.emulateNetworkConditions``), until the page's load event.

tests/test_browser_bobot.py holds the first load to a budget with the same functions.
The demo data is committed here (a live server's thread must see it) and flushed at the end.
"""

import shutil
import tempfile
from contextlib import contextmanager

BULAN = 5
LAMBAT_3G = {
    "offline": False,
    "latency": 400,  # ms
    "downloadThroughput": 400_000 / 8,  # bytes/s
    "uploadThroughput": 400_000 / 8,
}


@contextmanager
def server_produksi(*, seperti_produksi: bool = True):
    """A live server (its own thread) answering as production does for static files: collectstatic
    into a temporary STATIC_ROOT with WhiteNoise's compressed manifest storage, served by the
    WhiteNoise middleware (not by Django's development static handler). Yields its base URL.
    ``seperti_produksi=False``: static files straight from static/, uncompressed (development)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test.testcases import LiveServerThread
    from django.test.utils import override_settings

    akar = tempfile.mkdtemp(prefix="iki-static-")
    pengaturan = override_settings(ALLOWED_HOSTS=["localhost"]) if not seperti_produksi else override_settings(
        STATIC_ROOT=akar,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        ALLOWED_HOSTS=["localhost"],
    )
    pengaturan.enable()
    server = None
    try:
        if seperti_produksi:
            call_command("collectstatic", interactive=False, verbosity=0)
        # An in-memory SQLite test database is shared with the server's thread, as Django's
        # LiveServerTestCase does; a file or PostgreSQL database is simply opened again.
        bersama = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
        server = LiveServerThread("localhost", static_handler=lambda handler: handler,
                                  connections_override=bersama)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://localhost:{server.port}"
    finally:
        if server is not None:
            server.terminate()
        pengaturan.disable()
        shutil.rmtree(akar, ignore_errors=True)


def cookie_sesi(username: str, url_dasar: str) -> list[dict]:
    """The session cookie of ``username`` logged in (the login page's own files would otherwise
    fill the cache before the entry page's first load)."""
    from django.conf import settings
    from django.test import Client

    from iki.models import Pengguna

    client = Client()
    client.force_login(Pengguna.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
    return [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
             "url": url_dasar}]


def _muat(page, cdp, url: str) -> dict:
    """Open ``url`` (from a blank page, so that a repeat is a navigation, not a reload) and count
    the bytes received until the network is idle."""
    diterima = {}
    cdp.on("Network.loadingFinished", lambda e: diterima.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto("about:blank")
    diterima.clear()
    response = page.goto(url, wait_until="networkidle")
    muat_s = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
    return {"status": response.status, "judul": page.title(), "byte": sum(diterima.values()),
            "permintaan": len(diterima), "muat_s": muat_s}


def ukur_entri(browser, url_dasar: str, jalur: str, username: str, *, lambat: bool = True) -> dict:
    """First load, repeat load and (``lambat``) the slow-3G first load of one page as ``username``
    on a 390 px phone. Returns {"pertama": ..., "ulang": ..., "lambat": ...} as ``_muat`` counts."""
    url = url_dasar + jalur
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        context.add_cookies(cookie_sesi(username, url_dasar))
        page = context.new_page()
        page.set_default_timeout(60000)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        hasil = {"pertama": _muat(page, cdp, url)}
        hasil["ulang"] = _muat(page, cdp, url)
        if lambat:
            cdp.send("Network.clearBrowserCache")
            cdp.send("Network.emulateNetworkConditions", LAMBAT_3G)
            hasil["lambat"] = _muat(page, cdp, url)
        return hasil
    finally:
        context.close()


def _siapkan_data() -> tuple[str, str]:
    """The demo data (as `make demo`), May opened again for entry; the staf's username and the
    entry page's path."""
    from iki.models import Pengguna, Realisasi
    from iki.set_iki.data import ketapang_2023
    from iki.set_iki.muat import muat_iki
    from iki.umum.akun import buat_pengguna_demo

    tahun = muat_iki(ketapang_2023, contoh=True)
    staf = next(u for u in buat_pengguna_demo() if u.peran == Pengguna.STAF)
    Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=BULAN).delete()
    return staf.username, f"/realisasi/{tahun.unit.kode}/{tahun.tahun}/{BULAN}/"


def run():
    import os
    import shutil as sh

    from django.core.management import call_command
    from playwright.sync_api import sync_playwright

    chromium = sh.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(chromium):
        return []
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread
    try:
        username, jalur = _siapkan_data()
        with server_produksi() as url_dasar, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            try:
                hasil = ukur_entri(browser, url_dasar, jalur, username)
            finally:
                browser.close()
    finally:
        call_command("flush", interactive=False, verbosity=0)
    return [
        {"name": "entri_kb_pertama", "value": round(hasil["pertama"]["byte"] / 1024, 1), "unit": "KB"},
        {"name": "entri_kb_ulang", "value": round(hasil["ulang"]["byte"] / 1024, 1), "unit": "KB"},
        {"name": "entri_3g_lambat_s", "value": round(hasil["lambat"]["muat_s"], 2), "unit": "s"},
    ]
