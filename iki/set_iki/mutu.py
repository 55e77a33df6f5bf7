"""Quality review of a year's IKI set: the criteria of BAB II made visible.

``tinjau(tahun)`` returns findings (``Temuan``) — plain data, no HTML. What is flagged:

- the same indicator twice in one jabatan's table (Ketapang 2023, jabatan 4);
- a printed row without Sumber Data (Ketapang 2023, jabatan 1, perijinan);
- an indicator without a target for the year (the original gives none at all);
- a "tetap" indicator whose TW IV target differs from its annual target (they usually mean the
  same; docs/target-periode.md says which periods use which);
- a sasaran used by jabatan that are not related to each other: neither is the other's
  atasan (up the chain) and they share no indicator under it (Ketapang 2023: planning,
  archive and salary indicators of jabatan 2 and 3 under the pelayanan sasaran);
- an indicator no one enters data for (a variable without a jabatan pengisi, or no
  variables; survey indicators take their value from the survey and are left out);
- a formula that cannot be evaluated (syntax, unknown names, a divisor that is always 0);
- facts the document still lacks (Keputusan number, signing date), an indicator used in no
  table, and one indicator printed under different wordings (notes, not errors).
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from iki.inti.angka import format_ringkas
from iki.inti.rumus import Rumus, RumusError
from iki.models import BarisIKI, Indikator, Jabatan, TahunIKI, Variabel

GALAT = "galat"  # the set is wrong or cannot be computed
PERINGATAN = "peringatan"  # probably wrong; the criteria of BAB II are not met
CATATAN = "catatan"  # worth a look

JENIS = {
    "duplikat": "Indikator ganda dalam satu jabatan",
    "sumber_kosong": "Sumber data kosong",
    "target_kosong": "Target belum ditetapkan",
    "target_tw4": "Target TW IV berbeda dari target tahunan",
    "sasaran_tidak_terkait": "Sasaran dipakai jabatan yang tidak saling terkait",
    "tanpa_pengisi": "Tidak ada yang mengisi data",
    "rumus": "Rumus tidak dapat dihitung",
    "keputusan": "Kelengkapan dokumen",
    "tidak_dipakai": "Indikator tidak tercantum",
    "ejaan": "Penulisan berbeda",
}
_URUTAN_TINGKAT = {GALAT: 0, PERINGATAN: 1, CATATAN: 2}
_CELAH_NOMOR = re.compile(r"/\s*/|…|\.{3,}")


@dataclass(frozen=True)
class Temuan:
    jenis: str
    tingkat: str
    pesan: str
    jabatan: str = ""
    indikator: str = ""
    indikator_id: int | None = None
    jabatan_id: int | None = None

    @property
    def judul(self) -> str:
        return JENIS[self.jenis]


def _rantai_atasan(jabatan: dict[int, Jabatan], pk: int) -> set[int]:
    naik, j = set(), jabatan.get(pk)
    while j is not None and j.atasan_id and j.atasan_id not in naik:
        naik.add(j.atasan_id)
        j = jabatan.get(j.atasan_id)
    return naik


def _kelompok_terkait(anggota: list[int], terkait) -> list[list[int]]:
    """Connected groups of jabatan under one sasaran (union of 'related' pairs)."""
    induk = {a: a for a in anggota}

    def akar(a):
        while induk[a] != a:
            induk[a] = induk[induk[a]]
            a = induk[a]
        return a

    for i, a in enumerate(anggota):
        for b in anggota[i + 1 :]:
            if terkait(a, b):
                induk[akar(a)] = akar(b)
    kelompok: dict[int, list[int]] = defaultdict(list)
    for a in anggota:
        kelompok[akar(a)].append(a)
    return list(kelompok.values())


def tinjau(tahun_iki: TahunIKI) -> list[Temuan]:
    """Every finding of the year's set, most serious first (a fixed number of queries)."""
    tahun = TahunIKI.objects.select_related("unit").get(pk=tahun_iki.pk)
    jabatan = {j.pk: j for j in Jabatan.objects.filter(tahun=tahun).order_by("urutan", "id")}
    konstanta = tahun.nilai_konstanta()
    indikator = list(
        Indikator.objects.filter(tahun=tahun)
        .order_by("urutan", "id")
        .prefetch_related(
            Prefetch("variabel", queryset=Variabel.objects.select_related("pengisi").order_by("urutan", "id")),
            "target",
        )
    )
    baris = list(
        BarisIKI.objects.filter(jabatan__tahun=tahun)
        .select_related("sasaran", "indikator")
        .order_by("jabatan__urutan", "jabatan_id", "urutan")
    )
    temuan: list[Temuan] = []

    # Per jabatan: duplicates and blank Sumber Data as printed.
    per_jabatan: dict[int, list[BarisIKI]] = defaultdict(list)
    for b in baris:
        per_jabatan[b.jabatan_id].append(b)
    for jpk, daftar in per_jabatan.items():
        j = jabatan[jpk]
        nomor_baris: dict[int, list[int]] = defaultdict(list)
        for nomor, b in enumerate(daftar, start=1):
            nomor_baris[b.indikator_id].append(nomor)
            if not b.sumber_data.strip():
                temuan.append(
                    Temuan(
                        "sumber_kosong",
                        PERINGATAN,
                        f"Baris {nomor} ({b.nama_indikator}) tidak mencantumkan sumber data.",
                        j.nama, b.nama_indikator, b.indikator_id, jpk,
                    )
                )
        for b in daftar:
            letak = nomor_baris.pop(b.indikator_id, None)
            if letak and len(letak) > 1:
                temuan.append(
                    Temuan(
                        "duplikat",
                        GALAT,
                        f"Indikator ini tercantum {len(letak)} kali pada tabel jabatan ini "
                        f"(baris {', '.join(map(str, letak))}).",
                        j.nama, b.nama_indikator, b.indikator_id, jpk,
                    )
                )

    # Sasaran shared by jabatan that have nothing to do with each other.
    per_sasaran: dict[int, list[BarisIKI]] = defaultdict(list)
    for b in baris:
        per_sasaran[b.sasaran_id].append(b)
    atasan = {pk: _rantai_atasan(jabatan, pk) for pk in jabatan}
    for daftar in per_sasaran.values():
        indikator_per_jabatan: dict[int, set[int]] = defaultdict(set)
        for b in daftar:
            indikator_per_jabatan[b.jabatan_id].add(b.indikator_id)
        anggota = list(indikator_per_jabatan)
        if len(anggota) < 2:
            continue

        def terkait(a, b, ipj=indikator_per_jabatan):
            return a in atasan[b] or b in atasan[a] or bool(ipj[a] & ipj[b])

        kelompok = _kelompok_terkait(anggota, terkait)
        if len(kelompok) < 2:
            continue
        nama_indikator = {b.indikator_id: b.nama_indikator for b in daftar}
        uraian = "; ".join(
            " + ".join(jabatan[a].nama for a in k)
            + " ("
            + ", ".join(sorted({nama_indikator[i] for a in k for i in indikator_per_jabatan[a]}))
            + ")"
            for k in kelompok
        )
        temuan.append(
            Temuan(
                "sasaran_tidak_terkait",
                PERINGATAN,
                f"Sasaran “{daftar[0].sasaran.teks}” dipakai oleh {len(kelompok)} kelompok jabatan yang tidak "
                f"saling terkait (bukan atasan–bawahan, tanpa indikator bersama): {uraian}. Periksa apakah "
                f"indikator tiap kelompok benar mengukur sasaran ini.",
            )
        )

    # Per indicator.
    dipakai = {b.indikator_id for b in baris}
    for ind in indikator:
        variabel = list(ind.variabel.all())
        target = {t.periode for t in ind.target.all()}
        if "tahun" not in target and not {"tw1", "tw2", "tw3", "tw4"} <= target:
            pesan = (
                "Target tahunan belum diisi."
                if not target
                else f"Target tahunan belum diisi dan target triwulan tidak lengkap ({', '.join(sorted(target))})."
            )
            temuan.append(Temuan("target_kosong", PERINGATAN, pesan, indikator=ind.nama, indikator_id=ind.pk))
        nilai_target = {t.periode: t.nilai for t in ind.target.all()}
        tahunan, tw4 = nilai_target.get("tahun"), nilai_target.get("tw4")
        if ind.sifat_target == "tetap" and tahunan is not None and tw4 is not None and tahunan != tw4:
            temuan.append(
                Temuan(
                    "target_tw4", PERINGATAN,
                    f"Target TW IV ({format_ringkas(tw4)}) berbeda dari target tahunan ({format_ringkas(tahunan)}); "
                    "untuk indikator bertarget tetap keduanya biasanya sama. Setahun memakai target tahunan, "
                    "Desember, s.d. Desember dan semester II memakai target TW IV.",
                    indikator=ind.nama, indikator_id=ind.pk,
                )
            )
        if ind.jenis != Indikator.SURVEI:
            if not variabel:
                temuan.append(
                    Temuan(
                        "tanpa_pengisi", GALAT, "Indikator ini tidak memiliki variabel yang diisi setiap bulan.",
                        indikator=ind.nama, indikator_id=ind.pk,
                    )
                )
            tanpa = [v.nama for v in variabel if v.pengisi_id is None]
            if tanpa:
                temuan.append(
                    Temuan(
                        "tanpa_pengisi", GALAT, f"Belum ada jabatan pengisi untuk: {'; '.join(tanpa)}.",
                        indikator=ind.nama, indikator_id=ind.pk,
                    )
                )
            try:
                rumus = Rumus(ind.rumus)
                rumus.periksa(nama_dikenal=_nama_dikenal(ind, variabel, konstanta), konstanta=konstanta)
                if ind.jenis == Indikator.SELISIH and "target" not in rumus.nama:
                    raise RumusError("indikator jenis selisih harus memakai nama 'target'.")
            except RumusError as e:
                temuan.append(
                    Temuan("rumus", GALAT, f"Rumus “{ind.rumus}”: {e}", indikator=ind.nama, indikator_id=ind.pk)
                )
        if not ind.sumber_data.strip() and ind.pk not in dipakai:
            temuan.append(
                Temuan("sumber_kosong", PERINGATAN, "Sumber data indikator belum diisi.", indikator=ind.nama,
                       indikator_id=ind.pk)
            )
        if ind.pk not in dipakai:
            temuan.append(
                Temuan(
                    "tidak_dipakai", CATATAN, "Indikator ini tidak tercantum pada tabel IKI jabatan mana pun.",
                    indikator=ind.nama, indikator_id=ind.pk,
                )
            )

    # One indicator, several wordings in print.
    tulisan: dict[int, list[str]] = defaultdict(list)
    for b in baris:
        if b.nama_indikator not in tulisan[b.indikator_id]:
            tulisan[b.indikator_id].append(b.nama_indikator)
    for ind in indikator:
        if len(tulisan.get(ind.pk, [])) > 1:
            temuan.append(
                Temuan(
                    "ejaan", CATATAN,
                    "Indikator yang sama dicetak dengan tulisan berbeda: "
                    + " / ".join(f"“{t}”" for t in tulisan[ind.pk]) + ".",
                    indikator=ind.nama, indikator_id=ind.pk,
                )
            )

    # The document's own facts.
    if not tahun.nomor_keputusan.strip() or _CELAH_NOMOR.search(tahun.nomor_keputusan):
        temuan.append(
            Temuan("keputusan", CATATAN, f"Nomor Keputusan belum lengkap: “{tahun.nomor_keputusan or '(kosong)'}”.")
        )
    if tahun.tanggal_ttd is None:
        temuan.append(Temuan("keputusan", CATATAN, "Tanggal penandatanganan dokumen belum diisi."))

    return sorted(temuan, key=lambda t: _URUTAN_TINGKAT[t.tingkat])


def _nama_dikenal(ind: Indikator, variabel, konstanta) -> set[str]:
    nama = {v.kode for v in variabel} | set(konstanta)
    if ind.jenis == Indikator.SELISIH:
        nama.add("target")
    return nama


def ringkasan(temuan: list[Temuan]) -> list[tuple[str, str, int]]:
    """(jenis, judul, jumlah) for every kind of finding, in the order of JENIS."""
    hitung: dict[str, int] = defaultdict(int)
    for t in temuan:
        hitung[t.jenis] += 1
    return [(jenis, judul, hitung[jenis]) for jenis, judul in JENIS.items() if hitung[jenis]]
