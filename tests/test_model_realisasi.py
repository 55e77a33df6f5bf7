"""The behaviour of the models behind monthly values: an indicator's ratio pairs and a
Realisasi's state changes (iki/models/set_iki.py, iki/models/realisasi.py)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iki.models import Indikator, Konstanta, Variabel

pytestmark = pytest.mark.django_db


# --- Indikator.pasangan_rasio -------------------------------------------------------------------


def _indikator(tahun, kode, rumus, variabel, jenis=Indikator.RUMUS):
    indikator = Indikator.objects.create(tahun=tahun, kode=kode, nama=kode, rumus=rumus, jenis=jenis)
    for k in variabel:
        Variabel.objects.create(indikator=indikator, kode=k, nama=f"Variabel {k}")
    return indikator


def _kode(pasangan):
    return [(a.kode, b.kode) for a, b in pasangan]


@pytest.mark.parametrize(
    "rumus, variabel, harapan",
    [
        ("a / b * 100", ["a", "b"], [("a", "b")]),
        ("(a / b + c / d) / 2 * 100", ["a", "b", "c", "d"], [("a", "b"), ("c", "d")]),
        ("a / desa * 100", ["a"], []),  # a constant denominator is not a count to compare
        ("(a + b) / c * 100", ["a", "b", "c"], []),  # not a plain name over a name
        ("a / b * 100", ["a"], []),  # a name that is not a variable of this indicator
        ("a", ["a"], []),
    ],
)
def test_the_ratio_pairs_of_an_indicator_are_its_variables(dunia, rumus, variabel, harapan):
    Konstanta.objects.create(tahun=dunia.tahun_b, kode="desa", nama="Jumlah desa", nilai=Decimal(20))
    indikator = _indikator(dunia.tahun_b, "uji", rumus, variabel)
    pasangan = indikator.pasangan_rasio()
    assert _kode(pasangan) == harapan
    assert all(isinstance(v, Variabel) and v.indikator_id == indikator.pk for p in pasangan for v in p)


def test_the_formulas_pairs_keep_a_constant_side_for_the_dashboard(dunia):
    Konstanta.objects.create(tahun=dunia.tahun_b, kode="desa", nama="Jumlah desa", nilai=Decimal(20))
    indikator = _indikator(dunia.tahun_b, "uji", "a / desa * 100", ["a"])
    assert indikator.pasangan_rasio_rumus() == [("a", "desa")]
    assert indikator.pasangan_rasio() == []


def test_survey_and_broken_formulas_have_no_pairs(dunia):
    survei = _indikator(dunia.tahun_b, "ikm", "a / b * 100", ["a", "b"], jenis=Indikator.SURVEI)
    rusak = _indikator(dunia.tahun_b, "rusak", "a / (b", ["a", "b"])
    kosong = _indikator(dunia.tahun_b, "kosong", "", ["a", "b"])
    for indikator in (survei, rusak, kosong):
        assert indikator.pasangan_rasio() == [] and indikator.pasangan_rasio_rumus() == []
        assert indikator.rumus_terurai() is None


def test_the_formula_is_parsed_again_only_when_it_changes(dunia):
    indikator = _indikator(dunia.tahun_b, "uji", "a / b * 100", ["a", "b"])
    assert indikator.rumus_terurai() is indikator.rumus_terurai()
    indikator.rumus = "b / a * 100"
    assert indikator.pasangan_rasio_rumus() == [("b", "a")]


def test_pairs_of_many_indicators_read_their_prefetched_variables(dunia):
    indikator = list(Indikator.objects.filter(tahun=dunia.tahun_a).prefetch_related("variabel"))
    with CaptureQueriesContext(connection) as kueri:
        pasangan = [p for i in indikator for p in i.pasangan_rasio()]
    assert len(kueri) == 0
    assert ("ktp_tepat", "ktp_usulan") in _kode(pasangan)
