"""The dashboard: a unit's year on one page, and the laporan capaian download; the filters
and display rows that the drill-down (``views_indikator``) and the kabupaten view
(``views_kabupaten``) share.

Numbers come from ``iki.capaian.data`` (loaded in a fixed number of queries); this module turns
them into display rows with every string formatted in Python, so templates only print.
``konteks_dasbor`` is the whole dashboard body's context; the camat's home page reuses it with
``templates/iki/dasbor/_dasbor.html``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

from django import forms
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from iki.capaian import data as capaian
from iki.capaian import laporan
from iki.capaian.tahun_lalu import Banding, Pembanding
from iki.inti import angka, svg
from iki.inti.perhitungan import Periode
from iki.inti.tabel import kelompokkan
from iki.models import Jabatan, Kabupaten, Pengguna, TahunIKI
from iki.umum import akses, versi
from iki.umum.cetak import FormCetak, calon_penanda_tangan
from iki.umum.excel import XLSX
from iki.umum.pilih_tahun import keadaan_tahun, kunci_keadaan, pilihan_tahun

PILIHAN_PERIODE = [
    ("Bulan", [(str(b), angka.nama_bulan(b)) for b in range(1, 13)]),
    ("Triwulan", [(f"tw{n}", f"Triwulan {r}") for n, r in zip(range(1, 5), ("I", "II", "III", "IV"), strict=True)]),
    ("Semester", [("s1", "Semester I"), ("s2", "Semester II")]),
    ("Tahun", [("tahun", "Setahun penuh")]),
    ("Kumulatif", [(f"sd{b}", f"s.d. {angka.nama_bulan(b)}") for b in range(1, 13)]),
]


def _pilihan_periode():
    # Given as a callable: a form made on every view copies its fields, and copying a callable is
    # far cheaper than copying the 31 choices.
    return PILIHAN_PERIODE


class FilterDasborForm(forms.Form):
    """The dashboard's GET filters. Jabatan choices come from the loaded year (no query)."""

    periode = forms.ChoiceField(label="Periode", choices=_pilihan_periode, required=False)
    jabatan = forms.TypedChoiceField(label="Jabatan", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, jabatan_list=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jabatan"].choices = [("", "Semua jabatan")] + [(j.pk, j.nama) for j in jabatan_list]


class LaporanForm(FilterDasborForm):
    format = forms.ChoiceField(choices=[("pdf", "PDF"), ("xlsx", "Excel")])
    kertas = forms.ChoiceField(choices=[("a4", "A4"), ("f4", "F4")], required=False)


def periode_default(data: capaian.DataTahun) -> Periode:
    return Periode("sd", data.bulan_terakhir) if data.bulan_terakhir else Periode("tahun", 0)


def saring(form: forms.Form, data: capaian.DataTahun) -> tuple[Periode, Jabatan | None]:
    """The period and jabatan chosen, or 404 with a clear message for anything malformed."""
    if not form.is_valid():
        salah = "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        raise Http404(f"Filter tidak sah ({salah}).")
    kode = form.cleaned_data.get("periode")
    periode = Periode.dari_kode(kode) if kode else periode_default(data)
    jabatan_id = form.cleaned_data.get("jabatan")
    jabatan = next((j for j in data.jabatan if j.pk == jabatan_id), None) if jabatan_id else None
    return periode, jabatan


# --- Display rows -----------------------------------------------------------------------------


@dataclass
class SelNilai:
    teks: str
    keterangan: str  # title text: "Mei: 48 dari 50"
    belum_diverifikasi: bool = False
    kosong: bool = False


def sel_nilai(h: capaian.HasilIndikator) -> SelNilai:
    if h.nilai is None:
        keterangan = h.pesan or capaian.BELUM_ADA_DATA
        return SelNilai("–", f"{h.periode.label}: {keterangan}", kosong=True)
    keterangan = h.komponen_berlabel or f"{h.periode.label}: {h.teks_nilai}"
    if h.belum_diverifikasi:
        keterangan += " (belum diverifikasi)"
    return SelNilai(h.teks_nilai, keterangan, h.belum_diverifikasi)


@dataclass
class RingkasIndikator:
    """One indicator's figures for the dashboard row (shared by every jabatan that carries it)."""

    hasil: capaian.HasilIndikator
    url: str
    perlu_perhatian: bool  # listed under "perlu perhatian": below target or a low category
    rendah: bool  # a low category: the row is marked in the table
    swatch: str
    html: str  # the row's cells from Target on, built once per indicator (see _html_ringkas)


TANDA_VERIFIKASI = (
    '<span class="tanda-verifikasi" aria-hidden="true">*</span>'
    '<span class="visually-hidden"> (belum diverifikasi)</span>'
)


def _td(kelas: str, s: SelNilai, isi: str | None = None) -> str:
    """A number cell; its title carries the components ("Mei: 48 dari 50")."""
    if s.kosong:
        kelas += " kosong"
    tanda = TANDA_VERIFIKASI if s.belum_diverifikasi else ""
    return f'<td class="{kelas}" title="{escape(s.keterangan)}">{escape(s.teks) if isi is None else isi}{tanda}</td>'


def _html_banding(b: Banding) -> str:
    """Last year's value and the change: two cells (``capaian.tahun_lalu.banding``)."""
    kelas = " kosong" if not b.ada else ""
    arah = f" perubahan-{b.arah}" if b.arah else ""
    return (f'<td class="angka tahun-lalu{kelas}">{escape(b.teks_lalu)}</td>'
            f'<td class="angka perubahan{arah}">{escape(b.teks_perubahan)}</td>')


def _html_ringkas(hasil, bulanan, triwulan, sd, tren: str, swatch: str, banding: Banding | None = None) -> str:
    """The row's cells as HTML, every text escaped. A dashboard of 31 rows × 25 cells is ten times
    faster built here than through template tags, and each indicator's cells are built once."""
    periode = sel_nilai(hasil)
    bagian = [f'<td class="angka">{escape(hasil.teks_target)}</td>']
    if hasil.nilai is None:
        bagian.append(_td("angka realisasi", periode, f'<span class="pesan">{escape(hasil.pesan)}</span>'))
    elif hasil.rincian_selisih:
        # A difference alone ("-1,00") says nothing: the incidents and the target go beside it.
        bagian.append(_td("angka realisasi", periode, f'{escape(periode.teks)}<br><span class="small text-muted '
                          f'rincian-selisih">{escape(hasil.rincian_selisih)}</span>'))
    else:
        bagian.append(_td("angka realisasi", periode))
    if banding is not None:
        bagian.append(_html_banding(banding))
    bagian.append(f'<td class="angka capaian">{escape(hasil.teks_capaian)}</td>')
    kategori = f"{swatch} {escape(hasil.kategori.label)}" if hasil.kategori else "–"
    bagian.append(f'<td class="kategori">{kategori}</td><td class="tren">{tren}</td>')
    bagian += [_td("angka kolom-bulan", s) for s in bulanan]
    bagian += [_td("angka", s) for s in triwulan]
    bagian.append(_td("angka", sd) if sd else '<td class="angka">–</td>')
    return "".join(bagian)


@dataclass
class BarisDasbor:
    nomor: int
    sasaran: str
    rentang: int
    awal_kelompok: bool
    nama: str
    ringkas: RingkasIndikator

    @property
    def html(self) -> str:
        """The whole table row, text escaped (built in Python for speed, like its cells)."""
        r = self.ringkas
        kelas = ' class="baris-perhatian"' if r.rendah else ""
        awal = (
            f'<td class="kolom-no" rowspan="{self.rentang}">{self.nomor}</td>'
            f'<td class="kolom-sasaran" rowspan="{self.rentang}">{escape(self.sasaran)}</td>'
            if self.awal_kelompok else ""
        )
        return mark_safe(
            f'<tr{kelas} data-indikator="{r.hasil.indikator.pk}">{awal}'
            f'<th scope="row" class="fw-normal kolom-indikator"><a href="{escape(r.url)}">{escape(self.nama)}</a> '
            f'<span class="text-muted small">({escape(r.hasil.indikator.satuan)})</span></th>{r.html}</tr>'
        )


@dataclass
class BagianJabatan:
    jabatan: Jabatan
    pemegang: list[str]
    baris: list[BarisDasbor] = field(default_factory=list)


def _html_kelengkapan(baris: capaian.BarisKelengkapan) -> str:
    """One jabatan's twelve month cells; the full status is in the title and for screen readers."""
    bagian = []
    for s in baris.sel:
        kelas = f"text-center status-{s.status}{' terlambat' if s.terlambat else ''}"
        label = escape(f"{s.nama_bulan}: {s.label}")
        tanda = '<span aria-hidden="true"> !</span>' if s.terlambat else ""
        bagian.append(
            f'<td class="{kelas}" title="{label}">{escape(s.singkat)}{tanda}'
            f'<span class="visually-hidden"> {label}</span></td>'
        )
    return "".join(bagian)


def _ringkas_indikator(data: capaian.DataTahun, indikator_id: int, periode: Periode, url: str,
                       pembanding: Pembanding | None = None) -> RingkasIndikator:
    bulanan = data.seri_bulanan(indikator_id)
    hasil = data.hasil(indikator_id, periode)
    sd = data.hasil(indikator_id, Periode("sd", data.bulan_terakhir)) if data.bulan_terakhir else None
    swatch = svg.swatch(hasil.kategori) if hasil.kategori else ""
    tren = svg.sparkline(
        judul=f"Tren bulanan {hasil.indikator.nama}",
        nilai=[h.nilai for h in bulanan],
        target=[h.target for h in bulanan],
    )
    html = _html_ringkas(
        hasil,
        [sel_nilai(h) for h in bulanan],
        [sel_nilai(data.hasil(indikator_id, Periode("tw", n))) for n in range(1, 5)],
        sel_nilai(sd) if sd else None,
        tren,
        swatch,
        pembanding.banding(hasil) if pembanding is not None else None,
    )
    return RingkasIndikator(
        hasil=hasil,
        url=url,
        perlu_perhatian=capaian.perlu_perhatian(data.skala, hasil.kategori, hasil.capaian),
        rendah=capaian.kategori_rendah(data.skala, hasil.kategori),
        swatch=mark_safe(swatch),
        html=mark_safe(html),
    )


def pembuat_url_indikator(tahun_iki: TahunIKI, periode: Periode):
    dasar = reverse("dasbor_indikator", args=[tahun_iki.unit.kode, tahun_iki.tahun, 0])[: -len("0/")]
    return lambda pk: f"{dasar}{pk}/?periode={periode.kode}"


def konteks_dasbor(
    request_user: Pengguna,
    tahun_iki: TahunIKI,
    periode: Periode | str | None = None,
    jabatan: Jabatan | None = None,
    sekarang: datetime | date | None = None,
    data: capaian.DataTahun | None = None,
) -> dict:
    """Everything ``iki/dasbor/_dasbor.html`` needs for one unit's year.

    ``tahun_iki`` must come with ``unit__kabupaten`` selected. ``periode`` is a Periode or its
    code (default: cumulative to the latest month with data); ``sekarang`` decides what is late
    (default: now). The number of queries does not depend on the size of the IKI set.
    """
    sekarang = sekarang or timezone.now()
    hari_ini = capaian.hari_ini_jakarta(sekarang)
    if data is None:
        data = capaian.muat(tahun_iki, tanggal_acuan=hari_ini)
    if isinstance(periode, str):
        periode = Periode.dari_kode(periode)
    periode = periode or periode_default(data)
    url_indikator = pembuat_url_indikator(tahun_iki, periode)
    # Last year's value beside this year's, when the unit has a previous year (a fixed number
    # of queries: the previous year is loaded once, from the cache of capaian.data.muat).
    pembanding = Pembanding(tahun_iki)
    pembanding = pembanding if pembanding.lalu is not None else None

    ringkas: dict[int, RingkasIndikator] = {}
    bagian: list[BagianJabatan] = []
    for j in data.jabatan:
        if jabatan is not None and j.pk != jabatan.pk:
            continue
        b = BagianJabatan(j, data.pemegang.get(j.pk, []))
        for k in kelompokkan(data.baris_per_jabatan.get(j.pk, [])):
            for i, baris in enumerate(k.baris):
                if baris.indikator_id not in ringkas:
                    ringkas[baris.indikator_id] = _ringkas_indikator(
                        data, baris.indikator_id, periode, url_indikator(baris.indikator_id), pembanding
                    )
                b.baris.append(
                    BarisDasbor(k.nomor, k.sasaran.teks, k.rentang, i == 0, baris.nama_indikator,
                                ringkas[baris.indikator_id])
                )
        bagian.append(b)

    jabatan_per_indikator: dict[int, list[str]] = {}
    for j in bagian:
        for baris in j.baris:
            daftar = jabatan_per_indikator.setdefault(baris.ringkas.hasil.indikator.pk, [])
            if j.jabatan.nama not in daftar:
                daftar.append(j.jabatan.nama)
    # The furthest below target first.
    perhatian = sorted(
        ((r, jabatan_per_indikator[pk]) for pk, r in ringkas.items() if r.perlu_perhatian),
        key=lambda rj: rj[0].hasil.capaian if rj[0].hasil.capaian is not None else 0,
    )
    per_kategori = {}
    for r in ringkas.values():
        k = r.hasil.kategori
        if k is not None:
            per_kategori.setdefault(k.label, [k, 0])[1] += 1
    skala = [(k, batas) for batas, k in data.skala.tingkat] + [(data.skala.terendah, None)]
    lengkap = capaian.kelengkapan(data, sekarang, jabatan)
    batang = [
        svg.Batang(r.hasil.indikator.nama, r.hasil.capaian_tampil, r.hasil.kategori, r.hasil.pesan)
        for r in ringkas.values()
    ]
    grafik = svg.grafik_batang(
        id_dasar="grafik-capaian", judul=f"Capaian per indikator, {periode.label} {tahun_iki.tahun}", batang=batang
    )
    return {
        "pengguna": request_user,
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "periode": periode,
        "jabatan_terpilih": jabatan,
        "bagian_jabatan": bagian,
        "jumlah_indikator": len(ringkas),
        "perhatian": perhatian,
        "per_kategori": [
            (k, per_kategori.get(k.label, [k, 0])[1], mark_safe(svg.swatch(k))) for k, _ in skala
        ],
        "skala": [(k, batas, mark_safe(svg.swatch(k))) for k, batas in skala],
        "batas_tampil": data.batas_tampil,
        "kelengkapan": lengkap,
        "baris_kelengkapan": [(b, mark_safe(_html_kelengkapan(b))) for b in lengkap.baris],
        "hari_ini": hari_ini,
        "bulan_terakhir": data.bulan_terakhir,
        "label_sd": f"s.d. {angka.singkatan_bulan(data.bulan_terakhir)}" if data.bulan_terakhir else "s.d.",
        "singkatan_bulan": angka.SINGKATAN_BULAN,
        "grafik_capaian": mark_safe(grafik),
        "tabel_grafik": mark_safe(svg.tabel_batang(batang)),
        "ringkas_list": list(ringkas.values()),
        "url_laporan": reverse("laporan_capaian", args=[tahun_iki.unit.kode, tahun_iki.tahun]),
        "tahun_lalu": tahun_iki.tahun - 1 if pembanding is not None else None,
        "jumlah_kolom": 27 if pembanding is not None else 25,
    }


# --- Views ------------------------------------------------------------------------------------


@require_GET
@akses.untuk("dasbor")
def dasbor_unit_terkini(request):
    """The user's own unit and current year; a kabupaten-wide pemantau gets the kabupaten view."""
    user = request.user
    if user.unit_id is None and user.kabupaten_id:
        return redirect_kabupaten(user, user.kabupaten)
    return akses.ke_tahun_terkini(user, "dasbor_unit")


@require_GET
@akses.untuk("dasbor")
def dasbor_unit(request, kode: str, tahun: int):
    """A unit's year. With nothing written since, a view is one cache read (``get_many``) for the
    page: the body, the filter's jabatan and the period shown (``halaman_dasbor``), and the year
    switcher's state; the computed year is not loaded at all."""
    akses.tahun_sah_atau_404(tahun)
    # The versions are read with the year, before any data (iki.umum.versi.kunci).
    tahun_iki, versi_unit = akses.tahun_dan_versi_atau_404(request.user, kode, tahun)
    sekarang = timezone.now()
    kunci = kunci_halaman(tahun_iki, request.GET, sekarang, nomor=versi_unit.get(tahun_iki.pk), versi_unit=versi_unit)
    kunci_tahun = kunci_keadaan(tahun_iki.unit_id, versi_unit)
    dibaca = cache.get_many([k for k in (kunci, kunci_tahun) if k])
    halaman = dibaca.get(kunci) if kunci else None
    if halaman is None:
        halaman = halaman_dasbor(request, tahun_iki, sekarang, nomor=versi_unit.get(tahun_iki.pk))
        if kunci:
            cache.set(kunci, halaman, versi.WAKTU_CACHE)
    jabatan_list = [Jabatan(pk=pk, nama=nama, tahun_id=tahun_iki.pk) for pk, nama in halaman.jabatan]
    keadaan = keadaan_tahun(tahun_iki.unit, versi_unit, dibaca=dibaca)
    periode = Periode.dari_kode(halaman.periode)
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "periode": periode,
        "jabatan_terpilih": next((j for j in jabatan_list if j.pk == halaman.jabatan_terpilih), None),
        "form": FilterDasborForm(initial={"periode": periode.kode}, jabatan_list=jabatan_list),
        "pilihan_tahun": pilihan_tahun(request, tahun_iki.unit, tahun_iki.tahun, keadaan=keadaan),
        "isi_dasbor": mark_safe(halaman.isi),
        "boleh_laporan_kinerja": akses.boleh(request.user, "laporan_kinerja"),
        # Outside the cached body (shared by every role): only for one's own unit.
        "boleh_whatsapp": akses.boleh(request.user, "pengingat_whatsapp") and tahun_iki.unit_id == request.user.unit_id,
    }
    return render(request, "iki/dasbor/unit.html", konteks)


@dataclass(frozen=True)
class HalamanDasbor:
    """What a dashboard view shows of the unit's year, cached as one entry: the body's HTML, the
    filter's jabatan ``(pk, nama)``, the period and jabatan shown (resolved from the request:
    the default period is the computed year's latest month)."""

    isi: str
    jabatan: tuple[tuple[int, str], ...]
    periode: str
    jabatan_terpilih: int | None


_KODE_PERIODE = frozenset(kode for _, pilihan in PILIHAN_PERIODE for kode, _ in pilihan)


def kunci_halaman(
    tahun_iki: TahunIKI, get, sekarang: datetime, *, nomor: int | None, versi_unit: dict[int, int | None]
) -> str | None:
    """The cache key of a dashboard view: the year's version, the versions of all the unit's
    years (the body shows last year's values beside this year's, ``capaian.tahun_lalu``: a write
    to 2022 must reach the 2023 dashboard), the date in Jakarta and the filters as asked (an
    empty period is the default one). A filter not of a valid shape has no
    key: the view then checks it and says why (404). A shape that is valid but names nothing (a
    jabatan of another year) is refused before anything is cached, so no entry ever has it."""
    periode, jabatan = get.get("periode", ""), get.get("jabatan", "")
    if periode and periode not in _KODE_PERIODE:
        return None
    if jabatan and not (len(jabatan) <= 12 and jabatan.isascii() and jabatan.isdigit()):
        return None
    semua = versi.sidik_versi(versi_unit)
    if semua is None:
        return None
    return versi.kunci("dasbor", tahun_iki, capaian.hari_ini_jakarta(sekarang), periode, jabatan, semua, nomor=nomor)


def halaman_dasbor(request, tahun_iki: TahunIKI, sekarang: datetime, *, nomor: int | None) -> HalamanDasbor:
    """The dashboard view computed: the year loaded (``capaian.muat``), the filters checked (404
    for anything malformed), the body rendered. The body shows nothing of the user who asks, so
    every user who may see the unit shares it."""
    data = capaian.muat(tahun_iki, tanggal_acuan=capaian.hari_ini_jakarta(sekarang), nomor=nomor)
    if request.GET:
        periode, jabatan = saring(FilterDasborForm(request.GET, jabatan_list=data.jabatan), data)
    else:
        periode, jabatan = periode_default(data), None
    return HalamanDasbor(
        isi=isi_dasbor(request.user, tahun_iki, periode, jabatan, sekarang, data=data),
        jabatan=tuple((j.pk, j.nama) for j in data.jabatan),
        periode=periode.kode,
        jabatan_terpilih=jabatan.pk if jabatan else None,
    )


def isi_dasbor(
    request_user: Pengguna,
    tahun_iki: TahunIKI,
    periode: Periode,
    jabatan: Jabatan | None,
    sekarang: datetime,
    *,
    data: capaian.DataTahun,
) -> str:
    """The dashboard body (``iki/dasbor/_dasbor.html``) as HTML."""
    konteks = konteks_dasbor(request_user, tahun_iki, periode, jabatan, sekarang, data=data)
    return render_to_string("iki/dasbor/_dasbor.html", konteks)


def tahun_kabupaten(user: Pengguna, kabupaten: Kabupaten):
    """The IKI sets of the kabupaten's units that the user may see."""
    return TahunIKI.objects.filter(unit__in=user.unit_terlihat().filter(kabupaten=kabupaten))


def redirect_kabupaten(user: Pengguna, kabupaten: Kabupaten):
    """To the kabupaten view of the year its units' sets open by default (this year when there
    is none yet, so the page can say so)."""
    tahun = tahun_kabupaten(user, kabupaten).tahun_terkini() or timezone.localdate().year
    return redirect("dasbor_kabupaten", kode=kabupaten.kode, tahun=tahun)


def _form_cetak(data, tahun_iki: TahunIKI, periode: Periode) -> FormCetak:
    hari_ini = timezone.localdate()
    return FormCetak(
        data,
        unit=tahun_iki.unit,
        tanggal_bawaan=laporan.tanggal_bawaan(tahun_iki, periode, hari_ini),
        **laporan.batas_tanggal(tahun_iki, periode, hari_ini),
    )


def _filter_laporan(request, tahun_iki: TahunIKI, *, wajib_format: bool):
    """(form, periode, jabatan) of the report's filters, or 404 for anything malformed."""
    jabatan_list = list(tahun_iki.jabatan.all())
    form = (LaporanForm if wajib_format else FilterDasborForm)(request.GET, jabatan_list=jabatan_list)
    if not form.is_valid():
        salah = "; ".join(f"{f}: {' '.join(e)}" for f, e in form.errors.items())
        raise Http404(f"Permintaan laporan tidak sah ({salah}).")
    jabatan_id = form.cleaned_data.get("jabatan")
    jabatan = next((j for j in jabatan_list if j.pk == jabatan_id), None)
    return form, Periode.dari_kode(form.cleaned_data.get("periode") or "tahun"), jabatan


def _layar_cetak(request, tahun_iki: TahunIKI, periode: Periode, jabatan, form_cetak: FormCetak, status=200):
    tanggal = form_cetak.tanggal_bawaan
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "judul_cetak": f"Laporan Capaian {periode.label} {tahun_iki.tahun}" + (f" · {jabatan.nama}" if jabatan else ""),
        "aksi": reverse("laporan_capaian", args=[tahun_iki.unit.kode, tahun_iki.tahun]),
        "tersembunyi": [("periode", periode.kode)] + ([("jabatan", jabatan.pk)] if jabatan else []),
        "pilih_format": True,
        "form": form_cetak,
        "teks_tanggal_bawaan": angka.format_tanggal(tanggal),
        "calon": calon_penanda_tangan(tahun_iki.unit, tanggal),
        "kembali": reverse("dasbor_unit", args=[tahun_iki.unit.kode, tahun_iki.tahun]) + f"?periode={periode.kode}",
        "aturan_tanggal": "Bawaan: akhir bulan batas pengisian periode ini (atau hari ini bila belum sampai).",
    }
    return render(request, "iki/cetak/layar.html", konteks, status=status)


@require_GET
@akses.untuk("dasbor")
def cetak_laporan(request, kode: str, tahun: int):
    """The print screen: place, date, signer and paper chosen before the download (a GET form
    whose target is ``laporan_capaian``)."""
    akses.tahun_sah_atau_404(tahun)
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    _, periode, jabatan = _filter_laporan(request, tahun_iki, wajib_format=False)
    form_cetak = _form_cetak(None, tahun_iki, periode)
    form_cetak.initial = {"tanggal": form_cetak.tanggal_bawaan, "tempat": form_cetak.tempat_bawaan}
    return _layar_cetak(request, tahun_iki, periode, jabatan, form_cetak)


@require_GET
@akses.untuk("dasbor")
def laporan_capaian(request, kode: str, tahun: int):
    """Download the laporan capaian: ?format=pdf|xlsx&periode=…&jabatan=…&kertas=a4|f4, and from
    the print screen &tempat=…&tanggal=…&penanda_tangan=…; each left out takes its default. A
    malformed filter is not found (404); a refused place, date or signer shows the print screen
    again with the reason and what was typed (400)."""
    akses.tahun_sah_atau_404(tahun)
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    form, periode, jabatan = _filter_laporan(request, tahun_iki, wajib_format=True)
    form_cetak = _form_cetak(request.GET, tahun_iki, periode)
    if not form_cetak.is_valid():
        return _layar_cetak(request, tahun_iki, periode, jabatan, form_cetak, status=400)
    cetak = form_cetak.cleaned_data
    isi = laporan.data_laporan(
        tahun_iki, periode, jabatan=jabatan, tanggal=cetak["tanggal"], tempat=cetak["tempat"], ttd=cetak["ttd"]
    )
    kertas = form.cleaned_data.get("kertas") or cetak["kertas"]
    if form.cleaned_data["format"] == "pdf":
        berkas, jenis = laporan.pdf_laporan_tersimpan(isi, kertas=kertas)[0], "application/pdf"
    else:
        berkas = laporan.xlsx_laporan(isi)
        jenis = XLSX
    response = HttpResponse(berkas, content_type=jenis)
    nama = laporan.nama_berkas(isi, form.cleaned_data["format"], kertas)
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response

