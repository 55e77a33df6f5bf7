"""What an operator does to the accounts of their unit: reset one to a one-time password, and
create accounts for the unit's pegawai in one step.

An operator manages the roles of ``PERAN_DIKELOLA_OPERATOR`` only: staf, verifikator and camat.
Another operator, a pemantau (kabupaten-wide) and a superuser are managed by a superuser in
Pengaturan; an operator never raises anyone above that. Who did what is written to Django's
admin log (``LogEntry``): it shows on the user's "Riwayat" page in Pengaturan, with the
operator's name and the time, and keeps no password, not even a hash.
"""

from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from iki.models import Pegawai, Pengguna
from iki.pengguna.sandi import buat_sandi_sekali_pakai

PERAN_DIKELOLA_OPERATOR = (Pengguna.STAF, Pengguna.VERIFIKATOR, Pengguna.CAMAT)


class AkunDitolak(Exception):
    """The whole request is refused, with the reason for the operator; nothing was written."""


@dataclass(frozen=True)
class SandiBaru:
    """One account and its one-time password, to be shown once."""

    pengguna: Pengguna
    sandi: str


def akun_unit(operator):
    """The accounts of the operator's unit (a superuser: none here, they use Pengaturan)."""
    if operator.unit_id is None:
        return Pengguna.objects.none()
    return (
        Pengguna.objects.filter(unit_id=operator.unit_id)
        .select_related("pegawai")
        .order_by("first_name", "username")
    )


def akun_atau_404(operator, pk: int) -> Pengguna:
    """An account of the operator's unit, else not found (another unit's account is 404)."""
    akun = akun_unit(operator).filter(pk=pk).first()
    if akun is None:
        raise Http404("Akun tidak ditemukan di unit Anda.")
    return akun


def boleh_dikelola(operator, akun: Pengguna) -> bool:
    """May ``operator`` reset ``akun``: an active account of their unit with a role of the table,
    never a superuser, never their own (they change their own password themselves)."""
    return (
        akun.unit_id == operator.unit_id
        and akun.pk != operator.pk
        and akun.is_active
        and not akun.is_superuser
        and akun.peran in PERAN_DIKELOLA_OPERATOR
    )


def pegawai_tanpa_akun(operator):
    """Pegawai of the operator's unit without an account, by name."""
    if operator.unit_id is None:
        return Pegawai.objects.none()
    return Pegawai.objects.filter(unit_id=operator.unit_id, akun__isnull=True).order_by("nama")


def _catat(operator, akun: Pengguna, tindakan: int, pesan: str) -> None:
    LogEntry.objects.log_actions(operator.pk, [akun], tindakan, pesan, single_object=True)


@transaction.atomic
def atur_ulang_sekali_pakai(*, operator, akun: Pengguna) -> SandiBaru:
    """Give ``akun`` a new one-time password it must change at its next login; the old password
    stops working at once (and with it the account's open sessions)."""
    akun = Pengguna.objects.select_for_update().get(pk=akun.pk)
    if not boleh_dikelola(operator, akun):
        raise AkunDitolak(
            "Akun ini tidak dapat Anda atur ulang: hanya akun aktif staf, verifikator dan camat unit Anda. "
            "Operator lain dan akun super diatur ulang oleh admin kabupaten."
        )
    sandi = buat_sandi_sekali_pakai(akun)
    akun.set_password(sandi)
    akun.wajib_ganti_sandi = True
    akun.save(update_fields=["password", "wajib_ganti_sandi"])
    _catat(operator, akun, CHANGE, "Kata sandi diatur ulang ke kata sandi sekali pakai.")
    buka_blokir_masuk(akun)
    return SandiBaru(akun, sandi)


@transaction.atomic
def buat_akun_pegawai(*, operator, pegawai: list[Pegawai], peran: str) -> list[SandiBaru]:
    """An account for each pegawai: username = NIP, linked to the pegawai, in the operator's
    unit, the role chosen, a one-time password to change at the first login. All or none: a
    pegawai that already has an account, a NIP already used as a username, another unit's
    pegawai or a role outside the table refuses the whole request, naming them."""
    if peran not in PERAN_DIKELOLA_OPERATOR:
        raise AkunDitolak("Operator hanya dapat membuat akun staf, verifikator atau camat.")
    if not pegawai:
        raise AkunDitolak("Pilih paling sedikit satu pegawai.")
    if any(p.unit_id != operator.unit_id for p in pegawai):
        raise AkunDitolak("Hanya pegawai unit Anda yang dapat dibuatkan akun.")
    berakun = sorted(p.nama for p in Pegawai.objects.filter(pk__in=[p.pk for p in pegawai], akun__isnull=False))
    if berakun:
        raise AkunDitolak(f"Sudah memiliki akun: {', '.join(berakun)}. Tidak ada akun yang dibuat.")
    nip = [p.nip for p in pegawai]
    terpakai = sorted(Pengguna.objects.filter(username__in=nip).values_list("username", flat=True))
    if terpakai:
        raise AkunDitolak(
            f"Nama pengguna (NIP) sudah dipakai akun lain: {', '.join(terpakai)}. Tidak ada akun yang dibuat; "
            "hubungkan akun yang sudah ada dengan pegawainya di Pengaturan."
        )
    hasil = []
    try:
        with transaction.atomic():
            for p in sorted(pegawai, key=lambda p: p.nama):
                akun = Pengguna(
                    username=p.nip, first_name=p.nama[:150], peran=peran, unit_id=operator.unit_id, pegawai=p,
                    wajib_ganti_sandi=True,
                )
                sandi = buat_sandi_sekali_pakai(akun)
                akun.set_password(sandi)
                akun.full_clean()
                akun.save()
                _catat(operator, akun, ADDITION, f"Akun dibuat oleh operator unit (peran {akun.get_peran_display()}).")
                hasil.append(SandiBaru(akun, sandi))
    except IntegrityError:  # someone else made one of these accounts a moment ago
        raise AkunDitolak(
            "Salah satu akun baru saja dibuat orang lain. Tidak ada akun yang dibuat; muat ulang halaman."
        ) from None
    except ValidationError as e:
        raise AkunDitolak(
            f"Akun untuk {p.nama} tidak dapat dibuat: {' '.join(e.messages)} Tidak ada akun yang dibuat."
        ) from None
    return hasil


def buka_blokir_masuk(akun: Pengguna) -> None:
    """A new password ends a login block (django-axes) on that account: its owner may sign in."""
    from axes.utils import reset

    reset(username=akun.username)
