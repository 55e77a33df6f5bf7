"""One page per indicator for the operator (instead of the admin's two screens): the year's
indicators grouped by sasaran, one form with an indicator's fields and its variables, and the live
formula check the form's script asks while the operator types.

The rules stay in their homes: the formula in ``iki/inti/rumus.py`` (through
``Indikator.periksa_rumus``), the fields in ``Indikator.clean`` / ``Variabel.clean``, a fixed year in
``iki/set_iki/tahun.py``. This module only puts them on one page and saves in one transaction.
"""

import hashlib
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, ProtectedError
from django.forms import inlineformset_factory
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from iki.inti import angka
from iki.inti.rumus import Rumus, RumusError
from iki.models import BarisIKI, Indikator, Jabatan, Realisasi, TahunIKI, Target, Variabel
from iki.set_iki import tahun as kelola
from iki.umum import akses
from iki.umum.forms import formfield_angka

FIELD_INDIKATOR = [
    "kode", "nama", "satuan", "polaritas", "jenis", "rumus", "penjelasan", "sumber_data",
    "penanggung_jawab", "sifat_target", "target_maks", "target_renstra", "wajib_bukti", "asal",
]
FIELD_VARIABEL = ["kode", "nama", "satuan", "cara_gabung", "pengisi", "desimal", "per_desa", "urutan"]


# --- Forms ----------------------------------------------------------------------------------------


class IndikatorForm(forms.ModelForm):
    versi = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Indikator
        fields = FIELD_INDIKATOR
        formfield_callback = formfield_angka
        widgets = {
            "nama": forms.Textarea(attrs={"rows": 2}),
            "penjelasan": forms.Textarea(attrs={"rows": 2}),
            "rumus": forms.TextInput(
                attrs={"autocomplete": "off", "spellcheck": "false", "class": "font-monospace", "data-rumus": ""}
            ),
        }
        help_texts = {"rumus": "Contoh: ktp_tepat : ktp_usulan x 100 %. Kali: x × *, bagi: : ÷ /, % di akhir."}

    def __init__(self, *args, tahun_iki: TahunIKI, **kwargs):
        super().__init__(*args, **kwargs)
        self.tahun_iki = tahun_iki
        self.fields["penanggung_jawab"].queryset = Jabatan.objects.filter(tahun=tahun_iki)
        # The same indicator last year: only the previous year's of this unit can be chosen
        # (Indikator.periksa_asal refuses anything else, in the admin too).
        asal = self.fields["asal"]
        asal.queryset = Indikator.objects.filter(tahun__unit_id=tahun_iki.unit_id, tahun__tahun=tahun_iki.tahun - 1)
        asal.label_from_instance = lambda i: f"{i.kode} · {i.nama}"
        asal.empty_label = "(tidak ada / sama kodenya)"
        asal.error_messages["invalid_choice"] = f"Pilih indikator unit ini pada tahun {tahun_iki.tahun - 1}."
        asal.help_text = (
            f"Indikator yang sama pada tahun {tahun_iki.tahun - 1}, untuk kolom tahun lalu di dasbor dan laporan. "
            "Kosongkan bila kodenya sama dengan tahun lalu; pilih bila indikator diganti nama atau dipecah."
        )
        self.fields["rumus"].widget.attrs["aria-describedby"] = "rumus-periksa"

    def clean_kode(self):
        kode = self.cleaned_data["kode"]
        lain = Indikator.objects.filter(tahun=self.tahun_iki, kode=kode).exclude(pk=self.instance.pk)
        if lain.exists():
            raise forms.ValidationError(f"Kode indikator “{kode}” sudah dipakai pada tahun {self.tahun_iki.tahun}.")
        return kode


class VariabelForm(forms.ModelForm):
    class Meta:
        model = Variabel
        fields = FIELD_VARIABEL
        formfield_callback = formfield_angka
        labels = {"cara_gabung": "cara bulan digabung", "pengisi": "diisi oleh", "desimal": "desimal (0–2)"}


class VariabelFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, tahun_iki: TahunIKI, **kwargs):
        super().__init__(*args, **kwargs)
        jabatan = Jabatan.objects.filter(tahun=tahun_iki)
        for form in self.forms + [self.empty_form]:
            form.fields["pengisi"].queryset = jabatan

    def clean(self):
        # Before the formset's own unique check, which would only say "data ganda untuk kode".
        dipakai: dict[str, int] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            kode = data.get("kode")
            if kode:
                if kode in dipakai:
                    form.add_error("kode", f"Kode variabel “{kode}” dipakai dua kali pada indikator ini.")
                dipakai[kode] = 1
        for form in self.deleted_forms:
            if form.instance.pk and Realisasi.objects.filter(variabel=form.instance).exists():
                jumlah = Realisasi.objects.filter(variabel=form.instance).count()
                form.add_error(
                    None,
                    f"Variabel “{form.instance.kode}” sudah punya realisasi ({jumlah} bulan) sehingga tidak dapat "
                    "dihapus. Biarkan variabel ini; ubah nama atau rumusnya bila perlu.",
                )
        if not any(f.errors for f in self.forms):
            super().clean()

    def kode_aktif(self) -> list[str]:
        return [
            f.cleaned_data["kode"]
            for f in self.forms
            if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("kode")
        ]


def _formset_kelas(extra: int):
    return inlineformset_factory(
        Indikator, Variabel, form=VariabelForm, formset=VariabelFormSet, fields=FIELD_VARIABEL,
        extra=extra, can_delete=True, max_num=50, validate_max=True,
    )


# --- Helpers --------------------------------------------------------------------------------------


def versi(indikator: Indikator) -> str:
    """A fingerprint of the indicator and its variables as stored: read with the form, compared on
    save, so a change someone saved meanwhile is not overwritten."""
    def nilai(obj, fields):
        return [getattr(obj, obj._meta.get_field(f).attname) for f in fields]

    baris = [repr(nilai(indikator, FIELD_INDIKATOR))]
    for v in Variabel.objects.filter(indikator=indikator).order_by("pk"):
        baris.append(repr([v.pk, *nilai(v, FIELD_VARIABEL)]))
    return hashlib.sha256("\n".join(baris).encode()).hexdigest()[:20]


def indikator_atau_404(tahun_iki: TahunIKI, pk: int) -> Indikator:
    """An indicator of this year (the year was fetched within the user's units: another unit's
    indicator is not found)."""
    return get_object_or_404(Indikator.objects.select_related("tahun__unit"), pk=pk, tahun=tahun_iki)


def _url_target(tahun_iki: TahunIKI, indikator: Indikator | None) -> str | None:
    """"Ubah target": the indicator's row on the targets grid."""
    if indikator is None or indikator.pk is None:
        return None
    return reverse("set_iki_target", args=[tahun_iki.unit.kode, tahun_iki.tahun]) + f"#indikator-{indikator.pk}"


def _target_tampil(target: dict[str, object]) -> list[tuple[str, str]]:
    return [
        (label, angka.format_ringkas(target[kode]) if kode in target else "–") for kode, label in Target.PERIODE_CHOICES
    ]


def _contoh(rumus: Rumus, kode_variabel: list[str], tahun_iki: TahunIKI) -> str:
    """A sample result: each variable 1, 2, 3 …, constants as stored, ``target`` 1."""
    nilai = dict(tahun_iki.nilai_konstanta())
    contoh = {}
    for i, kode in enumerate(k for k in kode_variabel if k in rumus.nama):
        contoh[kode] = nilai[kode] = i + 1
    if "target" in rumus.nama:
        contoh["target"] = nilai["target"] = 1
    hasil = rumus.hitung(nilai)
    isi = ", ".join(f"{k} = {v}" for k, v in contoh.items())
    teks = angka.format_ringkas(hasil) if hasil is not None else "tidak dapat dihitung"
    return f"Contoh: bila {isi}, hasilnya {teks}." if isi else f"Hasilnya {teks}."


# --- Views ----------------------------------------------------------------------------------------


@require_GET
@akses.untuk("indikator")
def daftar(request, kode: str, tahun: int):
    """The year's indicators grouped by sasaran, each with its formula, unit, targets, number of
    variables and the jabatan that carry it."""
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    indikator = list(
        Indikator.objects.filter(tahun=tahun_iki)
        .annotate(jumlah_variabel=Count("variabel"))
        .prefetch_related(
            Prefetch("target", queryset=Target.objects.order_by()),
            Prefetch(
                "baris",
                queryset=BarisIKI.objects.select_related("jabatan", "sasaran").order_by("jabatan__urutan", "urutan"),
            ),
        )
        .order_by("urutan", "id")
    )
    kelompok: dict[object, list] = defaultdict(list)
    urutan_sasaran = []
    for i in indikator:
        i.target_tampil = _target_tampil({t.periode: t.nilai for t in i.target.all()})
        baris = list(i.baris.all())
        i.jabatan_pemikul = list(dict.fromkeys(b.jabatan for b in baris))
        for s in dict.fromkeys(b.sasaran for b in baris) or [None]:
            if s not in kelompok:
                urutan_sasaran.append(s)
            kelompok[s].append(i)
    urutan_sasaran.sort(key=lambda s: (s is None, s.pk if s else 0))
    return render(request, "iki/indikator/daftar.html", {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "kelompok": [(s, kelompok[s]) for s in urutan_sasaran],
        "jumlah": len(indikator),
        "terkunci": kelola.terkunci(tahun_iki),
    })


@require_http_methods(["GET", "POST"])
@akses.untuk("indikator", tulis=True)
def baru(request, kode: str, tahun: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    return _halaman(request, tahun_iki, None)


@require_http_methods(["GET", "POST"])
@akses.untuk("indikator", tulis=True)
def ubah(request, kode: str, tahun: int, pk: int):
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    return _halaman(request, tahun_iki, indikator_atau_404(tahun_iki, pk))


def _halaman(request, tahun_iki: TahunIKI, indikator: Indikator | None):
    instance = indikator or Indikator(tahun=tahun_iki, urutan=_urutan_baru(tahun_iki))
    Formset = _formset_kelas(extra=1 if indikator else 2)
    terkunci = kelola.terkunci(tahun_iki)
    basi = None
    if request.method == "POST":
        form = IndikatorForm(request.POST, instance=instance, tahun_iki=tahun_iki)
        formset = Formset(request.POST, instance=instance, prefix="variabel", tahun_iki=tahun_iki)
        if terkunci:
            messages.error(request, kelola.PESAN_TERKUNCI.format(tahun=tahun_iki.tahun))
        else:
            hasil = _simpan(request, tahun_iki, indikator, form, formset)
            if hasil is not None and hasil is not False:
                messages.success(request, f"Indikator “{hasil.nama}” tersimpan.")
                return redirect("set_iki_indikator", kode=tahun_iki.unit.kode, tahun=tahun_iki.tahun, pk=hasil.pk)
            if hasil is False:  # someone saved meanwhile: show the current values, keep what was typed
                basi = _yang_diketik(form)
                indikator.refresh_from_db()
                form = IndikatorForm(instance=indikator, initial={"versi": versi(indikator)}, tahun_iki=tahun_iki)
                formset = Formset(instance=indikator, prefix="variabel", tahun_iki=tahun_iki)
    else:
        form = IndikatorForm(
            instance=instance, initial={"versi": versi(indikator)} if indikator else None, tahun_iki=tahun_iki
        )
        formset = Formset(instance=instance, prefix="variabel", tahun_iki=tahun_iki)
    konteks = {
        "tahun_iki": tahun_iki,
        "unit": tahun_iki.unit,
        "indikator": indikator,
        "form": form,
        "formset": formset,
        "terkunci": terkunci,
        "basi": basi,
        "url_target": _url_target(tahun_iki, indikator),
        "url_periksa": reverse("set_iki_rumus_periksa", args=[tahun_iki.unit.kode, tahun_iki.tahun]),
        "konstanta": list(tahun_iki.konstanta.all()),
    }
    if indikator is not None:
        konteks["target_tampil"] = _target_tampil({t.periode: t.nilai for t in indikator.target.all()})
        konteks["baris"] = list(
            indikator.baris.select_related("jabatan", "sasaran").order_by("jabatan__urutan", "urutan")
        )
        konteks["rumus_kata"] = indikator.rumus_dalam_kata()
    return render(request, "iki/indikator/form.html", konteks)


def _urutan_baru(tahun_iki: TahunIKI) -> int:
    terakhir = Indikator.objects.filter(tahun=tahun_iki).order_by("-urutan").values_list("urutan", flat=True).first()
    return (terakhir or 0) + 1


def _yang_diketik(form: IndikatorForm) -> list[tuple[str, str]]:
    return [(form.fields[f].label, form.data.get(f, "")) for f in FIELD_INDIKATOR if f in form.data]


def _periksa_rumus(form: IndikatorForm, formset: VariabelFormSet) -> None:
    """The formula against the variables of this very submit (a new one included) and the year's
    constants: ``Indikator.periksa_rumus``, the formula's one home."""
    ind = form.instance
    if "rumus" in form.errors or "jenis" in form.errors or ind.jenis == Indikator.SURVEI:
        return
    try:
        ind.periksa_rumus(formset.kode_aktif())
    except RumusError as e:
        form.add_error("rumus", str(e))


def _simpan(request, tahun_iki, indikator, form, formset):
    """The saved indicator; None when the input has errors (shown on the form); False when someone
    saved the indicator after this form was read."""
    sah = form.is_valid() & formset.is_valid()  # both, so every error shows at once
    _periksa_rumus(form, formset)
    if not sah or form.errors:
        return None
    try:
        with transaction.atomic():
            if indikator is not None:
                Indikator.objects.select_for_update().filter(pk=indikator.pk).first()
                tersimpan = Indikator.objects.get(pk=indikator.pk)
                if form.cleaned_data.get("versi") != versi(tersimpan):
                    messages.error(
                        request,
                        "Indikator ini sudah diubah orang lain sejak halaman ini dibuka. Nilai terkini ditampilkan "
                        "di bawah; perubahan Anda belum disimpan (lihat yang Anda ketik).",
                    )
                    return False
            kelola.pastikan_dapat_diubah(tahun_iki)
            obj = form.save(commit=False)
            obj.tahun = tahun_iki
            obj.full_clean()
            obj.save()
            formset.instance = obj
            variabel = formset.save(commit=False)
            for v in formset.deleted_objects:
                v.delete()
            for v in variabel:
                v.indikator = obj
                v.full_clean()
                v.save()
            return obj
    except ProtectedError:
        messages.error(request, "Variabel yang sudah punya realisasi tidak dapat dihapus. Tidak ada yang disimpan.")
    except kelola.TahunTerkunci as e:
        messages.error(request, e.messages[0])
    except ValidationError as e:  # a rule of the models that the forms could not see
        messages.error(request, "Tidak disimpan: " + " ".join(e.messages))
    return None


@require_GET
@akses.untuk("indikator")
def periksa_rumus(request, kode: str, tahun: int):
    """The live check: ``?rumus=…&variabel=a,b&jenis=…`` → ``{"ok": true, "kata", "contoh"}`` or
    ``{"ok": false, "pesan"}``, the same check as saving."""
    tahun_iki = akses.tahun_atau_404(request.user, kode, tahun)
    teks = request.GET.get("rumus", "")[:2000]
    kode_variabel = [k.strip() for k in request.GET.get("variabel", "").split(",") if k.strip()][:50]
    jenis = request.GET.get("jenis", Indikator.RUMUS)
    if jenis == Indikator.SURVEI:
        return JsonResponse({"ok": True, "kata": "", "contoh": "Indikator survei tidak memakai rumus."})
    if not teks.strip():
        return JsonResponse({"ok": False, "pesan": "Rumus wajib diisi untuk indikator yang dihitung dari variabel."})
    uji = Indikator(tahun=tahun_iki, jenis=jenis if jenis in dict(Indikator.JENIS_CHOICES) else Indikator.RUMUS,
                    rumus=teks, nama=request.GET.get("nama", "indikator"))
    try:
        rumus = uji.periksa_rumus(kode_variabel)
        if uji.jenis == Indikator.SELISIH and "target" not in rumus.nama:
            raise RumusError("Indikator jenis selisih harus memakai nama 'target' dalam rumusnya.")
    except RumusError as e:
        return JsonResponse({"ok": False, "pesan": str(e), "posisi": e.posisi})
    return JsonResponse({
        "ok": True,
        "kata": uji.rumus_dalam_kata(variabel=[], konstanta=list(tahun_iki.konstanta.all())),
        "contoh": _contoh(rumus, kode_variabel, tahun_iki),
    })
