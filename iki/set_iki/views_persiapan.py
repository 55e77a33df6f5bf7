"""Persiapan tahun: the operator's checklist of a unit's year (the steps: iki.set_iki.persiapan),
and the creation of a year, empty or copied from an earlier one.

The operator of the unit reads and writes, the camat reads; another unit is not found (404).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from iki.models import TahunIKI
from iki.set_iki import persiapan as daftar_periksa
from iki.set_iki import tahun as kelola
from iki.umum import akses
from iki.umum.forms import BilanganField

KOSONG = "kosong"


class BuatTahunForm(forms.Form):
    tahun = BilanganField(label="Tahun baru", min_value=2000, max_value=2100)
    sumber = forms.ChoiceField(label="Isi awal", help_text="Salinan membawa jabatan, sasaran, indikator dan rumus; "
                               "target, penugasan dan realisasi tidak ikut disalin.")

    def __init__(self, *args, tahun_ada: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sumber"].choices = [(KOSONG, "Kosong")] + [
            (str(t), f"Salin dari IKI {t}") for t in sorted(tahun_ada, reverse=True)
        ]


def _ringkas(langkah) -> dict:
    return {
        "selesai": sum(lk.selesai for lk in langkah),
        "jumlah": len(langkah),
        "wajib_kurang": [lk for lk in langkah if lk.sifat == daftar_periksa.PENETAPAN and not lk.selesai],
    }


@require_GET
@akses.untuk("persiapan")
def persiapan_terkini(request):
    user = request.user
    if user.unit_id is None:
        return redirect("daftar_unit")
    tahun = TahunIKI.objects.terkini(user.unit)
    if tahun is None:
        return redirect("set_iki_persiapan_unit", kode=user.unit.kode)
    return redirect("set_iki_persiapan", kode=user.unit.kode, tahun=tahun.tahun)


@require_http_methods(["GET", "POST"])
@akses.untuk("persiapan")
def persiapan_unit(request, kode: str):
    """A unit's years, and the form that creates the next one (empty or copied)."""
    unit = akses.unit_atau_404(request.user, kode)
    tahun_ada = list(TahunIKI.objects.for_unit(unit).order_by("tahun").values_list("tahun", flat=True))
    awal = {"tahun": (max(tahun_ada) + 1) if tahun_ada else timezone.localdate().year,
            "sumber": str(max(tahun_ada)) if tahun_ada else KOSONG}
    form = BuatTahunForm(request.POST or None, tahun_ada=tahun_ada, initial=awal)
    if request.method == "POST":
        if not akses.boleh(request.user, "persiapan", tulis=True):
            raise PermissionDenied("Hanya operator yang dapat membuat tahun IKI.")
        if form.is_valid():
            tahun, sumber = form.cleaned_data["tahun"], form.cleaned_data["sumber"]
            try:
                if sumber == KOSONG:
                    baru = kelola.buat_tahun(unit, tahun=tahun)
                    pesan = f"IKI tahun {tahun} dibuat kosong. Ikuti langkah-langkah di bawah."
                else:
                    asal = TahunIKI.objects.get(unit=unit, tahun=int(sumber))
                    baru = kelola.salin_tahun(asal, ke_tahun=tahun, user=request.user)
                    pesan = (f"IKI {sumber} disalin ke {tahun}. Isi target, tugaskan pegawai pada jabatannya, "
                             "lalu periksa langkah-langkah di bawah.")
            except ValidationError as e:
                form.add_error("tahun", e)
            else:
                messages.success(request, pesan)
                return redirect("set_iki_persiapan", kode=unit.kode, tahun=baru.tahun)
    konteks = {
        "unit": unit,
        "form": form,
        "tahun_ada": tahun_ada,
        "langkah": daftar_periksa.periksa_unit(unit) if not tahun_ada else None,
        "boleh_ubah": akses.boleh(request.user, "persiapan", tulis=True),
    }
    return render(request, "iki/persiapan/unit.html", konteks)


@require_GET
@akses.untuk("persiapan")
def persiapan(request, kode: str, tahun: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    langkah = daftar_periksa.periksa(tahun_iki)
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "langkah": langkah,
        "ringkas": _ringkas(langkah),
        "sifat": daftar_periksa.LABEL_SIFAT,
        "tahun_lain": list(TahunIKI.objects.for_unit(tahun_iki.unit).order_by("tahun").values_list("tahun", flat=True)),
        "boleh_ubah": akses.boleh(request.user, "persiapan", tulis=True),
    }
    return render(request, "iki/persiapan/tahun.html", konteks)
