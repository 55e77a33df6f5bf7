from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from iki.management.contoh_kabupaten import SudahAda, buat_kabupaten_contoh


class Command(BaseCommand):
    help = (
        "Membuat kabupaten contoh yang realistis untuk mengukur kecepatan (data contoh): kecamatan dan "
        "dinas/badan dengan jabatan, indikator, target, 12 bulan terverifikasi per tahun, survei IKM, "
        "hari libur. Menolak bila kode kabupaten sudah ada."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit", type=int, default=54, help="Jumlah unit kerja (bawaan 54: 14 kecamatan + 40 dinas/badan)."
        )
        parser.add_argument("--tahun", type=int, default=5, help="Jumlah tahun, berakhir tahun lalu (bawaan 5).")
        parser.add_argument("--tahun-akhir", type=int, default=None, help="Tahun terakhir (bawaan: tahun lalu).")
        parser.add_argument("--kode", default="sampang-contoh", help="Kode kabupaten (bawaan sampang-contoh).")
        parser.add_argument("--nama", default="Sampang (contoh)", help="Nama kabupaten, tanpa kata 'Kabupaten'.")
        parser.add_argument("--seed", type=int, default=15, help="Benih acak: argumen sama, kabupaten sama.")
        parser.add_argument("--riwayat", action="store_true", help="Tulis juga riwayat realisasi (3 baris per nilai).")
        parser.add_argument(
            "--pengguna", action="store_true",
            help="Buat camat-<unit> per unit dan pemantau-<kode> dengan kata sandi demo (tidak untuk produksi).",
        )

    def handle(self, *args, **o):
        if o["unit"] < 1 or o["tahun"] < 1:
            raise CommandError("--unit dan --tahun paling sedikit 1.")
        try:
            ringkasan = buat_kabupaten_contoh(
                kode=o["kode"], nama_kabupaten=o["nama"], jumlah_unit=o["unit"], jumlah_tahun=o["tahun"],
                tahun_akhir=o["tahun_akhir"], seed=o["seed"], riwayat=o["riwayat"], pengguna=o["pengguna"],
            )
        except (SudahAda, ImproperlyConfigured) as e:
            raise CommandError(str(e)) from None
        self.stdout.write(ringkasan.teks())
        if ringkasan.pengguna:
            self.stdout.write(f"{len(ringkasan.pengguna)} pengguna contoh, misalnya {ringkasan.pengguna[0]} "
                              "(kata sandi demo, lihat README).")
