"""Loading an IKI set (and optionally demo targets and counts) from a data module.

The data module has the shape of ``iki.set_iki.data.ketapang_2023``. Loading is repeatable: running it
again updates definitions in place and never duplicates rows or overwrites entered counts.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from iki.models import (
    BarisIKI,
    Desa,
    Indikator,
    Jabatan,
    Kabupaten,
    Konstanta,
    PeriodeRenstra,
    Realisasi,
    RealisasiDesa,
    Sasaran,
    TahunIKI,
    Target,
    UnitKerja,
    UraianJabatan,
    Variabel,
)
from iki.umum.versi import naikkan_versi


def _sinkron_uraian(jabatan: Jabatan, jenis: str, teks_list: list[str]) -> None:
    for urutan, teks in enumerate(teks_list, start=1):
        UraianJabatan.objects.update_or_create(
            jabatan=jabatan, jenis=jenis, urutan=urutan, defaults={"teks": teks}
        )
    UraianJabatan.objects.filter(jabatan=jabatan, jenis=jenis, urutan__gt=len(teks_list)).delete()


@transaction.atomic
def muat_iki(data, *, contoh: bool = True, pekerjaan_terbuka: bool = False, desa: bool = False,
             tahun_lalu: bool = False) -> TahunIKI:
    """Create or update the unit, year and IKI set described by ``data``.

    With ``contoh`` the demo targets and a year of demo monthly counts are added where missing,
    and the year is marked *data contoh*. With ``pekerjaan_terbuka`` too (the demo command), the
    demo leaves work open for each role (``buka_pekerjaan_contoh``); the test world keeps the
    complete year. The demo desa are added with ``contoh``; with ``desa`` too (the demo command) the
    desa-counted variables are entered per desa (``muat_desa_contoh``); with ``tahun_lalu`` (the demo
    command) the previous year is added as demo data too (``muat_tahun_lalu_contoh``).
    """
    kabupaten, _ = Kabupaten.objects.update_or_create(
        kode=data.KABUPATEN["kode"], defaults={"nama": data.KABUPATEN["nama"]}
    )
    u = data.UNIT
    unit, _ = UnitKerja.objects.update_or_create(
        kode=u["kode"],
        defaults={
            "kabupaten": kabupaten,
            "nama": u["nama"],
            "nama_wilayah": u["nama_wilayah"],
            "jenis": u["jenis"],
            "alamat": u["alamat"],
            "telepon": u["telepon"],
            "kota": u["kota"],
            "kode_pos": u["kode_pos"],
            "kode_surat": u["kode_surat"],
            "jabatan_pimpinan": u["jabatan_pimpinan"],
            "tempat_ttd": u["tempat_ttd"],
        },
    )
    mulai, selesai = data.TAHUN["renstra"]
    renstra, _ = PeriodeRenstra.objects.update_or_create(
        unit=unit, tahun_mulai=mulai, defaults={"tahun_selesai": selesai}
    )
    tahun, dibuat = TahunIKI.objects.get_or_create(
        unit=unit,
        tahun=data.TAHUN["tahun"],
        defaults={"renstra": renstra, "nomor_keputusan": data.TAHUN["nomor_keputusan"], "data_contoh": contoh},
    )
    if not dibuat and contoh and not tahun.data_contoh:
        tahun.data_contoh = True
        tahun.save(update_fields=["data_contoh"])

    for k in data.KONSTANTA:
        Konstanta.objects.update_or_create(
            tahun=tahun, kode=k["kode"], defaults={"nama": k["nama"], "satuan": k["satuan"], "nilai": k["nilai"]}
        )

    jabatan: dict[str, Jabatan] = {}
    for urutan, j in enumerate(data.JABATAN, start=1):
        obj, _ = Jabatan.objects.update_or_create(
            tahun=tahun,
            kode=j["kode"],
            defaults={"nama": j["nama"], "judul_tugas": j.get("judul_tugas", ""), "urutan": urutan},
        )
        jabatan[j["kode"]] = obj
        _sinkron_uraian(obj, UraianJabatan.TUGAS, j["tugas"])
        _sinkron_uraian(obj, UraianJabatan.FUNGSI, j["fungsi"])
    for j in data.JABATAN:
        atasan = jabatan[j["atasan"]] if j["atasan"] else None
        if jabatan[j["kode"]].atasan_id != (atasan.pk if atasan else None):
            jabatan[j["kode"]].atasan = atasan
            jabatan[j["kode"]].save(update_fields=["atasan"])

    sasaran = {teks: Sasaran.objects.get_or_create(tahun=tahun, teks=teks)[0] for teks in data.SASARAN}

    indikator: dict[str, Indikator] = {}
    variabel: dict[str, Variabel] = {}
    for urutan, i in enumerate(data.INDIKATOR, start=1):
        obj, _ = Indikator.objects.update_or_create(
            tahun=tahun,
            kode=i["kode"],
            defaults={
                "nama": i["nama"],
                "satuan": i["satuan"],
                "polaritas": i["polaritas"],
                "jenis": i["jenis"],
                "rumus": i["rumus"],
                "penjelasan": i["penjelasan"],
                "sumber_data": i["sumber_data"],
                "penanggung_jawab": jabatan.get(i["penanggung_jawab"]),
                "sifat_target": i["sifat_target"],
                "urutan": urutan,
            },
        )
        indikator[i["kode"]] = obj
        for v_urutan, v in enumerate(i["variabel"], start=1):
            variabel[v["kode"]], _ = Variabel.objects.update_or_create(
                indikator=obj,
                kode=v["kode"],
                defaults={
                    "nama": v["nama"],
                    "satuan": v["satuan"],
                    "cara_gabung": v["cara_gabung"],
                    "pengisi": jabatan.get(v["pengisi"]),
                    "urutan": v_urutan,
                },
            )
        # A formula that does not check out is a defect of the data module, not of the user.
        obj.periksa_rumus([v["kode"] for v in i["variabel"]])

    urutan_per_jabatan: dict[str, int] = {}
    for b in data.BARIS:
        urutan = urutan_per_jabatan[b["jabatan"]] = urutan_per_jabatan.get(b["jabatan"], 0) + 1
        ind = indikator[b["indikator"]]
        BarisIKI.objects.update_or_create(
            jabatan=jabatan[b["jabatan"]],
            urutan=urutan,
            defaults={
                "sasaran": sasaran[b["sasaran"]],
                "indikator": ind,
                "teks_indikator": "" if b["teks_indikator"] == ind.nama else b["teks_indikator"],
                "sumber_data": b["sumber_data"],
            },
        )
    for kode, obj in jabatan.items():
        BarisIKI.objects.filter(jabatan=obj, urutan__gt=urutan_per_jabatan.get(kode, 0)).delete()

    if contoh:
        _muat_contoh(data, indikator, variabel)
        muat_desa_contoh(data, tahun, per_desa=desa)
        if pekerjaan_terbuka:
            buka_pekerjaan_contoh(data, tahun)
        if tahun_lalu:
            muat_tahun_lalu_contoh(data, tahun)
    naikkan_versi(tahun)  # the demo counts were bulk-created, without signals
    return tahun


def _muat_contoh(data, indikator: dict[str, Indikator], variabel: dict[str, Variabel]) -> None:
    """Demo targets and one year of demo counts, only where nothing has been entered."""
    for kode, nilai in data.TARGET_CONTOH.items():
        Target.objects.get_or_create(indikator=indikator[kode], periode="tahun", defaults={"nilai": nilai})
    ada = set(
        Realisasi.objects.filter(variabel__in=variabel.values()).values_list("variabel_id", "bulan")
    )
    baru = []
    for kode, bulanan in data.realisasi_contoh().items():
        v = variabel[kode]
        for bulan, nilai in bulanan.items():
            if (v.pk, bulan) in ada:
                continue
            # The last month is still waiting for its verifier, so the workflow shows. Each month
            # was submitted on the 5th of the next month and verified two days later.
            tahun = data.TAHUN["tahun"] + (bulan == 12)
            diajukan = datetime(tahun, bulan % 12 + 1, 5, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
            status = Realisasi.DIAJUKAN if bulan == 12 else Realisasi.DIVERIFIKASI
            baru.append(
                Realisasi(
                    variabel=v, bulan=bulan, nilai=Decimal(nilai), status=status, catatan="data contoh",
                    diajukan_pada=diajukan,
                    diverifikasi_pada=diajukan + timedelta(days=2) if status == Realisasi.DIVERIFIKASI else None,
                )
            )
    bulk_create_with_history(baru, Realisasi, batch_size=500)


def muat_desa_contoh(data, tahun: TahunIKI, *, per_desa: bool = True) -> list[Desa]:
    """The demo desa (``data.DESA_CONTOH``, marked data contoh) of the unit and, with ``per_desa``,
    the per-desa form of ``data.VARIABEL_PER_DESA``: each demo value gets as many ticked desa as it counts (the
    same desa month after month, a value that grows ticks more; two desa often late). Repeatable:
    desa already there and values already ticked are left as they are."""
    daftar = []
    for urutan, nama in enumerate(getattr(data, "DESA_CONTOH", ()), start=1):
        d, _ = Desa.objects.get_or_create(
            unit=tahun.unit, nama=nama, defaults={"urutan": urutan, "data_contoh": True}
        )
        daftar.append(d)
    kode = list(getattr(data, "VARIABEL_PER_DESA", ()))
    if not daftar or not kode or not per_desa:
        return daftar
    Variabel.objects.filter(indikator__tahun=tahun, kode__in=kode, desimal=0).update(per_desa=True)
    sudah = set(RealisasiDesa.objects.filter(realisasi__variabel__indikator__tahun=tahun).values_list(
        "realisasi_id", flat=True
    ))
    baru = []
    for v in Variabel.objects.filter(indikator__tahun=tahun, kode__in=kode, per_desa=True).order_by("pk"):
        rng = random.Random(f"{tahun.tahun}-{v.kode}")
        urut = list(daftar)
        rng.shuffle(urut)
        sering_telat = {urut[1].pk, urut[4].pk}
        for r in Realisasi.objects.filter(variabel=v).order_by("bulan"):
            if r.pk in sudah or r.nilai > len(urut):
                continue
            for d in urut[: int(r.nilai)]:
                telat = rng.random() < (0.6 if d.pk in sering_telat else 0.05)
                baru.append(RealisasiDesa(realisasi=r, desa=d, tepat_waktu=not telat))
    bulk_create_with_history(baru, RealisasiDesa, batch_size=500)
    return daftar


def muat_tahun_lalu_contoh(data, tahun: TahunIKI) -> TahunIKI | None:
    """The demo's previous year (the demo command only; the test world has none), so that the
    year-over-year columns (dashboard, drill-down, laporan capaian and laporan kinerja) show figures
    to a new user: the set copied with ``salin_tahun`` (the same codes, so each indicator is its own
    match), marked *data contoh* and fixed, this year's targets, and each demo value of this year
    times a factor of 0,85–0,98 per indicator (seeded), rounded down to the variable's decimals, so
    a numerator stays under its denominator and a desa count under the desa; verified, with the
    demo desa ticked like this year's. Nothing for the IKM survey (no 2022 survey: "belum ada
    data"). Repeatable: a previous year already there is left as it is (None)."""
    from iki.set_iki.tahun import salin_tahun

    if TahunIKI.objects.filter(unit=tahun.unit, tahun=tahun.tahun - 1).exists():
        return None
    lalu = salin_tahun(tahun, ke_tahun=tahun.tahun - 1)
    lalu.status, lalu.data_contoh = "ditetapkan", True
    lalu.tanggal_keputusan = lalu.tanggal_ttd = datetime(lalu.tahun, 1, 2).date()
    lalu.save(update_fields=["status", "data_contoh", "tanggal_keputusan", "tanggal_ttd"])
    indikator = {i.kode: i for i in Indikator.objects.filter(tahun=lalu)}
    bulk_create_with_history([
        Target(indikator=indikator[t.indikator.kode], periode=t.periode, nilai=t.nilai)
        for t in Target.objects.filter(indikator__tahun=tahun).select_related("indikator")
        if t.indikator.kode in indikator
    ], Target)
    variabel = {v.kode: v for v in Variabel.objects.filter(indikator__tahun=lalu).select_related("indikator")}
    rng = random.Random(f"{lalu.tahun}-{tahun.unit.kode}")
    faktor = {kode: Decimal(rng.randint(85, 98)) / 100 for kode in sorted(indikator)}
    baru = []
    for kode, bulanan in data.realisasi_contoh().items():
        v = variabel.get(kode)
        if v is None:
            continue
        langkah = Decimal(1).scaleb(-v.desimal)
        for bulan, nilai in bulanan.items():
            nilai_lalu = (Decimal(nilai) * faktor[v.indikator.kode]).quantize(langkah, rounding="ROUND_FLOOR")
            diajukan = datetime(lalu.tahun + (bulan == 12), bulan % 12 + 1, 5, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
            baru.append(Realisasi(
                variabel=v, bulan=bulan, nilai=nilai_lalu, status=Realisasi.DIVERIFIKASI, catatan="data contoh",
                diajukan_pada=diajukan, diverifikasi_pada=diajukan + timedelta(days=2),
            ))
    bulk_create_with_history(baru, Realisasi, batch_size=500)
    muat_desa_contoh(data, lalu)
    naikkan_versi(lalu)  # bulk-created, without signals
    return lalu


def buka_pekerjaan_contoh(data, tahun: TahunIKI) -> list[Realisasi]:
    """Leave the demo year's work of ``data.PEKERJAAN_TERBUKA_CONTOH`` open, so that each demo
    login has something to do: a jabatan's month back to a draft (not yet submitted), one value
    returned by the verifier with a note. December of every other jabatan already waits for its
    verifier. Values (and so every figure) stay as they are; only demo values never touched
    since loading (version 1) change, so loading again undoes no one's work. Returns the values
    changed.

    The demo year is in the past, and the entry calendar (``iki.realisasi.kalender``) keeps every
    month that has begun open for entry: the staf can still submit and correct 2023 (marked
    late), the verifier verify it, and a verified month is reopened only by the operator or
    camat with a reason (design.md §4)."""
    terbuka = getattr(data, "PEKERJAAN_TERBUKA_CONTOH", None)
    if not terbuka:
        return []
    demo = Realisasi.objects.filter(variabel__indikator__tahun=tahun, catatan="data contoh", versi=1)
    diubah = []
    draf = terbuka.get("draf")
    if draf:
        for r in demo.filter(
            variabel__pengisi__kode=draf["jabatan"], bulan=draf["bulan"], status=Realisasi.DIAJUKAN
        ):
            r.status, r.diajukan_pada, r.versi = Realisasi.DRAFT, None, r.versi + 1
            r._change_reason = "Data contoh: bulan ini belum diajukan."
            r.save(update_fields=["status", "diajukan_pada", "versi", "diperbarui"])
            diubah.append(r)
    kembali = terbuka.get("dikembalikan")
    if kembali:
        for r in demo.filter(
            variabel__kode=kembali["variabel"], bulan=kembali["bulan"], status=Realisasi.DIVERIFIKASI
        ):
            r.status, r.catatan_verifikasi, r.diverifikasi_pada = Realisasi.DIKEMBALIKAN, kembali["catatan"], None
            r.versi += 1
            r._change_reason = f"Data contoh — dikembalikan: {kembali['catatan']}"
            r.save(update_fields=["status", "catatan_verifikasi", "diverifikasi_pada", "versi", "diperbarui"])
            diubah.append(r)
    return diubah
