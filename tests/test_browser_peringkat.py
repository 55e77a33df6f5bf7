"""The pemantau's journey in a real browser: from the kabupaten view to the ranking, sort the units
by capaian, and download the ranking as Excel with the page's rows in the page's order."""

import re

import pytest
from openpyxl import load_workbook

from tests.peramban import dunia_hidup, masuk  # noqa: F401  (dunia_hidup: the live world fixture)

pytestmark = [pytest.mark.browser]


@pytest.fixture
def halaman(dunia_hidup, peramban):  # noqa: F811
    context = peramban.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()


def test_pemantau_sorts_units_by_capaian_and_downloads_the_excel(halaman, dunia_hidup, tmp_path):  # noqa: F811
    url = dunia_hidup.url
    masuk(halaman, url, "pemantau")
    halaman.goto(f"{url}/dasbor/kabupaten/")
    halaman.get_by_role("link", name="Peringkat capaian unit kerja").click()
    halaman.wait_for_url(re.compile(r".*/dasbor/kabupaten/sampang/2023/peringkat/.*"))
    assert "Capaian unit" in halaman.locator("#definisi-capaian").inner_text()

    # Sort ascending by capaian: the unit without data stays last, and the header says so.
    halaman.get_by_role("link", name=re.compile("^Capaian unit")).click()
    halaman.wait_for_url(re.compile(r".*urut=.*capaian.*"))
    kepala = halaman.locator("#peringkat-kabupaten th.kolom-capaian")
    assert kepala.get_attribute("aria-sort") in ("ascending", "descending")
    unit_layar = halaman.locator("#peringkat-kabupaten tbody tr th").all_inner_texts()
    assert unit_layar[-1].startswith("Kecamatan Banyuates")
    assert "belum ada data" in halaman.locator('tr[data-unit="banyuates"]').inner_text()

    with halaman.expect_download() as unduhan:
        halaman.get_by_role("link", name="Unduh Excel").click()
    berkas = tmp_path / unduhan.value.suggested_filename
    unduhan.value.save_as(berkas)
    assert berkas.name.startswith("peringkat-sampang-2023-")
    ws = load_workbook(berkas)["Peringkat"]
    baris = [r for r in ws.iter_rows(min_row=6, values_only=True)]
    assert [r[1] for r in baris] == [u.split(" data contoh")[0].strip() for u in unit_layar]
    assert baris[-1][3] == "belum ada data"
    ketapang = next(r for r in baris if r[1] == "Kecamatan Ketapang")
    assert isinstance(ketapang[3], float) and ketapang[0] == 1
