"""Year management: fixing a year's IKI set (ditetapkan), revisions, copying a year forward.

Once a year is *ditetapkan* its set (jabatan, tugas/fungsi, sasaran, indikator, variabel,
konstanta, target, baris, narasi, the Keputusan facts) changes only through a recorded
revision: an operator opens one with a reason, which puts the year back to *draf*; fixing it
again closes the revision. Every writer of the set calls ``pastikan_dapat_diubah`` first.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from iki.models import (
    BarisIKI,
    Indikator,
    Jabatan,
    Konstanta,
    NarasiDokumen,
    PeriodeRenstra,
    RevisiIKI,
    Sasaran,
    TahunIKI,
    Target,
    UraianJabatan,
    Variabel,
)

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
    if TahunIKI.objects.filter(unit=asal.unit, tahun=ke_tahun).exists():
        raise ValidationError(
            f"IKI {asal.unit} tahun {ke_tahun} sudah ada; salinan tidak dibuat agar isinya tidak tertimpa.",
            code="ada",
        )
    renstra = PeriodeRenstra.objects.filter(
        unit=asal.unit, tahun_mulai__lte=ke_tahun, tahun_selesai__gte=ke_tahun
    ).first()
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
    return baru
