/// Runs `operation`, failing with 503 if it takes longer than `seconds`; the operation is cancelled then.
func withDeadline<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw APIError(
                .serviceUnavailable, "The request took longer than \(Int(seconds)) s and was stopped; try a smaller k or a simpler question.")
        }
        return value
    }
}
