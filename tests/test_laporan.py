"""Laporan capaian: the data, the PDF, the workbook, the download view and the command."""

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from iki.capaian import data as capaian
from iki.capaian import laporan
from iki.inti import angka
from iki.inti.perhitungan import Periode
from iki.models import CatatanIndikator, Indikator, Jabatan, Pegawai, Sasaran, TahunIKI

pytestmark = pytest.mark.django_db

TW2 = Periode.dari_kode("tw2")
TANGGAL = date(2023, 7, 5)
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")
perlu_poppler = pytest.mark.skipif(PDFTOTEXT is None or PDFINFO is None, reason="poppler-utils is not installed")
SKRIP = "<script>alert(1)</script>"


def tahun_a():
    return TahunIKI.objects.select_related("unit__kabupaten").get(unit__kode="ketapang", tahun=2023)


def teks_pdf(pdf: bytes) -> str:
    hasil = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return hasil.stdout.decode()


def ukuran_halaman(pdf: bytes) -> str:
    hasil = subprocess.run([PDFINFO, "-"], input=pdf, capture_output=True, check=True)
    return re.search(r"Page size:\s+(.*)", hasil.stdout.decode()).group(1)


def baris(isi, kode_jabatan_nama, nama_indikator_awal):
    for b, r in isi.baris_semua:
        if b.jabatan.startswith(kode_jabatan_nama) and r.indikator.startswith(nama_indikator_awal):
            return r
    raise AssertionError("row not found")


# --- The data ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kode, harapan",
    [
        ("5", []),
        ("tw2", ["April", "Mei", "Juni"]),
        ("s1", ["TW I", "TW II"]),
        ("tahun", ["TW I", "TW II", "TW III", "TW IV"]),
        ("sd5", ["TW I", "April", "Mei"]),
        ("sd2", ["Januari", "Februari"]),
    ],
)
def test_the_breakdown_beside_a_period(kode, harapan):
    assert [p.label for p in laporan.periode_rincian(Periode.dari_kode(kode))] == harapan


def test_the_whole_units_report_has_every_jabatan_and_row_with_the_dashboards_figures():
    t = tahun_a()
    isi = laporan.data_laporan(t, TW2, tanggal=TANGGAL)
    assert len(isi.bagian) == 6 and len(isi.baris_semua) == 31
    assert isi.rincian_label == ["April", "Mei", "Juni"]
    assert isi.judul_periode == "TW II 2023 (April – Juni)"
    assert isi.data_contoh
    data = capaian.muat(t)
    adminduk = Indikator.objects.get(tahun=t, kode="adminduk")
    h = data.hasil(adminduk.pk, TW2)
    r = baris(isi, "Sekretaris", "Prosentase penyelesaian pelayanan bidang administrasi")
    assert (r.target, r.realisasi, r.capaian, r.kategori) == (h.target, h.nilai, h.capaian_tampil, h.kategori.label)
    assert r.rincian == [data.hasil(adminduk.pk, Periode("bulan", b)).nilai for b in (4, 5, 6)]
    ikm = baris(isi, "Sekretaris", "IKM")
    assert ikm.realisasi is None and ikm.keterangan == "belum ada data survei"


def test_one_jabatans_report():
    t = tahun_a()
    trantib = Jabatan.objects.get(tahun=t, kode="kasi_trantib")
    isi = laporan.data_laporan(t, TW2, jabatan=trantib, tanggal=TANGGAL)
    assert [b.jabatan for b in isi.bagian] == [trantib.nama]
    assert [r.indikator for _, r in isi.baris_semua] == [
        "Angka Kriminalitas", "Prosentase Penyelesaian Pengajuan SKCK dan Ijin Keramaian tepat waktu"
    ]
    assert laporan.nama_berkas(isi, "pdf") == "laporan-capaian-ketapang-2023-tw2-kasi_trantib-a4.pdf"


def test_kendala_and_tindak_lanjut_come_from_the_periods_months():
    t = tahun_a()
    adminduk = Indikator.objects.get(tahun=t, kode="adminduk")
    CatatanIndikator.objects.create(indikator=adminduk, bulan=5, kendala="Blangko habis", tindak_lanjut="Minta")
    CatatanIndikator.objects.create(indikator=adminduk, bulan=6, kendala="Listrik padam")
    CatatanIndikator.objects.create(indikator=adminduk, bulan=9, kendala="Bukan triwulan ini")
    r = baris(laporan.data_laporan(t, TW2, tanggal=TANGGAL), "Sekretaris", "Prosentase penyelesaian pelayanan bidang a")
    assert r.kendala == "Mei: Blangko habis\nJuni: Listrik padam"
    assert r.tindak_lanjut == "Mei: Minta"
    r = baris(laporan.data_laporan(t, Periode("bulan", 5), tanggal=TANGGAL), "Sekretaris",
              "Prosentase penyelesaian pelayanan bidang a")
    assert r.kendala == "Blangko habis"


def test_unverified_values_are_noted():
    isi = laporan.data_laporan(tahun_a(), Periode("tahun", 0), tanggal=TANGGAL)
    r = baris(isi, "Sekretaris", "Prosentase penyelesaian pelayanan bidang administrasi")
    assert r.keterangan == "belum diverifikasi"


# --- PDF ---------------------------------------------------------------------------------------


def test_the_pdf_is_a_pdf_and_its_html_escapes_user_text(dunia):
    sasaran = Sasaran.objects.filter(tahun=dunia.tahun_a).first()
    sasaran.teks = SKRIP
    sasaran.save()
    isi = laporan.data_laporan(tahun_a(), TW2, tanggal=TANGGAL)
    html = laporan.html_laporan(isi)
    assert SKRIP not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert laporan.pdf_laporan(isi).startswith(b"%PDF")
    with pytest.raises(ValueError):
        laporan.pdf_laporan(isi, kertas="a3")


@perlu_poppler
def test_the_pdf_has_header_figures_page_numbers_and_repeated_headers(dunia):
    sasaran = Sasaran.objects.filter(tahun=dunia.tahun_a).first()
    sasaran.teks = SKRIP
    sasaran.save()
    isi = laporan.data_laporan(tahun_a(), TW2, tanggal=TANGGAL)
    pdf = laporan.pdf_laporan(isi)
    teks = teks_pdf(pdf)
    halaman = teks.split("\f")
    halaman = [h for h in halaman if h.strip()]
    assert len(halaman) >= 2
    assert ukuran_halaman(pdf).startswith("841.89 x 595.2")  # A4 landscape
    for n, h in enumerate(halaman, start=1):
        assert f"Halaman {n} dari {len(halaman)}" in h
        assert "Kantor Kecamatan Ketapang · Laporan Capaian IKI · TW II 2023 (April – Juni) · DATA CONTOH" in h
    tabel = [h for h in halaman if "Meningkat" in h]
    assert len(tabel) >= 2 and all("Capaian %" in h and "Tindak lanjut" in h for h in tabel)
    assert "KANTOR KECAMATAN KETAPANG" in teks and "DATA CONTOH" in teks
    # Printed as text, not run; the fixed table layout wraps this one long "word" inside its column.
    mentah = subprocess.run([PDFTOTEXT, "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert SKRIP in "".join(mentah.split())
    r = baris(isi, "Sekretaris", "Prosentase penyelesaian pelayanan bidang administrasi")
    assert angka.format_angka(r.capaian) in teks and angka.format_angka(r.realisasi) in teks
    assert "Sampang, 5 Juli 2023" in teks and "CAMAT KETAPANG" in teks
    assert "NIP. ......" in teks  # no camat recorded: blank lines to sign on


@perlu_poppler
def test_the_pdf_on_f4_paper_signed_by_the_camat(dunia):
    unit = dunia.unit_a
    unit.pimpinan = Pegawai.objects.create(unit=unit, nip="197001011990031001", nama="Drs. H. Camat Ketapang, M.Si")
    unit.save()
    isi = laporan.data_laporan(tahun_a(), TW2, tanggal=TANGGAL)
    pdf = laporan.pdf_laporan(isi, kertas="f4")
    assert ukuran_halaman(pdf).startswith("935.43")  # 330 × 215 mm
    teks = teks_pdf(pdf)
    assert "Drs. H. Camat Ketapang, M.Si" in teks and "NIP. 197001011990031001" in teks


# --- Excel -------------------------------------------------------------------------------------


def test_the_workbook_has_a_frozen_header_numbers_as_numbers_and_the_same_figures():
    isi = laporan.data_laporan(tahun_a(), TW2, tanggal=TANGGAL)
    wb = load_workbook(io.BytesIO(laporan.xlsx_laporan(isi)))
    ws = wb["Capaian"]
    assert ws.freeze_panes == "A8"
    kepala = [c.value for c in ws[7]]
    assert kepala[:6] == ["Jabatan", "No", "Sasaran", "Indikator", "Satuan", "Target"]
    assert kepala[6:9] == ["Realisasi April", "Realisasi Mei", "Realisasi Juni"]
    assert kepala[9:] == ["Realisasi TW II", "Capaian (%)", "Kategori", "Kendala", "Tindak lanjut", "Keterangan"]
    baris_data = list(ws.iter_rows(min_row=8, values_only=True))
    assert len(baris_data) == 31
    for (_, r), nilai in zip(isi.baris_semua, baris_data, strict=True):
        assert nilai[3] == r.indikator
        assert nilai[5] == (float(r.target) if r.target is not None else None)
        assert nilai[10] == (pytest.approx(float(r.capaian)) if r.capaian is not None else None)
        assert nilai[11] == (r.kategori or None)
    sel = ws.cell(row=9, column=11)
    assert sel.data_type == "n" and sel.number_format == "#,##0.00"
    assert "DATA CONTOH" in ws["A5"].value


@pytest.mark.parametrize("awalan", ["=", "+", "-", "@"])
def test_text_that_looks_like_a_formula_is_written_as_text(dunia, awalan):
    adminduk = Indikator.objects.get(tahun=dunia.tahun_a, kode="adminduk")
    berbahaya = f'{awalan}HYPERLINK("http://contoh.invalid","klik")'
    CatatanIndikator.objects.create(indikator=adminduk, bulan=5, kendala=berbahaya, tindak_lanjut=f"{awalan}1+1")
    Indikator.objects.filter(pk=adminduk.pk).update(nama=f"{awalan}SUM(A1:A9)")
    isi = laporan.data_laporan(tahun_a(), Periode("bulan", 5), tanggal=TANGGAL)
    ws = load_workbook(io.BytesIO(laporan.xlsx_laporan(isi)))["Capaian"]
    sel = [c for row in ws.iter_rows(min_row=8) for c in row if isinstance(c.value, str) and c.value[:1] == awalan]
    assert {c.value for c in sel} >= {berbahaya, f"{awalan}1+1", f"{awalan}SUM(A1:A9)"}
    assert all(c.data_type == "s" for c in sel)


# --- The download view -------------------------------------------------------------------------

URL = "/dasbor/ketapang/2023/laporan/"


def test_the_camat_downloads_the_pdf(masuk):
    response = masuk("camat_a").get(URL + "?format=pdf&periode=tw2&kertas=f4")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="laporan-capaian-ketapang-2023-tw2-f4.pdf"'
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("username", ["operator_a", "pemantau", "verifikator_a"])
def test_other_readers_download_the_workbook(masuk, username):
    response = masuk(username).get(URL + "?format=xlsx&periode=tw2")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert len(list(load_workbook(io.BytesIO(response.content))["Capaian"].iter_rows(min_row=8))) == 31


def test_the_excel_download_for_one_jabatan(masuk, dunia):
    trantib = Jabatan.objects.get(tahun=dunia.tahun_a, kode="kasi_trantib")
    response = masuk("camat_a").get(URL + f"?format=xlsx&periode=s1&jabatan={trantib.pk}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('laporan-capaian-ketapang-2023-s1-kasi_trantib.xlsx"')
    ws = load_workbook(io.BytesIO(response.content))["Capaian"]
    assert [r[0] for r in ws.iter_rows(min_row=8, values_only=True)] == [trantib.nama] * 2


@pytest.mark.parametrize(
    "query",
    ["", "?format=doc", "?format=pdf&periode=tw5", "?format=pdf&kertas=a3", "?format=xlsx&jabatan=abc",
     "?format=xlsx&jabatan=123456789"],
)
def test_bad_download_requests_are_not_found(masuk, query):
    assert masuk("camat_a").get(URL + query).status_code == 404


def test_download_refuses_post_and_other_units(masuk):
    assert masuk("camat_a").post(URL + "?format=pdf").status_code == 405
    assert masuk("operator_b").get(URL + "?format=pdf").status_code == 404
    assert masuk("staf_a").get(URL + "?format=pdf").status_code == 403


# --- The command -------------------------------------------------------------------------------


@pytest.mark.parametrize("format, awal", [("pdf", b"%PDF"), ("xlsx", b"PK")])
def test_the_command_writes_the_report(tmp_path, format, awal):
    keluar = tmp_path / f"laporan.{format}"
    call_command("laporan_capaian", "--unit", "ketapang", "--tahun", "2023", "--periode", "tw2", "--format", format,
                 "--output", str(keluar), stdout=io.StringIO())
    assert keluar.read_bytes().startswith(awal)


def test_the_command_and_the_web_give_the_same_workbook_figures(tmp_path, masuk):
    keluar = tmp_path / "l.xlsx"
    call_command("laporan_capaian", unit="ketapang", tahun=2023, periode="tw2", format="xlsx", output=str(keluar),
                 stdout=io.StringIO())
    dari_perintah = list(load_workbook(keluar)["Capaian"].iter_rows(min_row=7, values_only=True))
    web = masuk("camat_a").get(URL + "?format=xlsx&periode=tw2").content
    assert list(load_workbook(io.BytesIO(web))["Capaian"].iter_rows(min_row=7, values_only=True)) == dari_perintah


@pytest.mark.parametrize(
    "argumen",
    [
        ["--unit", "tidakada", "--tahun", "2023", "--periode", "tw2", "--format", "pdf"],
        ["--unit", "ketapang", "--tahun", "2030", "--periode", "tw2", "--format", "pdf"],
        ["--unit", "ketapang", "--tahun", "2023", "--periode", "tw9", "--format", "pdf"],
        ["--unit", "ketapang", "--tahun", "2023", "--periode", "tw2", "--format", "docx"],
        ["--unit", "ketapang", "--tahun", "2023", "--periode", "tw2", "--format", "pdf", "--jabatan", "lurah"],
    ],
)
def test_the_command_explains_bad_arguments(tmp_path, argumen):
    with pytest.raises(CommandError):
        call_command("laporan_capaian", *argumen, "--output", str(tmp_path / "x"), stdout=io.StringIO())


def test_the_report_shows_capped_capaian_when_the_kabupaten_caps_it(dunia):
    kabupaten = dunia.unit_a.kabupaten
    kabupaten.batas_tampil_capaian = 100
    kabupaten.save()
    isi = laporan.data_laporan(tahun_a(), TW2, tanggal=TANGGAL)
    assert max(r.capaian for _, r in isi.baris_semua if r.capaian is not None) == Decimal(100)
    assert isi.batas_tampil == 100
