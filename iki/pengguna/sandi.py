"""Password rules in Indonesian, and the one-time passwords an operator hands out.

The rules are Django's own (``AUTH_PASSWORD_VALIDATORS`` names these subclasses): Django ships an
Indonesian translation, but it mixes "sandi" and "kata sandi" and writes "anda"; here every
message and help text says the same thing the same way. The common-password list is Django's
(20 000 English passwords) plus the words an office here would pick first.
"""

import secrets

from django.contrib.auth import password_validation as pv
from django.core.exceptions import ValidationError


class PanjangMinimal(pv.MinimumLengthValidator):
    def get_error_message(self):
        return f"Kata sandi terlalu pendek: paling sedikit {self.min_length} karakter."

    def get_help_text(self):
        return f"Paling sedikit {self.min_length} karakter."


class TidakMiripDataPribadi(pv.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "Kata sandi terlalu mirip dengan %(verbose_name)s Anda."

    def get_help_text(self):
        return "Tidak mirip dengan nama pengguna, nama atau alamat surel Anda."


# Words an Indonesian office picks first; compared in lower case, as Django's list is.
UMUM_SETEMPAT = {
    "bismillah", "bismillah123", "indonesia", "indonesia1", "rahasia", "rahasia123", "katasandi",
    "katasandi123", "sandi123", "kecamatan", "kecamatan1", "sampang", "sampang123", "ketapang",
    "ketapang123", "ketapang2023", "madura", "madura123", "merdeka", "merdeka45", "pegawai", "admin123",
    "operator", "operator123", "qwerty123", "sayang", "sayangku", "alhamdulillah",
}


class BukanSandiUmum(pv.CommonPasswordValidator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passwords |= UMUM_SETEMPAT

    def get_error_message(self):
        return "Kata sandi ini terlalu umum dan mudah ditebak."

    def get_help_text(self):
        return "Bukan kata sandi yang umum dipakai (misalnya 12345678 atau bismillah)."


class TidakHanyaAngka(pv.NumericPasswordValidator):
    def get_error_message(self):
        return "Kata sandi tidak boleh hanya berisi angka."

    def get_help_text(self):
        return "Tidak hanya berisi angka."


# Letters and digits read aloud or copied from paper without doubt: no 0/O/o, 1/l/I, 5/S, 2/Z, 8/B.
HURUF_JELAS = "abcdefghjkmnpqrstuvwxyz34679"


def buat_sandi_sekali_pakai(user=None) -> str:
    """A one-time password like ``k7mp-xh3r-wa9e``: three groups of four unambiguous characters
    (≈ 57 bits), read over the phone or copied from the printed list without mistakes; it
    passes the password rules for ``user``."""
    while True:
        sandi = "-".join("".join(secrets.choice(HURUF_JELAS) for _ in range(4)) for _ in range(3))
        try:
            pv.validate_password(sandi, user)
        except ValidationError:  # practically never; draw again
            continue
        return sandi
