"""The Excel round trip of realisasi: the workbook, the checks of an upload, preview, confirm."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from iki.models import Realisasi, Variabel
from iki.realisasi.excel import (
    KOLOM,
    baca_workbook,
    pratinjau,
    simpan_impor,
    tulis_workbook,
)
from iki.realisasi.simpan import (
    BulanTerkunci,
    GagalSimpan,
    KonflikVersi,
    Perubahan,
    TidakBerwenang,
    simpan_realisasi,
    variabel_pengisi,
)
from iki.umum.unggahan import MAKS_BITA
from tests import workbook_rusak

pytestmark = pytest.mark.django_db

URL_UNGGAH = "/excel/ketapang/2023/unggah/"
URL_UNDUH = "/excel/ketapang/2023/unduh/"
URL_KONFIRMASI = "/excel/ketapang/2023/konfirmasi/"


@pytest.fixture(autouse=True)
def folder_data(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"  # where previews are parked (default_storage)
    return tmp_path


def _v(tahun, kode):
    return Variabel.objects.get(indikator__tahun=tahun, kode=kode)


def _kosongkan(tahun, bulan):
    """Make a month open again (the demo year is verified up to November)."""
    Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=bulan).delete()


def _ubah(data: bytes, fn) -> bytes:
    """Edit a downloaded workbook with openpyxl as a user's spreadsheet program would."""
    wb = load_workbook(io.BytesIO(data))
    fn(wb)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def _baris(ws, variabel):
    return next(r for r in ws.iter_rows(min_row=2) if r[7].value == variabel.pk)


def _isi(lembar, **nilai_per_variabel):
    """fn for _ubah: put values into the Nilai column of the rows of these variables."""

    def fn(wb):
        ws = wb[lembar]
        for variabel, nilai in nilai_per_variabel.items():
            _baris(ws, variabel)[4].value = nilai

    return fn


def _isi_variabel(lembar, isian: dict):
    def fn(wb):
        ws = wb[lembar]
        for variabel, nilai in isian.items():
            _baris(ws, variabel)[4].value = nilai

    return fn


def _pesan(kesalahan) -> str:
    return " | ".join(str(k) for k in kesalahan)


def _xlsx(**lembar) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for nama, baris in lembar.items():
        ws = wb.create_sheet(nama)
        for b in baris:
            ws.append(b)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def _unggah(client, data: bytes, nama="realisasi.xlsx"):
    berkas = io.BytesIO(data)
    berkas.name = nama
    return client.post(URL_UNGGAH, {"berkas": berkas})


# ---------------------------------------------------------------------------------------------
# The workbook


class TestWorkbook:
    def test_a_month_sheet_holds_the_staf_variables_with_current_values(self, dunia):
        staf = dunia.user("staf_a")
        data = tulis_workbook(staf, dunia.tahun_a, 3)
        wb = load_workbook(io.BytesIO(data))
        assert wb.sheetnames == ["Maret", "Petunjuk"]
        ws = wb["Maret"]
        assert [c.value for c in ws[1]] == list(KOLOM)
        mereka = list(variabel_pengisi(staf, dunia.tahun_a))
        assert ws.max_row == len(mereka) + 1
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        r = Realisasi.objects.get(variabel=tepat, bulan=3)
        baris = _baris(ws, tepat)
        assert baris[1].value == tepat.nama and baris[3].value == "Maret"
        assert baris[4].value == int(r.nilai) and baris[8].value == r.versi
        assert baris[5].value == "Diverifikasi (terkunci)"
        # Another jabatan's count is not in the staf's workbook.
        skck = _v(dunia.tahun_a, "skck_tepat")
        assert skck.pk not in {r[7].value for r in ws.iter_rows(min_row=2)}

    def test_ids_are_hidden_header_frozen_and_only_open_value_and_note_cells_editable(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        data = tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, None)
        wb = load_workbook(io.BytesIO(data))
        assert wb.sheetnames[:12] == [
            "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
            "November", "Desember",
        ]
        for nama in ("April", "Mei"):
            ws = wb[nama]
            assert ws.column_dimensions["H"].hidden and ws.column_dimensions["I"].hidden
            assert ws.freeze_panes == "A2"
            assert ws.protection.sheet
        mei, april = wb["Mei"], wb["April"]
        # May is open: value and note cells are unlocked, the rest stays locked.
        assert not mei["E2"].protection.locked and not mei["G2"].protection.locked
        assert mei["A2"].protection.locked and mei["H2"].protection.locked and mei["D2"].protection.locked
        # April is verified: nothing can be typed.
        assert april["E2"].protection.locked and april["G2"].protection.locked

    def test_value_cells_carry_whole_number_validation(self, dunia):
        data = tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 5)
        ws = load_workbook(io.BytesIO(data))["Mei"]
        validasi = {dv.type: dv for dv in ws.data_validations.dataValidation}
        nilai = validasi["whole"]
        assert str(nilai.sqref) == f"E2:E{ws.max_row}"
        assert nilai.formula1 == "0" and nilai.showErrorMessage
        assert "bilangan bulat" in nilai.error
        assert validasi["textLength"].formula1 == "2000"

    def test_text_starting_with_formula_characters_is_stored_as_text(self, dunia):
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        jahat = ['=HYPERLINK("http://contoh.invalid","klik")', "+1+2", "-3", "@SUM(A1)", "=1+1"]
        for bulan, teks in zip(range(1, 6), jahat, strict=True):
            Realisasi.objects.filter(variabel=tepat, bulan=bulan).update(catatan=teks)
        Variabel.objects.filter(pk=tepat.pk).update(nama="=CMD|' /C calc'!A0")
        data = tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, None)
        wb = load_workbook(io.BytesIO(data))
        sel = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in sel if c.data_type == "f"]
        catatan = {_baris(wb[n], tepat)[6].value for n in ("Januari", "Februari", "Maret", "April", "Mei")}
        assert catatan == set(jahat)
        assert _baris(wb["Mei"], tepat)[1].value == "=CMD|' /C calc'!A0"
        # Also in the raw XML: no <f> element anywhere.
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist() if "worksheets" in n)

    def test_control_characters_in_notes_do_not_break_the_download(self, dunia):
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        # (No NUL: PostgreSQL refuses to store it.)
        Realisasi.objects.filter(variabel=tepat, bulan=2).update(catatan="awal\x01\x07\x1bakhir\r\nbaris dua")
        ws = load_workbook(io.BytesIO(tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 2)))["Februari"]
        assert _baris(ws, tepat)[6].value == "awalakhir\nbaris dua"

    def test_operator_workbook_holds_every_variable_of_the_unit(self, dunia):
        ws = load_workbook(io.BytesIO(tulis_workbook(dunia.user("operator_a"), dunia.tahun_a, 1)))["Januari"]
        assert ws.max_row - 1 == Variabel.objects.filter(indikator__tahun=dunia.tahun_a).count()

    def test_sheets_declare_their_size(self, dunia):
        # Without a <dimension> a reader parses the whole sheet once more just to size it.
        data = tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 5)
        n = variabel_pengisi(dunia.user("staf_a"), dunia.tahun_a).count()
        assert load_workbook(io.BytesIO(data), read_only=True)["Mei"].max_row == n + 1

    def test_petunjuk_names_the_unit_and_year(self, dunia):
        ws = load_workbook(io.BytesIO(tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 5)))["Petunjuk"]
        isi = {r[0].value: r[1].value for r in ws.iter_rows()}
        assert isi["Kode unit"] == "ketapang" and isi["Tahun"] == "2023" and isi["Bulan"] == "Mei"


# ---------------------------------------------------------------------------------------------
# Reading, preview and saving (module level)


class TestRoundTrip:
    def test_download_edit_read_preview_save(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        staf = dunia.user("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(40))])
        data = _ubah(tulis_workbook(staf, dunia.tahun_a, 5), _isi_variabel("Mei", {tepat: 48, usulan: 50}))

        rows, kesalahan = baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)
        assert kesalahan == []
        perubahan = {(p.variabel_id, p.nilai_lama, p.nilai) for p in pratinjau(rows)}
        assert perubahan == {(tepat.pk, None, Decimal(48)), (usulan.pk, Decimal(40), Decimal(50))}

        assert simpan_impor(rows=rows, user=staf, tahun_iki=dunia.tahun_a, nama_berkas="mei.xlsx") == 2
        r = Realisasi.objects.get(variabel=usulan, bulan=5)
        assert (r.nilai, r.versi, r.status, r.diisi_oleh) == (Decimal(50), 2, "draft", staf)
        h = r.history.first()
        assert h.history_change_reason == "Impor Excel: mei.xlsx" and h.history_user == staf
        assert Realisasi.objects.get(variabel=tepat, bulan=5).history.get().history_type == "+"

    def test_an_import_writes_the_same_history_rows_as_a_save(self, dunia):
        """The bulk path copies rows into the history table itself: they must read as any other."""
        _kosongkan(dunia.tahun_a, 5)
        staf = dunia.user("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(40))])
        Realisasi.objects.filter(variabel=usulan, bulan=5).update(catatan="lama")
        data = _ubah(tulis_workbook(staf, dunia.tahun_a, 5), _isi_variabel("Mei", {tepat: 30, usulan: 45}))
        rows, _ = baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)
        simpan_impor(rows=rows, user=staf, tahun_iki=dunia.tahun_a, nama_berkas="mei.xlsx")

        r = Realisasi.objects.get(variabel=usulan, bulan=5)
        terbaru, sebelumnya = r.history.all()[:2]
        assert (terbaru.history_type, terbaru.history_user, terbaru.history_change_reason) == (
            "~", staf, "Impor Excel: mei.xlsx"
        )
        assert (terbaru.nilai, terbaru.versi, terbaru.status, terbaru.catatan, terbaru.diperbarui) == (
            r.nilai, r.versi, r.status, r.catatan, r.diperbarui
        )
        assert terbaru.instance == r
        perbedaan = terbaru.diff_against(sebelumnya)
        assert {c.field: (c.old, c.new) for c in perbedaan.changes}["nilai"] == (Decimal(40), Decimal(45))
        baru = Realisasi.objects.get(variabel=tepat, bulan=5).history.get()
        assert (baru.history_type, baru.nilai, baru.versi, baru.history_user) == ("+", Decimal(30), 1, staf)

    def test_each_changed_row_gets_its_own_value_and_note(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        operator = dunia.user("operator_a")
        kode = ["ktp_usulan", "akta_tanah_usulan", "ijin_usulan", "skck_usulan", "ktp_tepat"]
        v = {k: _v(dunia.tahun_a, k) for k in kode}
        simpan_realisasi(
            user=operator,
            tahun_iki=dunia.tahun_a,
            perubahan=[Perubahan(v[k].pk, 5, Decimal(100 + i)) for i, k in enumerate(kode[:4])],
        )

        def fn(wb):
            ws = wb["Mei"]
            _baris(ws, v["ktp_usulan"])[4].value = 7
            _baris(ws, v["akta_tanah_usulan"])[4].value = 8
            _baris(ws, v["ijin_usulan"])[6].value = "hanya catatan yang berubah"
            _baris(ws, v["ktp_tepat"])[4].value = 5  # new; skck_usulan stays 103

        rows, kesalahan = baca_workbook(_ubah(tulis_workbook(operator, dunia.tahun_a, 5), fn), user=operator,
                                        tahun_iki=dunia.tahun_a)
        assert kesalahan == []
        assert simpan_impor(rows=rows, user=operator, tahun_iki=dunia.tahun_a, nama_berkas="x.xlsx") == 4
        hasil = {
            r.variabel.kode: (r.nilai, r.catatan, r.versi)
            for r in Realisasi.objects.filter(variabel__in=v.values(), bulan=5).select_related("variabel")
        }
        assert hasil == {
            "ktp_usulan": (Decimal(7), "", 2),
            "akta_tanah_usulan": (Decimal(8), "", 2),
            "ijin_usulan": (Decimal(102), "hanya catatan yang berubah", 2),
            "skck_usulan": (Decimal(103), "", 1),
            "ktp_tepat": (Decimal(5), "", 1),
        }

    def test_a_whole_year_sent_back_with_one_month_edited_ignores_the_locked_months(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        staf = dunia.user("staf_a")
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        usulan = _v(dunia.tahun_a, "ktp_usulan")
        data = _ubah(tulis_workbook(staf, dunia.tahun_a, None), _isi_variabel("Mei", {tepat: 1, usulan: 2}))
        rows, kesalahan = baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)
        assert kesalahan == []
        assert len(rows) > 2  # the locked months are read, and left alone
        assert [(p.variabel_id, p.bulan) for p in pratinjau(rows)] == [(tepat.pk, 5), (usulan.pk, 5)]

    def test_an_unchanged_workbook_changes_nothing(self, dunia):
        staf = dunia.user("staf_a")
        rows, kesalahan = baca_workbook(tulis_workbook(staf, dunia.tahun_a, None), user=staf, tahun_iki=dunia.tahun_a)
        assert kesalahan == [] and pratinjau(rows) == []
        jumlah_riwayat = Realisasi.history.count()
        assert simpan_impor(rows=rows, user=staf, tahun_iki=dunia.tahun_a, nama_berkas="x.xlsx") == 0
        assert Realisasi.history.count() == jumlah_riwayat

    def test_notes_round_trip_and_text_starting_with_equals_stays_text(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        staf = dunia.user("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")

        def fn(wb):
            ws = wb["Mei"]
            for v, nilai in ((tepat, 3), (usulan, 4)):
                b = _baris(ws, v)
                b[4].value = nilai
            b = _baris(ws, tepat)
            b[6].value = "=belum ada laporan desa"
            b[6].data_type = "s"  # typed as text, as Excel stores a cell with a quote prefix

        rows, kesalahan = baca_workbook(_ubah(tulis_workbook(staf, dunia.tahun_a, 5), fn), user=staf,
                                        tahun_iki=dunia.tahun_a)
        assert kesalahan == []
        simpan_impor(rows=rows, user=staf, tahun_iki=dunia.tahun_a, nama_berkas="x.xlsx")
        assert Realisasi.objects.get(variabel=tepat, bulan=5).catatan == "=belum ada laporan desa"
        ws = load_workbook(io.BytesIO(tulis_workbook(staf, dunia.tahun_a, 5)))["Mei"]
        sel = _baris(ws, tepat)[6]
        assert (sel.value, sel.data_type) == ("=belum ada laporan desa", "s")

    def test_numbers_typed_as_indonesian_text_are_read(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        staf = dunia.user("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        data = _ubah(tulis_workbook(staf, dunia.tahun_a, 5), _isi_variabel("Mei", {tepat: "1.200", usulan: "1.234"}))
        rows, kesalahan = baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)
        assert kesalahan == []
        assert {p.nilai for p in pratinjau(rows)} == {Decimal(1200), Decimal(1234)}

    def test_simpan_impor_rechecks_rights_and_saves_nothing(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        staf = dunia.user("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        data = _ubah(tulis_workbook(staf, dunia.tahun_a, 5), _isi_variabel("Mei", {tepat: 3, usulan: 4}))
        rows, _ = baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)
        rows[0].variabel_id = _v(dunia.tahun_a, "skck_tepat").pk  # tampered between read and save
        with pytest.raises(TidakBerwenang):
            simpan_impor(rows=rows, user=staf, tahun_iki=dunia.tahun_a, nama_berkas="x.xlsx")
        with pytest.raises(TidakBerwenang):
            simpan_impor(rows=rows, user=dunia.user("camat_a"), tahun_iki=dunia.tahun_a, nama_berkas="x.xlsx")
        assert not Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=5).exists()

    def test_simpan_impor_refuses_a_value_changed_since_reading(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        staf = dunia.user("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        data = _ubah(tulis_workbook(staf, dunia.tahun_a, 5), _isi_variabel("Mei", {tepat: 3, usulan: 4}))
        rows, _ = baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)
        simpan_realisasi(
            user=dunia.user("operator_a"), tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(70))]
        )
        with pytest.raises(KonflikVersi) as e:
            simpan_impor(rows=rows, user=staf, tahun_iki=dunia.tahun_a, nama_berkas="x.xlsx")
        assert "70" in str(e.value) and "tidak disimpan" in str(e.value)
        assert not Realisasi.objects.filter(variabel=tepat, bulan=5).exists()
        assert Realisasi.objects.get(variabel=usulan, bulan=5).nilai == 70

    def test_simpan_impor_refuses_a_month_verified_since_reading(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        staf = dunia.user("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(10))])
        data = _ubah(tulis_workbook(staf, dunia.tahun_a, 5), _isi_variabel("Mei", {tepat: 3, usulan: 4}))
        rows, _ = baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)
        Realisasi.objects.filter(variabel=usulan, bulan=5).update(status=Realisasi.DIVERIFIKASI)
        with pytest.raises(BulanTerkunci):
            simpan_impor(rows=rows, user=staf, tahun_iki=dunia.tahun_a, nama_berkas="x.xlsx")
        assert not Realisasi.objects.filter(variabel=tepat, bulan=5).exists()

    def test_reading_takes_the_same_number_of_queries_for_one_month_or_a_year(self, dunia):
        operator = dunia.user("operator_a")
        bulan = tulis_workbook(operator, dunia.tahun_a, 5)
        setahun = tulis_workbook(operator, dunia.tahun_a, None)
        with CaptureQueriesContext(connection) as satu:
            baca_workbook(bulan, user=operator, tahun_iki=dunia.tahun_a)
        with CaptureQueriesContext(connection) as banyak:
            rows, _ = baca_workbook(setahun, user=operator, tahun_iki=dunia.tahun_a)
        assert len(rows) > 12 * 10
        assert len(banyak) == len(satu)


# ---------------------------------------------------------------------------------------------
# Bad input: each refused with a clear Indonesian message, located, and nothing saved


class TestBerkasDitolak:
    """The file as a whole is refused before openpyxl reads it."""

    def _tolak(self, dunia, data) -> str:
        rows, kesalahan = baca_workbook(data, user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a)
        assert rows == [] and len(kesalahan) == 1 and kesalahan[0].baris is None
        return kesalahan[0].pesan

    @pytest.mark.parametrize(
        "data, pesan",
        [
            (b"Indikator;Variabel;Nilai\nKTP;usulan;5\n", "bukan berkas Excel"),
            (b"%PDF-1.7\n...\n%%EOF", "bukan berkas Excel"),
            (b"MZ\x90\x00" + b"\x00" * 200, "bukan berkas Excel"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "Excel lama (.xls)"),
            (b"PK\x03\x04" + b"bukan zip sama sekali" * 10, "rusak"),
            (b"", "kosong"),
        ],
    )
    def test_not_an_xlsx_by_content(self, dunia, data, pesan):
        assert pesan in self._tolak(dunia, data)

    def test_a_zip_that_is_not_a_workbook(self, dunia):
        keluaran = io.BytesIO()
        with zipfile.ZipFile(keluaran, "w") as z:
            z.writestr("foto.jpg", b"\xff\xd8\xff" * 100)
        assert "bukan berkas Excel" in self._tolak(dunia, keluaran.getvalue())

    def test_a_word_document_renamed_xlsx(self, dunia):
        keluaran = io.BytesIO()
        with zipfile.ZipFile(keluaran, "w") as z:
            z.writestr(
                "[Content_Types].xml",
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.wordprocessingml.document.main+xml"/></Types>',
            )
        assert "dokumen Word" in self._tolak(dunia, keluaran.getvalue())

    def test_a_macro_workbook_xlsm(self, dunia):
        asli = tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 5)
        keluaran = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(asli)) as masuk, zipfile.ZipFile(keluaran, "w") as keluar:
            for nama in masuk.namelist():
                isi = masuk.read(nama)
                if nama == "[Content_Types].xml":
                    isi = isi.replace(
                        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                    )
                keluar.writestr(nama, isi)
        assert ".xlsm" in self._tolak(dunia, keluaran.getvalue())

    def test_a_workbook_carrying_a_vba_project(self, dunia):
        asli = tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 5)
        keluaran = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(asli)) as masuk, zipfile.ZipFile(keluaran, "w") as keluar:
            for nama in masuk.namelist():
                keluar.writestr(nama, masuk.read(nama))
            keluar.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 makro")
        assert "bermakro" in self._tolak(dunia, keluaran.getvalue())

    def test_a_zip_bomb_is_refused_by_its_ratio(self, dunia):
        keluaran = io.BytesIO()
        with zipfile.ZipFile(keluaran, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            with z.open("xl/worksheets/sheet1.xml", "w") as f:
                nol = b"\x00" * (1024 * 1024)
                for _ in range(30):
                    f.write(nol)
        assert len(keluaran.getvalue()) < 200_000
        assert "zip bomb" in self._tolak(dunia, keluaran.getvalue())

    def test_a_zip_declaring_a_huge_content_is_refused_before_it_is_opened(self, dunia):
        keluaran = io.BytesIO()
        with zipfile.ZipFile(keluaran, "w", zipfile.ZIP_STORED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/worksheets/sheet1.xml", b"x" * 100)
        data = bytearray(keluaran.getvalue())
        # Declare 150 MB uncompressed (and compressed, so the ratio looks harmless) in the directory.
        pusat = data.rfind(b"PK\x01\x02")
        data[pusat + 20 : pusat + 28] = (150 * 1024 * 1024).to_bytes(4, "little") * 2
        assert "terlalu besar setelah dibuka" in self._tolak(dunia, bytes(data))

    def test_a_zip_with_thousands_of_parts(self, dunia):
        keluaran = io.BytesIO()
        with zipfile.ZipFile(keluaran, "w") as z:
            for i in range(600):
                z.writestr(f"x/{i}.xml", "<a/>")
        assert "terlalu banyak bagian" in self._tolak(dunia, keluaran.getvalue())

    def test_entity_expansion_in_the_content_types_is_refused(self, dunia):
        bom = (
            '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            "<Types>&b;</Types>"
        )
        keluaran = io.BytesIO()
        with zipfile.ZipFile(keluaran, "w") as z:
            z.writestr("[Content_Types].xml", bom)
        assert "tidak aman" in self._tolak(dunia, keluaran.getvalue())

    def test_entity_expansion_inside_a_sheet_is_refused(self, dunia):
        asli = tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 5)
        keluaran = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(asli)) as masuk, zipfile.ZipFile(keluaran, "w") as keluar:
            for nama in masuk.namelist():
                isi = masuk.read(nama)
                if nama == "xl/worksheets/sheet1.xml":
                    isi = isi.replace(
                        b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaa">]><worksheet', 1
                    )
                keluar.writestr(nama, isi)
        assert "rusak" in self._tolak(dunia, keluaran.getvalue())

    def test_a_file_over_the_size_limit(self, dunia):
        data = b"PK\x03\x04" + b"\x00" * (MAKS_BITA + 10)
        assert "terlalu besar" in self._tolak(dunia, data)

    def test_a_file_that_unpacks_past_50_mb_at_a_harmless_ratio(self, dunia):
        # The file: 0,73 MB that unpacked to 95 MB passed the old 100 MB limit.
        asli = tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 5)
        data = workbook_rusak.memuai_95_mb(asli)
        assert len(data) < 1024 * 1024
        assert "terlalu besar setelah dibuka (95,0 MB; maksimal 50 MB)" in self._tolak(dunia, data)

    def test_a_workbook_of_another_unit(self, dunia):
        data = tulis_workbook(dunia.user("staf_b"), dunia.tahun_b, 5)
        pesan = self._tolak(dunia, data)
        assert "banyuates" in pesan and "bukan Kantor Kecamatan Ketapang" in pesan


class TestIsiDitolak:
    """Rows and cells are refused, each error located by sheet, row and column."""

    @pytest.fixture
    def staf(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        return dunia.user("staf_a")

    def _baca(self, dunia, staf, fn, bulan=5):
        data = _ubah(tulis_workbook(staf, dunia.tahun_a, bulan), fn)
        return baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)

    @pytest.mark.parametrize(
        "nilai, pesan",
        [
            (-1, "Nilai -1 tidak boleh negatif"),
            (2.5, "harus bilangan bulat"),
            ("sepuluh", "“sepuluh” bukan angka"),
            ("12,5", "harus bilangan bulat"),
            (12345678901234567890, "terlalu besar"),
            ("12345678901234567890", "terlalu besar"),
            (1e20, "terlalu besar"),
            (True, "bukan BENAR/SALAH"),
        ],
    )
    def test_bad_numbers(self, dunia, staf, nilai, pesan):
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        baris = _baris(load_workbook(io.BytesIO(tulis_workbook(staf, dunia.tahun_a, 5)))["Mei"], tepat)[0].row
        rows, kesalahan = self._baca(dunia, staf, _isi_variabel("Mei", {tepat: nilai}))
        assert [(k.lembar, k.baris, k.kolom) for k in kesalahan] == [("Mei", baris, "E")]
        assert pesan in kesalahan[0].pesan
        assert "Lembar “Mei”, baris" in str(kesalahan[0]) and "kolom E (Nilai)" in str(kesalahan[0])

    def test_1e309_is_not_a_number(self, dunia, staf):
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        data = _ubah(tulis_workbook(staf, dunia.tahun_a, 5), _isi_variabel("Mei", {tepat: 7}))
        keluaran = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as masuk, zipfile.ZipFile(keluaran, "w") as keluar:
            for nama in masuk.namelist():
                isi = masuk.read(nama)
                if nama == "xl/worksheets/sheet1.xml":
                    isi, n = re.subn(rb"<v>7</v>", b"<v>1e309</v>", isi)
                    assert n == 1
                keluar.writestr(nama, isi)
        _, kesalahan = baca_workbook(keluaran.getvalue(), user=staf, tahun_iki=dunia.tahun_a)
        assert [k.kolom for k in kesalahan] == ["E"] and "bukan angka yang sah" in kesalahan[0].pesan

    def test_a_formula_in_a_value_cell(self, dunia, staf):
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        _, kesalahan = self._baca(dunia, staf, _isi_variabel("Mei", {tepat: "=10+5"}))
        assert [k.kolom for k in kesalahan] == ["E"] and "rumus" in kesalahan[0].pesan

    def test_a_formula_in_a_note_cell(self, dunia, staf):
        tepat = _v(dunia.tahun_a, "ktp_tepat")

        def fn(wb):
            b = _baris(wb["Mei"], tepat)
            b[4].value = 3
            b[6].value = '=HYPERLINK("http://contoh.invalid")'

        _, kesalahan = self._baca(dunia, staf, fn)
        assert [k.kolom for k in kesalahan] == ["G"] and "rumus" in kesalahan[0].pesan

    def test_an_extra_column(self, dunia, staf):
        def fn(wb):
            wb["Mei"]["J1"] = "Keterangan"

        _, kesalahan = self._baca(dunia, staf, fn)
        assert [(k.lembar, k.baris, k.kolom) for k in kesalahan] == [("Mei", 1, "J")]
        assert "kolom tambahan “Keterangan” (J)" in kesalahan[0].pesan

    def test_an_inserted_column(self, dunia, staf):
        def fn(wb):
            wb["Mei"].insert_cols(3)
            wb["Mei"]["C1"] = "Kode"

        _, kesalahan = self._baca(dunia, staf, fn)
        assert [(k.baris, k.kolom) for k in kesalahan] == [(1, "C")] and "“Kode”" in kesalahan[0].pesan

    def test_a_missing_column(self, dunia, staf):
        def fn(wb):
            wb["Mei"].delete_cols(7)  # Catatan

        rows, kesalahan = self._baca(dunia, staf, fn)
        assert rows == [] and len(kesalahan) == 1
        assert "kolom “Catatan” tidak ada" in kesalahan[0].pesan

    def test_data_typed_next_to_the_last_column(self, dunia, staf):
        tepat = _v(dunia.tahun_a, "ktp_tepat")

        def fn(wb):
            b = _baris(wb["Mei"], tepat)
            wb["Mei"].cell(row=b[0].row, column=10, value="lihat surat")

        _, kesalahan = self._baca(dunia, staf, fn)
        assert [k.kolom for k in kesalahan] == ["J"]

    def test_a_row_of_another_unit(self, dunia, staf):
        lain = Variabel.objects.filter(indikator__tahun=dunia.tahun_b).first()
        tepat = _v(dunia.tahun_a, "ktp_tepat")

        def fn(wb):
            b = _baris(wb["Mei"], tepat)
            b[7].value = lain.pk
            b[4].value = 5

        rows, kesalahan = self._baca(dunia, staf, fn)
        assert [k.kolom for k in kesalahan] == ["H"]
        assert "tidak ditemukan pada unit dan tahun ini atau bukan tanggung jawab Anda" in kesalahan[0].pesan
        assert lain.pk not in {r.variabel_id for r in rows}

    def test_a_bad_value_in_a_row_of_another_unit_reports_both(self, dunia, staf):
        lain = Variabel.objects.filter(indikator__tahun=dunia.tahun_b).first()

        def fn(wb):
            wb["Mei"].append(["x", "y", "", "Mei", -5, "", "", lain.pk, 0])

        _, kesalahan = self._baca(dunia, staf, fn)
        assert sorted((k.kolom, k.pesan.split()[0]) for k in kesalahan) == [("E", "Nilai"), ("H", "Variabel")]

    def test_a_row_of_another_jabatan(self, dunia, staf):
        skck = _v(dunia.tahun_a, "skck_tepat")

        def fn(wb):
            ws = wb["Mei"]
            ws.append(["x", "SKCK", "dokumen", "Mei", 4, "", "", skck.pk, 0])

        _, kesalahan = self._baca(dunia, staf, fn)
        assert [(k.kolom, "bukan tanggung jawab Anda" in k.pesan) for k in kesalahan] == [("H", True)]

    def test_a_row_added_by_hand_without_id(self, dunia, staf):
        def fn(wb):
            wb["Mei"].append(["Indikator baru", "Variabel baru", "dokumen", "Mei", 4])

        _, kesalahan = self._baca(dunia, staf, fn)
        assert [k.kolom for k in kesalahan] == ["H"] and "ID variabel" in kesalahan[0].pesan

    def test_a_changed_value_in_a_locked_month(self, dunia, staf):
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        r = Realisasi.objects.get(variabel=tepat, bulan=4)
        rows, kesalahan = self._baca(dunia, staf, _isi_variabel("April", {tepat: int(r.nilai) + 1}), bulan=4)
        assert [(k.lembar, k.kolom) for k in kesalahan] == [("April", "E")]
        assert "diverifikasi dan terkunci" in kesalahan[0].pesan
        assert pratinjau(rows) == []

    def test_a_locked_month_posted_by_changing_the_month_column(self, dunia, staf):
        tepat = _v(dunia.tahun_a, "ktp_tepat")

        def fn(wb):
            b = _baris(wb["Mei"], tepat)
            b[3].value = "April"
            b[4].value = 99

        _, kesalahan = self._baca(dunia, staf, fn)
        assert any("terkunci" in k.pesan or "sejak berkas diunduh" in k.pesan for k in kesalahan)

    def test_an_unknown_month(self, dunia, staf):
        tepat = _v(dunia.tahun_a, "ktp_tepat")

        def fn(wb):
            _baris(wb["Mei"], tepat)[3].value = "Mey"

        _, kesalahan = self._baca(dunia, staf, fn)
        assert [k.kolom for k in kesalahan] == ["D"] and "“Mey” tidak dikenal" in kesalahan[0].pesan

    def test_a_duplicated_row(self, dunia, staf):
        tepat = _v(dunia.tahun_a, "ktp_tepat")

        def fn(wb):
            ws = wb["Mei"]
            ws.append([c.value for c in _baris(ws, tepat)])

        _, kesalahan = self._baca(dunia, staf, fn)
        assert len(kesalahan) == 1 and "Baris ganda" in kesalahan[0].pesan and kesalahan[0].baris > 2

    def test_emptying_a_saved_value(self, dunia, staf):
        usulan = _v(dunia.tahun_a, "ktp_usulan")
        simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(9))])
        _, kesalahan = self._baca(dunia, staf, _isi_variabel("Mei", {usulan: None}))
        assert [k.kolom for k in kesalahan] == ["E"] and "tidak boleh dikosongkan" in kesalahan[0].pesan

    def test_numerator_above_denominator_names_both(self, dunia, staf):
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        _, kesalahan = self._baca(dunia, staf, _isi_variabel("Mei", {tepat: 51, usulan: 50}))
        assert len(kesalahan) == 1
        k = kesalahan[0]
        assert k.kolom == "E" and k.baris == _baris(
            load_workbook(io.BytesIO(tulis_workbook(staf, dunia.tahun_a, 5)))["Mei"], tepat
        )[0].row
        assert tepat.nama in k.pesan and usulan.nama in k.pesan and "Mei" in k.pesan

    def test_a_value_changed_by_someone_else_since_download(self, dunia, staf):
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        unduhan = tulis_workbook(staf, dunia.tahun_a, 5)
        simpan_realisasi(
            user=dunia.user("operator_a"), tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(70))]
        )
        data = _ubah(unduhan, _isi_variabel("Mei", {tepat: 3, usulan: 60}))
        _, kesalahan = baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)
        assert len(kesalahan) == 1 and kesalahan[0].jenis == "konflik"
        assert "operator_a" in kesalahan[0].pesan and "nilai saat ini 70" in kesalahan[0].pesan

    def test_a_long_note(self, dunia, staf):
        tepat = _v(dunia.tahun_a, "ktp_tepat")

        def fn(wb):
            b = _baris(wb["Mei"], tepat)
            b[4].value = 1
            b[6].value = "x" * 2001

        _, kesalahan = self._baca(dunia, staf, fn)
        assert [k.kolom for k in kesalahan] == ["G"] and "terlalu panjang" in kesalahan[0].pesan

    def test_a_note_without_a_value(self, dunia, staf):
        tepat = _v(dunia.tahun_a, "ktp_tepat")

        def fn(wb):
            _baris(wb["Mei"], tepat)[6].value = "belum ada data"

        _, kesalahan = self._baca(dunia, staf, fn)
        assert [k.kolom for k in kesalahan] == ["E"] and "catatan diisi tetapi nilai kosong" in kesalahan[0].pesan

    def test_a_hand_made_workbook_with_the_wrong_columns(self, dunia, staf):
        data = _xlsx(Sheet1=[["Variabel", "Nilai"], ["ktp", 5]])
        rows, kesalahan = baca_workbook(data, user=staf, tahun_iki=dunia.tahun_a)
        assert rows == [] and [(k.lembar, k.baris) for k in kesalahan] == [("Sheet1", 1)]
        assert "tidak ada" in kesalahan[0].pesan

    def test_good_rows_beside_bad_ones_are_previewed_but_the_errors_block_saving(self, client, dunia, staf):
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        data = _ubah(tulis_workbook(staf, dunia.tahun_a, 5), _isi_variabel("Mei", {tepat: 3, usulan: -4}))
        client.force_login(staf, backend="django.contrib.auth.backends.ModelBackend")
        response = _unggah(client, data)
        html = response.content.decode()
        assert "1 kesalahan ditemukan" in html and "Tidak ada yang disimpan" in html
        assert 'name="token"' not in html
        assert not Realisasi.objects.filter(variabel__in=[tepat, usulan], bulan=5).exists()


# ---------------------------------------------------------------------------------------------
# The screens


class TestLayar:
    def test_excel_page_offers_download_and_upload(self, masuk):
        html = masuk("staf_a").get(URL_UNGGAH).content.decode()
        assert "Unduh lembar kerja" in html and 'type="file"' in html and "enctype=\"multipart/form-data\"" in html

    def test_menu_target_redirects_to_the_current_year(self, masuk):
        response = masuk("staf_a").get(reverse("excel_terkini"))
        assert response.status_code == 302 and response["Location"] == URL_UNGGAH

    def test_staf_downloads_a_month(self, masuk):
        response = masuk("staf_a").get(URL_UNDUH, {"bulan": 5})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
        assert 'filename="realisasi-ketapang-2023-05-mei.xlsx"' in response["Content-Disposition"]
        wb = load_workbook(io.BytesIO(response.content))
        assert wb.sheetnames == ["Mei", "Petunjuk"]

    def test_staf_downloads_the_whole_year(self, masuk):
        response = masuk("staf_a").get(URL_UNDUH)
        assert "setahun" in response["Content-Disposition"]
        assert len(load_workbook(io.BytesIO(response.content)).sheetnames) == 13

    @pytest.mark.parametrize("bulan", ["13", "0", "abc", "-1", "5; DROP TABLE"])
    def test_a_bad_month_in_the_download_link(self, masuk, bulan):
        response = masuk("staf_a").get(URL_UNDUH, {"bulan": bulan})
        assert response.status_code == 400
        assert "Pilih bulan Januari sampai Desember" in response.content.decode()

    def test_round_trip_through_the_screens(self, masuk, dunia):
        _kosongkan(dunia.tahun_a, 5)
        client = masuk("staf_a")
        staf = dunia.user("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        unduhan = client.get(URL_UNDUH, {"bulan": 5}).content
        data = _ubah(unduhan, _isi_variabel("Mei", {tepat: 48, usulan: 50}))

        response = _unggah(client, data, nama="isian mei.xlsx")
        html = response.content.decode()
        assert response.status_code == 200
        assert [(p.variabel_id, p.nilai_lama, p.nilai) for p in response.context["perubahan"]] == [
            (tepat.pk, None, Decimal(48)), (usulan.pk, None, Decimal(50))
        ]
        assert "– → <strong>48</strong>" in html and "Simpan 2 perubahan" in html
        assert not Realisasi.objects.filter(variabel__in=[tepat, usulan], bulan=5).exists()  # preview only
        token = response.context["token"]

        response = client.post(URL_KONFIRMASI, {"token": token}, follow=True)
        assert "2 nilai dari berkas “isian mei.xlsx” disimpan sebagai draf" in response.content.decode()
        r = Realisasi.objects.get(variabel=tepat, bulan=5)
        assert (r.nilai, r.status, r.diisi_oleh) == (Decimal(48), "draft", staf)
        assert r.history.get().history_change_reason == "Impor Excel: isian mei.xlsx"
        # The kept upload is gone and cannot be confirmed twice.
        response = client.post(URL_KONFIRMASI, {"token": token}, follow=True)
        assert "tidak ditemukan atau sudah kedaluwarsa" in response.content.decode()
        assert Realisasi.objects.get(variabel=tepat, bulan=5).versi == 1

    def test_preview_shows_thousands_the_indonesian_way(self, masuk, dunia):
        _kosongkan(dunia.tahun_a, 5)
        client = masuk("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        data = _ubah(client.get(URL_UNDUH, {"bulan": 5}).content, _isi_variabel("Mei", {tepat: 1200, usulan: 1234}))
        assert "<strong>1.234</strong>" in _unggah(client, data).content.decode()

    def test_a_conflict_since_the_preview_is_refused_with_the_current_value(self, masuk, dunia):
        _kosongkan(dunia.tahun_a, 5)
        client = masuk("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        data = _ubah(client.get(URL_UNDUH, {"bulan": 5}).content, _isi_variabel("Mei", {tepat: 48, usulan: 50}))
        token = _unggah(client, data).context["token"]
        simpan_realisasi(
            user=dunia.user("operator_a"), tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(70))]
        )
        response = client.post(URL_KONFIRMASI, {"token": token})
        html = response.content.decode()
        assert response.status_code == 409
        assert "Data telah berubah sejak pratinjau; tidak ada yang disimpan." in html
        assert "nilai saat ini 70" in html
        assert not Realisasi.objects.filter(variabel=tepat, bulan=5).exists()
        assert Realisasi.objects.get(variabel=usulan, bulan=5).nilai == 70

    def test_rows_posted_back_by_the_browser_are_ignored(self, masuk, dunia):
        _kosongkan(dunia.tahun_a, 5)
        client = masuk("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        data = _ubah(client.get(URL_UNDUH, {"bulan": 5}).content, _isi_variabel("Mei", {tepat: 4, usulan: 5}))
        token = _unggah(client, data).context["token"]
        client.post(URL_KONFIRMASI, {"token": token, "nilai": "999", "variabel_id": str(tepat.pk)})
        assert Realisasi.objects.get(variabel=tepat, bulan=5).nilai == 4

    @pytest.mark.parametrize("token", ["", "x", "../../etc/passwd", "a" * 32, "A" * 200])
    def test_an_unknown_token_saves_nothing(self, masuk, dunia, token):
        response = masuk("staf_a").post(URL_KONFIRMASI, {"token": token}, follow=True)
        assert "tidak ditemukan atau sudah kedaluwarsa" in response.content.decode()

    def test_another_users_preview_cannot_be_confirmed(self, client, dunia):
        _kosongkan(dunia.tahun_a, 5)
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        client.force_login(dunia.user("staf_a"), backend="django.contrib.auth.backends.ModelBackend")
        data = _ubah(client.get(URL_UNDUH, {"bulan": 5}).content, _isi_variabel("Mei", {tepat: 4, usulan: 5}))
        token = _unggah(client, data).context["token"]
        client.force_login(dunia.user("operator_a"), backend="django.contrib.auth.backends.ModelBackend")
        response = client.post(URL_KONFIRMASI, {"token": token}, follow=True)
        assert "tidak ditemukan atau sudah kedaluwarsa" in response.content.decode()
        assert not Realisasi.objects.filter(variabel=tepat, bulan=5).exists()

    def test_the_kept_upload_is_parked_in_storage_with_a_random_name(self, masuk, dunia, folder_data):
        _kosongkan(dunia.tahun_a, 5)
        client = masuk("staf_a")
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        usulan = _v(dunia.tahun_a, "ktp_usulan")
        data = _ubah(client.get(URL_UNDUH, {"bulan": 5}).content, _isi_variabel("Mei", {tepat: 4, usulan: 5}))
        token = _unggah(client, data, nama="../../rahasia.xlsx").context["token"]
        folder = folder_data / "media" / "parkir" / "realisasi" / str(dunia.user("staf_a").pk)
        assert [p.name for p in folder.iterdir()] == [token]
        client.post(URL_KONFIRMASI, {"token": token})
        assert list(folder.iterdir()) == []
        assert Realisasi.objects.get(variabel=tepat, bulan=5).history.get().history_change_reason == (
            "Impor Excel: rahasia.xlsx"
        )

    def test_old_kept_uploads_are_removed_and_other_imports_are_left_alone(self, masuk, dunia, folder_data):
        import os
        import time

        parkir = folder_data / "media" / "parkir"
        folder = parkir / "realisasi" / "999"
        folder.mkdir(parents=True)
        lama = folder / ("x" * 32)
        lama.write_bytes(b"lama")
        os.utime(lama, (time.time() - 3 * 3600,) * 2)
        (parkir / "set-iki" / "999").mkdir(parents=True)
        milik_lain = parkir / "set-iki" / "999" / ("y" * 32)  # the IKI-set import's upload
        milik_lain.write_bytes(b"lain")
        os.utime(milik_lain, (time.time() - 3 * 3600,) * 2)
        _kosongkan(dunia.tahun_a, 5)
        client = masuk("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        data = _ubah(client.get(URL_UNDUH, {"bulan": 5}).content, _isi_variabel("Mei", {tepat: 4, usulan: 5}))
        assert _unggah(client, data).context["token"]
        assert not lama.exists() and milik_lain.exists()

    def test_a_rejected_file_is_not_kept(self, masuk, folder_data):
        _unggah(masuk("staf_a"), b"bukan excel")
        folder = folder_data / "media" / "parkir"
        assert not folder.exists() or [p for p in folder.rglob("*") if p.is_file()] == []

    @pytest.mark.parametrize(
        "data, pesan",
        [
            (b"Indikator;Nilai\n", "bukan berkas Excel"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel lama"),
        ],
    )
    def test_a_bad_upload_gets_a_message_not_an_error_page(self, masuk, data, pesan):
        response = _unggah(masuk("staf_a"), data, nama="laporan.xlsx")
        assert response.status_code == 200 and pesan in response.content.decode()

    def test_an_upload_over_the_limit_is_refused_by_the_form(self, masuk):
        response = _unggah(masuk("staf_a"), b"PK\x03\x04" + b"\x00" * (MAKS_BITA + 1))
        assert response.status_code == 400 and "Berkas terlalu besar" in response.content.decode()

    def test_an_upload_without_a_file(self, masuk):
        response = masuk("staf_a").post(URL_UNGGAH, {})
        assert response.status_code == 400 and "Pilih berkas Excel" in response.content.decode()

    def test_user_text_in_the_preview_is_escaped(self, masuk, dunia):
        _kosongkan(dunia.tahun_a, 5)
        client = masuk("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")

        def fn(wb):
            _isi_variabel("Mei", {tepat: 1, usulan: 2})(wb)
            _baris(wb["Mei"], tepat)[6].value = "<script>alert(1)</script>"
            wb["Mei"]["J1"] = "<script>alert(2)</script>"

        html = _unggah(client, _ubah(client.get(URL_UNDUH, {"bulan": 5}).content, fn),
                       nama="<script>alert(3)</script>.xlsx").content.decode()
        assert "<script>alert" not in html and "&lt;script&gt;alert(2)" in html

    def test_operator_imports_for_any_jabatan(self, masuk, dunia):
        _kosongkan(dunia.tahun_a, 5)
        client = masuk("operator_a")
        skck = _v(dunia.tahun_a, "skck_tepat")
        skck_usulan = _v(dunia.tahun_a, "skck_usulan")
        data = _ubah(client.get(URL_UNDUH, {"bulan": 5}).content, _isi_variabel("Mei", {skck: 2, skck_usulan: 3}))
        token = _unggah(client, data).context["token"]
        client.post(URL_KONFIRMASI, {"token": token})
        assert Realisasi.objects.get(variabel=skck, bulan=5).diisi_oleh == dunia.user("operator_a")


class TestAkses:
    @pytest.mark.parametrize("username", ["camat_a", "pemantau", "verifikator_a"])
    @pytest.mark.parametrize(
        "metode, url", [("get", URL_UNDUH), ("get", URL_UNGGAH), ("post", URL_UNGGAH), ("post", URL_KONFIRMASI)]
    )
    def test_roles_without_variables_get_403(self, masuk, username, metode, url):
        assert getattr(masuk(username), metode)(url).status_code == 403

    @pytest.mark.parametrize("username", ["staf_b", "operator_b"])
    @pytest.mark.parametrize(
        "metode, url", [("get", URL_UNDUH), ("get", URL_UNGGAH), ("post", URL_UNGGAH), ("post", URL_KONFIRMASI)]
    )
    def test_another_units_user_gets_404(self, masuk, username, metode, url):
        assert getattr(masuk(username), metode)(url).status_code == 404

    @pytest.mark.parametrize(
        "metode, url", [("post", URL_UNDUH), ("put", URL_UNGGAH), ("get", URL_KONFIRMASI), ("post", "/excel/")]
    )
    def test_wrong_method_gets_405(self, masuk, metode, url):
        assert getattr(masuk("staf_a"), metode)(url).status_code == 405

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(URL_UNGGAH)
        assert response.status_code == 302 and "/masuk/" in response["Location"]

    def test_a_read_only_role_saves_nothing_even_with_a_valid_token(self, client, dunia):
        _kosongkan(dunia.tahun_a, 5)
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        client.force_login(dunia.user("staf_a"), backend="django.contrib.auth.backends.ModelBackend")
        data = _ubah(client.get(URL_UNDUH, {"bulan": 5}).content, _isi_variabel("Mei", {tepat: 4, usulan: 5}))
        token = _unggah(client, data).context["token"]
        client.force_login(dunia.user("camat_a"), backend="django.contrib.auth.backends.ModelBackend")
        assert client.post(URL_KONFIRMASI, {"token": token}).status_code == 403
        assert not Realisasi.objects.filter(variabel=tepat, bulan=5).exists()

    def test_baca_workbook_for_a_read_only_role_refuses(self, dunia):
        data = tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 5)
        rows, kesalahan = baca_workbook(data, user=dunia.user("camat_a"), tahun_iki=dunia.tahun_a)
        assert rows == [] and "hanya dapat membaca" in kesalahan[0].pesan

    def test_simpan_impor_refuses_bad_numbers_even_when_rows_are_forged(self, dunia):
        from iki.realisasi.excel import BarisImpor

        _kosongkan(dunia.tahun_a, 5)
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        rows = [BarisImpor("Mei", 2, tepat.pk, 5, Decimal(-3), "", 0)]
        with pytest.raises(GagalSimpan, match="negatif"):
            simpan_impor(rows=rows, user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a, nama_berkas="x.xlsx")
        assert not Realisasi.objects.filter(variabel=tepat, bulan=5).exists()


@pytest.mark.parametrize("sudah_ada", [True, False], ids=["mengubah", "mengisi_baru"])
def test_two_imports_of_the_same_value_at_once_one_wins(dunia_tx, sudah_ada):
    """Real concurrency on the test database (a file for SQLite, a server for PostgreSQL)."""
    import threading

    from iki.models import Pengguna, TahunIKI

    tahun = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    usulan = Variabel.objects.get(indikator__tahun=tahun, kode="ktp_usulan")
    Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=6).delete()
    users = [Pengguna.objects.get(username="staf_a"), Pengguna.objects.get(username="operator_a")]
    if sudah_ada:
        simpan_realisasi(user=users[0], tahun_iki=tahun, perubahan=[Perubahan(usulan.pk, 6, Decimal(10))])
    # Both read their workbook before either saves.
    dibaca = []
    for user, nilai in zip(users, (40, 70), strict=True):
        data = _ubah(tulis_workbook(user, tahun, 6), _isi_variabel("Juni", {usulan: nilai}))
        rows, kesalahan = baca_workbook(data, user=user, tahun_iki=tahun)
        assert kesalahan == []
        dibaca.append((user, rows, nilai))
    mulai = threading.Barrier(2)
    hasil = []

    def simpan(user, rows, nilai):
        try:
            mulai.wait()
            simpan_impor(rows=rows, user=user, tahun_iki=tahun, nama_berkas=f"{user.username}.xlsx")
            hasil.append(("ok", nilai))
        except KonflikVersi:
            hasil.append(("konflik", nilai))
        finally:
            connection.close()

    threads = [threading.Thread(target=simpan, args=args) for args in dibaca]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(h[0] for h in hasil) == ["konflik", "ok"]
    menang = next(n for status, n in hasil if status == "ok")
    r = Realisasi.objects.get(variabel=usulan, bulan=6)
    assert r.nilai == Decimal(menang)
    assert r.history.count() == (2 if sudah_ada else 1)
