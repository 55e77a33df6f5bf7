"""Year management: fixing a year's IKI set (ditetapkan), revisions, copying a year forward, and
the unit's working year (the year every role's screens open on).

Once a year is *ditetapkan* its set (jabatan, tugas/fungsi, sasaran, indikator, variabel,
konstanta, target, baris, narasi, the Keputusan facts) changes only through a recorded
revision: an operator opens one with a reason, which puts the year back to *draf*; fixing it
again closes the revision. Every writer of the set calls ``pastikan_dapat_diubah`` first.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from iki.inti.angka import nama_bulan
from iki.models import (
    BarisIKI,
    Indikator,
    Jabatan,
    Konstanta,
    NarasiDokumen,
    PeriodeRenstra,
    Realisasi,
    RevisiIKI,
    Sasaran,
    TahunIKI,
    Target,
    UraianJabatan,
    Variabel,
)
from iki.umum.versi import naikkan_versi

PESAN_TERKUNCI = (
    "IKI tahun {tahun} sudah ditetapkan: perubahan hanya dapat dilakukan melalui revisi. "
    "Buka revisi (dengan alasannya) pada halaman Dokumen IKI terlebih dahulu."
)


class TahunTerkunci(ValidationError):
    """The year's set is fixed and no revision is open."""


def tahun_dari(obj) -> TahunIKI | None:
    """The TahunIKI an object of the IKI set belongs to (None when it cannot be told yet)."""
    if obj is None:
        return None
    if isinstance(obj, TahunIKI):
        return obj
    if isinstance(obj, Konstanta | Jabatan | Sasaran | Indikator | NarasiDokumen):
        return obj.tahun if obj.tahun_id else None
    if isinstance(obj, UraianJabatan | BarisIKI):
        return obj.jabatan.tahun if obj.jabatan_id else None
    if isinstance(obj, Variabel | Target):
        return obj.indikator.tahun if obj.indikator_id else None
    return None


def terkunci(obj) -> bool:
    """True when the object's year is fixed (ditetapkan): its set may not change."""
    tahun = tahun_dari(obj)
    if tahun is None or tahun.pk is None:
        return False
    # Read the stored status: a form may already have changed the instance in memory.
    return TahunIKI.objects.filter(pk=tahun.pk, status="ditetapkan").exists()


def pastikan_dapat_diubah(obj) -> None:
    """Raise TahunTerkunci when the set of the object's year may not change now."""
    if terkunci(obj):
        raise TahunTerkunci(PESAN_TERKUNCI.format(tahun=tahun_dari(obj).tahun), code="terkunci")


def periksa_form(instance, cleaned_data: dict) -> None:
    """For admin forms: refuse a save into a fixed year, whether the object is being changed
    or added (then its year comes from the form's tahun / jabatan / indikator field)."""
    pastikan_dapat_diubah(instance if instance is not None and instance.pk else None)
    for nama in ("tahun", "jabatan", "indikator"):
        nilai = cleaned_data.get(nama)
        if nilai is not None:
            pastikan_dapat_diubah(nilai)


# The models of a year's IKI set (what a revision is about).
MODEL_SET_IKI = (TahunIKI, Konstanta, Jabatan, UraianJabatan, Sasaran, Indikator, Variabel, Target, BarisIKI)


class KunciTahunMixin:
    """For ModelAdmin and InlineModelAdmin classes: a fixed year's set is read-only in the admin
    and no form saves into it; it changes through a revision opened on the Dokumen page."""

    def _terkunci(self, obj) -> bool:
        return self.model in MODEL_SET_IKI and terkunci(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._terkunci(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._terkunci(obj)

    def has_add_permission(self, request, *args):
        # An inline is asked with the parent object; a ModelAdmin cannot know the year yet
        # (its form's clean checks it, below).
        return super().has_add_permission(request, *args) and not (args and self._terkunci(args[0]))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if self.model not in MODEL_SET_IKI:
            return form

        class FormKunciTahun(form):
            def clean(self):
                data = super().clean()
                periksa_form(self.instance, data)
                return data

        return FormKunciTahun


def nomor_revisi(tahun_iki: TahunIKI) -> int:
    """The revision the document shows: 0 for the original set."""
    return RevisiIKI.objects.filter(tahun=tahun_iki).count()


def revisi_terbuka(tahun_iki: TahunIKI) -> RevisiIKI | None:
    return RevisiIKI.objects.filter(tahun=tahun_iki, ditetapkan_pada__isnull=True).first()


def _kunci_baris(tahun_iki: TahunIKI) -> TahunIKI:
    return TahunIKI.objects.select_for_update().get(pk=tahun_iki.pk)


@transaction.atomic
def simpan_keputusan(
    tahun_iki: TahunIKI, *, nomor_keputusan: str, tanggal_keputusan: date | None, tanggal_ttd: date | None
) -> TahunIKI:
    """The Keputusan number and dates printed in the document."""
    tahun = _kunci_baris(tahun_iki)
    pastikan_dapat_diubah(tahun)
    tahun.nomor_keputusan = nomor_keputusan.strip()
    tahun.tanggal_keputusan = tanggal_keputusan
    tahun.tanggal_ttd = tanggal_ttd
    tahun.save(update_fields=["nomor_keputusan", "tanggal_keputusan", "tanggal_ttd"])
    return tahun


@transaction.atomic
def tetapkan(tahun_iki: TahunIKI, *, user, sekarang=None) -> TahunIKI:
    """Fix the year's set; an open revision is closed by it."""
    sekarang = sekarang or timezone.now()
    tahun = _kunci_baris(tahun_iki)
    if tahun.status == "ditetapkan":
        raise ValidationError(f"IKI tahun {tahun.tahun} sudah ditetapkan.", code="sudah")
    kurang = []
    if not tahun.nomor_keputusan.strip():
        kurang.append("nomor Keputusan")
    if tahun.tanggal_keputusan is None:
        kurang.append("tanggal Keputusan")
    if kurang:
        raise ValidationError(f"Isi {' dan '.join(kurang)} sebelum menetapkan.", code="kurang")
    if not BarisIKI.objects.filter(jabatan__tahun=tahun).exists():
        raise ValidationError("Belum ada baris IKI yang dapat ditetapkan.", code="kosong")
    # The checklist's steps required for penetapan (their one home: iki.set_iki.persiapan).
    from iki.set_iki.persiapan import kurang_untuk_penetapan

    langkah = kurang_untuk_penetapan(tahun)
    if langkah:
        raise ValidationError(
            f"IKI tahun {tahun.tahun} belum dapat ditetapkan; langkah persiapan yang belum selesai: "
            f"{'; '.join(langkah)}.",
            code="persiapan",
        )
    tahun.status = "ditetapkan"
    tahun.save(update_fields=["status"])
    RevisiIKI.objects.filter(tahun=tahun, ditetapkan_pada__isnull=True).update(
        ditetapkan_pada=sekarang, ditetapkan_oleh=user
    )
    return tahun


@transaction.atomic
def buka_revisi(tahun_iki: TahunIKI, *, user, alasan: str, sekarang=None) -> RevisiIKI:
    """Open the next revision of a fixed year, with its reason; the set becomes editable."""
    alasan = alasan.strip()
    if not alasan:
        raise ValidationError("Tuliskan alasan revisi.", code="alasan")
    tahun = _kunci_baris(tahun_iki)
    if tahun.status != "ditetapkan":
        raise ValidationError(
            f"IKI tahun {tahun.tahun} belum ditetapkan: perubahan dapat langsung dilakukan tanpa revisi.",
            code="belum",
        )
    nomor = (RevisiIKI.objects.filter(tahun=tahun).order_by("-nomor").values_list("nomor", flat=True).first() or 0) + 1
    revisi = RevisiIKI.objects.create(
        tahun=tahun, nomor=nomor, alasan=alasan, dibuka_oleh=user, dibuka_pada=sekarang or timezone.now()
    )
    tahun.status = "draf"
    tahun.save(update_fields=["status"])
    return revisi


def _renstra(unit, tahun: int):
    return PeriodeRenstra.objects.filter(unit=unit, tahun_mulai__lte=tahun, tahun_selesai__gte=tahun).first()


def _pastikan_belum_ada(unit, tahun: int, *, dibuat: str) -> None:
    if not 2000 <= tahun <= 2100:
        raise ValidationError("Tahun harus antara 2000 dan 2100.", code="rentang")
    if TahunIKI.objects.filter(unit=unit, tahun=tahun).exists():
        raise ValidationError(
            f"IKI {unit} tahun {tahun} sudah ada; {dibuat} tidak dibuat agar isinya tidak tertimpa.", code="ada"
        )


@transaction.atomic
def buat_tahun(unit, *, tahun: int) -> TahunIKI:
    """A new, empty year of the unit (a draft to fill step by step); an existing year is refused."""
    _pastikan_belum_ada(unit, tahun, dibuat="tahun baru")
    return TahunIKI.objects.create(unit=unit, tahun=tahun, renstra=_renstra(unit, tahun), status="draf")


def nomor_keputusan_tahun_baru(nomor: str, dari: int, ke: int) -> str:
    """188/ … /KEP/434.512/2023 becomes 188/ … /KEP/434.512/2024; a number without the
    year at its end is not carried over (a new year needs a new Keputusan)."""
    pola = re.compile(rf"(?<!\d){dari}\s*$")
    return pola.sub(str(ke), nomor) if pola.search(nomor) else ""


@transaction.atomic
def salin_tahun(tahun_iki: TahunIKI, *, ke_tahun: int, user=None) -> TahunIKI:
    """Copy a year's whole IKI set to another year of the same unit, as a draft to edit.

    Copied: konstanta, jabatan (tugas, fungsi, atasan), sasaran, indikator with formula and
    variabel (pengisi mapped to the new jabatan), baris, narasi. Not copied: realisasi, targets
    (a new year's targets are a new decision; the quality review flags them as missing),
    penugasan (people are assigned to the new year's jabatan when it starts), revisions.
    """
    if not 2000 <= ke_tahun <= 2100:
        raise ValidationError("Tahun tujuan harus antara 2000 dan 2100.", code="rentang")
    asal = TahunIKI.objects.select_related("unit").get(pk=tahun_iki.pk)
    _pastikan_belum_ada(asal.unit, ke_tahun, dibuat="salinan")
    renstra = _renstra(asal.unit, ke_tahun)
    baru = TahunIKI.objects.create(
        unit=asal.unit,
        tahun=ke_tahun,
        renstra=renstra,
        status="draf",
        nomor_keputusan=nomor_keputusan_tahun_baru(asal.nomor_keputusan, asal.tahun, ke_tahun),
        data_contoh=False,
    )

    bulk_create_with_history(
        [Konstanta(tahun=baru, kode=k.kode, nama=k.nama, satuan=k.satuan, nilai=k.nilai) for k in asal.konstanta.all()],
        Konstanta,
        default_user=user,
    )

    jabatan_lama = list(asal.jabatan.order_by("urutan", "id"))
    peta_jabatan: dict[int, Jabatan] = {}
    for j in jabatan_lama:
        peta_jabatan[j.pk] = Jabatan(
            tahun=baru, kode=j.kode, nama=j.nama, judul_tugas=j.judul_tugas, urutan=j.urutan
        )
    bulk_create_with_history(list(peta_jabatan.values()), Jabatan, default_user=user)
    berubah = []
    for j in jabatan_lama:
        if j.atasan_id in peta_jabatan:
            peta_jabatan[j.pk].atasan = peta_jabatan[j.atasan_id]
            berubah.append(peta_jabatan[j.pk])
    for j in berubah:
        j.save(update_fields=["atasan"])  # one by one, so the history records the atasan too

    bulk_create_with_history(
        [
            UraianJabatan(jabatan=peta_jabatan[u.jabatan_id], jenis=u.jenis, urutan=u.urutan, teks=u.teks)
            for u in UraianJabatan.objects.filter(jabatan__tahun=asal)
        ],
        UraianJabatan,
        default_user=user,
    )

    sasaran_lama = list(asal.sasaran.order_by("id"))
    peta_sasaran = {s.pk: Sasaran(tahun=baru, teks=s.teks) for s in sasaran_lama}
    bulk_create_with_history(list(peta_sasaran.values()), Sasaran, default_user=user)

    indikator_lama = list(asal.indikator.order_by("urutan", "id"))
    peta_indikator = {
        i.pk: Indikator(
            tahun=baru,
            kode=i.kode,
            nama=i.nama,
            satuan=i.satuan,
            polaritas=i.polaritas,
            jenis=i.jenis,
            rumus=i.rumus,
            penjelasan=i.penjelasan,
            sumber_data=i.sumber_data,
            penanggung_jawab=peta_jabatan.get(i.penanggung_jawab_id),
            sifat_target=i.sifat_target,
            wajib_bukti=i.wajib_bukti,
            urutan=i.urutan,
            # The same indicator last year (capaian.tahun_lalu): only a copy into the next year.
            asal=i if ke_tahun == asal.tahun + 1 else None,
        )
        for i in indikator_lama
    }
    bulk_create_with_history(list(peta_indikator.values()), Indikator, default_user=user)

    bulk_create_with_history(
        [
            Variabel(
                indikator=peta_indikator[v.indikator_id],
                kode=v.kode,
                nama=v.nama,
                satuan=v.satuan,
                cara_gabung=v.cara_gabung,
                pengisi=peta_jabatan.get(v.pengisi_id),
                desimal=v.desimal,
                urutan=v.urutan,
            )
            for v in Variabel.objects.filter(indikator__tahun=asal).order_by("indikator_id", "urutan", "id")
        ],
        Variabel,
        default_user=user,
    )

    bulk_create_with_history(
        [
            BarisIKI(
                jabatan=peta_jabatan[b.jabatan_id],
                sasaran=peta_sasaran[b.sasaran_id],
                indikator=peta_indikator[b.indikator_id],
                urutan=b.urutan,
                teks_indikator=b.teks_indikator,
                sumber_data=b.sumber_data,
            )
            for b in BarisIKI.objects.filter(jabatan__tahun=asal).order_by("jabatan_id", "urutan")
        ],
        BarisIKI,
        default_user=user,
    )

    narasi = NarasiDokumen.objects.filter(tahun=asal).first()
    if narasi is not None:
        salinan = NarasiDokumen(tahun=baru, diperbarui_oleh=user, **narasi.teks_bagian())
        salinan.save()
    naikkan_versi(baru)  # the copied rows were bulk-created, without signals
    return baru


# --- The working year ---------------------------------------------------------------------------


@dataclass
class PekerjaanTerbuka:
    """What is still open in a year: the months begun that are not fully verified, the values
    returned to their staf and not yet corrected, the values waiting for a verifier."""

    tahun: int
    bulan_belum: list[int] = field(default_factory=list)
    dikembalikan: int = 0
    diajukan: int = 0

    def __bool__(self) -> bool:
        return bool(self.bulan_belum or self.dikembalikan or self.diajukan)

    @property
    def nama_bulan_belum(self) -> list[str]:
        return [nama_bulan(b) for b in self.bulan_belum]

    def teks(self) -> str:
        """One Indonesian sentence for a message, or "" when nothing is open."""
        bagian = []
        if self.bulan_belum:
            bagian.append("bulan belum terverifikasi: " + ", ".join(self.nama_bulan_belum))
        if self.diajukan:
            bagian.append(f"{self.diajukan} nilai menunggu verifikasi")
        if self.dikembalikan:
            bagian.append(f"{self.dikembalikan} nilai dikembalikan dan belum diperbaiki")
        return f"Tahun {self.tahun} masih terbuka: " + "; ".join(bagian) + "." if bagian else ""


def pekerjaan_terbuka(tahun_iki: TahunIKI, *, hari_ini: date) -> PekerjaanTerbuka:
    """The open work of a year, in two queries."""
    jumlah_variabel = Variabel.objects.filter(indikator__tahun=tahun_iki).count()
    nilai = Realisasi.objects.filter(variabel__indikator__tahun=tahun_iki)
    per_bulan = dict(
        nilai.filter(status=Realisasi.DIVERIFIKASI).order_by().values("bulan").annotate(n=Count("id"))
        .values_list("bulan", "n")
    )
    hasil = PekerjaanTerbuka(tahun=tahun_iki.tahun)
    if jumlah_variabel:
        # A month that has begun (the entry calendar's "open month", iki.realisasi.kalender,
        # which this part may not import).
        hasil.bulan_belum = [
            b for b in range(1, 13) if date(tahun_iki.tahun, b, 1) <= hari_ini and per_bulan.get(b, 0) < jumlah_variabel
        ]
    jumlah = nilai.aggregate(
        dikembalikan=Count("id", filter=Q(status=Realisasi.DIKEMBALIKAN)),
        diajukan=Count("id", filter=Q(status=Realisasi.DIAJUKAN)),
    )
    hasil.dikembalikan, hasil.diajukan = jumlah["dikembalikan"], jumlah["diajukan"]
    return hasil


@transaction.atomic
def jadikan_tahun_kerja(tahun_iki: TahunIKI, *, user, dari_tahun: int | None) -> TahunIKI | None:
    """Declare ``tahun_iki`` the year every role of its unit opens on: the unit's old flag is
    cleared and the new one set in one transaction, both kept in the history. ``dari_tahun`` is
    the working year the operator saw when confirming; when it has changed since (someone else
    moved the unit), nothing is changed. Returns the year screens opened on before, to tell what
    is still open there. Copying a year (``salin_tahun``) never calls this: only the operator
    moves everyone."""
    daftar = list(TahunIKI.objects.select_for_update().filter(unit_id=tahun_iki.unit_id).order_by("tahun"))
    baru = next(t for t in daftar if t.pk == tahun_iki.pk)
    lama = TahunIKI.objects.terkini(baru.unit)
    if baru.tahun_kerja:
        raise ValidationError(f"Tahun {baru.tahun} sudah menjadi tahun kerja.", code="sudah")
    if lama is not None and lama.tahun != dari_tahun:
        raise ValidationError(
            f"Tahun kerja baru saja diubah oleh pengguna lain menjadi {lama.tahun}; periksa kembali sebelum "
            "memindahkan semua orang.",
            code="berubah",
        )
    for t in daftar:
        if t.tahun_kerja:
            t.tahun_kerja = False
            t._history_user = user
            t.save(update_fields=["tahun_kerja"])
    baru.tahun_kerja = True
    baru._history_user = user
    baru.save(update_fields=["tahun_kerja"])
    return None if lama is None or lama.pk == baru.pk else lama
