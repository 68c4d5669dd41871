import PostgresNIO
public import RAGCore

/// The bounded change log: writers keep the last `changeLogRetention` changes and delete older ones; a process
/// whose BM25 index reflects a sequence below the pruned mark rebuilds it from `chunks.lexical` (what the log
/// is for: letting servers catch up with each other's writes without a full rebuild).
extension PostgresDocumentStore {
    /// Deletes every change (all collections) up to and including `sequence` and raises the global pruned mark,
    /// in one transaction, so a reader's snapshot sees both or neither.
    public func pruneChangeLog(through sequence: UInt64) async throws {
        try await transaction("pruning the change log") { connection in
            let latest = try await connection.query(
                "SELECT value FROM store_meta WHERE key = 'latest_sequence'", logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
            let through = min(Int64(clamping: sequence), latest)
            try await connection.query("DELETE FROM vector_changes WHERE sequence <= \(through)", logger: logger)
            try await connection.query(
                "UPDATE store_meta SET value = greatest(value, \(through)) WHERE key = 'pruned_sequence'", logger: logger)
        }
    }

    /// After a committed write: when it carried the sequence past a multiple of an eighth of the retention,
    /// prunes what lies more than `changeLogRetention` behind it. A failure is logged, not thrown: the write
    /// itself succeeded, and the next write tries again.
    func pruneChangeLogIfDue(after receipt: StoreWriteReceipt) async {
        let retention = UInt64(max(1, configuration.changeLogRetention))
        let step = max(1, retention / 8)
        guard receipt.sequenceAfter > retention, receipt.sequenceAfter / step > receipt.sequenceBefore / step else { return }
        do {
            try await pruneChangeLog(through: receipt.sequenceAfter - retention)
        } catch {
            logger.warning("pruning the change log failed: \(error)")
        }
    }
}
