"""Questionnaires from the Excel template (``laporan.templat_impor``): an upload is read, every
row is checked, and only a workbook without errors is saved (``sumber.simpan_impor``).

The file passes the workbook gate (iki.umum.unggahan) first. Each row is then checked by the
entry screen's rules, which live in ``iki.ikm.forms``: every cell through the field
``FormKuesioner`` reads it with (date formats, whole numbers, answers 1–4 by ``FieldJawaban``,
the option lists), the form's own checks (``periksa_tanggal``: within the survey period and not
after today; ``baca_jenis_kelamin``; ``periksa_ada_jawaban``), then the model's validators
(``Kuesioner.full_clean``: umur 10–120, choices). A blank answer is a blank on paper, as the
screen accepts once confirmed. Not a whole bound form per row: building one and checking the
model's constraints with a query each made a 2.000-row file take 10 s instead of under 1 s; the
database checks those constraints when the rows are saved.

Reading here only turns cells into what the form is typed with (a date cell, 4.0, the names in
the template's lists) and words each error the way the import always has, at its cell:
"Baris 4, kolom B (Tanggal): 1 Agustus 2023 di luar periode survei TW II 2023." Where the form's
message differs (it speaks to one questionnaire on the screen), the rule is the form's and the
wording the import's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from iki.ikm import hitung as ikm
from iki.ikm.forms import (
    FormKuesioner,
    baca_jenis_kelamin,
    periksa_ada_jawaban,
    periksa_tanggal,
    tanggal_belum_tiba,
)
from iki.inti import angka
from iki.models.ikm import JenisLayanan, Kuesioner, SurveiIKM
from iki.umum.excel import XLSX
from iki.umum.unggahan import (
    BerkasDitolak,
    Kesalahan,
    baca_berkas_unggahan,
    baris_aman,
    buka_workbook,
    validasi_ukuran,
)

MAKS_BARIS = 2000
MAKS_KOLOM = 40
MAKS_KESALAHAN = 100
NAMA_LEMBAR = "Kuesioner"

# (header, form field). The template writes these headers; reading finds columns by header.
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
    daftar_kesalahan: list[Kesalahan] = field(default_factory=list)
    kesalahan_lain: int = 0  # errors beyond MAKS_KESALAHAN, not listed

    def salah(self, kesalahan: Kesalahan) -> None:
        if len(self.daftar_kesalahan) < MAKS_KESALAHAN:
            self.daftar_kesalahan.append(kesalahan)
        else:
            self.kesalahan_lain += 1

    @property
    def kesalahan(self) -> list[str]:
        """The errors as the page lists them, each with its place."""
        return [str(k) for k in self.daftar_kesalahan]

    @property
    def ada_kesalahan(self) -> bool:
        return bool(self.daftar_kesalahan)

    @property
    def jumlah_dengan_kosong(self) -> int:
        return sum(1 for b in self.baris if any(b[k.lower()] is None for k in ikm.KODE_UNSUR))


def _normal(teks) -> str:
    return "".join(str(teks).lower().split())


# The template's lists show labels; the form takes codes.
_PILIHAN = {
    "pendidikan": {_normal(label): kode for kode, label in Kuesioner.PENDIDIKAN_CHOICES}
    | {_normal(kode): kode for kode, _ in Kuesioner.PENDIDIKAN_CHOICES},
    "pekerjaan": {_normal(label): kode for kode, label in Kuesioner.PEKERJAAN_CHOICES},
}
_CONTOH = {
    "jenis_kelamin": "L atau P",
    "pendidikan": "SD, SMP, SMA, D1-D3, D4/S1, S2, S3",
    "pekerjaan": "PNS, TNI, POLRI, Swasta, Wirausaha, Lainnya",
}


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


def _sebagai_ketikan(nilai) -> str:
    """A cell as the form is typed with: 4.0 → "4", "04" → "4"; anything else as text; empty → ""."""
    if nilai is None:
        return ""
    bulat = _bulat(nilai)
    return str(bulat) if bulat is not None else str(nilai).strip()


def _tanggal(nilai):
    """A date cell as a date; text as typed ("5/6/2023": the form reads it); anything else as a
    text the form refuses (a number is not a date)."""
    if isinstance(nilai, datetime):
        return nilai.date()
    if isinstance(nilai, date):
        return nilai
    return str(nilai).strip() if isinstance(nilai, str) else f"#{nilai}"


def baca_excel(
    berkas, *, survei: SurveiIKM, layanan: list[JenisLayanan], hari_ini: date, nama: str | None = None
) -> HasilBaca:
    """Read questionnaires from a workbook made from the template (an upload or bytes):
    ``HasilBaca`` with the rows (as Kuesioner values) and every error located by row and column.
    ``layanan`` are the unit's services a row may name. A file refused by the workbook gate gives
    only the gate's message. Nothing is saved here."""
    hasil = HasilBaca()
    try:
        wb = buka_workbook(baca_berkas_unggahan(berkas), nama=nama or getattr(berkas, "name", ""))
        try:
            ws = wb[NAMA_LEMBAR] if NAMA_LEMBAR in wb.sheetnames else wb.worksheets[0]
            baris = _baca_lembar(ws, hasil)
        finally:
            wb.close()
    except BerkasDitolak as e:
        hasil = HasilBaca()
        hasil.salah(Kesalahan(e.pesan))
        return hasil
    if baris is None:
        return hasil
    kolom, isi = baris
    per_nama = {_normal(j.nama): j for j in layanan}
    form = FormKuesioner(survei=survei, hari_ini=hari_ini)  # its fields read the cells, as the screen reads typing
    for nomor_baris, nilai in isi:
        _periksa_baris(hasil, nomor_baris, nilai, kolom, form=form, per_nama=per_nama)
    if not isi and not hasil.ada_kesalahan:
        hasil.salah(Kesalahan("Tidak ada baris kuesioner pada berkas (mulai isi dari baris 2)."))
    return hasil


def _baca_lembar(ws, hasil: HasilBaca) -> tuple[dict[str, int], list[tuple[int, dict]]] | None:
    """The columns found by header and the non-empty rows (row number, {header: cell}); ``None``
    when the sheet cannot be imported (the error is in ``hasil``)."""
    judul = next(baris_aman(ws, min_row=1, max_row=1, max_col=MAKS_KOLOM, values_only=True), ())
    kolom: dict[str, int] = {}
    dikenal = {_normal(h): h for h, _ in KOLOM_IMPOR}
    for i, teks in enumerate(judul):
        if teks is not None and _normal(teks) in dikenal:
            kolom.setdefault(dikenal[_normal(teks)], i)
    hilang = [h for h in KOLOM_WAJIB if h not in kolom]
    if hilang:
        hasil.salah(
            Kesalahan(
                f"kolom {', '.join(hilang)} tidak ditemukan pada baris judul (baris 1). "
                "Gunakan templat yang disediakan.",
                lembar=ws.title,
            )
        )
        return None
    isi = []
    for nomor_baris, sel in enumerate(baris_aman(ws, min_row=2, max_col=MAKS_KOLOM, values_only=True), start=2):
        nilai = {h: (sel[i] if i < len(sel) else None) for h, i in kolom.items()}
        for h in nilai:
            if isinstance(nilai[h], str) and not nilai[h].strip():
                nilai[h] = None
        if all(v is None for h, v in nilai.items() if h != "No"):
            continue
        if len(isi) == MAKS_BARIS:
            # Counted before any row is checked: a huge file is refused at once.
            hasil.salah(
                Kesalahan(
                    f"Berkas berisi lebih dari {angka.format_angka(MAKS_BARIS, 0)} baris kuesioner (terbaca sampai "
                    f"baris {angka.format_angka(nomor_baris, 0)}). Pecah menjadi beberapa berkas berisi paling "
                    f"banyak {angka.format_angka(MAKS_BARIS, 0)} baris; tidak ada yang disimpan."
                )
            )
            return None
        isi.append((nomor_baris, nilai))
    return kolom, isi


# Model fields the import does not check per row: the survey and number are given when saving,
# the service comes from the unit's own list already, and the database holds the constraints
# (checked again by the INSERT): a query or two per row would make a 2.000-row file slow.
_BUKAN_PER_BARIS = {"id", "survei", "nomor", "layanan", "diisi_oleh", "diperbarui"}
# What a row gives ``sumber.simpan_impor``: Kuesioner field values.
_NILAI = ("tanggal", "layanan", "umur", "jenis_kelamin", "pendidikan", "pekerjaan", *map(str.lower, ikm.KODE_UNSUR))


def _periksa_baris(hasil, nomor_baris, nilai, kolom, *, form: FormKuesioner, per_nama) -> None:
    """One row by the entry form's rules: each cell through the form's own field, the form's
    checks (``periksa_tanggal``, ``baca_jenis_kelamin``, ``periksa_ada_jawaban``), then the
    model's validators (``full_clean``). Errors are located at their cells, in column order."""
    salah: dict[str, str] = {}  # header → the import's message
    isi: dict[str, object] = {}  # form field → its value

    def baca(h: str, f: str, mentah, periksa=None) -> None:
        try:
            v = form.fields[f].clean(mentah)
            isi[f] = periksa(v) if periksa else v
        except ValidationError as e:
            salah[h] = _pesan(form, f, nilai.get(h), e)

    baca("Tanggal", "tanggal", "" if nilai.get("Tanggal") is None else _tanggal(nilai["Tanggal"]),
         lambda t: periksa_tanggal(t, survei=form.survei, hari_ini=form.hari_ini))  # fmt: skip
    isi["layanan"] = None
    if (v := nilai.get("Jenis Layanan")) is not None:
        isi["layanan"] = per_nama.get(_normal(v))
        if isi["layanan"] is None:
            salah["Jenis Layanan"] = f"layanan “{_tampil(v)}” tidak ada dalam daftar layanan unit."
    baca("Umur", "umur", _sebagai_ketikan(nilai.get("Umur")))
    baca("Jenis Kelamin", "jenis_kelamin", _sebagai_ketikan(nilai.get("Jenis Kelamin")), baca_jenis_kelamin)
    for h, f in (("Pendidikan", "pendidikan"), ("Pekerjaan", "pekerjaan")):
        v = nilai.get(h)
        baca(h, f, "" if v is None else _PILIHAN[f].get(_normal(v), str(v)))
    for k in ikm.KODE_UNSUR:
        baca(k, k, _sebagai_ketikan(nilai[k]))

    jawaban = {k: isi.get(k) for k in ikm.KODE_UNSUR}
    tanpa_jawaban = False
    if not any(k in salah for k in ikm.KODE_UNSUR):
        try:
            periksa_ada_jawaban(jawaban)
        except ValidationError:
            tanpa_jawaban = True
    kuesioner = Kuesioner(
        survei=form.survei,
        **{f: isi.get(f) for f in ("tanggal", "layanan", "umur")},
        **{f: isi.get(f) or "" for f in ("jenis_kelamin", "pendidikan", "pekerjaan")},
        **{k.lower(): v for k, v in jawaban.items()},
    )
    sudah_salah = {f for h, f in KOLOM_IMPOR if h in salah and f is not None}
    try:
        kuesioner.full_clean(
            exclude=_BUKAN_PER_BARIS | {f.lower() for f in sudah_salah}, validate_unique=False,
            validate_constraints=False,
        )  # fmt: skip
    except ValidationError as e:
        per_field = {f.lower(): h for h, f in KOLOM_IMPOR if f is not None}
        for f, galat in e.error_dict.items():
            h = per_field.get(f)
            if h is not None:
                salah.setdefault(h, _pesan(form, f if f in form.fields else f.upper(), nilai.get(h), galat[0]))

    for h, _ in KOLOM_IMPOR:
        if h in salah:
            hasil.salah(Kesalahan(salah[h], baris=nomor_baris, kolom=get_column_letter(kolom[h] + 1), nama_kolom=h))
    if tanpa_jawaban:
        hasil.salah(Kesalahan("tidak ada jawaban unsur U1–U9.", baris=nomor_baris))
    if not salah and not tanpa_jawaban:
        hasil.baris.append({"_baris": nomor_baris, **{f: getattr(kuesioner, f) for f in _NILAI}})


def _pesan(form: FormKuesioner, f: str, v, galat: ValidationError) -> str:
    """The import's wording of an error on field ``f`` (the cell held ``v``)."""
    if f == "tanggal":
        if galat.code == "required":
            return "tanggal wajib diisi."
        if galat.code == "di_luar_periode":
            t = form.fields["tanggal"].to_python(_tanggal(v))
            return f"{angka.format_tanggal(t)} di luar periode survei {form.survei.label}."
        if galat.code == "belum_tiba":
            belum = tanggal_belum_tiba(form.fields["tanggal"].to_python(_tanggal(v)), hari_ini=form.hari_ini)
            return f"{belum}; kuesioner tidak dapat bertanggal setelah hari ini."
        return f"“{_tampil(v)}” bukan tanggal (contoh 5/6/2023)."
    if f == "umur":
        return f"“{_tampil(v)}” bukan umur yang wajar (10–120 tahun)."
    if f in _CONTOH:
        return f"“{_tampil(v)}” tidak dikenal; isi salah satu dari {_CONTOH[f]}."
    return f"“{_tampil(v)}” bukan jawaban 1, 2, 3 atau 4."


class FormImpor(forms.Form):
    berkas = forms.FileField(
        label="Berkas Excel (.xlsx) dari templat",
        validators=[validasi_ukuran],
        widget=forms.ClearableFileInput(
            attrs={"accept": f".xlsx,{XLSX}"}
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
