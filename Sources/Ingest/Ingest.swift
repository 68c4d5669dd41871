// Ingest module; see docs/ARCHITECTURE.md.
