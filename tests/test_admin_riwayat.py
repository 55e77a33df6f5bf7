"""The admin's history pages (django-simple-history) keep to the operator's unit, and show the past
without offering to write it back.

simple_history loads the object of a history page outside ``get_queryset``: before this was
scoped, unit B's operator read unit A's monthly values, names and NIPs there, and the revert
form of a unit wrote into unit A.
"""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from iki.admin import LINTASAN_UNIT
from iki.models import Realisasi, UnitKerja

pytestmark = pytest.mark.django_db


def _milik_unit(model, unit):
    """One object of ``model`` in ``unit`` (the shared world has one of each kind in Ketapang)."""
    lintasan = LINTASAN_UNIT[model]
    return model._default_manager.filter(**{(f"{lintasan}_id" if lintasan else "pk"): unit.pk}).order_by("pk").first()


def _model_admin_berunit():
    return [m for m in admin.site._registry if m in LINTASAN_UNIT]


def _url(model, nama, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{nama}", args=args)


def test_every_unit_scoped_admin_model_is_walked():
    # A new admin model with a unit must be added to LINTASAN_UNIT (and so to this walk).
    assert len(_model_admin_berunit()) >= 11
    assert Realisasi in _model_admin_berunit() and UnitKerja in _model_admin_berunit()


@pytest.mark.parametrize("model", _model_admin_berunit(), ids=lambda m: m._meta.model_name)
def test_another_units_operator_finds_no_history_page_of_unit_a(masuk, dunia, model):
    obj = _milik_unit(model, dunia.unit_a)
    assert obj is not None, f"dunia uji tidak punya {model._meta.model_name} di unit A"
    client = masuk("operator_b")

    rahasia = [t for t in (str(obj), getattr(obj, "nip", None), getattr(obj, "nama", None)) if t and len(t) > 8]
    response = client.get(_url(model, "history", obj.pk))
    assert response.status_code == 404
    assert not [t for t in rahasia if t in response.content.decode()]

    if not hasattr(model, "history"):  # Pengguna: Django's own history view, no versions
        return
    versi = model.history.filter(**{model._meta.pk.attname: obj.pk}).order_by("history_id").first()
    assert versi is not None, f"{model._meta.model_name} {obj.pk} tidak punya riwayat"
    detail = _url(model, "simple_history", obj.pk, versi.history_id)
    response = client.get(detail)
    assert response.status_code == 404
    assert not [t for t in rahasia if t in response.content.decode()]


def test_another_units_operator_cannot_revert_unit_a_through_history(masuk, dunia):
    unit_a = UnitKerja.objects.get(pk=dunia.unit_a.pk)
    versi = unit_a.history.order_by("history_id").first()
    response = masuk("operator_b").post(
        _url(UnitKerja, "simple_history", unit_a.pk, versi.history_id),
        {"nama": "Diambil alih unit B", "kode_surat": "999.999", "nama_wilayah": "B", "jenis": unit_a.jenis},
    )
    assert response.status_code == 404
    unit_a.refresh_from_db()
    assert unit_a.nama == "Kantor Kecamatan Ketapang"
    assert unit_a.kode_surat != "999.999"


def test_a_history_id_that_is_not_a_number_is_not_found(masuk, dunia):
    client = masuk("operator_a")
    assert client.get("/pengaturan/iki/jabatan/abc/history/").status_code == 404
    assert client.get(f"/pengaturan/iki/unitkerja/{dunia.unit_a.pk}/history/abc/").status_code == 404


def test_own_units_history_is_listed_and_shown_read_only(masuk, dunia):
    client = masuk("operator_a")
    r = Realisasi.objects.for_unit(dunia.unit_a).order_by("pk").first()
    html = client.get(_url(Realisasi, "history", r.pk)).content.decode()
    assert str(r) in html

    versi = r.history.order_by("-history_id").first()
    response = client.get(_url(Realisasi, "simple_history", r.pk, versi.history_id))
    html = response.content.decode()
    assert response.status_code == 200
    # The old version is shown as text: no field to type into, no button that writes it back.
    assert f'<div class="readonly">{r.variabel.nama}</div>' in html
    assert re.findall(r"<(?:input|select|textarea)[^>]*name=\"(?!csrfmiddlewaretoken)", html) == []
    assert 'name="_save"' not in html


def test_reverting_is_not_part_of_this_app_even_for_the_own_unit(masuk, dunia):
    """A revert would skip every rule of the workflow (a verified value, a fixed year): the past is
    only shown. Changes go through the screens that check them."""
    unit_a = UnitKerja.objects.get(pk=dunia.unit_a.pk)
    versi = unit_a.history.order_by("history_id").first()
    for username in ("operator_a", "admin"):
        response = masuk(username).post(
            _url(UnitKerja, "simple_history", unit_a.pk, versi.history_id),
            {"nama": "Dikembalikan", "kode_surat": "999.999", "nama_wilayah": "X", "jenis": unit_a.jenis},
        )
        assert response.status_code == 405
    unit_a.refresh_from_db()
    assert unit_a.nama == "Kantor Kecamatan Ketapang"


# --- Realisasi in the admin: shown, never written -----------------------------------------------


@pytest.mark.parametrize("username", ["operator_a", "admin"])
def test_realisasi_in_the_admin_is_read_only(masuk, dunia, username):
    """Monthly values change only through the saving path (rights, lock, versions, numerator ≤
    denominator, history); the admin once saved "5 approved of 3", decimals and a verified status
    with no verifier."""
    client = masuk(username)
    r = Realisasi.objects.for_unit(dunia.unit_a).filter(status=Realisasi.DRAFT).order_by("pk").first() or (
        Realisasi.objects.for_unit(dunia.unit_a).order_by("pk").first()
    )
    sebelum = (r.nilai, r.status, r.versi, r.history.count())

    halaman = client.get(_url(Realisasi, "change", r.pk)).content.decode()
    assert f'<div class="readonly">{r.variabel.nama}</div>' in halaman
    assert re.findall(r"<(?:input|select|textarea)[^>]*name=\"(?!csrfmiddlewaretoken)", halaman) == []

    data = {"variabel": r.variabel_id, "bulan": r.bulan, "nilai": "12,5", "status": Realisasi.DIVERIFIKASI}
    assert client.post(_url(Realisasi, "change", r.pk), data).status_code == 403
    assert client.post(_url(Realisasi, "add"), data).status_code == 403
    assert client.post(_url(Realisasi, "delete", r.pk), {"post": "yes"}).status_code == 403
    r.refresh_from_db()
    assert (r.nilai, r.status, r.versi, r.history.count()) == sebelum

    daftar = client.get(_url(Realisasi, "changelist")).content.decode()
    assert _url(Realisasi, "add") not in daftar
    assert 'name="action"' not in daftar  # no "delete selected"
