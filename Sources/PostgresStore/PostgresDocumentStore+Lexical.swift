import PostgresNIO
public import RAGCore
import Store

extension PostgresDocumentStore {
    /// BM25 over the chunks' lexical forms, scored as the SQLite store scores (FTS5's `bm25()`), by the same
    /// in-memory `LexicalIndex`. Before ranking, the index catches up with the change log (other processes'
    /// writes), or is rebuilt when the log was pruned past it or a collection was dropped.
    ///
    /// With a metadata filter, the best `4·limit` (at least 40) candidates are ranked in memory and the filter
    /// keeps those it accepts; when too few survive, every chunk the filter accepts is ranked in memory.
    public func lexicalSearch(_ text: String, in collection: String, filter: SearchFilter, limit: Int) async throws -> [SearchHit] {
        let terms = LexicalText.queryTerms(text)
        guard limit > 0, !terms.isEmpty else { return [] }
        if filter.isEmpty {
            return try await withCurrentLexicalIndex { $0.search(terms: terms, collection: collection, limit: limit) }
        }
        let candidateLimit = max(limit * 4, 40)
        let candidates = try await withCurrentLexicalIndex { $0.search(terms: terms, collection: collection, limit: candidateLimit) }
        let clause = PostgresFilter(filter, firstPlaceholder: 3)
        var binds = PostgresBindings()
        binds.append(candidates.map { Int64($0.key) })
        binds.append(collection)
        clause.appendValues(to: &binds)
        let rows = try await searchRows(
            "filtering lexical candidates",
            SQLText.query("""
                    SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document
                    WHERE c.id = ANY($1::bigint[]) AND d.collection = $2\(clause.sql)
                    """, binds))
        let accepted = Set(try rows.map { VectorKey(try $0.decode(Int64.self)) })
        let survivors = candidates.filter { accepted.contains($0.key) }
        if survivors.count >= limit || candidates.count < candidateLimit {
            return Array(survivors.prefix(limit))
        }
        // A selective filter: rank everything and keep what it accepts (exact, as the SQLite store's joined FTS5 query).
        let allowed = try await chunkKeys(matching: filter, in: collection)
        let everything = try await withCurrentLexicalIndex { index in
            index.search(terms: terms, collection: collection, limit: index.liveCount)
        }
        return Array(everything.lazy.filter { allowed.contains($0.key) }.prefix(limit))
    }

    /// Builds the in-memory BM25 index now (or brings it up to date), instead of on the first lexical search.
    public func prepareLexicalSearch() async throws {
        _ = try await withCurrentLexicalIndex { _ in () }
    }

    /// Runs `body` on the in-memory index once it reflects the latest committed change.
    private func withCurrentLexicalIndex<Result: Sendable>(_ body: (LexicalIndex) -> Result) async throws -> Result {
        let (latest, pruned) = try await logMarks()
        let (hasIndex, applied) = lexical.withLock { ($0.index != nil, $0.applied) }
        if !hasIndex || pruned > applied {
            let fresh = try await buildLexicalState()
            lexical.withLock { state in
                if state.index == nil || state.applied <= fresh.applied { state = fresh }
            }
        } else if latest > applied {
            guard let changes = try await lexicalChanges(after: applied) else {
                // Pruned past `applied` since the marks were read: rebuild.
                let fresh = try await buildLexicalState()
                lexical.withLock { state in
                    if state.index == nil || state.applied <= fresh.applied { state = fresh }
                }
                return lexical.withLock { body($0.index ?? LexicalIndex()) }
            }
            lexical.withLock { state in
                // Another task may have moved it meanwhile; then its own catch-up or rebuild holds.
                guard var index = state.index, state.applied == applied else { return }
                state.index = nil  // the only reference, so the index is updated in place
                for change in changes {
                    switch change.body {
                    case .some(let body): index.add(key: change.key, collection: change.collection, body: body)
                    case .none: index.remove(key: change.key)
                    }
                }
                state = LexicalState(index: index, applied: max(applied, changes.last?.sequence ?? applied, latest))
            }
        }
        return lexical.withLock { body($0.index ?? LexicalIndex()) }
    }

    /// The latest sequence and the global pruned mark, in one statement.
    private func logMarks() async throws -> (latest: UInt64, pruned: UInt64) {
        let rows = try await searchRows(
            "reading the change-log sequence",
            """
            SELECT (SELECT value FROM store_meta WHERE key = 'latest_sequence'),
                   (SELECT value FROM store_meta WHERE key = 'pruned_sequence')
            """)
        guard let row = rows.first else { return (0, 0) }
        let (latest, pruned) = try row.decode((Int64?, Int64?).self)
        return (UInt64(max(0, latest ?? 0)), UInt64(max(0, pruned ?? 0)))
    }

    private struct LexicalChange {
        var sequence: UInt64
        var key: VectorKey
        var collection: String
        /// The chunk's lexical form for an add whose chunk still exists; nil for a removal (or a chunk removed since).
        var body: String?
    }

    /// Every change after `sequence` in all collections (BM25 statistics span all of them, as in FTS5), with
    /// the lexical form of chunks that were added and still exist; nil when the log was pruned past `sequence`.
    /// The pruned mark is read in the same statement (one snapshot), and pruning deletes and raises the mark in
    /// one transaction, so a change is never missed silently.
    private func lexicalChanges(after sequence: UInt64) async throws -> [LexicalChange]? {
        let rows = try await searchRows(
            "catching up the lexical index",
            """
            SELECT m.value, v.sequence, v.chunk, v.collection, CASE WHEN v.operation = 'add' THEN c.lexical END
            FROM (SELECT value FROM store_meta WHERE key = 'pruned_sequence') m
            LEFT JOIN (vector_changes v LEFT JOIN chunks c ON c.id = v.chunk) ON v.sequence > \(Int64(sequence))
            ORDER BY v.sequence
            """)
        var changes: [LexicalChange] = []
        for row in rows {
            let (pruned, sequenceValue, chunk, collection, body) = try row.decode((Int64, Int64?, Int64?, String?, String?).self)
            guard pruned <= Int64(clamping: sequence) else { return nil }
            guard let sequenceValue, let chunk, let collection else { continue }
            changes.append(LexicalChange(sequence: UInt64(sequenceValue), key: VectorKey(chunk), collection: collection, body: body))
        }
        return changes
    }

    /// A fresh index of every chunk's lexical form, read in one snapshot, with that snapshot's sequence.
    private func buildLexicalState() async throws -> LexicalState {
        try await transaction("building the lexical index", readOnly: true) { connection in
            let latest = try await connection.query(
                "SELECT value FROM store_meta WHERE key = 'latest_sequence'", logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
            var index = LexicalIndex()
            let rows = try await connection.query(
                """
                SELECT c.id, k.name, c.lexical FROM chunks c JOIN collections k ON k.id = c.collection_id ORDER BY c.id
                """, logger: logger)
            for try await (key, collection, body) in rows.decode((Int64, String, String).self) {
                index.add(key: VectorKey(key), collection: collection, body: body)
            }
            return LexicalState(index: index, applied: UInt64(max(0, latest)))
        }
    }
}
