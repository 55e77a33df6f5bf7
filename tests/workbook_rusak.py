"""Damaged workbooks for the tests of the upload gate (iki.umum.unggahan), each made from a valid one.

The zip is written by hand (``tulis_zip``) so that a test can put into it what Python's zipfile
would refuse to write: a wrong checksum, broken deflate data, an unknown compression method, the
encryption flag, a 60 MB part compressed once in memory.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, replace

import openpyxl

MB = 1024 * 1024
DEFLATE = zipfile.ZIP_DEFLATED


@dataclass(frozen=True)
class Bagian:
    """One part of a zip as it is stored: ``mentah`` is compressed when ``metode`` is deflate."""

    nama: str
    mentah: bytes
    crc: int
    ukuran: int
    metode: int = DEFLATE
    flag: int = 0


def _deflate(isi: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(isi) + c.flush()


def bagian(nama: str, isi: bytes, metode: int = DEFLATE) -> Bagian:
    mentah = _deflate(isi) if metode == DEFLATE else isi
    return Bagian(nama, mentah, zlib.crc32(isi), len(isi), metode)


def bagian_berulang(nama: str, potongan: bytes, kali: int) -> Bagian:
    """``potongan`` repeated ``kali`` times, compressed once: a full flush makes the compressed
    piece stand alone, so it is repeated as it is and closed with an empty final block."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    satu = c.compress(potongan) + c.flush(zlib.Z_FULL_FLUSH)
    akhir = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    for _ in range(kali):
        crc = zlib.crc32(potongan, crc)
    return Bagian(nama, satu * kali + akhir, crc, len(potongan) * kali)


def tulis_zip(daftar: list[Bagian]) -> bytes:
    keluaran = bytearray()
    pusat = bytearray()
    for b in daftar:
        nama = b.nama.encode()
        letak = len(keluaran)
        kepala = (b.flag, b.metode, 0, 0x21, b.crc, len(b.mentah), b.ukuran, len(nama))
        keluaran += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, *kepala, 0) + nama + b.mentah
        pusat += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, *kepala, 0, 0, 0, 0, 0, letak) + nama
    letak_pusat = len(keluaran)
    keluaran += pusat
    keluaran += struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(daftar), len(daftar), len(pusat), letak_pusat, 0)
    return bytes(keluaran)


def bagian_dari(xlsx: bytes) -> list[Bagian]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return [bagian(i.filename, z.read(i)) for i in z.infolist()]


def _lembar(b: Bagian) -> bool:
    return b.nama.startswith("xl/worksheets/") and b.nama.endswith(".xml")


def _ubah_lembar(xlsx: bytes, fn) -> bytes:
    """Every worksheet part changed by ``fn``, so whichever sheet an import reads first is damaged."""
    return tulis_zip([fn(b) if _lembar(b) else b for b in bagian_dari(xlsx)])


def _isi(b: Bagian) -> bytes:
    return zlib.decompress(b.mentah, -15) if b.metode == DEFLATE else b.mentah


# --- The damage, each a function of a valid workbook -------------------------------------------------


def deflate_rusak(xlsx: bytes) -> bytes:
    # 0x07: the final block, of block type 3, which deflate reserves (zlib: "invalid block type").
    return _ubah_lembar(xlsx, lambda b: replace(b, mentah=b"\x07" + b.mentah[1:]))


def crc_salah(xlsx: bytes) -> bytes:
    return _ubah_lembar(xlsx, lambda b: replace(b, crc=b.crc ^ 0xFFFFFFFF))


def metode_tak_dikenal(xlsx: bytes) -> bytes:
    return _ubah_lembar(xlsx, lambda b: replace(b, metode=99))


def metode_lzma(xlsx: bytes) -> bytes:
    # Python could read LZMA, openpyxl too; neither Excel nor LibreOffice writes it.
    return _ubah_lembar(xlsx, lambda b: replace(b, metode=zipfile.ZIP_LZMA))


def xml_terpotong(xlsx: bytes) -> bytes:
    """The sheet XML cut in the middle, stored intact: only parsing the sheet finds it."""
    return _ubah_lembar(xlsx, lambda b: bagian(b.nama, _isi(b)[: b.ukuran // 2]))


def tanpa_lembar(xlsx: bytes) -> bytes:
    """A workbook whose list of sheets is empty (openpyxl opens it, with no worksheet)."""
    return tulis_zip(
        [
            bagian(b.nama, re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", _isi(b))) if b.nama == "xl/workbook.xml" else b
            for b in bagian_dari(xlsx)
        ]
    )


def terenkripsi(xlsx: bytes | None = None) -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE file with these streams."""
    nama = b"".join(n.encode("utf-16-le").ljust(128, b"\0") for n in ("EncryptionInfo", "EncryptedPackage"))
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + nama + bytes(2048)


def xls_lama(xlsx: bytes | None = None) -> bytes:
    nama = "Workbook".encode("utf-16-le").ljust(128, b"\0")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + nama + bytes(2048)


def bendera_enkripsi(xlsx: bytes) -> bytes:
    return tulis_zip([replace(b, flag=b.flag | 0x1) for b in bagian_dari(xlsx)])


def makro(xlsx: bytes) -> bytes:
    return tulis_zip([*bagian_dari(xlsx), bagian("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(200))])


def zip_bomb(xlsx: bytes) -> bytes:
    """A part of 60 MB of zeros, about 60 KB compressed."""
    return tulis_zip([*bagian_dari(xlsx), bagian_berulang("xl/media/image1.png", bytes(MB), 60)])


def memuai_95_mb(xlsx: bytes) -> bytes:
    """The issue's file: 0,73 MB that unpacks to 95 MB, its parts at a ratio (about 130) below
    the zip-bomb limit: only the limit on the unpacked total refuses it."""
    acak = random.Random(95).randbytes(6 * 1024)
    return tulis_zip([*bagian_dari(xlsx), bagian_berulang("xl/media/image1.png", acak + bytes(MB - len(acak)), 95)])


def terlalu_banyak_bagian(xlsx: bytes) -> bytes:
    return tulis_zip([*bagian_dari(xlsx), *(bagian(f"xl/media/image{i}.png", b"x") for i in range(600))])


def kosong(xlsx: bytes | None = None) -> bytes:
    return b""


def teks_biasa(xlsx: bytes | None = None) -> bytes:
    return b"Laporan bulan Mei\nNomor;Uraian;Jumlah\n1;Surat masuk;12\n"


# (name, damage, what the gate's message says). Every import screen shows the same message.
TABEL = [
    ("deflate_rusak", deflate_rusak, "data terkompresi bagian xl/worksheets/sheet1.xml tidak sah"),
    ("crc_salah", crc_salah, "checksum CRC tidak cocok"),
    ("metode_tak_dikenal", metode_tak_dikenal, "metode pemampatan yang tidak didukung (metode 99)"),
    ("metode_lzma", metode_lzma, "metode pemampatan yang tidak didukung (metode 14)"),
    ("xml_terpotong", xml_terpotong, "(isinya terpotong atau tidak sah)"),
    ("tanpa_lembar", tanpa_lembar, "tidak berisi satu lembar kerja pun"),
    ("terenkripsi", terenkripsi, "dilindungi kata sandi"),
    ("xls_lama", xls_lama, "berformat Excel lama (.xls)"),
    ("bendera_enkripsi", bendera_enkripsi, "dilindungi kata sandi"),
    ("makro", makro, "Berkas Excel bermakro (.xlsm) tidak diterima"),
    ("zip_bomb", zip_bomb, "dicurigai “zip bomb”"),
    ("memuai_95_mb", memuai_95_mb, "isinya terlalu besar setelah dibuka (95,"),
    ("terlalu_banyak_bagian", terlalu_banyak_bagian, "terlalu banyak bagian (6"),
    ("kosong", kosong, "kosong"),
    ("teks_biasa", teks_biasa, "bukan berkas Excel (.xlsx)"),
]


def buku_contoh(*lembar: tuple[str, list[list]]) -> bytes:
    """A valid workbook made with openpyxl, as a user's spreadsheet program would save it."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    bawaan = ("Data", [["No", "Uraian", "Jumlah"], *([i, f"Uraian {i}", i * 10] for i in range(1, 200))])
    for judul, baris in lembar or (bawaan,):
        ws = wb.create_sheet(judul)
        for b in baris:
            ws.append(b)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()
