// HTTPAPI module; see docs/ARCHITECTURE.md.
