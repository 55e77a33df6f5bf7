"""Parking an upload between its preview and its confirmation (iki.umum.unggahan.parkir): through
Django's storage, so that a preview served by one app server can be confirmed on another."""

import io
import os
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.utils import timezone

from iki.umum.penyimpanan import bersihkan_berkas
from iki.umum.unggahan import UMUR_PARKIR, ambil_parkiran, bersihkan_parkiran, buang_parkiran, parkir

SITI = SimpleNamespace(pk=7)
BUDI = SimpleNamespace(pk=8)
DATA = b"PK\x03\x04 isi unggahan"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def berkas_di(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*") if p.is_file())


def test_parked_on_one_host_taken_on_another(tmp_path):
    bersama = tmp_path / "penyimpanan-bersama"
    host_a, host_b = FileSystemStorage(location=bersama), FileSystemStorage(location=bersama)
    token = parkir(DATA, user=SITI, jenis="realisasi", storage=host_a)
    assert ambil_parkiran(token, user=SITI, jenis="realisasi", storage=host_b) == DATA
    buang_parkiran(token, user=SITI, jenis="realisasi", storage=host_b)
    assert ambil_parkiran(token, user=SITI, jenis="realisasi", storage=host_a) is None
    assert berkas_di(bersama) == []


def test_parking_goes_through_default_storage_under_parkir(media):
    token = parkir(DATA, user=SITI, jenis="set-iki")
    assert berkas_di(media) == [f"parkir/set-iki/7/{token}"]
    assert default_storage.exists(f"parkir/set-iki/7/{token}")
    host_lain = FileSystemStorage(location=media)
    assert ambil_parkiran(token, user=SITI, jenis="set-iki", storage=host_lain) == DATA


def test_another_users_token_is_refused(media):
    token = parkir(DATA, user=SITI, jenis="realisasi")
    assert ambil_parkiran(token, user=BUDI, jenis="realisasi") is None
    buang_parkiran(token, user=BUDI, jenis="realisasi")  # nor can another user remove it
    assert ambil_parkiran(token, user=SITI, jenis="realisasi") == DATA


def test_another_imports_token_is_refused(media):
    token = parkir(DATA, user=SITI, jenis="realisasi")
    assert ambil_parkiran(token, user=SITI, jenis="set-iki") is None


@pytest.mark.parametrize("jenis, umur", [("realisasi", timedelta(hours=2)), ("set-iki", timedelta(hours=24))])
def test_an_expired_upload_is_refused(media, jenis, umur):
    assert UMUR_PARKIR[jenis] == umur
    sekarang = timezone.now()
    token = parkir(DATA, user=SITI, jenis=jenis, sekarang=sekarang)
    detik = timedelta(seconds=5)  # the file's time is the clock's when it was written
    assert ambil_parkiran(token, user=SITI, jenis=jenis, sekarang=sekarang + umur - detik) == DATA
    assert ambil_parkiran(token, user=SITI, jenis=jenis, sekarang=sekarang + umur + detik) is None


@pytest.mark.parametrize("token", [None, "", "x", "../../etc/passwd", "a/b" * 10, "A" * 200, "é" * 32])
def test_a_malformed_token_is_refused(media, token):
    assert ambil_parkiran(token, user=SITI, jenis="realisasi") is None
    buang_parkiran(token, user=SITI, jenis="realisasi")


def test_an_unknown_import_is_a_programming_error(media):
    with pytest.raises(ValueError):
        parkir(DATA, user=SITI, jenis="lain")


def _tua(media, nama, jam):
    lama = time.time() - jam * 3600
    os.utime(Path(media) / nama, (lama, lama))


def test_parking_removes_the_expired_uploads_of_its_own_import_only(media):
    lama = parkir(DATA, user=BUDI, jenis="realisasi")
    lain = parkir(DATA, user=BUDI, jenis="set-iki")
    _tua(media, f"parkir/realisasi/8/{lama}", 3)
    _tua(media, f"parkir/set-iki/8/{lain}", 3)
    baru = parkir(DATA, user=SITI, jenis="realisasi")
    assert berkas_di(media) == sorted([f"parkir/realisasi/7/{baru}", f"parkir/set-iki/8/{lain}"])


def test_the_daily_sweep_removes_expired_parked_uploads(dunia, media):
    muda = parkir(DATA, user=SITI, jenis="realisasi")
    lama = parkir(DATA, user=SITI, jenis="realisasi")
    sehari = parkir(DATA, user=BUDI, jenis="set-iki")
    _tua(media, f"parkir/realisasi/7/{lama}", 3)
    _tua(media, f"parkir/set-iki/8/{sehari}", 3)  # still confirmable: set-iki allows 24 hours

    assert bersihkan_parkiran(sekarang=timezone.now(), coba=True) == [f"parkir/realisasi/7/{lama}"]
    hasil = bersihkan_berkas(sekarang=timezone.now(), coba=True)
    assert hasil.parkiran == [f"parkir/realisasi/7/{lama}"] and hasil.dihapus == []

    keluaran = io.StringIO()
    call_command("bersihkan_berkas", stdout=keluaran)
    assert f"Dihapus: parkir/realisasi/7/{lama}" in keluaran.getvalue()
    assert "1 unggahan pratinjau impor yang kedaluwarsa dihapus." in keluaran.getvalue()
    assert berkas_di(media) == sorted([f"parkir/realisasi/7/{muda}", f"parkir/set-iki/8/{sehari}"])
