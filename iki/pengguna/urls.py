from django.contrib.auth import views as auth_views
from django.urls import path

from iki.pengguna import views

# The names of the reset views are Django's own (its views redirect to them by name).
urlpatterns = [
    path("sandi/lupa/", views.LupaSandi.as_view(), name="password_reset"),
    path("sandi/lupa/terkirim/", views.TautanTerkirim.as_view(), name="password_reset_done"),
    path("sandi/atur/<uidb64>/<token>/", views.SandiBaruDariSurel.as_view(), name="password_reset_confirm"),
    path(
        "sandi/atur/selesai/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("sandi/ganti/", views.ganti_sandi, name="password_change"),
    path("akun/", views.akun_daftar, name="akun_daftar"),
    path("akun/buat/", views.akun_buat, name="akun_buat"),
    path("akun/<int:pk>/sekali-pakai/", views.akun_sekali_pakai, name="akun_sekali_pakai"),
]
