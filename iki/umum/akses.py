"""Access rules, checked on the server for every view.

Which role may open which screen is one table, LAYAR, read by the views' decorator (`untuk`),
the menu and the unit list.

Another unit's object is *not found* (404): it is fetched within the units the user may see.
A role that may only read gets *forbidden* (403) on every action that writes.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme

from iki.models import Jabatan, Pengguna, Realisasi, TahunIKI, UnitKerja

OPERATOR, STAF, VERIFIKATOR, CAMAT, PEMANTAU = (
    Pengguna.OPERATOR, Pengguna.STAF, Pengguna.VERIFIKATOR, Pengguna.CAMAT, Pengguna.PEMANTAU
)
SEMUA = None  # every signed-in user


@dataclass(frozen=True)
class Layar:
    """One screen: who may open it (``baca``) and who may change what it shows (``tulis``).
    ``url`` names its menu entry's target (None: reached from other screens, not the menu);
    ``menu`` the roles given that entry when they are fewer than those who may open it.
    Superusers pass everywhere."""

    label: str
    baca: tuple[str, ...] | None = SEMUA
    tulis: tuple[str, ...] = ()
    url: str | None = None
    menu: tuple[str, ...] | None = None

    def boleh(self, user, *, tulis: bool = False) -> bool:
        return _berperan(user, self.tulis if tulis else self.baca)

    def di_menu(self, user) -> bool:
        return self.url is not None and _berperan(user, self.baca if self.menu is None else self.menu)


def _berperan(user, peran: tuple[str, ...] | None) -> bool:
    return user.is_superuser or peran is SEMUA or user.peran in peran


# Which role may open which screen: the view decorators (`untuk`), the menu (iki.umum.navigasi)
# and the unit list (iki.beranda.daftar_unit) all read this, so a role's access is one line here.
# Rules about one object (another unit's data is 404, a staf writes only the variables of their
# own jabatan, a verifier only the jabatan below theirs) stay with the object, in its part.
LAYAR = {
    # The menu, in its order.
    "beranda": Layar("Beranda", url="beranda"),
    # Every role may read a month; the menu entry is for those who fill it.
    "entri": Layar("Isi realisasi", tulis=(STAF, OPERATOR), url="entri_bulan_ini", menu=(STAF, OPERATOR)),
    "excel": Layar("Excel", baca=(STAF, OPERATOR), tulis=(STAF, OPERATOR), url="excel_terkini"),
    "verifikasi": Layar(
        "Verifikasi", baca=(VERIFIKATOR, OPERATOR, CAMAT), tulis=(VERIFIKATOR, OPERATOR), url="verifikasi_daftar"
    ),
    # A staf's own results: the indicators their counts feed (iki.capaian.views_saya), read only.
    "capaian_saya": Layar("Capaian saya", baca=(STAF,), url="capaian_saya_terkini"),
    "dasbor": Layar("Dasbor", baca=(CAMAT, OPERATOR, PEMANTAU, VERIFIKATOR), url="dasbor_unit_terkini"),
    "set_iki": Layar("Set IKI", url="iki_unit_terkini"),
    "dokumen": Layar("Dokumen IKI", tulis=(OPERATOR,), url="dokumen_terkini"),
    # The operator's checklist of a new unit or year; the camat may look at it.
    "persiapan": Layar(
        "Persiapan tahun", baca=(OPERATOR, CAMAT), tulis=(OPERATOR,), url="set_iki_persiapan_terkini", menu=(OPERATOR,)
    ),
    # A verifier may read the surveys (the unit list links them) but has no menu entry for them.
    "ikm": Layar("Survei IKM", tulis=(OPERATOR, STAF), url="ikm_terkini", menu=(OPERATOR, STAF, CAMAT, PEMANTAU)),
    "presensi": Layar("Presensi & TPP", baca=(OPERATOR, CAMAT, PEMANTAU), tulis=(OPERATOR,), url="presensi_beranda"),
    # Every role may open the list of units; only the pemantau, who has no unit, starts there.
    "unit": Layar("Unit kerja", url="daftar_unit", menu=(PEMANTAU,)),
    # The unit's accounts: one-time passwords, accounts for pegawai (iki.pengguna.akun).
    "akun": Layar("Akun pegawai", baca=(OPERATOR,), tulis=(OPERATOR,), url="akun_daftar"),
    "bantuan": Layar("Bantuan", url="bantuan"),
    # Reached from the screens above.
    "dasbor_kabupaten": Layar("Dasbor Kabupaten", baca=(PEMANTAU, CAMAT, OPERATOR)),
    # Every unit's capaian side by side (iki.capaian.views_peringkat): the pemantau's; a camat or
    # operator sees it read only, linked to their own unit's dashboard alone.
    "peringkat": Layar("Peringkat unit kabupaten", baca=(PEMANTAU, CAMAT, OPERATOR)),
    "mutu": Layar("Tinjauan mutu", baca=(OPERATOR, CAMAT, PEMANTAU)),
    # The annual performance report (LKjIP chapter), PDF or editable DOCX, from the dashboard.
    "laporan_kinerja": Layar("Laporan kinerja tahunan", baca=(CAMAT, OPERATOR, PEMANTAU)),
    # The year's targets: the operator sets them, those who read the results may see them.
    "target": Layar("Target", baca=(OPERATOR, CAMAT, VERIFIKATOR, PEMANTAU), tulis=(OPERATOR,)),
    # Moves every role of the unit to another year (iki.set_iki.tahun.jadikan_tahun_kerja).
    "tahun_kerja": Layar("Tahun kerja", baca=(OPERATOR,), tulis=(OPERATOR,)),
    # One page per indicator (variables, formula with live check) from the Set IKI page.
    "indikator": Layar("Indikator dan rumus", baca=(OPERATOR,), tulis=(OPERATOR,)),
    "ikm_hapus": Layar("Hapus survei IKM", baca=(OPERATOR,), tulis=(OPERATOR,)),
    "riwayat": Layar("Riwayat perubahan"),
    # A pegawai's IKI as e-Kinerja (SKP) rows, read only; a staf or verifikator only their own
    # (iki.capaian.views_ekinerja), from Capaian saya and the dashboard.
    "ekinerja": Layar("Lembar e-Kinerja"),
    # Each user's inbox, from the bell in the menu bar (iki.pengingat.views_kotak). Marking one's
    # own notifications read changes no data of the unit, so the read-only roles may too.
    "notifikasi": Layar("Notifikasi"),
    # Reminders to send by WhatsApp for the unit's working year: texts to copy, wa.me links.
    "pengingat_whatsapp": Layar("Pengingat WhatsApp", baca=(OPERATOR, CAMAT)),
    # The camat's one write (iki.realisasi.alur.boleh_buka_kunci, with the unit).
    "buka_kunci": Layar("Buka kunci bulan", baca=(OPERATOR, CAMAT), tulis=(OPERATOR, CAMAT)),
    # Reminders (iki/pengingat): one's own choice of reminder mails, a personal setting that every
    # role changes for itself (not the unit's data); the operator's log of what was sent.
    "pengingat_pengaturan": Layar("Pengaturan pengingat", tulis=(OPERATOR, STAF, VERIFIKATOR, CAMAT, PEMANTAU)),
    "pengingat_kiriman": Layar("Kiriman pengingat", baca=(OPERATOR,)),
    # Every user changes their own password (the link by their name, iki.pengguna).
    "ganti_sandi": Layar("Ganti kata sandi"),
}


def boleh(user, layar: str, *, tulis: bool = False) -> bool:
    """May ``user`` open screen ``layar`` of LAYAR (with ``tulis``: change what it shows)?"""
    return LAYAR[layar].boleh(user, tulis=tulis)


def untuk(layar: str, *, tulis: bool = False, cek_di_view: bool = False):
    """Decorate a view of screen ``layar``: login required, then a role LAYAR lets open it (with
    ``tulis``: change it), superusers pass; otherwise 403. ``cek_di_view``: login only here, as
    the view must first send a user without a unit elsewhere or find the object (404), then
    asks ``boleh()`` itself. The view is marked with its screen (``akses_layar``) so that tests
    can tell every view of the URLconf is in the table."""
    peran = LAYAR[layar].tulis if tulis else LAYAR[layar].baca

    def decorator(view):
        if peran is SEMUA or cek_di_view:
            terjaga = login_required(view)
        else:
            terjaga = peran_diperlukan(*peran)(view)
        terjaga.akses_layar = (layar, tulis, cek_di_view)
        return terjaga

    return decorator


def peran_diperlukan(*peran):
    """Login required, then one of the given roles (superusers pass); otherwise 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not _berperan(request.user, peran):
                raise PermissionDenied("Peran Anda tidak berwenang untuk tindakan ini.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def unit_atau_404(user, kode: str) -> UnitKerja:
    return get_object_or_404(user.unit_terlihat().select_related("kabupaten"), kode=kode)


def ke_tahun_terkini(user, nama_url: str):
    """Redirect to screen ``nama_url`` of the user's own unit at its current year (the menu's
    targets); a user without a unit of their own gets the list of units they may see."""
    if user.unit_id is None:
        return redirect("daftar_unit")
    return redirect(nama_url, kode=user.unit.kode, tahun=tahun_terkini_atau_404(user).tahun)


def tahun_terkini_atau_404(user) -> TahunIKI:
    """The year of the user's own unit that screens open by default (TahunIKI.objects.terkini)."""
    tahun = TahunIKI.objects.terkini(user.unit) if user.unit_id else None
    if tahun is None:
        raise Http404("Unit ini belum memiliki IKI.")
    return tahun


def realisasi_atau_404(user, pk: int) -> Realisasi:
    return get_object_or_404(
        Realisasi.objects.select_related("variabel__indikator__tahun__unit", "variabel__pengisi"),
        pk=pk,
        variabel__indikator__tahun__unit__in=user.unit_terlihat(),
    )


def jabatan_atau_404(user, pk: int) -> Jabatan:
    return get_object_or_404(
        Jabatan.objects.select_related("tahun__unit"), pk=pk, tahun__unit__in=user.unit_terlihat()
    )


def tahun_atau_404(user, kode_unit: str, tahun: int) -> TahunIKI:
    return get_object_or_404(
        TahunIKI.objects.select_related("unit__kabupaten", "renstra"),
        unit__in=user.unit_terlihat(),
        unit__kode=kode_unit,
        tahun=tahun,
    )


def tahun_dan_versi_atau_404(user, kode_unit: str, tahun: int) -> tuple[TahunIKI, dict[int, int | None]]:
    """``tahun_atau_404``, and in the same query the data versions of all the unit's years
    (``iki.umum.versi.versi_unit``: pk → number, None without one), read before any of their
    data: a cached screen then costs one query for the year and its keys. When it is the user's
    own unit, the user's ``unit`` is the one loaded here, so the page's frame does not read it
    again."""
    semua = list(
        TahunIKI.objects.select_related("unit__kabupaten", "renstra")
        .filter(unit__in=user.unit_terlihat(), unit__kode=kode_unit)
        .annotate(nomor_versi=F("versi_data__nomor"))
    )
    tahun_iki = next((t for t in semua if t.tahun == tahun), None)
    if tahun_iki is None:
        raise Http404("Tahun IKI unit ini tidak ditemukan.")
    if user.unit_id == tahun_iki.unit_id:
        user.unit = tahun_iki.unit
    return tahun_iki, {t.pk: t.nomor_versi or None for t in semua}


def bulan_atau_404(bulan: int) -> int:
    """A month from the URL (1–12), else not found."""
    if not 1 <= bulan <= 12:
        raise Http404("Bulan tidak dikenal.")
    return bulan


def alamat_kembali(request, alamat: str | None) -> str | None:
    """A return address carried by a form or link (``next``, ``kembali``) when it is a path on
    this site ("/realisasi/…"); None for anything else: another site, a scheme, a bare word."""
    if not alamat or not alamat.startswith("/") or alamat.startswith("//"):
        return None
    sini = {request.get_host()}
    return alamat if url_has_allowed_host_and_scheme(alamat, sini, require_https=request.is_secure()) else None


# The years the app keeps (TahunIKI's own limits); a year outside them in a URL is not found.
TAHUN_MIN, TAHUN_MAKS = 2000, 2100


def tahun_sah_atau_404(tahun: int) -> int:
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise Http404(f"Tahun tidak dikenal (aplikasi menyimpan tahun {TAHUN_MIN}–{TAHUN_MAKS}).")
    return tahun


def tahun_tetangga(tahun: int) -> tuple[int | None, int | None]:
    """The previous and next year for year-by-year navigation, None past the range."""
    return (tahun - 1 if tahun > TAHUN_MIN else None, tahun + 1 if tahun < TAHUN_MAKS else None)
