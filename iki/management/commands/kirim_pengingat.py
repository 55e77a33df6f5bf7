from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from iki.inti import angka
from iki.models import KirimanPesan
from iki.pengingat import kirim, ringkasan, tenggat, whatsapp
from iki.realisasi.kalender import hari_ini_jakarta

JAKARTA = ZoneInfo("Asia/Jakarta")
LABEL_STATUS = {
    KirimanPesan.TERKIRIM: "terkirim",
    KirimanPesan.GAGAL: "GAGAL",
    KirimanPesan.DILEWATI: "dilewati",
    kirim.SUDAH: "sudah dikirim sebelumnya",
    kirim.AKAN: "akan dikirim",
    kirim.BERJALAN: "sedang dikirim jalan lain",
}


class Command(BaseCommand):
    help = (
        "Mengirim pengingat: ringkasan harian lewat surel kepada setiap pengguna yang memilihnya dan punya "
        "sesuatu untuk dikerjakan, ringkasan mingguan kepada camat (hari Senin, atau --mingguan), dan "
        "notifikasi batas pengisian di aplikasi. Aman dijalankan berkali-kali sehari: yang sudah terkirim "
        "tidak dikirim lagi, yang gagal dicoba lagi. Keluar dengan kode bukan nol bila ada yang gagal."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Hanya tampilkan siapa akan menerima apa; tidak mengirim, tidak menulis.",
        )
        parser.add_argument("--tanggal", help="Tanggal kiriman (YYYY-MM-DD), untuk uji; bawaan hari ini (WIB).")
        parser.add_argument("--mingguan", action="store_true", help="Kirim ringkasan mingguan camat walau bukan Senin.")
        parser.add_argument(
            "--whatsapp",
            action="store_true",
            help="Juga kirim ringkasan harian lewat gateway WhatsApp (IKI_WA_GATEWAY_URL).",
        )

    def handle(self, *args, dry_run, tanggal, mingguan, whatsapp: bool, **options):
        sekarang = self._sekarang(tanggal)
        hari_ini = hari_ini_jakarta(sekarang)
        if whatsapp and not whatsapp_aktif():
            raise CommandError("--whatsapp: gateway belum diatur (IKI_WA_GATEWAY_URL kosong). Lihat README.")
        mingguan = mingguan or hari_ini.weekday() == 0
        coba = " (coba saja: tidak ada yang dikirim atau ditulis)" if dry_run else ""
        self.stdout.write(f"Pengingat {angka.format_tanggal(hari_ini)}{coba}")
        daftar, salah = [], []
        for user in kirim.penerima_calon():
            try:
                daftar += [r for r in (
                    ringkasan.ringkasan_harian(user, sekarang),
                    ringkasan.ringkasan_mingguan(user, sekarang) if mingguan else None,
                ) if r is not None]
            except Exception as e:  # noqa: BLE001 — one user's data never stops the others
                salah.append(f"{user.username}: ringkasan tidak dapat disusun ({type(e).__name__}: {e})")
        laporan = kirim.kirim_semua(daftar, wa=whatsapp, dry_run=dry_run, sekarang=sekarang)
        for h in laporan.hasil:
            baris = (
                f"- {h.penerima.username} <{h.penerima.email or 'tanpa surel'}>: "
                f"{dict(KirimanPesan.KANAL_CHOICES)[h.kanal]} {ringkasan.LABEL_JENIS.get(h.jenis, h.jenis)} — "
                f"{LABEL_STATUS[h.status]}"
            )
            if h.keterangan:
                baris += f" ({h.keterangan})"
            if h.status == KirimanPesan.GAGAL:
                baris += f", percobaan ke-{h.percobaan}"
            self.stdout.write(baris)
        if not daftar:
            self.stdout.write("Tidak ada yang perlu diingatkan hari ini.")
        if not dry_run:
            dibuat = tenggat.buat_notifikasi_tenggat(hari_ini)
            self.stdout.write(f"Notifikasi batas pengisian dibuat: {dibuat}.")
        hitung = {s: len(laporan.dengan(s)) for s in LABEL_STATUS}
        self.stdout.write("Jumlah: " + (", ".join(f"{LABEL_STATUS[s]} {n}" for s, n in hitung.items() if n) or "0"))
        for s in salah:
            self.stderr.write(s)
        if laporan.gagal or salah:
            tersusun = f" dan {len(salah)} ringkasan tidak tersusun" if salah else ""
            raise CommandError(
                f"{len(laporan.gagal)} kiriman gagal{tersusun}; jalankan lagi nanti: yang gagal dicoba lagi, "
                "yang terkirim tidak dikirim dua kali."
            )

    def _sekarang(self, tanggal: str | None) -> datetime:
        if not tanggal:
            return timezone.now()
        try:
            hari = datetime.strptime(tanggal.strip(), "%Y-%m-%d").date()
        except ValueError:
            raise CommandError(
                f"--tanggal harus berbentuk YYYY-MM-DD, misalnya 2026-12-05 (bukan {tanggal!r})."
            ) from None
        return datetime.combine(hari, time(7, 0), tzinfo=JAKARTA)


def whatsapp_aktif() -> bool:
    return whatsapp.aktif()
