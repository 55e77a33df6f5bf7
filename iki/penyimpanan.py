"""Files the app keeps in storage next to their rows (evidence, presensi packages), in step with
the database.

A file is written before its row, inside the row's transaction. ``transaksi_berkas`` removes the
files of a transaction that does not commit. (A worker killed mid-write runs no cleanup at all.)
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.db import transaction

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
