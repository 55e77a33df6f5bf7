"""The account forms in Indonesian: forgotten password, new password from the mailed link,
change password, and the operator's choice of pegawai for new accounts."""

import hashlib

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.cache import cache
from django.core.exceptions import ValidationError

from iki.models import Pengguna
from iki.pengguna.akun import PERAN_DIKELOLA_OPERATOR

# One reset mail per address per this many seconds, however often the form is sent.
JEDA_SUREL_RESET = 5 * 60


class FormLupaSandi(auth_forms.PasswordResetForm):
    """Django's reset form: a mail only to an active account with that address, the same answer
    either way (the view never says whether the address is known). A second request for the
    same address within ``JEDA_SUREL_RESET`` sends nothing (the cache is shared by the app
    servers with ``IKI_CACHE=db``)."""

    email = forms.EmailField(
        label="Alamat surel",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Isi alamat surel akun Anda.",
            "invalid": "Tulis alamat surel yang lengkap, misalnya nama@contoh.go.id.",
        },
    )

    def save(self, *args, **kwargs):
        alamat = self.cleaned_data["email"].strip().lower()
        kunci = "iki:reset-sandi:" + hashlib.sha256(alamat.encode()).hexdigest()
        if not cache.add(kunci, 1, JEDA_SUREL_RESET):
            return  # a mail went to this address minutes ago
        super().save(*args, **kwargs)


class _SandiBaru:
    """New-password fields with Indonesian labels; saving clears the one-time flag."""

    error_messages = {"password_mismatch": "Kedua kata sandi baru tidak sama. Ketik ulang."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Kata sandi baru"
        self.fields["new_password2"].label = "Ulangi kata sandi baru"
        self.fields["new_password2"].help_text = "Ketik sekali lagi untuk memastikan tidak salah ketik."
        for nama in ("new_password1", "new_password2"):
            self.fields[nama].error_messages["required"] = "Isi kata sandi baru."

    def save(self, commit=True):
        self.user.wajib_ganti_sandi = False
        return super().save(commit=commit)


class FormSandiBaru(_SandiBaru, auth_forms.SetPasswordForm):
    """The new password chosen from the mailed link."""


class FormGantiSandi(_SandiBaru, auth_forms.PasswordChangeForm):
    error_messages = {
        **_SandiBaru.error_messages,
        "password_incorrect": "Kata sandi sekarang salah. Perhatikan huruf besar/kecil.",
        "sama": "Kata sandi baru harus berbeda dari kata sandi sekarang.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sekali_pakai = self.user.wajib_ganti_sandi
        self.fields["old_password"].label = (
            "Kata sandi sekali pakai dari operator" if sekali_pakai else "Kata sandi sekarang"
        )
        self.fields["old_password"].error_messages["required"] = "Isi kata sandi Anda sekarang."

    def clean_new_password1(self):
        baru = self.cleaned_data.get("new_password1")
        if baru and self.user.check_password(baru):
            raise forms.ValidationError(self.error_messages["sama"], code="sama")
        return baru


class PilihanPegawai(forms.ModelMultipleChoiceField):
    """Checkboxes of pegawai; a value that cannot be an id (a word, a number too large for the
    database) is refused before it reaches a query."""

    def _check_values(self, value):
        if any(not str(v).isdigit() or int(v) >= 2**63 for v in value):
            raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value")
        return super()._check_values(value)


class FormBuatAkun(forms.Form):
    """Which pegawai of the unit (without an account) get one, and with which role."""

    pegawai = PilihanPegawai(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Pegawai tanpa akun",
        error_messages={
            "required": "Pilih paling sedikit satu pegawai.",
            "invalid_choice": "Pegawai yang dipilih tidak ada di unit Anda atau sudah memiliki akun.",
            "invalid_pk_value": "Pilihan pegawai tidak dikenal.",
        },
    )
    peran = forms.ChoiceField(
        label="Peran",
        initial=Pengguna.STAF,
        choices=[(p, label) for p, label in Pengguna.PERAN_CHOICES if p in PERAN_DIKELOLA_OPERATOR],
        error_messages={"invalid_choice": "Operator hanya dapat membuat akun staf, verifikator atau camat."},
    )

    def __init__(self, *args, pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = pegawai
        self.fields["pegawai"].label_from_instance = lambda p: f"{p.nama} — NIP {p.nip}"
