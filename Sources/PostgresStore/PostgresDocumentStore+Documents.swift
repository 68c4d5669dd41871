import Foundation
import Logging
import PostgresNIO
public import RAGCore
import Store

extension PostgresDocumentStore {
    static let documentColumns = """
        d.document_id, d.collection, d.source, d.format, d.content_hash, d.metadata, d.fetched_at,
        (SELECT count(*) FROM chunks c WHERE c.document = d.id)
        """

    static func decodeDocument(_ row: PostgresRow) throws -> StoredDocument {
        let (id, collection, source, format, hash, metadataJSON, fetchedAt, chunkCount) =
            try row.decode((String, String, String, String, String, String, String, Int).self)
        let metadata: DocumentMetadata
        do {
            metadata = try JSONDecoder().decode(DocumentMetadata.self, from: Data(metadataJSON.utf8))
        } catch {
            throw StoreError.corruptRow(table: "documents", detail: "metadata of '\(id)' is not valid JSON: \(error)")
        }
        return StoredDocument(
            id: DocumentID(id), collection: collection, source: source, format: format, contentHash: hash, metadata: metadata,
            fetchedAt: fetchedAt, chunkCount: chunkCount)
    }

    /// The document with `id` in `collection`, or nil.
    public func document(_ id: DocumentID, in collection: String) async throws -> StoredDocument? {
        try await rows(
            "reading a document",
            "SELECT \(unescaped: Self.documentColumns) FROM documents d WHERE d.collection = \(collection) AND d.document_id = \(id.rawValue)"
        ).first.map(Self.decodeDocument)
    }

    /// A document of `collection` whose content hash is `contentHash`, or nil.
    public func document(contentHash: String, in collection: String) async throws -> StoredDocument? {
        try await rows(
            "reading a document by content hash",
            """
            SELECT \(unescaped: Self.documentColumns) FROM documents d
            WHERE d.collection = \(collection) AND d.content_hash = \(contentHash) ORDER BY d.id LIMIT 1
            """
        ).first.map(Self.decodeDocument)
    }

    /// All documents of `collection`, by id.
    public func documents(in collection: String) async throws -> [StoredDocument] {
        try await rows(
            "listing documents",
            "SELECT \(unescaped: Self.documentColumns) FROM documents d WHERE d.collection = \(collection) ORDER BY d.document_id COLLATE \"C\""
        ).map(Self.decodeDocument)
    }

    /// Replaces the document `record.id` by `record` with its chunks and vectors, in one transaction; chunks go
    /// in with one `COPY` (`replaceDocuments` with one write).
    public func replaceDocument(
        _ record: StoredDocument, chunks: [Chunk], vectors: [Vector], embeddedBy modelID: String
    ) async throws -> StoreWriteReceipt {
        let receipts = try await replaceDocuments([DocumentWrite(record: record, chunks: chunks, vectors: vectors)], embeddedBy: modelID)
        guard let receipt = receipts.first else {
            throw StoreError.corruptRow(table: "documents", detail: "the write of '\(record.id.rawValue)' returned no receipt")
        }
        return receipt
    }

    /// Replaces several documents in one transaction: the document rows in one `COPY`, all their chunks in
    /// another, one change-log append. The bulk path of `hepchain migrate` and the benchmark.
    ///
    /// "Nothing partial" holds per document because it holds per transaction: every document of the batch
    /// commits, or none does (a killed process or a failed row rolls the whole batch back), so no document is
    /// ever visible with part of its chunks. What a batch gives up is granularity: a crash loses up to the whole
    /// batch, which a re-run of the (resumable) copy writes again. The per-document advisory locks are taken
    /// in one statement in (collection, id) order, so two batches sharing documents queue instead of
    /// deadlocking. A batch naming a document twice is refused by the unique key, and nothing is written.
    /// Returns one receipt per write, in order; their log ranges are consecutive.
    public func replaceDocuments(_ writes: [DocumentWrite], embeddedBy modelID: String) async throws -> [StoreWriteReceipt] {
        guard !writes.isEmpty else { return [] }
        var prepared: [PreparedWrite] = []
        for write in writes { prepared.append(try await prepare(write, embeddedBy: modelID)) }
        let rows = EncodedRows(prepared: prepared, chunkCount: prepared.reduce(0) { $0 + $1.chunks.count })
        let lockKeys = Set(writes.map { $0.record.collection + "\n" + $0.record.id.rawValue }).sorted()
        let writeCount = writes.count

        let receipts = try await transaction("storing \(Self.describe(writes))") { connection in
            // Two processes storing the same document queue here instead of failing on the unique key.
            try await connection.query(
                """
                SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM (SELECT k FROM unnest(\(lockKeys)::text[]) k ORDER BY k) s
                """, logger: logger)
            var removed: [[VectorKey]] = Array(repeating: [], count: writeCount)
            let present = try await connection.query(
                """
                SELECT DISTINCT t.position FROM unnest(\(writes.map(\.record.collection))::text[], \(writes.map(\.record.id.rawValue))::text[])
                    WITH ORDINALITY AS t(collection, document_id, position)
                JOIN documents d ON d.collection = t.collection AND d.document_id = t.document_id
                """, logger: logger
            ).collect().map { try $0.decode(Int.self) - 1 }
            for index in present.sorted() {
                removed[index] = try await Self.deleteDocumentRows(
                    writes[index].record.id, in: writes[index].record.collection, connection, logger: logger) ?? []
            }
            let documentIDs = try await Self.nextValues("documents_id_seq", count: writeCount, connection, logger: logger)
            try await connection.copyFrom(table: "documents", columns: Self.documentCopyColumns, logger: logger) { writer in
                try await writer.write(rows.documents(ids: documentIDs))
            }
            let keys = try await Self.nextValues("chunks_id_seq", count: rows.chunkCount, connection, logger: logger)
            if rows.chunkCount > 0 {
                try await connection.copyFrom(table: "chunks", columns: Self.chunkColumns, logger: logger) { writer in
                    try await writer.write(rows.chunks(ids: keys, documentIDs: documentIDs))
                }
            }
            // The log: per document its removals, then its additions, so each document's changes are one range.
            var logged: [Int64] = []
            var operations: [String] = []
            var addedKeys: [[VectorKey]] = []
            var next = 0
            for (index, write) in prepared.enumerated() {
                let added = keys[next..<(next + write.chunks.count)].map { VectorKey($0) }
                next += write.chunks.count
                addedKeys.append(added)
                logged += removed[index].map { Int64($0) } + added.map { Int64($0) }
                operations += Array(repeating: "remove", count: removed[index].count) + Array(repeating: "add", count: added.count)
            }
            let after = try await Self.log(logged, operations: operations, collections: Self.collectionsPerChange(prepared, removed), connection, logger: logger)
            var before = after - UInt64(logged.count)
            return (0..<writeCount).map { index in
                let count = UInt64(removed[index].count + addedKeys[index].count)
                defer { before += count }
                return StoreWriteReceipt(addedKeys: addedKeys[index], removedKeys: removed[index], sequenceBefore: before, sequenceAfter: before + count)
            }
        }
        for (index, receipt) in receipts.enumerated() {
            let write = prepared[index]
            applyLexical(receipt) { lexicalIndex in
                for key in receipt.removedKeys { lexicalIndex.remove(key: key) }
                for (position, key) in receipt.addedKeys.enumerated() {
                    lexicalIndex.add(key: key, collection: write.record.collection, body: write.lexicalForms[position])
                }
            }
        }
        if let first = receipts.first, let last = receipts.last {
            await pruneChangeLogIfDue(
                after: StoreWriteReceipt(addedKeys: [], removedKeys: [], sequenceBefore: first.sequenceBefore, sequenceAfter: last.sequenceAfter))
        }
        return receipts
    }

    /// "the document 'x'" or "3 documents ('x', …)", for error messages.
    private static func describe(_ writes: [DocumentWrite]) -> String {
        writes.count == 1 ? "the document '\(writes[0].record.id.rawValue)'" : "\(writes.count) documents ('\(writes[0].record.id.rawValue)', …)"
    }

    /// The collection of every logged change, in log order.
    private static func collectionsPerChange(_ prepared: [PreparedWrite], _ removed: [[VectorKey]]) -> [String] {
        prepared.indices.flatMap { index in
            Array(repeating: prepared[index].record.collection, count: removed[index].count + prepared[index].chunks.count)
        }
    }

    /// `count` values of the sequence `sequence`, ascending.
    static func nextValues(_ sequence: String, count: Int, _ connection: PostgresConnection, logger: Logger) async throws -> [Int64] {
        guard count > 0 else { return [] }
        return try await connection.query(
            "SELECT nextval(\(sequence)::regclass) FROM generate_series(1, \(count))", logger: logger
        ).collect().map { try $0.decode(Int64.self) }.sorted()
    }

    /// A write checked against its collection, with the derived columns computed outside the transaction.
    struct PreparedWrite: Sendable {
        var record: StoredDocument
        var chunks: [Chunk]
        var vectors: [Vector]
        var collectionID: Int
        var metadataJSON: String
        var authorsJSON: String
        var categories: [String]
        var sectionPaths: [String]
        var lexicalForms: [String]
    }

    private func prepare(_ write: DocumentWrite, embeddedBy modelID: String) async throws -> PreparedWrite {
        let record = write.record
        guard write.chunks.count == write.vectors.count else {
            throw StoreError.chunkVectorCountMismatch(document: record.id.rawValue, chunks: write.chunks.count, vectors: write.vectors.count)
        }
        guard let collection = try await collectionRow(record.collection) else {
            throw StoreError.collectionNotFound(name: record.collection)
        }
        let wrongDimension = write.vectors.first { $0.count != collection.info.dimension }
        guard collection.info.modelID == modelID, wrongDimension == nil else {
            throw StoreError.modelMismatch(
                collection: collection.info.name, expectedModel: collection.info.modelID,
                expectedDimension: collection.info.dimension, model: modelID, dimension: wrongDimension?.count ?? collection.info.dimension)
        }
        return PreparedWrite(
            record: record, chunks: write.chunks, vectors: write.vectors, collectionID: collection.id,
            metadataJSON: try Self.json(record.metadata), authorsJSON: try Self.json(record.metadata.authors),
            categories: Array(Set(record.metadata.categories)).sorted(), sectionPaths: try write.chunks.map { try Self.json($0.sectionPath) },
            lexicalForms: write.chunks.map { LexicalText.indexForm($0.text) })
    }

    /// The COPY rows of a batch, encoded before the transaction; row ids are filled in once taken.
    struct EncodedRows: Sendable {
        var prepared: [PreparedWrite]
        var chunkCount: Int

        func documents(ids: [Int64]) throws -> ByteBuffer {
            var encoder = CopyTextEncoder()
            for (index, write) in prepared.enumerated() {
                let record = write.record
                encoder.integer(ids[index])
                var storable = encoder.text(record.collection)
                storable = encoder.text(record.id.rawValue) && storable
                storable = encoder.text(record.source) && storable
                storable = encoder.text(record.format) && storable
                storable = encoder.optionalText(record.metadata.arxivID) && storable
                encoder.optionalInteger(record.metadata.arxivVersion)
                storable = encoder.text(record.contentHash) && storable
                storable = encoder.optionalText(record.metadata.title) && storable
                storable = encoder.text(write.authorsJSON) && storable
                storable = encoder.textArray(write.categories) && storable
                encoder.optionalInteger(record.metadata.year)
                storable = encoder.optionalText(record.metadata.language) && storable
                storable = encoder.text(record.fetchedAt) && storable
                storable = encoder.text(write.metadataJSON) && storable
                encoder.endRow()
                guard storable else {
                    throw PostgresStoreError.unstorableText(document: record.id.rawValue, detail: "its metadata contains a NUL character")
                }
            }
            return encoder.take()
        }

        func chunks(ids: [Int64], documentIDs: [Int64]) throws -> ByteBuffer {
            var encoder = CopyTextEncoder(capacity: max(1 << 16, chunkCount * 4096))
            var next = 0
            for (documentIndex, write) in prepared.enumerated() {
                for (index, chunk) in write.chunks.enumerated() {
                    encoder.integer(ids[next])
                    next += 1
                    encoder.integer(documentIDs[documentIndex])
                    encoder.integer(write.collectionID)
                    encoder.integer(chunk.id.ordinal)
                    var storable = encoder.text(chunk.text)
                    encoder.integer(chunk.pageStart)
                    encoder.integer(chunk.pageEnd)
                    storable = encoder.text(write.sectionPaths[index]) && storable
                    encoder.integer(chunk.startOffset)
                    encoder.integer(chunk.endOffset)
                    storable = encoder.text(chunk.language) && storable
                    storable = encoder.text(write.lexicalForms[index]) && storable
                    encoder.vector(write.vectors[index])
                    encoder.endRow()
                    guard storable else {
                        throw PostgresStoreError.unstorableText(
                            document: write.record.id.rawValue, detail: "chunk \(chunk.id.ordinal) contains a NUL character")
                    }
                }
            }
            return encoder.take()
        }
    }

    static let documentCopyColumns = [
        "id", "collection", "document_id", "source", "format", "arxiv_id", "arxiv_version", "content_hash", "title", "authors",
        "categories", "year", "language", "fetched_at", "metadata",
    ]

    static let chunkColumns = [
        "id", "document", "collection_id", "ordinal", "text", "page_start", "page_end", "section_path", "start_offset",
        "end_offset", "language", "lexical", "embedding",
    ]

    /// Deletes a document with its chunks; nil when it did not exist.
    public func deleteDocument(_ id: DocumentID, in collection: String) async throws -> StoreWriteReceipt? {
        let receipt: StoreWriteReceipt? = try await transaction("deleting the document '\(id.rawValue)'") { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(collection + "\n" + id.rawValue), 0))", logger: logger)
            guard let removed = try await Self.deleteDocumentRows(id, in: collection, connection, logger: logger) else { return nil }
            let after = try await Self.log(
                removed.map { Int64($0) }, operations: Array(repeating: "remove", count: removed.count),
                collections: Array(repeating: collection, count: removed.count),
                connection, logger: logger)
            return StoreWriteReceipt(
                addedKeys: [], removedKeys: removed, sequenceBefore: after - UInt64(removed.count), sequenceAfter: after)
        }
        if let receipt {
            applyLexical(receipt) { index in
                for key in receipt.removedKeys { index.remove(key: key) }
            }
            await pruneChangeLogIfDue(after: receipt)
        }
        return receipt
    }

    /// Deletes the document's row (chunks go by cascade) and returns its chunk keys in ordinal order; nil when absent.
    private static func deleteDocumentRows(
        _ id: DocumentID, in collection: String, _ connection: PostgresConnection, logger: Logger
    ) async throws -> [VectorKey]? {
        let rows = try await connection.query(
            "SELECT id FROM documents WHERE collection = \(collection) AND document_id = \(id.rawValue) FOR UPDATE", logger: logger
        ).collect()
        guard let documentRow = try rows.first?.decode(Int64.self) else { return nil }
        let keys = try await connection.query(
            "SELECT id FROM chunks WHERE document = \(documentRow) ORDER BY ordinal", logger: logger
        ).collect().map { VectorKey(try $0.decode(Int64.self)) }
        try await connection.query("DELETE FROM documents WHERE id = \(documentRow)", logger: logger)
        return keys
    }

    /// Appends changes to the log with the next sequence numbers (taken last, see `advanceSequence`); returns
    /// the sequence after them.
    static func log(
        _ keys: [Int64], operations: [String], collections: [String], _ connection: PostgresConnection, logger: Logger
    ) async throws -> UInt64 {
        guard !keys.isEmpty else {
            let rows = try await connection.query("SELECT value FROM store_meta WHERE key = 'latest_sequence'", logger: logger).collect()
            return UInt64(try rows.first?.decode(Int64.self) ?? 0)
        }
        let after = try await advanceSequence(by: keys.count, connection, logger: logger)
        let first = Int64(after) - Int64(keys.count)
        try await connection.query(
            """
            INSERT INTO vector_changes (sequence, collection, chunk, operation)
            SELECT \(first) + t.position, t.collection, t.chunk, t.operation
            FROM unnest(\(keys)::bigint[], \(operations)::text[], \(collections)::text[]) WITH ORDINALITY AS t(chunk, operation, collection, position)
            """, logger: logger)
        return after
    }

    static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
