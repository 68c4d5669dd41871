import Foundation
import Testing
import TestSupport

extension ChildProcess {
    /// Runs the child (see `ChildProcess.run()`); a child killed at its timeout is recorded as an issue.
    func run(sourceLocation: SourceLocation) async throws -> Run {
        let result = try await run()
        if result.timedOut {
            Issue.record(
                "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) was still running after \(timeout) and was killed:\n\(result.errors.suffix(2_000))",
                sourceLocation: sourceLocation)
        }
        return result
    }
}
