"""One indicator of a unit's year in detail: its formula in words, the monthly components that
make each value ("Mei: 48 dari 50"), the trend chart with its target line, evidence, notes and
the history of its counts and targets."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from iki.capaian import data as capaian
from iki.capaian.tahun_lalu import Pembanding
from iki.capaian.views_dasbor import (
    FilterDasborForm,
    periode_default,
    saring,
    sel_nilai,
)
from iki.inti import angka, svg
from iki.inti.perhitungan import Periode
from iki.models import BuktiDukung, Indikator, Realisasi, Target
from iki.realisasi import desa as desa_mod
from iki.umum import akses
from iki.umum.pilih_tahun import pilihan_tahun


def _riwayat(indikator, variabel, batas: int = 60) -> list[dict]:
    """Changes to the indicator's counts and targets, newest first: who, when, before → after."""
    nama = {v.pk: v.nama for v in variabel}
    desimal = {v.pk: v.desimal for v in variabel}
    kejadian = []
    sebelumnya: dict = {}
    for h in Realisasi.history.filter(variabel_id__in=nama).select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        kunci = (h.variabel_id, h.bulan)
        lama = sebelumnya.get(kunci)
        ubah = []
        if lama is None or lama.nilai != h.nilai:
            d = desimal.get(h.variabel_id, 0)
            ubah.append(f"nilai {angka.format_nilai(lama.nilai, d) + ' → ' if lama else ''}"
                        f"{angka.format_nilai(h.nilai, d)}")
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
                "apa": f"{angka.nama_bulan(h.bulan)} · {nama.get(h.variabel_id, '')}",
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
                    f"{angka.format_angka(lama.nilai) + ' → ' if lama else ''}{angka.format_angka(h.nilai)}"
                ),
                "alasan": h.history_change_reason or "",
            })
        lama_target[h.periode] = h
    kejadian.sort(key=lambda k: k["pada"], reverse=True)
    return kejadian[:batas]


def _matriks_desa(variabel, tahun_iki) -> list[dict]:
    """Desa × month of each per-desa variable (``iki.realisasi.desa.matriks``), with the desa that
    are late or missing again and again, and the months' counts."""
    hasil = []
    for v in variabel:
        if not v.per_desa:
            continue
        baris = desa_mod.matriks(v, tahun_iki)
        if not baris:
            continue
        hasil.append({
            "variabel": v,
            "baris": baris,
            "berulang": [b for b in baris if b.berulang],
            "jumlah": [sum(b.sel[i] in (desa_mod.TEPAT, desa_mod.TERLAMBAT) for b in baris) for i in range(12)],
            "batas": desa_mod.BERULANG,
            "bulan": [angka.singkatan_bulan(b) for b in range(1, 13)],
        })
    return hasil


def _url_indikator_tahun(tahun_iki, indikator):
    """The same indicator (by its code) in another year, else that year's dashboard."""
    pk_per_tahun = dict(
        Indikator.objects.filter(tahun__unit=tahun_iki.unit, kode=indikator.kode).values_list("tahun__tahun", "pk")
    )
    kode = tahun_iki.unit.kode

    def url(tahun: int) -> str:
        if tahun in pk_per_tahun:
            return reverse("dasbor_indikator", args=[kode, tahun, pk_per_tahun[tahun]])
        return reverse("dasbor_unit", args=[kode, tahun])

    return url


@require_GET
@akses.untuk("dasbor")
def dasbor_indikator(request, kode: str, tahun: int, pk: int):
    """One indicator: formula in words, monthly components, trend chart, evidence, notes, history."""
    akses.tahun_sah_atau_404(tahun)
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    data = capaian.muat(tahun_iki, tanggal_acuan=capaian.hari_ini_jakarta(timezone.now()))
    if pk not in data.indikator:
        raise Http404("Indikator tidak ditemukan pada tahun ini.")
    form = FilterDasborForm(request.GET or None, jabatan_list=data.jabatan)
    periode, _ = saring(form, data) if request.GET else (periode_default(data), None)
    indikator = data.indikator[pk]
    variabel = data.variabel.get(pk, [])
    bulanan = data.seri_bulanan(pk)
    bukti_per_bulan: dict[int, list[dict]] = {}
    for b in BuktiDukung.objects.filter(realisasi__variabel__in=variabel).select_related("realisasi__variabel"):
        bukti_per_bulan.setdefault(b.realisasi.bulan, []).append(
            {"nama": b.nama_asli, "variabel": b.realisasi.variabel.nama, "url": reverse("bukti_unduh", args=[b.pk])}
        )
    catatan = data.catatan.get(pk, {})
    # Last year's value for the same period beside each (capaian.tahun_lalu), when there is a
    # previous year; a fixed number of queries.
    pembanding = Pembanding(tahun_iki)
    ada_lalu = pembanding.lalu is not None
    status_label = dict(Realisasi.STATUS_CHOICES)
    baris_bulan = []
    for h in bulanan:
        b = h.periode.nomor
        status = sorted({status_label[n.status] for v in variabel if (n := data.realisasi.get(v.pk, {}).get(b))})
        baris_bulan.append({
            "hasil": h,
            "sel": sel_nilai(h),
            "status": ", ".join(status) or ("–" if variabel else ""),
            "bukti": bukti_per_bulan.get(b, []),
            "catatan": catatan.get(b),
            "swatch": mark_safe(svg.swatch(h.kategori)) if h.kategori else "",
            "banding": pembanding.banding(h) if ada_lalu else None,
        })
    periode_lain = [Periode("tw", n) for n in range(1, 5)] + [Periode("semester", 1), Periode("semester", 2),
                                                              Periode("tahun", 0)]
    if periode not in periode_lain:
        periode_lain.insert(0, periode)
    ringkasan_periode = [
        {"hasil": (h := data.hasil(pk, p)), "sel": sel_nilai(h), "swatch": mark_safe(svg.swatch(h.kategori)),
         "terpilih": p == periode, "banding": pembanding.banding(h) if ada_lalu else None}
        for p in periode_lain
    ]
    grafik = svg.grafik_tren(
        id_dasar="grafik-tren",
        judul=f"Tren bulanan {indikator.nama} {tahun_iki.tahun}",
        satuan=indikator.satuan,
        titik=[
            svg.TitikTren(
                label=angka.singkatan_bulan(h.periode.nomor),
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
        "tahun_lalu": tahun_iki.tahun - 1 if ada_lalu else None,
        "asal_lalu": pembanding.pasangan.get(pk),
        "ringkasan_periode": ringkasan_periode,
        "grafik": mark_safe(grafik),
        "muncul": muncul,
        "riwayat": _riwayat(indikator, variabel),
        "matriks_desa": _matriks_desa(variabel, tahun_iki),
        "url_dasbor": reverse("dasbor_unit", args=[tahun_iki.unit.kode, tahun_iki.tahun]) + f"?periode={periode.kode}",
        "belum_ada_survei": indikator.jenis == "survei" and data.hasil(pk, periode).nilai is None,
        "pilihan_tahun": pilihan_tahun(
            request, tahun_iki.unit, tahun_iki.tahun, url_tahun=_url_indikator_tahun(tahun_iki, indikator)
        ),
    }
    return render(request, "iki/dasbor/indikator.html", konteks)
