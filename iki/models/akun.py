"""The user account: a role, and the unit (or, for a pemantau, the kabupaten) it belongs to."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from iki.models.organisasi import Kabupaten, Pegawai, UnitKerja
from iki.models.set_iki import Jabatan, Penugasan

__all__ = [
    "Pengguna",
    "PenggunaManager",
]


class PenggunaManager(UserManager):
    pass


class Pengguna(AbstractUser):
    OPERATOR = "operator"
    STAF = "staf"
    VERIFIKATOR = "verifikator"
    CAMAT = "camat"
    PEMANTAU = "pemantau"
    PERAN_CHOICES = [
        (OPERATOR, "Operator"),
        (STAF, "Staf / pengisi data"),
        (VERIFIKATOR, "Verifikator"),
        (CAMAT, "Camat / pimpinan"),
        (PEMANTAU, "Pemantau (hanya baca)"),
    ]
    PERAN_HANYA_BACA = {CAMAT, PEMANTAU}

    peran = models.CharField("peran", max_length=15, choices=PERAN_CHOICES, default=STAF)
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="pengguna", verbose_name="unit kerja"
    )
    kabupaten = models.ForeignKey(
        Kabupaten,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pengguna",
        verbose_name="kabupaten",
        help_text="Untuk pemantau tingkat kabupaten (tanpa unit kerja).",
    )
    pegawai = models.OneToOneField(
        Pegawai, on_delete=models.SET_NULL, null=True, blank=True, related_name="akun", verbose_name="pegawai"
    )

    PENGINGAT_HARIAN = "harian"
    PENGINGAT_TIDAK = "tidak"
    PENGINGAT_CHOICES = [
        (PENGINGAT_HARIAN, "Ringkasan harian lewat surel bila ada yang perlu saya kerjakan"),
        (PENGINGAT_TIDAK, "Tidak usah kirim surel"),
    ]
    pengingat_surel = models.CharField(
        "pengingat lewat surel", max_length=10, choices=PENGINGAT_CHOICES, default=PENGINGAT_HARIAN
    )
    wajib_ganti_sandi = models.BooleanField(
        "wajib ganti kata sandi",
        default=False,
        help_text="Kata sandi sekali pakai: pengguna harus menggantinya saat masuk berikutnya.",
    )

    objects = PenggunaManager()

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"
        constraints = [
            models.CheckConstraint(
                condition=Q(is_superuser=True) | Q(unit__isnull=False) | Q(peran="pemantau", kabupaten__isnull=False),
                name="pengguna_punya_unit",
            )
        ]

    def clean(self):
        super().clean()
        if not self.is_superuser and self.unit_id is None:
            if self.peran != self.PEMANTAU:
                raise ValidationError({"unit": "Pengguna dengan peran ini harus terikat pada satu unit kerja."})
            if self.kabupaten_id is None:
                raise ValidationError({"kabupaten": "Pemantau tanpa unit kerja harus terikat pada satu kabupaten."})
        if self.pegawai_id and self.unit_id and self.pegawai.unit_id != self.unit_id:
            raise ValidationError({"pegawai": "Pegawai harus dari unit kerja pengguna."})

    @property
    def hanya_baca(self) -> bool:
        return self.peran in self.PERAN_HANYA_BACA and not self.is_superuser

    def unit_terlihat(self):
        """Units whose data this user may read."""
        if self.is_superuser:
            return UnitKerja.objects.all()
        if self.unit_id:
            return UnitKerja.objects.filter(pk=self.unit_id)
        if self.peran == self.PEMANTAU and self.kabupaten_id:
            return UnitKerja.objects.filter(kabupaten_id=self.kabupaten_id)
        return UnitKerja.objects.none()

    def jabatan_pada(self, tahun_iki, tanggal):
        """The jabatan this user's pegawai holds in that year's set on that date (Plt/Plh included)."""
        if not self.pegawai_id:
            return Jabatan.objects.none()
        return Jabatan.objects.filter(
            tahun=tahun_iki,
            penugasan__in=Penugasan.objects.filter(pegawai_id=self.pegawai_id).aktif_pada(tanggal),
        ).distinct()
