"""Screens of reminders: the inbox (/kotak-masuk/) and the WhatsApp reminders (/pengingat/whatsapp/)."""

from django.urls import include, path

from iki.pengingat import views_kotak, views_whatsapp

kotak = [
    path("", views_kotak.kotak_masuk, name="kotak_masuk"),
    path("dibaca-semua/", views_kotak.notifikasi_dibaca_semua, name="notifikasi_dibaca_semua"),
    path("<int:pk>/", views_kotak.notifikasi_buka, name="notifikasi_buka"),
    path("<int:pk>/dibaca/", views_kotak.notifikasi_dibaca, name="notifikasi_dibaca"),
]

pengingat = [
    path("whatsapp/", views_whatsapp.pengingat_whatsapp_terkini, name="pengingat_whatsapp_terkini"),
    path("whatsapp/<slug:kode>/<int:tahun>/", views_whatsapp.pengingat_whatsapp, name="pengingat_whatsapp"),
]

urlpatterns = [
    path("kotak-masuk/", include(kotak)),
    path("pengingat/", include(pengingat)),
]
