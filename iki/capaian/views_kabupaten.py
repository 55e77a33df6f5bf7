"""A kabupaten's units for the pemantau, summary first: one row per unit (completeness, late
months, category counts, indicators needing attention, last change), sortable and filtered by
jenis, each linking to the unit's dashboard. An indicator that several units share is compared
side by side on its own screen (``dasbor_kabupaten_bandingkan``).

Neither page grows with units × indicator names: the summary has one row per unit, the
comparison one row per unit that carries the indicator; the list of shared names is one query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.core.cache import cache
from django.db.models import F, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from iki.capaian import data as capaian
from iki.capaian import tabel_kabupaten as tabel
from iki.capaian.tabel_kabupaten import Kolom
from iki.capaian.views_dasbor import (
    PILIHAN_PERIODE,
    pembuat_url_indikator,
    redirect_kabupaten,
    sel_nilai,
    tahun_kabupaten,
)
from iki.inti import angka, svg
from iki.inti.perhitungan import Periode
from iki.models import HariLibur, Indikator, Kabupaten, Pengguna, Realisasi
from iki.umum import akses, versi


def kabupaten_atau_404(user: Pengguna, kode: str) -> Kabupaten:
    """The user's own kabupaten (a superuser's: any); another kabupaten is not found."""
    if user.is_superuser:
        return get_object_or_404(Kabupaten, kode=kode)
    kabupaten_id = user.kabupaten_id if user.unit_id is None else user.unit.kabupaten_id
    return get_object_or_404(Kabupaten, kode=kode, pk=kabupaten_id)


@require_GET
@akses.untuk("dasbor_kabupaten")
def dasbor_kabupaten_terkini(request):
    user = request.user
    kabupaten = user.kabupaten if user.unit_id is None else user.unit.kabupaten
    if kabupaten is None:
        return redirect("daftar_unit")
    return redirect_kabupaten(user, kabupaten)


class FilterKabupatenForm(tabel.FilterUnitForm):
    """The kabupaten view's GET filters; an unknown ``?urut=`` falls back to the unit's name."""

    indikator = forms.CharField(label="Indikator", required=False, max_length=500)


def _saring(request) -> tuple[Periode | None, str, str]:
    saringan = tabel.saring(FilterKabupatenForm(request.GET))
    return saringan["periode"], saringan["jenis"], saringan["indikator"]


def _tahun_list(user: Pengguna, kabupaten: Kabupaten, tahun: int, jenis: str, unit_ids=None) -> list:
    """The years shown, each with its data version (``nomor_versi``) read in the same query,
    before any of their data."""
    qs = (tahun_kabupaten(user, kabupaten).filter(tahun=tahun).select_related("unit__kabupaten")
          .annotate(nomor_versi=F("versi_data__nomor")))
    if jenis:
        qs = qs.filter(unit__jenis=jenis)
    if unit_ids is not None:
        qs = qs.filter(pk__in=unit_ids)
    return list(qs.order_by("unit__nama", "unit_id"))


def _skala(data_list: list[capaian.DataTahun]):
    return data_list[0].skala if data_list else None


# --- The summary ------------------------------------------------------------------------------


@dataclass
class BarisUnit:
    """One unit's row of the summary."""

    tahun_iki: object
    url: str
    isian: capaian.IsianPeriode
    terlambat: int
    kategori: list[int]  # indicators per category of the scale, in the scale's order
    tanpa_kategori: int  # indicators without a capaian in the period
    perhatian: int
    terakhir: datetime | None

    @property
    def unit(self):
        return self.tahun_iki.unit

    @property
    def teks_terisi(self) -> str:
        p = self.isian.persen_terisi
        return "–" if p is None else angka.format_persen(p, 0)

    @property
    def teks_diverifikasi(self) -> str:
        p = self.isian.persen_diverifikasi
        return "–" if p is None else angka.format_persen(p, 0)


def kolom_ringkasan(skala) -> list[Kolom]:
    """The summary's columns; their keys are the only values ``?urut=`` accepts."""
    return [
        Kolom("unit", "Unit kerja", angka=False),
        Kolom("terisi", "Terisi"),
        Kolom("diverifikasi", "Diverifikasi"),
        Kolom("terlambat", "Bulan terlambat"),
        *tabel.kolom_kategori(skala),
        Kolom("perhatian", "Perlu perhatian"),
        Kolom("terakhir", "Perubahan terakhir"),
    ]


def _nilai_urut(b: BarisUnit, kunci: str):
    if kunci == "unit":
        return b.unit.nama.casefold()
    if kunci == "terisi":
        return b.isian.persen_terisi if b.isian.persen_terisi is not None else Decimal(-1)
    if kunci == "diverifikasi":
        return b.isian.persen_diverifikasi if b.isian.persen_diverifikasi is not None else Decimal(-1)
    if kunci == "terlambat":
        return b.terlambat
    if kunci == "perhatian":
        return b.perhatian
    if kunci == "terakhir":
        return b.terakhir.timestamp() if b.terakhir else float("-inf")
    return b.kategori[tabel.nomor_kategori(kunci)]


def baca_urut(nilai: str, kolom: list[Kolom]) -> tuple[str, bool]:
    """``(key, descending)`` from ``?urut=``; anything not a column's key is the unit's name, ascending."""
    return tabel.baca_urut(nilai, kolom, ("unit", False))


def urutkan(baris: list[BarisUnit], kunci: str, turun: bool) -> list[BarisUnit]:
    return tabel.urutkan(baris, lambda b: b.unit.nama, lambda b: _nilai_urut(b, kunci), turun)


def _perubahan_terakhir(tahun_list) -> dict[int, datetime]:
    """When a value of each unit's year last changed (one query)."""
    return dict(
        Realisasi.objects.filter(variabel__indikator__tahun__in=tahun_list)
        .order_by()
        .values("variabel__indikator__tahun_id")
        .annotate(m=Max("diperbarui"))
        .values_list("variabel__indikator__tahun_id", "m")
    )


@dataclass(frozen=True)
class Ringkasan:
    """The summary's figures, cached as one entry (``ringkasan``): the period shown, the scale,
    and per year shown (TahunIKI pk) the numbers of its row."""

    periode: str
    skala: object
    baris: dict[int, dict]


def kunci_ringkasan(tahun_list, hari_ini: date, periode: Periode | None) -> str | None:
    """The summary's cache key: the data versions of every year shown (so a write to any unit,
    a unit added, hidden or filtered out, changes it), the date in Jakarta (lateness) and the
    period asked for (empty: the default one). None when a year has no version: not cached."""
    sidik = versi.sidik_versi({t.pk: getattr(t, "nomor_versi", None) for t in tahun_list})
    if not sidik:
        return None
    return f"iki:kabupaten:{versi.kode_aplikasi()}:{sidik}:{hari_ini}:{periode.kode if periode else ''}"


def ringkasan(tahun_list, tahun: int, periode: Periode | None, sekarang: datetime | date) -> Ringkasan:
    """Each year's row figures, computed: the years loaded in a fixed number of queries, surveys
    pooled for the one period shown."""
    hari_ini = capaian.hari_ini_jakarta(sekarang)
    data_per_tahun = capaian.muat_tahun(tahun_list, tanggal_acuan=hari_ini, ringkas=True, periode_survei=())
    data_list = [data_per_tahun[t.pk] for t in tahun_list]
    periode = periode or tabel.periode_bawaan(data_list)
    capaian.muat_survei(data_list, [periode])
    # Every unit's holidays in one query (they move its entry deadlines).
    libur: dict[int, set] = {d.unit.pk: set() for d in data_list}
    for unit_id, tanggal in HariLibur.objects.filter(
        unit__in=[d.unit for d in data_list], tanggal__year__in=(tahun, tahun + 1)
    ).values_list("unit_id", "tanggal"):
        libur[unit_id].add(tanggal)
    terakhir = _perubahan_terakhir(tahun_list) if tahun_list else {}
    skala = _skala(data_list)
    urutan_kategori = tabel.urutan_kategori(kolom_ringkasan(skala))
    baris = {}
    for d in data_list:
        hitung = [0] * len(urutan_kategori)
        tanpa = perhatian = 0
        for indikator_id in d.indikator:
            h = d.hasil(indikator_id, periode)
            if h.kategori is None:
                tanpa += 1
            else:
                hitung[urutan_kategori[h.kategori]] += 1
            perhatian += capaian.perlu_perhatian(d.skala, h.kategori, h.capaian)
        baris[d.tahun_iki.pk] = {
            "isian": capaian.isian_periode(d, periode, hari_ini),
            "terlambat": capaian.kelengkapan(d, sekarang, libur=libur[d.unit.pk]).jumlah_terlambat,
            "kategori": hitung,
            "tanpa_kategori": tanpa,
            "perhatian": perhatian,
            "terakhir": terakhir.get(d.tahun_iki.pk),
        }
    return Ringkasan(periode=periode.kode, skala=skala, baris=baris)


def konteks_kabupaten(request_user: Pengguna, kabupaten: Kabupaten, tahun: int, periode: Periode | None,
                      sekarang: datetime | date, *, jenis: str = "", urut: str = "") -> dict:
    """Every visible unit of the kabupaten as one summary row, sorted by ``urut``. The rows'
    figures come from the cache while no year shown was written (``kunci_ringkasan``)."""
    tahun_list = _tahun_list(request_user, kabupaten, tahun, jenis)
    hari_ini = capaian.hari_ini_jakarta(sekarang)
    kunci_cache = kunci_ringkasan(tahun_list, hari_ini, periode)
    isi = cache.get(kunci_cache) if kunci_cache else None
    if isi is None:
        isi = ringkasan(tahun_list, tahun, periode, sekarang)
        if kunci_cache:
            cache.set(kunci_cache, isi, versi.WAKTU_CACHE)
    periode = Periode.dari_kode(isi.periode)
    kolom = kolom_ringkasan(isi.skala)
    baris = [
        BarisUnit(tahun_iki=t, url=reverse("dasbor_unit", args=[t.unit.kode, tahun]) + f"?periode={periode.kode}",
                  **isi.baris[t.pk])
        for t in tahun_list
    ]
    kunci, turun = baca_urut(urut, kolom)
    dasar = {"periode": periode.kode, **({"jenis": jenis} if jenis else {})}
    return {
        "kabupaten": kabupaten,
        "tahun": tahun,
        "periode": periode,
        "jenis": jenis,
        "pilihan_jenis": tabel.PILIHAN_JENIS,
        "urut": ("-" if turun else "") + kunci,
        "kepala": tabel.kepala(kolom, kunci, turun, dasar),
        "baris": urutkan(baris, kunci, turun),
        "hari_ini": hari_ini,
        "tahun_lain": _tahun_lain(request_user, kabupaten),
    }


def _tahun_lain(user: Pengguna, kabupaten: Kabupaten) -> list[int]:
    return list(tahun_kabupaten(user, kabupaten).order_by("tahun").values_list("tahun", flat=True).distinct())


@require_GET
@akses.untuk("dasbor_kabupaten")
def dasbor_kabupaten(request, kode: str, tahun: int):
    akses.tahun_sah_atau_404(tahun)
    kabupaten = kabupaten_atau_404(request.user, kode)
    periode, jenis, _ = _saring(request)
    konteks = konteks_kabupaten(request.user, kabupaten, tahun, periode, timezone.now(), jenis=jenis,
                                urut=request.GET.get("urut", ""))
    konteks["pilihan_periode"] = PILIHAN_PERIODE
    return render(request, "iki/dasbor/kabupaten.html", konteks)


# --- One shared indicator compared ----------------------------------------------------------------


@dataclass
class NamaBersama:
    kunci: str
    nama: str
    jumlah_unit: int


def nama_bersama(tahun_list) -> tuple[list[NamaBersama], dict[str, set[int]]]:
    """Indicator names (``capaian.kunci_nama_indikator``) carried by two or more of the years,
    most widely shared first, and which years carry each name (one query)."""
    per_kunci: dict[str, set[int]] = defaultdict(set)
    nama: dict[str, str] = {}
    for tahun_id, n in Indikator.objects.filter(tahun__in=tahun_list).order_by("nama").values_list("tahun_id", "nama"):
        kunci = capaian.kunci_nama_indikator(n)
        per_kunci[kunci].add(tahun_id)
        nama.setdefault(kunci, n)
    bersama = [NamaBersama(k, nama[k], len(t)) for k, t in per_kunci.items() if len(t) >= 2]
    bersama.sort(key=lambda b: (-b.jumlah_unit, b.kunci))
    return bersama, per_kunci


@require_GET
@akses.untuk("dasbor_kabupaten")
def dasbor_kabupaten_bandingkan(request, kode: str, tahun: int):
    """The indicator names that two or more units share, and, for the one picked
    (``?indikator=<name>``), its value, target, capaian and category in each of those units."""
    akses.tahun_sah_atau_404(tahun)
    kabupaten = kabupaten_atau_404(request.user, kode)
    periode, jenis, dipilih = _saring(request)
    semua = _tahun_list(request.user, kabupaten, tahun, jenis)
    bersama, per_kunci = nama_bersama(semua)
    kunci = capaian.kunci_nama_indikator(dipilih) if dipilih else ""
    pilihan = next((b for b in bersama if b.kunci == kunci), None)
    baris, pesan = [], ""
    if dipilih and pilihan is None:
        pesan = f"Indikator “{dipilih}” tidak dimiliki dua unit kerja atau lebih pada tahun {tahun}. Pilih dari daftar."
    if pilihan is not None:
        tahun_list = [t for t in semua if t.pk in per_kunci[kunci]]
        hari_ini = capaian.hari_ini_jakarta(timezone.now())
        data_per_tahun = capaian.muat_tahun(tahun_list, tanggal_acuan=hari_ini, ringkas=True, periode_survei=())
        data_list = [data_per_tahun[t.pk] for t in tahun_list]
        periode = periode or tabel.periode_bawaan(data_list)
        capaian.muat_survei(data_list, [periode])
        for d in data_list:
            url_indikator = pembuat_url_indikator(d.tahun_iki, periode)
            for ind in d.indikator.values():
                if capaian.kunci_nama_indikator(ind.nama) == kunci:
                    h = d.hasil(ind.pk, periode)
                    baris.append({"unit": d.unit, "hasil": h, "sel": sel_nilai(h), "url": url_indikator(ind.pk),
                                  "swatch": SafeString(svg.swatch(h.kategori)) if h.kategori else ""})
                    break  # one row per unit: a unit's first indicator of that name
    return render(request, "iki/dasbor/kabupaten_bandingkan.html", {
        "kabupaten": kabupaten,
        "tahun": tahun,
        "periode": periode,
        "jenis": jenis,
        "pilihan_periode": PILIHAN_PERIODE,
        "pilihan_jenis": tabel.PILIHAN_JENIS,
        "bersama": bersama,
        "pilihan": pilihan,
        "baris": baris,
        "pesan": pesan,
        "url_ringkasan": reverse("dasbor_kabupaten", args=[kabupaten.kode, tahun]),
    })
