"""What was sent: the log of reminder mails and WhatsApp messages (``KirimanPesan``) for the
operator, their unit's users only (a superuser sees all); filter by user, paginated."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from iki.models import KirimanPesan, Pengguna
from iki.umum import akses

PER_HALAMAN = 50


def pengguna_terlihat(user: Pengguna):
    """The users whose sends ``user`` may see: those of the units the user may read."""
    if user.is_superuser:
        return Pengguna.objects.all()
    return Pengguna.objects.filter(unit__in=user.unit_terlihat())


@require_GET
@akses.untuk("pengingat_kiriman")
def pengingat_kiriman(request):
    terlihat = pengguna_terlihat(request.user)
    qs = KirimanPesan.objects.filter(penerima__in=terlihat).select_related("penerima")
    dipilih = None
    if teks := request.GET.get("pengguna", "").strip():
        if not teks.isdigit():
            raise Http404("Pengguna tidak dikenal.")
        dipilih = terlihat.filter(pk=int(teks)).first()
        if dipilih is None:  # another unit's user, or none: not found
            raise Http404("Pengguna tidak ditemukan di unit Anda.")
        qs = qs.filter(penerima=dipilih)
    halaman = Paginator(qs.order_by("-pada", "-id"), PER_HALAMAN).get_page(request.GET.get("halaman"))
    konteks = {
        "halaman": halaman,
        "dipilih": dipilih,
        "daftar_pengguna": terlihat.order_by("username").only("id", "username", "first_name", "last_name"),
        "saring": f"pengguna={dipilih.pk}&" if dipilih else "",
    }
    return render(request, "iki/pengingat/kiriman.html", konteks)
