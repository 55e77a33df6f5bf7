"""One home for writing an in-app notification (``Notifikasi``). The parts where things happen
(returning, verifying, reopening a month, submitting) call ``beri_tahu``; ``kunci`` makes a
notification made by a scheduled run unique per user, so a second run makes none."""

from django.db import IntegrityError, transaction
from django.utils.functional import cached_property

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


def belum_dibaca(user) -> int:
    """How many of ``user``'s notifications are unread: one COUNT on the (penerima, dibaca) index."""
    return Notifikasi.objects.filter(penerima=user, dibaca__isnull=True).count()


class Bel:
    """The bell of the menu bar (``templates/base.html``): the unread count, asked of the database
    only when a page shows it and at most once per page."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def jumlah(self) -> int:
        return belum_dibaca(self.user)
