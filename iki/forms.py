from django.contrib.auth.forms import AuthenticationForm


class FormMasuk(AuthenticationForm):
    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah. Perhatikan huruf besar/kecil.",
        "inactive": "Akun ini tidak aktif. Hubungi operator unit Anda.",
    }
