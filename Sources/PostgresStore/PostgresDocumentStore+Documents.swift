import Foundation
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
    /// in with one `COPY`.
    public func replaceDocument(
        _ record: StoredDocument, chunks: [Chunk], vectors: [Vector], embeddedBy modelID: String
    ) async throws -> StoreWriteReceipt {
        guard chunks.count == vectors.count else {
            throw StoreError.chunkVectorCountMismatch(document: record.id.rawValue, chunks: chunks.count, vectors: vectors.count)
        }
        guard let collection = try await collectionRow(record.collection) else {
            throw StoreError.collectionNotFound(name: record.collection)
        }
        let wrongDimension = vectors.first { $0.count != collection.info.dimension }
        guard collection.info.modelID == modelID, wrongDimension == nil else {
            throw StoreError.modelMismatch(
                collection: collection.info.name, expectedModel: collection.info.modelID,
                expectedDimension: collection.info.dimension, model: modelID, dimension: wrongDimension?.count ?? collection.info.dimension)
        }
        let metadataJSON = try Self.json(record.metadata)
        let authorsJSON = try Self.json(record.metadata.authors)
        let sectionPaths = try chunks.map { try Self.json($0.sectionPath) }
        let lexicalForms = chunks.map { LexicalText.indexForm($0.text) }
        let categories = Array(Set(record.metadata.categories)).sorted()

        let receipt = try await transaction("storing the document '\(record.id.rawValue)'") { connection in
            // Two processes storing the same document queue here instead of failing on the unique key.
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(record.collection + "\n" + record.id.rawValue), 0))", logger: logger)
            let removedKeys = try await Self.deleteDocumentRows(record.id, in: record.collection, connection, logger: logger) ?? []
            let documentRows = try await connection.query(
                """
                INSERT INTO documents (collection, document_id, source, format, arxiv_id, arxiv_version, content_hash,
                    title, authors, categories, year, language, fetched_at, metadata)
                VALUES (\(record.collection), \(record.id.rawValue), \(record.source), \(record.format), \(record.metadata.arxivID),
                    \(record.metadata.arxivVersion), \(record.contentHash), \(record.metadata.title), \(authorsJSON), \(categories),
                    \(record.metadata.year), \(record.metadata.language), \(record.fetchedAt), \(metadataJSON))
                RETURNING id
                """, logger: logger
            ).collect()
            guard let documentRow = try documentRows.first?.decode(Int64.self) else {
                throw StoreError.corruptRow(table: "documents", detail: "the insert of '\(record.id.rawValue)' returned no id")
            }
            var keys: [Int64] = []
            if !chunks.isEmpty {
                keys = try await connection.query(
                    "SELECT nextval('chunks_id_seq') FROM generate_series(1, \(chunks.count))", logger: logger
                ).collect().map { try $0.decode(Int64.self) }
                keys.sort()
                var encoder = CopyTextEncoder()
                for (index, chunk) in chunks.enumerated() {
                    encoder.integer(keys[index])
                    encoder.integer(documentRow)
                    encoder.integer(collection.id)
                    encoder.integer(chunk.id.ordinal)
                    var storable = encoder.text(chunk.text)
                    encoder.integer(chunk.pageStart)
                    encoder.integer(chunk.pageEnd)
                    storable = encoder.text(sectionPaths[index]) && storable
                    encoder.integer(chunk.startOffset)
                    encoder.integer(chunk.endOffset)
                    storable = encoder.text(chunk.language) && storable
                    storable = encoder.text(lexicalForms[index]) && storable
                    encoder.vector(vectors[index])
                    encoder.endRow()
                    guard storable else {
                        throw PostgresStoreError.unstorableText(
                            document: record.id.rawValue, detail: "chunk \(chunk.id.ordinal) contains a NUL character")
                    }
                }
                let data = encoder.take()
                try await connection.copyFrom(table: "chunks", columns: Self.chunkColumns, logger: logger) { writer in
                    try await writer.write(data)
                }
            }
            let logged = removedKeys.map { Int64($0) } + keys
            let operations = Array(repeating: "remove", count: removedKeys.count) + Array(repeating: "add", count: keys.count)
            let after = try await Self.log(logged, operations: operations, collection: record.collection, connection, logger: logger)
            return StoreWriteReceipt(
                addedKeys: keys.map { VectorKey($0) }, removedKeys: removedKeys,
                sequenceBefore: after - UInt64(logged.count), sequenceAfter: after)
        }
        applyLexical(receipt) { index in
            for key in receipt.removedKeys { index.remove(key: key) }
            for (position, key) in receipt.addedKeys.enumerated() {
                index.add(key: key, collection: record.collection, body: lexicalForms[position])
            }
        }
        return receipt
    }

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
                removed.map { Int64($0) }, operations: Array(repeating: "remove", count: removed.count), collection: collection,
                connection, logger: logger)
            return StoreWriteReceipt(
                addedKeys: [], removedKeys: removed, sequenceBefore: after - UInt64(removed.count), sequenceAfter: after)
        }
        if let receipt {
            applyLexical(receipt) { index in
                for key in receipt.removedKeys { index.remove(key: key) }
            }
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
        _ keys: [Int64], operations: [String], collection: String, _ connection: PostgresConnection, logger: Logger
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
            SELECT \(first) + t.position, \(collection), t.chunk, t.operation
            FROM unnest(\(keys)::bigint[], \(operations)::text[]) WITH ORDINALITY AS t(chunk, operation, position)
            """, logger: logger)
        return after
    }

    static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
