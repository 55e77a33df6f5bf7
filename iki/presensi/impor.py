"""Reading an attendance machine's export (CSV or Excel) into a month's recap, and saving it.

``baca(...) -> HasilBaca`` reads and checks, touching no database: it is given the unit's pegawai,
holidays and office hours. Every problem is a ``Kesalahan`` located by row and column as the user
sees the file (row 1 is the first line of the file or sheet). ``simpan_rekap(...)`` then saves a
clean result in one transaction, replacing the month's recap: all or nothing.

Two layouts are accepted (docs/impor-presensi.md):

- **harian**: one row per pegawai per day: NIP or Nama, Tanggal, Jam Masuk, Jam Pulang and
  optionally Keterangan (H, I, S, C, DL, TK).
- **rekap**: one row per pegawai for the month: NIP or Nama, Hadir, Izin, Sakit, Cuti, Dinas Luar,
  Tanpa Keterangan, Tidak Finger Masuk, Tidak Finger Pulang, Menit Terlambat, Menit Pulang Cepat
  (minutes per occurrence, e.g. ``15 40``), optionally Hari Kerja (checked against the calendar).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from iki.inti import angka
from iki.inti.angka import NAMA_BULAN
from iki.presensi import hitung
from iki.umum.unggahan import (
    AKHIRAN_MAKRO,
    BerkasDitolak,
    Kesalahan,
    baca_berkas_unggahan,
    baris_aman,
    buka_workbook,
    tampak_workbook,
)

MAKS_BARIS = 20_000
BARIS_CARI_JUDUL = 20

HARIAN = "harian"
REKAP = "rekap"

_BOM_UTF8 = b"\xef\xbb\xbf"

# Column names as exports and people write them (normalised: lower case, letters and digits only).
KOLOM = {
    "nip": ["nip", "nip baru", "no induk pegawai", "nomor induk pegawai"],
    "nama": ["nama", "nama pegawai", "nama lengkap", "nama pns"],
    "tanggal": ["tanggal", "tgl", "date", "hari tanggal"],
    "jam_masuk": ["jam masuk", "masuk", "scan masuk", "jam datang", "datang", "check in", "checkin", "absen masuk"],
    "jam_pulang": [
        "jam pulang",
        "pulang",
        "scan pulang",
        "jam keluar",
        "keluar",
        "check out",
        "checkout",
        "absen pulang",
    ],
    "keterangan": ["keterangan", "ket", "status"],
    "hari_kerja": ["hari kerja", "jumlah hari kerja", "hk"],
    "hadir": ["hadir", "jumlah hadir"],
    "izin": ["izin", "ijin"],
    "sakit": ["sakit"],
    "cuti": ["cuti"],
    "dinas_luar": ["dinas luar", "dl"],
    "tanpa_keterangan": ["tanpa keterangan", "tk", "alpa", "alpha", "mangkir"],
    "tidak_finger_masuk": [
        "tidak finger masuk",
        "tidak fingerprint masuk",
        "tidak absen masuk",
        "tfm",
        "tidak faceprint masuk",
    ],
    "tidak_finger_pulang": [
        "tidak finger pulang",
        "tidak fingerprint pulang",
        "tidak absen pulang",
        "tfp",
        "tidak faceprint pulang",
    ],
    "menit_terlambat": ["menit terlambat", "terlambat menit", "terlambat", "tl"],
    "menit_pulang_cepat": ["menit pulang cepat", "pulang cepat menit", "pulang cepat", "psw"],
}
_KOLOM_PER_NAMA = {nama: kunci for kunci, daftar in KOLOM.items() for nama in daftar}
HITUNGAN_REKAP = hitung.HITUNGAN_REKAP


@dataclass(frozen=True)
class PegawaiDikenal:
    id: int
    nip: str
    nama: str


@dataclass
class HasilBaca:
    tata_letak: str = ""
    rekap: dict[int, hitung.Rekap] = field(default_factory=dict)
    kesalahan: list[Kesalahan] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)
    jumlah_baris: int = 0
    hari_kerja: int = 0

    @property
    def sah(self) -> bool:
        return not self.kesalahan and bool(self.rekap)


class _Tolak(Exception):
    """The file as a whole cannot be read."""

    def __init__(self, kesalahan: Kesalahan):
        self.kesalahan = kesalahan


# --- Reading the table -----------------------------------------------------------------------------


def _normal(teks) -> str:
    teks = unicodedata.normalize("NFKC", str(teks or "")).lower()
    return re.sub(r"[^0-9a-z]+", " ", teks).strip()


def _baca_bita(sumber) -> bytes:
    try:
        data = baca_berkas_unggahan(sumber)
    except BerkasDitolak as e:
        raise _Tolak(Kesalahan(e.pesan)) from None
    if not data.strip():
        raise _Tolak(Kesalahan("Berkas kosong."))
    return data


def _dekode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Excel's "CSV" on Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise _Tolak(_salah_dekode(data, e, "UTF-16")) from None
    if data.startswith(_BOM_UTF8):
        try:
            return data[len(_BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as e:
            raise _Tolak(_salah_dekode(data[len(_BOM_UTF8) :], e, "UTF-8")) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as e:
        raise _Tolak(_salah_dekode(data, e, "UTF-8 maupun Windows-1252")) from None


def _salah_dekode(data: bytes, e: UnicodeDecodeError, nama: str) -> Kesalahan:
    baris = data[: e.start].count(b"\n") + 1
    return Kesalahan(
        f"Berkas tidak dapat dibaca sebagai teks {nama} (bita 0x{data[e.start]:02X} tidak sah). "
        "Simpan ulang sebagai CSV UTF-8 atau unggah berkas Excel (.xlsx).",
        baris=baris,
    )


def _baris_csv(teks: str) -> Iterable[tuple[int, list]]:
    """Rows with their line numbers; each delimiter (; , tab) is tried until one shows a header."""
    teks = teks.replace("\x00", "")
    for pemisah in (";", ",", "\t"):
        pembaca = csv.reader(io.StringIO(teks, newline=""), delimiter=pemisah)
        baris = []
        try:
            awal = pembaca.line_num + 1
            for isi in pembaca:
                baris.append((awal, isi))
                awal = pembaca.line_num + 1
                if len(baris) > MAKS_BARIS + BARIS_CARI_JUDUL:
                    raise _Tolak(Kesalahan(f"Berkas terlalu panjang (lebih dari {MAKS_BARIS} baris)."))
        except csv.Error as e:
            raise _Tolak(Kesalahan(f"Format CSV rusak: {e}.", baris=pembaca.line_num)) from None
        if _cari_judul(baris) is not None:
            return baris
    return baris


def _baris_xlsx(data: bytes, nama_berkas: str) -> list[tuple[int, list]]:
    """The rows of the first sheet with a known header row (else of the first sheet), read through
    the workbook gate (iki.umum.unggahan)."""
    try:
        buku = buka_workbook(data, nama=nama_berkas, data_only=True)
        try:
            pertama = None
            for lembar in buku.worksheets:
                baris = []
                for nomor, isi in enumerate(baris_aman(lembar, values_only=True), start=1):
                    baris.append((nomor, list(isi)))
                    if len(baris) > MAKS_BARIS + BARIS_CARI_JUDUL:
                        raise _Tolak(
                            Kesalahan(f"Lembar {lembar.title} terlalu panjang (lebih dari {MAKS_BARIS} baris).")
                        )
                if _cari_judul(baris) is not None:
                    return baris
                pertama = baris if pertama is None else pertama
            return pertama or []
        finally:
            buku.close()
    except BerkasDitolak as e:
        raise _Tolak(Kesalahan(e.pesan)) from None


def _baca_tabel(data: bytes, nama_berkas: str) -> list[tuple[int, list]]:
    # A workbook by its content (or a macro workbook by its name) goes through the gate; an
    # export that is text, whatever its name, is read as CSV.
    if tampak_workbook(data) or (nama_berkas or "").lower().endswith(AKHIRAN_MAKRO):
        return _baris_xlsx(data, nama_berkas)
    if data.startswith(b"%PDF"):
        raise _Tolak(
            Kesalahan("Berkas PDF tidak dapat diimpor. Unduh data dari mesin presensi sebagai CSV atau Excel.")
        )
    return _baris_csv(_dekode(data))


def _cari_judul(baris: Sequence[tuple[int, list]]) -> tuple[int, dict[str, tuple[int, str]]] | None:
    """The header row among the first rows (exports often put a title above it): its index and
    ``{kunci: (column index, header as written)}``."""
    for i, (_, isi) in enumerate(baris[:BARIS_CARI_JUDUL]):
        kolom = {}
        for j, sel in enumerate(isi):
            kunci = _KOLOM_PER_NAMA.get(_normal(sel))
            if kunci and kunci not in kolom:
                kolom[kunci] = (j, str(sel).strip())
        punya_identitas = "nip" in kolom or "nama" in kolom
        if punya_identitas and ("tanggal" in kolom or "hadir" in kolom):
            return i, kolom
    return None


# --- Cells -----------------------------------------------------------------------------------------


def _kosong(nilai) -> bool:
    return nilai is None or (isinstance(nilai, str) and nilai.strip() in ("", "-", "--", "--:--", "—", "–"))


_BULAN_TEKS = {_normal(n): i for i, n in enumerate(NAMA_BULAN, start=1)} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "agustus": 8,
    "sep": 9,
    "okt": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
    "may": 5,
    "aug": 8,
    "oct": 10,
    "dec": 12,
}


def baca_tanggal(nilai) -> date:
    """A date as exports write it: a date cell, ``2023-05-02``, ``02/05/2023`` (day first, as in
    Indonesia), ``2-5-2023``, ``02.05.2023``, ``2 Mei 2023``; a time after it is ignored."""
    if isinstance(nilai, datetime):
        return nilai.date()
    if isinstance(nilai, date):
        return nilai
    teks = str(nilai).strip()
    teks = re.sub(r"^(senin|selasa|rabu|kamis|jumat|jum at|sabtu|minggu)\W+", "", teks, flags=re.I)
    teks = re.split(r"[ T](?=\d{1,2}[:.]\d{2})", teks)[0].strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", teks):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", teks):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})", teks):
            bulan = _BULAN_TEKS.get(_normal(m[2]))
            if bulan:
                return date(int(m[3]), bulan, int(m[1]))
    except ValueError:
        raise ValueError(f"Tanggal {teks!r} tidak ada di kalender") from None
    raise ValueError(f"Tanggal {teks!r} tidak dikenali: tulis sebagai 2023-05-02 atau 02/05/2023")


def baca_jam(nilai) -> time | None:
    """A time: a time cell, ``07:25``, ``7.25``, ``07:25:13``, or Excel's fraction of a day."""
    if _kosong(nilai):
        return None
    if isinstance(nilai, datetime):
        return nilai.time().replace(microsecond=0)
    if isinstance(nilai, time):
        return nilai.replace(microsecond=0)
    if isinstance(nilai, timedelta):
        nilai = nilai.total_seconds() / 86400
    if isinstance(nilai, int | float) and not isinstance(nilai, bool):
        if not 0 <= nilai < 1:
            raise ValueError(f"Jam {nilai!r} tidak dikenali: tulis sebagai 07:30")
        detik = round(nilai * 86400)
        return time(detik // 3600, detik % 3600 // 60, detik % 60) if detik < 86400 else time(23, 59, 59)
    teks = str(nilai).strip()
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?", teks)
    if not m:
        raise ValueError(f"Jam {teks!r} tidak dikenali: tulis sebagai 07:30 atau 07.30")
    jam, menit, detik = int(m[1]), int(m[2]), int(m[3] or 0)
    if jam > 23 or menit > 59 or detik > 59:
        raise ValueError(f"Jam {teks!r} tidak ada (jam 0–23, menit 0–59)")
    return time(jam, menit, detik)


def baca_nip(nilai) -> str:
    """18 digits; spaces and the apostrophe Excel users type to keep it text are dropped."""
    if isinstance(nilai, float) or (isinstance(nilai, int) and not isinstance(nilai, bool) and nilai > 10**15):
        raise ValueError(
            "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang; "
            "format kolom NIP sebagai Teks lalu ketik ulang"
        )
    teks = re.sub(r"\s+", "", str(nilai)).lstrip("'")
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", teks):
        raise ValueError(
            f"NIP tertulis {teks} (bentuk angka ilmiah Excel); format kolom NIP sebagai Teks lalu ketik ulang"
        )
    if not re.fullmatch(r"\d{18}", teks):
        raise ValueError(f"NIP {teks!r} tidak sah: NIP terdiri dari 18 angka")
    return teks


def baca_hitungan(nilai) -> int:
    """A whole number of days (``3``, ``3.0`` from Excel, ``"3"``); empty is 0; negatives refused.
    Text is read as people type numbers (``angka.parse_angka``): ``"1.000"`` is a thousand, not one."""
    if _kosong(nilai):
        return 0
    if isinstance(nilai, bool):
        raise ValueError("Isi dengan bilangan bulat")
    teks = str(nilai).strip()
    try:
        hari = Decimal(repr(nilai)) if isinstance(nilai, float) else Decimal(nilai) if isinstance(nilai, int) else (
            angka.parse_angka(teks)
        )
    except (InvalidOperation, ValueError):
        raise ValueError(f"{teks!r} bukan bilangan bulat") from None
    if not hari.is_finite() or hari != hari.to_integral_value():
        raise ValueError(f"{teks!r} bukan bilangan bulat")
    if hari < 0:
        raise ValueError(f"Jumlah hari tidak boleh negatif ({hari})")
    if hari > 31:
        raise ValueError(f"{angka.format_ringkas(hari)} melebihi jumlah hari dalam sebulan")
    return int(hari)


def _nama_kunci(nama: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", nama)).strip().casefold()


# --- Reading a whole file --------------------------------------------------------------------------


def baca(
    sumber,
    *,
    nama_berkas: str,
    tahun: int,
    bulan: int,
    pegawai: Sequence[PegawaiDikenal],
    libur: Iterable[date] = (),
    jam: hitung.JamKerja | None = None,
    nama_unit: str = "unit ini",
    hari_ini: date,
) -> HasilBaca:
    """Read and check an export for the month. Nothing is saved here. A month that has not
    ended (by ``hari_ini``) is refused before the file is opened."""
    jam = jam or hitung.JamKerja()
    hari = hitung.hari_kerja(tahun, bulan, libur)
    hasil = HasilBaca(hari_kerja=len(hari))
    if alasan := hitung.periksa_bulan(tahun, bulan, hari_ini=hari_ini):
        hasil.kesalahan.append(Kesalahan(alasan))
        return hasil
    try:
        baris = _baca_tabel(_baca_bita(sumber), nama_berkas)
    except _Tolak as e:
        hasil.kesalahan.append(e.kesalahan)
        return hasil
    judul = _cari_judul(baris)
    if judul is None:
        hasil.kesalahan.append(
            Kesalahan(
                "Baris judul kolom tidak ditemukan. Harian: NIP (atau Nama), Tanggal, Jam Masuk, Jam Pulang. "
                "Rekap: NIP (atau Nama), Hadir, Izin, Sakit, Cuti, Dinas Luar, Tanpa Keterangan, "
                "Tidak Finger Masuk, Tidak Finger Pulang, Menit Terlambat, Menit Pulang Cepat."
            )
        )
        return hasil
    indeks_judul, kolom = judul
    isi = [(n, r) for n, r in baris[indeks_judul + 1 :] if any(not _kosong(s) for s in r)]
    hasil.jumlah_baris = len(isi)
    if not isi:
        hasil.kesalahan.append(
            Kesalahan("Berkas tidak berisi data di bawah baris judul.", baris=baris[indeks_judul][0])
        )
        return hasil
    cari = _PencariPegawai(pegawai, nama_unit)
    if "tanggal" in kolom:
        hasil.tata_letak = HARIAN
        _baca_harian(isi, kolom, cari, tahun, bulan, hari, jam, hasil)
    else:
        hasil.tata_letak = REKAP
        _baca_rekap(isi, kolom, cari, hari, hasil)
    if not hasil.kesalahan:
        tidak_ada = [p for p in pegawai if p.id not in hasil.rekap]
        if tidak_ada:
            hasil.peringatan.append(
                f"{len(tidak_ada)} pegawai tidak ada dalam berkas dan tidak masuk rekap: "
                + ", ".join(p.nama for p in tidak_ada[:10])
                + (" …" if len(tidak_ada) > 10 else "")
                + ". Rekap mereka dapat diisi manual."
            )
    else:
        hasil.rekap = {}
    return hasil


class _PencariPegawai:
    def __init__(self, pegawai: Sequence[PegawaiDikenal], nama_unit: str):
        self.per_nip = {p.nip: p for p in pegawai}
        self.per_nama: dict[str, list[PegawaiDikenal]] = {}
        for p in pegawai:
            self.per_nama.setdefault(_nama_kunci(p.nama), []).append(p)
        self.nama_unit = nama_unit

    def cari(self, isi: list, kolom: dict) -> tuple[PegawaiDikenal, str]:
        """The pegawai of a row by NIP (or by name when there is no NIP); ``ValueError`` naming the
        column at fault as ``(kolom, pesan)``."""
        nip_sel = _sel(isi, kolom, "nip")
        if not _kosong(nip_sel):
            try:
                nip = baca_nip(nip_sel)
            except ValueError as e:
                raise ValueError((kolom["nip"][1], str(e))) from None
            if nip not in self.per_nip:
                raise ValueError((kolom["nip"][1], f"NIP {nip} tidak terdaftar sebagai pegawai {self.nama_unit}"))
            return self.per_nip[nip], kolom["nip"][1]
        nama_sel = _sel(isi, kolom, "nama")
        if _kosong(nama_sel):
            kol = kolom.get("nip", kolom.get("nama"))[1]
            raise ValueError((kol, "NIP atau nama pegawai kosong"))
        calon = self.per_nama.get(_nama_kunci(str(nama_sel)), [])
        if not calon:
            raise ValueError(
                (kolom["nama"][1], f"Pegawai bernama {str(nama_sel).strip()!r} tidak terdaftar di {self.nama_unit}")
            )
        if len(calon) > 1:
            raise ValueError(
                (kolom["nama"][1], f"Ada {len(calon)} pegawai bernama {str(nama_sel).strip()!r}; isi kolom NIP")
            )
        return calon[0], kolom["nama"][1]


def _sel(isi: list, kolom: dict, kunci: str):
    if kunci not in kolom:
        return None
    j = kolom[kunci][0]
    return isi[j] if j < len(isi) else None


def _baca_harian(isi, kolom, cari: _PencariPegawai, tahun, bulan, hari, jam, hasil: HasilBaca) -> None:
    per_pegawai: dict[int, list[hitung.BarisHarian]] = {}
    dilihat: dict[tuple[int, date], int] = {}
    hari_kerja = set(hari)
    bukan_hari_kerja = 0
    for nomor, r in isi:
        salah_baris = []
        try:
            p, _ = cari.cari(r, kolom)
        except ValueError as e:
            kol, pesan = e.args[0]
            hasil.kesalahan.append(Kesalahan(pesan, baris=nomor, kolom=kol))
            p = None
        try:
            tanggal = baca_tanggal(_sel(r, kolom, "tanggal")) if not _kosong(_sel(r, kolom, "tanggal")) else None
            if tanggal is None:
                raise ValueError("Tanggal kosong")
        except ValueError as e:
            salah_baris.append(Kesalahan(str(e), baris=nomor, kolom=kolom["tanggal"][1]))
            tanggal = None
        if tanggal is not None and (tanggal.year, tanggal.month) != (tahun, bulan):
            salah_baris.append(
                Kesalahan(
                    f"Tanggal {angka.format_tanggal(tanggal)} di luar bulan {angka.nama_bulan(bulan, tahun)}",
                    baris=nomor,
                    kolom=kolom["tanggal"][1],
                )
            )
        masuk = pulang = None
        for kunci in ("jam_masuk", "jam_pulang"):
            try:
                nilai = baca_jam(_sel(r, kolom, kunci))
            except ValueError as e:
                salah_baris.append(Kesalahan(str(e), baris=nomor, kolom=kolom[kunci][1]))
                continue
            if kunci == "jam_masuk":
                masuk = nilai
            else:
                pulang = nilai
        if masuk and pulang and pulang < masuk:
            salah_baris.append(
                Kesalahan(
                    f"Jam pulang {angka.format_jam(pulang)} lebih awal dari jam masuk {angka.format_jam(masuk)}",
                    baris=nomor,
                    kolom=kolom["jam_pulang"][1],
                )
            )
        try:
            keterangan = hitung.baca_keterangan(_sel(r, kolom, "keterangan") if "keterangan" in kolom else "")
        except ValueError as e:
            salah_baris.append(Kesalahan(str(e), baris=nomor, kolom=kolom["keterangan"][1]))
            keterangan = hitung.Keterangan.HADIR
        if p is not None and tanggal is not None:
            sebelumnya = dilihat.get((p.id, tanggal))
            if sebelumnya is not None:
                salah_baris.append(
                    Kesalahan(
                        f"Baris ganda: {p.nama} tanggal {angka.format_tanggal(tanggal)} "
                        f"sudah ada di baris {sebelumnya}",
                        baris=nomor,
                    )
                )
            else:
                dilihat[(p.id, tanggal)] = nomor
        hasil.kesalahan.extend(salah_baris)
        if salah_baris or p is None:
            continue
        if tanggal not in hari_kerja:
            bukan_hari_kerja += 1
            continue
        per_pegawai.setdefault(p.id, []).append(hitung.BarisHarian(tanggal, masuk, pulang, keterangan))
    if bukan_hari_kerja:
        hasil.peringatan.append(
            f"{bukan_hari_kerja} baris pada hari Sabtu/Minggu atau hari libur tidak dihitung sebagai hari kerja."
        )
    pegawai_dalam_berkas = {pid for pid, _ in dilihat}
    for pid in pegawai_dalam_berkas:
        hasil.rekap[pid] = hitung.rekap_harian(per_pegawai.get(pid, []), hari, jam)


def _baca_rekap(isi, kolom, cari: _PencariPegawai, hari, hasil: HasilBaca) -> None:
    dilihat: dict[int, int] = {}
    for nomor, r in isi:
        salah_baris = []
        try:
            p, _ = cari.cari(r, kolom)
        except ValueError as e:
            kol, pesan = e.args[0]
            salah_baris.append(Kesalahan(pesan, baris=nomor, kolom=kol))
            p = None
        rekap = hitung.Rekap(hari_kerja=len(hari))
        for kunci in HITUNGAN_REKAP:
            if kunci not in kolom:
                continue
            try:
                setattr(rekap, kunci, baca_hitungan(_sel(r, kolom, kunci)))
            except ValueError as e:
                salah_baris.append(Kesalahan(str(e), baris=nomor, kolom=kolom[kunci][1]))
        for kunci in ("menit_terlambat", "menit_pulang_cepat"):
            if kunci not in kolom:
                continue
            nilai = _sel(r, kolom, kunci)
            if isinstance(nilai, float) and nilai.is_integer():
                nilai = int(nilai)
            try:
                setattr(rekap, kunci, hitung.baca_daftar_menit(None if _kosong(nilai) else nilai))
            except ValueError as e:
                salah_baris.append(Kesalahan(str(e), baris=nomor, kolom=kolom[kunci][1]))
        if "hari_kerja" in kolom and not salah_baris:
            try:
                tertulis = baca_hitungan(_sel(r, kolom, "hari_kerja"))
            except ValueError as e:
                salah_baris.append(Kesalahan(str(e), baris=nomor, kolom=kolom["hari_kerja"][1]))
            else:
                if tertulis != len(hari):
                    salah_baris.append(
                        Kesalahan(
                            f"Hari kerja {tertulis} berbeda dengan kalender unit ({len(hari)} hari kerja). "
                            "Periksa daftar hari libur.",
                            baris=nomor,
                            kolom=kolom["hari_kerja"][1],
                        )
                    )
        if not salah_baris:
            salah_baris.extend(Kesalahan(pesan, baris=nomor) for pesan in hitung.periksa_rekap(rekap))
        if p is not None:
            if p.id in dilihat:
                salah_baris.append(Kesalahan(f"Baris ganda: {p.nama} sudah ada di baris {dilihat[p.id]}", baris=nomor))
            else:
                dilihat[p.id] = nomor
        hasil.kesalahan.extend(salah_baris)
        if not salah_baris and p is not None:
            hasil.rekap[p.id] = rekap


# --- Saving ----------------------------------------------------------------------------------------


class RekapDitolak(Exception):
    def __init__(self, pesan: str):
        self.pesan = pesan
        super().__init__(pesan)


@transaction.atomic
def simpan_rekap(
    *,
    unit,
    tahun: int,
    bulan: int,
    rekap: dict[int, hitung.Rekap],
    hari_kerja: int,
    sumber: str,
    nama_berkas: str = "",
    oleh=None,
    hari_ini: date,
):
    """Replace the month's recap with ``rekap`` (pegawai id → Rekap), all or nothing."""
    from iki.models import Pegawai, PresensiBulan, RekapPresensi

    if alasan := hitung.periksa_bulan(tahun, bulan, hari_ini=hari_ini):
        raise RekapDitolak(alasan)
    milik_unit = set(Pegawai.objects.filter(unit=unit, id__in=rekap.keys()).values_list("id", flat=True))
    if milik_unit != set(rekap):
        raise RekapDitolak("Sebagian pegawai bukan pegawai unit ini; tidak ada yang disimpan.")
    for pid, r in rekap.items():
        salah = hitung.periksa_rekap(r)
        if salah:
            raise RekapDitolak(f"Rekap pegawai #{pid} tidak sah: {' '.join(salah)}")
    bulan_obj, _ = PresensiBulan.objects.update_or_create(
        unit=unit,
        tahun=tahun,
        bulan=bulan,
        defaults={
            "hari_kerja": hari_kerja,
            "sumber": sumber,
            "nama_berkas": nama_berkas[:200],
            "diperbarui_oleh": oleh,
        },
    )
    bulan_obj.rekap.all().delete()
    baris = []
    for pid, r in rekap.items():
        obj = RekapPresensi(presensi=bulan_obj, pegawai_id=pid)
        obj.isi_dari(r)
        baris.append(obj)
    bulk_create_with_history(baris, RekapPresensi, default_user=oleh)
    return bulan_obj


@transaction.atomic
def simpan_rekap_pegawai(
    *, unit, tahun: int, bulan: int, pegawai, rekap: hitung.Rekap, oleh=None, catatan: str = "", hari_ini: date
):
    """Key in (or correct) one pegawai's month."""
    from iki.models import PresensiBulan, RekapPresensi

    if alasan := hitung.periksa_bulan(tahun, bulan, hari_ini=hari_ini):
        raise RekapDitolak(alasan)
    if pegawai.unit_id != unit.id:
        raise RekapDitolak("Pegawai bukan pegawai unit ini.")
    salah = hitung.periksa_rekap(rekap)
    if salah:
        raise RekapDitolak(" ".join(salah))
    bulan_obj, dibuat = PresensiBulan.objects.get_or_create(
        unit=unit,
        tahun=tahun,
        bulan=bulan,
        defaults={"hari_kerja": rekap.hari_kerja, "sumber": PresensiBulan.MANUAL, "diperbarui_oleh": oleh},
    )
    if not dibuat:
        bulan_obj.diperbarui_oleh = oleh
        bulan_obj.save(update_fields=["diperbarui_oleh", "diperbarui"])
    obj = RekapPresensi.objects.filter(presensi=bulan_obj, pegawai=pegawai).first() or RekapPresensi(
        presensi=bulan_obj, pegawai=pegawai
    )
    obj.isi_dari(rekap)
    obj.catatan = catatan
    obj.save()
    return obj
