from django.urls import path

from iki import views

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("unit/", views.daftar_unit, name="daftar_unit"),
    path("iki/", views.iki_unit_terkini, name="iki_unit_terkini"),
    path("iki/<slug:kode>/<int:tahun>/", views.iki_unit, name="iki_unit"),
]
