import CSQLite
import Foundation
public import RAGCore
import Synchronization

/// A `DocumentStore` in one SQLite file in WAL mode: one serialised writer, readers in parallel, and
/// several processes on one file (writers queue on the busy timeout; readers never block).
///
/// Usage example:
/// ```swift
/// let store = try SQLiteDocumentStore(path: folder.appendingPathComponent("hepchain.sqlite").path)
/// let documents = try store.documents(in: "default")
/// ```
public final class SQLiteDocumentStore: DocumentStore {
    /// Path of the database file.
    public let path: String
    private let writer: Mutex<SQLiteConnection>
    private let readers: Mutex<[SQLiteConnection]>
    private let busyTimeoutMilliseconds: Int32
    /// Opened read-only (`immutable`): every write fails with SQLite's "attempt to write a readonly database".
    public let isReadOnly: Bool
    /// The in-memory BM25 index and the change-log sequence it reflects (nil until the first lexical search).
    private let lexical = Mutex<LexicalState>(LexicalState())

    private struct LexicalState {
        var index: LexicalIndex?
        var applied: UInt64 = 0
    }

    /// Opens or creates the database at `path`, switches it to WAL and applies pending migrations.
    ///
    /// With `readOnly` nothing is written, not even the WAL switch or a migration (a data folder on a read-only
    /// disk, or a copy of one); the database must already be at the current schema.
    public init(path: String, busyTimeoutMilliseconds: Int32 = 10_000, readOnly: Bool = false) throws {
        let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, readOnly: readOnly)
        if !readOnly {
            try connection.execute("PRAGMA journal_mode = WAL")
            try Schema.migrator.migrate(connection)
        }
        self.isReadOnly = readOnly
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.writer = Mutex(connection)
        self.readers = Mutex([])
    }

    // MARK: - Connections

    /// Runs `body` in a read transaction (one consistent snapshot) on a pooled reader connection. Errors are not
    /// retried here: SQLITE_PROTOCOL at the start of a transaction is retried where it happens (`SQLiteConnection`), and a
    /// disk fault (SQLITE_IOERR) is reported, not hidden.
    private func read<Result: Sendable>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        let pooled = readers.withLock { $0.popLast() }
        let connection: SQLiteConnection
        if let pooled {
            connection = pooled
        } else {
            connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, readOnly: isReadOnly)
            try connection.execute("PRAGMA query_only = ON")
        }
        let result = try connection.transaction(immediate: false) { try body(connection) }
        readers.withLock { pool in
            if pool.count < 8 { pool.append(connection) }
        }
        return result
    }

    /// Runs `body` in a write transaction on the single writer connection.
    private func write<Result: Sendable>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        try writer.withLock { connection in
            try connection.transaction(immediate: true) { try body(connection) }
        }
    }

    /// Runs `body` in a write transaction, then `afterCommit` with its result while still holding the writer,
    /// so in-memory state follows commits in commit order.
    private func write<Result: Sendable>(
        _ body: (SQLiteConnection) throws -> Result, afterCommit: (Result) -> Void
    ) throws -> Result {
        try writer.withLock { connection in
            let result = try connection.transaction(immediate: true) { try body(connection) }
            afterCommit(result)
            return result
        }
    }

    /// Applies a committed write to the in-memory BM25 index when it reflected the state just before it;
    /// otherwise the index is stale and the next lexical search rebuilds it.
    private func applyLexical(_ receipt: StoreWriteReceipt, update: (inout LexicalIndex) -> Void) {
        lexical.withLock { state in
            guard state.index != nil, state.applied == receipt.sequenceBefore else { return }
            update(&state.index!)
            state.applied = receipt.sequenceAfter
        }
    }

    // MARK: - Schema

    /// The schema migrations applied to this database, in order, and the ones this build knows: equal lists
    /// mean the schema is current (what `hepchain doctor` reports as the schema version).
    public func schema() throws -> (applied: [String], known: [String]) {
        let applied = try read { db in try db.query("SELECT name FROM schema_migrations ORDER BY rowid") { $0.text(0) } }
        return (applied, Schema.migrator.names)
    }

    // MARK: - Collections

    /// Creates a collection; fails if the name is taken or invalid.
    public func createCollection(_ collection: CollectionInfo) throws {
        guard Self.isValidCollectionName(collection.name) else {
            throw StoreError.invalidCollectionName(name: collection.name)
        }
        try write { db in
            if try Self.collection(named: collection.name, db) != nil {
                throw StoreError.collectionExists(name: collection.name)
            }
            try db.run(
                "INSERT INTO collections (name, model_id, dimension, created_at) VALUES (?, ?, ?, ?)",
                [.text(collection.name), .text(collection.modelID), .int(collection.dimension), .text(collection.createdAt)])
        }
    }

    /// All collections, by name.
    public func collections() throws -> [CollectionInfo] {
        try read { db in
            try db.query("SELECT name, model_id, dimension, created_at FROM collections ORDER BY name") {
                CollectionInfo(name: $0.text(0), modelID: $0.text(1), dimension: $0.int(2), createdAt: $0.text(3))
            }
        }
    }

    /// The named collection, or nil.
    public func collection(named name: String) throws -> CollectionInfo? {
        try read { db in try Self.collection(named: name, db) }
    }

    /// Deletes a collection with everything in it.
    public func deleteCollection(named name: String) throws {
        _ = try write({ db in
            guard try Self.collection(named: name, db) != nil else { throw StoreError.collectionNotFound(name: name) }
            let sequenceBefore = try Self.latestSequence(db)
            try db.run("DELETE FROM collections WHERE name = ?", [.text(name)])
            // Raise the global mark first, so dropping this collection's log cannot lower the latest sequence.
            let latest = try Self.latestSequence(db)
            try db.run("UPDATE store_meta SET value = CAST(? AS TEXT) WHERE key = 'pruned_sequence'", [.integer(Int64(latest))])
            try db.run("DELETE FROM vector_changes WHERE collection = ?", [.text(name)])
            try db.run("DELETE FROM store_meta WHERE key = ?", [.text("pruned_sequence:" + name)])
            return StoreWriteReceipt(addedKeys: [], removedKeys: [], sequenceBefore: sequenceBefore, sequenceAfter: latest)
        }, afterCommit: { receipt in
            applyLexical(receipt) { $0.removeCollection(name) }
        })
    }

    private static func collection(named name: String, _ db: SQLiteConnection) throws -> CollectionInfo? {
        try db.queryFirst("SELECT name, model_id, dimension, created_at FROM collections WHERE name = ?", [.text(name)]) {
            CollectionInfo(name: $0.text(0), modelID: $0.text(1), dimension: $0.int(2), createdAt: $0.text(3))
        }
    }

    /// True for 1 to 64 ASCII letters, digits, `-`, `_` or `.`, not starting with `.`.
    package static func isValidCollectionName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count), !name.hasPrefix(".") else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
    }

    // MARK: - Documents

    private static let documentColumns = """
        d.document_id, d.collection, d.source, d.format, d.content_hash, d.metadata, d.fetched_at,
        (SELECT count(*) FROM chunks c WHERE c.document = d.id)
        """

    private static func decodeDocument(_ row: SQLiteStatement) throws -> StoredDocument {
        let metadata: DocumentMetadata
        do {
            metadata = try JSONDecoder().decode(DocumentMetadata.self, from: Data(row.text(5).utf8))
        } catch {
            throw StoreError.corruptRow(table: "documents", detail: "metadata of '\(row.text(0))' is not valid JSON: \(error)")
        }
        return StoredDocument(
            id: DocumentID(row.text(0)), collection: row.text(1), source: row.text(2), format: row.text(3),
            contentHash: row.text(4), metadata: metadata, fetchedAt: row.text(6), chunkCount: row.int(7))
    }

    /// The document with `id` in `collection`, or nil.
    public func document(_ id: DocumentID, in collection: String) throws -> StoredDocument? {
        try read { db in
            try db.queryFirst(
                "SELECT \(Self.documentColumns) FROM documents d WHERE d.collection = ? AND d.document_id = ?",
                [.text(collection), .text(id.rawValue)], row: Self.decodeDocument)
        }
    }

    /// A document of `collection` whose content hash is `contentHash`, or nil.
    public func document(contentHash: String, in collection: String) throws -> StoredDocument? {
        try read { db in
            try db.queryFirst(
                "SELECT \(Self.documentColumns) FROM documents d WHERE d.collection = ? AND d.content_hash = ? LIMIT 1",
                [.text(collection), .text(contentHash)], row: Self.decodeDocument)
        }
    }

    /// All documents of `collection`, by id.
    public func documents(in collection: String) throws -> [StoredDocument] {
        try read { db in
            try db.query(
                "SELECT \(Self.documentColumns) FROM documents d WHERE d.collection = ? ORDER BY d.document_id",
                [.text(collection)], row: Self.decodeDocument)
        }
    }

    /// Replaces the document `record.id` by `record`, its chunks, full-text rows and vectors, in one transaction.
    public func replaceDocument(
        _ record: StoredDocument, chunks: [Chunk], vectors: [Vector], embeddedBy modelID: String
    ) throws -> StoreWriteReceipt {
        guard chunks.count == vectors.count else {
            throw StoreError.chunkVectorCountMismatch(document: record.id.rawValue, chunks: chunks.count, vectors: vectors.count)
        }
        let metadataJSON = try Self.json(record.metadata)
        let authorsJSON = try Self.json(record.metadata.authors)
        let categoriesJSON = try Self.json(record.metadata.categories)
        let sectionPaths = try chunks.map { try Self.json($0.sectionPath) }
        let lexicalForms = chunks.map { LexicalText.indexForm($0.text) }

        return try write({ db in
            guard let collection = try Self.collection(named: record.collection, db) else {
                throw StoreError.collectionNotFound(name: record.collection)
            }
            let wrongDimension = vectors.first { $0.count != collection.dimension }
            guard collection.modelID == modelID, wrongDimension == nil else {
                throw StoreError.modelMismatch(
                    collection: collection.name, expectedModel: collection.modelID, expectedDimension: collection.dimension,
                    model: modelID, dimension: wrongDimension?.count ?? collection.dimension)
            }
            let sequenceBefore = try Self.latestSequence(db)
            let removedKeys = try Self.deleteDocument(record.id, in: record.collection, db) ?? []

            try db.run(
                """
                INSERT INTO documents (collection, document_id, source, format, arxiv_id, arxiv_version, content_hash,
                    title, authors, categories, year, language, fetched_at, metadata)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(record.collection), .text(record.id.rawValue), .text(record.source), .text(record.format),
                    .optionalText(record.metadata.arxivID), .optionalInt(record.metadata.arxivVersion), .text(record.contentHash),
                    .optionalText(record.metadata.title), .text(authorsJSON), .text(categoriesJSON),
                    .optionalInt(record.metadata.year), .optionalText(record.metadata.language), .text(record.fetchedAt),
                    .text(metadataJSON),
                ])
            let documentRow = db.lastInsertRowID
            for category in Set(record.metadata.categories) {
                try db.run("INSERT INTO document_categories (document, category) VALUES (?, ?)", [.integer(documentRow), .text(category)])
            }

            var addedKeys: [VectorKey] = []
            addedKeys.reserveCapacity(chunks.count)
            for (index, chunk) in chunks.enumerated() {
                try db.run(
                    """
                    INSERT INTO chunks (document, ordinal, text, page_start, page_end, section_path, start_offset, end_offset, language)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .integer(documentRow), .int(chunk.id.ordinal), .text(chunk.text), .int(chunk.pageStart),
                        .int(chunk.pageEnd), .text(sectionPaths[index]), .int(chunk.startOffset), .int(chunk.endOffset),
                        .text(chunk.language),
                    ])
                let key = db.lastInsertRowID
                try db.run("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [.integer(key), .text(lexicalForms[index])])
                try db.run(
                    "INSERT INTO vectors (chunk, collection, model_id, dimension, embedding) VALUES (?, ?, ?, ?, ?)",
                    [.integer(key), .text(record.collection), .text(modelID), .int(vectors[index].count), .floats(vectors[index])])
                addedKeys.append(VectorKey(key))
            }
            let sequenceAfter = try Self.latestSequence(db)
            return StoreWriteReceipt(
                addedKeys: addedKeys, removedKeys: removedKeys, sequenceBefore: sequenceBefore, sequenceAfter: sequenceAfter)
        }, afterCommit: { receipt in
            applyLexical(receipt) { index in
                for key in receipt.removedKeys { index.remove(key: key) }
                for (key, body) in zip(receipt.addedKeys, lexicalForms) {
                    index.add(key: key, collection: record.collection, body: body)
                }
            }
        })
    }

    /// Deletes a document and everything hanging off it; nil when it did not exist.
    public func deleteDocument(_ id: DocumentID, in collection: String) throws -> StoreWriteReceipt? {
        try write({ db in
            let sequenceBefore = try Self.latestSequence(db)
            guard let removed = try Self.deleteDocument(id, in: collection, db) else { return nil }
            return StoreWriteReceipt(
                addedKeys: [], removedKeys: removed, sequenceBefore: sequenceBefore, sequenceAfter: try Self.latestSequence(db))
        }, afterCommit: { receipt in
            guard let receipt else { return }
            applyLexical(receipt) { index in
                for key in receipt.removedKeys { index.remove(key: key) }
            }
        })
    }

    /// Deletes a document (chunks, vectors and full-text rows go by cascade and trigger); returns its old vector keys.
    private static func deleteDocument(_ id: DocumentID, in collection: String, _ db: SQLiteConnection) throws -> [VectorKey]? {
        guard let row = try db.queryFirst(
            "SELECT id FROM documents WHERE collection = ? AND document_id = ?", [.text(collection), .text(id.rawValue)],
            row: { $0.int64(0) })
        else { return nil }
        let keys = try db.query("SELECT id FROM chunks WHERE document = ? ORDER BY ordinal", [.integer(row)]) {
            VectorKey($0.int64(0))
        }
        try db.run("DELETE FROM documents WHERE id = ?", [.integer(row)])
        return keys
    }

    private static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: - Retrieval

    /// Chunks with citation data (score 0) for `keys`; unknown keys are left out.
    public func chunks(keys: [VectorKey]) throws -> [VectorKey: RetrievedChunk] {
        guard !keys.isEmpty else { return [:] }
        return try read { db in
            var result: [VectorKey: RetrievedChunk] = [:]
            for batch in Self.placeholderBatches(keys) {
                let rows = try db.query(
                    """
                    SELECT c.id, c.ordinal, c.text, c.page_start, c.page_end, c.section_path, c.start_offset, c.end_offset,
                        c.language, d.document_id, d.title, d.source, d.arxiv_id, d.authors
                    FROM chunks c JOIN documents d ON d.id = c.document
                    WHERE c.id IN (\(batch.placeholders))
                    """, batch.values
                ) { row -> (VectorKey, RetrievedChunk) in
                    let sectionPath: [String]
                    do {
                        sectionPath = try JSONDecoder().decode([String].self, from: Data(row.text(5).utf8))
                    } catch {
                        throw StoreError.corruptRow(table: "chunks", detail: "section path of chunk \(row.int64(0)) is not valid JSON")
                    }
                    let chunk = Chunk(
                        id: ChunkID(document: DocumentID(row.text(9)), ordinal: row.int(1)), text: row.text(2),
                        pageStart: row.int(3), pageEnd: row.int(4), sectionPath: sectionPath, startOffset: row.int(6),
                        endOffset: row.int(7), language: row.text(8))
                    let citation = Citation(
                        chunkID: chunk.id, title: row.optionalText(10), source: row.text(11), arxivID: row.optionalText(12),
                        pageStart: chunk.pageStart, pageEnd: chunk.pageEnd, section: chunk.section,
                        authors: StoredTables.authorNames(row.text(13)))
                    return (VectorKey(row.int64(0)), RetrievedChunk(chunk: chunk, score: 0, citation: citation))
                }
                for (key, chunk) in rows { result[key] = chunk }
            }
            return result
        }
    }

    /// Vector keys of the chunks of `collection` that `filter` accepts.
    public func chunkKeys(matching filter: SearchFilter, in collection: String) throws -> Set<VectorKey> {
        let clause = FilterClause(filter)
        return try read { db in
            let keys = try db.query(
                "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document WHERE d.collection = ?\(clause.sql)",
                [.text(collection)] + clause.values
            ) { VectorKey($0.int64(0)) }
            return Set(keys)
        }
    }

    /// BM25 ranking over the lexical form of the chunks (see `LexicalText`); scores are negated FTS5 `bm25()`.
    ///
    /// Ranks in the in-memory `LexicalIndex` (built from `chunks_fts` on first use, kept in step with this
    /// store's writes, rebuilt when the change log shows a write by another process), which scores as FTS5
    /// does at a fraction of the cost. With a metadata filter it then keeps the candidates the filter accepts;
    /// when the filter removes too many, it runs the joined FTS5 query, which is exact but visits every match.
    public func lexicalSearch(_ text: String, in collection: String, filter: SearchFilter, limit: Int) throws -> [SearchHit] {
        let terms = LexicalText.queryTerms(text)
        guard limit > 0, !terms.isEmpty else { return [] }
        if filter.isEmpty { return try memoryLexicalSearch(terms, in: collection, limit: limit) }
        let candidateLimit = max(limit * 4, 40)
        let candidates = try memoryLexicalSearch(terms, in: collection, limit: candidateLimit)
        let clause = FilterClause(filter)
        return try read { db in
            var accepted: Set<VectorKey> = []
            for batch in Self.placeholderBatches(candidates.map(\.key)) {
                let keys = try db.query(
                    """
                    SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document
                    WHERE c.id IN (\(batch.placeholders)) AND d.collection = ?\(clause.sql)
                    """, batch.values + [.text(collection)] + clause.values
                ) { VectorKey($0.int64(0)) }
                accepted.formUnion(keys)
            }
            let survivors = candidates.filter { accepted.contains($0.key) }
            if survivors.count >= limit || candidates.count < candidateLimit {
                return Array(survivors.prefix(limit))
            }
            return try Self.fullTextSearch(terms, in: collection, clause: clause, limit: limit, db)
        }
    }

    /// The same ranking straight from FTS5's `bm25()` (every match scored in SQLite): the reference the
    /// in-memory index is tested against, and the filtered fallback.
    package func fullTextSearch(_ text: String, in collection: String, filter: SearchFilter, limit: Int) throws -> [SearchHit] {
        let terms = LexicalText.queryTerms(text)
        guard limit > 0, !terms.isEmpty else { return [] }
        return try read { db in try Self.fullTextSearch(terms, in: collection, clause: FilterClause(filter), limit: limit, db) }
    }

    private static func fullTextSearch(
        _ terms: [String], in collection: String, clause: FilterClause, limit: Int, _ db: SQLiteConnection
    ) throws -> [SearchHit] {
        let match = LexicalText.matchExpression(terms: terms)
        return try db.query(
            """
            SELECT chunks_fts.rowid, bm25(chunks_fts) AS rank
            FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN documents d ON d.id = c.document
            WHERE chunks_fts MATCH ? AND d.collection = ?\(clause.sql)
            ORDER BY rank, chunks_fts.rowid LIMIT ?
            """,
            [.text(match), .text(collection)] + clause.values + [.int(limit)]
        ) { SearchHit(key: VectorKey($0.int64(0)), score: Float(-$0.double(1))) }
    }

    /// Builds the in-memory BM25 index now (or brings it up to date), instead of on the first lexical search.
    public func prepareLexicalSearch() throws {
        _ = try withCurrentLexicalIndex { _ in () }
    }

    /// Ranks with the in-memory index, (re)building it first when it does not reflect the latest commit.
    private func memoryLexicalSearch(_ terms: [String], in collection: String, limit: Int) throws -> [SearchHit] {
        try withCurrentLexicalIndex { $0.search(terms: terms, collection: collection, limit: limit) }
    }

    private func withCurrentLexicalIndex<Result: Sendable>(_ body: (LexicalIndex) -> Result) throws -> Result {
        let latest = try latestSequence()
        return try lexical.withLock { state in
            if state.index == nil || state.applied != latest {
                state = try buildLexicalState()
            }
            return body(state.index ?? LexicalIndex())
        }
    }

    /// A fresh in-memory index of every chunk's lexical form, with the sequence of the snapshot it read.
    private func buildLexicalState() throws -> LexicalState {
        try read { db in
            var index = LexicalIndex()
            let sequence = try Self.latestSequence(db)
            _ = try db.query(
                """
                SELECT chunks_fts.rowid, d.collection, chunks_fts.body
                FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN documents d ON d.id = c.document
                """
            ) { row in index.add(key: VectorKey(row.int64(0)), collection: row.text(1), body: row.text(2)) }
            return LexicalState(index: index, applied: sequence)
        }
    }

    // MARK: - Vectors and the change log

    /// The last change-log sequence (0 for a new store).
    public func latestSequence() throws -> UInt64 {
        try read { db in try Self.latestSequence(db) }
    }

    private static func latestSequence(_ db: SQLiteConnection) throws -> UInt64 {
        // max() of the log alone would drop to 0 once the log is pruned empty; the pruned mark keeps it monotonic.
        let value = try db.queryFirst(
            """
            SELECT max(coalesce((SELECT max(sequence) FROM vector_changes), 0),
                       CAST((SELECT value FROM store_meta WHERE key = 'pruned_sequence') AS INTEGER))
            """
        ) { $0.int64(0) }
        return UInt64(max(0, value ?? 0))
    }

    /// The sequence up to which `collection`'s changes have been pruned.
    public func prunedSequence(in collection: String) throws -> UInt64 {
        try read { db in
            let value = try db.queryFirst(
                "SELECT CAST(value AS INTEGER) FROM store_meta WHERE key = ?", [.text("pruned_sequence:" + collection)]
            ) { $0.int64(0) }
            return UInt64(max(0, value ?? 0))
        }
    }

    /// Changes of `collection` after `sequence`, oldest first.
    public func changes(after sequence: UInt64, in collection: String) throws -> [VectorChange] {
        try read { db in
            try db.query(
                "SELECT sequence, chunk, operation FROM vector_changes WHERE collection = ? AND sequence > ? ORDER BY sequence",
                [.text(collection), .integer(Int64(sequence))]
            ) { row in
                guard let operation = VectorChange.Operation(rawValue: row.text(2)) else {
                    throw StoreError.corruptRow(table: "vector_changes", detail: "unknown operation '\(row.text(2))'")
                }
                return VectorChange(sequence: UInt64(row.int64(0)), key: VectorKey(row.int64(1)), operation: operation)
            }
        }
    }

    /// Deletes `collection`'s changes up to and including `sequence` and records the pruned marks.
    public func pruneChanges(through sequence: UInt64, in collection: String) throws {
        try write { db in
            let latest = try Self.latestSequence(db)
            let through = Int64(min(sequence, latest))
            try db.run("DELETE FROM vector_changes WHERE collection = ? AND sequence <= ?", [.text(collection), .integer(through)])
            for key in ["pruned_sequence:" + collection, "pruned_sequence"] {
                try db.run(
                    """
                    INSERT INTO store_meta (key, value) VALUES (?, CAST(? AS TEXT))
                    ON CONFLICT (key) DO UPDATE SET value = CAST(max(CAST(value AS INTEGER), ?) AS TEXT)
                    """, [.text(key), .integer(through), .integer(through)])
            }
        }
    }

    /// Stored vectors for `keys`.
    public func vectors(keys: [VectorKey]) throws -> [VectorKey: Vector] {
        guard !keys.isEmpty else { return [:] }
        return try read { db in
            var result: [VectorKey: Vector] = [:]
            for batch in Self.placeholderBatches(keys) {
                let rows = try db.query("SELECT chunk, embedding FROM vectors WHERE chunk IN (\(batch.placeholders))", batch.values) {
                    (VectorKey($0.int64(0)), $0.floats(1))
                }
                for (key, vector) in rows { result[key] = vector }
            }
            return result
        }
    }

    /// Pages through all vectors of `collection` in one snapshot; returns the snapshot's latest sequence.
    public func forEachVector(
        in collection: String, pageSize: Int, _ body: ([VectorKey], [Vector]) throws -> Void
    ) throws -> UInt64 {
        try read { db in
            let latest = try Self.latestSequence(db)
            var after: Int64 = -1
            while true {
                let rows = try db.query(
                    "SELECT chunk, embedding FROM vectors WHERE collection = ? AND chunk > ? ORDER BY chunk LIMIT ?",
                    [.text(collection), .integer(after), .int(max(1, pageSize))]
                ) { (VectorKey($0.int64(0)), $0.floats(1)) }
                guard let last = rows.last else { break }
                try body(rows.map(\.0), rows.map(\.1))
                after = Int64(last.0)
            }
            return latest
        }
    }

    // MARK: - Sizes

    /// Counts of `collection` and the size of the database files.
    public func statistics(in collection: String) throws -> StoreStatistics {
        let counts = try read { db in
            try db.queryFirst(
                """
                SELECT (SELECT count(*) FROM documents WHERE collection = ?),
                       (SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document WHERE d.collection = ?),
                       (SELECT count(*) FROM vectors WHERE collection = ?)
                """, [.text(collection), .text(collection), .text(collection)]
            ) { ($0.int(0), $0.int(1), $0.int(2)) }
        }
        var bytes: Int64 = 0
        for suffix in ["", "-wal"] {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
            bytes += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return StoreStatistics(
            documents: counts?.0 ?? 0, chunks: counts?.1 ?? 0, vectors: counts?.2 ?? 0, databaseBytes: bytes)
    }

    // MARK: - Helpers

    /// Splits keys into batches with placeholder lists of a few fixed lengths, so the statement cache stays small.
    private static func placeholderBatches(_ keys: [VectorKey]) -> [(placeholders: String, values: [SQLiteValue])] {
        let sizes = [8, 32, 128, 512]
        var batches: [(String, [SQLiteValue])] = []
        var start = 0
        while start < keys.count {
            let remaining = keys.count - start
            let size = sizes.first { $0 >= remaining } ?? sizes[sizes.count - 1]
            let slice = keys[start..<min(keys.count, start + size)]
            var values = slice.map { SQLiteValue.integer(Int64($0)) }
            // Pad with the last key: a repeated value in IN (…) changes nothing.
            while values.count < size, let last = values.last { values.append(last) }
            batches.append((Array(repeating: "?", count: size).joined(separator: ", "), values))
            start += slice.count
        }
        return batches
    }
}

extension SQLiteDocumentStore: SchemaMigrated {}
