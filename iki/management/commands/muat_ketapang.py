from django.core.management.base import BaseCommand

from iki.set_iki.data import ketapang_2023
from iki.set_iki.muat import muat_iki


class Command(BaseCommand):
    help = "Memuat IKI Kantor Kecamatan Ketapang 2023 (dapat dijalankan berulang)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--tanpa-contoh", action="store_true", help="Tanpa target dan realisasi contoh (data contoh)."
        )

    def handle(self, *args, tanpa_contoh=False, **options):
        # The demo leaves work open for each role (README "Coba dalam 5 menit") and has 2022 as
        # demo data too, so that last year's columns show figures.
        tahun = muat_iki(
            ketapang_2023, contoh=not tanpa_contoh, pekerjaan_terbuka=not tanpa_contoh, desa=not tanpa_contoh,
            tahun_lalu=not tanpa_contoh,
        )
        self.stdout.write(
            f"IKI {tahun.unit} {tahun.tahun} dimuat: {tahun.jabatan.count()} jabatan, "
            f"{sum(j.baris.count() for j in tahun.jabatan.all())} baris IKI."
        )
