"""Every link a user is shown leads somewhere that works for that user.

For each role, follow the same-site links from the home page, breadth first, GET only: no page
may fail (5xx), and no page may offer a link that the same user is then refused (403) or does
not find (404). Downloads are fetched but not parsed; the admin (/pengaturan/) is left to its own
tests. Year navigation would walk 2000–2100 page by page: only the world's year and its
neighbours, and the current year and its neighbours, are followed (other years are the same
pages without data).
"""

import re
from collections import deque
from datetime import date
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)"')
LEWATI = ("/static/", "/pengaturan/", "/keluar/", "/masuk/")
TAHUN = re.compile(r"(?<!\d)20\d\d(?!\d)")
TAHUN_DIIKUTI = {2022, 2023, 2024} | {date.today().year + d for d in (-1, 0, 1)}
MAKS_HALAMAN = 400


def _tautan(base: str, html: str) -> list[str]:
    hasil = []
    for href in HREF.findall(html):
        url = urljoin(base, unescape(href))
        bagian = urlsplit(url)
        if bagian.scheme not in ("", "http", "https") or bagian.netloc not in ("", "testserver"):
            continue  # data:, mailto:, another site
        jalur = bagian.path + (f"?{bagian.query}" if bagian.query else "")
        if jalur.startswith(LEWATI) or any(int(t) not in TAHUN_DIIKUTI for t in TAHUN.findall(jalur)):
            continue
        hasil.append(jalur)
    return hasil


def _jelajahi(client) -> tuple[dict[str, int], dict[str, str], int]:
    """Status of every page reached, where each was first linked from, and how many pages."""
    status: dict[str, int] = {}
    asal: dict[str, str] = {"/": "(awal)"}
    antre = deque(["/"])
    while antre and len(status) < MAKS_HALAMAN:
        url = antre.popleft()
        response = client.get(url)
        status[url] = response.status_code
        if response.status_code in (301, 302):
            tujuan = urljoin(url, response["Location"])
            tujuan = urlsplit(tujuan).path + (f"?{urlsplit(tujuan).query}" if urlsplit(tujuan).query else "")
            if tujuan not in asal and not tujuan.startswith(LEWATI):
                asal[tujuan] = url
                antre.append(tujuan)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for tautan in _tautan(url, response.content.decode()):
            if tautan not in asal:
                asal[tautan] = url
                antre.append(tautan)
    return status, asal, len(status)


@pytest.mark.parametrize("username", ["staf_a", "operator_a", "verifikator_a", "camat_a", "pemantau", "staf_b"])
def test_every_link_shown_to_a_user_works_for_that_user(masuk, username):
    status, asal, jumlah = _jelajahi(masuk(username))
    gagal = {url: (kode, asal[url]) for url, kode in status.items() if kode >= 400}
    assert not gagal, f"{username}: tautan yang gagal (status, dari halaman): {gagal}"
    assert jumlah > 10  # the crawl really went somewhere
