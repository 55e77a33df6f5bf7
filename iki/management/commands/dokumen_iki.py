from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from iki.models import TahunIKI
from iki.set_iki import dokumen


class Command(BaseCommand):
    help = "Menulis Dokumen IKI tahunan sebuah unit kerja sebagai PDF."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Kode unit kerja, contoh: ketapang")
        parser.add_argument("--tahun", required=True, type=int, help="Tahun IKI, contoh: 2023")
        parser.add_argument("--output", required=True, help="Berkas PDF yang ditulis")
        parser.add_argument("--kertas", choices=sorted(dokumen.KERTAS), default="a4", help="a4 (bawaan) atau f4")

    def handle(self, *args, unit, tahun, output, kertas, **options):
        tahun_iki = TahunIKI.objects.filter(unit__kode=unit, tahun=tahun).select_related("unit").first()
        if tahun_iki is None:
            raise CommandError(f"IKI unit '{unit}' tahun {tahun} tidak ditemukan.")
        pdf, data, dari_cache = dokumen.pdf_dokumen(tahun_iki, kertas)
        try:
            Path(output).write_bytes(pdf)
        except OSError as e:
            raise CommandError(f"Tidak dapat menulis {output}: {e}") from None
        self.stdout.write(
            f"{output}: {tahun_iki.unit} {tahun}, {len(data['jabatan'])} lembar jabatan, {data['jumlah_baris']} "
            f"baris IKI, kertas {dokumen.KERTAS[kertas]}{' (dari cache)' if dari_cache else ''}."
        )
