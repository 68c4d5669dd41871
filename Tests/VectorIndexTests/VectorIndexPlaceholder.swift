// Tests for the VectorIndex module; see Tests/README.md.
import Testing
