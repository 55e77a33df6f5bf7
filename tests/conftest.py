"""The shared test world, built once per session (house style: healthchecks' hc/test.py).

Unit A is Kecamatan Ketapang with its 2023 IKI and demo data; unit B (Banyuates) is a second
kecamatan of the same kabupaten with a small set, so every view can be tried across units.
Users: operator_a, staf_a, verifikator_a, camat_a, pemantau (kabupaten), staf_b, operator_b.
"""

import os
import shutil
from datetime import date

import pytest
from django.conf import settings
from django.core.cache import cache

from iki.models import (
    BarisIKI,
    Indikator,
    Jabatan,
    Pegawai,
    Pengguna,
    Penugasan,
    Sasaran,
    TahunIKI,
    UnitKerja,
    Variabel,
)
from iki.set_iki.data import ketapang_2023
from iki.set_iki.muat import muat_iki

PASSWORD = "rahasia-uji-123"


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    # Transactional tests (live_server, threads) empty the database when they end: run them
    # after every test that relies on the session's shared world. They use `dunia_tx`.
    # The browser tests come last of all: the session's one chromium keeps Playwright's event loop
    # running in this thread from the first of them to the end of the session.
    def urutan(item):
        if "peramban" in item.fixturenames:
            return 2
        return int(bool({"transactional_db", "live_server"} & set(item.fixturenames)))

    items.sort(key=urutan)


def _pengguna(username, peran, unit=None, kabupaten=None, pegawai=None, **extra):
    user = Pengguna(username=username, peran=peran, unit=unit, kabupaten=kabupaten, pegawai=pegawai, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def bangun_dunia():
    from iki.umum.akun import pastikan_grup_operator

    tahun_a = muat_iki(ketapang_2023, contoh=True)
    unit_a = tahun_a.unit
    unit_b = UnitKerja.objects.create(
        kabupaten=unit_a.kabupaten,
        kode="banyuates",
        nama="Kantor Kecamatan Banyuates",
        nama_wilayah="Kecamatan Banyuates",
        jabatan_pimpinan="Camat Banyuates",
    )
    tahun_b = TahunIKI.objects.create(unit=unit_b, tahun=2023)
    jabatan_b = Jabatan.objects.create(tahun=tahun_b, kode="sekcam", nama="Sekretaris Kecamatan Banyuates")
    sasaran_b = Sasaran.objects.create(tahun=tahun_b, teks="Meningkatnya pelayanan")
    indikator_b = Indikator.objects.create(
        tahun=tahun_b, kode="surat", nama="Persentase surat selesai", rumus="selesai / masuk * 100"
    )
    Variabel.objects.create(indikator=indikator_b, kode="selesai", nama="Surat selesai", pengisi=jabatan_b)
    Variabel.objects.create(indikator=indikator_b, kode="masuk", nama="Surat masuk", pengisi=jabatan_b)
    BarisIKI.objects.create(jabatan=jabatan_b, sasaran=sasaran_b, indikator=indikator_b, urutan=1)

    kasi_pem = Jabatan.objects.get(tahun=tahun_a, kode="kasi_pemerintahan")
    sekcam = Jabatan.objects.get(tahun=tahun_a, kode="sekcam")
    pegawai_staf = Pegawai.objects.create(unit=unit_a, nip="198801012010011001", nama="Staf A")
    pegawai_ver = Pegawai.objects.create(unit=unit_a, nip="198502022009012002", nama="Verifikator A")
    pegawai_b = Pegawai.objects.create(unit=unit_b, nip="199303032018031005", nama="Staf B")
    Penugasan.objects.create(pegawai=pegawai_staf, jabatan=kasi_pem, mulai=date(2023, 1, 1))
    Penugasan.objects.create(pegawai=pegawai_ver, jabatan=sekcam, mulai=date(2023, 1, 1))
    Penugasan.objects.create(pegawai=pegawai_b, jabatan=jabatan_b, mulai=date(2023, 1, 1))

    operator_a = _pengguna("operator_a", Pengguna.OPERATOR, unit_a, is_staff=True)
    operator_a.groups.add(pastikan_grup_operator())
    operator_b = _pengguna("operator_b", Pengguna.OPERATOR, unit_b, is_staff=True)
    operator_b.groups.add(pastikan_grup_operator())
    _pengguna("staf_a", Pengguna.STAF, unit_a, pegawai=pegawai_staf)
    _pengguna("verifikator_a", Pengguna.VERIFIKATOR, unit_a, pegawai=pegawai_ver)
    _pengguna("camat_a", Pengguna.CAMAT, unit_a)
    _pengguna("pemantau", Pengguna.PEMANTAU, kabupaten=unit_a.kabupaten)
    _pengguna("staf_b", Pengguna.STAF, unit_b, pegawai=pegawai_b)
    _pengguna("admin", Pengguna.OPERATOR, is_superuser=True, is_staff=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        bangun_dunia()


@pytest.fixture(autouse=True)
def _cache_kosong():
    """Each test starts with an empty cache, as each starts from the shared world: a test that
    reads a page's context gets the page computed, not a body an earlier test cached. (Entries
    could not be stale anyway: iki.umum.versi never reuses a version.)"""
    cache.clear()


@pytest.fixture
def dunia_tx(transactional_db):
    """The world for transactional tests (committed data other threads can see); rebuilt if
    an earlier transactional test emptied the database."""
    if not Pengguna.objects.filter(username="camat_a").exists():
        bangun_dunia()


@pytest.fixture
def dunia(db):
    """Handy references into the shared world."""

    class Dunia:
        unit_a = UnitKerja.objects.get(kode="ketapang")
        unit_b = UnitKerja.objects.get(kode="banyuates")
        tahun_a = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
        tahun_b = TahunIKI.objects.get(unit__kode="banyuates", tahun=2023)

        @staticmethod
        def user(username):
            return Pengguna.objects.get(username=username)

    return Dunia


@pytest.fixture(scope="session")
def jelajah(django_db_blocker):
    """``jelajah(username, awal="/")``: the crawl of tests/test_jelajah.py for that user and start,
    made once per session and shared by the crawl, cross-unit and junk-input tests.

    The crawl is GET only and runs in a transaction rolled back at its end (the login, any row a
    page writes), so it sees the shared world as every test starts with it. Call it before the
    test changes anything: the first call for a (user, start) runs inside that test's transaction.
    """
    from django.db import transaction

    from tests.test_jelajah import jelajahi

    hasil = {}

    def _jelajah(username, awal="/"):
        if (username, awal) not in hasil:
            with django_db_blocker.unblock(), transaction.atomic():
                hasil[username, awal] = jelajahi(username, awal)
                transaction.set_rollback(True)
        return hasil[username, awal]

    return _jelajah


@pytest.fixture
def masuk(client):
    """Log the test client in as one of the world's users: masuk("camat_a")."""

    def _masuk(username):
        client.force_login(
            Pengguna.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
        )
        return client

    return _masuk


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright (never a downloaded browser), launched once per session."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium dari Debian belum terpasang (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()
        _tutup_koneksi()


@pytest.fixture
def peramban(chromium):
    """The session's chromium for one test: make pages with ``new_page(...)`` or ``new_context(...)``;
    each is a fresh context (no cookies, storage or downloads of another test) and is closed when
    the test ends."""
    yield chromium
    for context in list(chromium.contexts):
        context.close()
    _tutup_koneksi()


def _tutup_koneksi():
    # The test's ORM calls made while Playwright's loop ran opened connections of their own;
    # close them here, or PostgreSQL cannot drop the test database at the end.
    from django.db import connections

    connections.close_all()


@pytest.fixture(autouse=True)
def _cache_pdf_kosong():
    """Every test starts without cached PDFs (``cache/`` in the default storage outlives the
    database's rollback; a PDF another test rendered, or faked, must not be served here)."""
    shutil.rmtree(settings.MEDIA_ROOT / "cache", ignore_errors=True)
