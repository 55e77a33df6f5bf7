from django.apps import AppConfig


class IkiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "iki"
    verbose_name = "Indikator Kinerja Individu"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from iki.umum import sesi, versi

        versi.hubungkan()
        user_logged_in.connect(sesi.saat_masuk, dispatch_uid="iki.sesi.masuk")
