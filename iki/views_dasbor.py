"""The dashboard: a unit's year on one page, one indicator in detail, a kabupaten side by side,
and the laporan capaian download.

Numbers come from ``iki.capaian`` (loaded in a fixed number of queries); this module turns
them into display rows with every string formatted in Python, so templates only print.
``konteks_dasbor`` is the whole dashboard body's context; the camat's home page reuses it with
``templates/iki/dasbor/_dasbor.html``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from iki import akses, capaian, laporan, perhitungan, svg
from iki.models import BuktiDukung, Jabatan, Kabupaten, Pengguna, Realisasi, TahunIKI, Target
from iki.perhitungan import Periode
from iki.tabel_iki import kelompokkan

PERAN_DASBOR = (Pengguna.CAMAT, Pengguna.OPERATOR, Pengguna.PEMANTAU, Pengguna.VERIFIKATOR)
PERAN_KABUPATEN = (Pengguna.PEMANTAU, Pengguna.CAMAT, Pengguna.OPERATOR)
TAHUN_MIN, TAHUN_MAKS = 2000, 2100

PILIHAN_PERIODE = [
    ("Bulan", [(str(b), perhitungan.NAMA_BULAN[b - 1]) for b in range(1, 13)]),
    ("Triwulan", [(f"tw{n}", f"Triwulan {r}") for n, r in zip(range(1, 5), ("I", "II", "III", "IV"), strict=True)]),
    ("Semester", [("s1", "Semester I"), ("s2", "Semester II")]),
    ("Tahun", [("tahun", "Setahun penuh")]),
    ("Kumulatif", [(f"sd{b}", f"s.d. {perhitungan.NAMA_BULAN[b - 1]}") for b in range(1, 13)]),
]


class FilterDasborForm(forms.Form):
    """The dashboard's GET filters. Jabatan choices come from the loaded year (no query)."""

    periode = forms.ChoiceField(label="Periode", choices=PILIHAN_PERIODE, required=False)
    jabatan = forms.TypedChoiceField(label="Jabatan", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, jabatan_list=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jabatan"].choices = [("", "Semua jabatan")] + [(j.pk, j.nama) for j in jabatan_list]


class LaporanForm(FilterDasborForm):
    format = forms.ChoiceField(choices=[("pdf", "PDF"), ("xlsx", "Excel")])
    kertas = forms.ChoiceField(choices=[("a4", "A4"), ("f4", "F4")], required=False)


def _tahun_sah(tahun: int) -> None:
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise Http404("Tahun tidak sah.")


def _periode_default(data: capaian.DataTahun) -> Periode:
    return Periode("sd", data.bulan_terakhir) if data.bulan_terakhir else Periode("tahun", 0)


def _saring(form: forms.Form, data: capaian.DataTahun) -> tuple[Periode, Jabatan | None]:
    """The period and jabatan chosen, or 404 with a clear message for anything malformed."""
    if not form.is_valid():
        salah = "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        raise Http404(f"Filter tidak sah ({salah}).")
    kode = form.cleaned_data.get("periode")
    periode = Periode.dari_kode(kode) if kode else _periode_default(data)
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


def _sel(h: capaian.HasilIndikator) -> SelNilai:
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
    perlu_perhatian: bool
    swatch: str
    html: str  # the row's cells from Target on, built once per indicator (see _html_ringkas)


_TANDA_VERIFIKASI = (
    '<span class="tanda-verifikasi" aria-hidden="true">*</span>'
    '<span class="visually-hidden"> (belum diverifikasi)</span>'
)


def _td(kelas: str, s: SelNilai, isi: str | None = None) -> str:
    """A number cell; its title carries the components ("Mei: 48 dari 50")."""
    if s.kosong:
        kelas += " kosong"
    tanda = _TANDA_VERIFIKASI if s.belum_diverifikasi else ""
    return f'<td class="{kelas}" title="{escape(s.keterangan)}">{escape(s.teks) if isi is None else isi}{tanda}</td>'


def _html_ringkas(hasil, bulanan, triwulan, sd, tren: str, swatch: str) -> str:
    """The row's cells as HTML, every text escaped. A dashboard of 31 rows × 25 cells is ten times
    faster built here than through template tags, and each indicator's cells are built once."""
    periode = _sel(hasil)
    bagian = [f'<td class="angka">{escape(hasil.teks_target)}</td>']
    if hasil.nilai is None:
        bagian.append(_td("angka realisasi", periode, f'<span class="pesan">{escape(hasil.pesan)}</span>'))
    else:
        bagian.append(_td("angka realisasi", periode))
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
        kelas = ' class="baris-perhatian"' if r.perlu_perhatian else ""
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


def _ringkas_indikator(data: capaian.DataTahun, indikator_id: int, periode: Periode, url: str) -> RingkasIndikator:
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
        [_sel(h) for h in bulanan],
        [_sel(data.hasil(indikator_id, Periode("tw", n))) for n in range(1, 5)],
        _sel(sd) if sd else None,
        tren,
        swatch,
    )
    return RingkasIndikator(
        hasil=hasil,
        url=url,
        perlu_perhatian=capaian.perlu_perhatian(data.skala, hasil.kategori),
        swatch=mark_safe(swatch),
        html=mark_safe(html),
    )


def _url_indikator(tahun_iki: TahunIKI, periode: Periode):
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
    periode = periode or _periode_default(data)
    url_indikator = _url_indikator(tahun_iki, periode)

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
                        data, baris.indikator_id, periode, url_indikator(baris.indikator_id)
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
    perhatian = [(r, jabatan_per_indikator[pk]) for pk, r in ringkas.items() if r.perlu_perhatian]
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
        "label_sd": f"s.d. {capaian.SINGKATAN_BULAN[data.bulan_terakhir - 1]}" if data.bulan_terakhir else "s.d.",
        "singkatan_bulan": capaian.SINGKATAN_BULAN,
        "grafik_capaian": mark_safe(grafik),
        "tabel_grafik": mark_safe(svg.tabel_batang(batang)),
        "ringkas_list": list(ringkas.values()),
        "url_laporan": reverse("laporan_capaian", args=[tahun_iki.unit.kode, tahun_iki.tahun]),
    }


# --- Views ------------------------------------------------------------------------------------


@require_GET
@akses.peran_diperlukan(*PERAN_DASBOR)
def dasbor_unit_terkini(request):
    """The user's own unit and current year; a kabupaten-wide pemantau gets the kabupaten view."""
    user = request.user
    if user.unit_id is None:
        if user.kabupaten_id:
            return _redirect_kabupaten(user, user.kabupaten)
        return redirect("daftar_unit")
    tahun = akses.tahun_terkini_atau_404(user)
    return redirect("dasbor_unit", kode=user.unit.kode, tahun=tahun.tahun)


@require_GET
@akses.peran_diperlukan(*PERAN_DASBOR)
def dasbor_unit(request, kode: str, tahun: int):
    _tahun_sah(tahun)
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    sekarang = timezone.now()
    data = capaian.muat(tahun_iki, tanggal_acuan=capaian.hari_ini_jakarta(sekarang))
    form = FilterDasborForm(request.GET or None, jabatan_list=data.jabatan)
    periode, jabatan = _saring(form, data) if request.GET else (_periode_default(data), None)
    konteks = konteks_dasbor(request.user, tahun_iki, periode, jabatan, sekarang, data=data)
    konteks["form"] = form if request.GET else FilterDasborForm(
        initial={"periode": periode.kode}, jabatan_list=data.jabatan
    )
    konteks["tahun_lain"] = list(
        TahunIKI.objects.for_unit(tahun_iki.unit).order_by("tahun").values_list("tahun", flat=True)
    )
    return render(request, "iki/dasbor/unit.html", konteks)


def _url_bukti(pk: int) -> str | None:
    try:
        return reverse("bukti_unduh", args=[pk])
    except NoReverseMatch:
        return None


def _riwayat(indikator, variabel, batas: int = 60) -> list[dict]:
    """Changes to the indicator's counts and targets, newest first: who, when, before → after."""
    nama = {v.pk: v.nama for v in variabel}
    kejadian = []
    sebelumnya: dict = {}
    for h in Realisasi.history.filter(variabel_id__in=nama).select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        kunci = (h.variabel_id, h.bulan)
        lama = sebelumnya.get(kunci)
        ubah = []
        if lama is None or lama.nilai != h.nilai:
            ubah.append(f"nilai {perhitungan.format_angka(lama.nilai, 0) + ' → ' if lama else ''}"
                        f"{perhitungan.format_angka(h.nilai, 0)}")
        if lama is None or lama.status != h.status:
            label = dict(Realisasi.STATUS_CHOICES)
            ubah.append(f"status {label.get(lama.status, lama.status) + ' → ' if lama else ''}"
                        f"{label.get(h.status, h.status)}")
        if h.history_type == "-":
            ubah = ["dihapus"]
        sebelumnya[kunci] = h
        if ubah:
            kejadian.append({
                "pada": h.history_date,
                "oleh": h.history_user,
                "apa": f"{perhitungan.NAMA_BULAN[h.bulan - 1]} · {nama.get(h.variabel_id, '')}",
                "ubah": ", ".join(ubah),
                "alasan": h.history_change_reason or "",
            })
    lama_target: dict = {}
    for h in Target.history.filter(indikator_id=indikator.pk).select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        lama = lama_target.get(h.periode)
        if lama is None or lama.nilai != h.nilai or h.history_type == "-":
            kejadian.append({
                "pada": h.history_date,
                "oleh": h.history_user,
                "apa": f"Target {dict(Target.PERIODE_CHOICES).get(h.periode, h.periode)}",
                "ubah": "dihapus" if h.history_type == "-" else (
                    f"{perhitungan.format_angka(lama.nilai) + ' → ' if lama else ''}{perhitungan.format_angka(h.nilai)}"
                ),
                "alasan": h.history_change_reason or "",
            })
        lama_target[h.periode] = h
    kejadian.sort(key=lambda k: k["pada"], reverse=True)
    return kejadian[:batas]


@require_GET
@akses.peran_diperlukan(*PERAN_DASBOR)
def dasbor_indikator(request, kode: str, tahun: int, pk: int):
    """One indicator: formula in words, monthly components, trend chart, evidence, notes, history."""
    _tahun_sah(tahun)
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    data = capaian.muat(tahun_iki, tanggal_acuan=capaian.hari_ini_jakarta(timezone.now()))
    if pk not in data.indikator:
        raise Http404("Indikator tidak ditemukan pada tahun ini.")
    form = FilterDasborForm(request.GET or None, jabatan_list=data.jabatan)
    periode, _ = _saring(form, data) if request.GET else (_periode_default(data), None)
    indikator = data.indikator[pk]
    variabel = data.variabel.get(pk, [])
    bulanan = data.seri_bulanan(pk)
    bukti_per_bulan: dict[int, list[dict]] = {}
    for b in BuktiDukung.objects.filter(realisasi__variabel__in=variabel).select_related("realisasi__variabel"):
        bukti_per_bulan.setdefault(b.realisasi.bulan, []).append(
            {"nama": b.nama_asli, "variabel": b.realisasi.variabel.nama, "url": _url_bukti(b.pk)}
        )
    catatan = data.catatan.get(pk, {})
    status_label = dict(Realisasi.STATUS_CHOICES)
    baris_bulan = []
    for h in bulanan:
        b = h.periode.nomor
        status = sorted({status_label[n.status] for v in variabel if (n := data.realisasi.get(v.pk, {}).get(b))})
        baris_bulan.append({
            "hasil": h,
            "sel": _sel(h),
            "status": ", ".join(status) or ("–" if variabel else ""),
            "bukti": bukti_per_bulan.get(b, []),
            "catatan": catatan.get(b),
            "swatch": mark_safe(svg.swatch(h.kategori)) if h.kategori else "",
        })
    periode_lain = [Periode("tw", n) for n in range(1, 5)] + [Periode("semester", 1), Periode("semester", 2),
                                                              Periode("tahun", 0)]
    if periode not in periode_lain:
        periode_lain.insert(0, periode)
    ringkasan_periode = [
        {"hasil": (h := data.hasil(pk, p)), "sel": _sel(h), "swatch": mark_safe(svg.swatch(h.kategori)),
         "terpilih": p == periode}
        for p in periode_lain
    ]
    grafik = svg.grafik_tren(
        id_dasar="grafik-tren",
        judul=f"Tren bulanan {indikator.nama} {tahun_iki.tahun}",
        satuan=indikator.satuan,
        titik=[
            svg.TitikTren(
                label=capaian.SINGKATAN_BULAN[h.periode.nomor - 1],
                nilai=h.nilai,
                target=h.target,
                kategori=h.kategori,
                belum_diverifikasi=h.belum_diverifikasi,
                keterangan=(
                    f"{h.komponen_berlabel or h.periode.label + ': ' + h.teks_nilai}; nilai {h.teks_nilai}, "
                    f"target {h.teks_target}, capaian {h.teks_capaian}"
                    f"{' ' + h.kategori.label if h.kategori else ''}"
                    f"{' (belum diverifikasi)' if h.belum_diverifikasi else ''}"
                ),
            )
            for h in bulanan
        ],
    )
    muncul = []
    for b in data.baris:
        if b.indikator_id == pk:
            jab = next(j for j in data.jabatan if j.pk == b.jabatan_id)
            if (jab, b.sasaran) not in muncul:
                muncul.append((jab, b.sasaran))
    pengisi = {j.pk: j for j in data.jabatan}
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "indikator": indikator,
        "periode": periode,
        "rumus_kata": indikator.rumus_dalam_kata(variabel, data.konstanta) or indikator.rumus,
        "variabel": [(v, pengisi.get(v.pengisi_id)) for v in variabel],
        "target": data.target.get(pk, {}),
        "target_list": [
            (label, data.target[pk][kode]) for kode, label in Target.PERIODE_CHOICES if kode in data.target.get(pk, {})
        ],
        "baris_bulan": baris_bulan,
        "ringkasan_periode": ringkasan_periode,
        "grafik": mark_safe(grafik),
        "muncul": muncul,
        "riwayat": _riwayat(indikator, variabel),
        "url_dasbor": reverse("dasbor_unit", args=[tahun_iki.unit.kode, tahun_iki.tahun]) + f"?periode={periode.kode}",
        "belum_ada_survei": indikator.jenis == "survei" and data.hasil(pk, periode).nilai is None,
    }
    return render(request, "iki/dasbor/indikator.html", konteks)


def _kabupaten_atau_404(user: Pengguna, kode: str) -> Kabupaten:
    if user.is_superuser:
        return get_object_or_404(Kabupaten, kode=kode)
    kabupaten_id = user.kabupaten_id if user.unit_id is None else user.unit.kabupaten_id
    return get_object_or_404(Kabupaten, kode=kode, pk=kabupaten_id)


def _tahun_kabupaten(user: Pengguna, kabupaten: Kabupaten):
    """The IKI sets of the kabupaten's units that the user may see."""
    return TahunIKI.objects.filter(unit__in=user.unit_terlihat().filter(kabupaten=kabupaten))


def _redirect_kabupaten(user: Pengguna, kabupaten: Kabupaten):
    """To the kabupaten view of the year its units' sets open by default (this year when there
    is none yet, so the page can say so)."""
    tahun = _tahun_kabupaten(user, kabupaten).tahun_terkini() or timezone.localdate().year
    return redirect("dasbor_kabupaten", kode=kabupaten.kode, tahun=tahun)


@require_GET
@akses.peran_diperlukan(*PERAN_KABUPATEN)
def dasbor_kabupaten_terkini(request):
    user = request.user
    kabupaten = user.kabupaten if user.unit_id is None else user.unit.kabupaten
    if kabupaten is None:
        return redirect("daftar_unit")
    return _redirect_kabupaten(user, kabupaten)


def _html_sel_kabupaten(h: capaian.HasilIndikator, url: str) -> str:
    sel = _sel(h)
    if h.capaian_tampil is None:
        isi = f'<span class="pesan">{escape(h.pesan or "–")}</span>'
    else:
        isi = escape(h.teks_capaian)
    tanda = _TANDA_VERIFIKASI if sel.belum_diverifikasi else ""
    kategori = (
        f'<br><span class="small">{svg.swatch(h.kategori)} {escape(h.kategori.label)}</span>' if h.kategori else ""
    )
    return mark_safe(
        f'<td class="capaian-unit"><a href="{escape(url)}" title="{escape(sel.keterangan)}">{isi}</a>'
        f"{tanda}{kategori}</td>"
    )


def konteks_kabupaten(request_user: Pengguna, kabupaten: Kabupaten, tahun: int, periode: Periode | None,
                      sekarang: datetime | date) -> dict:
    """Every visible unit of the kabupaten side by side, one row per indicator name."""
    tahun_list = list(
        _tahun_kabupaten(request_user, kabupaten).filter(tahun=tahun).select_related("unit__kabupaten")
        .order_by("unit__nama")
    )
    hari_ini = capaian.hari_ini_jakarta(sekarang)
    data_per_tahun = capaian.muat_tahun(tahun_list, tanggal_acuan=hari_ini, ringkas=True)
    data_list = [data_per_tahun[t.pk] for t in tahun_list]
    if periode is None:
        terakhir = max((d.bulan_terakhir for d in data_list), default=0)
        periode = Periode("sd", terakhir) if terakhir else Periode("tahun", 0)
    baris: dict[str, dict] = {}
    for kolom, d in enumerate(data_list):
        url_indikator = _url_indikator(d.tahun_iki, periode)
        for ind in d.indikator.values():
            kunci = " ".join(ind.nama.casefold().replace("persentase", "prosentase").split())
            b = baris.setdefault(kunci, {"nama": ind.nama, "sel": [None] * len(data_list)})
            if b["sel"][kolom] is None:
                h = d.hasil(ind.pk, periode)
                b["sel"][kolom] = {"hasil": h, "html": _html_sel_kabupaten(h, url_indikator(ind.pk))}
    kolom = []
    for d in data_list:
        lengkap = capaian.kelengkapan(d, sekarang)
        kategori = [d.hasil(i, periode).kategori for i in d.indikator]
        kolom.append({
            "tahun_iki": d.tahun_iki,
            "unit": d.unit,
            "url": reverse("dasbor_unit", args=[d.unit.kode, tahun]) + f"?periode={periode.kode}",
            "terlambat": lengkap.jumlah_terlambat,
            "menunggu": lengkap.jumlah_menunggu_verifikasi,
            "perhatian": sum(1 for k in kategori if capaian.perlu_perhatian(d.skala, k)),
        })
    return {
        "kabupaten": kabupaten,
        "tahun": tahun,
        "periode": periode,
        "kolom": kolom,
        "baris": list(baris.values()),
        "hari_ini": hari_ini,
        "tahun_lain": list(
            _tahun_kabupaten(request_user, kabupaten).order_by("tahun").values_list("tahun", flat=True).distinct()
        ),
    }


@require_GET
@akses.peran_diperlukan(*PERAN_KABUPATEN)
def dasbor_kabupaten(request, kode: str, tahun: int):
    _tahun_sah(tahun)
    kabupaten = _kabupaten_atau_404(request.user, kode)
    form = FilterDasborForm(request.GET or None)
    periode = None
    if request.GET:
        if not form.is_valid():
            raise Http404("Periode tidak dikenal.")
        kode_periode = form.cleaned_data.get("periode")
        periode = Periode.dari_kode(kode_periode) if kode_periode else None
    konteks = konteks_kabupaten(request.user, kabupaten, tahun, periode, timezone.now())
    konteks["form"] = form if request.GET else FilterDasborForm(initial={"periode": konteks["periode"].kode})
    return render(request, "iki/dasbor/kabupaten.html", konteks)


@require_GET
@akses.peran_diperlukan(*PERAN_DASBOR)
def laporan_capaian(request, kode: str, tahun: int):
    """Download the laporan capaian: ?format=pdf|xlsx&periode=…&jabatan=…&kertas=a4|f4."""
    _tahun_sah(tahun)
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    jabatan_list = list(tahun_iki.jabatan.all())
    form = LaporanForm(request.GET, jabatan_list=jabatan_list)
    if not form.is_valid():
        salah = "; ".join(f"{f}: {' '.join(e)}" for f, e in form.errors.items())
        raise Http404(f"Permintaan laporan tidak sah ({salah}).")
    kode_periode = form.cleaned_data.get("periode") or "tahun"
    jabatan_id = form.cleaned_data.get("jabatan")
    jabatan = next((j for j in jabatan_list if j.pk == jabatan_id), None)
    isi = laporan.data_laporan(
        tahun_iki, Periode.dari_kode(kode_periode), jabatan=jabatan, tanggal=timezone.localdate()
    )
    if form.cleaned_data["format"] == "pdf":
        kertas = form.cleaned_data.get("kertas") or "a4"
        berkas, jenis = laporan.pdf_laporan(isi, kertas=kertas), "application/pdf"
    else:
        berkas = laporan.xlsx_laporan(isi)
        jenis = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(berkas, content_type=jenis)
    response["Content-Disposition"] = f'attachment; filename="{laporan.nama_berkas(isi, form.cleaned_data["format"])}"'
    return response
