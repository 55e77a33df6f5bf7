"""Verification: what waits for the verifier, approving or returning a value or a jabatan's
month, and reopening a locked month (operator or camat, with a reason).

Every object is fetched within the user's visible units (another unit's is 404); the rules
live in ``iki.realisasi.alur``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from iki.inti import angka, svg
from iki.models import CatatanIndikator, Indikator, Jabatan, Pengguna, Realisasi, TahunIKI, Variabel
from iki.realisasi.alur import (
    boleh_buka_kunci,
    buka_kunci,
    jabatan_diverifikasi,
    kembalikan,
    kembalikan_bulan_jabatan,
    menunggu_verifikasi,
    nama_pengguna,
    verifikasi,
    verifikasi_bulan_jabatan,
    verifikasi_tanpa_catatan,
)
from iki.realisasi.bukti import prefetch_bukti
from iki.realisasi.forms import FormBukaKunci, FormKembalikan, FormSetujui, tulis_versi
from iki.realisasi.pratinjau import HasilBulan, hasil_bulan, pratinjau
from iki.realisasi.simpan import GagalSimpan, TidakBerwenang
from iki.umum import akses
from iki.umum.pilih_tahun import pilihan_tahun


def _kembali(request, bawaan: str) -> str:
    return akses.alamat_kembali(request, request.POST.get("kembali")) or bawaan



@dataclass
class CatatanLalu:
    """An earlier note on a value: a return by the verifier or a reopening, with who and when."""

    teks: str
    oleh: str
    pada: object


@dataclass
class KonteksIndikator:
    """What the verifier weighs an indicator's month by: the month's result (value, target,
    capaian, category), the preview in words, the staf's kendala / tindak lanjut, and the values
    of the group that belong to it."""

    indikator: Indikator
    teks: str
    hasil: HasilBulan
    catatan: CatatanIndikator | None
    baris: list[Realisasi] = field(default_factory=list)

    @property
    def swatch(self) -> str:
        return mark_safe(svg.swatch(self.hasil.kategori)) if self.hasil.kategori else ""


class _BulanDenganVersi:
    """A month of values on the page: its name, and the versions read (``tulis_versi``) that a
    verify-all form carries."""

    bulan: int
    baris: list[Realisasi]

    @property
    def nama_bulan(self) -> str:
        return angka.nama_bulan(self.bulan)

    @property
    def versi(self) -> str:
        return tulis_versi(self.baris)


@dataclass
class KelompokVerifikasi(_BulanDenganVersi):
    jabatan: Jabatan
    bulan: int
    baris: list[Realisasi] = field(default_factory=list)
    indikator: list[KonteksIndikator] = field(default_factory=list)

    @property
    def pratinjau(self) -> list[tuple[Indikator, str]]:
        return [(k.indikator, k.teks) for k in self.indikator if k.teks]


@dataclass
class BulanVerifikasi(_BulanDenganVersi):
    """One month of the page for "verify all without a note": every value shown of that month."""

    bulan: int
    baris: list[Realisasi] = field(default_factory=list)


def _tahun_pilihan(request, user: Pengguna) -> TahunIKI:
    teks = request.GET.get("tahun", "")
    if teks:
        if not (teks.isascii() and teks.isdigit() and len(teks) == 4):
            raise Http404("Tahun tidak dikenal.")
        return akses.tahun_atau_404(user, user.unit.kode, int(teks))
    return akses.tahun_terkini_atau_404(user)


def _catatan_lalu(baris: list[Realisasi]) -> dict[int, list[CatatanLalu]]:
    """Earlier return and reopening notes of each value, oldest first, from the audit history."""
    hasil: dict[int, list[CatatanLalu]] = {}
    for h in (
        Realisasi.history.filter(id__in=[r.pk for r in baris])
        .filter(Q(history_change_reason__startswith="Dikembalikan") | Q(history_change_reason__startswith="Dibuka"))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        hasil.setdefault(h.id, []).append(CatatanLalu(h.catatan_verifikasi, nama_pengguna(h.history_user),
                                                      h.history_date))
    return hasil


def kelompok_verifikasi(baris_qs, tahun_iki: TahunIKI) -> list[KelompokVerifikasi]:
    """Waiting values grouped by jabatan and month, each indicator with its month's result, the
    staf's notes and the values' earlier return notes; a fixed number of queries."""
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
    catatan = {
        (c.indikator_id, c.bulan): c
        for c in CatatanIndikator.objects.filter(indikator__in=indikator.values(), bulan__in={r.bulan for r in baris})
    }
    lalu = _catatan_lalu(baris)
    kabupaten = tahun_iki.unit.kabupaten
    skala, batas_tampil = kabupaten.skala(), kabupaten.batas_tampil_capaian
    konstanta = tahun_iki.nilai_konstanta()
    kelompok: dict[tuple[int, int], KelompokVerifikasi] = {}
    for r in baris:
        k = kelompok.setdefault(
            (r.variabel.pengisi_id, r.bulan), KelompokVerifikasi(jabatan=r.variabel.pengisi, bulan=r.bulan)
        )
        r.lalu = nilai.get((r.variabel_id, r.bulan - 1))
        r.catatan_lalu = lalu.get(r.pk, [])
        k.baris.append(r)
    for k in kelompok.values():
        per_indikator: dict[int, KonteksIndikator] = {}
        for r in k.baris:
            iid = r.variabel.indikator_id
            if iid not in per_indikator:
                i = indikator[iid]
                nilai_bulan = {v.kode: nilai.get((v.pk, k.bulan)) for v in i.variabel.all()}
                teks, _ = pratinjau(i, nilai_bulan, konstanta, k.bulan)
                per_indikator[iid] = KonteksIndikator(
                    indikator=i,
                    teks=teks,
                    hasil=hasil_bulan(i, nilai_bulan, konstanta, k.bulan, skala=skala, batas_tampil=batas_tampil),
                    catatan=catatan.get((iid, k.bulan)),
                )
            per_indikator[iid].baris.append(r)
        k.indikator = list(per_indikator.values())
    return list(kelompok.values())


def bulan_verifikasi(kelompok: list[KelompokVerifikasi]) -> list[BulanVerifikasi]:
    """The page's values by month, for one "verify all without a note" form per month."""
    per_bulan: dict[int, BulanVerifikasi] = {}
    for k in kelompok:
        per_bulan.setdefault(k.bulan, BulanVerifikasi(k.bulan)).baris.extend(k.baris)
    return [per_bulan[b] for b in sorted(per_bulan)]


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
    kelompok = kelompok_verifikasi(qs, tahun_iki)
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "kelompok": kelompok,
        "per_bulan": bulan_verifikasi(kelompok) if bisa_bertindak else [],
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
    data = request.POST
    if "catatan" not in data:
        # Sent from the month's form (its row's "Kembalikan nilai ini"): the row's own note.
        data = data.copy()
        data["catatan"] = request.POST.get(f"catatan_{r.pk}", "")
    _jalankan(
        request,
        FormKembalikan(data),
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
@akses.untuk("verifikasi", tulis=True)
def verifikasi_bulan_tanpa_catatan(request, kode: str, tahun: int, bulan: int):
    """"Verifikasi semua yang tanpa catatan": the month's values shown on the page, each verified
    unless the verifier typed a note for it (then returned with that note); changed ones skipped."""
    user: Pengguna = request.user
    tahun_iki = akses.tahun_atau_404(user, kode, akses.tahun_sah_atau_404(tahun))
    akses.bulan_atau_404(bulan)
    form = FormSetujui(request.POST)
    kembali = _kembali(request, _url_verifikasi(tahun_iki))
    if not form.is_valid() or not form.cleaned_data["versi"]:
        messages.error(request, "Data halaman tidak sah. Muat ulang halaman.")
        return redirect(kembali)
    versi = form.cleaned_data["versi"]
    catatan = {pk: request.POST.get(f"catatan_{pk}", "") for pk in versi}
    try:
        hasil = verifikasi_tanpa_catatan(user=user, tahun_iki=tahun_iki, bulan=bulan, versi=versi, catatan=catatan)
    except TidakBerwenang as e:
        raise PermissionDenied(" ".join(e.kesalahan)) from None
    except GagalSimpan as e:
        for k in e.kesalahan:
            messages.error(request, k)
        return redirect(kembali)
    nama = f"{angka.nama_bulan(bulan)} {tahun_iki.tahun}"
    pesan = f"{nama}: {len(hasil.diverifikasi)} nilai diverifikasi dan dikunci"
    if hasil.dikembalikan:
        pesan += f"; {len(hasil.dikembalikan)} nilai yang Anda beri catatan dikembalikan kepada pengisi"
    messages.success(request, pesan + ".")
    for k in hasil.dilewati:
        messages.warning(request, f"Dilewati: {k}")
    return redirect(kembali)


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
