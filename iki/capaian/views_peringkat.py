"""The kabupaten ranking (issue 17, item 5): every unit's capaian for one period side by side,
with how many of its indicators have a capaian, its category counts and the months it has not
entered; sortable (``?urut=``), exported to Excel, opening on the latest year with data.

**Capaian unit** is the mean, over the unit's indicators that have a capaian in the period (a value
and a target), of each one's capaian capped at the kabupaten's display cap
(``Kabupaten.batas_tampil_capaian``), or at 100 % when the kabupaten sets none: one indicator far
above its target does not hide another far below. A unit with no such indicator has no capaian
("belum ada data"), never 0 %, and stays at the bottom whatever the order.

**Who sees what**: the ranking is a kabupaten-wide summary. The pemantau (and a superuser) see every
unit and reach each one's dashboard from it; a camat or operator sees the same ranking, read only,
so that the office knows where it stands, but only their own unit links to its dashboard (the other
units' data stays behind their own 404). Another kabupaten is not found; other roles are refused.

Every unit's year is loaded with ``capaian.data.muat_tahun`` in one go: a fixed number of queries
however many units. The figures (not the user's links) are cached under the data versions of all
the years shown, read with the list of years (``angka_peringkat``): a write to any unit shows at
the next request.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from iki.capaian import data as capaian
from iki.capaian import tabel_kabupaten as tabel
from iki.capaian.tabel_kabupaten import Kolom
from iki.capaian.views_dasbor import PILIHAN_PERIODE
from iki.capaian.views_kabupaten import kabupaten_atau_404
from iki.inti import angka
from iki.inti.perhitungan import Kategori, Periode
from iki.models import Kabupaten, Pengguna, TahunIKI, UnitKerja
from iki.realisasi import kalender
from iki.umum import akses, versi
from iki.umum.excel import XLSX, tulis_teks

BELUM_ADA_DATA = "belum ada data"


@dataclass
class BarisPeringkat:
    """One unit's row."""

    tahun_iki: TahunIKI
    url: str  # its dashboard, "" when the user may not open it
    capaian: Decimal | None  # capaian unit (see the module's docstring); None: no data
    dinilai: int  # indicators with a capaian in the period
    jumlah: int  # indicators of the year
    kategori: list[int]  # indicators per category of the scale, in the scale's order
    bulan_belum: list[int]  # months of the period, begun, with a value not entered
    peringkat: int | None = None  # 1 = the highest capaian; None without data

    @property
    def unit(self) -> UnitKerja:
        return self.tahun_iki.unit

    @property
    def ada_data(self) -> bool:
        return self.capaian is not None

    @property
    def teks_capaian(self) -> str:
        return angka.format_persen(self.capaian) if self.capaian is not None else BELUM_ADA_DATA

    @property
    def teks_bulan_belum(self) -> str:
        return ", ".join(angka.nama_bulan(b) for b in self.bulan_belum) or "–"


def batas_capaian(kabupaten: Kabupaten) -> Decimal:
    """The cap on each indicator's capaian in the unit's mean."""
    return Decimal(kabupaten.batas_tampil_capaian or 100)


def baris_unit(d: capaian.DataTahun, periode: Periode, hari_ini: date, batas: Decimal,
               urutan_kategori: dict[Kategori, int], url: str) -> BarisPeringkat:
    """One unit's figures for ``periode`` from its loaded year (no queries)."""
    hitung = [0] * len(urutan_kategori)
    nilai = []
    for indikator_id in d.indikator:
        h = d.hasil(indikator_id, periode)
        if h.kategori is not None and h.kategori in urutan_kategori:
            hitung[urutan_kategori[h.kategori]] += 1
        if h.capaian is not None:
            nilai.append(min(h.capaian, batas))
    tahun = d.tahun_iki.tahun
    bulan_belum = [
        b for b in periode.bulan
        if kalender.bulan_terbuka(tahun, b, hari_ini)
        and any(b not in d.realisasi.get(v.pk, {}) for daftar in d.variabel.values() for v in daftar)
    ]
    rata = (sum(nilai) / len(nilai)).quantize(Decimal("0.01")) if nilai else None
    return BarisPeringkat(d.tahun_iki, url, rata, len(nilai), len(d.indikator), hitung, bulan_belum)


def kolom_peringkat(skala) -> list[Kolom]:
    """The columns; their keys are the only values ``?urut=`` accepts. The first click on the rank
    sorts from 1."""
    return [
        Kolom("peringkat", "Peringkat", naik_dulu=True),
        Kolom("unit", "Unit kerja", angka=False),
        Kolom("jenis", "Jenis", angka=False),
        Kolom("capaian", "Capaian unit"),
        Kolom("dinilai", "Indikator bercapaian"),
        *tabel.kolom_kategori(skala),
        Kolom("belum", "Bulan belum diisi"),
    ]


def _nama(b: BarisPeringkat) -> str:
    return b.unit.nama_wilayah


def _nilai_urut(b: BarisPeringkat, kunci: str):
    if kunci == "unit":
        return b.unit.nama_wilayah.casefold()
    if kunci == "jenis":
        return b.unit.get_jenis_display().casefold()
    if kunci in ("capaian", "peringkat"):
        return b.capaian  # rank 1 is the highest capaian
    if kunci == "dinilai":
        return b.dinilai
    if kunci == "belum":
        return len(b.bulan_belum)
    return b.kategori[tabel.nomor_kategori(kunci)]


def baca_urut(nilai: str, kolom: list[Kolom]) -> tuple[str, bool]:
    """``(key, descending)`` from ``?urut=``; anything else: the ranking, highest capaian first."""
    return tabel.baca_urut(nilai, kolom, ("capaian", True))


def urutkan(baris: list[BarisPeringkat], kunci: str, turun: bool) -> list[BarisPeringkat]:
    """Sorted by ``kunci``, names breaking ties; units without data always last, by name.
    Rank ascending is capaian descending (rank 1 first)."""
    if kunci == "peringkat":
        kunci, turun = "capaian", not turun
    ada = tabel.urutkan([b for b in baris if b.ada_data], _nama, lambda b: _nilai_urut(b, kunci), turun)
    return ada + tabel.urutkan([b for b in baris if not b.ada_data], _nama)


def beri_peringkat(baris: list[BarisPeringkat]) -> None:
    """Rank 1 for the highest capaian; equal capaian share a rank (1, 2, 2, 4)."""
    ada = sorted((b for b in baris if b.ada_data), key=lambda b: b.capaian, reverse=True)
    for n, b in enumerate(ada):
        b.peringkat = ada[n - 1].peringkat if n and ada[n - 1].capaian == b.capaian else n + 1


@dataclass
class AngkaPeringkat:
    """What the ranking computes from every unit's year, without the user: what is cached."""

    periode: Periode
    skala: object  # the kabupaten's category scale (``SkalaKategori``), None without a unit
    per_tahun: dict[int, tuple]  # TahunIKI pk → (capaian, dinilai, jumlah, kategori, bulan_belum)


def hitung_peringkat(kabupaten: Kabupaten, tahun_list: list[TahunIKI], periode: Periode | None,
                     hari_ini: date) -> AngkaPeringkat:
    """Every unit's figures for ``periode`` (None: the default period of the data)."""
    data_per_tahun = capaian.muat_tahun(tahun_list, tanggal_acuan=hari_ini, ringkas=True, periode_survei=())
    data_list = [data_per_tahun[t.pk] for t in tahun_list]
    periode = periode or tabel.periode_bawaan(data_list)
    capaian.muat_survei(data_list, [periode])
    skala = data_list[0].skala if data_list else None
    urutan_kategori = tabel.urutan_kategori(kolom_peringkat(skala))
    batas = batas_capaian(kabupaten)
    per_tahun = {}
    for d in data_list:
        b = baris_unit(d, periode, hari_ini, batas, urutan_kategori, "")
        per_tahun[d.tahun_iki.pk] = (b.capaian, b.dinilai, b.jumlah, b.kategori, b.bulan_belum)
    return AngkaPeringkat(periode, skala, per_tahun)


def angka_peringkat(kabupaten: Kabupaten, tahun_list: list[TahunIKI], periode: Periode | None,
                    hari_ini: date) -> AngkaPeringkat:
    """``hitung_peringkat`` from the cache while no unit's year shown has changed: the key carries
    every year's data version (``nomor_versi``, read with the list, before any data), the date
    and the period asked for (``iki.umum.versi.kunci_banyak``). A new unit's year changes the list,
    so the key; a year without a version is never cached."""
    kunci = versi.kunci_banyak(
        "peringkat", {t.pk: t.nomor_versi for t in tahun_list}, kabupaten.pk, hari_ini,
        periode.kode if periode else "",
    )
    angka_ = cache.get(kunci) if kunci else None
    if angka_ is None:
        angka_ = hitung_peringkat(kabupaten, tahun_list, periode, hari_ini)
        if kunci:
            cache.set(kunci, angka_, versi.WAKTU_CACHE)
    return angka_


def konteks_peringkat(user: Pengguna, kabupaten: Kabupaten, tahun: int, periode: Periode | None,
                      sekarang: datetime | date, *, jenis: str = "", urut: str = "") -> dict:
    """Every unit of the kabupaten with a set for ``tahun`` as one ranked row."""
    qs = (TahunIKI.objects.filter(unit__kabupaten=kabupaten, tahun=tahun).select_related("unit__kabupaten")
          .annotate(nomor_versi=F("versi_data__nomor")))  # the versions in the same query
    if jenis:
        qs = qs.filter(unit__jenis=jenis)
    tahun_list = list(qs.order_by("unit__nama", "unit_id"))
    hari_ini = capaian.hari_ini_jakarta(sekarang)
    angka_ = angka_peringkat(kabupaten, tahun_list, periode, hari_ini)
    periode = angka_.periode
    kolom = kolom_peringkat(angka_.skala)
    terlihat = set(user.unit_terlihat().filter(kabupaten=kabupaten).values_list("pk", flat=True))
    batas = batas_capaian(kabupaten)
    baris = []
    for t in tahun_list:
        url = (reverse("dasbor_unit", args=[t.unit.kode, tahun]) + f"?periode={periode.kode}"
               if t.unit_id in terlihat else "")
        baris.append(BarisPeringkat(t, url, *angka_.per_tahun[t.pk]))
    beri_peringkat(baris)
    kunci, turun = baca_urut(urut, kolom)
    dasar = {"periode": periode.kode, **({"jenis": jenis} if jenis else {})}
    urut_kini = ("-" if turun else "") + kunci
    return {
        "kabupaten": kabupaten,
        "tahun": tahun,
        "periode": periode,
        "jenis": jenis,
        "urut": urut_kini,
        "kepala": tabel.kepala(kolom, kunci, turun, dasar),
        "baris": urutkan(baris, kunci, turun),
        "jumlah_tanpa_data": sum(1 for b in baris if not b.ada_data),
        "batas": batas,
        "teks_batas": angka.format_ringkas(batas),
        "hari_ini": hari_ini,
        "url_unduh": reverse("dasbor_kabupaten_peringkat_unduh", args=[kabupaten.kode, tahun])
        + "?" + urlencode({**dasar, "urut": urut_kini}),
        "url_ringkasan": reverse("dasbor_kabupaten", args=[kabupaten.kode, tahun]) + "?" + urlencode(dasar),
        "tahun_lain": list(
            TahunIKI.objects.filter(unit__kabupaten=kabupaten).order_by("tahun").values_list("tahun", flat=True)
            .distinct()
        ),
    }


def _konteks(request, kode: str, tahun: int) -> dict:
    akses.tahun_sah_atau_404(tahun)
    kabupaten = kabupaten_atau_404(request.user, kode)
    saringan = tabel.saring(tabel.FilterUnitForm(request.GET))
    periode, jenis = saringan["periode"], saringan["jenis"]
    return konteks_peringkat(request.user, kabupaten, tahun, periode, timezone.now(), jenis=jenis,
                             urut=request.GET.get("urut", ""))


def _kabupaten_pengguna(user: Pengguna) -> Kabupaten | None:
    return user.kabupaten if user.unit_id is None else user.unit.kabupaten


@require_GET
@akses.untuk("peringkat")
def peringkat_terkini(request):
    """The ranking of the user's kabupaten at the latest year with data (``tahun_terkini``)."""
    kabupaten = _kabupaten_pengguna(request.user)
    if kabupaten is None:
        return redirect("daftar_unit")
    tahun = (TahunIKI.objects.filter(unit__kabupaten=kabupaten).tahun_terkini()
             or timezone.localdate().year)
    return redirect("dasbor_kabupaten_peringkat", kode=kabupaten.kode, tahun=tahun)


@require_GET
@akses.untuk("peringkat")
def peringkat(request, kode: str, tahun: int):
    konteks = _konteks(request, kode, tahun)
    konteks["pilihan_periode"] = PILIHAN_PERIODE
    konteks["pilihan_jenis"] = tabel.PILIHAN_JENIS
    return render(request, "iki/dasbor/peringkat.html", konteks)


@require_GET
@akses.untuk("peringkat")
def peringkat_unduh(request, kode: str, tahun: int):
    """The ranking as shown (period, jenis, order) as a workbook."""
    konteks = _konteks(request, kode, tahun)
    response = HttpResponse(xlsx_peringkat(konteks), content_type=XLSX)
    nama = f"peringkat-{konteks['kabupaten'].kode}-{tahun}-{konteks['periode'].kode}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


def xlsx_peringkat(konteks: dict) -> bytes:
    """One sheet: a title, how capaian unit is computed, then one row per unit in the page's
    order; numbers as numbers, every name written as text (``tulis_teks``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Peringkat"
    tulis_teks(ws["A1"], f"PERINGKAT CAPAIAN IKI UNIT KERJA KABUPATEN {konteks['kabupaten'].nama.upper()}")
    ws["A1"].font = Font(bold=True, size=13)
    tulis_teks(ws["A2"], f"Tahun {konteks['tahun']} · {konteks['periode'].label} · keadaan per "
                         f"{angka.format_tanggal(konteks['hari_ini'])}")
    tulis_teks(ws["A3"], f"Capaian unit: rata-rata capaian indikator yang bercapaian pada periode ini, "
                         f"setiap indikator dibatasi paling tinggi {konteks['teks_batas']} %.")
    kolom = [k["kolom"] for k in konteks["kepala"]]
    kepala = [k.judul if k.kunci != "capaian" else "Capaian unit (%)" for k in kolom]
    kepala[kepala.index("Indikator bercapaian") + 1:kepala.index("Indikator bercapaian") + 1] = ["Jumlah indikator"]
    baris_kepala = 5
    for n, judul in enumerate(kepala, start=1):
        tulis_teks(ws.cell(row=baris_kepala, column=n), judul).font = Font(bold=True)
    for r, b in enumerate(konteks["baris"], start=baris_kepala + 1):
        nilai = [
            b.peringkat if b.peringkat is not None else "–",
            b.unit.nama_wilayah,
            b.unit.get_jenis_display(),
            b.capaian if b.capaian is not None else BELUM_ADA_DATA,
            b.dinilai,
            b.jumlah,
            *b.kategori,
            b.teks_bulan_belum,
        ]
        for c, v in enumerate(nilai, start=1):
            sel = ws.cell(row=r, column=c)
            if isinstance(v, str):
                tulis_teks(sel, v)
            else:
                sel.value = v
                if isinstance(v, Decimal):
                    sel.number_format = "#,##0.00"
    for n, lebar in enumerate([10, 34, 12, 14, 12, 12] + [12] * (len(kepala) - 7) + [40], start=1):
        ws.column_dimensions[get_column_letter(n)].width = lebar
    ws.freeze_panes = ws.cell(row=baris_kepala + 1, column=1)
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()
