"""The "Isi realisasi" screen: one month of the user's (or, for an operator, one jabatan's)
variables, with last month, the cumulative value, the live preview, notes and evidence.

Values are saved by ``iki.realisasi.alur.simpan_entri`` (rights, lock, versions, history); writing
roles are checked here too (camat and pemantau get 403 on POST).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from iki.inti import angka, perhitungan
from iki.models import (
    BarisIKI,
    CatatanIndikator,
    HariLibur,
    Indikator,
    Jabatan,
    Pengguna,
    Realisasi,
    TahunIKI,
    Variabel,
)
from iki.realisasi import desa as desa_mod
from iki.realisasi import kalender
from iki.realisasi.alur import (
    boleh_buka_kunci,
    catatan_untuk_pengisi,
    simpan_entri,
    tagihan,
)
from iki.realisasi.bukti import BatasUkuranUnggah, prefetch_bukti
from iki.realisasi.forms import FORM_ENTRI, PILIH_LAGI, FormEntri, bersihkan_hitungan, id_dikirim
from iki.realisasi.pratinjau import pratinjau
from iki.realisasi.simpan import GagalSimpan, KonflikVersi, TidakBerwenang, variabel_pengisi
from iki.umum import akses
from iki.umum.pilih_tahun import pilihan_tahun


def _boleh_mengisi(user: Pengguna) -> bool:
    return akses.boleh(user, "entri", tulis=True)


@require_GET
@akses.untuk("entri")
def entri_bulan_ini(request):
    """The earliest month the user still owes, else the current month, of the current year."""
    user = request.user
    if user.unit_id is None:
        return redirect("daftar_unit")
    tahun_iki = akses.tahun_terkini_atau_404(user)
    bulan = next((t.bulan for t in tagihan(user, tahun_iki) if t.perlu_tindakan), None)
    bulan = bulan or max(kalender.bulan_kini(tahun_iki.tahun, timezone.localdate()), 1)
    return redirect("entri_bulan", kode=user.unit.kode, tahun=tahun_iki.tahun, bulan=bulan)


@dataclass
class BarisEntri:
    variabel: Variabel
    realisasi: Realisasi | None
    lalu: Decimal | None
    sd: Decimal | None
    milik: bool
    terbuka: bool
    penulis: bool = False  # the user's role writes (staf, operator)
    isian: object = None  # the bound field when the user may change it
    isian_bukti: object = None  # the evidence file field, sent with the values
    # A per-desa variable: the checklist [(desa, ticked, on time)] when the user may change it,
    # the stored ticks otherwise; the marker field (its errors) and the evidence's desa field.
    daftar_desa: list | None = None
    isian_desa: object = None
    isian_bukti_desa: object = None
    desa_tersimpan: list | None = None

    @property
    def terkunci(self) -> bool:
        return self.realisasi is not None and self.realisasi.terkunci

    @property
    def bisa_diubah(self) -> bool:
        return self.milik and self.terbuka and not self.terkunci

    @property
    def bukti_boleh_ubah(self) -> bool:
        """May add or remove evidence: the same rule as iki.realisasi.bukti.boleh_ubah_bukti, without a
        query per row (``milik`` already says the user enters this variable)."""
        return self.penulis and self.milik and not self.terkunci

    @property
    def jumlah_centang(self) -> int:
        return sum(1 for _, centang, _ in self.daftar_desa or () if centang)

    @property
    def status(self) -> str:
        return self.realisasi.status if self.realisasi else Realisasi.BELUM_DIISI

    @property
    def label_status(self) -> str:
        return Realisasi.LABEL_STATUS[self.status]

    @property
    def teks_nilai(self) -> str:
        return self.variabel.format_nilai(self.realisasi.nilai if self.realisasi else None)

    @property
    def teks_lalu(self) -> str:
        return self.variabel.format_nilai(self.lalu)

    @property
    def teks_sd(self) -> str:
        return self.variabel.format_nilai(self.sd)

    @property
    def catatan_verifikator(self) -> str:
        return catatan_untuk_pengisi(self.realisasi, self.status)


@dataclass
class KartuIndikator:
    indikator: Indikator
    baris: list[BarisEntri]
    catatan: CatatanIndikator | None
    catatan_bisa_diubah: bool
    pratinjau: str = ""
    pratinjau_js: dict | None = None
    jabatan_iki: list[str] = field(default_factory=list)  # whose IKI tables show this indicator
    isian_kendala: object = None
    isian_tindak_lanjut: object = None


class DataEntri:
    """Everything the entry screen shows for one user, month and (for operators) jabatan,
    read in a fixed number of queries."""

    def __init__(self, user: Pengguna, tahun_iki: TahunIKI, bulan: int, jabatan: Jabatan | None):
        self.tahun_iki, self.bulan, self.jabatan = tahun_iki, bulan, jabatan
        self.terbuka = kalender.bulan_terbuka(tahun_iki.tahun, bulan, timezone.localdate())
        qs = variabel_pengisi(user, tahun_iki)
        if jabatan is not None:
            qs = qs.filter(pengisi=jabatan)
        milik = set(qs.values_list("pk", flat=True))
        self.indikator = list(
            Indikator.objects.filter(variabel__in=milik)
            .distinct()
            .order_by("urutan", "id")
            .prefetch_related(
                Prefetch("variabel", queryset=Variabel.objects.select_related("pengisi").order_by("urutan", "id")),
                "target",
            )
        )
        semua = [v for i in self.indikator for v in i.variabel.all()]
        realisasi = list(
            Realisasi.objects.filter(variabel__in=semua, bulan__lte=bulan).select_related(
                "diisi_oleh", "diverifikasi_oleh"
            )
        )
        per_bulan = {(r.variabel_id, r.bulan): r for r in realisasi}
        bulanan: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for r in realisasi:
            bulanan[r.variabel_id][r.bulan] = r.nilai
        ini = [r for r in realisasi if r.bulan == bulan]
        prefetch_related_objects(ini, prefetch_bukti())
        penulis = _boleh_mengisi(user)
        catatan = {
            c.indikator_id: c for c in CatatanIndikator.objects.filter(indikator__in=self.indikator, bulan=bulan)
        }
        self.konstanta = tahun_iki.nilai_konstanta()
        per_desa = {v.pk for v in semua if v.per_desa}
        self.desa = desa_mod.desa_bulan(tahun_iki.unit_id, tahun_iki.tahun, bulan) if per_desa else []
        self.centang = desa_mod.centang_tersimpan(r.pk for r in ini if r.variabel_id in per_desa) if per_desa else {}
        jabatan_iki: dict[int, list[str]] = defaultdict(list)
        for iid, nama in (
            BarisIKI.objects.filter(indikator__in=self.indikator)
            .order_by("jabatan__urutan", "jabatan_id")
            .values_list("indikator_id", "jabatan__nama")
        ):
            if nama not in jabatan_iki[iid]:
                jabatan_iki[iid].append(nama)
        sd = perhitungan.Periode("sd", bulan)
        self.kartu: list[KartuIndikator] = []
        for i in self.indikator:
            baris = [
                BarisEntri(
                    variabel=v,
                    realisasi=per_bulan.get((v.pk, bulan)),
                    lalu=bulanan[v.pk].get(bulan - 1),
                    sd=perhitungan.gabung(bulanan[v.pk], sd, v.cara_gabung),
                    milik=v.pk in milik,
                    terbuka=self.terbuka,
                    penulis=penulis,
                )
                for v in i.variabel.all()
            ]
            mine = [b for b in baris if b.milik]
            terkunci = bool(mine) and all(b.terkunci for b in mine)
            self.kartu.append(
                KartuIndikator(
                    indikator=i, baris=baris, catatan=catatan.get(i.pk),
                    catatan_bisa_diubah=self.terbuka and not terkunci, jabatan_iki=jabatan_iki[i.pk],
                )
            )
        self.baris_milik = [b for k in self.kartu for b in k.baris if b.milik]
        nama_desa = {d.pk: d.nama for d in desa_mod.desa_unit(tahun_iki.unit_id)} if self.centang else {}
        for k in self.kartu:
            for b in k.baris:
                if b.variabel.per_desa and b.realisasi and b.realisasi.pk in self.centang:
                    b.desa_tersimpan = [
                        (nama_desa[did], tepat) for did, tepat in self.centang[b.realisasi.pk].items()
                    ]

    @property
    def terkunci(self) -> bool:
        return bool(self.baris_milik) and all(b.terkunci for b in self.baris_milik)

    def id_dikenal(self) -> tuple[set[int], set[int]]:
        return {b.variabel.pk for b in self.baris_milik}, {k.indikator.pk for k in self.kartu}

    def form_kwargs(self) -> dict:
        rasio = [pasangan for k in self.kartu for pasangan in k.indikator.pasangan_rasio()]
        return {
            "ubah": [(b.variabel, b.realisasi) for b in self.baris_milik if b.bisa_diubah],
            "kunci": [b.variabel for b in self.baris_milik if b.terkunci],
            "catatan": [(k.indikator, k.catatan) for k in self.kartu if k.catatan_bisa_diubah],
            "catatan_kunci": [k.indikator for k in self.kartu if not k.catatan_bisa_diubah],
            "rasio": rasio,
            "tersimpan": {b.variabel.pk: b.realisasi.nilai for k in self.kartu for b in k.baris if b.realisasi},
            "bulan": self.bulan,
            "desa_ditawarkan": self.desa,
            "centang_simpan": {
                b.variabel.pk: self.centang.get(b.realisasi.pk, {}) for b in self.baris_milik if b.realisasi
            },
            "konstanta": self.konstanta,
        }

    def pasang_form(self, form: FormEntri) -> None:
        """Attach the form's fields and the live preview to the cards."""
        ketik = {}
        if form.is_bound:
            for v, _ in form.ubah:
                if form.per_desa(v):
                    if f"daftar_desa_{v.pk}" in form.data:
                        ketik[v.pk] = Decimal(len(form.centang_tampil(v)))
                    continue
                try:
                    n = bersihkan_hitungan(form.data.get(f"nilai_{v.pk}"), desimal=v.desimal)
                except ValidationError:
                    n = None  # a bad number simply gives no preview
                if n is not None:
                    ketik[v.pk] = n
        for nama in form.errors:
            if nama in form.fields:
                attrs = form.fields[nama].widget.attrs
                attrs["class"] = attrs.get("class", "form-control") + " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"galat-{nama}"
        for k in self.kartu:
            for b in k.baris:
                if b.bisa_diubah and form.per_desa(b.variabel):
                    centang = form.centang_tampil(b.variabel)
                    b.daftar_desa = [(d, d.pk in centang, centang.get(d.pk, True)) for d in self.desa]
                    b.isian_desa = form[f"daftar_desa_{b.variabel.pk}"]
                    if b.bukti_boleh_ubah:
                        b.isian_bukti = form[f"bukti-{b.variabel.pk}"]
                        b.isian_bukti_desa = form[f"bukti_desa_{b.variabel.pk}"]
                elif b.bisa_diubah:
                    b.isian = form[f"nilai_{b.variabel.pk}"]
                    if b.bukti_boleh_ubah:
                        b.isian_bukti = form[f"bukti-{b.variabel.pk}"]
            if k.catatan_bisa_diubah:
                k.isian_kendala = form[f"kendala_{k.indikator.pk}"]
                k.isian_tindak_lanjut = form[f"tindak_lanjut_{k.indikator.pk}"]
            nilai = {
                b.variabel.kode: ketik.get(b.variabel.pk, b.realisasi.nilai if b.realisasi else None) for b in k.baris
            }
            k.pratinjau, k.pratinjau_js = pratinjau(k.indikator, nilai, self.konstanta, self.bulan)


def _jabatan_entri(request, user: Pengguna, tahun_iki: TahunIKI):
    """Operators enter for one jabatan at a time (``?jabatan=kode``); staf enter their own."""
    kode = request.GET.get("jabatan", "")
    pilihan = []
    if user.is_superuser or user.peran == Pengguna.OPERATOR:
        pilihan = list(
            Jabatan.objects.filter(tahun=tahun_iki, variabel_diisi__isnull=False).distinct().order_by("urutan", "id")
        )
        if not kode:
            return (pilihan[0] if pilihan else None), pilihan
        for j in pilihan:
            if j.kode == kode:
                return j, pilihan
        raise Http404("Jabatan tidak ditemukan.")
    if kode:
        return get_object_or_404(Jabatan, tahun=tahun_iki, kode=kode[:40]), pilihan
    return None, pilihan


def _dengan_versi_terkini(data, post):
    """The user's typed input with the current versions, after a version conflict: the page
    shows the current values and a second, deliberate save may replace them."""
    baru = post.copy()
    for b in data.baris_milik:
        baru[f"versi_{b.variabel.pk}"] = str(b.realisasi.versi if b.realisasi else 0)
    for k in data.kartu:
        baru[f"versi_catatan_{k.indikator.pk}"] = str(k.catatan.versi if k.catatan else 0)
    return baru


def peringatan_sesi() -> dict[str, int]:
    """When the entry page warns that the session ends: ``umur`` seconds after this page's
    request, ``peringatan`` seconds before that (``menit`` for the text).

    The session is idle-timed (``iki.umum.sesi``): a page load starts the ``SESSION_COOKIE_AGE``
    again (at most a minute late). The warning comes 5 minutes before the end, or at two thirds of
    a shorter session."""
    umur = int(settings.SESSION_COOKIE_AGE)
    peringatan = min(5 * 60, umur // 3)
    return {"umur": umur, "peringatan": peringatan, "menit": max(1, round(peringatan / 60))}


def _kunci_simpan(user: Pengguna, tahun_iki: TahunIKI, bulan: int, jabatan: Jabatan | None) -> str:
    """The key under which static/js/entri.js keeps typed input in the browser (per user, unit,
    year, month and, for operators, jabatan)."""
    return f"iki-entri:{user.pk}:{tahun_iki.unit.kode}:{tahun_iki.tahun}:{bulan}:{jabatan.kode if jabatan else ''}"


@csrf_exempt  # the CSRF check runs inside, after the size guard is in place (as bukti.bukti_unggah)
@require_http_methods(["GET", "POST"])
@akses.untuk("entri")
def entri_bulan(request, kode: str, tahun: int, bulan: int):
    if request.method == "POST":
        request.upload_handlers.insert(0, BatasUkuranUnggah(request))
    return _entri_bulan(request, kode, tahun, bulan)


def _kartu_tujuan(post, kenal_indikator: set[int]) -> str:
    """The card the user was on (``kartu``, set by entri.js), as the redirect's fragment."""
    teks = (post.get("kartu") or "").strip()
    if teks.isascii() and teks.isdigit() and len(teks) < 12 and int(teks) in kenal_indikator:
        return f"#indikator-{int(teks)}"
    return ""


@csrf_protect
def _entri_bulan(request, kode: str, tahun: int, bulan: int):
    user: Pengguna = request.user
    tahun_iki = akses.tahun_atau_404(user, kode, tahun)
    akses.bulan_atau_404(bulan)
    if request.method == "POST" and not _boleh_mengisi(user):
        raise PermissionDenied("Peran Anda hanya dapat membaca data.")
    jabatan, pilihan_jabatan = _jabatan_entri(request, user, tahun_iki)
    data = DataEntri(user, tahun_iki, bulan, jabatan)
    kesalahan: list[str] = []
    if request.method == "POST":
        kenal_variabel, kenal_indikator = data.id_dikenal()
        dikirim = id_dikirim(list(request.POST) + list(request.FILES))
        per_variabel = set().union(
            *(dikirim.get(jenis, set()) for jenis in ("nilai", "versi", "bukti", "desa", "tepat", "daftar_desa",
                                                       "bukti_desa"))
        )
        per_indikator = (
            dikirim.get("kendala", set()) | dikirim.get("tindak_lanjut", set()) | dikirim.get("versi_catatan", set())
        )
        if per_variabel - kenal_variabel or per_indikator - kenal_indikator:
            raise Http404("Variabel tidak ditemukan atau bukan tanggung jawab Anda.")
        if not data.terbuka:
            kesalahan = [f"Bulan {angka.nama_bulan(bulan)} {tahun} belum dibuka untuk pengisian."]
            form = FormEntri(**data.form_kwargs())
        else:
            form = FormEntri(request.POST, request.FILES, **data.form_kwargs())
            if form.is_valid():
                if not form.ubah and not form.catatan:
                    kesalahan = ["Tidak ada nilai yang dapat disimpan: bulan ini sudah diverifikasi dan terkunci."]
                else:
                    try:
                        simpan_entri(
                            user=user,
                            tahun_iki=tahun_iki,
                            bulan=bulan,
                            perubahan=form.perubahan(),
                            catatan=form.perubahan_catatan(),
                            ajukan=form.ajukan,
                            jabatan=jabatan,
                            bukti_baru=form.bukti,
                            centang=form.centang,
                            bukti_desa=form.bukti_desa,
                        )
                    except TidakBerwenang as e:
                        raise PermissionDenied(" ".join(e.kesalahan)) from None
                    except KonflikVersi as e:
                        kesalahan = e.kesalahan + [
                            "Isian Anda masih di formulir dan nilai saat ini tertulis di bawah setiap isian. "
                            "Periksa, lalu simpan lagi bila isian Anda yang benar."
                        ]
                        data = DataEntri(user, tahun_iki, bulan, jabatan)
                        form = FormEntri(_dengan_versi_terkini(data, request.POST), **data.form_kwargs())
                    except GagalSimpan as e:
                        kesalahan = e.kesalahan
                    else:
                        nama_bulan = angka.nama_bulan(bulan)
                        jumlah = sum(len(d) for d in form.bukti.values())
                        dengan = f", dengan {jumlah} berkas bukti dukung" if jumlah else ""
                        if form.ajukan:
                            messages.success(request, f"Data {nama_bulan} {tahun} diajukan ke verifikator{dengan}.")
                        else:
                            messages.success(request, f"Draf {nama_bulan} {tahun} disimpan{dengan}.")
                        # entri.js forgets the typed input it kept in the browser for this month.
                        request.session["entri_tersimpan"] = request.path
                        return redirect(request.get_full_path() + _kartu_tujuan(request.POST, kenal_indikator))
            else:
                kesalahan = form.daftar_kesalahan()
        if kesalahan and request.FILES and not any(PILIH_LAGI in k for k in kesalahan):
            kesalahan.append(f"Berkas bukti dukung belum tersimpan. {PILIH_LAGI}")
    else:
        form = FormEntri(**data.form_kwargs())
    baru_disimpan = request.method == "GET" and request.session.get("entri_tersimpan") == request.path
    if baru_disimpan:
        del request.session["entri_tersimpan"]
    data.pasang_form(form)
    sekarang = timezone.now()
    hari_batas = tahun_iki.unit.hari_batas_entri
    libur = HariLibur.tanggal_untuk(tahun_iki.unit, tahun_iki.tahun)
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "bulan": bulan,
        "nama_bulan": angka.nama_bulan(bulan),
        "data": data,
        "form": form,
        "form_id": FORM_ENTRI,
        "kesalahan": kesalahan,
        "jabatan": jabatan,
        "pilihan_jabatan": pilihan_jabatan,
        "batas": kalender.batas_entri(tahun=tahun_iki.tahun, bulan=bulan, hari_batas=hari_batas, libur=libur),
        "terlambat": kalender.terlambat(
            tahun=tahun_iki.tahun, bulan=bulan, hari_batas=hari_batas, sekarang=sekarang,
            status=[b.status for b in data.baris_milik], libur=libur,
        ),
        "bisa_mengisi": _boleh_mengisi(user) and data.terbuka and any(b.bisa_diubah for b in data.baris_milik),
        "bulan_lain": [(b, angka.singkatan_bulan(b)) for b in range(1, 13)],
        "boleh_buka": boleh_buka_kunci(user, tahun_iki),
        "pilihan_tahun": pilihan_tahun(request, tahun_iki.unit, tahun_iki.tahun),
        "kunci_simpan": _kunci_simpan(user, tahun_iki, bulan, jabatan),
        "baru_disimpan": baru_disimpan,
        "sesi": peringatan_sesi(),
    }
    return render(request, "iki/realisasi/entri.html", konteks)
