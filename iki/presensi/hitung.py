"""Attendance (presensi) arithmetic for the monthly TPP verification: pure Python, no ORM, no clock.

- ``hari_kerja(tahun, bulan, libur)``: the working days of a month (Monday to Friday, less the
  holidays the operator entered).
- ``periksa_bulan(tahun, bulan, hari_ini=...)``: only a month that has ended is recorded.
- ``rekap_harian(baris, hari, jam)``: one pegawai's month from the attendance machine's daily rows.
- ``hitung_potongan(rekap, aturan, batas)``: the TPP deduction by the rules the operator entered
  from the kabupaten's regulation. No rule is built in: with no rules there is no deduction.
- ``hitung_tpp(dasar, persen)`` and ``format_rupiah``: rupiah, rounded to whole rupiah half up.

Lateness and leaving early are counted in whole minutes, seconds ignored: in at 07.30.59 with
the office starting at 07.30 is on time; 07.31 is one minute late.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from enum import StrEnum

from iki.inti.angka import bulatkan_rupiah, format_tanggal, nama_bulan

SERATUS = Decimal(100)
MENIT_SEHARI = 24 * 60


class Keterangan(StrEnum):
    """What a working day was for one pegawai."""

    HADIR = "hadir"
    IZIN = "izin"
    SAKIT = "sakit"
    CUTI = "cuti"
    DINAS_LUAR = "dinas_luar"
    TANPA_KETERANGAN = "tanpa_keterangan"


LABEL_KETERANGAN = {
    Keterangan.HADIR: "Hadir",
    Keterangan.IZIN: "Izin",
    Keterangan.SAKIT: "Sakit",
    Keterangan.CUTI: "Cuti",
    Keterangan.DINAS_LUAR: "Dinas luar",
    Keterangan.TANPA_KETERANGAN: "Tanpa keterangan",
}

# How attendance machines and people write the day's status (compared lower-case, spaces collapsed).
_SEBUTAN_KETERANGAN = {
    "": Keterangan.HADIR,
    "h": Keterangan.HADIR,
    "hadir": Keterangan.HADIR,
    "i": Keterangan.IZIN,
    "izin": Keterangan.IZIN,
    "ijin": Keterangan.IZIN,
    "s": Keterangan.SAKIT,
    "sakit": Keterangan.SAKIT,
    "c": Keterangan.CUTI,
    "ct": Keterangan.CUTI,
    "cuti": Keterangan.CUTI,
    "dl": Keterangan.DINAS_LUAR,
    "dinas luar": Keterangan.DINAS_LUAR,
    "dinas": Keterangan.DINAS_LUAR,
    "tk": Keterangan.TANPA_KETERANGAN,
    "tanpa keterangan": Keterangan.TANPA_KETERANGAN,
    "a": Keterangan.TANPA_KETERANGAN,
    "alpa": Keterangan.TANPA_KETERANGAN,
    "alpha": Keterangan.TANPA_KETERANGAN,
    "mangkir": Keterangan.TANPA_KETERANGAN,
}


def baca_keterangan(teks: str | None) -> Keterangan:
    """``"DL"`` → ``Keterangan.DINAS_LUAR``; raises ``ValueError`` with an Indonesian message."""
    kunci = re.sub(r"\s+", " ", (teks or "").replace("_", " ").replace("-", " ")).strip().lower()
    if kunci in _SEBUTAN_KETERANGAN:
        return _SEBUTAN_KETERANGAN[kunci]
    raise ValueError(
        f"Keterangan {teks!r} tidak dikenal: gunakan H (hadir), I (izin), S (sakit), C (cuti), "
        "DL (dinas luar) atau TK (tanpa keterangan)"
    )


# --- Dates, months, numbers for people ------------------------------------------------------------














# --- Working days ----------------------------------------------------------------------------------


def hari_kerja(tahun: int, bulan: int, libur: Iterable[date] = ()) -> list[date]:
    """The working days of the month: Monday to Friday, less the given holidays (national
    holidays and cuti bersama as the operator entered them; dates of other months are ignored)."""
    if not 1 <= bulan <= 12:
        raise ValueError(f"Bulan harus 1–12, bukan {bulan!r}")
    libur = set(libur)
    jumlah_hari = calendar.monthrange(tahun, bulan)[1]
    return [d for d in (date(tahun, bulan, h) for h in range(1, jumlah_hari + 1)) if d.weekday() < 5 and d not in libur]


def periksa_bulan(tahun: int, bulan: int, *, hari_ini: date) -> str | None:
    """Why the month's attendance cannot be imported, keyed in or counted yet (Indonesian), or
    ``None`` once the month has ended.

    A month still running is refused as a whole rather than counted up to today: its working days
    still ahead would otherwise be *tanpa keterangan*, and a letter signed on part of a month
    looks like the whole month (docs/impor-presensi.md).
    """
    if not 1 <= bulan <= 12:
        raise ValueError(f"Bulan harus 1–12, bukan {bulan!r}")
    if (tahun, bulan) < (hari_ini.year, hari_ini.month):
        return None
    if (tahun, bulan) > (hari_ini.year, hari_ini.month):
        return (
            f"Bulan {nama_bulan(bulan, tahun)} belum tiba (hari ini {format_tanggal(hari_ini)}): "
            "presensinya belum dapat diimpor, diisi, atau dihitung."
        )
    awal_berikut = date(tahun + 1, 1, 1) if bulan == 12 else date(tahun, bulan + 1, 1)
    return (
        f"Bulan {nama_bulan(bulan, tahun)} belum selesai (hari ini {format_tanggal(hari_ini)}): rekap presensinya "
        f"dapat diimpor atau diisi mulai {format_tanggal(awal_berikut)}, agar hari kerja yang belum tiba tidak "
        "terhitung tanpa keterangan."
    )


# --- One pegawai's month ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JamKerja:
    """Office hours of a unit: start, end, and the (often earlier) end on Fridays."""

    masuk: time = time(7, 30)
    pulang: time = time(16, 0)
    pulang_jumat: time | None = None

    def pulang_pada(self, tanggal: date) -> time:
        if tanggal.weekday() == 4 and self.pulang_jumat is not None:
            return self.pulang_jumat
        return self.pulang


@dataclass(frozen=True)
class BarisHarian:
    """One day of one pegawai as the attendance machine exports it."""

    tanggal: date
    jam_masuk: time | None = None
    jam_pulang: time | None = None
    keterangan: Keterangan = Keterangan.HADIR


# The day counts of a monthly recap, as fields of Rekap, RekapPresensi and the recap form.
HITUNGAN_REKAP = (
    "hadir",
    "izin",
    "sakit",
    "cuti",
    "dinas_luar",
    "tanpa_keterangan",
    "tidak_finger_masuk",
    "tidak_finger_pulang",
)


@dataclass
class Rekap:
    """One pegawai's month. The day counts (hadir … tanpa keterangan) are exclusive: a working
    day is exactly one of them. Lateness and leaving early are kept per occurrence (minutes),
    since regulations deduct per occurrence by band."""

    hari_kerja: int = 0
    hadir: int = 0
    izin: int = 0
    sakit: int = 0
    cuti: int = 0
    dinas_luar: int = 0
    tanpa_keterangan: int = 0
    tidak_finger_masuk: int = 0
    tidak_finger_pulang: int = 0
    menit_terlambat: list[int] = field(default_factory=list)
    menit_pulang_cepat: list[int] = field(default_factory=list)
    tanggal_tidak_finger_masuk: list[date] = field(default_factory=list)
    tanggal_tidak_finger_pulang: list[date] = field(default_factory=list)

    @property
    def terlambat_kali(self) -> int:
        return len(self.menit_terlambat)

    @property
    def terlambat_menit(self) -> int:
        return sum(self.menit_terlambat)

    @property
    def pulang_cepat_kali(self) -> int:
        return len(self.menit_pulang_cepat)

    @property
    def pulang_cepat_menit(self) -> int:
        return sum(self.menit_pulang_cepat)

    @property
    def tidak_hadir(self) -> int:
        return self.izin + self.sakit + self.cuti + self.dinas_luar + self.tanpa_keterangan

    def jumlah(self, jenis: str) -> int:
        """Occurrences of a kind of event, by the names rules use."""
        return {
            "tanpa_keterangan": self.tanpa_keterangan,
            "izin": self.izin,
            "sakit": self.sakit,
            "cuti": self.cuti,
            "dinas_luar": self.dinas_luar,
            "tidak_finger_masuk": self.tidak_finger_masuk,
            "tidak_finger_pulang": self.tidak_finger_pulang,
            "terlambat": self.terlambat_kali,
            "pulang_cepat": self.pulang_cepat_kali,
        }[jenis]


def selisih_menit(awal: time, akhir: time) -> int:
    """Whole minutes from ``awal`` to ``akhir`` (negative when ``akhir`` is earlier); seconds ignored."""
    return (akhir.hour * 60 + akhir.minute) - (awal.hour * 60 + awal.minute)


def rekap_harian(baris: Sequence[BarisHarian], hari: Sequence[date], jam: JamKerja) -> Rekap:
    """One pegawai's month from their daily rows.

    ``hari`` are the month's working days; rows on other days (weekends, holidays) are not
    counted. A working day without a row is *tanpa keterangan*. A present day with no time in
    (out) counts as *tidak finger masuk (pulang)* and is not measured for lateness (leaving
    early). The caller has already refused duplicate days and out-before-in times.
    """
    per_hari = {b.tanggal: b for b in baris}
    rekap = Rekap(hari_kerja=len(hari))
    for tanggal in hari:
        b = per_hari.get(tanggal)
        if b is None:
            rekap.tanpa_keterangan += 1
            continue
        if b.keterangan != Keterangan.HADIR:
            setattr(rekap, b.keterangan.value, getattr(rekap, b.keterangan.value) + 1)
            continue
        if b.jam_masuk is None and b.jam_pulang is None:
            rekap.tanpa_keterangan += 1
            continue
        rekap.hadir += 1
        if b.jam_masuk is None:
            rekap.tidak_finger_masuk += 1
            rekap.tanggal_tidak_finger_masuk.append(tanggal)
        else:
            terlambat = selisih_menit(jam.masuk, b.jam_masuk)
            if terlambat > 0:
                rekap.menit_terlambat.append(terlambat)
        if b.jam_pulang is None:
            rekap.tidak_finger_pulang += 1
            rekap.tanggal_tidak_finger_pulang.append(tanggal)
        else:
            cepat = selisih_menit(b.jam_pulang, jam.pulang_pada(tanggal))
            if cepat > 0:
                rekap.menit_pulang_cepat.append(cepat)
    return rekap


def periksa_rekap(rekap: Rekap) -> list[str]:
    """What is impossible in a keyed-in or imported monthly recap, as Indonesian messages."""
    salah = []
    hitungan = {
        "hadir": rekap.hadir,
        "izin": rekap.izin,
        "sakit": rekap.sakit,
        "cuti": rekap.cuti,
        "dinas luar": rekap.dinas_luar,
        "tanpa keterangan": rekap.tanpa_keterangan,
        "tidak finger masuk": rekap.tidak_finger_masuk,
        "tidak finger pulang": rekap.tidak_finger_pulang,
    }
    negatif = [nama for nama, n in hitungan.items() if n < 0]
    if negatif:
        salah.append("Jumlah hari tidak boleh negatif: " + ", ".join(negatif) + ".")
        return salah
    if rekap.hadir + rekap.tidak_hadir > rekap.hari_kerja:
        salah.append(
            f"Hadir ({rekap.hadir}) ditambah tidak hadir ({rekap.tidak_hadir}: izin, sakit, cuti, dinas luar, "
            f"tanpa keterangan) = {rekap.hadir + rekap.tidak_hadir}, melebihi {rekap.hari_kerja} hari kerja."
        )
    if rekap.tidak_finger_masuk > rekap.hadir:
        salah.append(f"Tidak finger masuk ({rekap.tidak_finger_masuk}) melebihi hari hadir ({rekap.hadir}).")
    if rekap.tidak_finger_pulang > rekap.hadir:
        salah.append(f"Tidak finger pulang ({rekap.tidak_finger_pulang}) melebihi hari hadir ({rekap.hadir}).")
    for nama, menit in (("terlambat", rekap.menit_terlambat), ("pulang cepat", rekap.menit_pulang_cepat)):
        if len(menit) > rekap.hadir:
            salah.append(f"Kejadian {nama} ({len(menit)} kali) melebihi hari hadir ({rekap.hadir}).")
        if any(not 1 <= m < MENIT_SEHARI for m in menit):
            salah.append(f"Menit {nama} harus antara 1 dan {MENIT_SEHARI - 1} untuk setiap kejadian.")
    return salah


_DAFTAR_MENIT = re.compile(r"^[\d\s,;/+]*$")


def baca_daftar_menit(teks: str | int | None) -> list[int]:
    """``"15, 40 95"`` → ``[15, 40, 95]``: the minutes of each occurrence, as typed in a form or a
    cell (separated by commas, spaces, semicolons, slashes or plus signs). Raises ``ValueError``."""
    if teks is None:
        return []
    if isinstance(teks, int) and not isinstance(teks, bool):
        teks = str(teks)
    if not isinstance(teks, str):
        raise ValueError("Menit harus ditulis sebagai bilangan bulat, contoh: 15, 40, 95")
    if not _DAFTAR_MENIT.fullmatch(teks):
        raise ValueError("Menit per kejadian ditulis sebagai bilangan bulat positif dipisah koma, contoh: 15, 40, 95")
    menit = [int(m) for m in re.findall(r"\d+", teks)]
    if any(not 1 <= m < MENIT_SEHARI for m in menit):
        raise ValueError(f"Menit setiap kejadian harus antara 1 dan {MENIT_SEHARI - 1}")
    return menit


# --- TPP deduction ---------------------------------------------------------------------------------


class JenisAturan(StrEnum):
    TANPA_KETERANGAN = "tanpa_keterangan"
    TERLAMBAT = "terlambat"
    PULANG_CEPAT = "pulang_cepat"
    TIDAK_FINGER_MASUK = "tidak_finger_masuk"
    TIDAK_FINGER_PULANG = "tidak_finger_pulang"
    IZIN = "izin"
    SAKIT = "sakit"
    CUTI = "cuti"
    DINAS_LUAR = "dinas_luar"


LABEL_ATURAN = {
    JenisAturan.TANPA_KETERANGAN: "Tanpa keterangan (per hari)",
    JenisAturan.TERLAMBAT: "Terlambat masuk (per kejadian, menurut rentang menit)",
    JenisAturan.PULANG_CEPAT: "Pulang sebelum waktunya (per kejadian, menurut rentang menit)",
    JenisAturan.TIDAK_FINGER_MASUK: "Tidak finger/faceprint masuk (per kejadian)",
    JenisAturan.TIDAK_FINGER_PULANG: "Tidak finger/faceprint pulang (per kejadian)",
    JenisAturan.IZIN: "Izin (per hari)",
    JenisAturan.SAKIT: "Sakit (per hari)",
    JenisAturan.CUTI: "Cuti (per hari)",
    JenisAturan.DINAS_LUAR: "Dinas luar (per hari)",
}

BERENTANG = {JenisAturan.TERLAMBAT, JenisAturan.PULANG_CEPAT}


@dataclass(frozen=True)
class Aturan:
    """One deduction rule: ``persen`` of the base TPP per occurrence. Lateness and leaving early
    rules apply to occurrences of ``menit_dari``–``menit_sampai`` minutes (``None`` = no upper end)."""

    jenis: JenisAturan | str
    persen: Decimal
    menit_dari: int | None = None
    menit_sampai: int | None = None

    @property
    def label(self) -> str:
        jenis = JenisAturan(self.jenis)
        if jenis not in BERENTANG:
            return LABEL_ATURAN[jenis].split(" (")[0]
        nama = "Terlambat" if jenis == JenisAturan.TERLAMBAT else "Pulang cepat"
        return f"{nama} {rentang_menit(self.menit_dari, self.menit_sampai)}"

    def cocok(self, menit: int) -> bool:
        dari = self.menit_dari if self.menit_dari is not None else 1
        return menit >= dari and (self.menit_sampai is None or menit <= self.menit_sampai)


def rentang_menit(dari: int | None, sampai: int | None) -> str:
    """``(1, 30)`` → ``"1–30 menit"``; ``(91, None)`` → ``"> 90 menit"``."""
    dari = dari if dari is not None else 1
    if sampai is None:
        return f"> {dari - 1} menit" if dari > 1 else "≥ 1 menit"
    return f"{dari}–{sampai} menit"


def periksa_aturan(aturan: Sequence[Aturan]) -> list[str]:
    """Rules that cannot hold together: negative percentages, empty or overlapping minute bands,
    two rules for the same per-day kind."""
    salah = []
    for a in aturan:
        if a.persen < 0:
            salah.append(f"{a.label}: persentase tidak boleh negatif.")
        if a.persen > SERATUS:
            salah.append(f"{a.label}: persentase tidak boleh lebih dari 100 %.")
    for jenis in JenisAturan:
        sejenis = [a for a in aturan if JenisAturan(a.jenis) == jenis]
        if jenis not in BERENTANG:
            if len(sejenis) > 1:
                salah.append(f"{LABEL_ATURAN[jenis].split(' (')[0]}: hanya boleh ada satu aturan.")
            continue
        for a in sejenis:
            dari = a.menit_dari if a.menit_dari is not None else 1
            if dari < 1 or (a.menit_sampai is not None and a.menit_sampai < dari):
                salah.append(
                    f"{a.label}: rentang menit tidak sah (mulai dari 1, batas atas tidak di bawah batas bawah)."
                )
        urut = sorted(sejenis, key=lambda a: a.menit_dari if a.menit_dari is not None else 1)
        for kiri, kanan in zip(urut, urut[1:], strict=False):
            kanan_dari = kanan.menit_dari if kanan.menit_dari is not None else 1
            if kiri.menit_sampai is None or kiri.menit_sampai >= kanan_dari:
                salah.append(f"Rentang {kiri.label} dan {kanan.label} bertumpang tindih.")
    return salah


@dataclass(frozen=True)
class BarisPotongan:
    label: str
    kejadian: int
    persen_per_kejadian: Decimal

    @property
    def persen(self) -> Decimal:
        return self.persen_per_kejadian * self.kejadian


@dataclass(frozen=True)
class Potongan:
    """The deduction of one pegawai's month. ``persen`` is what is applied: the sum of the rows,
    cut to the cap (and never above 100 %); ``persen_sebelum_batas`` is the plain sum."""

    baris: tuple[BarisPotongan, ...]
    persen_sebelum_batas: Decimal
    persen: Decimal

    @property
    def dibatasi(self) -> bool:
        return self.persen < self.persen_sebelum_batas


def hitung_potongan(rekap: Rekap, aturan: Sequence[Aturan], batas_persen: Decimal | None = None) -> Potongan:
    """The deduction by the operator's rules. Each late (early) occurrence falls into the first
    band (by lower bound) that contains its minutes; occurrences outside every band cost nothing.
    The total is cut to ``batas_persen`` (the regulation's cap) and in any case to 100 %."""
    baris = []
    for a in aturan:
        jenis = JenisAturan(a.jenis)
        if jenis in BERENTANG:
            continue
        kejadian = rekap.jumlah(jenis.value)
        if kejadian:
            baris.append(BarisPotongan(a.label, kejadian, a.persen))
    for jenis, daftar in (
        (JenisAturan.TERLAMBAT, rekap.menit_terlambat),
        (JenisAturan.PULANG_CEPAT, rekap.menit_pulang_cepat),
    ):
        rentang = sorted(
            (a for a in aturan if JenisAturan(a.jenis) == jenis),
            key=lambda a: a.menit_dari if a.menit_dari is not None else 1,
        )
        hitung = [0] * len(rentang)
        for menit in daftar:
            for i, a in enumerate(rentang):
                if a.cocok(menit):
                    hitung[i] += 1
                    break
        baris.extend(BarisPotongan(a.label, n, a.persen) for a, n in zip(rentang, hitung, strict=True) if n)
    jumlah = sum((b.persen for b in baris), Decimal(0))
    batas = SERATUS if batas_persen is None else min(max(batas_persen, Decimal(0)), SERATUS)
    return Potongan(baris=tuple(baris), persen_sebelum_batas=jumlah, persen=min(max(jumlah, Decimal(0)), batas))


@dataclass(frozen=True)
class Tpp:
    dasar: Decimal
    persen_potongan: Decimal
    potongan: Decimal
    diterima: Decimal


def hitung_tpp(dasar: Decimal, persen_potongan: Decimal) -> Tpp:
    """The deduction in whole rupiah (half up) and what is paid; the deduction never exceeds the base."""
    dasar = bulatkan_rupiah(Decimal(dasar))
    if dasar < 0:
        raise ValueError("TPP dasar tidak boleh negatif")
    potongan = bulatkan_rupiah(dasar * persen_potongan / SERATUS)
    potongan = min(max(potongan, Decimal(0)), dasar)
    return Tpp(dasar=dasar, persen_potongan=persen_potongan, potongan=potongan, diterima=dasar - potongan)
