"""The organisation: kabupaten (with its category scale), unit kerja, Renstra periods, pegawai."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from iki.inti import perhitungan

__all__ = [
    "Desa",
    "Kabupaten",
    "KategoriCapaian",
    "Pegawai",
    "PeriodeRenstra",
    "UnitKerja",
    "nip_validator",
]

nip_validator = RegexValidator(r"^\d{18}$", "NIP terdiri dari 18 angka tanpa spasi.")
telepon_validator = RegexValidator(
    r"^(\+62|62|0)8\d{7,12}$",
    "Nomor WhatsApp ditulis seperti 081234567890 atau +6281234567890 (tanpa spasi atau tanda hubung).",
)


class Kabupaten(models.Model):
    BATAS_TAMPIL_CHOICES = [(None, "Tanpa batas"), (100, "100 %"), (120, "120 %")]

    kode = models.SlugField("kode", max_length=40, unique=True)
    nama = models.CharField("nama kabupaten", max_length=100, help_text="Tanpa kata 'Kabupaten', contoh: Sampang")
    batas_tampil_capaian = models.PositiveSmallIntegerField(
        "batas tampilan capaian",
        null=True,
        blank=True,
        choices=BATAS_TAMPIL_CHOICES,
        help_text="Capaian disimpan apa adanya; batas ini hanya untuk tampilan.",
    )

    class Meta:
        verbose_name = "kabupaten"
        verbose_name_plural = "kabupaten"
        ordering = ["nama"]

    def __str__(self):
        return f"Kabupaten {self.nama}"

    def skala(self) -> perhitungan.SkalaKategori:
        """The category scale of this kabupaten; the Sampang scale when none is configured."""
        tingkat = list(self.kategori_capaian.all())
        if not tingkat:
            return perhitungan.SKALA_SAMPANG
        berbatas = [k for k in tingkat if k.batas_bawah is not None]
        terendah = [k for k in tingkat if k.batas_bawah is None]
        if not terendah:
            return perhitungan.SKALA_SAMPANG
        return perhitungan.SkalaKategori(
            tingkat=tuple(
                (k.batas_bawah, perhitungan.Kategori(k.label, k.warna))
                for k in sorted(berbatas, key=lambda k: k.batas_bawah, reverse=True)
            ),
            terendah=perhitungan.Kategori(terendah[0].label, terendah[0].warna),
        )


class KategoriCapaian(models.Model):
    kabupaten = models.ForeignKey(Kabupaten, on_delete=models.CASCADE, related_name="kategori_capaian")
    batas_bawah = models.DecimalField(
        "di atas (%)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Capaian lebih dari angka ini masuk kategori ini. Kosongkan untuk kategori terendah.",
    )
    label = models.CharField("kategori", max_length=40)
    warna = models.CharField(
        "warna",
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Warna ditulis #RRGGBB, contoh #1a7f37.")],
    )

    class Meta:
        verbose_name = "kategori capaian"
        verbose_name_plural = "skala kategori capaian"
        ordering = ["kabupaten", "-batas_bawah"]
        constraints = [
            models.UniqueConstraint(fields=["kabupaten", "label"], name="kategori_label_unik"),
            models.UniqueConstraint(fields=["kabupaten", "batas_bawah"], name="kategori_batas_unik"),
        ]

    def __str__(self):
        return self.label


class UnitKerja(models.Model):
    JENIS_CHOICES = [
        ("kecamatan", "Kecamatan"),
        ("kelurahan", "Kelurahan"),
        ("dinas", "Dinas"),
        ("badan", "Badan"),
        ("lainnya", "Lainnya"),
    ]

    kabupaten = models.ForeignKey(Kabupaten, on_delete=models.PROTECT, related_name="unit_kerja")
    kode = models.SlugField("kode unit", max_length=40, unique=True, help_text="Contoh: ketapang")
    nama = models.CharField("nama unit kerja", max_length=150, help_text="Contoh: Kantor Kecamatan Ketapang")
    nama_wilayah = models.CharField("nama pada kop", max_length=150, help_text="Contoh: Kecamatan Ketapang")
    jenis = models.CharField("jenis", max_length=20, choices=JENIS_CHOICES, default="kecamatan")
    alamat = models.CharField("alamat", max_length=200, blank=True)
    telepon = models.CharField("telepon", max_length=40, blank=True)
    kota = models.CharField("kota/tempat", max_length=80, blank=True)
    kode_pos = models.CharField(
        "kode pos", max_length=5, blank=True, validators=[RegexValidator(r"^\d{5}$", "Kode pos terdiri dari 5 angka.")]
    )
    kode_surat = models.CharField(
        "kode unit pada nomor surat",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9.]+$", "Kode surat berisi angka dan titik, contoh 434.512.")],
    )
    jabatan_pimpinan = models.CharField("jabatan pimpinan", max_length=100, help_text="Contoh: Camat Ketapang")
    pimpinan = models.ForeignKey(
        "Pegawai",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pimpinan (penanda tangan)",
    )
    tempat_ttd = models.CharField("tempat penandatanganan", max_length=80, blank=True)
    logo = models.ImageField(
        "logo (kop dokumen cetak)",
        upload_to="logo/",
        blank=True,
        help_text="Lambang daerah untuk kop surat dan dokumen IKI; PNG atau JPEG, paling besar 1 MB.",
    )
    hari_batas_entri = models.PositiveSmallIntegerField(
        "batas pengisian (tanggal bulan berikutnya)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"
        ordering = ["kabupaten", "nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hari_batas_entri__gte=1, hari_batas_entri__lte=28), name="unit_hari_batas_entri_valid"
            )
        ]

    def __str__(self):
        return self.nama


class PeriodeRenstra(models.Model):
    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="periode_renstra")
    tahun_mulai = models.PositiveSmallIntegerField("tahun mulai")
    tahun_selesai = models.PositiveSmallIntegerField("tahun selesai")

    class Meta:
        verbose_name = "periode Renstra"
        verbose_name_plural = "periode Renstra"
        ordering = ["unit", "tahun_mulai"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "tahun_mulai"], name="renstra_unik"),
            models.CheckConstraint(condition=Q(tahun_selesai__gte=models.F("tahun_mulai")), name="renstra_urut"),
        ]

    def __str__(self):
        return f"Renstra {self.tahun_mulai}–{self.tahun_selesai}"


class Pegawai(models.Model):
    unit = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="pegawai")
    nip = models.CharField("NIP", max_length=18, unique=True, validators=[nip_validator])
    nama = models.CharField("nama lengkap dengan gelar", max_length=150)
    pangkat_golongan = models.CharField("pangkat/golongan", max_length=80, blank=True)
    telepon = models.CharField(
        "nomor WhatsApp",
        max_length=16,
        blank=True,
        validators=[telepon_validator],
        help_text="Untuk pengingat lewat WhatsApp; contoh 081234567890.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["unit", "nama"]

    def __str__(self):
        return f"{self.nama} (NIP {self.nip})"


class Desa(models.Model):
    """A desa (or kelurahan) of a unit, for indicators counted over desa (issue 17).

    A desa is never deleted once it has data: ``nonaktif_sejak`` takes it off new checklists
    from that date while its history stays."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="desa")
    nama = models.CharField("nama desa/kelurahan", max_length=100)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    nonaktif_sejak = models.DateField(
        "tidak aktif sejak",
        null=True,
        blank=True,
        help_text="Isi bila desa tidak lagi dihitung (misalnya digabung); datanya yang lama tetap tersimpan.",
    )
    data_contoh = models.BooleanField("data contoh", default=False, help_text="Nama contoh, bukan data resmi.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "desa/kelurahan"
        verbose_name_plural = "desa/kelurahan"
        ordering = ["unit", "urutan", "nama"]
        constraints = [models.UniqueConstraint(fields=["unit", "nama"], name="desa_nama_unik")]

    def __str__(self):
        return self.nama
