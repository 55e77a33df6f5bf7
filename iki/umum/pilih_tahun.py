"""The year switcher shown wherever a year is shown (``templates/iki/_pilih_tahun.html``): the unit's
years, the working year marked (``TahunIKI.objects.terkini``'s rule), each a link to the same screen
in that year."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from iki.models import TahunIKI, UnitKerja, pilih_tahun_kerja


@dataclass(frozen=True)
class PilihanTahun:
    tahun: int
    url: str
    aktif: bool  # the year on screen
    kerja: bool  # the unit's working year


def _url_layar_ini(request, tahun: int) -> str:
    """The screen of ``request`` in another year: its URL with ``tahun`` swapped when the year is
    in the path, else the same path with ``?tahun=`` (the screens that take the year as a query).
    Other query parameters are left behind: a jabatan or period chosen may not exist there."""
    cocok = request.resolver_match
    if cocok is not None and "tahun" in cocok.kwargs:
        return reverse(cocok.view_name, args=cocok.args, kwargs={**cocok.kwargs, "tahun": tahun})
    return f"{request.path}?{urlencode({'tahun': tahun})}"


def pilihan_tahun(
    request, unit: UnitKerja, tahun: int, *, url_tahun: Callable[[int], str] | None = None
) -> list[PilihanTahun]:
    """The years of ``unit`` (and ``tahun`` itself when the unit has no set for it, as IKM and
    presensi may show any year), oldest first. ``url_tahun`` makes a year's link when the screen
    cannot be found by swapping the year (one indicator: another year has another indicator)."""
    keadaan = [(t, kerja, berisi) for _, t, kerja, berisi in TahunIKI.objects.for_unit(unit).keadaan()]
    kerja = pilih_tahun_kerja(keadaan)
    daftar = sorted({t for t, _, _ in keadaan} | {tahun})
    buat_url = url_tahun or (lambda t: _url_layar_ini(request, t))
    return [PilihanTahun(tahun=t, url=buat_url(t), aktif=t == tahun, kerja=t == kerja) for t in daftar]
