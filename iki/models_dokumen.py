"""Models of the dokumen screens (imported by iki.models so Django finds them)."""
