"""Who is to be reminded today in a unit's year, read from the workflow's own rules: a staf's
months still owed come from ``realisasi.alur.tagihan`` (late is ``kalender.terlambat``'s one
meaning, carried by it), a verifier's waiting values from ``alur.menunggu_verifikasi``. Nothing is
derived again here; the WhatsApp screen and the gateway send (``kirim_pengingat --whatsapp``) read
this, and each person's text is ``teks_pribadi`` (from ``iki.pengingat.teks``) for both."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from iki.models import Pengguna, TahunIKI
from iki.pengingat import teks
from iki.pengingat.teks import BulanTertunda, nomor_whatsapp
from iki.realisasi import alur, kalender


@dataclass
class Orang:
    """One person to remind: name (the pegawai's, else the account's), WhatsApp number or None."""

    pengguna: Pengguna
    nama: str
    nomor: str | None
    url: str  # the screen to act on (a path)


@dataclass
class PengingatStaf(Orang):
    bulan: list[BulanTertunda] = field(default_factory=list)

    @property
    def terlambat(self) -> bool:
        return any(b.terlambat for b in self.bulan)


@dataclass
class PengingatVerifikator(Orang):
    jumlah: int = 0
    bulan: list[int] = field(default_factory=list)


@dataclass
class PengingatUnit:
    staf: list[PengingatStaf]
    verifikator: list[PengingatVerifikator]


def _nama(user: Pengguna) -> str:
    if user.pegawai_id:
        return user.pegawai.nama
    return alur.nama_pengguna(user)


def _orang(user: Pengguna, url: str) -> dict:
    return dict(pengguna=user, nama=_nama(user), nomor=nomor_whatsapp(user.pegawai.telepon if user.pegawai_id else ""),
                url=url)


def _pengguna_unit(tahun_iki: TahunIKI, peran) -> list[Pengguna]:
    return list(
        Pengguna.objects.filter(unit_id=tahun_iki.unit_id, is_active=True, peran__in=peran)
        .select_related("pegawai")
        .order_by("pegawai__nama", "username")
    )


def staf_tertunda(tahun_iki: TahunIKI, sekarang: datetime) -> list[PengingatStaf]:
    """Each staf account of the unit with a month of ``tahun_iki`` that has ended and still owes
    values (late or not yet), from ``alur.tagihan``."""
    hari_ini = timezone.localdate(sekarang)
    staf = []
    for user in _pengguna_unit(tahun_iki, [Pengguna.STAF]):
        bulan = [
            BulanTertunda(tb.bulan, tb.batas, tb.terlambat)
            for tb in alur.tagihan(user, tahun_iki, sekarang)
            if kalender.bulan_berakhir(tahun_iki.tahun, tb.bulan, hari_ini) and tb.perlu_tindakan
        ]
        if bulan:
            url = reverse("entri_bulan", args=[tahun_iki.unit.kode, tahun_iki.tahun, bulan[0].bulan])
            staf.append(PengingatStaf(**_orang(user, url), bulan=bulan))
    return staf


def pengingat_unit(tahun_iki: TahunIKI, sekarang: datetime | None = None) -> PengingatUnit:
    """The reminders that apply at ``sekarang`` in ``tahun_iki``: the staf of ``staf_tertunda``,
    and each verifier (or operator, for the jabatan answering to the camat) with submitted values
    waiting."""
    sekarang = sekarang or timezone.now()
    verifikator = []
    url_verifikasi = f"{reverse('verifikasi_daftar')}?tahun={tahun_iki.tahun}"
    for user in _pengguna_unit(tahun_iki, [Pengguna.VERIFIKATOR, Pengguna.OPERATOR]):
        per_bulan = Counter(alur.menunggu_verifikasi(user, tahun_iki).values_list("bulan", flat=True))
        if per_bulan:
            verifikator.append(
                PengingatVerifikator(
                    **_orang(user, url_verifikasi), jumlah=sum(per_bulan.values()), bulan=sorted(per_bulan)
                )
            )
    return PengingatUnit(staf=staf_tertunda(tahun_iki, sekarang), verifikator=verifikator)


def teks_pribadi(orang: Orang, tahun: int, tautan_penuh: Callable[[str], str]) -> str:
    """The person's own WhatsApp text, the one on the screen's ``wa.me`` link and the one the
    gateway sends: ``teks.teks_staf`` or ``teks.teks_verifikator``; ``tautan_penuh`` makes the
    person's screen path absolute (the request's host on the screen, ``IKI_URL_DASAR`` when sent)."""
    tautan = tautan_penuh(orang.url)
    if isinstance(orang, PengingatStaf):
        return teks.teks_staf(orang.nama, tahun, orang.bulan, tautan)
    if isinstance(orang, PengingatVerifikator):
        return teks.teks_verifikator(orang.nama, tahun, orang.jumlah, orang.bulan, tautan)
    raise TypeError(f"bukan orang yang diingatkan: {type(orang).__name__}")


def orang_dari(data: PengingatUnit, user: Pengguna) -> Orang | None:
    """``user``'s row among the unit's reminders, or None when nothing is to be reminded to them."""
    return next((o for o in [*data.staf, *data.verifikator] if o.pengguna.pk == user.pk), None)
