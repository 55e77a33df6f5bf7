"""Screens of the laporan kinerja tahunan (issue 17): the print screen (place, date, signer, paper,
PDF or DOCX) and the download. Who may: LAYAR["laporan_kinerja"] (camat, operator, pemantau);
another unit's year is not found."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from iki.capaian import laporan_kinerja
from iki.inti import angka
from iki.models import TahunIKI
from iki.umum import akses
from iki.umum.cetak import FormCetak, calon_penanda_tangan
from iki.umum.docx import DOCX
from iki.umum.pilih_tahun import pilihan_tahun

JENIS = {"pdf": "application/pdf", "docx": DOCX}


def _form_cetak(data, tahun_iki: TahunIKI) -> FormCetak:
    hari_ini = timezone.localdate()
    return FormCetak(
        data,
        unit=tahun_iki.unit,
        tanggal_bawaan=laporan_kinerja.tanggal_bawaan(tahun_iki, hari_ini),
        **laporan_kinerja.batas_tanggal(tahun_iki, hari_ini),
    )


def _layar_cetak(request, tahun_iki: TahunIKI, form: FormCetak, status: int = 200):
    aksi = reverse("laporan_kinerja", args=[tahun_iki.unit.kode, tahun_iki.tahun])
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "judul_cetak": f"Laporan Kinerja Tahunan {tahun_iki.tahun}",
        "keterangan_cetak": "Per sasaran dan indikator: target, realisasi, capaian, kategori, realisasi tahun lalu, "
        "target akhir Renstra dan kemajuannya, serta analisis dari catatan kendala dan tindak lanjut bulanan. "
        "Unduh DOCX untuk menyunting sebelum ditandatangani.",
        "aksi": aksi,
        "tersembunyi": [],
        "tombol": [
            {"label": "Unduh PDF", "nama": "format", "nilai": "pdf", "kelas": "btn-success"},
            {"label": "Unduh DOCX (dapat disunting)", "nama": "format", "nilai": "docx",
             "kelas": "btn-outline-success"},
        ],
        "form": form,
        "teks_tanggal_bawaan": angka.format_tanggal(form.tanggal_bawaan),
        "calon": calon_penanda_tangan(tahun_iki.unit, form.tanggal_bawaan),
        "pilihan_tahun": pilihan_tahun(request, tahun_iki.unit, tahun_iki.tahun),
        "kembali": reverse("dasbor_unit", args=[tahun_iki.unit.kode, tahun_iki.tahun]),
        "aturan_tanggal": "Bawaan: 31 Januari tahun berikutnya (atau hari ini bila belum sampai).",
    }
    return render(request, "iki/cetak/layar.html", konteks, status=status)


@require_GET
@akses.untuk("laporan_kinerja")
def cetak_laporan_kinerja(request, kode: str, tahun: int):
    """The print screen: place, date, signer, paper, then PDF or DOCX."""
    akses.tahun_sah_atau_404(tahun)
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    form = _form_cetak(None, tahun_iki)
    form.initial = {"tanggal": form.tanggal_bawaan, "tempat": form.tempat_bawaan}
    return _layar_cetak(request, tahun_iki, form)


@require_GET
@akses.untuk("laporan_kinerja")
def laporan_kinerja_unduh(request, kode: str, tahun: int):
    """Download: ?format=pdf|docx&kertas=a4|f4&tempat=…&tanggal=…&penanda_tangan=…, each left out
    taking its default (format: PDF). An unknown format is not found (404); a refused place, date
    or signer shows the print screen again with the reason (400)."""
    akses.tahun_sah_atau_404(tahun)
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    format = request.GET.get("format", "pdf").strip().lower()
    if format not in laporan_kinerja.FORMAT:
        raise Http404("Format laporan kinerja tidak dikenal (pilih pdf atau docx).")
    form = _form_cetak(request.GET, tahun_iki)
    if not form.is_valid():
        return _layar_cetak(request, tahun_iki, form, status=400)
    c = form.cleaned_data
    isi = laporan_kinerja.data_laporan_kinerja(tahun_iki, tanggal=c["tanggal"], tempat=c["tempat"], ttd=c["ttd"])
    kertas = c["kertas"]
    if format == "pdf":
        berkas = laporan_kinerja.pdf_laporan_tersimpan(isi, kertas=kertas)[0]
    else:
        berkas = laporan_kinerja.docx_laporan(isi, kertas=kertas)
    response = HttpResponse(berkas, content_type=JENIS[format])
    response["Content-Disposition"] = f'attachment; filename="{laporan_kinerja.nama_berkas(isi, format, kertas)}"'
    return response
