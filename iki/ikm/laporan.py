"""Laporan IKM: one function gathers a survey's results as plain data, templates turn it into
the results page and the PDF (WeasyPrint), and openpyxl into a workbook. Also the questionnaire
template that users fill and upload.

Text typed by users is written to Excel as text, never as a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string

from iki.ikm import hitung as ikm
from iki.ikm import sumber as ikm_sumber
from iki.ikm.impor import KOLOM_IMPOR, MAKS_BARIS, NAMA_LEMBAR
from iki.inti.angka import format_angka, format_tanggal
from iki.models.ikm import JenisLayanan, Kuesioner, SurveiIKM
from iki.umum.excel import tulis_teks
from iki.umum.pdf import render_pdf

TEMPLAT_PDF = "iki/ikm/laporan_pdf.html"
CSS_CETAK = ("css/cetak.css", "css/ikm.css")


# --- Gathering -----------------------------------------------------------------------------------


@dataclass
class Perbandingan:
    survei: SurveiIKM
    hasil: ikm.HasilIKM
    selisih: Decimal | None  # this IKM − previous IKM
    selisih_unsur: dict[str, Decimal | None]  # NRR × 25, this − previous


@dataclass
class Ringkasan:
    survei: SurveiIKM
    rekap: ikm_sumber.RekapSurvei
    hasil: ikm.HasilIKM
    sampel_minimal: int | None
    sebelumnya: Perbandingan | None
    profil: dict[str, list[ikm_sumber.BarisProfil]]
    layanan: list[str]

    @property
    def kurang_sampel(self) -> int | None:
        if self.sampel_minimal is None:
            return None
        return max(self.sampel_minimal - self.rekap.jumlah_responden, 0)

    @property
    def baris_unsur(self) -> list[dict]:
        """Per unsur: the result, answers and blanks, and the change from the previous period."""
        n = self.rekap.jumlah_responden
        baris = []
        for h in self.hasil.unsur:
            selisih = self.sebelumnya.selisih_unsur.get(h.kode) if self.sebelumnya else None
            baris.append(
                {
                    "hasil": h,
                    "kode": h.kode,
                    "nama": h.unsur.nama,
                    "sebaran": h.sebaran,
                    "jumlah_jawaban": h.sebaran.jumlah_jawaban,
                    "kosong": max(n - h.sebaran.jumlah_jawaban, 0),
                    "nrr": h.nrr_tampil(3),
                    "nrr_tertimbang": None if h.nrr is None else ikm.bulatkan_pecahan(h.nrr_tertimbang, 4),
                    "konversi": h.konversi,
                    "mutu": h.mutu,
                    "terlemah": h.kode in self.hasil.unsur_terlemah,
                    "selisih": selisih,
                }
            )
        return baris

    @property
    def terlemah(self) -> list[ikm.HasilUnsur]:
        per_kode = self.hasil.per_kode
        return [per_kode[k] for k in self.hasil.unsur_terlemah]


def ringkasan(survei: SurveiIKM) -> Ringkasan:
    """Everything the results page and the reports show about one survey (constant queries)."""
    rekap = ikm_sumber.rekap_survei(survei)
    hasil = rekap.hasil()
    sebelumnya = None
    lalu = ikm_sumber.survei_sebelumnya(survei)
    if lalu is not None:
        hasil_lalu = ikm_sumber.rekap_survei(lalu).hasil()
        if hasil_lalu.ada_jawaban:
            lalu_per_kode = hasil_lalu.per_kode
            sebelumnya = Perbandingan(
                survei=lalu,
                hasil=hasil_lalu,
                selisih=(hasil.ikm - hasil_lalu.ikm) if hasil.ikm is not None and hasil_lalu.ikm is not None else None,
                selisih_unsur={
                    h.kode: (
                        h.konversi - lalu_per_kode[h.kode].konversi
                        if h.konversi is not None and lalu_per_kode[h.kode].konversi is not None
                        else None
                    )
                    for h in hasil.unsur
                },
            )
    return Ringkasan(
        survei=survei,
        rekap=rekap,
        hasil=hasil,
        sampel_minimal=None if survei.populasi is None else ikm.sampel_minimal(survei.populasi),
        sebelumnya=sebelumnya,
        profil=ikm_sumber.profil_responden(survei),
        layanan=list(survei.layanan.order_by("urutan", "nama").values_list("nama", flat=True)),
    )


# --- The bar chart (SVG drawn by the server: the same picture on screen and in the PDF) -----------

LEBAR_GRAFIK = 640
KIRI = 44
KANAN = 70
TINGGI_BARIS = 30
ATAS = 24
WARNA_KOSONG = "#adb5bd"


def grafik_nrr(hasil: ikm.HasilIKM) -> dict:
    """Geometry of horizontal bars of NRR (scale 0–4) per unsur, for templates/iki/ikm/_grafik.html."""
    lebar_plot = LEBAR_GRAFIK - KIRI - KANAN
    batang = []
    for i, h in enumerate(hasil.unsur):
        y = ATAS + i * TINGGI_BARIS
        nrr = h.nrr
        panjang = 0 if nrr is None else round(float(nrr) / 4 * lebar_plot, 1)
        batang.append(
            {
                "kode": h.kode,
                "nama": h.unsur.nama,
                "y": y,
                "y_teks": y + 15,
                "tinggi": TINGGI_BARIS - 10,
                "panjang": panjang,
                "x_nilai": KIRI + panjang + 6,
                "nilai": "tidak ada jawaban" if nrr is None else format_angka(h.nrr_tampil(3), 3),
                "warna": WARNA_KOSONG if h.mutu is None else h.mutu.warna,
                "terlemah": h.kode in hasil.unsur_terlemah,
            }
        )
    tinggi = ATAS + len(batang) * TINGGI_BARIS + 8
    garis = [
        {"x": KIRI + round(v / 4 * lebar_plot, 1), "label": str(v), "y2": tinggi - 8} for v in range(0, 5)
    ]
    return {"lebar": LEBAR_GRAFIK, "tinggi": tinggi, "kiri": KIRI, "batang": batang, "garis": garis}


# --- PDF -----------------------------------------------------------------------------------------


def konteks_laporan(r: Ringkasan, *, hari_ini: date) -> dict:
    survei = r.survei
    unit = survei.unit
    pimpinan = unit.pimpinan
    return {
        "r": r,
        "survei": survei,
        "unit": unit,
        "grafik": grafik_nrr(r.hasil),
        "tanggal_cetak": format_tanggal(hari_ini),
        "rentang": f"{format_tanggal(survei.tanggal_awal)} – {format_tanggal(survei.tanggal_akhir)}",
        "tempat": unit.tempat_ttd or unit.kota or unit.nama_wilayah,
        "pimpinan": pimpinan,
    }


def html_laporan(r: Ringkasan, *, hari_ini: date) -> str:
    return render_to_string(TEMPLAT_PDF, konteks_laporan(r, hari_ini=hari_ini))


def pdf_laporan(r: Ringkasan, *, hari_ini: date, **opsi) -> bytes:
    """The Laporan IKM as PDF: the shared print stylesheet with its embedded font."""
    return render_pdf(html_laporan(r, hari_ini=hari_ini), css=CSS_CETAK, **opsi)


def nama_berkas(survei: SurveiIKM, akhiran: str) -> str:
    return f"laporan-ikm-{survei.unit.kode}-{survei.tahun}-{survei.periode.kode}.{akhiran}"


# --- Excel ---------------------------------------------------------------------------------------


def _angka(nilai: Decimal | None, desimal: int = 2) -> float | None:
    return None if nilai is None else float(round(nilai, desimal))


def excel_laporan(r: Ringkasan, *, hari_ini: date) -> bytes:
    """The report as a workbook: sheet "Laporan" (method, respondents and their profile, per-unsur
    table, IKM, mutu, weakest unsur, follow-up plan) and sheet "Kuesioner" (every questionnaire
    entered, in the import template's columns, so it can be uploaded again)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    survei = r.survei
    wb = Workbook()
    ws = wb.active
    ws.title = "Laporan"
    tebal = Font(bold=True)
    isi_judul = PatternFill("solid", fgColor="E9F2EE")
    baris = 1

    def tulis(*nilai, bold=False):
        nonlocal baris
        for i, v in enumerate(nilai, start=1):
            sel = ws.cell(row=baris, column=i)
            if isinstance(v, str):
                tulis_teks(sel, v)
            else:
                sel.value = v
            if bold:
                sel.font = tebal
        baris += 1

    tulis("LAPORAN SURVEI KEPUASAN MASYARAKAT", bold=True)
    tulis(survei.unit.nama, bold=True)
    rentang = f"{format_tanggal(survei.tanggal_awal)} – {format_tanggal(survei.tanggal_akhir)}"
    tulis(f"Periode {survei.label} ({rentang})")
    tulis(f"Dicetak {format_tanggal(hari_ini)}")
    baris += 1
    tulis("A. Metode", bold=True)
    tulis(survei.metode)
    ws.cell(row=baris - 1, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    tulis("Populasi pengguna layanan", survei.populasi)
    tulis("Sampel minimal (Krejcie–Morgan)", r.sampel_minimal)
    tulis("Jumlah responden", r.rekap.jumlah_responden)
    tulis("  dari kuesioner", r.rekap.jumlah_kuesioner)
    tulis("  dari rekap", r.rekap.jumlah_rekap)
    tulis("Jenis layanan disurvei", ", ".join(r.layanan) or "–")
    baris += 1
    tulis("B. Profil responden (dari kuesioner)", bold=True)
    for judul_profil, isi_profil in r.profil.items():
        tulis(judul_profil, "Jumlah", "%", bold=True)
        for p in isi_profil:
            tulis(p.label, p.jumlah, _angka(p.persen, 1))
    baris += 1
    tulis("C. Nilai per unsur", bold=True)
    judul = ["Kode", "Unsur", "Jawaban 1", "Jawaban 2", "Jawaban 3", "Jawaban 4", "Jumlah jawaban",
             "Tidak menjawab", "NRR", "NRR tertimbang", "Nilai konversi", "Mutu"]  # fmt: skip
    tulis(*judul, bold=True)
    for sel in ws[baris - 1]:
        sel.fill = isi_judul
    for b in r.baris_unsur:
        s = b["sebaran"]
        tulis(
            b["kode"], b["nama"], s.n1, s.n2, s.n3, s.n4, b["jumlah_jawaban"], b["kosong"],
            _angka(b["nrr"], 3), _angka(b["nrr_tertimbang"], 4), _angka(b["konversi"]),
            b["mutu"].huruf if b["mutu"] else "–",
        )  # fmt: skip
        for kolom, format_ in ((9, "0.000"), (10, "0.0000"), (11, "0.00")):
            ws.cell(row=baris - 1, column=kolom).number_format = format_
    baris += 1
    tulis("D. Indeks Kepuasan Masyarakat", bold=True)
    tulis("Rata-rata NRR tertimbang (Σ NRR × 1/9)", _angka(r.hasil.rata_nrr_tampil(4), 4))
    ws.cell(row=baris - 1, column=2).number_format = "0.0000"
    tulis("IKM (konversi × 25)", _angka(r.hasil.ikm))
    ws.cell(row=baris - 1, column=2).number_format = "0.00"
    tulis("Mutu pelayanan", r.hasil.mutu.huruf if r.hasil.mutu else "–")
    tulis("Kinerja unit pelayanan", r.hasil.mutu.kinerja if r.hasil.mutu else "–")
    if r.hasil.unsur_tanpa_jawaban:
        tulis("IKM belum dapat dihitung: tidak ada jawaban untuk", ", ".join(r.hasil.unsur_tanpa_jawaban))
    terlemah = "; ".join(f"{h.unsur.label} (NRR {format_angka(h.nrr_tampil(3), 3)})" for h in r.terlemah)
    tulis("Unsur terendah", terlemah or "–")
    if r.sebelumnya:
        tulis(f"Periode sebelumnya ({r.sebelumnya.survei.label})", _angka(r.sebelumnya.hasil.ikm))
        tulis("Perubahan", _angka(r.sebelumnya.selisih))
    baris += 1
    tulis("E. Rencana tindak lanjut", bold=True)
    tulis(survei.rencana_tindak_lanjut or "–")
    ws.cell(row=baris - 1, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 40
    for kolom in "CDEFGHIJKL":
        ws.column_dimensions[kolom].width = 13

    _lembar_kuesioner(wb.create_sheet("Kuesioner"), survei)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def _lembar_kuesioner(ws, survei: SurveiIKM) -> None:
    from openpyxl.styles import Font

    judul = [h for h, _ in KOLOM_IMPOR]
    for i, h in enumerate(judul, start=1):
        ws.cell(row=1, column=i, value=h).font = Font(bold=True)
    pend = dict(Kuesioner.PENDIDIKAN_CHOICES)
    pek = dict(Kuesioner.PEKERJAAN_CHOICES)
    data = survei.kuesioner.select_related("layanan").order_by("nomor")
    for r, k in enumerate(data.iterator(chunk_size=1000), start=2):
        ws.cell(row=r, column=1, value=k.nomor)
        sel = ws.cell(row=r, column=2, value=k.tanggal)
        sel.number_format = "DD/MM/YYYY"
        tulis_teks(ws.cell(row=r, column=3), k.layanan.nama if k.layanan else None)
        ws.cell(row=r, column=4, value=k.umur)
        tulis_teks(ws.cell(row=r, column=5), k.jenis_kelamin or None)
        tulis_teks(ws.cell(row=r, column=6), pend.get(k.pendidikan))
        tulis_teks(ws.cell(row=r, column=7), pek.get(k.pekerjaan))
        for j, kode in enumerate(ikm.KODE_UNSUR, start=8):
            ws.cell(row=r, column=j, value=getattr(k, kode.lower()))


def templat_impor(survei: SurveiIKM, layanan: list[JenisLayanan]) -> bytes:
    """The questionnaire workbook to fill and upload: headers, dropdowns and 1–4 validation."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = NAMA_LEMBAR
    for i, (h, _) in enumerate(KOLOM_IMPOR, start=1):
        ws.cell(row=1, column=i, value=h).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = 6 if h.startswith("U") else 16
    ws.column_dimensions["C"].width = 30
    ws.freeze_panes = "B2"
    akhir = MAKS_BARIS + 1

    daftar = wb.create_sheet("Daftar")
    isi = {
        "A": ["Jenis Layanan", *[j.nama for j in layanan if j.aktif]],
        "B": ["Jenis Kelamin", "L", "P"],
        "C": ["Pendidikan", *[label for _, label in Kuesioner.PENDIDIKAN_CHOICES]],
        "D": ["Pekerjaan", *[label for _, label in Kuesioner.PEKERJAAN_CHOICES]],
    }
    for kolom, nilai in isi.items():
        for r, v in enumerate(nilai, start=1):
            tulis_teks(daftar[f"{kolom}{r}"], v)
    daftar.sheet_state = "hidden"

    def daftar_pilihan(kolom_daftar: str, kolom_isi: str, judul: str):
        n = len(isi[kolom_daftar])
        if n < 2:
            return
        dv = DataValidation(
            type="list", formula1=f"=Daftar!${kolom_daftar}$2:${kolom_daftar}${n}", allow_blank=True,
            showErrorMessage=True, errorTitle=judul, error=f"Pilih {judul.lower()} dari daftar.",
        )  # fmt: skip
        dv.add(f"{kolom_isi}2:{kolom_isi}{akhir}")
        ws.add_data_validation(dv)

    daftar_pilihan("A", "C", "Jenis Layanan")
    daftar_pilihan("B", "E", "Jenis Kelamin")
    daftar_pilihan("C", "F", "Pendidikan")
    daftar_pilihan("D", "G", "Pekerjaan")
    jawaban = DataValidation(
        type="whole", operator="between", formula1="1", formula2="4", allow_blank=True, showErrorMessage=True,
        errorTitle="Jawaban unsur", error="Jawaban hanya 1, 2, 3 atau 4 (kosongkan bila tidak dijawab).",
    )  # fmt: skip
    jawaban.add(f"H2:P{akhir}")
    ws.add_data_validation(jawaban)
    umur = DataValidation(
        type="whole", operator="between", formula1="10", formula2="120", allow_blank=True, showErrorMessage=True,
        errorTitle="Umur", error="Umur dalam tahun, 10–120.",
    )  # fmt: skip
    umur.add(f"D2:D{akhir}")
    ws.add_data_validation(umur)
    for r in range(2, akhir + 1):
        ws.cell(row=r, column=2).number_format = "DD/MM/YYYY"

    petunjuk = wb.create_sheet("Petunjuk")
    baris = [
        f"Templat kuesioner Survei Kepuasan Masyarakat — {survei.unit.nama}, periode {survei.label}",
        f"Isi satu baris per kuesioner mulai baris 2 lembar “{NAMA_LEMBAR}”, paling banyak "
        f"{format_angka(MAKS_BARIS, 0)} baris per berkas.",
        f"Tanggal (wajib) dalam periode {format_tanggal(survei.tanggal_awal)} – "
        f"{format_tanggal(survei.tanggal_akhir)}, ditulis 5/6/2023.",
        "Jawaban U1–U9: 1 (tidak baik), 2 (kurang baik), 3 (baik), 4 (sangat baik); kosongkan bila tidak dijawab.",
        "Jenis Layanan, Jenis Kelamin, Pendidikan dan Pekerjaan dipilih dari daftar (boleh kosong).",
        "",
        "Unsur:",
        *(u.label for u in ikm.UNSUR),
    ]
    for r, teks in enumerate(baris, start=1):
        tulis_teks(petunjuk.cell(row=r, column=1), teks)
    petunjuk.column_dimensions["A"].width = 110
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()
