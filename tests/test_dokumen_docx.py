"""The annual IKI document as an editable DOCX (issue 17): from the same data as the PDF
(``dokumen.data_dokumen``), the same content, offered beside the PDF, same permissions."""

import io
import re
import zipfile
from datetime import date

import docx
import pytest

from iki.models import TahunIKI
from iki.set_iki import dokumen
from tests.test_laporan_kinerja import teks_docx

pytestmark = pytest.mark.django_db

URL = "/dokumen/ketapang/2023/docx/"


def tahun_a():
    return TahunIKI.objects.select_related("unit__kabupaten").get(unit__kode="ketapang", tahun=2023)


def teks_cetak_dokumen(data: dict, kertas: str = "a4") -> str:
    from weasyprint.formatting_structure import boxes

    # The laid-out text of the PDF's pages, as WeasyPrint wrote them: pdftotext reads a table's
    # cells across columns, line by line, which mixes a long indicator name with its neighbours.
    halaman = dokumen.render_halaman(data, kertas)
    return "\n".join(b.text for p in halaman.pages for b in p._page_box.descendants() if isinstance(b, boxes.TextBox))


def tanpa_spasi(teks: str) -> str:
    """Text without spaces and hyphens: pdftotext joins a word broken at a hyphen at a line end
    ("cita-\ncita" → "citacita")."""
    return re.sub(r"[\s\-\u00ad]+", "", teks.replace("\u00a0", " "))


def potongan_penting(data: dict) -> list[str]:
    hasil = ["INDIKATOR KINERJA INDIVIDU", "BAB I", "PENDAHULUAN", "BAB III", "PENUTUP",
             f"TAHUN {data['tahun']}", data["unit"]["nama"].upper(), f"{data['tempat_ttd']}, {data['tanggal_ttd']}",
             data["penanda_tangan"]["jabatan"]]
    if data["penanda_tangan"]["nama"]:
        hasil += [data["penanda_tangan"]["nama"], data["penanda_tangan"]["nip"]]
    for blok in data["narasi"].values():
        hasil += [b["teks"] for b in blok]
    for j in data["jabatan"]:
        hasil += [j["nama"], *j["tugas"], *j["fungsi"]]
        for k in j["kelompok"]:
            hasil.append(k["sasaran"])
            for b in k["baris"]:
                hasil += [b["indikator"], b["penjelasan"], b["sumber_data"]]
    return [h for h in hasil if h]


@pytest.mark.parametrize("kertas, ukuran", [("a4", (210, 297)), ("f4", (215, 330))])
def test_docx_has_the_pdfs_content_and_opens(dunia, kertas, ukuran):
    data = dokumen.data_dokumen(tahun_a(), tempat="Ketapang", tanggal=date(2023, 1, 16))
    berkas = dokumen.tulis_docx(data, kertas)
    with zipfile.ZipFile(io.BytesIO(berkas)) as z:
        assert z.testzip() is None and "word/document.xml" in z.namelist()
    d = docx.Document(io.BytesIO(berkas))
    assert (round(d.sections[0].page_width.mm), round(d.sections[0].page_height.mm)) == ukuran
    assert len(d.tables) == len(data["jabatan"])  # one IKI table per jabatan sheet
    assert [len(t.rows) - 1 for t in d.tables] == [j["jumlah_baris"] for j in data["jabatan"]]
    teks_d = tanpa_spasi(teks_docx(berkas))
    teks_p = tanpa_spasi(teks_cetak_dokumen(data, kertas))
    for potong in potongan_penting(data):
        assert tanpa_spasi(potong) in teks_d, potong
        assert tanpa_spasi(potong) in teks_p, potong


def test_download_beside_the_pdf_with_the_print_screens_choices(masuk, dunia):
    client = masuk("operator_a")
    pratinjau = client.get("/dokumen/ketapang/2023/").content.decode()
    assert 'id="unduh-docx"' in pratinjau and URL in pratinjau
    cetak = client.get("/dokumen/ketapang/2023/cetak/").content.decode()
    assert f'formaction="{URL}"' in cetak and "Unduh DOCX" in cetak
    r = client.get(URL, {"kertas": "f4", "tempat": "Ketapang", "tanggal": "16 Januari 2023"})
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert 'filename="dokumen-iki-ketapang-2023-f4.docx"' in r["Content-Disposition"]
    teks = teks_docx(r.content)
    assert "Ketapang, 16 Januari 2023" in teks and "KANTOR KECAMATAN KETAPANG" in teks


def test_a_refused_date_shows_the_print_screen_again(masuk):
    r = masuk("operator_a").get(URL, {"tanggal": "1 Januari 2030"})
    assert r.status_code == 400 and "paling lambat akhir tahun 2023" in r.content.decode()


def test_another_units_document_is_not_found_and_it_is_read_only(masuk):
    assert masuk("operator_b").get(URL).status_code == 404
    r = masuk("camat_a").post(URL)
    assert r.status_code == 405
    # Every role reads the document (LAYAR["dokumen"]), as it reads the PDF.
    assert "KANTOR KECAMATAN KETAPANG" in teks_docx(masuk("staf_a").get(URL).content)


def test_user_text_stays_text(dunia):
    data = dokumen.data_dokumen(tahun_a())
    data["jabatan"][0]["kelompok"][0]["baris"][0]["indikator"] = "=HYPERLINK(\"x\") <script>alert(1)</script>\x07"
    teks = teks_docx(dokumen.tulis_docx(data))
    assert "=HYPERLINK(\"x\") <script>alert(1)</script>" in teks
