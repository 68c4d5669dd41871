// Tests for the Ingest module; see Tests/README.md.
import Testing
