// Tests for the Embedding module; see Tests/README.md.
import Testing
