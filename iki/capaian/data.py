"""A unit's year of IKI as plain data: values, targets, capaian and completeness.

``muat_tahun`` reads everything one year needs in a fixed number of queries, however many
indicators, months or units there are (the kabupaten view loads all its units in one go).
The rest of this module works on that loaded data only: no queries, no clock. Arithmetic is
``iki.inti.perhitungan``'s; this module decides what to combine, for which period, with which target.

Shapes, for the dashboard, the drill-down and the reports alike:

* ``DataTahun.hasil(indikator_id, periode)`` → ``HasilIndikator``: combined variables, value,
  target, capaian (uncapped and capped for display), category, whether every value behind it
  is verified, which months are missing, and the components ("48 dari 50").
* ``DataTahun.seri_bulanan(indikator_id)`` → twelve monthly ``HasilIndikator``.
* ``kelengkapan(data, sekarang)`` → per jabatan and month: not entered / draft / submitted /
  returned / verified, and late when the month's deadline has passed without submission.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects

from iki.inti import angka, perhitungan
from iki.inti.perhitungan import Kategori, Periode
from iki.inti.rumus import Rumus
from iki.models import (
    BarisIKI,
    CatatanIndikator,
    HariLibur,
    Indikator,
    Jabatan,
    KategoriCapaian,
    Konstanta,
    Penugasan,
    Realisasi,
    TahunIKI,
    Target,
    Variabel,
)
from iki.realisasi import kalender
from iki.realisasi.kalender import hari_ini_jakarta
from iki.umum import versi

BELUM_ADA_SURVEI = "belum ada data survei"
BELUM_ADA_DATA = "belum ada data"
TANPA_TARGET = "target belum ditetapkan"
RUMUS_TIDAK_SAH = "rumus tidak sah"

# Formatting a Decimal the Indonesian way costs more than computing it, and a dashboard prints
# the same targets and counts many times over; equal Decimals format alike, so memoise.
_format_angka = lru_cache(maxsize=8192)(angka.format_angka)
_format_ringkas = lru_cache(maxsize=8192)(angka.format_ringkas)
_format_persen = lru_cache(maxsize=8192)(angka.format_persen)
_format_nilai = lru_cache(maxsize=8192)(angka.format_nilai)



def nilai_survei(tahun_iki: TahunIKI) -> dict[str, Decimal | None]:
    """The survey index (IKM, converted 25–100) of the unit's year for every period, by
    period code; ``None`` means no survey provides a value and the dashboard says "belum ada
    data survei". Asked once per loaded year, never per indicator; ``muat_tahun`` fills it for
    many years at once."""
    return nilai_survei_banyak([tahun_iki])[tahun_iki.pk]


def nilai_survei_banyak(
    daftar_tahun, daftar_periode: Iterable[Periode] = perhitungan.SEMUA_PERIODE
) -> dict[int, dict[str, Decimal | None]]:
    """Many units' survey values at once, for the periods asked (every period by default: a unit's
    dashboard shows them all; the kabupaten view asks for the one it shows)."""
    from iki.ikm.sumber import nilai_ikm_tahun

    return nilai_ikm_tahun(daftar_tahun, daftar_periode)


def kunci_nama_indikator(nama: str) -> str:
    """The name under which indicators of different units count as the same indicator: case,
    runs of spaces and the spelling "persentase"/"prosentase" do not matter."""
    return " ".join(nama.casefold().replace("persentase", "prosentase").split())


# --- Loaded data ------------------------------------------------------------------------------


class NilaiBulan(NamedTuple):
    """One Realisasi as the computations need it. A named tuple: a kabupaten loads tens of
    thousands of them, and a tuple is made several times faster than a frozen dataclass."""

    nilai: Decimal
    status: str


@dataclass
class HasilIndikator:
    """An indicator over one period. ``capaian`` is uncapped; ``capaian_tampil`` is capped."""

    indikator: Indikator
    periode: Periode
    nilai: Decimal | None
    target: Decimal | None
    capaian: Decimal | None
    capaian_tampil: Decimal | None
    kategori: Kategori | None
    gabungan: dict[str, Decimal | None]
    komponen: str
    bulan_kosong: tuple[int, ...]  # months of the period with a variable not entered
    belum_diverifikasi: bool  # some value behind it is not (yet) verified
    pesan: str = ""  # why there is no value: "belum ada data survei", …
    sumber_target: str = ""  # which target the period used: "target tahunan", "⅓ target TW I", …

    @property
    def survei(self) -> bool:
        return self.indikator.jenis == Indikator.SURVEI

    @property
    def ada_nilai(self) -> bool:
        return self.nilai is not None

    @cached_property
    def teks_nilai(self) -> str:
        return _format_angka(self.nilai) if self.nilai is not None else (self.pesan or "–")

    @cached_property
    def teks_target(self) -> str:
        return _format_angka(self.target)

    @cached_property
    def teks_capaian(self) -> str:
        return _format_persen(self.capaian_tampil)

    @cached_property
    def rincian_selisih(self) -> str:
        """For a difference indicator (kejadian − target): the incidents and the target behind
        the difference, ``"kejadian 11 kasus, target 12 kasus"``; "" for other indicators."""
        if self.indikator.jenis != Indikator.SELISIH or self.nilai is None or self.target is None:
            return ""
        satuan = f" {self.indikator.satuan}".rstrip()
        variabel = [v for v in self.gabungan.values() if v is not None]
        kejadian = variabel[0] if len(variabel) == 1 else self.nilai + self.target
        return f"kejadian {_format_ringkas(kejadian)}{satuan}, target {_format_ringkas(self.target)}{satuan}"

    @property
    def komponen_berlabel(self) -> str:
        return f"{self.periode.label}: {self.komponen}" if self.komponen else ""


@dataclass
class _Indikator:
    per_variabel: list[dict[int, NilaiBulan]]
    bentrok: bool  # a variable named like a constant or "target": the formula cannot be trusted
    bulanan: dict[str, dict[int, Decimal]]
    cara: dict[str, perhitungan.CaraGabung]
    nama: dict[str, str]
    desimal: dict[str, int]  # each variable's decimals (Variabel.desimal), for showing its values
    pasangan: list[tuple[str, str]]


_BULAN = tuple(Periode("bulan", b) for b in range(1, 13))


@dataclass
class DataTahun:
    """Everything of one TahunIKI, loaded once; computations are memoised per (indicator, period)."""

    tahun_iki: TahunIKI
    jabatan: list[Jabatan]
    baris: list[BarisIKI]  # in jabatan order, then row order; .sasaran and .indikator loaded
    indikator: dict[int, Indikator]  # in indicator order
    variabel: dict[int, list[Variabel]]  # per indikator id, in order
    konstanta: list[Konstanta]
    target: dict[int, dict[str, Decimal]]  # per indikator id: periode kode → nilai
    realisasi: dict[int, dict[int, NilaiBulan]]  # per variabel id: bulan → value
    catatan: dict[int, dict[int, CatatanIndikator]]  # per indikator id: bulan → note
    pemegang: dict[int, list[str]]  # per jabatan id: holders' names on the reference date
    skala: perhitungan.SkalaKategori
    batas_tampil: int | None
    _hasil: dict = field(default_factory=dict, repr=False)
    _survei: dict | None = field(default=None, repr=False)
    _survei_semua: bool = field(default=False, repr=False)  # _survei holds every period
    _siap: dict = field(default_factory=dict, repr=False)
    _target: dict = field(default_factory=dict, repr=False)

    @property
    def unit(self):
        return self.tahun_iki.unit

    @cached_property
    def nilai_konstanta(self) -> dict[str, Decimal]:
        return {k.kode: k.nilai for k in self.konstanta}

    @cached_property
    def bulan_terakhir(self) -> int:
        """The latest month with any value entered in the unit's year (0 when none)."""
        return max((b for per_bulan in self.realisasi.values() for b in per_bulan), default=0)

    @cached_property
    def baris_per_jabatan(self) -> dict[int, list[BarisIKI]]:
        hasil: dict[int, list[BarisIKI]] = defaultdict(list)
        for b in self.baris:
            hasil[b.jabatan_id].append(b)
        return hasil

    @cached_property
    def variabel_per_pengisi(self) -> dict[int, list[Variabel]]:
        hasil: dict[int, list[Variabel]] = defaultdict(list)
        for daftar in self.variabel.values():
            for v in daftar:
                if v.pengisi_id:
                    hasil[v.pengisi_id].append(v)
        return hasil

    # The methods below run hundreds of times per page: they read ``indikator.id`` once rather
    # than ``.pk`` (a property lookup through the model's meta) on every use.

    def rumus(self, indikator: Indikator) -> Rumus | None:
        return indikator.rumus_terurai()

    def target_untuk(self, indikator: Indikator, periode: Periode) -> Decimal | None:
        return self.target_dengan_sumber(indikator, periode).nilai

    def target_dengan_sumber(self, indikator: Indikator, periode: Periode) -> perhitungan.TargetPeriode:
        kunci = indikator.id
        per_periode = self.target.get(kunci, {})
        triwulan = self._target.get(kunci)
        if triwulan is None:
            triwulan = self._target[kunci] = {
                int(k[2:]): v for k, v in per_periode.items() if k.startswith("tw")
            }
        return perhitungan.tentukan_target(
            periode,
            target_tahun=per_periode.get("tahun"),
            target_triwulan=triwulan,
            proporsional=indikator.sifat_target == "proporsional",
        )

    def survei(self, periode: Periode) -> Decimal | None:
        if self._survei is None or (not self._survei_semua and periode.kode not in self._survei):
            # Not loaded, or loaded for some periods only (``muat_survei``): pool every period.
            self._survei = {**(self._survei or {}), **nilai_survei(self.tahun_iki)}
            self._survei_semua = True
        return self._survei.get(periode.kode)

    def hasil(self, indikator_id: int, periode: Periode) -> HasilIndikator:
        kunci = (indikator_id, periode.jenis, periode.nomor)  # cheaper to hash than the dataclass
        hasil = self._hasil.get(kunci)
        if hasil is None:
            hasil = self._hasil[kunci] = self._hitung(self.indikator[indikator_id], periode)
        return hasil

    def seri_bulanan(self, indikator_id: int) -> list[HasilIndikator]:
        return [self.hasil(indikator_id, periode) for periode in _BULAN]

    def bulanan(self, indikator: Indikator) -> dict[str, dict[int, Decimal]]:
        return self._per_indikator(indikator).bulanan

    def _per_indikator(self, indikator: Indikator) -> _Indikator:
        """What every period of one indicator needs, gathered once."""
        siap = self._siap.get(indikator.id)
        if siap is None:
            variabel = self.variabel.get(indikator.id, [])
            per_variabel = [self.realisasi.get(v.id, {}) for v in variabel]
            kode = {v.kode for v in variabel}
            selisih = indikator.jenis == Indikator.SELISIH
            siap = self._siap[indikator.id] = _Indikator(
                per_variabel=per_variabel,
                bentrok=bool(kode & set(self.nilai_konstanta))
                or (selisih and ("target" in kode or "target" in self.nilai_konstanta)),
                bulanan={
                    v.kode: {b: n.nilai for b, n in r.items()} for v, r in zip(variabel, per_variabel, strict=True)
                },
                cara={v.kode: perhitungan.CaraGabung(v.cara_gabung) for v in variabel},
                nama={v.kode: v.nama for v in variabel},
                desimal={v.kode: v.desimal for v in variabel},
                pasangan=indikator.pasangan_rasio_rumus(),
            )
        return siap

    def _hitung(self, indikator: Indikator, periode: Periode) -> HasilIndikator:
        ditentukan = self.target_dengan_sumber(indikator, periode)
        target = ditentukan.nilai
        siap = self._per_indikator(indikator)
        bulan = periode.bulan
        bulan_kosong = tuple(b for b in bulan if any(b not in r for r in siap.per_variabel))
        belum_diverifikasi = any(
            n.status != Realisasi.DIVERIFIKASI
            for r in siap.per_variabel
            for b in bulan
            if (n := r.get(b)) is not None
        )
        gabungan: dict[str, Decimal | None] = {}
        pesan = ""
        nilai: Decimal | None = None
        if indikator.jenis == Indikator.SURVEI:
            nilai = self.survei(periode)
            pesan = BELUM_ADA_SURVEI if nilai is None else ""
            bulan_kosong = ()
        else:
            rumus = self.rumus(indikator)
            if periode.jenis == "bulan":
                # One month combines to its own value under every rule (sum, last, mean); the
                # dashboard asks for twelve of them per indicator, so skip the general path.
                gabungan = {kode: per_bulan.get(periode.nomor) for kode, per_bulan in siap.bulanan.items()}
            else:
                gabungan = perhitungan.gabung_semua(siap.bulanan, siap.cara, periode)
            if rumus is None or siap.bentrok:
                pesan = RUMUS_TIDAK_SAH
            elif any(g is None for g in gabungan.values()):
                pesan = BELUM_ADA_DATA
            elif indikator.jenis == Indikator.SELISIH and target is None:
                pesan = TANPA_TARGET
            else:
                # perhitungan.nilai_periode's rule (the formula over the combined variables, plus
                # constants and the target), applied to the combination made just above rather
                # than combining the months a second time; name clashes are checked once, in
                # _per_indikator.
                nama = {**self.nilai_konstanta, **gabungan}
                if indikator.jenis == Indikator.SELISIH:
                    nama["target"] = target
                nilai = rumus.hitung(nama)
                pesan = perhitungan.TIDAK_DAPAT_DIHITUNG if nilai is None else ""
        capaian = perhitungan.capaian_indikator(
            nilai, target, indikator.polaritas, selisih=indikator.jenis == Indikator.SELISIH
        )
        return HasilIndikator(
            indikator=indikator,
            periode=periode,
            nilai=nilai,
            target=target,
            capaian=capaian,
            capaian_tampil=perhitungan.batasi(capaian, self.batas_tampil),
            kategori=self.skala.kategori(capaian),
            gabungan=gabungan,
            komponen=self._komponen(indikator, siap, gabungan, target),
            bulan_kosong=bulan_kosong,
            belum_diverifikasi=belum_diverifikasi,
            pesan=pesan,
            sumber_target=ditentukan.sumber,
        )

    def _komponen(self, indikator: Indikator, siap: _Indikator, gabungan: dict[str, Decimal | None], target) -> str:
        """The counts that make a value: "48 dari 50" for a ratio, else each variable's value."""
        if indikator.jenis == Indikator.SURVEI or not gabungan or any(g is None for g in gabungan.values()):
            return ""
        def tampil(kode: str, nilai: Decimal) -> str:
            # A variable's value with its decimals; a constant as people write it.
            return _format_nilai(nilai, siap.desimal[kode]) if kode in siap.desimal else _format_ringkas(nilai)

        bagian = []
        for pembilang, penyebut in siap.pasangan:
            a = gabungan.get(pembilang, self.nilai_konstanta.get(pembilang))
            b = gabungan.get(penyebut, self.nilai_konstanta.get(penyebut))
            if a is not None and b is not None:
                bagian.append(f"{tampil(pembilang, a)} dari {tampil(penyebut, b)}")
        if not bagian:
            bagian = [f"{siap.nama[k]} {tampil(k, v)}" for k, v in gabungan.items()]
            if indikator.jenis == Indikator.SELISIH and target is not None:
                bagian.append(f"target {_format_ringkas(target)}")
        return "; ".join(bagian)




def muat_tahun(
    tahun_list: Iterable[TahunIKI],
    *,
    tanggal_acuan: date | None = None,
    ringkas: bool = False,
    periode_survei: Iterable[Periode] | None = None,
) -> dict[int, DataTahun]:
    """Load the years given (their ``unit`` and ``unit.kabupaten`` already selected) in a fixed
    number of queries; returns ``{tahun_iki.pk: DataTahun}``.

    ``tanggal_acuan`` is the date whose jabatan holders are named (clipped into each year).
    ``ringkas`` leaves out the printed rows, the notes and the holders, which a view of many
    units side by side does not show (``baris``, ``catatan`` and ``pemegang`` stay empty).
    ``periode_survei``: the periods whose survey values are pooled now for all the years in one go
    (default: every period when several years are loaded; ``()``: none now, see ``muat_survei``).
    A period not pooled is still right: asking for it pools that unit's surveys then.
    """
    tahun_list = list(tahun_list)
    if not tahun_list:
        return {}
    ids = [t.pk for t in tahun_list]
    kabupaten = list({t.unit.kabupaten_id: t.unit.kabupaten for t in tahun_list}.values())
    # Default orderings follow foreign keys into joins up to the kabupaten; every query here
    # either orders by plain columns or needs no order at all.
    prefetch_related_objects(kabupaten, Prefetch("kategori_capaian", queryset=KategoriCapaian.objects.order_by()))
    # Each unit carries its own Kabupaten instance: read every scale from the prefetched ones.
    skala = {k.pk: k.skala() for k in kabupaten}
    batas_tampil = {k.pk: k.batas_tampil_capaian for k in kabupaten}

    jabatan: dict[int, list[Jabatan]] = defaultdict(list)
    for j in Jabatan.objects.filter(tahun_id__in=ids).order_by("tahun_id", "urutan", "id"):
        jabatan[j.tahun_id].append(j)
    indikator: dict[int, dict[int, Indikator]] = defaultdict(dict)
    per_id: dict[int, Indikator] = {}
    for i in Indikator.objects.filter(tahun_id__in=ids).order_by("tahun_id", "urutan", "id"):
        indikator[i.tahun_id][i.pk] = per_id[i.pk] = i
    urutan_jabatan = {j.pk: n for daftar in jabatan.values() for n, j in enumerate(daftar)}
    baris: dict[int, list[BarisIKI]] = defaultdict(list)
    for b in BarisIKI.objects.none() if ringkas else BarisIKI.objects.filter(
        jabatan__tahun_id__in=ids
    ).select_related("sasaran").order_by():
        b.indikator = per_id[b.indikator_id]
        baris[b.sasaran.tahun_id].append(b)
    for daftar in baris.values():
        daftar.sort(key=lambda b: (urutan_jabatan[b.jabatan_id], b.urutan))
    variabel: dict[int, dict[int, list[Variabel]]] = defaultdict(lambda: defaultdict(list))
    tahun_variabel: dict[int, int] = {}
    for v in Variabel.objects.filter(indikator__tahun_id__in=ids).order_by("indikator_id", "urutan", "id"):
        tahun = per_id[v.indikator_id].tahun_id
        variabel[tahun][v.indikator_id].append(v)
        tahun_variabel[v.pk] = tahun
    konstanta: dict[int, list[Konstanta]] = defaultdict(list)
    for k in Konstanta.objects.filter(tahun_id__in=ids).order_by():
        konstanta[k.tahun_id].append(k)
    target: dict[int, dict[int, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for indikator_id, periode, nilai in Target.objects.filter(indikator__tahun_id__in=ids).order_by().values_list(
        "indikator_id", "periode", "nilai"
    ):
        target[per_id[indikator_id].tahun_id][indikator_id][periode] = nilai
    realisasi: dict[int, dict[int, dict[int, NilaiBulan]]] = defaultdict(lambda: defaultdict(dict))
    for variabel_id, bulan, nilai, status in Realisasi.objects.filter(
        variabel__indikator__tahun_id__in=ids
    ).order_by().values_list("variabel_id", "bulan", "nilai", "status"):
        realisasi[tahun_variabel[variabel_id]][variabel_id][bulan] = NilaiBulan(nilai, status)
    catatan: dict[int, dict[int, dict[int, CatatanIndikator]]] = defaultdict(lambda: defaultdict(dict))
    for c in CatatanIndikator.objects.none() if ringkas else CatatanIndikator.objects.filter(
        indikator__tahun_id__in=ids
    ).order_by():
        catatan[per_id[c.indikator_id].tahun_id][c.indikator_id][c.bulan] = c
    pemegang: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    tahun_per_jabatan = {j.pk: j.tahun_id for daftar in jabatan.values() for j in daftar}
    angka_tahun = {t.pk: t.tahun for t in tahun_list}
    for p in (
        Penugasan.objects.none() if ringkas else Penugasan.objects.filter(jabatan__tahun_id__in=ids)
        .select_related("pegawai")
        .order_by("jabatan_id", "-mulai")
    ):
        tahun = angka_tahun[tahun_per_jabatan[p.jabatan_id]]
        acuan = kalender.tanggal_acuan(tahun, tanggal_acuan) if tanggal_acuan else date(tahun, 12, 31)
        if p.mulai <= acuan and (p.selesai is None or p.selesai >= acuan):
            awalan = "" if p.jenis == "definitif" else f"{p.get_jenis_display().split()[0]} "
            pemegang[tahun_per_jabatan[p.jabatan_id]][p.jabatan_id].append(f"{awalan}{p.pegawai.nama}")

    data = {
        t.pk: DataTahun(
            tahun_iki=t,
            jabatan=jabatan[t.pk],
            baris=baris[t.pk],
            indikator=indikator[t.pk],
            variabel=dict(variabel[t.pk]),
            konstanta=konstanta[t.pk],
            target=dict(target[t.pk]),
            realisasi=dict(realisasi[t.pk]),
            catatan=dict(catatan[t.pk]),
            pemegang=dict(pemegang[t.pk]),
            skala=skala[t.unit.kabupaten_id],
            batas_tampil=batas_tampil[t.unit.kabupaten_id],
        )
        for t in tahun_list
    }
    if periode_survei is not None:
        muat_survei(data.values(), periode_survei)
    elif len(tahun_list) > 1:
        muat_survei(data.values(), perhitungan.SEMUA_PERIODE)
    return data


def muat_survei(data_list: Iterable[DataTahun], daftar_periode: Iterable[Periode]) -> None:
    """Pool the survey values of many loaded years at once (a fixed number of queries), for the
    periods given only: the kabupaten view shows one period, and pooling all 31 of every unit
    cost it a quarter of its time."""
    daftar_periode = list(daftar_periode)
    dengan_survei = [d for d in data_list if any(i.jenis == Indikator.SURVEI for i in d.indikator.values())]
    if not dengan_survei or not daftar_periode:
        return
    survei = nilai_survei_banyak([d.tahun_iki for d in dengan_survei], daftar_periode)
    semua = {p.kode for p in perhitungan.SEMUA_PERIODE} <= {p.kode for p in daftar_periode}
    for d in dengan_survei:
        d._survei = {**(d._survei or {}), **survei[d.tahun_iki.pk]}
        d._survei_semua = d._survei_semua or semua


def muat(tahun_iki: TahunIKI, *, tanggal_acuan: date | None = None, nomor: int | None = None) -> DataTahun:
    """One unit's year, from the cache when nothing it depends on was written since (the key is
    the year's data version, ``iki.umum.versi``; ``nomor`` when the caller has read it already).
    What is cached is the loaded data, before any computation; each caller computes the periods
    it shows."""
    kunci = versi.kunci("tahun", tahun_iki, tanggal_acuan, nomor=nomor)  # read before the data
    data = cache.get(kunci) if kunci else None
    if data is None:
        data = muat_tahun([tahun_iki], tanggal_acuan=tanggal_acuan)[tahun_iki.pk]
        if kunci:
            cache.set(kunci, data, versi.WAKTU_CACHE)
    else:
        data.tahun_iki = tahun_iki  # the caller's instance, its unit and kabupaten selected
    return data


# --- Completeness -----------------------------------------------------------------------------

# A jabatan's month has the statuses of its values (Realisasi.STATUS_CHOICES and
# Realisasi.BELUM_DIISI), plus one of the dashboard's own: a month still to come.
BELUM_WAKTUNYA = "belum_waktunya"

# The cell's title: the value labels in lower case, two of them spelled out for a month.
LABEL_BULAN = {
    BELUM_WAKTUNYA: "belum waktunya",
    **{status: label.lower() for status, label in Realisasi.LABEL_STATUS.items()},
    Realisasi.DRAFT: "draf (belum diajukan)",
    Realisasi.DIAJUKAN: "diajukan, menunggu verifikasi",
}
SINGKAT_STATUS = {
    BELUM_WAKTUNYA: "·",
    Realisasi.BELUM_DIISI: "kosong",
    Realisasi.DRAFT: "draf",
    Realisasi.DIKEMBALIKAN: "kembali",
    Realisasi.DIAJUKAN: "ajuan",
    Realisasi.DIVERIFIKASI: "✓",
}


def status_bulan(status_variabel: list[str | None]) -> str:
    """One month of one jabatan, from the status of each of its variables (None = not entered)."""
    ada = [s for s in status_variabel if s is not None]
    if not ada:
        return Realisasi.BELUM_DIISI
    if Realisasi.DIKEMBALIKAN in ada:
        return Realisasi.DIKEMBALIKAN
    if Realisasi.DRAFT in ada or len(ada) < len(status_variabel):
        return Realisasi.DRAFT
    if Realisasi.DIAJUKAN in ada:
        return Realisasi.DIAJUKAN
    return Realisasi.DIVERIFIKASI


@dataclass(frozen=True)
class SelKelengkapan:
    bulan: int
    status: str
    terisi: int
    jumlah: int
    batas: date
    terlambat: bool

    @property
    def nama_bulan(self) -> str:
        return angka.nama_bulan(self.bulan)

    @property
    def singkatan_bulan(self) -> str:
        return angka.singkatan_bulan(self.bulan)

    @property
    def label(self) -> str:
        teks = LABEL_BULAN[self.status]
        if self.status == Realisasi.DRAFT and self.terisi < self.jumlah:
            teks = f"baru {self.terisi} dari {self.jumlah} diisi, belum diajukan"
        if self.terlambat:
            teks += f"; terlambat (batas {angka.format_angka(self.batas.day, 0)} "
            teks += f"{angka.nama_bulan(self.batas.month)} {self.batas.year})"
        return teks

    @property
    def singkat(self) -> str:
        return SINGKAT_STATUS[self.status]


@dataclass
class BarisKelengkapan:
    jabatan: Jabatan
    pemegang: list[str]
    jumlah_variabel: int
    sel: list[SelKelengkapan]

    @property
    def terlambat(self) -> list[SelKelengkapan]:
        return [s for s in self.sel if s.terlambat]

    @property
    def teks_bulan_terlambat(self) -> str:
        return ", ".join(s.nama_bulan for s in self.terlambat)


@dataclass
class Kelengkapan:
    baris: list[BarisKelengkapan]
    hari_ini: date

    def _hitung(self, status: str) -> int:
        return sum(1 for b in self.baris for s in b.sel if s.status == status)

    @property
    def jumlah_terlambat(self) -> int:
        return sum(len(b.terlambat) for b in self.baris)

    @property
    def jabatan_terlambat(self) -> list[BarisKelengkapan]:
        return [b for b in self.baris if b.terlambat]

    @property
    def jumlah_belum_diisi(self) -> int:
        """Months not (fully) entered whose entry period has begun."""
        return self._hitung(Realisasi.BELUM_DIISI) + self._hitung(Realisasi.DRAFT)

    @property
    def jumlah_menunggu_verifikasi(self) -> int:
        return self._hitung(Realisasi.DIAJUKAN)

    @property
    def jumlah_dikembalikan(self) -> int:
        return self._hitung(Realisasi.DIKEMBALIKAN)


def kelengkapan(
    data: DataTahun, sekarang: datetime | date, jabatan: Jabatan | None = None, libur: Collection[date] | None = None
) -> Kelengkapan:
    """Which jabatan has not entered, submitted or had verified which month; what is late.

    A month whose first day is still to come is "belum waktunya" unless something was entered.
    Late is ``kalender.terlambat``: the deadline has passed while a value of the month is still
    owed (not entered, draft, or returned).
    """
    hari_ini = hari_ini_jakarta(sekarang)
    tahun = data.tahun_iki.tahun
    hari_batas = data.unit.hari_batas_entri
    if libur is None:  # the unit's holidays move its deadlines (a list of units passes them in)
        libur = HariLibur.tanggal_untuk(data.unit, tahun)
    baris = []
    for j in data.jabatan:
        if jabatan is not None and j.pk != jabatan.pk:
            continue
        variabel = data.variabel_per_pengisi.get(j.pk, [])
        if not variabel:
            continue
        sel = []
        for bulan in range(1, 13):
            status_variabel = [
                n.status if (n := data.realisasi.get(v.pk, {}).get(bulan)) else None for v in variabel
            ]
            terisi = sum(1 for s in status_variabel if s is not None)
            if terisi == 0 and not kalender.bulan_terbuka(tahun, bulan, hari_ini):
                status = BELUM_WAKTUNYA
            else:
                status = status_bulan(status_variabel)
            batas = kalender.batas_entri(tahun=tahun, bulan=bulan, hari_batas=hari_batas, libur=libur)
            sel.append(
                SelKelengkapan(
                    bulan=bulan,
                    status=status,
                    terisi=terisi,
                    jumlah=len(variabel),
                    batas=batas,
                    terlambat=kalender.terlambat(
                        tahun=tahun, bulan=bulan, hari_batas=hari_batas, sekarang=hari_ini,
                        status=status_variabel, libur=libur,
                    ),
                )
            )
        baris.append(BarisKelengkapan(j, data.pemegang.get(j.pk, []), len(variabel), sel))
    return Kelengkapan(baris=baris, hari_ini=hari_ini)


def kategori_rendah(skala: perhitungan.SkalaKategori, kategori: Kategori | None) -> bool:
    """The scale's two lowest levels (Kurang and Sangat Kurang on the Sampang scale)."""
    if kategori is None:
        return False
    rendah = [skala.terendah] + ([skala.tingkat[-1][1]] if len(skala.tingkat) >= 3 else [])
    return kategori in rendah


def perlu_perhatian(
    skala: perhitungan.SkalaKategori, kategori: Kategori | None, capaian: Decimal | None = None
) -> bool:
    """An indicator that needs the camat's attention: below its target (capaian under 100, for
    either polarity) or in the scale's two lowest levels (``kategori_rendah``)."""
    return kategori_rendah(skala, kategori) or (capaian is not None and capaian < 100)


@dataclass(frozen=True)
class IsianPeriode:
    """How complete a unit's values are over one period: of the values expected so far (every
    variable × every month of the period that has begun), how many are entered and verified."""

    diharapkan: int
    terisi: int
    diverifikasi: int

    @staticmethod
    def _persen(n: int, dari: int) -> Decimal | None:
        return Decimal(n * 100) / dari if dari else None

    @property
    def persen_terisi(self) -> Decimal | None:
        return self._persen(self.terisi, self.diharapkan)

    @property
    def persen_diverifikasi(self) -> Decimal | None:
        return self._persen(self.diverifikasi, self.diharapkan)


def isian_periode(data: DataTahun, periode: Periode, hari_ini: date) -> IsianPeriode:
    """Values expected, entered and verified in the months of ``periode`` that have begun on
    ``hari_ini`` (a month still to come neither expects nor counts anything)."""
    tahun = data.tahun_iki.tahun
    bulan = [b for b in periode.bulan if kalender.bulan_terbuka(tahun, b, hari_ini)]
    diharapkan = terisi = diverifikasi = 0
    for daftar in data.variabel.values():
        for v in daftar:
            per_bulan = data.realisasi.get(v.id, {})
            diharapkan += len(bulan)
            for b in bulan:
                n = per_bulan.get(b)
                if n is not None:
                    terisi += 1
                    diverifikasi += n.status == Realisasi.DIVERIFIKASI
    return IsianPeriode(diharapkan, terisi, diverifikasi)
