// Tests for the Chain module; see Tests/README.md.
import Testing
