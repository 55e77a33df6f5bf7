"""Models of the presensi screens (imported by iki.models so Django finds them)."""
