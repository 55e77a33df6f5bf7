"""Models of the ikm screens (imported by iki.models so Django finds them)."""
