"""Year management: fixing a year (ditetapkan), revisions, the guard for writers, copying a year."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from iki.models import (
    BarisIKI,
    Indikator,
    Jabatan,
    Konstanta,
    NarasiDokumen,
    Penugasan,
    Realisasi,
    RevisiIKI,
    Sasaran,
    TahunIKI,
    Target,
    UraianJabatan,
    Variabel,
)
from iki.set_iki import dokumen
from iki.set_iki import tahun as kelola

pytestmark = pytest.mark.django_db

URL = "/dokumen/ketapang/2023/"


def siap_ditetapkan(tahun):
    tahun.nomor_keputusan = "188/12/KEP/434.512/2023"
    tahun.tanggal_keputusan = date(2023, 1, 5)
    tahun.save()
    return tahun


# --- Fixing and revisions ---------------------------------------------------------------------------


def test_fixing_needs_the_decree_number_and_date(dunia):
    dunia.tahun_a.nomor_keputusan = ""
    dunia.tahun_a.save()
    with pytest.raises(ValidationError, match="nomor Keputusan dan tanggal Keputusan"):
        kelola.tetapkan(dunia.tahun_a, user=dunia.user("operator_a"))
    dunia.tahun_a.refresh_from_db()
    assert dunia.tahun_a.status == "draf"


def test_fixed_year_refuses_changes_to_its_set(dunia):
    operator = dunia.user("operator_a")
    kelola.tetapkan(siap_ditetapkan(dunia.tahun_a), user=operator)
    dunia.tahun_a.refresh_from_db()
    assert dunia.tahun_a.status == "ditetapkan"
    jabatan = Jabatan.objects.filter(tahun=dunia.tahun_a).first()
    objek = [
        dunia.tahun_a,
        jabatan,
        UraianJabatan.objects.filter(jabatan=jabatan).first(),
        Sasaran.objects.filter(tahun=dunia.tahun_a).first(),
        Indikator.objects.filter(tahun=dunia.tahun_a).first(),
        Variabel.objects.filter(indikator__tahun=dunia.tahun_a).first(),
        Target.objects.filter(indikator__tahun=dunia.tahun_a).first(),
        Konstanta.objects.filter(tahun=dunia.tahun_a).first(),
        BarisIKI.objects.filter(jabatan=jabatan).first(),
    ]
    for obj in objek:
        assert kelola.terkunci(obj), obj
        with pytest.raises(kelola.TahunTerkunci, match="melalui revisi"):
            kelola.pastikan_dapat_diubah(obj)
    # Another unit's draft year is not affected.
    kelola.pastikan_dapat_diubah(Jabatan.objects.filter(tahun=dunia.tahun_b).first())
    with pytest.raises(ValidationError):
        kelola.simpan_keputusan(dunia.tahun_a, nomor_keputusan="x", tanggal_keputusan=None, tanggal_ttd=None)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        kelola.tetapkan(dunia.tahun_a, user=operator)


def test_admin_form_guard_checks_new_objects_by_their_year(dunia):
    siap_ditetapkan(dunia.tahun_a)
    kelola.tetapkan(dunia.tahun_a, user=dunia.user("operator_a"))
    jabatan = Jabatan.objects.filter(tahun=dunia.tahun_a).first()
    indikator = Indikator.objects.filter(tahun=dunia.tahun_a).first()
    with pytest.raises(kelola.TahunTerkunci):
        kelola.periksa_form(Jabatan(), {"tahun": dunia.tahun_a})
    with pytest.raises(kelola.TahunTerkunci):
        kelola.periksa_form(UraianJabatan(), {"jabatan": jabatan})
    with pytest.raises(kelola.TahunTerkunci):
        kelola.periksa_form(Target(), {"indikator": indikator})
    with pytest.raises(kelola.TahunTerkunci):
        kelola.periksa_form(jabatan, {})
    kelola.periksa_form(Jabatan(), {"tahun": dunia.tahun_b})  # a draft year: fine


def test_a_revision_records_who_and_why_and_opens_the_set(dunia):
    operator = dunia.user("operator_a")
    with pytest.raises(ValidationError, match="belum ditetapkan"):
        kelola.buka_revisi(dunia.tahun_a, user=operator, alasan="Terlalu awal")
    kelola.tetapkan(siap_ditetapkan(dunia.tahun_a), user=operator)
    with pytest.raises(ValidationError, match="alasan"):
        kelola.buka_revisi(dunia.tahun_a, user=operator, alasan="   ")
    assert kelola.nomor_revisi(dunia.tahun_a) == 0

    revisi = kelola.buka_revisi(dunia.tahun_a, user=operator, alasan="Baris ganda dihapus")
    assert (revisi.nomor, revisi.alasan, revisi.dibuka_oleh, revisi.terbuka) == (
        1, "Baris ganda dihapus", operator, True
    )
    dunia.tahun_a.refresh_from_db()
    assert dunia.tahun_a.status == "draf"
    kelola.pastikan_dapat_diubah(Jabatan.objects.filter(tahun=dunia.tahun_a).first())
    assert kelola.revisi_terbuka(dunia.tahun_a) == revisi

    sekarang = timezone.now()
    kelola.tetapkan(dunia.tahun_a, user=operator, sekarang=sekarang)
    revisi.refresh_from_db()
    assert revisi.ditetapkan_pada == sekarang and revisi.ditetapkan_oleh == operator and not revisi.terbuka
    assert kelola.buka_revisi(dunia.tahun_a, user=operator, alasan="Lagi").nomor == 2
    assert kelola.nomor_revisi(dunia.tahun_a) == 2
    assert dokumen.data_dokumen(dunia.tahun_a)["revisi"] == 2


def test_new_year_decree_number():
    assert kelola.nomor_keputusan_tahun_baru("188/     /KEP/434.512/2023", 2023, 2024) == "188/     /KEP/434.512/2024"
    assert kelola.nomor_keputusan_tahun_baru("188/12/KEP/2023/434.512", 2023, 2024) == ""
    assert kelola.nomor_keputusan_tahun_baru("", 2023, 2024) == ""


# --- Copying a year forward ------------------------------------------------------------------------------


def hitung(tahun):
    return {
        "jabatan": Jabatan.objects.filter(tahun=tahun).count(),
        "uraian": UraianJabatan.objects.filter(jabatan__tahun=tahun).count(),
        "sasaran": Sasaran.objects.filter(tahun=tahun).count(),
        "indikator": Indikator.objects.filter(tahun=tahun).count(),
        "variabel": Variabel.objects.filter(indikator__tahun=tahun).count(),
        "konstanta": Konstanta.objects.filter(tahun=tahun).count(),
        "baris": BarisIKI.objects.filter(jabatan__tahun=tahun).count(),
    }


def test_copy_2023_to_2024_copies_the_set_but_not_counts_targets_or_people(dunia):
    NarasiDokumen.objects.create(tahun=dunia.tahun_a, **{**dokumen.narasi_bawaan(), "penutup": "Penutup {tahun}."})
    baru = kelola.salin_tahun(dunia.tahun_a, ke_tahun=2024, user=dunia.user("operator_a"))
    assert (baru.unit, baru.tahun, baru.status, baru.data_contoh) == (dunia.unit_a, 2024, "draf", False)
    assert baru.nomor_keputusan == "188/     /KEP/434.512/2024"
    assert str(baru.renstra) == "Renstra 2019–2024"
    assert hitung(baru) == hitung(dunia.tahun_a) == {
        "jabatan": 6, "uraian": 64, "sasaran": 7, "indikator": 17, "variabel": 28, "konstanta": 1, "baris": 31
    }
    # Every reference points into the new year.
    assert not Jabatan.objects.filter(tahun=baru, atasan__isnull=False).exclude(atasan__tahun=baru).exists()
    assert Jabatan.objects.get(tahun=baru, kode="kasi_trantib").atasan.kode == "sekcam"
    v = Variabel.objects.get(indikator__tahun=baru, kode="ktp_tepat")
    assert v.pengisi.tahun == baru and v.pengisi.kode == "kasi_pemerintahan"
    assert Indikator.objects.get(tahun=baru, kode="ikm").penanggung_jawab.tahun == baru
    assert not BarisIKI.objects.filter(jabatan__tahun=baru).exclude(sasaran__tahun=baru).exists()
    assert not BarisIKI.objects.filter(jabatan__tahun=baru).exclude(indikator__tahun=baru).exists()
    # Not copied.
    assert not Realisasi.objects.for_tahun(baru).exists()
    assert not Target.objects.filter(indikator__tahun=baru).exists()
    assert not Penugasan.objects.filter(jabatan__tahun=baru).exists()
    # The document of the new year: same sheets and rows, its own year in the text.
    data = dokumen.data_dokumen(baru)
    assert len(data["jabatan"]) == 6 and data["jumlah_baris"] == 31
    assert data["narasi"]["penutup"] == [{"jenis": "paragraf", "teks": "Penutup 2024."}]
    assert dokumen.data_dokumen(dunia.tahun_a)["jumlah_baris"] == 31  # the source is untouched


def test_copy_refuses_an_existing_year(dunia):
    with pytest.raises(ValidationError, match="sudah ada"):
        kelola.salin_tahun(dunia.tahun_a, ke_tahun=2023)
    assert TahunIKI.objects.filter(unit=dunia.unit_a).count() == 1


def test_copy_outside_the_renstra_has_no_renstra(dunia):
    assert kelola.salin_tahun(dunia.tahun_a, ke_tahun=2026).renstra is None


def test_copy_is_all_or_nothing(dunia, monkeypatch):
    asli = kelola.bulk_create_with_history

    def gagal_pada_baris(objs, model, **kwargs):
        if model is BarisIKI:
            raise RuntimeError("disk penuh")
        return asli(objs, model, **kwargs)

    monkeypatch.setattr(kelola, "bulk_create_with_history", gagal_pada_baris)
    with pytest.raises(RuntimeError):
        kelola.salin_tahun(dunia.tahun_a, ke_tahun=2024)
    assert not TahunIKI.objects.filter(unit=dunia.unit_a, tahun=2024).exists()
    assert not Jabatan.objects.filter(tahun__tahun=2024).exists()


# --- Screens ---------------------------------------------------------------------------------------------------


def test_operator_copies_2023_to_2024_from_the_screen(dunia, masuk):
    client = masuk("operator_a")
    assert 'value="2024"' in client.get("/dokumen/ketapang/2023/salin/").content.decode()
    response = client.post("/dokumen/ketapang/2023/salin/", {"ke_tahun": "2024"})
    assert response.status_code == 302 and response["Location"] == "/dokumen/ketapang/2024/"
    assert hitung(TahunIKI.objects.get(unit=dunia.unit_a, tahun=2024))["baris"] == 31
    html = client.get("/dokumen/ketapang/2024/").content.decode()
    assert '<span id="jumlah-baris">31</span>' in html


@pytest.mark.parametrize(
    "nilai, pesan", [("2023", "sudah ada"), ("abc", "Masukkan keseluruhan angka"), ("99999", "2100")]
)
def test_copy_screen_refuses_bad_years(dunia, masuk, nilai, pesan):
    response = masuk("operator_a").post("/dokumen/ketapang/2023/salin/", {"ke_tahun": nilai})
    assert response.status_code == 200 and pesan in response.content.decode()
    assert TahunIKI.objects.filter(unit=dunia.unit_a).count() == 1


def test_only_the_operator_of_the_unit_copies(dunia, masuk):
    for username in ("camat_a", "pemantau", "staf_a", "verifikator_a"):
        assert masuk(username).post("/dokumen/ketapang/2023/salin/", {"ke_tahun": "2024"}).status_code == 403
    assert masuk("operator_b").post("/dokumen/ketapang/2023/salin/", {"ke_tahun": "2024"}).status_code == 404
    assert masuk("operator_a").put("/dokumen/ketapang/2023/salin/").status_code == 405
    assert TahunIKI.objects.filter(unit=dunia.unit_a).count() == 1


def test_operator_fixes_the_year_from_the_screen(dunia, masuk):
    client = masuk("operator_a")
    siap_ditetapkan(dunia.tahun_a)
    response = client.post("/dokumen/ketapang/2023/tetapkan/", follow=True)
    assert "ditetapkan" in response.content.decode()
    dunia.tahun_a.refresh_from_db()
    assert dunia.tahun_a.status == "ditetapkan"
    html = client.get(URL).content.decode()
    assert "Buka revisi" in html and "Tetapkan IKI 2023" not in html


def test_fixing_from_the_screen_explains_what_is_missing(dunia, masuk):
    dunia.tahun_a.nomor_keputusan = ""
    dunia.tahun_a.save()
    response = masuk("operator_a").post("/dokumen/ketapang/2023/tetapkan/", follow=True)
    assert "Isi nomor Keputusan dan tanggal Keputusan sebelum menetapkan." in response.content.decode()
    dunia.tahun_a.refresh_from_db()
    assert dunia.tahun_a.status == "draf"


def test_only_the_operator_of_the_unit_fixes_the_year(dunia, masuk):
    siap_ditetapkan(dunia.tahun_a)
    for username in ("camat_a", "pemantau", "staf_a"):
        assert masuk(username).post("/dokumen/ketapang/2023/tetapkan/").status_code == 403
    assert masuk("operator_b").post("/dokumen/ketapang/2023/tetapkan/").status_code == 404
    assert masuk("operator_a").get("/dokumen/ketapang/2023/tetapkan/").status_code == 405
    dunia.tahun_a.refresh_from_db()
    assert dunia.tahun_a.status == "draf"


def test_operator_opens_a_revision_with_a_reason(dunia, masuk):
    kelola.tetapkan(siap_ditetapkan(dunia.tahun_a), user=dunia.user("operator_a"))
    client = masuk("operator_a")
    response = client.post("/dokumen/ketapang/2023/revisi/", {"alasan": ""})
    assert response.status_code == 200 and not RevisiIKI.objects.exists()
    response = client.post("/dokumen/ketapang/2023/revisi/", {"alasan": "<script>x</script> baris ganda"})
    assert response.status_code == 302
    revisi = RevisiIKI.objects.get(tahun=dunia.tahun_a)
    assert revisi.nomor == 1 and revisi.dibuka_oleh.username == "operator_a"
    html = masuk("camat_a").get("/dokumen/ketapang/2023/revisi/").content.decode()
    assert "&lt;script&gt;x&lt;/script&gt; baris ganda" in html and "sedang dibuka" in html
    assert 'id="nomor-revisi">Revisi ke-1' in masuk("camat_a").get(URL).content.decode()


def test_revision_history_is_read_only_for_others(dunia, masuk):
    kelola.tetapkan(siap_ditetapkan(dunia.tahun_a), user=dunia.user("operator_a"))
    camat = masuk("camat_a")
    assert camat.get("/dokumen/ketapang/2023/revisi/").status_code == 200
    for username in ("camat_a", "pemantau", "staf_a", "verifikator_a"):
        assert masuk(username).post("/dokumen/ketapang/2023/revisi/", {"alasan": "x"}).status_code == 403
    assert masuk("operator_b").post("/dokumen/ketapang/2023/revisi/", {"alasan": "x"}).status_code == 404
    assert masuk("staf_b").get("/dokumen/ketapang/2023/revisi/").status_code == 404
    assert masuk("operator_a").put("/dokumen/ketapang/2023/revisi/").status_code == 405
    assert not RevisiIKI.objects.exists()


# --- The admin guard (mixed into iki/admin.py's ScopedAdmin and ScopedInline) ------------------------


def test_admin_mixin_makes_a_fixed_years_set_read_only(dunia, rf):
    from django.contrib import admin

    class JabatanAdmin(kelola.KunciTahunMixin, admin.ModelAdmin):
        pass

    class UraianInline(kelola.KunciTahunMixin, admin.TabularInline):
        model = UraianJabatan

    request = rf.get("/")
    request.user = dunia.user("admin")
    model_admin = JabatanAdmin(Jabatan, admin.site)
    inline = UraianInline(Jabatan, admin.site)
    jabatan = Jabatan.objects.filter(tahun=dunia.tahun_a).first()
    assert model_admin.has_change_permission(request, jabatan) and inline.has_add_permission(request, jabatan)

    kelola.tetapkan(siap_ditetapkan(dunia.tahun_a), user=dunia.user("operator_a"))
    assert not model_admin.has_change_permission(request, jabatan)
    assert not model_admin.has_delete_permission(request, jabatan)
    assert not inline.has_add_permission(request, jabatan) and not inline.has_change_permission(request, jabatan)
    assert model_admin.has_change_permission(request, None)  # the list stays open
    assert model_admin.has_change_permission(request, Jabatan.objects.filter(tahun=dunia.tahun_b).first())

    Form = model_admin.get_form(request, None, fields=["tahun", "kode", "nama", "urutan"])
    form = Form({"tahun": dunia.tahun_a.pk, "kode": "baru", "nama": "Jabatan Baru", "urutan": 9})
    assert not form.is_valid() and "melalui revisi" in str(form.non_field_errors())
    form = Form({"tahun": dunia.tahun_b.pk, "kode": "baru", "nama": "Jabatan Baru", "urutan": 9})
    assert form.is_valid()
