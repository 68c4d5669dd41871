// Tests for the Store module; see Tests/README.md.
import Testing
