"""One saving path (iki/realisasi/simpan.py): the entry form (simpan_realisasi), the Excel
import (simpan_massal through excel.simpan_impor) and the import's preview apply the same
rules and refuse the same bad change the same way."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from iki.models import Realisasi, Variabel
from iki.realisasi import simpan
from iki.realisasi.excel import BarisImpor, baca_workbook, simpan_impor, tulis_workbook
from iki.realisasi.simpan import (
    BulanTerkunci,
    GagalSimpan,
    Keadaan,
    KonflikVersi,
    Pasangan,
    Perubahan,
    TidakBerwenang,
    simpan_realisasi,
)
from tests.test_excel_realisasi import _isi_variabel, _ubah


def _v(tahun, kode):
    return Variabel.objects.get(indikator__tahun=tahun, kode=kode)


def _lewat_formulir(dunia, perubahan):
    simpan_realisasi(user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a, perubahan=perubahan)


def _lewat_impor(dunia, perubahan):
    rows = [
        BarisImpor("Lembar", i, p.variabel_id, p.bulan, p.nilai, "", p.versi) for i, p in enumerate(perubahan, start=2)
    ]
    simpan_impor(rows=rows, user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a, nama_berkas="x.xlsx")


def _tolak(simpan_dengan, dunia, perubahan):
    with pytest.raises(GagalSimpan) as e:
        simpan_dengan(dunia, perubahan)
    return type(e.value), e.value.kesalahan


@pytest.fixture
def mei(dunia):
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=5).delete()
    return _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")


def _tanpa_tempat(pesan):
    return [p.split(": ", 1)[1] if p.startswith("Lembar “") else p for p in pesan]


@pytest.mark.django_db
class TestPenolakanSama:
    def test_a_numerator_above_its_denominator(self, dunia, mei):
        tepat, usulan = mei
        bad = [Perubahan(tepat.pk, 5, Decimal(51)), Perubahan(usulan.pk, 5, Decimal(50))]
        jenis_f, pesan_f = _tolak(_lewat_formulir, dunia, bad)
        jenis_i, pesan_i = _tolak(_lewat_impor, dunia, bad)
        assert jenis_f is jenis_i is GagalSimpan
        assert pesan_i == [f"Lembar “Lembar”, baris 2: {pesan_f[0]}"]
        assert "tidak boleh lebih besar" in pesan_f[0]
        assert not Realisasi.objects.filter(variabel__in=mei, bulan=5).exists()

    def test_a_verified_month(self, dunia):
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        r = Realisasi.objects.get(variabel=tepat, bulan=3)
        assert r.terkunci
        bad = [Perubahan(tepat.pk, 3, r.nilai + 1, r.versi)]
        jenis_f, pesan_f = _tolak(_lewat_formulir, dunia, bad)
        jenis_i, pesan_i = _tolak(_lewat_impor, dunia, bad)
        assert jenis_f is jenis_i is BulanTerkunci
        assert _tanpa_tempat(pesan_i) == pesan_f
        assert "sudah diverifikasi dan terkunci" in pesan_f[0]
        r.refresh_from_db()
        assert r.nilai != bad[0].nilai

    def test_a_value_saved_by_someone_else_since_it_was_read(self, dunia, mei):
        _, usulan = mei
        simpan_realisasi(
            user=dunia.user("operator_a"), tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(70))]
        )
        bad = [Perubahan(usulan.pk, 5, Decimal(50), versi=0)]
        jenis_f, pesan_f = _tolak(_lewat_formulir, dunia, bad)
        jenis_i, pesan_i = _tolak(_lewat_impor, dunia, bad)
        assert jenis_f is jenis_i is KonflikVersi
        for pesan in (pesan_f[0], pesan_i[0]):
            assert f"“{usulan.nama}” telah diubah oleh operator_a" in pesan
            assert "nilai saat ini 70" in pesan and "Perubahan Anda tidak disimpan." in pesan
        # The import says since when and what to do: the workbook is older than the value.
        assert "sejak berkas diunduh" in pesan_i[0] and "Unduh ulang" in pesan_i[0]
        assert Realisasi.objects.get(variabel=usulan, bulan=5).nilai == 70

    def test_another_jabatans_variable(self, dunia):
        skck = _v(dunia.tahun_a, "skck_tepat")
        bad = [Perubahan(skck.pk, 5, Decimal(1))]
        jenis_f, pesan_f = _tolak(_lewat_formulir, dunia, bad)
        jenis_i, pesan_i = _tolak(_lewat_impor, dunia, bad)
        assert jenis_f is jenis_i is TidakBerwenang
        assert _tanpa_tempat(pesan_i) == pesan_f

    def test_the_preview_shows_what_the_save_refuses(self, dunia, mei):
        tepat, usulan = mei
        staf = dunia.user("staf_a")
        data = _ubah(tulis_workbook(staf, dunia.tahun_a, 5), _isi_variabel("Mei", {tepat: 51, usulan: 50}))
        rows, kesalahan = baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)
        jenis, pesan = _tolak(_lewat_formulir, dunia, [Perubahan(tepat.pk, 5, Decimal(51)),
                                                       Perubahan(usulan.pk, 5, Decimal(50))])
        assert [k.pesan for k in kesalahan] == pesan


# --- The rules on plain values (no database) ------------------------------------------------------

A, B = Variabel(pk=1, kode="a", nama="Selesai"), Variabel(pk=2, kode="b", nama="Masuk")
BOLEH = {1: A, 2: B}
PASANGAN = {1: [Pasangan(1, 2, "Selesai", "Masuk")], 2: [Pasangan(1, 2, "Selesai", "Masuk")]}
DULU = datetime(2023, 6, 1, 2, 0, tzinfo=UTC)


def _kini(nilai, versi=1, status=Realisasi.DRAFT, pk=10):
    return Keadaan(pk, Decimal(nilai), "", versi, status, "Operator", DULU)


@pytest.mark.parametrize(
    "perubahan, kini, jenis, kata",
    [
        (Perubahan(1, 5, Decimal(3)), None, None, ""),  # new, read at version 0
        (Perubahan(1, 5, Decimal(3), 1), _kini(2), None, ""),  # read at the stored version
        (Perubahan(1, 5, Decimal(3), 1), _kini(2, versi=2), KonflikVersi, "telah diubah oleh Operator"),
        (Perubahan(1, 5, Decimal(3), 1), None, KonflikVersi, "telah dihapus"),
        (Perubahan(1, 5, Decimal(3), 1), _kini(2, status=Realisasi.DIVERIFIKASI), BulanTerkunci, "terkunci"),
        (Perubahan(1, 5, None), _kini(2), GagalSimpan, "tidak boleh dikosongkan"),
        (Perubahan(1, 5, None, catatan="ada"), None, GagalSimpan, "catatan diisi tetapi nilai kosong"),
    ],
)
def test_the_stored_state_rules(perubahan, kini, jenis, kata):
    berubah, ditolak = simpan.periksa_keadaan([perubahan], boleh=BOLEH, kini={(1, 5): kini} if kini else {})
    if jenis is None:
        assert berubah == [perubahan] and ditolak == []
    else:
        assert berubah == [] and [t.jenis for t in ditolak] == [jenis] and kata in ditolak[0].pesan


def test_an_unchanged_value_is_left_alone_in_a_locked_month_when_the_caller_says_so():
    p = Perubahan(1, 5, Decimal(2), 0)
    kini = {(1, 5): _kini(2, versi=4, status=Realisasi.DIVERIFIKASI)}
    assert simpan.periksa_keadaan([p], boleh=BOLEH, kini=kini, tidak_berubah=lambda p, k: p.nilai == k.nilai) == (
        [], []
    )
    assert [t.jenis for t in simpan.periksa_keadaan([p], boleh=BOLEH, kini=kini)[1]] == [BulanTerkunci]


@pytest.mark.parametrize(
    "berubah, tersimpan, tolak",
    [
        ({1: 5}, {2: 5}, False),  # equal is allowed
        ({1: 6}, {2: 5}, True),  # against the stored denominator
        ({2: 4}, {1: 5}, True),  # a denominator lowered under the stored numerator
        ({1: 6, 2: 7}, {}, False),
        ({1: 6}, {}, False),  # no denominator yet: nothing to compare
    ],
)
def test_the_ratio_rule(berubah, tersimpan, tolak):
    ubah = [Perubahan(vid, 5, Decimal(n)) for vid, n in berubah.items()]
    ditolak = simpan.periksa_rasio(
        ubah, semua=ubah, kini={}, nilai_lain={(vid, 5): Decimal(n) for vid, n in tersimpan.items()},
        pasangan=PASANGAN,
    )
    assert bool(ditolak) is tolak
    if tolak:
        assert len(ditolak) == 1 and "“Selesai”" in ditolak[0].pesan and "“Masuk”" in ditolak[0].pesan
