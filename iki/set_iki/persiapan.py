"""Persiapan tahun: the operator's checklist for a new unit or a new year.

``periksa(tahun_iki)`` returns the steps in order (``Langkah``), each with its state in words and
the screen that does it; ``periksa_unit(unit)`` the steps a unit without a year can already see.
Plain data, no HTTP: the page (``views_persiapan``) shows it, and the penetapan
(``tahun.tetapkan``) refuses while a step required for it is not done (``kurang_untuk_penetapan``).

Which steps are required for what (one home for this rule):

- **penetapan** — what the signed document is: the unit's letterhead, jabatan with tugas and
  fungsi, sasaran and indicators that can be computed (every variable has a jabatan pengisi,
  every formula checks out), and a target for every indicator. Penetapan is refused without them.
- **pengisian** — what entering the first month needs: a holder for every jabatan with an IKI
  in the year, and an account for each assigned pegawai. A decree is about positions, not people
  (copying a year does not copy the assignments), so these do not hold the penetapan back.
- **anjuran** — advised: constants, the signer and logo, holidays, TPP rules, the quality
  review's other findings (the 2023 original itself has a duplicate indicator).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.urls import reverse

from iki.models import (
    AturanPotongan,
    BarisIKI,
    BesaranTpp,
    HariLibur,
    Indikator,
    Pegawai,
    Pengguna,
    Penugasan,
    Sasaran,
    TahunIKI,
    UnitKerja,
)
from iki.set_iki import mutu

PENETAPAN, PENGISIAN, ANJURAN = "penetapan", "pengisian", "anjuran"
LABEL_SIFAT = {
    PENETAPAN: "wajib sebelum penetapan",
    PENGISIAN: "wajib sebelum pengisian bulan pertama",
    ANJURAN: "anjuran",
}


@dataclass(frozen=True)
class Langkah:
    kode: str
    judul: str
    selesai: bool
    pesan: str  # what is done, or what is wrong, in words
    url: str
    sifat: str

    @property
    def label_sifat(self) -> str:
        return LABEL_SIFAT[self.sifat]


def _url(nama: str, *args) -> str:
    return reverse(nama, args=args)


def _admin(model: str, *, ubah=None, query: str = "") -> str:
    if ubah is not None:
        return reverse(f"admin:iki_{model}_change", args=[ubah])
    return reverse(f"admin:iki_{model}_changelist") + query


def _daftar(nama: list[str], batas: int = 5) -> str:
    if len(nama) <= batas:
        return ", ".join(nama)
    return ", ".join(nama[:batas]) + f" dan {len(nama) - batas} lainnya"


def _langkah_unit(unit: UnitKerja) -> list[Langkah]:
    kurang = [label for label, nilai in (
        ("nama pada kop", unit.nama_wilayah),
        ("alamat", unit.alamat),
        ("kode surat", unit.kode_surat),
        ("jabatan pimpinan", unit.jabatan_pimpinan),
    ) if not (nilai or "").strip()]
    url = _admin("unitkerja", ubah=unit.pk)
    kop = Langkah(
        "unit",
        "Data unit kerja (kop surat)",
        not kurang,
        f"Belum diisi: {', '.join(kurang)}." if kurang else
        f"{unit.nama}, {unit.alamat}; kode surat {unit.kode_surat}; batas isian tanggal {unit.hari_batas_entri} "
        "bulan berikutnya.",
        url,
        PENETAPAN,
    )
    kurang = [label for label, ada in (
        ("pimpinan (penanda tangan)", unit.pimpinan_id),
        ("logo", unit.logo),
        ("tempat penandatanganan", (unit.tempat_ttd or unit.kota).strip()),
    ) if not ada]
    ttd = Langkah(
        "pimpinan",
        "Pimpinan, logo dan tempat tanda tangan",
        not kurang,
        f"Belum diisi: {', '.join(kurang)}." if kurang else "Pimpinan, logo dan tempat tanda tangan sudah diisi.",
        url,
        ANJURAN,
    )
    return [kop, ttd]


def periksa_unit(unit: UnitKerja) -> list[Langkah]:
    """The steps of a unit that has no year yet: its data, then the year to create."""
    return [
        *_langkah_unit(unit),
        Langkah("tahun", "Tahun IKI", False, "Belum ada tahun IKI: buat tahun baru (kosong atau salinan).",
                _url("set_iki_persiapan_unit", unit.kode), PENETAPAN),
    ]


def _aktif_dalam_tahun(tahun: int):
    return Q(mulai__lte=date(tahun, 12, 31)) & (Q(selesai__isnull=True) | Q(selesai__gte=date(tahun, 1, 1)))


def periksa(tahun_iki: TahunIKI) -> list[Langkah]:
    """Every step of the year's checklist, in the order an operator takes them."""
    tahun = TahunIKI.objects.select_related("unit").get(pk=tahun_iki.pk)
    unit, th = tahun.unit, tahun.tahun
    q_tahun = f"?tahun__tahun={th}"
    langkah = _langkah_unit(unit)

    langkah.append(Langkah(
        "tahun", f"Tahun IKI {th}", True,
        f"Tahun {th} ada ({tahun.get_status_display().lower()})"
        + (f", {tahun.renstra}." if tahun.renstra_id else "; periode Renstra belum dipilih."),
        _admin("tahuniki", ubah=tahun.pk), PENETAPAN,
    ))

    konstanta = list(tahun.konstanta.order_by("kode"))
    langkah.append(Langkah(
        "konstanta", "Konstanta (jumlah desa …)", bool(konstanta),
        ("; ".join(str(k) for k in konstanta) + ".") if konstanta
        else "Belum ada konstanta. Diperlukan bila rumus memakainya (misalnya jumlah_desa).",
        _admin("konstanta", query=q_tahun), ANJURAN,
    ))

    jabatan = list(tahun.jabatan.prefetch_related("uraian").order_by("urutan", "id"))
    ber_iki = set(BarisIKI.objects.filter(jabatan__tahun=tahun).values_list("jabatan_id", flat=True))
    tanpa_tugas = [j.nama for j in jabatan if not j.tugas()]
    tanpa_fungsi = [j.nama for j in jabatan if not j.fungsi()]
    masalah = []
    if not jabatan:
        masalah.append("Belum ada jabatan.")
    elif not ber_iki:
        masalah.append("Belum ada jabatan dengan baris IKI (sasaran dan indikator).")
    if tanpa_tugas:
        masalah.append(f"Tanpa tugas: {_daftar(tanpa_tugas)}.")
    # The original documents give the Kasi and Kasubag only their tugas: fungsi is a note.
    catatan = f" Tanpa fungsi: {_daftar(tanpa_fungsi)}." if tanpa_fungsi else ""
    langkah.append(Langkah(
        "jabatan", "Jabatan: tugas, fungsi dan atasan", not masalah,
        (" ".join(masalah) or f"{len(jabatan)} jabatan, {len(ber_iki)} dengan tabel IKI.") + catatan,
        _admin("jabatan", query=q_tahun), PENETAPAN,
    ))

    penugasan = Penugasan.objects.filter(_aktif_dalam_tahun(th), jabatan__tahun=tahun)
    dijabat = set(penugasan.values_list("jabatan_id", flat=True))
    kosong = [j.nama for j in jabatan if j.pk in ber_iki and j.pk not in dijabat]
    langkah.append(Langkah(
        "penugasan", "Pegawai dan penugasan (definitif / Plt / Plh)", bool(jabatan) and not kosong,
        f"Jabatan tanpa pemegang pada {th}: {_daftar(kosong)}." if kosong
        else ("Belum ada jabatan." if not jabatan else f"Setiap jabatan dengan IKI memiliki pemegang pada {th}."),
        _admin("penugasan", query=f"?jabatan__tahun__tahun={th}"), PENGISIAN,
    ))

    temuan = mutu.tinjau(tahun)
    jumlah_sasaran = Sasaran.objects.filter(tahun=tahun).count()
    jumlah_indikator = Indikator.objects.filter(tahun=tahun).count()
    tak_terhitung = [t for t in temuan if t.jenis in ("rumus", "tanpa_pengisi")]
    masalah = []
    if not jumlah_sasaran:
        masalah.append("Belum ada sasaran.")
    if not jumlah_indikator:
        masalah.append("Belum ada indikator.")
    masalah += [f"{t.indikator}: {t.pesan}" for t in tak_terhitung]
    langkah.append(Langkah(
        "indikator", "Sasaran, indikator, variabel dan rumus", not masalah,
        " ".join(masalah) or f"{jumlah_sasaran} sasaran, {jumlah_indikator} indikator; semua rumus dapat dihitung.",
        _url("set_iki_indikator_daftar", unit.kode, th),
        PENETAPAN,
    ))

    tanpa_target = [t.indikator for t in temuan if t.jenis == "target_kosong"]
    langkah.append(Langkah(
        "target", "Target setiap indikator", bool(jumlah_indikator) and not tanpa_target,
        f"Belum ada target tahunan: {_daftar(tanpa_target)}." if tanpa_target
        else ("Belum ada indikator." if not jumlah_indikator else "Setiap indikator memiliki target tahunan."),
        _url("set_iki_target", unit.kode, th),
        PENETAPAN,
    ))

    pegawai = list(Pegawai.objects.filter(penugasan__in=penugasan).distinct().order_by("nama"))
    berakun = set(
        Pengguna.objects.filter(pegawai__in=pegawai, is_active=True).values_list("pegawai_id", flat=True)
    )
    tanpa_akun = [p.nama for p in pegawai if p.pk not in berakun]
    langkah.append(Langkah(
        "akun", "Akun pengguna pegawai yang ditugaskan", bool(pegawai) and not tanpa_akun,
        f"Belum memiliki akun: {_daftar(tanpa_akun)}." if tanpa_akun
        else ("Belum ada pegawai yang ditugaskan." if not pegawai else f"{len(pegawai)} pegawai memiliki akun."),
        _admin("pengguna"), PENGISIAN,
    ))

    libur = HariLibur.objects.filter(unit=unit, tanggal__year=th).count()
    langkah.append(Langkah(
        "libur", f"Hari libur {th}", bool(libur),
        f"{libur} hari libur dan cuti bersama tercatat." if libur
        else "Belum ada hari libur: muat daftar libur nasional (hari kerja presensi dan batas isian memakainya).",
        _url("presensi_libur", unit.kode, th), ANJURAN,
    ))

    aturan = AturanPotongan.objects.filter(unit=unit).count()
    tpp = BesaranTpp.objects.filter(pegawai__unit=unit).values("pegawai").distinct().count()
    kurang = ([] if aturan else ["aturan potongan"]) + ([] if tpp else ["besaran TPP pegawai"])
    langkah.append(Langkah(
        "tpp", "Aturan TPP (presensi)", not kurang,
        f"Belum ada: {' dan '.join(kurang)}." if kurang else f"{aturan} aturan potongan; TPP {tpp} pegawai.",
        _url("presensi_aturan" if not aturan else "presensi_tpp", unit.kode), ANJURAN,
    ))

    galat = [t for t in temuan if t.tingkat == mutu.GALAT]
    peringatan = [t for t in temuan if t.tingkat == mutu.PERINGATAN]
    langkah.append(Langkah(
        "mutu", "Tinjauan mutu", not galat,
        f"{len(galat)} galat dan {len(peringatan)} peringatan; periksa sebelum menetapkan."
        if galat or peringatan else "Tidak ada galat maupun peringatan.",
        _url("dokumen_mutu", unit.kode, th), ANJURAN,
    ))

    wajib_kurang = [lk.judul for lk in langkah if lk.sifat == PENETAPAN and not lk.selesai]
    keputusan = [label for label, ada in (
        ("nomor Keputusan", tahun.nomor_keputusan.strip()), ("tanggal Keputusan", tahun.tanggal_keputusan)
    ) if not ada]
    if tahun.status == "ditetapkan":
        pesan = f"IKI {th} ditetapkan dengan Keputusan Nomor {tahun.nomor_keputusan}."
    elif wajib_kurang:
        pesan = f"Belum dapat ditetapkan: selesaikan dahulu {'; '.join(wajib_kurang)}."
    elif keputusan:
        pesan = f"Isi {' dan '.join(keputusan)}, lalu tetapkan pada halaman Dokumen IKI."
    else:
        pesan = "Siap ditetapkan pada halaman Dokumen IKI."
    langkah.append(Langkah(
        "penetapan", "Penetapan", tahun.status == "ditetapkan", pesan,
        _url("dokumen_pratinjau", unit.kode, th), PENETAPAN,
    ))
    return langkah


def kurang_untuk_penetapan(tahun_iki: TahunIKI) -> list[str]:
    """The titles of the steps required for penetapan that are not done (the penetapan itself
    left out)."""
    return [
        lk.judul for lk in periksa(tahun_iki) if lk.sifat == PENETAPAN and not lk.selesai and lk.kode != "penetapan"
    ]
