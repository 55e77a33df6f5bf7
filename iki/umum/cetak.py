"""Printing as the office signs: who signs on a date, the unit's logo for the kop, and the small
GET form every print screen shares (tempat, tanggal, penanda tangan, kertas).

- ``calon_penanda_tangan(unit, tanggal)``: the holders of the pimpinan jabatan on that date —
  the one home of "who signs on date D", used by the laporan capaian, the annual IKI document
  and the presensi letter. The pimpinan jabatan is the jabatan of any of the unit's years named
  as ``UnitKerja.jabatan_pimpinan`` ("Camat Ketapang", any case) or with kode ``pimpinan``;
  its ``Penugasan`` (definitif / Plt / Plh, with dates) say who held it that day. When nobody is
  recorded as definitif that day, ``UnitKerja.pimpinan`` stands in as the definitif holder (the
  unit's signer as set today). Acting holders come first (Plh, then Plt, then definitif): a
  Plh or Plt is appointed because the definitif cannot sign that day.
- ``logo_data_uri(unit)``: the logo as a ``data:`` URI, read from the storage on this server and
  checked again (PNG/JPEG, ≤ 1 MB); "" when there is none or it is unreadable, so the kop prints
  without it and never with a broken image. WeasyPrint needs no URL fetch for it.
- ``FormCetak``: tempat, tanggal (``5 Desember 2026``, ``05-12-2026`` or ISO), penanda tangan
  (empty = the day's default holder), kertas; bounds of the date come from the caller.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass
from datetime import date

from django import forms
from django.db.models import Q

from iki.inti.angka import format_tanggal, parse_tanggal
from iki.models import Pegawai, Penugasan, UnitKerja
from iki.umum.berkas import MAKS_BITA_LOGO, BerkasDitolak, periksa_logo

__all__ = [
    "FormCetak",
    "PenandaTangan",
    "TanggalField",
    "calon_penanda_tangan",
    "logo_data_uri",
    "penanda_tangan",
    "semua_pemegang",
]

_URUTAN_JENIS = {"plh": 0, "plt": 1, "definitif": 2}
_AWALAN = {"plh": "Plh.", "plt": "Plt.", "definitif": ""}
KERTAS = [("a4", "A4 (210 × 297 mm)"), ("f4", "F4 (215 × 330 mm)")]


@dataclass(frozen=True)
class PenandaTangan:
    """Who signs: ``jabatan`` is the unit's pimpinan jabatan ("Camat Ketapang"), ``jenis`` how
    the person holds it. An empty ``nama`` prints dotted lines to be written by hand."""

    jenis: str
    jabatan: str
    nama: str = ""
    nip: str = ""
    pangkat: str = ""
    pegawai_id: int | None = None

    @property
    def awalan(self) -> str:
        return _AWALAN.get(self.jenis, "")

    @property
    def jabatan_cetak(self) -> str:
        """``"Plt. Camat Ketapang"``; the definitif holder signs as ``"Camat Ketapang"``."""
        return f"{self.awalan} {self.jabatan}".strip()

    @property
    def jabatan_kapital(self) -> str:
        """``"Plt. CAMAT KETAPANG"``: the signature block's capitals, the prefix as written."""
        return f"{self.awalan} {self.jabatan.upper()}".strip()

    def sebagai_dict(self) -> dict:
        return asdict(self) | {"jabatan_cetak": self.jabatan_cetak, "jabatan_kapital": self.jabatan_kapital}


def _jabatan_pimpinan(unit: UnitKerja) -> Q:
    return Q(jabatan__tahun__unit=unit) & (Q(jabatan__nama__iexact=unit.jabatan_pimpinan) | Q(jabatan__kode="pimpinan"))


def _dari_pegawai(unit: UnitKerja, pegawai: Pegawai, jenis: str) -> PenandaTangan:
    return PenandaTangan(
        jenis=jenis,
        jabatan=unit.jabatan_pimpinan,
        nama=pegawai.nama,
        nip=pegawai.nip,
        pangkat=pegawai.pangkat_golongan,
        pegawai_id=pegawai.pk,
    )


def _urutkan(calon: list[PenandaTangan]) -> list[PenandaTangan]:
    hasil: dict[int | None, PenandaTangan] = {}
    for c in sorted(calon, key=lambda c: (_URUTAN_JENIS.get(c.jenis, 9), c.nama)):
        hasil.setdefault(c.pegawai_id, c)  # one entry per person, the most acting one
    return list(hasil.values())


def calon_penanda_tangan(unit: UnitKerja, tanggal: date) -> list[PenandaTangan]:
    """The holders of the pimpinan jabatan on ``tanggal``, the default signer first (see the
    module's docstring); empty when nobody is known."""
    penugasan = Penugasan.objects.aktif_pada(tanggal).filter(_jabatan_pimpinan(unit)).select_related("pegawai")
    calon = [_dari_pegawai(unit, p.pegawai, p.jenis) for p in penugasan]
    if unit.pimpinan_id and not any(c.jenis == "definitif" for c in calon):
        calon.append(_dari_pegawai(unit, unit.pimpinan, "definitif"))
    return _urutkan(calon)


def penanda_tangan(unit: UnitKerja, tanggal: date, pegawai_id: int | None = None) -> PenandaTangan:
    """The signer on ``tanggal``: the chosen holder (``pegawai_id``, who must hold the jabatan
    that day, else ``ValueError`` naming those who do), or the day's default; a blank signer
    (dotted lines) when nobody is known."""
    calon = calon_penanda_tangan(unit, tanggal)
    if pegawai_id is not None:
        for c in calon:
            if c.pegawai_id == pegawai_id:
                return c
        nama = ", ".join(c.jabatan_cetak + ": " + c.nama for c in calon) or "belum ada yang tercatat"
        raise ValueError(
            f"Pegawai yang dipilih tidak memegang jabatan {unit.jabatan_pimpinan} pada {format_tanggal(tanggal)} "
            f"(pemegangnya: {nama})."
        )
    return calon[0] if calon else PenandaTangan(jenis="definitif", jabatan=unit.jabatan_pimpinan)


def semua_pemegang(unit: UnitKerja) -> list[tuple[int, str]]:
    """Every person who held or holds the pimpinan jabatan, as (pegawai id, label with dates):
    the choices of the print form (the date chosen decides who may sign)."""
    pilihan: dict[int, str] = {}
    qs = Penugasan.objects.filter(_jabatan_pimpinan(unit)).select_related("pegawai").order_by("-mulai")
    for p in qs:
        sampai = format_tanggal(p.selesai) if p.selesai else "sekarang"
        awalan = _AWALAN[p.jenis] or "Definitif"
        label = f"{awalan} {p.pegawai.nama} ({format_tanggal(p.mulai)} – {sampai})"
        pilihan[p.pegawai_id] = f"{pilihan[p.pegawai_id]}; {label}" if p.pegawai_id in pilihan else label
    if unit.pimpinan_id and unit.pimpinan_id not in pilihan:
        pilihan[unit.pimpinan_id] = f"{unit.pimpinan.nama} (pimpinan unit)"
    return list(pilihan.items())


def logo_data_uri(unit: UnitKerja) -> str:
    """The unit's logo as ``data:image/png;base64,…``; "" when none or not a sound PNG/JPEG."""
    if not unit.logo:
        return ""
    try:
        with unit.logo.open("rb") as berkas:
            data = berkas.read(MAKS_BITA_LOGO + 1)
        jenis = periksa_logo(data)
    except (OSError, ValueError, BerkasDitolak):
        return ""
    return f"data:{jenis};base64,{base64.b64encode(data).decode('ascii')}"


# --- The print form ----------------------------------------------------------------------------------


class TanggalInput(forms.TextInput):
    """A text box showing a date the Indonesian way; what was typed is shown back as typed."""

    def format_value(self, value):
        return format_tanggal(value) if isinstance(value, date) else super().format_value(value)


class TanggalField(forms.Field):
    widget = TanggalInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Contoh: 5 Desember 2026 atau 05-12-2026.")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "5 Desember 2026")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            return parse_tanggal(str(value)[:40])
        except ValueError as e:
            raise forms.ValidationError(f"{e}.", code="invalid") from None


class FormCetak(forms.Form):
    """The print screen's GET form. ``unit`` says who may sign; ``tanggal_bawaan`` is used when
    the date is left empty; a date outside ``tanggal_min``…``tanggal_maks`` is refused with
    ``alasan_min`` / ``alasan_maks``. ``cleaned_data`` then has ``tempat``, ``tanggal`` and
    ``ttd`` (a ``PenandaTangan``)."""

    tempat = forms.CharField(label="Tempat", max_length=80, required=False, help_text="Kosong: tempat unit.")
    tanggal = TanggalField(label="Tanggal", required=False)
    penanda_tangan = forms.TypedChoiceField(
        label="Penanda tangan", required=False, coerce=int, empty_value=None
    )
    kertas = forms.ChoiceField(label="Ukuran kertas", choices=KERTAS, required=False)

    def __init__(
        self,
        *args,
        unit: UnitKerja,
        tanggal_bawaan: date | None,
        tanggal_min: date,
        tanggal_maks: date,
        alasan_min: str,
        alasan_maks: str,
        tanggal_tanpa_isi: date | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.tanggal_tanpa_isi = tanggal_tanpa_isi or tanggal_min
        self.tanggal_bawaan = tanggal_bawaan
        self.batas = (tanggal_min, tanggal_maks, alasan_min, alasan_maks)
        self.fields["penanda_tangan"].choices = [("", "Otomatis: pemegang jabatan pada tanggal itu")] + semua_pemegang(
            unit
        )
        self.fields["tempat"].widget.attrs["placeholder"] = self.tempat_bawaan

    @property
    def tempat_bawaan(self) -> str:
        return self.unit.tempat_ttd or self.unit.kota or self.unit.kabupaten.nama

    def clean_tempat(self):
        tempat = " ".join(self.cleaned_data["tempat"].split())
        if any(c in tempat for c in "<>{}"):
            raise forms.ValidationError("Tempat hanya berisi nama tempat, tanpa tanda < > { }.")
        return tempat or self.tempat_bawaan

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"] or self.tanggal_bawaan
        if tanggal is None:
            return None
        tanggal_min, tanggal_maks, alasan_min, alasan_maks = self.batas
        if tanggal < tanggal_min:
            raise forms.ValidationError(f"{alasan_min} (paling awal {format_tanggal(tanggal_min)}).")
        if tanggal > tanggal_maks:
            raise forms.ValidationError(f"{alasan_maks} (paling akhir {format_tanggal(tanggal_maks)}).")
        return tanggal

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        tanggal = data.get("tanggal")
        try:
            # A document whose date is left blank (the original's "…… Januari 2023") is signed by
            # whoever holds the jabatan on the day the caller names (``tanggal_tanpa_isi``).
            data["ttd"] = penanda_tangan(self.unit, tanggal or self.tanggal_tanpa_isi, data.get("penanda_tangan"))
        except ValueError as e:
            self.add_error("penanda_tangan", str(e))
        data["kertas"] = data.get("kertas") or "a4"
        return data

    def teks_galat(self) -> str:
        label = {f: self.fields[f].label for f in self.fields}
        return "; ".join(f"{label.get(f, 'Formulir')}: {' '.join(e)}" for f, e in self.errors.items())
