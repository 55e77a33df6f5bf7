"""Numbers typed in a real browser are saved as typed.

Chromium's ``type=number`` input turns a typed ``92,5`` into ``925`` before the server sees it: the
admin saved a target of 92,5 as 925 and a TPP deduction of 0,5 % as 5 %. Typed with the keyboard
here, as a person would, into Debian's chromium.
"""

from decimal import Decimal

import pytest

from tests.test_browser import masuk

pytestmark = pytest.mark.browser


@pytest.fixture
def halaman(live_server, dunia_tx, peramban):
    page = peramban.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15000)
    yield page


def test_a_target_typed_92_koma_5_in_the_admin_is_ninety_two_and_a_half(halaman, live_server):
    from iki.models import Indikator, Target

    indikator = Indikator.objects.get(tahun__unit__kode="banyuates", kode="surat")
    masuk(halaman, live_server, "operator_b")
    halaman.wait_for_url(f"{live_server.url}/**")
    halaman.goto(f"{live_server.url}/pengaturan/iki/indikator/{indikator.pk}/change/")
    halaman.locator("#target-group .add-row a").click()
    halaman.locator("select[name='target-0-periode']").select_option("tw1")
    kotak = halaman.locator("input[name='target-0-nilai']")
    assert kotak.get_attribute("type") == "text"
    kotak.press_sequentially("92,5")
    halaman.locator("input[name='_save']").click()
    halaman.wait_for_url(f"{live_server.url}/pengaturan/iki/indikator/")
    assert Target.objects.get(indikator=indikator, periode="tw1").nilai == Decimal("92.5")

    # Shown back the Indonesian way.
    halaman.goto(f"{live_server.url}/pengaturan/iki/indikator/{indikator.pk}/change/")
    assert halaman.locator("input[name='target-0-nilai']").input_value() == "92,5"


def test_a_tpp_deduction_typed_0_koma_5_is_half_a_percent(halaman, live_server):
    from iki.models import AturanPotongan

    masuk(halaman, live_server, "operator_b")
    halaman.wait_for_url(f"{live_server.url}/**")
    halaman.goto(f"{live_server.url}/presensi/banyuates/aturan/")
    halaman.get_by_label("Jenis pelanggaran").select_option("tanpa_keterangan")
    kotak = halaman.get_by_label("Potongan (%) per kejadian")
    assert kotak.get_attribute("type") == "text"
    kotak.press_sequentially("0,5")
    halaman.get_by_role("button", name="Tambah aturan").click()
    halaman.wait_for_load_state()
    assert AturanPotongan.objects.get(unit__kode="banyuates", jenis="tanpa_keterangan").persen == Decimal("0.5")
