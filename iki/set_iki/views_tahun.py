"""The working year: the operator declares which year every role's screens open on
("Jadikan tahun kerja"), after a confirmation that names what is still open in the old year."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from iki.models import TahunIKI
from iki.set_iki import tahun as kelola
from iki.umum import akses


class TahunKerjaForm(forms.Form):
    # The working year the operator saw when confirming (empty: none yet), so that a change
    # made meanwhile by someone else is not silently overruled.
    dari_tahun = forms.IntegerField(required=False, widget=forms.HiddenInput)


@require_http_methods(["GET", "POST"])
@akses.untuk("tahun_kerja", tulis=True)
def tahun_kerja(request, kode: str, tahun: int):
    akses.tahun_sah_atau_404(tahun)
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    sekarang: TahunIKI | None = TahunIKI.objects.terkini(tahun_iki.unit)
    form = TahunKerjaForm(request.POST or None, initial={"dari_tahun": sekarang.tahun if sekarang else None})
    if request.method == "POST" and form.is_valid():
        try:
            lama = kelola.jadikan_tahun_kerja(
                tahun_iki, user=request.user, dari_tahun=form.cleaned_data["dari_tahun"]
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            form = TahunKerjaForm(initial={"dari_tahun": sekarang.tahun if sekarang else None})
        else:
            messages.success(
                request, f"Tahun {tahun_iki.tahun} sekarang tahun kerja: semua layar unit ini dibuka pada tahun itu."
            )
            terbuka = kelola.pekerjaan_terbuka(lama, hari_ini=timezone.localdate()) if lama else None
            if terbuka:
                messages.warning(
                    request,
                    f"{terbuka.teks()} Pekerjaan itu tetap dapat diselesaikan dengan memilih tahun {lama.tahun} "
                    "pada pilihan tahun.",
                )
            return redirect("dokumen_pratinjau", kode=tahun_iki.unit.kode, tahun=tahun_iki.tahun)
    terbuka = None
    if sekarang is not None and sekarang.pk != tahun_iki.pk:
        terbuka = kelola.pekerjaan_terbuka(sekarang, hari_ini=timezone.localdate())
    return render(
        request,
        "iki/dokumen/tahun_kerja.html",
        {"tahun_iki": tahun_iki, "unit": tahun_iki.unit, "sekarang": sekarang, "terbuka": terbuka, "form": form},
    )
