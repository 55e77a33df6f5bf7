"""The Excel round trip of monthly realisasi (design.md §6): download a workbook, fill it, upload it.

``tulis_workbook`` writes the user's variables with their current values; ``baca_workbook`` reads
an upload and checks it, row by row, without saving anything; ``pratinjau`` lists what would
change (old → new); ``simpan_impor`` saves those changes all or nothing. The workbook layout and
every check are described in docs/excel-realisasi.md.

The rules are those of the one saving path, ``iki.realisasi.simpan`` (who may write which
variable, locked months, versions, whole numbers, numerator ≤ denominator): the preview runs its
checks, and ``simpan_impor`` saves through its bulk mode, ``simpan_massal``, which writes with
multi-row statements (20,000 rows in a few seconds; see bench/bench_excel.py).
"""

from __future__ import annotations

import math
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from iki.inti import angka
from iki.models import Indikator, Pengguna, Realisasi, TahunIKI, Variabel
from iki.realisasi import desa as desa_mod
from iki.realisasi import excel_desa
from iki.realisasi.excel_desa import LEMBAR_DESA
from iki.realisasi.simpan import (
    NILAI_MAKS,
    GagalSimpan,
    Keadaan,
    KonflikVersi,
    TidakBerwenang,
    baca_keadaan,
    pasangan_rasio,
    periksa,
    periksa_nilai,
    pesan_bukan_milik,
    simpan_massal,
    variabel_pengisi,
)
from iki.umum.excel import teks_sel, tulis_teks
from iki.umum.unggahan import BerkasDitolak, Kesalahan, baca_berkas_unggahan, baris_aman, buka_workbook

# The columns of every month sheet, in order. "ID variabel" and "Versi" are hidden.
KOLOM = ("Indikator", "Variabel", "Satuan", "Bulan", "Nilai", "Status", "Catatan", "ID variabel", "Versi")
HURUF = "ABCDEFGHIJ"
K_INDIKATOR, K_VARIABEL, K_SATUAN, K_BULAN, K_NILAI, K_STATUS, K_CATATAN, K_ID, K_VERSI = range(9)
LEMBAR_PETUNJUK = "Petunjuk"

# Limits on what is read; the file itself passes the upload gate first (iki.umum.unggahan).
MAKS_LEMBAR = 20
MAKS_BARIS = 30_000  # rows read in all sheets, blank rows included
MAKS_CATATAN = 2000
MAKS_KESALAHAN = 500  # errors listed; the rest are counted

_BULAN_DARI_NAMA = {nama.lower(): i for i, nama in enumerate(angka.NAMA_BULAN, start=1)}
_UNDUH_ULANG = "Unduh ulang lembar kerja dari aplikasi."


def _kesalahan(lembar: str, baris: int | None, huruf: str, pesan: str, jenis: str = "") -> Kesalahan:
    """A located error of this workbook: the column by its letter, with its header when it has one."""
    i = HURUF.find(huruf) if huruf else -1
    nama_kolom = KOLOM[i] if 0 <= i < len(KOLOM) else ""
    return Kesalahan(pesan, lembar=lembar, baris=baris, kolom=huruf, nama_kolom=nama_kolom, jenis=jenis)


@dataclass
class BarisImpor:
    """One row of an upload: what it asks for, and what the database held when it was read."""

    lembar: str
    baris: int
    variabel_id: int
    bulan: int
    nilai: Decimal | None
    catatan: str
    versi: int
    indikator: str = ""
    variabel: str = ""
    nilai_lama: Decimal | None = None
    catatan_lama: str = ""
    versi_kini: int = 0
    status_kini: str = ""
    desimal: int = 0  # the variable's decimals, for showing its values
    # A row with errors of its own: never saved, only checked for whose variable it is.
    rusak: bool = False
    # A per-desa value (``excel_desa``): its Nilai cell is a count formula, not read; the value is
    # the number of desa ticked on the "Per desa" sheet (``centang``: desa id → on time; None when
    # the sheet does not carry it, the value then staying as stored). ``nilai_ketik``: a number
    # typed over the formula, refused when it is not that count.
    dihitung: bool = False
    nilai_ketik: Decimal | None = None
    centang: dict[int, bool] | None = None
    centang_lama: dict[int, bool] = field(default_factory=dict)
    desa_berubah: list[str] = field(default_factory=list)  # for the preview: which desa changed

    @property
    def berubah(self) -> bool:
        return self.nilai is not None and (
            self.nilai != self.nilai_lama or self.catatan != self.catatan_lama
            or (self.centang is not None and self.centang != self.centang_lama)
        )

    @property
    def nama_bulan(self) -> str:
        return angka.nama_bulan(self.bulan)

    @property
    def tempat(self) -> str:
        return f"Lembar “{self.lembar}”, baris {self.baris}"


# ---------------------------------------------------------------------------------------------
# Writing


_LEBAR = {"A": 45, "B": 50, "C": 12, "D": 12, "E": 14, "F": 28, "G": 40, "H": 12, "I": 8}
_NAMA_STATUS = dict(Realisasi.STATUS_CHOICES)
_PUTIH = PatternFill("solid", start_color="FFFFFFFF")
_ABU = PatternFill("solid", start_color="FFE7E6E6")
_BUNGKUS = Alignment(wrap_text=True, vertical="top")
_ATAS = Alignment(vertical="top")
_TERBUKA = Protection(locked=False)
# The look of each kind of cell. Cells are locked unless said otherwise (sheet protection).
_GAYA = {
    "kepala": {"font": Font(bold=True), "fill": PatternFill("solid", start_color="FFE9F2EE")},
    "teks": {"alignment": _BUNGKUS},
    "pendek": {"alignment": _ATAS},
    "catatan": {"alignment": _BUNGKUS, "fill": _PUTIH, "protection": _TERBUKA},
    "catatan_terkunci": {"alignment": _BUNGKUS, "fill": _ABU},
    "label": {"font": Font(bold=True)},
    "biasa": {},
}
# The Nilai cell of a variable with 0, 1 or 2 decimals (Variabel.desimal): "nilai0", "nilai_terkunci2" …
# Excel shows the format with the computer's separators (3,50 on an Indonesian Windows).
FORMAT_NILAI = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00"}
for _d, _format in FORMAT_NILAI.items():
    _GAYA[f"nilai{_d}"] = {"alignment": _ATAS, "number_format": _format, "fill": _PUTIH, "protection": _TERBUKA}
    _GAYA[f"nilai_terkunci{_d}"] = {"alignment": _ATAS, "number_format": _format, "fill": _ABU}


def teks_aman(teks) -> str:
    """Text as the round trip writes and compares it: what a cell can hold (``teks_sel``), one
    newline style, no surrounding blanks, never ``None``."""
    return (teks_sel(teks or "") or "").replace("\r\n", "\n").replace("\r", "\n").strip()


class _Penulis:
    """Makes the cells of one write-only sheet, each kind of style resolved once.

    Setting a font or fill on a cell looks the style up in the workbook's tables; for tens of
    thousands of cells that dominates the writing, so every cell of a kind copies the style
    array of the first one (as openpyxl's own worksheet copy does).
    """

    def __init__(self, ws):
        self.ws = ws
        self._gaya = {}

    def _beri_gaya(self, sel: WriteOnlyCell, gaya: str) -> WriteOnlyCell:
        contoh = self._gaya.get(gaya)
        if contoh is None:
            for nama, nilai in _GAYA[gaya].items():
                setattr(sel, nama, nilai)
            self._gaya[gaya] = sel
        else:
            sel._style = copy(contoh._style)
        return sel

    def teks(self, teks, gaya: str = "teks") -> WriteOnlyCell:
        """A text cell that stays text (``iki.umum.excel.tulis_teks``, after the style is copied)."""
        return tulis_teks(self._beri_gaya(WriteOnlyCell(self.ws), gaya), teks_aman(teks))

    def angka(self, nilai, gaya: str) -> WriteOnlyCell:
        return self._beri_gaya(WriteOnlyCell(self.ws, nilai), gaya)


def _angka_sel(nilai: Decimal | None):
    if nilai is None:
        return None
    return int(nilai) if nilai == nilai.to_integral_value() else nilai


def _teks_status(r: dict | None) -> str:
    if r is None:
        return "Belum diisi"
    teks = _NAMA_STATUS.get(r["status"], r["status"])
    if r["status"] == Realisasi.DIVERIFIKASI:
        return f"{teks} (terkunci)"
    if r["status"] == Realisasi.DIKEMBALIKAN and r["catatan_verifikasi"]:
        return f"{teks}: {r['catatan_verifikasi']}"
    return teks


def tulis_workbook(user: Pengguna, tahun_iki: TahunIKI, bulan: int | None) -> bytes:
    """The workbook for ``user``'s variables of ``tahun_iki``: one sheet for ``bulan``, or twelve."""
    variabel = list(
        variabel_pengisi(user, tahun_iki)
        .select_related("indikator")
        .order_by("indikator__urutan", "indikator_id", "urutan", "id")
    )
    bulan_list = [bulan] if bulan else list(range(1, 13))
    ids = {v.pk for v in variabel}
    kini = {
        (r["variabel_id"], r["bulan"]): r
        for r in Realisasi.objects.for_tahun(tahun_iki)
        .filter(bulan__in=bulan_list)
        .values("id", "variabel_id", "bulan", "nilai", "status", "catatan", "catatan_verifikasi", "versi")
        if r["variabel_id"] in ids
    }
    per_desa = {v.pk for v in variabel if v.per_desa}
    tersimpan = desa_mod.centang_tersimpan(r["id"] for k, r in kini.items() if k[0] in per_desa) if per_desa else {}
    tata = excel_desa.tata_desa(
        variabel, tahun_iki, bulan_list,
        {k: tersimpan.get(r["id"], {}) for k, r in kini.items() if k[0] in per_desa},
    ) if per_desa else None

    wb = Workbook(write_only=True)
    wb.properties.title = f"Realisasi IKI {tahun_iki.unit.nama_wilayah} {tahun_iki.tahun}"
    wb.properties.creator = "IKI Kecamatan"
    for b in bulan_list:
        _tulis_lembar_bulan(wb, b, variabel, kini, tata)
    if tata:
        terkunci = {k for k, r in kini.items() if r["status"] == Realisasi.DIVERIFIKASI}
        excel_desa.tulis_lembar(wb, tata, terkunci)
    _tulis_petunjuk(wb, user, tahun_iki, bulan, per_desa=bool(tata))
    keluaran = BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def _tulis_lembar_bulan(wb, bulan: int, variabel, kini, tata=None) -> None:
    ws = wb.create_sheet(angka.nama_bulan(bulan))
    akhir = len(variabel) + 1
    # A write-only sheet writes no <dimension> unless it can tell it; without one a reader
    # (openpyxl included) parses the whole sheet an extra time just to size it.
    ws.calculate_dimension = lambda: f"A1:{HURUF[len(KOLOM) - 1]}{akhir}"
    for huruf, lebar in _LEBAR.items():
        ws.column_dimensions[huruf].width = lebar
    ws.column_dimensions["H"].hidden = True
    ws.column_dimensions["I"].hidden = True
    ws.freeze_panes = "A2"
    # Protection keeps people from editing the ids by accident; it is not security (it can be
    # switched off without a password): the server checks every row again on upload.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    # Excel's own check while typing: whole numbers for counts, decimals where the variable takes
    # them (the upload checks the number of decimals: periksa_nilai).
    nilai_dv = {
        "whole": DataValidation(
            type="whole", operator="between", formula1="0", formula2=str(NILAI_MAKS), allow_blank=True,
            showErrorMessage=True, showInputMessage=True, errorStyle="stop", errorTitle="Nilai tidak sah",
            error="Isi bilangan bulat 0 atau lebih, tanpa desimal dan tanpa huruf.",
            promptTitle="Nilai", prompt="Bilangan bulat 0 atau lebih.",
        ),
        "decimal": DataValidation(
            type="decimal", operator="between", formula1="0", formula2=str(NILAI_MAKS), allow_blank=True,
            showErrorMessage=True, showInputMessage=True, errorStyle="stop", errorTitle="Nilai tidak sah",
            error="Isi angka 0 atau lebih, paling banyak 2 angka di belakang koma, tanpa huruf.",
            promptTitle="Nilai", prompt="Angka 0 atau lebih; boleh berdesimal (contoh 3,5).",
        ),
    }
    catatan_dv = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(MAKS_CATATAN),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Catatan terlalu panjang",
        error=f"Catatan paling banyak {MAKS_CATATAN} karakter.",
    )
    if variabel:
        for jenis, awal, ujung in _rentang_jenis(variabel):
            nilai_dv[jenis].add(f"E{awal}:E{ujung}")
        for dv in nilai_dv.values():
            if dv.sqref:
                ws.data_validations.append(dv)
        catatan_dv.add(f"G2:G{akhir}")
        ws.data_validations.append(catatan_dv)

    tulis = _Penulis(ws)
    ws.append([tulis.teks(k, "kepala") for k in KOLOM])
    nama_bulan = angka.nama_bulan(bulan)
    for v in variabel:
        r = kini.get((v.pk, bulan))
        kunci = "_terkunci" if r is not None and r["status"] == Realisasi.DIVERIFIKASI else ""
        # A per-desa value counts its desa on the "Per desa" sheet (shown, never read).
        rumus = tata.rumus(v.pk, bulan) if tata else None
        ws.append(
            [
                tulis.teks(v.indikator.nama),
                tulis.teks(v.nama),
                tulis.teks(v.satuan, "pendek"),
                tulis.teks(nama_bulan, "pendek"),
                tulis.angka(rumus, f"nilai_terkunci{v.desimal}") if rumus
                else tulis.angka(_angka_sel(r["nilai"]) if r else None, f"nilai{kunci}{v.desimal}"),
                tulis.teks(_teks_status(r)),
                tulis.teks(r["catatan"] if r else "", "catatan" + kunci),
                v.pk,
                r["versi"] if r else 0,
            ]
        )


def _rentang_jenis(variabel) -> list[tuple[str, int, int]]:
    """(validation type, first row, last row) of each run of rows whose variables take the same
    kind of number: "whole" for counts, "decimal" where decimals are allowed."""
    hasil: list[tuple[str, int, int]] = []
    for nomor, v in enumerate(variabel, start=2):
        jenis = "decimal" if v.desimal else "whole"
        if hasil and hasil[-1][0] == jenis:
            hasil[-1] = (jenis, hasil[-1][1], nomor)
        else:
            hasil.append((jenis, nomor, nomor))
    return hasil


def _tulis_petunjuk(wb, user: Pengguna, tahun_iki: TahunIKI, bulan: int | None, *, per_desa: bool = False) -> None:
    ws = wb.create_sheet(LEMBAR_PETUNJUK)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    ws.protection.sheet = True
    unit = tahun_iki.unit
    baris = [
        ("Realisasi IKI", f"{unit.nama} — tahun {tahun_iki.tahun}"),
        ("Kode unit", unit.kode),
        ("Tahun", str(tahun_iki.tahun)),
        ("Bulan", angka.nama_bulan(bulan) if bulan else "Januari–Desember"),
        ("Diunduh oleh", user.get_full_name() or user.username),
        ("Diunduh pada", f"{timezone.localtime():%d/%m/%Y %H.%M}"),
        ("", ""),
        ("Cara mengisi", "Isi kolom Nilai (angka 0 atau lebih) dan, bila perlu, kolom Catatan."),
        ("", "Hitungan diisi bilangan bulat; variabel yang selnya menampilkan desimal (contoh 3,5 atau 3,50)"),
        ("", "boleh berisi angka di belakang koma sebanyak yang ditampilkan, tidak lebih."),
        ("", "Jangan menambah, menghapus atau memindah kolom, dan jangan mengubah kolom lain."),
        ("", "Baris berwarna abu-abu sudah diverifikasi dan terkunci; nilainya tidak dapat diubah."),
        ("", "Nilai yang sudah ada tidak dapat dikosongkan lewat berkas ini."),
        ("", "Unggah kembali berkas ini di halaman Excel aplikasi: pratinjau menampilkan setiap perubahan"),
        ("", "dan setiap kesalahan; tidak ada yang disimpan sebelum Anda menekan Simpan."),
        ("", "Nilai yang diimpor disimpan sebagai draf; ajukan di halaman isian realisasi."),
    ]
    if per_desa:
        baris += [
            ("", ""),
            ("Per desa", f"Variabel yang diisi per desa diisi di lembar “{LEMBAR_DESA}”: satu baris per desa, "
                         "satu kolom per bulan."),
            ("", "Isi “ya” (atau 1, ✓) bila desa memenuhi tepat waktu, “terlambat” (atau t) bila terlambat,"),
            ("", "kosongkan bila tidak memenuhi. Sel abu-abu: desa tidak aktif pada bulan itu atau bulan terkunci."),
            ("", "Nilainya di lembar bulan dihitung dari centang itu (tidak diketik). Bulan yang belum berisi nilai"),
            ("", "dan tidak dicentang satu desa pun tetap kosong. Jangan mengubah nama desa atau menghapus baris."),
        ]
    tulis = _Penulis(ws)
    for kiri, kanan in baris:
        ws.append([tulis.teks(kiri, "label"), tulis.teks(kanan, "biasa")])


# ---------------------------------------------------------------------------------------------
# Reading


def baca_workbook(berkas, *, user: Pengguna, tahun_iki: TahunIKI) -> tuple[list[BarisImpor], list[Kesalahan]]:
    """Read and check an uploaded workbook; nothing is saved.

    ``berkas`` is bytes or a file object. Returns the rows that passed every check (with what
    the database holds now) and every error found, located by sheet, row and column. When the
    file itself is refused the rows are empty and there is one error without a location.
    Only a workbook without errors may be saved.
    """
    try:
        wb = buka_workbook(baca_berkas_unggahan(berkas), nama=getattr(berkas, "name", ""))
        try:
            mentah, kesalahan, desa_baca = _baca_lembar(wb, tahun_iki)
        finally:
            wb.close()
    except BerkasDitolak as e:
        return [], [Kesalahan(e.pesan)]
    baris, kesalahan_db = _periksa_isi(mentah, user=user, tahun_iki=tahun_iki, desa_baca=desa_baca)
    urutan = {}
    for nama in [r.lembar for r in mentah] + [k.lembar for k in kesalahan]:
        urutan.setdefault(nama, len(urutan))
    semua = sorted(kesalahan + kesalahan_db, key=lambda k: (urutan.get(k.lembar, -1), k.baris or 0, k.kolom or ""))
    return baris, _ringkas(semua)


def _ringkas(kesalahan: list[Kesalahan]) -> list[Kesalahan]:
    if len(kesalahan) <= MAKS_KESALAHAN:
        return kesalahan
    sisa = len(kesalahan) - MAKS_KESALAHAN
    return kesalahan[:MAKS_KESALAHAN] + [
        Kesalahan(f"… dan {angka.format_angka(sisa, 0)} kesalahan lain yang tidak ditampilkan.")
    ]


def _baca_lembar(wb, tahun_iki: TahunIKI) -> tuple[list[BarisImpor], list[Kesalahan], dict]:
    """Every data row of every month sheet, with the errors that need no database (format,
    numbers), and the ticks of the "Per desa" sheet (``excel_desa.baca_lembar``)."""
    lembar_list = wb.worksheets
    if len(lembar_list) > MAKS_LEMBAR:
        raise BerkasDitolak(f"Berkas berisi terlalu banyak lembar ({len(lembar_list)}; maksimal {MAKS_LEMBAR}).")
    if LEMBAR_PETUNJUK in wb.sheetnames:
        _periksa_petunjuk(wb[LEMBAR_PETUNJUK], tahun_iki)
    hasil: list[BarisImpor] = []
    kesalahan: list[Kesalahan] = []
    # The decimals each variable of the year takes, so that a Nilai cell is checked where it is.
    desimal = dict(Variabel.objects.filter(indikator__tahun=tahun_iki).values_list("pk", "desimal"))
    # Per-desa values in months that offer desa: their Nilai cell is a count formula (not read).
    per_desa = set(Variabel.objects.filter(indikator__tahun=tahun_iki, per_desa=True).values_list("pk", flat=True))
    berdesa = desa_mod.bulan_berdesa(tahun_iki.unit_id, tahun_iki.tahun) if per_desa else set()

    def dihitung(variabel_id, bulan) -> bool:
        return variabel_id in per_desa and bulan in berdesa

    desa_baca: dict = {}
    sudah: dict[tuple[int, int], BarisImpor] = {}
    dibaca = 0
    ada_lembar_data = False
    for ws in lembar_list:
        if ws.title == LEMBAR_PETUNJUK:
            continue
        if ws.title == LEMBAR_DESA:
            desa_baca, salah = excel_desa.baca_lembar(ws, tahun_iki)
            kesalahan += salah
            continue
        ws.reset_dimensions()  # a file's claimed dimension may be huge; read only what is there
        kepala = next(baris_aman(ws, min_row=1, max_row=1, values_only=True), None)
        if kepala is None:
            continue  # a sheet with nothing in it (say, one the user added) is no data
        ada_lembar_data = True
        masalah = _periksa_kepala(kepala)
        if masalah:
            kesalahan.append(_kesalahan(ws.title, 1, masalah[0], masalah[1]))
            continue
        for nomor, sel in enumerate(baris_aman(ws, min_row=2, max_col=len(KOLOM) + 1), start=2):
            dibaca += 1
            if dibaca > MAKS_BARIS:
                raise BerkasDitolak(
                    f"Berkas berisi terlalu banyak baris (lebih dari {angka.format_angka(MAKS_BARIS, 0)})."
                )
            baris, salah = _baca_baris(ws.title, nomor, sel, desimal, dihitung)
            kesalahan += salah
            if baris is None:
                continue
            if baris.rusak:
                hasil.append(baris)
                continue
            kunci = (baris.variabel_id, baris.bulan)
            if kunci in sudah:
                awal = sudah[kunci]
                kesalahan.append(
                    _kesalahan(
                        ws.title,
                        nomor,
                        "H",
                        f"Baris ganda: variabel yang sama untuk bulan {baris.nama_bulan} sudah ada di lembar "
                        f"“{awal.lembar}” baris {awal.baris}. Hapus salah satunya.",
                    )
                )
                continue
            sudah[kunci] = baris
            hasil.append(baris)
    if not ada_lembar_data:
        kesalahan.append(Kesalahan("Berkas tidak berisi lembar bulan. " + _UNDUH_ULANG))
    return hasil, kesalahan, desa_baca


def _periksa_petunjuk(ws, tahun_iki: TahunIKI) -> None:
    """A workbook downloaded for another unit or year is refused as a whole, with a clear reason."""
    ws.reset_dimensions()
    isi = {}
    for nomor, baris in enumerate(baris_aman(ws, max_col=2, values_only=True), start=1):
        if nomor > 50:
            break
        if baris and isinstance(baris[0], str):
            nilai = baris[1]
            if isinstance(nilai, float) and nilai.is_integer():
                nilai = int(nilai)  # "2023" retyped as a number
            isi[baris[0].strip()] = str(nilai).strip() if nilai is not None else ""
    kode, tahun = isi.get("Kode unit"), isi.get("Tahun")
    if kode is None or tahun is None:
        return
    if kode != tahun_iki.unit.kode or tahun != str(tahun_iki.tahun):
        raise BerkasDitolak(
            f"Berkas ini lembar kerja unit “{kode[:40]}” tahun {tahun[:4]}, bukan {tahun_iki.unit.nama} "
            f"tahun {tahun_iki.tahun}. Unggah berkas di halaman unit dan tahun yang benar."
        )


def _periksa_kepala(kepala: tuple) -> tuple[str, str] | None:
    """(column letter, message) when the header row is not exactly the workbook's."""
    isi = [teks_aman(k) if k is not None else "" for k in kepala]
    while isi and not isi[-1]:
        isi.pop()
    if isi == list(KOLOM):
        return None
    hilang = [k for k in KOLOM if k not in isi]
    tambahan = [(i, k) for i, k in enumerate(isi) if k and k not in KOLOM]
    bagian = []
    if hilang:
        bagian.append("kolom " + ", ".join(f"“{k}”" for k in hilang) + " tidak ada")
    if tambahan:
        bagian.append(
            "ada kolom tambahan " + ", ".join(f"“{k[:40]}” ({_huruf(i)})" for i, k in tambahan[:5])
        )
    if not bagian:
        bagian.append("urutan atau isi judul kolom berubah")
    pertama = next((i for i, k in enumerate(isi) if i >= len(KOLOM) or k != KOLOM[i]), len(isi))
    return (
        _huruf(pertama),
        "Kolom tidak sesuai lembar kerja unduhan: " + "; ".join(bagian) + ". "
        "Jangan menambah, menghapus atau memindah kolom. " + _UNDUH_ULANG,
    )


def _huruf(indeks: int) -> str:
    huruf = ""
    indeks += 1
    while indeks:
        indeks, sisa = divmod(indeks - 1, 26)
        huruf = chr(65 + sisa) + huruf
    return huruf


def _kosong(sel) -> bool:
    return sel.value is None or (isinstance(sel.value, str) and not sel.value.strip())


def _baca_baris(
    lembar: str, nomor: int, sel, desimal: dict[int, int], dihitung=lambda vid, bulan: False
) -> tuple[BarisImpor | None, list[Kesalahan]]:
    if all(_kosong(s) for s in sel):
        return None, []
    salah = []

    def catat(kolom: int, pesan: str) -> None:
        salah.append(_kesalahan(lembar, nomor, HURUF[kolom], pesan))

    # A per-desa value's Nilai cell is the workbook's count formula: shown, not read.
    hitung = sel[K_ID].data_type != "f" and dihitung(_bilangan_kunci(sel[K_ID].value), _bulan(sel[K_BULAN].value))
    rumus = [i for i, s in enumerate(sel) if s.data_type == "f" and not (hitung and i == K_NILAI)]
    for i in rumus:
        catat(i, "Sel berisi rumus (formula). Ketik nilainya langsung, bukan rumus yang diawali “=”.")
    variabel_id = None if K_ID in rumus else _bilangan_kunci(sel[K_ID].value)
    if rumus:
        return _rusak(lembar, nomor, variabel_id), salah
    if len(sel) > len(KOLOM) and not _kosong(sel[len(KOLOM)]):
        catat(len(KOLOM), "Ada isian di luar kolom lembar kerja. Hapus isian di kolom ini.")

    if variabel_id is None:
        catat(K_ID, "ID variabel (kolom tersembunyi) kosong atau tidak sah. Jangan menambah baris atau "
                    "mengubah kolom tersembunyi. " + _UNDUH_ULANG)
    bulan = _bulan(sel[K_BULAN].value)
    if bulan is None:
        catat(K_BULAN, f"Bulan “{teks_aman(sel[K_BULAN].value)[:30]}” tidak dikenal. Jangan mengubah kolom Bulan.")
    versi = 0 if _kosong(sel[K_VERSI]) else _bilangan_kunci(sel[K_VERSI].value)
    if versi is None:
        catat(K_VERSI, "Versi (kolom tersembunyi) tidak sah. Jangan mengubah kolom tersembunyi. " + _UNDUH_ULANG)
    # A variable not of this year is refused by whose it is (periksa_isi); its value is read as
    # the column allows.
    nilai, masalah = (None, None) if hitung and sel[K_NILAI].data_type == "f" else nilai_sel(
        sel[K_NILAI].value, desimal=desimal.get(variabel_id, 2)
    )
    if masalah:
        catat(K_NILAI, masalah)
    catatan = _teks_catatan(sel[K_CATATAN].value)
    if len(catatan) > MAKS_CATATAN:
        catat(K_CATATAN, f"Catatan terlalu panjang ({len(catatan)} karakter; maksimal {MAKS_CATATAN}).")
    if salah:
        return _rusak(lembar, nomor, variabel_id), salah
    if hitung:
        return BarisImpor(lembar, nomor, variabel_id, bulan, None, catatan, versi, dihitung=True, nilai_ketik=nilai), []
    return BarisImpor(lembar, nomor, variabel_id, bulan, nilai, catatan, versi), []


def _rusak(lembar: str, nomor: int, variabel_id: int | None) -> BarisImpor | None:
    """A row with errors, kept only so that its variable's ownership is reported too."""
    if variabel_id is None:
        return None
    return BarisImpor(lembar, nomor, variabel_id, 1, None, "", 0, rusak=True)


def _bilangan_kunci(nilai) -> int | None:
    """A hidden id or version: a whole number ≥ 0 that fits a database key."""
    if isinstance(nilai, bool):
        return None
    if isinstance(nilai, float) and nilai.is_integer():
        nilai = int(nilai)
    if isinstance(nilai, str) and nilai.strip().isdigit() and nilai.strip().isascii():
        nilai = int(nilai.strip())
    if isinstance(nilai, int) and 0 <= nilai < 2**63:
        return nilai
    return None


def _bulan(nilai) -> int | None:
    if isinstance(nilai, str):
        return _BULAN_DARI_NAMA.get(nilai.strip().lower())
    if isinstance(nilai, int) and not isinstance(nilai, bool) and 1 <= nilai <= 12:
        return nilai
    return None


def nilai_sel(nilai, *, desimal: int) -> tuple[Decimal | None, str | None]:
    """A Nilai cell as a value of a variable taking ``desimal`` decimals, or the reason it is not
    one (``periksa_nilai``). An empty cell is ``(None, None)``.

    Numbers typed as text are read the Indonesian way (``1.234`` is one thousand two hundred
    thirty-four, ``3,5`` three and a half), as on the entry screen.
    """
    if nilai is None:
        return None, None
    if isinstance(nilai, bool):
        return None, "Nilai harus angka, bukan BENAR/SALAH."
    if isinstance(nilai, datetime | date | time | timedelta):
        return None, "Nilai berisi tanggal atau waktu, bukan angka. Ubah format sel menjadi angka."
    if isinstance(nilai, float):
        if not math.isfinite(nilai):
            return None, "Nilai bukan angka yang sah (terlalu besar atau tak hingga)."
        bilangan = Decimal(repr(nilai))
    elif isinstance(nilai, int):
        bilangan = Decimal(nilai)
    elif isinstance(nilai, Decimal):
        bilangan = nilai
    else:
        teks = teks_aman(nilai)
        if not teks:
            return None, None
        try:
            bilangan = angka.parse_angka(teks)
        except (ValueError, InvalidOperation) as e:
            return None, f"Isian “{teks[:30]}” bukan angka ({str(e)[:1].lower()}{str(e)[1:]})."
    masalah = periksa_nilai(bilangan, desimal=desimal)
    if masalah:
        tampil = ""
        if bilangan.is_finite() and bilangan.adjusted() < 30:
            # The number as it was typed, every decimal of it (the refusal may be about them).
            tampil = angka.format_angka(bilangan, min(max(0, -bilangan.normalize().as_tuple().exponent), 15))
        return None, f"Nilai {tampil} {masalah}.".replace("  ", " ") + (
            f" Paling besar {angka.format_angka(NILAI_MAKS, 0)}." if masalah == "terlalu besar" else ""
        )
    return bilangan, None


def _teks_catatan(nilai) -> str:
    if nilai is None:
        return ""
    if isinstance(nilai, float) and nilai.is_integer():
        nilai = int(nilai)
    if isinstance(nilai, datetime | date):
        nilai = nilai.strftime("%d/%m/%Y")
    return teks_aman(nilai)


# ---------------------------------------------------------------------------------------------
# Checking against the database: the rules of the one saving path (iki.realisasi.simpan)


def _tidak_berubah(r: BarisImpor, k: Keadaan) -> bool:
    """A row as the workbook shows the stored value (``BarisImpor.berubah``): left alone. A
    per-desa value is unchanged only with the same desa ticked (``centang_lama``)."""
    return (
        r.nilai == k.nilai and r.catatan == teks_aman(k.catatan)
        and (getattr(r, "centang", None) is None or r.centang == r.centang_lama)
    )


def pesan_per_desa(nama: str) -> str:
    return (
        f"“{nama}” diisi per desa: centang desanya di lembar “{LEMBAR_DESA}” atau di layar isian; "
        "nilainya dihitung dari centang itu, tidak diketik."
    )


def _per_desa_berubah(rows, tahun_iki: TahunIKI, kini: dict[tuple[int, int], Keadaan]) -> list:
    """Rows changing the value of a per-desa variable, in a month that offers desa, without its
    checklist (its value is the number of ticked desa, ``iki.realisasi.desa``)."""
    per_desa = dict(
        Variabel.objects.filter(indikator__tahun=tahun_iki, per_desa=True).values_list("pk", "nama")
    )
    berdesa = desa_mod.bulan_berdesa(tahun_iki.unit_id, tahun_iki.tahun) if per_desa else set()
    return [
        (r, per_desa[r.variabel_id]) for r in rows
        if r.variabel_id in per_desa and r.bulan in berdesa and r.nilai is not None
        and getattr(r, "centang", None) is None
        and ((k := kini.get((r.variabel_id, r.bulan))) is None or k.nilai != r.nilai)
    ]


def _teks_tanda(tepat: bool) -> str:
    return "tepat waktu" if tepat else "terlambat"


def _desa_berubah(lama: dict[int, bool], baru: dict[int, bool], nama: dict[int, str]) -> list[str]:
    """Which desa a checklist changes, in words, for the preview."""
    hasil = []
    for did in sorted(set(lama) | set(baru), key=lambda d: list(nama).index(d) if d in nama else 0):
        n = nama.get(did, f"desa ID {did}")
        if did not in lama:
            hasil.append(f"+ {n} ({_teks_tanda(baru[did])})")
        elif did not in baru:
            hasil.append(f"− {n}")
        elif lama[did] != baru[did]:
            hasil.append(f"{n}: {_teks_tanda(lama[did])} → {_teks_tanda(baru[did])}")
    return hasil


def _pasang_centang(utuh: list[BarisImpor], desa_baca: dict, *, boleh, kini, tahun_iki: TahunIKI):
    """Give the per-desa rows of the month sheets their value from the "Per desa" sheet, checked
    with the rules of ``iki.realisasi.desa`` (desa offered that month, no more than the constant).
    Returns (the rows refused, the located errors)."""
    if not desa_baca and not any(r.dihitung for r in utuh):
        return set(), []
    semua = desa_mod.desa_unit(tahun_iki.unit_id)
    nama = {d.pk: d.nama for d in semua}
    ditawarkan = {b: [d for d in semua if desa_mod.aktif_pada(d, tahun_iki.tahun, b)] for b in range(1, 13)}
    konstanta = tahun_iki.nilai_konstanta()
    baris_bulan = {(r.variabel_id, r.bulan): r for r in utuh}
    kunci = set(desa_baca) | {(r.variabel_id, r.bulan) for r in utuh if r.dihitung}
    simpanan = desa_mod.centang_tersimpan(k.pk for key, k in kini.items() if key in kunci)
    tolak: set[int] = set()
    kesalahan: list[Kesalahan] = []
    judul = {}

    def salah(baris, kolom, pesan, jenis=""):
        kesalahan.append(Kesalahan(pesan, lembar=LEMBAR_DESA, baris=baris, kolom=kolom,
                                   nama_kolom=judul.get(kolom, ""), jenis=jenis))

    for (vid, b), c in sorted(desa_baca.items()):
        judul[c.kolom] = angka.nama_bulan(b)
        v = boleh.get(vid)
        if v is None:
            salah(c.baris_awal, None, pesan_bukan_milik(vid))
            continue
        tawar = ditawarkan[b]
        k = kini.get((vid, b))
        lama = simpanan.get(k.pk, {}) if k else {}
        if not v.per_desa or not tawar:
            if c.centang:
                salah(c.baris_awal, c.kolom, f"{angka.nama_bulan(b)}: “{v.nama}” tidak diisi per desa pada bulan "
                                             f"ini; centangnya tidak dapat disimpan. {_UNDUH_ULANG}")
            continue
        kenal = {d.pk for d in tawar}
        hilang = [d.nama for d in tawar if d.pk not in c.baris_desa]
        if hilang:
            salah(None, None, f"{angka.nama_bulan(b)}: “{v.nama}”: baris desa {', '.join(hilang[:5])}"
                              f"{' …' if len(hilang) > 5 else ''} tidak ada di lembar “{LEMBAR_DESA}”. Jangan "
                              f"menghapus baris desa. {_UNDUH_ULANG}")
            continue
        baru = dict(c.centang)
        # A desa not offered this month keeps what it holds (a grey cell); it cannot be changed.
        for did in set(lama) - kenal:
            if did not in c.baris_desa:
                baru[did] = lama[did]
        asing = [did for did in set(baru) | set(lama) if did not in kenal and baru.get(did) != lama.get(did)]
        for did in asing:
            salah(c.sel(did), c.kolom, f"Desa “{nama.get(did, did)}” tidak aktif pada {angka.nama_bulan(b)} "
                                       f"{tahun_iki.tahun}; selnya tidak dapat diubah. Kosongkan kembali.")
        if asing:
            continue
        if baru != lama:
            pesan = desa_mod.periksa_centang(v, baru, ditawarkan=tawar, konstanta=konstanta, bulan=b)
            for p in pesan:
                salah(c.baris_awal, c.kolom, p)
            if pesan:
                r = baris_bulan.get((vid, b))
                if r is not None:
                    tolak.add(id(r))
                continue
        r = baris_bulan.get((vid, b))
        if r is None or not r.dihitung:
            if baru != lama:
                salah(c.baris_awal, c.kolom, f"{angka.nama_bulan(b)}: baris “{v.nama}” tidak ada di lembar bulan "
                                             f"“{angka.nama_bulan(b)}”; centang desanya tidak dapat disimpan. "
                                             + _UNDUH_ULANG)
            continue
        if baru == lama:
            # Unchanged: the stored value stays as it is (a count entered before the variable was
            # marked per desa has no ticks, and is not made 0); a month not entered stays empty.
            continue
        r.centang, r.centang_lama, r.nilai = baru, lama, Decimal(len(baru))
        r.desa_berubah = _desa_berubah(lama, baru, nama)
    for r in utuh:
        if not r.dihitung:
            continue
        k = kini.get((r.variabel_id, r.bulan))
        if r.centang is None and id(r) not in tolak:
            r.nilai = k.nilai if k is not None else None
        if r.nilai_ketik is not None and r.nilai_ketik != (r.nilai if r.nilai is not None else r.nilai_ketik + 1):
            tolak.add(id(r))
            v = boleh.get(r.variabel_id)
            nama_v = v.nama if v is not None else f"Variabel (ID {r.variabel_id})"
            pesan = (
                f"Nilai “{nama_v}” dihitung dari centang desa di lembar “{LEMBAR_DESA}” "
                f"({angka.format_angka(r.nilai, 0)} desa); jangan mengetik nilainya. Kosongkan sel ini."
                if r.centang is not None else pesan_per_desa(nama_v)
            )
            kesalahan.append(_kesalahan(r.lembar, r.baris, HURUF[K_NILAI], pesan))
    return tolak, kesalahan


def _periksa_isi(mentah: list[BarisImpor], *, user: Pengguna, tahun_iki: TahunIKI, desa_baca: dict | None = None):
    """The database checks of the preview (no locks: ``simpan_impor`` checks again under lock)."""
    if user.hanya_baca:
        return [], [Kesalahan("Peran Anda hanya dapat membaca data.")]
    if not mentah:
        return [], []
    boleh = {v.pk: v for v in variabel_pengisi(user, tahun_iki).select_related("indikator")}
    kini = baca_keadaan(Realisasi.objects.for_tahun(tahun_iki))
    pasangan = pasangan_rasio(Indikator.objects.filter(tahun=tahun_iki)) if boleh else {}
    utuh = [r for r in mentah if not r.rusak]
    for r in utuh:
        v = boleh.get(r.variabel_id)
        k = kini.get((r.variabel_id, r.bulan))
        if v is not None:
            r.indikator, r.variabel, r.desimal = v.indikator.nama, v.nama, v.desimal
            if k is not None:
                r.nilai_lama, r.catatan_lama = k.nilai, teks_aman(k.catatan)
                r.versi_kini, r.status_kini = k.versi, k.status
    tolak_desa, kesalahan_desa = _pasang_centang(utuh, desa_baca or {}, boleh=boleh, kini=kini, tahun_iki=tahun_iki)
    utuh = [r for r in utuh if id(r) not in tolak_desa]
    ditolak = periksa(utuh, boleh=boleh, kini=kini, pasangan=pasangan, berkas=True, tidak_berubah=_tidak_berubah)
    masalah = [
        (t.perubahan, K_ID if t.jenis is TidakBerwenang else K_NILAI, t.pesan, t.jenis) for t in ditolak
    ]
    masalah += [
        (r, K_ID, pesan_bukan_milik(r.variabel_id), TidakBerwenang)
        for r in mentah
        if r.rusak and r.variabel_id not in boleh
    ]
    salah = {id(t.perubahan) for t in ditolak}
    masalah += [
        (r, K_NILAI, pesan_per_desa(nama), GagalSimpan)
        for r, nama in _per_desa_berubah(utuh, tahun_iki, kini) if id(r) not in salah
    ]
    tolak = {id(r) for r, *_ in masalah}
    kesalahan = [
        _kesalahan(r.lembar, r.baris, HURUF[kolom], pesan, "konflik" if jenis is KonflikVersi else "")
        for r, kolom, pesan, jenis in masalah
    ] + kesalahan_desa
    return [r for r in utuh if id(r) not in tolak], kesalahan


def pratinjau(rows: list[BarisImpor]) -> list[BarisImpor]:
    """The rows that change something (old → new: ``nilai_lama``/``nilai``, ``catatan_lama``/``catatan``)."""
    return [r for r in rows if r.berubah]


# ---------------------------------------------------------------------------------------------
# Saving


@transaction.atomic
def simpan_impor(*, rows: list[BarisImpor], user: Pengguna, tahun_iki: TahunIKI, nama_berkas: str) -> int:
    """Save the changes of checked rows: all of them or none (raises a ``GagalSimpan`` subclass).

    Saved through the bulk mode of the one saving path (``iki.realisasi.simpan.simpan_massal``):
    every rule is checked again there, under lock, against the database as it is now, so a value
    someone changed since the workbook was downloaded (or since the preview) is refused with its
    current value. Changed values become drafts; the history records "Impor Excel: <name>".
    The ticked desa of per-desa values are then kept beside their counts, in the same
    transaction, by ``iki.realisasi.desa.simpan_centang`` (as the entry form does).
    Returns the number of values saved.
    """
    rusak = [f"{r.tempat}: baris ini berisi kesalahan." for r in rows if r.rusak]
    if rusak:
        raise GagalSimpan(rusak)
    kini = baca_keadaan(Realisasi.objects.for_tahun(tahun_iki).filter(variabel__per_desa=True))
    per_desa = _per_desa_berubah(rows, tahun_iki, kini)
    if per_desa:
        raise GagalSimpan([f"{r.tempat}: {pesan_per_desa(nama)}" for r, nama in per_desa])

    def tidak_berubah(r, k: Keadaan) -> bool:
        # Under the saving path's lock: the checklist compared with the one stored now.
        if r.nilai != k.nilai or r.catatan != teks_aman(k.catatan):
            return False
        return r.centang is None or r.centang == desa_mod.centang_tersimpan([k.pk]).get(k.pk, {})

    jumlah = simpan_massal(
        user=user,
        tahun_iki=tahun_iki,
        perubahan=rows,
        alasan=f"Impor Excel: {nama_berkas}"[:100],
        tidak_berubah=tidak_berubah,
    )
    dengan_desa = [r for r in rows if r.centang is not None]
    if dengan_desa:
        pk = dict(
            ((vid, b), pk) for pk, vid, b in Realisasi.objects.filter(
                variabel_id__in={r.variabel_id for r in dengan_desa}, bulan__in={r.bulan for r in dengan_desa}
            ).values_list("pk", "variabel_id", "bulan")
        )
        simpanan = desa_mod.centang_tersimpan(pk.values())
        per_bulan: dict[int, list[BarisImpor]] = {}
        for r in dengan_desa:
            if r.centang != simpanan.get(pk.get((r.variabel_id, r.bulan)), {}):
                per_bulan.setdefault(r.bulan, []).append(r)
        for bulan, daftar in sorted(per_bulan.items()):
            desa_mod.simpan_centang(
                user=user, tahun_iki=tahun_iki, bulan=bulan,
                centang={r.variabel_id: r.centang for r in daftar},
                versi_dibaca={r.variabel_id: r.versi for r in daftar},
            )
    return jumlah
