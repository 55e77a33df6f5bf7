"""Forms of the IKM survey screens, and the reading of an uploaded questionnaire workbook.

Every input passes through here: answers 1–4 (blank allowed per unsur, confirmed once), tallies
that must add up to the respondent count, dates inside the survey period, and Excel uploads that
pass the workbook gate (iki.umum.unggahan) before their rows are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError

from iki.ikm import hitung as ikm
from iki.inti import angka, perhitungan
from iki.models.ikm import JenisLayanan, Kuesioner, SurveiIKM
from iki.umum.forms import formfield_angka
from iki.umum.unggahan import BerkasDitolak, baca_berkas_unggahan, baris_aman, buka_workbook, validasi_ukuran

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
        teks = self.cleaned_data["jenis_kelamin"].strip().upper()
        if teks in ("", "L", "P"):
            return teks
        if teks in ("LAKI-LAKI", "PRIA"):
            return "L"
        if teks in ("PEREMPUAN", "WANITA"):
            return "P"
        raise ValidationError("Jenis kelamin diisi L (laki-laki) atau P (perempuan).")

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if not self.survei.memuat_tanggal(tanggal):
            raise ValidationError(
                f"Tanggal {angka.format_tanggal(tanggal)} di luar periode survei {self.survei.label} "
                f"({angka.format_tanggal(self.survei.tanggal_awal)} – "
                f"{angka.format_tanggal(self.survei.tanggal_akhir)})."
            )
        if belum := tanggal_belum_tiba(tanggal, hari_ini=self.hari_ini):
            raise ValidationError(f"Tanggal {belum}: kuesioner tidak dapat bertanggal setelah hari ini.")
        return tanggal

    def clean(self):
        data = super().clean()
        jawaban = {u.kode: data.get(u.kode) for u in ikm.UNSUR}
        if any(u.kode in self.errors for u in ikm.UNSUR):
            return data
        kosong = [k for k, v in jawaban.items() if v is None]
        if len(kosong) == len(ikm.UNSUR):
            raise ValidationError("Isi jawaban unsur: kuesioner ini belum berisi satu jawaban pun.")
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


# --- Excel import --------------------------------------------------------------------------------

MAKS_BARIS = 2000
MAKS_KOLOM = 40
MAKS_KESALAHAN = 100
NAMA_LEMBAR = "Kuesioner"

# (header, field). The template writes these headers; reading finds columns by header.
KOLOM_IMPOR = (
    ("No", None),
    ("Tanggal", "tanggal"),
    ("Jenis Layanan", "layanan"),
    ("Umur", "umur"),
    ("Jenis Kelamin", "jenis_kelamin"),
    ("Pendidikan", "pendidikan"),
    ("Pekerjaan", "pekerjaan"),
    *((u.kode, u.kode) for u in ikm.UNSUR),
)
KOLOM_WAJIB = ("Tanggal", *ikm.KODE_UNSUR)


@dataclass
class HasilBaca:
    baris: list[dict] = field(default_factory=list)  # Kuesioner field values, plus "_baris"
    kesalahan: list[str] = field(default_factory=list)
    kesalahan_lain: int = 0  # errors beyond MAKS_KESALAHAN, not listed

    def salah(self, pesan: str) -> None:
        if len(self.kesalahan) < MAKS_KESALAHAN:
            self.kesalahan.append(pesan)
        else:
            self.kesalahan_lain += 1

    @property
    def ada_kesalahan(self) -> bool:
        return bool(self.kesalahan)

    @property
    def jumlah_dengan_kosong(self) -> int:
        return sum(1 for b in self.baris if any(b[k.lower()] is None for k in ikm.KODE_UNSUR))


def _normal(teks: str) -> str:
    return "".join(str(teks).lower().split())


_PILIHAN_JK = {"l": "L", "p": "P", "laki-laki": "L", "lakilaki": "L", "pria": "L", "perempuan": "P", "wanita": "P"}
_PILIHAN_PENDIDIKAN = {_normal(label): kode for kode, label in Kuesioner.PENDIDIKAN_CHOICES} | {
    _normal(kode): kode for kode, _ in Kuesioner.PENDIDIKAN_CHOICES
}
_PILIHAN_PEKERJAAN = {_normal(label): kode for kode, label in Kuesioner.PEKERJAAN_CHOICES}


def _tampil(nilai) -> str:
    teks = str(nilai)
    return teks if len(teks) <= 30 else teks[:27] + "…"


def _bulat(nilai) -> int | None:
    """An Excel cell as a whole number, or None when it is not one."""
    if isinstance(nilai, bool):
        return None
    if isinstance(nilai, int):
        return nilai
    if isinstance(nilai, float) and nilai.is_integer():
        return int(nilai)
    if isinstance(nilai, str) and nilai.strip().isdigit() and len(nilai.strip()) <= 9:
        return int(nilai.strip())
    return None


def _tanggal(nilai) -> date | None:
    if isinstance(nilai, datetime):
        return nilai.date()
    if isinstance(nilai, date):
        return nilai
    if isinstance(nilai, str):
        for pola in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(nilai.strip(), pola).date()
            except ValueError:
                continue
    return None


def _huruf_kolom(indeks: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(indeks + 1)


def baca_excel(
    berkas, *, survei: SurveiIKM, layanan: list[JenisLayanan], hari_ini: date, nama: str | None = None
) -> HasilBaca:
    """Read questionnaires from a workbook made from the template (an upload or bytes):
    ``HasilBaca`` with the rows (as Kuesioner values) and every error located by row and column.
    A file refused by the workbook gate gives only the gate's message. Nothing is saved here."""
    hasil = HasilBaca()
    try:
        wb = buka_workbook(baca_berkas_unggahan(berkas), nama=nama or getattr(berkas, "name", ""))
        try:
            ws = wb[NAMA_LEMBAR] if NAMA_LEMBAR in wb.sheetnames else wb.worksheets[0]
            _baca_lembar(ws, hasil, survei=survei, layanan=layanan, hari_ini=hari_ini)
        finally:
            wb.close()
    except BerkasDitolak as e:
        hasil = HasilBaca()
        hasil.salah(e.pesan)
    return hasil


def _baca_lembar(ws, hasil: HasilBaca, *, survei: SurveiIKM, layanan: list[JenisLayanan], hari_ini: date) -> None:
    judul = next(baris_aman(ws, min_row=1, max_row=1, max_col=MAKS_KOLOM, values_only=True), ())
    kolom: dict[str, int] = {}
    dikenal = {_normal(h): h for h, _ in KOLOM_IMPOR}
    for i, teks in enumerate(judul):
        if teks is not None and _normal(teks) in dikenal:
            kolom.setdefault(dikenal[_normal(teks)], i)
    hilang = [h for h in KOLOM_WAJIB if h not in kolom]
    if hilang:
        hasil.salah(
            f"Lembar “{ws.title}”: kolom {', '.join(hilang)} tidak ditemukan pada baris judul (baris 1). "
            "Gunakan templat yang disediakan."
        )
        return
    per_nama = {_normal(j.nama): j for j in layanan}
    jumlah = 0
    for nomor_baris, sel in enumerate(baris_aman(ws, min_row=2, max_col=MAKS_KOLOM, values_only=True), start=2):
        nilai = {h: (sel[i] if i < len(sel) else None) for h, i in kolom.items()}
        for h in nilai:
            if isinstance(nilai[h], str) and not nilai[h].strip():
                nilai[h] = None
        if all(v is None for h, v in nilai.items() if h != "No"):
            continue
        jumlah += 1
        if jumlah > MAKS_BARIS:
            hasil.kesalahan = [
                f"Berkas berisi lebih dari {angka.format_angka(MAKS_BARIS, 0)} baris kuesioner (terbaca sampai "
                f"baris {angka.format_angka(nomor_baris, 0)}). Pecah menjadi beberapa berkas berisi paling "
                f"banyak {angka.format_angka(MAKS_BARIS, 0)} baris; tidak ada yang disimpan."
            ]
            hasil.baris = []
            return

        def lokasi(h, _n=nomor_baris):
            return f"Baris {_n}, kolom {_huruf_kolom(kolom[h])} ({h})"

        baris = {"_baris": nomor_baris}
        t = _tanggal(nilai["Tanggal"])
        if nilai["Tanggal"] is None:
            hasil.salah(f"{lokasi('Tanggal')}: tanggal wajib diisi.")
        elif t is None:
            hasil.salah(f"{lokasi('Tanggal')}: “{_tampil(nilai['Tanggal'])}” bukan tanggal (contoh 5/6/2023).")
        elif not survei.memuat_tanggal(t):
            hasil.salah(f"{lokasi('Tanggal')}: {angka.format_tanggal(t)} di luar periode survei {survei.label}.")
        elif belum := tanggal_belum_tiba(t, hari_ini=hari_ini):
            hasil.salah(f"{lokasi('Tanggal')}: {belum}; kuesioner tidak dapat bertanggal setelah hari ini.")
        baris["tanggal"] = t

        baris["layanan"] = None
        if (v := nilai.get("Jenis Layanan")) is not None:
            j = per_nama.get(_normal(v))
            if j is None:
                hasil.salah(f"{lokasi('Jenis Layanan')}: layanan “{_tampil(v)}” tidak ada dalam daftar layanan unit.")
            baris["layanan"] = j

        baris["umur"] = None
        if (v := nilai.get("Umur")) is not None:
            umur = _bulat(v)
            if umur is None or not 10 <= umur <= 120:
                hasil.salah(f"{lokasi('Umur')}: “{_tampil(v)}” bukan umur yang wajar (10–120 tahun).")
            baris["umur"] = umur

        for h, f, pilihan, contoh in (
            ("Jenis Kelamin", "jenis_kelamin", _PILIHAN_JK, "L atau P"),
            ("Pendidikan", "pendidikan", _PILIHAN_PENDIDIKAN, "SD, SMP, SMA, D1-D3, D4/S1, S2, S3"),
            ("Pekerjaan", "pekerjaan", _PILIHAN_PEKERJAAN, "PNS, TNI, POLRI, Swasta, Wirausaha, Lainnya"),
        ):
            baris[f] = ""
            if (v := nilai.get(h)) is not None:
                kode = pilihan.get(_normal(v))
                if kode is None:
                    hasil.salah(f"{lokasi(h)}: “{_tampil(v)}” tidak dikenal; isi salah satu dari {contoh}.")
                baris[f] = kode or ""

        ada_jawaban = False
        for k in ikm.KODE_UNSUR:
            v = nilai[k]
            jawaban = _bulat(v) if v is not None else None
            if v is not None and (jawaban is None or jawaban not in ikm.NILAI_JAWABAN):
                hasil.salah(f"{lokasi(k)}: “{_tampil(v)}” bukan jawaban 1, 2, 3 atau 4.")
                jawaban = None
            ada_jawaban = ada_jawaban or v is not None
            baris[k.lower()] = jawaban
        if not ada_jawaban:
            hasil.salah(f"Baris {nomor_baris}: tidak ada jawaban unsur U1–U9.")
        hasil.baris.append(baris)
    if jumlah == 0 and not hasil.kesalahan:
        hasil.salah("Tidak ada baris kuesioner pada berkas (mulai isi dari baris 2).")


class FormImpor(forms.Form):
    berkas = forms.FileField(
        label="Berkas Excel (.xlsx) dari templat",
        validators=[validasi_ukuran],
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, survei: SurveiIKM, hari_ini: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.survei = survei
        self.hari_ini = hari_ini
        self.hasil: HasilBaca | None = None

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        layanan = list(JenisLayanan.objects.filter(unit_id=self.survei.unit_id))
        self.hasil = baca_excel(berkas, survei=self.survei, layanan=layanan, hari_ini=self.hari_ini)
        if self.hasil.ada_kesalahan:
            raise ValidationError("Berkas tidak disimpan karena ada kesalahan; perbaiki lalu unggah lagi.")
        return berkas
