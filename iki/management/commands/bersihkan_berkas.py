from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from iki.umum.penyimpanan import bersihkan_berkas, periksa_penyimpanan


class Command(BaseCommand):
    help = (
        "Menghapus berkas bukti dukung dan paket presensi yang tidak dirujuk baris mana pun dan berumur lebih "
        "dari masa tenggang (bawaan 1 hari), serta unggahan pratinjau impor yang sudah kedaluwarsa. Jalankan "
        "setiap hari dengan kunci yang sama dengan cadangan (lihat README). --periksa hanya melaporkan, untuk "
        "uji pemulihan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Hanya tampilkan yang akan dihapus.")
        parser.add_argument(
            "--tenggang-hari", type=int, default=1, help="Berkas yang lebih muda dari ini dibiarkan (bawaan 1)."
        )
        parser.add_argument(
            "--periksa",
            action="store_true",
            help="Tidak menghapus apa pun: daftar baris yang berkasnya hilang (gagal bila ada) dan berkas tanpa baris.",
        )

    def handle(self, *args, dry_run, tenggang_hari, periksa, **options):
        if tenggang_hari < 1:
            raise CommandError("--tenggang-hari paling sedikit 1, agar unggahan yang sedang berjalan tidak terhapus.")
        if periksa:
            return self._periksa()
        hasil = bersihkan_berkas(sekarang=timezone.now(), tenggang=timedelta(days=tenggang_hari), coba=dry_run)
        for nama in hasil.dihapus + hasil.parkiran:
            self.stdout.write(f"{'Akan dihapus' if dry_run else 'Dihapus'}: {nama}")
        if hasil.parkiran:
            self.stdout.write(
                f"{len(hasil.parkiran)} unggahan pratinjau impor yang kedaluwarsa "
                f"{'akan dihapus' if dry_run else 'dihapus'}."
            )
        dibiarkan = (
            f"{len(hasil.dibiarkan)} berkas tanpa baris berumur kurang dari {tenggang_hari} hari dibiarkan."
        )
        if dry_run:
            self.stdout.write(
                f"Coba saja: {len(hasil.dihapus)} berkas tanpa baris akan dihapus; {dibiarkan} "
                "Kali ini tidak ada berkas yang dihapus."
            )
        else:
            self.stdout.write(f"{len(hasil.dihapus)} berkas tanpa baris dihapus; {dibiarkan}")

    def _periksa(self):
        hasil = periksa_penyimpanan(sekarang=timezone.now())
        for b in hasil.baris_tanpa_berkas:
            self.stdout.write(f"Berkas hilang: {b.model} #{b.pk} “{b.keterangan}”: {b.nama_berkas}")
        for nama in hasil.berkas_tanpa_baris:
            self.stdout.write(f"Berkas tanpa baris: {nama}")
        if hasil.berkas_tanpa_baris:
            self.stdout.write(
                f"{len(hasil.berkas_tanpa_baris)} berkas tanpa baris (diunggah setelah pg_dump, atau barisnya "
                "dihapus): tidak merusak, dihapus oleh bersihkan_berkas."
            )
        if hasil.baris_tanpa_berkas:
            raise CommandError(
                f"{len(hasil.baris_tanpa_berkas)} baris tanpa berkas: berkasnya tidak ada di penyimpanan."
            )
        self.stdout.write(f"Semua {hasil.jumlah_baris} baris memiliki berkasnya.")
