"""Forms of the presensi screens: every input goes through one of these."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms

from iki.inti import angka
from iki.inti.angka import PILIHAN_BULAN, parse_angka
from iki.models import AturanPotongan, HariLibur, PengaturanPresensi
from iki.models.presensi import klasifikasi_validator
from iki.presensi import hitung
from iki.umum.forms import BilanganField, formfield_angka
from iki.umum.unggahan import validasi_ukuran

RUPIAH_MAKS = Decimal(10) ** 12


def baca_rupiah(teks: str) -> Decimal:
    """``"Rp 1.234.567"`` or ``"1234567"`` → ``Decimal(1234567)``; ``ValueError`` otherwise."""
    bersih = teks.strip()
    if bersih[:2].lower() == "rp":
        bersih = bersih[2:].strip()
    nilai = parse_angka(bersih)
    if nilai < 0:
        raise ValueError("Jumlah rupiah tidak boleh negatif")
    if nilai != nilai.to_integral_value():
        raise ValueError("Tulis dalam rupiah penuh, tanpa sen")
    if nilai >= RUPIAH_MAKS:
        raise ValueError("Jumlah terlalu besar")
    return nilai


class FormImpor(forms.Form):
    berkas = forms.FileField(
        label="Berkas ekspor mesin presensi (CSV atau Excel .xlsx)",
        validators=[validasi_ukuran],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    ganti = forms.BooleanField(label="Ganti rekap bulan ini yang sudah ada", required=False)

    def __init__(self, *args, sudah_ada: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sudah_ada = sudah_ada

    def clean(self):
        data = super().clean()
        if self.sudah_ada and not data.get("ganti"):
            self.add_error(
                "ganti", "Bulan ini sudah memiliki rekap. Centang kotak ini untuk menggantinya dengan isi berkas."
            )
        return data


class FormRekapPegawai(forms.Form):
    """One pegawai's month keyed in by hand; impossible combinations are refused with the reason."""

    hadir = BilanganField(label="Hadir", min_value=0, max_value=31, initial=0)
    izin = BilanganField(label="Izin", min_value=0, max_value=31, initial=0)
    sakit = BilanganField(label="Sakit", min_value=0, max_value=31, initial=0)
    cuti = BilanganField(label="Cuti", min_value=0, max_value=31, initial=0)
    dinas_luar = BilanganField(label="Dinas luar", min_value=0, max_value=31, initial=0)
    tanpa_keterangan = BilanganField(label="Tanpa keterangan", min_value=0, max_value=31, initial=0)
    tidak_finger_masuk = BilanganField(label="Tidak finger/faceprint masuk", min_value=0, max_value=31, initial=0)
    tidak_finger_pulang = BilanganField(
        label="Tidak finger/faceprint pulang", min_value=0, max_value=31, initial=0
    )
    menit_terlambat = forms.CharField(
        label="Menit terlambat per kejadian",
        required=False,
        max_length=400,
        help_text="Satu angka per hari terlambat, dipisah koma. Contoh: 15, 40, 95",
    )
    menit_pulang_cepat = forms.CharField(
        label="Menit pulang cepat per kejadian", required=False, max_length=400, help_text="Contoh: 30, 10"
    )
    catatan = forms.CharField(label="Keterangan", required=False, max_length=300)

    HITUNGAN = hitung.HITUNGAN_REKAP

    def __init__(self, *args, hari_kerja: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.hari_kerja = hari_kerja
        for nama in ("menit_terlambat", "menit_pulang_cepat"):
            self.fields[nama].widget.attrs["inputmode"] = "numeric"

    @classmethod
    def awal_dari(cls, rekap: hitung.Rekap, catatan: str = "") -> dict:
        awal = {nama: getattr(rekap, nama) for nama in cls.HITUNGAN}
        awal["menit_terlambat"] = ", ".join(str(m) for m in rekap.menit_terlambat)
        awal["menit_pulang_cepat"] = ", ".join(str(m) for m in rekap.menit_pulang_cepat)
        awal["catatan"] = catatan
        return awal

    def _menit(self, nama):
        try:
            return hitung.baca_daftar_menit(self.cleaned_data.get(nama, ""))
        except ValueError as e:
            raise forms.ValidationError(str(e)) from None

    def clean_menit_terlambat(self):
        return self._menit("menit_terlambat")

    def clean_menit_pulang_cepat(self):
        return self._menit("menit_pulang_cepat")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for pesan in hitung.periksa_rekap(self.rekap(data)):
            self.add_error(None, pesan)
        return data

    def rekap(self, data=None, lama: hitung.Rekap | None = None) -> hitung.Rekap:
        """The recap keyed in. Dates of missing fingerprints (known only from an import) are kept
        while their count is unchanged."""
        data = data if data is not None else self.cleaned_data
        rekap = hitung.Rekap(hari_kerja=self.hari_kerja)
        for nama in self.HITUNGAN:
            setattr(rekap, nama, data[nama])
        rekap.menit_terlambat = list(data["menit_terlambat"])
        rekap.menit_pulang_cepat = list(data["menit_pulang_cepat"])
        if lama is not None:
            if len(lama.tanggal_tidak_finger_masuk) == rekap.tidak_finger_masuk:
                rekap.tanggal_tidak_finger_masuk = list(lama.tanggal_tidak_finger_masuk)
            if len(lama.tanggal_tidak_finger_pulang) == rekap.tidak_finger_pulang:
                rekap.tanggal_tidak_finger_pulang = list(lama.tanggal_tidak_finger_pulang)
        return rekap


class _JamInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class FormPengaturan(forms.ModelForm):
    class Meta:
        model = PengaturanPresensi
        formfield_callback = formfield_angka
        fields = [
            "jam_masuk",
            "jam_pulang",
            "jam_pulang_jumat",
            "batas_potongan_persen",
            "kode_klasifikasi",
            "tempat_surat",
            "tujuan_surat",
            "tempat_tujuan",
        ]
        widgets = {"jam_masuk": _JamInput(), "jam_pulang": _JamInput(), "jam_pulang_jumat": _JamInput()}

    def clean(self):
        data = super().clean()
        masuk, pulang, jumat = data.get("jam_masuk"), data.get("jam_pulang"), data.get("jam_pulang_jumat")
        if masuk and pulang and pulang <= masuk:
            self.add_error("jam_pulang", "Jam pulang harus setelah jam masuk.")
        if masuk and jumat and jumat <= masuk:
            self.add_error("jam_pulang_jumat", "Jam pulang Jumat harus setelah jam masuk.")
        return data


class _TanggalInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FormHariLibur(forms.ModelForm):
    class Meta:
        model = HariLibur
        fields = ["tanggal", "keterangan", "jenis"]
        widgets = {"tanggal": _TanggalInput()}

    def __init__(self, *args, unit, tahun: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.tahun = tahun
        self.fields["jenis"].required = False  # a holiday unless said otherwise

    def clean_jenis(self):
        return self.cleaned_data.get("jenis") or HariLibur.LIBUR

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if tanggal.year != self.tahun:
            raise forms.ValidationError(f"Tanggal harus dalam tahun {self.tahun}.")
        if tanggal.weekday() >= 5:
            raise forms.ValidationError(
                f"{angka.format_tanggal(tanggal)} adalah hari Sabtu/Minggu, sudah bukan hari kerja."
            )
        if HariLibur.objects.filter(unit=self.unit, tanggal=tanggal).exists():
            raise forms.ValidationError(f"{angka.format_tanggal(tanggal)} sudah tercatat sebagai hari libur.")
        return tanggal

    def save(self, commit=True):
        self.instance.unit = self.unit
        return super().save(commit)


class FormAturan(forms.ModelForm):
    class Meta:
        model = AturanPotongan
        formfield_callback = formfield_angka
        fields = ["jenis", "menit_dari", "menit_sampai", "persen", "dasar_hukum"]

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        jenis = hitung.JenisAturan(data["jenis"])
        if jenis in hitung.BERENTANG:
            if data.get("menit_dari") is None:
                self.add_error("menit_dari", "Isi batas bawah rentang menit (contoh 1, 31, 61, 91).")
                return data
        else:
            if data.get("menit_dari") is not None or data.get("menit_sampai") is not None:
                self.add_error("menit_dari", "Rentang menit hanya untuk terlambat dan pulang cepat; kosongkan.")
                return data
        baru = hitung.Aturan(jenis, data["persen"], data.get("menit_dari"), data.get("menit_sampai"))
        lain = [a.sebagai_aturan() for a in AturanPotongan.objects.filter(unit=self.unit).exclude(pk=self.instance.pk)]
        for pesan in hitung.periksa_aturan([*lain, baru]):
            self.add_error(None, pesan)
        return data

    def save(self, commit=True):
        self.instance.unit = self.unit
        return super().save(commit)


class FormTpp(forms.Form):
    """Base TPP of every pegawai, valid from a month; an empty box leaves that pegawai unchanged."""

    berlaku_bulan = forms.TypedChoiceField(label="Berlaku mulai bulan", choices=PILIHAN_BULAN, coerce=int)
    berlaku_tahun = BilanganField(label="Tahun", min_value=2000, max_value=2100)

    def __init__(self, *args, pegawai, tpp_sekarang: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.pegawai = list(pegawai)
        for p in self.pegawai:
            awal = tpp_sekarang.get(p.id)
            self.fields[f"tpp_{p.id}"] = forms.CharField(
                label=f"{p.nama} (NIP {p.nip})",
                required=False,
                max_length=30,
                initial=angka.format_rupiah(awal).removeprefix("Rp ") if awal is not None else "",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "contoh 2.500.000"}),
            )

    def clean(self):
        data = super().clean()
        for p in self.pegawai:
            teks = (data.get(f"tpp_{p.id}") or "").strip()
            if not teks:
                data[f"tpp_{p.id}"] = None
                continue
            try:
                data[f"tpp_{p.id}"] = baca_rupiah(teks)
            except ValueError as e:
                self.add_error(f"tpp_{p.id}", str(e))
        return data

    def jumlah_per_pegawai(self) -> dict[int, Decimal]:
        return {
            p.id: self.cleaned_data[f"tpp_{p.id}"] for p in self.pegawai if self.cleaned_data[f"tpp_{p.id}"] is not None
        }

    def kolom_pegawai(self):
        return [(p, self[f"tpp_{p.id}"]) for p in self.pegawai]


class FormPaket(forms.Form):
    tanggal_surat = forms.DateField(label="Tanggal surat", widget=_TanggalInput())
    klasifikasi = forms.CharField(
        label="Kode klasifikasi", max_length=12, validators=[klasifikasi_validator], help_text="800 = kepegawaian."
    )

    def __init__(self, *args, tahun: int, bulan: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.awal_bulan = date(tahun, bulan, 1)

    def clean_tanggal_surat(self):
        tanggal = self.cleaned_data["tanggal_surat"]
        if tanggal < self.awal_bulan:
            raise forms.ValidationError(
                f"Surat untuk bulan {angka.nama_bulan(self.awal_bulan.month, self.awal_bulan.year)} "
                "tidak dapat bertanggal sebelum bulan itu."
            )
        if tanggal.year > self.awal_bulan.year + 1:
            raise forms.ValidationError("Tanggal surat terlalu jauh dari bulan presensinya.")
        return tanggal


class FormSuratKeluar(forms.Form):
    tanggal = forms.DateField(label="Tanggal surat", widget=_TanggalInput())
    klasifikasi = forms.CharField(
        label="Kode klasifikasi", max_length=12, validators=[klasifikasi_validator], initial="800"
    )
    hal = forms.CharField(label="Hal", max_length=300)
    tujuan = forms.CharField(label="Tujuan", max_length=200)

    def __init__(self, *args, tahun: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.tahun = tahun

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if tanggal.year != self.tahun:
            raise forms.ValidationError(f"Agenda ini untuk tahun {self.tahun}; tanggal surat harus dalam tahun itu.")
        return tanggal


class FormNomorTerakhir(forms.Form):
    nomor = BilanganField(
        label="Nomor terakhir yang sudah dipakai di luar aplikasi",
        min_value=0,
        max_value=999_999,
        help_text="Nomor berikutnya dari aplikasi dimulai setelah nomor ini.",
    )


class FormMuatLibur(forms.Form):
    """The shipped national holidays an operator accepts: one checkbox per date that can still
    be added (not a weekend, not already in the unit's list)."""

    tanggal = forms.MultipleChoiceField(
        label="Tanggal yang dimuat",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Pilih sedikitnya satu tanggal untuk dimuat.",
            "invalid_choice": "%(value)s bukan tanggal yang dapat dimuat dari daftar ini.",
        },
    )

    def __init__(self, *args, pilihan: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tanggal"].choices = [(t.isoformat(), angka.format_tanggal(t)) for t in pilihan]

    def clean_tanggal(self):
        return {date.fromisoformat(t) for t in self.cleaned_data["tanggal"]}
