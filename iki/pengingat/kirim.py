"""Sending the reminders, once: each mail or WhatsApp message is a ``KirimanPesan`` row, unique per
user, channel, kind and day, and that row is the proof.

* A row TERKIRIM is never sent again; a row GAGAL is tried again by the next run (``percobaan``
  counts the tries); a row DILEWATI says why nothing was sent (no e-mail address, no WhatsApp
  number, inactive account) and is looked at again by the next run.
* Before sending, the row is marked as being sent (GAGAL, ``SEDANG``): a second run started at
  the same time leaves it alone for ``JEDA_SEDANG``; a run that died mid-way is retried after.
* After two tries in a row that could not reach the server, the rest of that channel are not
  tried (each marked GAGAL with that reason, to be retried next run): a server that is down or
  slow costs a few timeouts, not one per user.
* ``dry_run``: says what would be done, writes nothing, sends nothing.
* WhatsApp (``wa``): a user with a daily digest gets the very text the WhatsApp screen offers
  them (``daftar.teks_pribadi``, the link from ``IKI_URL_DASAR``); a user with no row on that
  screen (nothing of theirs is owed or waits) gets no message and no row.

Only ``manage.py kirim_pengingat`` calls this; a web request never sends. The log (``logging``)
gets the status of each send, never what the message says.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from iki.models import KirimanPesan, Pengguna, TahunIKI
from iki.pengingat import whatsapp
from iki.pengingat.daftar import Orang, PengingatUnit, orang_dari, pengingat_unit, teks_pribadi
from iki.pengingat.ringkasan import HARIAN, Ringkasan, url_penuh

log = logging.getLogger("iki.pengingat")

SEDANG = "Sedang dikirim."
JEDA_SEDANG = timedelta(minutes=15)
BATAS_GAGAL_SAMBUNG = 2
TIDAK_DICOBA = (
    "Tidak dicoba: server tidak dapat dihubungi pada percobaan sebelumnya; dicoba lagi pada jalan berikutnya."
)

# A reason to skip a user on a channel, or "" to send.
ALASAN_TIDAK_AKTIF = "Akun tidak aktif."
ALASAN_TANPA_SUREL = "Pengguna tidak punya alamat surel."
ALASAN_TANPA_WA = "Pegawai pengguna ini tidak punya nomor WhatsApp yang sah."


@dataclass
class Hasil:
    penerima: Pengguna
    kanal: str
    jenis: str
    status: str  # KirimanPesan.STATUS_*, or SUDAH / AKAN (dry run)
    keterangan: str = ""
    percobaan: int = 0


SUDAH = "sudah"  # sent by an earlier run: nothing done
AKAN = "akan"  # dry run: would be sent
BERJALAN = "berjalan"  # being sent by another run at this moment


@dataclass
class Laporan:
    hasil: list[Hasil] = field(default_factory=list)

    def dengan(self, status: str) -> list[Hasil]:
        return [h for h in self.hasil if h.status == status]

    @property
    def gagal(self) -> list[Hasil]:
        return self.dengan(KirimanPesan.GAGAL)


class _Pemutus:
    """Stops trying a channel after ``BATAS_GAGAL_SAMBUNG`` failures in a row to reach its server."""

    def __init__(self):
        self.berturut = 0

    @property
    def putus(self) -> bool:
        return self.berturut >= BATAS_GAGAL_SAMBUNG

    def catat(self, gagal_sambung: bool) -> None:
        self.berturut = self.berturut + 1 if gagal_sambung else 0


class GagalSambung(Exception):
    """The server could not be reached or did not answer in time (counts towards the breaker)."""


def alasan_lewati_surel(user: Pengguna) -> str:
    if not user.is_active:
        return ALASAN_TIDAK_AKTIF
    if not (user.email or "").strip():
        return ALASAN_TANPA_SUREL
    return ""


class PesanWa:
    """Each user's WhatsApp text in a run: the unit's reminders of its working year
    (``daftar.pengingat_unit``) are read once per unit, and the person's text is the screen's."""

    def __init__(self, sekarang: datetime):
        self.sekarang = sekarang
        self._unit: dict[int, tuple[int, PengingatUnit] | None] = {}

    def untuk(self, user: Pengguna) -> tuple[Orang, str] | None:
        """``user``'s reminder row and text, or None when the screen has nothing for them."""
        if user.unit_id is None:
            return None
        if user.unit_id not in self._unit:
            tahun = TahunIKI.objects.terkini(user.unit)
            self._unit[user.unit_id] = (tahun.tahun, pengingat_unit(tahun, self.sekarang)) if tahun else None
        if (unit := self._unit[user.unit_id]) is None:
            return None
        tahun, data = unit
        orang = orang_dari(data, user)
        return (orang, teks_pribadi(orang, tahun, url_penuh)) if orang else None


def _kirim_surel(r: Ringkasan) -> None:
    pesan = EmailMultiAlternatives(
        subject=r.perihal,
        body=r.teks,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[r.penerima.email.strip()],
        connection=get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT),
    )
    pesan.attach_alternative(r.html, "text/html")
    try:
        pesan.send()
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError) as e:
        raise GagalSambung(f"server surel tidak dapat dihubungi atau tidak menjawab ({type(e).__name__})") from None
    except smtplib.SMTPRecipientsRefused:
        raise RuntimeError("alamat surel ditolak server") from None
    except smtplib.SMTPException as e:
        raise RuntimeError(f"server surel menolak ({type(e).__name__})") from None


def _kirim_wa(nomor: str, isi: str) -> None:
    try:
        whatsapp.kirim(nomor, isi)
    except whatsapp.GagalKirim as e:
        teks = str(e)
        if "tidak dapat dihubungi" in teks:
            raise GagalSambung(teks) from None
        raise RuntimeError(teks) from None


def _wa(r: Ringkasan, pesan: PesanWa, pemutus: _Pemutus, dry_run: bool) -> Hasil | None:
    """The WhatsApp send of a daily digest: skipped when the account is inactive or the pegawai
    has no valid number, nothing at all when the WhatsApp screen has no text for the user."""
    if not r.penerima.is_active:
        return _satu(r, KirimanPesan.WHATSAPP, ALASAN_TIDAK_AKTIF, lambda _r: None, pemutus, dry_run)
    if (tujuan := pesan.untuk(r.penerima)) is None:
        return None
    orang, isi = tujuan
    alasan = "" if orang.nomor else ALASAN_TANPA_WA
    return _satu(r, KirimanPesan.WHATSAPP, alasan, lambda _r: _kirim_wa(orang.nomor, isi), pemutus, dry_run)


def _satu(
    r: Ringkasan,
    kanal: str,
    alasan: str,
    kirim: Callable[[Ringkasan], None],
    pemutus: _Pemutus,
    dry_run: bool,
) -> Hasil:
    kunci = {"penerima": r.penerima, "kanal": kanal, "jenis": r.jenis, "tanggal": r.tanggal}
    ada = KirimanPesan.objects.filter(**kunci).first()
    hasil = Hasil(r.penerima, kanal, r.jenis, "", percobaan=ada.percobaan if ada else 0)
    if ada and ada.status == KirimanPesan.TERKIRIM:
        hasil.status = SUDAH
        return hasil
    if ada and ada.keterangan == SEDANG and ada.pada > timezone.now() - JEDA_SEDANG:
        hasil.status, hasil.keterangan = BERJALAN, "Sedang dikirim oleh jalan lain."
        return hasil
    if dry_run:
        hasil.status, hasil.keterangan = (KirimanPesan.DILEWATI, alasan) if alasan else (AKAN, "")
        return hasil
    if alasan:
        KirimanPesan.objects.update_or_create(
            **kunci, defaults={"status": KirimanPesan.DILEWATI, "keterangan": alasan, "perihal": r.perihal[:200]}
        )
        hasil.status, hasil.keterangan = KirimanPesan.DILEWATI, alasan
        log.info("%s %s pengguna %s: dilewati", kanal, r.jenis, r.penerima.pk)
        return hasil
    # Claim the row before sending: a concurrent run sees it as being sent.
    percobaan = (ada.percobaan + 1) if ada and ada.status == KirimanPesan.GAGAL else 1
    klaim = {"status": KirimanPesan.GAGAL, "keterangan": SEDANG, "perihal": r.perihal[:200], "percobaan": percobaan}
    if ada:
        if not KirimanPesan.objects.filter(pk=ada.pk, pada=ada.pada).update(**klaim, pada=timezone.now()):
            hasil.status, hasil.keterangan = BERJALAN, "Sedang dikirim oleh jalan lain."
            return hasil
        baris = KirimanPesan.objects.get(pk=ada.pk)
    else:
        try:
            with transaction.atomic():
                baris = KirimanPesan.objects.create(**kunci, **klaim)
        except IntegrityError:
            hasil.status, hasil.keterangan = BERJALAN, "Sedang dikirim oleh jalan lain."
            return hasil
    hasil.percobaan = percobaan
    if pemutus.putus:
        status, keterangan = KirimanPesan.GAGAL, TIDAK_DICOBA
    else:
        try:
            kirim(r)
        except GagalSambung as e:
            pemutus.catat(True)
            status, keterangan = KirimanPesan.GAGAL, str(e)[:500]
        except Exception as e:  # noqa: BLE001 — one user's failure never stops the others
            pemutus.catat(False)
            status, keterangan = KirimanPesan.GAGAL, str(e)[:500] or type(e).__name__
        else:
            pemutus.catat(False)
            status, keterangan = KirimanPesan.TERKIRIM, ""
    baris.status, baris.keterangan = status, keterangan
    baris.save(update_fields=["status", "keterangan", "pada"])
    log.info("%s %s pengguna %s: %s (percobaan %s)", kanal, r.jenis, r.penerima.pk, status, percobaan)
    hasil.status, hasil.keterangan = status, keterangan
    return hasil


def kirim_semua(
    ringkasan: list[Ringkasan],
    *,
    surel: bool = True,
    wa: bool = False,
    dry_run: bool = False,
    sekarang: datetime | None = None,
) -> Laporan:
    """Send each digest by e-mail (and, for a daily digest, the user's WhatsApp reminder when
    ``wa``), at most once per user, channel, kind and day; returns what happened to each."""
    laporan = Laporan()
    pemutus_surel, pemutus_wa = _Pemutus(), _Pemutus()
    pesan_wa = PesanWa(sekarang or timezone.now())
    for r in ringkasan:
        if surel:
            laporan.hasil.append(
                _satu(r, KirimanPesan.SUREL, alasan_lewati_surel(r.penerima), _kirim_surel, pemutus_surel, dry_run)
            )
        if wa and r.jenis == HARIAN and (hasil := _wa(r, pesan_wa, pemutus_wa, dry_run)) is not None:
            laporan.hasil.append(hasil)
    return laporan


def penerima_calon():
    """The users who may get a reminder: of a unit, who chose the digest (inactive ones too, so
    that they are listed as skipped)."""
    return (
        Pengguna.objects.filter(unit__isnull=False, pengingat_surel=Pengguna.PENGINGAT_HARIAN)
        .select_related("unit", "pegawai")
        .order_by("unit__nama", "peran", "username")
    )
