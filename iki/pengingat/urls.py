"""Screens of the reminders (/pengingat/)."""

from django.urls import path

from iki.pengingat import views_kiriman, views_pengaturan

urlpatterns = [
    # Mail settings and the send log (t16-surel).
    path("pengingat/pengaturan/", views_pengaturan.pengingat_pengaturan, name="pengingat_pengaturan"),
    path("pengingat/kiriman/", views_kiriman.pengingat_kiriman, name="pengingat_kiriman"),
]
