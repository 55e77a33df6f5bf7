"""Load test: requests per second of a camat's dashboard under concurrent clients, against gunicorn.

Bounded and loopback only. It prepares a throw-away database (migrate + ``buat_kabupaten_contoh``
with a camat per unit; SQLite in a temporary directory, or the PostgreSQL database named by
``IKI_BEBAN_DATABASE_URL``, which it fills: give it an empty one), starts ``gunicorn
kecamatan.wsgi`` on a free 127.0.0.1 port with ``bench.settings_beban`` (the app plus the bare
table page, see bench/tabel_polos.py), logs a camat in and, for a fixed number of seconds each,
loads with N concurrent clients (threads, http.client, one connection per request as gunicorn's
sync workers close them):

- the camat's unit dashboard (the unit whose table is nearest 110 rows),
- the bare page of the same tables (bench/tabel_polos.py),
- a 500 KB static file,
- the dashboard again while one more client loops the laporan capaian PDF of that unit.

Figures: ``beban_dasbor_rps``, ``beban_tabel_polos_rps``, ``beban_statis_rps``,
``dashboard_throughput_rasio`` (dashboard ÷ bare page, target ≥ 0,5), ``beban_dasbor_pdf_rps``,
``dashboard_throughput_pdf_rasio`` (dashboard with the PDF loop ÷ without), ``beban_pdf_per_menit``
and ``beban_gagal`` (responses that were not 200 with their marker). A response counts when it is
200 and carries its marker (the unit's name; the static file's length): nothing else of the page is
assumed, so the figures stay comparable when the dashboard or the PDF change inside.

Alone: ``.venv/bin/python bench/bench_beban.py [--detik 8] [--klien 4] [--pekerja 3] [--unit 10]
[--tahun 1]``; ``make bench`` runs it with the others (about 1–2 minutes).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST = "127.0.0.1"
BESAR_STATIS = 500 * 1024
BARIS_SASARAN = 110  # the unit: a 110-row dashboard


def periksa_alamat(host: str) -> str:
    """Only this machine's loopback address is ever loaded."""
    if host != HOST:
        raise SystemExit(f"Uji beban hanya ke {HOST} (bukan {host!r}).")
    return host


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _env(tmp: Path) -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # never the development or production database
    if os.environ.get("IKI_BEBAN_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["IKI_BEBAN_DATABASE_URL"]
    env.update({
        "IKI_DATA_DIR": str(tmp),
        "IKI_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_SETTINGS_MODULE": "bench.settings_beban",
        "DJANGO_DEBUG": "0",
        "IKI_PRODUCTION": "0",
        "IKI_BEBAN_TABEL": str(tmp / "tabel.json"),
        "PYTHONPATH": str(ROOT),
    })
    return env


def _manage(env: dict, *args: str) -> str:
    hasil = subprocess.run([PY, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True,
                           text=True, timeout=900)
    if hasil.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} gagal:\n{hasil.stderr[-2000:]}")
    return hasil.stdout


PILIH_UNIT = f"""
BARIS = {BARIS_SASARAN}
from django.db.models import Count
from iki.models import TahunIKI
t = (TahunIKI.objects.filter(unit__kabupaten__kode="beban").annotate(n=Count("jabatan__baris"))
     .order_by("-tahun").values_list("unit__kode", "unit__nama_wilayah", "tahun", "n"))
terbaru = max(x[2] for x in t)
kode, nama, tahun, n = min((x for x in t if x[2] == terbaru), key=lambda x: abs(x[3] - BARIS))
print(kode, tahun, n, nama, sep="|")
"""


def siapkan(tmp: Path, env: dict, unit: int, tahun: int) -> dict:
    _manage(env, "migrate", "--noinput", "-v0")
    ringkas = _manage(env, "buat_kabupaten_contoh", "--kode", "beban", "--nama", "Beban", "--unit", str(unit),
                      "--tahun", str(tahun), "--pengguna")
    kode, th, baris, nama = _manage(env, "shell", "-c", PILIH_UNIT).strip().splitlines()[-1].split("|")
    statis = tmp / "static" / "bench"
    statis.mkdir(parents=True, exist_ok=True)
    (statis / "statis-500kb.bin").write_bytes(os.urandom(BESAR_STATIS))
    return {"kode": kode, "tahun": int(th), "baris": int(baris), "nama": nama, "ringkas": ringkas.strip()}


class Server:
    """gunicorn started by this script, in its own process group, stopped by its id."""

    def __init__(self, env: dict, pekerja: int, tmp: Path):
        self.port = _port_bebas()
        self.log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115
        self.proses = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn") if (ROOT / ".venv" / "bin" / "gunicorn").exists()
             else "gunicorn", "kecamatan.wsgi", "--bind", f"{periksa_alamat(HOST)}:{self.port}",
             "--workers", str(pekerja), "--timeout", "120"],
            env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        batas = time.monotonic() + 60
        while time.monotonic() < batas:
            try:
                if _minta("GET", self.port, "/masuk/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.berhenti()
        raise RuntimeError("gunicorn tidak menjawab dalam 60 detik")

    def berhenti(self):
        if self.proses.poll() is None:
            os.killpg(self.proses.pid, signal.SIGTERM)
            try:
                self.proses.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proses.pid, signal.SIGKILL)
        self.log.close()


def _minta(metode: str, port: int, jalur: str, *, cookie: str = "", badan: str | None = None, kepala=None):
    koneksi = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        h = {"Host": f"{HOST}:{port}", **({"Cookie": cookie} if cookie else {}), **(kepala or {})}
        koneksi.request(metode, jalur, body=badan, headers=h)
        r = koneksi.getresponse()
        return r.status, r.read(), r.getheaders()
    finally:
        koneksi.close()


def _cookie(kepala, sebelumnya: dict) -> dict:
    hasil = dict(sebelumnya)
    for nama, nilai in kepala:
        if nama.lower() == "set-cookie":
            k, _, v = nilai.split(";", 1)[0].partition("=")
            hasil[k.strip()] = v.strip()
    return hasil


def masuk(port: int, username: str, password: str) -> str:
    """Log in through the login form; the session cookie header to send."""
    status, isi, kepala = _minta("GET", port, "/masuk/")
    kue = _cookie(kepala, {})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', isi).group(1).decode()
    badan = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    status, _, kepala = _minta(
        "POST", port, "/masuk/", cookie="; ".join(f"{k}={v}" for k, v in kue.items()), badan=badan,
        kepala={"Content-Type": "application/x-www-form-urlencoded"},
    )
    kue = _cookie(kepala, kue)
    if status != 302 or "sessionid" not in kue:
        raise RuntimeError(f"Masuk sebagai {username} gagal (status {status}).")
    return "; ".join(f"{k}={v}" for k, v in kue.items())


class _Tabel(HTMLParser):
    """The cells (text, title, class) of every table of a page."""

    def __init__(self):
        super().__init__()
        self.tabel, self._sel = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tabel.append([])
        elif tag == "tr" and self.tabel:
            self.tabel[-1].append([])
        elif tag in ("td", "th") and self.tabel and self.tabel[-1]:
            self._sel = ["", a.get("title") or "", a.get("class") or ""]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._sel is not None:
            self._sel[0] = " ".join(self._sel[0].split())
            self.tabel[-1][-1].append(self._sel)
            self._sel = None

    def handle_data(self, data):
        if self._sel is not None:
            self._sel[0] += data


def salin_tabel(isi: bytes, judul: str, tujuan: Path) -> int:
    p = _Tabel()
    p.feed(isi.decode())
    tujuan.write_text(json.dumps({"judul": judul, "tabel": p.tabel}), encoding="utf-8")
    return sum(len(t) for t in p.tabel)


def beban(port: int, jalur: str, *, cookie: str, penanda: bytes | int, klien: int, detik: float,
          pengganggu=None) -> dict:
    """``klien`` threads request ``jalur`` for ``detik`` seconds; requests per second that came
    back 200 with their marker (bytes in the body, or the body's exact length)."""
    berhenti = threading.Event()
    hitung = {"ok": 0, "gagal": 0}
    kunci = threading.Lock()

    def jalan():
        while not berhenti.is_set():
            try:
                status, isi, _ = _minta("GET", port, jalur, cookie=cookie)
                baik = status == 200 and (len(isi) == penanda if isinstance(penanda, int) else penanda in isi)
            except OSError:
                baik = False
            if berhenti.is_set():
                return  # finished after the window: not counted
            with kunci:
                hitung["ok" if baik else "gagal"] += 1

    for _ in range(2):  # warm every worker's imports and templates first
        _minta("GET", port, jalur, cookie=cookie)
    lain = threading.Thread(target=pengganggu, args=(berhenti,), daemon=True) if pengganggu else None
    if lain:
        lain.start()
        time.sleep(1)  # the first PDF is under way
    benang = [threading.Thread(target=jalan, daemon=True) for _ in range(klien)]
    mulai = time.perf_counter()
    for b in benang:
        b.start()
    time.sleep(detik)
    berhenti.set()
    lama = time.perf_counter() - mulai
    for b in benang:
        b.join(timeout=130)
    if lain:
        lain.join(timeout=130)
    return {"rps": hitung["ok"] / lama, "gagal": hitung["gagal"]}


def ukur(*, detik: float = 8, klien: int = 4, pekerja: int = 3, unit: int = 6, tahun: int = 1) -> list[dict]:
    periksa_alamat(HOST)
    tmp = Path(tempfile.mkdtemp(prefix="iki-beban-"))
    env = _env(tmp)
    siap = siapkan(tmp, env, unit, tahun)
    server = Server(env, pekerja, tmp)
    try:
        cookie = masuk(server.port, f"camat-{siap['kode']}", "ketapang2023")
        penanda = siap["nama"].encode()
        dasbor = f"/dasbor/{siap['kode']}/{siap['tahun']}/?periode=tahun"
        status, isi, _ = _minta("GET", server.port, dasbor, cookie=cookie)
        if status != 200 or penanda not in isi:
            raise RuntimeError(f"Dasbor {dasbor} menjawab {status} tanpa {siap['nama']!r}.")
        baris = salin_tabel(isi, f"Tabel polos {siap['nama']}", tmp / "tabel.json")
        polos = f"/bench/tabel-polos/{siap['kode']}/{siap['tahun']}/"
        pdf = f"/dasbor/{siap['kode']}/{siap['tahun']}/laporan/?format=pdf&periode=tahun"
        pdf_selesai = [0]

        def putar_pdf(berhenti):
            # One user asking for the PDF again as soon as the last one arrived; a "being
            # prepared" answer (a redirect) is followed, as the browser would.
            while not berhenti.is_set():
                status, _, kepala = _minta("GET", server.port, pdf, cookie=cookie)
                lokasi = dict((k.lower(), v) for k, v in kepala).get("location")
                if status in (301, 302, 303) and lokasi:
                    status, _, _ = _minta("GET", server.port, urlsplit(lokasi).path or lokasi, cookie=cookie)
                    time.sleep(0.5)
                if status == 200:
                    pdf_selesai[0] += 1

        d = beban(server.port, dasbor, cookie=cookie, penanda=penanda, klien=klien, detik=detik)
        p = beban(server.port, polos, cookie=cookie, penanda=penanda, klien=klien, detik=detik)
        s = beban(server.port, "/static/bench/statis-500kb.bin", cookie="", penanda=BESAR_STATIS, klien=klien,
                  detik=detik)
        dp = beban(server.port, dasbor, cookie=cookie, penanda=penanda, klien=klien, detik=detik,
                   pengganggu=putar_pdf)
    finally:
        server.berhenti()
    r = lambda x, n=1: round(x, n)  # noqa: E731
    return [
        {"name": "beban_dasbor_rps", "value": r(d["rps"]), "unit": "req/s"},
        {"name": "beban_tabel_polos_rps", "value": r(p["rps"]), "unit": "req/s"},
        {"name": "beban_statis_rps", "value": r(s["rps"]), "unit": "req/s"},
        {"name": "dashboard_throughput_rasio", "value": r(d["rps"] / p["rps"], 2) if p["rps"] else None, "unit": "x"},
        {"name": "beban_dasbor_pdf_rps", "value": r(dp["rps"]), "unit": "req/s"},
        {"name": "dashboard_throughput_pdf_rasio", "value": r(dp["rps"] / d["rps"], 2) if d["rps"] else None,
         "unit": "x"},
        {"name": "beban_pdf_per_menit", "value": r(pdf_selesai[0] * 60 / (detik + 1)), "unit": "PDF/min"},
        {"name": "beban_gagal", "value": d["gagal"] + p["gagal"] + s["gagal"] + dp["gagal"], "unit": "responses"},
        {"name": "beban_baris_tabel", "value": baris, "unit": "rows"},
        {"name": "beban_baris_iki_unit", "value": siap["baris"], "unit": "rows"},
    ]


def run() -> list[dict]:
    return ukur(
        detik=float(os.environ.get("IKI_BEBAN_DETIK", 8)),
        klien=int(os.environ.get("IKI_BEBAN_KLIEN", 4)),
        pekerja=int(os.environ.get("IKI_BEBAN_PEKERJA", 3)),
        unit=int(os.environ.get("IKI_BEBAN_UNIT", 10)),
        tahun=int(os.environ.get("IKI_BEBAN_TAHUN", 1)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--detik", type=float, default=8, help="seconds of load per scenario")
    parser.add_argument("--klien", type=int, default=4, help="concurrent clients")
    parser.add_argument("--pekerja", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--unit", type=int, default=10, help="units of the generated kabupaten")
    parser.add_argument("--tahun", type=int, default=1, help="years of the generated kabupaten")
    parser.add_argument("--host", default=HOST, help="only 127.0.0.1 is accepted")
    a = parser.parse_args()
    periksa_alamat(a.host)
    if not (1 <= a.klien <= 32 and 1 <= a.detik <= 120 and 1 <= a.pekerja <= 8):
        raise SystemExit("Batas: 1–32 klien, 1–120 detik per skenario, 1–8 pekerja.")
    for f in ukur(detik=a.detik, klien=a.klien, pekerja=a.pekerja, unit=a.unit, tahun=a.tahun):
        print(json.dumps(f), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
