"""Printing as the office signs: place and date chosen at print, the Plt/Plh of the day, the
unit's logo, A4/F4 file names, and caches that key on all of it."""

import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from iki.admin import UnitKerjaForm
from iki.capaian import laporan
from iki.inti.angka import parse_tanggal
from iki.inti.perhitungan import Periode
from iki.models import Jabatan, Pegawai, Penugasan, TahunIKI, UnitKerja
from iki.presensi import surat
from iki.set_iki import dokumen
from iki.umum import cetak
from tests.test_surat import siapkan_mei_2023

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext")
PDFIMAGES = shutil.which("pdfimages")
perlu_poppler = pytest.mark.skipif(PDFTOTEXT is None or PDFIMAGES is None, reason="poppler-utils is not installed")
URL_LAPORAN = "/dasbor/ketapang/2023/laporan/"
URL_CETAK = "/dasbor/ketapang/2023/laporan/cetak/"
URL_DOKUMEN = "/dokumen/ketapang/2023/pdf/"
URL_DOKUMEN_CETAK = "/dokumen/ketapang/2023/cetak/"
NIP_CAMAT = "197504042000031004"
NIP_PLT = "197801012003121002"
NIP_PLH = "198002022005011003"


def teks_pdf(pdf: bytes) -> str:
    hasil = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(hasil.stdout.decode().split())


def jumlah_gambar(pdf: bytes, tmp_path) -> int:
    jalur = tmp_path / "x.pdf"
    jalur.write_bytes(pdf)
    hasil = subprocess.run([PDFIMAGES, "-list", str(jalur)], capture_output=True, check=True)
    return len(hasil.stdout.decode().splitlines()) - 2  # two header lines


def png(lebar=40, tinggi=40, warna=(200, 30, 30)) -> bytes:
    keluar = io.BytesIO()
    Image.new("RGB", (lebar, tinggi), warna).save(keluar, "PNG")
    return keluar.getvalue()


def tahun_a():
    return TahunIKI.objects.select_related("unit__kabupaten").get(unit__kode="ketapang", tahun=2023)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def pimpinan(dunia):
    """The camat as unit pimpinan (definitif), and a Plt and a Plh of the pimpinan jabatan."""
    unit = dunia.unit_a
    camat = Pegawai.objects.create(unit=unit, nip=NIP_CAMAT, nama="Drs. Camat Contoh, M.Si.",
                                   pangkat_golongan="Pembina Tk. I (IV/b)")
    UnitKerja.objects.filter(pk=unit.pk).update(pimpinan=camat)
    jabatan = Jabatan.objects.create(tahun=dunia.tahun_a, kode="pimpinan", nama="Camat Ketapang", urutan=99)
    plt = Pegawai.objects.create(unit=unit, nip=NIP_PLT, nama="Sekcam Plt, S.Sos.", pangkat_golongan="Penata (III/c)")
    plh = Pegawai.objects.create(unit=unit, nip=NIP_PLH, nama="Kasi Plh, S.H.")
    Penugasan.objects.create(pegawai=plt, jabatan=jabatan, jenis="plt", mulai=date(2023, 7, 1),
                             selesai=date(2023, 8, 31))
    Penugasan.objects.create(pegawai=plh, jabatan=jabatan, jenis="plh", mulai=date(2023, 9, 4),
                             selesai=date(2023, 9, 8))
    unit.refresh_from_db()
    return {"camat": camat, "plt": plt, "plh": plh, "jabatan": jabatan}


# --- Dates as typed --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "teks, harapan",
    [
        ("5 Desember 2026", date(2026, 12, 5)),
        ("5 desember 2026", date(2026, 12, 5)),
        ("05 Des 2026", date(2026, 12, 5)),
        ("  31   Juli  2023 ", date(2023, 7, 31)),
        ("2026-12-05", date(2026, 12, 5)),
        ("05-12-2026", date(2026, 12, 5)),
        ("5/12/2026", date(2026, 12, 5)),
        ("17 Agustus 2023", date(2023, 8, 17)),
    ],
)
def test_dates_as_people_type_them(teks, harapan):
    assert parse_tanggal(teks) == harapan


@pytest.mark.parametrize(
    "teks, pesan",
    [
        ("", "kosong"),
        ("besok", "Format tanggal tidak dikenal"),
        ("31 Februari 2023", "tidak ada di kalender"),
        ("5 Desembre 2026", "Nama bulan tidak dikenal"),
        ("2026-13-01", "tidak ada di kalender"),
        ("5 Desember 20260", "Format tanggal tidak dikenal"),
        ("1 Januari 1800", "di luar rentang"),
        ("<script>", "Format tanggal tidak dikenal"),
    ],
)
def test_junk_dates_are_refused_with_a_reason(teks, pesan):
    with pytest.raises(ValueError, match=pesan):
        parse_tanggal(teks)


# --- Who signs on a date ------------------------------------------------------------------------------


def test_nobody_known_signs_as_dotted_lines(dunia):
    ttd = cetak.penanda_tangan(dunia.unit_a, date(2023, 7, 5))
    assert (ttd.jabatan_cetak, ttd.nama, ttd.nip) == ("Camat Ketapang", "", "")
    assert cetak.calon_penanda_tangan(dunia.unit_a, date(2023, 7, 5)) == []


@pytest.mark.parametrize(
    "tanggal, jenis_nip, tercetak",
    [
        # Before the Plt: the unit's pimpinan signs as definitif.
        (date(2023, 6, 30), [("definitif", NIP_CAMAT)], "Camat Ketapang"),
        # During the Plt, nobody is recorded definitif: the Plt signs first; the pimpinan may be picked.
        (date(2023, 7, 1), [("plt", NIP_PLT), ("definitif", NIP_CAMAT)], "Plt. Camat Ketapang"),
        (date(2023, 8, 31), [("plt", NIP_PLT), ("definitif", NIP_CAMAT)], "Plt. Camat Ketapang"),
        (date(2023, 9, 5), [("plh", NIP_PLH), ("definitif", NIP_CAMAT)], "Plh. Camat Ketapang"),
        (date(2023, 9, 9), [("definitif", NIP_CAMAT)], "Camat Ketapang"),
    ],
)
def test_the_signer_is_whoever_holds_the_jabatan_that_day(dunia, pimpinan, tanggal, jenis_nip, tercetak):
    calon = cetak.calon_penanda_tangan(dunia.unit_a, tanggal)
    assert [(c.jenis, c.nip) for c in calon] == jenis_nip
    assert cetak.penanda_tangan(dunia.unit_a, tanggal).jabatan_cetak == tercetak


def test_a_recorded_definitif_holder_replaces_the_units_pimpinan_on_their_dates(dunia, pimpinan):
    lama = Pegawai.objects.create(unit=dunia.unit_a, nip="196501011990031001", nama="Camat Lama")
    Penugasan.objects.create(pegawai=lama, jabatan=pimpinan["jabatan"], mulai=date(2023, 1, 1),
                             selesai=date(2023, 3, 31))
    assert cetak.penanda_tangan(dunia.unit_a, date(2023, 3, 31)).nama == "Camat Lama"
    assert cetak.penanda_tangan(dunia.unit_a, date(2023, 4, 1)).nip == NIP_CAMAT


def test_the_operator_may_pick_among_the_days_holders_only(dunia, pimpinan):
    hari = date(2023, 7, 15)
    assert cetak.penanda_tangan(dunia.unit_a, hari, pimpinan["camat"].pk).jabatan_cetak == "Camat Ketapang"
    with pytest.raises(ValueError, match=r"tidak memegang jabatan Camat Ketapang pada 15 Juli 2023.*Sekcam Plt"):
        cetak.penanda_tangan(dunia.unit_a, hari, pimpinan["plh"].pk)


def test_another_units_jabatan_of_the_same_name_does_not_sign(dunia, pimpinan):
    lain = Jabatan.objects.create(tahun=dunia.tahun_b, kode="pimpinan", nama="Camat Ketapang")
    orang = Pegawai.objects.create(unit=dunia.unit_b, nip="199001012015011001", nama="Orang Banyuates")
    Penugasan.objects.create(pegawai=orang, jabatan=lain, jenis="plh", mulai=date(2023, 1, 1))
    assert "Orang Banyuates" not in [c.nama for c in cetak.calon_penanda_tangan(dunia.unit_a, date(2023, 6, 1))]


# --- Laporan capaian ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "periode, hari_ini, harapan",
    [
        ("tw2", date(2026, 12, 5), date(2023, 7, 31)),  # entry of June closes 10 Juli: end of Juli
        ("tw2", date(2023, 7, 20), date(2023, 7, 20)),  # that is still ahead: today
        ("5", date(2026, 12, 5), date(2023, 6, 30)),
        ("tahun", date(2026, 12, 5), date(2024, 1, 31)),  # December's entry closes in Januari
        ("tw4", date(2023, 5, 2), date(2023, 10, 1)),  # never before the period begins
    ],
)
def test_default_signing_date_of_a_report(dunia, periode, hari_ini, harapan):
    assert laporan.tanggal_bawaan(tahun_a(), Periode.dari_kode(periode), hari_ini) == harapan


@perlu_poppler
def test_chosen_place_date_and_the_plt_of_that_day_are_printed(masuk, pimpinan):
    response = masuk("camat_a").get(
        URL_LAPORAN, {"format": "pdf", "periode": "tw2", "kertas": "a4", "tempat": "Sampang", "tanggal": "14 Juli 2023"}
    )
    assert response["Content-Type"] == "application/pdf"
    teks = teks_pdf(response.content)
    assert "Sampang, 14 Juli 2023" in teks
    assert "Plt. CAMAT KETAPANG" in teks
    assert "Sekcam Plt, S.Sos." in teks and "Penata (III/c)" in teks and f"NIP. {NIP_PLT}" in teks
    assert "5 Desember 2026" not in teks


@perlu_poppler
def test_without_a_choice_the_report_is_dated_after_its_period(masuk, pimpinan):
    teks = teks_pdf(masuk("camat_a").get(URL_LAPORAN, {"format": "pdf", "periode": "tw2"}).content)
    # 31 Juli 2023 falls within the Plt's dates: the Plt signs by default.
    assert "Sampang, 31 Juli 2023" in teks and "Plt. CAMAT KETAPANG" in teks


def test_the_operator_picks_the_definitif_on_a_plt_day(masuk, pimpinan):
    isi = laporan.data_laporan(tahun_a(), Periode.dari_kode("tw2"), tanggal=date(2023, 7, 14),
                               ttd=cetak.penanda_tangan(tahun_a().unit, date(2023, 7, 14), pimpinan["camat"].pk))
    html = laporan.html_laporan(isi)
    assert "Drs. Camat Contoh, M.Si." in html and "Plt." not in html


def test_the_print_screen_offers_the_defaults(masuk, pimpinan):
    html = masuk("operator_a").get(URL_CETAK, {"periode": "tw2"}).content.decode()
    assert 'value="Sampang"' in html and 'value="31 Juli 2023"' in html
    assert "Plt. Camat Ketapang Sekcam Plt, S.Sos." in html
    assert 'name="periode" value="tw2"' in html and 'action="/dasbor/ketapang/2023/laporan/"' in html
    assert "type=\"number\"" not in html


@pytest.mark.parametrize(
    "tanggal, pesan",
    [
        ("kemarin", "Format tanggal tidak dikenal"),
        ("31 Februari 2023", "Tanggal tidak ada di kalender"),
        ("15 Maret 2023", "tidak dapat bertanggal sebelum periodenya mulai (paling awal 1 April 2023)"),
        ("1 Januari 2099", "terlalu jauh di masa depan"),
    ],
)
def test_a_refused_date_shows_the_print_screen_with_the_reason(masuk, tanggal, pesan):
    response = masuk("camat_a").get(URL_LAPORAN, {"format": "pdf", "periode": "tw2", "tanggal": tanggal})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert pesan in html and f'value="{tanggal}"' in html and "Dokumen belum diunduh" in html


def test_junk_signer_and_place_are_refused_not_500(masuk, pimpinan):
    client = masuk("camat_a")
    r = client.get(URL_LAPORAN, {"format": "pdf", "periode": "tw2", "penanda_tangan": "abc"})
    assert r.status_code == 400 and "Penanda tangan" in r.content.decode()
    r = client.get(URL_LAPORAN, {"format": "pdf", "periode": "tw2", "tanggal": "5 Juli 2023",
                                 "penanda_tangan": pimpinan["plh"].pk})
    assert r.status_code == 400 and "tidak memegang jabatan Camat Ketapang pada 5 Juli 2023" in r.content.decode()
    r = client.get(URL_LAPORAN, {"format": "pdf", "periode": "tw2", "tempat": "<b>x</b>"})
    assert r.status_code == 400 and "tanpa tanda" in r.content.decode()


@pytest.mark.parametrize(
    "query, nama",
    [
        ({"format": "pdf", "periode": "tw2", "kertas": "a4"}, "laporan-capaian-ketapang-2023-tw2-a4.pdf"),
        ({"format": "pdf", "periode": "tw2", "kertas": "f4"}, "laporan-capaian-ketapang-2023-tw2-f4.pdf"),
        ({"format": "pdf", "periode": "tw2"}, "laporan-capaian-ketapang-2023-tw2-a4.pdf"),
        ({"format": "xlsx", "periode": "tw2", "kertas": "f4"}, "laporan-capaian-ketapang-2023-tw2.xlsx"),
    ],
)
def test_a4_and_f4_downloads_have_their_own_names(masuk, monkeypatch, query, nama):
    monkeypatch.setattr(laporan, "pdf_laporan", lambda isi, kertas="a4": f"%PDF-{kertas}".encode())
    response = masuk("camat_a").get(URL_LAPORAN, query)
    assert response["Content-Disposition"] == f'attachment; filename="{nama}"'


def test_print_screens_of_another_unit_are_not_found(masuk):
    client = masuk("operator_b")
    assert client.get(URL_CETAK, {"periode": "tw2"}).status_code == 404
    assert client.get(URL_LAPORAN, {"format": "pdf", "tanggal": "junk"}).status_code == 404
    assert client.get(URL_DOKUMEN_CETAK).status_code == 404
    assert client.get(URL_DOKUMEN, {"tanggal": "junk"}).status_code == 404


def test_read_rights_are_as_before(masuk):
    # A staf does not see the dashboard (nor its print screen); everyone may read the IKI document.
    assert masuk("staf_a").get(URL_CETAK).status_code == 403
    assert masuk("staf_a").get(URL_LAPORAN, {"format": "pdf"}).status_code == 403
    html = masuk("staf_a").get(URL_DOKUMEN_CETAK).content.decode()
    assert "Cetak Dokumen IKI 2023" in html
    assert masuk("camat_a").post(URL_CETAK).status_code == 405
    assert masuk("camat_a").post(URL_DOKUMEN_CETAK).status_code == 405


# --- The logo -----------------------------------------------------------------------------------------


def beri_logo(unit, data=None):
    unit.logo.save("lambang.png", ContentFile(data or png()), save=True)


@perlu_poppler
def test_the_logo_is_in_the_reports_header_and_absent_without_one(dunia, media, tmp_path):
    t = tahun_a()
    tanpa = laporan.data_laporan(t, Periode.dari_kode("tw2"), tanggal=date(2023, 7, 31))
    assert tanpa.logo == "" and "logo-kop" not in laporan.html_laporan(tanpa)
    n_tanpa = jumlah_gambar(laporan.pdf_laporan(tanpa), tmp_path)
    beri_logo(t.unit)
    dengan = laporan.data_laporan(tahun_a(), Periode.dari_kode("tw2"), tanggal=date(2023, 7, 31))
    assert re.search(r'<img class="logo-kop" src="data:image/png;base64,[A-Za-z0-9+/=]+"', laporan.html_laporan(dengan))
    assert jumlah_gambar(laporan.pdf_laporan(dengan), tmp_path) == n_tanpa + 1


def test_a_missing_or_broken_logo_file_prints_no_image(dunia, media):
    unit = dunia.unit_a
    beri_logo(unit)
    (media / unit.logo.name).unlink()
    assert cetak.logo_data_uri(unit) == ""
    beri_logo(unit, b"\x89PNG\r\n\x1a\nrusak")
    assert cetak.logo_data_uri(unit) == ""


@perlu_poppler
def test_the_logo_is_on_the_cover_of_the_iki_document_and_in_the_letters_kop(dunia, media, tmp_path):
    beri_logo(dunia.unit_a)
    data = dokumen.data_dokumen(dunia.tahun_a)
    assert data["logo"].startswith("data:image/png;base64,")
    assert 'class="sampul-logo"' in dokumen.html_dokumen(data)
    assert jumlah_gambar(dokumen.tulis_pdf(data), tmp_path) == 1
    bulan = siapkan_mei_2023(UnitKerja.objects.get(pk=dunia.unit_a.pk))
    html = surat.html_dokumen("pengantar", surat.siapkan_data(bulan, tanggal_surat=date(2023, 6, 5)))
    assert '<img class="kop-logo" src="data:image/png;base64,' in html


def _form_unit(unit, berkas):
    data = {f.name: getattr(unit, f.attname) for f in UnitKerja._meta.fields if f.name not in ("id", "logo")}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    return UnitKerjaForm(data, {"logo": berkas}, instance=unit)


@pytest.mark.parametrize(
    "nama, isi, pesan",
    [
        ("logo.png", b"bukan gambar sama sekali", "Jenis berkas tidak dikenali atau tidak diterima. Logo harus"),
        ("logo.png", b"%PDF-1.4\n%%EOF\n", "Logo harus gambar PNG atau JPEG"),
        ("logo.png", png(lebar=2000, tinggi=2000)[:-30] + b"\x00" * 30, "tidak utuh"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024 + 10), "Berkas terlalu besar"),
    ],
)
def test_the_admin_refuses_a_fake_or_oversized_logo(dunia, media, nama, isi, pesan):
    form = _form_unit(dunia.unit_a, SimpleUploadedFile(nama, isi, content_type="image/png"))
    assert not form.is_valid()
    assert pesan in " ".join(form.errors["logo"])


def test_the_admin_accepts_a_real_png(dunia, media):
    form = _form_unit(dunia.unit_a, SimpleUploadedFile("lambang.png", png(), content_type="image/png"))
    assert form.is_valid(), form.errors
    unit = form.save()
    assert unit.logo.name.startswith("logo/") and cetak.logo_data_uri(unit).startswith("data:image/png")


# --- The annual document's cache keys on everything printed -----------------------------------------


@pytest.fixture
def render_palsu(monkeypatch):
    panggilan = []

    def palsu(data, kertas="a4", **opsi):
        panggilan.append(data)
        return f"%PDF-palsu-{len(panggilan)}".encode()

    monkeypatch.setattr(dokumen, "tulis_pdf", palsu)
    return panggilan


def test_changing_place_date_signer_or_logo_gives_a_new_pdf(dunia, pimpinan, media, masuk, render_palsu):
    client = masuk("operator_a")

    def unduh(**q):
        r = client.get(URL_DOKUMEN, {"kertas": "a4", **q})
        assert r.status_code == 200, r.content[:300]
        return r["X-Dokumen-Cache"], render_palsu[-1]

    assert unduh()[0] == "miss"
    assert unduh()[0] == "hit"
    cache, data = unduh(tempat="Bangkalan")
    assert cache == "miss" and data["tempat_ttd"] == "Bangkalan"
    cache, data = unduh(tempat="Bangkalan", tanggal="10 Januari 2023")
    assert cache == "miss" and data["tanggal_ttd"] == "10 Januari 2023"
    assert data["penanda_tangan"]["nama"] == "Drs. Camat Contoh, M.Si."
    cache, data = unduh(tempat="Bangkalan", tanggal="1 Agustus 2023")
    assert cache == "miss" and data["penanda_tangan"]["jabatan"] == "Plt. CAMAT KETAPANG"
    cache, data = unduh(tempat="Bangkalan", tanggal="1 Agustus 2023", penanda_tangan=pimpinan["camat"].pk)
    assert cache == "miss" and data["penanda_tangan"]["jabatan"] == "CAMAT KETAPANG"
    beri_logo(UnitKerja.objects.get(pk=dunia.unit_a.pk))
    cache, data = unduh(tempat="Bangkalan", tanggal="1 Agustus 2023", penanda_tangan=pimpinan["camat"].pk)
    assert cache == "miss" and data["logo"]
    beri_logo(UnitKerja.objects.get(pk=dunia.unit_a.pk), png(warna=(0, 0, 200)))
    assert unduh(tempat="Bangkalan", tanggal="1 Agustus 2023", penanda_tangan=pimpinan["camat"].pk)[0] == "miss"
    assert unduh(tempat="Bangkalan", tanggal="1 Agustus 2023", penanda_tangan=pimpinan["camat"].pk)[0] == "hit"


def test_the_documents_date_is_bounded_by_its_year(masuk):
    r = masuk("operator_a").get(URL_DOKUMEN, {"tanggal": "5 Desember 2026"})
    assert r.status_code == 400
    assert "ditandatangani paling lambat akhir tahun 2023 (paling akhir 31 Desember 2023)" in r.content.decode()


def test_the_documents_print_screen_and_its_file_names(masuk, render_palsu):
    client = masuk("camat_a")
    html = client.get(URL_DOKUMEN_CETAK).content.decode()
    assert 'action="/dokumen/ketapang/2023/pdf/"' in html and "ditulis tangan" in html
    for kertas in ("a4", "f4"):
        r = client.get(URL_DOKUMEN, {"kertas": kertas, "tanggal": "2023-01-05"})
        assert r["Content-Disposition"] == f'attachment; filename="dokumen-iki-ketapang-2023-{kertas}.pdf"'
    assert render_palsu[-1]["tanggal_ttd"] == "5 Januari 2023"


# --- The presensi letter ------------------------------------------------------------------------------


def test_the_letter_is_signed_by_the_plh_of_its_date(dunia):
    bulan = siapkan_mei_2023(UnitKerja.objects.get(pk=dunia.unit_a.pk))  # the camat is pimpinan
    jabatan = Jabatan.objects.create(tahun=dunia.tahun_a, kode="pimpinan", nama="Camat Ketapang")
    plh = Pegawai.objects.create(unit=dunia.unit_a, nip=NIP_PLH, nama="Kasi Plh, S.H.")
    Penugasan.objects.create(pegawai=plh, jabatan=jabatan, jenis="plh", mulai=date(2023, 9, 4),
                             selesai=date(2023, 9, 8))
    html = surat.html_dokumen("pengantar", surat.siapkan_data(bulan, tanggal_surat=date(2023, 9, 5)))
    teks = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Plh. CAMAT KETAPANG" in teks and "Kasi Plh, S.H." in teks and f"NIP. {NIP_PLH}" in teks
    html = surat.html_dokumen("pengantar", surat.siapkan_data(bulan, tanggal_surat=date(2023, 6, 5)))
    assert "Drs. Camat Contoh, M.Si." in html and "Plh." not in html
