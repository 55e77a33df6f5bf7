"""Screens of the Excel round trip: download the workbook, upload it, preview, confirm.

The uploaded file is parked in storage between the preview and the confirmation
(``iki.umum.unggahan.parkir``: a random name, known only to the uploader's session) and read and
checked again when it is confirmed; rows posted back by the browser are never trusted.
"""

import hashlib
import time

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iki.inti import angka
from iki.models import TahunIKI
from iki.realisasi.excel import baca_workbook, pratinjau, simpan_impor, tulis_workbook
from iki.realisasi.simpan import GagalSimpan, KonflikVersi, variabel_pengisi
from iki.umum import akses
from iki.umum.berkas import nama_aman
from iki.umum.excel import XLSX
from iki.umum.pilih_tahun import pilihan_tahun
from iki.umum.unggahan import Kesalahan, ambil_parkiran, buang_parkiran, parkir, validasi_ukuran

KUNCI_SESI = "impor_excel"
PARKIR = "realisasi"  # the parked uploads of this import (how long they last: UMUR_PARKIR)
SIMPANAN_PER_SESI = 3


class FormUnduh(forms.Form):
    bulan = forms.TypedChoiceField(
        label="Bulan",
        choices=[("", "Seluruh tahun (12 lembar)"), *angka.PILIHAN_BULAN],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Pilih bulan Januari sampai Desember, atau seluruh tahun."},
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class FormUnggah(forms.Form):
    berkas = forms.FileField(
        label="Berkas Excel (.xlsx)",
        error_messages={
            "required": "Pilih berkas Excel yang akan diunggah.",
            "empty": "Berkas kosong (0 bita). Pilih berkas Excel hasil unduhan yang sudah diisi.",
            "invalid": "Tidak ada berkas yang terkirim. Pilih berkasnya lagi.",
        },
        validators=[validasi_ukuran],
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": f".xlsx,{XLSX}"}
        ),
    )


class FormKonfirmasi(forms.Form):
    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{32}$")


def _simpan_sementara(request, tahun_iki: TahunIKI, data: bytes, nama: str) -> str:
    """Keep an upload until it is confirmed; returns the token that names it."""
    token = parkir(data, user=request.user, jenis=PARKIR)
    simpanan = dict(request.session.get(KUNCI_SESI, {}))
    simpanan[token] = {
        "user": request.user.pk,
        "unit": tahun_iki.unit.kode,
        "tahun": tahun_iki.tahun,
        "nama": nama,
        "sha256": hashlib.sha256(data).hexdigest(),
        "pada": time.time(),
    }
    # Only the latest few previews of a session stay confirmable.
    for lama in sorted(simpanan, key=lambda t: simpanan[t]["pada"])[:-SIMPANAN_PER_SESI]:
        _hapus_sementara(request, lama, simpanan)
    request.session[KUNCI_SESI] = simpanan
    return token


def _hapus_sementara(request, token: str, simpanan: dict | None = None) -> None:
    if simpanan is None:
        simpanan = dict(request.session.get(KUNCI_SESI, {}))
        simpanan.pop(token, None)
        request.session[KUNCI_SESI] = simpanan
    else:
        simpanan.pop(token, None)
    buang_parkiran(token, user=request.user, jenis=PARKIR)


def _ambil_sementara(request, tahun_iki: TahunIKI, token: str) -> tuple[dict, bytes] | None:
    """The kept upload of this user, unit and year, unchanged and not expired; else None."""
    meta = request.session.get(KUNCI_SESI, {}).get(token)
    if (
        not meta
        or meta.get("user") != request.user.pk
        or meta.get("unit") != tahun_iki.unit.kode
        or meta.get("tahun") != tahun_iki.tahun
    ):
        return None
    data = ambil_parkiran(token, user=request.user, jenis=PARKIR)
    if data is None or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        return None
    return meta, data


def _halaman_unggah(request, tahun_iki: TahunIKI, *, form_unduh=None, form_unggah=None, status=200):
    hari_ini = timezone.localdate()
    awal = {"bulan": hari_ini.month} if hari_ini.year == tahun_iki.tahun else {}
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "tahun": tahun_iki,
        "form_unduh": form_unduh or FormUnduh(initial=awal),
        "form_unggah": form_unggah or FormUnggah(),
        "jumlah_variabel": variabel_pengisi(request.user, tahun_iki).count(),
        "pilihan_tahun": pilihan_tahun(
            request, tahun_iki.unit, tahun_iki.tahun,
            url_tahun=lambda t: reverse("excel_unggah", args=[tahun_iki.unit.kode, t]),
        ),
    }
    return render(request, "iki/excel/unggah.html", konteks, status=status)


@require_GET
@akses.untuk("excel")
def excel_terkini(request):
    """The Excel page of the user's unit for its current year (the menu's target)."""
    return akses.ke_tahun_terkini(request.user, "excel_unggah")


@require_GET
@akses.untuk("excel")
def excel_unduh(request, kode: str, tahun: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    form = FormUnduh(request.GET)
    if not form.is_valid():
        return _halaman_unggah(request, tahun_iki, form_unduh=form, status=400)
    bulan = form.cleaned_data["bulan"]
    data = tulis_workbook(request.user, tahun_iki, bulan)
    akhiran = f"{bulan:02d}-{angka.nama_bulan(bulan).lower()}" if bulan else "setahun"
    nama = f"realisasi-{tahun_iki.unit.kode}-{tahun_iki.tahun}-{akhiran}.xlsx"
    return HttpResponse(
        data, content_type=XLSX, headers={"Content-Disposition": content_disposition_header(True, nama)}
    )


@require_http_methods(["GET", "POST"])
@akses.untuk("excel", tulis=True)
def excel_unggah(request, kode: str, tahun: int):
    """The upload form; a posted workbook is read, checked and shown as a preview (nothing saved)."""
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    if request.method == "GET":
        return _halaman_unggah(request, tahun_iki)
    form = FormUnggah(request.POST, request.FILES)
    if not form.is_valid():
        return _halaman_unggah(request, tahun_iki, form_unggah=form, status=400)
    berkas = form.cleaned_data["berkas"]
    nama = nama_aman(berkas.name)
    rows, kesalahan = baca_workbook(berkas, user=request.user, tahun_iki=tahun_iki)
    perubahan = pratinjau(rows)
    token = None
    if perubahan and not kesalahan:
        berkas.seek(0)  # within the upload limit: baca_workbook read it through the gate
        token = _simpan_sementara(request, tahun_iki, berkas.read(), nama)
    return _halaman_pratinjau(request, tahun_iki, nama=nama, perubahan=perubahan, kesalahan=kesalahan, token=token)


def _halaman_pratinjau(request, tahun_iki, *, nama, perubahan, kesalahan, token=None, judul_gagal="", status=200):
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "nama_berkas": nama,
        "perubahan": perubahan,
        "kesalahan": kesalahan,
        "token": token,
        "judul_gagal": judul_gagal,
    }
    return render(request, "iki/excel/pratinjau.html", konteks, status=status)


@require_POST
@akses.untuk("excel", tulis=True)
def excel_konfirmasi(request, kode: str, tahun: int):
    """Save a previewed upload: read and checked again, then saved all or nothing."""
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    form = FormKonfirmasi(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else None
    simpanan = _ambil_sementara(request, tahun_iki, token) if token else None
    if simpanan is None:
        messages.error(
            request,
            "Pratinjau impor tidak ditemukan atau sudah kedaluwarsa; tidak ada yang disimpan. Unggah ulang berkasnya.",
        )
        return redirect("excel_unggah", kode=tahun_iki.unit.kode, tahun=tahun_iki.tahun)
    meta, data = simpanan
    _hapus_sementara(request, token)  # a preview is confirmed once

    rows, kesalahan = baca_workbook(data, user=request.user, tahun_iki=tahun_iki)
    if not kesalahan:
        try:
            jumlah = simpan_impor(rows=rows, user=request.user, tahun_iki=tahun_iki, nama_berkas=meta["nama"])
        except GagalSimpan as e:
            kesalahan = [Kesalahan(pesan) for pesan in e.kesalahan]
            konflik = isinstance(e, KonflikVersi)
        else:
            messages.success(
                request,
                f"{angka.format_angka(jumlah, 0)} nilai dari berkas “{meta['nama']}” disimpan sebagai draf. "
                "Ajukan di halaman isian realisasi agar diverifikasi.",
            )
            return redirect("excel_unggah", kode=tahun_iki.unit.kode, tahun=tahun_iki.tahun)
    else:
        konflik = any(k.jenis == "konflik" for k in kesalahan)
    return _halaman_pratinjau(
        request,
        tahun_iki,
        nama=meta["nama"],
        perubahan=pratinjau(rows),
        kesalahan=kesalahan,
        judul_gagal=(
            "Data telah berubah sejak pratinjau; tidak ada yang disimpan."
            if konflik
            else "Berkas tidak dapat disimpan; tidak ada yang disimpan."
        ),
        status=409 if konflik else 400,
    )
