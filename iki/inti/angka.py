"""Numbers, months, dates and money as Indonesians write and type them: one home for all of it.

Pure Python with no ORM and no clock. ``format_angka(Decimal("1234.5"))`` → ``"1.234,50"``;
``parse_angka("92,5")`` → ``Decimal("92.5")`` (one reading or a refusal, never a guess);
``nama_bulan(5)`` → ``"Mei"``; ``format_tanggal(date(2023, 6, 5))`` → ``"5 Juni 2023"``.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

# --- Months and dates ------------------------------------------------------------------------------

NAMA_BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


# (1, "Januari") … (12, "Desember"): the choices of every month field.
PILIHAN_BULAN = tuple(enumerate(NAMA_BULAN, start=1))

SINGKATAN_BULAN = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def nama_bulan(bulan, tahun: int | None = None) -> str:
    """``5`` → ``"Mei"``; ``(5, 2023)`` → ``"Mei 2023"``. A number outside 1–12 (an invalid form being
    shown back) is written ``"bulan 13"`` rather than failing."""
    if not (isinstance(bulan, int) and 1 <= bulan <= 12):
        return f"bulan {bulan}"
    return f"{NAMA_BULAN[bulan - 1]} {tahun}" if tahun is not None else NAMA_BULAN[bulan - 1]


def singkatan_bulan(bulan: int) -> str:
    """``5`` → ``"Mei"``, ``8`` → ``"Agu"``: the three letters of tables and month buttons."""
    return SINGKATAN_BULAN[bulan - 1]


def format_tanggal(tanggal) -> str:
    """``date(2023, 6, 5)`` → ``"5 Juni 2023"``."""
    return f"{tanggal.day} {NAMA_BULAN[tanggal.month - 1]} {tanggal.year}"


_POLA_TANGGAL_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_POLA_TANGGAL_ANGKA = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.ASCII)
_POLA_TANGGAL_KATA = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", re.ASCII)
# "5 Des 2026", "5 Agt 2026": the abbreviations people write besides the full names.
_BULAN_TEKS = {n.lower(): i for i, n in enumerate(NAMA_BULAN, start=1)} | {
    s.lower(): i for i, s in enumerate(SINGKATAN_BULAN, start=1)
} | {"agt": 8, "agust": 8, "sept": 9, "nop": 11, "nopember": 11, "pebruari": 2, "peb": 2}
PESAN_TANGGAL = "Format tanggal tidak dikenal: tulis seperti 5 Desember 2026 atau 05-12-2026"


def parse_tanggal(teks: str) -> date:
    """A date as people type it, or ``ValueError`` with an Indonesian message.

    ``"5 Desember 2026"`` (also ``"5 Des 2026"``, any case), ``"05-12-2026"`` / ``"5/12/2026"``
    (day first, as Indonesians write it), and ``"2026-12-05"`` (what a date input sends)."""
    bersih = " ".join(str(teks).split())
    if not bersih:
        raise ValueError("Tanggal kosong: tulis seperti 5 Desember 2026")
    if cocok := _POLA_TANGGAL_ISO.fullmatch(bersih):
        tahun, bulan, hari = (int(g) for g in cocok.groups())
    elif cocok := _POLA_TANGGAL_ANGKA.fullmatch(bersih):
        hari, bulan, tahun = (int(g) for g in cocok.groups())
    elif cocok := _POLA_TANGGAL_KATA.fullmatch(bersih):
        bulan = _BULAN_TEKS.get(cocok[2].lower())
        if bulan is None:
            raise ValueError(f"Nama bulan tidak dikenal: {cocok[2]!r} (contoh: 5 Desember 2026)")
        hari, tahun = int(cocok[1]), int(cocok[3])
    else:
        raise ValueError(PESAN_TANGGAL)
    if not 1900 <= tahun <= 2100:
        raise ValueError(f"Tahun {tahun} di luar rentang yang masuk akal")
    try:
        return date(tahun, bulan, hari)
    except ValueError:
        raise ValueError(f"Tanggal tidak ada di kalender: {bersih}") from None


def format_jam(jam: time | None) -> str:
    """``time(7, 30)`` → ``"07.30"`` (the Indonesian way of writing the time); ``None`` → ``"–"``."""
    return "–" if jam is None else f"{jam.hour:02d}.{jam.minute:02d}"


def format_durasi(durasi: timedelta) -> str:
    """``timedelta(minutes=90)`` → ``"1 jam 30 menit"``: days, hours, minutes and seconds in words,
    the parts that are zero left out (``"0 menit"`` for no time at all)."""
    sisa = int(durasi.total_seconds())
    if sisa < 0:
        raise ValueError("Durasi tidak boleh negatif")
    hari, sisa = divmod(sisa, 86_400)
    jam, sisa = divmod(sisa, 3_600)
    menit, detik = divmod(sisa, 60)
    bagian = [f"{n} {nama}" for n, nama in ((hari, "hari"), (jam, "jam"), (menit, "menit"), (detik, "detik")) if n]
    return " ".join(bagian) or "0 menit"


# --- Numbers for people -----------------------------------------------------------------------------


def bulatkan(nilai: Decimal, desimal: int = 2) -> Decimal:
    """Round half up to ``desimal`` places (never shows ``-0``)."""
    if not nilai.is_finite():
        raise ValueError(f"Bukan angka berhingga: {nilai}")
    if desimal < 0:
        raise ValueError("Jumlah desimal tidak boleh negatif")
    # Enough precision that quantize never fails on large values.
    with localcontext(prec=max(28, nilai.adjusted() + desimal + 2)):
        hasil = nilai.quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    return hasil.copy_abs() if hasil == 0 else hasil


def format_angka(nilai: Decimal | int | None, desimal: int = 2, kosong: str = "–") -> str:
    """Indonesian number: ``Decimal("1234.5")`` → ``"1.234,50"``; ``None`` → ``kosong``."""
    if nilai is None:
        return kosong
    if isinstance(nilai, float):
        raise TypeError("Gunakan Decimal, bukan float")
    teks = f"{bulatkan(Decimal(nilai), desimal):,f}"
    return teks.translate(_TUKAR_PEMISAH)


_TUKAR_PEMISAH = str.maketrans({",": ".", ".": ","})


def format_ringkas(nilai: Decimal | int | None, kosong: str = "–") -> str:
    """A count or constant as people write it: ``20`` rather than ``20,00``, decimals only when there
    are any (``12,50``); ``None`` → ``kosong``."""
    if nilai is None:
        return kosong
    nilai = Decimal(nilai)
    return format_angka(nilai, 0 if nilai == nilai.to_integral_value() else 2)


def format_nilai(nilai: Decimal | int | None, desimal: int = 0, kosong: str = "–") -> str:
    """A variable's value with the variable's decimals (``Variabel.desimal``): ``(3, 0)`` → ``"3"``,
    ``(3.5, 1)`` → ``"3,5"``, ``(3.5, 2)`` → ``"3,50"``, ``(3, 1)`` → ``"3,0"``. A count (0) is written
    as ``format_ringkas`` writes it. Decimals a value has beyond ``desimal`` (an average of months,
    the variable's decimals lowered after saving) are shown up to 2, rounded half up as every
    figure, never dropped; ``None`` → ``kosong``."""
    if nilai is None:
        return kosong
    nilai = Decimal(nilai)
    if desimal == 0:
        return format_ringkas(nilai)
    ada = max(0, -nilai.normalize().as_tuple().exponent) if nilai.is_finite() else 0
    return format_angka(nilai, max(desimal, min(ada, 2)))


def format_persen(nilai: Decimal | int | None, desimal: int = 2) -> str:
    """``Decimal("98.5")`` → ``"98,50 %"`` (non-breaking space); ``None`` → ``"–"``."""
    if nilai is None:
        return "–"
    return f"{format_angka(nilai, desimal)}\u00a0%"


def format_rupiah(nilai: Decimal | int) -> str:
    """``Decimal("1234567")`` → ``"Rp 1.234.567"``: whole rupiah, rounded half up."""
    if isinstance(nilai, float):
        raise TypeError("Gunakan Decimal, bukan float")
    bulat = bulatkan_rupiah(Decimal(nilai))
    tanda = "-" if bulat < 0 else ""
    return f"{tanda}Rp {format_angka(abs(bulat), 0)}"


def bulatkan_rupiah(nilai: Decimal) -> Decimal:
    """To whole rupiah, half up (``0,5`` → ``1``); never ``-0``."""
    hasil = nilai.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return hasil.copy_abs() if hasil == 0 else hasil


_SATUAN = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")


def terbilang(n: int) -> str:
    """The number in Indonesian words, as letters write counts: ``2`` → ``"dua"``, ``15`` → ``"lima belas"``."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n == 0:
        return "nol"
    if n < 12:
        return _SATUAN[n]
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        puluh, sisa = divmod(n, 10)
        return f"{_SATUAN[puluh]} puluh" + (f" {terbilang(sisa)}" if sisa else "")
    if n < 200:
        return "seratus" + (f" {terbilang(n - 100)}" if n > 100 else "")
    if n < 1000:
        ratus, sisa = divmod(n, 100)
        return f"{_SATUAN[ratus]} ratus" + (f" {terbilang(sisa)}" if sisa else "")
    if n < 2000:
        return "seribu" + (f" {terbilang(n - 1000)}" if n > 1000 else "")
    for besar, nama in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= besar:
            depan, sisa = divmod(n, besar)
            return f"{terbilang(depan)} {nama}" + (f" {terbilang(sisa)}" if sisa else "")
    raise AssertionError("tidak terjangkau")


# --- Numbers as people type them --------------------------------------------------------------------


_POLA_ANGKA = re.compile(
    r"(?P<tanda>-?)"
    r"(?P<bulat>[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)"
    r"(?:,(?P<pecahan>[0-9]+))?",
    re.ASCII,
)
# The plain form with a decimal point ("92.5"), read only where the Indonesian reading fails.
_POLA_TITIK = re.compile(r"(?P<tanda>-?)(?P<bulat>[0-9]+)\.(?P<pecahan>[0-9]+)", re.ASCII)
_DIGIT_MAKS = 15
PESAN_FORMAT = "Format angka tidak dikenal: gunakan titik untuk ribuan dan koma untuk desimal"


def parse_angka(teks: str) -> Decimal:
    """Parse a number as people type it, with exactly one reading or a refusal.

    Indonesian first: ``"1.234"`` → 1234, ``"12,5"`` → 12.5, ``"1.234,5"`` → 1234.5, a leading
    ``-`` allowed; a dot groups exactly three digits. What cannot be Indonesian but is a plain
    number with a decimal point is read as such: ``"92.5"`` → 92.5, ``"0.500"`` → 0.5. So
    ``"1.250"`` is one thousand two hundred fifty and ``"1.25"`` one and a quarter; ``"1,250.75"``
    (English) and everything else raise ``ValueError`` with an Indonesian message, as does more
    than 15 digits before the decimal sign.
    """
    bersih = teks.strip()
    if not bersih:
        raise ValueError("Isian kosong: masukkan angka")
    cocok = _POLA_ANGKA.fullmatch(bersih) or _POLA_TITIK.fullmatch(bersih)
    if cocok is None:
        raise ValueError(PESAN_FORMAT)
    bulat = cocok["bulat"].replace(".", "")
    if len(bulat.lstrip("0")) > _DIGIT_MAKS:
        raise ValueError(f"Angka terlalu besar: paling banyak {_DIGIT_MAKS} digit sebelum koma")
    pecahan = cocok["pecahan"]
    hasil = Decimal(f"{cocok['tanda']}{bulat}.{pecahan}" if pecahan else f"{cocok['tanda']}{bulat}")
    return hasil.copy_abs() if hasil == 0 else hasil
