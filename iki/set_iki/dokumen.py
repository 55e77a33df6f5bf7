"""The annual IKI document (design.md §6): plain data, HTML, PDF bytes, and the PDF cache.

``data_dokumen(tahun)`` builds everything the document shows as plain, JSON-able data; the
template ``iki/dokumen/_isi.html`` turns it into HTML (the screen preview and the PDF share it);
WeasyPrint turns that into bytes. The cache key (``sidik``) is a hash of that same data plus
the layout files, so the PDF is rebuilt exactly when something it shows has changed — whatever
the path of the change (admin, import, bulk update) — and never otherwise.
"""

import hashlib
import json
import re
from collections import defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from iki.inti.angka import format_tanggal
from iki.inti.tabel import kelompokkan
from iki.models import (
    BarisIKI,
    BerkasDokumen,
    Indikator,
    Jabatan,
    Konstanta,
    NarasiDokumen,
    RevisiIKI,
    TahunIKI,
    UraianJabatan,
    Variabel,
)
from iki.models.dokumen import BAGIAN_NARASI  # noqa: F401  (re-exported for forms and views)
from iki.set_iki.data import ketapang_2023
from iki.umum import docx as umum_docx
from iki.umum.cetak import PenandaTangan, logo_data_uri, penanda_tangan
from iki.umum.pdf import dokumen_pdf

KERTAS = {"a4": "A4", "f4": "F4"}
UKURAN_KERTAS = {"a4": "210mm 297mm", "f4": "215mm 330mm"}
TEMPLAT_PDF = "iki/dokumen/pdf.html"
# Files whose change alters the PDF without any data changing.
_BERKAS_TATA_LETAK = ["iki/dokumen/pdf.html", "iki/dokumen/_isi.html", "iki/dokumen/_narasi.html"]
_CSS = ["css/cetak.css", "css/dokumen.css"]

# What Indikator.rumus_dalam_kata reads.
_FIELD_INDIKATOR = ("nama", "satuan", "jenis", "rumus", "penjelasan")
KOSONG = "…………………"  # printed where a fact is still to be written in by hand

# The placeholders a narrative may use; anything else in braces is printed as typed.
PLACEHOLDER = {
    "nama_unit": "nama unit kerja (Kantor Kecamatan Ketapang)",
    "nama_wilayah": "nama wilayah (Kecamatan Ketapang)",
    "nama_kabupaten": "nama kabupaten (Sampang)",
    "tahun": "tahun IKI",
    "renstra_mulai": "tahun awal Renstra",
    "renstra_selesai": "tahun akhir Renstra",
    "nomor_keputusan": "nomor Keputusan",
    "jabatan_pimpinan": "jabatan pimpinan (Camat Ketapang)",
}
_POLA_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_POLA_BUTIR = re.compile(r"^\s*(\d{1,2}|[a-z])[.)]\s+(\S.*)$")


def jaga_spasi(teks: str) -> str:
    """Keep the blank left in a number for handwriting ("188/     /KEP/…"): HTML would fold it."""
    return re.sub(r" {2,}", lambda m: "\u00a0" * len(m[0]), teks)


def narasi_bawaan() -> dict[str, str]:
    """The default narrative (the Ketapang 2023 text, as templates)."""
    return dict(ketapang_2023.NARASI)


def placeholder_asing(teks: str) -> list[str]:
    return sorted({m[1] for m in _POLA_PLACEHOLDER.finditer(teks) if m[1] not in PLACEHOLDER})


def isi_placeholder(teks: str, konteks: dict) -> str:
    """Fill in known ``{placeholder}``s; unknown braces stay as typed (never an error)."""
    return _POLA_PLACEHOLDER.sub(lambda m: str(konteks[m[1]]) if m[1] in konteks else m[0], teks)


def blok_narasi(teks: str) -> list[dict]:
    """Paragraphs (separated by a blank line) and numbered items ("1. …", "a. …") of a text."""
    blok = []
    for paragraf in re.split(r"\n\s*\n", teks.strip()):
        kalimat: list[str] = []
        for baris in paragraf.splitlines():
            cocok = _POLA_BUTIR.match(baris)
            if cocok:
                if kalimat:
                    blok.append({"jenis": "paragraf", "teks": " ".join(kalimat)})
                    kalimat = []
                blok.append({"jenis": "butir", "nomor": cocok[1] + ".", "teks": cocok[2].strip()})
            elif baris.strip():
                kalimat.append(baris.strip())
        if kalimat:
            blok.append({"jenis": "paragraf", "teks": " ".join(kalimat)})
    return blok


def konteks_narasi(tahun: TahunIKI) -> dict:
    unit = tahun.unit
    return {
        "nama_unit": unit.nama,
        "nama_wilayah": unit.nama_wilayah,
        "nama_kabupaten": unit.kabupaten.nama,
        "tahun": tahun.tahun,
        "renstra_mulai": tahun.renstra.tahun_mulai if tahun.renstra else KOSONG,
        "renstra_selesai": tahun.renstra.tahun_selesai if tahun.renstra else KOSONG,
        "nomor_keputusan": jaga_spasi(tahun.nomor_keputusan) or KOSONG,
        "jabatan_pimpinan": unit.jabatan_pimpinan,
    }


def teks_narasi(tahun: TahunIKI) -> dict[str, str]:
    """The year's narrative templates: its own when saved, otherwise the default."""
    narasi = NarasiDokumen.objects.filter(tahun=tahun).first()
    return narasi.teks_bagian() if narasi else narasi_bawaan()


def tanggal_penanda_tangan(tahun: TahunIKI) -> date:
    """The day whose holder of the pimpinan jabatan signs when no date is chosen: the stored
    signing date, else the year's first day (the original is signed in Januari)."""
    return tahun.tanggal_ttd or date(tahun.tahun, 1, 1)


def batas_tanggal(tahun: TahunIKI) -> dict:
    """The dates the year's document may be signed on (``FormCetak``'s bounds): from the start of
    the year before (a set prepared ahead) to the end of its own year."""
    return {
        "tanggal_min": date(tahun.tahun - 1, 1, 1),
        "alasan_min": f"Dokumen IKI {tahun.tahun} tidak dapat ditandatangani sebelum tahun {tahun.tahun - 1}",
        "tanggal_maks": date(tahun.tahun, 12, 31),
        "alasan_maks": f"Dokumen IKI {tahun.tahun} ditandatangani paling lambat akhir tahun {tahun.tahun}",
        "tanggal_tanpa_isi": tanggal_penanda_tangan(tahun),
    }


def data_dokumen(
    tahun_iki: TahunIKI, *, tempat: str = "", tanggal: date | None = None, ttd: PenandaTangan | None = None
) -> dict:
    """Everything the document shows, as plain data (the PDF is a function of this alone).

    ``tempat``, ``tanggal`` and ``ttd`` are the print screen's choices; left out: the unit's
    place, the year's ``tanggal_ttd`` (or the day left blank, as in the original) and the holder
    of the pimpinan jabatan on that date (``iki.umum.cetak``)."""
    tahun = TahunIKI.objects.select_related("unit__kabupaten", "unit__pimpinan", "renstra").get(pk=tahun_iki.pk)
    unit = tahun.unit
    konteks = konteks_narasi(tahun)
    narasi = {kunci: blok_narasi(isi_placeholder(teks, konteks)) for kunci, teks in teks_narasi(tahun).items()}

    lembar = _lembar_jabatan(tahun)
    tanggal = tanggal or tahun.tanggal_ttd
    ttd = ttd or penanda_tangan(unit, tanggal or tanggal_penanda_tangan(tahun))
    return {
        "kabupaten": unit.kabupaten.nama,
        "unit": {
            "nama": unit.nama,
            "nama_wilayah": unit.nama_wilayah,
            "alamat": unit.alamat,
            "telepon": unit.telepon,
            "kota": unit.kota,
            "kode_pos": unit.kode_pos,
        },
        "tahun": tahun.tahun,
        "renstra": f"{tahun.renstra.tahun_mulai}–{tahun.renstra.tahun_selesai}" if tahun.renstra else "",
        "status": tahun.status,
        "revisi": RevisiIKI.objects.filter(tahun=tahun).count(),
        "nomor_keputusan": konteks["nomor_keputusan"],
        "tanggal_keputusan": format_tanggal(tahun.tanggal_keputusan) if tahun.tanggal_keputusan else "",
        "narasi": narasi,
        "tempat_ttd": tempat or unit.tempat_ttd or unit.kota or unit.kabupaten.nama,
        # The original leaves the day blank ("Sampang,        Januari 2023") to be written by hand.
        "tanggal_ttd": format_tanggal(tanggal) if tanggal else f"{KOSONG} {tahun.tahun}",
        "penanda_tangan": {
            "jabatan": ttd.jabatan_kapital,
            "jenis": ttd.jenis,
            "nama": ttd.nama,
            "nip": ttd.nip,
            "pangkat": ttd.pangkat,
        },
        # The logo itself (a data: URI), so the cache key changes with the picture.
        "logo": logo_data_uri(unit),
        "jabatan": lembar,
        "jumlah_baris": sum(j["jumlah_baris"] for j in lembar),
    }


def _lembar_jabatan(tahun: TahunIKI) -> list[dict]:
    """One sheet per jabatan with rows. Read as plain values (no model instances): this runs on
    every download, cached or not, because the cache key is computed from it."""
    konstanta = [SimpleNamespace(**k) for k in Konstanta.objects.filter(tahun=tahun).values("kode", "nilai", "satuan")]
    variabel: dict[int, list] = defaultdict(list)
    qs_variabel = Variabel.objects.filter(indikator__tahun=tahun).order_by("urutan", "id")
    for v in qs_variabel.values("indikator_id", "kode", "nama"):
        variabel[v["indikator_id"]].append(SimpleNamespace(**v))
    uraian: dict[int, dict[str, list[str]]] = defaultdict(lambda: {UraianJabatan.TUGAS: [], UraianJabatan.FUNGSI: []})
    qs_uraian = UraianJabatan.objects.filter(jabatan__tahun=tahun).order_by("urutan")
    for u in qs_uraian.values("jabatan_id", "jenis", "teks"):
        uraian[u["jabatan_id"]][u["jenis"]].append(u["teks"])
    baris: dict[int, list] = defaultdict(list)
    indikator: dict[int, Indikator] = {}
    penjelasan: dict[int, str] = {}
    for b in BarisIKI.objects.filter(jabatan__tahun=tahun).order_by("urutan").values(
        "jabatan_id", "sasaran_id", "sasaran__teks", "indikator_id", "teks_indikator", "sumber_data",
        *(f"indikator__{f}" for f in _FIELD_INDIKATOR),
    ):
        ipk = b["indikator_id"]
        if ipk not in indikator:
            indikator[ipk] = Indikator(pk=ipk, **{f: b[f"indikator__{f}"] for f in _FIELD_INDIKATOR})
            penjelasan[ipk] = indikator[ipk].rumus_dalam_kata(variabel[ipk], konstanta)
        baris[b["jabatan_id"]].append(
            SimpleNamespace(
                sasaran=SimpleNamespace(pk=b["sasaran_id"], teks=b["sasaran__teks"]),
                nama_indikator=b["teks_indikator"] or indikator[ipk].nama,
                penjelasan=penjelasan[ipk],
                sumber_data=b["sumber_data"],
            )
        )
    lembar = []
    for j in Jabatan.objects.filter(tahun=tahun).order_by("urutan", "id").values("id", "nama", "judul_tugas"):
        if not baris[j["id"]]:
            continue  # a jabatan without IKI rows has no sheet
        kelompok = [
            {
                "nomor": k.nomor,
                "sasaran": k.sasaran.teks,
                "rentang": k.rentang,
                "baris": [
                    {"indikator": b.nama_indikator, "penjelasan": b.penjelasan, "sumber_data": b.sumber_data}
                    for b in k.baris
                ],
            }
            for k in kelompokkan(baris[j["id"]])
        ]
        lembar.append(
            {
                "nama": j["nama"],
                "judul_tugas": j["judul_tugas"] or j["nama"],
                "tugas": uraian[j["id"]][UraianJabatan.TUGAS],
                "fungsi": uraian[j["id"]][UraianJabatan.FUNGSI],
                "kelompok": kelompok,
                "jumlah_baris": len(baris[j["id"]]),
            }
        )
    return lembar


@lru_cache(maxsize=1)
def versi_tata_letak() -> str:
    """Hash of the templates and stylesheets of the PDF (a deploy that changes them
    invalidates every cached PDF)."""
    h = hashlib.sha256()
    for nama in _BERKAS_TATA_LETAK:
        h.update(Path(get_template(nama).origin.name).read_bytes())
    for nama in _CSS:
        h.update(Path(finders.find(nama)).read_bytes())
    return h.hexdigest()


def sidik_dokumen(data: dict, kertas: str) -> str:
    isi = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{versi_tata_letak()}|{kertas}|{isi}".encode()).hexdigest()


def html_dokumen(data: dict, kertas: str = "a4") -> str:
    return render_to_string(TEMPLAT_PDF, {"dok": data, "kertas": kertas})


def _pastikan_kertas(kertas: str) -> str:
    if kertas not in KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {kertas!r} (pilih a4 atau f4).")
    return kertas


def tulis_pdf(data: dict, kertas: str = "a4", **opsi) -> bytes:
    """WeasyPrint: the document's HTML with the shared print stylesheet and its embedded font.
    ``opsi`` go to ``write_pdf`` (e.g. ``uncompressed_pdf=True``)."""
    return _dokumen_weasy(data, kertas, **opsi).write_pdf(**opsi)


def _dokumen_weasy(data: dict, kertas: str, **opsi):
    _pastikan_kertas(kertas)
    # Paper size and the revision mark are per document; everything else is in the stylesheets.
    revisi = f'@top-right {{ content: "Revisi ke-{int(data["revisi"])}"; }}' if data["revisi"] else ""
    halaman = f"@page {{ size: {UKURAN_KERTAS[kertas]}; {revisi} }}"
    return dokumen_pdf(html_dokumen(data, kertas), css=_CSS, css_tambahan=[halaman], **opsi)


def render_halaman(data: dict, kertas: str = "a4"):
    """The laid-out WeasyPrint document (pages, boxes): for tests and checks of the layout."""
    return _dokumen_weasy(data, kertas)


def nama_berkas(data: dict, kode_unit: str, kertas: str, format: str = "pdf") -> str:
    revisi = f"-revisi-{data['revisi']}" if data["revisi"] else ""
    return f"dokumen-iki-{kode_unit}-{data['tahun']}{revisi}-{kertas}.{format}"


# --- DOCX: the same document, editable --------------------------------------------------------------


def _narasi_docx(doc, blok: list[dict]) -> None:
    for b in blok:
        if b["jenis"] == "butir":
            p = umum_docx.paragraf(doc, f"{b['nomor']}\t{b['teks']}", rata="penuh")
            p.paragraph_format.left_indent = umum_docx.Mm(10)
            p.paragraph_format.first_line_indent = umum_docx.Mm(-7)
        else:
            umum_docx.paragraf(doc, b["teks"], rata="penuh")


def _butir_huruf(doc, daftar: list[str]) -> None:
    """"a. …", "b. …": the lettered tugas and fungsi items, as the ``huruf`` filter letters them."""
    for i, teks in enumerate(daftar):
        p = umum_docx.paragraf(doc, f"{'abcdefghijklmnopqrstuvwxyz'[i % 26]}. {teks}", rata="penuh")
        p.paragraph_format.left_indent = umum_docx.Mm(8)


def tulis_docx(data: dict, kertas: str = "a4") -> bytes:
    """The annual IKI document as an editable Word file from the same data as the PDF
    (``data_dokumen``): cover, BAB I–III with the narrative, place, date and signature, then one
    sheet per jabatan (jabatan, tugas, fungsi, the IKI table with sasaran cells merged)."""
    _pastikan_kertas(kertas)
    d = umum_docx
    unit, kab = data["unit"], data["kabupaten"]
    doc = d.dokumen_baru(kertas, margin_mm=(20, 20, 20, 25), judul_berkas=f"Dokumen IKI {unit['nama']} Tahun "
                         f"{data['tahun']}", penulis=unit["nama"])
    # Cover
    d.paragraf(doc, "DOKUMEN\nINDIKATOR KINERJA INDIVIDU\n(IKI)", tebal=True, rata="tengah", ukuran=18)
    d.paragraf(doc, f"{unit['nama'].upper()}\nKABUPATEN {kab.upper()}", tebal=True, rata="tengah", ukuran=14)
    d.paragraf(doc, f"TAHUN {data['tahun']}", tebal=True, rata="tengah", ukuran=14)
    if data["revisi"]:
        d.paragraf(doc, f"Revisi ke-{data['revisi']}", rata="tengah")
    d.paragraf(doc, f"PEMERINTAH KABUPATEN {kab.upper()}\n{unit['nama_wilayah'].upper()}", tebal=True, rata="tengah")
    if unit["alamat"] or unit["telepon"]:
        alamat = unit["alamat"] + (f", Telp. {unit['telepon']}" if unit["telepon"] else "")
        alamat += (f", {unit['kota']}" if unit["kota"] else "") + (f" {unit['kode_pos']}" if unit["kode_pos"] else "")
        d.paragraf(doc, alamat, rata="tengah")
    narasi = data["narasi"]

    def bab(judul: str, bagian: list[tuple[str | None, list[str]]]) -> None:
        doc.add_page_break()
        d.judul(doc, judul, 1, rata="tengah")
        for sub, kunci in bagian:
            if sub:
                d.judul(doc, sub, 2)
            for k in kunci:
                _narasi_docx(doc, narasi.get(k, []))

    bab("BAB I\nPENDAHULUAN", [("1.1 Latar Belakang", ["latar_belakang"]), ("1.2 Maksud dan Tujuan", ["maksud_tujuan"]),
                               ("1.3 Manfaat", ["manfaat"])])
    bab(f"BAB II\nINDIKATOR KINERJA INDIVIDU (IKI)\n{unit['nama'].upper()}\nKABUPATEN {kab.upper()}", [
        (None, ["pengantar_bab2", "syarat", "kriteria"]),
        ("2.1 Dasar Penetapan Indikator Kinerja Individu (IKI)", ["dasar_penetapan"]),
        (f"2.2 Indikator Kinerja Individu (IKI) {unit['nama']} Kabupaten {kab}",
         ["iki_unit", "langkah_penentuan", "kegunaan"]),
    ])
    bab("BAB III\nPENUTUP", [(None, ["penutup"])])
    ttd = data["penanda_tangan"]
    d.tanda_tangan(doc, tempat_tanggal=f"{data['tempat_ttd']}, {data['tanggal_ttd']}", jabatan=ttd["jabatan"],
                   nama=ttd["nama"], pangkat=ttd["pangkat"], nip=ttd["nip"])
    for j in data["jabatan"]:
        doc.add_page_break()
        d.judul(doc, "INDIKATOR KINERJA INDIVIDU", 1, rata="tengah")
        d.paragraf(doc, f"1. JABATAN : {j['nama']}")
        if j["tugas"]:
            if len(j["tugas"]) == 1:
                d.paragraf(doc, f"2. TUGAS : {j['tugas'][0]}")
            else:
                d.paragraf(doc, f"2. TUGAS : {j['judul_tugas']}, mempunyai tugas :")
                _butir_huruf(doc, j["tugas"])
        if j["fungsi"]:
            d.paragraf(doc, f"3. FUNGSI : {j['judul_tugas']}, mempunyai fungsi :")
            _butir_huruf(doc, j["fungsi"])
        baris, gabung = [], []
        for k in j["kelompok"]:
            gabung += [(0, len(baris), k["rentang"]), (1, len(baris), k["rentang"])]
            for i, b in enumerate(k["baris"]):
                awal = i == 0
                baris.append([str(k["nomor"]) if awal else "", k["sasaran"] if awal else "", b["indikator"],
                              b["penjelasan"], b["sumber_data"]])
        d.tabel(doc, ["No", "Sasaran/ Kinerja Utama", "Indikator Kinerja Utama", "Penjelasan / Formulasi Penghitungan",
                      "Sumber Data"], baris, lebar_mm=[9, 38, 38, 55, 25], gabung=gabung, ukuran=9)
    return d.ke_bita(doc)


def docx_dokumen(
    tahun_iki: TahunIKI,
    kertas: str = "a4",
    *,
    tempat: str = "",
    tanggal: date | None = None,
    ttd: PenandaTangan | None = None,
) -> tuple[bytes, dict]:
    """(DOCX bytes, the document data): the print screen's choices as for ``pdf_dokumen``."""
    _pastikan_kertas(kertas)
    data = data_dokumen(tahun_iki, tempat=tempat, tanggal=tanggal, ttd=ttd)
    return tulis_docx(data, kertas), data


def pdf_dokumen(
    tahun_iki: TahunIKI,
    kertas: str = "a4",
    *,
    tempat: str = "",
    tanggal: date | None = None,
    ttd: PenandaTangan | None = None,
) -> tuple[bytes, dict, bool]:
    """(PDF bytes, the document data, whether it came from the cache). The cache key is the hash
    of everything printed, the print screen's place, date, signer and the logo included."""
    _pastikan_kertas(kertas)
    data = data_dokumen(tahun_iki, tempat=tempat, tanggal=tanggal, ttd=ttd)
    sidik = sidik_dokumen(data, kertas)
    tersimpan = BerkasDokumen.objects.filter(tahun=tahun_iki, kertas=kertas, sidik=sidik).values_list(
        "pdf", flat=True
    ).first()
    if tersimpan is not None:
        return bytes(tersimpan), data, True
    pdf = tulis_pdf(data, kertas)
    try:
        with transaction.atomic():
            BerkasDokumen.objects.update_or_create(
                tahun=tahun_iki, kertas=kertas, defaults={"sidik": sidik, "pdf": pdf, "dibuat": timezone.now()}
            )
    except IntegrityError:
        pass  # another request stored the same document at the same moment
    return pdf, data, False
