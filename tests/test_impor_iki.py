"""The IKI set as an Excel workbook: export → import reproduces a set; bad workbooks are refused
with located errors and nothing saved; a second kecamatan is set up and its document printed."""

import io
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from iki.models import (
    BarisIKI,
    Indikator,
    Jabatan,
    Konstanta,
    NarasiDokumen,
    Pengguna,
    PeriodeRenstra,
    Sasaran,
    TahunIKI,
    Target,
    UnitKerja,
    UraianJabatan,
    Variabel,
)
from iki.set_iki import dokumen
from iki.set_iki import impor as impor_iki

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # where a previewed upload is parked
    return settings.MEDIA_ROOT


# --- Helpers ----------------------------------------------------------------------------------


def dump(tahun) -> dict:
    """The whole set of a year without ids: what "the same set" means."""
    return {
        "konstanta": sorted((k.kode, k.nama, k.satuan, k.nilai) for k in Konstanta.objects.filter(tahun=tahun)),
        "jabatan": [
            (j.kode, j.nama, j.judul_tugas, j.atasan.kode if j.atasan else None)
            for j in Jabatan.objects.filter(tahun=tahun).select_related("atasan").order_by("urutan", "id")
        ],
        "uraian": [
            (u.jabatan.kode, u.jenis, u.urutan, u.teks)
            for u in UraianJabatan.objects.filter(jabatan__tahun=tahun).order_by("jabatan__urutan", "jenis", "urutan")
        ],
        "sasaran": sorted(s.teks for s in Sasaran.objects.filter(tahun=tahun)),
        "indikator": [
            (i.kode, i.nama, i.satuan, i.polaritas, i.jenis, i.rumus, i.penjelasan, i.sumber_data,
             i.penanggung_jawab.kode if i.penanggung_jawab else None, i.sifat_target, i.wajib_bukti)
            for i in Indikator.objects.filter(tahun=tahun).select_related("penanggung_jawab").order_by("urutan", "id")
        ],
        "target": sorted(
            (t.indikator.kode, t.periode, t.nilai) for t in Target.objects.filter(indikator__tahun=tahun)
        ),
        "variabel": [
            (v.indikator.kode, v.kode, v.nama, v.satuan, v.cara_gabung, v.pengisi.kode if v.pengisi else None, v.urutan,
             v.desimal)
            for v in Variabel.objects.filter(indikator__tahun=tahun).order_by("indikator__urutan", "urutan")
        ],
        "baris": [
            (b.jabatan.kode, b.urutan, b.sasaran.teks, b.indikator.kode, b.teks_indikator, b.sumber_data)
            for b in BarisIKI.objects.filter(jabatan__tahun=tahun).order_by("jabatan__urutan", "urutan")
        ],
        "narasi": NarasiDokumen.objects.get(tahun=tahun).teks_bagian()
        if NarasiDokumen.objects.filter(tahun=tahun).exists()
        else None,
    }


@pytest.fixture
def unit_baru(dunia):
    """A second kecamatan of Sampang with nothing in it yet, and its operator."""
    unit = UnitKerja.objects.create(
        kabupaten=dunia.unit_a.kabupaten,
        kode="camplong",
        nama="Kantor Kecamatan Camplong",
        nama_wilayah="Kecamatan Camplong",
        jabatan_pimpinan="Camat Camplong",
        tempat_ttd="Sampang",
    )
    PeriodeRenstra.objects.create(unit=unit, tahun_mulai=2019, tahun_selesai=2024)
    operator = Pengguna(username="operator_c", peran=Pengguna.OPERATOR, unit=unit, is_staff=True)
    operator.set_password("x")
    operator.save()
    return unit


def buku_ketapang(dunia, ubah=None) -> bytes:
    """The Ketapang 2023 export, optionally changed by ``ubah(workbook)``."""
    data = impor_iki.tulis(dunia.tahun_a)
    if ubah is None:
        return data
    wb = load_workbook(io.BytesIO(data))
    ubah(wb)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def kesalahan(data: bytes, nama="set.xlsx"):
    isi, salah = impor_iki.read(data, nama)
    assert isi is None and salah
    return salah


def baris_dengan(ws, kolom: str, nilai: str) -> int:
    judul = [c.value for c in ws[1]]
    i = judul.index(kolom)
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=i + 1).value == nilai:
            return r
    raise AssertionError(f"{nilai} tidak ditemukan")


def kolom(ws, judul: str) -> int:
    return [c.value for c in ws[1]].index(judul) + 1


# --- Round trip ----------------------------------------------------------------------------------


def test_export_then_import_into_an_empty_unit_reproduces_the_set_exactly(dunia, unit_baru):
    NarasiDokumen.objects.create(
        tahun=dunia.tahun_a, **{**dokumen.narasi_bawaan(), "penutup": "Penutup {nama_unit}\n\n1. butir"}
    )
    Target.objects.create(indikator=Indikator.objects.get(tahun=dunia.tahun_a, kode="ikm"), periode="tw2",
                          nilai=Decimal("77.25"))
    isi, salah = impor_iki.read(impor_iki.tulis(dunia.tahun_a), "set-iki-ketapang-2023.xlsx")
    assert salah == []
    assert isi.ringkasan() == {
        "jabatan": 6, "uraian": 64, "sasaran": 7, "indikator": 17, "variabel": 28, "konstanta": 1, "baris": 31,
        "target": 18, "narasi": 11,
    }
    baru = impor_iki.save(rows=isi, unit=unit_baru, tahun=2023, user=dunia.user("admin"))
    assert dump(baru) == dump(dunia.tahun_a)
    assert baru.renstra.tahun_mulai == 2019
    # Exporting the imported set gives the same workbook content again.
    assert impor_iki._baris_ekspor(baru) == impor_iki._baris_ekspor(dunia.tahun_a)


def test_second_kecamatan_is_set_up_from_a_workbook_and_prints_its_document(dunia, unit_baru, client):
    client.force_login(Pengguna.objects.get(username="operator_c"), backend="django.contrib.auth.backends.ModelBackend")
    berkas = SimpleUploadedFile("set-iki.xlsx", impor_iki.tulis(dunia.tahun_a))
    response = client.post("/dokumen/camplong/impor/", {"tahun": "2024", "berkas": berkas})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="pratinjau-baris">31<' in html
    assert not TahunIKI.objects.filter(unit=unit_baru).exists()  # a preview saves nothing
    token = client.session["impor_iki"]["token"]
    response = client.post("/dokumen/camplong/impor/simpan/", {"token": token})
    assert response.status_code == 302 and response["Location"] == "/dokumen/camplong/2024/"
    tahun = TahunIKI.objects.get(unit=unit_baru, tahun=2024)
    data = dokumen.data_dokumen(tahun)
    assert len(data["jabatan"]) == 6 and data["jumlah_baris"] == 31
    latar = " ".join(b["teks"] for b in data["narasi"]["latar_belakang"])
    assert "Kantor Kecamatan Camplong Kabupaten Sampang Tahun 2024" in latar
    assert data["penanda_tangan"]["jabatan"] == "CAMAT CAMPLONG"
    pdf = client.get("/dokumen/camplong/2024/pdf/?kertas=f4")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'attachment; filename="dokumen-iki-camplong-2024-f4.pdf"'


def test_text_starting_with_equals_is_written_as_text(dunia):
    s = Sasaran.objects.filter(tahun=dunia.tahun_a).first()
    s.teks = '=HYPERLINK("http://contoh","klik")'
    s.save()
    wb = load_workbook(io.BytesIO(impor_iki.tulis(dunia.tahun_a)))
    sel = wb["Sasaran"]["B2"]
    assert sel.value == '=HYPERLINK("http://contoh","klik")' and sel.data_type == "s"
    isi, salah = impor_iki.read(impor_iki.tulis(dunia.tahun_a), "a.xlsx")
    assert salah == [] and isi.sasaran[0]["teks"] == '=HYPERLINK("http://contoh","klik")'


def test_empty_template_has_every_sheet_and_header():
    wb = load_workbook(io.BytesIO(impor_iki.tulis(None)))
    assert wb.sheetnames == ["Petunjuk", *impor_iki.LEMBAR]
    assert [c.value for c in wb["Indikator"][1]][:5] == ["Kode", "Nama", "Satuan", "Polaritas", "Jenis"]
    assert wb["Indikator"].data_validations.dataValidation  # drop-down lists for the choices
    isi, salah = impor_iki.read(impor_iki.tulis(None), "templat.xlsx")
    assert isi is None and any(k.pesan == "Belum ada jabatan." for k in salah)


def test_indonesian_number_text_is_accepted(dunia):
    def ubah(wb):
        ws = wb["Indikator"]
        ws.cell(row=2, column=kolom(ws, "Target Tahunan"), value="1.234,5")

    isi, salah = impor_iki.read(buku_ketapang(dunia, ubah), "a.xlsx")
    assert salah == [] and isi.indikator[0]["target"] == Decimal("1234.50")


def test_a_percent_target_above_100_is_located_unless_a_maximum_is_given(dunia):
    def ubah(maks):
        def _ubah(wb):
            ws = wb["Indikator"]
            baris = baris_dengan(ws, "Kode", "adminduk")
            ws.cell(row=baris, column=kolom(ws, "Target TW II"), value="150")
            ws.cell(row=baris, column=kolom(ws, "Target Paling Tinggi"), value=maks)

        return _ubah

    (k,) = kesalahan(buku_ketapang(dunia, ubah(None)))
    assert (k.lembar, k.baris, k.kolom) == ("Indikator", 3, "Target TW II")
    assert "Target paling besar 100 %" in k.pesan
    isi, salah = impor_iki.read(buku_ketapang(dunia, ubah("200")), "a.xlsx")
    assert salah == []
    assert [(i["target_tw2"], i["target_maks"]) for i in isi.indikator if i["kode"] == "adminduk"] == [
        (Decimal(150), Decimal(200))
    ]


# --- Bad workbooks -------------------------------------------------------------------------------


def test_formula_with_an_unknown_variable_is_located(dunia):
    def ubah(wb):
        ws = wb["Indikator"]
        baris = baris_dengan(ws, "Kode", "adminduk")
        ws.cell(row=baris, column=kolom(ws, "Rumus"), value="ktp_tepat / ktp_salah * 100")

    (k,) = kesalahan(buku_ketapang(dunia, ubah))
    assert (k.lembar, k.baris, k.kolom) == ("Indikator", 3, "Rumus")
    assert "ktp_salah" in k.pesan
    assert str(k).startswith("Lembar Indikator, baris 3, kolom Rumus: Nama tidak dikenal: ktp_salah")


def test_jabatan_listed_twice_is_located(dunia):
    def ubah(wb):
        ws = wb["Jabatan"]
        ws.cell(row=7, column=1, value="sekcam")

    salah = kesalahan(buku_ketapang(dunia, ubah))
    assert any(
        (k.lembar, k.baris, k.kolom) == ("Jabatan", 7, "Kode") and "tercantum dua kali (juga di baris 2)" in k.pesan
        for k in salah
    )


def test_polarity_word_outside_the_choices_is_located(dunia):
    def ubah(wb):
        ws = wb["Indikator"]
        ws.cell(row=4, column=kolom(ws, "Polaritas"), value="ke atas")

    (k,) = kesalahan(buku_ketapang(dunia, ubah))
    assert (k.lembar, k.baris, k.kolom) == ("Indikator", 4, "Polaritas")
    assert k.pesan == "“ke atas” bukan pilihan yang dikenal; pilih: naik | turun."


@pytest.mark.parametrize(
    "lembar, sel, nilai, kolom_salah, potongan",
    [
        ("Baris", "B2", "S99", "Sasaran", "Sasaran “S99” tidak ada"),
        ("Variabel", "F2", "bukan_jabatan", "Pengisi", "Jabatan “bukan_jabatan” tidak ada"),
        ("Jabatan", "D2", "kasi_trantib", "Atasan", "Rantai atasan berputar"),
        ("Indikator", "L2", -5, "Target Tahunan", "tidak boleh negatif"),
        ("Indikator", "L2", "banyak", "Target Tahunan", "Format angka tidak dikenal"),
        ("Konstanta", "A2", "Jumlah Desa", "Kode", "tidak sah"),
        ("Sasaran", "B3", "=1+1", "Sasaran", "rumus Excel"),
        ("Uraian", "B2", "tugas pokok", "Jenis", "pilih: tugas | fungsi"),
        ("Jabatan", "B2", "x" * 201, "Nama", "Terlalu panjang"),
        ("Variabel", "B2", "jumlah_desa", "Kode", "sudah dipakai konstanta"),
        ("Variabel", "G2", 3, "Desimal", "“3” bukan pilihan yang dikenal; pilih: 0 | 1 | 2"),
        ("Variabel", "G2", "1,5", "Desimal", "pilih: 0 | 1 | 2"),
    ],
)
def test_other_bad_cells_are_located(dunia, lembar, sel, nilai, kolom_salah, potongan):
    def ubah(wb):
        wb[lembar][sel] = nilai

    salah = kesalahan(buku_ketapang(dunia, ubah))
    assert any(k.lembar == lembar and k.kolom == kolom_salah and potongan in k.pesan for k in salah), salah


def test_missing_sheet_and_missing_column_are_reported(dunia):
    def ubah(wb):
        del wb["Baris"]
        wb["Sasaran"]["B1"] = "Teks"

    salah = kesalahan(buku_ketapang(dunia, ubah))
    assert any(k.lembar == "Baris" and "tidak ada di buku kerja" in k.pesan for k in salah)
    assert any((k.lembar, k.baris, k.kolom) == ("Sasaran", 1, "Sasaran") for k in salah)


def test_more_than_5000_rows_is_refused(dunia):
    def ubah(wb):
        ws = wb["Uraian"]
        for r in range(2, 5003):
            ws.cell(row=r, column=1, value="sekcam")
            ws.cell(row=r, column=2, value="tugas")
            ws.cell(row=r, column=3, value=f"Tugas {r}")

    (k,) = kesalahan(buku_ketapang(dunia, ubah))
    assert "lebih dari 5000 baris" in k.pesan


def test_xlsm_is_refused_by_name_and_by_content(dunia):
    data = buku_ketapang(dunia)
    (k,) = kesalahan(data, "set.xlsm")
    assert ".xlsm" in k.pesan
    keluaran = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as asli, zipfile.ZipFile(keluaran, "w", zipfile.ZIP_DEFLATED) as baru:
        for info in asli.infolist():
            baru.writestr(info, asli.read(info))
        baru.writestr("xl/vbaProject.bin", b"\x00makro")
    (k,) = kesalahan(keluaran.getvalue(), "set.xlsx")
    assert "makro" in k.pesan


def test_zip_bomb_is_refused_without_inflating_it():
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * 60_000_000)
    data = keluaran.getvalue()
    assert len(data) < 200_000
    mulai = time.perf_counter()
    (k,) = kesalahan(data)
    assert "zip bomb" in k.pesan
    assert time.perf_counter() - mulai < 0.5


@pytest.mark.parametrize(
    "data, nama, potongan",
    [
        (b"kode,nama\nsekcam,Sekretaris\n", "set.xlsx", "bukan berkas Excel"),
        (b"%PDF-1.7 ...", "set.xlsx", "bukan berkas Excel"),
        (b"PK\x03\x04" + b"\x00" * 100, "set.xlsx", "rusak"),
        (b"PK\x03\x04" + b"\x00" * (6 * 1024 * 1024), "set.xlsx", "terlalu besar: 6,0 MB"),
        (b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024 - 3), "set.xlsx", "terlalu besar: lebih dari 5 MB"),
    ],
)
def test_files_that_are_not_workbooks_are_refused(data, nama, potongan):
    (k,) = kesalahan(data, nama)
    assert potongan in k.pesan


def test_an_xlsx_that_is_not_a_workbook_inside_is_refused():
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "bukan xml <<<")
    (k,) = kesalahan(keluaran.getvalue())
    assert "tidak memuat buku kerja" in k.pesan


def test_any_error_means_nothing_is_returned_to_save(dunia):
    def ubah(wb):
        wb["Indikator"]["D3"] = "salah"

    isi, salah = impor_iki.read(buku_ketapang(dunia, ubah), "a.xlsx")
    assert isi is None and len(salah) == 1


# --- Saving ---------------------------------------------------------------------------------------------


def test_import_never_merges_into_a_year_that_has_a_set(dunia):
    isi, _ = impor_iki.read(impor_iki.tulis(dunia.tahun_a), "a.xlsx")
    sebelum = dump(dunia.tahun_b)
    with pytest.raises(ValidationError, match="sudah berisi"):
        impor_iki.save(rows=isi, unit=dunia.unit_b, tahun=2023)
    assert dump(dunia.tahun_b) == sebelum


def test_import_fills_an_existing_empty_year(dunia, unit_baru):
    kosong = TahunIKI.objects.create(unit=unit_baru, tahun=2023, nomor_keputusan="188/1/KEP/2023")
    isi, _ = impor_iki.read(impor_iki.tulis(dunia.tahun_a), "a.xlsx")
    assert impor_iki.save(rows=isi, unit=unit_baru, tahun=2023) == kosong
    assert BarisIKI.objects.filter(jabatan__tahun=kosong).count() == 31


def test_import_is_all_or_nothing(dunia, unit_baru, monkeypatch):
    isi, _ = impor_iki.read(impor_iki.tulis(dunia.tahun_a), "a.xlsx")
    asli = impor_iki.bulk_create_with_history

    def gagal(objs, model, **kwargs):
        if model is BarisIKI:
            raise RuntimeError("disk penuh")
        return asli(objs, model, **kwargs)

    monkeypatch.setattr(impor_iki, "bulk_create_with_history", gagal)
    with pytest.raises(RuntimeError):
        impor_iki.save(rows=isi, unit=unit_baru, tahun=2023)
    assert not TahunIKI.objects.filter(unit=unit_baru).exists()
    assert not Jabatan.objects.filter(tahun__unit=unit_baru).exists()


# --- Screens ------------------------------------------------------------------------------------------------


def unggah(client, kode, data, nama="set.xlsx", tahun="2024"):
    return client.post(f"/dokumen/{kode}/impor/", {"tahun": tahun, "berkas": SimpleUploadedFile(nama, data)})


def test_upload_with_errors_shows_them_located_and_saves_nothing(dunia, masuk):
    def ubah(wb):
        wb["Indikator"]["D3"] = "<script>x</script>"

    client = masuk("operator_a")
    response = unggah(client, "ketapang", buku_ketapang(dunia, ubah))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 kesalahan — tidak ada yang disimpan." in html
    assert "<td>Indikator</td><td>3</td><td>Polaritas</td>" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    assert "impor_iki" not in client.session
    assert not TahunIKI.objects.filter(unit=dunia.unit_a, tahun=2024).exists()


def test_upload_into_a_year_with_a_set_is_refused(dunia, masuk):
    response = unggah(masuk("operator_a"), "ketapang", buku_ketapang(dunia), tahun="2023")
    assert "IKI tahun 2023 sudah berisi" in response.content.decode()


def test_only_the_operator_imports(dunia, masuk):
    data = buku_ketapang(dunia)
    for username in ("camat_a", "pemantau", "staf_a", "verifikator_a"):
        assert unggah(masuk(username), "ketapang", data).status_code == 403
    assert unggah(masuk("operator_b"), "ketapang", data).status_code == 404
    assert masuk("operator_a").put("/dokumen/ketapang/impor/").status_code == 405
    assert masuk("operator_a").get("/dokumen/ketapang/impor/simpan/").status_code == 405
    assert masuk("camat_a").post("/dokumen/ketapang/impor/simpan/", {"token": "x"}).status_code == 403
    assert not TahunIKI.objects.filter(unit=dunia.unit_a, tahun=2024).exists()


def test_save_needs_the_token_of_this_users_preview(dunia, masuk):
    client = masuk("operator_a")
    unggah(client, "ketapang", buku_ketapang(dunia))
    response = client.post("/dokumen/ketapang/impor/simpan/", {"token": "../../etc/passwd"}, follow=True)
    assert "kedaluwarsa" in response.content.decode()
    assert not TahunIKI.objects.filter(unit=dunia.unit_a, tahun=2024).exists()
    response = client.post("/dokumen/ketapang/impor/simpan/", {"token": client.session["impor_iki"]["token"]})
    assert response["Location"] == "/dokumen/ketapang/2024/"
    assert BarisIKI.objects.filter(jabatan__tahun__unit=dunia.unit_a, jabatan__tahun__tahun=2024).count() == 31


def test_export_and_template_downloads(dunia, masuk):
    response = masuk("pemantau").get("/dokumen/ketapang/2023/set-iki.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="set-iki-ketapang-2023.xlsx"'
    assert load_workbook(io.BytesIO(response.content))["Baris"].max_row == 32
    assert masuk("staf_a").get("/dokumen/templat-set-iki.xlsx").status_code == 200
    assert masuk("staf_a").post("/dokumen/ketapang/2023/set-iki.xlsx").status_code == 405


def test_workbook_made_by_hand_with_headers_in_another_order(dunia, unit_baru):
    wb = Workbook()
    wb.active.title = "Jabatan"
    wb["Jabatan"].append(["Nama", "Kode"])
    wb["Jabatan"].append(["Sekretaris Kecamatan Camplong", "sekcam"])
    wb.create_sheet("Sasaran").append(["Sasaran", "Kode"])
    wb["Sasaran"].append(["Meningkatnya pelayanan", "S1"])
    wb.create_sheet("Indikator").append(["Kode", "Nama", "Satuan", "Polaritas", "Jenis", "Sumber Data"])
    wb["Indikator"].append(["ikm", "IKM", "indeks", "Semakin tinggi semakin baik", "survei", "Survei"])
    wb.create_sheet("Baris").append(["Jabatan", "Sasaran", "Indikator"])
    wb["Baris"].append(["sekcam", "S1", "ikm"])
    keluaran = io.BytesIO()
    wb.save(keluaran)
    isi, salah = impor_iki.read(keluaran.getvalue(), "buatan.xlsx")
    assert salah == []
    tahun = impor_iki.save(rows=isi, unit=unit_baru, tahun=2024)
    assert dokumen.data_dokumen(tahun)["jumlah_baris"] == 1
    assert Indikator.objects.get(tahun=tahun).polaritas == "naik"


def test_operator_opens_the_import_page(masuk):
    html = masuk("operator_a").get("/dokumen/ketapang/impor/").content.decode()
    assert "Unduh templat kosong" in html and "Tahun yang sudah ada: 2023" in html
    assert 'type="file"' in html


# --- Office formula notation (docs/rumus.md) --------------------------------------------------------------


def test_workbook_with_office_notation_x_colon_and_percent_is_imported_and_printed_as_typed(dunia, unit_baru):
    def ubah(wb):
        ws = wb["Indikator"]
        baris = baris_dengan(ws, "Kode", "adminduk")
        ws.cell(row=baris, column=kolom(ws, "Rumus"), value="ktp_tepat : ktp_usulan x 100 %")
        baris = baris_dengan(ws, "Kode", "pertanahan")
        ws.cell(row=baris, column=kolom(ws, "Rumus"), value="akta_tanah_tepat ÷ akta_tanah_usulan %")

    isi, salah = impor_iki.read(buku_ketapang(dunia, ubah), "kantor.xlsx")
    assert salah == []
    tahun = impor_iki.save(rows=isi, unit=unit_baru, tahun=2024)
    adminduk = Indikator.objects.get(tahun=tahun, kode="adminduk")
    pertanahan = Indikator.objects.get(tahun=tahun, kode="pertanahan")
    assert adminduk.rumus == "ktp_tepat : ktp_usulan x 100 %"
    assert adminduk.rumus_terurai().hitung({"ktp_tepat": Decimal(45), "ktp_usulan": Decimal(50)}) == 90
    assert pertanahan.rumus_terurai().hitung({"akta_tanah_tepat": Decimal(1), "akta_tanah_usulan": Decimal(4)}) == 25
    assert adminduk.pasangan_rasio_rumus() == [("ktp_tepat", "ktp_usulan")]
    # The printed column keeps the office's notation.
    assert adminduk.rumus_dalam_kata() == (
        "Jumlah KTP, KK dan Akta yang diproses tepat waktu : Jumlah usulan pembuatan KTP, KK dan Akta x 100 %"
    )
    assert pertanahan.rumus_dalam_kata().endswith(" ÷ Jumlah usulan pembuatan Akta Tanah %")


def test_workbook_formula_with_a_misplaced_percent_is_located(dunia):
    def ubah(wb):
        ws = wb["Indikator"]
        baris = baris_dengan(ws, "Kode", "adminduk")
        ws.cell(row=baris, column=kolom(ws, "Rumus"), value="ktp_tepat % ktp_usulan")

    (k,) = kesalahan(buku_ketapang(dunia, ubah))
    assert (k.lembar, k.baris, k.kolom) == ("Indikator", 3, "Rumus")
    assert "hanya boleh berada di akhir rumus" in k.pesan
