"""A whole IKI set as one Excel workbook: export, and import into an empty year of a unit.

The layout is documented in docs/impor-set-iki.md. Reading and checking an upload is separate
from saving it (house style): ``read(berkas) -> (SetIKI | None, [Kesalahan])`` never writes;
``save(rows=..., unit=..., tahun=..., user=...)`` writes everything in one transaction.
``tulis(tahun)`` writes the same layout, so export → import reproduces a set exactly.

An upload passes the workbook gate (iki.umum.unggahan: size, an intact plain .xlsx without macros,
no zip bomb) before openpyxl opens it; rows are read with its ``baris_aman``.
"""

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from iki.inti.angka import parse_angka
from iki.inti.rumus import Rumus, RumusError
from iki.models import (
    BarisIKI,
    Indikator,
    Jabatan,
    Konstanta,
    NarasiDokumen,
    PeriodeRenstra,
    Sasaran,
    TahunIKI,
    Target,
    UraianJabatan,
    Variabel,
)
from iki.models.dokumen import BAGIAN_NARASI
from iki.set_iki.dokumen import narasi_bawaan, placeholder_asing
from iki.umum.excel import tulis_teks
from iki.umum.unggahan import MAKS_BITA, BerkasDitolak, Kesalahan, baca_berkas_unggahan, baris_aman, buka_workbook
from iki.umum.versi import naikkan_versi

MAKS_BARIS = 5000  # data rows, all sheets together
MAKS_BARIS_FISIK = 20000  # rows read per sheet, empty ones included
MAKS_KOLOM = 40

_KODE = re.compile(r"^[a-z][a-z0-9_]*$")
_ATURAN_KODE = "huruf kecil, angka dan garis bawah, diawali huruf."
_SERATUS = Decimal("0.01")


def _kesalahan(lembar: str | None, baris: int | None, kolom: str | None, pesan: str) -> Kesalahan:
    """A located error of this workbook: its sheets are the template's own, named without quotes."""
    return Kesalahan(pesan, lembar=lembar, baris=baris, kolom=kolom, kutip_lembar=False)


@dataclass(frozen=True)
class Kolom:
    judul: str
    kunci: str
    wajib: bool = False
    maks: int = 200
    jenis: str = "teks"  # teks | angka | pilihan
    pilihan: dict | None = None
    bawaan: object = ""
    lebar: int = 18


POLARITAS = {
    "naik": "naik",
    "semakin tinggi semakin baik": "naik",
    "turun": "turun",
    "semakin rendah semakin baik": "turun",
}
JENIS_INDIKATOR = {"rumus": Indikator.RUMUS, "survei": Indikator.SURVEI, "selisih": Indikator.SELISIH}
SIFAT_TARGET = {"tetap": "tetap", "proporsional": "proporsional"}
CARA_GABUNG = {"jumlah": "jumlah", "terakhir": "terakhir", "nilai terakhir": "terakhir", "rata": "rata",
               "rata-rata": "rata"}
YA_TIDAK = {"ya": True, "tidak": False}
# Variabel.desimal: 0 for counts (the default), 1 or 2 for averages of days, hours, amounts.
DESIMAL = {"0": 0, "1": 1, "2": 2}
JENIS_URAIAN = {"tugas": UraianJabatan.TUGAS, "fungsi": UraianJabatan.FUNGSI}
BAGIAN = {kunci: kunci for kunci, _ in BAGIAN_NARASI}
PERIODE_TARGET = [("target", "tahun"), ("target_tw1", "tw1"), ("target_tw2", "tw2"), ("target_tw3", "tw3"),
                  ("target_tw4", "tw4")]

# Sheet → columns, in the order export writes them (import matches headers by name).
LEMBAR: dict[str, list[Kolom]] = {
    "Konstanta": [
        Kolom("Kode", "kode", True, 40, lebar=16),
        Kolom("Nama", "nama", True, 150, lebar=30),
        Kolom("Satuan", "satuan", False, 40, lebar=12),
        Kolom("Nilai", "nilai", True, jenis="angka", lebar=12),
    ],
    "Jabatan": [
        Kolom("Kode", "kode", True, 40, lebar=20),
        Kolom("Nama", "nama", True, 200, lebar=50),
        Kolom("Judul Tugas", "judul_tugas", False, 200, lebar=30),
        Kolom("Atasan", "atasan", False, 40, lebar=20),
    ],
    "Uraian": [
        Kolom("Jabatan", "jabatan", True, 40, lebar=20),
        Kolom("Jenis", "jenis", True, jenis="pilihan", pilihan=JENIS_URAIAN, lebar=10),
        Kolom("Teks", "teks", True, 5000, lebar=90),
    ],
    "Sasaran": [
        Kolom("Kode", "kode", True, 40, lebar=10),
        Kolom("Sasaran", "teks", True, 2000, lebar=90),
    ],
    "Indikator": [
        Kolom("Kode", "kode", True, 40, lebar=18),
        Kolom("Nama", "nama", True, 300, lebar=50),
        Kolom("Satuan", "satuan", True, 40, lebar=10),
        Kolom("Polaritas", "polaritas", True, jenis="pilihan", pilihan=POLARITAS, lebar=10),
        Kolom("Jenis", "jenis", True, jenis="pilihan", pilihan=JENIS_INDIKATOR, lebar=10),
        Kolom("Rumus", "rumus", False, 500, lebar=40),
        Kolom("Penjelasan", "penjelasan", False, 5000, lebar=30),
        Kolom("Sumber Data", "sumber_data", False, 200, lebar=25),
        Kolom("Penanggung Jawab", "penanggung_jawab", False, 40, lebar=20),
        Kolom("Sifat Target", "sifat_target", False, jenis="pilihan", pilihan=SIFAT_TARGET, bawaan="tetap", lebar=14),
        Kolom("Wajib Bukti", "wajib_bukti", False, jenis="pilihan", pilihan=YA_TIDAK, bawaan=False, lebar=12),
        Kolom("Target Tahunan", "target", False, jenis="angka", bawaan=None, lebar=14),
        Kolom("Target TW I", "target_tw1", False, jenis="angka", bawaan=None, lebar=12),
        Kolom("Target TW II", "target_tw2", False, jenis="angka", bawaan=None, lebar=12),
        Kolom("Target TW III", "target_tw3", False, jenis="angka", bawaan=None, lebar=12),
        Kolom("Target TW IV", "target_tw4", False, jenis="angka", bawaan=None, lebar=12),
        Kolom("Target Paling Tinggi", "target_maks", False, jenis="angka", bawaan=None, lebar=14),
    ],
    "Variabel": [
        Kolom("Indikator", "indikator", True, 40, lebar=18),
        Kolom("Kode", "kode", True, 40, lebar=22),
        Kolom("Nama", "nama", True, 300, lebar=50),
        Kolom("Satuan", "satuan", False, 40, lebar=12),
        Kolom("Cara Gabung", "cara_gabung", True, jenis="pilihan", pilihan=CARA_GABUNG, lebar=14),
        Kolom("Pengisi", "pengisi", False, 40, lebar=20),
        Kolom("Desimal", "desimal", False, jenis="pilihan", pilihan=DESIMAL, bawaan=0, lebar=10),
    ],
    "Baris": [
        Kolom("Jabatan", "jabatan", True, 40, lebar=20),
        Kolom("Sasaran", "sasaran", True, 40, lebar=10),
        Kolom("Indikator", "indikator", True, 40, lebar=18),
        Kolom("Nama Tercetak", "teks_indikator", False, 300, lebar=50),
        Kolom("Sumber Data", "sumber_data", False, 200, lebar=30),
    ],
    "Narasi": [
        Kolom("Bagian", "bagian", True, jenis="pilihan", pilihan=BAGIAN, lebar=20),
        Kolom("Teks", "teks", False, 30000, lebar=100),
    ],
}
LEMBAR_WAJIB = {"Jabatan", "Sasaran", "Indikator", "Baris"}
KOLOM_KUNCI = {nama: {k.kunci: k for k in kolom} for nama, kolom in LEMBAR.items()}

PETUNJUK = [
    "Set IKI dalam satu buku kerja. Baris 1 setiap lembar adalah judul kolom; data mulai baris 2.",
    "Urutan baris menentukan urutan cetak (jabatan, uraian tugas/fungsi, indikator, variabel, baris IKI).",
    "Kode: huruf kecil, angka dan garis bawah, diawali huruf (contoh: kasi_pemerintahan, ktp_tepat).",
    "Jabatan.Atasan, Uraian.Jabatan, Indikator.Penanggung Jawab, Variabel.Pengisi, Baris.Jabatan: kode jabatan.",
    "Baris.Sasaran: kode sasaran (lembar Sasaran); Baris.Indikator dan Variabel.Indikator: kode indikator.",
    "Rumus memakai kode variabel indikator itu dan kode konstanta, angka, kurung, + dan -, kali (* x ×), "
    "bagi (/ : ÷) dan % di akhir (a : b x 100 %); "
    "indikator jenis selisih memakai nama 'target'. Indikator jenis survei tidak memakai rumus.",
    "Polaritas: naik | turun. Jenis: rumus | survei | selisih. Sifat Target: tetap | proporsional. "
    "Wajib Bukti: ya | tidak. Cara Gabung: jumlah | terakhir | rata. Uraian.Jenis: tugas | fungsi.",
    "Variabel.Desimal: angka di belakang koma yang boleh diisi, 0 | 1 | 2 (kosong = 0, untuk hitungan).",
    "Angka boleh berupa angka Excel atau teks Indonesia (1.234,5). Jangan memakai rumus Excel di sel.",
    "Lembar Narasi (boleh tidak ada): teks BAB I–III; tanpa lembar ini dipakai teks bawaan.",
    f"Paling banyak {MAKS_BARIS} baris data; berkas .xlsx paling besar {MAKS_BITA // (1024 * 1024)} MB, tanpa makro.",
]


@dataclass
class SetIKI:
    konstanta: list[dict] = field(default_factory=list)
    jabatan: list[dict] = field(default_factory=list)
    uraian: list[dict] = field(default_factory=list)
    sasaran: list[dict] = field(default_factory=list)
    indikator: list[dict] = field(default_factory=list)
    variabel: list[dict] = field(default_factory=list)
    baris: list[dict] = field(default_factory=list)
    narasi: list[dict] = field(default_factory=list)

    def ringkasan(self) -> dict[str, int]:
        return {
            "jabatan": len(self.jabatan),
            "uraian": len(self.uraian),
            "sasaran": len(self.sasaran),
            "indikator": len(self.indikator),
            "variabel": len(self.variabel),
            "konstanta": len(self.konstanta),
            "baris": len(self.baris),
            "target": sum(1 for i in self.indikator for k, _ in PERIODE_TARGET if i[k] is not None),
            "narasi": len(self.narasi),
        }

    def baris_per_jabatan(self) -> list[tuple[str, str, int]]:
        hitung: dict[str, int] = defaultdict(int)
        for b in self.baris:
            hitung[b["jabatan"]] += 1
        return [(j["kode"], j["nama"], hitung[j["kode"]]) for j in self.jabatan]


# --- Reading ---------------------------------------------------------------------------------------


def _normal(teks) -> str:
    return " ".join(str(teks).split()).casefold()


def _sebagai_teks(nilai) -> str:
    if nilai is None:
        return ""
    if isinstance(nilai, bool):
        return "ya" if nilai else "tidak"
    if isinstance(nilai, float) and nilai.is_integer():
        return str(int(nilai))
    return str(nilai).strip()


def _sebagai_angka(nilai) -> Decimal:
    """Decimal with at most 2 places, from an Excel number or Indonesian text; ValueError otherwise."""
    if isinstance(nilai, bool):
        raise ValueError("Isian harus berupa angka.")
    if isinstance(nilai, int | float | Decimal):
        try:
            angka = Decimal(repr(nilai)) if isinstance(nilai, float) else Decimal(nilai)
        except InvalidOperation:
            raise ValueError("Isian harus berupa angka.") from None
        if not angka.is_finite():
            raise ValueError("Isian harus berupa angka.")
    else:
        angka = parse_angka(str(nilai))
    bulat = angka.quantize(_SERATUS) if abs(angka) < Decimal("1e13") else None
    if bulat is None:
        raise ValueError("Angka terlalu besar: paling banyak 13 digit sebelum koma.")
    if abs(angka - bulat) > Decimal("1e-9"):
        raise ValueError("Paling banyak 2 angka di belakang koma.")
    if bulat < 0:
        raise ValueError("Angka tidak boleh negatif.")
    return bulat


def _baca_lembar(ws, nama: str, kesalahan: list[Kesalahan], sisa: list[int]) -> list[dict]:
    kolom_spek = LEMBAR[nama]
    hasil = []
    posisi: dict[str, int] = {}
    for nomor_baris, sel_baris in enumerate(baris_aman(ws, max_col=MAKS_KOLOM), start=1):
        if nomor_baris > MAKS_BARIS_FISIK:
            kesalahan.append(_kesalahan(nama, None, None, f"Lembar berisi lebih dari {MAKS_BARIS_FISIK} baris."))
            return hasil
        if nomor_baris == 1:
            judul = {_normal(c.value): i for i, c in enumerate(sel_baris) if c.value not in (None, "")}
            for k in kolom_spek:
                if _normal(k.judul) in judul:
                    posisi[k.kunci] = judul[_normal(k.judul)]
                elif k.wajib:
                    kesalahan.append(_kesalahan(nama, 1, k.judul, f"Kolom “{k.judul}” tidak ada pada baris judul."))
            if any(k.wajib and k.kunci not in posisi for k in kolom_spek):
                return hasil
            continue
        sel = {
            k.kunci: sel_baris[posisi[k.kunci]] if k.kunci in posisi and posisi[k.kunci] < len(sel_baris) else None
            for k in kolom_spek
        }
        if all(s is None or s.value in (None, "") for s in sel.values()):
            continue
        sisa[0] -= 1
        if sisa[0] < 0:
            return hasil
        baris = {"_baris": nomor_baris}
        for k in kolom_spek:
            s = sel[k.kunci]
            nilai = None if s is None else s.value
            if s is not None and getattr(s, "data_type", None) == "f":
                kesalahan.append(
                    _kesalahan(nama, nomor_baris, k.judul, "Sel berisi rumus Excel; tuliskan nilainya saja.")
                )
                nilai = None
            if nilai is None or (isinstance(nilai, str) and not nilai.strip()):
                if k.wajib:
                    kesalahan.append(_kesalahan(nama, nomor_baris, k.judul, "Wajib diisi."))
                baris[k.kunci] = k.bawaan
                continue
            if k.jenis == "angka":
                try:
                    baris[k.kunci] = _sebagai_angka(nilai)
                except ValueError as e:
                    kesalahan.append(_kesalahan(nama, nomor_baris, k.judul, f"“{_sebagai_teks(nilai)}”: {e}"))
                    baris[k.kunci] = k.bawaan
            elif k.jenis == "pilihan":
                kata = _normal(_sebagai_teks(nilai))
                if kata in k.pilihan:
                    baris[k.kunci] = k.pilihan[kata]
                else:
                    pilihan = " | ".join(dict.fromkeys(w for w in k.pilihan if " " not in w and "-" not in w))
                    kesalahan.append(
                        _kesalahan(
                            nama, nomor_baris, k.judul,
                            f"“{_sebagai_teks(nilai)[:60]}” bukan pilihan yang dikenal; pilih: {pilihan}.",
                        )
                    )
                    baris[k.kunci] = k.bawaan
            else:
                teks = _sebagai_teks(nilai)
                if len(teks) > k.maks:
                    kesalahan.append(
                        _kesalahan(
                            nama, nomor_baris, k.judul, f"Terlalu panjang: {len(teks)} karakter (maks {k.maks})."
                        )
                    )
                baris[k.kunci] = teks[: k.maks]
        hasil.append(baris)
    return hasil


def read(berkas, nama: str | None = None) -> tuple[SetIKI | None, list[Kesalahan]]:
    """Read and check a workbook (an uploaded file, a path or bytes). Nothing is saved.

    Returns (the set, []) when everything checks out, else (None or a partial set, errors)."""
    try:
        if isinstance(berkas, bytes | bytearray) or hasattr(berkas, "read"):
            nama = nama or getattr(berkas, "name", "")
            data = baca_berkas_unggahan(berkas)
        else:
            nama = nama or str(berkas)
            with open(berkas, "rb") as f:
                data = baca_berkas_unggahan(f)
        wb = buka_workbook(data, nama=nama)
    except BerkasDitolak as e:
        return None, [Kesalahan(e.pesan)]
    kesalahan: list[Kesalahan] = []
    isi = SetIKI()
    sisa = [MAKS_BARIS]
    try:
        nama_lembar = {_normal(n): n for n in wb.sheetnames}
        for nama_l in LEMBAR:
            asli = nama_lembar.get(_normal(nama_l))
            if asli is None:
                if nama_l in LEMBAR_WAJIB:
                    kesalahan.append(_kesalahan(nama_l, None, None, f"Lembar “{nama_l}” tidak ada di buku kerja."))
                continue
            setattr(isi, nama_l.lower(), _baca_lembar(wb[asli], nama_l, kesalahan, sisa))
            if sisa[0] < 0:
                return None, [
                    _kesalahan(nama_l, None, None, f"Buku kerja berisi lebih dari {MAKS_BARIS} baris data; "
                                                  "bagi menjadi beberapa unit/tahun atau kurangi barisnya.")
                ]
    except BerkasDitolak as e:  # a damaged sheet part
        return None, [Kesalahan(e.pesan)]
    finally:
        wb.close()
    kesalahan.extend(periksa_isi(isi))
    return (isi if not kesalahan else None), kesalahan


def periksa_isi(isi: SetIKI) -> list[Kesalahan]:
    """Cross-sheet checks: codes, references, duplicates, formulas."""
    salah: list[Kesalahan] = []

    def tambah(lembar, baris, kolom, pesan):
        salah.append(_kesalahan(lembar, baris["_baris"] if baris else None, kolom, pesan))

    def unik(lembar, daftar, kunci, kolom, label, pola=None):
        dilihat: dict[str, int] = {}
        for b in daftar:
            nilai = b[kunci]
            if not nilai:
                continue
            if pola == "kode" and not _KODE.match(nilai):
                tambah(lembar, b, kolom, f"Kode “{nilai}” tidak sah: {_ATURAN_KODE}")
            elif pola == "slug":
                try:
                    validate_slug(nilai)
                except ValidationError:
                    tambah(lembar, b, kolom, f"Kode “{nilai}” tidak sah: huruf, angka, garis bawah atau tanda hubung.")
            if nilai in dilihat:
                tambah(lembar, b, kolom, f"{label} “{nilai}” tercantum dua kali (juga di baris {dilihat[nilai]}).")
            else:
                dilihat[nilai] = b["_baris"]
        return dilihat

    konstanta = unik("Konstanta", isi.konstanta, "kode", "Kode", "Konstanta", "kode")
    jabatan = unik("Jabatan", isi.jabatan, "kode", "Kode", "Jabatan", "slug")
    sasaran = unik("Sasaran", isi.sasaran, "kode", "Kode", "Sasaran")
    unik("Sasaran", isi.sasaran, "teks", "Sasaran", "Teks sasaran")
    indikator = unik("Indikator", isi.indikator, "kode", "Kode", "Indikator", "slug")
    unik("Narasi", isi.narasi, "bagian", "Bagian", "Bagian")
    if not isi.jabatan:
        salah.append(_kesalahan("Jabatan", None, None, "Belum ada jabatan."))

    def rujuk(lembar, b, kunci, kolom, dikenal, label):
        # A blank reference is reported by the row check when the column is required.
        if b[kunci] and b[kunci] not in dikenal:
            tambah(lembar, b, kolom, f"{label} “{b[kunci]}” tidak ada di lembar {label}.")

    atasan = {}
    for b in isi.jabatan:
        rujuk("Jabatan", b, "atasan", "Atasan", jabatan, "Jabatan")
        if b["atasan"] and b["atasan"] == b["kode"]:
            tambah("Jabatan", b, "Atasan", "Jabatan tidak dapat menjadi atasan dirinya sendiri.")
        elif b["atasan"] in jabatan:
            atasan[b["kode"]] = b["atasan"]
    for b in isi.jabatan:
        dilihat, k = {b["kode"]}, atasan.get(b["kode"])
        while k is not None:
            if k in dilihat:
                tambah("Jabatan", b, "Atasan", "Rantai atasan berputar (A atasan B, B atasan A).")
                break
            dilihat.add(k)
            k = atasan.get(k)
    for b in isi.uraian:
        rujuk("Uraian", b, "jabatan", "Jabatan", jabatan, "Jabatan")
    for b in isi.indikator:
        rujuk("Indikator", b, "penanggung_jawab", "Penanggung Jawab", jabatan, "Jabatan")

    variabel_per_indikator: dict[str, dict[str, int]] = defaultdict(dict)
    for b in isi.variabel:
        rujuk("Variabel", b, "indikator", "Indikator", indikator, "Indikator")
        rujuk("Variabel", b, "pengisi", "Pengisi", jabatan, "Jabatan")
        kode = b["kode"]
        if not kode:
            continue
        if not _KODE.match(kode):
            tambah("Variabel", b, "Kode", f"Kode “{kode}” tidak sah: {_ATURAN_KODE}")
        elif kode in konstanta:
            tambah("Variabel", b, "Kode", f"Kode “{kode}” sudah dipakai konstanta; pilih kode lain.")
        elif kode == "target":
            tambah("Variabel", b, "Kode", "Kode “target” dicadangkan untuk target indikator jenis selisih.")
        sudah = variabel_per_indikator[b["indikator"]]
        if kode in sudah:
            tambah("Variabel", b, "Kode", f"Variabel “{kode}” tercantum dua kali untuk indikator ini "
                                         f"(juga di baris {sudah[kode]}).")
        else:
            sudah[kode] = b["_baris"]

    for b in isi.indikator:
        # The same range as the admin's target form (Indikator.periksa_target).
        ukuran = Indikator(satuan=b["satuan"] or "", target_maks=b["target_maks"])
        for kunci, _periode in PERIODE_TARGET:
            masalah = ukuran.periksa_target(b[kunci]) if b[kunci] is not None else None
            if masalah:
                kolom = next(k.judul for k in LEMBAR["Indikator"] if k.kunci == kunci)
                tambah("Indikator", b, kolom, masalah)

    nilai_konstanta = {b["kode"]: b["nilai"] for b in isi.konstanta if b["kode"] and b["nilai"] not in ("", None)}
    for b in isi.indikator:
        if b["jenis"] == Indikator.SURVEI or not b["jenis"]:
            continue
        if not b["rumus"]:
            tambah("Indikator", b, "Rumus", "Rumus wajib diisi untuk indikator jenis rumus atau selisih.")
            continue
        dikenal = set(variabel_per_indikator.get(b["kode"], {}))
        if b["jenis"] == Indikator.SELISIH:
            dikenal.add("target")
        try:
            rumus = Rumus(b["rumus"])
            rumus.periksa(nama_dikenal=dikenal, konstanta=nilai_konstanta)
            if b["jenis"] == Indikator.SELISIH and "target" not in rumus.nama:
                raise RumusError("Indikator jenis selisih harus memakai nama 'target' dalam rumusnya.")
        except RumusError as e:
            tambah("Indikator", b, "Rumus", str(e))

    for b in isi.baris:
        rujuk("Baris", b, "jabatan", "Jabatan", jabatan, "Jabatan")
        rujuk("Baris", b, "sasaran", "Sasaran", sasaran, "Sasaran")
        rujuk("Baris", b, "indikator", "Indikator", indikator, "Indikator")

    for b in isi.narasi:
        asing = placeholder_asing(b["teks"])
        if asing:
            tambah("Narasi", b, "Teks", f"Isian tidak dikenal: {', '.join('{' + a + '}' for a in asing)}.")
    return sorted(salah, key=lambda k: (list(LEMBAR).index(k.lembar) if k.lembar in LEMBAR else -1, k.baris or 0))


# --- Saving ----------------------------------------------------------------------------------------


def _tahun_kosong(tahun: TahunIKI) -> bool:
    return not (
        tahun.jabatan.exists() or tahun.sasaran.exists() or tahun.indikator.exists() or tahun.konstanta.exists()
    )


@transaction.atomic
def save(*, rows: SetIKI, unit, tahun: int, user=None) -> TahunIKI:
    """Create the year's whole set from a checked workbook, all or nothing.

    The year must not exist yet or be empty (an import never merges into an existing set)."""
    from iki.set_iki.tahun import pastikan_dapat_diubah

    tahun_iki = TahunIKI.objects.select_for_update().filter(unit=unit, tahun=tahun).first()
    if tahun_iki is not None:
        pastikan_dapat_diubah(tahun_iki)
        if not _tahun_kosong(tahun_iki):
            raise ValidationError(
                f"IKI {unit} tahun {tahun} sudah berisi; impor hanya ke tahun yang masih kosong.", code="berisi"
            )
    else:
        if not 2000 <= tahun <= 2100:
            raise ValidationError("Tahun harus antara 2000 dan 2100.", code="rentang")
        tahun_iki = TahunIKI.objects.create(
            unit=unit,
            tahun=tahun,
            renstra=PeriodeRenstra.objects.filter(unit=unit, tahun_mulai__lte=tahun, tahun_selesai__gte=tahun).first(),
        )

    bulk_create_with_history(
        [Konstanta(tahun=tahun_iki, kode=k["kode"], nama=k["nama"], satuan=k["satuan"], nilai=k["nilai"])
         for k in rows.konstanta],
        Konstanta,
        default_user=user,
    )
    jabatan = {
        j["kode"]: Jabatan(tahun=tahun_iki, kode=j["kode"], nama=j["nama"], judul_tugas=j["judul_tugas"], urutan=n)
        for n, j in enumerate(rows.jabatan, start=1)
    }
    bulk_create_with_history(list(jabatan.values()), Jabatan, default_user=user)
    for j in rows.jabatan:
        if j["atasan"]:
            jabatan[j["kode"]].atasan = jabatan[j["atasan"]]
            jabatan[j["kode"]].save(update_fields=["atasan"])

    urutan: dict[tuple, int] = defaultdict(int)
    uraian = []
    for u in rows.uraian:
        urutan[(u["jabatan"], u["jenis"])] += 1
        uraian.append(
            UraianJabatan(jabatan=jabatan[u["jabatan"]], jenis=u["jenis"], urutan=urutan[(u["jabatan"], u["jenis"])],
                          teks=u["teks"])
        )
    bulk_create_with_history(uraian, UraianJabatan, default_user=user)

    sasaran = {s["kode"]: Sasaran(tahun=tahun_iki, teks=s["teks"]) for s in rows.sasaran}
    bulk_create_with_history(list(sasaran.values()), Sasaran, default_user=user)

    indikator = {
        i["kode"]: Indikator(
            tahun=tahun_iki,
            kode=i["kode"],
            nama=i["nama"],
            satuan=i["satuan"],
            polaritas=i["polaritas"],
            jenis=i["jenis"],
            rumus=i["rumus"],
            penjelasan=i["penjelasan"],
            sumber_data=i["sumber_data"],
            penanggung_jawab=jabatan.get(i["penanggung_jawab"]),
            sifat_target=i["sifat_target"],
            wajib_bukti=i["wajib_bukti"],
            target_maks=i["target_maks"],
            urutan=n,
        )
        for n, i in enumerate(rows.indikator, start=1)
    }
    bulk_create_with_history(list(indikator.values()), Indikator, default_user=user)
    bulk_create_with_history(
        [
            Target(indikator=indikator[i["kode"]], periode=periode, nilai=i[kunci])
            for i in rows.indikator
            for kunci, periode in PERIODE_TARGET
            if i[kunci] is not None
        ],
        Target,
        default_user=user,
    )

    urutan.clear()
    variabel = []
    for v in rows.variabel:
        urutan[v["indikator"]] += 1
        variabel.append(
            Variabel(
                indikator=indikator[v["indikator"]],
                kode=v["kode"],
                nama=v["nama"],
                satuan=v["satuan"],
                cara_gabung=v["cara_gabung"],
                pengisi=jabatan.get(v["pengisi"]),
                desimal=v.get("desimal", 0),
                urutan=urutan[v["indikator"]],
            )
        )
    bulk_create_with_history(variabel, Variabel, default_user=user)

    urutan.clear()
    baris = []
    for b in rows.baris:
        urutan[b["jabatan"]] += 1
        ind = indikator[b["indikator"]]
        baris.append(
            BarisIKI(
                jabatan=jabatan[b["jabatan"]],
                sasaran=sasaran[b["sasaran"]],
                indikator=ind,
                urutan=urutan[b["jabatan"]],
                teks_indikator="" if b["teks_indikator"] == ind.nama else b["teks_indikator"],
                sumber_data=b["sumber_data"],
            )
        )
    bulk_create_with_history(baris, BarisIKI, default_user=user)

    if rows.narasi:
        teks = narasi_bawaan()
        teks.update({n["bagian"]: n["teks"] for n in rows.narasi})
        NarasiDokumen.objects.create(tahun=tahun_iki, diperbarui_oleh=user, **teks)
    naikkan_versi(tahun_iki)  # the set's rows were bulk-created, without signals
    return tahun_iki


# --- Writing ---------------------------------------------------------------------------------------


def _isi_sel(ws, baris: int, kolom: int, nilai) -> None:
    sel = ws.cell(row=baris, column=kolom)
    if isinstance(nilai, bool):
        tulis_teks(sel, "ya" if nilai else "tidak")
    elif isinstance(nilai, str):
        tulis_teks(sel, nilai)
    else:
        sel.value = nilai


def _baris_ekspor(tahun: TahunIKI) -> dict[str, list[list]]:
    jabatan = list(tahun.jabatan.order_by("urutan", "id").select_related("atasan"))
    sasaran = list(tahun.sasaran.order_by("id"))
    kode_sasaran = {s.pk: f"S{n}" for n, s in enumerate(sasaran, start=1)}
    indikator = list(
        tahun.indikator.order_by("urutan", "id").select_related("penanggung_jawab").prefetch_related("target")
    )
    variabel = list(
        Variabel.objects.filter(indikator__tahun=tahun)
        .select_related("indikator", "pengisi")
        .order_by("indikator__urutan", "indikator_id", "urutan", "id")
    )
    uraian = list(
        UraianJabatan.objects.filter(jabatan__tahun=tahun)
        .select_related("jabatan")
        .order_by("jabatan__urutan", "jabatan_id", "jenis", "urutan")
    )
    baris = list(
        BarisIKI.objects.filter(jabatan__tahun=tahun)
        .select_related("jabatan", "indikator")
        .order_by("jabatan__urutan", "jabatan_id", "urutan")
    )
    narasi = NarasiDokumen.objects.filter(tahun=tahun).first()

    def target(ind):
        t = {x.periode: x.nilai for x in ind.target.all()}
        return [t.get(p) for _, p in PERIODE_TARGET]

    return {
        "Konstanta": [[k.kode, k.nama, k.satuan, k.nilai] for k in tahun.konstanta.order_by("kode")],
        "Jabatan": [[j.kode, j.nama, j.judul_tugas, j.atasan.kode if j.atasan else ""] for j in jabatan],
        "Uraian": [[u.jabatan.kode, u.jenis, u.teks] for u in uraian],
        "Sasaran": [[kode_sasaran[s.pk], s.teks] for s in sasaran],
        "Indikator": [
            [
                i.kode, i.nama, i.satuan, i.polaritas, i.jenis, i.rumus, i.penjelasan, i.sumber_data,
                i.penanggung_jawab.kode if i.penanggung_jawab else "", i.sifat_target, i.wajib_bukti, *target(i),
                i.target_maks,
            ]
            for i in indikator
        ],
        "Variabel": [
            [v.indikator.kode, v.kode, v.nama, v.satuan, v.cara_gabung, v.pengisi.kode if v.pengisi else "",
             v.desimal]
            for v in variabel
        ],
        "Baris": [
            [b.jabatan.kode, kode_sasaran[b.sasaran_id], b.indikator.kode, b.nama_indikator, b.sumber_data]
            for b in baris
        ],
        "Narasi": [[k, v] for k, v in narasi.teks_bagian().items()] if narasi else [],
    }


def tulis(tahun: TahunIKI | None = None) -> bytes:
    """The workbook of a year's set (or an empty template when ``tahun`` is None)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    petunjuk = wb.active
    petunjuk.title = "Petunjuk"
    judul = "Set IKI" + (f" {tahun.unit} tahun {tahun.tahun}" if tahun else " (templat kosong)")
    _isi_sel(petunjuk, 1, 1, judul)
    petunjuk["A1"].font = Font(bold=True, size=13)
    for n, teks in enumerate(PETUNJUK, start=3):
        _isi_sel(petunjuk, n, 1, teks)
    petunjuk.column_dimensions["A"].width = 120

    data = _baris_ekspor(tahun) if tahun else {}
    for nama, kolom in LEMBAR.items():
        ws = wb.create_sheet(nama)
        for c, k in enumerate(kolom, start=1):
            _isi_sel(ws, 1, c, k.judul)
            ws.cell(row=1, column=c).font = Font(bold=True)
            ws.column_dimensions[get_column_letter(c)].width = k.lebar
            if k.jenis == "pilihan":
                kata = [w for w in dict.fromkeys(k.pilihan) if " " not in w and "-" not in w]
                if nama == "Narasi":
                    kata = list(BAGIAN)
                dv = DataValidation(type="list", formula1='"' + ",".join(kata) + '"', allow_blank=not k.wajib)
                dv.error = f"Pilih salah satu: {', '.join(kata)}"
                dv.errorTitle = k.judul
                ws.add_data_validation(dv)
                dv.add(f"{get_column_letter(c)}2:{get_column_letter(c)}{MAKS_BARIS + 1}")
        ws.freeze_panes = "A2"
        for r, nilai_baris in enumerate(data.get(nama, []), start=2):
            for c, nilai in enumerate(nilai_baris, start=1):
                _isi_sel(ws, r, c, nilai)
                if isinstance(nilai, str) and len(nilai) > 60:
                    ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()
