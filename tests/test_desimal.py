"""Decimal values where a variable takes them (``Variabel.desimal``, 0 for counts): one rule for
the entry form, the saving path and the Excel import; values shown with the variable's decimals on
every screen; the IKI-set workbook carries the column."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from iki.inti.angka import format_nilai
from iki.models import Realisasi, Variabel
from iki.realisasi.excel import baca_workbook, simpan_impor, tulis_workbook
from iki.realisasi.forms import bersihkan_hitungan
from iki.realisasi.simpan import GagalSimpan, Perubahan, periksa_nilai, simpan_realisasi
from iki.set_iki import impor as impor_iki
from tests.test_entri import URL_MEI, isian, lengkap
from tests.test_excel_realisasi import _baris, _isi_variabel, _ubah
from tests.test_impor_iki import buku_ketapang, dump, kesalahan, kolom, unit_baru  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

BULAT = "harus bilangan bulat"


# --- The rule, as typed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "desimal, teks, hasil",
    [
        # counts
        (0, "3", Decimal("3")),
        (0, "1.250", Decimal("1250")),
        (0, "3,0", Decimal("3")),
        (0, "3,5", BULAT),
        (0, "3,50", BULAT),
        (0, "3.5", BULAT),
        (0, "1.250,75", BULAT),
        (0, "-1", "tidak boleh negatif"),
        (0, "abc", "Format angka tidak dikenal"),
        # one decimal
        (1, "3,5", Decimal("3.5")),
        (1, "3,50", Decimal("3.5")),  # the same number: a trailing zero is no extra decimal
        (1, "3.5", Decimal("3.5")),
        (1, "1.250,7", Decimal("1250.7")),
        (1, "3,55", "paling banyak 1 angka di belakang koma"),
        (1, "3,505", "paling banyak 1 angka di belakang koma"),
        (1, "1.250,75", "paling banyak 1 angka di belakang koma"),
        (1, "-1", "tidak boleh negatif"),
        (1, "abc", "Format angka tidak dikenal"),
        # two decimals
        (2, "3,5", Decimal("3.5")),
        (2, "3,50", Decimal("3.5")),
        (2, "3.5", Decimal("3.5")),
        (2, "1.250,75", Decimal("1250.75")),
        (2, "3,505", "paling banyak 2 angka di belakang koma"),
        (2, "-1", "tidak boleh negatif"),
        (2, "-0,5", "tidak boleh negatif"),
        (2, "abc", "Format angka tidak dikenal"),
        (2, "", None),
    ],
)
def test_a_typed_value_is_read_within_the_variables_decimals(desimal, teks, hasil):
    if isinstance(hasil, str):
        with pytest.raises(ValidationError) as e:
            bersihkan_hitungan(teks, desimal=desimal)
        assert hasil in " ".join(e.value.messages)
    else:
        nilai = bersihkan_hitungan(teks, desimal=desimal)
        assert nilai == hasil
        if hasil is not None:
            assert nilai.as_tuple().exponent >= -2  # fits the column, nothing rounded


@pytest.mark.parametrize(
    "nilai, desimal, pesan",
    [
        (Decimal("3"), 0, None),
        (Decimal("3.5"), 0, "harus bilangan bulat (tanpa desimal)"),
        (Decimal("3.5"), 1, None),
        (Decimal("3.50"), 1, None),
        (Decimal("3.55"), 1, "paling banyak 1 angka di belakang koma"),
        (Decimal("3.55"), 2, None),
        (Decimal("3.555"), 2, "paling banyak 2 angka di belakang koma"),
        (Decimal("-0.5"), 2, "tidak boleh negatif"),
        (Decimal(10) ** 15, 2, "terlalu besar"),
        (Decimal("NaN"), 2, "bukan angka yang sah"),
    ],
)
def test_the_one_rule(nilai, desimal, pesan):
    assert periksa_nilai(nilai, desimal=desimal) == pesan


@pytest.mark.parametrize(
    "nilai, desimal, teks",
    [
        (Decimal("3"), 0, "3"),
        (Decimal("3.00"), 0, "3"),  # counts without ",00"
        (Decimal("1250"), 0, "1.250"),
        (Decimal("3.5"), 1, "3,5"),
        (Decimal("3.50"), 1, "3,5"),
        (Decimal("3"), 1, "3,0"),
        (Decimal("3.5"), 2, "3,50"),
        (Decimal("1250.75"), 2, "1.250,75"),
        (Decimal("3.55"), 1, "3,55"),  # an average of months (or decimals lowered later): never hidden
        (Decimal("3.5"), 0, "3,50"),  # a count with decimals, as format_ringkas writes it
        (None, 2, "–"),
    ],
)
def test_a_value_is_shown_with_its_variables_decimals(nilai, desimal, teks):
    assert format_nilai(nilai, desimal) == teks


# --- The entry form -------------------------------------------------------------------------------


def _v(tahun, kode):
    return Variabel.objects.get(indikator__tahun=tahun, kode=kode)


@pytest.fixture
def mei(dunia):
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=5).delete()
    v = _v(dunia.tahun_a, "desa_tertib_adm")
    v.desimal = 1
    v.save()
    return v


def test_the_entry_form_saves_3_5_for_a_decimal_variable_and_shows_it_back(masuk, dunia, mei):
    c = masuk("staf_a")
    html = c.get(URL_MEI).content.decode()
    assert 'inputmode="decimal"' in _isian_html(html, mei)
    c.post(URL_MEI, isian(dunia.tahun_a, lengkap(desa_tertib_adm="3,5")))
    r = Realisasi.objects.get(variabel=mei, bulan=5)
    assert r.nilai == Decimal("3.5")
    assert r.history.latest().nilai == Decimal("3.5")
    assert r.history.latest().history_change_reason == "Disimpan"
    html = c.get(URL_MEI).content.decode()
    assert 'value="3,5"' in html
    assert "Tersimpan: <strong class=\"nilai-tersimpan\">3,5</strong>" in html
    # The counts beside it keep their whole numbers.
    assert 'value="48"' in html


def _isian_html(html: str, v) -> str:
    """The <input> of a variable's value on the entry page."""
    i = html.index(f'name="nilai_{v.pk}"')
    return html[html.rindex("<input", 0, i): html.index(">", i) + 1]


def test_a_whole_number_field_keeps_the_numeric_keypad(masuk, dunia, mei):
    html = masuk("staf_a").get(URL_MEI).content.decode()
    assert 'inputmode="numeric"' in _isian_html(html, _v(dunia.tahun_a, "ktp_tepat"))
    assert 'type="text"' in _isian_html(html, mei)


def test_too_many_decimals_are_refused_with_the_typed_value_and_nothing_saved(masuk, dunia, mei):
    html = masuk("staf_a").post(URL_MEI, isian(dunia.tahun_a, lengkap(desa_tertib_adm="3,55"))).content.decode()
    assert "paling banyak 1 angka di belakang koma" in html
    assert 'value="3,55"' in html
    assert not Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=5).exists()


def test_decimals_in_a_count_are_refused_and_nothing_saved(masuk, dunia, mei):
    html = masuk("staf_a").post(URL_MEI, isian(dunia.tahun_a, lengkap(ktp_tepat="3,5"))).content.decode()
    assert "harus bilangan bulat" in html
    assert 'value="3,5"' in html
    assert not Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=5).exists()


def test_the_live_preview_writes_the_value_with_its_decimals(masuk, dunia, mei):
    c = masuk("staf_a")
    c.post(URL_MEI, isian(dunia.tahun_a, lengkap(desa_tertib_adm="12,5")))
    html = c.get(URL_MEI).content.decode()
    assert "12,5 dari 20 = 62,50" in html
    assert 'data-desimal-a="1"' in html


def test_last_month_and_year_to_date_use_the_variables_decimals(masuk, dunia, mei):
    Realisasi.objects.filter(variabel=mei, bulan=4).update(nilai=Decimal("11.5"))
    html = masuk("staf_a").get(URL_MEI).content.decode()
    assert "Bulan lalu: 11,5 · s.d. Mei: 11,5" in html


# --- The saving path, both modes -----------------------------------------------------------------


def test_the_saving_path_refuses_decimals_the_variable_does_not_take(dunia, mei):
    staf = dunia.user("staf_a")
    tepat = _v(dunia.tahun_a, "ktp_tepat")
    with pytest.raises(GagalSimpan) as e:
        simpan_realisasi(
            user=staf, tahun_iki=dunia.tahun_a,
            perubahan=[Perubahan(mei.pk, 5, Decimal("3.5")), Perubahan(tepat.pk, 5, Decimal("3.5"))],
        )
    assert e.value.kesalahan == ["Mei: “Jumlah KTP, KK dan Akta yang diproses tepat waktu” harus bilangan bulat "
                                 "(tanpa desimal)."]
    with pytest.raises(GagalSimpan) as e:
        simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(mei.pk, 5, Decimal("3.55"))])
    assert "paling banyak 1 angka di belakang koma" in e.value.kesalahan[0]
    assert not Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=5).exists()
    simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(mei.pk, 5, Decimal("3.5"))])
    assert Realisasi.objects.get(variabel=mei, bulan=5).nilai == Decimal("3.5")


def test_a_conflict_message_shows_the_current_value_with_its_decimals(dunia, mei):
    staf = dunia.user("staf_a")
    simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(mei.pk, 5, Decimal("3.5"))])
    with pytest.raises(GagalSimpan) as e:
        simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(mei.pk, 5, Decimal("4"), versi=0)])
    assert "nilai saat ini 3,5." in e.value.kesalahan[0]


# --- Excel -------------------------------------------------------------------------------------------


@pytest.fixture
def folder_data(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def test_the_workbook_cell_format_follows_the_decimals(dunia, mei):
    v2 = _v(dunia.tahun_a, "ktp_usulan")
    v2.desimal = 2
    v2.save()
    ws = load_workbook(io.BytesIO(tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 5)))["Mei"]
    assert _baris(ws, mei)[4].number_format == "#,##0.0"
    assert _baris(ws, v2)[4].number_format == "#,##0.00"
    assert _baris(ws, _v(dunia.tahun_a, "ktp_tepat"))[4].number_format == "#,##0"
    jenis = {dv.type: str(dv.sqref) for dv in ws.data_validations.dataValidation if "E" in str(dv.sqref)}
    assert f"E{_baris(ws, mei)[4].row}" in jenis["decimal"]
    assert f"E{_baris(ws, _v(dunia.tahun_a, 'ktp_tepat'))[4].row}" in jenis["whole"]


@pytest.mark.parametrize("isi", ["3,5", 3.5, "3.5"])
def test_round_trip_export_fill_3_5_import_saved(dunia, mei, folder_data, isi):
    staf = dunia.user("staf_a")
    data = _ubah(tulis_workbook(staf, dunia.tahun_a, 5), _isi_variabel("Mei", {mei: isi}))
    rows, salah = baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)
    assert salah == []
    assert simpan_impor(rows=rows, user=staf, tahun_iki=dunia.tahun_a, nama_berkas="mei.xlsx") == 1
    r = Realisasi.objects.get(variabel=mei, bulan=5)
    assert r.nilai == Decimal("3.5")
    assert r.history.latest().history_change_reason == "Impor Excel: mei.xlsx"
    # Downloaded again, the cell holds the number with its format.
    ws = load_workbook(io.BytesIO(tulis_workbook(staf, dunia.tahun_a, 5)))["Mei"]
    assert _baris(ws, mei)[4].value == 3.5


@pytest.mark.parametrize(
    "kode, isi, pesan",
    [
        ("ktp_tepat", "3,5", "Nilai 3,5 harus bilangan bulat (tanpa desimal)."),
        ("ktp_tepat", 3.5, "Nilai 3,5 harus bilangan bulat (tanpa desimal)."),
        ("desa_tertib_adm", "3,55", "Nilai 3,55 paling banyak 1 angka di belakang koma."),
        ("desa_tertib_adm", "3,505", "Nilai 3,505 paling banyak 1 angka di belakang koma."),
        ("desa_tertib_adm", "-1", "Nilai -1 tidak boleh negatif."),
    ],
)
def test_an_import_refuses_decimals_the_variable_does_not_take_at_its_cell(dunia, mei, folder_data, kode, isi, pesan):
    staf = dunia.user("staf_a")
    v = _v(dunia.tahun_a, kode)
    kosong = tulis_workbook(staf, dunia.tahun_a, 5)
    nomor = _baris(load_workbook(io.BytesIO(kosong))["Mei"], v)[4].row
    rows, salah = baca_workbook(_ubah(kosong, _isi_variabel("Mei", {v: isi})), user=staf, tahun_iki=dunia.tahun_a)
    assert [(k.lembar, k.baris, k.kolom, k.pesan) for k in salah] == [("Mei", nomor, "E", pesan)]


def test_the_import_preview_shows_old_and_new_with_decimals(masuk, dunia, mei, folder_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staf = dunia.user("staf_a")
    Realisasi.objects.create(variabel=mei, bulan=5, nilai=Decimal("3"), versi=1, diisi_oleh=staf)
    data = _ubah(tulis_workbook(staf, dunia.tahun_a, 5), _isi_variabel("Mei", {mei: "3,5"}))
    html = masuk("staf_a").post(
        "/excel/ketapang/2023/unggah/", {"berkas": SimpleUploadedFile("mei.xlsx", data)}
    ).content.decode()
    assert "3,0 → <strong>3,5</strong>" in html


# --- Display elsewhere ------------------------------------------------------------------------------


def test_history_and_drill_down_show_the_value_with_its_decimals(masuk, dunia, mei):
    staf = dunia.user("staf_a")
    simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(mei.pk, 5, Decimal("12.5"))])
    c = masuk("operator_a")
    riwayat = c.get("/realisasi/riwayat/ketapang/2023/5/").content.decode()
    assert "12,5" in riwayat and "12,50" not in riwayat
    dasbor = c.get(f"/dasbor/ketapang/2023/indikator/{mei.indikator_id}/").content.decode()
    assert "12,5 dari 20" in dasbor
    assert "→ 12,5" in dasbor  # the drill-down's history of changes


def test_the_verification_screen_shows_the_value_with_its_decimals(masuk, dunia, mei):
    staf = dunia.user("staf_a")
    simpan_realisasi(
        user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(mei.pk, 5, Decimal("12.5"))], ajukan=True
    )
    html = masuk("verifikator_a").get("/realisasi/verifikasi/").content.decode()
    assert ">12,5</td>" in html


# --- The IKI-set workbook ----------------------------------------------------------------------------


def test_the_set_workbook_carries_each_variables_decimals(dunia, unit_baru):  # noqa: F811
    v = _v(dunia.tahun_a, "desa_tertib_adm")
    v.desimal = 2
    v.save()
    data = impor_iki.tulis(dunia.tahun_a)
    ws = load_workbook(io.BytesIO(data))["Variabel"]
    k = kolom(ws, "Desimal")
    assert {ws.cell(row=r, column=k).value for r in range(2, ws.max_row + 1)} == {0, 2}
    isi, salah = impor_iki.read(data, "set.xlsx")
    assert salah == []
    baru = impor_iki.save(rows=isi, unit=unit_baru, tahun=2023, user=dunia.user("operator_a"))
    assert dump(baru)["variabel"] == dump(dunia.tahun_a)["variabel"]
    assert Variabel.objects.get(indikator__tahun=baru, kode="desa_tertib_adm").desimal == 2


def test_a_set_workbook_without_the_column_gives_counts(dunia):
    def tanpa_kolom(wb):
        ws = wb["Variabel"]
        ws.delete_cols(kolom(ws, "Desimal"))

    isi, salah = impor_iki.read(buku_ketapang(dunia, tanpa_kolom), "set.xlsx")
    assert salah == []
    assert {v["desimal"] for v in isi.variabel} == {0}


@pytest.mark.parametrize("isi", [3, "-1", "dua", "0,5"])
def test_a_bad_decimals_cell_is_refused_with_its_place(dunia, isi):
    def ubah(wb):
        ws = wb["Variabel"]
        ws.cell(row=3, column=kolom(ws, "Desimal"), value=isi)

    salah = kesalahan(buku_ketapang(dunia, ubah))
    assert [(k.lembar, k.baris, k.kolom) for k in salah] == [("Variabel", 3, "Desimal")]
    assert "pilih: 0 | 1 | 2" in salah[0].pesan


# --- In a browser -------------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_staf_types_3_5_on_the_phone_and_sees_3_5_after_saving(live_server, dunia_tx, peramban):
    from tests.conftest import PASSWORD

    Realisasi.objects.filter(variabel__indikator__tahun__unit__kode="ketapang", bulan=5).delete()
    v = Variabel.objects.get(indikator__tahun__unit__kode="ketapang", indikator__tahun__tahun=2023,
                             kode="desa_tertib_adm")
    v.desimal = 1
    v.save()
    page = peramban.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill("staf_a")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{URL_MEI}")
    isian = page.get_by_label("Jumlah desa yang tertib administrasi", exact=True)
    assert isian.get_attribute("inputmode") == "decimal"
    isian.fill("3,5")
    keluaran = page.locator(".kartu-indikator", has=isian).locator("output")
    assert keluaran.inner_text().startswith("3,5 dari 20 = 17,50")  # the live preview, before saving
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_load_state()
    assert page.get_by_text("Draf Mei 2023 disimpan.").is_visible()
    isian = page.get_by_label("Jumlah desa yang tertib administrasi", exact=True)
    assert isian.input_value() == "3,5"
    assert Realisasi.objects.get(variabel=v, bulan=5).nilai == Decimal("3.5")
