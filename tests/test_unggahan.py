"""The one gate for uploaded workbooks (iki.umum.unggahan): every damaged or unsafe file is refused
with its own Indonesian message, before openpyxl opens it wherever the zip itself tells."""

import io
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from iki.umum.unggahan import (
    MAKS_BITA,
    MAKS_RASIO,
    MAKS_TERURAI,
    BerkasDitolak,
    baca_berkas_unggahan,
    baris_aman,
    buka_workbook,
    validasi_ukuran,
)
from tests import workbook_rusak as rusak

MB = 1024 * 1024


def baca_semua(data: bytes, nama: str = "data.xlsx") -> list[list[tuple]]:
    """Open through the gate and read every row of every sheet, as an import does."""
    wb = buka_workbook(data, nama=nama)
    try:
        return [list(baris_aman(ws, values_only=True)) for ws in wb.worksheets]
    finally:
        wb.close()


def ditolak(data: bytes, nama: str = "data.xlsx") -> str:
    with pytest.raises(BerkasDitolak) as e:
        baca_semua(data, nama)
    return e.value.pesan


@pytest.fixture(scope="module")
def asli() -> bytes:
    return rusak.buku_contoh()


def test_a_valid_workbook_passes_and_reads_every_row(asli):
    (lembar,) = baca_semua(asli)
    assert lembar[0] == ("No", "Uraian", "Jumlah") and lembar[-1] == (199, "Uraian 199", 1990)


@pytest.mark.parametrize(("nama", "rusakkan", "pesan"), rusak.TABEL, ids=[t[0] for t in rusak.TABEL])
def test_each_damaged_workbook_is_refused_with_its_message(asli, nama, rusakkan, pesan):
    assert pesan in ditolak(rusakkan(asli))


# Only parsing finds these two: a sheet cut in the middle, a workbook without sheets.
SETELAH_OPENPYXL = ("xml_terpotong", "tanpa_lembar")


@pytest.mark.parametrize(
    "rusakkan", [f for n, f, _ in rusak.TABEL if n not in SETELAH_OPENPYXL], ids=lambda f: f.__name__
)
def test_the_archive_checks_refuse_before_openpyxl_opens_the_file(asli, monkeypatch, rusakkan):
    data = rusakkan(asli)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl must not open it"))
    with pytest.raises(BerkasDitolak):
        buka_workbook(data)


@pytest.mark.parametrize(
    "rusakkan",
    [rusak.zip_bomb, rusak.memuai_95_mb, rusak.terlalu_banyak_bagian, rusak.bendera_enkripsi, rusak.metode_tak_dikenal],
)
def test_limits_flags_and_methods_are_read_from_the_directory_without_inflating_anything(asli, monkeypatch, rusakkan):
    data = rusakkan(asli)
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("nothing may be inflated"))
    with pytest.raises(BerkasDitolak):
        buka_workbook(data)


def test_the_issues_file_passes_the_ratio_and_is_refused_by_the_unpacked_total(asli):
    data = rusak.memuai_95_mb(asli)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("xl/media/image1.png")
    assert len(data) < MB and info.file_size < MAKS_RASIO * info.compress_size
    assert info.file_size == 95 * MB > MAKS_TERURAI == 50 * MB
    assert ditolak(data) == "Berkas ditolak: isinya terlalu besar setelah dibuka (95,0 MB; maksimal 50 MB)."


def test_the_zip_bomb_names_the_part_and_its_sizes(asli):
    pesan = ditolak(rusak.zip_bomb(asli))
    assert pesan.startswith("Berkas ditolak: bagian xl/media/image1.png memuai tidak wajar ketika dibuka (60,8 KB")
    assert "menjadi 60,0 MB" in pesan


def test_a_small_part_is_not_judged_by_its_ratio(asli):
    # 512 KB of zeros packs 1000 : 1; a real sheet of that size is harmless, the total still counts.
    data = rusak.tulis_zip([*rusak.bagian_dari(asli), rusak.bagian("xl/media/image1.png", bytes(512 * 1024))])
    assert len(baca_semua(data)) == 1


def test_a_truncated_sheet_says_which_sheet_and_how_far_it_was_read():
    data = rusak.xml_terpotong(rusak.buku_contoh(("Mei", [["Nilai"], *([i] for i in range(3000))])))
    pesan = ditolak(data)
    assert pesan.startswith("Berkas Excel rusak: lembar “Mei” tidak dapat dibaca setelah baris ")
    assert "Simpan ulang sebagai Buku Kerja Excel (.xlsx) lalu unggah lagi." in pesan


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        (b"", "Berkas kosong (0 bita)."),
        (b"%PDF-1.7\n...\n%%EOF", "Berkas ini bukan berkas Excel (.xlsx)."),
        (b"PK\x03\x04" + b"bukan zip" * 20, "Berkas Excel rusak: arsip .xlsx tidak dapat dibuka."),
        (rusak.terenkripsi(), "Berkas Excel ini dilindungi kata sandi (terenkripsi)"),
        (rusak.xls_lama(), "Berkas ini berformat Excel lama (.xls)."),
    ],
)
def test_what_is_not_a_zip_workbook(data, pesan):
    assert ditolak(data).startswith(pesan)


def test_a_macro_workbook_is_refused_by_its_name_by_its_vba_part_and_by_its_content_type(asli):
    assert "bermakro (.xlsm)" in ditolak(asli, nama="laporan.xlsm")
    assert "bermakro (.xlsm)" in ditolak(rusak.makro(asli))
    jenis = [
        rusak.bagian(b.nama, zlib.decompress(b.mentah, -15).replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml"))
        if b.nama == "[Content_Types].xml" else b
        for b in rusak.bagian_dari(asli)
    ]  # fmt: skip
    assert "bermakro (.xlsm)" in ditolak(rusak.tulis_zip(jenis))


def _zip(bagian: dict[str, bytes]) -> bytes:
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w") as z:
        for nama, isi in bagian.items():
            z.writestr(nama, isi)
    return keluaran.getvalue()


CT = "[Content_Types].xml"
WB = "xl/workbook.xml"


CT_WORD = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
CT_XLSX = CT_WORD.replace(b"/word/document.xml", b"/xl/workbook.xml").replace(
    b"wordprocessingml.document.main", b"spreadsheetml.sheet.main"
)


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        (_zip({"foto.jpg": b"\xff\xd8\xff" * 10}), "bukan berkas Excel (.xlsx): bagian [Content_Types].xml tidak ada."),
        (_zip({CT: CT_WORD}), "Berkas ini dokumen Word, bukan buku kerja Excel (.xlsx)."),
        (_zip({CT: b"<Types/>", WB: b"<workbook/>"}), "isinya tidak memuat buku kerja"),
        (_zip({CT: CT_XLSX}), "Berkas Excel tidak lengkap: bagian buku kerja xl/workbook.xml tidak ada."),
        (_zip({CT: b'<!DOCTYPE t [<!ENTITY a "aaaa">]><Types>&a;</Types>'}), "rusak atau tidak aman"),
        (_zip({CT: CT_XLSX, WB: b"bukan xml <<<"}), "Berkas Excel rusak atau tidak dapat dibaca."),
    ],
)
def test_a_zip_that_is_not_a_plain_workbook(data, pesan):
    assert pesan in ditolak(data)


def test_a_part_listed_twice_is_a_damaged_archive(asli):
    bagian = rusak.bagian_dari(asli)
    assert "ada dua kali dalam arsip" in ditolak(rusak.tulis_zip([*bagian, bagian[-1]]))


class _LembarPalsu:
    """A sheet whose reading fails after two rows, as openpyxl's does on a broken part."""

    title = "Juni"

    def __init__(self, galat):
        self.galat = galat

    def iter_rows(self, **kwargs):
        yield (1,)
        yield (2,)
        raise self.galat


@pytest.mark.parametrize(
    "galat",
    [
        zlib.error("Error -3 while decompressing data: invalid block type"),
        NotImplementedError("That compression method is not supported"),
        zipfile.BadZipFile("Bad CRC-32 for file 'xl/worksheets/sheet1.xml'"),
        KeyError("There is no item named 'xl/worksheets/sheet2.xml' in the archive"),
        ValueError("invalid literal for int() with base 10: 'x'"),
        ParseError("no element found: line 1, column 4096"),
        EOFError("Compressed file ended before the end-of-stream marker was reached"),
        OSError("read error"),
    ],
    ids=lambda g: type(g).__name__,
)
def test_an_error_while_reading_rows_becomes_the_same_refusal(galat):
    dibaca = []
    with pytest.raises(BerkasDitolak, match="lembar “Juni” tidak dapat dibaca setelah baris 3"):
        for baris in baris_aman(_LembarPalsu(galat), min_row=2):
            dibaca.append(baris)
    assert dibaca == [(1,), (2,)]


def test_an_error_of_the_reading_code_itself_is_not_hidden():
    with pytest.raises(ZeroDivisionError):
        for baris in baris_aman(_LembarPalsu(OSError())):
            baris[0] / 0


# --- Reading the upload: size before everything ------------------------------------------------------


class _Unggahan(io.BytesIO):
    """An upload that declares its size and counts what is read."""

    def __init__(self, data: bytes, size: int | None = None):
        super().__init__(data)
        self.size = len(data) if size is None else size
        self.diminta = []

    def read(self, n=-1):
        self.diminta.append(n)
        return super().read(n)


def test_an_upload_declaring_more_than_the_limit_is_refused_without_reading_it():
    berkas = _Unggahan(b"PK\x03\x04", size=MAKS_BITA + MB // 5)
    with pytest.raises(BerkasDitolak) as e:
        baca_berkas_unggahan(berkas)
    assert e.value.pesan.startswith("Berkas terlalu besar: 5,2 MB (maksimal 5 MB).")
    assert berkas.diminta == []


def test_an_upload_is_read_no_further_than_one_byte_past_the_limit():
    class TanpaUkuran:
        diminta = []

        def read(self, n=-1):
            TanpaUkuran.diminta.append(n)
            return b"x" * n

    with pytest.raises(BerkasDitolak, match=r"^Berkas terlalu besar: lebih dari 5 MB \(maksimal 5 MB\)"):
        baca_berkas_unggahan(TanpaUkuran())
    assert TanpaUkuran.diminta == [MAKS_BITA + 1]


def test_an_upload_of_exactly_the_limit_is_read_whole():
    assert len(baca_berkas_unggahan(_Unggahan(bytes(MAKS_BITA)))) == MAKS_BITA


def test_an_empty_upload_is_refused():
    with pytest.raises(BerkasDitolak, match=r"^Berkas kosong \(0 bita\)"):
        baca_berkas_unggahan(_Unggahan(b""))


def test_the_form_validator_checks_the_declared_size():
    validasi_ukuran(SimpleUploadedFile("a.xlsx", bytes(10)))
    with pytest.raises(ValidationError, match="Berkas terlalu besar"):
        validasi_ukuran(SimpleUploadedFile("a.xlsx", bytes(MAKS_BITA + 1)))
