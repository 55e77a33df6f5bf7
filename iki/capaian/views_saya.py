""""Capaian saya": a staf's own results, read only. The indicators whose counts the staf enters
(a variable filled by a jabatan they hold in that year), per month and per quarter, with the
target used, the value, the capaian and its category, all from ``iki.capaian.data`` (the year
loaded in a fixed number of queries; no arithmetic here)."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from iki.capaian import data as capaian
from iki.capaian import ekinerja
from iki.capaian.views_dasbor import sel_nilai
from iki.inti import svg
from iki.inti.perhitungan import Periode
from iki.models import Pengguna
from iki.realisasi import kalender
from iki.umum import akses
from iki.umum.pilih_tahun import pilihan_tahun


@dataclass
class BarisPeriode:
    hasil: capaian.HasilIndikator
    swatch: str

    @property
    def sel(self):
        return sel_nilai(self.hasil)


@dataclass
class IndikatorSaya:
    nama: str
    satuan: str
    variabel: list[str]  # the names of the variables this staf enters
    bulan: list[BarisPeriode]
    triwulan: list[BarisPeriode]


def _baris(data: capaian.DataTahun, indikator_id: int, periode: Periode) -> BarisPeriode:
    h = data.hasil(indikator_id, periode)
    return BarisPeriode(h, mark_safe(svg.swatch(h.kategori)) if h.kategori else "")


def indikator_saya(data: capaian.DataTahun, jabatan_ids: set[int], bulan_akhir: int) -> list[IndikatorSaya]:
    """The indicators of the loaded year fed by the given jabatan, months 1…``bulan_akhir`` and the
    quarters that have begun; no query (everything comes from ``data``)."""
    hasil = []
    for iid, indikator in data.indikator.items():
        milik = [v.nama for v in data.variabel.get(iid, []) if v.pengisi_id in jabatan_ids]
        if not milik:
            continue
        hasil.append(
            IndikatorSaya(
                nama=indikator.nama,
                satuan=indikator.satuan,
                variabel=milik,
                bulan=[_baris(data, iid, Periode("bulan", b)) for b in range(1, bulan_akhir + 1)],
                triwulan=[_baris(data, iid, Periode("tw", n)) for n in range(1, (bulan_akhir + 2) // 3 + 1)],
            )
        )
    return hasil


def _url_ekinerja(user: Pengguna, tahun_iki) -> str | None:
    """The download of the staf's own e-Kinerja sheets, when they held a jabatan in the year."""
    if not user.pegawai_id or not ekinerja.penugasan_tahun(tahun_iki).filter(pegawai_id=user.pegawai_id).exists():
        return None
    return reverse("ekinerja_unduh", args=[tahun_iki.unit.kode, tahun_iki.tahun, user.pegawai_id])


@require_GET
@akses.untuk("capaian_saya")
def capaian_saya_terkini(request):
    return akses.ke_tahun_terkini(request.user, "capaian_saya")


@require_GET
@akses.untuk("capaian_saya")
def capaian_saya(request, kode: str, tahun: int):
    user: Pengguna = request.user
    tahun_iki = akses.tahun_atau_404(user, kode, akses.tahun_sah_atau_404(tahun))
    hari_ini = timezone.localdate()
    jabatan = list(user.jabatan_pada(tahun_iki, kalender.tanggal_acuan(tahun_iki.tahun, hari_ini)))
    data = capaian.muat(tahun_iki, tanggal_acuan=hari_ini)
    # A past year shows its twelve months; the current one up to this month (at least January).
    bulan_akhir = max(kalender.bulan_kini(tahun_iki.tahun, hari_ini), data.bulan_terakhir, 1)
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "jabatan": jabatan,
        "indikator": indikator_saya(data, {j.pk for j in jabatan}, bulan_akhir),
        "url_isi": reverse("entri_bulan_ini"),
        "url_ekinerja": _url_ekinerja(user, tahun_iki),
        "pilihan_tahun": pilihan_tahun(request, tahun_iki.unit, tahun_iki.tahun),
    }
    return render(request, "iki/dasbor/saya.html", konteks)
