"""The targets grid of a year (/iki/<unit>/<tahun>/target/): every indicator × (Tahunan, TW I–IV).

The operator writes; the camat, verifikator and pemantau read (``LAYAR["target"]``). Reading and
saving are ``iki.set_iki.target``'s; this module only turns the POST into numbers (``AngkaField``)
and the result into a page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from iki.set_iki import tahun as kelola
from iki.set_iki import target as logika
from iki.umum import akses
from iki.umum.forms import AngkaField


def _nama(pk: int, kode: str) -> str:
    return f"t{pk}_{kode}"


class GridTargetForm(forms.Form):
    """One ``AngkaField`` per cell (``t<pk>_<kode>``) and the row's version read (``v<pk>``)."""

    alasan = forms.CharField(
        label="Alasan perubahan (dicatat di riwayat)", max_length=200, required=False,
        widget=forms.TextInput(attrs={"placeholder": "Misalnya: target TW disesuaikan dengan Renstra"}),
    )

    def __init__(self, *args, kelompok: list[logika.KelompokTarget], **kwargs):
        super().__init__(*args, **kwargs)
        self.kelompok = kelompok
        for k in kelompok:
            for b in k.baris:
                pk = b.indikator.pk
                for kode, label in logika.KOLOM:
                    self.fields[_nama(pk, kode)] = AngkaField(
                        label=f"{label} {b.indikator.nama}",
                        required=False,
                        min_value=0,
                        max_digits=15,
                        decimal_places=2,
                        initial=b.nilai[kode],
                        error_messages={
                            "min_value": "Target tidak boleh negatif.",
                            "max_decimal_places": "Paling banyak 2 angka di belakang koma.",
                        },
                    )
                    self.fields[_nama(pk, kode)].widget.attrs.update(
                        {"class": "form-control form-control-sm text-end", "aria-label": f"Target {label}"}
                    )
                self.fields[f"v{pk}"] = forms.CharField(widget=forms.HiddenInput, initial=b.versi, required=False)

    def clean(self):
        data = super().clean()
        for k in self.kelompok:
            for b in k.baris:
                for kode, _ in logika.KOLOM:
                    nama = _nama(b.indikator.pk, kode)
                    nilai = data.get(nama)
                    if nilai is not None and (masalah := b.indikator.periksa_target(nilai)):
                        self.add_error(nama, masalah)
        return data

    def isian(self) -> tuple[dict, dict]:
        isian = {
            b.indikator.pk: {kode: self.cleaned_data.get(_nama(b.indikator.pk, kode)) for kode, _ in logika.KOLOM}
            for k in self.kelompok
            for b in k.baris
        }
        versi = {pk: self.cleaned_data.get(f"v{pk}") or "" for pk in isian}
        return isian, versi


def _tampilan(form: GridTargetForm, pesan_baris: dict[int, str]) -> list[dict]:
    """The grid as the template prints it: groups, rows, cells (bound field and its message)."""
    hasil = []
    nomor = 0
    for k in form.kelompok:
        baris = []
        for b in k.baris:
            nomor += 1
            pk = b.indikator.pk
            baris.append({
                "nomor": nomor,
                "indikator": b.indikator,
                "nilai": b.nilai,
                "sel": [(kode, form[_nama(pk, kode)]) for kode, _ in logika.KOLOM],
                "teks_nilai": [(kode, b.nilai[kode]) for kode, _ in logika.KOLOM],
                "versi": form[f"v{pk}"],
                "pesan": pesan_baris.get(pk, ""),
            })
        hasil.append({"sasaran": k.sasaran, "baris": baris})
    return hasil


@require_http_methods(["GET", "POST"])
@akses.untuk("target")
def target_tahun(request, kode: str, tahun: int):
    """Every indicator's annual and quarterly targets on one screen; the operator saves them whole."""
    akses.tahun_sah_atau_404(tahun)
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    boleh_ubah = akses.boleh(request.user, "target", tulis=True)
    terkunci = kelola.terkunci(tahun_iki)
    kelompok = logika.grid_target(tahun_iki)
    pesan_baris: dict[int, str] = {}
    status = 200
    if request.method == "POST":
        if not boleh_ubah:
            raise PermissionDenied("Hanya operator yang dapat mengubah target.")
        form = GridTargetForm(request.POST, kelompok=kelompok)
        if form.is_valid():
            isian, versi = form.isian()
            try:
                jumlah = logika.simpan_target(
                    tahun_iki=tahun_iki, isian=isian, versi_dibaca=versi, oleh=request.user,
                    alasan=form.cleaned_data.get("alasan") or "",
                )
            except logika.TargetDitolak as e:
                for (pk, kolom), pesan in e.sel.items():
                    form.add_error(_nama(pk, kolom), pesan)
                pesan_baris = e.baris
                if e.umum:
                    form.add_error(None, e.umum)
                # The rows read now carry today's versions: saving again after seeing the
                # current values is a deliberate overwrite.
                data = request.POST.copy()
                for k in logika.grid_target(tahun_iki):
                    for b in k.baris:
                        if b.indikator.pk in pesan_baris:
                            data[f"v{b.indikator.pk}"] = b.versi
                form.data = data
            else:
                if jumlah:
                    messages.success(request, f"{jumlah} target disimpan.")
                else:
                    messages.info(request, "Tidak ada target yang berubah.")
                return redirect("set_iki_target", kode=tahun_iki.unit.kode, tahun=tahun_iki.tahun)
        status = 400
        messages.error(request, "Target tidak disimpan: perbaiki isian yang ditandai, tidak ada yang berubah.")
    else:
        form = GridTargetForm(kelompok=kelompok)
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "form": form,
        "kolom": logika.KOLOM,
        "kelompok": _tampilan(form, pesan_baris),
        "boleh_ubah": boleh_ubah and not terkunci,
        "terkunci": terkunci,
        "riwayat": logika.riwayat_target(tahun_iki),
    }
    return render(request, "iki/target.html", konteks, status=status)
