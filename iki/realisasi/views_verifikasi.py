"""Verification: what waits for the verifier, approving or returning a value or a jabatan's
month, and reopening a locked month (operator or camat, with a reason).

Every object is fetched within the user's visible units (another unit's is 404); the rules
live in ``iki.realisasi.alur``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from iki.inti import angka
from iki.models import Indikator, Jabatan, Pengguna, Realisasi, TahunIKI, Variabel
from iki.realisasi.alur import (
    boleh_buka_kunci,
    buka_kunci,
    jabatan_diverifikasi,
    kembalikan,
    kembalikan_bulan_jabatan,
    menunggu_verifikasi,
    verifikasi,
    verifikasi_bulan_jabatan,
)
from iki.realisasi.bukti import prefetch_bukti
from iki.realisasi.forms import FormBukaKunci, FormKembalikan, FormSetujui, tulis_versi
from iki.realisasi.pratinjau import pratinjau
from iki.realisasi.simpan import GagalSimpan, TidakBerwenang
from iki.umum import akses
from iki.umum.pilih_tahun import pilihan_tahun


def _kembali(request, bawaan: str) -> str:
    return akses.alamat_kembali(request, request.POST.get("kembali")) or bawaan



@dataclass
class KelompokVerifikasi:
    jabatan: Jabatan
    bulan: int
    baris: list[Realisasi] = field(default_factory=list)
    pratinjau: list[tuple[Indikator, str]] = field(default_factory=list)

    @property
    def nama_bulan(self) -> str:
        return angka.nama_bulan(self.bulan)

    @property
    def versi(self) -> str:
        return tulis_versi(self.baris)


def _tahun_pilihan(request, user: Pengguna) -> TahunIKI:
    teks = request.GET.get("tahun", "")
    if teks:
        if not (teks.isascii() and teks.isdigit() and len(teks) == 4):
            raise Http404("Tahun tidak dikenal.")
        return akses.tahun_atau_404(user, user.unit.kode, int(teks))
    return akses.tahun_terkini_atau_404(user)


def kelompok_verifikasi(baris_qs, tahun_iki: TahunIKI) -> list[KelompokVerifikasi]:
    """Waiting values grouped by jabatan and month, with last month's value and the indicator
    previews; a fixed number of queries."""
    baris = list(
        baris_qs.select_related("variabel__indikator", "variabel__pengisi", "diisi_oleh")
        .prefetch_related(prefetch_bukti())
        .order_by("variabel__pengisi__urutan", "variabel__pengisi_id", "bulan", "variabel__indikator__urutan",
                  "variabel__indikator_id", "variabel__urutan", "pk")
    )
    if not baris:
        return []
    indikator = {
        i.pk: i
        for i in Indikator.objects.filter(pk__in={r.variabel.indikator_id for r in baris}).prefetch_related(
            Prefetch("variabel", queryset=Variabel.objects.order_by("urutan", "id")), "target"
        )
    }
    bulan_perlu = {r.bulan for r in baris} | {r.bulan - 1 for r in baris}
    nilai = {
        (vid, b): n
        for vid, b, n in Realisasi.objects.filter(variabel__indikator__in=indikator.values(), bulan__in=bulan_perlu)
        .values_list("variabel_id", "bulan", "nilai")
    }
    konstanta = tahun_iki.nilai_konstanta()
    kelompok: dict[tuple[int, int], KelompokVerifikasi] = {}
    for r in baris:
        k = kelompok.setdefault(
            (r.variabel.pengisi_id, r.bulan), KelompokVerifikasi(jabatan=r.variabel.pengisi, bulan=r.bulan)
        )
        r.lalu = nilai.get((r.variabel_id, r.bulan - 1))
        k.baris.append(r)
    for k in kelompok.values():
        for iid in dict.fromkeys(r.variabel.indikator_id for r in k.baris):
            i = indikator[iid]
            teks, _ = pratinjau(i, {v.kode: nilai.get((v.pk, k.bulan)) for v in i.variabel.all()}, konstanta, k.bulan)
            if teks:
                k.pratinjau.append((i, teks))
    return list(kelompok.values())


@require_GET
@akses.untuk("verifikasi", cek_di_view=True)
def verifikasi_daftar(request):
    """What waits for the verifier; the camat sees everything waiting in the unit, read only."""
    user: Pengguna = request.user
    if user.unit_id is None:
        return redirect("daftar_unit")
    if not akses.boleh(user, "verifikasi"):
        raise PermissionDenied("Halaman ini untuk verifikator, operator dan camat.")
    tahun_iki = _tahun_pilihan(request, user)
    if user.peran == Pengguna.CAMAT and not user.is_superuser:
        qs = Realisasi.objects.filter(status=Realisasi.DIAJUKAN, variabel__indikator__tahun=tahun_iki)
        bisa_bertindak = False
    else:
        qs = menunggu_verifikasi(user, tahun_iki)
        bisa_bertindak = True
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "kelompok": kelompok_verifikasi(qs, tahun_iki),
        "bisa_bertindak": bisa_bertindak,
        "jabatan_saya": list(jabatan_diverifikasi(user, tahun_iki)) if bisa_bertindak else [],
        "pilihan_tahun": pilihan_tahun(request, tahun_iki.unit, tahun_iki.tahun),
    }
    return render(request, "iki/realisasi/verifikasi.html", konteks)


def _jalankan(request, form, aksi, pesan_berhasil: str) -> None:
    """Run ``aksi(cleaned_data)`` when the form is valid and tell the user what happened; a
    refusal of rights is a 403, anything else a message on the page they return to."""
    if not form.is_valid():
        for k in form.errors.values():
            messages.error(request, " ".join(k))
        return
    try:
        aksi(form.cleaned_data)
    except TidakBerwenang as e:
        raise PermissionDenied(" ".join(e.kesalahan)) from None
    except GagalSimpan as e:
        for k in e.kesalahan:
            messages.error(request, k)
    else:
        messages.success(request, pesan_berhasil)


def _url_verifikasi(tahun_iki: TahunIKI) -> str:
    return f"{reverse('verifikasi_daftar')}?tahun={tahun_iki.tahun}"


@require_POST
@akses.untuk("verifikasi", tulis=True)
def verifikasi_setujui(request, pk: int):
    r = akses.realisasi_atau_404(request.user, pk)
    _jalankan(
        request,
        FormSetujui(request.POST),
        lambda data: verifikasi(user=request.user, realisasi_list=[r], versi=data["versi"]),
        f"“{r.variabel.nama}” {angka.nama_bulan(r.bulan)} diverifikasi dan dikunci.",
    )
    return redirect(_kembali(request, _url_verifikasi(r.variabel.indikator.tahun)))


@require_POST
@akses.untuk("verifikasi", tulis=True)
def verifikasi_kembalikan(request, pk: int):
    r = akses.realisasi_atau_404(request.user, pk)
    _jalankan(
        request,
        FormKembalikan(request.POST),
        lambda data: kembalikan(
            user=request.user, realisasi=r, catatan=data["catatan"],
            versi=None if data["versi"] is None else data["versi"].get(r.pk, -1),
        ),
        f"“{r.variabel.nama}” {angka.nama_bulan(r.bulan)} dikembalikan kepada pengisi.",
    )
    return redirect(_kembali(request, _url_verifikasi(r.variabel.indikator.tahun)))


@require_POST
@akses.untuk("verifikasi", tulis=True)
def verifikasi_bulan_setujui(request, pk: int, bulan: int):
    jabatan = akses.jabatan_atau_404(request.user, pk)
    akses.bulan_atau_404(bulan)
    _jalankan(
        request,
        FormSetujui(request.POST),
        lambda data: verifikasi_bulan_jabatan(user=request.user, jabatan=jabatan, bulan=bulan, versi=data["versi"]),
        f"Semua nilai {jabatan.nama} bulan {angka.nama_bulan(bulan)} diverifikasi dan dikunci.",
    )
    return redirect(_kembali(request, _url_verifikasi(jabatan.tahun)))


@require_POST
@akses.untuk("verifikasi", tulis=True)
def verifikasi_bulan_kembalikan(request, pk: int, bulan: int):
    jabatan = akses.jabatan_atau_404(request.user, pk)
    akses.bulan_atau_404(bulan)
    _jalankan(
        request,
        FormKembalikan(request.POST),
        lambda data: kembalikan_bulan_jabatan(
            user=request.user, jabatan=jabatan, bulan=bulan, catatan=data["catatan"], versi=data["versi"]
        ),
        f"Nilai {jabatan.nama} bulan {angka.nama_bulan(bulan)} dikembalikan kepada pengisi.",
    )
    return redirect(_kembali(request, _url_verifikasi(jabatan.tahun)))


@require_POST
@akses.untuk("buka_kunci", tulis=True, cek_di_view=True)
def buka_kunci_bulan(request, pk: int, bulan: int):
    """Reopen a jabatan's locked month: operator or camat (camat reads only, except this)."""
    user: Pengguna = request.user
    jabatan = akses.jabatan_atau_404(user, pk)
    akses.bulan_atau_404(bulan)
    if not boleh_buka_kunci(user, jabatan.tahun):
        raise PermissionDenied("Hanya operator atau camat yang dapat membuka bulan yang terkunci.")
    _jalankan(
        request,
        FormBukaKunci(request.POST),
        lambda data: buka_kunci(user=user, jabatan=jabatan, bulan=bulan, alasan=data["alasan"]),
        f"{jabatan.nama} bulan {angka.nama_bulan(bulan)} dibuka kembali; pengisi dapat memperbaiki "
        "dan mengajukan ulang.",
    )
    tahun_iki = jabatan.tahun
    return redirect(
        _kembali(request, reverse("riwayat_bulan", args=[tahun_iki.unit.kode, tahun_iki.tahun, bulan]))
    )
