"""Reminder mails (issue 16): `manage.py kirim_pengingat` against a real SMTP server started here
(aiosmtpd on 127.0.0.1), the WhatsApp gateway against a local HTTP server, and the two screens
(Pengaturan pengingat, Kiriman pengingat)."""

import json
import logging
import socket
import threading
import time
from datetime import datetime
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from iki.models import KirimanPesan, Pegawai, Pengguna, Realisasi
from iki.pengingat import ringkasan
from iki.realisasi import alur

pytestmark = pytest.mark.django_db

URL_DASAR = "https://iki.contoh.go.id"
CATATAN = "Angka tidak sesuai register <script>alert(1)</script>"
RABU = "2023-07-12"  # a Wednesday: the daily digest only
SENIN = "2023-07-10"


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Kotak:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.pesan = []

    async def handle_DATA(self, server, session, envelope):
        self.pesan.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def _setelan(port: int, **lain):
    lain = {"EMAIL_TIMEOUT": 2, "IKI_URL_DASAR": URL_DASAR, **lain}
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        DEFAULT_FROM_EMAIL="IKI Ketapang <iki@ketapang.go.id>",
        **lain,
    )


@pytest.fixture
def smtp():
    """A real SMTP server on a free port; the settings point at it while the test runs."""
    kotak = _Kotak()
    controller = Controller(kotak, hostname="127.0.0.1", port=_port_bebas())
    controller.start()
    with _setelan(controller.port):
        yield kotak
    controller.stop()


@pytest.fixture
def dikembalikan(dunia):
    """staf_a (with an address) has one June value returned by verifikator_a with a note."""
    staf, ver = dunia.user("staf_a"), dunia.user("verifikator_a")
    Pengguna.objects.filter(pk=staf.pk).update(email="staf.a@ketapang.go.id")
    r = Realisasi.objects.filter(
        variabel__indikator__tahun=dunia.tahun_a, variabel__pengisi__kode="kasi_pemerintahan", bulan=6
    ).select_related("variabel__indikator").first()
    Realisasi.objects.filter(pk=r.pk).update(status=Realisasi.DIAJUKAN)
    alur.kembalikan(user=ver, realisasi=Realisasi.objects.get(pk=r.pk), catatan=CATATAN)
    return r


def _jalankan(*args) -> str:
    keluar = StringIO()
    call_command("kirim_pengingat", *args, stdout=keluar, stderr=StringIO())
    return keluar.getvalue()


def _gagal(*args) -> tuple[str, str]:
    keluar = StringIO()
    with pytest.raises(CommandError) as e:
        call_command("kirim_pengingat", *args, stdout=keluar, stderr=StringIO())
    return keluar.getvalue(), str(e.value)


def _bagian(pesan, jenis):
    return next(p for p in pesan.walk() if p.get_content_type() == jenis).get_content()


def test_the_staf_gets_a_digest_of_the_returned_value_with_the_note_and_a_working_link(smtp, dikembalikan, masuk):
    keluar = _jalankan("--tanggal", RABU)
    kepada = [(to, m) for to, m in smtp.pesan if to == ["staf.a@ketapang.go.id"]]
    assert len(kepada) == 1
    pesan = kepada[0][1]
    assert "IKI Kecamatan Ketapang" in pesan["Subject"] and "12 Juli 2023" in pesan["Subject"]
    assert pesan["From"] == "IKI Ketapang <iki@ketapang.go.id>"
    teks, html = _bagian(pesan, "text/plain"), _bagian(pesan, "text/html")
    indikator = dikembalikan.variabel.indikator
    tautan = f"{URL_DASAR}/realisasi/ketapang/2023/6/#indikator-{indikator.pk}"
    assert "Dikembalikan verifikator" in teks and CATATAN in teks and tautan in teks
    assert f"{indikator.nama} — {dikembalikan.variabel.nama}, Juni 2023" in teks
    # The HTML part shows the note as text, never as markup.
    assert "&lt;script&gt;" in html and "<script>" not in html and f'href="{tautan}"' in html
    # The link opens the month's entry screen with that indicator for the staf.
    halaman = masuk("staf_a").get(urlsplit(tautan).path)
    assert halaman.status_code == 200 and f'id="indikator-{indikator.pk}"' in halaman.content.decode()
    baris = KirimanPesan.objects.get(penerima__username="staf_a")
    assert (baris.kanal, baris.jenis, baris.status, baris.percobaan) == ("surel", "ringkasan_harian", "terkirim", 1)
    assert "staf_a" in keluar and "terkirim" in keluar


def test_running_twice_the_same_day_sends_one_mail(smtp, dikembalikan):
    _jalankan("--tanggal", RABU)
    kedua = _jalankan("--tanggal", RABU)
    assert len([1 for to, _ in smtp.pesan if to == ["staf.a@ketapang.go.id"]]) == 1
    assert KirimanPesan.objects.filter(penerima__username="staf_a").count() == 1
    assert "sudah dikirim sebelumnya" in kedua
    # The next day is another digest.
    _jalankan("--tanggal", "2023-07-13")
    assert len([1 for to, _ in smtp.pesan if to == ["staf.a@ketapang.go.id"]]) == 2


def test_nobody_gets_an_empty_digest_and_those_without_an_address_or_active_account_are_listed(
    smtp, dikembalikan, dunia
):
    Pengguna.objects.filter(username="staf_b").update(email="staf.b@banyuates.go.id", is_active=False)
    Pengguna.objects.filter(username="camat_a").update(email="camat@ketapang.go.id")
    keluar = _jalankan("--tanggal", RABU)
    # verifikator_a has values waiting but no address; staf_b's account is inactive.
    ver = KirimanPesan.objects.get(penerima__username="verifikator_a")
    assert (ver.status, ver.keterangan) == ("dilewati", "Pengguna tidak punya alamat surel.")
    b = KirimanPesan.objects.get(penerima__username="staf_b")
    assert (b.status, b.keterangan) == ("dilewati", "Akun tidak aktif.")
    assert "verifikator_a <tanpa surel>" in keluar and "Pengguna tidak punya alamat surel." in keluar
    # The camat has nothing to act on in a daily digest, and it is not Monday: no mail, no row.
    assert not KirimanPesan.objects.filter(penerima__username="camat_a").exists()
    assert [to for to, _ in smtp.pesan] == [["staf.a@ketapang.go.id"]]


def test_a_user_who_chose_none_gets_nothing(smtp, dikembalikan, masuk):
    masuk("staf_a").post(reverse("pengingat_pengaturan"), {"pengingat_surel": "tidak"})
    _jalankan("--tanggal", RABU)
    assert smtp.pesan == [] and not KirimanPesan.objects.filter(penerima__username="staf_a").exists()


def test_the_verifier_and_the_operator_get_what_waits_with_links(smtp, dikembalikan, masuk):
    Pengguna.objects.filter(username__in=["verifikator_a", "operator_a"]).update(email="x@ketapang.go.id")
    _jalankan("--tanggal", RABU)
    pesan = {m["Subject"]: _bagian(m, "text/plain") for _, m in smtp.pesan}
    ver = next(t for t in pesan.values() if t.startswith("Yth. verifikator_a"))
    assert "Menunggu verifikasi Anda:" in ver and f"{URL_DASAR}/realisasi/verifikasi/?tahun=2023#kelompok-" in ver
    op = next(t for t in pesan.values() if t.startswith("Yth. operator_a"))
    # The operator: the unit's returned value and what waits in the unit.
    assert "Dikembalikan verifikator" in op and CATATAN in op and "Menunggu verifikasi di unit:" in op
    tautan = next(baris.strip() for baris in ver.splitlines() if "/verifikasi/" in baris)
    assert masuk("verifikator_a").get(tautan.removeprefix(URL_DASAR)).status_code == 200


def test_the_camat_gets_the_weekly_summary_on_monday(smtp, dunia, masuk):
    Pengguna.objects.filter(username="camat_a").update(email="camat@ketapang.go.id")
    _jalankan("--tanggal", SENIN)
    (to, pesan), = [(to, m) for to, m in smtp.pesan if to == ["camat@ketapang.go.id"]]
    teks = _bagian(pesan, "text/plain")
    assert pesan["Subject"].startswith("Ringkasan mingguan IKI Kecamatan Ketapang")
    assert "Kelengkapan Juni 2023:" in teks and "nilai terisi (" in teks and "%" in teks
    assert "Indikator perlu perhatian" in teks
    # The same indicators the dashboard lists under "perlu perhatian", linked to their page.
    tautan = next(b.strip() for b in teks.splitlines() if "/indikator/" in b)
    halaman = masuk("camat_a").get(tautan.removeprefix(URL_DASAR))
    assert halaman.status_code == 200
    assert KirimanPesan.objects.get(penerima__username="camat_a").jenis == "ringkasan_mingguan"
    # Another day of the week: only with --mingguan.
    _jalankan("--tanggal", RABU)
    assert len([1 for to, _ in smtp.pesan if to == ["camat@ketapang.go.id"]]) == 1
    _jalankan("--tanggal", RABU, "--mingguan")
    assert len([1 for to, _ in smtp.pesan if to == ["camat@ketapang.go.id"]]) == 2


def test_dry_run_sends_and_writes_nothing(smtp, dikembalikan, dunia):
    sebelum = KirimanPesan.objects.count()
    keluar = _jalankan("--tanggal", RABU, "--dry-run")
    assert smtp.pesan == [] and KirimanPesan.objects.count() == sebelum
    assert "coba saja" in keluar and "staf_a <staf.a@ketapang.go.id>" in keluar and "akan dikirim" in keluar
    assert "Notifikasi batas pengisian" not in keluar


def test_server_down_is_reported_then_retried_and_never_sent_twice(dikembalikan):
    with _setelan(_port_bebas()):  # nothing listens there
        keluar, galat = _gagal("--tanggal", RABU)
        assert "1 kiriman gagal" in galat and "GAGAL" in keluar and "percobaan ke-1" in keluar
        baris = KirimanPesan.objects.get(penerima__username="staf_a")
        assert baris.status == "gagal" and baris.percobaan == 1 and "tidak dapat dihubungi" in baris.keterangan
        _gagal("--tanggal", RABU)
        assert KirimanPesan.objects.get(pk=baris.pk).percobaan == 2
    kotak = _Kotak()
    controller = Controller(kotak, hostname="127.0.0.1", port=_port_bebas())
    controller.start()
    try:
        with _setelan(controller.port):
            _jalankan("--tanggal", RABU)
            _jalankan("--tanggal", RABU)
    finally:
        controller.stop()
    assert len(kotak.pesan) == 1
    baris.refresh_from_db()
    assert (baris.status, baris.percobaan, baris.keterangan) == ("terkirim", 3, "")


def test_a_slow_server_is_reported_not_waited_for(dunia, dikembalikan):
    """A server that accepts the connection and never answers: each try ends at EMAIL_TIMEOUT,
    and after two such tries the rest are not tried this run."""
    Pengguna.objects.filter(username__in=["verifikator_a", "operator_a", "staf_b"]).update(email="x@contoh.go.id")
    diam = socket.socket()
    diam.bind(("127.0.0.1", 0))
    diam.listen(10)
    try:
        with _setelan(diam.getsockname()[1], EMAIL_TIMEOUT=1):
            mulai = time.monotonic()
            keluar, galat = _gagal("--tanggal", RABU)
            lama = time.monotonic() - mulai
    finally:
        diam.close()
    assert lama < 10
    gagal = KirimanPesan.objects.filter(status="gagal")
    assert gagal.count() == 4 and "4 kiriman gagal" in galat
    assert sum("tidak menjawab" in g.keterangan for g in gagal) == 2
    assert sum(g.keterangan.startswith("Tidak dicoba") for g in gagal) == 2


def test_bad_date_is_a_clear_error():
    _, galat = _gagal("--tanggal", "12-07-2023")
    assert "--tanggal harus berbentuk YYYY-MM-DD" in galat


# --- WhatsApp gateway -------------------------------------------------------------------------


class _Gateway(BaseHTTPRequestHandler):
    diterima: list = []
    jawaban = b'{"status": true}'

    def do_POST(self):
        panjang = int(self.headers["Content-Length"])
        _Gateway.diterima.append((dict(self.headers), self.rfile.read(panjang).decode()))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(_Gateway.jawaban)

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    _Gateway.diterima = []
    _Gateway.jawaban = b'{"status": true}'
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with override_settings(
        IKI_WA_GATEWAY_URL=f"http://127.0.0.1:{server.server_port}/send", IKI_WA_GATEWAY_TOKEN="token-rahasia"
    ):
        yield _Gateway
    server.shutdown()
    server.server_close()


def _teks_layar(client, username: str) -> str:
    """The text prefilled in ``username``'s wa.me link on the WhatsApp screen."""
    respons = client.get("/pengingat/whatsapp/ketapang/2023/")
    [baris] = [b for b in respons.context["baris_staf"] + respons.context["baris_verifikator"]
               if b.orang.pengguna.username == username]
    [isi] = parse_qs(urlsplit(baris.tautan).query)["text"]
    return isi


def test_whatsapp_gateway_sends_the_screens_text_with_the_token_and_the_log_no_text(
    smtp, gateway, dikembalikan, caplog, masuk, monkeypatch
):
    Pegawai.objects.filter(nip="198801012010011001").update(telepon="081234567890")
    with caplog.at_level(logging.DEBUG):
        _jalankan("--tanggal", RABU, "--whatsapp")
    (kepala, badan), = gateway.diterima
    isi = parse_qs(badan)
    assert isi["target"] == ["6281234567890"] and kepala["Authorization"] == "token-rahasia"
    pesan = isi["message"][0]
    # The text teks.py builds for staf_a: the month owed (the returned June value), its
    # deadline passed, the entry link on IKI_URL_DASAR.
    assert pesan.splitlines() == [
        "Yth. Staf A,",
        "isian IKI Juni 2023 belum diajukan dan sudah lewat batas.",
        f"Mohon diisi dan diajukan di {URL_DASAR}/realisasi/ketapang/2023/6/",
        "Terima kasih.",
    ]
    # ... exactly what the operator's WhatsApp screen prefills for her at that moment.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2023, 7, 12, 7, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    layar = _teks_layar(masuk("operator_a"), "staf_a")
    assert pesan == layar.replace("http://testserver", URL_DASAR)
    assert masuk("staf_a").get(pesan.splitlines()[2].split(" di ")[1].removeprefix(URL_DASAR)).status_code == 200
    # Nothing of the message in the app's log (the test SMTP server's own "mail.log" aside), nor
    # the token; the status is.
    log = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))
    assert "Yth." not in log and "belum diajukan" not in log and URL_DASAR not in log
    assert "token-rahasia" not in log
    assert "whatsapp ringkasan_harian" in log
    wa = KirimanPesan.objects.get(penerima__username="staf_a", kanal="whatsapp")
    assert wa.status == "terkirim"
    # Twice the same day: one message.
    _jalankan("--tanggal", RABU, "--whatsapp")
    assert len(gateway.diterima) == 1


def test_whatsapp_a_verifier_gets_the_screens_text_or_is_listed_without_a_number(smtp, gateway, dikembalikan):
    """verifikator_a has values waiting but no number: skipped and listed; with a number, the
    gateway gets teks.py's verifier text."""
    tahun = dikembalikan.variabel.indikator.tahun
    Realisasi.objects.filter(variabel__indikator__tahun=tahun).exclude(pk=dikembalikan.pk).update(
        status=Realisasi.DIVERIFIKASI
    )
    tunggu = Realisasi.objects.filter(
        variabel__indikator__tahun=tahun, bulan=5, variabel__pengisi__kode="kasi_pemerintahan"
    )
    tunggu.update(status=Realisasi.DIAJUKAN)
    jumlah = tunggu.count()
    _jalankan("--tanggal", RABU, "--whatsapp")
    ver = KirimanPesan.objects.get(penerima__username="verifikator_a", kanal="whatsapp")
    assert (ver.status, ver.keterangan) == ("dilewati", "Pegawai pengguna ini tidak punya nomor WhatsApp yang sah.")
    assert gateway.diterima == []  # staf_a has no number either
    Pegawai.objects.filter(nama="Verifikator A").update(telepon="0812 9999 0000")
    _jalankan("--tanggal", RABU, "--whatsapp")
    (_, badan), = gateway.diterima
    isi = parse_qs(badan)
    assert isi["target"] == ["6281299990000"]
    assert isi["message"][0].splitlines() == [
        "Yth. Verifikator A,",
        f"{jumlah} nilai IKI Mei 2023 menunggu verifikasi Anda.",
        f"Mohon diperiksa di {URL_DASAR}/realisasi/verifikasi/?tahun=2023",
        "Terima kasih.",
    ]
    assert KirimanPesan.objects.get(pk=ver.pk).status == "terkirim"


def test_whatsapp_nothing_on_the_screen_for_a_user_means_no_message_and_no_row(smtp, gateway, dikembalikan, dunia):
    """The operator's digest lists the unit's returned value, but nothing waits for the operator
    personally: the WhatsApp screen has no row for them, so the gateway sends them nothing."""
    Pegawai.objects.filter(unit=dunia.unit_a).update(telepon="081234567890")
    _jalankan("--tanggal", RABU, "--whatsapp")
    assert KirimanPesan.objects.filter(penerima__username="operator_a", kanal="surel").exists()  # a digest
    assert not KirimanPesan.objects.filter(penerima__username="operator_a", kanal="whatsapp").exists()
    assert {parse_qs(b)["message"][0].splitlines()[0] for _, b in gateway.diterima} <= {
        "Yth. Staf A,", "Yth. Verifikator A,"
    }


def test_a_gateway_refusal_is_a_failure_to_retry(smtp, gateway, dikembalikan):
    Pegawai.objects.filter(nip="198801012010011001").update(telepon="+6281234567890")
    gateway.jawaban = json.dumps({"status": False, "reason": "token invalid"}).encode()
    _, galat = _gagal("--tanggal", RABU, "--whatsapp")
    wa = KirimanPesan.objects.get(penerima__username="staf_a", kanal="whatsapp")
    assert wa.status == "gagal" and wa.keterangan == "gateway menolak: token invalid"


def test_whatsapp_without_a_gateway_is_refused_clearly(smtp):
    _, galat = _gagal("--whatsapp")
    assert "IKI_WA_GATEWAY_URL" in galat


# --- Composing ----------------------------------------------------------------------------------


def test_the_digest_leaves_out_the_month_still_running(dunia):
    """staf_b's months not submitted: those ended, with their deadline; July (running) is not one."""
    r = ringkasan.ringkasan_harian(dunia.user("staf_b"), datetime(2023, 7, 12, 7, tzinfo=ZoneInfo("Asia/Jakarta")))
    teks = r.teks
    assert "Juni 2023: 2 nilai belum diajukan, batas 10 Juli 2023 (terlambat)" in teks
    assert "Juli 2023: " not in teks and "/banyuates/2023/7/" not in teks
    assert ringkasan.ringkasan_harian(dunia.user("pemantau"), datetime(2023, 7, 12, tzinfo=ZoneInfo("UTC"))) is None


def test_in_january_the_digest_reminds_of_last_years_december(dunia):
    """December is owed in January (its deadline is 10 January): the digest names it, and the
    WhatsApp list has it too, through the one rule ``kalender.bulan_berakhir``."""
    from iki.models import Realisasi, TahunIKI
    from iki.pengingat.daftar import staf_tertunda

    tahun = TahunIKI.objects.get(unit__kode="banyuates", tahun=2023)
    Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=12).delete()
    sekarang = datetime(2024, 1, 5, 7, tzinfo=ZoneInfo("Asia/Jakarta"))
    teks = ringkasan.ringkasan_harian(dunia.user("staf_b"), sekarang).teks
    assert "Desember 2023: " in teks and "/banyuates/2023/12/" in teks
    (staf,) = [s for s in staf_tertunda(tahun, sekarang) if s.pengguna == dunia.user("staf_b")]
    assert 12 in [b.bulan for b in staf.bulan]
