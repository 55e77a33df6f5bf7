"""History pages: every change to one indicator, and every change and reopening in one month
of a unit's year (events from ``iki.realisasi.riwayat``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from iki.inti import angka
from iki.models import (
    BuktiDukung,
    CatatanIndikator,
    Indikator,
    Jabatan,
    PembukaanKunci,
    Pengguna,
    Realisasi,
    Target,
    Variabel,
)
from iki.realisasi.alur import boleh_buka_kunci, nama_pengguna
from iki.realisasi.forms import FormBukaKunci
from iki.realisasi.riwayat import PenulisNilai, Peristiwa, peristiwa_dari
from iki.umum import akses


def _halaman(request, peristiwa: list[Peristiwa]):
    peristiwa.sort(key=lambda p: (p.waktu, p.urut), reverse=True)
    return Paginator(peristiwa, 100).get_page(request.GET.get("halaman"))




@require_GET
@akses.untuk("riwayat")
def riwayat_indikator(request, pk: int):
    """Every change to one indicator: its definition, variables, targets, realisasi and notes."""
    indikator = get_object_or_404(
        Indikator.objects.select_related("tahun__unit", "penanggung_jawab").prefetch_related("variabel", "target"),
        pk=pk,
        tahun__unit__in=request.user.unit_terlihat(),
    )
    r_indikator = list(Indikator.history.filter(id=indikator.pk).select_related("history_user"))
    r_variabel = list(Variabel.history.filter(indikator_id=indikator.pk).select_related("history_user"))
    nama_variabel = {}
    for rec in sorted(r_variabel, key=lambda r: r.history_date):
        nama_variabel[rec.id] = rec.nama
    r_target = list(Target.history.filter(indikator_id=indikator.pk).select_related("history_user"))
    r_realisasi = list(
        Realisasi.history.filter(variabel_id__in=list(nama_variabel)).select_related("history_user")
    )
    r_catatan = list(CatatanIndikator.history.filter(indikator_id=indikator.pk).select_related("history_user"))
    realisasi_variabel = {r.id: (r.variabel_id, r.bulan) for r in r_realisasi}
    r_bukti = list(
        BuktiDukung.history.filter(realisasi_id__in=list(realisasi_variabel)).select_related("history_user")
    )
    penulis = PenulisNilai(
        [(Indikator, r_indikator), (Variabel, r_variabel), (Target, r_target), (Realisasi, r_realisasi),
         (CatatanIndikator, r_catatan), (BuktiDukung, r_bukti)]
    )

    def nama_bukti(r):
        vid, bulan = realisasi_variabel.get(r.realisasi_id, (None, 1))
        return f"Bukti dukung {angka.nama_bulan(bulan)}: {nama_variabel.get(vid, '')}"

    peristiwa = (
        peristiwa_dari(Indikator, r_indikator, penulis, lambda r: "Definisi indikator")
        + peristiwa_dari(Variabel, r_variabel, penulis, lambda r: f"Variabel “{r.nama}”")
        + peristiwa_dari(Target, r_target, penulis, lambda r: f"Target {dict(Target.PERIODE_CHOICES).get(r.periode)}")
        + peristiwa_dari(
            Realisasi, r_realisasi, penulis,
            lambda r: f"Realisasi {angka.nama_bulan(r.bulan)}: {nama_variabel.get(r.variabel_id, '')}",
        )
        + peristiwa_dari(CatatanIndikator, r_catatan, penulis, lambda r: f"Catatan {angka.nama_bulan(r.bulan)}")
        + peristiwa_dari(BuktiDukung, r_bukti, penulis, nama_bukti)
    )
    tahun_iki = indikator.tahun
    konteks = {
        "indikator": indikator,
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "rumus_kata": indikator.rumus_dalam_kata(list(indikator.variabel.all())),
        "halaman": _halaman(request, peristiwa),
    }
    return render(request, "iki/realisasi/riwayat_indikator.html", konteks)


@dataclass
class StatusJabatan:
    jabatan: Jabatan
    jumlah: dict[str, int]

    @property
    def terkunci(self) -> int:
        return self.jumlah.get(Realisasi.DIVERIFIKASI, 0)

    def ringkas(self) -> list[tuple[str, int]]:
        return [(Realisasi.LABEL_STATUS[s], n) for s, n in self.jumlah.items() if n]


@require_GET
@akses.untuk("riwayat")
def riwayat_bulan(request, kode: str, tahun: int, bulan: int):
    """Every change in one month of a unit's year, and every reopening of a locked month."""
    user: Pengguna = request.user
    tahun_iki = akses.tahun_atau_404(user, kode, tahun)
    akses.bulan_atau_404(bulan)
    variabel = {
        v.pk: v for v in Variabel.objects.filter(indikator__tahun=tahun_iki).select_related("indikator")
    }
    r_realisasi = list(
        Realisasi.history.filter(variabel_id__in=list(variabel), bulan=bulan).select_related("history_user")
    )
    indikator = {v.indikator_id: v.indikator for v in variabel.values()}
    r_catatan = list(
        CatatanIndikator.history.filter(indikator__tahun=tahun_iki, bulan=bulan).select_related("history_user")
    )
    realisasi_variabel = {r.id: r.variabel_id for r in r_realisasi}
    r_bukti = list(
        BuktiDukung.history.filter(realisasi_id__in=list(realisasi_variabel)).select_related("history_user")
    )
    penulis = PenulisNilai([(Realisasi, r_realisasi), (CatatanIndikator, r_catatan), (BuktiDukung, r_bukti)])

    def nama_realisasi(r):
        v = variabel.get(r.variabel_id)
        return f"{v.nama} ({v.indikator.nama})" if v else "Variabel terhapus"

    def nama_bukti(r):
        v = variabel.get(realisasi_variabel.get(r.realisasi_id))
        return f"Bukti dukung: {v.nama}" if v else "Bukti dukung"

    def nama_catatan(r):
        i = indikator.get(r.indikator_id)
        return f"Catatan “{i.nama}”" if i else "Catatan"

    peristiwa = (
        peristiwa_dari(Realisasi, r_realisasi, penulis, nama_realisasi)
        + peristiwa_dari(CatatanIndikator, r_catatan, penulis, nama_catatan)
        + peristiwa_dari(BuktiDukung, r_bukti, penulis, nama_bukti)
    )
    pembukaan = list(
        PembukaanKunci.objects.filter(jabatan__tahun=tahun_iki, bulan=bulan).select_related("jabatan", "oleh")
    )
    peristiwa += [
        Peristiwa(
            waktu=p.pada, oleh=nama_pengguna(p.oleh), jenis="Dibuka kembali", objek=p.jabatan.nama,
            perubahan=[("status", "Diverifikasi", "Draf")], alasan=p.alasan, urut=p.pk,
        )
        for p in pembukaan
    ]
    jumlah: dict[int, dict[str, int]] = defaultdict(dict)
    for jid, status, n in (
        Realisasi.objects.filter(variabel__indikator__tahun=tahun_iki, bulan=bulan)
        .values_list("variabel__pengisi", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        jumlah[jid][status] = n
    jabatan = [
        StatusJabatan(jabatan=j, jumlah=jumlah.get(j.pk, {}))
        for j in Jabatan.objects.filter(tahun=tahun_iki, variabel_diisi__isnull=False).distinct().order_by("urutan")
    ]
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "bulan": bulan,
        "nama_bulan": angka.nama_bulan(bulan),
        "halaman": _halaman(request, peristiwa),
        "status_jabatan": jabatan,
        "boleh_buka": boleh_buka_kunci(user, tahun_iki),
        "form_buka": FormBukaKunci(),
        "indikator": sorted(indikator.values(), key=lambda i: (i.urutan, i.pk)),
        "bulan_lain": [(b, angka.singkatan_bulan(b)) for b in range(1, 13)],
    }
    return render(request, "iki/realisasi/riwayat_bulan.html", konteks)
