"""The indicator page in a real browser on a phone: a bad formula gets the live message under the
field while typing, the fixed one is confirmed, and the indicator is saved with its variables."""

import pytest

from tests.test_browser import masuk

pytestmark = pytest.mark.browser


@pytest.fixture
def halaman(live_server, dunia_tx, peramban):
    page = peramban.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(15000)
    yield page


def test_operator_types_a_bad_formula_sees_the_live_message_fixes_it_and_saves(halaman, live_server):
    from iki.models import Indikator

    masuk(halaman, live_server, "operator_b")
    halaman.wait_for_url(f"{live_server.url}/**")
    halaman.goto(f"{live_server.url}/iki/banyuates/2023/indikator/baru/")
    halaman.locator("#id_kode").fill("arsip")
    halaman.locator("#id_nama").fill("Persentase arsip tertata")
    halaman.locator("#id_variabel-0-kode").fill("tertata")
    halaman.locator("#id_variabel-0-nama").fill("Jumlah arsip tertata")
    halaman.locator("#id_variabel-1-kode").fill("arsip_total")
    halaman.locator("#id_variabel-1-nama").fill("Jumlah arsip")

    rumus = halaman.locator("#id_rumus")
    pesan = halaman.locator("#rumus-periksa")
    assert pesan.get_attribute("aria-live") == "polite"
    rumus.press_sequentially("tertata : arsip_semua x 100 %")
    pesan.get_by_text("Nama tidak dikenal: arsip_semua").wait_for()
    assert "arsip_total, tertata" in pesan.inner_text()

    rumus.fill("")
    rumus.press_sequentially("tertata : arsip_total x 100 %")
    pesan.get_by_text("Rumus dapat dihitung").wait_for()
    assert "tertata : arsip_total x 100 %" in pesan.inner_text()

    # Another variable row comes with the button (left empty: ignored on save).
    halaman.get_by_role("button", name="Tambah baris variabel").click()
    assert halaman.locator("input[name='variabel-2-kode']").count() == 1
    lebar = halaman.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 390 + 1  # fits a phone

    halaman.get_by_role("button", name="Simpan").click()
    halaman.get_by_text("tersimpan").wait_for()
    ind = Indikator.objects.get(tahun__unit__kode="banyuates", kode="arsip")
    assert ind.rumus == "tertata : arsip_total x 100 %"
    assert sorted(ind.variabel.values_list("kode", flat=True)) == ["arsip_total", "tertata"]
    assert halaman.url.endswith(f"/iki/banyuates/2023/indikator/{ind.pk}/")
