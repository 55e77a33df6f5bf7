"""The inbox (/kotak-masuk/): each user's notifications, newest first, unread marked; marking one
or all read (POST); opening one marks it read and goes to its screen (a path of this site only).

Notifications are written where things happen (``iki.realisasi.alur``, the deadline run in
``iki.pengingat.tenggat``) through ``iki.umum.notifikasi.beri_tahu``; another user's notification
is not found (404).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from iki.models import Notifikasi, Pengguna
from iki.umum import akses

PER_HALAMAN = 30


def _milik(request, pk: int) -> Notifikasi:
    return get_object_or_404(Notifikasi, pk=pk, penerima=request.user)


@require_GET
@akses.untuk("notifikasi")
def kotak_masuk(request):
    user: Pengguna = request.user
    qs = Notifikasi.objects.filter(penerima=user).order_by("-dibuat", "-id")
    halaman = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    konteks = {
        "halaman": halaman,
        "belum_dibaca": qs.filter(dibaca__isnull=True).count(),
        "boleh_whatsapp": akses.boleh(user, "pengingat_whatsapp") and user.unit_id is not None,
    }
    return render(request, "iki/pengingat/kotak_masuk.html", konteks)


@require_GET
@akses.untuk("notifikasi")
def notifikasi_buka(request, pk: int):
    """Open a notification: marked read, then its screen. A link that is not a path of this site
    (never written by the app, but the column is free text) is refused, not followed."""
    n = _milik(request, pk)
    if n.dibaca is None:
        Notifikasi.objects.filter(pk=n.pk, dibaca__isnull=True).update(dibaca=timezone.now())
    tujuan = akses.alamat_kembali(request, n.tautan)
    if tujuan is None:
        if n.tautan:
            messages.error(request, "Tautan notifikasi ini tidak mengarah ke halaman aplikasi, jadi tidak dibuka.")
        return redirect("kotak_masuk")
    return redirect(tujuan)


def _kembali(request):
    return redirect(akses.alamat_kembali(request, request.POST.get("kembali")) or reverse("kotak_masuk"))


@require_POST
@akses.untuk("notifikasi")
def notifikasi_dibaca(request, pk: int):
    n = _milik(request, pk)
    Notifikasi.objects.filter(pk=n.pk, dibaca__isnull=True).update(dibaca=timezone.now())
    messages.success(request, f"“{n.judul}” ditandai sudah dibaca.")
    return _kembali(request)


@require_POST
@akses.untuk("notifikasi")
def notifikasi_dibaca_semua(request):
    jumlah = Notifikasi.objects.filter(penerima=request.user, dibaca__isnull=True).update(dibaca=timezone.now())
    if jumlah:
        messages.success(request, f"{jumlah} notifikasi ditandai sudah dibaca.")
    else:
        messages.info(request, "Tidak ada notifikasi yang belum dibaca.")
    return _kembali(request)
