"""Access rules, checked on the server for every view.

Another unit's object is *not found* (404): it is fetched within the units the user may see.
A role that may only read gets *forbidden* (403) on every action that writes.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme

from iki.models import Jabatan, Pengguna, Realisasi, TahunIKI, UnitKerja

PERAN_PENULIS = (Pengguna.OPERATOR, Pengguna.STAF, Pengguna.VERIFIKATOR)


def peran_diperlukan(*peran):
    """Login required, then one of the given roles (superusers pass); otherwise 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not (user.is_superuser or user.peran in peran):
                raise PermissionDenied("Peran Anda tidak berwenang untuk tindakan ini.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def unit_atau_404(user, kode: str) -> UnitKerja:
    return get_object_or_404(user.unit_terlihat().select_related("kabupaten"), kode=kode)


def ke_tahun_terkini(user, nama_url: str):
    """Redirect to screen ``nama_url`` of the user's own unit at its current year (the menu's
    targets); a user without a unit of their own gets the list of units they may see."""
    if user.unit_id is None:
        return redirect("daftar_unit")
    return redirect(nama_url, kode=user.unit.kode, tahun=tahun_terkini_atau_404(user).tahun)


def tahun_terkini_atau_404(user) -> TahunIKI:
    """The year of the user's own unit that screens open by default (TahunIKI.objects.terkini)."""
    tahun = TahunIKI.objects.terkini(user.unit) if user.unit_id else None
    if tahun is None:
        raise Http404("Unit ini belum memiliki IKI.")
    return tahun


def realisasi_atau_404(user, pk: int) -> Realisasi:
    return get_object_or_404(
        Realisasi.objects.select_related("variabel__indikator__tahun__unit", "variabel__pengisi"),
        pk=pk,
        variabel__indikator__tahun__unit__in=user.unit_terlihat(),
    )


def jabatan_atau_404(user, pk: int) -> Jabatan:
    return get_object_or_404(
        Jabatan.objects.select_related("tahun__unit"), pk=pk, tahun__unit__in=user.unit_terlihat()
    )


def tahun_atau_404(user, kode_unit: str, tahun: int) -> TahunIKI:
    return get_object_or_404(
        TahunIKI.objects.select_related("unit__kabupaten", "renstra"),
        unit__in=user.unit_terlihat(),
        unit__kode=kode_unit,
        tahun=tahun,
    )


def bulan_atau_404(bulan: int) -> int:
    """A month from the URL (1–12), else not found."""
    if not 1 <= bulan <= 12:
        raise Http404("Bulan tidak dikenal.")
    return bulan


def alamat_kembali(request, alamat: str | None) -> str | None:
    """A return address carried by a form or link (``next``, ``kembali``) when it is a path on
    this site ("/realisasi/…"); None for anything else: another site, a scheme, a bare word."""
    if not alamat or not alamat.startswith("/") or alamat.startswith("//"):
        return None
    sini = {request.get_host()}
    return alamat if url_has_allowed_host_and_scheme(alamat, sini, require_https=request.is_secure()) else None


# The years the app keeps (TahunIKI's own limits); a year outside them in a URL is not found.
TAHUN_MIN, TAHUN_MAKS = 2000, 2100


def tahun_sah_atau_404(tahun: int) -> int:
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise Http404(f"Tahun tidak dikenal (aplikasi menyimpan tahun {TAHUN_MIN}–{TAHUN_MAKS}).")
    return tahun


def tahun_tetangga(tahun: int) -> tuple[int | None, int | None]:
    """The previous and next year for year-by-year navigation, None past the range."""
    return (tahun - 1 if tahun > TAHUN_MIN else None, tahun + 1 if tahun < TAHUN_MAKS else None)
