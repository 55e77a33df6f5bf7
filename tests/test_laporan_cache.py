"""The laporan capaian PDF is cached by a hash of its data: the same data twice is rendered
once (WeasyPrint is not called again), anything printed that changes (a figure, place, date,
signer, logo, paper) is a new key and a new PDF. Access stays as it was."""

import dataclasses
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings

from iki.capaian import laporan
from iki.inti.perhitungan import Periode
from iki.models import Realisasi, TahunIKI
from iki.umum import pdf as umum_pdf

pytestmark = pytest.mark.django_db

URL = "/dasbor/ketapang/2023/laporan/"
TW2 = Periode.dari_kode("tw2")
ADMINDUK = "Prosentase penyelesaian pelayanan bidang administrasi"
PDFTOTEXT = shutil.which("pdftotext")
perlu_poppler = pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils is not installed")


def tahun_a():
    return TahunIKI.objects.select_related("unit__kabupaten").get(unit__kode="ketapang", tahun=2023)


def teks_pdf(pdf: bytes) -> str:
    hasil = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(hasil.stdout.decode().split())


@pytest.fixture
def render(monkeypatch):
    """Counts WeasyPrint renders (the real one still runs)."""
    panggilan = []
    asli = umum_pdf.render_pdf

    def hitung(*args, **kwargs):
        panggilan.append(args)
        return asli(*args, **kwargs)

    monkeypatch.setattr(umum_pdf, "render_pdf", hitung)
    return panggilan


def berkas_cache() -> list[str]:
    folder = settings.MEDIA_ROOT / "cache" / "laporan"
    return sorted(p.name for p in folder.glob("*.pdf")) if folder.exists() else []


def isi_tw2(**kwargs):
    return laporan.data_laporan(tahun_a(), TW2, tanggal=date(2023, 7, 31), **kwargs)


# --- The key -----------------------------------------------------------------------------------


def test_the_same_data_gives_the_same_key():
    assert laporan.sidik_laporan(isi_tw2(), "a4") == laporan.sidik_laporan(isi_tw2(), "a4")


@pytest.mark.parametrize(
    "ubah",
    [
        pytest.param(lambda isi: dataclasses.replace(isi, tempat="Omben"), id="tempat"),
        pytest.param(lambda isi: dataclasses.replace(isi, tanggal=date(2023, 8, 1)), id="tanggal"),
        pytest.param(lambda isi: dataclasses.replace(isi, ttd=dataclasses.replace(isi.ttd, nama="Drs. Lain")),
                     id="penanda-tangan"),
        pytest.param(lambda isi: dataclasses.replace(isi, ttd=dataclasses.replace(isi.ttd, jenis="plt")),
                     id="plt"),
        pytest.param(lambda isi: dataclasses.replace(isi, logo="data:image/png;base64,AAAA"), id="logo"),
        pytest.param(lambda isi: dataclasses.replace(isi, data_contoh=not isi.data_contoh), id="data-contoh"),
    ],
)
def test_each_printed_input_changes_the_key(ubah):
    isi = isi_tw2()
    assert laporan.sidik_laporan(ubah(isi), "a4") != laporan.sidik_laporan(isi, "a4")


def test_the_paper_changes_the_key():
    isi = isi_tw2()
    assert laporan.sidik_laporan(isi, "f4") != laporan.sidik_laporan(isi, "a4")


def test_the_print_screens_place_and_date_change_the_key():
    assert laporan.sidik_laporan(isi_tw2(tempat="Omben"), "a4") != laporan.sidik_laporan(isi_tw2(), "a4")
    lain = laporan.data_laporan(tahun_a(), TW2, tanggal=date(2023, 8, 31))
    assert laporan.sidik_laporan(lain, "a4") != laporan.sidik_laporan(isi_tw2(), "a4")


def test_a_changed_figure_changes_the_key():
    sebelum = laporan.sidik_laporan(isi_tw2(), "a4")
    r = Realisasi.objects.get(variabel__indikator__tahun__unit__kode="ketapang", variabel__indikator__tahun__tahun=2023,
                              variabel__kode="ktp_tepat", bulan=5)
    r.nilai += 1
    r.save()
    assert laporan.sidik_laporan(isi_tw2(), "a4") != sebelum


def test_a_changed_layout_file_changes_the_key(monkeypatch):
    isi = isi_tw2()
    sebelum = laporan.sidik_laporan(isi, "a4")
    monkeypatch.setattr(umum_pdf, "versi_tata_letak", lambda templat, css: "templat-baru")
    assert laporan.sidik_laporan(isi, "a4") != sebelum


# --- The cache -----------------------------------------------------------------------------------


def test_the_same_data_twice_is_rendered_once(render):
    isi = isi_tw2()
    pertama, dari_cache_1 = laporan.pdf_laporan_tersimpan(isi)
    kedua, dari_cache_2 = laporan.pdf_laporan_tersimpan(isi_tw2())
    assert (dari_cache_1, dari_cache_2) == (False, True)
    assert len(render) == 1
    assert kedua == pertama and pertama.startswith(b"%PDF-")
    assert berkas_cache() == [f"{laporan.sidik_laporan(isi, 'a4')}.pdf"]


@perlu_poppler
def test_a_changed_realisasi_gives_a_new_pdf_with_the_new_figure(masuk, render):
    klien = masuk("camat_a")
    query = "?format=pdf&periode=5&tanggal=2023-07-31"
    pertama = klien.get(URL + query)
    assert "Bulan Mei 2023" in teks_pdf(pertama.content)
    klien.get(URL + query)
    assert len(render) == 1  # the second download came from the cache

    r = Realisasi.objects.get(variabel__indikator__tahun__unit__kode="ketapang", variabel__indikator__tahun__tahun=2023,
                              variabel__kode="ktp_tepat", bulan=5)
    lama = laporan.data_laporan(tahun_a(), Periode.dari_kode("5"), tanggal=date(2023, 7, 31))
    baris_lama = next(b for _, b in lama.baris_semua if b.indikator.startswith(ADMINDUK))
    r.nilai = Decimal(1)  # 1 of some 150 requests: a figure the PDF shows nowhere else
    r.save()
    baru = klien.get(URL + query)
    assert len(render) == 2
    assert baru.content != pertama.content
    baris_baru = next(
        b for _, b in laporan.data_laporan(tahun_a(), Periode.dari_kode("5"), tanggal=date(2023, 7, 31)).baris_semua
        if b.indikator.startswith(ADMINDUK)
    )
    assert baris_baru.teks_realisasi != baris_lama.teks_realisasi
    assert baris_baru.teks_realisasi in teks_pdf(baru.content)
    assert baris_baru.teks_realisasi not in teks_pdf(pertama.content)
    assert len(berkas_cache()) == 2


def test_the_print_screens_choices_are_each_a_new_pdf(masuk, render):
    klien = masuk("camat_a")
    dasar = "?format=pdf&periode=tw2&tanggal=2023-07-31"
    for query in (dasar, dasar, dasar + "&tempat=Omben", dasar + "&kertas=f4", dasar.replace("07-31", "08-01")):
        response = klien.get(URL + query)
        assert response.content.startswith(b"%PDF-")
    assert len(render) == 4
    assert len(berkas_cache()) == 4


def test_a_cut_short_cache_file_is_rendered_again(render):
    isi = isi_tw2()
    nama = settings.MEDIA_ROOT / "cache" / "laporan" / f"{laporan.sidik_laporan(isi, 'a4')}.pdf"
    nama.parent.mkdir(parents=True, exist_ok=True)
    nama.write_bytes(b"%PDF-1.7\n1 0 obj")  # another server still writing it, or a crash
    pdf, dari_cache = laporan.pdf_laporan_tersimpan(isi)
    assert not dari_cache and len(render) == 1
    assert nama.read_bytes() == pdf and pdf.rstrip().endswith(b"%%EOF")
    assert laporan.pdf_laporan_tersimpan(isi) == (pdf, True)


def test_the_workbook_is_not_cached_and_needs_no_render(masuk, render):
    response = masuk("camat_a").get(URL + "?format=xlsx&periode=tw2")
    assert response.content.startswith(b"PK")
    assert render == [] and berkas_cache() == []


# --- Access, as it was ------------------------------------------------------------------------------


def test_another_units_operator_gets_404_and_nothing_is_rendered(masuk, render):
    response = masuk("operator_b").get(URL + "?format=pdf&periode=tw2")
    assert response.status_code == 404
    assert render == [] and berkas_cache() == []


def test_staf_without_the_dashboard_gets_403_and_nothing_is_rendered(masuk, render):
    response = masuk("staf_a").get(URL + "?format=pdf&periode=tw2")
    assert response.status_code == 403
    assert render == [] and berkas_cache() == []


def test_the_read_only_pemantau_downloads_the_cached_pdf_the_camat_made(masuk, render):
    query = "?format=pdf&periode=tw2&tanggal=2023-07-31"
    camat = masuk("camat_a").get(URL + query).content
    pemantau = masuk("pemantau").get(URL + query)
    assert pemantau["Content-Type"] == "application/pdf" and pemantau.content == camat
    assert len(render) == 1


def test_the_download_refuses_post(masuk, render):
    assert masuk("pemantau").post(URL + "?format=pdf&periode=tw2").status_code == 405
    assert render == []


# --- The fixed table layout and the cheap chart -------------------------------------------------

PANJANG = (
    "Prosentase penyelesaian pelayanan perijinan tepat waktu menurut standar pelayanan yang ditetapkan "
    "dalam keputusan camat tentang standar pelayanan publik pada kantor kecamatan beserta seluruh "
    "desa di wilayahnya PENGHABISAN"
)


@perlu_poppler
def test_a_long_indicator_name_wraps_in_its_column_and_the_row_reads_in_order(dunia):
    from iki.models import Indikator

    perijinan = "Prosentase penyelesaian pelayanan perijinan"
    Indikator.objects.filter(tahun=dunia.tahun_a, nama__startswith=perijinan).update(nama=PANJANG)
    isi = isi_tw2()
    r = next(b for _, b in isi.baris_semua if b.indikator == PANJANG)
    hasil = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=laporan.pdf_laporan(isi), capture_output=True,
                           check=True)
    baris = hasil.stdout.decode().splitlines()
    awal = next(i for i, b in enumerate(baris) if "Prosentase penyelesaian pelayanan" in b and r.teks_target in b
                and "perijinan" in " ".join(baris[i:i + 2]))
    # The row's first line: the name's start, then satuan, target, the months, realisasi, capaian, kategori.
    urutan = ["Prosentase", r.satuan, r.teks_target, *r.teks_rincian, r.teks_realisasi, r.teks_capaian,
              r.kategori.split()[0]]
    posisi, kolom = [], 0
    for kata in urutan:
        kolom = baris[awal].index(kata, kolom)
        posisi.append(kolom)
        kolom += len(kata)
    assert posisi == sorted(posisi)
    # The rest of the name follows underneath in the same column, up to its last word, before the next row.
    ekor = next(i for i in range(awal + 1, awal + 12) if "PENGHABISAN" in baris[i])
    assert abs(baris[ekor].index("PENGHABISAN") - baris[awal].index("Prosentase")) < 40
    assert all(r.teks_capaian not in b for b in baris[awal + 1:ekor + 1])


def test_the_reports_chart_has_three_elements_a_bar_and_nothing_costly():
    isi = isi_tw2()
    jumlah_batang = len({b.indikator for _, b in isi.baris_semua})
    elemen = re.findall(r"<(\w+)", isi.grafik)
    assert not {"filter", "linearGradient", "radialGradient", "textPath", "image", "use"} & set(elemen)
    assert "title" not in elemen[2:]  # only the chart's own title: no hover titles in a PDF
    assert len(elemen) <= 3 * jumlah_batang + 20


# --- One path pattern for the PDF worker pool ---------------------------------------------------


@pytest.mark.parametrize(
    "nama, args",
    [
        ("laporan_capaian", ["ketapang", 2023]),
        ("dokumen_pdf", ["ketapang", 2023]),
        ("ikm_laporan_pdf", [12]),
        ("presensi_paket_buat", ["ketapang", 2023, 5]),
    ],
)
def test_every_pdf_url_matches_the_one_pattern_nginx_routes(nama, args):
    from django.urls import reverse

    from iki.urls import POLA_URL_PDF

    assert re.match(POLA_URL_PDF, reverse(nama, args=args))


@pytest.mark.parametrize(
    "nama, args",
    [
        ("dasbor_unit", ["ketapang", 2023]),
        ("laporan_cetak", ["ketapang", 2023]),
        ("dokumen_cetak", ["ketapang", 2023]),
        ("dokumen_pratinjau", ["ketapang", 2023]),
        ("ikm_hasil", [12]),
        ("presensi_bulan", ["ketapang", 2023, 5]),
        ("beranda", []),
    ],
)
def test_screens_do_not_match_the_pdf_pattern(nama, args):
    from django.urls import reverse

    from iki.urls import POLA_URL_PDF

    assert not re.match(POLA_URL_PDF, reverse(nama, args=args))


def test_every_view_that_renders_a_pdf_is_behind_the_pattern():
    """The modules that call the one WeasyPrint render, and the URLs of the views that call them."""
    from django.urls import get_resolver

    from iki.urls import POLA_URL_PDF

    pdf_views = {"laporan_capaian", "unduh_pdf", "ikm_laporan_pdf", "paket_buat"}
    ditemukan = set()

    def jalan(polanya, awalan=""):
        for p in polanya:
            if hasattr(p, "url_patterns"):
                jalan(p.url_patterns, awalan + str(p.pattern))
            elif p.callback.__name__ in pdf_views:
                contoh = re.sub(r"<int:\w+>", "7", re.sub(r"<slug:\w+>", "ketapang", awalan + str(p.pattern)))
                assert re.match(POLA_URL_PDF, "/" + contoh), contoh
                ditemukan.add(p.callback.__name__)

    jalan(get_resolver().url_patterns)
    assert ditemukan == pdf_views
