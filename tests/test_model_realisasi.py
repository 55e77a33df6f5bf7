"""The behaviour of the models behind monthly values: an indicator's ratio pairs and a
Realisasi's state changes (iki/models/set_iki.py, iki/models/realisasi.py)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iki.models import Indikator, Konstanta, Realisasi, Variabel

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


# --- Realisasi: terkunci and the state changes ------------------------------------------------

SEKARANG = datetime(2023, 6, 5, 9, 0, tzinfo=UTC)


def _realisasi(dunia, status=Realisasi.DRAFT, **extra):
    variabel = Variabel.objects.get(indikator__tahun=dunia.tahun_b, kode="selesai")
    Realisasi.objects.filter(variabel=variabel, bulan=5).delete()
    return Realisasi.objects.create(variabel=variabel, bulan=5, nilai=Decimal(40), status=status, **extra)


def _riwayat(r):
    h = r.history.order_by("-history_date", "-history_id").first()
    return h.history_user, h.history_change_reason


@pytest.mark.parametrize(
    "status, terkunci",
    [(Realisasi.DRAFT, False), (Realisasi.DIAJUKAN, False), (Realisasi.DIKEMBALIKAN, False),
     (Realisasi.DIVERIFIKASI, True)],
)
def test_verified_means_locked_for_an_object_a_plain_status_and_a_query(dunia, status, terkunci):
    r = _realisasi(dunia, status)
    assert r.terkunci is terkunci
    assert Realisasi.status_terkunci(status) is terkunci
    assert Realisasi.objects.terkunci().filter(pk=r.pk).exists() is terkunci


def test_typing_a_value_makes_a_new_draft_version(dunia):
    staf = dunia.user("staf_b")
    r = _realisasi(dunia, Realisasi.DIKEMBALIKAN)
    r.isi(Decimal(45), oleh=staf)
    r.save()
    r.refresh_from_db()
    assert (r.nilai, r.status, r.diisi_oleh, r.versi) == (Decimal(45), Realisasi.DRAFT, staf, 2)
    assert _riwayat(r) == (staf, "Disimpan")


def test_submitting_sets_the_time_and_who_filled_it(dunia):
    staf = dunia.user("staf_b")
    r = _realisasi(dunia)
    r.ajukan(oleh=staf, pada=SEKARANG, nilai=Decimal(41))
    r.save()
    r.refresh_from_db()
    assert (r.status, r.nilai, r.diajukan_pada, r.diisi_oleh, r.versi) == (
        Realisasi.DIAJUKAN, Decimal(41), SEKARANG, staf, 2,
    )
    assert _riwayat(r) == (staf, "Diajukan")


def test_verifying_locks_and_clears_the_note(dunia):
    operator = dunia.user("operator_b")
    r = _realisasi(dunia, Realisasi.DIAJUKAN, catatan_verifikasi="lama")
    r.verifikasi(oleh=operator, pada=SEKARANG)
    r.save()
    r.refresh_from_db()
    assert r.terkunci and (r.diverifikasi_oleh, r.diverifikasi_pada, r.catatan_verifikasi) == (operator, SEKARANG, "")
    assert _riwayat(r) == (operator, "Diverifikasi")


def test_returning_keeps_the_verifiers_note(dunia):
    operator = dunia.user("operator_b")
    r = _realisasi(dunia, Realisasi.DIAJUKAN)
    r.kembalikan(oleh=operator, catatan="Cek ulang register")
    r.save()
    r.refresh_from_db()
    assert (r.status, r.catatan_verifikasi, r.versi) == (Realisasi.DIKEMBALIKAN, "Cek ulang register", 2)
    assert _riwayat(r) == (operator, "Dikembalikan: Cek ulang register")


def test_reopening_a_locked_value_makes_it_a_draft_with_the_reason(dunia):
    operator = dunia.user("operator_b")
    r = _realisasi(dunia, Realisasi.DIVERIFIKASI, diverifikasi_oleh=operator, diverifikasi_pada=SEKARANG)
    r.buka(oleh=operator, alasan="Salah ketik")
    r.save()
    r.refresh_from_db()
    assert not r.terkunci
    assert (r.status, r.catatan_verifikasi, r.diverifikasi_oleh, r.diverifikasi_pada) == (
        Realisasi.DRAFT, "Dibuka kembali: Salah ketik", None, None,
    )
    assert _riwayat(r) == (operator, "Dibuka kembali oleh operator_b: Salah ketik")


@pytest.mark.parametrize(
    "status, langkah",
    [
        (Realisasi.DIVERIFIKASI, lambda r, u: r.isi(Decimal(1), oleh=u)),
        (Realisasi.DIVERIFIKASI, lambda r, u: r.ajukan(oleh=u, pada=SEKARANG)),
        (Realisasi.DRAFT, lambda r, u: r.verifikasi(oleh=u, pada=SEKARANG)),
        (Realisasi.DIVERIFIKASI, lambda r, u: r.kembalikan(oleh=u, catatan="x")),
        (Realisasi.DIAJUKAN, lambda r, u: r.buka(oleh=u, alasan="x")),
    ],
)
def test_a_step_from_the_wrong_state_is_a_programming_error(dunia, status, langkah):
    r = _realisasi(dunia, status)
    with pytest.raises(ValueError):
        langkah(r, dunia.user("operator_b"))
    r.refresh_from_db()
    assert (r.status, r.versi) == (status, 1)


def test_a_long_return_note_is_kept_whole_in_the_history(dunia):
    """What a verifier writes is the history row's reason, whole (PostgreSQL refused more than 100
    characters before the reason became a text field)."""
    from iki.models import Pengguna

    r = _realisasi(dunia, status=Realisasi.DIAJUKAN)
    catatan = "Jumlah usulan belum sama dengan buku register pelayanan. " * 8
    verifikator = Pengguna.objects.get(username="operator_b")
    r.kembalikan(oleh=verifikator, catatan=catatan)
    r.save()
    assert _riwayat(Realisasi.objects.get(pk=r.pk)) == (verifikator, f"Dikembalikan: {catatan}")
