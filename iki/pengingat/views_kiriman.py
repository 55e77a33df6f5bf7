"""What was sent: the log of reminders per user for the operator, their unit's users only (a
superuser sees all): the mails and WhatsApp messages of ``kirim_pengingat`` (``KirimanPesan``)
and the in-app notifications (``Notifikasi``, channel "Aplikasi": when made, its title, read or
not), newest first in one list; filter by user, paginated. One UNION query per page whatever the
number of rows (plus its count and the page's users)."""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Case, CharField, F, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from iki.models import KirimanPesan, Notifikasi, Pengguna
from iki.pengingat.ringkasan import LABEL_JENIS
from iki.umum import akses

PER_HALAMAN = 50

DIBACA = "dibaca"
BELUM_DIBACA = "belum_dibaca"
LABEL_KANAL = dict(KirimanPesan.KANAL_CHOICES)
LABEL_STATUS = {**dict(KirimanPesan.STATUS_CHOICES), DIBACA: "Dibaca", BELUM_DIBACA: "Belum dibaca"}
LABEL_JENIS_SEMUA = {**LABEL_JENIS, **dict(Notifikasi.JENIS_CHOICES)}
# The columns both parts of the union give, in this order (annotations, never the model's own
# field names, so that both SELECTs line up on every database).
KOLOM = ("waktu", "kepada", "saluran", "macam", "hal", "keadaan", "alasan", "coba", "urut")


@dataclass
class Baris:
    """One row of the log, whichever its source."""

    waktu: datetime
    penerima: Pengguna
    kanal: str
    label_kanal: str
    label_jenis: str
    perihal: str
    status: str
    label_status: str
    keterangan: str
    percobaan: int


def pengguna_terlihat(user: Pengguna):
    """The users whose sends ``user`` may see: those of the units the user may read."""
    if user.is_superuser:
        return Pengguna.objects.all()
    return Pengguna.objects.filter(unit__in=user.unit_terlihat())


def log_pengingat(penerima):
    """The union of sends and notifications to the users ``penerima`` (a queryset), as
    ``values()`` rows with the columns of ``KOLOM``, newest first."""
    teks = CharField()
    kiriman = (
        KirimanPesan.objects.filter(penerima__in=penerima)
        .order_by()
        .annotate(
            waktu=F("pada"), kepada=F("penerima_id"), saluran=F("kanal"), macam=F("jenis"), hal=F("perihal"),
            keadaan=F("status"), alasan=F("keterangan"), coba=F("percobaan"), urut=F("id"),
        )
        .values(*KOLOM)
    )
    notifikasi = (
        Notifikasi.objects.filter(penerima__in=penerima)
        .order_by()
        .annotate(
            waktu=F("dibuat"), kepada=F("penerima_id"), saluran=Value(KirimanPesan.APLIKASI, teks),
            macam=F("jenis"), hal=F("judul"),
            keadaan=Case(When(dibaca__isnull=True, then=Value(BELUM_DIBACA)), default=Value(DIBACA), output_field=teks),
            alasan=Value("", teks), coba=Value(1, IntegerField()), urut=F("id"),
        )
        .values(*KOLOM)
    )
    return kiriman.union(notifikasi, all=True).order_by("-waktu", "-saluran", "-urut")


def _baris(halaman) -> list[Baris]:
    orang = Pengguna.objects.in_bulk({r["kepada"] for r in halaman.object_list})
    return [
        Baris(
            waktu=r["waktu"],
            penerima=orang[r["kepada"]],
            kanal=r["saluran"],
            label_kanal=LABEL_KANAL.get(r["saluran"], r["saluran"]),
            label_jenis=LABEL_JENIS_SEMUA.get(r["macam"], r["macam"]),
            perihal=r["hal"],
            status=r["keadaan"],
            label_status=LABEL_STATUS.get(r["keadaan"], r["keadaan"]),
            keterangan=r["alasan"],
            percobaan=r["coba"],
        )
        for r in halaman.object_list
    ]


@require_GET
@akses.untuk("pengingat_kiriman")
def pengingat_kiriman(request):
    terlihat = pengguna_terlihat(request.user)
    penerima = terlihat
    dipilih = None
    if teks := request.GET.get("pengguna", "").strip():
        if not teks.isdigit():
            raise Http404("Pengguna tidak dikenal.")
        dipilih = terlihat.filter(pk=int(teks)).first()
        if dipilih is None:  # another unit's user, or none: not found
            raise Http404("Pengguna tidak ditemukan di unit Anda.")
        penerima = Pengguna.objects.filter(pk=dipilih.pk)
    halaman = Paginator(log_pengingat(penerima), PER_HALAMAN).get_page(request.GET.get("halaman"))
    konteks = {
        "halaman": halaman,
        "baris": _baris(halaman),
        "dipilih": dipilih,
        "daftar_pengguna": terlihat.order_by("username").only("id", "username", "first_name", "last_name"),
        "saring": f"pengguna={dipilih.pk}&" if dipilih else "",
    }
    return render(request, "iki/pengingat/kiriman.html", konteks)
