from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

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
