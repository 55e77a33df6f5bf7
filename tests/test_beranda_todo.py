"""The home page as a to-do (issue 14, item 3): the staf's list holds only what needs their action
(returned values first with who wrote the note, then values not entered and drafts), the rest is
collapsed; a reopening reason shows once per month; every item links to its card; and late
(``kalender.terlambat``) means the same on the staf home, the entry screen and the camat's
dashboard."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from iki.capaian import data as capaian
from iki.inti.angka import nama_bulan
from iki.models import HariLibur, Jabatan, Realisasi, Variabel
from iki.realisasi.alur import ajukan_bulan, buka_kunci, kembalikan, tagihan, verifikasi_bulan_jabatan
from iki.realisasi.daftar_tugas import daftar_tugas
from iki.realisasi.simpan import Perubahan, simpan_realisasi

WIB = ZoneInfo("Asia/Jakarta")
NILAI = {
    "ktp_tepat": 48, "ktp_usulan": 50, "akta_tanah_tepat": 9, "akta_tanah_usulan": 10,
    "ijin_tepat": 5, "ijin_usulan": 8, "desa_tertib_adm": 12,
}


def _v(t, kode):
    return Variabel.objects.get(indikator__tahun=t, kode=kode)


def _kasi_pem(t):
    return Jabatan.objects.get(tahun=t, kode="kasi_pemerintahan")


def _ajukan(dunia, bulan, kecuali=()):
    t = dunia.tahun_a
    Realisasi.objects.filter(variabel__indikator__tahun=t, variabel__pengisi=_kasi_pem(t), bulan=bulan).delete()
    perubahan = [Perubahan(_v(t, k).pk, bulan, Decimal(n)) for k, n in NILAI.items() if k not in kecuali]
    if kecuali:
        simpan_realisasi(user=dunia.user("staf_a"), tahun_iki=t, perubahan=perubahan)
    else:
        ajukan_bulan(user=dunia.user("staf_a"), tahun_iki=t, bulan=bulan, perubahan=perubahan)


def _r(t, kode, bulan):
    return Realisasi.objects.get(variabel=_v(t, kode), bulan=bulan)


def _teks(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _todo(html: str) -> str:
    """The to-do part of the staf's home: the list before the collapsed rest."""
    awal = html.index('id="judul-tagihan"')
    akhir = html.find('<details class="mt-2" id="tugas-selesai">')
    return html[awal:akhir if akhir >= 0 else None]


def _selesai(html: str) -> str:
    return re.search(r'<details class="mt-2" id="tugas-selesai">(.*?)</details>', html, re.S).group(1)


@pytest.fixture
def kerja(dunia):
    """staf_a's months of 2023: May submitted then one value returned; June with two values never
    entered (the rest drafts); August submitted; the others as the demo left them (January to
    November verified, December submitted)."""
    t = dunia.tahun_a
    _ajukan(dunia, 5)
    kembalikan(user=dunia.user("verifikator_a"), realisasi=_r(t, "ktp_tepat", 5), catatan="Register menulis 47")
    _ajukan(dunia, 6, kecuali=("akta_tanah_tepat", "akta_tanah_usulan"))
    _ajukan(dunia, 8)
    return dunia


def test_returned_values_come_first_with_the_note_and_who_wrote_it(masuk, kerja):
    html = masuk("staf_a").get(reverse("beranda")).content.decode()
    todo = _todo(html)
    kembali = todo.index('id="tugas-dikembalikan"')
    juni = todo.index('class="card mb-3 kartu-tagihan" data-bulan="6"')
    assert kembali < juni
    item = re.search(r'<li class="list-group-item tugas tugas-dikembalikan"(.*?)</li>', todo, re.S).group(1)
    r = _r(kerja.tahun_a, "ktp_tepat", 5)
    waktu = timezone.localtime(r.history.filter(status="dikembalikan").first().history_date)
    assert _teks(item).endswith(
        f"Catatan verifikator — verifikator_a (Verifikator), {waktu.day} {nama_bulan(waktu.month)} {waktu.year} "
        f"{waktu:%H.%M}: Register menulis 47"
    )
    assert "Jumlah KTP, KK dan Akta yang diproses tepat waktu — Mei 2023" in _teks(item)
    # Only the returned value of May is owed: May has no card of its own in the to-do.
    assert 'data-bulan="5"' not in todo.replace('data-bulan="5" data-variabel="ktp_tepat"', "")


def test_the_to_do_holds_values_not_entered_and_drafts_the_rest_is_collapsed(masuk, kerja):
    html = masuk("staf_a").get(reverse("beranda")).content.decode()
    todo = _todo(html)
    kartu = re.findall(r'<div class="card mb-3 kartu-tagihan" data-bulan="(\d+)">(.*?)</ul>', todo, re.S)
    assert [int(b) for b, _ in kartu] == [6]  # August is submitted, December too: nothing owed
    juni = kartu[0][1]
    assert re.findall(r'data-variabel="(\w+)"', juni) == ["ktp_tepat", "ktp_usulan", "akta_tanah_tepat",
                                                          "akta_tanah_usulan", "ijin_tepat", "ijin_usulan",
                                                          "desa_tertib_adm"]
    assert _teks(juni).count("Belum diisi") == 2 and _teks(juni).count("Draf") == 5
    assert "Isi Juni (7 perlu diisi/diajukan)" in _teks(todo)
    assert re.search(r'id="jumlah-tugas">(\d+)<', todo).group(1) == "8"  # 1 returned + 7 in June
    # Submitted and verified: only in the collapsed list, which says what it holds.
    selesai = _selesai(html)
    assert "Diajukan" not in todo and "Diverifikasi" not in todo
    assert _teks(selesai).startswith("Sudah diajukan atau diverifikasi (20 nilai, dan 8 bulan terverifikasi)")
    assert re.findall(r'<h3 class="h6 mt-2"><a href="[^"]+">(\w+) 2023</a>', selesai) == ["Mei", "Agustus", "Desember"]
    assert _teks(selesai).endswith(
        "Seluruhnya diverifikasi: Januari, Februari, Maret, April, Juli, September, Oktober, November."
    )


def test_every_item_links_to_its_card_on_the_entry_screen(masuk, kerja):
    client = masuk("staf_a")
    html = client.get(reverse("beranda")).content.decode()
    t = kerja.tahun_a
    pbb = _v(t, "akta_tanah_tepat").indikator_id
    juni = reverse("entri_bulan", args=["ketapang", 2023, 6])
    assert f'<a href="{juni}#indikator-{pbb}">Jumlah' in _todo(html)
    ktp = _v(t, "ktp_tepat").indikator_id
    mei = reverse("entri_bulan", args=["ketapang", 2023, 5])
    assert f'href="{mei}#indikator-{ktp}"' in _todo(html)
    # The card is there on the entry screen.
    assert f'id="indikator-{pbb}"' in client.get(juni).content.decode()
    assert f'id="indikator-{ktp}"' in client.get(mei).content.decode()


def test_a_reopening_reason_shows_once_for_the_month_with_who_reopened_it(masuk, kerja):
    t = kerja.tahun_a
    jabatan = _kasi_pem(t)
    assert set(Realisasi.objects.filter(variabel__pengisi=jabatan, bulan=3).values_list("status", flat=True)) == {
        "diverifikasi"
    }
    buka_kunci(user=kerja.user("operator_a"), jabatan=jabatan, bulan=3, alasan="Koreksi register Maret")
    html = masuk("staf_a").get(reverse("beranda")).content.decode()
    todo = _todo(html)
    assert html.count("Koreksi register Maret") == 1
    maret = re.search(r'<div class="card mb-3 kartu-tagihan" data-bulan="3">(.*?)</ul>', todo, re.S).group(1)
    assert "Dibuka kembali oleh operator_a (Operator)" in _teks(maret)
    assert _teks(maret).count("Draf") == 7
    # Not mistaken for a return.
    assert 'data-bulan="3" data-variabel' not in todo


def test_a_month_reopened_twice_shows_the_latest_reason_once(masuk, kerja):
    t = kerja.tahun_a
    jabatan = _kasi_pem(t)
    operator = kerja.user("operator_a")
    buka_kunci(user=operator, jabatan=jabatan, bulan=3, alasan="Alasan pertama")
    ajukan_bulan(user=kerja.user("staf_a"), tahun_iki=t, bulan=3)
    verifikasi_bulan_jabatan(user=kerja.user("verifikator_a"), jabatan=jabatan, bulan=3)
    buka_kunci(user=operator, jabatan=jabatan, bulan=3, alasan="Alasan kedua")
    html = masuk("staf_a").get(reverse("beranda")).content.decode()
    assert html.count("Alasan kedua") == 1 and "Alasan pertama" not in html


def test_nothing_owed_says_so_and_keeps_the_rest_collapsed(masuk, dunia):
    t = dunia.tahun_a
    Realisasi.objects.filter(variabel__indikator__tahun=t).update(status="diverifikasi")
    html = masuk("staf_a").get(reverse("beranda")).content.decode()
    assert "Tidak ada yang perlu Anda isi saat ini" in html
    assert 'id="jumlah-tugas"' not in html and "kartu-tagihan" not in html
    assert "Seluruhnya diverifikasi: Januari" in _teks(_selesai(html))


def test_another_units_staf_sees_only_their_own_values(masuk, kerja):
    html = masuk("staf_b").get(reverse("beranda")).content.decode()
    assert "Register menulis 47" not in html and "Jumlah KTP" not in html
    assert "Surat selesai" in html  # unit B's own variable, never entered


# --- The verifier's and the camat's homes ----------------------------------------------------------


def test_verifier_home_puts_what_waits_first_with_counts_and_links_the_rest_collapsed(masuk, kerja):
    html = masuk("verifikator_a").get(reverse("beranda")).content.decode()
    menunggu = html.index('id="judul-menunggu"')
    ringkasan = html.index('<details class="mt-1" id="ringkasan-iki">')
    assert menunggu < ringkasan < html.index("Jabatan yang Anda verifikasi")
    jabatan = _kasi_pem(kerja.tahun_a)
    daftar = re.search(r'<ul class="list-group mb-2 daftar-menunggu">(.*?)</ul>', html, re.S).group(1)
    baris = {_teks(b) for b in re.findall(r"<li[^>]*>(.*?)</li>", daftar, re.S)}
    nama = "Kepala Seksi Pemerintahan, Pelayanan Umum dan Informasi Kecamatan Ketapang"
    assert {f"{nama} — Mei 6 nilai", f"{nama} — Agustus 7 nilai", f"{nama} — Desember 7 nilai"} <= baris
    assert f'href="/realisasi/verifikasi/?tahun=2023#kelompok-{jabatan.pk}-8"' in daftar
    # The link lands on the group of the verification page.
    halaman = masuk("verifikator_a").get("/realisasi/verifikasi/?tahun=2023").content.decode()
    assert f'id="kelompok-{jabatan.pk}-8"' in halaman


def test_camat_home_puts_late_and_waiting_first_and_the_dashboard_collapsed(masuk, kerja):
    html = masuk("camat_a").get(reverse("beranda")).content.decode()
    terlambat = html.index('id="judul-tindakan"')
    menunggu = html.index('id="judul-menunggu"')
    dasbor = html.index('<details class="mb-3" id="dasbor-beranda">')
    assert terlambat < menunggu < dasbor < html.index('id="jumlah-terlambat"')
    assert "Menunggu verifikasi di unit Anda" in html
    daftar = re.search(r'<ul class="list-group mb-2 tindakan-terlambat">(.*?)</ul>', html, re.S).group(1)
    assert _teks(daftar) == (
        "Kepala Seksi Pemerintahan, Pelayanan Umum dan Informasi Kecamatan Ketapang (Staf A): 2 bulan — Mei, Juni"
    )


# --- One meaning of late ------------------------------------------------------------------------------


def _bulan_terlambat_beranda(html: str) -> set[int]:
    todo = _todo(html)
    bulan = set()
    for b, isi in re.findall(r'<div class="card mb-3 kartu-tagihan" data-bulan="(\d+)">(.*?)</ul>', todo, re.S):
        if 'class="badge bg-danger">terlambat<' in isi:
            bulan.add(int(b))
    for b, isi in re.findall(r'<li class="list-group-item tugas tugas-dikembalikan" data-bulan="(\d+)"(.*?)</li>',
                             todo, re.S):
        if 'class="badge bg-danger">terlambat<' in isi:
            bulan.add(int(b))
    return bulan


def _bulan_terlambat_dasbor(html: str, jabatan: str) -> set[int]:
    daftar = re.search(r'<ul class="list-group daftar-terlambat">(.*?)</ul>', html, re.S).group(1)
    for li in re.findall(r"<li[^>]*>(.*?)</li>", daftar, re.S):
        teks = _teks(li)
        if teks.startswith(jabatan):
            return {b for b in range(1, 13) if re.search(rf"\b{nama_bulan(b)}\b", teks.split("—")[-1])}
    return set()


def test_the_staf_home_the_entry_screen_and_the_camats_dashboard_show_the_same_late_months(masuk, kerja):
    """May returned, June partly entered: late (2023's deadlines are long past). August submitted
    today, after its deadline: no longer owed, so late nowhere (the staf home used to call it late)."""
    nama = "Kepala Seksi Pemerintahan, Pelayanan Umum dan Informasi Kecamatan Ketapang"
    staf = _bulan_terlambat_beranda(masuk("staf_a").get(reverse("beranda")).content.decode())
    camat = masuk("camat_a")
    dasbor = _bulan_terlambat_dasbor(camat.get(reverse("dasbor_unit", args=["ketapang", 2023])).content.decode(), nama)
    assert staf == dasbor == {5, 6}
    entri = masuk("staf_a")
    for bulan in (5, 6, 8, 12):
        halaman = entri.get(reverse("entri_bulan", args=["ketapang", 2023, bulan])).content.decode()
        assert ('<span class="badge bg-danger">terlambat</span>' in halaman) is (bulan in staf), bulan


def test_the_kabupaten_view_counts_the_same_late_months(masuk, kerja):
    html = masuk("pemantau").get(reverse("dasbor_kabupaten", args=[kerja.tahun_a.unit.kabupaten.kode, 2023]))
    kolom = re.findall(r'<td class="angka kolom-terlambat[^"]*">(\d+)</td>', html.content.decode())
    # Units by name: Banyuates (two variables never entered: its twelve months) and Ketapang (May
    # and June of the staf's jabatan, as on the staf's home).
    assert [int(x) for x in kolom] == [12, 2]


@pytest.mark.parametrize(
    "sekarang, terlambat",
    [
        # May's deadline, Saturday 10 June 2023, moves past Sunday and the unit's holiday on Monday
        # 12 June to Tuesday 13 June.
        (datetime(2023, 6, 12, 9, 0, tzinfo=WIB), False),
        (datetime(2023, 6, 13, 23, 59, tzinfo=WIB), False),
        (datetime(2023, 6, 13, 17, 30, tzinfo=ZoneInfo("UTC")), True),  # 14 June 00.30 in Jakarta
        (datetime(2023, 6, 14, 8, 0, tzinfo=WIB), True),
    ],
)
def test_around_a_holiday_shifted_deadline_the_staf_list_and_the_dashboard_agree(dunia, sekarang, terlambat):
    t = dunia.tahun_a
    HariLibur.objects.create(unit=t.unit, tanggal=date(2023, 6, 12), keterangan="Libur daerah")
    jabatan = _kasi_pem(t)
    Realisasi.objects.filter(variabel__pengisi=jabatan, bulan=5).delete()
    staf = {b.bulan: b.terlambat for b in tagihan(dunia.user("staf_a"), t, sekarang=sekarang)}
    data = capaian.muat(t, tanggal_acuan=sekarang.date())
    baris = next(b for b in capaian.kelengkapan(data, sekarang).baris if b.jabatan.pk == jabatan.pk)
    dasbor = {s.bulan: s.terlambat for s in baris.sel}
    assert staf[5] is dasbor[5] is terlambat
    assert {b for b, x in staf.items() if x} == {b for b, x in dasbor.items() if x and b in staf}
    todo = daftar_tugas(dunia.user("staf_a"), t, sekarang=sekarang)
    assert next(b for b in todo.belum if b.bulan == 5).terlambat is terlambat
