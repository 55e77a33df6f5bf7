"""Screens of the monthly presensi verification for TPP.

Who may do what: the unit's operator does everything; the camat and pemantau may look and
download (their POSTs are 403); staf and verifikator have no business here (403). Another unit
is not found (404).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iki.inti import angka
from iki.models import (
    AturanPotongan,
    BerkasPaket,
    BesaranTpp,
    HariLibur,
    PaketPresensi,
    Pegawai,
    PengaturanPresensi,
    PresensiBulan,
    RekapPresensi,
    SuratKeluar,
)
from iki.presensi import hitung
from iki.presensi import libur as libur_nasional_data
from iki.presensi.forms import (
    FormAturan,
    FormHariLibur,
    FormImpor,
    FormMuatLibur,
    FormNomorTerakhir,
    FormPaket,
    FormPengaturan,
    FormRekapPegawai,
    FormSuratKeluar,
    FormTpp,
)
from iki.presensi.impor import PegawaiDikenal, RekapDitolak, baca, simpan_rekap, simpan_rekap_pegawai
from iki.presensi.surat import (
    BerkasBerubah,
    PaketDitolak,
    ambil_nomor,
    baca_berkas_tersimpan,
    buat_paket,
    nomor_terakhir,
    periksa_siap,
    rincian_bulan,
    setel_nomor_terakhir,
    tpp_dasar_bulan,
)
from iki.umum import akses
from iki.umum.pilih_tahun import pilihan_tahun


def _boleh_ubah(user) -> bool:
    return akses.boleh(user, "presensi", tulis=True)


def _wajib_penulis(user) -> None:
    if not _boleh_ubah(user):
        raise PermissionDenied("Hanya operator unit yang dapat mengubah data presensi.")


def _periode_atau_404(tahun: int, bulan: int) -> None:
    akses.tahun_sah_atau_404(tahun)
    akses.bulan_atau_404(bulan)


def _libur(unit, tahun: int) -> list[date]:
    return list(HariLibur.objects.filter(unit=unit, tanggal__year=tahun).values_list("tanggal", flat=True))


def _hari_kerja(unit, tahun: int, bulan: int) -> list[date]:
    return hitung.hari_kerja(tahun, bulan, _libur(unit, tahun))


# --- Overview --------------------------------------------------------------------------------------


@require_GET
@akses.untuk("presensi")
def beranda(request):
    user = request.user
    if user.unit_id is not None:
        return redirect("presensi_unit", kode=user.unit.kode)
    units = user.unit_terlihat().select_related("kabupaten")
    return render(request, "iki/presensi/beranda.html", {"units": units})


@require_GET
@akses.untuk("presensi")
def unit_tahun(request, kode: str):
    """A unit's year: each month's recap and the packages sent (the history)."""
    unit = akses.unit_atau_404(request.user, kode)
    try:
        tahun = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        tahun = timezone.localdate().year
    akses.tahun_sah_atau_404(tahun)
    libur = _libur(unit, tahun)
    bulan_ada = {
        p.bulan: p for p in PresensiBulan.objects.filter(unit=unit, tahun=tahun).annotate(jumlah_pegawai=Count("rekap"))
    }
    paket = list(
        PaketPresensi.objects.filter(presensi__unit=unit, presensi__tahun=tahun)
        .select_related("surat", "presensi", "dibuat_oleh")
        .prefetch_related(Prefetch("berkas", queryset=BerkasPaket.objects.order_by("jenis")))
        .order_by("presensi__bulan", "dibuat_pada")
    )
    daftar = []
    for bulan in range(1, 13):
        daftar.append(
            {
                "bulan": bulan,
                "nama": angka.nama_bulan(bulan),
                "hari_kerja": len(hitung.hari_kerja(tahun, bulan, libur)),
                "presensi": bulan_ada.get(bulan),
                "paket": [p for p in paket if p.presensi.bulan == bulan],
            }
        )
    konteks = {
        "unit": unit,
        "tahun": tahun,
        "tahun_tetangga": akses.tahun_tetangga(tahun),
        "pilihan_tahun": pilihan_tahun(request, unit, tahun),
        "bulan_list": daftar,
        "paket_list": paket,
        "boleh_ubah": _boleh_ubah(request.user),
        "jumlah_aturan": AturanPotongan.objects.filter(unit=unit).count(),
        "jumlah_libur": len(libur),
    }
    return render(request, "iki/presensi/unit.html", konteks)


# --- One month -------------------------------------------------------------------------------------


def _konteks_bulan(request, unit, tahun: int, bulan: int, **tambahan) -> dict:
    hari_ini = timezone.localdate()
    presensi_bulan = PresensiBulan.objects.filter(unit=unit, tahun=tahun, bulan=bulan).first()
    hari = _hari_kerja(unit, tahun, bulan)
    rincian = rincian_bulan(presensi_bulan) if presensi_bulan else None
    sudah = {b.pegawai_id for b in rincian.baris} if rincian else set()
    pegawai_belum = [p for p in Pegawai.objects.filter(unit=unit).order_by("nama") if p.id not in sudah]
    pengaturan = PengaturanPresensi.untuk(unit)
    paket = (
        list(
            presensi_bulan.paket.select_related("surat", "dibuat_oleh")
            .prefetch_related("berkas")
            .order_by("-dibuat_pada")
        )
        if presensi_bulan
        else []
    )
    konteks = {
        "unit": unit,
        "tahun": tahun,
        "bulan": bulan,
        "periode": angka.nama_bulan(bulan, tahun),
        "hari_kerja": hari,
        "libur_bulan": HariLibur.objects.filter(unit=unit, tanggal__year=tahun, tanggal__month=bulan),
        "presensi_bulan": presensi_bulan,
        "r": rincian,
        "pegawai_belum": pegawai_belum,
        "boleh_ubah": _boleh_ubah(request.user),
        "paket_list": paket,
        "syarat_paket": periksa_siap(presensi_bulan) if presensi_bulan else [],
        "hari_kerja_berubah": presensi_bulan is not None and presensi_bulan.hari_kerja != len(hari),
        "jam": pengaturan.jam_kerja(),
        "bulan_lalu": (tahun, bulan - 1) if bulan > 1 else (tahun - 1, 12),
        "bulan_depan": (tahun, bulan + 1) if bulan < 12 else (tahun + 1, 1),
        "bulan_ditolak": hitung.periksa_bulan(tahun, bulan, hari_ini=hari_ini),
    }
    konteks.setdefault("form_impor", FormImpor(sudah_ada=bool(rincian and rincian.baris)))
    konteks.setdefault(
        "form_paket",
        FormPaket(
            tahun=tahun,
            bulan=bulan,
            initial={"tanggal_surat": hari_ini, "klasifikasi": pengaturan.kode_klasifikasi},
        ),
    )
    konteks.update(tambahan)
    return konteks


@require_GET
@akses.untuk("presensi")
def bulan(request, kode: str, tahun: int, bulan: int):
    _periode_atau_404(tahun, bulan)
    unit = akses.unit_atau_404(request.user, kode)
    return render(request, "iki/presensi/bulan.html", _konteks_bulan(request, unit, tahun, bulan))


@require_POST
@akses.untuk("presensi", tulis=True)
def impor(request, kode: str, tahun: int, bulan: int):
    _periode_atau_404(tahun, bulan)
    unit = akses.unit_atau_404(request.user, kode)
    hari_ini = timezone.localdate()
    sudah_ada = RekapPresensi.objects.filter(presensi__unit=unit, presensi__tahun=tahun, presensi__bulan=bulan).exists()
    form = FormImpor(request.POST, request.FILES, sudah_ada=sudah_ada)
    if not form.is_valid():
        return render(request, "iki/presensi/bulan.html", _konteks_bulan(request, unit, tahun, bulan, form_impor=form))
    berkas = form.cleaned_data["berkas"]
    hasil = baca(
        berkas,
        nama_berkas=berkas.name,
        tahun=tahun,
        bulan=bulan,
        pegawai=[PegawaiDikenal(p.id, p.nip, p.nama) for p in Pegawai.objects.filter(unit=unit)],
        libur=_libur(unit, tahun),
        jam=PengaturanPresensi.untuk(unit).jam_kerja(),
        nama_unit=unit.nama_wilayah,
        hari_ini=hari_ini,
    )
    if not hasil.sah:
        if not hasil.kesalahan:
            form.add_error("berkas", "Berkas tidak berisi satu pun pegawai unit ini.")
        konteks = _konteks_bulan(request, unit, tahun, bulan, form_impor=form, hasil_impor=hasil)
        return render(request, "iki/presensi/bulan.html", konteks)
    try:
        simpan_rekap(
            unit=unit,
            tahun=tahun,
            bulan=bulan,
            rekap=hasil.rekap,
            hari_kerja=hasil.hari_kerja,
            sumber=PresensiBulan.IMPOR,
            nama_berkas=berkas.name,
            oleh=request.user,
            hari_ini=hari_ini,
        )
    except RekapDitolak as e:
        form.add_error(None, e.pesan)
        return render(request, "iki/presensi/bulan.html", _konteks_bulan(request, unit, tahun, bulan, form_impor=form))
    messages.success(
        request,
        f"Rekap {angka.nama_bulan(bulan, tahun)} tersimpan: {len(hasil.rekap)} pegawai "
        f"dari {hasil.jumlah_baris} baris "
        f"({'harian' if hasil.tata_letak == 'harian' else 'rekap bulanan'}). Periksa rekap di bawah.",
    )
    for p in hasil.peringatan:
        messages.warning(request, p)
    return redirect("presensi_bulan", kode=unit.kode, tahun=tahun, bulan=bulan)


@require_http_methods(["GET", "POST"])
@akses.untuk("presensi")
def rekap_pegawai(request, kode: str, tahun: int, bulan: int, pegawai_id: int):
    """Key in or correct one pegawai's month."""
    _periode_atau_404(tahun, bulan)
    unit = akses.unit_atau_404(request.user, kode)
    pegawai = get_object_or_404(Pegawai, pk=pegawai_id, unit=unit)
    ada = (
        RekapPresensi.objects.filter(presensi__unit=unit, presensi__tahun=tahun, presensi__bulan=bulan, pegawai=pegawai)
        .select_related("presensi")
        .first()
    )
    hari_kerja = len(_hari_kerja(unit, tahun, bulan))
    lama = ada.sebagai_rekap() if ada else None
    hari_ini = timezone.localdate()
    bulan_ditolak = hitung.periksa_bulan(tahun, bulan, hari_ini=hari_ini)
    if request.method == "POST":
        _wajib_penulis(request.user)
    if request.method == "POST" and not bulan_ditolak:
        form = FormRekapPegawai(request.POST, hari_kerja=hari_kerja)
        if form.is_valid():
            try:
                simpan_rekap_pegawai(
                    unit=unit,
                    tahun=tahun,
                    bulan=bulan,
                    pegawai=pegawai,
                    rekap=form.rekap(lama=lama),
                    oleh=request.user,
                    catatan=form.cleaned_data["catatan"],
                    hari_ini=hari_ini,
                )
            except RekapDitolak as e:
                form.add_error(None, e.pesan)
            else:
                messages.success(request, f"Rekap {pegawai.nama} bulan {angka.nama_bulan(bulan, tahun)} tersimpan.")
                return redirect("presensi_bulan", kode=unit.kode, tahun=tahun, bulan=bulan)
    else:
        form = FormRekapPegawai(
            initial=FormRekapPegawai.awal_dari(lama, ada.catatan) if ada else None, hari_kerja=hari_kerja
        )
    konteks = {
        "unit": unit,
        "tahun": tahun,
        "bulan": bulan,
        "periode": angka.nama_bulan(bulan, tahun),
        "pegawai": pegawai,
        "form": form,
        "hari_kerja": hari_kerja,
        "ada": ada,
        "boleh_ubah": _boleh_ubah(request.user),
        "bulan_ditolak": bulan_ditolak,
    }
    return render(request, "iki/presensi/rekap_pegawai.html", konteks)


@require_POST
@akses.untuk("presensi", tulis=True)
def paket_buat(request, kode: str, tahun: int, bulan: int):
    """One action: number the letter and produce the whole package."""
    _periode_atau_404(tahun, bulan)
    unit = akses.unit_atau_404(request.user, kode)
    presensi_bulan = (
        PresensiBulan.objects.filter(unit=unit, tahun=tahun, bulan=bulan)
        .select_related("unit__kabupaten", "unit__pimpinan")
        .first()
    )
    form = FormPaket(request.POST, tahun=tahun, bulan=bulan)
    if presensi_bulan is None:
        form.add_error(None, "Rekap presensi bulan ini masih kosong: impor berkas mesin presensi atau isi manual.")
    elif alasan := hitung.periksa_bulan(tahun, bulan, hari_ini=timezone.localdate()):
        # A recap stored before months were checked: the letter waits for the month to end.
        form.add_error(None, alasan)
    if not form.is_valid() or presensi_bulan is None:
        return render(request, "iki/presensi/bulan.html", _konteks_bulan(request, unit, tahun, bulan, form_paket=form))
    try:
        paket = buat_paket(
            presensi_bulan=presensi_bulan,
            tanggal_surat=form.cleaned_data["tanggal_surat"],
            klasifikasi=form.cleaned_data["klasifikasi"],
            oleh=request.user,
        )
    except PaketDitolak as e:
        form.add_error(None, e.pesan)
        return render(request, "iki/presensi/bulan.html", _konteks_bulan(request, unit, tahun, bulan, form_paket=form))
    messages.success(
        request,
        f"Paket verifikasi presensi {angka.nama_bulan(bulan, tahun)} dibuat dengan surat Nomor {paket.surat.nomor} "
        f"tanggal {angka.format_tanggal(paket.surat.tanggal)}. Unduh di bawah.",
    )
    return redirect("presensi_bulan", kode=unit.kode, tahun=tahun, bulan=bulan)


@require_GET
@akses.untuk("presensi")
def unduh(request, kode: str, berkas_id: int):
    """A stored package file, byte for byte as it was made (checked against its SHA-256)."""
    unit = akses.unit_atau_404(request.user, kode)
    berkas = get_object_or_404(
        BerkasPaket.objects.select_related("paket__presensi"), pk=berkas_id, paket__presensi__unit=unit
    )
    try:
        isi = baca_berkas_tersimpan(berkas)
    except FileNotFoundError:
        raise Http404("Berkas paket tidak ditemukan di penyimpanan.") from None
    except BerkasBerubah:
        return render(request, "iki/presensi/berkas_berubah.html", {"unit": unit, "berkas": berkas}, status=409)
    response = HttpResponse(isi, content_type=berkas.jenis_konten)
    response["Content-Disposition"] = f'attachment; filename="{berkas.nama_unduh}"'
    response["Content-Length"] = str(len(isi))
    response["X-Content-SHA256"] = berkas.sha256
    return response


# --- Settings, holidays, rules, TPP base -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@akses.untuk("presensi")
def pengaturan(request, kode: str):
    unit = akses.unit_atau_404(request.user, kode)
    instance = PengaturanPresensi.untuk(unit)
    if request.method == "POST":
        _wajib_penulis(request.user)
        form = FormPengaturan(request.POST, instance=instance)
        if form.is_valid():
            form.instance.unit = unit
            form.save()
            messages.success(request, "Pengaturan presensi tersimpan.")
            return redirect("presensi_pengaturan", kode=unit.kode)
    else:
        form = FormPengaturan(instance=instance)
    konteks = {"unit": unit, "form": form, "boleh_ubah": _boleh_ubah(request.user), "pengaturan": instance}
    return render(request, "iki/presensi/pengaturan.html", konteks)


@require_http_methods(["GET", "POST"])
@akses.untuk("presensi")
def libur(request, kode: str, tahun: int):
    akses.tahun_sah_atau_404(tahun)
    unit = akses.unit_atau_404(request.user, kode)
    if request.method == "POST":
        _wajib_penulis(request.user)
        form = FormHariLibur(request.POST, unit=unit, tahun=tahun)
        if form.is_valid():
            h = form.save()
            messages.success(request, f"Hari libur {h} tersimpan.")
            return redirect("presensi_libur", kode=unit.kode, tahun=tahun)
    else:
        form = FormHariLibur(unit=unit, tahun=tahun)
    daftar = HariLibur.objects.filter(unit=unit, tanggal__year=tahun).order_by("tanggal")
    konteks = {
        "unit": unit,
        "tahun": tahun,
        "form": form,
        "libur_list": daftar,
        "boleh_ubah": _boleh_ubah(request.user),
        "ada_daftar_nasional": libur_nasional_data.daftar_nasional(tahun) is not None,
    }
    return render(request, "iki/presensi/libur.html", konteks)


@require_http_methods(["GET", "POST"])
@akses.untuk("presensi")
def libur_nasional(request, kode: str, tahun: int):
    """Review the shipped national holidays and cuti bersama of a year and load those accepted."""
    akses.tahun_sah_atau_404(tahun)
    unit = akses.unit_atau_404(request.user, kode)
    daftar = libur_nasional_data.daftar_nasional(tahun)
    if daftar is None:
        raise Http404(f"Aplikasi belum membawa daftar libur nasional tahun {tahun}.")
    ada = set(HariLibur.objects.filter(unit=unit, tanggal__year=tahun).values_list("tanggal", flat=True))
    pilihan = [e.tanggal for e in daftar.entri if e.tanggal not in ada and not e.akhir_pekan]
    if request.method == "POST":
        _wajib_penulis(request.user)
        form = FormMuatLibur(request.POST, pilihan=pilihan)
        if form.is_valid():
            baru = libur_nasional_data.muat_libur(unit, daftar, form.cleaned_data["tanggal"])
            messages.success(request, f"{len(baru)} hari libur dan cuti bersama {tahun} dimuat.")
            return redirect("presensi_libur", kode=unit.kode, tahun=tahun)
    else:
        form = FormMuatLibur(pilihan=pilihan, initial={"tanggal": [t.isoformat() for t in pilihan]})
    dipilih = set(form["tanggal"].value() or [])
    baris = [
        {"entri": e, "ada": e.tanggal in ada, "dapat": e.tanggal in pilihan,
         "dipilih": e.tanggal.isoformat() in dipilih}
        for e in daftar.entri
    ]
    konteks = {
        "unit": unit,
        "tahun": tahun,
        "daftar": daftar,
        "baris": baris,
        "form": form,
        "boleh_ubah": _boleh_ubah(request.user),
    }
    return render(request, "iki/presensi/libur_nasional.html", konteks)


@require_POST
@akses.untuk("presensi", tulis=True)
def libur_hapus(request, kode: str, pk: int):
    unit = akses.unit_atau_404(request.user, kode)
    h = get_object_or_404(HariLibur, pk=pk, unit=unit)
    tahun = h.tanggal.year
    h.delete()
    messages.success(request, f"Hari libur {h} dihapus.")
    return redirect("presensi_libur", kode=unit.kode, tahun=tahun)


@require_http_methods(["GET", "POST"])
@akses.untuk("presensi")
def aturan(request, kode: str):
    unit = akses.unit_atau_404(request.user, kode)
    if request.method == "POST":
        _wajib_penulis(request.user)
        form = FormAturan(request.POST, unit=unit)
        if form.is_valid():
            a = form.save()
            messages.success(request, f"Aturan potongan «{a}» tersimpan.")
            return redirect("presensi_aturan", kode=unit.kode)
    else:
        form = FormAturan(unit=unit)
    konteks = {
        "unit": unit,
        "form": form,
        "aturan_list": AturanPotongan.objects.filter(unit=unit),
        "pengaturan": PengaturanPresensi.untuk(unit),
        "boleh_ubah": _boleh_ubah(request.user),
    }
    return render(request, "iki/presensi/aturan.html", konteks)


@require_POST
@akses.untuk("presensi", tulis=True)
def aturan_hapus(request, kode: str, pk: int):
    unit = akses.unit_atau_404(request.user, kode)
    a = get_object_or_404(AturanPotongan, pk=pk, unit=unit)
    a.delete()
    messages.success(request, f"Aturan potongan «{a}» dihapus.")
    return redirect("presensi_aturan", kode=unit.kode)


@require_http_methods(["GET", "POST"])
@akses.untuk("presensi")
def tpp(request, kode: str):
    """Base TPP of the unit's pegawai, valid from a month."""
    unit = akses.unit_atau_404(request.user, kode)
    hari_ini = timezone.localdate()
    try:
        tahun = int(request.GET.get("tahun") or hari_ini.year)
        bulan = int(request.GET.get("bulan") or hari_ini.month)
    except ValueError:
        tahun, bulan = hari_ini.year, hari_ini.month
    _periode_atau_404(tahun, bulan)
    pegawai = list(Pegawai.objects.filter(unit=unit).order_by("nama"))
    sekarang = tpp_dasar_bulan([p.id for p in pegawai], tahun, bulan)
    if request.method == "POST":
        _wajib_penulis(request.user)
        form = FormTpp(request.POST, pegawai=pegawai, tpp_sekarang=sekarang)
        if form.is_valid():
            t, b = form.cleaned_data["berlaku_tahun"], form.cleaned_data["berlaku_bulan"]
            berubah = _simpan_tpp(
                form.jumlah_per_pegawai(), tahun=t, bulan=b, sekarang=tpp_dasar_bulan([p.id for p in pegawai], t, b)
            )
            messages.success(
                request, f"TPP dasar {berubah} pegawai tersimpan, berlaku mulai {angka.nama_bulan(b, t)}."
            )
            return redirect(f"{request.path}?tahun={t}&bulan={b}")
    else:
        form = FormTpp(pegawai=pegawai, tpp_sekarang=sekarang, initial={"berlaku_tahun": tahun, "berlaku_bulan": bulan})
    riwayat = (
        BesaranTpp.objects.filter(pegawai__unit=unit)
        .select_related("pegawai")
        .order_by("-berlaku_tahun", "-berlaku_bulan", "pegawai__nama")[:50]
    )
    konteks = {
        "unit": unit,
        "form": form,
        "tahun": tahun,
        "bulan": bulan,
        "periode": angka.nama_bulan(bulan, tahun),
        "riwayat": riwayat,
        "boleh_ubah": _boleh_ubah(request.user),
    }
    return render(request, "iki/presensi/tpp.html", konteks)


@transaction.atomic
def _simpan_tpp(jumlah: dict, *, tahun: int, bulan: int, sekarang: dict) -> int:
    berubah = 0
    for pegawai_id, nilai in jumlah.items():
        if sekarang.get(pegawai_id) == nilai:
            continue
        BesaranTpp.objects.update_or_create(
            pegawai_id=pegawai_id, berlaku_tahun=tahun, berlaku_bulan=bulan, defaults={"jumlah": nilai}
        )
        berubah += 1
    return berubah


# --- Letter register -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@akses.untuk("presensi")
def surat(request, kode: str, tahun: int):
    """The agenda surat keluar of a year; the operator may take a number for any other letter."""
    akses.tahun_sah_atau_404(tahun)
    unit = akses.unit_atau_404(request.user, kode)
    if request.method == "POST":
        _wajib_penulis(request.user)
        form = FormSuratKeluar(request.POST, tahun=tahun)
        if form.is_valid():
            s = ambil_nomor(unit=unit, oleh=request.user, **form.cleaned_data)
            messages.success(request, f"Nomor surat {s.nomor} dicatat untuk «{s.hal}».")
            return redirect("presensi_surat", kode=unit.kode, tahun=tahun)
    else:
        awal = timezone.localdate() if timezone.localdate().year == tahun else date(tahun, 1, 1)
        form = FormSuratKeluar(tahun=tahun, initial={"tanggal": awal, "klasifikasi": "800"})
    konteks = {
        "unit": unit,
        "tahun": tahun,
        "form": form,
        "form_nomor": FormNomorTerakhir(initial={"nomor": nomor_terakhir(unit, tahun)}),
        "surat_list": SuratKeluar.objects.filter(unit=unit, tahun=tahun).select_related(
            "dibuat_oleh", "paket_presensi"
        ),
        "nomor_terakhir": nomor_terakhir(unit, tahun),
        "boleh_ubah": _boleh_ubah(request.user),
    }
    return render(request, "iki/presensi/surat.html", konteks)


@require_POST
@akses.untuk("presensi", tulis=True)
def nomor_terakhir_setel(request, kode: str, tahun: int):
    akses.tahun_sah_atau_404(tahun)
    unit = akses.unit_atau_404(request.user, kode)
    form = FormNomorTerakhir(request.POST)
    if form.is_valid():
        try:
            setel_nomor_terakhir(unit=unit, tahun=tahun, nomor=form.cleaned_data["nomor"])
        except ValueError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"Nomor terakhir {tahun} disetel ke {form.cleaned_data['nomor']}.")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("presensi_surat", kode=unit.kode, tahun=tahun)
