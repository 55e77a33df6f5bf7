"""A unit's IKI set of one year: everything hangs off ``TahunIKI`` (a unit and a year), so a year can
be copied forward and fixed once its Keputusan is issued. Jabatan and who holds them (Penugasan),
sasaran, indikator with variabel and target, and the printed rows (BarisIKI)."""


from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from iki.inti import angka, perhitungan
from iki.inti.rumus import Rumus, RumusError
from iki.models.organisasi import Pegawai, PeriodeRenstra, UnitKerja

__all__ = [
    "BarisIKI",
    "Indikator",
    "IndikatorQuerySet",
    "Jabatan",
    "Konstanta",
    "Penugasan",
    "PenugasanQuerySet",
    "Sasaran",
    "TahunIKI",
    "TahunIKIQuerySet",
    "Target",
    "UraianJabatan",
    "VersiData",
    "Variabel",
    "kode_validator",
    "pilih_tahun",
    "pilih_tahun_kerja",
]

kode_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    "Kode hanya boleh berisi huruf kecil, angka dan garis bawah, diawali huruf (contoh: ktp_tepat).",
)




def pilih_tahun(daftar, tahun_ini: int | None = None) -> int | None:
    """The year that screens open by default among ``daftar``: this year, else the latest before
    it, else the earliest after it; None for an empty list."""
    tahun_ini = tahun_ini or timezone.localdate().year
    daftar = set(daftar)
    sebelum = [t for t in daftar if t <= tahun_ini]
    return max(sebelum) if sebelum else min(daftar, default=None)


def pilih_tahun_kerja(keadaan, tahun_ini: int | None = None) -> int | None:
    """The working year of one unit, from ``(tahun, ditandai, berisi)`` for each of its years:
    the year the operator declared (``TahunIKI.tahun_kerja``); else, among the years with
    values entered or fixed (``berisi``), ``pilih_tahun``'s choice; else ``pilih_tahun`` over
    all. A year merely created or copied never wins over a year with work in it, and a fixed
    year after this one does not move anyone before the operator says so."""
    keadaan = list(keadaan)
    ditandai = [t for t, d, _ in keadaan if d]
    if ditandai:
        return max(ditandai)
    berisi = [t for t, _, b in keadaan if b]
    return pilih_tahun(berisi or [t for t, _, _ in keadaan], tahun_ini)


class TahunIKIQuerySet(models.QuerySet):
    def for_unit(self, unit):
        return self.filter(unit=unit)

    def keadaan(self):
        """``(unit_id, tahun, ditandai, berisi)`` of these sets, in one query: ``berisi`` when a
        value has been entered in the year or its set is (or was) fixed."""
        ada_nilai = models.Exists(
            Variabel.objects.filter(indikator__tahun=models.OuterRef("pk"), realisasi__isnull=False)
        )
        # A revision is opened only on a fixed year: a year under revision was fixed.
        pernah_ditetapkan = models.Exists(TahunIKI.objects.filter(pk=models.OuterRef("pk"), revisi__isnull=False))
        baris = (
            self.order_by()
            .annotate(ada_nilai=ada_nilai, pernah_ditetapkan=pernah_ditetapkan)
            .values_list("unit_id", "tahun", "tahun_kerja", "status", "ada_nilai", "pernah_ditetapkan")
        )
        return [
            (unit_id, tahun, kerja, bool(nilai or revisi or status == "ditetapkan"))
            for unit_id, tahun, kerja, status, nilai, revisi in baris
        ]

    def tahun_kerja_per_unit(self, tahun_ini: int | None = None) -> dict[int, int]:
        """Each unit's working year (``pilih_tahun_kerja``) among these sets."""
        per_unit: dict[int, list] = {}
        for unit_id, tahun, kerja, berisi in self.keadaan():
            per_unit.setdefault(unit_id, []).append((tahun, kerja, berisi))
        return {u: pilih_tahun_kerja(k, tahun_ini) for u, k in per_unit.items()}

    def tahun_terkini(self, tahun_ini: int | None = None) -> int | None:
        """The year a view over several units opens on (the kabupaten side by side): among the
        years with values entered or fixed, ``pilih_tahun``'s choice; else among all. A year
        declared by one unit does not move the others, and an empty copied set is never it."""
        return pilih_tahun_kerja(((t, False, b) for _, t, _, b in self.keadaan()), tahun_ini)

    def terkini(self, unit, tahun_ini: int | None = None):
        """The unit's working year, that every role's screens open on (``pilih_tahun_kerja``);
        None when the unit has no IKI yet."""
        qs = self.for_unit(unit)
        tahun = qs.tahun_kerja_per_unit(tahun_ini).get(unit.pk)
        return None if tahun is None else qs.select_related("unit__kabupaten", "renstra").get(tahun=tahun)


class TahunIKI(models.Model):
    STATUS_CHOICES = [("draf", "Draf"), ("ditetapkan", "Ditetapkan")]

    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="tahun_iki")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    renstra = models.ForeignKey(
        PeriodeRenstra, on_delete=models.PROTECT, null=True, blank=True, verbose_name="periode Renstra"
    )
    status = models.CharField("status", max_length=20, choices=STATUS_CHOICES, default="draf")
    nomor_keputusan = models.CharField("nomor Keputusan", max_length=100, blank=True)
    tanggal_keputusan = models.DateField("tanggal Keputusan", null=True, blank=True)
    tanggal_ttd = models.DateField("tanggal penandatanganan", null=True, blank=True)
    data_contoh = models.BooleanField(
        "data contoh",
        default=False,
        help_text="Target dan realisasi tahun ini adalah data contoh untuk demonstrasi, bukan data resmi.",
    )
    tahun_kerja = models.BooleanField(
        "tahun kerja",
        default=False,
        help_text="Tahun yang dibuka semua layar unit ini. Hanya satu per unit; diubah operator lewat "
        "'Jadikan tahun kerja', tidak pernah oleh penyalinan tahun.",
    )

    objects = TahunIKIQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tahun IKI"
        verbose_name_plural = "tahun IKI"
        ordering = ["unit", "-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "tahun"], name="tahun_iki_unik"),
            models.CheckConstraint(condition=Q(tahun__gte=2000, tahun__lte=2100), name="tahun_iki_rentang"),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(tahun_kerja=True), name="tahun_kerja_satu_per_unit"
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.tahun}"

    def clean(self):
        if self.renstra_id and self.unit_id and self.renstra.unit_id != self.unit_id:
            raise ValidationError({"renstra": "Periode Renstra harus milik unit kerja yang sama."})
        if self.renstra_id and not (self.renstra.tahun_mulai <= self.tahun <= self.renstra.tahun_selesai):
            raise ValidationError({"renstra": f"Tahun {self.tahun} tidak termasuk {self.renstra}."})

    def nilai_konstanta(self) -> dict[str, Decimal]:
        return {k.kode: k.nilai for k in self.konstanta.all()}


class VersiData(models.Model):
    """The version of everything a unit's computed year depends on: one counter per TahunIKI,
    raised by ``iki.umum.versi.naikkan_versi`` inside every transaction that changes such data.
    Cached figures are keyed by it, so a write makes the old entries unreachable. A row of its
    own, not a TahunIKI field, so that saving a TahunIKI loaded earlier never writes back an
    older number."""

    tahun = models.OneToOneField(TahunIKI, on_delete=models.CASCADE, primary_key=True, related_name="versi_data")
    nomor = models.PositiveBigIntegerField("nomor versi", default=0)

    class Meta:
        verbose_name = "versi data"
        verbose_name_plural = "versi data"

    def __str__(self):
        return f"{self.tahun_id}: {self.nomor}"


class Konstanta(models.Model):
    tahun = models.ForeignKey(TahunIKI, on_delete=models.CASCADE, related_name="konstanta")
    kode = models.CharField("kode", max_length=40, validators=[kode_validator])
    nama = models.CharField("nama", max_length=150)
    satuan = models.CharField("satuan", max_length=40, blank=True)
    nilai = models.DecimalField("nilai", max_digits=15, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "konstanta"
        verbose_name_plural = "konstanta"
        ordering = ["tahun", "kode"]
        constraints = [models.UniqueConstraint(fields=["tahun", "kode"], name="konstanta_unik")]

    def __str__(self):
        return f"{self.nama} = {angka.format_ringkas(self.nilai)}"


class Jabatan(models.Model):
    tahun = models.ForeignKey(TahunIKI, on_delete=models.CASCADE, related_name="jabatan")
    kode = models.SlugField("kode", max_length=40)
    nama = models.CharField("nama jabatan", max_length=200)
    judul_tugas = models.CharField(
        "judul bagian tugas",
        max_length=200,
        blank=True,
        help_text="Diisi bila judul uraian tugas berbeda dari nama jabatan.",
    )
    atasan = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bawahan",
        verbose_name="atasan",
        help_text="Kosong berarti atasan langsung adalah pimpinan unit (camat).",
    )
    urutan = models.PositiveSmallIntegerField("urutan", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"
        ordering = ["tahun", "urutan", "id"]
        constraints = [models.UniqueConstraint(fields=["tahun", "kode"], name="jabatan_kode_unik")]

    def __str__(self):
        return self.nama

    def clean(self):
        if self.atasan_id:
            if self.atasan_id == self.pk:
                raise ValidationError({"atasan": "Jabatan tidak dapat menjadi atasan dirinya sendiri."})
            if self.atasan.tahun_id != self.tahun_id:
                raise ValidationError({"atasan": "Atasan harus jabatan pada tahun IKI yang sama."})

    def tugas(self):
        return [u.teks for u in self.uraian.all() if u.jenis == UraianJabatan.TUGAS]

    def fungsi(self):
        return [u.teks for u in self.uraian.all() if u.jenis == UraianJabatan.FUNGSI]


class UraianJabatan(models.Model):
    TUGAS = "tugas"
    FUNGSI = "fungsi"
    JENIS_CHOICES = [(TUGAS, "Tugas"), (FUNGSI, "Fungsi")]

    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="uraian")
    jenis = models.CharField("jenis", max_length=10, choices=JENIS_CHOICES)
    urutan = models.PositiveSmallIntegerField("urutan")
    teks = models.TextField("uraian")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "uraian tugas/fungsi"
        verbose_name_plural = "uraian tugas dan fungsi"
        ordering = ["jabatan", "jenis", "urutan"]
        constraints = [models.UniqueConstraint(fields=["jabatan", "jenis", "urutan"], name="uraian_urutan_unik")]

    def __str__(self):
        return self.teks[:80]


class PenugasanQuerySet(models.QuerySet):
    def aktif_pada(self, tanggal):
        return self.filter(mulai__lte=tanggal).filter(Q(selesai__isnull=True) | Q(selesai__gte=tanggal))


class Penugasan(models.Model):
    """Who holds which jabatan when, including acting holders (Plt/Plh)."""

    JENIS_CHOICES = [("definitif", "Definitif"), ("plt", "Plt (Pelaksana Tugas)"), ("plh", "Plh (Pelaksana Harian)")]

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="penugasan")
    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="penugasan")
    jenis = models.CharField("jenis", max_length=10, choices=JENIS_CHOICES, default="definitif")
    mulai = models.DateField("mulai")
    selesai = models.DateField("selesai", null=True, blank=True)

    objects = PenugasanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "penugasan jabatan"
        verbose_name_plural = "penugasan jabatan"
        ordering = ["jabatan", "-mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")), name="penugasan_urut"
            )
        ]

    def __str__(self):
        awalan = "" if self.jenis == "definitif" else f"{self.get_jenis_display().split()[0]} "
        return f"{awalan}{self.jabatan}: {self.pegawai.nama}"

    def clean(self):
        if self.pegawai_id and self.jabatan_id and self.pegawai.unit_id != self.jabatan.tahun.unit_id:
            raise ValidationError("Pegawai dan jabatan harus dari unit kerja yang sama.")
        if self.selesai and self.mulai and self.selesai < self.mulai:
            raise ValidationError({"selesai": "Tanggal selesai tidak boleh sebelum tanggal mulai."})
        if self.jenis == "definitif" and self.jabatan_id and self.mulai:
            # One definitif holder at a time; a Plt or Plh beside a definitif is allowed.
            bentrok = (
                Penugasan.objects.filter(jabatan_id=self.jabatan_id, jenis="definitif")
                .exclude(pk=self.pk)
                .filter(Q(selesai__isnull=True) | Q(selesai__gte=self.mulai))
            )
            if self.selesai:
                bentrok = bentrok.filter(mulai__lte=self.selesai)
            lain = bentrok.select_related("pegawai").order_by("mulai").first()
            if lain is not None:
                sampai = angka.format_tanggal(lain.selesai) if lain.selesai else "seterusnya"
                raise ValidationError(
                    f"{self.jabatan.nama} sudah dijabat definitif oleh {lain.pegawai.nama} "
                    f"({angka.format_tanggal(lain.mulai)} – {sampai}). Akhiri penugasan itu dahulu, "
                    "atau pilih Plt/Plh."
                )


class Sasaran(models.Model):
    tahun = models.ForeignKey(TahunIKI, on_delete=models.CASCADE, related_name="sasaran")
    teks = models.TextField("sasaran / kinerja utama")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "sasaran"
        verbose_name_plural = "sasaran"
        ordering = ["tahun", "id"]
        constraints = [models.UniqueConstraint(fields=["tahun", "teks"], name="sasaran_unik")]

    def __str__(self):
        return self.teks


@lru_cache(maxsize=4096)
def _urai_rumus(teks: str) -> Rumus | None:
    """A formula text parsed once per process (a Rumus is immutable): a kabupaten view reads a
    thousand indicators whose formulas are mostly the same few ratios."""
    try:
        return Rumus(teks)
    except RumusError:
        return None


class IndikatorQuerySet(models.QuerySet):
    def for_unit(self, unit):
        return self.filter(tahun__unit=unit)


class Indikator(models.Model):
    RUMUS = "rumus"
    SURVEI = "survei"
    SELISIH = "selisih"
    JENIS_CHOICES = [
        (RUMUS, "Rumus atas variabel dan konstanta"),
        (SURVEI, "Indeks dari survei (IKM)"),
        (SELISIH, "Selisih terhadap target (semakin rendah semakin baik)"),
    ]
    POLARITAS_CHOICES = [
        (perhitungan.Polaritas.NAIK.value, "Semakin tinggi semakin baik"),
        (perhitungan.Polaritas.TURUN.value, "Semakin rendah semakin baik"),
    ]
    SIFAT_TARGET_CHOICES = [
        ("tetap", "Sama untuk setiap periode (rasio/keadaan)"),
        ("proporsional", "Proporsional jumlah bulan (arus/jumlah kejadian)"),
    ]

    tahun = models.ForeignKey(TahunIKI, on_delete=models.CASCADE, related_name="indikator")
    kode = models.SlugField("kode", max_length=40)
    nama = models.CharField("nama indikator", max_length=300)
    satuan = models.CharField("satuan", max_length=40, default="%")
    polaritas = models.CharField("polaritas", max_length=10, choices=POLARITAS_CHOICES, default="naik")
    jenis = models.CharField("jenis perhitungan", max_length=10, choices=JENIS_CHOICES, default=RUMUS)
    rumus = models.CharField(
        "rumus",
        max_length=2000,  # the formula engine's own, clearer limit (500) applies first
        blank=True,
        help_text=(
            "Contoh: ktp_tepat / ktp_usulan x 100 %. Gunakan kode variabel, kode konstanta, angka, kurung, "
            "+ dan -, kali (* x ×), bagi (/ : ÷) dan % di akhir. Dicetak seperti ditulis."
        ),
    )
    penjelasan = models.TextField(
        "penjelasan tercetak",
        blank=True,
        help_text="Bila diisi, dicetak di kolom Penjelasan/Formulasi menggantikan rumus dalam kata-kata.",
    )
    sumber_data = models.CharField("sumber data", max_length=200, blank=True)
    penanggung_jawab = models.ForeignKey(
        Jabatan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="penanggung jawab"
    )
    sifat_target = models.CharField("sifat target", max_length=15, choices=SIFAT_TARGET_CHOICES, default="tetap")
    target_maks = models.DecimalField(
        "target paling tinggi",
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Kosongkan: 100 untuk satuan %, tanpa batas untuk satuan lain. Isi bila target persentase "
        "memang boleh di atas 100 (contoh 120).",
    )
    wajib_bukti = models.BooleanField("wajib bukti dukung", default=False)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    asal = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="penerus",
        verbose_name="indikator tahun sebelumnya",
        help_text="Indikator yang sama pada tahun sebelumnya (diisi otomatis saat tahun disalin; bila "
        "indikator diganti nama atau dipecah, pilih asalnya di sini).",
    )
    target_renstra = models.DecimalField(
        "target akhir Renstra",
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Target pada tahun terakhir periode Renstra, untuk laporan kinerja tahunan.",
    )

    objects = IndikatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikator"
        ordering = ["tahun", "urutan", "id"]
        constraints = [models.UniqueConstraint(fields=["tahun", "kode"], name="indikator_kode_unik")]

    def __str__(self):
        return self.nama

    def clean(self):
        self.periksa_asal()
        if self.jenis == self.SURVEI:
            return
        if not self.rumus.strip():
            raise ValidationError({"rumus": "Rumus wajib diisi untuk indikator yang dihitung dari variabel."})
        try:
            rumus = Rumus(self.rumus)
        except RumusError as e:
            raise ValidationError({"rumus": str(e)}) from None
        if self.jenis == self.SELISIH and "target" not in rumus.nama:
            raise ValidationError({"rumus": "Indikator jenis selisih harus memakai nama 'target' dalam rumusnya."})

    def periksa_asal(self) -> None:
        """``asal`` is an indicator of the same unit's previous year (``capaian.tahun_lalu``
        matches through it); anything else is refused, never silently ignored."""
        if not self.asal_id or not self.tahun_id:
            return
        asal = Indikator.objects.select_related("tahun").filter(pk=self.asal_id).first()
        tahun = self.tahun
        if asal is None or asal.tahun.unit_id != tahun.unit_id or asal.tahun.tahun != tahun.tahun - 1:
            raise ValidationError({"asal": f"Pilih indikator unit ini pada tahun {tahun.tahun - 1}."})

    @property
    def batas_target(self) -> Decimal | None:
        """The highest target this indicator may have: as stated, else 100 for a percentage."""
        if self.target_maks is not None:
            return self.target_maks
        return Decimal(100) if self.satuan.strip().lower() in ("%", "persen") else None

    def periksa_target(self, nilai: Decimal) -> str | None:
        """Why ``nilai`` cannot be a target of this indicator, or None."""
        batas = self.batas_target
        if batas is not None and nilai > batas:
            satuan = " %" if self.satuan.strip().lower() in ("%", "persen") else f" {self.satuan}".rstrip()
            return (
                f"Target paling besar {angka.format_ringkas(batas)}"
                f"{satuan}. Bila memang lebih, isi “target paling tinggi” pada indikator."
            )
        return None

    def nama_dikenal(self, kode_variabel) -> set[str]:
        """Names a formula of this indicator may use, given its variable codes."""
        nama = set(kode_variabel) | set(self.tahun.nilai_konstanta())
        if self.jenis == self.SELISIH:
            nama.add("target")
        return nama

    def periksa_rumus(self, kode_variabel=None) -> Rumus | None:
        """Parse and check the formula against its variables and the year's constants.

        Raises RumusError with an Indonesian message; returns None for survey indicators.
        """
        if self.jenis == self.SURVEI:
            return None
        if kode_variabel is None:
            kode_variabel = [v.kode for v in self.variabel.all()]
        rumus = Rumus(self.rumus)
        rumus.periksa(nama_dikenal=self.nama_dikenal(kode_variabel), konstanta=self.tahun.nilai_konstanta())
        return rumus

    def rumus_dalam_kata(self, variabel=None, konstanta=None) -> str:
        """The printed "Penjelasan / Formulasi Penghitungan" text."""
        if self.penjelasan:
            return self.penjelasan
        if self.jenis == self.SURVEI or not self.rumus:
            return ""
        try:
            rumus = Rumus(self.rumus)
        except RumusError:
            return self.rumus
        if variabel is None:
            variabel = list(self.variabel.all())
        if konstanta is None:
            konstanta = list(self.tahun.konstanta.all())
        label = {v.kode: v.nama for v in variabel}
        for k in konstanta:
            label[k.kode] = f"{angka.format_ringkas(k.nilai)} {k.satuan}".strip()
        label["target"] = "Target " + self.nama[:1].lower() + self.nama[1:]
        teks = rumus.dalam_kata(label)
        if self.satuan == "%" and teks.endswith("× 100"):
            teks += " %"
        return teks

    def rumus_terurai(self) -> Rumus | None:
        """The parsed formula; None for a survey indicator or a formula that is blank or does not
        parse. Parsed once per instance (again after ``jenis`` or ``rumus`` change)."""
        kunci = (self.jenis, self.rumus)
        simpanan = self.__dict__.get("_rumus_terurai")
        if simpanan is None or simpanan[0] != kunci:
            rumus = _urai_rumus(self.rumus) if self.jenis != self.SURVEI and self.rumus else None
            simpanan = self.__dict__["_rumus_terurai"] = (kunci, rumus)
        return simpanan[1]

    def pasangan_rasio_rumus(self) -> list[tuple[str, str]]:
        """The (numerator, denominator) names of each plain ``a / b`` of the formula, a constant
        side included (the dashboard's "12 dari 20 desa"); none for survey indicators."""
        rumus = self.rumus_terurai()
        return rumus.pasangan_rasio() if rumus is not None else []

    def pasangan_rasio(self) -> list[tuple["Variabel", "Variabel"]]:
        """The (numerator, denominator) variables of the formula's plain ``a / b`` parts: in any
        month the numerator may not exceed its denominator. A constant side (20 desa) is not a
        count and is left out; survey indicators have none. Reads ``self.variabel.all()``:
        prefetch ``variabel`` when asking many indicators."""
        per_kode = {v.kode: v for v in self.variabel.all()}
        return [(per_kode[a], per_kode[b]) for a, b in self.pasangan_rasio_rumus() if a in per_kode and b in per_kode]


class Variabel(models.Model):
    CARA_GABUNG_CHOICES = [
        (perhitungan.CaraGabung.JUMLAH.value, "Jumlah (dijumlahkan)"),
        (perhitungan.CaraGabung.TERAKHIR.value, "Nilai terakhir"),
        (perhitungan.CaraGabung.RATA.value, "Rata-rata"),
    ]

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="variabel")
    kode = models.CharField("kode", max_length=40, validators=[kode_validator])
    nama = models.CharField("nama variabel", max_length=300)
    satuan = models.CharField("satuan", max_length=40, blank=True)
    cara_gabung = models.CharField(
        "cara menggabung bulan", max_length=10, choices=CARA_GABUNG_CHOICES, default="jumlah"
    )
    pengisi = models.ForeignKey(
        Jabatan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="variabel_diisi",
        verbose_name="jabatan pengisi",
    )
    desimal = models.PositiveSmallIntegerField(
        "angka di belakang koma",
        default=0,
        validators=[MaxValueValidator(2)],
        help_text="0 untuk hitungan (bilangan bulat); 1 atau 2 untuk rata-rata hari, jam, jumlah uang.",
    )
    per_desa = models.BooleanField(
        "diisi per desa",
        default=False,
        help_text="Setiap bulan pengisi mencentang desa yang memenuhi; nilainya jumlah desa yang dicentang.",
    )
    urutan = models.PositiveSmallIntegerField("urutan", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "variabel"
        verbose_name_plural = "variabel"
        ordering = ["indikator", "urutan", "id"]
        constraints = [models.UniqueConstraint(fields=["indikator", "kode"], name="variabel_kode_unik")]

    def __str__(self):
        return self.nama

    def format_nilai(self, nilai: Decimal | None, kosong: str = "–") -> str:
        """A value of this variable with its decimals: ``3`` for a count, ``3,5`` or ``3,50`` for an average."""
        return angka.format_nilai(nilai, self.desimal, kosong)

    def clean(self):
        if self.pengisi_id and self.indikator_id and self.pengisi.tahun_id != self.indikator.tahun_id:
            raise ValidationError({"pengisi": "Jabatan pengisi harus dari tahun IKI yang sama."})
        if self.per_desa and self.desimal:
            raise ValidationError({
                "per_desa": "Variabel per desa adalah hitungan desa (bilangan bulat): ubah desimalnya menjadi 0 "
                "atau jangan isi per desa."
            })


class Target(models.Model):
    PERIODE_CHOICES = [
        ("tahun", "Tahunan"),
        ("tw1", "Triwulan I"),
        ("tw2", "Triwulan II"),
        ("tw3", "Triwulan III"),
        ("tw4", "Triwulan IV"),
    ]

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="target")
    periode = models.CharField("periode", max_length=5, choices=PERIODE_CHOICES, default="tahun")
    nilai = models.DecimalField("target", max_digits=15, decimal_places=2, validators=[MinValueValidator(0)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "target"
        verbose_name_plural = "target"
        ordering = ["indikator", "periode"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "periode"], name="target_unik"),
            models.CheckConstraint(condition=Q(nilai__gte=0), name="target_tidak_negatif"),
        ]

    def __str__(self):
        return f"{self.get_periode_display()}: {angka.format_angka(self.nilai)}"

    def clean(self):
        try:
            indikator = self.indikator  # also a new one, not yet saved, in the admin's inline
        except Indikator.DoesNotExist:
            return
        masalah = indikator.periksa_target(self.nilai) if self.nilai is not None else None
        if masalah:
            raise ValidationError({"nilai": masalah})


class BarisIKI(models.Model):
    """One printed row of a jabatan's IKI table: (jabatan, sasaran, indikator, order)."""

    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="baris")
    sasaran = models.ForeignKey(Sasaran, on_delete=models.PROTECT, related_name="baris")
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="baris")
    urutan = models.PositiveSmallIntegerField("urutan")
    teks_indikator = models.CharField(
        "nama indikator tercetak",
        max_length=300,
        blank=True,
        help_text="Kosongkan untuk mencetak nama indikator; diisi bila dokumen menuliskannya berbeda.",
    )
    sumber_data = models.CharField("sumber data tercetak", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "baris IKI"
        verbose_name_plural = "baris IKI"
        ordering = ["jabatan", "urutan"]
        constraints = [models.UniqueConstraint(fields=["jabatan", "urutan"], name="baris_urutan_unik")]

    def __str__(self):
        return f"{self.jabatan} #{self.urutan}: {self.nama_indikator}"

    @property
    def nama_indikator(self) -> str:
        return self.teks_indikator or self.indikator.nama

    def clean(self):
        if self.jabatan_id and self.sasaran_id and self.indikator_id:
            if len({self.jabatan.tahun_id, self.sasaran.tahun_id, self.indikator.tahun_id}) > 1:
                raise ValidationError("Jabatan, sasaran dan indikator harus dari tahun IKI yang sama.")
