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

from tests.conftest import PASSWORD

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
            page.goto(f"{live_server.url}/masuk/")
            page.get_by_label("Nama pengguna").fill(username)
            page.get_by_label("Kata sandi").fill(PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(lambda u: "/masuk/" not in u)  # home, or the pemantau's list of units
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
