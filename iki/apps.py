from django.apps import AppConfig


class IkiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "iki"
    verbose_name = "Indikator Kinerja Individu"

    def ready(self):
        from iki.umum import versi

        versi.hubungkan()
