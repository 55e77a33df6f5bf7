"""Form pieces every screen shares: the login form and the number fields.

Numbers are typed as text and read by one parser (``perhitungan.parse_angka``), never through
``type=number``: Chromium turns a typed ``92,5`` into ``925`` before the server sees it. Every number
field of the app and the admin is an ``AngkaField`` (decimals) or a ``BilanganField`` (whole
numbers); model forms get them from ``formfield_angka``, the admin from ``FORMFIELD_ANGKA``.
"""

import copy
import re
from decimal import Decimal

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import models

from iki.inti.angka import format_angka, parse_angka


class FormMasuk(AuthenticationForm):
    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah. Perhatikan huruf besar/kecil.",
        "inactive": "Akun ini tidak aktif. Hubungi operator unit Anda.",
    }


class AngkaInput(forms.TextInput):
    """A text box with the phone's number keypad; a stored number is shown the Indonesian way
    (``1.250,75``), what the person typed is shown back as typed."""

    def __init__(self, attrs=None, *, desimal: bool = True):
        self.desimal = desimal
        super().__init__({"inputmode": "decimal" if desimal else "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
            return super().format_value(value)
        if not self.desimal:
            return str(value)
        nilai = Decimal(value)
        desimal = max(0, -nilai.normalize().as_tuple().exponent) if nilai.is_finite() else 0
        return format_angka(nilai, desimal)


def _baca(value, pesan: str) -> Decimal:
    try:
        return parse_angka(str(value))
    except ValueError as e:
        raise ValidationError(f"{pesan} {e}. Contoh: 92,5 atau 1.250", code="invalid") from None


class AngkaField(forms.DecimalField):
    """A decimal typed as ``92,5``, ``1.250,75``, ``1.250`` or ``92.5``; the column's decimals and
    the model's range are checked, nothing is rounded."""

    widget = AngkaInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        return _baca(value, self.error_messages["invalid"])

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)  # no step/min/max: they belong to type=number


_BULAT = re.compile(r"-?[0-9]+", re.ASCII)


class BilanganField(forms.IntegerField):
    """A whole number typed as ``2023`` or ``1.250``; ``12,5`` is refused, never truncated."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", AngkaInput(desimal=False))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        teks = str(value).strip()
        if _BULAT.fullmatch(teks):
            return int(teks)  # any length: the range validators say what is too big
        nilai = _baca(teks, self.error_messages["invalid"])
        if nilai != nilai.to_integral_value():
            raise ValidationError(f"{self.error_messages['invalid']} Tanpa koma/desimal.", code="invalid")
        return int(nilai)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)


# For ModelAdmin.formfield_overrides: model number fields with their Indonesian form fields (the
# widget too, or the admin's own type=number widgets would stay).
FORMFIELD_ANGKA = {
    models.DecimalField: {"form_class": AngkaField, "widget": AngkaInput(attrs={"class": "vDecimalField"})},
    models.IntegerField: {
        "form_class": BilanganField,
        "widget": AngkaInput(attrs={"class": "vIntegerField"}, desimal=False),
    },
    models.BigIntegerField: {
        "form_class": BilanganField,
        "widget": AngkaInput(attrs={"class": "vBigIntegerField"}, desimal=False),
    },
}


def formfield_angka(db_field, **kwargs):
    """``Meta.formfield_callback`` of the app's model forms: number fields read Indonesian."""
    if not db_field.choices:
        kelas = next((k for k in type(db_field).__mro__ if k in FORMFIELD_ANGKA), None)
        if kelas is not None:
            kwargs = {**copy.deepcopy(FORMFIELD_ANGKA[kelas]), **kwargs}
    return db_field.formfield(**kwargs)
