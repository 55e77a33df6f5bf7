from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from iki.models import TahunIKI
from iki.realisasi.alur import beri_tahu_pekerjaan_terbuka
from iki.umum.akun import DEMO_PASSWORD, buat_pengguna_demo


class Command(BaseCommand):
    help = "Membuat satu pengguna demo per peran untuk Kecamatan Ketapang (tidak untuk produksi)."

    def handle(self, *args, **options):
        try:
            users = buat_pengguna_demo()
        except ImproperlyConfigured as e:
            raise CommandError(str(e)) from None
        for u in users:
            self.stdout.write(f"{u.username} ({u.get_peran_display()}) — kata sandi: {DEMO_PASSWORD}")
        # The demo's open work (a returned value, months waiting) in the inboxes of its logins.
        tahun = TahunIKI.objects.select_related("unit").filter(unit__kode="ketapang", tahun=2023).first()
        if tahun is not None:
            beri_tahu_pekerjaan_terbuka(tahun)
