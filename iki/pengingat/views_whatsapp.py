"""Reminders by WhatsApp, the way offices send them (/pengingat/whatsapp/): for the operator and
the camat, the unit's working year; one text for the office group with a copy button, and per
person a ``wa.me`` link with their text prefilled. The app sends nothing itself."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from iki.pengingat import teks
from iki.pengingat.daftar import Orang, pengingat_unit, teks_pribadi
from iki.umum import akses
from iki.umum.pilih_tahun import pilihan_tahun


@dataclass
class Baris:
    """A row of the screen: the person, their text and the wa.me link (None: no number)."""

    orang: Orang
    keterangan: str
    teks: str
    tautan: str | None


@require_GET
@akses.untuk("pengingat_whatsapp")
def pengingat_whatsapp_terkini(request):
    return akses.ke_tahun_terkini(request.user, "pengingat_whatsapp")


@require_GET
@akses.untuk("pengingat_whatsapp")
def pengingat_whatsapp(request, kode: str, tahun: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, akses.tahun_sah_atau_404(tahun))
    sekarang = timezone.now()
    data = pengingat_unit(tahun_iki, sekarang)
    t = tahun_iki.tahun
    baris_staf = []
    for s in data.staf:
        isi = teks_pribadi(s, t, request.build_absolute_uri)
        terlambat = [b.bulan for b in s.bulan if b.terlambat]
        belum = [b.bulan for b in s.bulan if not b.terlambat]
        keterangan = "; ".join(
            bagian for bagian in (
                f"terlambat: {teks.daftar_bulan(terlambat, t)}" if terlambat else "",
                f"belum diajukan: {teks.daftar_bulan(belum, t)}" if belum else "",
            ) if bagian
        )
        baris_staf.append(Baris(s, keterangan, isi, teks.tautan_wa(s.nomor, isi) if s.nomor else None))
    baris_verifikator = []
    for v in data.verifikator:
        isi = teks_pribadi(v, t, request.build_absolute_uri)
        keterangan = f"{v.jumlah} nilai menunggu verifikasi ({teks.daftar_bulan(v.bulan, t)})"
        baris_verifikator.append(Baris(v, keterangan, isi, teks.tautan_wa(v.nomor, isi) if v.nomor else None))
    teks_grup = teks.teks_grup(
        unit=tahun_iki.unit.nama,
        hari_ini=timezone.localdate(sekarang),
        tahun=t,
        staf=[(s.nama, s.bulan) for s in data.staf],
        verifikator=[(v.nama, v.jumlah, v.bulan) for v in data.verifikator],
        tautan=request.build_absolute_uri(reverse("beranda")),
    )
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "teks_grup": teks_grup,
        "baris_staf": baris_staf,
        "baris_verifikator": baris_verifikator,
        "tanpa_nomor": [b for b in baris_staf + baris_verifikator if b.tautan is None],
        "pilihan_tahun": pilihan_tahun(request, tahun_iki.unit, t),
    }
    return render(request, "iki/pengingat/whatsapp.html", konteks)
