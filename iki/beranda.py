
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from iki.inti.angka import nama_bulan
from iki.models import BarisIKI, Jabatan, Pengguna, Realisasi, TahunIKI
from iki.realisasi import alur as verifikasi
from iki.realisasi.daftar_tugas import daftar_tugas
from iki.realisasi.kalender import tanggal_acuan
from iki.umum import akses


@require_GET
@akses.untuk("beranda")
def beranda(request):
    user: Pengguna = request.user
    if user.unit_id is None:
        return redirect("daftar_unit")
    unit = user.unit
    tahun = TahunIKI.objects.terkini(unit)
    # The WhatsApp reminders beside the late list (camat) and what waits (operator).
    konteks = {"unit": unit, "tahun": tahun, "boleh_whatsapp": akses.boleh(user, "pengingat_whatsapp")}
    if tahun is not None:
        jabatan_saya = list(user.jabatan_pada(tahun, tanggal_acuan(tahun.tahun, timezone.localdate())))
        konteks["jabatan_saya"] = jabatan_saya
        konteks["ringkasan"] = {
            "jabatan": tahun.jabatan.count(),
            "baris": BarisIKI.objects.filter(jabatan__tahun=tahun).count(),
            "indikator": tahun.indikator.count(),
        }
        if user.peran == Pengguna.STAF:
            # Only what needs the staf's action, returned values first; the rest collapsed.
            konteks["tugas"] = daftar_tugas(user, tahun)
        if user.peran == Pengguna.VERIFIKATOR:
            konteks["bawahan"] = Jabatan.objects.filter(atasan__in=jabatan_saya).annotate(
                jumlah_variabel=Count("variabel_diisi")
            )
        if user.peran in (Pengguna.VERIFIKATOR, Pengguna.OPERATOR):
            konteks["menunggu"] = _menunggu(verifikasi.menunggu_verifikasi(user, tahun), tahun)
        if user.peran == Pengguna.CAMAT:
            # The camat's home page is the dashboard, after what waits in the unit.
            from iki.capaian.views_dasbor import konteks_dasbor

            konteks.update(konteks_dasbor(user, tahun), tampil_dasbor=True)
            konteks["menunggu"] = _menunggu(
                Realisasi.objects.diajukan().filter(variabel__indikator__tahun=tahun), tahun
            )
    return render(request, "iki/beranda.html", konteks)


def _menunggu(qs, tahun: TahunIKI) -> list[dict]:
    """Values waiting for verification counted by jabatan and month, each with the link to its
    group on the verification page."""
    url = reverse("verifikasi_daftar") + f"?tahun={tahun.tahun}"
    return [
        {**m, "nama_bulan": nama_bulan(m["bulan"]), "url": f"{url}#kelompok-{m['variabel__pengisi']}-{m['bulan']}"}
        for m in qs.values("variabel__pengisi", "variabel__pengisi__nama", "variabel__pengisi__urutan", "bulan")
        .annotate(jumlah=Count("id"))
        .order_by("variabel__pengisi__urutan", "variabel__pengisi", "bulan")
    ]


@require_GET
@akses.untuk("unit")
def daftar_unit(request):
    """The units the user may see, each with its years and the screens the user may open there;
    a pemantau's starting page."""
    user: Pengguna = request.user
    units = list(user.unit_terlihat().select_related("kabupaten").order_by("kabupaten__nama", "nama"))
    tahun_iki = TahunIKI.objects.filter(unit__in=units)
    tahun_per_unit: dict[int, list[int]] = {}
    for unit_id, tahun in tahun_iki.order_by("tahun").values_list("unit_id", "tahun"):
        tahun_per_unit.setdefault(unit_id, []).append(tahun)
    kerja_per_unit = tahun_iki.tahun_kerja_per_unit()
    baris = []
    for u in units:
        daftar = tahun_per_unit.get(u.pk, [])
        terkini = kerja_per_unit.get(u.pk)
        layar = []
        if terkini:
            layar.append(("dasbor", reverse("dasbor_unit", args=[u.kode, terkini])))
            layar.append(("dokumen", reverse("dokumen_pratinjau", args=[u.kode, terkini])))
        layar.append(("ikm", reverse("ikm_tahun", args=[u.kode, terkini or timezone.localdate().year])))
        layar.append(("presensi", reverse("presensi_unit", args=[u.kode])))
        baris.append({
            "unit": u,
            "tahun": [(t, reverse("iki_unit", args=[u.kode, t])) for t in daftar],
            # The buttons of the screens the user's role may open (akses.LAYAR).
            "layar": [(akses.LAYAR[nama].label, url) for nama, url in layar if akses.boleh(user, nama)],
        })
    # The kabupaten side by side, when the units listed are of one kabupaten, at its default year.
    kabupaten = {u.kabupaten for u in units}
    dasbor_kabupaten = None
    if len(kabupaten) == 1 and akses.boleh(user, "dasbor_kabupaten"):
        kab = kabupaten.pop()
        tahun = tahun_iki.tahun_terkini() or timezone.localdate().year
        dasbor_kabupaten = (kab, reverse("dasbor_kabupaten", args=[kab.kode, tahun]))
    return render(request, "iki/daftar_unit.html", {"baris": baris, "dasbor_kabupaten": dasbor_kabupaten})


# The first-day guide (README "Hari pertama"): its steps, with the screen each one happens on.
LANGKAH_HARI_PERTAMA = [
    ("Siapkan server dan akun super",
     "Pasang aplikasi (make setup), jalankan python manage.py migrate, lalu python manage.py createsuperuser.",
     None),
    ("Buat kabupaten dan unit kerja",
     "Masuk ke Pengaturan (admin) dengan akun super: tambah Kabupaten, lalu Unit kerja dengan nama, kop surat, "
     "kode surat dan tanggal batas isian.", "admin:index"),
    ("Buat akun operator unit",
     "Di Pengaturan › Pengguna: tambah pengguna dengan peran Operator dan unit kerjanya. Operator lalu masuk "
     "dengan akunnya sendiri.", "admin:iki_pengguna_changelist"),
    ("Buat tahun IKI pada Persiapan tahun",
     "Operator membuka menu Persiapan tahun dan membuat tahun IKI: kosong, atau salinan tahun sebelumnya.",
     "set_iki_persiapan_terkini"),
    ("Ikuti daftar persiapan sampai setiap langkah selesai",
     "Data unit, konstanta, jabatan dengan tugas, fungsi dan atasan, pegawai dan penugasannya (definitif, "
     "Plt, Plh), sasaran, indikator, variabel dan rumus, target, akun pegawai, hari libur, aturan TPP, "
     "tinjauan mutu. Setiap langkah menautkan layar yang mengerjakannya.", "set_iki_persiapan_terkini"),
    ("Tetapkan IKI",
     "Isi nomor dan tanggal Keputusan pada Dokumen IKI, lalu Tetapkan. Penetapan ditolak selama langkah "
     "wajib belum selesai, dengan nama langkahnya.", "dokumen_terkini"),
    ("Staf mengisi bulan pertama",
     "Staf masuk, membuka Isi realisasi, mengisi angka Januari beserta bukti dukung, lalu mengajukannya; "
     "atasannya memverifikasi.", "entri_bulan_ini"),
]


@require_GET
@akses.untuk("bantuan")
def bantuan(request):
    """Help: the first-day guide, its steps linked to the screens of the user's menu."""
    user: Pengguna = request.user
    layar_url = {layar.url: nama for nama, layar in akses.LAYAR.items() if layar.url}
    langkah = []
    for judul, uraian, nama_url in LANGKAH_HARI_PERTAMA:
        url = None
        if nama_url and nama_url.startswith("admin:"):
            url = reverse(nama_url) if user.is_staff else None
        elif nama_url:
            url = reverse(nama_url) if akses.LAYAR[layar_url[nama_url]].di_menu(user) else None
        langkah.append({"judul": judul, "uraian": uraian, "url": url})
    return render(request, "iki/bantuan.html", {"langkah": langkah})
