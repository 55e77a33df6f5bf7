"""Models of the dokumen screens (imported by iki.models so Django finds them).

The narrative of the annual IKI document, the revisions of a year's set once it is fixed
(ditetapkan), and the cache of rendered PDFs. Core models are referenced by string because
iki.models imports this module.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

__all__ = ["BerkasDokumen", "NarasiDokumen", "RevisiIKI"]

# (field, heading shown to the operator), in document order. The keys are those of
# iki.set_iki.data.ketapang_2023.NARASI, whose text is the default of every unit.
BAGIAN_NARASI = [
    ("latar_belakang", "BAB I · 1.1 Latar Belakang"),
    ("maksud_tujuan", "BAB I · 1.2 Maksud dan Tujuan"),
    ("manfaat", "BAB I · 1.3 Manfaat"),
    ("pengantar_bab2", "BAB II · Pengantar"),
    ("syarat", "BAB II · Syarat indikator kinerja"),
    ("kriteria", "BAB II · Kriteria indikator yang baik"),
    ("dasar_penetapan", "BAB II · 2.1 Dasar Penetapan IKI"),
    ("iki_unit", "BAB II · 2.2 IKI unit kerja"),
    ("langkah_penentuan", "BAB II · Langkah penentuan IKI"),
    ("kegunaan", "BAB II · Kegunaan IKI"),
    ("penutup", "BAB III · Penutup"),
]


def _teks(label):
    return models.TextField(label, blank=True)


class NarasiDokumen(models.Model):
    """BAB I-III of one year's document, as templates: ``{nama_unit}``, ``{tahun}``, … are
    filled in from data when the document is built. No row means the default text."""

    tahun = models.OneToOneField("iki.TahunIKI", on_delete=models.CASCADE, related_name="narasi")
    latar_belakang = _teks("latar belakang")
    maksud_tujuan = _teks("maksud dan tujuan")
    manfaat = _teks("manfaat")
    pengantar_bab2 = _teks("pengantar BAB II")
    syarat = _teks("syarat indikator")
    kriteria = _teks("kriteria indikator")
    dasar_penetapan = _teks("dasar penetapan")
    iki_unit = _teks("IKI unit kerja")
    langkah_penentuan = _teks("langkah penentuan")
    kegunaan = _teks("kegunaan")
    penutup = _teks("penutup")
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)
    diperbarui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="diperbarui oleh",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "narasi dokumen IKI"
        verbose_name_plural = "narasi dokumen IKI"

    def __str__(self):
        return f"Narasi {self.tahun}"

    def teks_bagian(self) -> dict[str, str]:
        return {kunci: getattr(self, kunci) for kunci, _ in BAGIAN_NARASI}


class RevisiIKI(models.Model):
    """A change to a year's set after it was fixed: who opened it, why, and when it was fixed again."""

    tahun = models.ForeignKey("iki.TahunIKI", on_delete=models.CASCADE, related_name="revisi")
    nomor = models.PositiveSmallIntegerField("revisi ke")
    alasan = models.TextField("alasan revisi")
    dibuka_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="dibuka oleh"
    )
    dibuka_pada = models.DateTimeField("dibuka pada", default=timezone.now)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="ditetapkan kembali oleh",
    )
    ditetapkan_pada = models.DateTimeField("ditetapkan kembali pada", null=True, blank=True)

    class Meta:
        verbose_name = "revisi IKI"
        verbose_name_plural = "revisi IKI"
        ordering = ["tahun", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["tahun", "nomor"], name="revisi_nomor_unik"),
            models.CheckConstraint(condition=Q(nomor__gte=1), name="revisi_nomor_positif"),
            # At most one revision of a year is open at a time.
            models.UniqueConstraint(
                fields=["tahun"], condition=Q(ditetapkan_pada__isnull=True), name="revisi_satu_terbuka"
            ),
        ]

    def __str__(self):
        return f"Revisi ke-{self.nomor} {self.tahun}"

    @property
    def terbuka(self) -> bool:
        return self.ditetapkan_pada is None


class BerkasDokumen(models.Model):
    """The last rendered PDF of a year per paper size, valid while ``sidik`` (a hash of
    everything the document shows) is unchanged. Kept in the database so every app server
    shares it."""

    KERTAS_CHOICES = [("a4", "A4"), ("f4", "F4 (215 × 330 mm)")]

    tahun = models.ForeignKey("iki.TahunIKI", on_delete=models.CASCADE, related_name="berkas_dokumen")
    kertas = models.CharField("kertas", max_length=2, choices=KERTAS_CHOICES)
    sidik = models.CharField("sidik isi", max_length=64)
    pdf = models.BinaryField("PDF")
    dibuat = models.DateTimeField("dibuat", default=timezone.now)

    class Meta:
        verbose_name = "berkas dokumen IKI (cache)"
        verbose_name_plural = "berkas dokumen IKI (cache)"
        constraints = [models.UniqueConstraint(fields=["tahun", "kertas"], name="berkas_dokumen_unik")]

    def __str__(self):
        return f"Dokumen {self.tahun} ({self.get_kertas_display()})"


# simple_history names the app package ("iki") as the module of a historical model defined
# outside models.py, where it cannot be imported from (Django's shell warns on every start).
NarasiDokumen.history.model.__module__ = __name__
