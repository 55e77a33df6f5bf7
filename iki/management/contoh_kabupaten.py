"""A realistic generated kabupaten, so that speed figures at kabupaten scale can be reproduced
(``manage.py buat_kabupaten_contoh``; issue 15).

By default 14 kecamatan + 40 dinas/badan, each with 5–30 jabatan and 15–60 indicators (a seeded
RNG: the same arguments give the same kabupaten), every indicator with its variables, pengisi,
annual target and 12 verified months for each year; an IKM survey per triwulan for the units
whose set has an IKM indicator; the shipped national holidays. Every year is marked *data contoh*.

It writes into every part of the app (sets, monthly values, surveys, holidays), so it lives here
at the top of the house, where docs/arsitektur.md allows importing any part. Everything is
written with bulk_create in one transaction: no model signals are sent (the years get their
data version, ``iki.umum.versi.naikkan_versi``, at the end) and, unless ``riwayat``,
no history rows are written (with it, three history rows per value in bulk, as
``iki.realisasi.massal`` writes them: disimpan, diajukan, diverifikasi).

A kabupaten code that already exists is refused (``SudahAda``): running twice never mixes two
generations or touches someone's real data.
"""

from __future__ import annotations

import random
import re
import time
import types
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from iki.ikm import hitung as ikm
from iki.inti.rumus import Rumus
from iki.models import (
    BarisIKI,
    HariLibur,
    Indikator,
    Jabatan,
    Kabupaten,
    Konstanta,
    Pengguna,
    PeriodeRenstra,
    Realisasi,
    RekapIKM,
    RekapUnsur,
    Sasaran,
    SurveiIKM,
    TahunIKI,
    Target,
    UnitKerja,
    Variabel,
)
from iki.presensi.libur import daftar_nasional
from iki.realisasi.massal import catat_riwayat
from iki.set_iki.data import kabupaten_contoh as nama
from iki.set_iki.data import ketapang_2023
from iki.umum.versi import naikkan_versi

JAKARTA = ZoneInfo("Asia/Jakarta")
PER_BATCH = 2000
KECAMATAN_DARI_54 = 14  # Sampang: 14 kecamatan beside 40 dinas/badan


class SudahAda(Exception):
    """The kabupaten code is taken: the generator never writes into an existing kabupaten."""


@dataclass
class Ringkasan:
    kabupaten: Kabupaten
    jumlah: dict[str, int] = field(default_factory=dict)
    detik: float = 0.0
    pengguna: list[str] = field(default_factory=list)

    def teks(self) -> str:
        rincian = ", ".join(f"{n} {k}" for k, n in self.jumlah.items())
        return f"{self.kabupaten} dibuat (data contoh) dalam {self.detik:.1f} detik: {rincian}."


def _slug(teks: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", teks.lower()).strip("-")


def _singkat(teks: str) -> str:
    """A short code from a unit name: "Dinas Kesehatan" -> "dinkes"-like initials."""
    kata = [k for k in re.findall(r"[A-Za-z]+", teks) if k.lower() not in ("dan", "dr")]
    return "".join(k[0].lower() for k in kata)[:12] or "unit"


def daftar_unit(jumlah: int) -> list[tuple[str, str, list[str] | None]]:
    """(nama, jenis, things counted — None for a kecamatan) of ``jumlah`` units: kecamatan in
    Sampang's proportion (14 of 54), then dinas/badan; names repeat with a number past the lists."""
    kecamatan = max(1, round(jumlah * KECAMATAN_DARI_54 / 54)) if jumlah > 1 else 1
    kecamatan = min(kecamatan, jumlah)
    hasil = []
    for i in range(kecamatan):
        dasar = nama.KECAMATAN[i % len(nama.KECAMATAN)]
        putaran = i // len(nama.KECAMATAN)
        hasil.append((f"{dasar} {putaran + 1}" if putaran else dasar, "kecamatan", None))
    for i in range(jumlah - kecamatan):
        dasar, jenis, hal = nama.DINAS[i % len(nama.DINAS)]
        putaran = i // len(nama.DINAS)
        hasil.append((f"{dasar} {putaran + 1}" if putaran else dasar, jenis, hal))
    return hasil


# --- the definitions of one unit (the same every year) -------------------------------------------


@dataclass
class DefIndikator:
    kode: str
    nama: str
    jenis: str  # Indikator.RUMUS / SURVEI / SELISIH
    satuan: str
    polaritas: str
    sifat_target: str
    rumus: str
    target: Decimal
    variabel: list[dict]  # kode, nama, satuan, cara_gabung, pengisi (index of jabatan), peran
    jabatan: list[int]  # indexes of the jabatan whose IKI table carries it
    sasaran: int
    mutu: float  # how close to its target this unit usually gets (share of the denominator)


@dataclass
class DefUnit:
    nama: str
    nama_wilayah: str
    jenis: str
    kode: str
    jabatan: list[str]
    sasaran: list[str]
    indikator: list[DefIndikator]
    jumlah_desa: int | None


def _jabatan_unit(rng: random.Random, kecamatan: bool, jumlah: int) -> list[str]:
    if kecamatan:
        dasar = list(nama.JABATAN_KECAMATAN)
    else:
        dasar = list(nama.JABATAN_DINAS)
        for bidang in rng.sample(nama.BIDANG, k=min(len(nama.BIDANG), max(1, (jumlah - 4) // 3))):
            dasar.append(f"Kepala Bidang {bidang}")
            dasar += [f"Kepala Seksi {s} {bidang}" for s in nama.SEKSI[:2]]
    i = 0
    while len(dasar) < jumlah:
        fungsional = nama.FUNGSIONAL[i % len(nama.FUNGSIONAL)]
        dasar.append(f"{fungsional} Ahli Pertama" if i < len(nama.FUNGSIONAL) else f"{fungsional} {i // 6 + 1}")
        i += 1
    return dasar[:jumlah]


def _persen(kode, judul, pembilang, penyebut, *, cara="jumlah", satuan="dokumen") -> dict:
    return {
        "kode": kode, "nama": judul, "jenis": Indikator.RUMUS, "satuan": "%", "polaritas": "naik",
        "sifat_target": "tetap", "rumus": f"{kode}_a / {kode}_b * 100",
        "variabel": [
            {"kode": f"{kode}_a", "nama": pembilang, "satuan": satuan, "cara_gabung": cara, "peran": "pembilang"},
            {"kode": f"{kode}_b", "nama": penyebut, "satuan": satuan, "cara_gabung": cara, "peran": "penyebut"},
        ],
    }


def _calon_kecamatan() -> list[dict]:
    """The Ketapang indicators (with their own formulas and variables), then more kecamatan work."""
    calon = []
    for i in ketapang_2023.INDIKATOR:
        penyebut = {b for _, b in Rumus(i["rumus"]).pasangan_rasio()} if i["rumus"] else set()
        calon.append({
            "kode": i["kode"], "nama": i["nama"], "jenis": i["jenis"], "satuan": i["satuan"],
            "polaritas": i["polaritas"], "sifat_target": i["sifat_target"], "rumus": i["rumus"],
            "variabel": [{**v, "peran": "penyebut" if v["kode"] in penyebut else "pembilang"} for v in i["variabel"]],
        })
    for n, (judul, a, b) in enumerate(nama.KECAMATAN_TAMBAHAN, start=1):
        calon.append(_persen(f"kec{n:02d}", judul, a, b))
    return calon + _calon_dinas(nama.HAL_KECAMATAN)


def _calon_dinas(hal: list[str], awalan: str = "l") -> list[dict]:
    calon = []
    for n, x in enumerate(hal, start=1):
        for m, (judul, a, b) in enumerate(nama.POLA_DINAS, start=1):
            calon.append(_persen(f"{awalan}{n}p{m:02d}", judul.format(x=x), a.format(x=x), b.format(x=x)))
    return calon


def _calon_umum() -> list[dict]:
    return [_persen(f"umum{n}", judul, a, b) for n, (judul, a, b) in enumerate(nama.UMUM, start=1)]


def rancang_unit(rng: random.Random, nomor: int, nama_unit: str, jenis: str, hal, kode_kab: str) -> DefUnit:
    """One unit's set: its jabatan, sasaran and indicators, drawn from ``rng``."""
    kecamatan = hal is None
    jumlah_jabatan = rng.randint(5, 30)
    jumlah_indikator = rng.randint(15, 60)
    jabatan = _jabatan_unit(rng, kecamatan, jumlah_jabatan)
    if kecamatan:
        nama_lengkap, wilayah = f"Kantor Kecamatan {nama_unit}", f"Kecamatan {nama_unit}"
        khusus = _calon_kecamatan()
        # A kecamatan serves the public at its counter: it always surveys satisfaction (IKM).
    else:
        nama_lengkap = wilayah = nama_unit
        khusus = _calon_dinas(hal)
        if rng.random() < 0.4:
            khusus.insert(0, next(dict(i, variabel=[]) for i in _calon_kecamatan() if i["jenis"] == Indikator.SURVEI))
    umum = _calon_umum()
    # The unit's own work first (IKM and the Ketapang set keep their place), office work after,
    # then the strategic programmes every office reports on when its list is long.
    sendiri = max(1, jumlah_indikator - len(umum))
    pilihan = (khusus[:sendiri] + umum + khusus[sendiri:] + _calon_dinas(nama.HAL_UMUM, "u"))[:jumlah_indikator]
    sasaran = [*nama.SASARAN_UMUM, f"Meningkatnya kinerja {wilayah}"]
    indikator = []
    for urutan, c in enumerate(pilihan):
        pj = rng.randrange(1, len(jabatan)) if len(jabatan) > 1 else 0
        # The head of the office (Sekretaris) carries the key indicators too: the printed rows.
        milik = sorted({pj, 0}) if urutan < 8 else [pj]
        variabel = []
        for v in c["variabel"]:
            variabel.append({**v, "pengisi": pj})
        if c["jenis"] == Indikator.SURVEI:
            target = Decimal(rng.choice([76, 80, 82, 85]))
        elif c["jenis"] == Indikator.SELISIH:
            target = Decimal(rng.randint(8, 20))
        else:
            target = Decimal(rng.choice([80, 85, 90, 95, 100]))
        indikator.append(DefIndikator(
            kode=c["kode"], nama=c["nama"], jenis=c["jenis"], satuan=c["satuan"], polaritas=c["polaritas"],
            sifat_target=c["sifat_target"], rumus=c["rumus"], target=target, variabel=variabel, jabatan=milik,
            sasaran=rng.randrange(len(sasaran)),
            mutu=rng.choices([rng.uniform(0.9, 1.0), rng.uniform(0.7, 0.9), rng.uniform(0.45, 0.7)],
                             weights=[6, 3, 1])[0],
        ))
    return DefUnit(
        nama=nama_lengkap, nama_wilayah=wilayah, jenis=jenis,
        kode=f"{kode_kab}-{nomor:02d}-{_slug(nama_unit)}"[:40].rstrip("-"),
        jabatan=jabatan, sasaran=sasaran, indikator=indikator,
        jumlah_desa=rng.randint(10, 25) if kecamatan else None,
    )


# --- monthly values -----------------------------------------------------------------------------


def nilai_bulanan(rng: random.Random, d: DefIndikator, jumlah_desa: int | None) -> dict[str, list[int]]:
    """12 months of every variable of ``d``: a numerator never above its denominator, counts over
    desa never above the number of desa, "terakhir" values never falling."""
    seri: dict[str, list[int]] = {}
    penyebut = [v for v in d.variabel if v["peran"] == "penyebut"]
    pembilang = [v for v in d.variabel if v["peran"] == "pembilang"]
    if d.jenis == Indikator.SELISIH:
        for v in d.variabel:
            seri[v["kode"]] = rng.choices([0, 1, 2, 3], weights=[3, 4, 2, 1], k=12)
        return seri
    dasar = None
    for v in penyebut:
        if v["cara_gabung"] == "terakhir":
            tetap = rng.randint(4, 160)
            dasar = [tetap] * 12
        else:
            besar = rng.choice([(2, 6), (5, 30), (20, 120), (80, 250)])
            dasar = [rng.randint(*besar) for _ in range(12)]
        seri[v["kode"]] = dasar
    if dasar is None:  # over a constant: the number of desa
        dasar = [jumlah_desa or 20] * 12
    for v in pembilang:
        if v["cara_gabung"] == "terakhir":
            akhir = min(dasar[-1], int(dasar[-1] * d.mutu + 0.5))
            naik = sorted(rng.randint(0, akhir) for _ in range(11)) + [akhir]
            seri[v["kode"]] = [min(n, b) for n, b in zip(naik, dasar, strict=True)]
        else:
            seri[v["kode"]] = [min(b, int(b * min(1.0, d.mutu + rng.uniform(-0.05, 0.05)) + 0.5)) for b in dasar]
    return seri


# --- writing ------------------------------------------------------------------------------------


def _renstra(tahun: int) -> tuple[int, int]:
    """The five-year Renstra period a year falls in (2019–2023, 2024–2028, …)."""
    mulai = 2019 + (tahun - 2019) // 5 * 5
    return mulai, mulai + 4


def _libur(unit_ids: list[int], daftar_tahun: list[int]) -> list[HariLibur]:
    hasil = []
    for tahun in sorted(set(daftar_tahun) | {max(daftar_tahun) + 1}):
        daftar = daftar_nasional(tahun)
        if daftar is None:
            continue
        for e in daftar.entri:
            if e.akhir_pekan:
                continue
            hasil += [HariLibur(unit_id=u, tanggal=e.tanggal, keterangan=e.nama, jenis=e.jenis) for u in unit_ids]
    return hasil


def _survei(rng: random.Random) -> tuple[int, list[tuple[str, list[int]]]]:
    """One triwulan survey's tally: (respondents, [(unsur, [n1, n2, n3, n4])])."""
    responden = rng.randint(60, 200)
    unsur = []
    for kode in ikm.KODE_UNSUR:
        bobot = [rng.uniform(0, 0.1), rng.uniform(0.05, 0.2), rng.uniform(0.4, 0.7), rng.uniform(0.2, 0.5)]
        jumlah = sum(bobot)
        n = [int(responden * b / jumlah) for b in bobot]
        n[2] += responden - sum(n)
        unsur.append((kode, n))
    return responden, unsur


def _buat(model, objek: list, *, semua: dict, kunci: str) -> list:
    semua[kunci] = semua.get(kunci, 0) + len(objek)
    return model.objects.bulk_create(objek, batch_size=PER_BATCH)


@transaction.atomic
def buat_kabupaten_contoh(
    *,
    kode: str = "sampang-contoh",
    nama_kabupaten: str = "Sampang (contoh)",
    jumlah_unit: int = 54,
    jumlah_tahun: int = 5,
    tahun_akhir: int | None = None,
    seed: int = 15,
    riwayat: bool = False,
    pengguna: bool = False,
) -> Ringkasan:
    """Generate the kabupaten ``kode``; ``SudahAda`` when the code exists. Years end at
    ``tahun_akhir`` (default: last year, so every month of every year is over and verified).
    With ``pengguna`` one camat per unit (``camat-<unit>``) and one pemantau of the kabupaten
    (``pemantau-<kode>``), with the demo password; refused in production."""
    mulai_waktu = time.perf_counter()
    if Kabupaten.objects.filter(kode=kode).exists():
        raise SudahAda(
            f"Kabupaten dengan kode “{kode}” sudah ada: data contoh tidak dibuat dua kali. "
            "Pakai --kode lain, atau hapus kabupaten itu dahulu."
        )
    if pengguna and getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("Pengguna contoh tidak boleh dibuat pada pengaturan produksi (IKI_PRODUCTION=1).")
    if jumlah_unit < 1 or jumlah_tahun < 1:
        raise ValueError("Jumlah unit dan jumlah tahun paling sedikit 1.")
    tahun_akhir = tahun_akhir or timezone.localdate().year - 1
    daftar_tahun = list(range(tahun_akhir - jumlah_tahun + 1, tahun_akhir + 1))
    rng = random.Random(seed)
    jumlah: dict[str, int] = {}

    kabupaten = Kabupaten.objects.create(kode=kode, nama=nama_kabupaten)
    rancangan = [
        rancang_unit(random.Random(f"{seed}-{i}"), i, n, j, hal, kode)
        for i, (n, j, hal) in enumerate(daftar_unit(jumlah_unit), start=1)
    ]
    units = _buat(UnitKerja, [
        UnitKerja(
            kabupaten=kabupaten, kode=r.kode, nama=r.nama, nama_wilayah=r.nama_wilayah, jenis=r.jenis,
            kota="Sampang", tempat_ttd="Sampang",
            jabatan_pimpinan=("Camat " + r.nama_wilayah.removeprefix("Kecamatan ")) if r.jenis == "kecamatan"
            else f"Kepala {r.nama}",
        )
        for r in rancangan
    ], semua=jumlah, kunci="unit")
    periode_renstra = sorted({_renstra(t) for t in daftar_tahun})
    renstra = _buat(PeriodeRenstra, [
        PeriodeRenstra(unit=u, tahun_mulai=a, tahun_selesai=b) for u in units for a, b in periode_renstra
    ], semua=jumlah, kunci="periode Renstra")
    renstra_per = {(p.unit_id, p.tahun_mulai): p for p in renstra}
    tahun_iki = _buat(TahunIKI, [
        TahunIKI(
            unit=u, tahun=t, renstra=renstra_per[(u.pk, _renstra(t)[0])], status="ditetapkan",
            nomor_keputusan=f"188/{n:03d}/KEP/{t}", tanggal_keputusan=date(t, 1, 2), tanggal_ttd=date(t, 1, 2),
            data_contoh=True,
        )
        for n, u in enumerate(units, start=1) for t in daftar_tahun
    ], semua=jumlah, kunci="tahun IKI")
    _buat(Konstanta, [
        Konstanta(tahun=ti, kode="jumlah_desa", nama="Jumlah desa", satuan="desa", nilai=Decimal(r.jumlah_desa))
        for ti, r in zip(tahun_iki, (r for r in rancangan for _ in daftar_tahun), strict=True)
        if r.jumlah_desa
    ], semua=jumlah, kunci="konstanta")

    pasangan = list(zip(tahun_iki, (r for r in rancangan for _ in daftar_tahun), strict=True))
    jabatan = _buat(Jabatan, [
        Jabatan(tahun=ti, kode=f"j{n:02d}", nama=nama_j, urutan=n)
        for ti, r in pasangan for n, nama_j in enumerate(r.jabatan, start=1)
    ], semua=jumlah, kunci="jabatan")
    jabatan_per: dict[int, list[Jabatan]] = {}
    for j in jabatan:
        jabatan_per.setdefault(j.tahun_id, []).append(j)
    bawahan = []
    for daftar in jabatan_per.values():
        for j in daftar[1:]:
            j.atasan_id = daftar[0].pk
            bawahan.append(j)
    Jabatan.objects.bulk_update(bawahan, ["atasan"], batch_size=PER_BATCH)
    sasaran = _buat(Sasaran, [Sasaran(tahun=ti, teks=s) for ti, r in pasangan for s in r.sasaran],
                    semua=jumlah, kunci="sasaran")
    sasaran_per: dict[int, list[Sasaran]] = {}
    for s in sasaran:
        sasaran_per.setdefault(s.tahun_id, []).append(s)

    indikator = _buat(Indikator, [
        Indikator(
            tahun=ti, kode=d.kode, nama=d.nama, satuan=d.satuan, polaritas=d.polaritas, jenis=d.jenis,
            rumus=d.rumus, sifat_target=d.sifat_target, urutan=n, sumber_data="Register unit",
            penanggung_jawab=jabatan_per[ti.pk][d.jabatan[-1]],
        )
        for ti, r in pasangan for n, d in enumerate(r.indikator, start=1)
    ], semua=jumlah, kunci="indikator")
    def_per_indikator = [d for _, r in pasangan for d in r.indikator]
    _buat(Target, [Target(indikator=i, periode="tahun", nilai=d.target)
                   for i, d in zip(indikator, def_per_indikator, strict=True)], semua=jumlah, kunci="target")
    baris = []
    for i, d in zip(indikator, def_per_indikator, strict=True):
        for j in d.jabatan:
            baris.append((jabatan_per[i.tahun_id][j], sasaran_per[i.tahun_id][d.sasaran], i))
    urutan: dict[int, int] = {}
    objek_baris = []
    for j, s, i in baris:
        urutan[j.pk] = urutan.get(j.pk, 0) + 1
        objek_baris.append(BarisIKI(jabatan=j, sasaran=s, indikator=i, urutan=urutan[j.pk]))
    _buat(BarisIKI, objek_baris, semua=jumlah, kunci="baris IKI")

    objek_variabel, sumber_variabel = [], []
    for i, d in zip(indikator, def_per_indikator, strict=True):
        for n, v in enumerate(d.variabel, start=1):
            objek_variabel.append(Variabel(
                indikator=i, kode=v["kode"], nama=v["nama"], satuan=v["satuan"], cara_gabung=v["cara_gabung"],
                pengisi=jabatan_per[i.tahun_id][v["pengisi"]], urutan=n,
            ))
            sumber_variabel.append((i, d))
    variabel = _buat(Variabel, objek_variabel, semua=jumlah, kunci="variabel")

    # 12 verified months: submitted on the 5th of the next month, verified two days later.
    per_indikator: dict[int, list[Variabel]] = {}
    for v in variabel:
        per_indikator.setdefault(v.indikator_id, []).append(v)
    desa_per_tahun = {ti.pk: r.jumlah_desa for ti, r in pasangan}
    tahun_per_id = {ti.pk: ti.tahun for ti in tahun_iki}
    realisasi = []
    for i, d in zip(indikator, def_per_indikator, strict=True):
        if not d.variabel:
            continue
        seri = nilai_bulanan(rng, d, desa_per_tahun[i.tahun_id])
        tahun = tahun_per_id[i.tahun_id]
        for v in per_indikator[i.pk]:
            for bulan, nilai in enumerate(seri[v.kode], start=1):
                diajukan = datetime(tahun + (bulan == 12), bulan % 12 + 1, 5, 9, 0, tzinfo=JAKARTA)
                realisasi.append(Realisasi(
                    variabel=v, bulan=bulan, nilai=Decimal(nilai), status=Realisasi.DIVERIFIKASI,
                    catatan="data contoh", diajukan_pada=diajukan, diverifikasi_pada=diajukan + timedelta(days=2),
                    versi=3,
                ))
    realisasi = _buat(Realisasi, realisasi, semua=jumlah, kunci="realisasi")
    if riwayat:
        ids = [r.pk for r in realisasi]
        tanpa_orang = types.SimpleNamespace(pk=None)  # written by the generator, not by a person
        sekarang = timezone.now()
        for jenis, alasan in (("+", "Data contoh: disimpan"), ("~", "Data contoh: diajukan"),
                              ("~", "Data contoh: diverifikasi")):
            catat_riwayat(ids, jenis, user=tanpa_orang, alasan=alasan, tanggal=sekarang)
        jumlah["riwayat realisasi"] = 3 * len(ids)

    # IKM: a survey per triwulan, tallied per unsur, for every unit-year whose set measures it.
    survei_dari = [(ti, r) for ti, r in pasangan if any(d.jenis == Indikator.SURVEI for d in r.indikator)]
    survei = _buat(SurveiIKM, [
        SurveiIKM(unit_id=ti.unit_id, tahun=ti.tahun, jenis="tw", nomor=n) for ti, _ in survei_dari for n in range(1, 5)
    ], semua=jumlah, kunci="survei IKM")
    tally = [_survei(rng) for _ in survei]
    rekap = _buat(RekapIKM, [RekapIKM(survei=s, jumlah_responden=t[0]) for s, t in zip(survei, tally, strict=True)],
                  semua=jumlah, kunci="rekap IKM")
    _buat(RekapUnsur, [
        RekapUnsur(rekap=rk, unsur=kode, n1=n[0], n2=n[1], n3=n[2], n4=n[3])
        for rk, t in zip(rekap, tally, strict=True) for kode, n in t[1]
    ], semua=jumlah, kunci="rekap unsur")
    _buat(HariLibur, _libur([u.pk for u in units], daftar_tahun), semua=jumlah, kunci="hari libur")
    # Bulk writes send no signals: every year gets its data version here, as every bulk path
    # does (iki.umum.versi), so its figures are cached like any other year's and a later write
    # shows on the next request.
    naikkan_versi([t.pk for t in tahun_iki])

    ringkasan = Ringkasan(kabupaten=kabupaten, jumlah=jumlah)
    if pengguna:
        ringkasan.pengguna = _buat_pengguna(kabupaten, units)
    ringkasan.detik = time.perf_counter() - mulai_waktu
    return ringkasan


def _buat_pengguna(kabupaten: Kabupaten, units: list[UnitKerja]) -> list[str]:
    from iki.umum.akun import DEMO_PASSWORD

    contoh = Pengguna(username="contoh")
    contoh.set_password(DEMO_PASSWORD)  # hashed once: the same demo password for every account
    akun = [
        Pengguna(username=f"camat-{u.kode}"[:150], peran=Pengguna.CAMAT, unit=u, password=contoh.password,
                 first_name=u.jabatan_pimpinan)
        for u in units
    ]
    akun.append(Pengguna(username=f"pemantau-{kabupaten.kode}", peran=Pengguna.PEMANTAU, kabupaten=kabupaten,
                         password=contoh.password, first_name=f"Pemantau {kabupaten.nama}"))
    Pengguna.objects.bulk_create(akun)
    return [a.username for a in akun]
