"""The shipped national holidays (iki/presensi/data/libur_nasional.json) and loading them into a
unit's holidays after review."""

from datetime import date

import pytest

from iki.models import HariLibur
from iki.presensi import hitung
from iki.presensi import libur as data_libur

pytestmark = pytest.mark.django_db

URL = "/presensi/ketapang/libur/2027/nasional/"


@pytest.mark.parametrize("tahun", [2023, 2024, 2025, 2026, 2027])
def test_every_shipped_year_is_in_order_in_its_year_with_a_source(tahun):
    daftar = data_libur.daftar_nasional(tahun)
    assert daftar.sumber
    tanggal = [e.tanggal for e in daftar.entri]
    assert tanggal == sorted(set(tanggal)) and {t.year for t in tanggal} == {tahun}
    assert {e.jenis for e in daftar.entri} <= {HariLibur.LIBUR, HariLibur.CUTI_BERSAMA}
    # A cuti bersama is a working day taken off: never a weekend.
    assert not [e for e in daftar.entri if e.jenis == HariLibur.CUTI_BERSAMA and e.akhir_pekan]


@pytest.mark.parametrize(
    ("tanggal", "nama", "perkiraan"),
    [
        (date(2024, 4, 10), "Hari Raya Idul Fitri 1445 H", False),
        (date(2027, 1, 1), "Tahun Baru 2027 Masehi", False),  # a fixed date
        (date(2027, 3, 26), "Wafat Isa Almasih", False),  # from Easter, computed
        (date(2027, 3, 10), "Hari Raya Idul Fitri 1448 H", True),  # depends on the isbat
    ],
)
def test_entries_say_whether_they_are_confirmed(tanggal, nama, perkiraan):
    entri = {e.tanggal: e for e in data_libur.daftar_nasional(tanggal.year).entri}[tanggal]
    assert entri.nama == nama and entri.perkiraan == perkiraan


def test_operator_reviews_the_list_with_every_loadable_date_checked(masuk):
    html = masuk("operator_a").get(URL).content.decode()
    assert "Muat daftar libur nasional 2027" in html
    assert "perkiraan — periksa dengan SKB 3 Menteri" in html
    assert 'value="2027-01-01" id="libur-2027-01-01" checked' in html
    assert 'value="2027-08-15"' not in html  # a Sunday: not a working day anyway
    assert "Jumat, 1 Januari 2027" in html


def test_loading_2027_adds_the_accepted_dates_and_a_reload_adds_no_duplicates(dunia, masuk):
    client = masuk("operator_a")
    response = client.post(URL, {"tanggal": ["2027-01-01", "2027-03-26", "2027-03-10"]}, follow=True)
    assert "3 hari libur dan cuti bersama 2027 dimuat." in response.content.decode()
    libur = HariLibur.objects.filter(unit=dunia.unit_a, tanggal__year=2027)
    assert {(h.tanggal, h.keterangan, h.jenis) for h in libur} == {
        (date(2027, 1, 1), "Tahun Baru 2027 Masehi", "libur"),
        (date(2027, 3, 26), "Wafat Isa Almasih", "libur"),
        (date(2027, 3, 10), "Hari Raya Idul Fitri 1448 H", "libur"),
    }
    assert libur.first().history.count() == 1
    html = client.get(URL).content.decode()
    assert 'value="2027-01-01"' not in html and "sudah ada" in html
    # Posting a date already present again is refused, nothing doubled.
    response = client.post(URL, {"tanggal": ["2027-01-01"]})
    assert "2027-01-01 bukan tanggal yang dapat dimuat dari daftar ini." in response.content.decode()
    response = client.post(URL, {"tanggal": [e.tanggal.isoformat() for e in data_libur.daftar_nasional(2027).entri
                                             if not e.akhir_pekan and e.tanggal.isoformat() not in
                                             ("2027-01-01", "2027-03-26", "2027-03-10")]}, follow=True)
    assert HariLibur.objects.filter(unit=dunia.unit_a, tanggal__year=2027).count() == len(
        [e for e in data_libur.daftar_nasional(2027).entri if not e.akhir_pekan]
    )
    # and presensi's working days leave them out.
    assert date(2027, 1, 1) not in hitung.hari_kerja(2027, 1, list(libur.values_list("tanggal", flat=True)))


def test_an_edited_entry_is_kept_when_the_list_is_loaded_again(dunia, masuk):
    HariLibur.objects.create(unit=dunia.unit_a, tanggal=date(2027, 3, 10), keterangan="Idul Fitri (SKB)", jenis="libur")
    data_libur.muat_libur(dunia.unit_a, data_libur.daftar_nasional(2027), {date(2027, 3, 10), date(2027, 3, 11)})
    assert HariLibur.objects.get(unit=dunia.unit_a, tanggal=date(2027, 3, 10)).keterangan == "Idul Fitri (SKB)"
    assert HariLibur.objects.filter(unit=dunia.unit_a, tanggal=date(2027, 3, 11)).exists()


def test_nothing_chosen_is_refused_with_a_reason(dunia, masuk):
    html = masuk("operator_a").post(URL, {}).content.decode()
    assert "Pilih sedikitnya satu tanggal untuk dimuat." in html
    assert not HariLibur.objects.filter(unit=dunia.unit_a, tanggal__year=2027).exists()


def test_camat_sees_the_list_but_cannot_load_it(dunia, masuk):
    client = masuk("camat_a")
    html = client.get(URL).content.decode()
    assert "Tahun Baru 2027 Masehi" in html and 'type="checkbox"' not in html
    assert client.post(URL, {"tanggal": ["2027-01-01"]}).status_code == 403
    assert not HariLibur.objects.filter(unit=dunia.unit_a, tanggal__year=2027).exists()


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a"])
def test_staf_and_verifier_are_refused(masuk, username):
    assert masuk(username).get(URL).status_code == 403


def test_another_units_operator_gets_404(dunia, masuk):
    assert masuk("operator_b").get(URL).status_code == 404
    assert masuk("operator_b").post(URL, {"tanggal": ["2027-01-01"]}).status_code == 404
    assert not HariLibur.objects.filter(unit=dunia.unit_a, tanggal__year=2027).exists()


def test_a_year_without_a_shipped_list_is_not_found(masuk):
    client = masuk("operator_a")
    assert client.get("/presensi/ketapang/libur/2030/nasional/").status_code == 404
    assert "Muat daftar libur nasional" not in client.get("/presensi/ketapang/libur/2030/").content.decode()
    assert "Muat daftar libur nasional 2027" in client.get("/presensi/ketapang/libur/2027/").content.decode()


def test_the_units_holidays_move_its_entry_deadline(dunia):
    from iki.realisasi import kalender

    HariLibur.objects.create(unit=dunia.unit_a, tanggal=date(2023, 2, 10), keterangan="Libur daerah", jenis="lokal")
    HariLibur.objects.create(unit=dunia.unit_a, tanggal=date(2024, 1, 10), keterangan="Libur daerah", jenis="lokal")
    libur = HariLibur.tanggal_untuk(dunia.unit_a, 2023)
    assert kalender.batas_entri(tahun=2023, bulan=1, hari_batas=10, libur=libur) == date(2023, 2, 13)
    assert kalender.batas_entri(tahun=2023, bulan=12, hari_batas=10, libur=libur) == date(2024, 1, 11)
    assert HariLibur.tanggal_untuk(dunia.unit_b, 2023) == frozenset()
