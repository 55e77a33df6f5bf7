"""Lembar e-Kinerja: a pegawai's IKI as the rows of the national e-Kinerja (SKP) application, one
dated sheet per assignment, quarterly realisasi equal to the dashboard's, the evidence list, the
same texts as the annual IKI document; as Excel (text cells never formulas) and PDF; who may
download whose sheet."""

import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from iki.capaian import data as capaian
from iki.capaian import ekinerja
from iki.inti import angka
from iki.inti.perhitungan import Periode
from iki.models import BuktiDukung, Jabatan, Pegawai, Penugasan, Realisasi, Target
from iki.set_iki.dokumen import data_dokumen
from iki.umum import pdf as umum_pdf

pytestmark = pytest.mark.django_db

HARI_INI = date(2026, 1, 5)  # 2023 is over: every quarter has ended
PDFTOTEXT = shutil.which("pdftotext")


def _staf_a():
    return Pegawai.objects.get(nama="Staf A")


def _jabatan(dunia, kode):
    return Jabatan.objects.get(tahun=dunia.tahun_a, kode=kode)


def _url(pegawai, kode="ketapang", tahun=2023, format="xlsx"):
    return reverse("ekinerja_unduh", args=[kode, tahun, pegawai.pk]) + f"?format={format}"


def _pindah_jabatan_pertengahan_tahun(dunia):
    """Staf A: Kasi Pemerintahan until 30 June, Kasi Trantib from 1 July."""
    staf = _staf_a()
    Penugasan.objects.filter(pegawai=staf).update(selesai=date(2023, 6, 30))
    Penugasan.objects.create(pegawai=staf, jabatan=_jabatan(dunia, "kasi_trantib"), mulai=date(2023, 7, 1))
    return staf


# --- the data ---------------------------------------------------------------------------------


def test_a_pegawai_who_changed_jabatan_mid_year_gets_two_dated_sheets_with_their_quarters(dunia):
    staf = _pindah_jabatan_pertengahan_tahun(dunia)
    isi = ekinerja.lembar_pegawai(dunia.tahun_a, staf, hari_ini=HARI_INI)
    assert [(lembar.jabatan, lembar.periode, lembar.triwulan) for lembar in isi.lembar] == [
        (_jabatan(dunia, "kasi_pemerintahan").nama, "1 Januari 2023 – 30 Juni 2023", ["TW I", "TW II"]),
        (_jabatan(dunia, "kasi_trantib").nama, "1 Juli 2023 – 31 Desember 2023", ["TW III", "TW IV"]),
    ]
    pertama, kedua = isi.lembar
    assert {b.indikator for b in kedua.baris} >= {"Angka Kriminalitas"}
    assert "Angka Kriminalitas" not in {b.indikator for b in pertama.baris}
    assert all([tw.label for tw in b.triwulan] == ["TW III", "TW IV"] for b in kedua.baris)
    assert pertama.jenis_label == kedua.jenis_label == "Definitif"
    assert pertama.pegawai.nip == "198801012010011001" and pertama.pegawai.nama == "Staf A"
    # The penilai is the holder of the atasan jabatan (Sekretaris Kecamatan).
    assert pertama.penilai.nama == "Verifikator A" and pertama.penilai.nip == "198502022009012002"
    assert pertama.penilai.jabatan == _jabatan(dunia, "sekcam").nama


def test_a_plt_of_two_months_gets_those_months_quarter_marked_plt_and_never_assesses_themselves(dunia):
    staf = _staf_a()
    sekcam = _jabatan(dunia, "sekcam")
    Penugasan.objects.create(pegawai=staf, jabatan=sekcam, jenis="plt", mulai=date(2023, 8, 1),
                             selesai=date(2023, 9, 30))
    isi = ekinerja.lembar_pegawai(dunia.tahun_a, staf, hari_ini=HARI_INI)
    assert len(isi.lembar) == 2
    definitif, plt = isi.lembar
    assert definitif.periode == "1 Januari 2023 – 31 Desember 2023" and definitif.triwulan == ["TW I", "TW II",
                                                                                                 "TW III", "TW IV"]
    assert plt.jenis_label == "Plt." and plt.pegawai.jabatan == f"Plt. {sekcam.nama}"
    assert plt.periode == "1 Agustus 2023 – 30 September 2023" and plt.triwulan == ["TW III"]
    assert plt.judul_lembar.startswith("2 Plt. Sekretaris")
    dokumen = {b["indikator"] for j in data_dokumen(dunia.tahun_a)["jabatan"] if j["nama"] == sekcam.nama
               for k in j["kelompok"] for b in k["baris"]}
    assert {b.indikator for b in plt.baris} == dokumen
    # Sekcam has no atasan: the camat assesses; and while Staf A is Plt Sekcam, the Kasi sheet's
    # penilai is still the definitif Sekcam, not Staf A.
    assert plt.penilai.jabatan.endswith(dunia.unit_a.jabatan_pimpinan)
    assert definitif.penilai.nama == "Verifikator A"
    isi_sept = ekinerja.penilai(dunia.unit_a, _jabatan(dunia, "kasi_pemerintahan"), staf, date(2023, 9, 1))
    assert isi_sept.nama == "Verifikator A"


def test_quarter_realisasi_is_the_dashboards_quarterly_result(dunia):
    isi = ekinerja.lembar_pegawai(dunia.tahun_a, _staf_a(), hari_ini=HARI_INI)
    data = capaian.muat(dunia.tahun_a, tanggal_acuan=HARI_INI)
    kasi = _jabatan(dunia, "kasi_pemerintahan")
    baris_iki = data.baris_per_jabatan[kasi.pk]
    lembar = isi.lembar[0]
    assert len(lembar.baris) == len(baris_iki) == 7
    for baris, b in zip(lembar.baris, baris_iki, strict=True):
        for tw in baris.triwulan:
            h = data.hasil(b.indikator_id, Periode("tw", tw.nomor))
            assert tw.nilai == h.teks_nilai
            assert tw.capaian == (h.teks_capaian if h.capaian_tampil is not None else "")
            assert tw.kategori == (h.kategori.label if h.kategori else "")
    # The KTP indicator in TW II: the same figures the dashboard shows for that quarter.
    adminduk = lembar.baris[0].triwulan[1]
    h = data.hasil(baris_iki[0].indikator_id, Periode("tw", 2))
    assert adminduk.realisasi.startswith(f"{angka.format_angka(h.nilai)} %") and h.komponen in adminduk.realisasi
    assert lembar.baris[0].target == angka.format_ringkas(
        Target.objects.get(indikator=baris_iki[0].indikator, periode="tahun").nilai)


def test_a_quarter_that_has_not_ended_and_has_no_value_says_belum_ada_data(dunia):
    kasi = _jabatan(dunia, "kasi_pemerintahan")
    Realisasi.objects.filter(variabel__indikator__baris__jabatan=kasi, bulan__gte=7).delete()
    isi = ekinerja.lembar_pegawai(dunia.tahun_a, _staf_a(), hari_ini=date(2023, 8, 20))
    for baris in isi.lembar[0].baris:
        tw = {t.label: t for t in baris.triwulan}
        if baris.indikator != "IKM":  # a survey indicator has its own source
            assert tw["TW II"].ada_nilai and tw["TW II"].capaian
        assert tw["TW III"].realisasi == tw["TW IV"].realisasi == "belum ada data"
        assert tw["TW III"].capaian == tw["TW IV"].capaian == ""


def test_the_evidence_of_each_quarter_is_listed_by_month(dunia):
    realisasi = Realisasi.objects.filter(
        variabel__indikator__tahun=dunia.tahun_a, variabel__kode="ktp_tepat", bulan=3).get()
    for nama in ("rekap-ktp-maret.pdf", "foto-loket.jpg"):
        BuktiDukung.objects.create(realisasi=realisasi, berkas=f"bukti/{nama}", nama_asli=nama,
                                   jenis_konten="application/pdf", ukuran=10, sha256="0" * 64)
    isi = ekinerja.lembar_pegawai(dunia.tahun_a, _staf_a(), hari_ini=HARI_INI)
    adminduk = [b for b in isi.lembar[0].baris if b.indikator_id == realisasi.variabel.indikator_id]
    assert adminduk
    for b in adminduk:  # the indicator is printed twice in the original document
        tw = {t.label: t for t in b.triwulan}
        assert tw["TW I"].bukti == ["Maret: rekap-ktp-maret.pdf", "Maret: foto-loket.jpg"]
        assert tw["TW II"].bukti == [] and tw["TW II"].teks_bukti == "tidak ada bukti dukung"


def test_every_indicator_and_sasaran_text_is_what_the_annual_iki_document_prints(dunia):
    """One pegawai acting in every jabatan: each sheet's rows are that jabatan's printed rows."""
    orang = Pegawai.objects.create(unit=dunia.unit_a, nip="199909092020121009", nama="Pegawai Uji")
    semua = list(Jabatan.objects.filter(tahun=dunia.tahun_a))
    for j in semua:
        Penugasan.objects.create(pegawai=orang, jabatan=j, jenis="plh", mulai=date(2023, 1, 1))
    isi = ekinerja.lembar_pegawai(dunia.tahun_a, orang, hari_ini=HARI_INI)
    dokumen = {j["nama"]: j for j in data_dokumen(dunia.tahun_a)["jabatan"]}
    data = capaian.muat(dunia.tahun_a, tanggal_acuan=HARI_INI)
    assert {lembar.jabatan for lembar in isi.lembar} == {j.nama for j in semua} == set(dokumen)
    for lembar in isi.lembar:
        dicetak = [(k["nomor"], k["sasaran"], b["indikator"]) for k in dokumen[lembar.jabatan]["kelompok"]
                   for b in k["baris"]]
        assert [(b.nomor, b.rencana_hasil_kerja, b.indikator) for b in lembar.baris] == dicetak
        jabatan = next(j for j in semua if j.nama == lembar.jabatan)
        for b, baris_iki in zip(lembar.baris, data.baris_per_jabatan[jabatan.pk], strict=True):
            target = Target.objects.filter(indikator_id=baris_iki.indikator_id, periode="tahun").first()
            assert b.target == angka.format_ringkas(target.nilai if target else None, kosong="belum ditetapkan")
            assert b.satuan == baris_iki.indikator.satuan


# --- Excel and PDF ----------------------------------------------------------------------------


def test_the_workbook_has_one_sheet_per_assignment_with_header_and_rows(dunia):
    staf = _pindah_jabatan_pertengahan_tahun(dunia)
    isi = ekinerja.lembar_pegawai(dunia.tahun_a, staf, hari_ini=HARI_INI)
    wb = load_workbook(io.BytesIO(ekinerja.xlsx_ekinerja(isi)))
    assert len(wb.sheetnames) == 2
    ws = wb[wb.sheetnames[0]]
    assert ws["A1"].value == "LEMBAR PENGISIAN e-KINERJA (SKP) TAHUN 2023"
    kepala = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2) for r in range(2, 12)}
    assert kepala["Nama pegawai"].value == "Staf A"
    assert kepala["NIP"].value == "198801012010011001" and kepala["NIP"].data_type == "s"
    assert kepala["Periode penilaian"].value == "1 Januari 2023 – 30 Juni 2023"
    assert kepala["Pejabat penilai"].value == "Verifikator A"
    assert kepala["Jabatan"].value == _jabatan(dunia, "kasi_pemerintahan").nama
    judul = [c.value for c in ws[ekinerja.BARIS_KEPALA] if c.value]
    assert judul == ["No", "Rencana Hasil Kerja", "Indikator Kinerja Individu", "Target", "Satuan",
                     "Realisasi TW I", "Capaian TW I", "Bukti dukung TW I",
                     "Realisasi TW II", "Capaian TW II", "Bukti dukung TW II"]
    pertama = [c.value for c in ws[ekinerja.BARIS_KEPALA + 1]]
    b = isi.lembar[0].baris[0]
    assert pertama[:5] == [1, b.rencana_hasil_kerja, b.indikator, "95", "%"]
    assert pertama[5] == b.triwulan[0].realisasi and "dari" in pertama[5]
    assert ws.column_dimensions["B"].width == 40 and ws.freeze_panes == f"A{ekinerja.BARIS_KEPALA + 1}"
    kedua = wb[wb.sheetnames[1]]
    assert "Realisasi TW III" in [c.value for c in kedua[ekinerja.BARIS_KEPALA]]
    assert any("Angka Kriminalitas" == c.value for baris in kedua.iter_rows() for c in baris)


def test_typed_text_starting_with_a_formula_sign_stays_text_in_the_workbook(dunia):
    staf = _staf_a()
    staf.nama = "=cmd|' /C calc'!A0"
    staf.save()
    baris = _jabatan(dunia, "kasi_pemerintahan").baris.order_by("urutan").first()
    baris.teks_indikator = "=HYPERLINK(\"http://contoh.invalid\",\"klik\")"
    baris.save()
    isi = ekinerja.lembar_pegawai(dunia.tahun_a, staf, hari_ini=HARI_INI)
    wb = load_workbook(io.BytesIO(ekinerja.xlsx_ekinerja(isi)))
    ws = wb.active
    nama = ws["B3"]
    assert nama.value == "=cmd|' /C calc'!A0" and nama.data_type == "s" and nama.quotePrefix
    sel = ws.cell(row=ekinerja.BARIS_KEPALA + 1, column=3)
    assert sel.value.startswith("=HYPERLINK") and sel.data_type == "s"
    assert not any(c.data_type == "f" for r in ws.iter_rows() for c in r)


def _teks_halaman(pdf_dokumen) -> str:
    from weasyprint.formatting_structure import boxes

    return " ".join(
        b.text for halaman in pdf_dokumen.pages for b in halaman._page_box.descendants()
        if isinstance(b, boxes.TextBox)
    )


def test_the_pdf_prints_header_rows_and_the_plt_sheet(dunia):
    staf = _staf_a()
    Penugasan.objects.create(pegawai=staf, jabatan=_jabatan(dunia, "sekcam"), jenis="plt",
                             mulai=date(2023, 8, 1), selesai=date(2023, 9, 30))
    isi = ekinerja.lembar_pegawai(dunia.tahun_a, staf, hari_ini=HARI_INI)
    html = ekinerja.html_ekinerja(isi)
    teks = " ".join(_teks_halaman(umum_pdf.dokumen_pdf(html, css=ekinerja._CSS,
                                                        css_tambahan=[ekinerja._HALAMAN])).split())
    for harus in ("LEMBAR PENGISIAN e-KINERJA (SKP) TAHUN 2023", "198801012010011001", "Staf A",
                  "1 Agustus 2023 – 30 September 2023", "Plt.", "Verifikator A", "Realisasi TW III",
                  "Realisasi TW IV"):
        assert harus in teks, harus
    for b in isi.lembar[0].baris:
        assert " ".join(b.indikator.split()) in teks
    assert ekinerja.pdf_ekinerja(isi).startswith(b"%PDF-")


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils is not installed")
def test_the_downloaded_pdf_reads_as_the_sheet(masuk, dunia):
    respons = masuk("staf_a").get(_url(_staf_a(), format="pdf"))
    hasil = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=respons.content, capture_output=True, check=True)
    teks = " ".join(hasil.stdout.decode().split())
    assert "198801012010011001" in teks and "Realisasi TW IV" in teks


# --- screens and who may see what ---------------------------------------------------------------


def test_a_staf_downloads_their_own_sheet_from_capaian_saya(masuk, dunia):
    client = masuk("staf_a")
    isi = client.get("/dasbor/ketapang/2023/saya/").content.decode()
    url = reverse("ekinerja_unduh", args=["ketapang", 2023, _staf_a().pk])
    assert f'href="{url}?format=xlsx"' in isi and f'href="{url}?format=pdf"' in isi
    respons = client.get(url + "?format=xlsx")
    assert respons["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="ekinerja-198801012010011001-2023.xlsx"' in respons["Content-Disposition"]
    ws = load_workbook(io.BytesIO(respons.content)).active
    assert ws["B3"].value == "Staf A"
    assert "Prosentase Penyelesaian Pelayanan bidang Pertanahan tepat waktu" in [
        c.value for baris in ws.iter_rows() for c in baris]


def test_a_staf_asking_for_another_pegawai_gets_404(masuk, dunia):
    lain = Pegawai.objects.get(nama="Verifikator A")
    respons = masuk("staf_a").get(_url(lain))
    assert respons.status_code == 404 and b"Verifikator A" not in respons.content
    daftar = masuk("staf_a").get(reverse("ekinerja_daftar", args=["ketapang", 2023])).content.decode()
    assert "Staf A" in daftar and "Verifikator A" not in daftar


@pytest.mark.parametrize("username", ["staf_b", "operator_b"])
def test_another_units_user_gets_404(masuk, dunia, username):
    client = masuk(username)
    assert client.get(_url(_staf_a())).status_code == 404
    respons = client.get(reverse("ekinerja_daftar", args=["ketapang", 2023]))
    assert respons.status_code == 404 and b"Staf A" not in respons.content


def test_another_units_pegawai_under_ones_own_unit_is_404(masuk, dunia):
    pegawai_b = Pegawai.objects.get(nama="Staf B")
    respons = masuk("operator_a").get(_url(pegawai_b))
    assert respons.status_code == 404 and b"Staf B" not in respons.content


@pytest.mark.parametrize("username", ["operator_a", "camat_a", "pemantau"])
def test_the_operator_camat_and_pemantau_list_every_holder_and_download_any(masuk, dunia, username):
    client = masuk(username)
    daftar = client.get(reverse("ekinerja_daftar", args=["ketapang", 2023])).content.decode()
    for nama in ("Staf A", "Verifikator A"):
        assert nama in daftar
    assert f'href="{_url(Pegawai.objects.get(nama="Verifikator A"))}"' in daftar
    respons = client.get(_url(Pegawai.objects.get(nama="Verifikator A")))
    ws = load_workbook(io.BytesIO(respons.content)).active
    assert ws["B3"].value == "Verifikator A"
    assert ws["B11"].value == dunia.unit_a.jabatan_pimpinan  # Sekcam's penilai: the camat's jabatan


@pytest.mark.parametrize("username", ["camat_a", "pemantau", "staf_a"])
def test_the_screens_only_read_and_refuse_other_methods(masuk, dunia, username):
    client = masuk(username)
    jumlah = Penugasan.objects.count(), Pegawai.objects.count()
    assert client.post(_url(_staf_a())).status_code == 405
    assert client.post(reverse("ekinerja_daftar", args=["ketapang", 2023])).status_code == 405
    assert (Penugasan.objects.count(), Pegawai.objects.count()) == jumlah


@pytest.mark.parametrize("jalur", [
    "/dasbor/ketapang/2023/ekinerja/99999999999999999999/unduh/",
    "/dasbor/ketapang/1900/ekinerja/1/unduh/",
])
def test_junk_in_the_url_is_not_found(masuk, dunia, jalur):
    assert masuk("operator_a").get(jalur).status_code == 404


def test_an_unknown_format_is_not_found_and_a_pegawai_without_a_jabatan_that_year_too(masuk, dunia):
    client = masuk("operator_a")
    respons = client.get(_url(_staf_a(), format="docx<script>"))
    assert respons.status_code == 404 and b"<script>" not in respons.content
    tanpa = Pegawai.objects.create(unit=dunia.unit_a, nip="199101012019031001", nama="Tanpa Jabatan")
    assert client.get(_url(tanpa)).status_code == 404


def test_the_dashboard_links_the_list(masuk, dunia):
    isi = masuk("camat_a").get("/dasbor/ketapang/2023/").content.decode()
    assert f'href="{reverse("ekinerja_daftar", args=["ketapang", 2023])}"' in isi


def test_the_download_url_goes_to_the_pdf_workers_and_the_list_does_not():
    from iki.urls import POLA_URL_PDF

    assert re.match(POLA_URL_PDF, reverse("ekinerja_unduh", args=["ketapang", 2023, 7]))
    assert not re.match(POLA_URL_PDF, reverse("ekinerja_daftar", args=["ketapang", 2023]))


def test_the_list_reads_a_fixed_number_of_queries_however_many_holders(masuk, dunia):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = masuk("operator_a")
    url = reverse("ekinerja_daftar", args=["ketapang", 2023])
    client.get(url)
    with CaptureQueriesContext(connection) as awal:
        client.get(url)
    for n in range(3):
        orang = Pegawai.objects.create(unit=dunia.unit_a, nip=f"19900101201501100{n}", nama=f"Pegawai Tambahan {n}")
        Penugasan.objects.create(pegawai=orang, jabatan=_jabatan(dunia, "kasi_trantib"), jenis="plt",
                                 mulai=date(2023, 3, 1), selesai=date(2023, 4, 30))
    with CaptureQueriesContext(connection) as akhir:
        isi = client.get(url).content.decode()
    assert "Pegawai Tambahan 2" in isi and "1 Maret 2023 – 30 April 2023" in isi and "<strong>Plt.</strong>" in isi
    assert len(akhir.captured_queries) == len(awal.captured_queries)
