"""axe-core over the pages of every role, in a real browser on a phone-sized screen.

For each role the pages are those the crawl of tests/test_jelajah.py reaches (fixture ``jelajah``),
each URL shape once (digits, the unit's code and the query's values do not make another page);
the operator's admin pages come from the crawl of /pengaturan/. axe-core comes bundled with
axe-playwright-python (nothing is fetched). A page passes with no violation of impact "serious"
or "critical"; minor and moderate findings are left for later.

One browser, one context per role (logged in once through the login page), one page object reused.
"""

import re
import time
from urllib.parse import parse_qsl, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.peramban import masuk

pytestmark = [pytest.mark.browser]

PERAN = [
    ("staf_a", "/"),
    ("verifikator_a", "/"),
    ("camat_a", "/"),
    ("pemantau", "/"),
    ("operator_a", "/"),
    ("operator_a", "/pengaturan/"),
]
BERAT = {"serious", "critical"}


def bentuk(url: str) -> str:
    """The shape of a URL: `/realisasi/ketapang/2023/5/?jabatan=3` → `/realisasi/U/N/N/?jabatan`."""
    bagian = urlsplit(url)
    jalur = re.sub(r"\d+", "N", bagian.path)
    jalur = re.sub(r"/(ketapang|banyuates|sampang)/", "/U/", jalur)
    kunci = sorted({k for k, _ in parse_qsl(bagian.query, keep_blank_values=True)})
    return jalur + (f"?{'&'.join(kunci)}" if kunci else "")


def satu_per_bentuk(urls: list[str]) -> list[str]:
    terpilih = {}
    for url in urls:
        terpilih.setdefault(bentuk(url), url)
    return list(terpilih.values())


def pelanggaran_berat(hasil: dict) -> list[tuple[str, str, str]]:
    """(rule id, target, summary) of each serious or critical node axe reported."""
    return [
        (v["id"], " ".join(map(str, node["target"])), node.get("failureSummary", "").replace("\n", " "))
        for v in hasil["violations"]
        if v.get("impact") in BERAT
        for node in v["nodes"]
    ]


def test_shapes_fold_ids_units_and_query_values():
    assert bentuk("/realisasi/banyuates/2023/5/?jabatan=3") == "/realisasi/U/N/N/?jabatan"
    assert bentuk("/dasbor/ketapang/2023/?periode=tw1") == bentuk("/dasbor/banyuates/2024/?periode=tahun")
    assert bentuk("/dasbor/ketapang/2023/") != bentuk("/dasbor/ketapang/2023/?periode=tw1")
    assert satu_per_bentuk(["/a/1/", "/a/2/", "/b/"]) == ["/a/1/", "/b/"]


def test_pelanggaran_berat_keeps_only_serious_and_critical():
    hasil = {"violations": [
        {"id": "color-contrast", "impact": "serious", "nodes": [{"target": [".x"], "failureSummary": "a"}]},
        {"id": "region", "impact": "moderate", "nodes": [{"target": [".y"], "failureSummary": "b"}]},
        {"id": "label", "impact": "critical", "nodes": [{"target": ["#z"]}]},
    ]}
    assert pelanggaran_berat(hasil) == [("color-contrast", ".x", "a"), ("label", "#z", "")]


def test_no_serious_accessibility_violation_on_any_page_of_any_role(jelajah, live_server, dunia_tx, peramban):
    halaman_per_peran = {(u, awal): satu_per_bentuk(jelajah(u, awal).html) for u, awal in PERAN}
    axe = Axe()
    temuan: list[tuple[str, str, str, str, str]] = []
    diperiksa = 0
    mulai = time.monotonic()
    konteks = {}
    for (username, _awal), urls in halaman_per_peran.items():
        if username not in konteks:
            context = peramban.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.set_default_timeout(20000)
            masuk(page, live_server, username)
            konteks[username] = page
        page = konteks[username]
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            assert "/masuk/" not in page.url, f"{username} keluar dari sesi di {url}"
            hasil = axe.run(page).response
            diperiksa += 1
            temuan += [(username, url, *t) for t in pelanggaran_berat(hasil)]
    durasi = time.monotonic() - mulai
    print(f"\naxe: {diperiksa} halaman dalam {durasi:.0f} s")
    assert diperiksa > 150  # every role really went somewhere
    assert not temuan, "pelanggaran serius/kritis (peran, halaman, aturan, target, ringkasan):\n" + "\n".join(
        " | ".join(t) for t in temuan
    )


def test_no_serious_accessibility_violation_on_the_reminder_and_account_pages(live_server, dunia_tx, peramban):
    """The page shapes of issue 16 the GET crawl above cannot reach, or reaches only empty: an
    inbox with notifications, the WhatsApp texts, the mail setting and the log of what was sent
    (with rows), the accounts screen with its error, the one-time password pages (answers to a
    POST), the forgotten-password pages signed out (form, sent, link, link with errors, used
    link, done), the password change with errors and the forced change after a one-time password."""
    from io import StringIO

    from django.contrib.auth.tokens import default_token_generator
    from django.core.management import call_command
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from iki.models import Pegawai, Pengguna, Realisasi, TahunIKI
    from iki.realisasi.alur import kembalikan

    tahun = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    r = Realisasi.objects.filter(variabel__indikator__tahun=tahun, variabel__pengisi__kode="kasi_pemerintahan",
                                 bulan=6).first()
    Realisasi.objects.filter(pk=r.pk).update(status=Realisasi.DIAJUKAN)
    kembalikan(user=Pengguna.objects.get(username="verifikator_a"), realisasi=Realisasi.objects.get(pk=r.pk),
               catatan="Register menulis 4 <b>tebal</b>")
    Pengguna.objects.filter(username="staf_a").update(email="staf.a@ketapang.go.id")
    Pegawai.objects.create(unit=tahun.unit, nip="199901012022011001", nama="Pegawai Baru")
    call_command("kirim_pengingat", "--tanggal", "2023-07-12", stdout=StringIO(), stderr=StringIO())
    staf = Pengguna.objects.get(username="staf_a")
    atur = f"/sandi/atur/{urlsafe_base64_encode(force_bytes(staf.pk))}/{default_token_generator.make_token(staf)}/"

    axe = Axe()
    temuan: list[tuple[str, str, str, str, str]] = []
    diperiksa = []

    def periksa(page, nama):
        page.wait_for_load_state()
        diperiksa.append(nama)
        temuan.extend((nama, page.url, *t) for t in pelanggaran_berat(axe.run(page).response))

    def halaman_baru():
        page = peramban.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.set_default_timeout(20000)
        return page

    # Signed out: the forgotten password, from the form to the end.
    page = halaman_baru()
    for jalur in ("/masuk/", "/sandi/lupa/"):
        page.goto(f"{live_server.url}{jalur}")
        periksa(page, jalur)
    page.get_by_label("Alamat surel").fill("staf.a@ketapang.go.id")
    page.get_by_role("button", name="Kirim tautan").click()
    page.get_by_role("heading", name="Periksa surel Anda").wait_for()
    periksa(page, "tautan terkirim")
    page.goto(f"{live_server.url}{atur}")
    page.get_by_label("Kata sandi baru", exact=True).wait_for()
    periksa(page, "kata sandi baru dari surel")
    page.get_by_label("Kata sandi baru", exact=True).fill("Kopi-Tubruk-Madura-7")
    page.get_by_label("Ulangi kata sandi baru").fill("Kopi-Tubruk-Madura-8")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    page.get_by_text("Kedua kata sandi baru tidak sama").first.wait_for()
    periksa(page, "kata sandi baru dari surel, salah")
    page.goto(f"{live_server.url}/sandi/atur/MQ/tautan-palsu/")
    page.get_by_role("heading", name="Tautan tidak berlaku lagi").wait_for()
    periksa(page, "tautan tidak berlaku")
    page.goto(f"{live_server.url}/sandi/atur/selesai/")
    periksa(page, "kata sandi baru tersimpan")

    # The staf: an inbox with a returned value, the mail setting, the password change with errors.
    page = halaman_baru()
    masuk(page, live_server, "staf_a")
    for jalur in ("/kotak-masuk/", "/pengingat/pengaturan/", "/sandi/ganti/"):
        page.goto(f"{live_server.url}{jalur}")
        periksa(page, jalur)
    page.get_by_label("Kata sandi sekarang").fill("salah")
    page.get_by_label("Kata sandi baru", exact=True).fill("Kopi-Tubruk-Madura-7")
    page.get_by_label("Ulangi kata sandi baru").fill("Kopi-Tubruk-Madura-7")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    page.locator(".invalid-feedback, .alert-danger").first.wait_for()
    periksa(page, "ganti kata sandi, salah")

    # The operator: WhatsApp texts, the log of what was sent, accounts, one-time passwords.
    page = halaman_baru()
    masuk(page, live_server, "operator_a")
    for jalur in ("/pengingat/whatsapp/ketapang/2023/", "/pengingat/kiriman/", "/akun/"):
        page.goto(f"{live_server.url}{jalur}")
        periksa(page, jalur)
    page.get_by_role("button", name="Buat akun dan tampilkan kata sandi sekali pakai").click()
    page.locator("#galat-pegawai").wait_for()
    periksa(page, "buat akun, salah")
    page.get_by_label("Pegawai Baru").check()
    page.get_by_role("button", name="Buat akun dan tampilkan kata sandi sekali pakai").click()
    page.get_by_text("Ditampilkan hanya sekali").first.wait_for()
    periksa(page, "daftar kata sandi sekali pakai")
    page.goto(f"{live_server.url}/akun/")
    page.get_by_role("link", name="Atur ulang ke kata sandi sekali pakai untuk staf_a").click()
    periksa(page, "konfirmasi atur ulang")
    page.get_by_role("button", name="Atur ulang ke kata sandi sekali pakai").click()
    page.get_by_text("Ditampilkan hanya sekali").wait_for()
    periksa(page, "kata sandi sekali pakai")
    sekali = page.locator("td.sandi").inner_text().strip()

    # The staf signs in with it: the forced change.
    page = halaman_baru()
    masuk(page, live_server, "staf_a", sekali)
    page.wait_for_url(lambda u: "/sandi/ganti/" in u)
    periksa(page, "wajib ganti kata sandi")

    assert len(diperiksa) == 19
    assert not temuan, "pelanggaran serius/kritis (halaman, url, aturan, target, ringkasan):\n" + "\n".join(
        " | ".join(t) for t in temuan
    )


def test_no_serious_accessibility_violation_on_the_pages_of_issue_17(live_server, dunia_tx, peramban):
    """The shapes the crawl does not reach in the shared world, with the data that makes them
    appear: the entry card with the desa checklist (per-desa form, March open), the drill-down with
    the desa × month matrix, the dashboard and drill-down with last year's columns (a 2022 copy), the
    laporan kinerja print screen, the e-Kinerja list, the kabupaten ranking (and sorted)."""
    from iki.models import Indikator, Realisasi, TahunIKI, Variabel
    from iki.set_iki.data import ketapang_2023
    from iki.set_iki.muat import muat_desa_contoh
    from iki.set_iki.tahun import salin_tahun

    t23 = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    muat_desa_contoh(ketapang_2023, t23)
    Realisasi.objects.filter(variabel__indikator__tahun=t23, variabel__pengisi__kode="kasi_pemerintahan",
                             bulan=3).delete()
    t22 = salin_tahun(t23, ke_tahun=2022)
    for v in Variabel.objects.filter(indikator__tahun=t22, indikator__kode="adminduk"):
        Realisasi.objects.bulk_create([Realisasi(variabel=v, bulan=b, nilai=9, status=Realisasi.DIVERIFIKASI)
                                       for b in range(1, 13)])
    desa = Indikator.objects.get(tahun=t23, kode="desa_tertib").pk
    adminduk = Indikator.objects.get(tahun=t23, kode="adminduk").pk
    # (page, an element that shows the page has the shape it is here for)
    halaman = {
        "staf_a": [("/realisasi/ketapang/2023/3/", "input.centang-desa"),
                   ("/dasbor/ketapang/2023/saya/", "text=Unduh e-Kinerja (Excel)")],
        "camat_a": [
            (f"/dasbor/ketapang/2023/indikator/{desa}/", "table.tabel-desa-bulan"),
            (f"/dasbor/ketapang/2023/indikator/{adminduk}/?periode=tw1", "text=Realisasi 2022"),
            ("/dasbor/ketapang/2023/?periode=3", "td.tahun-lalu"),
            ("/dasbor/ketapang/2023/laporan/kinerja/cetak/", "text=Unduh DOCX (dapat disunting)"),
            ("/dasbor/ketapang/2023/ekinerja/", "#daftar-ekinerja a[href$='?format=xlsx']"),
            ("/dasbor/kabupaten/sampang/2023/peringkat/", "#peringkat-kabupaten"),
        ],
        "pemantau": [
            ("/dasbor/kabupaten/sampang/2023/peringkat/?periode=tw1&urut=capaian",
             "#peringkat-kabupaten th[aria-sort=ascending]"),
        ],
    }
    axe = Axe()
    temuan = []
    for username, urls in halaman.items():
        page = peramban.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.set_default_timeout(20000)
        masuk(page, live_server, username)
        for url, penanda in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200 and "/masuk/" not in page.url, (username, url)
            assert page.locator(penanda).count() >= 1, (username, url, penanda)
            temuan += [(username, url, *t) for t in pelanggaran_berat(axe.run(page).response)]
    assert not temuan, "pelanggaran serius/kritis (peran, halaman, aturan, target, ringkasan):\n" + "\n".join(
        " | ".join(t) for t in temuan
    )
