"""A kabupaten's units side by side for the pemantau: one row per indicator name, each unit's
capaian and category, and each unit's late months, waiting values and indicators needing
attention."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from iki.capaian import data as capaian
from iki.capaian.views_dasbor import (
    TANDA_VERIFIKASI,
    FilterDasborForm,
    pembuat_url_indikator,
    redirect_kabupaten,
    sel_nilai,
    tahun_kabupaten,
)
from iki.inti import svg
from iki.inti.perhitungan import Periode
from iki.models import HariLibur, Kabupaten, Pengguna
from iki.umum import akses


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


def _html_sel_kabupaten(h: capaian.HasilIndikator, url: str) -> str:
    sel = sel_nilai(h)
    if h.capaian_tampil is None:
        isi = f'<span class="pesan">{escape(h.pesan or "–")}</span>'
    else:
        isi = escape(h.teks_capaian)
    tanda = TANDA_VERIFIKASI if sel.belum_diverifikasi else ""
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
        tahun_kabupaten(request_user, kabupaten).filter(tahun=tahun).select_related("unit__kabupaten")
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
        url_indikator = pembuat_url_indikator(d.tahun_iki, periode)
        for ind in d.indikator.values():
            kunci = " ".join(ind.nama.casefold().replace("persentase", "prosentase").split())
            b = baris.setdefault(kunci, {"nama": ind.nama, "sel": [None] * len(data_list)})
            if b["sel"][kolom] is None:
                h = d.hasil(ind.pk, periode)
                b["sel"][kolom] = {"hasil": h, "html": _html_sel_kabupaten(h, url_indikator(ind.pk))}
    # Every unit's holidays in one query (they move its entry deadlines).
    libur: dict[int, set] = {d.unit.pk: set() for d in data_list}
    for unit_id, tanggal in HariLibur.objects.filter(
        unit__in=[d.unit for d in data_list], tanggal__year__in=(tahun, tahun + 1)
    ).values_list("unit_id", "tanggal"):
        libur[unit_id].add(tanggal)
    kolom = []
    for d in data_list:
        lengkap = capaian.kelengkapan(d, sekarang, libur=libur[d.unit.pk])
        hasil = [d.hasil(i, periode) for i in d.indikator]
        kolom.append({
            "tahun_iki": d.tahun_iki,
            "unit": d.unit,
            "url": reverse("dasbor_unit", args=[d.unit.kode, tahun]) + f"?periode={periode.kode}",
            "terlambat": lengkap.jumlah_terlambat,
            "menunggu": lengkap.jumlah_menunggu_verifikasi,
            "perhatian": sum(1 for h in hasil if capaian.perlu_perhatian(d.skala, h.kategori, h.capaian)),
        })
    return {
        "kabupaten": kabupaten,
        "tahun": tahun,
        "periode": periode,
        "kolom": kolom,
        "baris": list(baris.values()),
        "hari_ini": hari_ini,
        "tahun_lain": list(
            tahun_kabupaten(request_user, kabupaten).order_by("tahun").values_list("tahun", flat=True).distinct()
        ),
    }


@require_GET
@akses.untuk("dasbor_kabupaten")
def dasbor_kabupaten(request, kode: str, tahun: int):
    akses.tahun_sah_atau_404(tahun)
    kabupaten = kabupaten_atau_404(request.user, kode)
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

