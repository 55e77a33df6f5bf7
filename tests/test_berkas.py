"""Checking evidence files by content (iki.umum.berkas): what passes, what is refused and why."""

import hashlib
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from iki.umum.berkas import (
    MAKS_BITA,
    BerkasDitolak,
    format_lebih,
    format_ukuran,
    nama_aman,
    periksa_berkas,
)

MB = 1024 * 1024


def pdf_minimal() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _chunk(jenis: bytes, isi: bytes) -> bytes:
    return struct.pack(">I", len(isi)) + jenis + isi + struct.pack(">I", zlib.crc32(jenis + isi))


def png_minimal(lebar=1, tinggi=1) -> bytes:
    ihdr = struct.pack(">IIBBBBB", lebar, tinggi, 8, 2, 0, 0, 0)
    baris = b"".join(b"\x00" + b"\xff\x00\x00" * lebar for _ in range(tinggi))
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(baris)) + _chunk(b"IEND", b"")


def jpeg_minimal() -> bytes:
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + app0 + b"\xff\xfe\x00\x06uji\x00" + b"\xff\xd9"


def gambar_asli(format_: str) -> bytes:
    """A real image written by Pillow, as a phone or scanner would."""
    Image = pytest.importorskip("PIL.Image")
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buf, format=format_)
    return buf.getvalue()


# --- Accepted ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "data", "jenis", "ekstensi"),
    [
        ("laporan.pdf", pdf_minimal(), "application/pdf", "pdf"),
        ("foto.png", png_minimal(), "image/png", "png"),
        ("foto.jpg", jpeg_minimal(), "image/jpeg", "jpg"),
        ("pindaian.png", lambda: gambar_asli("PNG"), "image/png", "png"),
        ("pindaian.jpg", lambda: gambar_asli("JPEG"), "image/jpeg", "jpg"),
        ("pindaian.pdf", lambda: gambar_asli("PDF"), "application/pdf", "pdf"),
        # A JPEG with a phone maker's trailer after the end-of-image marker is still a photo.
        ("samsung.jpg", jpeg_minimal() + b"SEFH" + b"\x00" * 200 + b"SEFT", "image/jpeg", "jpg"),
        # The name does not decide the type; the content does.
        ("tanpa-ekstensi", pdf_minimal(), "application/pdf", "pdf"),
    ],
)
def test_pdf_jpeg_and_png_are_recognised_by_content(nama, data, jenis, ekstensi):
    data = data() if callable(data) else data
    hasil = periksa_berkas(nama, data)
    assert hasil.jenis_konten == jenis
    assert hasil.ekstensi == ekstensi
    assert hasil.ukuran == len(data)
    assert hasil.sha256 == hashlib.sha256(data).hexdigest()
    assert hasil.nama_aman.endswith("." + ekstensi)


def test_a_file_object_is_read_from_its_start_whatever_its_position():
    f = io.BytesIO(pdf_minimal())
    f.seek(10)
    hasil = periksa_berkas("a.pdf", f)
    assert hasil.ukuran == len(pdf_minimal())
    assert hasil.sha256 == hashlib.sha256(pdf_minimal()).hexdigest()


def test_an_uploaded_file_is_checked_like_bytes():
    hasil = periksa_berkas("foto.png", SimpleUploadedFile("foto.png", png_minimal(), "image/png"))
    assert hasil.jenis_konten == "image/png"


def test_a_pdf_named_png_downloads_under_a_pdf_name():
    assert periksa_berkas("scan.png", pdf_minimal()).nama_aman == "scan.pdf"


# --- Refused ----------------------------------------------------------------------------------

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


@pytest.mark.parametrize(
    ("nama", "data", "pesan"),
    [
        ("kosong.pdf", b"", "Berkas kosong"),
        ("laporan.pdf", EXE, "program Windows"),
        ("laporan.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "program (ELF)"),
        ("laporan.pdf", b"#!/bin/sh\nrm -rf /\n", "skrip program"),
        ("laporan.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "HTML, SVG"),
        ("foto.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "HTML, SVG"),
        ("foto.png", b'\xef\xbb\xbf  <?xml version="1.0"?><svg/>', "HTML, SVG"),
        ("laporan.pdf", b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 30, "ZIP"),
        ("laporan.docx", b"PK\x03\x04" + b"word/document.xml" * 3, "Word/Excel"),
        ("laporan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "Word/Excel lama"),
        ("animasi.gif", b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20, "JPEG atau PNG"),
        ("catatan.pdf", b"Laporan bulan Mei", "tidak dikenali"),
        # Cut off on the way: the structure starts right but the end is missing.
        ("terpotong.pdf", pdf_minimal()[:-8], "%%EOF"),
        ("terpotong.png", png_minimal()[:-12], "IEND"),
        ("terpotong.jpg", jpeg_minimal()[:-2], "tidak utuh"),
        ("palsu.pdf", b"%PDF-xx\n%%EOF", "versi PDF"),
        ("palsu.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "IHDR"),
        ("rusak.png", png_minimal()[:29] + b"\x00" + png_minimal()[30:], "CRC"),
        ("palsu.jpg", b"\xff\xd8\xff\x00" + b"\x00" * 10 + b"\xff\xd9", "struktur awal"),
    ],
)
def test_anything_but_a_real_pdf_jpeg_or_png_is_refused_with_the_reason(nama, data, pesan):
    with pytest.raises(BerkasDitolak) as e:
        periksa_berkas(nama, data)
    assert pesan in e.value.pesan
    assert str(e.value) == e.value.pesan


def test_png_of_zero_width_is_refused():
    ihdr = struct.pack(">IIBBBBB", 0, 1, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IEND", b"")
    with pytest.raises(BerkasDitolak, match="ukuran gambar"):
        periksa_berkas("a.png", data)


def test_an_8_mb_file_is_refused_with_its_size_and_the_limit():
    with pytest.raises(BerkasDitolak) as e:
        periksa_berkas("besar.pdf", b"%PDF-1.4\n" + b"0" * (8 * MB - 9))
    assert e.value.pesan.startswith("Berkas terlalu besar: 8,0 MB (maksimal 5 MB)")


def test_exactly_5_mb_is_allowed_and_one_byte_more_is_not():
    isi = b"%PDF-1.4\n" + b"0" * (MAKS_BITA - 9 - 6) + b"%%EOF\n"
    assert periksa_berkas("pas.pdf", isi).ukuran == MAKS_BITA
    with pytest.raises(BerkasDitolak, match="terlalu besar"):
        periksa_berkas("lebih.pdf", isi + b"\n")


def test_the_limit_can_be_set():
    with pytest.raises(BerkasDitolak, match=r"maksimal 1,0 KB"):
        periksa_berkas("a.pdf", pdf_minimal() + b" " * 1024, maks_bita=1024)


@pytest.mark.parametrize(
    ("ukuran", "disebut"),
    [
        # 5 MB + 1 byte rounds to "5,0 MB", which reads as within the limit: say what is true.
        (MAKS_BITA + 1, "lebih dari 5 MB"),
        (MAKS_BITA + 40 * 1024, "lebih dari 5 MB"),  # 5,04 MB still shows as 5,0
        (MAKS_BITA + 100 * 1024, "5,1 MB"),
        (8 * MB, "8,0 MB"),
        (None, "lebih dari 5 MB"),  # a stream of unknown size, stopped past the limit
    ],
)
def test_a_file_over_the_limit_is_never_said_to_be_as_large_as_the_limit(ukuran, disebut):
    if ukuran is None:
        berkas = AliranTanpaUkuran(6 * MB)
    else:
        berkas = SimpleUploadedFile("besar.pdf", b"", "application/pdf")
        berkas.size = ukuran  # what the upload guard hands over for a file it stopped keeping
    with pytest.raises(BerkasDitolak) as e:
        periksa_berkas("besar.pdf", berkas)
    assert e.value.pesan.startswith(f"Berkas terlalu besar: {disebut} (maksimal 5 MB).")


@pytest.mark.parametrize(
    ("ukuran", "maks", "disebut"),
    [
        (MAKS_BITA + 1, MAKS_BITA, "lebih dari 5 MB"),
        (MAKS_BITA + 100 * 1024, MAKS_BITA, "5,1 MB"),
        (1025, 1024, "lebih dari 1,0 KB"),
        (2048, 1024, "2,0 KB"),
        (1001, 1000, "1001 bita"),
        (None, MAKS_BITA, "lebih dari 5 MB"),
    ],
)
def test_format_lebih_shows_a_size_over_a_limit_as_over_it(ukuran, maks, disebut):
    assert format_lebih(ukuran, maks) == disebut


class AliranTanpaUkuran:
    """A stream of unknown length (no size, not seekable) that counts what is read from it."""

    def __init__(self, total: int):
        self.sisa = total
        self.dibaca = 0

    def read(self, n=-1):
        n = self.sisa if n < 0 else min(n, self.sisa)
        self.sisa -= n
        self.dibaca += n
        return (b"%PDF-1.4\n" + b"0" * n)[:n]


def test_a_stream_of_unknown_size_is_read_only_up_to_the_limit():
    aliran = AliranTanpaUkuran(1024 * MB)  # a gigabyte, never held in memory
    with pytest.raises(BerkasDitolak) as e:
        periksa_berkas("aliran.pdf", aliran)
    assert e.value.pesan.startswith("Berkas terlalu besar: lebih dari 5 MB (maksimal 5 MB)")
    assert aliran.dibaca <= MAKS_BITA + 1


def test_an_upload_that_claims_a_large_size_is_refused_before_reading():
    berkas = SimpleUploadedFile("besar.pdf", b"", "application/pdf")
    berkas.size = 8 * MB  # what the upload guard hands over for a file it stopped keeping
    with pytest.raises(BerkasDitolak, match=r"8,0 MB \(maksimal 5 MB\)"):
        periksa_berkas("besar.pdf", berkas)


# --- Names and sizes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "jenis", "hasil"),
    [
        ("laporan-mei.pdf", "application/pdf", "laporan-mei.pdf"),
        ("../../etc/passwd.pdf", "application/pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\x.pdf", "application/pdf", "x.pdf"),
        ("C:\\Users\\staf\\Dokumen\\scan.pdf", "application/pdf", "scan.pdf"),
        ("C:scan.pdf", "application/pdf", "scan.pdf"),
        ("a\x00b\nc\x7f.pdf", "application/pdf", "ab c.pdf"),
        ("laporan\u202egpj.exe", "application/pdf", "laporangpj.pdf"),  # right-to-left override hid "exe"
        ("laporan.exe", "application/pdf", "laporan.pdf"),
        ("Foto KTP.JPEG", "image/jpeg", "Foto KTP.JPEG"),
        ("foto", "image/jpeg", "foto.jpg"),
        ("laporan v1.2 final", "application/pdf", "laporan v1.2 final.pdf"),
        ('a<b>:"c|?*.pdf', "application/pdf", "a_b___c___.pdf"),
        ("  .htaccess", None, "htaccess"),
        ("..", "application/pdf", "berkas.pdf"),
        ("", "image/png", "berkas.png"),
        ("Surat   Camat\t2023.pdf", "application/pdf", "Surat Camat 2023.pdf"),
    ],
)
def test_file_names_are_made_safe_for_display(nama, jenis, hasil):
    assert nama_aman(nama, jenis) == hasil


def test_long_names_are_cut_to_150_characters_keeping_the_extension():
    hasil = nama_aman("x" * 300 + ".pdf", "application/pdf")
    assert len(hasil) == 150
    assert hasil.endswith("x.pdf")


@pytest.mark.parametrize(
    ("bita", "teks"),
    [
        (0, "0 bita"),
        (500, "500 bita"),
        (1536, "1,5 KB"),
        (1258291, "1,2 MB"),
        (8 * MB, "8,0 MB"),
    ],
)
def test_sizes_are_written_the_indonesian_way(bita, teks):
    assert format_ukuran(bita) == teks


# --- Properties -------------------------------------------------------------------------------

AWALAN = [b"", b"%PDF-", b"%PDF-1.7\n", b"\xff\xd8\xff", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"MZ", b"<"]


@settings(max_examples=400, deadline=None)
@given(
    awalan=st.sampled_from(AWALAN),
    isi=st.binary(max_size=3000),
    akhiran=st.sampled_from([b"", b"%%EOF", b"\xff\xd9", b"\x00\x00\x00\x00IEND\xaeB`\x82"]),
)
def test_random_bytes_are_either_accepted_or_refused_never_an_error(awalan, isi, akhiran):
    data = awalan + isi + akhiran
    try:
        hasil = periksa_berkas("acak.pdf", data)
    except BerkasDitolak as e:
        assert e.pesan
        return
    assert hasil.ukuran == len(data)
    if hasil.jenis_konten == "application/pdf":
        assert data.startswith(b"%PDF-")
    if hasil.jenis_konten == "image/jpeg":
        assert data.startswith(b"\xff\xd8\xff")
    if hasil.jenis_konten == "image/png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")


@settings(max_examples=400, deadline=None)
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_pass_as_pdf_unless_they_start_like_one(data):
    try:
        hasil = periksa_berkas("laporan.pdf", data)
    except BerkasDitolak:
        return
    assert hasil.jenis_konten != "application/pdf" or data.startswith(b"%PDF-")


@settings(max_examples=400, deadline=None)
@given(nama=st.text(max_size=400), jenis=st.sampled_from([None, "application/pdf", "image/jpeg", "image/png"]))
def test_a_safe_name_never_carries_a_path_or_control_characters(nama, jenis):
    hasil = nama_aman(nama, jenis)
    assert 0 < len(hasil) <= 150
    assert "/" not in hasil and "\\" not in hasil and ":" not in hasil
    assert not hasil.startswith(".")
    assert all(ord(c) >= 32 and ord(c) != 127 for c in hasil)
    if jenis is not None:
        assert hasil.lower().rsplit(".", 1)[-1] in {"pdf", "jpg", "jpeg", "jpe", "jfif", "png"}
