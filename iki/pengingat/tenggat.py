"""Deadline notifications ("batas pengisian dalam N hari") for the scheduled run
(``kirim_pengingat``): to each staf with a month that has ended, is not yet submitted and whose
deadline (``realisasi.kalender.batas_entri``, through ``alur.tagihan``) is within N days.
Idempotent: one notification per user, year, month and unit (``Notifikasi.kunci``)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.urls import reverse

from iki.inti.angka import format_tanggal, nama_bulan
from iki.models import Notifikasi, TahunIKI
from iki.pengingat.daftar import staf_tertunda
from iki.realisasi import kalender
from iki.umum.notifikasi import beri_tahu


def kunci_tenggat(tahun: int, bulan: int, kode_unit: str) -> str:
    return f"tenggat:{tahun}:{bulan}:{kode_unit}"


def buat_notifikasi_tenggat(hari_ini: date, hari: int = 3) -> int:
    """Write the deadline notifications due on ``hari_ini`` (a date in Jakarta); returns how many
    were made. A month whose deadline has passed is late, not near (the WhatsApp list and the
    digest say so); a month that has not ended has no deadline to remind of yet."""
    sekarang = datetime.combine(hari_ini, time(12), tzinfo=kalender.ZONA)
    dibuat = 0
    # A month's deadline falls in the next month: December's in January of the next year.
    for tahun_iki in TahunIKI.objects.filter(tahun__in=(hari_ini.year - 1, hari_ini.year)).select_related("unit"):
        for staf in staf_tertunda(tahun_iki, sekarang):
            for b in staf.bulan:
                sisa = (b.batas - hari_ini).days
                if b.terlambat or not 0 <= sisa <= hari:
                    continue
                periode = nama_bulan(b.bulan, tahun_iki.tahun)
                kapan = "hari ini" if sisa == 0 else f"dalam {sisa} hari"
                n = beri_tahu(
                    staf.pengguna,
                    Notifikasi.TENGGAT,
                    f"Batas pengisian {periode} {kapan}",
                    f"Isian {periode} belum diajukan. Batasnya {format_tanggal(b.batas)}.",
                    reverse("entri_bulan", args=[tahun_iki.unit.kode, tahun_iki.tahun, b.bulan]),
                    kunci=kunci_tenggat(tahun_iki.tahun, b.bulan, tahun_iki.unit.kode),
                )
                dibuat += n is not None
    return dibuat

