"""Django admin in Indonesian for the master data, scoped to the operator's unit.

A superuser sees every unit; an operator (is_staff, peran operator) sees and chooses only the
objects of their own unit, in lists, in dropdowns and in inlines.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.forms import TextInput
from django.forms.models import BaseInlineFormSet, ModelForm
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from iki.inti.rumus import RumusError
from iki.models import (
    BarisIKI,
    Desa,
    Indikator,
    Jabatan,
    Kabupaten,
    KategoriCapaian,
    Konstanta,
    Pegawai,
    Pengguna,
    Penugasan,
    PeriodeRenstra,
    Realisasi,
    Sasaran,
    TahunIKI,
    Target,
    UnitKerja,
    UraianJabatan,
    Variabel,
)
from iki.realisasi.desa import punya_data
from iki.set_iki.tahun import KunciTahunMixin
from iki.umum.akun import pastikan_grup_operator
from iki.umum.berkas import BerkasDitolak, periksa_logo
from iki.umum.forms import FORMFIELD_ANGKA, formfield_angka

# How each model reaches its unit kerja ("" = it is the unit).
LINTASAN_UNIT = {
    UnitKerja: "",
    PeriodeRenstra: "unit",
    TahunIKI: "unit",
    Konstanta: "tahun__unit",
    Jabatan: "tahun__unit",
    UraianJabatan: "jabatan__tahun__unit",
    Pegawai: "unit",
    Penugasan: "pegawai__unit",
    Sasaran: "tahun__unit",
    Indikator: "tahun__unit",
    Variabel: "indikator__tahun__unit",
    Target: "indikator__tahun__unit",
    BarisIKI: "jabatan__tahun__unit",
    Realisasi: "variabel__indikator__tahun__unit",
    Pengguna: "unit",
    Desa: "unit",
}


def dalam_unit(qs, user, model=None):
    """Limit a queryset to the user's unit, unless the user is a superuser.

    ``model`` is the model whose path to the unit applies, when ``qs`` is of its history
    (django-simple-history keeps the same fields, so the same path works there).
    """
    model = model or qs.model
    if user.is_superuser or model not in LINTASAN_UNIT:
        return qs
    lintasan = LINTASAN_UNIT[model]
    if user.unit_id is None:
        return qs.none()
    return qs.filter(**{(f"{lintasan}_id" if lintasan else model._meta.pk.attname): user.unit_id})


class AutocompleteAman(AutocompleteSelect):
    """Django's autocomplete shows a submitted value back by looking it up; a value that cannot
    be an id ("abc", 10**30) made that lookup crash the page instead of showing the form's error."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if str(v).isdigit() and int(v) < 2**63], attr)

    def build_attrs(self, base_attrs, extra_attrs=None):
        # select2 names its box by the text shown in it: with nothing chosen, a placeholder, so
        # that a screen reader announces something (axe: aria-input-field-name).
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-placeholder"] = f"Pilih {self.field.model._meta.verbose_name}"
        return attrs


class DalamUnitMixin:
    """Lists, dropdowns and inlines show only the operator's unit."""

    def get_queryset(self, request):
        return dalam_unit(super().get_queryset(request), request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another unit's object is simply not found, as everywhere else in the app.
        raise Http404(f"{opts.verbose_name.capitalize()} tidak ditemukan.")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", AutocompleteAman(db_field, self.admin_site, using=kwargs.get("using")))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = dalam_unit(field.queryset, request.user)
            if field.queryset.model is Jabatan:
                # Every year has its own jabatan of the same name: the choice shows the year.
                field.queryset = field.queryset.select_related("tahun").order_by("-tahun__tahun", "urutan", "id")
                field.label_from_instance = lambda j: f"{j.nama} ({j.tahun.tahun})"
        return field


class RiwayatHanyaLihatMixin:
    """History pages (django-simple-history) within the operator's unit, and only to look at.

    simple_history fetches a history page's object and versions outside ``get_queryset``; both
    are limited to the unit here (another unit's history is not found). Reverting is not offered
    at all: it would write an old version past every rule of the workflow (a verified month, a
    fixed year, the saving path of realisasi). A change is made again on the screen that checks it.
    """

    def _pk_atau_404(self, nilai):
        try:
            return self.model._meta.pk.to_python(unquote(nilai))
        except ValidationError:
            raise Http404("Riwayat tidak ditemukan.") from None

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        qs = super().get_history_queryset(request, history_manager, pk_name, self._pk_atau_404(object_id))
        return dalam_unit(qs, request.user, self.model)

    def history_view(self, request, object_id, extra_context=None):
        return super().history_view(request, str(self._pk_atau_404(object_id)), extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        riwayat = self.get_history_queryset(request, self.model.history, self.model._meta.pk.attname, object_id)
        if not version_id.isdigit() or not riwayat.filter(history_id=int(version_id)).exists():
            raise Http404("Riwayat tidak ditemukan.")
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET"], "Riwayat hanya untuk dilihat; versi lama tidak dapat dipulihkan.")
        request.riwayat_hanya_lihat = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def get_readonly_fields(self, request, obj=None):
        if getattr(request, "riwayat_hanya_lihat", False):
            return [f.name for f in self.model._meta.fields if not f.primary_key]
        return super().get_readonly_fields(request, obj)


class ScopedAdmin(RiwayatHanyaLihatMixin, KunciTahunMixin, DalamUnitMixin, SimpleHistoryAdmin):
    list_per_page = 50
    formfield_overrides = {
        # Names and formulas are long; the admin's default 20-character inputs hide them.
        models.CharField: {"widget": TextInput(attrs={"class": "vLargeTextField"})},
        **FORMFIELD_ANGKA,
    }


class BerlabelMixin:
    """A tabular inline's cells have only their column header above them, which a screen reader
    does not tie to the input: each input gets its column's name and row (axe: label, select-name)."""

    def get_formset(self, request, obj=None, **kwargs):
        dasar = super().get_formset(request, obj, **kwargs)

        class Berlabel(dasar):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                baris = "baru" if index is None else index + 1
                for nama, field in form.fields.items():
                    widget = field.widget
                    while hasattr(widget, "widget"):  # the admin's wrapper (add/change links) renders its inner widget
                        widget = widget.widget
                    if not widget.is_hidden:
                        widget.attrs["aria-label"] = f"{field.label or nama} (baris {baris})"

        Berlabel.__name__ = dasar.__name__
        return Berlabel


class ScopedInline(BerlabelMixin, KunciTahunMixin, DalamUnitMixin, admin.TabularInline):
    extra = 0
    formfield_overrides = FORMFIELD_ANGKA


# --- Kabupaten and unit ---------------------------------------------------------------


class KategoriCapaianInline(BerlabelMixin, admin.TabularInline):
    model = KategoriCapaian
    extra = 0
    formfield_overrides = FORMFIELD_ANGKA


@admin.register(Kabupaten)
class KabupatenAdmin(admin.ModelAdmin):
    formfield_overrides = FORMFIELD_ANGKA
    list_display = ["nama", "kode", "batas_tampil_capaian"]
    search_fields = ["nama", "kode"]
    inlines = [KategoriCapaianInline]


class PeriodeRenstraInline(ScopedInline):
    model = PeriodeRenstra


class UnitKerjaForm(forms.ModelForm):
    """The logo is checked by its content (``periksa_logo``): a PNG or JPEG Pillow can read,
    at most 1 MB; anything else is refused with the reason."""

    # A plain file field: the model's ImageField would answer every refusal with one generic
    # message (and read an oversized file whole) before ``clean_logo`` could say why.
    logo = forms.FileField(
        label=UnitKerja._meta.get_field("logo").verbose_name,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=UnitKerja._meta.get_field("logo").help_text,
    )

    class Meta:
        model = UnitKerja
        fields = "__all__"  # noqa: DJ007 - the admin narrows it (read-only fields for an operator)
        formfield_callback = formfield_angka

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and isinstance(logo, UploadedFile):
            try:
                periksa_logo(logo)
            except BerkasDitolak as e:
                raise forms.ValidationError(e.pesan) from None
            logo.seek(0)
        return logo


@admin.register(UnitKerja)
class UnitKerjaAdmin(ScopedAdmin):
    form = UnitKerjaForm
    list_display = ["nama", "kode", "kabupaten", "jenis", "kode_surat"]
    list_filter = ["kabupaten", "jenis"]
    search_fields = ["nama", "kode", "nama_wilayah"]
    inlines = [PeriodeRenstraInline]

    def get_readonly_fields(self, request, obj=None):
        # An operator keeps their unit's facts up to date but cannot move it or rename its code.
        return [] if request.user.is_superuser else ["nama_kabupaten", "kode"]

    def get_fields(self, request, obj=None):
        # The kabupaten as plain text for an operator: a read-only foreign key would link to the
        # kabupaten's admin page, which only a superuser may open.
        fields = super().get_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return ["nama_kabupaten" if f == "kabupaten" else f for f in fields if f != "nama_kabupaten"]

    @admin.display(description="kabupaten")
    def nama_kabupaten(self, obj):
        return obj.kabupaten.nama if obj and obj.kabupaten_id else "–"


# --- Year -------------------------------------------------------------------------------


class KonstantaInline(ScopedInline):
    model = Konstanta


@admin.register(TahunIKI)
class TahunIKIAdmin(ScopedAdmin):
    list_display = ["unit", "tahun", "renstra", "status", "nomor_keputusan", "data_contoh"]
    list_filter = ["status", "tahun", "unit__kabupaten", "data_contoh"]
    search_fields = ["unit__nama", "nomor_keputusan"]
    inlines = [KonstantaInline]
    # Draf/ditetapkan changes only on the Dokumen page (penetapan, or a recorded revision).
    readonly_fields = ["status"]


@admin.register(Konstanta)
class KonstantaAdmin(ScopedAdmin):
    list_display = ["nama", "kode", "nilai", "satuan", "tahun"]
    list_filter = ["tahun__tahun", "tahun__unit"]
    search_fields = ["nama", "kode"]


# --- Jabatan, pegawai ---------------------------------------------------------------------


class UraianJabatanInline(ScopedInline):
    model = UraianJabatan
    fields = ["jenis", "urutan", "teks"]


class BarisIKIInline(ScopedInline):
    model = BarisIKI
    fields = ["urutan", "sasaran", "indikator", "teks_indikator", "sumber_data"]
    autocomplete_fields = ["sasaran", "indikator"]


class PenugasanInline(ScopedInline):
    model = Penugasan
    fields = ["pegawai", "jenis", "mulai", "selesai"]
    autocomplete_fields = ["pegawai"]


@admin.register(Jabatan)
class JabatanAdmin(ScopedAdmin):
    list_display = ["nama", "tahun", "atasan", "urutan", "jumlah_baris"]
    list_filter = ["tahun__tahun", "tahun__unit"]
    search_fields = ["nama", "kode"]
    inlines = [UraianJabatanInline, PenugasanInline, BarisIKIInline]

    @admin.display(description="baris IKI")
    def jumlah_baris(self, obj):
        return obj.baris.count()


class PenugasanPegawaiInline(ScopedInline):
    model = Penugasan
    fields = ["jabatan", "jenis", "mulai", "selesai"]


@admin.register(Pegawai)
class PegawaiAdmin(ScopedAdmin):
    list_display = ["nama", "nip", "pangkat_golongan", "unit"]
    list_filter = ["unit"]
    search_fields = ["nama", "nip"]
    inlines = [PenugasanPegawaiInline]


@admin.register(Penugasan)
class PenugasanAdmin(ScopedAdmin):
    list_display = ["jabatan", "pegawai", "jenis", "mulai", "selesai"]
    list_filter = ["jenis", "jabatan__tahun__tahun"]
    search_fields = ["pegawai__nama", "pegawai__nip", "jabatan__nama"]


# --- Sasaran, indikator --------------------------------------------------------------------


@admin.register(Sasaran)
class SasaranAdmin(ScopedAdmin):
    list_display = ["teks", "tahun"]
    list_filter = ["tahun__tahun", "tahun__unit"]
    search_fields = ["teks"]


class VariabelFormSet(BaseInlineFormSet):
    """Checks the indicator's formula against the variables as they are being saved.

    The indicator form alone cannot: a new variable and the formula using it arrive together.
    """

    def clean(self):
        super().clean()
        indikator = self.instance
        if indikator.jenis == Indikator.SURVEI or not indikator.rumus or not indikator.tahun_id:
            return
        kode = [
            f.cleaned_data["kode"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("kode")
        ]
        try:
            indikator.periksa_rumus(kode)
        except RumusError as e:
            raise ValidationError(f"Rumus indikator tidak sah: {e}") from None


class VariabelForm(ModelForm):
    def clean_desimal(self):
        # Left empty: a count (0), as in the IKI-set workbook.
        desimal = self.cleaned_data.get("desimal")
        return 0 if desimal is None else desimal


class VariabelInline(ScopedInline):
    model = Variabel
    form = VariabelForm
    formset = VariabelFormSet
    fields = ["urutan", "kode", "nama", "satuan", "cara_gabung", "pengisi", "desimal", "per_desa"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "desimal":
            field.required = False
        return field


class TargetInline(ScopedInline):
    model = Target
    fields = ["periode", "nilai"]


@admin.register(Indikator)
class IndikatorAdmin(ScopedAdmin):
    list_display = ["nama", "satuan", "polaritas", "jenis", "rumus", "tahun"]
    list_filter = ["jenis", "polaritas", "tahun__tahun", "tahun__unit"]
    search_fields = ["nama", "kode", "sumber_data"]
    readonly_fields = ["rumus_tercetak"]
    inlines = [VariabelInline, TargetInline]

    @admin.display(description="penjelasan/formulasi tercetak")
    def rumus_tercetak(self, obj):
        return obj.rumus_dalam_kata() if obj.pk else "—"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "asal" and field is not None:
            # Within the unit (DalamUnitMixin); the year shown, Indikator.periksa_asal refuses any
            # but the previous one.
            field.queryset = field.queryset.select_related("tahun").order_by("-tahun__tahun", "urutan", "id")
            field.label_from_instance = lambda i: f"{i.kode} · {i.nama} ({i.tahun.tahun})"
        return field


@admin.register(Desa)
class DesaAdmin(ScopedAdmin):
    """The unit's desa for per-desa indicators. A desa with data is never deleted: it is made
    inactive from a date (``nonaktif_sejak``), its history stays (iki/realisasi/desa.py)."""

    list_display = ["nama", "urutan", "nonaktif_sejak", "data_contoh", "unit"]
    list_filter = ["unit"]
    search_fields = ["nama"]
    fields = ["unit", "nama", "urutan", "nonaktif_sejak", "data_contoh"]
    ordering = ["unit", "urutan", "nama"]

    @staticmethod
    def pesan_ada_data(desa) -> str:
        return (
            f"Desa “{desa.nama}” sudah memiliki data realisasi atau bukti dukung, sehingga tidak dapat dihapus. "
            "Isi “tidak aktif sejak” agar desa ini tidak ditawarkan lagi mulai tanggal itu; datanya yang lama "
            "tetap tersimpan."
        )

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and punya_data(obj):
            self.message_user(request, self.pesan_ada_data(obj), messages.ERROR)
            return redirect(reverse("admin:iki_desa_change", args=[obj.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset):
        ada = [d for d in queryset if punya_data(d)]
        if ada:
            raise PermissionDenied(" ".join(self.pesan_ada_data(d) for d in ada))
        super().delete_queryset(request, queryset)


@admin.register(BarisIKI)
class BarisIKIAdmin(ScopedAdmin):
    list_display = ["jabatan", "urutan", "sasaran", "nama_indikator", "sumber_data"]
    list_filter = ["jabatan__tahun__tahun", "jabatan"]
    search_fields = ["indikator__nama", "teks_indikator", "sasaran__teks"]
    autocomplete_fields = ["sasaran", "indikator"]


@admin.register(Realisasi)
class RealisasiAdmin(ScopedAdmin):
    """Shown, never written, for every user: a monthly value changes only through the saving path
    and the verification workflow (iki.realisasi.simpan, iki.realisasi.alur), which check rights, the lock,
    versions and numerator ≤ denominator and keep the history."""

    list_display = ["variabel", "bulan", "nilai", "status", "diisi_oleh", "diperbarui"]
    list_filter = ["status", "bulan", "variabel__indikator__tahun__tahun"]
    search_fields = ["variabel__nama", "variabel__indikator__nama"]
    readonly_fields = ["versi", "diperbarui"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Accounts -----------------------------------------------------------------------------------


@admin.register(Pengguna)
class PenggunaAdmin(DalamUnitMixin, UserAdmin):
    formfield_overrides = FORMFIELD_ANGKA
    list_display = ["username", "first_name", "peran", "unit", "kabupaten", "is_active"]
    list_filter = ["peran", "unit", "is_active"]
    # Written by the login itself, never typed (their split date/time inputs had no labels either).
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = UserAdmin.fieldsets + (("Peran dan unit kerja", {"fields": ["peran", "unit", "kabupaten", "pegawai"]}),)
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Peran dan unit kerja", {"fields": ["peran", "unit", "kabupaten", "pegawai"]}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # An operator manages the people of their unit, never superuser rights.
        hasil = []
        for nama, opsi in fieldsets:
            fields = [f for f in opsi["fields"] if f not in ("is_superuser", "groups", "user_permissions")]
            hasil.append((nama, {**opsi, "fields": fields}))
        return hasil

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            # Whatever the form said, an operator's users stay in the operator's unit.
            obj.unit_id = request.user.unit_id
            obj.kabupaten = None
            obj.is_superuser = False
        obj.is_staff = obj.is_superuser or obj.peran == Pengguna.OPERATOR
        super().save_model(request, obj, form, change)
        if obj.peran == Pengguna.OPERATOR:
            obj.groups.add(pastikan_grup_operator())
