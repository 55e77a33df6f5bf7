"""The kabupaten view, summary first: one row per unit whatever the number of units or indicator
names, sortable by every column, filtered by jenis; a shared indicator compared on request; only
the kabupaten's own users see it; surveys pooled for the period shown only."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.bench_kabupaten import NAMA_BERSAMA, buat_kabupaten
from iki.models import Kabupaten, Pengguna, Realisasi, UnitKerja
from tests.conftest import _pengguna

URL = "/dasbor/kabupaten/sampang/2023/"
BANDINGKAN = "/dasbor/kabupaten/sampang/2023/bandingkan/"


@pytest.fixture
def kabupaten_30(dunia):
    """Sampang with 30 generated units besides the world's two (20 indicators each)."""
    return buat_kabupaten(dunia.unit_a.kabupaten, unit=30, indikator=20, kecamatan=10, awalan="gen")


def baris_html(html: str) -> list[tuple[str, list[str]]]:
    """``[(unit kode, [cell texts from the second column on])]`` of the summary table."""
    tabel = html.split('id="ringkasan-kabupaten"', 1)[1].split("</table>", 1)[0]
    hasil = []
    for kode, isi in re.findall(r'<tr data-unit="([^"]+)">(.*?)</tr>', tabel, re.S):
        sel = [unescape(re.sub(r"<[^>]+>", " ", s)).split() for s in re.findall(r"<td[^>]*>(.*?)</td>", isi, re.S)]
        hasil.append((kode, [" ".join(s) for s in sel]))
    return hasil


def test_thirty_units_are_thirty_rows_on_a_small_page_without_their_indicator_names(masuk, kabupaten_30):
    response = masuk("pemantau").get(URL)
    html = response.content.decode()
    baris = baris_html(html)
    assert len(baris) == 32  # the 30 generated and Ketapang and Banyuates
    assert len(response.content) <= 100 * 1024
    # No units × names cells: a unit's own indicators are not on the summary.
    assert "Indikator khusus" not in html and NAMA_BERSAMA[0] not in html
    # Every category of the scale is a column, with its word beside its colour.
    for kategori in ("Sangat Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang"):
        assert f"{kategori}</a>" in html or f"{kategori} <span" in html


def test_a_row_counts_what_the_unit_entered_verified_and_needs(masuk, kabupaten_30):
    Realisasi.objects.filter(variabel__indikator__tahun__unit__kode="gen-003", bulan__in=(11, 12)).delete()
    response = masuk("pemantau").get(URL + "?periode=tahun")
    baris = {b.unit.kode: b for b in response.context["baris"]}
    gen = baris["gen-003"]
    # 20 indicators × 2 variables × 12 months expected, November and December missing.
    assert (gen.isian.diharapkan, gen.isian.terisi) == (480, 400)
    assert sum(gen.kategori) + gen.tanpa_kategori == 20
    # November and December of its four jabatan are late (the clock is past their deadlines).
    assert gen.terlambat == 8
    sel = dict(baris_html(response.content.decode()))["gen-003"]
    assert sel[0] == "83 % 400/480" and sel[2] == "8"


def test_queries_do_not_grow_with_the_number_of_units(client, dunia):
    hitungan = []
    for jumlah in (5, 20):
        kabupaten = Kabupaten.objects.create(kode=f"kab{jumlah}", nama=f"Kab {jumlah}")
        buat_kabupaten(kabupaten, unit=jumlah, indikator=3, kecamatan=2, awalan=f"k{jumlah}")
        client.force_login(_pengguna(f"pemantau{jumlah}", Pengguna.PEMANTAU, kabupaten=kabupaten),
                           backend="django.contrib.auth.backends.ModelBackend")
        for url in (f"/dasbor/kabupaten/kab{jumlah}/2023/?urut=-terlambat",
                    f"/dasbor/kabupaten/kab{jumlah}/2023/bandingkan/?indikator={NAMA_BERSAMA[0]}"):
            with CaptureQueriesContext(connection) as q:
                response = client.get(url)
            assert len(response.context["baris"]) == jumlah
            hitungan.append(len(q))
    assert hitungan[:2] == hitungan[2:]


def _angka(teks: str):
    m = re.match(r"(\d[\d.]*)", teks)
    return int(m.group(1).replace(".", "")) if m else -1


def test_every_column_sorts_both_ways(masuk, kabupaten_30):
    c = masuk("pemantau")
    kepala = c.get(URL).context["kepala"]
    kunci = [k["kolom"].kunci for k in kepala]
    assert kunci[:4] == ["unit", "terisi", "diverifikasi", "terlambat"] and kunci[-2:] == ["perhatian", "terakhir"]
    assert len([k for k in kunci if k.startswith("kategori")]) == 5
    berbeda = 0
    for posisi, k in enumerate(kunci[1:-1]):  # the number columns
        for turun in (False, True):
            response = c.get(URL, {"urut": ("-" if turun else "") + k})
            nilai = [_angka(sel[posisi]) for _, sel in baris_html(response.content.decode())]
            assert nilai == sorted(nilai, reverse=turun), k
            berbeda += len(set(nilai)) > 1
            html = response.content.decode()
            assert html.count("aria-sort=") == 1
            assert f'aria-sort="{"descending" if turun else "ascending"}"' in html
    assert berbeda >= 8  # the generated units differ in most columns, so the orders mean something
    nama = [b.unit.nama.casefold() for b in c.get(URL, {"urut": "-unit"}).context["baris"]]
    assert nama == sorted(nama, reverse=True)


def test_the_last_change_sorts_newest_first_and_never_entered_last(masuk, kabupaten_30):
    Realisasi.objects.filter(variabel__indikator__tahun__unit__kode="gen-007").update(
        diperbarui=datetime(2030, 1, 2, tzinfo=UTC))
    Realisasi.objects.filter(variabel__indikator__tahun__unit__kode="gen-002").update(
        diperbarui=datetime(2001, 1, 2, tzinfo=UTC))
    Realisasi.objects.filter(variabel__indikator__tahun__unit__kode="banyuates").delete()
    kode = [k for k, _ in baris_html(masuk("pemantau").get(URL, {"urut": "-terakhir"}).content.decode())]
    assert kode[0] == "gen-007" and kode[-2:] == ["gen-002", "banyuates"]
    sel = dict(baris_html(masuk("pemantau").get(URL).content.decode()))
    assert sel["gen-007"][-1] == "2 Jan 2030" and sel["banyuates"][-1] == "belum ada"


@pytest.mark.parametrize("urut", ["xyz", "-", "", "kategori99", "kategori0", "unit;drop", "--terlambat", "UNIT"])
def test_an_unknown_order_is_the_units_by_name(masuk, kabupaten_30, urut):
    response = masuk("pemantau").get(URL, {"urut": urut})
    nama = [b.unit.nama.casefold() for b in response.context["baris"]]
    assert nama == sorted(nama)
    assert re.search(r'<th scope="col" class="kolom-unit" aria-sort="ascending">', response.content.decode())


def test_sort_links_keep_the_period_and_jenis(masuk, kabupaten_30):
    html = masuk("pemantau").get(URL, {"periode": "tw2", "jenis": "dinas", "urut": "terlambat"}).content.decode()
    assert 'href="?periode=tw2&amp;jenis=dinas&amp;urut=-terlambat"' in html  # the same column reverses
    assert 'href="?periode=tw2&amp;jenis=dinas&amp;urut=-perhatian"' in html  # numbers start with the largest
    assert 'href="?periode=tw2&amp;jenis=dinas&amp;urut=unit"' in html


def test_the_jenis_filter_keeps_only_units_of_that_jenis(masuk, kabupaten_30):
    c = masuk("pemantau")
    dinas = c.get(URL, {"jenis": "dinas"}).context["baris"]
    assert dinas and {b.unit.jenis for b in dinas} == {"dinas"}
    assert len(dinas) == UnitKerja.objects.filter(kode__startswith="gen-", jenis="dinas").count()
    assert c.get(URL, {"jenis": "kerajaan"}).status_code == 404


def test_a_units_row_links_to_its_dashboard_for_the_year_and_period(masuk, kabupaten_30):
    c = masuk("pemantau")
    html = c.get(URL, {"periode": "tw3"}).content.decode()
    assert '<a href="/dasbor/gen-004/2023/?periode=tw3">Kecamatan Gen 004</a>' in html
    dasbor = c.get("/dasbor/gen-004/2023/?periode=tw3").content.decode()
    assert "Kantor Kecamatan Gen 004" in dasbor and "Triwulan III" in dasbor


def test_a_shared_indicator_is_compared_across_the_units_that_carry_it(masuk, kabupaten_30):
    c = masuk("pemantau")
    daftar = c.get(BANDINGKAN).content.decode()
    # Shared names only, most widely shared first; a unit's own names are not offered.
    assert f">{NAMA_BERSAMA[0]}</button> <span class=\"small text-muted\">(30 unit)</span>" in daftar
    assert "Indikator khusus" not in daftar
    # Case, spaces and persentase/prosentase do not matter.
    response = c.get(BANDINGKAN, {"indikator": "  PROSENTASE pengaduan masyarakat  yang ditindaklanjuti",
                                  "periode": "tw1"})
    baris = response.context["baris"]
    assert len(baris) == 30 and all(b["hasil"].indikator.nama == NAMA_BERSAMA[0] for b in baris)
    html = response.content.decode()
    assert "TW I" in html and re.search(r'href="/dasbor/gen-000/2023/indikator/\d+/\?periode=tw1"', html)
    assert "Sangat" in html or "Baik" in html or "Kurang" in html
    # Bounded by the units: one row per unit that carries it.
    assert html.count("<tr data-unit=") == 30


def test_an_unknown_indicator_says_so_and_offers_the_list(masuk, kabupaten_30):
    html = masuk("pemantau").get(BANDINGKAN, {"indikator": "Indikator khusus gen-001 nomor 7"}).content.decode()
    assert "tidak dimiliki dua unit kerja atau lebih" in html
    assert NAMA_BERSAMA[1] in html and 'id="bandingkan-indikator"' not in html


def test_a_pemantau_of_another_kabupaten_sees_nothing_of_this_one(masuk, client, kabupaten_30):
    bangkalan = Kabupaten.objects.create(kode="bangkalan", nama="Bangkalan")
    buat_kabupaten(bangkalan, unit=2, indikator=2, awalan="bkl")
    client.force_login(_pengguna("pemantau_bkl", Pengguna.PEMANTAU, kabupaten=bangkalan),
                       backend="django.contrib.auth.backends.ModelBackend")
    for url in (URL, BANDINGKAN, BANDINGKAN + f"?indikator={NAMA_BERSAMA[0]}"):
        response = client.get(url)
        assert response.status_code == 404 and "gen-0" not in response.content.decode()
    sendiri = client.get("/dasbor/kabupaten/bangkalan/2023/")
    assert [b.unit.kode for b in sendiri.context["baris"]] == ["bkl-000", "bkl-001"]
    bandingkan = client.get("/dasbor/kabupaten/bangkalan/2023/bandingkan/").content.decode()
    assert "(2 unit)" in bandingkan and "(30 unit)" not in bandingkan
    # A dashboard of Sampang's unit is not found either.
    assert client.get("/dasbor/gen-000/2023/").status_code == 404


@pytest.mark.parametrize("username", ["camat_a", "operator_a"])
def test_a_camat_or_operator_sees_only_their_own_unit(masuk, kabupaten_30, username):
    c = masuk(username)
    assert [k for k, _ in baris_html(c.get(URL).content.decode())] == ["ketapang"]
    html = c.get(BANDINGKAN).content.decode()
    assert "Belum ada indikator yang dimiliki dua unit kerja atau lebih" in html and "gen-0" not in html


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a"])
def test_staf_and_verifikator_are_refused_both_screens(masuk, dunia, username):
    c = masuk(username)
    assert c.get(URL).status_code == 403 and c.get(BANDINGKAN).status_code == 403


def test_both_screens_are_read_only(masuk, dunia):
    c = masuk("pemantau")
    assert c.post(URL).status_code == 405 and c.post(BANDINGKAN).status_code == 405


def test_user_text_is_escaped(masuk, dunia):
    UnitKerja.objects.filter(kode="banyuates").update(nama_wilayah="<script>alert(1)</script> Banyuates")
    from iki.models import Indikator

    nama = "<script>alert(2)</script> persentase surat selesai"
    Indikator.objects.filter(tahun=dunia.tahun_b).update(nama=nama)
    Indikator.objects.filter(tahun=dunia.tahun_a, kode="adminduk").update(nama=nama)
    c = masuk("pemantau")
    for html in (c.get(URL).content.decode(),
                 c.get(BANDINGKAN).content.decode(),
                 c.get(BANDINGKAN, {"indikator": nama}).content.decode()):
        assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Banyuates" in c.get(URL).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Banyuates" in c.get(BANDINGKAN, {"indikator": nama}).content.decode()


def test_surveys_are_pooled_for_the_period_shown_only(masuk, dunia, monkeypatch):
    from iki.ikm import sumber

    asli = sumber.nilai_ikm_tahun
    diminta = []

    def catat(daftar_tahun, daftar_periode):
        daftar_periode = list(daftar_periode)
        diminta.append([p.kode for p in daftar_periode])
        return asli(daftar_tahun, daftar_periode)

    monkeypatch.setattr(sumber, "nilai_ikm_tahun", catat)
    masuk("pemantau").get(URL, {"periode": "tw2"})
    assert diminta == [["tw2"]]  # Ketapang has a survey indicator
    # The unit dashboard still has every period's survey value (its monthly columns need them).
    diminta.clear()
    masuk("camat_a").get(reverse("dasbor_unit", args=["ketapang", 2023]), {"periode": "tw2"})
    assert len(diminta) == 1 and len(diminta[0]) == 31
