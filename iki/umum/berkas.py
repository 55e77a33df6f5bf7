"""Checking an evidence file (bukti dukung) by its content, never by its name.

Pure Python, no ORM: ``periksa_berkas`` reads the file in chunks, stops as soon as it passes the
size limit, and either returns what the app stores about the file or raises ``BerkasDitolak``
with a message a user can act on. Only PDF, JPEG and PNG are accepted; the checks are the
cheap, reliable ones (signature, the start of the structure, a plausible end), not a full parser.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from decimal import Decimal

from iki.inti.angka import format_angka

MAKS_BITA = 5 * 1024 * 1024
PANJANG_NAMA_MAKS = 150

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

# The extension a stored (and downloaded) file gets, and the ones a user's name may keep.
EKSTENSI = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
EKSTENSI_SAH = {PDF: {"pdf"}, JPEG: {"jpg", "jpeg", "jpe", "jfif"}, PNG: {"png"}}

_POTONGAN = 64 * 1024
_KEPALA = 1024  # bytes kept from the start to recognise the type
_EKOR = 64 * 1024  # bytes kept from the end to check the file is complete

_TANDA_PNG = b"\x89PNG\r\n\x1a\n"
_AKHIR_PNG = b"\x00\x00\x00\x00IEND\xaeB`\x82"


class BerkasDitolak(Exception):
    """The file is refused; ``pesan`` (also ``str(e)``) says why, in Indonesian."""

    def __init__(self, pesan: str):
        self.pesan = pesan
        super().__init__(pesan)


@dataclass(frozen=True)
class HasilPeriksa:
    jenis_konten: str
    ekstensi: str
    ukuran: int
    sha256: str
    nama_aman: str


def format_ukuran(bita: int) -> str:
    """``1258291`` → ``"1,2 MB"``; ``8388608`` → ``"8,0 MB"``; ``500`` → ``"500 bita"``."""
    if bita < 1024:
        return f"{bita} bita"
    if bita < 1024 * 1024:
        return f"{format_angka(Decimal(bita) / 1024, 1)} KB"
    return f"{format_angka(Decimal(bita) / (1024 * 1024), 1)} MB"


def format_batas(bita: int) -> str:
    """The limit as people say it: ``5 MB`` rather than ``5,0 MB``."""
    mb, sisa = divmod(bita, 1024 * 1024)
    return f"{mb} MB" if mb and not sisa else format_ukuran(bita)


def format_lebih(ukuran: int | None, maks_bita: int) -> str:
    """A size past a limit, said truthfully: ``"8,0 MB"``, but ``"lebih dari 5 MB"`` for 5 MB and
    one byte, whose rounded ``"5,0 MB"`` would read as within the limit (and for an unknown size)."""
    if ukuran is None or format_ukuran(ukuran) == format_ukuran(maks_bita):
        return f"lebih dari {format_batas(maks_bita)}"
    return format_ukuran(ukuran)


def pesan_terlalu_besar(ukuran: int | None, maks_bita: int) -> str:
    return (
        f"Berkas terlalu besar: {format_lebih(ukuran, maks_bita)} (maksimal {format_batas(maks_bita)}). "
        "Perkecil atau pisahkan berkasnya."
    )


def periksa_berkas(nama: str, data_or_file, *, maks_bita: int = MAKS_BITA) -> HasilPeriksa:
    """Check an evidence file; ``data_or_file`` is ``bytes`` or a file object (Django's
    ``UploadedFile`` included). Raises ``BerkasDitolak``; never reads past ``maks_bita + 1`` bytes."""
    ukuran_diketahui = periksa_ukuran(data_or_file, maks_bita=maks_bita)

    hash_ = hashlib.sha256()
    kepala = b""
    ekor = b""
    ukuran = 0
    for potongan in _baca_potongan(data_or_file, maks_bita + 1):
        ukuran += len(potongan)
        if ukuran > maks_bita:
            raise BerkasDitolak(pesan_terlalu_besar(ukuran_diketahui, maks_bita))
        hash_.update(potongan)
        if len(kepala) < _KEPALA:
            kepala += potongan[: _KEPALA - len(kepala)]
        ekor = (ekor + potongan)[-_EKOR:]

    if ukuran == 0:
        raise BerkasDitolak("Berkas kosong (0 bita). Pilih berkas hasil pindaian atau foto yang berisi.")
    jenis = _kenali(kepala, ekor)
    return HasilPeriksa(
        jenis_konten=jenis,
        ekstensi=EKSTENSI[jenis],
        ukuran=ukuran,
        sha256=hash_.hexdigest(),
        nama_aman=nama_aman(nama, jenis),
    )


def periksa_ukuran(sumber, *, maks_bita: int = MAKS_BITA) -> int | None:
    """Refuse a file whose size is known without reading it and is over ``maks_bita``; returns
    that size (``None`` when only reading tells). Every upload is checked so before it is read."""
    ukuran = _ukuran_diketahui(sumber)
    if ukuran is not None and ukuran > maks_bita:
        raise BerkasDitolak(pesan_terlalu_besar(ukuran, maks_bita))
    return ukuran


def _ukuran_diketahui(sumber) -> int | None:
    """The size when it is known without reading (bytes, an upload's ``size``, a seekable file)."""
    if isinstance(sumber, bytes | bytearray | memoryview):
        return len(sumber)
    ukuran = getattr(sumber, "size", None)
    if isinstance(ukuran, int) and not isinstance(ukuran, bool):
        return ukuran
    try:
        posisi = sumber.tell()
        akhir = sumber.seek(0, 2)
        sumber.seek(posisi)
    except (AttributeError, OSError, ValueError):
        return None
    return akhir if isinstance(akhir, int) else None  # the whole file is read, from its start


def _baca_potongan(sumber, batas: int):
    """Yield chunks of at most ``_POTONGAN`` bytes, no more than ``batas`` bytes in all."""
    if isinstance(sumber, bytes | bytearray | memoryview):
        data = bytes(sumber[:batas])
        for i in range(0, len(data), _POTONGAN):
            yield data[i : i + _POTONGAN]
        return
    if hasattr(sumber, "seek"):
        try:
            sumber.seek(0)
        except (OSError, ValueError):
            pass
    dibaca = 0
    while dibaca < batas:
        potongan = sumber.read(min(_POTONGAN, batas - dibaca))
        if not potongan:
            return
        if isinstance(potongan, str):
            raise BerkasDitolak("Berkas harus dibaca sebagai data biner.")
        dibaca += len(potongan)
        yield bytes(potongan)


def _kenali(kepala: bytes, ekor: bytes) -> str:
    if kepala.startswith(b"%PDF-"):
        return _periksa_pdf(kepala, ekor)
    if kepala.startswith(b"\xff\xd8\xff"):
        return _periksa_jpeg(kepala, ekor)
    if kepala.startswith(_TANDA_PNG):
        return _periksa_png(kepala, ekor)
    raise BerkasDitolak(_pesan_jenis_lain(kepala))


def _periksa_pdf(kepala: bytes, ekor: bytes) -> str:
    if not re.match(rb"%PDF-[12]\.\d", kepala):
        raise BerkasDitolak("Berkas PDF tidak sah: versi PDF pada awal berkas tidak dikenali.")
    # The PDF standard puts %%EOF within the last 1024 bytes; a cut-off upload has none.
    if b"%%EOF" not in ekor[-1024:]:
        raise BerkasDitolak("Berkas PDF tidak utuh (terpotong atau rusak): penanda akhir %%EOF tidak ditemukan.")
    return PDF


def _periksa_jpeg(kepala: bytes, ekor: bytes) -> str:
    # The fourth byte is the first segment's marker: APPn, a quantisation/Huffman table, a frame, a comment.
    if len(kepala) < 4 or kepala[3] < 0xC0 or kepala[3] == 0xFF:
        raise BerkasDitolak("Berkas JPEG tidak sah: struktur awal berkas rusak.")
    # The end-of-image marker. Phones may append their own trailer after it (Samsung, motion
    # photos), so it is looked for near the end rather than required as the very last bytes.
    if b"\xff\xd9" not in ekor:
        raise BerkasDitolak("Berkas JPEG tidak utuh (terpotong atau rusak): penanda akhir gambar tidak ditemukan.")
    return JPEG


def _periksa_png(kepala: bytes, ekor: bytes) -> str:
    ihdr = kepala[8:33]
    if len(ihdr) < 25 or ihdr[:8] != b"\x00\x00\x00\x0dIHDR":
        raise BerkasDitolak("Berkas PNG tidak sah: bagian IHDR tidak ditemukan di awal berkas.")
    lebar, tinggi, kedalaman, warna = struct.unpack(">IIBB", ihdr[8:18])
    (crc,) = struct.unpack(">I", ihdr[21:25])
    if zlib.crc32(ihdr[4:21]) != crc:
        raise BerkasDitolak("Berkas PNG rusak: pemeriksaan CRC bagian IHDR gagal.")
    if not (0 < lebar <= 100_000 and 0 < tinggi <= 100_000):
        raise BerkasDitolak("Berkas PNG tidak sah: ukuran gambar tidak masuk akal.")
    if kedalaman not in (1, 2, 4, 8, 16) or warna not in (0, 2, 3, 4, 6):
        raise BerkasDitolak("Berkas PNG tidak sah: format warna tidak dikenali.")
    if _AKHIR_PNG not in ekor:
        raise BerkasDitolak("Berkas PNG tidak utuh (terpotong atau rusak): bagian IEND tidak ditemukan.")
    return PNG


_DITERIMA = "Unggah berkas PDF, JPEG atau PNG."


def _pesan_jenis_lain(kepala: bytes) -> str:
    if kepala.startswith(b"MZ"):
        return f"Berkas ini adalah program Windows (.exe/.dll), bukan dokumen, meskipun namanya lain. {_DITERIMA}"
    if kepala.startswith(b"\x7fELF"):
        return f"Berkas ini adalah program (ELF), bukan dokumen, meskipun namanya lain. {_DITERIMA}"
    if kepala.startswith(b"#!"):
        return f"Berkas ini adalah skrip program, bukan dokumen. {_DITERIMA}"
    if kepala.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return (
            "Berkas ZIP (termasuk dokumen Word/Excel .docx/.xlsx) tidak diterima. "
            f"Simpan dokumen sebagai PDF lalu unggah. {_DITERIMA}"
        )
    awal = kepala.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if awal.startswith((b"<", b"\xfe\xff", b"\xff\xfe")) or b"<svg" in awal or b"<html" in awal:
        return f"Berkas HTML, SVG atau XML tidak diterima. {_DITERIMA}"
    if kepala.startswith((b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        return f"Dokumen Word/Excel lama tidak diterima. Simpan dokumen sebagai PDF lalu unggah. {_DITERIMA}"
    if kepala[4:8] == b"ftyp" and kepala[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc", b"heim", b"heis"):
        return (
            "Foto HEIC (format bawaan kamera iPhone) tidak diterima. Pilih foto lewat tombol kamera di "
            "halaman isian (iPhone mengirimnya sebagai JPEG), atau ubah Pengaturan › Kamera › Format ke "
            f"“Paling Kompatibel”, lalu foto ulang. {_DITERIMA}"
        )
    if kepala.startswith((b"GIF8", b"RIFF", b"II*\x00", b"MM\x00*", b"BM")):
        return f"Jenis gambar ini tidak diterima. Simpan sebagai JPEG atau PNG. {_DITERIMA}"
    return f"Jenis berkas tidak dikenali atau tidak diterima. {_DITERIMA}"


_TIDAK_BOLEH = re.compile(r'[<>:"/\\|?*]')
_SPASI = re.compile(r"\s+")
_EKSTENSI = re.compile(r"^[A-Za-z0-9]{1,5}$")


def nama_aman(nama: str, jenis_konten: str | None = None) -> str:
    """A file name fit for display and for a download's filename, never for a path on disk.

    The path is dropped (``../``, ``\\``, ``C:``), control and invisible formatting characters
    (such as the right-to-left override that hides ``exe``) removed, characters Windows refuses
    replaced, and the length limited to 150. With ``jenis_konten`` the extension is made to match
    the content, so a PDF named ``scan.png`` downloads as ``scan.pdf``.
    """
    teks = _SPASI.sub(" ", unicodedata.normalize("NFC", str(nama or "")))  # a tab or line break is a space
    teks = "".join(c for c in teks if unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Co", "Cn"})
    teks = teks.replace("\\", "/").rsplit("/", 1)[-1]
    teks = re.sub(r"^[A-Za-z]:", "", teks)
    teks = _TIDAK_BOLEH.sub("_", teks)
    teks = _SPASI.sub(" ", teks).strip(" .")

    batang, titik, ekstensi = teks.rpartition(".")
    if not titik or not _EKSTENSI.match(ekstensi):
        batang, ekstensi = teks, ""  # "laporan v1.2 final" has no extension
    batang = batang.strip(" .")
    if jenis_konten in EKSTENSI and ekstensi.lower() not in EKSTENSI_SAH[jenis_konten]:
        ekstensi = EKSTENSI[jenis_konten]
    batang = batang or "berkas"
    akhiran = f".{ekstensi}" if ekstensi else ""
    batang = batang[: max(1, PANJANG_NAMA_MAKS - len(akhiran))].rstrip(" .") or "berkas"
    return (batang + akhiran)[:PANJANG_NAMA_MAKS]



# --- The unit's logo (kop of printed documents) ------------------------------------------------

MAKS_BITA_LOGO = 1024 * 1024


def periksa_logo(data_or_file, *, maks_bita: int = MAKS_BITA_LOGO) -> str:
    """Check a logo upload: PNG or JPEG by content (the checks above, then Pillow decodes it),
    at most ``maks_bita``. Returns the content type; raises ``BerkasDitolak`` with the reason."""
    try:
        hasil = periksa_berkas("logo", data_or_file, maks_bita=maks_bita)
    except BerkasDitolak as e:
        raise BerkasDitolak(e.pesan.replace(_DITERIMA, "Logo harus gambar PNG atau JPEG.")) from None
    if hasil.jenis_konten not in (PNG, JPEG):
        raise BerkasDitolak("Logo harus gambar PNG atau JPEG, bukan PDF.")
    from PIL import Image, UnidentifiedImageError

    if hasattr(data_or_file, "seek"):
        data_or_file.seek(0)
    data = data_or_file if isinstance(data_or_file, bytes) else data_or_file.read()
    if hasattr(data_or_file, "seek"):
        data_or_file.seek(0)

    try:
        with Image.open(io.BytesIO(data)) as gambar:
            format_ = gambar.format
            gambar.verify()
        with Image.open(io.BytesIO(data)) as gambar:
            lebar, tinggi = gambar.size
            gambar.load()  # verify() does not decode the pixels; a truncated body fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise BerkasDitolak("Berkas logo rusak atau bukan gambar PNG/JPEG yang sah.") from None
    if format_ not in ("PNG", "JPEG"):
        raise BerkasDitolak("Logo harus gambar PNG atau JPEG.")
    if lebar > 4000 or tinggi > 4000:
        raise BerkasDitolak(f"Gambar logo terlalu besar ({lebar} × {tinggi} piksel; paling besar 4000 × 4000).")
    return hasil.jenis_konten
