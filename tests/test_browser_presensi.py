"""The monthly presensi journey in a real browser (Playwright driving Debian's chromium).

The Kasubag Umum dan Kepegawaian (an operator) imports May 2023's attendance export, checks the
recap, generates the package and downloads it; the cover letter reads like the seed's letter.
"""

import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest

from iki.presensi import hitung
from tests.conftest import PASSWORD

PDFTOTEXT = shutil.which("pdftotext")

pytestmark = [
    pytest.mark.browser,
]

NIP_KASUBAG = "198205052008011005"
NIP_AHMAD = "198001012005011001"
NIP_SITI = "198502022010012002"
LIBUR = [date(2023, 5, 1), date(2023, 5, 18)]


@pytest.fixture
def kantor(dunia_tx, settings, tmp_path):
    """Ketapang's people for May 2023, committed so the live server sees them."""
    from iki.models import BesaranTpp, HariLibur, Jabatan, Pegawai, Pengguna, Penugasan, UnitKerja

    settings.MEDIA_ROOT = tmp_path / "media"
    unit = UnitKerja.objects.get(kode="ketapang")
    camat = Pegawai.objects.create(
        unit=unit, nip="197504042000031004", nama="Drs. Camat Contoh, M.Si.", pangkat_golongan="Pembina Tk. I (IV/b)"
    )
    unit.pimpinan = camat
    unit.save(update_fields=["pimpinan"])
    kasubag = Pegawai.objects.create(unit=unit, nip=NIP_KASUBAG, nama="Kasubag Umum Contoh, S.E.")
    Penugasan.objects.create(
        pegawai=kasubag,
        mulai=date(2023, 1, 1),
        jabatan=Jabatan.objects.get(tahun__unit=unit, tahun__tahun=2023, kode="kasubag_umum"),
    )
    ahmad = Pegawai.objects.create(unit=unit, nip=NIP_AHMAD, nama="Ahmad Fauzi, S.Sos.")
    siti = Pegawai.objects.create(unit=unit, nip=NIP_SITI, nama="Siti Ma’rufah")
    for p, jumlah in ((camat, 4_500_000), (kasubag, 3_000_000), (ahmad, 2_500_000), (siti, 1_234_567)):
        BesaranTpp.objects.create(pegawai=p, berlaku_tahun=2023, berlaku_bulan=1, jumlah=jumlah)
    for tanggal, ket in zip(LIBUR, ("Hari Buruh Internasional", "Kenaikan Isa Almasih"), strict=True):
        HariLibur.objects.create(unit=unit, tanggal=tanggal, keterangan=ket)
    user = Pengguna(
        username="kasubag_umum", peran=Pengguna.OPERATOR, unit=unit, pegawai=kasubag, first_name="Kasubag Umum"
    )
    user.set_password(PASSWORD)
    user.save()
    return unit


def ekspor_mei_2023(tmp_path):
    """The attendance machine's export as Excel on Windows saves it: Windows-1252, semicolons."""
    baris = ["NIP;Nama;Tanggal;Jam Masuk;Jam Pulang;Keterangan"]
    hari = hitung.hari_kerja(2023, 5, LIBUR)
    for d in hari:
        tgl = d.strftime("%d/%m/%Y")
        baris.append(f"{NIP_KASUBAG};Kasubag Umum Contoh, S.E.;{tgl};07:20;16:05;")
        baris.append(f"197504042000031004;Drs. Camat Contoh, M.Si.;{tgl};07:25;16:00;")
        if d == date(2023, 5, 3):
            baris.append(f"{NIP_AHMAD};Ahmad Fauzi, S.Sos.;{tgl};08:15;16:00;")  # 45 minutes late
        elif d in (date(2023, 5, 10), date(2023, 5, 11)):
            baris.append(f"{NIP_AHMAD};Ahmad Fauzi, S.Sos.;{tgl};;;S")
        else:
            baris.append(f"{NIP_AHMAD};Ahmad Fauzi, S.Sos.;{tgl};07:30;16:00;")
        masuk = "" if d == date(2023, 5, 15) else "07:28"  # Siti forgets the fingerprint once
        baris.append(f"{NIP_SITI};Siti Ma’rufah;{tgl};{masuk};16:00;")
    baris.append(f"{NIP_SITI};Siti Ma’rufah;20/05/2023;08:00;12:00;")  # a Saturday: not counted
    berkas = tmp_path / "presensi-mei-2023.csv"
    berkas.write_bytes(("\r\n".join(baris) + "\r\n").encode("cp1252"))
    return berkas


@pytest.fixture
def halaman(live_server, kantor, peramban):
    context = peramban.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)  # a phone
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page


def test_kasubag_imports_may_checks_the_recap_and_sends_the_package(halaman, live_server, tmp_path):
    page = halaman
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill("kasubag_umum")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/presensi/")
    page.wait_for_url(re.compile(r"/presensi/ketapang/$"))
    page.goto(f"{live_server.url}/presensi/ketapang/?tahun=2023")
    page.get_by_role("link", name="Mei", exact=True).click()
    page.wait_for_url(f"{live_server.url}/presensi/ketapang/2023/5/")
    assert page.locator("#jumlah-hari-kerja").inner_text() == "21"

    # Import the machine's export.
    page.set_input_files("input[name=berkas]", str(ekspor_mei_2023(tmp_path)))
    with page.expect_navigation():
        page.get_by_role("button", name="Impor", exact=True).click()
    assert page.url == f"{live_server.url}/presensi/ketapang/2023/5/", page.locator("main").inner_text()[:2000]
    pesan = page.get_by_role("alert").all_inner_texts()
    assert any("4 pegawai dari 85 baris" in p for p in pesan), pesan
    assert any("1 baris pada hari Sabtu/Minggu" in p for p in pesan), pesan

    # Check the recap: Ahmad was late once (45 minutes) and sick twice; Siti missed one fingerprint.
    sel = [
        s.strip()
        for s in page.locator("#tabel-absensi tbody tr", has_text="Ahmad Fauzi").locator("td").all_inner_texts()
    ]
    assert sel[2:10] == ["21", "19", "1", "45", "0", "0", "0", "0"]
    assert sel[11] == "2"  # sakit
    finger = page.locator("#tabel-finger tbody tr", has_text="Siti").locator("td").all_inner_texts()
    assert finger[2:4] == ["1", "15"]
    assert "Rp 1.234.567" in page.locator("#tabel-rincian").inner_text()
    assert page.locator("#tanpa-aturan").is_visible()  # no rule entered: attendance and base only

    # Generate the package with the letter's date.
    page.get_by_label("Tanggal surat").fill("2023-06-05")
    page.get_by_role("button", name="Buat paket dan ambil nomor surat").click()
    page.wait_for_url(f"{live_server.url}/presensi/ketapang/2023/5/")
    pesan = " ".join(page.get_by_role("alert").all_inner_texts())
    assert "Nomor 800/1/434.512/2023 tanggal 5 Juni 2023" in pesan

    # Download it, as sent.
    with page.expect_download() as unduhan:
        page.get_by_role("link", name="Unduh PDF gabungan").click()
    pdf = tmp_path / "paket.pdf"
    unduhan.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    with page.expect_download() as unduhan:
        page.get_by_role("link", name="Unduh ZIP (PDF + Excel)").click()
    arsip = tmp_path / "paket.zip"
    unduhan.value.save_as(arsip)
    with zipfile.ZipFile(arsip) as z:
        nama = z.namelist()
    assert "01-surat-pengantar.pdf" in nama and "03-rincian-perhitungan-tpp.xlsx" in nama and len(nama) == 6

    if PDFTOTEXT:
        teks = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        rata = re.sub(r"\s+", " ", teks)
        for bagian in [
            "PEMERINTAH KABUPATEN SAMPANG",
            "KECAMATAN KETAPANG",
            "Ketapang, 5 Juni 2023",
            "800/1/434.512/2023",
            "Penting",
            "1 (satu) rangkap",
            "Permohonan Verifikasi presensi elektronik PNS untuk Bulan Mei 2023",
            "Yth. Kepala BKPSDM Kab. Sampang",
            "SAMPANG",
            "Bersama ini kami sampaikan dengan hormat permohonan verifikasi presensi elektronik PNS untuk bulan Mei "
            "Tahun 2023 dengan kelengkapan berkas sebagaimana terlampir, diantaranya :",
            "Laporan Absensi Bulanan PNS pada Bulan Mei 2023 sebanyak 3 (tiga) rangkap;",
            "Demikian untuk menjadi maklum dan terima kasih.",
            "CAMAT KETAPANG",
            "Drs. Camat Contoh, M.Si.",
            "NIP. 197504042000031004",
        ]:
            assert bagian in rata, bagian

    # The month's history shows the package; the year page too.
    page.goto(f"{live_server.url}/presensi/ketapang/?tahun=2023")
    assert "800/1/434.512/2023" in page.locator("#tabel-bulan").inner_text()
