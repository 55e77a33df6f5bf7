"""Screens of the Survei Kepuasan Masyarakat (IKM): periods, entry, results, reports.

Everyone who can see a unit can read its surveys; the operator and the staf of the unit enter
them (camat, pemantau and verifikator only read: 403 on writes). Another unit's survey is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iki.ikm import hitung as ikm
from iki.ikm import laporan as laporan_ikm
from iki.ikm import sumber as ikm_sumber
from iki.ikm.forms import FormKuesioner, FormLayanan, FormRekap, FormSurvei
from iki.ikm.impor import FormImpor
from iki.models import BarisIKI, Indikator, TahunIKI, UnitKerja
from iki.models.ikm import JenisLayanan, Kuesioner, RekapIKM, SurveiIKM
from iki.umum import akses
from iki.umum.excel import XLSX
from iki.umum.pilih_tahun import pilihan_tahun


def boleh_mengisi(user) -> bool:
    return akses.boleh(user, "ikm", tulis=True)


def _pastikan_pengisi(user) -> None:
    if not boleh_mengisi(user):
        raise PermissionDenied("Hanya operator dan staf unit yang dapat mengisi survei IKM.")


def _survei_atau_404(user, pk: int) -> SurveiIKM:
    return get_object_or_404(SurveiIKM.objects.terlihat(user).select_related("unit__kabupaten"), pk=pk)


def _url_hasil(survei: SurveiIKM) -> str:
    return reverse("ikm_hasil", args=[survei.pk])


def _tolak_bila_belum_dimulai(request, survei: SurveiIKM) -> HttpResponse | None:
    """A period that has not begun takes no answers: back to its results page, saying when it opens."""
    if alasan := survei.alasan_belum_dimulai(hari_ini=timezone.localdate()):
        messages.error(request, alasan)
        return redirect(_url_hasil(survei))
    return None


def _indikator_terisi(unit: UnitKerja, tahun: int) -> list[str]:
    """The jabatan whose IKI carries a survey indicator of this unit and year (one query)."""
    nama = (
        BarisIKI.objects.filter(
            indikator__jenis=Indikator.SURVEI, jabatan__tahun__unit=unit, jabatan__tahun__tahun=tahun
        )
        .order_by("jabatan__urutan", "jabatan_id")
        .values_list("jabatan__nama", flat=True)
    )
    return list(dict.fromkeys(nama))


# --- Periods -------------------------------------------------------------------------------------


def _tahun_survei_terkini(unit_id: int, tahun_ini: int) -> int:
    """The latest year up to this one with a survey, else the unit's working year (never a year
    merely copied), else this year."""
    tahun = SurveiIKM.objects.filter(unit_id=unit_id, tahun__lte=tahun_ini).aggregate(t=Max("tahun"))["t"]
    kerja = TahunIKI.objects.filter(unit_id=unit_id).tahun_kerja_per_unit(tahun_ini).get(unit_id)
    return tahun or kerja or tahun_ini


@require_GET
@akses.untuk("ikm")
def ikm_terkini(request):
    user = request.user
    tahun = timezone.localdate().year
    if user.unit_id:
        return redirect("ikm_tahun", kode=user.unit.kode, tahun=_tahun_survei_terkini(user.unit_id, tahun))
    units = user.unit_terlihat().order_by("nama")
    return render(request, "iki/ikm/pilih_unit.html", {"units": units, "tahun": tahun})


@require_GET
@akses.untuk("ikm")
def ikm_tahun(request, kode: str, tahun: int):
    """The unit's survey periods of a year with their IKM, and the year pooled."""
    unit = akses.unit_atau_404(request.user, kode)
    akses.tahun_sah_atau_404(tahun)
    survei = sorted(SurveiIKM.objects.filter(unit=unit, tahun=tahun), key=lambda s: s.urutan_waktu)
    per_survei = ikm_sumber.rekap_per_survei(SurveiIKM.objects.filter(unit=unit, tahun=tahun))
    baris = []
    for s in survei:
        rekap = per_survei.get(s.pk) or ikm_sumber.gabung([])
        baris.append({"survei": s, "rekap": rekap, "hasil": rekap.hasil()})
    tahunan = ikm_sumber.gabung(per_survei.values())
    form = FormSurvei(unit=unit, tahun=tahun) if boleh_mengisi(request.user) else None
    konteks = {
        "unit": unit,
        "tahun": tahun,
        "tahun_tetangga": akses.tahun_tetangga(tahun),
        "pilihan_tahun": pilihan_tahun(request, unit, tahun),
        "baris": baris,
        "tahunan": tahunan,
        "hasil_tahunan": tahunan.hasil(),
        "form": form,
        "tabel_sampel": ikm.TABEL_KREJCIE_MORGAN,
        "boleh_mengisi": boleh_mengisi(request.user),
        "jabatan_iki": _indikator_terisi(unit, tahun),
    }
    return render(request, "iki/ikm/tahun.html", konteks)


@require_http_methods(["GET", "POST"])
@akses.untuk("ikm", tulis=True)
def ikm_survei_baru(request, kode: str, tahun: int):
    unit = akses.unit_atau_404(request.user, kode)
    akses.tahun_sah_atau_404(tahun)
    form = FormSurvei(request.POST or None, unit=unit, tahun=tahun)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                survei = form.save(commit=False)
                survei.dibuat_oleh = request.user
                survei.save()
                form.save_m2m()
        except IntegrityError:
            form.add_error("periode", "Survei untuk periode ini baru saja dibuat oleh pengguna lain.")
        else:
            messages.success(request, f"Survei {survei.label} dibuat. Silakan isi kuesioner.")
            return redirect("ikm_kuesioner", pk=survei.pk)
    return render(
        request, "iki/ikm/survei_form.html",
        {"form": form, "unit": unit, "tahun": tahun, "tabel_sampel": ikm.TABEL_KREJCIE_MORGAN},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@akses.untuk("ikm", tulis=True)
def ikm_survei_ubah(request, pk: int):
    survei = _survei_atau_404(request.user, pk)
    form = FormSurvei(request.POST or None, instance=survei, unit=survei.unit, tahun=survei.tahun)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Survei {survei.label} disimpan.")
        return redirect(_url_hasil(survei))
    return render(
        request, "iki/ikm/survei_form.html",
        {"form": form, "survei": survei, "unit": survei.unit, "tahun": survei.tahun,
         "tabel_sampel": ikm.TABEL_KREJCIE_MORGAN},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@akses.untuk("ikm_hapus")
def ikm_survei_hapus(request, pk: int):
    """Deleting a whole period with its answers: the operator only, after a confirmation."""
    survei = _survei_atau_404(request.user, pk)
    rekap = ikm_sumber.rekap_survei(survei)
    if request.method == "POST":
        label, unit, tahun = survei.label, survei.unit, survei.tahun
        survei.delete()
        messages.success(request, f"Survei {label} beserta jawabannya dihapus.")
        return redirect("ikm_tahun", kode=unit.kode, tahun=tahun)
    return render(request, "iki/ikm/survei_hapus.html", {"survei": survei, "rekap": rekap})


# --- Services ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@akses.untuk("ikm")
def ikm_layanan(request, kode: str):
    unit = akses.unit_atau_404(request.user, kode)
    form = None
    if boleh_mengisi(request.user):
        form = FormLayanan(request.POST or None, unit=unit)
    if request.method == "POST":
        _pastikan_pengisi(request.user)
        if form.is_valid():
            layanan = form.save()
            messages.success(request, f"Layanan “{layanan.nama}” ditambahkan.")
            return redirect("ikm_layanan", kode=unit.kode)
    daftar = JenisLayanan.objects.filter(unit=unit)
    return render(request, "iki/ikm/layanan.html", {"unit": unit, "daftar": daftar, "form": form})


def _layanan_atau_404(user, pk: int) -> JenisLayanan:
    return get_object_or_404(JenisLayanan.objects.filter(unit__in=user.unit_terlihat()).select_related("unit"), pk=pk)


@require_http_methods(["GET", "POST"])
@akses.untuk("ikm", tulis=True)
def ikm_layanan_ubah(request, pk: int):
    layanan = _layanan_atau_404(request.user, pk)
    form = FormLayanan(request.POST or None, instance=layanan, unit=layanan.unit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Layanan “{layanan.nama}” disimpan.")
        return redirect("ikm_layanan", kode=layanan.unit.kode)
    return render(request, "iki/ikm/layanan_ubah.html", {"form": form, "layanan": layanan, "unit": layanan.unit})


@require_POST
@akses.untuk("ikm", tulis=True)
def ikm_layanan_hapus(request, pk: int):
    layanan = _layanan_atau_404(request.user, pk)
    try:
        layanan.delete()
    except (ProtectedError, RestrictedError):
        messages.error(
            request,
            f"Layanan “{layanan.nama}” sudah dipakai pada kuesioner sehingga tidak dapat dihapus; nonaktifkan saja.",
        )
    else:
        messages.success(request, f"Layanan “{layanan.nama}” dihapus.")
    return redirect("ikm_layanan", kode=layanan.unit.kode)


# --- Results -------------------------------------------------------------------------------------


@require_GET
@akses.untuk("ikm")
def ikm_hasil(request, pk: int):
    survei = _survei_atau_404(request.user, pk)
    r = laporan_ikm.ringkasan(survei)
    konteks = {
        "survei": survei,
        "unit": survei.unit,
        "r": r,
        "grafik": laporan_ikm.grafik_nrr(r.hasil),
        "boleh_mengisi": boleh_mengisi(request.user),
        "boleh_hapus": akses.boleh(request.user, "ikm_hapus", tulis=True),
        "jabatan_iki": _indikator_terisi(survei.unit, survei.tahun),
    }
    return render(request, "iki/ikm/hasil.html", konteks)


@require_GET
@akses.untuk("ikm")
def ikm_laporan_pdf(request, pk: int):
    survei = _survei_atau_404(request.user, pk)
    pdf = laporan_ikm.pdf_laporan(laporan_ikm.ringkasan(survei), hari_ini=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{laporan_ikm.nama_berkas(survei, "pdf")}"'
    return response


@require_GET
@akses.untuk("ikm")
def ikm_laporan_excel(request, pk: int):
    survei = _survei_atau_404(request.user, pk)
    data = laporan_ikm.excel_laporan(laporan_ikm.ringkasan(survei), hari_ini=timezone.localdate())
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{laporan_ikm.nama_berkas(survei, "xlsx")}"'
    return response


# --- Entry ---------------------------------------------------------------------------------------


def _kuesioner_terakhir(survei: SurveiIKM, user) -> Kuesioner | None:
    return Kuesioner.objects.filter(survei=survei, diisi_oleh=user).order_by("-nomor").first()


@require_http_methods(["GET", "POST"])
@akses.untuk("ikm", tulis=True)
def ikm_kuesioner(request, pk: int):
    """Fast entry of a stack of paper questionnaires: one form, Enter saves and starts the next.
    The date and service of the previous form carry over (a stack usually shares them)."""
    survei = _survei_atau_404(request.user, pk)
    if tolak := _tolak_bila_belum_dimulai(request, survei):
        return tolak
    hari_ini = timezone.localdate()
    if request.method == "POST":
        form = FormKuesioner(request.POST, survei=survei, hari_ini=hari_ini)
        if form.is_valid():
            k = ikm_sumber.simpan_kuesioner(survei=survei, kuesioner=form.save(commit=False), user=request.user)
            kosong = k.unsur_kosong
            pesan = f"Kuesioner no. {k.nomor} disimpan."
            if kosong:
                pesan += f" Unsur kosong: {', '.join(kosong)}."
            messages.success(request, pesan)
            return redirect("ikm_kuesioner", pk=survei.pk)
    else:
        terakhir = _kuesioner_terakhir(survei, request.user)
        awal = {"tanggal": terakhir.tanggal, "layanan": terakhir.layanan_id} if terakhir else {}
        if not awal and survei.memuat_tanggal(hari_ini):
            awal["tanggal"] = hari_ini
        form = FormKuesioner(initial=awal, survei=survei, hari_ini=hari_ini)
    rekap = ikm_sumber.rekap_survei(survei)
    terbaru = list(survei.kuesioner.select_related("layanan").order_by("-nomor")[:10])
    konteks = {
        "survei": survei,
        "unit": survei.unit,
        "form": form,
        "rekap": rekap,
        "hasil": rekap.hasil(),
        "terbaru": terbaru,
    }
    _siapkan_tampilan(form)
    return render(request, "iki/ikm/kuesioner.html", konteks)


def _fokus(form: FormKuesioner) -> str:
    """The field the cursor starts in: the first with an error; the first blank unsur when a blank
    needs confirming (so Enter confirms, a digit fills it); else age (date and service carry over
    from the previous form); else the date."""
    if form.is_bound:
        for nama in form.fields:
            if nama in form.errors and nama != "kosong_dikonfirmasi":
                return nama
        if form.kosong_perlu_konfirmasi:
            return form.kosong_perlu_konfirmasi.split(",")[0]
        return "umur"
    return "umur" if form.initial.get("tanggal") or form.instance.pk else "tanggal"


def _siapkan_tampilan(form: FormKuesioner) -> FormKuesioner:
    """Mark fields with errors for Bootstrap and put the cursor where typing goes on."""
    for nama in form.errors:
        if nama in form.fields:
            attrs = form.fields[nama].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
    form.fields[_fokus(form)].widget.attrs["autofocus"] = True
    return form


def _kuesioner_atau_404(user, pk: int) -> Kuesioner:
    return get_object_or_404(
        Kuesioner.objects.filter(survei__unit__in=user.unit_terlihat()).select_related("survei__unit"), pk=pk
    )


@require_http_methods(["GET", "POST"])
@akses.untuk("ikm", tulis=True)
def ikm_kuesioner_ubah(request, pk: int):
    kuesioner = _kuesioner_atau_404(request.user, pk)
    survei = kuesioner.survei
    form = FormKuesioner(request.POST or None, instance=kuesioner, survei=survei, hari_ini=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        ikm_sumber.simpan_kuesioner(survei=survei, kuesioner=form.save(commit=False), user=request.user)
        messages.success(request, f"Kuesioner no. {kuesioner.nomor} diperbarui.")
        return redirect("ikm_kuesioner_daftar", pk=survei.pk)
    konteks = {"survei": survei, "unit": survei.unit, "form": _siapkan_tampilan(form), "kuesioner": kuesioner}
    return render(request, "iki/ikm/kuesioner_ubah.html", konteks)


@require_POST
@akses.untuk("ikm", tulis=True)
def ikm_kuesioner_hapus(request, pk: int):
    kuesioner = _kuesioner_atau_404(request.user, pk)
    survei, nomor = kuesioner.survei, kuesioner.nomor
    kuesioner.delete()
    messages.success(request, f"Kuesioner no. {nomor} dihapus.")
    return redirect("ikm_kuesioner_daftar", pk=survei.pk)


@require_GET
@akses.untuk("ikm")
def ikm_kuesioner_daftar(request, pk: int):
    survei = _survei_atau_404(request.user, pk)
    semua = survei.kuesioner.select_related("layanan").order_by("nomor")
    halaman = Paginator(semua, 50).get_page(request.GET.get("halaman"))
    konteks = {
        "survei": survei,
        "unit": survei.unit,
        "halaman": halaman,
        "kode_unsur": ikm.KODE_UNSUR,
        "boleh_mengisi": boleh_mengisi(request.user),
    }
    return render(request, "iki/ikm/kuesioner_daftar.html", konteks)


@require_http_methods(["GET", "POST"])
@akses.untuk("ikm", tulis=True)
def ikm_rekap(request, pk: int):
    """Tallies per unsur, for questionnaires counted on paper."""
    survei = _survei_atau_404(request.user, pk)
    if tolak := _tolak_bila_belum_dimulai(request, survei):
        return tolak
    lama = RekapIKM.objects.filter(survei=survei).prefetch_related("unsur").first()
    awal = {}
    if lama is not None:
        awal = {u.unsur: {"n1": u.n1, "n2": u.n2, "n3": u.n3, "n4": u.n4, "kosong": u.kosong} for u in lama.unsur.all()}
    form = FormRekap(
        request.POST or None, awal=awal, initial={"jumlah_responden": lama.jumlah_responden if lama else ""}
    )
    if request.method == "POST" and form.is_valid():
        n = form.cleaned_data["jumlah_responden"]
        ikm_sumber.simpan_rekap(survei=survei, jumlah_responden=n, rekap=form.rekap(), user=request.user)
        messages.success(request, f"Rekap {n} responden disimpan." if n else "Rekap dihapus.")
        return redirect(_url_hasil(survei))
    return render(request, "iki/ikm/rekap.html", {"survei": survei, "unit": survei.unit, "form": form, "lama": lama})


@require_http_methods(["GET", "POST"])
@akses.untuk("ikm", tulis=True)
def ikm_impor(request, pk: int):
    """Upload questionnaires from the Excel template: every error by row and column, all or nothing."""
    survei = _survei_atau_404(request.user, pk)
    if tolak := _tolak_bila_belum_dimulai(request, survei):
        return tolak
    form = FormImpor(request.POST or None, request.FILES or None, survei=survei, hari_ini=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        baris = form.hasil.baris
        ikm_sumber.simpan_impor(survei=survei, baris=baris, user=request.user)
        pesan = f"{len(baris)} kuesioner dari Excel disimpan."
        if form.hasil.jumlah_dengan_kosong:
            pesan += f" {form.hasil.jumlah_dengan_kosong} di antaranya memiliki unsur kosong."
        messages.success(request, pesan)
        return redirect(_url_hasil(survei))
    return render(request, "iki/ikm/impor.html", {"survei": survei, "unit": survei.unit, "form": form})


@require_GET
@akses.untuk("ikm", tulis=True)
def ikm_templat(request, pk: int):
    survei = _survei_atau_404(request.user, pk)
    data = laporan_ikm.templat_impor(survei, list(JenisLayanan.objects.filter(unit_id=survei.unit_id)))
    response = HttpResponse(data, content_type=XLSX)
    nama = f"templat-kuesioner-ikm-{survei.unit.kode}-{survei.tahun}-{survei.periode.kode}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response
