"""The kabupaten ranking (iki/capaian/views_peringkat.py): capaian unit per period, sort, period
choice, a unit without data at the bottom, the Excel export, who may see it, and a fixed number
of queries however many units."""

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from iki.capaian import views_peringkat
from iki.models import (
    BarisIKI,
    Indikator,
    Jabatan,
    Kabupaten,
    Realisasi,
    Sasaran,
    TahunIKI,
    Target,
    UnitKerja,
    Variabel,
)

pytestmark = pytest.mark.django_db

URL = "/dasbor/kabupaten/sampang/2023/peringkat/"
UNDUH = "/dasbor/kabupaten/sampang/2023/peringkat/unduh/"


def _unit_dengan_nilai(kabupaten, kode, nama, bulan_nilai: dict[int, int], *, jenis="kecamatan", target=90):
    """A unit with one indicator "selesai / masuk × 100" (masuk = 10 each month) and its target."""
    unit = UnitKerja.objects.create(kabupaten=kabupaten, kode=kode, nama=f"Kantor Kecamatan {nama}",
                                    nama_wilayah=f"Kecamatan {nama}", jenis=jenis)
    tahun = TahunIKI.objects.create(unit=unit, tahun=2023)
    jab = Jabatan.objects.create(tahun=tahun, kode="sekcam", nama="Sekretaris")
    sas = Sasaran.objects.create(tahun=tahun, teks="Pelayanan")
    ind = Indikator.objects.create(tahun=tahun, kode="surat", nama="Persentase surat", satuan="%",
                                   rumus="selesai / masuk * 100")
    Target.objects.create(indikator=ind, nilai=Decimal(target))
    a = Variabel.objects.create(indikator=ind, kode="selesai", nama="Selesai", pengisi=jab)
    b = Variabel.objects.create(indikator=ind, kode="masuk", nama="Masuk", pengisi=jab)
    BarisIKI.objects.create(jabatan=jab, sasaran=sas, indikator=ind, urutan=1)
    for bulan, nilai in bulan_nilai.items():
        Realisasi.objects.create(variabel=a, bulan=bulan, nilai=nilai, status=Realisasi.DIVERIFIKASI)
        Realisasi.objects.create(variabel=b, bulan=bulan, nilai=10, status=Realisasi.DIVERIFIKASI)
    return unit


@pytest.fixture
def tiga_unit(dunia):
    """Besides Ketapang (demo data) and Banyuates (no values): Omben, 72/90 = 80 % in March and
    nothing in February; Robatal, 9/10 = 100 % every month of TW I."""
    kab = dunia.unit_a.kabupaten
    omben = _unit_dengan_nilai(kab, "omben", "Omben", {1: 8, 3: 8}, jenis="kelurahan")
    robatal = _unit_dengan_nilai(kab, "robatal", "Robatal", {1: 9, 2: 9, 3: 9})
    return omben, robatal


def _baris(html: str) -> list[str]:
    return [b.split('"')[0] for b in html.split('<tr data-unit="')[1:]]


def test_ranking_shows_capaian_unit_counts_and_months_not_entered(masuk, tiga_unit):
    html = masuk("pemantau").get(URL + "?periode=3").content.decode()
    assert "Capaian unit</strong> = rata-rata capaian indikator" in html and "paling tinggi 100 %" in html
    omben = html.split('data-unit="omben"')[1].split("</tr>")[0]
    assert "88,89" in omben  # 8/10 = 80 % against a target of 90: 88,89 %
    assert "1 / 1" in omben
    robatal = html.split('data-unit="robatal"')[1].split("</tr>")[0]
    assert "100,00" in robatal  # 90 % of 90: capped at 100 anyway
    # The order: highest capaian first; Banyuates without values last, "belum ada data", never 0 %.
    urutan = _baris(html)
    assert urutan.index("robatal") < urutan.index("omben")
    assert urutan[-1] == "banyuates"
    banyuates = html.split('data-unit="banyuates"')[1].split("</tr>")[0]
    assert "belum ada data" in banyuates and "0,00" not in banyuates
    assert "unit kerja belum ada data untuk Maret" in html
    # Each unit links to its dashboard for the pemantau.
    assert 'href="/dasbor/omben/2023/?periode=3"' in html


def test_months_not_entered_are_named_for_the_period(masuk, tiga_unit):
    with _hari_ini(2023, 5, 20):
        html = masuk("pemantau").get(URL + "?periode=tw1").content.decode()
    omben = html.split('data-unit="omben"')[1].split("</tr>")[0]
    assert "Februari" in omben and "Januari" not in omben
    robatal = html.split('data-unit="robatal"')[1].split("</tr>")[0]
    assert "Februari" not in robatal


def _hari_ini(tahun, bulan, hari):
    from unittest import mock

    sekarang = datetime(tahun, bulan, hari, 10, tzinfo=ZoneInfo("Asia/Jakarta"))
    return mock.patch("iki.capaian.views_peringkat.timezone.now", return_value=sekarang)


def test_sorting_by_any_column_keeps_units_without_data_last_and_marks_aria_sort(masuk, tiga_unit):
    client = masuk("pemantau")
    naik = client.get(URL + "?periode=3&urut=capaian").content.decode()
    assert _baris(naik)[-1] == "banyuates"
    assert _baris(naik).index("omben") < _baris(naik).index("robatal")
    assert 'aria-sort="ascending"' in naik.split("kolom-capaian")[1].split("</th>")[0] or \
        'class="angka kolom-capaian" aria-sort="ascending"' in naik
    nama = client.get(URL + "?periode=3&urut=-unit").content.decode()
    assert _baris(nama)[-1] == "banyuates"
    assert _baris(nama)[:2] == ["robatal", "omben"]
    # Junk in ?urut= falls back to the ranking; junk in the period is a clear 404.
    assert _baris(client.get(URL + "?periode=3&urut=<script>").content.decode())[0] == "robatal"
    response = client.get(URL + "?periode=bulan13")
    assert response.status_code == 404


def test_the_period_changes_the_figures(masuk, tiga_unit):
    client = masuk("pemantau")
    feb = client.get(URL + "?periode=2").content.decode()
    assert "belum ada data" in feb.split('data-unit="omben"')[1].split("</tr>")[0]
    assert _baris(feb)[-2:] in (["banyuates", "omben"], ["omben", "banyuates"])
    jenis = client.get(URL + "?periode=3&jenis=kelurahan").content.decode()
    assert _baris(jenis) == ["omben"]


def test_excel_export_has_the_rows_in_the_pages_order(masuk, tiga_unit):
    response = masuk("pemantau").get(UNDUH + "?periode=3&urut=-capaian")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "peringkat-sampang-2023-3.xlsx" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content))["Peringkat"]
    kepala = [c.value for c in ws[5]]
    assert kepala[:6] == ["Peringkat", "Unit kerja", "Jenis", "Capaian unit (%)", "Indikator bercapaian",
                          "Jumlah indikator"]
    assert kepala[-1] == "Bulan belum diisi"
    baris = [r for r in ws.iter_rows(min_row=6, values_only=True)]
    unit = [r[1] for r in baris]
    assert unit[0] == "Kecamatan Robatal" and unit[-1] == "Kecamatan Banyuates"
    omben = next(r for r in baris if r[1] == "Kecamatan Omben")
    assert omben[0] == 2 and omben[3] == pytest.approx(88.89) and omben[4:6] == (1, 1)
    assert baris[-1][3] == "belum ada data" and baris[-1][0] == "–"


def test_a_unit_name_starting_with_equals_is_text_in_excel(masuk, tiga_unit):
    UnitKerja.objects.filter(kode="omben").update(nama_wilayah="=HYPERLINK(\"x\")")
    ws = load_workbook(io.BytesIO(masuk("pemantau").get(UNDUH + "?periode=3").content))["Peringkat"]
    sel = next(c for row in ws.iter_rows(min_row=6) for c in row if c.value and str(c.value).startswith("="))
    assert sel.data_type == "s"


def test_a_camat_sees_the_ranking_read_only_linked_to_their_own_unit_alone(masuk, tiga_unit):
    html = masuk("camat_a").get(URL + "?periode=3").content.decode()
    assert 'data-unit="omben"' in html
    assert 'href="/dasbor/ketapang/2023/?periode=3"' in html
    assert 'href="/dasbor/omben/2023/' not in html
    assert masuk("camat_a").post(URL).status_code == 405


def test_a_staf_is_refused_and_another_kabupaten_is_not_found(masuk, dunia, tiga_unit):
    assert masuk("staf_a").get(URL).status_code == 403
    assert masuk("verifikator_a").get(UNDUH).status_code == 403
    lain = Kabupaten.objects.create(kode="bangkalan", nama="Bangkalan")
    UnitKerja.objects.create(kabupaten=lain, kode="kamal", nama="Kamal", nama_wilayah="Kecamatan Kamal")
    for url in ("/dasbor/kabupaten/bangkalan/2023/peringkat/", "/dasbor/kabupaten/bangkalan/2023/peringkat/unduh/"):
        response = masuk("pemantau").get(url)
        assert response.status_code == 404 and b"Kamal" not in response.content
    assert masuk("admin").get("/dasbor/kabupaten/bangkalan/2023/peringkat/").status_code == 200


def test_it_opens_on_the_latest_year_with_data(masuk, tiga_unit):
    response = masuk("pemantau").get("/dasbor/kabupaten/peringkat/")
    assert response.status_code == 302 and response["Location"] == URL


def test_queries_do_not_grow_with_units(masuk, dunia, tiga_unit):
    client = masuk("pemantau")
    client.get(URL)
    with CaptureQueriesContext(connection) as sedikit:
        client.get(URL + "?periode=3")
    for n in range(6):
        _unit_dengan_nilai(dunia.unit_a.kabupaten, f"u{n}", f"Uji {n}", {1: 5, 3: 7})
    with CaptureQueriesContext(connection) as banyak:
        html = client.get(URL + "?periode=3").content.decode()
    assert len(_baris(html)) == 10
    assert len(banyak) == len(sedikit)


def test_ranks_are_shared_by_equal_capaian():
    class U:
        def __init__(self, pk):
            self.pk, self.nama_wilayah = pk, f"U{pk}"

    baris = [views_peringkat.BarisPeringkat(type("T", (), {"unit": U(n)})(), "", c, 1, 1, [], [])
             for n, c in enumerate([Decimal(90), Decimal(95), Decimal(90), None, Decimal(80)])]
    views_peringkat.beri_peringkat(baris)
    assert [b.peringkat for b in baris] == [2, 1, 2, None, 4]


# --- The cache: keyed by every unit's year shown, so a write anywhere shows at the next request ---------


def _tabel(kueri) -> set[str]:
    return {t for q in kueri.captured_queries for t in ("iki_realisasi", "iki_target", "iki_indikator")
            if f'"{t}"' in q["sql"]}


def _isi_tabel(html: str) -> str:
    return html.split('id="peringkat-kabupaten"')[1].split("</table>")[0]


def test_the_ranking_is_cached_and_a_write_to_any_unit_shows_at_the_next_request(masuk, dunia, tiga_unit):
    omben, robatal = tiga_unit
    client = masuk("pemantau")
    with CaptureQueriesContext(connection) as pertama:
        html = client.get(URL + "?periode=3").content.decode()
    with CaptureQueriesContext(connection) as kedua:
        lagi = client.get(URL + "?periode=3").content.decode()
    assert _isi_tabel(lagi) == _isi_tabel(html) and "88,89" in _isi_tabel(html)
    assert _tabel(pertama) == {"iki_realisasi", "iki_target", "iki_indikator"}
    assert _tabel(kedua) == set() and len(kedua) < len(pertama)  # no unit's data read again

    # A value of one unit changed (a save through the model, as every path writes): Omben's March
    # 8 → 9 of 10 is 90 % against 90, so 100 %.
    r = Realisasi.objects.get(variabel__indikator__tahun__unit=omben, variabel__kode="selesai", bulan=3)
    r.nilai = 9
    r.save()
    html = client.get(URL + "?periode=3").content.decode()
    assert "100,00" in html.split('data-unit="omben"')[1].split("</tr>")[0]
    # Another unit's target: Robatal's 90 → 100 makes its 90 % a capaian of 90,00.
    Target.objects.filter(indikator__tahun__unit=robatal).update(nilai=100)  # no signal: not seen …
    Target.objects.get(indikator__tahun__unit=robatal).save()  # … until saved as the app saves
    html = client.get(URL + "?periode=3").content.decode()
    assert "90,00" in html.split('data-unit="robatal"')[1].split("</tr>")[0]
    # A unit's year more: its row at the next request.
    _unit_dengan_nilai(dunia.unit_a.kabupaten, "jrengik", "Jrengik", {3: 5})
    assert "jrengik" in _baris(client.get(URL + "?periode=3").content.decode())


def test_the_cached_rows_keep_each_users_links_their_own(masuk, tiga_unit):
    assert 'href="/dasbor/omben/2023/' in masuk("pemantau").get(URL + "?periode=3").content.decode()
    html = masuk("camat_a").get(URL + "?periode=3").content.decode()  # the same cached figures
    assert 'href="/dasbor/omben/2023/' not in html and 'href="/dasbor/ketapang/2023/' in html
    assert _baris(html)[-1] == "banyuates"


def test_the_key_of_many_years_changes_with_any_version_and_any_year_and_none_is_not_cached():
    from iki.umum.versi import kunci_banyak

    dasar = kunci_banyak("peringkat", {1: 11, 2: 22}, "x")
    assert dasar and dasar == kunci_banyak("peringkat", {2: 22, 1: 11}, "x")
    assert dasar != kunci_banyak("peringkat", {1: 11, 2: 23}, "x")
    assert dasar != kunci_banyak("peringkat", {1: 11, 2: 22, 3: 33}, "x")
    assert dasar != kunci_banyak("peringkat", {1: 11, 2: 22}, "y")
    assert kunci_banyak("peringkat", {1: 11, 2: None}, "x") is None
    assert len(kunci_banyak("peringkat", {n: n for n in range(1, 300)}, "x")) < 120
