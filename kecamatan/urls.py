from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from iki.umum.forms import FormMasuk

admin.site.site_header = "IKI Kecamatan — Pengaturan"
admin.site.site_title = "IKI Kecamatan"
admin.site.index_title = "Data induk"

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=FormMasuk),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("pengaturan/", admin.site.urls),
    path("", include("iki.urls")),
]
