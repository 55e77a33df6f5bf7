"""The annual IKI document: its data, its PDF (layout, font, paper), the cache, and its screens."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iki.models import (
    BarisIKI,
    BerkasDokumen,
    Indikator,
    Jabatan,
    Konstanta,
    NarasiDokumen,
    Pegawai,
    Realisasi,
    RevisiIKI,
    Sasaran,
    Target,
    UnitKerja,
    UraianJabatan,
    Variabel,
)
from iki.set_iki import dokumen
from iki.set_iki.data import ketapang_2023

pytestmark = pytest.mark.django_db

URL = "/dokumen/ketapang/2023/"
URL_PDF = "/dokumen/ketapang/2023/pdf/"
URL_NARASI = "/dokumen/ketapang/2023/narasi/"
URL_KEPUTUSAN = "/dokumen/ketapang/2023/keputusan/"
SKRIP = "<script>alert('x')</script> <b>tebal</b>"


def teks_halaman(halaman) -> str:
    from weasyprint.formatting_structure import boxes

    return " ".join(b.text for b in halaman._page_box.descendants() if isinstance(b, boxes.TextBox))


def teks_blok(blok) -> str:
    return " ".join(b["teks"] for b in blok)


@pytest.fixture
def render_palsu(monkeypatch):
    """Count renders without paying for WeasyPrint (the cache logic is what is tested)."""
    panggilan = []

    def palsu(data, kertas="a4", **opsi):
        panggilan.append((data, kertas))
        return f"%PDF-palsu-{len(panggilan)}".encode()

    monkeypatch.setattr(dokumen, "tulis_pdf", palsu)
    return panggilan


# --- Data --------------------------------------------------------------------------------------


def test_ketapang_document_has_the_seed_sections_six_sheets_and_31_rows(dunia):
    data = dokumen.data_dokumen(dunia.tahun_a)
    assert [j["nama"] for j in data["jabatan"]] == [j["nama"] for j in ketapang_2023.JABATAN]
    assert data["jumlah_baris"] == 31
    assert set(data["narasi"]) == set(ketapang_2023.NARASI)
    sekcam = data["jabatan"][0]
    assert [(k["nomor"], k["rentang"]) for k in sekcam["kelompok"]] == [(1, 4), (2, 2), (3, 4)]
    assert sekcam["kelompok"][0]["baris"][0] == {
        "indikator": "IKM",
        "penjelasan": "(Total nilai dari nilai persepsi per unsur : Total unsur yang terisi) \u00d7 nilai tertimbang",
        "sumber_data": "Survei Kepuasan Masyarakat",
    }
    # Sumber Data blank as in the original, the duplicate row of jabatan 4 kept as printed.
    assert sekcam["kelompok"][0]["baris"][3]["sumber_data"] == ""
    assert data["jabatan"][3]["jumlah_baris"] == 7
    assert data["jabatan"][2]["judul_tugas"] == "Sub Bagian Keuangan dan Program"
    assert sekcam["fungsi"][0].startswith("Penyusunan perencanaan")


def test_formula_column_is_the_formula_in_words(dunia):
    data = dokumen.data_dokumen(dunia.tahun_a)
    penjelasan = {b["indikator"]: b["penjelasan"] for j in data["jabatan"] for k in j["kelompok"] for b in k["baris"]}
    assert penjelasan["Prosentase desa yang tertib administrasi"] == (
        "Jumlah desa yang tertib administrasi ÷ 20 desa × 100 %"
    )
    assert penjelasan["Angka Kriminalitas"] == "Jumlah kejadian kriminalitas \u2212 Target angka Kriminalitas"


def test_narrative_is_filled_in_from_the_units_data(dunia):
    data = dokumen.data_dokumen(dunia.tahun_a)
    latar = teks_blok(data["narasi"]["latar_belakang"])
    assert "Kantor Kecamatan Ketapang Kabupaten Sampang Tahun 2023" in latar
    # The blank left for the handwritten number survives HTML's folding of spaces.
    assert "Keputusan Camat Ketapang Nomor : 188/\u00a0\u00a0\u00a0\u00a0\u00a0/KEP/434.512/2023" in latar
    assert "Tahun 2019-2024" in teks_blok(data["narasi"]["dasar_penetapan"])
    assert not any("{" in teks_blok(blok) for blok in data["narasi"].values())


def test_place_date_and_signature_block(dunia):
    data = dokumen.data_dokumen(dunia.tahun_a)
    assert data["tempat_ttd"] == "Sampang"
    assert data["tanggal_ttd"].endswith(" 2023") and data["tanggal_ttd"].startswith("…")
    assert data["penanda_tangan"] == {
        "jabatan": "CAMAT KETAPANG", "jenis": "definitif", "nama": "", "nip": "", "pangkat": ""
    }

    camat = Pegawai.objects.create(unit=dunia.unit_a, nip="197504042000031004", nama="Drs. Camat Contoh, M.Si.")
    UnitKerja.objects.filter(pk=dunia.unit_a.pk).update(pimpinan=camat)
    dunia.tahun_a.tanggal_ttd = date(2023, 1, 5)
    dunia.tahun_a.save()
    data = dokumen.data_dokumen(dunia.tahun_a)
    assert data["tanggal_ttd"] == "5 Januari 2023"
    assert data["penanda_tangan"] == {
        "jabatan": "CAMAT KETAPANG", "jenis": "definitif", "nama": "Drs. Camat Contoh, M.Si.",
        "nip": "197504042000031004", "pangkat": "",
    }


def test_blocks_of_narrative_text():
    blok = dokumen.blok_narasi("Pembuka\nlanjutan\n1. Satu\n2. Dua\n\nParagraf dua\n\n\n a) Butir huruf")
    assert blok == [
        {"jenis": "paragraf", "teks": "Pembuka lanjutan"},
        {"jenis": "butir", "nomor": "1.", "teks": "Satu"},
        {"jenis": "butir", "nomor": "2.", "teks": "Dua"},
        {"jenis": "paragraf", "teks": "Paragraf dua"},
        {"jenis": "butir", "nomor": "a.", "teks": "Butir huruf"},
    ]
    assert dokumen.blok_narasi("") == []


def test_unknown_placeholders_are_printed_as_typed():
    assert dokumen.isi_placeholder("{tahun} {bukan} {", {"tahun": 2024}) == "2024 {bukan} {"
    assert dokumen.placeholder_asing("{tahun} {bukan} {x}") == ["bukan", "x"]


def test_a_jabatan_without_rows_has_no_sheet(dunia):
    Jabatan.objects.create(tahun=dunia.tahun_a, kode="kosong", nama="Jabatan Tanpa Baris", urutan=99)
    data = dokumen.data_dokumen(dunia.tahun_a)
    assert len(data["jabatan"]) == 6


# --- PDF -----------------------------------------------------------------------------------------


def test_pdf_layout_a4_sections_page_numbers_and_repeated_headers(dunia):
    doc = dokumen.render_halaman(dokumen.data_dokumen(dunia.tahun_a), "a4")
    halaman = [teks_halaman(h) for h in doc.pages]
    # 1 CSS px = 1/96 in: A4 is 793.7 × 1122.5 px.
    assert round(doc.pages[0].width * 25.4 / 96) == 210 and round(doc.pages[0].height * 25.4 / 96) == 297
    semua = " ".join(halaman)
    assert "PEMERINTAH KABUPATEN SAMPANG" in halaman[0] and "2023" in halaman[0]
    for judul in ("BAB I", "PENDAHULUAN", "1.1 Latar Belakang", "BAB II", "BAB III", "PENUTUP", "CAMAT KETAPANG"):
        assert judul in semua
    assert "Sampang, ………………… 2023" in semua
    lembar = [h for h in halaman if "INDIKATOR KINERJA INDIVIDU 1. JABATAN" in h]
    assert len(lembar) == 6
    assert f"Halaman 2 dari {len(doc.pages)}" in halaman[1]
    assert "Halaman 1" not in halaman[0]  # no number on the cover
    # At least one table runs over a page break and its header is printed again there.
    halaman_tabel = [h for h in halaman if "Penjelasan / Formulasi" in h]
    assert len(halaman_tabel) > 6
    assert "Revisi" not in semua


def test_pdf_is_f4_with_the_embedded_serif_font(dunia):
    data = dokumen.data_dokumen(dunia.tahun_a)
    doc = dokumen.render_halaman(data, "f4")
    assert round(doc.pages[0].width * 25.4 / 96) == 215 and round(doc.pages[0].height * 25.4 / 96) == 330
    pdf = doc.write_pdf(uncompressed_pdf=True)
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf and b"IKI-Serif" in pdf


def test_revision_number_is_printed_when_there_is_one(dunia):
    RevisiIKI.objects.create(tahun=dunia.tahun_a, nomor=1, alasan="Uji", dibuka_oleh=dunia.user("operator_a"))
    data = dokumen.data_dokumen(dunia.tahun_a)
    assert data["revisi"] == 1
    doc = dokumen.render_halaman(data, "a4")
    assert "Revisi ke-1" in teks_halaman(doc.pages[0])
    assert "Revisi ke-1" in teks_halaman(doc.pages[-1])  # on every page, top right
    assert dokumen.nama_berkas(data, "ketapang", "a4") == "dokumen-iki-ketapang-2023-revisi-1-a4.pdf"


def test_script_in_the_narrative_is_text_in_preview_and_pdf(dunia, masuk):
    NarasiDokumen.objects.create(tahun=dunia.tahun_a, **{**dokumen.narasi_bawaan(), "penutup": SKRIP})
    html = masuk("camat_a").get(URL).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &lt;b&gt;tebal&lt;/b&gt;" in html
    assert "<script>alert" not in html and "<b>tebal" not in html
    doc = dokumen.render_halaman(dokumen.data_dokumen(dunia.tahun_a), "a4")
    assert any(SKRIP in teks_halaman(h) for h in doc.pages)


# --- Cache ---------------------------------------------------------------------------------------------


def test_second_download_comes_from_the_cache(dunia, render_palsu):
    pertama, _, dari_cache = dokumen.pdf_dokumen(dunia.tahun_a, "a4")
    assert not dari_cache
    kedua, _, dari_cache = dokumen.pdf_dokumen(dunia.tahun_a, "a4")
    assert dari_cache and kedua == pertama and len(render_palsu) == 1
    # Another paper size is another document.
    _, _, dari_cache = dokumen.pdf_dokumen(dunia.tahun_a, "f4")
    assert not dari_cache and len(render_palsu) == 2
    assert BerkasDokumen.objects.filter(tahun=dunia.tahun_a).count() == 2


def _ubah_jabatan(d):
    Jabatan.objects.filter(tahun=d.tahun_a, kode="kasi_trantib").update(nama="Kepala Seksi Trantib")


def _ubah_uraian(d):
    u = UraianJabatan.objects.filter(jabatan__tahun=d.tahun_a).first()
    u.teks += " (diubah)"
    u.save()


def _ubah_sasaran(d):
    s = Sasaran.objects.filter(tahun=d.tahun_a).last()
    s.teks += "."
    s.save()


def _ubah_indikator(d):
    Indikator.objects.filter(tahun=d.tahun_a, kode="gaji").update(penjelasan="Dihitung dari SP2D")


def _ubah_variabel(d):
    Variabel.objects.filter(indikator__tahun=d.tahun_a, kode="ktp_usulan").update(nama="Jumlah permohonan KTP")


def _ubah_konstanta(d):
    Konstanta.objects.filter(tahun=d.tahun_a, kode="jumlah_desa").update(nilai=Decimal("21"))


def _ubah_baris(d):
    BarisIKI.objects.filter(jabatan__tahun=d.tahun_a, sumber_data="").update(sumber_data="Register Perijinan")


def _ubah_narasi(d):
    NarasiDokumen.objects.create(tahun=d.tahun_a, **{**dokumen.narasi_bawaan(), "penutup": "Penutup baru."})


def _ubah_tahun(d):
    d.tahun_a.nomor_keputusan = "188/7/KEP/434.512/2023"
    d.tahun_a.save()


def _ubah_kop(d):
    UnitKerja.objects.filter(pk=d.unit_a.pk).update(alamat="Jl. Baru No. 2")


def _ubah_pimpinan(d):
    p = Pegawai.objects.create(unit=d.unit_a, nip="197001012000011001", nama="Camat Baru")
    UnitKerja.objects.filter(pk=d.unit_a.pk).update(pimpinan=p)


def _ubah_revisi(d):
    RevisiIKI.objects.create(tahun=d.tahun_a, nomor=1, alasan="Uji", dibuka_oleh=d.user("operator_a"))


@pytest.mark.parametrize(
    "ubah",
    [_ubah_jabatan, _ubah_uraian, _ubah_sasaran, _ubah_indikator, _ubah_variabel, _ubah_konstanta, _ubah_baris,
     _ubah_narasi, _ubah_tahun, _ubah_kop, _ubah_pimpinan, _ubah_revisi],
)
def test_any_change_the_document_shows_rebuilds_the_pdf(dunia, render_palsu, ubah):
    dokumen.pdf_dokumen(dunia.tahun_a, "a4")
    ubah(dunia)
    _, _, dari_cache = dokumen.pdf_dokumen(dunia.tahun_a, "a4")
    assert not dari_cache and len(render_palsu) == 2
    _, _, dari_cache = dokumen.pdf_dokumen(dunia.tahun_a, "a4")
    assert dari_cache


def test_changes_the_document_does_not_show_keep_the_cache(dunia, render_palsu):
    dokumen.pdf_dokumen(dunia.tahun_a, "a4")
    Target.objects.filter(indikator__tahun=dunia.tahun_a).update(nilai=Decimal("50"))
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a).update(nilai=Decimal("1"))
    _, _, dari_cache = dokumen.pdf_dokumen(dunia.tahun_a, "a4")
    assert dari_cache and len(render_palsu) == 1


def test_unknown_paper_is_refused(dunia):
    with pytest.raises(ValueError):
        dokumen.pdf_dokumen(dunia.tahun_a, "a3")


# --- Command ------------------------------------------------------------------------------------------


def test_command_writes_the_pdf(dunia, tmp_path, render_palsu, capsys):
    keluaran = tmp_path / "iki.pdf"
    call_command("dokumen_iki", "--unit", "ketapang", "--tahun", "2023", "--output", str(keluaran), "--kertas", "f4")
    assert keluaran.read_bytes().startswith(b"%PDF")
    assert render_palsu[0][1] == "f4"
    assert "6 lembar jabatan, 31 baris IKI" in capsys.readouterr().out


def test_command_refuses_an_unknown_unit(dunia, tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("dokumen_iki", "--unit", "tidakada", "--tahun", "2023", "--output", str(tmp_path / "x.pdf"))


# --- Screens ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["operator_a", "staf_a", "verifikator_a", "camat_a", "pemantau"])
def test_every_role_of_the_unit_sees_the_preview(masuk, username):
    response = masuk(username).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span id="jumlah-lembar">6</span>' in html and '<span id="jumlah-baris">31</span>' in html
    assert "BAB III" in html and "INDIKATOR KINERJA INDIVIDU" in html
    assert html.count('class="baris-iki"') == 31
    assert ("Tetapkan IKI 2023" in html) == (username == "operator_a")
    assert ("Tinjauan mutu" in html) == (username in ("operator_a", "camat_a", "pemantau"))


def test_preview_of_another_unit_is_not_found(masuk):
    client = masuk("staf_b")
    for url in (URL, URL_PDF, "/dokumen/ketapang/2023/set-iki.xlsx"):
        assert client.get(url).status_code == 404


def test_preview_and_pdf_refuse_post(masuk):
    client = masuk("operator_a")
    assert client.post(URL).status_code == 405
    assert client.post(URL_PDF).status_code == 405


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_current_document_redirects_to_the_units_year(masuk):
    response = masuk("staf_a").get(reverse("dokumen_terkini"))
    assert response.status_code == 302 and response["Location"] == URL
    assert masuk("pemantau").get(reverse("dokumen_terkini"))["Location"] == reverse("daftar_unit")


def test_camat_downloads_the_pdf_then_gets_it_from_the_cache(masuk, render_palsu):
    client = masuk("camat_a")
    response = client.get(URL_PDF + "?kertas=f4")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="dokumen-iki-ketapang-2023-f4.pdf"'
    assert response["X-Dokumen-Cache"] == "miss" and response.content.startswith(b"%PDF")
    kedua = client.get(URL_PDF + "?kertas=f4")
    assert kedua["X-Dokumen-Cache"] == "hit" and kedua.content == response.content


def test_unknown_paper_in_the_url_falls_back_to_a4(masuk, render_palsu):
    response = masuk("pemantau").get(URL_PDF + "?kertas=<script>")
    assert response.status_code == 200 and render_palsu[0][1] == "a4"


def test_real_pdf_download_through_the_view(masuk):
    response = masuk("verifikator_a").get(URL_PDF)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert len(response.content) > 20_000


def test_preview_query_count_does_not_grow_with_rows(dunia, masuk):
    client = masuk("camat_a")
    with CaptureQueriesContext(connection) as sedikit:
        client.get(URL)
    sasaran = Sasaran.objects.filter(tahun=dunia.tahun_a).first()
    indikator = Indikator.objects.filter(tahun=dunia.tahun_a).first()
    for n in range(5):
        j = Jabatan.objects.create(tahun=dunia.tahun_a, kode=f"tambah{n}", nama=f"Jabatan {n}", urutan=50 + n)
        UraianJabatan.objects.create(jabatan=j, jenis="tugas", urutan=1, teks="Tugas")
        for u in range(1, 4):
            BarisIKI.objects.create(jabatan=j, sasaran=sasaran, indikator=indikator, urutan=u)
    with CaptureQueriesContext(connection) as banyak:
        html = client.get(URL).content.decode()
    assert '<span id="jumlah-lembar">11</span>' in html
    assert len(banyak) == len(sedikit)


# Narrative


def test_operator_edits_the_narrative(dunia, masuk):
    client = masuk("operator_a")
    html = client.get(URL_NARASI).content.decode()
    assert "Salah satu untuk memperkuat akuntabilitas" in html  # the default text
    data = {**dokumen.narasi_bawaan(), "penutup": "Dokumen {nama_unit} tahun {tahun} selesai."}
    response = client.post(URL_NARASI, data)
    assert response.status_code == 302 and response["Location"] == URL
    narasi = NarasiDokumen.objects.get(tahun=dunia.tahun_a)
    assert narasi.penutup == "Dokumen {nama_unit} tahun {tahun} selesai."
    assert narasi.diperbarui_oleh.username == "operator_a"
    assert "Dokumen Kantor Kecamatan Ketapang tahun 2023 selesai." in client.get(URL).content.decode()


def test_narrative_with_an_unknown_placeholder_is_refused(dunia, masuk):
    response = masuk("operator_a").post(URL_NARASI, {**dokumen.narasi_bawaan(), "manfaat": "Untuk {bupati}"})
    assert response.status_code == 200
    assert "Isian tidak dikenal: {bupati}" in response.content.decode()
    assert not NarasiDokumen.objects.filter(tahun=dunia.tahun_a).exists()


def test_narrative_can_be_reset_to_the_default(dunia, masuk):
    NarasiDokumen.objects.create(tahun=dunia.tahun_a, **{**dokumen.narasi_bawaan(), "penutup": "x"})
    masuk("operator_a").post(URL_NARASI, {"kembalikan": "1"})
    assert not NarasiDokumen.objects.filter(tahun=dunia.tahun_a).exists()


@pytest.mark.parametrize("username", ["camat_a", "pemantau", "staf_a", "verifikator_a"])
def test_only_the_operator_edits_the_narrative(dunia, masuk, username):
    client = masuk(username)
    assert client.get(URL_NARASI).status_code == 403
    assert client.post(URL_NARASI, dokumen.narasi_bawaan()).status_code == 403
    assert not NarasiDokumen.objects.filter(tahun=dunia.tahun_a).exists()


def test_operator_of_another_unit_cannot_edit_the_narrative(dunia, masuk):
    assert masuk("operator_b").post(URL_NARASI, dokumen.narasi_bawaan()).status_code == 404
    assert not NarasiDokumen.objects.filter(tahun=dunia.tahun_a).exists()


def test_narrative_refuses_put(masuk):
    assert masuk("operator_a").put(URL_NARASI).status_code == 405


def test_fixed_year_narrative_cannot_change(dunia, masuk):
    dunia.tahun_a.status = "ditetapkan"
    dunia.tahun_a.save()
    client = masuk("operator_a")
    assert "sudah ditetapkan" in client.get(URL_NARASI).content.decode()
    response = client.post(URL_NARASI, {**dokumen.narasi_bawaan(), "penutup": "diam-diam"}, follow=True)
    assert "hanya dapat dilakukan melalui revisi" in response.content.decode()
    assert not NarasiDokumen.objects.filter(tahun=dunia.tahun_a).exists()


# Keputusan


def test_operator_fills_in_the_decree_number_and_dates(dunia, masuk):
    client = masuk("operator_a")
    response = client.post(
        URL_KEPUTUSAN,
        {"nomor_keputusan": "188/12/KEP/434.512/2023", "tanggal_keputusan": "2023-01-05", "tanggal_ttd": "05/01/2023"},
    )
    assert response.status_code == 302
    dunia.tahun_a.refresh_from_db()
    assert dunia.tahun_a.nomor_keputusan == "188/12/KEP/434.512/2023"
    assert dunia.tahun_a.tanggal_keputusan == date(2023, 1, 5) and dunia.tahun_a.tanggal_ttd == date(2023, 1, 5)
    html = client.get(URL).content.decode()
    assert "188/12/KEP/434.512/2023" in html and "Sampang, 5 Januari 2023" in html


@pytest.mark.parametrize(
    "data, pesan",
    [
        ({"nomor_keputusan": "x" * 101}, "paling banyak 100 karakter"),
        ({"nomor_keputusan": "1", "tanggal_keputusan": "kemarin"}, "Masukkan tanggal yang valid"),
        ({"nomor_keputusan": "1", "tanggal_ttd": "2031-01-01"}, "antara tahun 2022 dan 2024"),
    ],
)
def test_bad_decree_input_is_refused(dunia, masuk, data, pesan):
    response = masuk("operator_a").post(URL_KEPUTUSAN, data)
    assert response.status_code == 200 and pesan in response.content.decode()
    dunia.tahun_a.refresh_from_db()
    assert dunia.tahun_a.nomor_keputusan == ketapang_2023.TAHUN["nomor_keputusan"]


def test_decree_is_escaped_in_the_preview(dunia, masuk):
    masuk("operator_a").post(URL_KEPUTUSAN, {"nomor_keputusan": "<script>x</script>"})
    html = masuk("camat_a").get(URL).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html


def test_read_only_roles_cannot_change_the_decree(dunia, masuk):
    for username in ("camat_a", "pemantau"):
        assert masuk(username).post(URL_KEPUTUSAN, {"nomor_keputusan": "1"}).status_code == 403
    assert masuk("operator_b").post(URL_KEPUTUSAN, {"nomor_keputusan": "1"}).status_code == 404
    assert masuk("operator_a").delete(URL_KEPUTUSAN).status_code == 405
    dunia.tahun_a.refresh_from_db()
    assert dunia.tahun_a.nomor_keputusan == ketapang_2023.TAHUN["nomor_keputusan"]


def test_fixed_year_decree_cannot_change(dunia, masuk):
    dunia.tahun_a.status = "ditetapkan"
    dunia.tahun_a.save()
    response = masuk("operator_a").post(URL_KEPUTUSAN, {"nomor_keputusan": "188/99/KEP/434.512/2023"})
    assert "hanya dapat dilakukan melalui revisi" in response.content.decode()
    dunia.tahun_a.refresh_from_db()
    assert dunia.tahun_a.nomor_keputusan == ketapang_2023.TAHUN["nomor_keputusan"]


def test_decree_form_shows_the_current_values(dunia, masuk):
    dunia.tahun_a.tanggal_keputusan = date(2023, 1, 5)
    dunia.tahun_a.save()
    html = masuk("operator_a").get(URL_KEPUTUSAN).content.decode()
    assert 'value="188/     /KEP/434.512/2023"' in html and 'value="2023-01-05"' in html
