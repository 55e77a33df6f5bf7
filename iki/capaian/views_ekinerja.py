"""Lembar e-Kinerja screens: the holders of the year's jabatan with their download links, and the
download itself (Excel or PDF) of one pegawai's sheets (``iki.capaian.ekinerja``).

Who sees whose sheet: the operator, the camat and the pemantau (and a superuser) any pegawai of a
unit they may see; a staf or verifikator only their own (``Pengguna.pegawai``). Another unit's
pegawai, and for a staf another pegawai, are *not found* (404), as every object outside what a
user may see. Both screens only read (GET; any other method is 405)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from iki.capaian import ekinerja
from iki.models import Pegawai, Pengguna, TahunIKI
from iki.umum import akses
from iki.umum.excel import XLSX
from iki.umum.pilih_tahun import pilihan_tahun

# The roles that see every pegawai of the units they may see; the others only themselves.
PERAN_SEMUA_PEGAWAI = (Pengguna.OPERATOR, Pengguna.CAMAT, Pengguna.PEMANTAU)
JENIS = {"xlsx": XLSX, "pdf": "application/pdf"}


def lihat_semua(user: Pengguna) -> bool:
    return user.is_superuser or user.peran in PERAN_SEMUA_PEGAWAI


def pemegang_terlihat(user: Pengguna, tahun_iki: TahunIKI):
    """The holders of the year the user may download, each with their assignments."""
    pemegang = ekinerja.pemegang_tahun(tahun_iki)
    if lihat_semua(user):
        return pemegang
    return [(p, daftar) for p, daftar in pemegang if user.pegawai_id and p.pk == user.pegawai_id]


def pegawai_atau_404(user: Pengguna, tahun_iki: TahunIKI, pk: int) -> Pegawai:
    """A pegawai of the year's unit who held one of its jabatan in the year and whom the user may
    see; anyone else is not found."""
    if not lihat_semua(user) and pk != user.pegawai_id:
        raise Http404("Lembar e-Kinerja pegawai ini tidak ditemukan.")
    pegawai = get_object_or_404(Pegawai, pk=pk, unit=tahun_iki.unit)
    if not ekinerja.penugasan_tahun(tahun_iki).filter(pegawai=pegawai).exists():
        raise Http404(f"{pegawai.nama} tidak memegang jabatan pada IKI {tahun_iki.tahun}.")
    return pegawai


@require_GET
@akses.untuk("ekinerja")
def ekinerja_daftar(request, kode: str, tahun: int):
    user: Pengguna = request.user
    tahun_iki = akses.tahun_atau_404(user, kode, akses.tahun_sah_atau_404(tahun))
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "pemegang": [
            (p, [(t, ekinerja.teks_rentang(*ekinerja.rentang_penugasan(t, tahun_iki.tahun))) for t in daftar])
            for p, daftar in pemegang_terlihat(user, tahun_iki)
        ],
        "semua": lihat_semua(user),
        "pilihan_tahun": pilihan_tahun(request, tahun_iki.unit, tahun_iki.tahun),
    }
    return render(request, "iki/ekinerja/daftar.html", konteks)


@require_GET
@akses.untuk("ekinerja")
def ekinerja_unduh(request, kode: str, tahun: int, pegawai: int):
    """?format=xlsx (default) or pdf; another format is not found."""
    user: Pengguna = request.user
    tahun_iki = akses.tahun_atau_404(user, kode, akses.tahun_sah_atau_404(tahun))
    format = request.GET.get("format", "xlsx")
    if format not in JENIS:
        raise Http404("Format tidak dikenal: pilih xlsx atau pdf.")
    orang = pegawai_atau_404(user, tahun_iki, pegawai)
    berkas, nama = ekinerja.buat_ekinerja(tahun_iki, orang, format, hari_ini=timezone.localdate())
    response = HttpResponse(berkas, content_type=JENIS[format])
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response
