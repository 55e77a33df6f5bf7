"""What the kabupaten's tables of units (the summary ``views_kabupaten`` and the ranking
``views_peringkat``) share: the GET filters (period, jenis), the default period, the columns (one
per category of the scale among them), the order read from ``?urut=`` (only a column's key; anything
else is the table's own default) and the column headings that sort on a click.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.utils.safestring import SafeString

from iki.capaian import data as capaian
from iki.capaian.views_dasbor import PILIHAN_PERIODE
from iki.inti import svg
from iki.inti.perhitungan import Kategori, Periode
from iki.models import UnitKerja


class FilterUnitForm(forms.Form):
    """The tables' GET filters; a malformed one is 404 with its reason (``saring``). The sort
    order (``?urut=``) is read apart (``baca_urut``)."""

    periode = forms.ChoiceField(label="Periode", choices=PILIHAN_PERIODE, required=False)
    jenis = forms.ChoiceField(label="Jenis unit", choices=[("", "Semua jenis"), *UnitKerja.JENIS_CHOICES],
                              required=False)


PILIHAN_JENIS = FilterUnitForm.base_fields["jenis"].choices


def saring(form: forms.Form) -> dict:
    """The form's cleaned data, ``periode`` as a ``Periode`` (None: the default one); a malformed
    filter is 404 naming the field and why."""
    if not form.is_valid():
        salah = "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        raise Http404(f"Filter tidak sah ({salah}).")
    kode = form.cleaned_data["periode"]
    return {**form.cleaned_data, "periode": Periode.dari_kode(kode) if kode else None}


def periode_bawaan(data_list: Iterable[capaian.DataTahun]) -> Periode:
    """Cumulative to the latest month any shown unit has entered (the whole year when none)."""
    terakhir = max((d.bulan_terakhir for d in data_list), default=0)
    return Periode("sd", terakhir) if terakhir else Periode("tahun", 0)


@dataclass(frozen=True)
class Kolom:
    kunci: str
    judul: str
    angka: bool = True
    kategori: Kategori | None = None
    naik_dulu: bool = False  # a number whose first click sorts from the smallest (a rank)

    @property
    def swatch(self) -> SafeString:
        return SafeString(svg.swatch(self.kategori)) if self.kategori else SafeString("")

    @property
    def turun_dulu(self) -> bool:
        """The first click sorts names A–Z and numbers from the largest (unless ``naik_dulu``)."""
        return self.angka and not self.naik_dulu


def kolom_kategori(skala) -> list[Kolom]:
    """One column per category of the scale, highest first (``kategori1`` …); none without a scale."""
    kategori = [k for _, k in skala.tingkat] + [skala.terendah] if skala else []
    return [Kolom(f"kategori{n}", k.label, kategori=k) for n, k in enumerate(kategori, start=1)]


def urutan_kategori(kolom: list[Kolom]) -> dict[Kategori, int]:
    """Each category's place among the category columns (the index of a row's ``kategori`` count)."""
    return {k.kategori: n for n, k in enumerate(k for k in kolom if k.kategori)}


def nomor_kategori(kunci: str) -> int:
    """The index of a row's ``kategori`` count for the column key ``kategoriN``."""
    return int(kunci.removeprefix("kategori")) - 1


def baca_urut(nilai: str, kolom: list[Kolom], bawaan: tuple[str, bool]) -> tuple[str, bool]:
    """``(key, descending)`` from ``?urut=`` (``terlambat`` or ``-terlambat``); anything not a
    column's key is ``bawaan``."""
    turun = nilai.startswith("-")
    kunci = nilai.removeprefix("-")
    if kunci not in {k.kunci for k in kolom}:
        return bawaan
    return kunci, turun


def kepala(kolom: list[Kolom], kunci: str, turun: bool, dasar: dict) -> list[dict]:
    """The headings: each column, its ``aria-sort`` and the link that sorts by it (keeping the
    filters ``dasar``): the active column reverses, another starts from ``Kolom.turun_dulu``."""
    hasil = []
    for k in kolom:
        aktif = k.kunci == kunci
        berikut_turun = (not turun) if aktif else k.turun_dulu
        hasil.append({
            "kolom": k,
            "aria_sort": ("descending" if turun else "ascending") if aktif else "",
            "url": "?" + urlencode({**dasar, "urut": ("-" if berikut_turun else "") + k.kunci}),
        })
    return hasil


def urutkan(baris: list, nama: Callable[[object], str], nilai: Callable[[object], object] | None = None,
            turun: bool = False) -> list:
    """Rows by ``nilai`` (descending when ``turun``), by name first so that equal values keep the
    names in order whichever way the column goes (the unit's pk last); without ``nilai``, by name."""
    baris = sorted(baris, key=lambda b: (nama(b).casefold(), b.unit.pk))
    return sorted(baris, key=nilai, reverse=turun) if nilai else baris
