"""Files the app keeps in storage next to their rows (evidence, presensi packages), in step with
the database.

A file is written before its row, inside the row's transaction. ``transaksi_berkas`` removes the
files of a transaction that does not commit. Nothing else deletes a file while the app runs:
deleting a row (by hand, or by a cascade from its realisasi) leaves the file, and the daily
``bersihkan_berkas`` removes files no row references once they are older than a grace period
(so an upload still in progress is never taken). That one sweep also covers a worker killed
between writing a file and committing its row. Because files vanish only in the sweep, which
shares a lock with the backup (README, "Cadangan harian"), a ``pg_dump`` taken before the
``tar`` of the media folder never holds a row whose file is not in the tar; ``periksa_penyimpanan``
checks that on a restored copy. The same sweep removes uploads parked for a preview
(``iki.umum.unggahan.parkir``) that were never confirmed, once their import no longer accepts them.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction

from iki.umum.unggahan import bersihkan_parkiran

logger = logging.getLogger(__name__)


@contextmanager
def transaksi_berkas():
    """A transaction whose files are deleted unless it commits; yields ``tulis(field_file, nama, isi)``,
    which writes a file into a FileField without saving the row::

        with transaksi_berkas() as tulis:
            tulis(bukti.berkas, "bukti.pdf", berkas)
            bukti.save()

    The transaction is durable (never nested in a caller's), so nobody can roll it back after the
    block returned and leave the files behind; whatever ends it without a commit (an exception,
    ``set_rollback``, a failed COMMIT) happens here and deletes what was written.
    """
    tertulis: list[tuple] = []

    def tulis(berkas, nama: str, isi) -> None:
        berkas.save(nama, isi, save=False)
        tertulis.append((berkas.storage, berkas.name))

    try:
        with transaction.atomic(durable=True):
            yield tulis
            batal = transaction.get_rollback()
    except BaseException:
        _hapus(tertulis)
        raise
    if batal:
        _hapus(tertulis)


def _hapus(tertulis: list[tuple]) -> None:
    for storage, nama in tertulis:
        try:
            storage.delete(nama)
        except Exception:  # the original error matters more
            logger.exception("Berkas %s dari transaksi yang batal tidak dapat dihapus", nama)


# --- The sweep and the restore check -----------------------------------------------------------


@dataclass(frozen=True)
class _JenisBerkas:
    folder: str  # the folder of the storage the app writes these files into (see upload_to)
    model: type
    keterangan: str  # the field that names the file for people


def _jenis_berkas() -> list[_JenisBerkas]:
    from iki.models import BerkasPaket, BuktiDukung

    return [
        _JenisBerkas("bukti", BuktiDukung, "nama_asli"),  # models.lokasi_bukti
        _JenisBerkas("presensi", BerkasPaket, "nama_unduh"),  # models_presensi.lokasi_berkas_paket
    ]


def _storage(jenis: _JenisBerkas):
    return jenis.model._meta.get_field("berkas").storage


def _isi_folder(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for nama in sorted(files):
        yield f"{folder}/{nama}"
    for sub in sorted(folders):
        yield from _isi_folder(storage, f"{folder}/{sub}")


@dataclass
class HasilBersih:
    dihapus: list[str] = field(default_factory=list)  # or, on a dry run, to be removed
    dibiarkan: list[str] = field(default_factory=list)  # unreferenced but younger than the grace period
    parkiran: list[str] = field(default_factory=list)  # expired parked uploads removed (or, on a dry run, to be)


def bersihkan_berkas(*, sekarang: datetime, tenggang: timedelta = timedelta(days=1), coba: bool = False) -> HasilBersih:
    """Remove the files in the app's folders that no row references and that were written more
    than ``tenggang`` before ``sekarang``, and the expired parked uploads; with ``coba`` only say
    which. Safe to run again."""
    hasil = HasilBersih()
    for jenis in _jenis_berkas():
        storage = _storage(jenis)
        # Files first, rows second: a row committed in between is seen, so its file is kept.
        semua = list(_isi_folder(storage, jenis.folder))
        dirujuk = set(jenis.model._default_manager.values_list("berkas", flat=True))
        for nama in semua:
            if nama in dirujuk:
                continue
            try:
                diubah = storage.get_modified_time(nama)
            except FileNotFoundError:
                continue
            if sekarang - diubah <= tenggang:
                hasil.dibiarkan.append(nama)
                continue
            if not coba:
                storage.delete(nama)
            hasil.dihapus.append(nama)
    hasil.parkiran = bersihkan_parkiran(sekarang=sekarang, coba=coba)
    return hasil


@dataclass(frozen=True)
class BarisTanpaBerkas:
    model: str  # verbose name, e.g. "bukti dukung"
    pk: int
    keterangan: str
    nama_berkas: str


@dataclass
class HasilPeriksaPenyimpanan:
    jumlah_baris: int
    baris_tanpa_berkas: list[BarisTanpaBerkas]  # after a restore: must be none
    berkas_tanpa_baris: list[str]  # harmless: uploads after pg_dump, or rows deleted since


def periksa_penyimpanan(*, sekarang: datetime) -> HasilPeriksaPenyimpanan:
    """Every row with a file against storage, changing nothing."""
    jumlah, hilang = 0, []
    for jenis in _jenis_berkas():
        storage = _storage(jenis)
        for pk, nama, keterangan in jenis.model._default_manager.order_by("pk").values_list(
            "pk", "berkas", jenis.keterangan
        ):
            jumlah += 1
            if not nama or not storage.exists(nama):
                hilang.append(BarisTanpaBerkas(str(jenis.model._meta.verbose_name), pk, keterangan, nama))
    yatim = bersihkan_berkas(sekarang=sekarang, coba=True)
    return HasilPeriksaPenyimpanan(jumlah, hilang, sorted(yatim.dihapus + yatim.dibiarkan))
