"""Account screens: forgotten password by mail, change password, and the operator's accounts
of the unit (one-time passwords, accounts for pegawai in one step).

The pages that show one-time passwords are the answer to the POST that made them, never stored
and never cached: shown once, printed, gone.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from iki.pengguna import akun as akun_unit
from iki.pengguna.forms import FormBuatAkun, FormGantiSandi, FormLupaSandi, FormSandiBaru
from iki.umum import akses

# --- Forgotten password (anyone, signed in or not) ----------------------------------------------


def jam_berlaku() -> int:
    """How long a mailed reset link works (``PASSWORD_RESET_TIMEOUT``), in hours."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


class LupaSandi(auth_views.PasswordResetView):
    form_class = FormLupaSandi
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "jam_berlaku": jam_berlaku()}

    def form_valid(self, form):
        self.extra_email_context = {"jam_berlaku": jam_berlaku()}
        return super().form_valid(form)


class TautanTerkirim(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"
    extra_context = {"jam_berlaku": jam_berlaku}


class SandiBaruDariSurel(auth_views.PasswordResetConfirmView):
    form_class = FormSandiBaru
    extra_context = {"jam_berlaku": jam_berlaku}

    def form_valid(self, form):
        response = super().form_valid(form)
        akun_unit.buka_blokir_masuk(form.user)
        return response


# --- Change password (every signed-in user) ------------------------------------------------------


class GantiSandi(auth_views.PasswordChangeView):
    form_class = FormGantiSandi
    template_name = "registration/ganti_sandi.html"
    success_url = reverse_lazy("beranda")

    def get_success_url(self):
        return akses.alamat_kembali(self.request, self.request.POST.get("next")) or super().get_success_url()

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "next": akses.alamat_kembali(self.request, self.request.GET.get("next") or self.request.POST.get("next")),
            "perms_akun": self.request.user.unit_id is not None and akses.boleh(self.request.user, "akun"),
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, "Kata sandi Anda sudah diganti. Pakai kata sandi baru ini saat masuk berikutnya."
        )
        return response


ganti_sandi = akses.untuk("ganti_sandi")(GantiSandi.as_view())


# --- The operator's accounts of the unit ---------------------------------------------------------


def _halaman_akun(request, form=None, status=200):
    operator = request.user
    daftar = list(akun_unit.akun_unit(operator))
    for a in daftar:
        a.boleh_diatur_ulang = akun_unit.boleh_dikelola(operator, a)
    tanpa_akun = akun_unit.pegawai_tanpa_akun(operator)
    return render(
        request,
        "iki/akun/daftar.html",
        {"daftar": daftar, "form": form or FormBuatAkun(pegawai=tanpa_akun), "ada_pegawai": tanpa_akun.exists()},
        status=status,
    )


@akses.untuk("akun")
def akun_daftar(request):
    return _halaman_akun(request)


def _sekali_tampil(response):
    add_never_cache_headers(response)  # "no-store": the one-time passwords stay out of any cache
    return response


@akses.untuk("akun")
def akun_sekali_pakai(request, pk: int):
    """GET asks to confirm; POST (the operator only) sets and shows the one-time password."""
    akun = akun_unit.akun_atau_404(request.user, pk)
    if request.method == "POST":
        if not akses.boleh(request.user, "akun", tulis=True):
            raise PermissionDenied("Peran Anda hanya dapat melihat daftar akun.")
        try:
            hasil = akun_unit.atur_ulang_sekali_pakai(operator=request.user, akun=akun)
        except akun_unit.AkunDitolak as e:
            messages.error(request, str(e))
            return redirect("akun_daftar")
        return _sekali_tampil(render(request, "iki/akun/sandi_sekali_pakai.html", {"hasil": [hasil], "satu": True}))
    boleh = akun_unit.boleh_dikelola(request.user, akun)
    return render(request, "iki/akun/konfirmasi_atur_ulang.html", {"akun": akun, "boleh": boleh})


@require_POST
@akses.untuk("akun", tulis=True)
def akun_buat(request):
    form = FormBuatAkun(request.POST, pegawai=akun_unit.pegawai_tanpa_akun(request.user))
    if not form.is_valid():
        return _halaman_akun(request, form, status=400)
    try:
        hasil = akun_unit.buat_akun_pegawai(
            operator=request.user, pegawai=list(form.cleaned_data["pegawai"]), peran=form.cleaned_data["peran"]
        )
    except akun_unit.AkunDitolak as e:
        form.add_error(None, str(e))
        return _halaman_akun(request, form, status=400)
    return _sekali_tampil(render(request, "iki/akun/sandi_sekali_pakai.html", {"hasil": hasil, "satu": False}))
