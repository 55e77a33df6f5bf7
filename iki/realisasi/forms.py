"""Forms of the monthly entry, verification and reopening screens.

Values are typed as Indonesians write them (``1.234`` is one thousand two hundred thirty-four,
``3,5`` three and a half where the variable takes decimals);
every message is in Bahasa Indonesia and names the field it is about.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from iki.inti import angka
from iki.realisasi import desa as desa_mod
from iki.realisasi.alur import CATATAN_MAKS, PerubahanCatatan
from iki.realisasi.simpan import Perubahan, pasangan_per_variabel, periksa_nilai, periksa_rasio
from iki.umum.berkas import MAKS_BITA, BerkasDitolak, periksa_berkas

FORM_ENTRI = "form-entri"
_POLA_ISIAN = re.compile(
    r"^(nilai|versi|kendala|tindak_lanjut|versi_catatan|desa|tepat|daftar_desa|bukti_desa)_(\d+)$"
)
_POLA_BUKTI = re.compile(r"^bukti-(\d+)$")
# The browser never keeps a picked file across a page load: every refusal says so.
PILIH_LAGI = "Nilai yang Anda ketik masih di formulir, tetapi berkas harus dipilih lagi."


def bersihkan_hitungan(teks: str | None, *, desimal: int) -> Decimal | None:
    """A typed value of a variable taking ``desimal`` decimals: ``None`` when empty, else a number
    ≥ 0 within those decimals (the saving path's ``periksa_nilai``) or a ValidationError."""
    teks = (teks or "").strip()
    if not teks:
        return None
    contoh = "1.234" if desimal == 0 else ("3,5" if desimal == 1 else "3,25")
    try:
        nilai = angka.parse_angka(teks)
    except ValueError as e:
        raise ValidationError(f"{e}. Contoh: {contoh}", code="format") from None
    masalah = periksa_nilai(nilai, desimal=desimal)
    if masalah:
        isi = "bilangan bulat 0 atau lebih" if desimal == 0 else f"angka 0 atau lebih, contoh {contoh}"
        raise ValidationError(f"Nilai {masalah}: isi {isi}.", code="nilai")
    return nilai


def id_dikirim(data) -> dict[str, set[int]]:
    """Ids named by posted entry fields, per kind (``nilai``, ``kendala``, …)."""
    hasil: dict[str, set[int]] = {}
    for kunci in data:
        cocok = _POLA_ISIAN.match(kunci)
        if cocok:
            hasil.setdefault(cocok[1], set()).add(int(cocok[2]))
        elif cocok := _POLA_BUKTI.match(kunci):
            hasil.setdefault("bukti", set()).add(int(cocok[1]))
    return hasil


class BanyakBerkasInput(forms.FileInput):
    allow_multiple_selected = True


class BanyakBerkasField(forms.FileField):
    """Any number of files (``<input type=file multiple>``); cleans to a list, empty when none."""

    widget = BanyakBerkasInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(BanyakBerkasField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class FormEntri(forms.Form):
    """One month of a user's counts and notes.

    ``ubah``: ``[(variabel, realisasi or None)]`` the user may change; ``kunci``: the user's
    verified variables (locked; a value posted for them by hand is refused); ``catatan``:
    ``[(indikator, catatan or None)]`` whose notes the user may change, ``catatan_kunci`` the
    indicators whose notes are locked; ``rasio``:
    ``[(pembilang, penyebut)]`` variable pairs of the formulas; ``tersimpan``: variabel id → stored
    value of the month (for pairs where one side is not typed here); ``bulan``: the month.

    Per-desa variables (``Variabel.per_desa``, when the month offers desa: ``desa_ditawarkan``)
    have no typed value: the checklist ``desa_<id>`` (ticked desa ids) and ``tepat_<id>`` (those on
    time) with the marker ``daftar_desa_<id>``; the value is the number ticked. ``centang_simpan``:
    variabel id → stored checklist; ``konstanta``: the year's constants (the most desa ticked).
    """

    # Enter in a field submits without a button's value: that is a plain save.
    aksi = forms.ChoiceField(
        label="Tindakan", choices=[("simpan", "Simpan draf"), ("ajukan", "Ajukan")], required=False, initial="simpan"
    )

    def __init__(
        self, *args, ubah=(), kunci=(), catatan=(), catatan_kunci=(), rasio=(), tersimpan=None, bulan=1,
        desa_ditawarkan=(), centang_simpan=None, konstanta=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.desa_ditawarkan = list(desa_ditawarkan)
        self.centang_simpan = dict(centang_simpan or {})
        self.konstanta = dict(konstanta or {})
        self.ubah = list(ubah)
        self.kunci = list(kunci)
        self.catatan = list(catatan)
        self.catatan_kunci = list(catatan_kunci)
        self.rasio = list(rasio)
        self.tersimpan = dict(tersimpan or {})
        self.bulan = bulan
        for v, r in self.ubah:
            if self.per_desa(v):
                self._medan_desa(v)
            else:
                self._medan_nilai(v, r)
            self._medan_bukti_versi(v, r)
        for i, c in self.catatan:
            for nama, label in (("kendala", "Kendala"), ("tindak_lanjut", "Tindak lanjut")):
                self.fields[f"{nama}_{i.pk}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=CATATAN_MAKS,
                    initial=getattr(c, nama) if c else "",
                    widget=forms.Textarea(attrs={"rows": 2, "form": FORM_ENTRI, "class": "form-control"}),
                )
            self.fields[f"versi_catatan_{i.pk}"] = forms.IntegerField(
                required=False, min_value=0, max_value=2**31 - 1, initial=c.versi if c else 0,
                widget=forms.HiddenInput,
            )

    def per_desa(self, v) -> bool:
        """Is this variable entered as a checklist here (marked per desa, and the month offers desa)?"""
        return bool(v.per_desa and self.desa_ditawarkan)

    def _medan_desa(self, v) -> None:
        self.fields[f"daftar_desa_{v.pk}"] = forms.CharField(
            label=v.nama, required=False, initial="1", widget=forms.HiddenInput(attrs={"form": FORM_ENTRI})
        )
        self.fields[f"bukti_desa_{v.pk}"] = forms.ChoiceField(
            label=f"Bukti dukung “{v.nama}” untuk desa",
            required=False,
            choices=[("", "— semua / tidak untuk satu desa —")] + [(str(d.pk), d.nama) for d in self.desa_ditawarkan],
            error_messages={
                "invalid_choice": "Desa untuk bukti dukung tidak ditemukan pada unit ini atau tidak aktif bulan ini."
            },
            widget=forms.Select(attrs={"form": FORM_ENTRI, "class": "form-select form-select-sm"}),
        )

    def centang_tampil(self, v) -> dict[int, bool]:
        """The checklist to show: what was posted (a refused form shows the ticks back), else the stored one."""
        if self.is_bound and f"daftar_desa_{v.pk}" in self.data:
            tepat = set(self.data.getlist(f"tepat_{v.pk}"))
            return {int(t): t in tepat for t in self.data.getlist(f"desa_{v.pk}") if t.isascii() and t.isdigit()
                    and len(t) < 12}
        return self.centang_simpan.get(v.pk, {})

    def _medan_nilai(self, v, r) -> None:
        self.fields[f"nilai_{v.pk}"] = forms.CharField(
            label=v.nama,
            required=False,
            max_length=40,
            initial=v.format_nilai(r.nilai) if r else "",
            widget=forms.TextInput(
                attrs={
                    "inputmode": "decimal" if v.desimal else "numeric",
                    "autocomplete": "off",
                    "enterkeyhint": "next",
                    "form": FORM_ENTRI,
                    "class": "form-control form-control-lg input-angka",
                    "data-variabel": v.kode,
                    "data-desimal": v.desimal,
                }
            ),
        )

    def _medan_bukti_versi(self, v, r) -> None:
        self.fields[f"bukti-{v.pk}"] = BanyakBerkasField(
            label=f"Bukti dukung “{v.nama}”",
            required=False,
            allow_empty_file=True,  # periksa_berkas gives the clearer message
            error_messages={
                "missing": f"Berkas tidak terkirim. {PILIH_LAGI}",
                "invalid": f"Berkas tidak terkirim dengan benar. {PILIH_LAGI}",
            },
            widget=BanyakBerkasInput(
                attrs={
                    "form": FORM_ENTRI,
                    "class": "form-control",
                    "accept": "image/jpeg,image/png,application/pdf",
                    "capture": "environment",
                    "data-foto": "",
                    "data-batas": MAKS_BITA,
                }
            ),
        )
        self.fields[f"versi_{v.pk}"] = forms.IntegerField(
            required=False, min_value=0, max_value=2**31 - 1, initial=r.versi if r else 0,
            widget=forms.HiddenInput,
        )

    @property
    def ajukan(self) -> bool:
        return self.cleaned_data.get("aksi") == "ajukan"

    def clean(self):
        data = super().clean()
        nama_bulan = angka.nama_bulan(self.bulan)
        for v in self.kunci:
            if f"nilai_{v.pk}" in self.data or f"daftar_desa_{v.pk}" in self.data:
                self.add_error(
                    None, f"{nama_bulan}: “{v.nama}” sudah diverifikasi dan terkunci; nilainya tidak dapat diubah."
                )
        for i in self.catatan_kunci:
            if f"kendala_{i.pk}" in self.data or f"tindak_lanjut_{i.pk}" in self.data:
                self.add_error(None, f"Catatan “{i.nama}” bulan {nama_bulan} sudah terkunci.")
        nilai = {}
        self.centang, self.bukti_desa = {}, {}
        for v, r in self.ubah:
            if self.per_desa(v):
                self._bersihkan_desa(v, nilai, data)
                continue
            kunci = f"nilai_{v.pk}"
            if kunci in self.errors or kunci not in self.data:
                continue  # a field not sent at all is left as it is
            try:
                n = bersihkan_hitungan(data.get(kunci), desimal=v.desimal)
            except ValidationError as e:
                self.add_error(kunci, e)
                continue
            if n is None:
                if r is not None:
                    self.add_error(kunci, f"Nilai tersimpan ({v.format_nilai(r.nilai)}) tidak dapat dikosongkan.")
                elif data.get("aksi") == "ajukan":
                    self.add_error(kunci, "Wajib diisi sebelum diajukan.")
                continue
            nilai[v.pk] = n
        # The saving path's ratio rule, told at the field typed: the numerator's, else the denominator's.
        ketik = [Perubahan(vid, self.bulan, n) for vid, n in nilai.items()]
        for t in periksa_rasio(
            ketik,
            semua=ketik,
            kini={},
            nilai_lain={(vid, self.bulan): n for vid, n in self.tersimpan.items()},
            pasangan=pasangan_per_variabel(self.rasio),
        ):
            pas, na, nb = t.rasio
            if t.perubahan.variabel_id == pas.pembilang:
                pesan = f"Tidak boleh lebih besar dari “{pas.nama_penyebut}” ({angka.format_nilai(nb)})."
            else:
                pesan = f"Tidak boleh lebih kecil dari “{pas.nama_pembilang}” ({angka.format_nilai(na)})."
            self.add_error(f"nilai_{t.perubahan.variabel_id}", pesan)
        self.nilai = nilai
        self.bukti = {}
        for v, _ in self.ubah:
            kunci = f"bukti-{v.pk}"
            for berkas in data.get(kunci) or []:
                try:
                    periksa = periksa_berkas(berkas.name, berkas)
                except BerkasDitolak as e:
                    self.add_error(kunci, f"“{berkas.name}” ditolak: {e.pesan} {PILIH_LAGI}")
                    continue
                self.bukti.setdefault(v.pk, []).append((berkas, periksa))
        return data

    def _bersihkan_desa(self, v, nilai: dict, data) -> None:
        """A per-desa checklist: its count goes into ``nilai``, the ticks into ``self.centang``."""
        kunci = f"daftar_desa_{v.pk}"
        if data.get(f"bukti_desa_{v.pk}"):
            self.bukti_desa[v.pk] = int(data[f"bukti_desa_{v.pk}"])
        if kunci not in self.data:
            return  # the checklist not sent at all is left as it is
        dicentang, tepat = self.data.getlist(f"desa_{v.pk}"), set(self.data.getlist(f"tepat_{v.pk}"))
        if any(not (t.isascii() and t.isdigit() and len(t) < 12) for t in dicentang):
            self.add_error(kunci, "Data desa tidak sah. Muat ulang halaman.")
            return
        centang = {int(t): t in tepat for t in dicentang}
        for pesan in desa_mod.periksa_centang(
            v, centang, ditawarkan=self.desa_ditawarkan, konstanta=self.konstanta, bulan=self.bulan
        ):
            self.add_error(kunci, pesan)
        if kunci in self.errors:
            return
        nilai[v.pk] = Decimal(len(centang))
        self.centang[v.pk] = centang

    def perubahan(self) -> list[Perubahan]:
        return [
            Perubahan(v.pk, self.bulan, self.nilai[v.pk], self.cleaned_data.get(f"versi_{v.pk}") or 0)
            for v, _ in self.ubah
            if v.pk in self.nilai
        ]

    def perubahan_catatan(self) -> list[PerubahanCatatan]:
        return [
            PerubahanCatatan(
                indikator_id=i.pk,
                kendala=self.cleaned_data[f"kendala_{i.pk}"].strip(),
                tindak_lanjut=self.cleaned_data[f"tindak_lanjut_{i.pk}"].strip(),
                versi=self.cleaned_data.get(f"versi_catatan_{i.pk}") or 0,
            )
            for i, _ in self.catatan
            # Notes not sent at all are left as they are (never emptied by omission).
            if f"kendala_{i.pk}" in self.data or f"tindak_lanjut_{i.pk}" in self.data
        ]

    def daftar_kesalahan(self) -> list[str]:
        """Every error for the top of the page, each prefixed with its field's label."""
        hasil = list(self.non_field_errors())
        for nama, kesalahan in self.errors.items():
            if nama == "__all__":
                continue
            label = (self.fields[nama].label if nama in self.fields else None) or nama
            if nama.startswith(("kendala_", "tindak_lanjut_")):
                i = next((i for i, _ in self.catatan if nama.endswith(f"_{i.pk}")), None)
                label = f"{label} “{i.nama}”" if i else label
            if nama.startswith("versi"):
                label = "Versi data"
            if nama.startswith("daftar_desa_"):
                hasil += list(kesalahan)  # the message names the month and variable itself
                continue
            hasil += [f"{label}: {k}" for k in kesalahan]
        return hasil


class FormKembalikan(forms.Form):
    catatan = forms.CharField(
        label="Catatan untuk pengisi",
        max_length=CATATAN_MAKS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Catatan wajib diisi saat mengembalikan: tuliskan apa yang perlu diperbaiki."},
    )
    versi = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_versi(self):
        return _urai_versi(self.cleaned_data["versi"])


class FormSetujui(forms.Form):
    versi = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_versi(self):
        return _urai_versi(self.cleaned_data["versi"])


def _urai_versi(teks: str) -> dict[int, int] | None:
    """``"12:3,13:1"`` (realisasi id : versi shown) → ``{12: 3, 13: 1}``; empty → None."""
    teks = (teks or "").strip()
    if not teks:
        return None
    hasil = {}
    for bagian in teks.split(","):
        pk, _, versi = bagian.partition(":")
        if not (pk.isascii() and pk.isdigit() and versi.isascii() and versi.isdigit()) or len(pk + versi) > 30:
            raise ValidationError("Data halaman tidak sah. Muat ulang halaman.")
        hasil[int(pk)] = int(versi)
    return hasil


def tulis_versi(baris) -> str:
    return ",".join(f"{r.pk}:{r.versi}" for r in baris)


class FormBukaKunci(forms.Form):
    alasan = forms.CharField(
        label="Alasan membuka kunci",
        max_length=CATATAN_MAKS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Alasan membuka kunci wajib diisi."},
    )
