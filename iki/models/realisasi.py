"""Monthly values: a ``Realisasi`` is the value of one variable in one month (the unit is the
variable's indicator's year's unit), with its notes, evidence and the reopenings of locked months."""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from iki.inti import angka
from iki.models.organisasi import Desa
from iki.models.set_iki import Indikator, Jabatan, Variabel

__all__ = [
    "BuktiDukung",
    "CatatanIndikator",
    "PembukaanKunci",
    "Realisasi",
    "RealisasiDesa",
    "RealisasiQuerySet",
    "lokasi_bukti",
]


class RealisasiQuerySet(models.QuerySet):
    def for_unit(self, unit):
        return self.filter(variabel__indikator__tahun__unit=unit)

    def for_tahun(self, tahun_iki):
        return self.filter(variabel__indikator__tahun=tahun_iki)

    def diajukan(self):
        """Submitted and waiting for verification."""
        return self.filter(status=Realisasi.DIAJUKAN)

    def terkunci(self):
        """Verified, so locked (``Realisasi.terkunci`` as a query)."""
        return self.filter(status=Realisasi.DIVERIFIKASI)


class Realisasi(models.Model):
    DRAFT = "draft"
    DIAJUKAN = "diajukan"
    DIVERIFIKASI = "diverifikasi"
    DIKEMBALIKAN = "dikembalikan"
    STATUS_CHOICES = [
        (DRAFT, "Draf"),
        (DIAJUKAN, "Diajukan"),
        (DIVERIFIKASI, "Diverifikasi"),
        (DIKEMBALIKAN, "Dikembalikan"),
    ]
    # A month without a value has no row and so no status; the screens still name it. These are
    # the one vocabulary of the entry, verification and dashboard screens (and their templates).
    BELUM_DIISI = "belum"
    LABEL_STATUS = {BELUM_DIISI: "Belum diisi", **dict(STATUS_CHOICES)}
    # What the filler still owes: not entered, a draft, or returned by the verifier.
    BELUM_DIAJUKAN = frozenset({BELUM_DIISI, DRAFT, DIKEMBALIKAN})
    # The note a reopened value carries (``buka``): the reason, once per month on the staf's home.
    AWALAN_DIBUKA = "Dibuka kembali: "

    variabel = models.ForeignKey(Variabel, on_delete=models.PROTECT, related_name="realisasi")
    bulan = models.PositiveSmallIntegerField("bulan", validators=[MinValueValidator(1), MaxValueValidator(12)])
    nilai = models.DecimalField("nilai", max_digits=17, decimal_places=2, validators=[MinValueValidator(0)])
    status = models.CharField("status", max_length=15, choices=STATUS_CHOICES, default=DRAFT)
    catatan = models.TextField("catatan", blank=True)
    catatan_verifikasi = models.TextField("catatan verifikator", blank=True)
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="diisi oleh",
    )
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)
    diajukan_pada = models.DateTimeField("diajukan pada", null=True, blank=True)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="diverifikasi oleh",
    )
    diverifikasi_pada = models.DateTimeField("diverifikasi pada", null=True, blank=True)
    # Incremented on every save; a form carries the version it was read at, so a second
    # editor's stale save is refused instead of silently overwriting the first.
    versi = models.PositiveIntegerField("versi", default=1)

    objects = RealisasiQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "realisasi"
        verbose_name_plural = "realisasi"
        ordering = ["variabel", "bulan"]
        constraints = [
            models.UniqueConstraint(fields=["variabel", "bulan"], name="realisasi_unik"),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="realisasi_bulan_valid"),
            models.CheckConstraint(condition=Q(nilai__gte=0), name="realisasi_tidak_negatif"),
        ]

    def __str__(self):
        return f"{self.variabel} — {angka.nama_bulan(self.bulan)}: {self.variabel.format_nilai(self.nilai)}"

    @staticmethod
    def status_terkunci(status: str) -> bool:
        """Verified means locked: the rule, for a status read as a plain value."""
        return status == Realisasi.DIVERIFIKASI

    @property
    def terkunci(self) -> bool:
        """Verified, so locked: neither the value nor its evidence changes until the operator or
        the camat reopens the month (``buka``)."""
        return self.status_terkunci(self.status)

    # The state changes below set the fields, a new version and the audit history's user and
    # reason; the caller saves (a save path checks its rules first and saves many at once).
    # Draft → Diajukan → Diverifikasi (locked), or → Dikembalikan; a locked value is reopened
    # to draft. Changing the value of a submitted or returned value makes it a draft again.

    def isi(self, nilai: Decimal, *, oleh, alasan: str = "Disimpan") -> None:
        """A value typed by ``oleh``: a draft, to be submitted (and verified) again."""
        self._boleh(not self.terkunci, "isi")
        self.nilai = nilai
        self.diisi_oleh = oleh
        self.status = self.DRAFT
        self._versi_baru(oleh, alasan)

    def ajukan(self, *, oleh, pada: datetime, nilai: Decimal | None = None, alasan: str = "Diajukan") -> None:
        """Submitted for verification by ``oleh`` at ``pada``, with the value just typed if given."""
        self._boleh(not self.terkunci, "ajukan")
        if nilai is not None:
            self.nilai = nilai
        self.diisi_oleh = oleh
        self.status = self.DIAJUKAN
        self.diajukan_pada = pada
        self._versi_baru(oleh, alasan)

    def verifikasi(self, *, oleh, pada: datetime) -> None:
        """Verified by ``oleh`` at ``pada``: locked from now on."""
        self._boleh(self.status == self.DIAJUKAN, "verifikasi")
        self.status = self.DIVERIFIKASI
        self.diverifikasi_oleh = oleh
        self.diverifikasi_pada = pada
        self.catatan_verifikasi = ""
        self._versi_baru(oleh, "Diverifikasi")

    def kembalikan(self, *, oleh, catatan: str) -> None:
        """Returned to the filler by the verifier ``oleh``, with what to correct."""
        self._boleh(self.status == self.DIAJUKAN, "kembalikan")
        self.status = self.DIKEMBALIKAN
        self.catatan_verifikasi = catatan
        self._versi_baru(oleh, f"Dikembalikan: {catatan}")

    def buka(self, *, oleh, alasan: str) -> None:
        """A locked value reopened by ``oleh`` (operator or camat): a draft again, with the reason
        as the note the filler sees."""
        self._boleh(self.terkunci, "buka")
        self.status = self.DRAFT
        self.catatan_verifikasi = f"{self.AWALAN_DIBUKA}{alasan}"
        self.diverifikasi_oleh = None
        self.diverifikasi_pada = None
        nama = oleh.get_full_name() or oleh.username
        self._versi_baru(oleh, f"Dibuka kembali oleh {nama}: {alasan}")

    @property
    def dibuka_kembali(self) -> bool:
        """Reopened and not yet submitted again: its note is the reopening reason, not a return."""
        return self.status == self.DRAFT and self.catatan_verifikasi.startswith(self.AWALAN_DIBUKA)

    @property
    def dikembalikan(self) -> bool:
        """Returned by the verifier and not yet submitted again (a draft since, still with the note)."""
        return self.status == self.DIKEMBALIKAN or (
            self.status == self.DRAFT and bool(self.catatan_verifikasi) and not self.dibuka_kembali
        )

    def _boleh(self, syarat: bool, langkah: str) -> None:
        # The save paths refuse these with a message first; reaching here is a programming error.
        if not syarat:
            raise ValueError(f"Realisasi {self.pk} berstatus {self.status}: tidak dapat {langkah}.")

    def _versi_baru(self, oleh, alasan: str) -> None:
        self.versi += 1
        self._history_user = oleh
        self._change_reason = alasan


class CatatanIndikator(models.Model):
    """Kendala and tindak lanjut written for one indicator in one month."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="catatan")
    bulan = models.PositiveSmallIntegerField("bulan", validators=[MinValueValidator(1), MaxValueValidator(12)])
    kendala = models.TextField("kendala", blank=True)
    tindak_lanjut = models.TextField("tindak lanjut", blank=True)
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="diisi oleh",
    )
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)
    versi = models.PositiveIntegerField("versi", default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "catatan kendala/tindak lanjut"
        verbose_name_plural = "catatan kendala/tindak lanjut"
        ordering = ["indikator", "bulan"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "bulan"], name="catatan_indikator_unik"),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="catatan_bulan_valid"),
        ]

    def __str__(self):
        return f"{self.indikator} — {angka.nama_bulan(self.bulan)}"


def lokasi_bukti(instance, filename):
    """Evidence is stored under a generated name; the user's file name is kept only as data.
    Files in ``bukti/`` that no row references are removed by iki.umum.penyimpanan.bersihkan_berkas."""
    import uuid

    ekstensi = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(instance.jenis_konten, "bin")
    return f"bukti/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ekstensi}"


class BuktiDukung(models.Model):
    realisasi = models.ForeignKey(Realisasi, on_delete=models.CASCADE, related_name="bukti")
    berkas = models.FileField("berkas", upload_to=lokasi_bukti, max_length=200)
    nama_asli = models.CharField("nama berkas asli", max_length=200)
    jenis_konten = models.CharField("jenis berkas", max_length=50)
    ukuran = models.PositiveIntegerField("ukuran (bita)")
    sha256 = models.CharField("SHA-256", max_length=64)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="diunggah oleh"
    )
    diunggah_pada = models.DateTimeField("diunggah pada", auto_now_add=True)
    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, null=True, blank=True, related_name="bukti", verbose_name="desa"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bukti dukung"
        verbose_name_plural = "bukti dukung"
        ordering = ["realisasi", "diunggah_pada"]

    def __str__(self):
        return self.nama_asli


class RealisasiDesa(models.Model):
    """One ticked desa of a per-desa value: the desa delivered in that month (``tepat_waktu``: on time).
    The value of the ``Realisasi`` is the number of its ticked desa (one home:
    ``iki/realisasi/desa.py``)."""

    realisasi = models.ForeignKey(Realisasi, on_delete=models.CASCADE, related_name="desa_terpenuhi")
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="realisasi")
    tepat_waktu = models.BooleanField("tepat waktu", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "desa yang memenuhi"
        verbose_name_plural = "desa yang memenuhi"
        ordering = ["realisasi", "desa__urutan", "desa__nama"]
        constraints = [models.UniqueConstraint(fields=["realisasi", "desa"], name="realisasi_desa_unik")]

    def __str__(self):
        return f"{self.desa} — {self.realisasi}"


class PembukaanKunci(models.Model):
    """A verified (locked) month of a jabatan reopened by the operator or camat, with the reason."""

    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="pembukaan_kunci")
    bulan = models.PositiveSmallIntegerField("bulan", validators=[MinValueValidator(1), MaxValueValidator(12)])
    alasan = models.TextField("alasan")
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="oleh")
    pada = models.DateTimeField("pada", auto_now_add=True)

    class Meta:
        verbose_name = "pembukaan bulan terkunci"
        verbose_name_plural = "pembukaan bulan terkunci"
        ordering = ["-pada"]
        constraints = [models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="pembukaan_bulan_valid")]

    def __str__(self):
        return f"{self.jabatan} — {angka.nama_bulan(self.bulan)}: {self.alasan[:60]}"
