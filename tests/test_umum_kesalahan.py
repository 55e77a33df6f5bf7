"""The one located error of every import (iki.umum.unggahan.Kesalahan): each import's messages
read exactly as they did when each import had its own type."""

import dataclasses

import pytest

from iki.umum.unggahan import Kesalahan


@pytest.mark.parametrize(
    "kesalahan, teks",
    [
        # The whole file (the gate's refusal, a read-only role …): the message alone.
        (Kesalahan("Berkas kosong."), "Berkas kosong."),
        # Realisasi: the sheet the user sees, quoted; the column letter with its header.
        (
            Kesalahan("Nilai negatif.", lembar="Mei", baris=3, kolom="E", nama_kolom="Nilai"),
            "Lembar “Mei”, baris 3, kolom E (Nilai): Nilai negatif.",
        ),
        (Kesalahan("Ada isian.", lembar="Mei", baris=4, kolom="J"), "Lembar “Mei”, baris 4, kolom J: Ada isian."),
        (Kesalahan("Kolom.", lembar="Juni", baris=1, kolom="AA"), "Lembar “Juni”, baris 1, kolom AA: Kolom."),
        # IKI set: the template's own sheets, unquoted; the column by its header.
        (
            Kesalahan("Nama tidak dikenal: x", lembar="Indikator", baris=3, kolom="Rumus", kutip_lembar=False),
            "Lembar Indikator, baris 3, kolom Rumus: Nama tidak dikenal: x",
        ),
        (Kesalahan("Belum ada jabatan.", lembar="Jabatan", kutip_lembar=False), "Lembar Jabatan: Belum ada jabatan."),
        # Attendance (CSV or the first sheet): rows only, "Baris" first.
        (Kesalahan("NIP tidak terdaftar", baris=3, kolom="NIP"), "Baris 3, kolom NIP: NIP tidak terdaftar"),
        (Kesalahan("Baris ganda: Ahmad", baris=4), "Baris 4: Baris ganda: Ahmad"),
        # IKM questionnaires: rows with the column letter and header; a sheet alone, quoted.
        (
            Kesalahan("“5” bukan jawaban 1, 2, 3 atau 4.", baris=3, kolom="P", nama_kolom="U9"),
            "Baris 3, kolom P (U9): “5” bukan jawaban 1, 2, 3 atau 4.",
        ),
        (
            Kesalahan("kolom U1 tidak ditemukan.", lembar="Kuesioner"),
            "Lembar “Kuesioner”: kolom U1 tidak ditemukan.",
        ),
    ],
)
def test_each_import_reads_as_before(kesalahan, teks):
    assert str(kesalahan) == teks


def test_the_place_is_given_by_name_and_kept_apart_from_the_message():
    k = Kesalahan("Wajib diisi.", lembar="Jabatan", baris=7, kolom="Kode", jenis="konflik")
    assert (k.pesan, k.lembar, k.baris, k.kolom, k.jenis) == ("Wajib diisi.", "Jabatan", 7, "Kode", "konflik")
    assert k.letak == "Lembar “Jabatan”, baris 7, kolom Kode"
    assert Kesalahan("x").letak == ""
    with pytest.raises(TypeError):
        Kesalahan("x", "Jabatan", 7)  # a place is always named: sheet and row cannot be swapped
    with pytest.raises(dataclasses.FrozenInstanceError):
        k.pesan = "lain"
