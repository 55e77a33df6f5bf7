"""Survei IKM in a real browser: an operator keys in a stack of paper questionnaires with the
keyboard alone and sees the IKM and its mutu (Playwright driving Debian's chromium)."""

import os
from decimal import Decimal
from fractions import Fraction

import pytest

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
]

TANGKAPAN = os.environ.get("IKI_TANGKAPAN_LAYAR")  # a folder: save screenshots there to look at


@pytest.fixture
def halaman(live_server, dunia_tx, peramban):
    # A desk computer with an Indonesian browser: the date field reads dd/mm/yyyy.
    page = peramban.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page.set_default_timeout(15000)
    yield page


def foto(page, nama):
    if TANGKAPAN:
        page.screenshot(path=os.path.join(TANGKAPAN, f"{nama}.png"), full_page=True)


def masuk(page, live_server, username):
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


# Thirty paper forms: the nine answers as keys ("·" = left blank on paper), then age, sex,
# education and occupation as typed (digits pick the numbered options).
KERTAS = [
    ("443344334", "34", "p", "3", "5"),
    ("333333333", "27", "l", "4", "4"),
    ("4444444·4", "45", "p", "5", "1"),
    *(
        ("434343434" if i % 2 else "344334443", str(20 + i), "lp"[i % 2], str(1 + i % 7), str(1 + i % 6))
        for i in range(27)
    ),
]


def ikm_diharapkan() -> Decimal:
    jumlah = [0] * 9
    banyak = [0] * 9
    for jawaban, *_ in KERTAS:
        for i, c in enumerate(jawaban):
            if c != "·":
                jumlah[i] += int(c)
                banyak[i] += 1
    nilai = sum(Fraction(s, n) for s, n in zip(jumlah, banyak, strict=True)) / 9 * 25
    return Decimal(int(nilai * 100 + Fraction(1, 2))) / 100


def test_operator_keys_in_thirty_paper_questionnaires_and_sees_ikm_and_mutu(halaman, live_server):
    from iki.ikm.sumber import nilai_ikm
    from iki.inti.perhitungan import Periode
    from iki.models import TahunIKI, UnitKerja
    from iki.models.ikm import JenisLayanan, Kuesioner, SurveiIKM

    unit = UnitKerja.objects.get(kode="ketapang")
    JenisLayanan.objects.get_or_create(unit=unit, nama="KTP-el", defaults={"urutan": 1})
    SurveiIKM.objects.filter(unit=unit).delete()

    page = halaman
    masuk(page, live_server, "operator_a")

    # The operator opens the survey of 2023 and creates the period TW II.
    page.goto(f"{live_server.url}/ikm/unit/ketapang/2023/")
    page.get_by_role("combobox", name="Periode survei").select_option("tw2")
    page.get_by_role("textbox", name="Populasi pengguna layanan").fill("1.000")
    assert "278 responden" in page.locator("#saran-sampel").inner_text()
    page.get_by_role("button", name="Buat survei").click()
    page.wait_for_url("**/kuesioner/")
    survei = SurveiIKM.objects.get(unit=unit, tahun=2023, jenis="tw", nomor=2)

    # First form: the cursor waits in the date; the rest is typed without the mouse.
    tanggal = page.locator("#id_tanggal")
    assert tanggal.evaluate("el => el === document.activeElement")
    page.keyboard.type("05052023")  # a whole date → jenis layanan
    assert tanggal.input_value() == "05/05/2023"
    for i, (jawaban, umur, jk, pend, pek) in enumerate(KERTAS, start=1):
        if i == 1:
            page.keyboard.press("1")  # "1 · KTP-el", and on to umur
        else:
            # Date and service carry over; the cursor starts in umur.
            assert page.locator("#id_umur").evaluate("el => el === document.activeElement"), i
        page.keyboard.type(umur)  # two digits → jenis kelamin
        page.keyboard.type(jk)  # → pendidikan
        page.keyboard.type(pend)  # → pekerjaan
        page.keyboard.type(pek)  # → U1
        assert page.locator("#id_U1").evaluate("el => el === document.activeElement"), i
        page.keyboard.type(jawaban.replace("·", " "))  # after U9 the cursor is on Simpan
        page.keyboard.press("Enter")
        if "·" in jawaban:
            # A blank on paper is confirmed with a second Enter (the cursor waits in the blank).
            page.wait_for_selector("#pesan-form")
            assert "Unsur U8 belum diisi" in page.locator("#pesan-form").inner_text()
            assert page.locator("#id_U8").evaluate("el => el === document.activeElement")
            foto(page, "ikm-konfirmasi-kosong")
            page.keyboard.press("Enter")
        page.wait_for_selector(f"text=Kuesioner no. {i} disimpan.")
        if i == 1:
            foto(page, "ikm-entri")
    # A wrong key is refused on the spot and does not move on.
    page.locator("#id_U1").focus()
    page.keyboard.press("7")
    assert page.locator("#id_U1").input_value() == ""
    assert "Jawaban hanya 1, 2, 3 atau 4" in page.locator("#pesan-cepat").inner_text()

    assert Kuesioner.objects.filter(survei=survei).count() == 30
    k3 = Kuesioner.objects.get(survei=survei, nomor=3)
    assert (k3.umur, k3.jenis_kelamin, k3.pendidikan, k3.pekerjaan, k3.u8, k3.u9) == (45, "P", "d4_s1", "pns", None, 4)
    assert Kuesioner.objects.filter(survei=survei, layanan__nama="KTP-el").count() == 30
    assert str(Kuesioner.objects.get(survei=survei, nomor=30).tanggal) == "2023-05-05"

    # The results: IKM and mutu, the same value that feeds the IKI indicator.
    diharapkan = ikm_diharapkan()
    teks = f"{diharapkan}".replace(".", ",")
    page.get_by_role("link", name="Hasil", exact=True).click()
    page.wait_for_url(f"**/survei/{survei.pk}/")
    assert page.locator("#nilai-ikm").inner_text() == teks
    assert "Mutu A · Sangat Baik" in page.locator("#mutu-ikm").inner_text()
    assert page.locator("#jumlah-responden").inner_text() == "30"
    assert page.locator("svg.grafik-nrr rect").count() == 9
    foto(page, "ikm-hasil")
    tahun = TahunIKI.objects.get(unit=unit, tahun=2023)
    assert nilai_ikm(tahun, Periode.dari_kode("tw2")) == diharapkan

    # On a phone the pages fit the screen (wide tables scroll inside their own box).
    page.set_viewport_size({"width": 390, "height": 844})
    for url, nama in ((f"/ikm/survei/{survei.pk}/", "hasil"), (f"/ikm/survei/{survei.pk}/kuesioner/", "entri")):
        page.goto(f"{live_server.url}{url}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        foto(page, f"ikm-ponsel-{nama}")
