"""The one gate for uploaded workbooks (.xlsx): every import reads its upload through here.

``baca_berkas_unggahan(berkas)`` reads an upload within the one upload limit (checked on the
size the upload declares before anything is read, then by reading one byte past the limit).
``buka_workbook(data)`` checks the archive and opens it with openpyxl (read-only, no external
links); ``baris_aman(ws, ...)`` iterates a sheet's rows. Whatever is wrong with the file, each of
them raises ``BerkasDitolak`` (the one refusal of an upload, shared with the evidence files of
``iki.umum.berkas``) with an Indonesian message that says what is wrong; nothing else escapes.

Before openpyxl sees the file the gate looks at the zip directory (number of parts, declared
sizes, ratio, encryption flag, compression method, macros), then inflates every part once,
discarding the output, so that a broken checksum, broken deflate data or a truncated part is
refused here and not half-way through an import. Python's zipfile never inflates a part beyond
the size its directory declares, so the declared sizes bound the memory. openpyxl's read-only
mode parses a sheet only while its rows are iterated; ``baris_aman`` turns a failure there (cut
or invalid sheet XML) into the same refusal.

Also here: the parking of an upload between its preview and its confirmation (``parkir``,
``ambil_parkiran``, ``buang_parkiran``), through Django's storage so that the preview and the
confirmation may be served by different app servers; and ``Kesalahan``, the one located error of
every import (sheet, row, column).
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import KW_ONLY, dataclass
from datetime import datetime, timedelta

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as xml_aman
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from iki.umum.berkas import (
    MAKS_BITA,
    BerkasDitolak,
    format_batas,
    format_lebih,
    format_ukuran,
    periksa_ukuran,
    pesan_terlalu_besar,
)

__all__ = [
    "AKHIRAN_MAKRO",
    "MAKS_BAGIAN",
    "MAKS_BITA",
    "MAKS_RASIO",
    "MAKS_TERURAI",
    "FOLDER_PARKIR",
    "UMUR_PARKIR",
    "BerkasDitolak",
    "Kesalahan",
    "ambil_parkiran",
    "baca_berkas_unggahan",
    "baris_aman",
    "bersihkan_parkiran",
    "buang_parkiran",
    "buka_workbook",
    "parkir",
    "periksa_workbook",
    "tampak_workbook",
    "validasi_ukuran",
]

MB = 1024 * 1024
# MAKS_BITA (5 MB, from iki.umum.berkas) is the one upload limit. The largest workbook an import
# accepts (30.000 realisasi rows) is 1,1 MB and unpacks to 14 MB at a ratio of 13.
MAKS_TERURAI = 50 * MB  # all parts of a workbook together, once unpacked
MAKS_RASIO = 200  # unpacked ÷ packed, for each part larger than RASIO_MULAI
RASIO_MULAI = 1 * MB
MAKS_BAGIAN = 500  # parts (files) inside the zip

JENIS_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
AKHIRAN_MAKRO = (".xlsm", ".xltm", ".xlam")
_METODE_DITERIMA = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Excel, LibreOffice and openpyxl write
_TANDA_ZIP = b"PK\x03\x04"
_TANDA_OLE = b"\xd0\xcf\x11\xe0"  # an OLE compound file: old .xls, or an .xlsx encrypted with a password
_ALIRAN_ENKRIPSI = "EncryptionInfo".encode("utf-16-le")  # stream name inside a password-protected .xlsx

_SIMPAN_ULANG = "Simpan ulang sebagai Buku Kerja Excel (.xlsx) lalu unggah lagi."
PESAN_KOSONG = "Berkas kosong (0 bita). Pilih berkas yang berisi data."
PESAN_MAKRO = "Berkas Excel bermakro (.xlsm) tidak diterima. Simpan sebagai Buku Kerja Excel (.xlsx) tanpa makro."
PESAN_SANDI = (
    "Berkas Excel ini dilindungi kata sandi (terenkripsi) sehingga tidak dapat dibaca. "
    "Hapus kata sandinya di Excel, simpan sebagai .xlsx lalu unggah lagi."
)
PESAN_XLS = f"Berkas ini berformat Excel lama (.xls). {_SIMPAN_ULANG}"
PESAN_BUKAN_EXCEL = f"Berkas ini bukan berkas Excel (.xlsx). {_SIMPAN_ULANG}"
PESAN_TIDAK_TERBACA = f"Berkas Excel rusak atau tidak dapat dibaca. {_SIMPAN_ULANG}"


def validasi_ukuran(berkas) -> None:
    """A form field validator: the upload limit, on the size the upload declares (nothing is read)."""
    try:
        periksa_ukuran(berkas)
    except BerkasDitolak as e:
        raise ValidationError(e.pesan) from None


def baca_berkas_unggahan(berkas, *, maks_bita: int = MAKS_BITA) -> bytes:
    """The bytes of an upload (bytes or a file object such as Django's ``UploadedFile``).

    The declared size is checked before reading, and no more than ``maks_bita + 1`` bytes are
    read. Raises ``BerkasDitolak`` for a file over the limit or an empty one.
    """
    periksa_ukuran(berkas, maks_bita=maks_bita)
    if isinstance(berkas, bytes | bytearray | memoryview):
        data = bytes(berkas)
    else:
        if hasattr(berkas, "seek"):
            berkas.seek(0)
        data = berkas.read(maks_bita + 1)
    if len(data) > maks_bita:
        raise BerkasDitolak(pesan_terlalu_besar(None, maks_bita))
    if not data:
        raise BerkasDitolak(PESAN_KOSONG)
    return data


def tampak_workbook(data: bytes) -> bool:
    """Whether the content starts like a workbook (a zip, or an OLE file: .xls or an encrypted .xlsx).

    For imports that also take text (CSV): such a file goes through the gate, whatever its name.
    """
    return data.startswith((_TANDA_ZIP, _TANDA_OLE))


def buka_workbook(data: bytes, *, nama: str = "", maks_bita: int = MAKS_BITA, data_only: bool = False):
    """Check an uploaded workbook (``periksa_workbook``) and open it with openpyxl, read-only and
    without external links. The caller closes it (``wb.close()``) and reads rows with ``baris_aman``.
    Raises ``BerkasDitolak``."""
    periksa_workbook(data, nama=nama, maks_bita=maks_bita)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False)
    except Exception as e:  # openpyxl raises many kinds on a broken file; all mean the same to the user
        raise BerkasDitolak(PESAN_TIDAK_TERBACA) from e
    if not wb.worksheets:
        wb.close()
        raise BerkasDitolak("Buku kerja Excel ini tidak berisi satu lembar kerja pun.")
    return wb


def baris_aman(ws, **kwargs) -> Iterator[tuple]:
    """``ws.iter_rows(**kwargs)``, with a failure while openpyxl parses the sheet (zlib.error,
    BadZipFile, an XML parse error, KeyError, ValueError, EOFError, OSError …) raised as
    ``BerkasDitolak``. Only openpyxl's reading runs inside ``next()``: the caller's own code
    between two rows is not covered, so its errors stay visible."""
    baris = ws.iter_rows(**kwargs)
    nomor = (kwargs.get("min_row") or 1) - 1
    while True:
        try:
            isi = next(baris)
        except StopIteration:
            return
        except Exception as e:  # noqa: BLE001 - anything openpyxl raises here is the file's fault
            setelah = f" setelah baris {nomor}" if nomor > 0 else ""
            raise BerkasDitolak(
                f"Berkas Excel rusak: lembar “{_tampil(ws.title, 40)}” tidak dapat dibaca{setelah} "
                f"(isinya terpotong atau tidak sah). {_SIMPAN_ULANG}"
            ) from e
        nomor += 1
        yield isi


def periksa_workbook(data: bytes, *, nama: str = "", maks_bita: int = MAKS_BITA) -> None:
    """Refuse anything but a plain, intact .xlsx within the limits, before openpyxl opens it.

    ``nama`` is the name the user gave the file: a macro workbook's extension is refused by it
    too. Raises ``BerkasDitolak``.
    """
    if len(data) > maks_bita:
        raise BerkasDitolak(pesan_terlalu_besar(len(data), maks_bita))
    if not data:
        raise BerkasDitolak(PESAN_KOSONG)
    if (nama or "").lower().endswith(AKHIRAN_MAKRO):
        raise BerkasDitolak(PESAN_MAKRO)
    if data.startswith(_TANDA_OLE):
        raise BerkasDitolak(PESAN_SANDI if _ALIRAN_ENKRIPSI in data else PESAN_XLS)
    if not data.startswith(_TANDA_ZIP):
        raise BerkasDitolak(PESAN_BUKAN_EXCEL)
    try:
        arsip = zipfile.ZipFile(io.BytesIO(data))
        bagian = arsip.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
        raise BerkasDitolak(f"Berkas Excel rusak: arsip .xlsx tidak dapat dibuka. {_SIMPAN_ULANG}") from None
    with arsip:
        _periksa_direktori(bagian)
        _periksa_isi_bagian(arsip, bagian)
        _periksa_jenis_isi(arsip, {b.filename for b in bagian})


def _periksa_direktori(bagian: list[zipfile.ZipInfo]) -> None:
    """What the zip directory says: nothing is inflated yet."""
    if len(bagian) > MAKS_BAGIAN:
        raise BerkasDitolak(
            f"Berkas berisi terlalu banyak bagian ({len(bagian)}; maksimal {MAKS_BAGIAN}); "
            "ini bukan buku kerja Excel biasa."
        )
    nama = [b.filename for b in bagian]
    if len(set(nama)) != len(nama):
        ganda = next(n for n in nama if nama.count(n) > 1)
        raise BerkasDitolak(f"Berkas Excel rusak: bagian {_tampil(ganda)} ada dua kali dalam arsip. {_SIMPAN_ULANG}")
    total = 0
    for b in bagian:
        if b.flag_bits & 0x1:
            raise BerkasDitolak(PESAN_SANDI)
        if b.compress_type not in _METODE_DITERIMA:
            raise BerkasDitolak(
                f"Berkas Excel memakai metode pemampatan yang tidak didukung (metode {b.compress_type}). "
                f"{_SIMPAN_ULANG}"
            )
        if b.file_size > RASIO_MULAI and b.file_size > MAKS_RASIO * max(b.compress_size, 1):
            raise BerkasDitolak(
                f"Berkas ditolak: bagian {_tampil(b.filename)} memuai tidak wajar ketika dibuka "
                f"({format_ukuran(b.compress_size)} menjadi {format_ukuran(b.file_size)}; dicurigai “zip bomb”)."
            )
        total += b.file_size
    if total > MAKS_TERURAI:
        raise BerkasDitolak(
            f"Berkas ditolak: isinya terlalu besar setelah dibuka ({format_lebih(total, MAKS_TERURAI)}; "
            f"maksimal {format_batas(MAKS_TERURAI)})."
        )
    if any("vbaproject" in n.lower() for n in nama):
        raise BerkasDitolak(PESAN_MAKRO)
    if "[Content_Types].xml" not in nama:
        raise BerkasDitolak("Berkas ini bukan berkas Excel (.xlsx): bagian [Content_Types].xml tidak ada.")


def _periksa_isi_bagian(arsip: zipfile.ZipFile, bagian: list[zipfile.ZipInfo]) -> None:
    """Inflate every part once (output discarded): checksum, deflate data and length are checked here."""
    for b in bagian:
        nama = _tampil(b.filename)
        try:
            with arsip.open(b) as f:
                while f.read(MB):
                    pass
        except zlib.error:
            pesan = f"data terkompresi bagian {nama} tidak sah"
        except EOFError:
            pesan = f"bagian {nama} terpotong"
        except zipfile.BadZipFile as e:
            pesan = f"bagian {nama} " + (
                "tidak utuh (checksum CRC tidak cocok)" if "CRC" in str(e) else "tidak dapat dibaca"
            )
        except NotImplementedError:
            pesan = f"bagian {nama} memakai metode pemampatan yang tidak didukung"
        except (OSError, ValueError, RuntimeError):
            pesan = f"bagian {nama} tidak dapat dibaca"
        else:
            continue
        raise BerkasDitolak(f"Berkas Excel rusak: {pesan}. {_SIMPAN_ULANG}")


def _periksa_jenis_isi(arsip: zipfile.ZipFile, nama: set[str]) -> None:
    """[Content_Types].xml must declare a plain workbook (no macros), and that part must be there."""
    try:
        akar = xml_aman(arsip.read("[Content_Types].xml"))
    except (DefusedXmlException, SyntaxError, ValueError, zipfile.BadZipFile, OSError):
        raise BerkasDitolak("Berkas Excel rusak atau tidak aman: [Content_Types].xml tidak dapat dibaca.") from None
    per_bagian = {}
    bawaan = set()
    for el in akar.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.endswith("Override"):
            per_bagian[el.get("PartName", "").lstrip("/")] = el.get("ContentType", "")
        elif el.tag.endswith("Default"):
            bawaan.add(el.get("ContentType", ""))
    jenis = set(per_bagian.values()) | bawaan
    if any(".sheet.binary." in j for j in jenis):
        raise BerkasDitolak(f"Buku kerja Excel biner (.xlsb) tidak diterima. {_SIMPAN_ULANG}")
    if any("macroenabled" in j.lower() or "vbaproject" in j.lower() for j in jenis):
        raise BerkasDitolak(PESAN_MAKRO)
    # openpyxl looks for the workbook by its content type, and falls back to xl/workbook.xml.
    buku = [p for p, j in per_bagian.items() if j == JENIS_XLSX]
    if not buku and JENIS_XLSX in bawaan:
        buku = ["xl/workbook.xml"]
    if not buku:
        if any("wordprocessingml" in j for j in jenis):
            raise BerkasDitolak("Berkas ini dokumen Word, bukan buku kerja Excel (.xlsx).")
        if any("presentationml" in j for j in jenis):
            raise BerkasDitolak("Berkas ini presentasi PowerPoint, bukan buku kerja Excel (.xlsx).")
        raise BerkasDitolak("Berkas ini bukan buku kerja Excel (.xlsx) biasa: isinya tidak memuat buku kerja.")
    if buku[0] not in nama:
        raise BerkasDitolak(
            f"Berkas Excel tidak lengkap: bagian buku kerja {_tampil(buku[0])} tidak ada. {_SIMPAN_ULANG}"
        )


def _tampil(teks: str, panjang: int = 60) -> str:
    """A name from inside the file, fit for a message: printable and short."""
    teks = "".join(c for c in str(teks) if c.isprintable())
    return teks if len(teks) <= panjang else teks[: panjang - 1] + "…"


# --- Parking an upload between its preview and its confirmation --------------------------------
#
# An import shows a preview of an upload and saves it only when the user confirms; in between the
# file waits in storage (default_storage: MEDIA_ROOT, shared by every app server, see README), never
# in the browser. Its name is parkir/<import>/<user id>/<random token>: only the user who parked it
# can take it back, and only for as long as that import allows (after which it is refused, and
# removed by the next parking of that import or by the daily ``bersihkan_berkas``).

FOLDER_PARKIR = "parkir"
# How long a preview can be confirmed, per import.
UMUR_PARKIR = {
    "realisasi": timedelta(hours=2),
    "set-iki": timedelta(hours=24),
}
_TOKEN_PARKIR = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _lokasi_parkir(jenis: str, user, token: str) -> str:
    if jenis not in UMUR_PARKIR:
        raise ValueError(f"Impor tidak dikenal: {jenis!r}")
    return f"{FOLDER_PARKIR}/{jenis}/{int(user.pk)}/{token}"


def parkir(data: bytes, *, user, jenis: str, storage=None, sekarang: datetime | None = None) -> str:
    """Keep ``data`` (an upload that passed its preview) for ``user`` until it is confirmed;
    returns the token that names it. Expired uploads of the same import are removed first."""
    storage = storage or default_storage
    bersihkan_parkiran(sekarang=sekarang or timezone.now(), jenis=jenis, storage=storage)
    token = secrets.token_urlsafe(24)
    storage.save(_lokasi_parkir(jenis, user, token), ContentFile(data))
    return token


def ambil_parkiran(token, *, user, jenis: str, storage=None, sekarang: datetime | None = None) -> bytes | None:
    """The bytes ``user`` parked under ``token``; ``None`` when the token is malformed, is not this
    user's, is gone, or is older than the import allows."""
    if not isinstance(token, str) or not _TOKEN_PARKIR.match(token):
        return None
    storage = storage or default_storage
    nama = _lokasi_parkir(jenis, user, token)
    try:
        if (sekarang or timezone.now()) - storage.get_modified_time(nama) > UMUR_PARKIR[jenis]:
            return None
        with storage.open(nama, "rb") as f:
            return f.read()
    except OSError:  # FileNotFoundError included: taken and removed already, or never there
        return None


def buang_parkiran(token, *, user, jenis: str, storage=None) -> None:
    """Remove a parked upload (once it is confirmed, or replaced); nothing happens if it is gone."""
    if isinstance(token, str) and _TOKEN_PARKIR.match(token):
        (storage or default_storage).delete(_lokasi_parkir(jenis, user, token))


def bersihkan_parkiran(
    *, sekarang: datetime, jenis: str | None = None, storage=None, coba: bool = False
) -> list[str]:
    """Remove the parked uploads older than their import allows (of one import, or of all);
    with ``coba`` only say which. Returns their names."""
    storage = storage or default_storage
    dihapus = []
    for j in [jenis] if jenis else sorted(UMUR_PARKIR):
        folder = f"{FOLDER_PARKIR}/{j}"
        try:
            per_pengguna, _ = storage.listdir(folder)
        except FileNotFoundError:
            continue
        for pengguna in sorted(per_pengguna):
            try:
                _, berkas = storage.listdir(f"{folder}/{pengguna}")
            except FileNotFoundError:
                continue
            for nama in sorted(f"{folder}/{pengguna}/{b}" for b in berkas):
                try:
                    if sekarang - storage.get_modified_time(nama) <= UMUR_PARKIR[j]:
                        continue
                    if not coba:
                        storage.delete(nama)
                except FileNotFoundError:
                    continue  # another process took or removed it first
                dihapus.append(nama)
    return dihapus


# --- The located error of every import ---------------------------------------------------------


@dataclass(frozen=True)
class Kesalahan:
    """One problem of an upload, where the user finds it: sheet, row (1-based as the user sees
    it) and column, each of them optional; a problem of the whole file has none.

    ``str()`` is the message with its place in front, the way every import words it::

        Lembar “Mei”, baris 3, kolom E (Nilai): …   (a sheet, with the column's header)
        Lembar Indikator, baris 3, kolom Rumus: …   (kutip_lembar=False: the template's own sheets)
        Baris 4, kolom NIP: …                       (a CSV file: rows only)
        Baris 4: …
    """

    pesan: str
    _: KW_ONLY
    lembar: str | None = None
    baris: int | None = None
    kolom: str | None = None  # a column letter ("E"), or the header as written ("Kode", "NIP")
    nama_kolom: str = ""  # the header after a letter: "kolom E (Nilai)"
    kutip_lembar: bool = True  # “Mei”, or Indikator without quotes
    jenis: str = ""  # what the import makes of it, e.g. "konflik" (realisasi: changed since the download)

    @property
    def letak(self) -> str:
        """"Lembar “Mei”, baris 3, kolom E (Nilai)", or "" for the whole file."""
        bagian = []
        if self.lembar:
            bagian.append(f"Lembar “{self.lembar}”" if self.kutip_lembar else f"Lembar {self.lembar}")
        if self.baris is not None:
            bagian.append(f"baris {self.baris}")
        if self.kolom:
            bagian.append(f"kolom {self.kolom}" + (f" ({self.nama_kolom})" if self.nama_kolom else ""))
        teks = ", ".join(bagian)
        return teks[:1].upper() + teks[1:]

    def __str__(self) -> str:
        letak = self.letak
        return f"{letak}: {self.pesan}" if letak else self.pesan
