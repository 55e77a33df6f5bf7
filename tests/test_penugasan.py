"""Assignments (Penugasan): one definitif holder of a jabatan at a time, Plt/Plh beside it; the
admin's jabatan choices show the year and stay in the operator's unit."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from iki.models import Jabatan, Pegawai, Penugasan, TahunIKI

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def jabatan(dunia):
    tahun = TahunIKI.objects.create(unit=dunia.unit_a, tahun=2027)
    j = Jabatan.objects.create(tahun=tahun, kode="sekcam", nama="Sekretaris Kecamatan")
    lama = Pegawai.objects.create(unit=dunia.unit_a, nip="196501011990011001", nama="Pak Lama")
    Penugasan.objects.create(pegawai=lama, jabatan=j, jenis="definitif", mulai=D(2027, 1, 1), selesai=D(2027, 6, 30))
    return j


@pytest.mark.parametrize(
    ("jenis", "mulai", "selesai", "boleh"),
    [
        ("definitif", D(2027, 7, 1), None, True),  # after the first one ends
        ("definitif", D(2026, 1, 1), D(2026, 12, 31), True),  # before it
        ("definitif", D(2027, 6, 30), None, False),  # the last day overlaps
        ("definitif", D(2026, 12, 1), D(2027, 1, 1), False),  # the first day overlaps
        ("definitif", D(2027, 3, 1), D(2027, 3, 31), False),  # inside
        ("definitif", D(2026, 1, 1), None, False),  # open-ended, around it
        ("plt", D(2027, 3, 1), D(2027, 3, 31), True),  # Plt beside a definitif
        ("plh", D(2027, 1, 1), None, True),
    ],
)
def test_two_definitif_holders_may_not_overlap(dunia, jabatan, jenis, mulai, selesai, boleh):
    baru = Pegawai.objects.create(unit=dunia.unit_a, nip="198001012005011001", nama="Bu Baru")
    p = Penugasan(pegawai=baru, jabatan=jabatan, jenis=jenis, mulai=mulai, selesai=selesai)
    if boleh:
        p.full_clean()
    else:
        with pytest.raises(ValidationError, match="sudah dijabat definitif oleh Pak Lama"):
            p.full_clean()


def test_an_assignment_may_be_changed_without_clashing_with_itself(jabatan):
    p = Penugasan.objects.get(jabatan=jabatan)
    p.selesai = D(2027, 12, 31)
    p.full_clean()


def test_admin_assignment_refuses_a_second_definitif_and_keeps_nothing(dunia, jabatan, masuk):
    baru = Pegawai.objects.create(unit=dunia.unit_a, nip="198001012005011001", nama="Bu Baru")
    response = masuk("operator_a").post(
        "/pengaturan/iki/penugasan/add/",
        {"pegawai": baru.pk, "jabatan": jabatan.pk, "jenis": "definitif", "mulai": "2027-03-01", "selesai": ""},
    )
    assert "sudah dijabat definitif oleh Pak Lama" in response.content.decode()
    assert not Penugasan.objects.filter(pegawai=baru).exists()


def test_admin_jabatan_choices_show_the_year_and_only_the_unit(dunia, jabatan, masuk):
    html = masuk("operator_a").get("/pengaturan/iki/penugasan/add/").content.decode()
    assert "Sekretaris Kecamatan (2027)</option>" in html
    assert "(2023)</option>" in html
    assert "Banyuates" not in html
