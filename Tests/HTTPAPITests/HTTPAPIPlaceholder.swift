// Tests for the HTTPAPI module; see Tests/README.md.
import Testing
