"""The per-desa sheet of the Excel round trip (issue 17): per-desa variables as checklists.

A workbook whose months offer desa (``iki.realisasi.desa.desa_bulan``) to a per-desa variable of
the user carries the sheet ``Per desa``: for each such variable a block of one row per desa and one
column per month of the workbook, where ``ya``/``1``/``✓`` means the desa delivered on time,
``terlambat``/``t`` late, and an empty cell not at all. The variable's Nilai cell in the month
sheet is a formula counting its column (shown, never read): the value saved is the number of desa
ticked, as on the entry card.

This module writes the sheet (``TataDesa``, ``tulis_lembar``) and reads it back
(``baca_lembar``: located errors for whatever cannot be read, never a guess). Which desa a month
offers, what a checklist may hold and how it is saved stay in ``iki.realisasi.desa``; the checks
against the database are made by ``iki.realisasi.excel`` with those rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from iki.inti import angka
from iki.models import Desa, TahunIKI, Variabel
from iki.realisasi import desa as desa_mod
from iki.umum.excel import teks_sel, tulis_teks
from iki.umum.unggahan import BerkasDitolak, Kesalahan, baris_aman

LEMBAR_DESA = "Per desa"
KOLOM_AWAL = ("Indikator", "Variabel", "Desa/kelurahan")
KOLOM_ID = "ID variabel"
K_DESA = 2  # column C
AWAL_BULAN = len(KOLOM_AWAL)  # the first month column (D)
MAKS_BARIS_DESA = 5000

# What a tick cell may hold (compared without case and surrounding blanks).
TEPAT = frozenset({"ya", "1", "✓", "✔"})
TERLAMBAT = frozenset({"terlambat", "t"})
TIDAK = frozenset({"", "tidak", "0"})
TULISAN = {True: "ya", False: "terlambat"}
_UNDUH_ULANG = "Unduh ulang lembar kerja dari aplikasi."


def huruf(indeks: int) -> str:
    """The column letter of a 0-based index (A, B, …, Z, AA …)."""
    teks, indeks = "", indeks + 1
    while indeks:
        indeks, sisa = divmod(indeks - 1, 26)
        teks = chr(65 + sisa) + teks
    return teks


def kepala(bulan_list: Iterable[int]) -> list[str]:
    return [*KOLOM_AWAL, *(angka.nama_bulan(b) for b in bulan_list), KOLOM_ID]


def _teks(nilai) -> str:
    return (teks_sel(nilai) or "").strip() if nilai is not None else ""


def baca_centang(nilai) -> tuple[bool | None, str | None]:
    """A tick cell: (True on time / False late / None not ticked, None), or (None, why unreadable)."""
    if nilai is None:
        return None, None
    if isinstance(nilai, bool):
        return None, "BENAR/SALAH tidak dapat dibaca sebagai centang. Isi “ya”, “terlambat” atau kosongkan."
    if isinstance(nilai, datetime | date | time | timedelta):
        return None, "Sel berisi tanggal, bukan centang. Isi “ya”, “terlambat” atau kosongkan."
    if isinstance(nilai, float) and nilai.is_integer():
        nilai = int(nilai)
    teks = _teks(nilai).lower()
    if teks in TEPAT:
        return True, None
    if teks in TERLAMBAT:
        return False, None
    if teks in TIDAK:
        return None, None
    return None, (
        f"Isian “{teks[:30]}” tidak dikenal. Isi “ya” (atau 1, ✓) bila desa memenuhi tepat waktu, "
        "“terlambat” (atau t) bila terlambat, atau kosongkan bila tidak memenuhi."
    )


# ---------------------------------------------------------------------------------------------
# Writing


@dataclass
class TataDesa:
    """Where each per-desa variable's block lies on the sheet, and what its cells show."""

    bulan_list: list[int]
    desa: list[Desa]  # the rows of every block, in the unit's order
    ditawarkan: dict[int, set[int]]  # month → ids of the desa it offers
    variabel: list[Variabel]  # the variables with a block, in the workbook's order
    centang: dict[tuple[int, int], dict[int, bool]] = field(default_factory=dict)  # (variable, month) → stored

    def __bool__(self) -> bool:
        return bool(self.variabel and self.desa)

    def baris_awal(self, variabel_id: int) -> int:
        i = next(i for i, v in enumerate(self.variabel) if v.pk == variabel_id)
        return 2 + i * len(self.desa)

    def kolom_bulan(self, bulan: int) -> str:
        return huruf(AWAL_BULAN + self.bulan_list.index(bulan))

    def rumus(self, variabel_id: int, bulan: int) -> str | None:
        """The count formula of the Nilai cell in the month sheet, when that value is a checklist."""
        if not self or bulan not in self.bulan_list or not self.ditawarkan.get(bulan):
            return None
        if all(v.pk != variabel_id for v in self.variabel):
            return None
        awal = self.baris_awal(variabel_id)
        k = self.kolom_bulan(bulan)
        return f"=COUNTA('{LEMBAR_DESA}'!{k}{awal}:{k}{awal + len(self.desa) - 1})"


def tata_desa(
    variabel: list[Variabel], tahun_iki: TahunIKI, bulan_list: list[int], centang: dict[tuple[int, int], dict]
) -> TataDesa:
    """The layout for the user's ``variabel`` (their per-desa ones get a block when some month of
    the workbook offers desa); ``centang``: (variable, month) → the stored checklist."""
    semua = desa_mod.desa_unit(tahun_iki.unit_id)
    ditawarkan = {
        b: {d.pk for d in semua if desa_mod.aktif_pada(d, tahun_iki.tahun, b)} for b in bulan_list
    }
    blok = [v for v in variabel if v.per_desa] if any(ditawarkan.values()) else []
    berdata = {did for (vid, _), c in centang.items() for did in c}
    desa = [d for d in semua if d.pk in berdata or any(d.pk in s for s in ditawarkan.values())]
    return TataDesa(bulan_list, desa, ditawarkan, blok, centang)


_PUTIH = PatternFill("solid", start_color="FFFFFFFF")
_ABU = PatternFill("solid", start_color="FFE7E6E6")
_KEPALA = PatternFill("solid", start_color="FFE9F2EE")


def tulis_lembar(wb, tata: TataDesa, terkunci: set[tuple[int, int]]) -> None:
    """The ``Per desa`` sheet of a write-only workbook; ``terkunci``: (variable, month) verified."""
    ws = wb.create_sheet(LEMBAR_DESA)
    judul = kepala(tata.bulan_list)
    akhir = 1 + len(tata.variabel) * len(tata.desa)
    ws.calculate_dimension = lambda: f"A1:{huruf(len(judul) - 1)}{akhir}"
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 26
    for i in range(len(tata.bulan_list)):
        ws.column_dimensions[huruf(AWAL_BULAN + i)].width = 11
    ws.column_dimensions[huruf(len(judul) - 1)].hidden = True
    ws.freeze_panes = "D2"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    # A list to pick from; other accepted spellings (1, ✓, t) only get a warning from Excel.
    pilihan = DataValidation(
        type="list", formula1='"ya,terlambat"', allow_blank=True, showErrorMessage=True, errorStyle="warning",
        errorTitle="Isian desa", error="Isi “ya” (tepat waktu), “terlambat”, atau kosongkan (tidak memenuhi).",
        showInputMessage=True, promptTitle="Desa memenuhi?", prompt="ya / terlambat / kosong",
    )
    ws.data_validations.append(pilihan)

    def teks(isi, *, tebal=False, isi_warna=None, terbuka=False):
        sel = WriteOnlyCell(ws)
        if tebal:
            sel.font = Font(bold=True)
        if isi_warna is not None:
            sel.fill = isi_warna
        if terbuka:
            sel.protection = Protection(locked=False)
        sel.alignment = Alignment(vertical="top", wrap_text=not terbuka)
        return tulis_teks(sel, isi or None) if isi else sel

    ws.append([teks(k, tebal=True, isi_warna=_KEPALA) for k in judul])
    nomor = 1
    for v in tata.variabel:
        for d in tata.desa:
            nomor += 1
            baris = [teks(v.indikator.nama), teks(v.nama), teks(d.nama)]
            for i, b in enumerate(tata.bulan_list):
                simpan = tata.centang.get((v.pk, b), {})
                isi = TULISAN[simpan[d.pk]] if d.pk in simpan else None
                bisa = d.pk in tata.ditawarkan.get(b, set()) and (v.pk, b) not in terkunci
                baris.append(teks(isi, isi_warna=_PUTIH if bisa else _ABU, terbuka=bisa))
                if bisa:
                    pilihan.add(f"{huruf(AWAL_BULAN + i)}{nomor}")
            baris.append(v.pk)
            ws.append(baris)


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass
class CentangBaca:
    """The ticks of one variable in one month as the sheet holds them (not yet checked against
    the database): desa id → on time, and where each row of the block is."""

    variabel_id: int
    bulan: int
    kolom: str  # the month's column letter
    baris_awal: int
    centang: dict[int, bool] = field(default_factory=dict)
    baris_desa: dict[int, int] = field(default_factory=dict)  # desa id → row

    def sel(self, desa_id: int) -> int:
        return self.baris_desa.get(desa_id, self.baris_awal)


def _salah(baris: int | None, indeks: int | None, pesan: str, judul: list[str]) -> Kesalahan:
    nama = judul[indeks] if indeks is not None and indeks < len(judul) else ""
    return Kesalahan(
        pesan, lembar=LEMBAR_DESA, baris=baris, kolom=huruf(indeks) if indeks is not None else None, nama_kolom=nama
    )


def _bulan_kepala(isi: list[str]) -> list[int] | None:
    """The months of a header row laid out as ``kepala``, or None when it is not one."""
    if len(isi) < len(KOLOM_AWAL) + 2 or tuple(isi[: len(KOLOM_AWAL)]) != KOLOM_AWAL or isi[-1] != KOLOM_ID:
        return None
    nama = {angka.nama_bulan(b).lower(): b for b in range(1, 13)}
    bulan = [nama.get(k.lower()) for k in isi[len(KOLOM_AWAL) : -1]]
    if None in bulan or bulan != sorted(set(bulan)):
        return None
    return bulan


def _id(nilai) -> int | None:
    if isinstance(nilai, bool):
        return None
    if isinstance(nilai, float) and nilai.is_integer():
        nilai = int(nilai)
    if isinstance(nilai, str) and nilai.strip().isascii() and nilai.strip().isdigit():
        nilai = int(nilai.strip())
    return nilai if isinstance(nilai, int) and 0 <= nilai < 2**63 else None


def cari_desa(semua: list[Desa]):
    """Desa of the unit by the name written in a row: exact, else the one equal ignoring case."""
    persis = {d.nama.strip(): d for d in semua}
    lipat: dict[str, list[Desa]] = {}
    for d in semua:
        lipat.setdefault(" ".join(d.nama.split()).casefold(), []).append(d)

    def cari(nama: str) -> Desa | None:
        if nama in persis:
            return persis[nama]
        calon = lipat.get(" ".join(nama.split()).casefold(), [])
        return calon[0] if len(calon) == 1 else None

    return cari


def baca_lembar(ws, tahun_iki: TahunIKI) -> tuple[dict[tuple[int, int], CentangBaca], list[Kesalahan]]:
    """Read the ``Per desa`` sheet: (variable, month) → its ticks, and every cell that cannot be read.

    The names are looked up among the desa of this unit only (another unit's desa is an unknown
    name). Raises ``BerkasDitolak`` for a sheet beyond the row limit."""
    ws.reset_dimensions()
    kepala_baris = next(baris_aman(ws, min_row=1, max_row=1, values_only=True), None)
    if kepala_baris is None:
        return {}, []
    isi = [_teks(k) for k in kepala_baris]
    while isi and not isi[-1]:
        isi.pop()
    bulan_list = _bulan_kepala(isi)
    if bulan_list is None:
        return {}, [_salah(1, 0, "Judul kolom lembar “Per desa” tidak sesuai lembar kerja unduhan (Indikator, "
                                 "Variabel, Desa/kelurahan, nama bulan, ID variabel). Jangan menambah, menghapus "
                                 "atau memindah kolom. " + _UNDUH_ULANG, isi)]
    judul = isi
    k_id = len(judul) - 1
    cari = cari_desa(desa_mod.desa_unit(tahun_iki.unit_id))
    hasil: dict[tuple[int, int], CentangBaca] = {}
    kesalahan: list[Kesalahan] = []
    sudah: dict[tuple[int, int], int] = {}  # (variable, desa) → row
    for nomor, sel in enumerate(baris_aman(ws, min_row=2, max_col=len(judul) + 1), start=2):
        if nomor > MAKS_BARIS_DESA:
            raise BerkasDitolak(
                f"Lembar “{LEMBAR_DESA}” berisi terlalu banyak baris (lebih dari "
                f"{angka.format_angka(MAKS_BARIS_DESA, 0)})."
            )
        if all(s.value is None or (isinstance(s.value, str) and not s.value.strip()) for s in sel):
            continue
        salah_baris = [
            _salah(nomor, i, "Sel berisi rumus (formula). Ketik isiannya langsung, bukan rumus yang diawali “=”.",
                   judul)
            for i, s in enumerate(sel) if s.data_type == "f"
        ]
        if len(sel) > len(judul) and sel[len(judul)].value not in (None, ""):
            salah_baris.append(_salah(nomor, len(judul), "Ada isian di luar kolom lembar kerja. Hapus isiannya.",
                                      judul))
        vid = _id(sel[k_id].value) if sel[k_id].data_type != "f" else None
        if vid is None:
            salah_baris.append(_salah(nomor, k_id, "ID variabel (kolom tersembunyi) kosong atau tidak sah. Jangan "
                                                   "menambah baris atau mengubah kolom tersembunyi. " + _UNDUH_ULANG,
                                      judul))
        nama = _teks(sel[K_DESA].value) if sel[K_DESA].data_type != "f" else ""
        d = cari(nama) if nama else None
        if d is None and sel[K_DESA].data_type != "f":
            salah_baris.append(_salah(
                nomor, K_DESA,
                f"Desa “{nama[:60]}” tidak ditemukan pada {tahun_iki.unit.nama}. Tulis nama desa persis seperti "
                "di lembar kerja unduhan (daftar desa di Pengaturan → Desa/kelurahan)." if nama else
                "Nama desa kosong. Jangan menambah baris atau mengubah kolom Desa/kelurahan.",
                judul,
            ))
        centang_baris = {}
        for i, b in enumerate(bulan_list):
            s = sel[AWAL_BULAN + i]
            if s.data_type == "f":
                continue
            tanda, masalah = baca_centang(s.value)
            if masalah:
                salah_baris.append(_salah(nomor, AWAL_BULAN + i, masalah, judul))
            elif tanda is not None:
                centang_baris[b] = tanda
        if vid is not None and d is not None:
            if (vid, d.pk) in sudah:
                salah_baris.append(_salah(nomor, K_DESA, f"Baris ganda: desa “{d.nama}” untuk variabel ini sudah ada "
                                                         f"di baris {sudah[(vid, d.pk)]}. Hapus salah satunya.", judul))
            else:
                sudah[(vid, d.pk)] = nomor
        kesalahan += salah_baris
        if vid is None or d is None or sudah[(vid, d.pk)] != nomor:
            continue
        # A row with a bad cell still counts as the desa's row (its errors are listed already).
        for i, b in enumerate(bulan_list):
            c = hasil.setdefault((vid, b), CentangBaca(vid, b, huruf(AWAL_BULAN + i), nomor))
            c.baris_desa[d.pk] = nomor
            if b in centang_baris and not salah_baris:
                c.centang[d.pk] = centang_baris[b]
    return hasil, kesalahan
