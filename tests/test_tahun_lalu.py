"""Year over year (issue 17, item 2): matching an indicator to last year's (iki.capaian.tahun_lalu),
the link set when a year is copied and chosen on the indicator page, and last year's value with
the change on the dashboard, the drill-down and the laporan capaian (PDF and Excel), the cache
included (a write to 2022 shows on the 2023 dashboard at the next request)."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from iki.capaian import data as capaian
from iki.capaian import laporan
from iki.capaian.tahun_lalu import TIDAK_ADA_PEMBANDING, Pembanding, pasangan, tahun_sebelumnya
from iki.inti.perhitungan import Periode
from iki.models import Indikator, Realisasi, TahunIKI, UnitKerja, Variabel
from iki.set_iki.tahun import salin_tahun
from tests.test_indikator_page import data_ubah
from tests.test_laporan import PDFTOTEXT, teks_pdf

pytestmark = pytest.mark.django_db


# --- Matching: a table ------------------------------------------------------------------------------


def _unit(dunia, kode="uji"):
    return UnitKerja.objects.create(kabupaten=dunia.unit_a.kabupaten, kode=kode, nama=f"Kantor {kode}",
                                    nama_wilayah=f"Kecamatan {kode}")


def _ind(tahun, kode, asal=None):
    return Indikator.objects.create(tahun=tahun, kode=kode, nama=f"Indikator {kode}", rumus="a", asal=asal)


def test_matching_same_code_link_rename_split_two_years_back_and_no_previous_year(dunia):
    unit = _unit(dunia)
    t21, t22, t23 = (TahunIKI.objects.create(unit=unit, tahun=t) for t in (2021, 2022, 2023))
    kuno = _ind(t21, "kuno")
    sama22, lama22, pecah22, kode22 = _ind(t22, "sama"), _ind(t22, "lama"), _ind(t22, "pecah"), _ind(t22, "kode")
    baris = {
        "sama": _ind(t23, "sama"),  # same code, no link
        "ganti_nama": _ind(t23, "baru", asal=lama22),  # renamed: linked, code differs
        "lama_lagi": _ind(t23, "lama"),  # a new one under the old code: the old one is claimed
        "pecah_a": _ind(t23, "pecah_a", asal=pecah22),  # split: both halves point to one
        "pecah_b": _ind(t23, "pecah_b", asal=pecah22),
        "dua_tahun": _ind(t23, "jauh", asal=kuno),  # a link two years back is no match
        "link_menang": _ind(t23, "sama_kode", asal=kode22),  # the link wins over the code
        "tanpa": _ind(t23, "tak_ada"),
    }
    hasil = pasangan(t23, tahun_sebelumnya(t23))
    tabel = {nama: hasil.get(i.pk) for nama, i in baris.items()}
    assert tabel == {
        "sama": sama22.pk, "ganti_nama": lama22.pk, "lama_lagi": None, "pecah_a": pecah22.pk,
        "pecah_b": pecah22.pk, "dua_tahun": None, "link_menang": kode22.pk, "tanpa": None,
    }
    # The first year has no previous one: nothing matches, nothing is guessed.
    assert tahun_sebelumnya(t21) is None
    assert pasangan(t21, None) == {}
    assert Pembanding(t21).hasil(kuno.pk, Periode("tahun", 0)) is None


def test_the_link_must_be_the_previous_year_of_the_same_unit(dunia):
    unit = _unit(dunia)
    t21, t22, t23 = (TahunIKI.objects.create(unit=unit, tahun=t) for t in (2021, 2022, 2023))
    ini = _ind(t23, "ini")
    lain_unit = Indikator.objects.filter(tahun=dunia.tahun_b).first()
    for salah in (_ind(t21, "jauh"), lain_unit, _ind(t23, "sendiri")):
        ini.asal = salah
        with pytest.raises(ValidationError) as e:
            ini.periksa_asal()
        assert "tahun 2022" in str(e.value)
    ini.asal = _ind(t22, "benar")
    ini.periksa_asal()


# --- Copying a year links each indicator ---------------------------------------------------------------


def test_copying_a_year_into_the_next_links_each_indicator_to_its_original(dunia):
    baru = salin_tahun(dunia.tahun_b, ke_tahun=2024)
    salinan = Indikator.objects.get(tahun=baru, kode="surat")
    assert salinan.asal == Indikator.objects.get(tahun=dunia.tahun_b, kode="surat")
    # Copying backwards (or over a gap) links nothing: a link is only to the year before.
    mundur = salin_tahun(dunia.tahun_b, ke_tahun=2021)
    assert Indikator.objects.get(tahun=mundur, kode="surat").asal is None


# --- The indicator page and the admin ----------------------------------------------------------------------


def _ketapang_2022(dunia):
    return salin_tahun(dunia.tahun_a, ke_tahun=2022)


def test_operator_links_an_indicator_to_last_years_and_another_units_is_refused(masuk, dunia):
    t22 = _ketapang_2022(dunia)
    ind = Indikator.objects.get(tahun=dunia.tahun_a, kode="adminduk")
    lama = Indikator.objects.filter(tahun=t22).exclude(kode="adminduk").first()
    client = masuk("operator_a")
    url = f"/iki/ketapang/2023/indikator/{ind.pk}/"
    html = client.get(url).content.decode()
    assert "Indikator yang sama pada tahun 2022" in html and f"{lama.kode} · " in html

    lain = Indikator.objects.get(tahun=dunia.tahun_b, kode="surat")
    dua_tahun = Indikator.objects.filter(tahun=dunia.tahun_a).exclude(pk=ind.pk).first()
    for salah in (lain, dua_tahun):
        response = client.post(url, data_ubah(ind, asal=str(salah.pk)))
        assert response.status_code == 200
        assert "Pilih indikator unit ini pada tahun 2022." in response.content.decode()
        ind.refresh_from_db()
        assert ind.asal_id is None
    response = client.post(url, data_ubah(ind, asal=str(lama.pk)))
    assert response.status_code == 302
    ind.refresh_from_db()
    assert ind.asal == lama


def test_the_admin_offers_only_the_units_indicators_and_refuses_another_year(masuk, dunia):
    t22 = _ketapang_2022(dunia)
    ind = Indikator.objects.get(tahun=dunia.tahun_a, kode="adminduk")
    client = masuk("operator_a")
    html = client.get(f"/pengaturan/iki/indikator/{ind.pk}/change/").content.decode()
    lama = Indikator.objects.get(tahun=t22, kode="adminduk")
    assert f'value="{lama.pk}"' in html
    assert f'value="{Indikator.objects.get(tahun=dunia.tahun_b).pk}"' not in html
    # The model's rule refuses what the admin's form would let through for a superuser.
    ind.asal = Indikator.objects.get(tahun=dunia.tahun_b)
    with pytest.raises(ValidationError):
        ind.full_clean()


def test_a_read_only_role_cannot_change_the_link(masuk, dunia):
    t22 = _ketapang_2022(dunia)
    ind = Indikator.objects.get(tahun=dunia.tahun_a, kode="adminduk")
    lama = Indikator.objects.get(tahun=t22, kode="adminduk")
    for peran in ("camat_a", "pemantau"):
        response = masuk(peran).post(f"/iki/ketapang/2023/indikator/{ind.pk}/", data_ubah(ind, asal=str(lama.pk)))
        assert response.status_code == 403
    assert masuk("operator_b").post(f"/iki/ketapang/2023/indikator/{ind.pk}/",
                                    data_ubah(ind, asal=str(lama.pk))).status_code == 404
    ind.refresh_from_db()
    assert ind.asal_id is None


# --- Last year's value on screens and in the report ------------------------------------------------------


def _isi(tahun, bulan, selesai, masuk_):
    ind = Indikator.objects.get(tahun=tahun, kode="surat")
    for kode, nilai in (("selesai", selesai), ("masuk", masuk_)):
        v = Variabel.objects.get(indikator=ind, kode=kode)
        Realisasi.objects.update_or_create(variabel=v, bulan=bulan, defaults={"nilai": nilai,
                                                                                "status": Realisasi.DIVERIFIKASI})
    return ind


@pytest.fixture
def dua_tahun(dunia):
    """Banyuates 2022 (copied, so the same code) and 2023, each with March entered: 80 % then 90 %."""
    Indikator.objects.filter(tahun=dunia.tahun_b, kode="surat").update(satuan="%")
    t22 = salin_tahun(dunia.tahun_b, ke_tahun=2022)
    _isi(t22, 3, 8, 10)
    ind = _isi(dunia.tahun_b, 3, 9, 10)
    return t22, ind


def test_dashboard_shows_last_years_value_and_the_change(masuk, dua_tahun):
    html = masuk("operator_b").get("/dasbor/banyuates/2023/?periode=3").content.decode()
    assert "Realisasi Maret 2022" in html and "Perubahan dari 2022" in html
    baris = html.split('data-indikator="')[1].split("</tr>")[0]
    assert '<td class="angka tahun-lalu">80,00</td>' in baris
    assert "▲ naik 10,00 %" in baris
    # A month last year did not enter: said so, never a zero.
    html = masuk("operator_b").get("/dasbor/banyuates/2023/?periode=4").content.decode()
    baris = html.split('data-indikator="')[1].split("</tr>")[0]
    assert "tahun-lalu kosong" in baris and "belum ada data" in baris


def test_an_unmatched_indicator_says_there_is_nothing_to_compare(masuk, dua_tahun, dunia):
    t22, _ = dua_tahun
    Indikator.objects.filter(tahun=t22).update(kode="lain")
    html = masuk("operator_b").get("/dasbor/banyuates/2023/?periode=3").content.decode()
    assert TIDAK_ADA_PEMBANDING in html.split('data-indikator="')[1].split("</tr>")[0]


def test_a_unit_without_a_previous_year_shows_no_comparison_columns(masuk, dunia):
    html = masuk("operator_b").get("/dasbor/banyuates/2023/?periode=3").content.decode()
    assert "Perubahan dari" not in html and "tahun-lalu" not in html


def test_drill_down_shows_last_year_per_month_and_period(masuk, dua_tahun):
    _, ind = dua_tahun
    html = masuk("operator_b").get(f"/dasbor/banyuates/2023/indikator/{ind.pk}/?periode=tw1").content.decode()
    assert "Realisasi 2022" in html
    maret = html.split('<th scope="row">Maret</th>')[1].split("</tr>")[0]
    assert "80,00" in maret and "▲ naik 10,00 %" in maret
    tw1 = html.split('<th scope="row">TW I</th>')[1].split("</tr>")[0]
    assert "80,00" in tw1 and "▲ naik 10,00 %" in tw1


def test_laporan_excel_and_pdf_carry_last_year_and_the_change(masuk, dua_tahun):
    client = masuk("operator_b")
    response = client.get("/dasbor/banyuates/2023/laporan/?format=xlsx&periode=3")
    ws = load_workbook(io.BytesIO(response.content))["Capaian"]
    kepala = [c.value for c in ws[7]]
    assert kepala[6:9] == ["Realisasi Maret", "Realisasi Maret 2022", "Perubahan dari 2022"]
    baris = [c.value for c in ws[8]]
    assert baris[6:9] == [90, 80, 10]
    pdf = client.get("/dasbor/banyuates/2023/laporan/?format=pdf&periode=3").content
    assert pdf.startswith(b"%PDF")
    tahun = TahunIKI.objects.select_related("unit__kabupaten").get(unit__kode="banyuates", tahun=2023)
    html = laporan.html_laporan(laporan.data_laporan(tahun, Periode("bulan", 3), tanggal=date(2023, 4, 30)))
    assert "Maret 2022 (perubahan)" in html and "80,00" in html and "▲ naik 10,00 %" in html
    if PDFTOTEXT:  # poppler-utils, where installed
        teks = teks_pdf(pdf)
        assert "Maret 2022" in teks and "80,00" in teks and "naik 10,00" in teks


def test_a_change_to_2022_shows_on_the_2023_dashboard_at_the_next_request(masuk, dua_tahun):
    t22, _ = dua_tahun
    client = masuk("operator_b")
    url = "/dasbor/banyuates/2023/?periode=3"
    assert "80,00" in client.get(url).content.decode()
    assert "80,00" in client.get(url).content.decode()  # served from the cache now
    _isi(t22, 3, 7, 10)
    html = client.get(url).content.decode()
    baris = html.split('data-indikator="')[1].split("</tr>")[0]
    assert ">70,00<" in baris and "▲ naik 20,00 %" in baris


def test_the_comparison_adds_a_fixed_number_of_queries(dua_tahun, dunia):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    t22, _ = dua_tahun
    tahun = TahunIKI.objects.select_related("unit__kabupaten").get(pk=dunia.tahun_b.pk)
    from django.core.cache import cache

    pertama = dunia.tahun_b.indikator.first().pk
    Pembanding(tahun).banding(capaian.muat(tahun).hasil(pertama, Periode("bulan", 3)))  # one-time lookups
    cache.clear()
    with CaptureQueriesContext(connection) as sedikit:
        Pembanding(tahun).banding(capaian.muat(tahun).hasil(pertama, Periode("bulan", 3)))
    # Twenty more indicators in both years: the same number of queries.
    for n in range(20):
        _ind(t22, f"x{n}")
        _ind(dunia.tahun_b, f"x{n}")
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as banyak:
        p = Pembanding(tahun)
        data = capaian.muat(tahun)
        for pk in data.indikator:
            p.banding(data.hasil(pk, Periode("bulan", 3)))
    assert len(banyak) == len(sedikit)
