"""Screens of the monthly realisasi: entry, verification, reopening a locked month, audit history.

Every object is fetched within the user's visible units (another unit's is 404); writing roles
are checked on the server (camat and pemantau get 403 on writes, except that the camat may
reopen a locked month); the rules themselves live in ``iki.realisasi`` and ``iki.verifikasi``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, ForeignKey, Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iki import akses, perhitungan
from iki.forms_realisasi import (
    FORM_ENTRI,
    FormBukaKunci,
    FormEntri,
    FormKembalikan,
    FormSetujui,
    bersihkan_hitungan,
    id_dikirim,
    tulis_versi,
)
from iki.models import (
    BarisIKI,
    BuktiDukung,
    CatatanIndikator,
    Indikator,
    Jabatan,
    PembukaanKunci,
    Pengguna,
    Realisasi,
    TahunIKI,
    Target,
    Variabel,
)
from iki.realisasi import GagalSimpan, KonflikVersi, TidakBerwenang, batas_waktu, terlambat, variabel_pengisi
from iki.rumus import Rumus, RumusError
from iki.verifikasi import (
    LABEL_STATUS,
    boleh_buka_kunci,
    buka_kunci,
    bulan_kini,
    bulan_terbuka,
    catatan_untuk_pengisi,
    jabatan_diverifikasi,
    kembalikan,
    kembalikan_bulan_jabatan,
    menunggu_verifikasi,
    nama_pengguna,
    ringkas_nilai,
    simpan_entri,
    tagihan,
    verifikasi,
    verifikasi_bulan_jabatan,
)

TEMPLATE_BUKTI = "iki/bukti/_daftar.html"
TEMPLATE_FORM_BUKTI = "iki/bukti/_form.html"
PERAN_PENGISI = (Pengguna.STAF, Pengguna.OPERATOR)
PERAN_VERIFIKASI = (Pengguna.VERIFIKATOR, Pengguna.OPERATOR)


def _bulan_atau_404(bulan: int) -> int:
    if not 1 <= bulan <= 12:
        raise Http404("Bulan tidak dikenal.")
    return bulan


def _ada_template(nama: str) -> bool:
    """Evidence screens come from another module; the entry screen shows them once they exist."""
    try:
        get_template(nama)
    except TemplateDoesNotExist:
        return False
    return True


def _prefetch_bukti():
    try:
        from iki.bukti import prefetch_bukti
    except ImportError:
        return "bukti"
    return prefetch_bukti()


def _boleh_mengisi(user: Pengguna) -> bool:
    return user.is_superuser or user.peran in PERAN_PENGISI


def _kembali(request, bawaan: str) -> str:
    tujuan = request.POST.get("kembali", "")
    if tujuan and url_has_allowed_host_and_scheme(tujuan, {request.get_host()}, request.is_secure()):
        return tujuan
    return bawaan


# --- The formula preview ("48 dari 50 = 96,00 %") -----------------------------------------------


def _target_bulan(indikator: Indikator, bulan: int) -> Decimal | None:
    target = {t.periode: t.nilai for t in indikator.target.all()}
    return perhitungan.target_periode(
        perhitungan.Periode("bulan", bulan),
        target_tahun=target.get("tahun"),
        target_triwulan={int(k[2]): v for k, v in target.items() if k.startswith("tw")},
        proporsional=indikator.sifat_target == "proporsional",
    )


def _hasil_teks(indikator: Indikator, hasil: Decimal | None) -> str:
    if hasil is None:
        return perhitungan.TIDAK_DAPAT_DIHITUNG
    if indikator.satuan == "%":
        return perhitungan.format_persen(hasil)
    return f"{perhitungan.format_angka(hasil)} {indikator.satuan}".strip()


def pratinjau(
    indikator: Indikator, nilai: dict[str, Decimal | None], konstanta: dict[str, Decimal], bulan: int
) -> tuple[str, dict | None]:
    """The month's value of an indicator in words, and what the browser needs to redo it live.

    ``nilai`` maps variable codes to the month's values. Returns ``("", None)`` for survey
    indicators; "belum lengkap" while a value is missing.
    """
    if indikator.jenis == Indikator.SURVEI or not indikator.rumus:
        return "", None
    try:
        rumus = Rumus(indikator.rumus)
    except RumusError:
        return "", None
    data: dict[str, Decimal] = dict(konstanta)
    if indikator.jenis == Indikator.SELISIH:
        target = _target_bulan(indikator, bulan)
        if target is not None:
            data["target"] = target
    data.update({k: v for k, v in nilai.items() if v is not None})
    pasangan = rumus.pasangan_rasio()
    js = None
    if len(pasangan) == 1 and rumus.teks_normal in (f"{pasangan[0][0]} / {pasangan[0][1]} * 100",
                                                   f"{pasangan[0][0]} / {pasangan[0][1]}"):
        a, b = pasangan[0]
        js = {
            "a": a,
            "b": b,
            "kali": 100 if rumus.teks_normal.endswith("* 100") else 1,
            "satuan": indikator.satuan,
            # A side that is not typed on this page (a constant, a locked or another's value).
            "tetap_a": str(data[a]) if a in data else "",
            "tetap_b": str(data[b]) if b in data else "",
        }
    if any(v is None for v in nilai.values()) or any(n not in data for n in rumus.nama):
        return "Belum lengkap: isi semua nilai untuk melihat hasilnya.", js
    hasil = rumus.hitung(data)
    teks = _hasil_teks(indikator, hasil)
    if len(pasangan) == 1:
        a, b = pasangan[0]
        return f"{ringkas_nilai(data[a])} dari {ringkas_nilai(data[b])} = {teks}", js
    if indikator.jenis == Indikator.SELISIH and "target" in data:
        kejadian = [n for n in rumus.nama if n != "target" and n in nilai]
        if len(kejadian) == 1:
            return (f"{ringkas_nilai(data[kejadian[0]])} − target {perhitungan.format_angka(data['target'])} "
                    f"= {teks}"), js
    return f"Hasil: {teks}", js


# --- "Isi realisasi": the entry screen ---------------------------------------------------------


@require_GET
@login_required
def entri_bulan_ini(request):
    """The earliest month the user still owes, else the current month, of the current year."""
    user = request.user
    if user.unit_id is None:
        return redirect("daftar_unit")
    tahun_iki = TahunIKI.objects.terkini(user.unit)
    if tahun_iki is None:
        raise Http404("Unit ini belum memiliki IKI.")
    bulan = next((t.bulan for t in tagihan(user, tahun_iki) if t.perlu_tindakan), None)
    bulan = bulan or max(bulan_kini(tahun_iki.tahun, timezone.localdate()), 1)
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

    @property
    def terkunci(self) -> bool:
        return self.realisasi is not None and self.realisasi.status == Realisasi.DIVERIFIKASI

    @property
    def bisa_diubah(self) -> bool:
        return self.milik and self.terbuka and not self.terkunci

    @property
    def bukti_boleh_ubah(self) -> bool:
        """May add or remove evidence: the same rule as iki.bukti.boleh_ubah_bukti, without a
        query per row (``milik`` already says the user enters this variable)."""
        return self.penulis and self.milik and not self.terkunci

    @property
    def status(self) -> str:
        return self.realisasi.status if self.realisasi else "belum"

    @property
    def label_status(self) -> str:
        return LABEL_STATUS[self.status]

    @property
    def teks_nilai(self) -> str:
        return ringkas_nilai(self.realisasi.nilai) if self.realisasi else "–"

    @property
    def teks_lalu(self) -> str:
        return ringkas_nilai(self.lalu)

    @property
    def teks_sd(self) -> str:
        return ringkas_nilai(self.sd)

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
        self.terbuka = bulan_terbuka(tahun_iki.tahun, bulan, timezone.localdate())
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
        prefetch_related_objects(ini, _prefetch_bukti())
        penulis = _boleh_mengisi(user)
        catatan = {
            c.indikator_id: c for c in CatatanIndikator.objects.filter(indikator__in=self.indikator, bulan=bulan)
        }
        self.konstanta = tahun_iki.nilai_konstanta()
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

    @property
    def terkunci(self) -> bool:
        return bool(self.baris_milik) and all(b.terkunci for b in self.baris_milik)

    def id_dikenal(self) -> tuple[set[int], set[int]]:
        return {b.variabel.pk for b in self.baris_milik}, {k.indikator.pk for k in self.kartu}

    def form_kwargs(self) -> dict:
        rasio = []
        for k in self.kartu:
            per_kode = {b.variabel.kode: b.variabel for b in k.baris}
            try:
                pasangan = Rumus(k.indikator.rumus).pasangan_rasio() if k.indikator.rumus else []
            except RumusError:
                pasangan = []
            rasio += [(per_kode[a], per_kode[b]) for a, b in pasangan if a in per_kode and b in per_kode]
        return {
            "ubah": [(b.variabel, b.realisasi) for b in self.baris_milik if b.bisa_diubah],
            "kunci": [b.variabel for b in self.baris_milik if b.terkunci],
            "catatan": [(k.indikator, k.catatan) for k in self.kartu if k.catatan_bisa_diubah],
            "catatan_kunci": [k.indikator for k in self.kartu if not k.catatan_bisa_diubah],
            "rasio": rasio,
            "tersimpan": {b.variabel.pk: b.realisasi.nilai for k in self.kartu for b in k.baris if b.realisasi},
            "bulan": self.bulan,
        }

    def pasang_form(self, form: FormEntri) -> None:
        """Attach the form's fields and the live preview to the cards."""
        ketik = {}
        if form.is_bound:
            for v, _ in form.ubah:
                try:
                    n = bersihkan_hitungan(form.data.get(f"nilai_{v.pk}"))
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
                if b.bisa_diubah:
                    b.isian = form[f"nilai_{b.variabel.pk}"]
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


@require_http_methods(["GET", "POST"])
@login_required
def entri_bulan(request, kode: str, tahun: int, bulan: int):
    user: Pengguna = request.user
    tahun_iki = akses.tahun_atau_404(user, kode, tahun)
    _bulan_atau_404(bulan)
    if request.method == "POST" and not _boleh_mengisi(user):
        raise PermissionDenied("Peran Anda hanya dapat membaca data.")
    jabatan, pilihan_jabatan = _jabatan_entri(request, user, tahun_iki)
    data = DataEntri(user, tahun_iki, bulan, jabatan)
    kesalahan: list[str] = []
    if request.method == "POST":
        dikirim = id_dikirim(request.POST)
        kenal_variabel, kenal_indikator = data.id_dikenal()
        if (dikirim.get("nilai", set()) | dikirim.get("versi", set())) - kenal_variabel or (
            dikirim.get("kendala", set()) | dikirim.get("tindak_lanjut", set()) | dikirim.get("versi_catatan", set())
        ) - kenal_indikator:
            raise Http404("Variabel tidak ditemukan atau bukan tanggung jawab Anda.")
        if not data.terbuka:
            kesalahan = [f"Bulan {perhitungan.NAMA_BULAN[bulan - 1]} {tahun} belum dibuka untuk pengisian."]
            form = FormEntri(**data.form_kwargs())
        else:
            form = FormEntri(request.POST, **data.form_kwargs())
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
                        nama_bulan = perhitungan.NAMA_BULAN[bulan - 1]
                        if form.ajukan:
                            messages.success(request, f"Data {nama_bulan} {tahun} diajukan ke verifikator.")
                        else:
                            messages.success(request, f"Draf {nama_bulan} {tahun} disimpan.")
                        return redirect(request.get_full_path())
            else:
                kesalahan = form.daftar_kesalahan()
    else:
        form = FormEntri(**data.form_kwargs())
    data.pasang_form(form)
    sekarang = timezone.now()
    hari_batas = tahun_iki.unit.hari_batas_entri
    belum_selesai = [b for b in data.baris_milik if b.status in ("belum", Realisasi.DRAFT, Realisasi.DIKEMBALIKAN)]
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "bulan": bulan,
        "nama_bulan": perhitungan.NAMA_BULAN[bulan - 1],
        "data": data,
        "form": form,
        "form_id": FORM_ENTRI,
        "kesalahan": kesalahan,
        "jabatan": jabatan,
        "pilihan_jabatan": pilihan_jabatan,
        "batas": batas_waktu(hari_batas, tahun_iki.tahun, bulan),
        "terlambat": bool(belum_selesai)
        and terlambat(hari_batas=hari_batas, tahun=tahun_iki.tahun, bulan=bulan, diajukan_pada=None, sekarang=sekarang),
        "bisa_mengisi": _boleh_mengisi(user) and data.terbuka and any(b.bisa_diubah for b in data.baris_milik),
        "bulan_lain": [(b, perhitungan.NAMA_BULAN[b - 1][:3]) for b in range(1, 13)],
        "ada_bukti": _ada_template(TEMPLATE_BUKTI),
        "ada_form_bukti": _ada_template(TEMPLATE_FORM_BUKTI),
        "boleh_buka": boleh_buka_kunci(user, tahun_iki),
    }
    return render(request, "iki/realisasi/entri.html", konteks)


# --- Verification ------------------------------------------------------------------------------


@dataclass
class KelompokVerifikasi:
    jabatan: Jabatan
    bulan: int
    baris: list[Realisasi] = field(default_factory=list)
    pratinjau: list[tuple[Indikator, str]] = field(default_factory=list)

    @property
    def nama_bulan(self) -> str:
        return perhitungan.NAMA_BULAN[self.bulan - 1]

    @property
    def versi(self) -> str:
        return tulis_versi(self.baris)


def _tahun_pilihan(request, user: Pengguna) -> TahunIKI:
    teks = request.GET.get("tahun", "")
    if teks:
        if not (teks.isascii() and teks.isdigit() and len(teks) == 4):
            raise Http404("Tahun tidak dikenal.")
        return akses.tahun_atau_404(user, user.unit.kode, int(teks))
    tahun_iki = TahunIKI.objects.terkini(user.unit)
    if tahun_iki is None:
        raise Http404("Unit ini belum memiliki IKI.")
    return tahun_iki


def kelompok_verifikasi(baris_qs, tahun_iki: TahunIKI) -> list[KelompokVerifikasi]:
    """Waiting values grouped by jabatan and month, with last month's value and the indicator
    previews; a fixed number of queries."""
    baris = list(
        baris_qs.select_related("variabel__indikator", "variabel__pengisi", "diisi_oleh")
        .prefetch_related(_prefetch_bukti())
        .order_by("variabel__pengisi__urutan", "variabel__pengisi_id", "bulan", "variabel__indikator__urutan",
                  "variabel__indikator_id", "variabel__urutan", "pk")
    )
    if not baris:
        return []
    indikator = {
        i.pk: i
        for i in Indikator.objects.filter(pk__in={r.variabel.indikator_id for r in baris}).prefetch_related(
            Prefetch("variabel", queryset=Variabel.objects.order_by("urutan", "id")), "target"
        )
    }
    bulan_perlu = {r.bulan for r in baris} | {r.bulan - 1 for r in baris}
    nilai = {
        (vid, b): n
        for vid, b, n in Realisasi.objects.filter(variabel__indikator__in=indikator.values(), bulan__in=bulan_perlu)
        .values_list("variabel_id", "bulan", "nilai")
    }
    konstanta = tahun_iki.nilai_konstanta()
    kelompok: dict[tuple[int, int], KelompokVerifikasi] = {}
    for r in baris:
        k = kelompok.setdefault(
            (r.variabel.pengisi_id, r.bulan), KelompokVerifikasi(jabatan=r.variabel.pengisi, bulan=r.bulan)
        )
        r.lalu = nilai.get((r.variabel_id, r.bulan - 1))
        k.baris.append(r)
    for k in kelompok.values():
        for iid in dict.fromkeys(r.variabel.indikator_id for r in k.baris):
            i = indikator[iid]
            teks, _ = pratinjau(i, {v.kode: nilai.get((v.pk, k.bulan)) for v in i.variabel.all()}, konstanta, k.bulan)
            if teks:
                k.pratinjau.append((i, teks))
    return list(kelompok.values())


@require_GET
@login_required
def verifikasi_daftar(request):
    """What waits for the verifier; the camat sees everything waiting in the unit, read only."""
    user: Pengguna = request.user
    if user.unit_id is None:
        return redirect("daftar_unit")
    if not (user.is_superuser or user.peran in (*PERAN_VERIFIKASI, Pengguna.CAMAT)):
        raise PermissionDenied("Halaman ini untuk verifikator, operator dan camat.")
    tahun_iki = _tahun_pilihan(request, user)
    if user.peran == Pengguna.CAMAT and not user.is_superuser:
        qs = Realisasi.objects.filter(status=Realisasi.DIAJUKAN, variabel__indikator__tahun=tahun_iki)
        bisa_bertindak = False
    else:
        qs = menunggu_verifikasi(user, tahun_iki)
        bisa_bertindak = True
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "kelompok": kelompok_verifikasi(qs, tahun_iki),
        "bisa_bertindak": bisa_bertindak,
        "jabatan_saya": list(jabatan_diverifikasi(user, tahun_iki)) if bisa_bertindak else [],
        "tahun_lain": TahunIKI.objects.for_unit(tahun_iki.unit).values_list("tahun", flat=True),
    }
    return render(request, "iki/realisasi/verifikasi.html", konteks)


def _realisasi_atau_404(user: Pengguna, pk: int) -> Realisasi:
    return get_object_or_404(
        Realisasi.objects.select_related("variabel__indikator__tahun__unit", "variabel__pengisi"),
        pk=pk,
        variabel__indikator__tahun__unit__in=user.unit_terlihat(),
    )


def _jabatan_atau_404(user: Pengguna, pk: int) -> Jabatan:
    return get_object_or_404(
        Jabatan.objects.select_related("tahun__unit"), pk=pk, tahun__unit__in=user.unit_terlihat()
    )


def _jalankan(request, aksi, pesan_berhasil: str) -> None:
    try:
        aksi()
    except TidakBerwenang as e:
        raise PermissionDenied(" ".join(e.kesalahan)) from None
    except GagalSimpan as e:
        for k in e.kesalahan:
            messages.error(request, k)
    else:
        messages.success(request, pesan_berhasil)


def _url_verifikasi(tahun_iki: TahunIKI) -> str:
    return f"{reverse('verifikasi_daftar')}?tahun={tahun_iki.tahun}"


@require_POST
@akses.peran_diperlukan(*PERAN_VERIFIKASI)
def verifikasi_setujui(request, pk: int):
    r = _realisasi_atau_404(request.user, pk)
    form = FormSetujui(request.POST)
    if form.is_valid():
        versi = form.cleaned_data["versi"]
        _jalankan(
            request,
            lambda: verifikasi(user=request.user, realisasi_list=[r], versi=versi),
            f"“{r.variabel.nama}” {perhitungan.NAMA_BULAN[r.bulan - 1]} diverifikasi dan dikunci.",
        )
    else:
        messages.error(request, " ".join(form.errors.get("versi", [])))
    return redirect(_kembali(request, _url_verifikasi(r.variabel.indikator.tahun)))


@require_POST
@akses.peran_diperlukan(*PERAN_VERIFIKASI)
def verifikasi_kembalikan(request, pk: int):
    r = _realisasi_atau_404(request.user, pk)
    form = FormKembalikan(request.POST)
    if form.is_valid():
        versi = form.cleaned_data["versi"]
        _jalankan(
            request,
            lambda: kembalikan(
                user=request.user, realisasi=r, catatan=form.cleaned_data["catatan"],
                versi=None if versi is None else versi.get(r.pk, -1),
            ),
            f"“{r.variabel.nama}” {perhitungan.NAMA_BULAN[r.bulan - 1]} dikembalikan kepada pengisi.",
        )
    else:
        for k in form.errors.values():
            messages.error(request, " ".join(k))
    return redirect(_kembali(request, _url_verifikasi(r.variabel.indikator.tahun)))


@require_POST
@akses.peran_diperlukan(*PERAN_VERIFIKASI)
def verifikasi_bulan_setujui(request, pk: int, bulan: int):
    jabatan = _jabatan_atau_404(request.user, pk)
    _bulan_atau_404(bulan)
    form = FormSetujui(request.POST)
    if form.is_valid():
        _jalankan(
            request,
            lambda: verifikasi_bulan_jabatan(
                user=request.user, jabatan=jabatan, bulan=bulan, versi=form.cleaned_data["versi"]
            ),
            f"Semua nilai {jabatan.nama} bulan {perhitungan.NAMA_BULAN[bulan - 1]} diverifikasi dan dikunci.",
        )
    else:
        messages.error(request, " ".join(form.errors.get("versi", [])))
    return redirect(_kembali(request, _url_verifikasi(jabatan.tahun)))


@require_POST
@akses.peran_diperlukan(*PERAN_VERIFIKASI)
def verifikasi_bulan_kembalikan(request, pk: int, bulan: int):
    jabatan = _jabatan_atau_404(request.user, pk)
    _bulan_atau_404(bulan)
    form = FormKembalikan(request.POST)
    if form.is_valid():
        _jalankan(
            request,
            lambda: kembalikan_bulan_jabatan(
                user=request.user, jabatan=jabatan, bulan=bulan, catatan=form.cleaned_data["catatan"],
                versi=form.cleaned_data["versi"],
            ),
            f"Nilai {jabatan.nama} bulan {perhitungan.NAMA_BULAN[bulan - 1]} dikembalikan kepada pengisi.",
        )
    else:
        for k in form.errors.values():
            messages.error(request, " ".join(k))
    return redirect(_kembali(request, _url_verifikasi(jabatan.tahun)))


@require_POST
@login_required
def buka_kunci_bulan(request, pk: int, bulan: int):
    """Reopen a jabatan's locked month: operator or camat (camat reads only, except this)."""
    user: Pengguna = request.user
    jabatan = _jabatan_atau_404(user, pk)
    _bulan_atau_404(bulan)
    if not boleh_buka_kunci(user, jabatan.tahun):
        raise PermissionDenied("Hanya operator atau camat yang dapat membuka bulan yang terkunci.")
    form = FormBukaKunci(request.POST)
    if form.is_valid():
        _jalankan(
            request,
            lambda: buka_kunci(user=user, jabatan=jabatan, bulan=bulan, alasan=form.cleaned_data["alasan"]),
            f"{jabatan.nama} bulan {perhitungan.NAMA_BULAN[bulan - 1]} dibuka kembali; pengisi dapat memperbaiki "
            "dan mengajukan ulang.",
        )
    else:
        for k in form.errors.values():
            messages.error(request, " ".join(k))
    tahun_iki = jabatan.tahun
    return redirect(
        _kembali(request, reverse("riwayat_bulan", args=[tahun_iki.unit.kode, tahun_iki.tahun, bulan]))
    )


# --- Audit history -----------------------------------------------------------------------------


@dataclass
class Peristiwa:
    """One change in the audit trail: who, when, what, before → after, why."""

    waktu: datetime
    oleh: str
    jenis: str
    objek: str
    perubahan: list[tuple[str, str, str]]
    alasan: str
    urut: int = 0


JENIS_RIWAYAT = {"+": "Dibuat", "~": "Diubah", "-": "Dihapus"}

KOLOM_RIWAYAT = {
    Realisasi: ["nilai", "status", "catatan_verifikasi", "diisi_oleh", "diverifikasi_oleh"],
    CatatanIndikator: ["kendala", "tindak_lanjut"],
    Target: ["periode", "nilai"],
    Indikator: ["kode", "nama", "satuan", "polaritas", "jenis", "rumus", "penjelasan", "sumber_data",
                "penanggung_jawab", "sifat_target", "wajib_bukti"],
    Variabel: ["kode", "nama", "satuan", "cara_gabung", "pengisi", "urutan"],
    BuktiDukung: ["nama_asli", "ukuran"],
}


class PenulisNilai:
    """Formats historical field values for people: choices by label, users and jabatan by name,
    counts as 1.234; the names are read in one query per kind."""

    def __init__(self, catatan_riwayat):
        pengguna, jabatan = set(), set()
        for model, rekaman in catatan_riwayat:
            for nama in KOLOM_RIWAYAT[model]:
                f = model._meta.get_field(nama)
                if isinstance(f, ForeignKey):
                    tujuan = pengguna if f.related_model is Pengguna else jabatan
                    tujuan.update(getattr(rec, f.attname) for rec in rekaman)
        pengguna.discard(None)
        jabatan.discard(None)
        self.pengguna = {u.pk: nama_pengguna(u) for u in Pengguna.objects.filter(pk__in=pengguna)} if pengguna else {}
        self.jabatan = dict(Jabatan.objects.filter(pk__in=jabatan).values_list("pk", "nama")) if jabatan else {}

    def tulis(self, model, nama: str, nilai) -> str:
        if nilai is None or nilai == "":
            return "–"
        if model is BuktiDukung and nama == "ukuran":
            from iki.berkas import format_ukuran

            return format_ukuran(nilai)
        f = model._meta.get_field(nama)
        if isinstance(f, ForeignKey):
            peta = self.pengguna if f.related_model is Pengguna else self.jabatan
            return peta.get(nilai, f"#{nilai}")
        if f.choices:
            return str(dict(f.flatchoices).get(nilai, nilai))
        if isinstance(nilai, bool):
            return "Ya" if nilai else "Tidak"
        if isinstance(nilai, Decimal):
            return ringkas_nilai(nilai)
        return str(nilai)


def peristiwa_dari(model, rekaman, penulis: PenulisNilai, nama_objek) -> list[Peristiwa]:
    """Turn one model's history records (any order) into events with before → after."""
    kolom = KOLOM_RIWAYAT[model]
    per_objek = defaultdict(list)
    for rec in sorted(rekaman, key=lambda r: (r.history_date, r.history_id)):
        per_objek[rec.id].append(rec)
    hasil = []
    for daftar in per_objek.values():
        sebelum = None
        for rec in daftar:
            if sebelum is None or rec.history_type == "+":
                awal = {k: getattr(rec, _attname(model, k)) for k in kolom}
                perubahan = [
                    (model._meta.get_field(k).verbose_name, "–", penulis.tulis(model, k, v))
                    for k, v in awal.items()
                    if v not in (None, "")
                ]
            elif rec.history_type == "-":
                perubahan = []
            else:
                delta = rec.diff_against(sebelum, included_fields=kolom)
                urutan = {k: n for n, k in enumerate(kolom)}
                perubahan = [
                    (model._meta.get_field(c.field).verbose_name, penulis.tulis(model, c.field, c.old),
                     penulis.tulis(model, c.field, c.new))
                    for c in sorted(delta.changes, key=lambda c: urutan[c.field])
                ]
            hasil.append(
                Peristiwa(
                    waktu=rec.history_date,
                    oleh=nama_pengguna(rec.history_user) if rec.history_user_id else "sistem",
                    jenis=JENIS_RIWAYAT.get(rec.history_type, rec.history_type),
                    objek=nama_objek(rec),
                    perubahan=perubahan,
                    alasan=rec.history_change_reason or "",
                    urut=rec.history_id,
                )
            )
            sebelum = rec
    return hasil


def _attname(model, nama: str) -> str:
    return model._meta.get_field(nama).attname


def _halaman(request, peristiwa: list[Peristiwa]):
    peristiwa.sort(key=lambda p: (p.waktu, p.urut), reverse=True)
    return Paginator(peristiwa, 100).get_page(request.GET.get("halaman"))


def _nama_bulan_objek(bulan: int) -> str:
    return perhitungan.NAMA_BULAN[bulan - 1]


@require_GET
@login_required
def riwayat_indikator(request, pk: int):
    """Every change to one indicator: its definition, variables, targets, realisasi and notes."""
    indikator = get_object_or_404(
        Indikator.objects.select_related("tahun__unit", "penanggung_jawab").prefetch_related("variabel", "target"),
        pk=pk,
        tahun__unit__in=request.user.unit_terlihat(),
    )
    r_indikator = list(Indikator.history.filter(id=indikator.pk).select_related("history_user"))
    r_variabel = list(Variabel.history.filter(indikator_id=indikator.pk).select_related("history_user"))
    nama_variabel = {}
    for rec in sorted(r_variabel, key=lambda r: r.history_date):
        nama_variabel[rec.id] = rec.nama
    r_target = list(Target.history.filter(indikator_id=indikator.pk).select_related("history_user"))
    r_realisasi = list(
        Realisasi.history.filter(variabel_id__in=list(nama_variabel)).select_related("history_user")
    )
    r_catatan = list(CatatanIndikator.history.filter(indikator_id=indikator.pk).select_related("history_user"))
    realisasi_variabel = {r.id: (r.variabel_id, r.bulan) for r in r_realisasi}
    r_bukti = list(
        BuktiDukung.history.filter(realisasi_id__in=list(realisasi_variabel)).select_related("history_user")
    )
    penulis = PenulisNilai(
        [(Indikator, r_indikator), (Variabel, r_variabel), (Target, r_target), (Realisasi, r_realisasi),
         (CatatanIndikator, r_catatan), (BuktiDukung, r_bukti)]
    )

    def nama_bukti(r):
        vid, bulan = realisasi_variabel.get(r.realisasi_id, (None, 1))
        return f"Bukti dukung {_nama_bulan_objek(bulan)}: {nama_variabel.get(vid, '')}"

    peristiwa = (
        peristiwa_dari(Indikator, r_indikator, penulis, lambda r: "Definisi indikator")
        + peristiwa_dari(Variabel, r_variabel, penulis, lambda r: f"Variabel “{r.nama}”")
        + peristiwa_dari(Target, r_target, penulis, lambda r: f"Target {dict(Target.PERIODE_CHOICES).get(r.periode)}")
        + peristiwa_dari(
            Realisasi, r_realisasi, penulis,
            lambda r: f"Realisasi {_nama_bulan_objek(r.bulan)}: {nama_variabel.get(r.variabel_id, '')}",
        )
        + peristiwa_dari(CatatanIndikator, r_catatan, penulis, lambda r: f"Catatan {_nama_bulan_objek(r.bulan)}")
        + peristiwa_dari(BuktiDukung, r_bukti, penulis, nama_bukti)
    )
    tahun_iki = indikator.tahun
    konteks = {
        "indikator": indikator,
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "rumus_kata": indikator.rumus_dalam_kata(list(indikator.variabel.all())),
        "halaman": _halaman(request, peristiwa),
    }
    return render(request, "iki/realisasi/riwayat_indikator.html", konteks)


@dataclass
class StatusJabatan:
    jabatan: Jabatan
    jumlah: dict[str, int]

    @property
    def terkunci(self) -> int:
        return self.jumlah.get(Realisasi.DIVERIFIKASI, 0)

    def ringkas(self) -> list[tuple[str, int]]:
        return [(LABEL_STATUS[s], n) for s, n in self.jumlah.items() if n]


@require_GET
@login_required
def riwayat_bulan(request, kode: str, tahun: int, bulan: int):
    """Every change in one month of a unit's year, and every reopening of a locked month."""
    user: Pengguna = request.user
    tahun_iki = akses.tahun_atau_404(user, kode, tahun)
    _bulan_atau_404(bulan)
    variabel = {
        v.pk: v for v in Variabel.objects.filter(indikator__tahun=tahun_iki).select_related("indikator")
    }
    r_realisasi = list(
        Realisasi.history.filter(variabel_id__in=list(variabel), bulan=bulan).select_related("history_user")
    )
    indikator = {v.indikator_id: v.indikator for v in variabel.values()}
    r_catatan = list(
        CatatanIndikator.history.filter(indikator__tahun=tahun_iki, bulan=bulan).select_related("history_user")
    )
    realisasi_variabel = {r.id: r.variabel_id for r in r_realisasi}
    r_bukti = list(
        BuktiDukung.history.filter(realisasi_id__in=list(realisasi_variabel)).select_related("history_user")
    )
    penulis = PenulisNilai([(Realisasi, r_realisasi), (CatatanIndikator, r_catatan), (BuktiDukung, r_bukti)])

    def nama_realisasi(r):
        v = variabel.get(r.variabel_id)
        return f"{v.nama} ({v.indikator.nama})" if v else "Variabel terhapus"

    def nama_bukti(r):
        v = variabel.get(realisasi_variabel.get(r.realisasi_id))
        return f"Bukti dukung: {v.nama}" if v else "Bukti dukung"

    def nama_catatan(r):
        i = indikator.get(r.indikator_id)
        return f"Catatan “{i.nama}”" if i else "Catatan"

    peristiwa = (
        peristiwa_dari(Realisasi, r_realisasi, penulis, nama_realisasi)
        + peristiwa_dari(CatatanIndikator, r_catatan, penulis, nama_catatan)
        + peristiwa_dari(BuktiDukung, r_bukti, penulis, nama_bukti)
    )
    pembukaan = list(
        PembukaanKunci.objects.filter(jabatan__tahun=tahun_iki, bulan=bulan).select_related("jabatan", "oleh")
    )
    peristiwa += [
        Peristiwa(
            waktu=p.pada, oleh=nama_pengguna(p.oleh), jenis="Dibuka kembali", objek=p.jabatan.nama,
            perubahan=[("status", "Diverifikasi", "Draf")], alasan=p.alasan, urut=p.pk,
        )
        for p in pembukaan
    ]
    jumlah: dict[int, dict[str, int]] = defaultdict(dict)
    for jid, status, n in (
        Realisasi.objects.filter(variabel__indikator__tahun=tahun_iki, bulan=bulan)
        .values_list("variabel__pengisi", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        jumlah[jid][status] = n
    jabatan = [
        StatusJabatan(jabatan=j, jumlah=jumlah.get(j.pk, {}))
        for j in Jabatan.objects.filter(tahun=tahun_iki, variabel_diisi__isnull=False).distinct().order_by("urutan")
    ]
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "bulan": bulan,
        "nama_bulan": perhitungan.NAMA_BULAN[bulan - 1],
        "halaman": _halaman(request, peristiwa),
        "status_jabatan": jabatan,
        "boleh_buka": boleh_buka_kunci(user, tahun_iki),
        "form_buka": FormBukaKunci(),
        "indikator": sorted(indikator.values(), key=lambda i: (i.urutan, i.pk)),
        "bulan_lain": [(b, perhitungan.NAMA_BULAN[b - 1][:3]) for b in range(1, 13)],
    }
    return render(request, "iki/realisasi/riwayat_bulan.html", konteks)
