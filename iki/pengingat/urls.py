"""Screens of the reminders: the inbox (/kotak-masuk/), the WhatsApp reminders, one's mail setting
and the operator's log of what was sent (/pengingat/)."""

from django.urls import include, path

from iki.pengingat import views_kiriman, views_kotak, views_pengaturan, views_whatsapp

kotak = [
    path("", views_kotak.kotak_masuk, name="kotak_masuk"),
    path("dibaca-semua/", views_kotak.notifikasi_dibaca_semua, name="notifikasi_dibaca_semua"),
    path("<int:pk>/", views_kotak.notifikasi_buka, name="notifikasi_buka"),
    path("<int:pk>/dibaca/", views_kotak.notifikasi_dibaca, name="notifikasi_dibaca"),
]

pengingat = [
    path("whatsapp/", views_whatsapp.pengingat_whatsapp_terkini, name="pengingat_whatsapp_terkini"),
    path("whatsapp/<slug:kode>/<int:tahun>/", views_whatsapp.pengingat_whatsapp, name="pengingat_whatsapp"),
    path("pengaturan/", views_pengaturan.pengingat_pengaturan, name="pengingat_pengaturan"),
    path("kiriman/", views_kiriman.pengingat_kiriman, name="pengingat_kiriman"),
]

urlpatterns = [
    path("kotak-masuk/", include(kotak)),
    path("pengingat/", include(pengingat)),
]
