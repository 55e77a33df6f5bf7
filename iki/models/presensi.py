"""Models of the presensi screens (imported by iki.models so Django finds them).

The monthly verification of electronic attendance for TPP: a unit's office hours and deduction
rules (entered by the operator from the kabupaten's regulation), its holidays, each pegawai's TPP
base, the month's recap, the outgoing letter register with its per-unit-year counter, and each
month's package of documents kept as sent. Core models are referenced by string because
iki.models imports this module.
"""

import uuid
from datetime import date, time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from iki.inti import angka
from iki.presensi import hitung

__all__ = [
    "AturanPotongan",
    "BerkasPaket",
    "BesaranTpp",
    "HariLibur",
    "PaketPresensi",
    "PengaturanPresensi",
    "PenghitungSurat",
    "PresensiBulan",
    "RekapPresensi",
    "SuratKeluar",
]

klasifikasi_validator = RegexValidator(
    r"^\d{3}(\.\d{1,3}){0,2}$", "Kode klasifikasi berupa angka, contoh 800 atau 800.1.11."
)
_BULAN = [MinValueValidator(1), MaxValueValidator(12)]
_TAHUN = [MinValueValidator(2000), MaxValueValidator(2100)]
_PERSEN = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class PengaturanPresensi(models.Model):
    """A unit's office hours, the cap of deductions and the addressee of the monthly letter.
    No row means the defaults (07.30–16.00, no cap other than 100 %)."""

    unit = models.OneToOneField("iki.UnitKerja", on_delete=models.CASCADE, related_name="pengaturan_presensi")
    jam_masuk = models.TimeField("jam masuk", default=time(7, 30))
    jam_pulang = models.TimeField("jam pulang", default=time(16, 0))
    jam_pulang_jumat = models.TimeField(
        "jam pulang hari Jumat", null=True, blank=True, help_text="Kosongkan bila sama dengan hari lain."
    )
    batas_potongan_persen = models.DecimalField(
        "batas potongan TPP (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_PERSEN,
        help_text="Potongan sebulan paling banyak sekian persen menurut peraturan kabupaten. Kosong: 100 %.",
    )
    kode_klasifikasi = models.CharField(
        "kode klasifikasi surat",
        max_length=12,
        default="800",
        validators=[klasifikasi_validator],
        help_text="800 = kepegawaian.",
    )
    tempat_surat = models.CharField(
        "tempat pada tanggal surat", max_length=80, blank=True, help_text="Kosong: kota unit kerja, contoh Ketapang."
    )
    tujuan_surat = models.CharField(
        "tujuan surat", max_length=150, blank=True, help_text="Kosong: Kepala BKPSDM Kab. <nama kabupaten>."
    )
    tempat_tujuan = models.CharField(
        "di (tempat tujuan)", max_length=80, blank=True, help_text="Kosong: nama kabupaten, contoh SAMPANG."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "pengaturan presensi"
        verbose_name_plural = "pengaturan presensi"
        constraints = [
            models.CheckConstraint(
                condition=Q(batas_potongan_persen__isnull=True)
                | Q(batas_potongan_persen__gte=0, batas_potongan_persen__lte=100),
                name="presensi_batas_potongan_valid",
            )
        ]

    def __str__(self):
        return f"Pengaturan presensi {self.unit}"

    @classmethod
    def untuk(cls, unit) -> "PengaturanPresensi":
        """The unit's settings, or unsaved defaults."""
        try:
            return unit.pengaturan_presensi
        except cls.DoesNotExist:
            return cls(unit=unit)

    def jam_kerja(self) -> hitung.JamKerja:
        return hitung.JamKerja(masuk=self.jam_masuk, pulang=self.jam_pulang, pulang_jumat=self.jam_pulang_jumat)

    def tempat_surat_efektif(self) -> str:
        return self.tempat_surat or self.unit.kota or self.unit.tempat_ttd

    def tujuan_surat_efektif(self) -> str:
        return self.tujuan_surat or f"Kepala BKPSDM Kab. {self.unit.kabupaten.nama}"

    def tempat_tujuan_efektif(self) -> str:
        return self.tempat_tujuan or self.unit.kabupaten.nama.upper()


class HariLibur(models.Model):
    """A national holiday or cuti bersama, as the operator enters them for the year."""

    unit = models.ForeignKey("iki.UnitKerja", on_delete=models.CASCADE, related_name="hari_libur")
    LIBUR = "libur"
    CUTI_BERSAMA = "cuti_bersama"
    LOKAL = "lokal"
    JENIS_CHOICES = [(LIBUR, "Libur nasional"), (CUTI_BERSAMA, "Cuti bersama"), (LOKAL, "Libur daerah/lainnya")]

    tanggal = models.DateField("tanggal")
    keterangan = models.CharField("keterangan", max_length=150)
    jenis = models.CharField("jenis", max_length=15, choices=JENIS_CHOICES, default=LIBUR)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hari libur"
        verbose_name_plural = "hari libur"
        ordering = ["unit", "tanggal"]
        constraints = [models.UniqueConstraint(fields=["unit", "tanggal"], name="hari_libur_unik")]

    def __str__(self):
        return f"{angka.format_tanggal(self.tanggal)}: {self.keterangan}"

    @classmethod
    def tanggal_untuk(cls, unit, tahun: int) -> frozenset:
        """The unit's holidays of ``tahun`` and of the next January (December's entry deadline)."""
        return frozenset(
            cls.objects.filter(unit=unit)
            .filter(models.Q(tanggal__year=tahun) | models.Q(tanggal__year=tahun + 1, tanggal__month=1))
            .values_list("tanggal", flat=True)
        )


class AturanPotongan(models.Model):
    """One deduction rule from the kabupaten's regulation (percent of the base TPP per occurrence)."""

    JENIS_CHOICES = [(j.value, label) for j, label in hitung.LABEL_ATURAN.items()]

    unit = models.ForeignKey("iki.UnitKerja", on_delete=models.CASCADE, related_name="aturan_potongan")
    jenis = models.CharField("jenis pelanggaran", max_length=30, choices=JENIS_CHOICES)
    menit_dari = models.PositiveSmallIntegerField(
        "dari menit",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1439)],
        help_text="Hanya untuk terlambat / pulang cepat. Contoh 1.",
    )
    menit_sampai = models.PositiveSmallIntegerField(
        "sampai menit",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1439)],
        help_text="Hanya untuk terlambat / pulang cepat. Kosong: tanpa batas atas (contoh: lebih dari 90 menit).",
    )
    persen = models.DecimalField("potongan (%) per kejadian", max_digits=5, decimal_places=2, validators=_PERSEN)
    dasar_hukum = models.CharField("dasar (pasal peraturan)", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "aturan potongan TPP"
        verbose_name_plural = "aturan potongan TPP"
        ordering = ["unit", "jenis", "menit_dari"]
        constraints = [
            models.CheckConstraint(condition=Q(persen__gte=0, persen__lte=100), name="aturan_persen_valid"),
            models.CheckConstraint(
                condition=Q(menit_dari__isnull=True)
                | Q(menit_sampai__isnull=True)
                | Q(menit_sampai__gte=F("menit_dari")),
                name="aturan_rentang_urut",
            ),
        ]

    def __str__(self):
        return f"{self.sebagai_aturan().label}: {self.persen} %"

    def sebagai_aturan(self) -> hitung.Aturan:
        return hitung.Aturan(
            jenis=self.jenis, persen=self.persen, menit_dari=self.menit_dari, menit_sampai=self.menit_sampai
        )


class BesaranTppQuerySet(models.QuerySet):
    def berlaku_pada(self, tahun: int, bulan: int):
        return self.filter(Q(berlaku_tahun__lt=tahun) | Q(berlaku_tahun=tahun, berlaku_bulan__lte=bulan))


class BesaranTpp(models.Model):
    """A pegawai's base TPP per month, valid from a month until a later amount replaces it."""

    pegawai = models.ForeignKey("iki.Pegawai", on_delete=models.CASCADE, related_name="besaran_tpp")
    berlaku_tahun = models.PositiveSmallIntegerField("berlaku mulai tahun", validators=_TAHUN)
    berlaku_bulan = models.PositiveSmallIntegerField("berlaku mulai bulan", validators=_BULAN)
    jumlah = models.DecimalField(
        "TPP dasar per bulan (Rp)", max_digits=13, decimal_places=0, validators=[MinValueValidator(Decimal(0))]
    )

    objects = BesaranTppQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "besaran TPP pegawai"
        verbose_name_plural = "besaran TPP pegawai"
        ordering = ["pegawai", "-berlaku_tahun", "-berlaku_bulan"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "berlaku_tahun", "berlaku_bulan"], name="besaran_tpp_unik"),
            models.CheckConstraint(condition=Q(berlaku_bulan__gte=1, berlaku_bulan__lte=12), name="besaran_tpp_bulan"),
            models.CheckConstraint(condition=Q(jumlah__gte=0), name="besaran_tpp_tidak_negatif"),
        ]

    def __str__(self):
        return (
            f"{self.pegawai.nama}: {angka.format_rupiah(self.jumlah)} mulai {self.berlaku_bulan}/{self.berlaku_tahun}"
        )


class PresensiBulan(models.Model):
    """One month of a unit's attendance recap (its rows are RekapPresensi)."""

    IMPOR = "impor"
    MANUAL = "manual"
    SUMBER_CHOICES = [(IMPOR, "Impor berkas mesin presensi"), (MANUAL, "Diisi manual")]

    unit = models.ForeignKey("iki.UnitKerja", on_delete=models.CASCADE, related_name="presensi_bulan")
    tahun = models.PositiveSmallIntegerField("tahun", validators=_TAHUN)
    bulan = models.PositiveSmallIntegerField("bulan", validators=_BULAN)
    hari_kerja = models.PositiveSmallIntegerField("hari kerja", validators=[MaxValueValidator(31)])
    sumber = models.CharField("sumber", max_length=10, choices=SUMBER_CHOICES, default=MANUAL)
    nama_berkas = models.CharField("berkas impor", max_length=200, blank=True)
    diperbarui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diperbarui oleh",
    )
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "presensi bulanan"
        verbose_name_plural = "presensi bulanan"
        ordering = ["unit", "-tahun", "-bulan"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "tahun", "bulan"], name="presensi_bulan_unik"),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="presensi_bulan_valid"),
            models.CheckConstraint(
                condition=Q(hari_kerja__gte=0, hari_kerja__lte=31), name="presensi_hari_kerja_valid"
            ),
        ]

    def __str__(self):
        return f"Presensi {self.unit.nama_wilayah} {angka.nama_bulan(self.bulan, self.tahun)}"

    @property
    def nama_periode(self) -> str:
        return angka.nama_bulan(self.bulan, self.tahun)


class RekapPresensi(models.Model):
    """One pegawai's month. Day counts are exclusive (a working day is one of hadir, izin, sakit,
    cuti, dinas luar, tanpa keterangan); lateness and leaving early are kept per occurrence."""

    presensi = models.ForeignKey(PresensiBulan, on_delete=models.CASCADE, related_name="rekap")
    pegawai = models.ForeignKey("iki.Pegawai", on_delete=models.PROTECT, related_name="rekap_presensi")
    hari_kerja = models.PositiveSmallIntegerField("hari kerja", validators=[MaxValueValidator(31)])
    hadir = models.PositiveSmallIntegerField("hadir", default=0)
    izin = models.PositiveSmallIntegerField("izin", default=0)
    sakit = models.PositiveSmallIntegerField("sakit", default=0)
    cuti = models.PositiveSmallIntegerField("cuti", default=0)
    dinas_luar = models.PositiveSmallIntegerField("dinas luar", default=0)
    tanpa_keterangan = models.PositiveSmallIntegerField("tanpa keterangan", default=0)
    tidak_finger_masuk = models.PositiveSmallIntegerField("tidak finger masuk", default=0)
    tidak_finger_pulang = models.PositiveSmallIntegerField("tidak finger pulang", default=0)
    menit_terlambat = models.JSONField("menit terlambat per kejadian", default=list, blank=True)
    menit_pulang_cepat = models.JSONField("menit pulang cepat per kejadian", default=list, blank=True)
    tanggal_tidak_finger_masuk = models.JSONField("tanggal tidak finger masuk", default=list, blank=True)
    tanggal_tidak_finger_pulang = models.JSONField("tanggal tidak finger pulang", default=list, blank=True)
    catatan = models.CharField("catatan", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "rekap presensi pegawai"
        verbose_name_plural = "rekap presensi pegawai"
        ordering = ["presensi", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(fields=["presensi", "pegawai"], name="rekap_presensi_unik"),
            models.CheckConstraint(
                condition=Q(
                    hari_kerja__gte=0,
                    hari_kerja__lte=31,
                    hadir__gte=0,
                    izin__gte=0,
                    sakit__gte=0,
                    cuti__gte=0,
                    dinas_luar__gte=0,
                    tanpa_keterangan__gte=0,
                    tidak_finger_masuk__gte=0,
                    tidak_finger_pulang__gte=0,
                ),
                name="rekap_tidak_negatif",
            ),
            models.CheckConstraint(
                condition=Q(
                    hari_kerja__gte=F("hadir")
                    + F("izin")
                    + F("sakit")
                    + F("cuti")
                    + F("dinas_luar")
                    + F("tanpa_keterangan")
                ),
                name="rekap_tidak_melebihi_hari_kerja",
            ),
            models.CheckConstraint(
                condition=Q(tidak_finger_masuk__lte=F("hadir"), tidak_finger_pulang__lte=F("hadir")),
                name="rekap_finger_tidak_melebihi_hadir",
            ),
        ]

    def __str__(self):
        return f"{self.pegawai.nama} — {self.presensi.nama_periode}"

    def sebagai_rekap(self) -> hitung.Rekap:
        return hitung.Rekap(
            hari_kerja=self.hari_kerja,
            hadir=self.hadir,
            izin=self.izin,
            sakit=self.sakit,
            cuti=self.cuti,
            dinas_luar=self.dinas_luar,
            tanpa_keterangan=self.tanpa_keterangan,
            tidak_finger_masuk=self.tidak_finger_masuk,
            tidak_finger_pulang=self.tidak_finger_pulang,
            menit_terlambat=[int(m) for m in self.menit_terlambat or []],
            menit_pulang_cepat=[int(m) for m in self.menit_pulang_cepat or []],
            tanggal_tidak_finger_masuk=[date.fromisoformat(t) for t in self.tanggal_tidak_finger_masuk or []],
            tanggal_tidak_finger_pulang=[date.fromisoformat(t) for t in self.tanggal_tidak_finger_pulang or []],
        )

    def isi_dari(self, rekap: hitung.Rekap) -> None:
        for nama in ("hari_kerja", *hitung.HITUNGAN_REKAP):
            setattr(self, nama, getattr(rekap, nama))
        self.menit_terlambat = list(rekap.menit_terlambat)
        self.menit_pulang_cepat = list(rekap.menit_pulang_cepat)
        self.tanggal_tidak_finger_masuk = [t.isoformat() for t in rekap.tanggal_tidak_finger_masuk]
        self.tanggal_tidak_finger_pulang = [t.isoformat() for t in rekap.tanggal_tidak_finger_pulang]

    def clean(self):
        salah = hitung.periksa_rekap(self.sebagai_rekap())
        if salah:
            raise ValidationError(salah)


class PenghitungSurat(models.Model):
    """The last running number given out for a unit's outgoing letters in a year. Numbers are
    taken under a row lock on this row (see iki.presensi.surat.ambil_nomor)."""

    unit = models.ForeignKey("iki.UnitKerja", on_delete=models.CASCADE, related_name="penghitung_surat")
    tahun = models.PositiveSmallIntegerField("tahun", validators=_TAHUN)
    terakhir = models.PositiveIntegerField("nomor terakhir", default=0)

    class Meta:
        verbose_name = "penghitung nomor surat"
        verbose_name_plural = "penghitung nomor surat"
        constraints = [
            models.UniqueConstraint(fields=["unit", "tahun"], name="penghitung_surat_unik"),
            models.CheckConstraint(condition=Q(terakhir__gte=0), name="penghitung_surat_tidak_negatif"),
        ]

    def __str__(self):
        return f"{self.unit} {self.tahun}: {self.terakhir}"


class SuratKeluarQuerySet(models.QuerySet):
    def for_unit(self, unit):
        return self.filter(unit=unit)


class SuratKeluar(models.Model):
    """One entry of the agenda surat keluar: ``800/123/434.512/2023``.

    The running number counts per unit and year across classifications (as the agenda book
    does), so the database refuses a repeated (unit, year, number); that also makes the number
    unique per unit, year and classification."""

    unit = models.ForeignKey("iki.UnitKerja", on_delete=models.PROTECT, related_name="surat_keluar")
    tahun = models.PositiveSmallIntegerField("tahun", validators=_TAHUN)
    nomor_urut = models.PositiveIntegerField("nomor urut", validators=[MinValueValidator(1)])
    klasifikasi = models.CharField("kode klasifikasi", max_length=12, validators=[klasifikasi_validator])
    nomor = models.CharField("nomor surat", max_length=60)
    tanggal = models.DateField("tanggal surat")
    hal = models.CharField("hal", max_length=300)
    tujuan = models.CharField("tujuan", max_length=200)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="dicatat oleh"
    )
    dibuat_pada = models.DateTimeField("dicatat pada", auto_now_add=True)

    objects = SuratKeluarQuerySet.as_manager()

    class Meta:
        verbose_name = "surat keluar"
        verbose_name_plural = "agenda surat keluar"
        ordering = ["unit", "-tahun", "-nomor_urut"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "tahun", "nomor_urut"], name="surat_nomor_unik"),
            models.CheckConstraint(condition=Q(nomor_urut__gte=1), name="surat_nomor_positif"),
            models.CheckConstraint(condition=Q(tahun__gte=2000, tahun__lte=2100), name="surat_tahun_rentang"),
        ]

    def __str__(self):
        return f"{self.nomor} — {self.hal}"


class PaketPresensi(models.Model):
    """A month's package as sent: its letter (number, date) and its files, never regenerated."""

    presensi = models.ForeignKey(PresensiBulan, on_delete=models.PROTECT, related_name="paket")
    surat = models.OneToOneField(SuratKeluar, on_delete=models.PROTECT, related_name="paket_presensi")
    jumlah_pegawai = models.PositiveIntegerField("jumlah pegawai")
    jumlah_tpp_diterima = models.DecimalField("jumlah TPP diterima (Rp)", max_digits=15, decimal_places=0, null=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="dibuat oleh"
    )
    dibuat_pada = models.DateTimeField("dibuat pada", auto_now_add=True)

    class Meta:
        verbose_name = "paket verifikasi presensi"
        verbose_name_plural = "paket verifikasi presensi"
        ordering = ["-dibuat_pada", "-id"]

    def __str__(self):
        return f"{self.surat.nomor} ({self.presensi.nama_periode})"


def lokasi_berkas_paket(instance, filename):
    """Generated names only; what the user downloads is named by ``nama_unduh``. Files in
    ``presensi/`` that no row references are removed by iki.umum.penyimpanan.bersihkan_berkas."""
    p = instance.paket.presensi
    ekstensi = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"presensi/{p.unit.kode}/{p.tahun}/{p.bulan:02d}/{uuid.uuid4().hex}.{ekstensi}"


class BerkasPaket(models.Model):
    GABUNGAN_PDF = "pdf"
    ZIP = "zip"
    JENIS_CHOICES = [(GABUNGAN_PDF, "Satu PDF gabungan"), (ZIP, "ZIP: PDF per dokumen + rincian Excel")]

    paket = models.ForeignKey(PaketPresensi, on_delete=models.PROTECT, related_name="berkas")
    jenis = models.CharField("jenis", max_length=5, choices=JENIS_CHOICES)
    berkas = models.FileField("berkas", upload_to=lokasi_berkas_paket, max_length=200)
    nama_unduh = models.CharField("nama berkas", max_length=150)
    jenis_konten = models.CharField("jenis konten", max_length=60)
    ukuran = models.PositiveIntegerField("ukuran (bita)")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = "berkas paket presensi"
        verbose_name_plural = "berkas paket presensi"
        ordering = ["paket", "jenis"]
        constraints = [models.UniqueConstraint(fields=["paket", "jenis"], name="berkas_paket_unik")]

    def __str__(self):
        return self.nama_unduh
