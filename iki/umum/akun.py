"""Accounts: the operator group, the demo users, and the client address for login throttling."""

import ipaddress
from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from iki.models import Jabatan, Pegawai, Pengguna, Penugasan, TahunIKI

NAMA_GRUP_OPERATOR = "Operator unit"


def alamat_klien(request) -> str | None:
    """The client's IP address, by which django-axes throttles logins (with the user name).

    With ``IKI_PROXY_COUNT = n`` reverse proxies in front (nginx alone = 1), each one appends the
    address it got the request from to X-Forwarded-For, so the n-th entry from the right is the
    client as the outermost proxy saw it; entries further left were written by the client and may
    say anything. Without a proxy (n = 0) the header is ignored. A header with fewer than n entries,
    or no address where the client's should be, means the request did not come the documented way:
    then the address that reached the app is used.
    """
    langsung = request.META.get("REMOTE_ADDR")
    jumlah_proxy = settings.IKI_PROXY_COUNT
    if jumlah_proxy <= 0:
        return langsung
    entri = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entri) < jumlah_proxy:
        return langsung
    try:
        return str(ipaddress.ip_address(entri[-jumlah_proxy]))
    except ValueError:
        return langsung

def pastikan_grup_operator() -> Group:
    grup, _ = Group.objects.get_or_create(name=NAMA_GRUP_OPERATOR)
    perms = Permission.objects.filter(content_type__app_label="iki").exclude(
        content_type__model__in=["kabupaten", "kategoricapaian"]
    ).exclude(codename__in=["add_unitkerja", "delete_unitkerja"])
    grup.permissions.set(perms)
    return grup


DEMO_PASSWORD = "ketapang2023"
DOMAIN_SUREL_DEMO = "ketapang.contoh.example"

# Fictitious people for the demo: the seed document names no one.
DEMO_PEGAWAI = [
    # (username, peran, nama, nip, kode jabatan or None)
    ("operator", Pengguna.OPERATOR, "Operator Contoh", "199001012015031001", "kasubag_umum"),
    ("staf", Pengguna.STAF, "Staf Contoh Pemerintahan", "199202022017032002", "kasi_pemerintahan"),
    ("verifikator", Pengguna.VERIFIKATOR, "Sekcam Contoh", "197803032005011003", "sekcam"),
    ("camat", Pengguna.CAMAT, "Camat Contoh, S.STP., M.Si.", "197504042000031004", None),
    ("pemantau", Pengguna.PEMANTAU, "Pemantau Inspektorat Contoh", None, None),
]


@transaction.atomic
def buat_pengguna_demo(*, unit_kode: str = "ketapang", tahun: int = 2023) -> list[Pengguna]:
    """One demo user per role for the unit; never in production."""
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("Pengguna demo tidak boleh dibuat pada pengaturan produksi (IKI_PRODUCTION=1).")
    tahun_iki = TahunIKI.objects.select_related("unit").get(unit__kode=unit_kode, tahun=tahun)
    unit = tahun_iki.unit
    grup_operator = pastikan_grup_operator()
    hasil = []
    for username, peran, nama, nip, kode_jabatan in DEMO_PEGAWAI:
        pegawai = None
        if nip:
            pegawai, _ = Pegawai.objects.update_or_create(nip=nip, defaults={"unit": unit, "nama": nama})
            if kode_jabatan:
                jabatan = Jabatan.objects.get(tahun=tahun_iki, kode=kode_jabatan)
                Penugasan.objects.get_or_create(
                    pegawai=pegawai, jabatan=jabatan, defaults={"mulai": date(tahun, 1, 1)}
                )
        if peran == Pengguna.CAMAT and pegawai:
            unit.pimpinan = pegawai
            unit.save(update_fields=["pimpinan"])
        user = Pengguna.objects.filter(username=username).first() or Pengguna(username=username)
        user.first_name = nama
        # A reserved domain (RFC 2606): under `make run` the reminder digests and password-reset
        # mails print to the console, and never reach anyone.
        user.email = f"{username}@{DOMAIN_SUREL_DEMO}"
        user.peran = peran
        user.pegawai = pegawai
        if peran == Pengguna.PEMANTAU:
            user.unit = None
            user.kabupaten = unit.kabupaten
        else:
            user.unit = unit
        user.is_staff = peran == Pengguna.OPERATOR
        user.set_password(DEMO_PASSWORD)
        user.save()
        if peran == Pengguna.OPERATOR:
            user.groups.add(grup_operator)
        hasil.append(user)
    return hasil
