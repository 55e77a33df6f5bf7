from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from iki.capaian.laporan import FORMAT, KERTAS, buat_laporan, tanggal_bawaan
from iki.inti.perhitungan import Periode
from iki.models import Jabatan, TahunIKI

KODE_PERIODE = [str(b) for b in range(1, 13)] + [f"tw{n}" for n in range(1, 5)] + ["s1", "s2", "tahun"]


class Command(BaseCommand):
    help = (
        "Membuat laporan capaian IKI sebagai PDF atau Excel, contoh: "
        "laporan_capaian --unit ketapang --tahun 2023 --periode tw2 --format pdf --output laporan.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Kode unit kerja, contoh: ketapang.")
        parser.add_argument("--tahun", required=True, type=int, help="Tahun IKI, contoh: 2023.")
        parser.add_argument("--periode", required=True, choices=KODE_PERIODE, help="1–12, tw1–tw4, s1, s2 atau tahun.")
        parser.add_argument("--format", required=True, choices=FORMAT, help="pdf atau xlsx.")
        parser.add_argument("--output", required=True, help="Berkas keluaran.")
        parser.add_argument("--jabatan", default="", help="Kode jabatan; kosong berarti seluruh unit.")
        parser.add_argument("--kertas", default="a4", choices=sorted(KERTAS), help="a4 (bawaan) atau f4.")

    def handle(self, *args, unit, tahun, periode, format, output, jabatan, kertas, **options):
        tahun_iki = (
            TahunIKI.objects.select_related("unit__kabupaten", "unit__pimpinan")
            .filter(unit__kode=unit, tahun=tahun)
            .first()
        )
        if tahun_iki is None:
            raise CommandError(f"Tidak ada IKI untuk unit {unit!r} tahun {tahun}.")
        jabatan_obj = None
        if jabatan:
            jabatan_obj = Jabatan.objects.filter(tahun=tahun_iki, kode=jabatan).first()
            if jabatan_obj is None:
                raise CommandError(f"Jabatan {jabatan!r} tidak ada pada IKI {unit} {tahun}.")
        p = Periode.dari_kode(periode)
        berkas, nama = buat_laporan(
            tahun_iki, p, format, jabatan=jabatan_obj, kertas=kertas,
            tanggal=tanggal_bawaan(tahun_iki, p, timezone.localdate()),
        )
        try:
            Path(output).write_bytes(berkas)
        except OSError as e:
            raise CommandError(f"Tidak dapat menulis {output}: {e.strerror}.") from None
        self.stdout.write(f"{nama}: {len(berkas)} bita ditulis ke {output}.")
