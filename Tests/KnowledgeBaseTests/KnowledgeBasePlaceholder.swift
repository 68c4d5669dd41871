// Tests for the KnowledgeBase module; see Tests/README.md.
import Testing
