"""The year switcher shown wherever a year is shown (``templates/iki/_pilih_tahun.html``): the unit's
years, the working year marked (``TahunIKI.objects.terkini``'s rule), each a link to the same screen
in that year.

A screen that has read the versions of the unit's years (``iki.umum.versi.versi_unit``) passes
them as ``versi_unit``: the years' state (which have values, which is declared or fixed) then
comes from the cache, keyed by all those versions, instead of a query per page view.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse

from iki.models import TahunIKI, UnitKerja, pilih_tahun_kerja
from iki.umum import versi


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


def kunci_keadaan(unit_id: int, versi_unit: dict[int, int | None]) -> str | None:
    """The cache key of a unit's years' state: the versions of all its years (a value entered,
    a year declared, fixed, added or removed each changes one) and the code's digest."""
    sidik = versi.sidik_versi(versi_unit)
    return f"iki:keadaan_tahun:{versi.kode_aplikasi()}:{unit_id}:{sidik}" if sidik else None


_BELUM = object()


def keadaan_tahun(unit: UnitKerja, versi_unit: dict[int, int | None] | None = None, *,
                  dibaca: dict | object = _BELUM) -> list[tuple[int, bool, bool]]:
    """``(tahun, ditandai, berisi)`` of the unit's years (``TahunIKIQuerySet.keadaan``). With
    ``versi_unit`` (read before this) it is cached under ``kunci_keadaan``; ``dibaca`` is what
    the caller's own ``cache.get_many`` already returned, so that the key is not read twice."""
    kunci = kunci_keadaan(unit.pk, versi_unit) if versi_unit is not None else None
    if kunci:
        hasil = (cache.get(kunci) if dibaca is _BELUM else dibaca.get(kunci))
        if hasil is not None:
            return hasil
    hasil = [(t, kerja, berisi) for _, t, kerja, berisi in TahunIKI.objects.for_unit(unit).keadaan()]
    if kunci:
        cache.set(kunci, hasil, versi.WAKTU_CACHE)
    return hasil


def pilihan_tahun(
    request, unit: UnitKerja, tahun: int, *, url_tahun: Callable[[int], str] | None = None,
    keadaan: list[tuple[int, bool, bool]] | None = None,
) -> list[PilihanTahun]:
    """The years of ``unit`` (and ``tahun`` itself when the unit has no set for it, as IKM and
    presensi may show any year), oldest first. ``url_tahun`` makes a year's link when the screen
    cannot be found by swapping the year (one indicator: another year has another indicator).
    ``keadaan``: the years' state when the caller has it (``keadaan_tahun``, cached)."""
    if keadaan is None:
        keadaan = keadaan_tahun(unit)
    kerja = pilih_tahun_kerja(keadaan)
    daftar = sorted({t for t, _, _ in keadaan} | {tahun})
    buat_url = url_tahun or (lambda t: _url_layar_ini(request, t))
    return [PilihanTahun(tahun=t, url=buat_url(t), aktif=t == tahun, kerja=t == kerja) for t in daftar]
