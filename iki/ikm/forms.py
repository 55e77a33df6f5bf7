"""Forms of the IKM survey screens.

Every questionnaire passes through ``FormKuesioner``, typed on the screen or read from the Excel
template (iki.ikm.impor): answers 1–4 (blank allowed per unsur, confirmed once), a date inside
the survey period and not after today, umur 10–120, jenis kelamin L or P. Tallies must add up to
the respondent count.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from iki.ikm import hitung as ikm
from iki.inti import angka, perhitungan
from iki.models.ikm import JenisLayanan, Kuesioner, SurveiIKM
from iki.umum.forms import formfield_angka

PILIHAN_PERIODE = [
    ("Bulanan", [(str(n), angka.nama_bulan(n)) for n in range(1, 13)]),
    ("Triwulan", [(f"tw{n}", perhitungan.Periode("tw", n).label) for n in range(1, 5)]),
    ("Semester", [("s1", "Semester I"), ("s2", "Semester II")]),
    ("Tahunan", [("tahun", "Satu tahun penuh")]),
]


def _angka_bulat(teks: str, *, maks: int, nama: str) -> int | None:
    """Indonesian whole number ("1.234") or None when blank."""
    teks = (teks or "").strip()
    if not teks:
        return None
    try:
        nilai = angka.parse_angka(teks)
    except ValueError as e:
        raise ValidationError(str(e)) from None
    if nilai != nilai.to_integral_value():
        raise ValidationError(f"{nama} harus bilangan bulat.")
    if nilai < 0:
        raise ValidationError(f"{nama} tidak boleh negatif.")
    if nilai > maks:
        raise ValidationError(f"{nama} paling banyak {angka.format_angka(maks, 0)}.")
    return int(nilai)


def tanggal_belum_tiba(tanggal: date, *, hari_ini: date) -> str | None:
    """``"10 Januari 2027 belum tiba (hari ini 5 Desember 2026)"`` for a questionnaire dated after
    today, else ``None``: the form and the Excel import refuse the same dates."""
    if tanggal <= hari_ini:
        return None
    return f"{angka.format_tanggal(tanggal)} belum tiba (hari ini {angka.format_tanggal(hari_ini)})"


# --- Survey periods and services -----------------------------------------------------------------


class FormSurvei(forms.ModelForm):
    """A survey period of a unit and year; the period itself is chosen only when creating."""

    periode = forms.ChoiceField(label="Periode survei", choices=PILIHAN_PERIODE)
    populasi_teks = forms.CharField(
        label="Populasi pengguna layanan",
        required=False,
        max_length=20,
        help_text=(
            "Perkiraan jumlah pengguna layanan selama periode ini; dipakai untuk sampel minimal (Krejcie–Morgan)."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "data-ikm-populasi": ""}),
    )

    class Meta:
        model = SurveiIKM
        fields = ["layanan", "metode", "rencana_tindak_lanjut"]
        widgets = {
            "layanan": forms.CheckboxSelectMultiple,
            "metode": forms.Textarea(attrs={"rows": 4}),
            "rencana_tindak_lanjut": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "rencana_tindak_lanjut": "Dicetak pada laporan IKM: langkah perbaikan atas unsur yang terendah.",
        }

    def __init__(self, *args, unit, tahun: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.tahun = tahun
        self.fields["layanan"].queryset = JenisLayanan.objects.filter(unit=unit)
        self.fields["layanan"].required = False
        if self.instance.pk:
            del self.fields["periode"]
            if self.instance.populasi is not None:
                self.initial["populasi_teks"] = angka.format_angka(self.instance.populasi, 0)
        self.order_fields(["periode", "populasi_teks", "layanan", "metode", "rencana_tindak_lanjut"])

    def clean_populasi_teks(self):
        return _angka_bulat(self.cleaned_data["populasi_teks"], maks=100_000_000, nama="Populasi")

    def clean_periode(self):
        periode = perhitungan.Periode.dari_kode(self.cleaned_data["periode"])
        bulan = set(periode.bulan)
        for lain in SurveiIKM.objects.filter(unit=self.unit, tahun=self.tahun):
            if bulan & set(lain.periode.bulan):
                raise ValidationError(
                    f"Periode {periode.label} {self.tahun} tumpang tindih dengan survei {lain.label} yang sudah "
                    "ada. Jawaban satu bulan hanya dicatat pada satu survei; isi kuesioner pada survei itu."
                )
        return periode

    def save(self, commit=True):
        survei = super().save(commit=False)
        survei.populasi = self.cleaned_data["populasi_teks"]
        if not survei.pk:
            survei.unit = self.unit
            survei.tahun = self.tahun
            survei.jenis = self.cleaned_data["periode"].jenis
            survei.nomor = self.cleaned_data["periode"].nomor
        if commit:
            survei.save()
            self.save_m2m()
        return survei


class FormLayanan(forms.ModelForm):
    class Meta:
        model = JenisLayanan
        formfield_callback = formfield_angka
        fields = ["nama", "urutan", "aktif"]

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean_nama(self):
        nama = " ".join(self.cleaned_data["nama"].split())
        if not nama:
            raise ValidationError("Nama layanan wajib diisi.")
        sama = JenisLayanan.objects.filter(unit=self.unit, nama__iexact=nama).exclude(pk=self.instance.pk)
        if sama.exists():
            raise ValidationError(f"Layanan “{nama}” sudah ada.")
        return nama

    def save(self, commit=True):
        self.instance.unit = self.unit
        return super().save(commit)


# --- One questionnaire ---------------------------------------------------------------------------


class FieldJawaban(forms.CharField):
    """One unsur's answer: 1, 2, 3, 4 or blank (not answered)."""

    def __init__(self, unsur: ikm.Unsur, **kwargs):
        self.unsur = unsur
        attrs = {
            "inputmode": "numeric",
            "maxlength": "1",
            "autocomplete": "off",
            "pattern": "[1-4]",
            "class": "form-control ikm-jawaban",
            "data-ikm-jawaban": "",
            "data-urut": "",
            "aria-describedby": "petunjuk-jawaban",
        }
        super().__init__(
            label=unsur.label, required=False, max_length=1, strip=True, widget=forms.TextInput(attrs=attrs), **kwargs
        )

    def clean(self, value):
        if isinstance(value, str) and len(value.strip()) > 1:
            raise ValidationError(f"Jawaban {self.unsur.kode} harus satu angka 1, 2, 3 atau 4.")
        value = super().clean(value)
        if value in (None, ""):
            return None
        if value not in ("1", "2", "3", "4"):
            raise ValidationError(f"Jawaban {self.unsur.kode} harus 1, 2, 3 atau 4 (tertulis: {value}).")
        return int(value)


# --- The rules of one questionnaire, for the form and the Excel import (iki.ikm.impor) ----------

# Jenis kelamin as people write it (lower case, no blanks) → the stored code.
JENIS_KELAMIN = {
    "l": Kuesioner.L,
    "p": Kuesioner.P,
    "laki-laki": Kuesioner.L,
    "lakilaki": Kuesioner.L,
    "pria": Kuesioner.L,
    "perempuan": Kuesioner.P,
    "wanita": Kuesioner.P,
}


def baca_jenis_kelamin(teks: str) -> str:
    """"L", "P" or "" (not filled in) from what was written ("p", "Laki-laki", "wanita" …)."""
    teks = "".join(str(teks or "").split()).lower()
    if not teks:
        return ""
    if teks not in JENIS_KELAMIN:
        raise ValidationError("Jenis kelamin diisi L (laki-laki) atau P (perempuan).", code="tidak_dikenal")
    return JENIS_KELAMIN[teks]


def periksa_tanggal(tanggal: date, *, survei: SurveiIKM, hari_ini: date) -> date:
    """A questionnaire's date lies within its survey period and is not after today."""
    if not survei.memuat_tanggal(tanggal):
        raise ValidationError(
            f"Tanggal {angka.format_tanggal(tanggal)} di luar periode survei {survei.label} "
            f"({angka.format_tanggal(survei.tanggal_awal)} – {angka.format_tanggal(survei.tanggal_akhir)}).",
            code="di_luar_periode",
        )
    if belum := tanggal_belum_tiba(tanggal, hari_ini=hari_ini):
        raise ValidationError(f"Tanggal {belum}: kuesioner tidak dapat bertanggal setelah hari ini.", code="belum_tiba")
    return tanggal


def periksa_ada_jawaban(jawaban: dict[str, int | None]) -> None:
    """A questionnaire answers at least one unsur (the others may be blank, as on paper)."""
    if all(v is None for v in jawaban.values()):
        raise ValidationError("Isi jawaban unsur: kuesioner ini belum berisi satu jawaban pun.", code="tanpa_jawaban")


def _pilihan_bernomor(choices):
    """Options labelled "1 · SD", "2 · SMP", … so a digit key picks them."""
    return [("", "—")] + [(v, f"{i} · {label}") for i, (v, label) in enumerate(choices, start=1)]


class FormKuesioner(forms.ModelForm):
    """One paper questionnaire, in the order the form is printed: profile, then U1–U9."""

    # The unsur left blank that the user has already seen and accepted ("U8,U9"): a blank on
    # paper is allowed by the formula, a blank from a slipped key is not.
    kosong_dikonfirmasi = forms.CharField(required=False, widget=forms.HiddenInput)
    jenis_kelamin = forms.CharField(
        label="Jenis kelamin (L/P)",
        required=False,
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "maxlength": "1",
                "autocomplete": "off",
                "data-ikm-huruf": "LP",
                "data-urut": "",
                "class": "form-control",
            }
        ),
    )

    class Meta:
        model = Kuesioner
        formfield_callback = formfield_angka
        fields = ["tanggal", "layanan", "umur", "jenis_kelamin", "pendidikan", "pekerjaan"]
        widgets = {
            # Plain text, not type=date: typed the same way in every browser ("05052023" or
            # "5/5/2023"), and the script moves on once a whole date is there.
            "tanggal": forms.DateInput(
                attrs={
                    "inputmode": "numeric",
                    "placeholder": "hh/bb/tttt",
                    "autocomplete": "off",
                    "data-ikm-tanggal": "",
                    "data-urut": "",
                },
                format="%d/%m/%Y",
            ),
            "umur": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "maxlength": "3",
                    "autocomplete": "off",
                    "data-ikm-angka": "2",
                    "data-urut": "",
                }
            ),
        }

    def __init__(self, *args, survei: SurveiIKM, hari_ini: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.survei = survei
        self.hari_ini = hari_ini
        self.kosong_perlu_konfirmasi = ""
        layanan = JenisLayanan.objects.filter(unit_id=survei.unit_id)
        if self.instance.layanan_id:
            layanan = layanan.filter(aktif=True) | layanan.filter(pk=self.instance.layanan_id)
        else:
            layanan = layanan.filter(aktif=True)
        self.daftar_layanan = list(layanan.order_by("urutan", "nama"))
        pilihan_layanan = [("", "—")] + [(str(j.pk), f"{i} · {j.nama}") for i, j in enumerate(self.daftar_layanan, 1)]
        f = self.fields["layanan"]
        f.queryset = JenisLayanan.objects.filter(pk__in=[j.pk for j in self.daftar_layanan])
        f.choices = pilihan_layanan
        f.widget.attrs.update({"data-ikm-pilih": "", "data-urut": ""})
        for nama, choices in (("pendidikan", Kuesioner.PENDIDIKAN_CHOICES), ("pekerjaan", Kuesioner.PEKERJAAN_CHOICES)):
            self.fields[nama].choices = _pilihan_bernomor(choices)
            self.fields[nama].widget.choices = self.fields[nama].choices
            self.fields[nama].widget.attrs.update({"data-ikm-pilih": "", "data-urut": ""})
        self.fields["umur"].error_messages["invalid"] = "Umur ditulis dengan angka, contoh 34."
        self.fields["tanggal"].input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d%m%Y"]
        self.fields["tanggal"].error_messages["invalid"] = "Tanggal ditulis hh/bb/tttt, contoh 05/06/2023."
        self.fields["tanggal"].help_text = (
            f"Dalam periode {survei.label}: {angka.format_tanggal(survei.tanggal_awal)} – "
            f"{angka.format_tanggal(survei.tanggal_akhir)}."
        )
        for u in ikm.UNSUR:
            self.fields[u.kode] = FieldJawaban(u, initial=getattr(self.instance, u.kode.lower(), None))
        if self.instance.pk and self.instance.jenis_kelamin:
            self.initial["jenis_kelamin"] = self.instance.jenis_kelamin
        for nama in self.fields:
            if nama != "kosong_dikonfirmasi":
                self.fields[nama].widget.attrs.setdefault("class", "form-control")
        for nama in ("layanan", "pendidikan", "pekerjaan"):
            self.fields[nama].widget.attrs["class"] = "form-select"

    @property
    def field_jawaban(self):
        return [self[u.kode] for u in ikm.UNSUR]

    @property
    def field_profil(self):
        return [self[n] for n in ("tanggal", "layanan", "umur", "jenis_kelamin", "pendidikan", "pekerjaan")]

    def clean_jenis_kelamin(self):
        return baca_jenis_kelamin(self.cleaned_data["jenis_kelamin"])

    def clean_tanggal(self):
        return periksa_tanggal(self.cleaned_data["tanggal"], survei=self.survei, hari_ini=self.hari_ini)

    def clean(self):
        data = super().clean()
        jawaban = {u.kode: data.get(u.kode) for u in ikm.UNSUR}
        if any(u.kode in self.errors for u in ikm.UNSUR):
            return data
        periksa_ada_jawaban(jawaban)
        kosong = [k for k, v in jawaban.items() if v is None]
        teks_kosong = ",".join(kosong)
        if kosong and data.get("kosong_dikonfirmasi") != teks_kosong:
            self.kosong_perlu_konfirmasi = teks_kosong
            raise ValidationError(
                f"Unsur {', '.join(kosong)} belum diisi. Bila pada kertas kuesioner memang kosong, tekan Simpan "
                "(Enter) sekali lagi: unsur yang kosong tidak dihitung untuk unsur itu saja."
            )
        for k, v in jawaban.items():
            setattr(self.instance, k.lower(), v)
        return data


# --- Tallies -------------------------------------------------------------------------------------

KOLOM_REKAP = (("n1", "1"), ("n2", "2"), ("n3", "3"), ("n4", "4"), ("kosong", "Tidak menjawab"))
MAKS_RESPONDEN = 1_000_000


class FormRekap(forms.Form):
    """Counts of answers 1–4 (and blanks) per unsur; each unsur must add up to the respondents."""

    jumlah_responden = forms.CharField(
        label="Jumlah responden (kuesioner yang direkap)",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "form-control"}),
    )

    def __init__(self, *args, awal: dict[str, dict[str, int]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        awal = awal or {}
        for u in ikm.UNSUR:
            for kolom, judul in KOLOM_REKAP:
                nama = f"{u.kode}_{kolom}"
                self.fields[nama] = forms.CharField(
                    label=f"{u.kode} — {judul}",
                    required=False,
                    max_length=12,
                    initial=awal.get(u.kode, {}).get(kolom, 0),
                    widget=forms.TextInput(
                        attrs={"inputmode": "numeric", "autocomplete": "off", "class": "form-control form-control-sm"}
                    ),
                )

    def baris(self):
        return [(u, [self[f"{u.kode}_{k}"] for k, _ in KOLOM_REKAP]) for u in ikm.UNSUR]

    def clean_jumlah_responden(self):
        n = _angka_bulat(self.cleaned_data["jumlah_responden"], maks=MAKS_RESPONDEN, nama="Jumlah responden")
        if n is None:
            raise ValidationError("Jumlah responden wajib diisi (0 untuk menghapus rekap).")
        return n

    def clean(self):
        data = super().clean()
        for u in ikm.UNSUR:
            for kolom, judul in KOLOM_REKAP:
                nama = f"{u.kode}_{kolom}"
                if nama in self.errors:
                    continue
                try:
                    nilai = _angka_bulat(data.get(nama, ""), maks=MAKS_RESPONDEN, nama=f"{u.kode} kolom {judul}")
                    data[nama] = nilai or 0
                except ValidationError as e:
                    self.add_error(nama, e)
        n = data.get("jumlah_responden")
        if n is None or self.errors:
            return data
        for u in ikm.UNSUR:
            jumlah = sum(data[f"{u.kode}_{k}"] for k, _ in KOLOM_REKAP)
            if jumlah != n:
                self.add_error(
                    f"{u.kode}_kosong",
                    f"{u.label}: jawaban 1+2+3+4 dan yang tidak menjawab berjumlah "
                    f"{angka.format_angka(jumlah, 0)}, tidak sama dengan jumlah responden "
                    f"{angka.format_angka(n, 0)}.",
                )
        return data

    def rekap(self) -> dict[str, dict[str, int]]:
        return {u.kode: {k: self.cleaned_data[f"{u.kode}_{k}"] for k, _ in KOLOM_REKAP} for u in ikm.UNSUR}
