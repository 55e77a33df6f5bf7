"""Screens of the year's IKI set: the set itself (every jabatan with its table), the annual
document's preview, PDF, narrative and Keputusan, ditetapkan and revisions, copying a year forward,
quality review, Excel export and import.

Everyone who may see the unit may read the document (preview, PDF, export); the quality review
is for the operator, camat and pemantau; every write is the operator's.
"""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iki.inti.angka import format_tanggal
from iki.inti.tabel import kelompokkan
from iki.models import BarisIKI, Indikator, NarasiDokumen, RevisiIKI, TahunIKI, UraianJabatan, Variabel
from iki.models.dokumen import BAGIAN_NARASI
from iki.set_iki import dokumen, mutu
from iki.set_iki import impor as impor_iki
from iki.set_iki import tahun as kelola
from iki.umum import akses
from iki.umum.cetak import FormCetak, calon_penanda_tangan
from iki.umum.docx import DOCX
from iki.umum.excel import XLSX
from iki.umum.forms import BilanganField
from iki.umum.pilih_tahun import pilihan_tahun
from iki.umum.unggahan import Kesalahan, ambil_parkiran, buang_parkiran, parkir, validasi_ukuran

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
PARKIR = "set-iki"  # the parked uploads of the import (how long they last: UMUR_PARKIR)


def _operator(user) -> None:
    """For views whose GET anyone may see but whose POST only the operator may do."""
    if not akses.boleh(user, "dokumen", tulis=True):
        raise PermissionDenied("Hanya operator yang dapat mengubah IKI.")


def konteks_tahun(request, tahun_iki: TahunIKI) -> dict:
    """The year switcher and the working year, as the set page and the document page show them."""
    pilihan = pilihan_tahun(request, tahun_iki.unit, tahun_iki.tahun)
    return {
        "pilihan_tahun": pilihan,
        "tahun_kerja": next((p.tahun for p in pilihan if p.kerja), None),
        "boleh_tahun_kerja": akses.boleh(request.user, "tahun_kerja", tulis=True),
    }


def _ke_pratinjau(tahun_iki: TahunIKI):
    return redirect("dokumen_pratinjau", kode=tahun_iki.unit.kode, tahun=tahun_iki.tahun)


# --- Forms ----------------------------------------------------------------------------------------


class NarasiForm(forms.ModelForm):
    class Meta:
        model = NarasiDokumen
        fields = [kunci for kunci, _ in BAGIAN_NARASI]
        labels = dict(BAGIAN_NARASI)
        widgets = {kunci: forms.Textarea(attrs={"rows": 6}) for kunci, _ in BAGIAN_NARASI}

    def clean(self):
        data = super().clean()
        for kunci, _ in BAGIAN_NARASI:
            teks = data.get(kunci) or ""
            if len(teks) > 20000:
                self.add_error(kunci, "Teks terlalu panjang (paling banyak 20.000 karakter).")
            asing = dokumen.placeholder_asing(teks)
            if asing:
                self.add_error(
                    kunci,
                    f"Isian tidak dikenal: {', '.join('{' + a + '}' for a in asing)}. "
                    f"Yang tersedia: {', '.join('{' + p + '}' for p in dokumen.PLACEHOLDER)}.",
                )
        return data


class KeputusanForm(forms.Form):
    nomor_keputusan = forms.CharField(
        label="Nomor Keputusan",
        max_length=100,
        required=False,
        help_text="Contoh: 188/12/KEP/434.512/2023. Spasi kosong dicetak apa adanya untuk nomor yang ditulis tangan.",
    )
    tanggal_keputusan = forms.DateField(
        label="Tanggal Keputusan", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tanggal_ttd = forms.DateField(
        label="Tanggal penandatanganan dokumen",
        required=False,
        help_text="Kosongkan bila tanggal ditulis tangan (dokumen mencetak titik-titik).",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, tahun: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.tahun = tahun

    def clean(self):
        data = super().clean()
        for nama in ("tanggal_keputusan", "tanggal_ttd"):
            tanggal = data.get(nama)
            if tanggal and abs(tanggal.year - self.tahun) > 1:
                self.add_error(nama, f"Tanggal harus antara tahun {self.tahun - 1} dan {self.tahun + 1}.")
        return data


class RevisiForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan revisi", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Misalnya: perubahan SOTK, indikator ganda dihapus, sumber data dilengkapi.",
    )


class SalinForm(forms.Form):
    ke_tahun = BilanganField(label="Salin ke tahun", min_value=2000, max_value=2100)


class ImporForm(forms.Form):
    tahun = BilanganField(label="Tahun IKI", min_value=2000, max_value=2100)
    berkas = forms.FileField(
        label="Buku kerja (.xlsx)", help_text="Paling besar 5 MB, tanpa makro.", validators=[validasi_ukuran]
    )


# --- Reading the document ----------------------------------------------------------------------------


@require_GET
@akses.untuk("dokumen")
def dokumen_terkini(request):
    return akses.ke_tahun_terkini(request.user, "dokumen_pratinjau")


@require_GET
@akses.untuk("dokumen")
def pratinjau(request, kode: str, tahun: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "dok": dokumen.data_dokumen(tahun_iki),
        "revisi_terbuka": kelola.revisi_terbuka(tahun_iki),
        **konteks_tahun(request, tahun_iki),
        "boleh_ubah": akses.boleh(request.user, "dokumen", tulis=True),
        "boleh_mutu": akses.boleh(request.user, "mutu"),
        "boleh_persiapan": akses.boleh(request.user, "persiapan"),
    }
    return render(request, "iki/dokumen/pratinjau.html", konteks)


def _form_cetak(data, tahun_iki: TahunIKI) -> FormCetak:
    return FormCetak(
        data, unit=tahun_iki.unit, tanggal_bawaan=tahun_iki.tanggal_ttd, **dokumen.batas_tanggal(tahun_iki)
    )


def _layar_cetak(request, tahun_iki: TahunIKI, form: FormCetak, status: int = 200):
    tanggal = dokumen.tanggal_penanda_tangan(tahun_iki)
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "judul_cetak": f"Dokumen IKI {tahun_iki.tahun}",
        "aksi": reverse("dokumen_pdf", args=[tahun_iki.unit.kode, tahun_iki.tahun]),
        "tersembunyi": [],
        "tombol": [
            {"label": "Unduh PDF", "kelas": "btn-success"},
            {"label": "Unduh DOCX (dapat disunting)", "kelas": "btn-outline-success",
             "aksi": reverse("dokumen_docx", args=[tahun_iki.unit.kode, tahun_iki.tahun])},
        ],
        "form": form,
        "teks_tanggal_bawaan": format_tanggal(tahun_iki.tanggal_ttd) if tahun_iki.tanggal_ttd else "",
        "calon": calon_penanda_tangan(tahun_iki.unit, tanggal),
        "kembali": reverse("dokumen_pratinjau", args=[tahun_iki.unit.kode, tahun_iki.tahun]),
        "aturan_tanggal": "Bawaan: tanggal penandatanganan pada Keputusan; bila kosong, harinya dibiarkan kosong "
        "untuk ditulis tangan seperti dokumen asli.",
    }
    return render(request, "iki/cetak/layar.html", konteks, status=status)


@require_GET
@akses.untuk("dokumen")
def cetak(request, kode: str, tahun: int):
    """The print screen of the annual document: place, date, signer and paper, then the PDF."""
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    form = _form_cetak(None, tahun_iki)
    form.initial = {"tanggal": tahun_iki.tanggal_ttd, "tempat": form.tempat_bawaan}
    return _layar_cetak(request, tahun_iki, form)


@require_GET
@akses.untuk("dokumen")
def unduh_pdf(request, kode: str, tahun: int):
    """The PDF: ?kertas=a4|f4 and, from the print screen, &tempat=…&tanggal=…&penanda_tangan=…
    (each left out takes its default); a refused choice shows the print screen again (400)."""
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    kertas = request.GET.get("kertas", "a4").lower()
    if kertas not in dokumen.KERTAS:
        kertas = "a4"
    pilihan = request.GET.copy()
    pilihan.pop("kertas", None)  # an unknown paper falls back to A4 (above), as it always has
    form = _form_cetak(pilihan, tahun_iki)
    if not form.is_valid():
        return _layar_cetak(request, tahun_iki, form, status=400)
    c = form.cleaned_data
    pdf, data, dari_cache = dokumen.pdf_dokumen(
        tahun_iki, kertas, tempat=c["tempat"], tanggal=c["tanggal"], ttd=c["ttd"]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{dokumen.nama_berkas(data, tahun_iki.unit.kode, kertas)}"'
    response["X-Dokumen-Cache"] = "hit" if dari_cache else "miss"
    return response


@require_GET
@akses.untuk("dokumen")
def unduh_docx(request, kode: str, tahun: int):
    """The same document as an editable DOCX, with the PDF's choices (?kertas=a4|f4&tempat=…
    &tanggal=…&penanda_tangan=…); a refused choice shows the print screen again (400)."""
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    kertas = request.GET.get("kertas", "a4").lower()
    if kertas not in dokumen.KERTAS:
        kertas = "a4"
    pilihan = request.GET.copy()
    pilihan.pop("kertas", None)
    form = _form_cetak(pilihan, tahun_iki)
    if not form.is_valid():
        return _layar_cetak(request, tahun_iki, form, status=400)
    c = form.cleaned_data
    berkas, data = dokumen.docx_dokumen(tahun_iki, kertas, tempat=c["tempat"], tanggal=c["tanggal"], ttd=c["ttd"])
    response = HttpResponse(berkas, content_type=DOCX)
    nama = dokumen.nama_berkas(data, tahun_iki.unit.kode, kertas, "docx")
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


@require_GET
@akses.untuk("mutu")
def tinjauan_mutu(request, kode: str, tahun: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    temuan = mutu.tinjau(tahun_iki)
    return render(
        request,
        "iki/dokumen/mutu.html",
        {
            "tahun_iki": tahun_iki,
            "unit": tahun_iki.unit,
            "temuan": temuan,
            "ringkasan": mutu.ringkasan(temuan),
            "boleh_ubah": akses.boleh(request.user, "dokumen", tulis=True),
        },
    )


@require_GET
@akses.untuk("dokumen")
def ekspor(request, kode: str, tahun: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    response = HttpResponse(impor_iki.tulis(tahun_iki), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="set-iki-{tahun_iki.unit.kode}-{tahun_iki.tahun}.xlsx"'
    return response


@require_GET
@akses.untuk("dokumen")
def templat(request):
    response = HttpResponse(impor_iki.tulis(None), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-set-iki.xlsx"'
    return response


# --- Writing the year ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@akses.untuk("dokumen", tulis=True)
def ubah_narasi(request, kode: str, tahun: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    narasi = NarasiDokumen.objects.filter(tahun=tahun_iki).first()
    terkunci = kelola.terkunci(tahun_iki)
    if request.method == "POST":
        if terkunci:
            messages.error(request, kelola.PESAN_TERKUNCI.format(tahun=tahun_iki.tahun))
            return _ke_pratinjau(tahun_iki)
        if "kembalikan" in request.POST:
            if narasi is not None:
                narasi.delete()
            messages.success(request, "Narasi dikembalikan ke teks bawaan.")
            return _ke_pratinjau(tahun_iki)
        form = NarasiForm(request.POST, instance=narasi or NarasiDokumen(tahun=tahun_iki))
        if form.is_valid():
            obj = form.save(commit=False)
            obj.diperbarui_oleh = request.user
            obj.save()
            messages.success(request, "Narasi dokumen disimpan.")
            return _ke_pratinjau(tahun_iki)
    else:
        form = NarasiForm(instance=narasi, initial=None if narasi else dokumen.narasi_bawaan())
    return render(
        request,
        "iki/dokumen/narasi.html",
        {"tahun_iki": tahun_iki, "unit": tahun_iki.unit, "form": form, "terkunci": terkunci,
         "placeholder": dokumen.PLACEHOLDER, "bawaan": narasi is None},
    )


@require_http_methods(["GET", "POST"])
@akses.untuk("dokumen", tulis=True)
def ubah_keputusan(request, kode: str, tahun: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    terkunci = kelola.terkunci(tahun_iki)
    if request.method == "POST":
        form = KeputusanForm(request.POST, tahun=tahun_iki.tahun)
        if form.is_valid():
            try:
                kelola.simpan_keputusan(tahun_iki, **form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, "Nomor dan tanggal Keputusan disimpan.")
                return _ke_pratinjau(tahun_iki)
    else:
        form = KeputusanForm(
            tahun=tahun_iki.tahun,
            initial={
                "nomor_keputusan": tahun_iki.nomor_keputusan,
                "tanggal_keputusan": tahun_iki.tanggal_keputusan,
                "tanggal_ttd": tahun_iki.tanggal_ttd,
            },
        )
    return render(
        request,
        "iki/dokumen/keputusan.html",
        {"tahun_iki": tahun_iki, "unit": tahun_iki.unit, "form": form, "terkunci": terkunci},
    )


@require_POST
@akses.untuk("dokumen", tulis=True)
def tetapkan(request, kode: str, tahun: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    try:
        kelola.tetapkan(tahun_iki, user=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"IKI tahun {tahun_iki.tahun} ditetapkan. Perubahan berikutnya melalui revisi.")
    return _ke_pratinjau(tahun_iki)


@require_http_methods(["GET", "POST"])
@akses.untuk("dokumen")
def revisi(request, kode: str, tahun: int):
    if request.method == "POST":
        _operator(request.user)
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    form = RevisiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            r = kelola.buka_revisi(tahun_iki, user=request.user, alasan=form.cleaned_data["alasan"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Revisi ke-{r.nomor} dibuka: set IKI dapat diubah, lalu tetapkan kembali.")
            return _ke_pratinjau(tahun_iki)
    daftar = RevisiIKI.objects.filter(tahun=tahun_iki).select_related("dibuka_oleh", "ditetapkan_oleh")
    return render(
        request,
        "iki/dokumen/revisi.html",
        {
            "tahun_iki": tahun_iki,
            "unit": tahun_iki.unit,
            "form": form,
            "daftar": daftar,
            "boleh_ubah": akses.boleh(request.user, "dokumen", tulis=True),
        },
    )


@require_http_methods(["GET", "POST"])
@akses.untuk("dokumen", tulis=True)
def salin(request, kode: str, tahun: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    form = SalinForm(request.POST or None, initial={"ke_tahun": tahun_iki.tahun + 1})
    if request.method == "POST" and form.is_valid():
        try:
            baru = kelola.salin_tahun(tahun_iki, ke_tahun=form.cleaned_data["ke_tahun"], user=request.user)
        except ValidationError as e:
            form.add_error("ke_tahun", e)
        else:
            kerja = TahunIKI.objects.terkini(tahun_iki.unit)
            messages.success(
                request,
                f"IKI {tahun_iki.tahun} disalin ke {baru.tahun}. Isi target tahun {baru.tahun} dan tugaskan pegawai "
                "pada jabatannya; realisasi tidak ikut disalin. Semua layar tetap dibuka pada tahun kerja "
                f"{kerja.tahun} sampai operator memilih “Jadikan tahun kerja” pada tahun {baru.tahun}.",
            )
            return _ke_pratinjau(baru)
    return render(request, "iki/dokumen/salin.html", {"tahun_iki": tahun_iki, "unit": tahun_iki.unit, "form": form})


# --- Import -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@akses.untuk("dokumen", tulis=True)
def impor(request, kode: str):
    unit = akses.unit_atau_404(request.user, kode)
    form = ImporForm(request.POST or None, request.FILES or None, initial={"tahun": timezone.localdate().year})
    konteks = {"unit": unit, "form": form, "tahun_ada": TahunIKI.objects.for_unit(unit).values_list("tahun", flat=True)}
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        isi, kesalahan = impor_iki.read(berkas)
        tahun = form.cleaned_data["tahun"]
        ada = TahunIKI.objects.filter(unit=unit, tahun=tahun).first()
        if ada is not None and not impor_iki._tahun_kosong(ada):
            kesalahan = [Kesalahan(f"IKI tahun {tahun} sudah berisi; pilih tahun lain.")]
            isi = None
        konteks.update(kesalahan=kesalahan, isi=isi, tahun=tahun, nama_berkas=berkas.name)
        if isi is not None and not kesalahan:
            berkas.seek(0)
            token = parkir(berkas.read(), user=request.user, jenis=PARKIR)
            request.session["impor_iki"] = {"token": token, "unit": unit.pk, "tahun": tahun, "nama": berkas.name}
            konteks["token"] = token
    return render(request, "iki/dokumen/impor.html", konteks)


@require_POST
@akses.untuk("dokumen", tulis=True)
def impor_simpan(request, kode: str):
    unit = akses.unit_atau_404(request.user, kode)
    token = request.POST.get("token", "")
    sesi = request.session.get("impor_iki") or {}
    if not _TOKEN.match(token) or sesi.get("token") != token or sesi.get("unit") != unit.pk:
        messages.error(request, "Pratinjau impor tidak ditemukan atau sudah kedaluwarsa; unggah berkasnya kembali.")
        return redirect("dokumen_impor", kode=unit.kode)
    data = ambil_parkiran(token, user=request.user, jenis=PARKIR)
    if data is None:
        messages.error(request, "Berkas pratinjau sudah tidak ada; unggah berkasnya kembali.")
        return redirect("dokumen_impor", kode=unit.kode)
    isi, kesalahan = impor_iki.read(data, sesi.get("nama") or "berkas.xlsx")
    if kesalahan:
        messages.error(request, "Berkas tidak lagi lolos pemeriksaan; unggah kembali.")
        return redirect("dokumen_impor", kode=unit.kode)
    try:
        tahun_iki = impor_iki.save(rows=isi, unit=unit, tahun=sesi["tahun"], user=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("dokumen_impor", kode=unit.kode)
    buang_parkiran(token, user=request.user, jenis=PARKIR)
    del request.session["impor_iki"]
    r = isi.ringkasan()
    messages.success(
        request,
        f"Set IKI {unit} tahun {tahun_iki.tahun} diimpor: {r['jabatan']} jabatan, {r['indikator']} indikator, "
        f"{r['baris']} baris IKI.",
    )
    return _ke_pratinjau(tahun_iki)


# --- The set as a page ---------------------------------------------------------------------------


@require_GET
@akses.untuk("set_iki")
def iki_unit_terkini(request):
    return akses.ke_tahun_terkini(request.user, "iki_unit")


@require_GET
@akses.untuk("set_iki")
def iki_unit(request, kode: str, tahun: int):
    """The unit's IKI set for a year: every jabatan with tugas, fungsi and its IKI table."""
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    variabel = Variabel.objects.order_by("urutan", "id")
    jabatan = list(
        tahun_iki.jabatan.prefetch_related(
            Prefetch("uraian", queryset=UraianJabatan.objects.order_by("jenis", "urutan")),
            Prefetch(
                "baris",
                queryset=BarisIKI.objects.select_related("sasaran", "indikator").prefetch_related(
                    Prefetch("indikator__variabel", queryset=variabel)
                ),
            ),
        )
    )
    konstanta = list(tahun_iki.konstanta.all())
    for j in jabatan:
        j.kelompok = kelompokkan(j.baris.all())
        for b in j.baris.all():
            b.penjelasan = b.indikator.rumus_dalam_kata(list(b.indikator.variabel.all()), konstanta)
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "jabatan_list": jabatan,
        "jumlah_baris": sum(len(j.baris.all()) for j in jabatan),
        "jumlah_indikator": Indikator.objects.filter(tahun=tahun_iki).count(),
        "boleh_persiapan": akses.boleh(request.user, "persiapan"),
        "boleh_target": akses.boleh(request.user, "target"),
        **konteks_tahun(request, tahun_iki),
        "boleh_indikator": akses.boleh(request.user, "indikator", tulis=True),
    }
    return render(request, "iki/iki_unit.html", konteks)
