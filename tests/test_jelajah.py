"""Every link a user is shown leads somewhere that works for that user.

For each role, follow the same-site links from the home page, breadth first, GET only: no page
may fail (5xx), and no page may offer a link that the same user is then refused (403) or does
not find (404). Downloads are fetched but not parsed. The admin (/pengaturan/) is crawled on its
own, from its index, without the sort, search and filter variants of its lists, and with three
objects of each kind (its pages are the same for every row). Year navigation
would walk 2000–2100 page by page: only the world's year and its neighbours, and the current
year and its neighbours, are followed (other years are the same pages without data).
"""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from iki.models import Pengguna

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)"')
ADMIN = "/pengaturan/"
SELALU_LEWATI = ("/static/", "/keluar/", "/masuk/", f"{ADMIN}logout/")
TAHUN = re.compile(r"(?<!\d)20\d\d(?!\d)")
TAHUN_DIIKUTI = {2022, 2023, 2024} | {date.today().year + d for d in (-1, 0, 1)}
MAKS_HALAMAN = 600


def _jalur(url: str) -> str:
    bagian = urlsplit(url)
    return bagian.path + (f"?{bagian.query}" if bagian.query else "")


def _diikuti(jalur: str, admin: bool) -> bool:
    if jalur.startswith(SELALU_LEWATI) or jalur.startswith(ADMIN) != admin:
        return False
    if any(int(t) not in TAHUN_DIIKUTI for t in TAHUN.findall(jalur)):
        return False
    # The admin's lists by every column, page and filter are one view: the plain list is enough.
    return not (admin and urlsplit(jalur).query)


def _tautan(base: str, html: str, admin: bool) -> list[str]:
    hasil = []
    for href in HREF.findall(html):
        url = urljoin(base, unescape(href))
        bagian = urlsplit(url)
        if bagian.scheme not in ("", "http", "https") or bagian.netloc not in ("", "testserver"):
            continue  # data:, mailto:, another site
        if _diikuti(_jalur(url), admin):
            hasil.append(_jalur(url))
    return hasil


FORM_POST = re.compile(r'<form[^>]*method="post"[^>]*>', re.I)
FORM = re.compile(r'(<form[^>]*method="post"[^>]*>)(.*?)</form>', re.I | re.S)
ACTION = re.compile(r'action="([^"]*)"')


H1 = re.compile(r"<h1[\s>]")
JUDUL = re.compile(r"<title>\s*(\S.*?)</title>", re.S)


def cacat_halaman(html: str) -> str | None:
    """What a page of the app lacks: Indonesian as its language, a title, exactly one heading."""
    if '<html lang="id"' not in html:
        return "bahasa halaman bukan id"
    if not JUDUL.search(html):
        return "tanpa judul"
    if len(H1.findall(html)) != 1:
        return f"{len(H1.findall(html))} judul utama (h1)"
    return None


@dataclass
class Jelajah:
    """What one crawl saw: the status of every page reached (in the order reached), where each was
    first linked from, the target of every POST form (target → first page showing it), what pages
    lack (``cacat_halaman``), each page's POST forms (opening tag, body), any server error, and the
    pages that answered HTML (not a download), in the order reached."""

    status: dict[str, int] = field(default_factory=dict)
    asal: dict[str, str] = field(default_factory=dict)
    aksi: dict[str, str] = field(default_factory=dict)
    cacat: dict[str, str] = field(default_factory=dict)
    formulir: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    galat: dict[str, str] = field(default_factory=dict)
    html: list[str] = field(default_factory=list)


def jelajahi(username: str, awal: str = "/") -> Jelajah:
    """Crawl the site as ``username`` from ``awal``, GET only. Run it through the session fixture
    ``jelajah`` (tests/conftest.py), which keeps one crawl per user and start for every test."""
    client = Client(raise_request_exception=False)  # a crash is a 500 in the map, with its reason
    client.force_login(Pengguna.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
    admin = awal.startswith(ADMIN)
    hasil = Jelajah(asal={awal: "(awal)"})
    antre = deque([awal])
    per_pola: Counter[str] = Counter()
    while antre and len(hasil.status) < MAKS_HALAMAN:
        url = antre.popleft()
        if admin:
            per_pola[pola := re.sub(r"\d+", "N", url)] += 1
            if per_pola[pola] > 3:
                continue
        response = client.get(url)
        hasil.status[url] = response.status_code
        if getattr(response, "exc_info", None):
            hasil.galat[url] = repr(response.exc_info[1])
        if response.status_code in (301, 302):
            tujuan = _jalur(urljoin(url, response["Location"]))
            if tujuan not in hasil.asal and _diikuti(tujuan, admin):
                hasil.asal[tujuan] = url
                antre.append(tujuan)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        hasil.html.append(url)
        html = response.content.decode()
        if masalah := cacat_halaman(html):
            hasil.cacat[url] = masalah
        for form in FORM_POST.findall(html):
            cocok = ACTION.search(form)
            hasil.aksi.setdefault(_jalur(urljoin(url, unescape(cocok[1]))) if cocok and cocok[1] else url, url)
        if forms := FORM.findall(html):
            hasil.formulir[url] = forms
        for tautan in _tautan(url, html, admin):
            if tautan not in hasil.asal:
                hasil.asal[tautan] = url
                antre.append(tautan)
    assert not antre, f"lebih dari {MAKS_HALAMAN} halaman: naikkan batasnya agar semua diperiksa"
    return hasil


def _gagal(jelajah: Jelajah) -> dict[str, tuple]:
    return {
        url: (kode, jelajah.asal[url], *([jelajah.galat[url]] if url in jelajah.galat else []))
        for url, kode in jelajah.status.items()
        if kode >= 400
    }


@pytest.mark.parametrize(
    "username", ["staf_a", "operator_a", "verifikator_a", "camat_a", "pemantau", "staf_b", "admin"]
)
def test_every_link_shown_to_a_user_works_for_that_user(jelajah, username):
    hasil = jelajah(username)
    assert not _gagal(hasil), f"{username}: tautan yang gagal (status, dari halaman): {_gagal(hasil)}"
    assert len(hasil.status) > 10  # the crawl really went somewhere
    assert hasil.cacat == {}  # every page: lang="id", a title, one h1


@pytest.mark.parametrize(
    ("html", "masalah"),
    [
        ('<html lang="id"><title>Dasbor</title><h1>Dasbor</h1>', None),
        ('<html lang="en"><title>Dasbor</title><h1>Dasbor</h1>', "bahasa halaman bukan id"),
        ('<html lang="id"><title> </title><h1>Dasbor</h1>', "tanpa judul"),
        ('<html lang="id"><title>Dasbor</title><h2>a</h2>', "0 judul utama (h1)"),
        ('<html lang="id"><title>Dasbor</title><h1>a</h1><h1 class="x">b</h1>', "2 judul utama (h1)"),
    ],
)
def test_the_page_check_itself(html, masalah):
    assert cacat_halaman(html) == masalah


@pytest.mark.parametrize("username", ["operator_a", "admin"])
def test_every_admin_page_linked_for_an_operator_works(jelajah, username):
    hasil = jelajah(username, ADMIN)
    assert not _gagal(hasil), f"{username}: halaman admin yang gagal: {_gagal(hasil)}"
    assert any("/history/" in url for url in hasil.status)  # the audit pages were reached too


def test_another_units_pages_are_not_found(jelajah, masuk):
    """Every page of unit A that A's operator and camat reach, asked for by unit B's users: B's
    operator gets 404 on each, B's staf 404 or (for a screen the role never sees) 403; never the page."""
    halaman_a = set()
    for username in ("operator_a", "camat_a"):
        halaman_a |= {url for url, kode in jelajah(username).status.items() if kode == 200}
    milik_a = sorted(
        url for url in halaman_a
        if "/kabupaten/" not in url and ("/ketapang/" in url or re.search(r"/\d+/", url.split("?")[0]))
    )
    assert len(milik_a) > 100
    jawab = {}
    for username in ("operator_b", "staf_b"):
        client = masuk(username)
        jawab.update({(username, url): client.get(url).status_code for url in milik_a})
    assert {k: v for k, v in jawab.items() if k[0] == "operator_b" and v != 404} == {}
    assert {k: v for k, v in jawab.items() if v not in (403, 404)} == {}


def test_read_only_roles_are_refused_every_form_the_writers_see(jelajah, masuk):
    """Each POST form that unit A's operator, staf and verifier are shown, sent by the pemantau
    (reads every unit of the kabupaten) and by the camat: 403, except the camat's one write,
    reopening a locked month."""
    aksi: dict[str, str] = {}
    for username in ("operator_a", "staf_a", "verifikator_a"):
        for url, asal in jelajah(username).aksi.items():
            aksi.setdefault(url, asal)
    # One's own reminder choice is a personal setting every role changes (tests/test_pengingat_layar.py).
    aksi = {url: asal for url, asal in aksi.items() if not url.startswith((*SELALU_LEWATI, "/pengingat/pengaturan/"))}
    assert len(aksi) > 50
    for username in ("pemantau", "camat_a"):
        client = masuk(username)
        jawab = {url: client.post(url, {}).status_code for url in sorted(aksi)}
        if username == "camat_a":
            jawab = {url: kode for url, kode in jawab.items() if "/buka-kunci/" not in url}
        jawab.pop("/sandi/ganti/", None)  # everyone changes their own password (tests/test_pengguna.py)
        assert {url: kode for url, kode in jawab.items() if kode != 403} == {}, username
