"""The version of a unit's computed year: one number per TahunIKI (``VersiData``) that every
write of anything the year's figures read changes, inside the writing transaction. Cached
figures (``iki.capaian.data.muat``, the dashboard page, the year switcher, the kabupaten
summary) are keyed by it, so a write makes every older entry unreachable: a stale figure is
impossible, not unlikely.

The number is a fresh random 62-bit value, not a counter: a rolled-back transaction puts a
counter back, and the next write would count to the same number again with other data (a
request that read its own writes before failing, every test of the suite). A random value is
never reused.

How a write raises it, so that none can be forgotten:

* every model the computed year or the dashboard reads is in ``SUMBER``, with the years a row
  of it changes; saving or deleting one (a form, the admin, an inline, a cascade) raises those
  years through the model signals connected by ``hubungkan`` (``IkiConfig.ready``);
* the paths that write without signals (bulk_create, raw SQL, ``QuerySet.update``) call
  ``naikkan_versi`` themselves: ``realisasi.simpan.simpan_massal``, ``set_iki.tahun.salin_tahun``,
  ``set_iki.impor``, ``set_iki.muat``, ``ikm.sumber.simpan_impor``,
  ``management.contoh_kabupaten``;
* ``tests/test_cache_tahun.py`` renders a dashboard, reads which tables it queried, and fails
  for a table whose model is not in ``SUMBER``.

Figures computed from many units' years at once (the kabupaten ranking,
``capaian.views_peringkat.angka_peringkat``) are keyed by all their versions (``kunci_banyak``,
read in the same query as the list of years).

Figures shown beside last year's (``capaian.tahun_lalu``: the dashboard page) also depend on
the previous year of the same unit: the page's key carries the versions of all the unit's years
(``versi_unit``, read with the year in one query, ``sidik_versi``), so a write to 2022 makes the
cached 2023 dashboard unreachable too. The laporan PDF
needs nothing more: its cache is keyed by a hash of every printed figure, last year's included.

The key also carries a digest of the application's code and templates (a release that changes a
computation never reads what the previous one cached) and whatever date the caller's figures
depend on (lateness and the month in progress change at midnight in Jakarta).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from django.db.models import Model, Q
from django.db.models.signals import m2m_changed, post_save, pre_delete

from iki import models as m

# For each model the figures read: the TahunIKI whose figures a row of it changes, as a Q over
# TahunIKI. Deletes are caught before the row goes (pre_delete), while its parents still exist.
SUMBER: dict[type[Model], Callable[[Model], Q]] = {
    m.Kabupaten: lambda o: Q(unit__kabupaten_id=o.pk),  # name, display cap of capaian
    m.KategoriCapaian: lambda o: Q(unit__kabupaten_id=o.kabupaten_id),  # every unit's scale
    m.UnitKerja: lambda o: Q(unit_id=o.pk),  # name, entry deadline day
    m.HariLibur: lambda o: Q(unit_id=o.unit_id),
    m.PeriodeRenstra: lambda o: Q(unit_id=o.unit_id),  # deadlines move, so does lateness
    m.Pegawai: lambda o: Q(unit_id=o.unit_id) | Q(jabatan__penugasan__pegawai=o.pk),  # holders' names
    m.TahunIKI: lambda o: Q(pk=o.pk),
    m.RevisiIKI: lambda o: Q(pk=o.tahun_id),  # an open revision is shown beside the year
    m.Jabatan: lambda o: Q(pk=o.tahun_id),
    m.Sasaran: lambda o: Q(pk=o.tahun_id),
    m.Indikator: lambda o: Q(pk=o.tahun_id),
    m.Konstanta: lambda o: Q(pk=o.tahun_id),
    m.Penugasan: lambda o: Q(jabatan__pk=o.jabatan_id),
    m.BarisIKI: lambda o: Q(jabatan__pk=o.jabatan_id),
    m.Variabel: lambda o: Q(indikator__pk=o.indikator_id),
    m.Target: lambda o: Q(indikator__pk=o.indikator_id),
    m.CatatanIndikator: lambda o: Q(indikator__pk=o.indikator_id),
    m.Realisasi: lambda o: Q(indikator__variabel__pk=o.variabel_id),
    # The survey index (IKM) of the unit's years.
    m.SurveiIKM: lambda o: Q(unit_id=o.unit_id),
    m.JenisLayanan: lambda o: Q(unit_id=o.unit_id),
    m.Kuesioner: lambda o: Q(unit__survei_ikm__pk=o.survei_id),
    m.RekapIKM: lambda o: Q(unit__survei_ikm__pk=o.survei_id),
    m.RekapUnsur: lambda o: Q(unit__survei_ikm__rekap__pk=o.rekap_id),
}

WAKTU_CACHE = 24 * 60 * 60  # a day: the keys carry the date anyway


def naikkan_versi(tahun: Q | m.TahunIKI | int | Iterable[int]) -> None:
    """Give the years given (a TahunIKI, its pk, pks, or a Q over TahunIKI) a new version, in
    one UPDATE. Call it inside the transaction that writes, so that the new data and the new
    version become visible together (the row stays locked until then: writers of one unit's
    year queue there)."""
    if isinstance(tahun, Q):
        ids = set(m.TahunIKI.objects.filter(tahun).values_list("pk", flat=True))
    elif isinstance(tahun, m.TahunIKI):
        ids = {tahun.pk}
    elif isinstance(tahun, int):
        ids = {tahun}
    else:
        ids = set(tahun)
    ids.discard(None)
    if not ids:
        return
    nomor = nomor_baru()
    naik = m.VersiData.objects.filter(tahun_id__in=ids).update(nomor=nomor)
    if naik < len(ids):
        # A year without its row yet (just created): create it, then update it like the others,
        # so that of two writers creating it at once the second still changes it.
        ada = set(m.VersiData.objects.filter(tahun_id__in=ids).values_list("tahun_id", flat=True))
        baru = ids - ada
        m.VersiData.objects.bulk_create([m.VersiData(tahun_id=pk, nomor=0) for pk in baru], ignore_conflicts=True)
        m.VersiData.objects.filter(tahun_id__in=baru).update(nomor=nomor)


def nomor_baru() -> int:
    return secrets.randbits(62) + 1  # never 0, which no cached entry is keyed by


def versi_banyak(ids: Iterable[int]) -> dict[int, int | None]:
    """The versions of many years in one query; None for a year without its row (or 0), whose
    figures are then never cached."""
    ids = list(ids)
    nomor = dict(m.VersiData.objects.filter(tahun_id__in=ids).values_list("tahun_id", "nomor"))
    return {pk: nomor.get(pk) or None for pk in ids}


def versi(tahun_iki: m.TahunIKI) -> int | None:
    return versi_banyak([tahun_iki.pk])[tahun_iki.pk]


def versi_unit(unit_id: int) -> dict[int, int | None]:
    """The versions of every year of a unit (TahunIKI pk → number; None for a year without its
    row), in one query: a screen reads its own year's from it and keys what shows all the
    unit's years (the year switcher) by all of them."""
    baris = m.TahunIKI.objects.filter(unit_id=unit_id).values_list("pk", "versi_data__nomor")
    return {pk: nomor or None for pk, nomor in baris}


def sidik_versi(nomor: dict[int, int | None]) -> str | None:
    """One key part for the versions of several years (pk → number): a write to any of them, a
    year added or gone, changes it. None when there is no year or one has no version: do not
    cache."""
    if not nomor or not all(nomor.values()):
        return None
    h = hashlib.blake2b(digest_size=12)
    for pk in sorted(nomor):
        h.update(f"{pk}:{nomor[pk]};".encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def kode_aplikasi() -> str:
    """A digest of the application's Python code and templates, read once per process."""
    akar = Path(__file__).resolve().parent.parent.parent
    h = hashlib.blake2b(digest_size=8)
    for path in sorted([*(akar / "iki").rglob("*.py"), *(akar / "templates").rglob("*.html")]):
        h.update(str(path.relative_to(akar)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def kunci(jenis: str, tahun_iki: m.TahunIKI, *bagian, nomor: int | None = None) -> str | None:
    """The cache key of ``jenis`` of a unit's year: its version (read now unless given, and in
    any case before the caller reads the data it caches: data read later is never older than
    the version), the code's digest and the caller's ``bagian`` (date, period, …). None when the
    year has no version: do not cache."""
    if nomor is None:
        nomor = versi(tahun_iki)
    if not nomor:
        return None
    isi = ":".join(str(b) for b in bagian)
    return f"iki:{jenis}:{kode_aplikasi()}:{tahun_iki.pk}:{nomor}:{isi}"


def kunci_banyak(jenis: str, nomor: dict[int, int | None], *bagian) -> str | None:
    """The cache key of ``jenis`` computed from many years at once (the kabupaten ranking):
    ``nomor`` is every year's version (TahunIKI pk → number, read before their data), so a write to
    any of them, or a year more or less, makes another key; a digest keeps the key short. None
    when a year has no version: do not cache."""
    if any(not n for n in nomor.values()):
        return None
    h = hashlib.blake2b(digest_size=16)
    for pk, n in sorted(nomor.items()):
        h.update(f"{pk}:{n};".encode())
    isi = ":".join(str(b) for b in bagian)
    return f"iki:{jenis}:{kode_aplikasi()}:{h.hexdigest()}:{isi}"


# --- Signals ----------------------------------------------------------------------------------


def _naikkan_untuk(sender, instance, raw=False, **kwargs):
    naikkan_versi(SUMBER[sender](instance))


def _layanan_survei(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        naikkan_versi(Q(unit_id=instance.unit_id))  # a survey or a service: both are a unit's


def hubungkan() -> None:
    """Connect the signals (``IkiConfig.ready``)."""
    for model in SUMBER:
        uid = f"iki.versi.{model.__name__}"
        post_save.connect(_naikkan_untuk, sender=model, dispatch_uid=uid + ".simpan")
        pre_delete.connect(_naikkan_untuk, sender=model, dispatch_uid=uid + ".hapus")
    m2m_changed.connect(_layanan_survei, sender=m.SurveiIKM.layanan.through, dispatch_uid="iki.versi.layanan")
