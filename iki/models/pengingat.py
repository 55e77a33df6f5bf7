"""Reminders: the in-app notifications of a user, and the log of what was sent on which channel (issue 16)."""

from django.conf import settings
from django.db import models

__all__ = [
    "KirimanPesan",
    "Notifikasi",
]


class Notifikasi(models.Model):
    """One notification in a user's inbox. ``kunci`` makes a notification that is made by a
    scheduled run (a deadline in N days) unique per user, so running twice makes one."""

    DIKEMBALIKAN = "dikembalikan"
    MENUNGGU_VERIFIKASI = "menunggu_verifikasi"
    DIBUKA = "dibuka"
    TENGGAT = "tenggat"
    DIVERIFIKASI = "diverifikasi"
    JENIS_CHOICES = [
        (DIKEMBALIKAN, "Nilai dikembalikan"),
        (MENUNGGU_VERIFIKASI, "Menunggu verifikasi"),
        (DIBUKA, "Bulan dibuka kembali"),
        (TENGGAT, "Batas pengisian"),
        (DIVERIFIKASI, "Isian diverifikasi"),
    ]

    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi", verbose_name="penerima"
    )
    jenis = models.CharField("jenis", max_length=25, choices=JENIS_CHOICES)
    judul = models.CharField("judul", max_length=200)
    isi = models.TextField("isi", blank=True)
    tautan = models.CharField("tautan", max_length=300, blank=True, help_text="Alamat layar di aplikasi (/...).")
    kunci = models.CharField("kunci", max_length=120, blank=True)
    dibuat = models.DateTimeField("dibuat", auto_now_add=True, db_index=True)
    dibaca = models.DateTimeField("dibaca", null=True, blank=True)

    class Meta:
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        ordering = ["-dibuat", "-id"]
        indexes = [models.Index(fields=["penerima", "dibaca"], name="notifikasi_belum_dibaca")]
        constraints = [
            models.UniqueConstraint(
                fields=["penerima", "kunci"], condition=~models.Q(kunci=""), name="notifikasi_kunci_unik"
            )
        ]

    def __str__(self):
        return self.judul


class KirimanPesan(models.Model):
    """What was sent (or skipped, or failed) to whom, when, on which channel. A sent digest is
    unique per user, kind and day: that is what makes ``kirim_pengingat`` safe to run twice."""

    APLIKASI = "aplikasi"
    SUREL = "surel"
    WHATSAPP = "whatsapp"
    KANAL_CHOICES = [(APLIKASI, "Aplikasi"), (SUREL, "Surel"), (WHATSAPP, "WhatsApp")]

    TERKIRIM = "terkirim"
    GAGAL = "gagal"
    DILEWATI = "dilewati"
    STATUS_CHOICES = [(TERKIRIM, "Terkirim"), (GAGAL, "Gagal"), (DILEWATI, "Dilewati")]

    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kiriman", verbose_name="penerima"
    )
    kanal = models.CharField("saluran", max_length=10, choices=KANAL_CHOICES)
    jenis = models.CharField("jenis", max_length=40, help_text="Contoh: ringkasan_harian, ringkasan_mingguan.")
    tanggal = models.DateField("tanggal (WIB)")
    status = models.CharField("status", max_length=10, choices=STATUS_CHOICES)
    perihal = models.CharField("perihal", max_length=200, blank=True)
    keterangan = models.TextField("keterangan", blank=True, help_text="Alasan dilewati atau gagal.")
    percobaan = models.PositiveSmallIntegerField("percobaan", default=1)
    pada = models.DateTimeField("pada", auto_now=True)

    class Meta:
        verbose_name = "kiriman pesan"
        verbose_name_plural = "kiriman pesan"
        ordering = ["-pada", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["penerima", "kanal", "jenis", "tanggal"], name="kiriman_sekali_sehari")
        ]

    def __str__(self):
        return f"{self.get_kanal_display()} {self.jenis} {self.tanggal} → {self.penerima}"
