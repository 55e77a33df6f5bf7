from django.urls import path

from iki import bukti

urlpatterns = [
    path("realisasi/<int:pk>/", bukti.bukti_realisasi, name="bukti_realisasi"),
    path("realisasi/<int:pk>/unggah/", bukti.bukti_unggah, name="bukti_unggah"),
    path("<int:pk>/unduh/", bukti.bukti_unduh, name="bukti_unduh"),
    path("<int:pk>/hapus/", bukti.bukti_hapus, name="bukti_hapus"),
]
