// Embedding module; see docs/ARCHITECTURE.md.
