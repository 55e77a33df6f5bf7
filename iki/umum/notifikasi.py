"""One home for writing an in-app notification (``Notifikasi``). The parts where things happen
(returning, verifying, reopening a month, submitting) call ``beri_tahu``; ``kunci`` makes a
notification made by a scheduled run unique per user, so a second run makes none."""

from django.db import IntegrityError, transaction

from iki.models import Notifikasi


def beri_tahu(penerima, jenis: str, judul: str, isi: str = "", tautan: str = "", kunci: str = ""):
    """Put a notification in ``penerima``'s inbox; returns it, or None when ``kunci`` was already used."""
    if penerima is None or not penerima.is_active:
        return None
    if kunci and Notifikasi.objects.filter(penerima=penerima, kunci=kunci).exists():
        return None
    try:
        with transaction.atomic():
            return Notifikasi.objects.create(
                penerima=penerima, jenis=jenis, judul=judul[:200], isi=isi, tautan=tautan[:300], kunci=kunci[:120]
            )
    except IntegrityError:  # the same kunci written by a concurrent run
        return None
