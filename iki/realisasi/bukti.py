"""Evidence (bukti dukung) of a realisasi: upload, list, download, delete, and "is evidence missing".

Who may do what:
- read and download: anyone who sees the unit (its staf, verifikator, operator, camat; the
  kabupaten's pemantau); another unit's file is 404.
- add and delete: the staf whose jabatan enters the variable, or the unit's operator, and only
  while the realisasi is not verified (a verified month is locked).

Files are checked by content (``iki.umum.berkas``), stored under a generated name (``lokasi_bukti``)
and served only by ``bukti_unduh``; the user's file name is kept as data for display.

For the entry screen: ``prefetch_bukti()`` for the list, ``boleh_ubah_bukti(user, realisasi)``,
the include ``iki/bukti/_daftar.html``, ``tambah_bukti`` (files sent with the values, kept inside
``alur.simpan_entri``'s transaction) and ``kurang_bukti`` for the submit step. The evidence page
keeps its own upload form (``iki/bukti/_form.html``, ``bukti_unggah``). For the verifier:
``iki/bukti/_kecil.html`` (photos as thumbnails from ``bukti_kecil``, PDFs as links).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from iki.inti.angka import nama_bulan
from iki.models import BuktiDukung, Pengguna, Realisasi, Variabel
from iki.realisasi import kalender
from iki.umum import akses
from iki.umum.berkas import (
    EKSTENSI,
    JPEG,
    MAKS_BITA,
    PNG,
    BerkasDitolak,
    HasilPeriksa,
    format_batas,
    format_ukuran,
    gambar_kecil,
    nama_aman,
    periksa_berkas,
)
from iki.umum.penyimpanan import transaksi_berkas

# Enough for a month's scans of one count; a guard against a runaway script filling the disk.
MAKS_BERKAS_PER_REALISASI = 20


class BuktiTidakDisimpan(Exception):
    """An upload or deletion refused by the state of the realisasi; ``pesan`` says why."""

    def __init__(self, pesan: str):
        self.pesan = pesan
        super().__init__(pesan)


# --- Queries and rules -----------------------------------------------------------------------


def prefetch_bukti() -> Prefetch:
    """``Realisasi.objects.prefetch_related(prefetch_bukti())`` lets ``_daftar.html`` list every
    realisasi's files with two queries in all, however many realisasi the page shows."""
    return Prefetch(
        "bukti", queryset=BuktiDukung.objects.select_related("diunggah_oleh", "desa").order_by("diunggah_pada")
    )


def kurang_bukti(realisasi_list) -> list[Realisasi]:
    """The realisasi (of those given, in their order) whose indicator requires evidence and that
    have none yet. One query for saved realisasi; unsaved ones (which cannot have evidence yet)
    cost one more, on their variables."""
    realisasi_list = list(realisasi_list)
    tersimpan = [r.pk for r in realisasi_list if r.pk is not None]
    kurang: set[int] = set()
    if tersimpan:
        kurang = set(
            Realisasi.objects.filter(pk__in=tersimpan, variabel__indikator__wajib_bukti=True)
            .exclude(Exists(BuktiDukung.objects.filter(realisasi=OuterRef("pk"))))
            .values_list("pk", flat=True)
        )
    baru = [r for r in realisasi_list if r.pk is None]
    variabel_wajib: set[int] = set()
    if baru:
        variabel_wajib = set(
            Variabel.objects.filter(
                pk__in={r.variabel_id for r in baru}, indikator__wajib_bukti=True
            ).values_list("pk", flat=True)
        )
    return [r for r in realisasi_list if (r.pk in kurang if r.pk is not None else r.variabel_id in variabel_wajib)]


def pesan_kurang_bukti(realisasi: Realisasi) -> str:
    """The message the submit step shows for one realisasi returned by ``kurang_bukti``."""
    return (
        f"“{realisasi.variabel.nama}” ({nama_bulan(realisasi.bulan)}) belum memiliki bukti dukung, "
        f"padahal indikator “{realisasi.variabel.indikator.nama}” mewajibkannya. Unggah bukti sebelum mengajukan."
    )


def pengisi_bukti(user: Pengguna, realisasi: Realisasi) -> bool:
    """May this user add or remove evidence of this realisasi (the lock aside)?

    Expects ``realisasi.variabel.indikator.tahun`` loaded (as ``akses.realisasi_atau_404`` does)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    tahun = realisasi.variabel.indikator.tahun
    if user.unit_id != tahun.unit_id:
        return False
    if user.peran == Pengguna.OPERATOR:
        return True
    if user.peran != Pengguna.STAF or not realisasi.variabel.pengisi_id:
        return False
    acuan = kalender.tanggal_acuan(tahun.tahun, timezone.localdate())
    return user.jabatan_pada(tahun, acuan).filter(pk=realisasi.variabel.pengisi_id).exists()


def boleh_ubah_bukti(user: Pengguna, realisasi: Realisasi) -> bool:
    return not realisasi.terkunci and pengisi_bukti(user, realisasi)


def _pesan_terkunci(realisasi: Realisasi) -> str:
    bulan = f"{nama_bulan(realisasi.bulan)} {realisasi.variabel.indikator.tahun.tahun}"
    return (
        f"Realisasi “{realisasi.variabel.nama}” bulan {bulan} sudah diverifikasi dan terkunci: bukti dukung "
        "tidak dapat ditambah atau dihapus. Bila perlu diubah, minta operator atau camat membuka kunci bulan ini."
    )


# --- Writes ----------------------------------------------------------------------------------


def _kunci_realisasi(realisasi: Realisasi) -> Realisasi:
    """Re-read the realisasi under a row lock, so a verification in between is not missed."""
    terbaru = Realisasi.objects.select_for_update().only("pk", "status").get(pk=realisasi.pk)
    realisasi.status = terbaru.status
    if realisasi.terkunci:
        raise BuktiTidakDisimpan(_pesan_terkunci(realisasi))
    return realisasi


def simpan_bukti(*, realisasi: Realisasi, berkas, hasil: HasilPeriksa, oleh: Pengguna) -> BuktiDukung:
    """Store a checked file for the realisasi under a generated name. Raises BuktiTidakDisimpan.

    Its own transaction (never inside a caller's): if the row is not committed, the file is deleted."""
    with transaksi_berkas() as tulis:
        return tambah_bukti(tulis, realisasi=realisasi, berkas=berkas, hasil=hasil, oleh=oleh)


def tambah_bukti(
    tulis, *, realisasi: Realisasi, berkas, hasil: HasilPeriksa, oleh: Pengguna, sama_boleh: bool = False,
    desa=None,
) -> BuktiDukung | None:
    """Store a checked file inside a caller's ``transaksi_berkas`` (``tulis`` is what it yields),
    so that values and files of one submission commit together or not at all. Raises
    BuktiTidakDisimpan. ``sama_boleh``: a file identical to one already kept is skipped (returns
    None) rather than refused — the entry form sent again by a double tap. ``desa``: the desa the
    file is evidence for (a per-desa value; checked by the caller)."""
    _kunci_realisasi(realisasi)
    ada = BuktiDukung.objects.filter(realisasi=realisasi)
    if ada.filter(sha256=hasil.sha256).exists():
        if sama_boleh:
            return None
        raise BuktiTidakDisimpan("Berkas yang sama persis sudah diunggah untuk realisasi ini.")
    if ada.count() >= MAKS_BERKAS_PER_REALISASI:
        raise BuktiTidakDisimpan(
            f"Satu realisasi paling banyak memiliki {MAKS_BERKAS_PER_REALISASI} berkas bukti. "
            "Gabungkan beberapa halaman pindaian menjadi satu PDF."
        )
    bukti = BuktiDukung(
        realisasi=realisasi,
        nama_asli=hasil.nama_aman,
        jenis_konten=hasil.jenis_konten,
        ukuran=hasil.ukuran,
        sha256=hasil.sha256,
        diunggah_oleh=oleh,
        desa=desa,
    )
    # The name passed here is ignored by lokasi_bukti, which generates one from jenis_konten.
    tulis(bukti.berkas, f"bukti.{hasil.ekstensi}", berkas)
    bukti.save()
    return bukti


@transaction.atomic
def hapus_bukti(*, bukti: BuktiDukung) -> None:
    """Remove one piece of evidence: the row. The stored file, no longer referenced, goes with the
    daily ``bersihkan_berkas`` (never between the backup's ``pg_dump`` and ``tar``, see iki.umum.penyimpanan)."""
    _kunci_realisasi(bukti.realisasi)
    bukti.delete()


# --- Upload size guard -----------------------------------------------------------------------


class BatasUkuranUnggah(FileUploadHandler):
    """Stop keeping an uploaded file once it passes the limit.

    Without it Django spools any upload to a temporary file, however large. Past the limit the
    remaining chunks are dropped, and the form receives an empty stand-in that carries the real
    size, so the user reads "Berkas terlalu besar: 8,0 MB (maksimal 5 MB)". (The web server's own
    body limit, e.g. nginx ``client_max_body_size``, bounds what is read from the network.)
    """

    def __init__(self, request=None, maks_bita: int = MAKS_BITA):
        super().__init__(request)
        self.maks_bita = maks_bita
        self.diterima = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.diterima = 0

    def receive_data_chunk(self, raw_data, start):
        self.diterima += len(raw_data)
        if self.diterima > self.maks_bita:
            return None  # later handlers (memory, temporary file) never see the rest
        return raw_data

    def file_complete(self, file_size):
        if self.diterima <= self.maks_bita:
            return None  # the next handler delivers the file
        pengganti = SimpleUploadedFile(self.file_name or "berkas", b"", self.content_type)
        pengganti.size = self.diterima
        return pengganti


# --- Form ------------------------------------------------------------------------------------


class FormBukti(forms.Form):
    berkas = forms.FileField(
        label="Berkas bukti dukung",
        help_text=f"PDF, JPEG atau PNG, maksimal {format_batas(MAKS_BITA)} per berkas.",
        allow_empty_file=True,  # periksa_berkas gives the clearer message
        error_messages={
            "required": "Pilih berkas bukti dukung yang akan diunggah.",
            "missing": "Berkas tidak terkirim. Pilih berkas lalu unggah kembali.",
            "invalid": "Berkas tidak terkirim dengan benar. Pilih berkas lalu unggah kembali.",
        },
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        try:
            self.hasil = periksa_berkas(berkas.name, berkas)
        except BerkasDitolak as e:
            raise forms.ValidationError(e.pesan, code="ditolak") from None
        return berkas


# --- Views -----------------------------------------------------------------------------------


def _bukti_atau_404(user: Pengguna, pk: int) -> BuktiDukung:
    return get_object_or_404(
        BuktiDukung.objects.select_related("realisasi__variabel__indikator__tahun__unit", "realisasi__variabel"),
        pk=pk,
        realisasi__variabel__indikator__tahun__unit__in=user.unit_terlihat(),
    )


def _pastikan_pengisi(user: Pengguna, realisasi: Realisasi) -> None:
    if not pengisi_bukti(user, realisasi):
        raise PermissionDenied("Hanya pengisi variabel ini atau operator unit yang dapat mengubah bukti dukungnya.")


def _tujuan_kembali(request, realisasi: Realisasi) -> str:
    """The same-site ``next`` the form carried, else the realisasi's evidence page."""
    tujuan = akses.alamat_kembali(request, request.POST.get("next") or request.GET.get("next"))
    return tujuan or reverse("bukti_realisasi", args=[realisasi.pk])


@require_GET
@akses.untuk("entri")
def bukti_realisasi(request, pk: int):
    realisasi = akses.realisasi_atau_404(request.user, pk)
    prefetch_related_objects([realisasi], prefetch_bukti())
    kembali = akses.alamat_kembali(request, request.GET.get("next"))
    return render(
        request,
        "iki/bukti/halaman.html",
        {
            "realisasi": realisasi,
            "nama_bulan": nama_bulan(realisasi.bulan),
            "boleh_ubah": pengisi_bukti(request.user, realisasi),
            "terkunci": realisasi.terkunci,
            "kembali": kembali,
        },
    )


@csrf_exempt  # the CSRF check runs inside, after the size guard is in place (Django docs,
@require_POST  # "Modifying upload handlers on the fly")
@akses.untuk("entri", tulis=True)
def bukti_unggah(request, pk: int):
    request.upload_handlers.insert(0, BatasUkuranUnggah(request))
    return _bukti_unggah(request, pk)


@csrf_protect
def _bukti_unggah(request, pk: int):
    realisasi = akses.realisasi_atau_404(request.user, pk)
    _pastikan_pengisi(request.user, realisasi)
    kembali = _tujuan_kembali(request, realisasi)
    if realisasi.terkunci:
        messages.error(request, _pesan_terkunci(realisasi))
        return redirect(kembali)
    form = FormBukti(request.POST, request.FILES)
    if not form.is_valid():
        for pesan in form.errors.get("berkas", []):
            messages.error(request, f"Bukti dukung tidak disimpan. {pesan}")
        return redirect(kembali)
    try:
        bukti = simpan_bukti(
            realisasi=realisasi, berkas=form.cleaned_data["berkas"], hasil=form.hasil, oleh=request.user
        )
    except BuktiTidakDisimpan as e:
        messages.error(request, f"Bukti dukung tidak disimpan. {e.pesan}")
        return redirect(kembali)
    messages.success(request, f"Bukti dukung “{bukti.nama_asli}” ({format_ukuran(bukti.ukuran)}) tersimpan.")
    return redirect(kembali)


@require_POST
@akses.untuk("entri", tulis=True)
def bukti_hapus(request, pk: int):
    """Delete after the user said yes: ``yakin`` comes from the confirmation page, or from
    static/js/bukti.js after its dialog. A POST without it (no JS) shows that page first."""
    bukti = _bukti_atau_404(request.user, pk)
    realisasi = bukti.realisasi
    _pastikan_pengisi(request.user, realisasi)
    kembali = _tujuan_kembali(request, realisasi)
    if realisasi.terkunci:
        messages.error(request, f"Bukti dukung tidak dihapus. {_pesan_terkunci(realisasi)}")
        return redirect(kembali)
    if request.POST.get("yakin") != "1":
        return render(
            request,
            "iki/bukti/hapus.html",
            {"bukti": bukti, "realisasi": realisasi, "nama_bulan": nama_bulan(realisasi.bulan), "kembali": kembali},
        )
    try:
        hapus_bukti(bukti=bukti)
    except BuktiTidakDisimpan as e:
        messages.error(request, f"Bukti dukung tidak dihapus. {e.pesan}")
        return redirect(kembali)
    messages.success(request, f"Bukti dukung “{bukti.nama_asli}” dihapus.")
    return redirect(kembali)


@require_GET
@akses.untuk("entri")
def bukti_unduh(request, pk: int):
    bukti = _bukti_atau_404(request.user, pk)
    jenis = bukti.jenis_konten if bukti.jenis_konten in EKSTENSI else "application/octet-stream"
    try:
        berkas = bukti.berkas.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("Berkas bukti tidak ditemukan di penyimpanan. Hubungi operator unit.") from None
    response = FileResponse(
        berkas,
        as_attachment=True,
        filename=nama_aman(bukti.nama_asli, bukti.jenis_konten if jenis != "application/octet-stream" else None),
        content_type=jenis,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@akses.untuk("entri")
def bukti_kecil(request, pk: int):
    """A small JPEG of an image evidence file for the verifier's list (``iki/bukti/_kecil.html``);
    read as the download is (the unit's readers; another unit's file is 404). A PDF has none (404)."""
    bukti = _bukti_atau_404(request.user, pk)
    if bukti.jenis_konten not in (JPEG, PNG):
        raise Http404("Berkas ini bukan foto; tidak ada gambar kecilnya.")
    # A stored evidence file never changes (a new one is a new row), so its hash names the thumbnail.
    etag = f'"{bukti.sha256[:32]}-k"'
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        try:
            with bukti.berkas.open("rb") as berkas:
                data = gambar_kecil(berkas)
        except (FileNotFoundError, ValueError, BerkasDitolak):
            raise Http404("Gambar kecil tidak dapat dibuat dari berkas ini.") from None
        response = HttpResponse(data, content_type="image/jpeg")
        response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=86400"
    return response
