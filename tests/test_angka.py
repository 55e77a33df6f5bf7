"""Numbers are what the user typed, in every form of the app and the admin.

Chromium's ``type=number`` input turns a typed ``92,5`` into ``925`` before the server sees it; the
admin saved a target of 92,5 as 925 and a TPP deduction of 0,5 % as 5 %. Every number field is a
text field read by one parser (``perhitungan.parse_angka``): Indonesian ``92,5``, ``1.250,75``,
``1.250`` and the plain ``92.5`` each have one reading; anything else is refused with a message.
"""

import importlib
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

import iki
from iki.models import AturanPotongan, Indikator, PengaturanPresensi, Pengguna, Target
from iki.umum.forms import AngkaField, BilanganField

pytestmark = pytest.mark.django_db

D = Decimal

# What a person types → what is stored; None = refused with a message.
TABEL_DESIMAL = [
    ("92,5", D("92.5")),
    ("92.5", D("92.5")),
    ("0,5", D("0.5")),
    ("0.5", D("0.5")),
    ("1.250,75", D("1250.75")),
    ("1.250", D(1250)),
    ("1250", D(1250)),
    (" 95 ", D(95)),
    ("1,250.75", None),  # English grouping: two readings
    ("1.2.3", None),
    ("92,5%", None),
    ("abc", None),
    ("1e3", None),
    ("=1+1", None),
]
TABEL_BULAT = [
    ("2023", 2023),
    ("1.250", 1250),
    ("12", 12),
    ("12,5", None),
    ("12.5", None),
    ("abc", None),
]


@pytest.mark.parametrize(("teks", "hasil"), TABEL_DESIMAL)
def test_decimal_field_reads_what_was_typed(teks, hasil):
    field = AngkaField(max_digits=15, decimal_places=2)
    if hasil is None:
        with pytest.raises(ValidationError):
            field.clean(teks)
    else:
        assert field.clean(teks) == hasil


@pytest.mark.parametrize(("teks", "hasil"), TABEL_BULAT)
def test_whole_number_field_reads_what_was_typed(teks, hasil):
    field = BilanganField()
    if hasil is None:
        with pytest.raises(ValidationError, match="."):
            field.clean(teks)
    else:
        assert field.clean(teks) == hasil


def test_more_decimals_than_the_column_keeps_are_refused_not_rounded():
    with pytest.raises(ValidationError, match="2 angka desimal"):
        AngkaField(max_digits=5, decimal_places=2).clean("0,555")


@pytest.mark.parametrize(
    ("nilai", "tampil"), [(D("92.50"), "92,5"), (D("1250.75"), "1.250,75"), (D("95.00"), "95"), (D("0.00"), "0")]
)
def test_a_stored_decimal_is_shown_back_the_indonesian_way(nilai, tampil):
    assert AngkaField(max_digits=15, decimal_places=2).widget.format_value(nilai) == tampil


def test_a_stored_year_is_shown_without_a_thousands_dot():
    assert BilanganField().widget.format_value(2023) == "2023"


# --- Every number field of every form -----------------------------------------------------------


def _kelas_form_app():
    for info in pkgutil.walk_packages(iki.__path__, "iki."):
        if ".migrations" not in info.name and ".management" not in info.name:
            importlib.import_module(info.name)
    hasil, antre = [], [forms.BaseForm]
    while antre:
        kelas = antre.pop()
        antre.extend(kelas.__subclasses__())
        if kelas.__module__.startswith("iki.") and "base_fields" in dir(kelas):
            hasil.append(kelas)
    return sorted(set(hasil), key=lambda k: f"{k.__module__}.{k.__name__}")


def _angka_salah(kelas_form) -> list[str]:
    """Number fields of a form class that a browser or Django would read another way."""
    salah = []
    for nama, field in kelas_form.base_fields.items():
        if isinstance(field.widget, forms.HiddenInput) or isinstance(field, forms.TypedChoiceField):
            continue
        if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)) and not isinstance(
            field, (AngkaField, BilanganField)
        ):
            salah.append(f"{kelas_form.__module__}.{kelas_form.__name__}.{nama}: {type(field).__name__}")
        elif getattr(field.widget, "input_type", None) == "number":
            salah.append(f"{kelas_form.__module__}.{kelas_form.__name__}.{nama}: type=number")
    return salah


def test_the_app_has_forms_to_check():
    nama = {k.__name__ for k in _kelas_form_app()}
    assert {"FormAturan", "FormPengaturan", "FormRekapPegawai", "FormNomorTerakhir", "SalinForm"} <= nama


@pytest.mark.parametrize("kelas_form", _kelas_form_app(), ids=lambda k: f"{k.__module__}.{k.__name__}")
def test_every_number_field_of_the_app_reads_indonesian(kelas_form):
    assert _angka_salah(kelas_form) == []


def _form_admin():
    """Every admin form class and inline formset form, as the superuser gets them."""
    request = RequestFactory().get("/")
    request.user = Pengguna.objects.get(username="admin")
    for model, model_admin in admin.site._registry.items():
        yield model._meta.model_name, model_admin.get_form(request, None)
        for inline in model_admin.get_inline_instances(request, None):
            yield f"{model._meta.model_name}/{inline.model._meta.model_name}", inline.get_formset(request, None).form


def test_every_number_field_of_the_admin_reads_indonesian():
    salah, diperiksa = [], 0
    for nama, form in _form_admin():
        diperiksa += sum(
            1 for f in form.base_fields.values() if isinstance(f, (forms.IntegerField, forms.DecimalField))
        )
        salah += [f"{nama}: {s}" for s in _angka_salah(form)]
    assert diperiksa > 10
    assert salah == []


def test_no_model_number_field_is_missed_by_the_admin_override():
    """Every Decimal/Integer model field the admin shows gets the Indonesian field."""
    for nama, form in _form_admin():
        model = form._meta.model
        for field in model._meta.fields:
            if field.name in form.base_fields and isinstance(field, (models.DecimalField, models.IntegerField)):
                if not field.choices:
                    assert isinstance(form.base_fields[field.name], (AngkaField, BilanganField)), (nama, field.name)


# --- Through the screens: saved exactly, or refused with the reason ------------------------------


def _formulir_target(indikator, nilai):
    data = {
        f: getattr(indikator, f) for f in ("kode", "nama", "satuan", "polaritas", "jenis", "rumus", "sifat_target")
    }
    data |= {
        "tahun": indikator.tahun_id,
        "penjelasan": indikator.penjelasan,
        "sumber_data": indikator.sumber_data,
        "urutan": str(indikator.urutan),
        "target_maks": "",
        "variabel-TOTAL_FORMS": "0",
        "variabel-INITIAL_FORMS": "0",
        "target-TOTAL_FORMS": "1",
        "target-INITIAL_FORMS": "0",
        "target-0-periode": "tw1",
        "target-0-nilai": nilai,
    }
    for i, v in enumerate(indikator.variabel.all()):
        data |= {
            f"variabel-{i}-id": v.pk,
            f"variabel-{i}-indikator": indikator.pk,
            f"variabel-{i}-urutan": v.urutan,
            f"variabel-{i}-kode": v.kode,
            f"variabel-{i}-nama": v.nama,
            f"variabel-{i}-satuan": v.satuan,
            f"variabel-{i}-cara_gabung": v.cara_gabung,
            f"variabel-{i}-pengisi": v.pengisi_id or "",
        }
    data["variabel-TOTAL_FORMS"] = data["variabel-INITIAL_FORMS"] = str(indikator.variabel.count())
    return data


@pytest.mark.parametrize(("teks", "hasil"), [("92,5", D("92.5")), ("92.5", D("92.5")), ("1,25", D("1.25"))])
def test_a_target_typed_in_the_admin_is_saved_as_typed(masuk, dunia, teks, hasil):
    indikator = Indikator.objects.get(tahun=dunia.tahun_b, kode="surat")
    response = masuk("operator_b").post(
        reverse("admin:iki_indikator_change", args=[indikator.pk]), _formulir_target(indikator, teks)
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Target.objects.get(indikator=indikator, periode="tw1").nilai == hasil


@pytest.mark.parametrize(
    ("teks", "target_maks", "pesan"),
    [
        ("1.250", "", "paling besar 100"),  # a percent target of one thousand two hundred fifty
        ("150", "", "paling besar 100"),
        ("130", "120", "paling besar 120"),
        ("-1", "", "lebih besar dari atau sama dengan 0"),
        ("92,555", "", "2 angka desimal"),
    ],
)
def test_a_percent_target_out_of_range_is_refused_with_the_reason(masuk, dunia, teks, target_maks, pesan):
    indikator = Indikator.objects.get(tahun=dunia.tahun_b, kode="surat")
    data = _formulir_target(indikator, teks) | {"target_maks": target_maks}
    response = masuk("operator_b").post(reverse("admin:iki_indikator_change", args=[indikator.pk]), data)
    assert response.status_code == 200
    assert pesan in response.content.decode()
    assert not Target.objects.filter(indikator=indikator, periode="tw1").exists()


def test_a_stated_maximum_lets_a_percent_target_pass_100(masuk, dunia):
    indikator = Indikator.objects.get(tahun=dunia.tahun_b, kode="surat")
    data = _formulir_target(indikator, "110") | {"target_maks": "120"}
    response = masuk("operator_b").post(reverse("admin:iki_indikator_change", args=[indikator.pk]), data)
    assert response.status_code == 302
    assert Target.objects.get(indikator=indikator, periode="tw1").nilai == 110


@pytest.mark.parametrize(("teks", "hasil"), [("0,5", D("0.5")), ("0.5", D("0.5")), ("2,25", D("2.25"))])
def test_a_tpp_deduction_is_saved_as_typed(masuk, dunia, teks, hasil):
    client = masuk("operator_b")
    response = client.post(
        reverse("presensi_aturan", args=[dunia.unit_b.kode]),
        {"jenis": "tanpa_keterangan", "persen": teks, "dasar_hukum": "Perbup 1/2024"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert AturanPotongan.objects.get(unit=dunia.unit_b, jenis="tanpa_keterangan").persen == hasil


@pytest.mark.parametrize(
    ("teks", "pesan"), [("150", "lebih kecil dari atau sama dengan 100"), ("0,555", "2 angka desimal")]
)
def test_a_tpp_deduction_out_of_range_is_refused(masuk, dunia, teks, pesan):
    response = masuk("operator_b").post(
        reverse("presensi_aturan", args=[dunia.unit_b.kode]),
        {"jenis": "tanpa_keterangan", "persen": teks, "dasar_hukum": ""},
    )
    assert response.status_code == 200
    assert pesan in response.content.decode()
    assert not AturanPotongan.objects.filter(unit=dunia.unit_b).exists()


@pytest.mark.parametrize(("teks", "hasil"), [("30", D(30)), ("27,5", D("27.5")), ("", None), ("101", "refused")])
def test_the_monthly_cap_of_deductions_is_read_as_typed_and_checked(masuk, dunia, teks, hasil):
    response = masuk("operator_b").post(
        reverse("presensi_pengaturan", args=[dunia.unit_b.kode]),
        {
            "jam_masuk": "07:30",
            "jam_pulang": "16:00",
            "jam_pulang_jumat": "",
            "batas_potongan_persen": teks,
            "kode_klasifikasi": "800",
            "tempat_surat": "",
            "tujuan_surat": "",
            "tempat_tujuan": "",
        },
    )
    pengaturan = PengaturanPresensi.objects.filter(unit=dunia.unit_b).first()
    if hasil == "refused":
        assert response.status_code == 200
        assert "lebih kecil dari atau sama dengan 100" in response.content.decode()
        assert pengaturan is None
    else:
        assert response.status_code == 302, response.content.decode()[-2000:]
        assert pengaturan.batas_potongan_persen == hasil
