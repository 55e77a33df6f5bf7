"""Models of the Survei Kepuasan Masyarakat (IKM, PermenPANRB 14/2017); imported by iki.models.

A unit surveys per period (month, triwulan, semester or year). Answers come in two ways, both
pooled by ``iki.ikm.hitung``: one ``Kuesioner`` per paper questionnaire (profile and the nine unsur
answered 1–4, one column per unsur code), or a ``RekapIKM`` of counts per unsur. Core models are
referenced by string because iki.models imports this module.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from iki.ikm import hitung as ikm
from iki.inti import angka, perhitungan

__all__ = ["JenisLayanan", "Kuesioner", "RekapIKM", "RekapUnsur", "SurveiIKM"]

JENIS_PERIODE_CHOICES = [
    ("bulan", "Bulanan"),
    ("tw", "Triwulan"),
    ("semester", "Semester"),
    ("tahun", "Tahunan"),
]

METODE_BAKU = (
    "Survei dilakukan dengan kuesioner tertulis yang diisi sendiri oleh pengguna layanan setelah menerima "
    "pelayanan. Kuesioner memuat 9 (sembilan) unsur pelayanan sesuai Peraturan Menteri PANRB Nomor 14 Tahun "
    "2017, masing-masing dinilai dengan skala 1 (tidak baik) sampai 4 (sangat baik). Nilai rata-rata per unsur "
    "(NRR) dibobot sama (1/9), dijumlahkan menjadi IKM dan dikonversi ke skala 25–100."
)

_JAWABAN = [MinValueValidator(1), MaxValueValidator(4)]


class JenisLayanan(models.Model):
    """A service of the unit that its surveys ask about (KTP, KK, akta tanah, …)."""

    unit = models.ForeignKey("iki.UnitKerja", on_delete=models.CASCADE, related_name="jenis_layanan")
    nama = models.CharField("nama layanan", max_length=150)
    aktif = models.BooleanField("aktif", default=True, help_text="Layanan nonaktif tidak muncul di isian baru.")
    urutan = models.PositiveSmallIntegerField("urutan", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "jenis layanan"
        verbose_name_plural = "jenis layanan"
        ordering = ["unit", "urutan", "nama"]
        constraints = [models.UniqueConstraint(fields=["unit", "nama"], name="jenis_layanan_unik")]

    def __str__(self):
        return self.nama


class SurveiIKMQuerySet(models.QuerySet):
    def terlihat(self, user):
        return self.filter(unit__in=user.unit_terlihat())

    def dalam_periode(self, unit_id: int, tahun: int, periode: perhitungan.Periode):
        """Surveys of the unit and year whose whole period lies within ``periode``."""
        return self.filter(unit_id=unit_id, tahun=tahun).filter(q_dalam_periode(periode))


def periode_survei(jenis: str, nomor: int) -> perhitungan.Periode:
    return perhitungan.Periode(jenis, nomor)


def q_dalam_periode(periode: perhitungan.Periode) -> Q:
    """Q over (jenis, nomor) matching every survey period whose months lie within ``periode``."""
    bulan = set(periode.bulan)
    pasangan = [
        (jenis, nomor)
        for jenis, rentang in (("bulan", range(1, 13)), ("tw", range(1, 5)), ("semester", range(1, 3)), ("tahun", [0]))
        for nomor in rentang
        if set(perhitungan.Periode(jenis, nomor).bulan) <= bulan
    ]
    q = Q(pk__in=[])
    for jenis in {j for j, _ in pasangan}:
        q |= Q(jenis=jenis, nomor__in=[n for j, n in pasangan if j == jenis])
    return q


class SurveiIKM(models.Model):
    """One survey period of a unit: its questionnaires and tallies pool into one IKM."""

    unit = models.ForeignKey("iki.UnitKerja", on_delete=models.CASCADE, related_name="survei_ikm")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    jenis = models.CharField("jenis periode", max_length=10, choices=JENIS_PERIODE_CHOICES)
    nomor = models.PositiveSmallIntegerField(
        "nomor periode", help_text="Bulan 1–12, triwulan 1–4, semester 1–2, tahun 0"
    )
    layanan = models.ManyToManyField(JenisLayanan, blank=True, related_name="survei", verbose_name="layanan disurvei")
    populasi = models.PositiveIntegerField(
        "populasi pengguna layanan",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000_000)],
        help_text="Perkiraan jumlah pengguna layanan dalam periode ini, untuk menentukan sampel minimal.",
    )
    metode = models.TextField("metode survei", default=METODE_BAKU)
    rencana_tindak_lanjut = models.TextField("rencana tindak lanjut", blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="dibuat oleh",
    )
    dibuat = models.DateTimeField("dibuat", auto_now_add=True)

    objects = SurveiIKMQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "survei kepuasan masyarakat"
        verbose_name_plural = "survei kepuasan masyarakat"
        ordering = ["unit", "-tahun", "jenis", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "tahun", "jenis", "nomor"], name="survei_ikm_unik"),
            models.CheckConstraint(condition=Q(tahun__gte=2000, tahun__lte=2100), name="survei_ikm_tahun"),
            models.CheckConstraint(
                condition=(
                    Q(jenis="bulan", nomor__gte=1, nomor__lte=12)
                    | Q(jenis="tw", nomor__gte=1, nomor__lte=4)
                    | Q(jenis="semester", nomor__gte=1, nomor__lte=2)
                    | Q(jenis="tahun", nomor=0)
                ),
                name="survei_ikm_periode_sah",
            ),
        ]

    def __str__(self):
        return f"Survei IKM {self.label} — {self.unit}"

    @property
    def periode(self) -> perhitungan.Periode:
        return periode_survei(self.jenis, self.nomor)

    @property
    def label(self) -> str:
        """"TW II 2023", "Juni 2023", "Semester I 2023", "Tahun 2023"."""
        return f"{self.periode.label} {self.tahun}"

    @property
    def tanggal_awal(self) -> date:
        return date(self.tahun, self.periode.bulan[0], 1)

    @property
    def tanggal_akhir(self) -> date:
        bulan = self.periode.bulan_akhir
        if bulan == 12:
            return date(self.tahun, 12, 31)
        return date.fromordinal(date(self.tahun, bulan + 1, 1).toordinal() - 1)

    @property
    def urutan_waktu(self) -> tuple[int, int, int]:
        """Sorts periods by when they end, then shorter first."""
        return (self.tahun, self.periode.bulan_akhir, -len(self.periode.bulan))

    def memuat_tanggal(self, tanggal: date) -> bool:
        return self.tanggal_awal <= tanggal <= self.tanggal_akhir

    def alasan_belum_dimulai(self, *, hari_ini: date) -> str | None:
        """Why the period cannot take questionnaires or tallies yet, or ``None`` once it has begun."""
        if self.tanggal_awal <= hari_ini:
            return None
        return (
            f"Survei {self.label} belum dimulai (mulai {angka.format_tanggal(self.tanggal_awal)}; "
            f"hari ini {angka.format_tanggal(hari_ini)}): kuesioner dan rekap belum dapat diisi."
        )


class Kuesioner(models.Model):
    """One paper questionnaire: the respondent profile and the nine unsur, each 1–4 or blank."""

    L = "L"
    P = "P"
    JENIS_KELAMIN_CHOICES = [(L, "Laki-laki"), (P, "Perempuan")]
    PENDIDIKAN_CHOICES = [
        ("sd", "SD"),
        ("smp", "SMP"),
        ("sma", "SMA"),
        ("d1_d3", "D1-D3"),
        ("d4_s1", "D4/S1"),
        ("s2", "S2"),
        ("s3", "S3"),
    ]
    PEKERJAAN_CHOICES = [
        ("pns", "PNS"),
        ("tni", "TNI"),
        ("polri", "POLRI"),
        ("swasta", "Swasta"),
        ("wirausaha", "Wirausaha"),
        ("lainnya", "Lainnya"),
    ]

    survei = models.ForeignKey(SurveiIKM, on_delete=models.CASCADE, related_name="kuesioner")
    nomor = models.PositiveIntegerField("nomor urut")
    tanggal = models.DateField("tanggal survei")
    layanan = models.ForeignKey(
        JenisLayanan, on_delete=models.RESTRICT, null=True, blank=True, related_name="+", verbose_name="jenis layanan"
    )
    umur = models.PositiveSmallIntegerField(
        "umur (tahun)", null=True, blank=True, validators=[MinValueValidator(10), MaxValueValidator(120)]
    )
    jenis_kelamin = models.CharField("jenis kelamin", max_length=1, choices=JENIS_KELAMIN_CHOICES, blank=True)
    pendidikan = models.CharField("pendidikan", max_length=10, choices=PENDIDIKAN_CHOICES, blank=True)
    pekerjaan = models.CharField("pekerjaan", max_length=10, choices=PEKERJAAN_CHOICES, blank=True)
    # One column per unsur code (iki.ikm.hitung.KODE_UNSUR, lower case); blank = not answered.
    u1 = models.PositiveSmallIntegerField("U1", null=True, blank=True, validators=_JAWABAN)
    u2 = models.PositiveSmallIntegerField("U2", null=True, blank=True, validators=_JAWABAN)
    u3 = models.PositiveSmallIntegerField("U3", null=True, blank=True, validators=_JAWABAN)
    u4 = models.PositiveSmallIntegerField("U4", null=True, blank=True, validators=_JAWABAN)
    u5 = models.PositiveSmallIntegerField("U5", null=True, blank=True, validators=_JAWABAN)
    u6 = models.PositiveSmallIntegerField("U6", null=True, blank=True, validators=_JAWABAN)
    u7 = models.PositiveSmallIntegerField("U7", null=True, blank=True, validators=_JAWABAN)
    u8 = models.PositiveSmallIntegerField("U8", null=True, blank=True, validators=_JAWABAN)
    u9 = models.PositiveSmallIntegerField("U9", null=True, blank=True, validators=_JAWABAN)
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="diisi oleh",
    )
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kuesioner IKM"
        verbose_name_plural = "kuesioner IKM"
        ordering = ["survei", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["survei", "nomor"], name="kuesioner_nomor_unik"),
            *(
                models.CheckConstraint(
                    condition=(
                        Q(**{f"{k.lower()}__isnull": True}) | Q(**{f"{k.lower()}__gte": 1, f"{k.lower()}__lte": 4})
                    ),
                    name=f"kuesioner_{k.lower()}_1_4",
                )
                for k in ikm.KODE_UNSUR
            ),
            models.CheckConstraint(
                condition=~Q(**{f"{k.lower()}__isnull": True for k in ikm.KODE_UNSUR}),
                name="kuesioner_ada_jawaban",
            ),
            models.CheckConstraint(
                condition=Q(umur__isnull=True) | Q(umur__gte=10, umur__lte=120), name="kuesioner_umur_wajar"
            ),
        ]

    def __str__(self):
        return f"Kuesioner {self.nomor} — {self.survei.label}"

    @property
    def jawaban(self) -> dict[str, int | None]:
        return {k: getattr(self, k.lower()) for k in ikm.KODE_UNSUR}

    @property
    def unsur_kosong(self) -> list[str]:
        return [k for k, v in self.jawaban.items() if v is None]


class RekapIKM(models.Model):
    """Answers entered as counts per unsur (when the questionnaires were tallied on paper)."""

    survei = models.OneToOneField(SurveiIKM, on_delete=models.CASCADE, related_name="rekap")
    jumlah_responden = models.PositiveIntegerField("jumlah responden", validators=[MaxValueValidator(1_000_000)])
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="diisi oleh",
    )
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "rekap jawaban IKM"
        verbose_name_plural = "rekap jawaban IKM"
        constraints = [
            models.CheckConstraint(
                condition=Q(jumlah_responden__gte=0, jumlah_responden__lte=1_000_000), name="rekap_ikm_responden_wajar"
            )
        ]

    def __str__(self):
        return f"Rekap {self.survei.label}: {self.jumlah_responden} responden"


class RekapUnsur(models.Model):
    """Counts of the answers 1, 2, 3 and 4 to one unsur, and of respondents who left it blank."""

    rekap = models.ForeignKey(RekapIKM, on_delete=models.CASCADE, related_name="unsur")
    unsur = models.CharField("unsur", max_length=2, choices=[(u.kode, u.label) for u in ikm.UNSUR])
    n1 = models.PositiveIntegerField("jawaban 1", default=0)
    n2 = models.PositiveIntegerField("jawaban 2", default=0)
    n3 = models.PositiveIntegerField("jawaban 3", default=0)
    n4 = models.PositiveIntegerField("jawaban 4", default=0)
    kosong = models.PositiveIntegerField("tidak menjawab", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "rekap per unsur"
        verbose_name_plural = "rekap per unsur"
        ordering = ["rekap", "unsur"]
        constraints = [
            models.UniqueConstraint(fields=["rekap", "unsur"], name="rekap_unsur_unik"),
            models.CheckConstraint(
                condition=Q(n1__gte=0, n2__gte=0, n3__gte=0, n4__gte=0, kosong__gte=0), name="rekap_unsur_tidak_negatif"
            ),
            models.CheckConstraint(condition=Q(unsur__in=list(ikm.KODE_UNSUR)), name="rekap_unsur_kode_sah"),
        ]

    def __str__(self):
        return f"{self.unsur}: {self.n1}/{self.n2}/{self.n3}/{self.n4}"

    @property
    def sebaran(self) -> ikm.Sebaran:
        return ikm.Sebaran(self.n1, self.n2, self.n3, self.n4)
