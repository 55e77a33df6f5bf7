"""Laporan kinerja tahunan (issue 17 item 3): the data (analysis from the monthly notes, Renstra
progress, last year's realisasi), the PDF and the editable DOCX from that same data and their text
matching, user text printed harmlessly, the print screen and its permissions."""

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import docx
import pytest

from iki.capaian import laporan_kinerja as lk
from iki.models import CatatanIndikator, Indikator, TahunIKI
from iki.umum import docx as umum_docx

PDFTOTEXT = shutil.which("pdftotext")
TANGGAL = date(2024, 1, 31)
SKRIP = "<script>alert(1)</script>"

pytestmark = pytest.mark.django_db


def tahun_a():
    return TahunIKI.objects.select_related("unit__kabupaten", "renstra").get(unit__kode="ketapang", tahun=2023)


def teks_pdf(pdf: bytes) -> str:
    return subprocess.run([PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def teks_cetak(isi, kertas: str = "a4") -> str:
    """The PDF's text: the text of the laid-out pages WeasyPrint writes into the bytes (as
    tests/test_dokumen.py). pdftotext reads a table line by line across its columns, so a long
    indicator name comes back mixed with its neighbours; it only checks here that the bytes hold
    the title."""
    from weasyprint.formatting_structure import boxes

    halaman = lk.render_halaman(isi, kertas)
    pdf = halaman.write_pdf()
    assert pdf.startswith(b"%PDF-") and len(halaman.pages) >= 2
    if PDFTOTEXT:
        assert "LAPORAN KINERJA" in teks_pdf(pdf).upper()
    return "\n".join(
        b.text for p in halaman.pages for b in p._page_box.descendants() if isinstance(b, boxes.TextBox)
    )


def teks_docx(isi: bytes) -> str:
    """The text of a DOCX as Word shows it: paragraphs, then every table cell (opened again)."""
    d = docx.Document(io.BytesIO(isi))
    bagian = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            bagian += [c.text for c in r.cells]
    return "\n".join(bagian)


def rapi(teks: str) -> str:
    return " ".join(teks.replace("\u00a0", " ").split())


def baris(isi, awal_nama):
    for b in isi.baris_semua:
        if b.indikator.startswith(awal_nama):
            return b
    raise AssertionError(f"no row {awal_nama!r}")


# --- The analysis, the Renstra progress (table tests, no database) ----------------------------


@pytest.mark.parametrize(
    "per_bulan, harapan",
    [
        ({}, []),
        ({1: "", 2: "   ", 3: "\n"}, []),
        ({3: "Sinyal lemah", 1: "Hujan"}, ["Januari: Hujan", "Maret: Sinyal lemah"]),
        (
            {1: "Hujan deras", 2: "hujan   deras ", 4: "Listrik padam"},
            ["Januari, Februari: Hujan deras", "April: Listrik padam"],
        ),
        ({5: "A\nB"}, ["Mei: A B"]),
        ({12: "Akhir", 2: "", 6: "Tengah"}, ["Juni: Tengah", "Desember: Akhir"]),
        ({1: "X", 2: "Y", 3: "x"}, ["Januari, Maret: X", "Februari: Y"]),
    ],
)
def test_notes_grouped_in_month_order_deduplicated_empty_months_left_out(per_bulan, harapan):
    assert lk.kelompok_catatan(per_bulan) == harapan


def test_analysis_splits_kendala_and_tindak_lanjut():
    c = SimpleNamespace
    kendala, tindak = lk.analisis({
        3: c(kendala="Server desa mati", tindak_lanjut=""),
        1: c(kendala="", tindak_lanjut="Koordinasi dengan Dispendukcapil"),
        2: c(kendala="server desa  mati", tindak_lanjut="Koordinasi dengan Dispendukcapil"),
    })
    assert kendala == ["Februari, Maret: server desa mati"]
    assert tindak == ["Januari, Februari: Koordinasi dengan Dispendukcapil"]


@pytest.mark.parametrize(
    "polaritas, jenis, realisasi, renstra, harapan",
    [
        ("naik", "rumus", Decimal("45"), Decimal("90"), Decimal("50")),
        ("naik", "rumus", Decimal("90"), Decimal("90"), Decimal("100")),
        ("naik", "rumus", None, Decimal("90"), None),  # no value yet
        ("naik", "rumus", Decimal("10"), None, None),  # no Renstra target
        ("naik", "rumus", Decimal("10"), Decimal("0"), None),  # nothing to divide by
        ("turun", "rumus", Decimal("12"), Decimal("10"), Decimal("80")),  # lower is better
        ("turun", "selisih", Decimal("-1"), Decimal("10"), None),  # a difference: not against Renstra
    ],
)
def test_renstra_progress(polaritas, jenis, realisasi, renstra, harapan):
    ind = Indikator(polaritas=polaritas, jenis=jenis)
    hasil = lk.kemajuan_renstra(ind, realisasi, renstra)
    assert (hasil if hasil is None else hasil.quantize(Decimal("0.01"))) == (
        harapan if harapan is None else harapan.quantize(Decimal("0.01"))
    )


@pytest.mark.parametrize("teks", ["=1+1", "a\x00b\x0bc", SKRIP, "@SUM(A1)"])
def test_docx_text_is_plain_and_xml_safe(teks):
    doc = umum_docx.dokumen_baru("f4")
    umum_docx.paragraf(doc, teks)
    umum_docx.tabel(doc, ["Kolom"], [[teks]])
    isi = umum_docx.ke_bita(doc)
    keluar = teks_docx(isi)
    assert umum_docx.teks_aman(teks) in keluar
    assert "<w:fldSimple" not in zipfile.ZipFile(io.BytesIO(isi)).read("word/document.xml").decode().split(
        "<w:body>")[1]  # no field (formula) in the body: the text is text


# --- Ketapang 2023: the data, the PDF, the DOCX ------------------------------------------------


@pytest.fixture
def catatan_ketapang(dunia):
    """Notes on the first indicator of Ketapang 2023: kendala in January and March (the same text
    twice, differently spaced, in March and April), May empty; user text that must stay text."""
    ind = Indikator.objects.filter(tahun=dunia.tahun_a, baris__isnull=False).order_by("urutan", "id").first()
    for bulan, kendala, tindak in [
        (1, "Jaringan internet desa putus", "Lapor ke Diskominfo"),
        (3, f"Berkas {SKRIP} hilang", "=SUM(A1:A9) dicek ulang"),
        (4, f"berkas  {SKRIP}  hilang", ""),
        (5, "", ""),
    ]:
        CatatanIndikator.objects.create(indikator=ind, bulan=bulan, kendala=kendala, tindak_lanjut=tindak)
    ind.target_renstra = Decimal("200")
    ind.save()
    return ind


def test_data_ketapang_2023_per_sasaran_each_indicator_once(dunia, catatan_ketapang):
    isi = lk.data_laporan_kinerja(tahun_a(), tanggal=TANGGAL)
    n_indikator = Indikator.objects.filter(tahun=dunia.tahun_a, baris__isnull=False).distinct().count()
    assert len(isi.baris_semua) == n_indikator
    assert [b.nomor for b in isi.baris_semua] == list(range(1, n_indikator + 1))
    assert [s.nomor for s in isi.sasaran] == list(range(1, len(isi.sasaran) + 1))
    assert isi.unit == "Kantor Kecamatan Ketapang" and isi.tahun == 2023 and isi.renstra == "2019–2024"
    assert not isi.ada_tahun_lalu  # the demo has no 2022
    assert {b.teks_realisasi_lalu for b in isi.baris_semua} == {"tidak ada pembanding"}
    assert "tidak ada pembanding" in isi.pembuka[0]
    r = baris(isi, catatan_ketapang.nama[:30])
    assert r.kendala == ["Januari: Jaringan internet desa putus", f"Maret, April: Berkas {SKRIP} hilang"]
    assert r.tindak_lanjut == ["Januari: Lapor ke Diskominfo", "Maret: =SUM(A1:A9) dicek ulang"]
    assert r.target_renstra == Decimal("200")
    if r.realisasi is not None:
        assert r.kemajuan_renstra == r.realisasi * 100 / Decimal("200")
    others = [b for b in isi.baris_semua if b is not r]
    assert all(b.teks_kemajuan == "–" and b.teks_target_renstra == "–" for b in others)
    assert sum(n for _, n in isi.ringkasan) == n_indikator


def test_last_year_filled_from_a_small_2022(dunia):
    """A 2022 with one indicator of the same kode and a value: its realisasi appears beside 2023's;
    an indicator with no match says "tidak ada pembanding"."""
    from iki.models import BarisIKI, Jabatan, Realisasi, Sasaran, Variabel

    t23 = tahun_a()
    ind23 = Indikator.objects.filter(tahun=t23, baris__isnull=False, jenis="rumus").order_by("urutan", "id").first()
    vars23 = list(ind23.variabel.order_by("urutan", "id"))
    t22 = TahunIKI.objects.create(unit=t23.unit, tahun=2022)
    jab = Jabatan.objects.create(tahun=t22, kode="sekcam", nama="Sekretaris Kecamatan")
    sas = Sasaran.objects.create(tahun=t22, teks="Sasaran 2022")
    ind22 = Indikator.objects.create(tahun=t22, kode=ind23.kode, nama=ind23.nama, satuan=ind23.satuan,
                                     rumus=ind23.rumus, polaritas=ind23.polaritas, jenis=ind23.jenis)
    for v in vars23:
        v22 = Variabel.objects.create(indikator=ind22, kode=v.kode, nama=v.nama, pengisi=jab, cara_gabung=v.cara_gabung,
                                      desimal=v.desimal)
        for bulan in range(1, 13):
            Realisasi.objects.create(variabel=v22, bulan=bulan, nilai=Decimal("4"), status=Realisasi.DIVERIFIKASI)
    BarisIKI.objects.create(jabatan=jab, sasaran=sas, indikator=ind22, urutan=1)
    from iki.capaian import data as capaian
    from iki.capaian.tahun_lalu import Pembanding
    harapan = capaian.muat(t22).hasil(ind22.pk, lk.TAHUN).nilai
    assert harapan is not None
    assert Pembanding(t23).hasil(ind23.pk, lk.TAHUN).nilai == harapan

    isi = lk.data_laporan_kinerja(t23, tanggal=TANGGAL)
    assert isi.ada_tahun_lalu
    r = next(b for b in isi.baris_semua if b.indikator == ind23.nama)
    assert r.realisasi_lalu == harapan
    assert r.teks_realisasi_lalu == lk.angka.format_ringkas(harapan)
    lain = [b for b in isi.baris_semua if b.indikator != ind23.nama]
    assert lain and all(b.teks_realisasi_lalu == "tidak ada pembanding" for b in lain)
    pdf = rapi(teks_cetak(isi))
    assert lk.angka.format_ringkas(harapan) in pdf
    assert lk.angka.format_ringkas(harapan) in rapi(teks_docx(lk.docx_laporan(isi)))


def potongan_penting(isi) -> list[str]:
    """Every text both documents must show: indicator names, figures, analysis lines."""
    hasil = [isi.unit.upper(), isi.teks_tanggal, *isi.pembuka, isi.penutup]
    for s in isi.sasaran:
        hasil.append(s.sasaran)
    for b in isi.baris_semua:
        hasil += [b.indikator, b.teks_target, b.teks_realisasi, b.teks_capaian, b.teks_realisasi_lalu,
                  b.teks_target_renstra, b.teks_kemajuan, f"Kendala: {b.teks_kendala or '–'}",
                  f"Tindak lanjut: {b.teks_tindak_lanjut or '–'}"]
        if b.kategori:
            hasil.append(b.kategori)
    return [rapi(h) for h in hasil]


def tanpa_spasi(teks: str) -> str:
    """Without spaces and hyphens (a word broken at a hyphen at a line end)."""
    return re.sub(r"[\s\-\u00ad]+", "", teks)


@pytest.mark.parametrize("kertas", ["a4", "f4"])
def test_pdf_and_docx_show_the_same_content(dunia, catatan_ketapang, kertas):
    isi = lk.data_laporan_kinerja(tahun_a(), tanggal=TANGGAL)
    berkas = lk.docx_laporan(isi, kertas=kertas)
    # The DOCX is a valid zip with the Word body and opens again in python-docx.
    with zipfile.ZipFile(io.BytesIO(berkas)) as z:
        assert z.testzip() is None and "word/document.xml" in z.namelist()
    d = docx.Document(io.BytesIO(berkas))
    lebar = {"a4": 297, "f4": 330}[kertas]
    assert round(d.sections[0].page_width.mm) == lebar  # landscape
    assert d.tables and len(d.tables[0].rows) == len(isi.baris_semua) + 1
    assert d.tables[0].rows[0].cells[8].text == "Realisasi tahun lalu"
    assert any(p.style.name.startswith("Heading") for p in d.paragraphs)

    teks_p, teks_d = tanpa_spasi(teks_cetak(isi, kertas).replace("\u00a0", " ")), tanpa_spasi(teks_docx(berkas))
    for potong in potongan_penting(isi):
        assert tanpa_spasi(potong) in teks_d, potong
        # The PDF breaks long cells over lines (and hyphenates nothing): compare without spaces.
        assert tanpa_spasi(potong) in teks_p, potong


def test_user_text_printed_harmlessly(dunia, catatan_ketapang):
    isi = lk.data_laporan_kinerja(tahun_a(), tanggal=TANGGAL)
    html = lk.html_laporan(isi)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert tanpa_spasi(SKRIP) in tanpa_spasi(teks_cetak(isi))  # printed as the letters typed
    berkas = lk.docx_laporan(isi)
    assert f"Maret, April: Berkas {SKRIP} hilang" in teks_docx(berkas)
    assert "=SUM(A1:A9) dicek ulang" in teks_docx(berkas)
    xml = zipfile.ZipFile(io.BytesIO(berkas)).read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml


def test_pdf_cached_by_its_data(dunia):
    isi = lk.data_laporan_kinerja(tahun_a(), tanggal=TANGGAL)
    pertama, dari_cache = lk.pdf_laporan_tersimpan(isi)
    assert not dari_cache and pertama.startswith(b"%PDF-")
    kedua, dari_cache = lk.pdf_laporan_tersimpan(isi)
    assert dari_cache and kedua == pertama
    lain = lk.data_laporan_kinerja(tahun_a(), tanggal=date(2024, 2, 1))
    assert lk.sidik_laporan(lain, "a4") != lk.sidik_laporan(isi, "a4")
    with pytest.raises(ValueError):
        lk.pdf_laporan_tersimpan(isi, kertas="a3")


# --- The screens -----------------------------------------------------------------------------------

URL = "/dasbor/ketapang/2023/laporan/kinerja/"
URL_CETAK = URL + "cetak/"


def test_camat_opens_the_print_screen_and_downloads_pdf_and_docx(masuk, dunia, catatan_ketapang):
    client = masuk("camat_a")
    layar = client.get(URL_CETAK)
    html = layar.content.decode()
    assert layar.status_code == 200
    assert "Cetak Laporan Kinerja Tahunan 2023" in html
    assert 'value="docx"' in html and "Unduh DOCX" in html and 'value="pdf"' in html
    assert "31 Januari 2024" in html  # the default signing date

    pdf = client.get(URL, {"format": "pdf", "kertas": "f4", "tanggal": "5 Februari 2024", "tempat": "Ketapang"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="laporan-kinerja-ketapang-2023-f4.pdf"'
    assert pdf.content.startswith(b"%PDF-")

    berkas = client.get(URL, {"format": "docx", "tanggal": "5 Februari 2024", "tempat": "Ketapang"})
    assert berkas["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'filename="laporan-kinerja-ketapang-2023-a4.docx"' in berkas["Content-Disposition"]
    teks = teks_docx(berkas.content)
    assert "KANTOR KECAMATAN KETAPANG" in teks and "Ketapang, 5 Februari 2024" in teks
    assert catatan_ketapang.nama in teks and "Januari: Jaringan internet desa putus" in teks


def test_pemantau_and_operator_read_it(masuk):
    for username in ("pemantau", "operator_a"):
        r = masuk(username).get(URL, {"format": "docx"})
        assert "Kantor Kecamatan Ketapang" in teks_docx(r.content), username


@pytest.mark.parametrize("alamat", [URL, URL_CETAK])
def test_another_units_year_is_not_found(masuk, alamat):
    r = masuk("operator_b").get(alamat, {"format": "pdf"})
    assert r.status_code == 404 and b"%PDF" not in r.content


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a", "staf_b"])
@pytest.mark.parametrize("alamat", [URL, URL_CETAK])
def test_roles_without_the_report_are_forbidden(masuk, username, alamat):
    r = masuk(username).get(alamat, {"format": "docx"})
    assert r.status_code == 403 and not r.content.startswith(b"PK")


def test_it_is_read_only(masuk):
    r = masuk("camat_a").post(URL, {"format": "pdf"})
    assert r.status_code == 405


@pytest.mark.parametrize(
    "kiriman, pesan",
    [
        ({"tanggal": "31 Februari 2024"}, "Tanggal"),
        ({"tanggal": "1 Desember 2022"}, "sebelum tahunnya mulai"),
        ({"tempat": "<script>"}, "tanpa tanda &lt; &gt;"),
        ({"penanda_tangan": "999999"}, "Penanda tangan"),
    ],
)
def test_a_refused_choice_shows_the_print_screen_again(masuk, kiriman, pesan):
    r = masuk("camat_a").get(URL, {"format": "docx", **kiriman})
    html = r.content.decode()
    assert r.status_code == 400 and "Dokumen belum diunduh" in html and pesan in html
    assert 'value="<script>"' not in html  # what was typed is shown back escaped


@pytest.mark.parametrize("format", ["xlsx", "=1+1", "<b>"])
def test_an_unknown_format_is_not_found(masuk, format):
    r = masuk("camat_a").get(URL, {"format": format})
    assert r.status_code == 404 and not r.content.startswith((b"%PDF", b"PK"))


def test_the_dashboard_links_the_report_for_those_who_may_open_it(masuk):
    assert b'id="tautan-laporan-kinerja"' in masuk("camat_a").get("/dasbor/ketapang/2023/").content
    assert b'id="tautan-laporan-kinerja"' not in masuk("verifikator_a").get("/dasbor/ketapang/2023/").content


def test_the_pdf_url_is_routed_to_the_pdf_workers_and_the_screen_is_not():
    from iki.urls import POLA_URL_PDF

    assert re.match(POLA_URL_PDF, URL) and not re.match(POLA_URL_PDF, URL_CETAK)


# --- The Renstra end target on the indicator page -------------------------------------------------


def test_operator_sets_the_renstra_target_in_indonesian_numbers(masuk, dunia):
    from tests.test_indikator_page import adminduk, data_ubah, url

    client = masuk("operator_a")
    ind = adminduk()
    assert 'name="target_renstra"' in client.get(url(ind)).content.decode()
    r = client.post(url(ind), data_ubah(ind, target_renstra="1.250,5"))
    assert r.status_code == 302
    ind.refresh_from_db()
    assert ind.target_renstra == Decimal("1250.5")
    for salah in ("-5", "abc", "=1+1"):
        r = client.post(url(ind), data_ubah(ind, target_renstra=salah))
        assert r.status_code == 200 and "target_renstra" in r.content.decode()
        ind.refresh_from_db()
        assert ind.target_renstra == Decimal("1250.5"), salah
    isi = lk.data_laporan_kinerja(tahun_a(), tanggal=TANGGAL)
    assert baris(isi, ind.nama[:30]).teks_target_renstra == "1.250,50"
