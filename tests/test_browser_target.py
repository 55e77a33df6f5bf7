"""The targets grid in a real browser: a typed ``92,5`` is saved as ninety-two and a half."""

from decimal import Decimal

import pytest

from tests.test_browser import masuk

pytestmark = pytest.mark.browser


def test_operator_types_92_koma_5_into_the_grid_and_sees_it_saved(live_server, dunia_tx, peramban):
    from iki.models import Indikator, Target

    halaman = peramban.new_page(viewport={"width": 390, "height": 844})  # a phone
    halaman.set_default_timeout(15000)
    indikator = Indikator.objects.get(tahun__unit__kode="banyuates", kode="surat")
    masuk(halaman, live_server, "operator_b")
    halaman.wait_for_url(f"{live_server.url}/**")
    halaman.goto(f"{live_server.url}/iki/banyuates/2023/target/")
    kotak = halaman.locator(f"#indikator-{indikator.pk} input[name='t{indikator.pk}_tw1']")
    assert kotak.get_attribute("type") == "text"
    assert kotak.get_attribute("inputmode") == "decimal"
    kotak.press_sequentially("92,5")
    halaman.get_by_role("button", name="Simpan semua target").click()
    halaman.wait_for_load_state()
    assert "1 target disimpan" in halaman.locator("main").inner_text()
    assert Target.objects.get(indikator=indikator, periode="tw1").nilai == Decimal("92.5")
    # Shown back the Indonesian way, and the page fits the phone's width.
    assert halaman.locator(f"input[name='t{indikator.pk}_tw1']").input_value() == "92,5"
    assert halaman.evaluate("document.documentElement.scrollWidth") <= 390
