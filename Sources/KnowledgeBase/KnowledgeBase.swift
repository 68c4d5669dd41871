// KnowledgeBase module; see docs/ARCHITECTURE.md.
