// Chain module; see docs/ARCHITECTURE.md.
