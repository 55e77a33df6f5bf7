"""Bad input into every form a user is shown: a clear answer, never a server error.

The forms are the ones the crawl of ``test_jelajah`` finds (the session's one crawl per user, fixture
``jelajah``) (the app's for each writing role, the
admin's add and change pages for an operator); each field gets, in turn, a script tag, a
spreadsheet formula, a negative, an enormous number, a word where a number belongs and nothing.
Two forms of each shape are tried (the entry form of May is the entry form of June). What a form
accepts must be saved exactly as typed: the rows a POST wrote (their history) are compared with it.
"""

import re
from collections import Counter
from html import unescape
from urllib.parse import urljoin

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Max

from iki.inti.angka import parse_angka
from tests.test_jelajah import ADMIN, SELALU_LEWATI, Jelajah, _jalur

pytestmark = pytest.mark.django_db

NAMA = re.compile(r"<(?:input|select|textarea)[^>]*name=\"([^\"]+)\"", re.I)
TERSEMBUNYI = re.compile(r"<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"", re.I)
# A file input: text posted under its name is no upload, so nothing is saved from it (files have
# their own junk tests in test_cetak and test_bukti).
BERKAS = re.compile(r"<input[^>]*type=\"file\"[^>]*name=\"([^\"]+)\"", re.I)
ACTION = re.compile(r"action=\"([^\"]*)\"")
# The admin's formset bookkeeping must stay intact, or Django refuses the whole form up front.
MANAJEMEN = re.compile(r"name=\"([^\"]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)\"[^>]*value=\"(\d+)\"")
SKRIP = "<script>alert(1)</script>"
# Junk, and two numbers a browser's type=number would have changed (92,5 → 925).
NILAI_RUSAK = [SKRIP, '=HYPERLINK("http://x")', "-5", "9" * 30, "abc", "", "92,5", "1.250"]
RIWAYAT = [m for m in apps.get_app_config("iki").get_models() if m.__name__.startswith("Historical")]


def _riwayat_terakhir() -> dict:
    return {m: m.objects.aggregate(n=Max("history_id"))["n"] or 0 for m in RIWAYAT}


def _tidak_persis(sebelum: dict, nama: list[str], nilai: str) -> list[str]:
    """Fields of the rows a POST saved that hold something else than what was typed in them.

    A field is matched by its name in the form (``target-0-nilai`` → ``nilai``); text must be kept
    as typed, a number must be the one reading of what was typed (``92,5`` → 92.5, never 925).
    ``nama`` are the fields a person types into (hidden bookkeeping such as ``versi`` is not).
    """
    dikirim = {n.rsplit("-", 1)[-1] for n in nama}
    salah = []
    for model, terakhir in sebelum.items():
        for baris in model.objects.filter(history_id__gt=terakhir, history_type__in="+~"):
            for field in model._meta.fields:
                if field.name not in dikirim or field.is_relation or field.choices:
                    continue
                tersimpan = getattr(baris, field.attname)
                if isinstance(field, (models.CharField, models.TextField)):
                    persis = tersimpan == nilai or (nilai == "" and not tersimpan)
                elif isinstance(field, (models.DecimalField, models.IntegerField)):
                    try:
                        persis = tersimpan == parse_angka(nilai) if nilai else tersimpan is None
                    except ValueError:
                        persis = False
                else:
                    continue
                if not persis and not (field.has_default() and tersimpan == field.get_default() and nilai == ""):
                    salah.append(f"{model.__name__}.{field.name}: {nilai!r} tersimpan sebagai {tersimpan!r}")
    return salah


def _formulir(jelajah: Jelajah, halaman: list[str]) -> dict[str, tuple[list[str], dict[str, str], set[str]]]:
    """Each POST form the crawl saw on the pages: target → (field names, management fields to keep,
    hidden ones)."""
    hasil: dict[str, tuple[list[str], dict[str, str], set[str]]] = {}
    per_bentuk: Counter[str] = Counter()
    for url in halaman:
        for kepala, isi in jelajah.formulir.get(url, []):
            cocok = ACTION.search(kepala)
            tujuan = _jalur(urljoin(url, unescape(cocok[1]))) if cocok and cocok[1] else url
            bentuk = re.sub(r"\d+", "N", tujuan)
            if tujuan in hasil or tujuan.startswith(SELALU_LEWATI) or per_bentuk[bentuk] >= 2:
                continue
            per_bentuk[bentuk] += 1
            nama = sorted(set(NAMA.findall(isi)) - {"csrfmiddlewaretoken"})
            hasil[tujuan] = (
                nama, dict(MANAJEMEN.findall(isi)), set(TERSEMBUNYI.findall(isi)) | set(BERKAS.findall(isi))
            )
    return hasil


def _kirim_rusak(client, formulir) -> list[tuple]:
    gagal = []
    for tujuan, (nama, tetap, tersembunyi) in formulir.items():
        for nilai in NILAI_RUSAK:
            sebelum = _riwayat_terakhir()
            response = client.post(tujuan, {**{n: nilai for n in nama}, **tetap})
            if response.status_code >= 500:
                gagal.append((tujuan, nilai, response.status_code))
            elif "text/html" in response.get("Content-Type", "") and SKRIP in response.content.decode():
                gagal.append((tujuan, nilai, "skrip tidak di-escape"))
            ketik = [n for n in nama if n not in tersembunyi]
            gagal += [(tujuan, nilai, s) for s in _tidak_persis(sebelum, ketik, nilai)]
    return gagal


@pytest.fixture
def klien(client):
    client.raise_request_exception = False  # a crash is reported as a 500, with the others
    return client


@pytest.mark.parametrize("username", ["operator_a", "staf_a", "verifikator_a", "camat_a"])
def test_bad_input_in_every_form_gets_an_answer_not_a_crash(jelajah, klien, masuk, username):
    hasil = jelajah(username)
    formulir = _formulir(hasil, [url for url, kode in hasil.status.items() if kode == 200])
    assert formulir
    assert _kirim_rusak(masuk(username), formulir) == []


def test_bad_input_in_the_admin_forms_gets_an_answer_not_a_crash(jelajah, klien, masuk):
    hasil = jelajah("operator_a", ADMIN)
    halaman = [url for url, kode in hasil.status.items() if kode == 200 and url.endswith(("/add/", "/change/"))]
    formulir = _formulir(hasil, halaman)
    assert len(formulir) > 10
    assert _kirim_rusak(masuk("operator_a"), formulir) == []
