"""The models of IKI Kecamatan, one module per part of the product (design.md §2).

- ``organisasi``: kabupaten, unit kerja, Renstra periods, pegawai;
- ``set_iki``: a unit's IKI set of one year (TahunIKI and everything hanging off it);
- ``akun``: the user account and its role;
- ``realisasi``: monthly values, notes, evidence, reopenings;
- ``dokumen``, ``ikm``, ``presensi``: the models of those screens;
- ``pengingat``: notifications and the log of what was sent.

Everything is re-exported here: code imports ``from iki.models import Realisasi``.
"""

from iki.models.akun import *  # noqa: F403
from iki.models.dokumen import *  # noqa: F403
from iki.models.ikm import *  # noqa: F403
from iki.models.organisasi import *  # noqa: F403
from iki.models.pengingat import *  # noqa: F403
from iki.models.presensi import *  # noqa: F403
from iki.models.realisasi import *  # noqa: F403
from iki.models.set_iki import *  # noqa: F403
