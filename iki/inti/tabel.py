"""The IKI table of a jabatan as printed: sasaran cells span their consecutive indicator rows.

Numbering follows the printed document: a new number each time the sasaran changes, so the
same sasaran text appearing twice apart (jabatan 4 in Ketapang 2023) gets two numbers.
"""

from dataclasses import dataclass, field


@dataclass
class KelompokSasaran:
    nomor: int
    sasaran: object
    baris: list = field(default_factory=list)

    @property
    def rentang(self) -> int:
        return len(self.baris)


def kelompokkan(baris) -> list[KelompokSasaran]:
    """Group rows (ordered) into runs of the same sasaran."""
    kelompok: list[KelompokSasaran] = []
    for b in baris:
        if not kelompok or kelompok[-1].sasaran.pk != b.sasaran.pk:
            kelompok.append(KelompokSasaran(nomor=len(kelompok) + 1, sasaran=b.sasaran))
        kelompok[-1].baris.append(b)
    return kelompok
