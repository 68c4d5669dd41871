import Foundation
import PostgresNIO
public import RAGCore
import Store

extension PostgresDocumentStore {
    /// Chunks with citation data (score 0) for `keys`; unknown keys are left out.
    public func chunks(keys: [VectorKey]) async throws -> [VectorKey: RetrievedChunk] {
        guard !keys.isEmpty else { return [:] }
        let rows = try await searchRows(
            "reading chunks",
            """
            SELECT c.id, c.ordinal, c.text, c.page_start, c.page_end, c.section_path, c.start_offset, c.end_offset,
                c.language, d.document_id, d.title, d.source, d.arxiv_id, d.authors
            FROM chunks c JOIN documents d ON d.id = c.document
            WHERE c.id = ANY(\(keys.map { Int64($0) })::bigint[])
            """)
        var result: [VectorKey: RetrievedChunk] = [:]
        for row in rows {
            let (key, ordinal, text, pageStart, pageEnd, sectionJSON, startOffset, endOffset, language, documentID, title, source, arxivID, authorsJSON) =
                try row.decode((Int64, Int, String, Int, Int, String, Int, Int, String, String, String?, String, String?, String).self)
            let sectionPath: [String]
            do {
                sectionPath = try JSONDecoder().decode([String].self, from: Data(sectionJSON.utf8))
            } catch {
                throw StoreError.corruptRow(table: "chunks", detail: "section path of chunk \(key) is not valid JSON")
            }
            let chunk = Chunk(
                id: ChunkID(document: DocumentID(documentID), ordinal: ordinal), text: text, pageStart: pageStart,
                pageEnd: pageEnd, sectionPath: sectionPath, startOffset: startOffset, endOffset: endOffset, language: language)
            let citation = Citation(
                chunkID: chunk.id, title: title, source: source, arxivID: arxivID, pageStart: chunk.pageStart,
                pageEnd: chunk.pageEnd, section: chunk.section, authors: StoredTables.authorNames(authorsJSON))
            result[VectorKey(key)] = RetrievedChunk(chunk: chunk, score: 0, citation: citation)
        }
        return result
    }

    /// Vector keys of the chunks of `collection` that `filter` accepts.
    public func chunkKeys(matching filter: SearchFilter, in collection: String) async throws -> Set<VectorKey> {
        let clause = PostgresFilter(filter, firstPlaceholder: 2)
        var binds = PostgresBindings()
        binds.append(collection)
        clause.appendValues(to: &binds)
        let rows = try await searchRows(
            "selecting chunks by filter",
            SQLText.query("SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document WHERE d.collection = $1\(clause.sql)", binds))
        return Set(try rows.map { VectorKey(try $0.decode(Int64.self)) })
    }

    // MARK: - Dense search

    /// The nearest chunks of `collection` to `query` by cosine similarity, on the collection's HNSW index
    /// (`hnsw.ef_search` from the configuration; with a filter, pgvector's iterative scan keeps walking until
    /// `limit` chunks pass it). The score is the exact cosine similarity of the stored 32-bit vectors.
    public func nearest(to query: Vector, in collection: String, filter: SearchFilter, limit: Int) async throws -> [SearchHit] {
        guard limit > 0 else { return [] }
        let rows = try await searchRows("searching vectors", try await nearestQuery(to: query, in: collection, filter: filter, limit: limit))
        return try rows.map { row in
            let (key, distance) = try row.decode((Int64, Double).self)
            return SearchHit(key: VectorKey(key), score: Float(1 - distance))
        }
    }

    /// `EXPLAIN (ANALYZE, BUFFERS)` of the statement `nearest` runs, as PostgreSQL prints it (with the query
    /// vector elided): shows whether the planner walks the collection's HNSW index or scans and sorts exactly.
    public func explainNearest(to query: Vector, in collection: String, filter: SearchFilter, limit: Int) async throws -> String {
        let statement = try await nearestQuery(to: query, in: collection, filter: filter, limit: max(1, limit))
        let explain = SQLText.query("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.binds)
        return try await searchRows("explaining a vector search", explain)
            .map { try $0.decode(String.self).replacing(/'\[[^\]]*\]'/, with: "'[…]'") }
            .joined(separator: "\n")
    }

    /// The dense search statement: the filter's conditions and the collection's partial-index predicate in SQL.
    private func nearestQuery(to query: Vector, in collection: String, filter: SearchFilter, limit: Int) async throws -> PostgresQuery {
        guard let row = try await collectionRow(collection) else { throw StoreError.collectionNotFound(name: collection) }
        guard query.count == row.info.dimension else {
            throw StoreError.modelMismatch(
                collection: collection, expectedModel: row.info.modelID, expectedDimension: row.info.dimension,
                model: row.info.modelID, dimension: query.count)
        }
        // The ORDER BY expression must match the partial index's (cast to the typed column, same operator class),
        // and the collection id is a literal so the planner can prove the index's predicate.
        let type = "\(row.indexType.rawValue)(\(row.info.dimension))"
        let clause = PostgresFilter(filter, firstPlaceholder: 3)
        let join = filter.isEmpty ? "" : " JOIN documents d ON d.id = c.document"
        var binds = PostgresBindings()
        binds.append(query)
        binds.append(limit)
        clause.appendValues(to: &binds)
        // With `vector` the ordering distance is the score's (the same 32-bit vectors): selected once and named in
        // ORDER BY, it is computed once per row (each computation reads the row's vector from TOAST). With `halfvec`
        // the order comes from the 16-bit index and the score from the stored 32-bit vector.
        let orderDistance = "c.embedding::\(type) <=> $1::real[]::\(type)"
        let (distance, order) =
            row.indexType == .vector ? (orderDistance, "distance") : ("c.embedding <=> $1::real[]::vector", orderDistance)
        let sql = """
            SELECT c.id, \(distance) AS distance
            FROM chunks c\(join)
            WHERE c.collection_id = \(row.id)\(clause.sql)
            ORDER BY \(order), c.id
            LIMIT $2
            """
        return SQLText.query(sql, binds)
    }

    /// The exact nearest chunks (every vector of the collection scored, no index): the reference recall is
    /// measured against.
    public func exactNearest(to query: Vector, in collection: String, limit: Int) async throws -> [SearchHit] {
        guard let row = try await collectionRow(collection) else { throw StoreError.collectionNotFound(name: collection) }
        let rows = try await transaction("searching vectors exactly") { connection in
            try await connection.query("SET LOCAL enable_indexscan = off", logger: logger)
            return try await connection.query(
                """
                SELECT c.id, 1 - (c.embedding <=> \(query)::real[]::vector) AS similarity FROM chunks c
                WHERE c.collection_id = \(row.id) ORDER BY c.embedding <=> \(query)::real[]::vector, c.id LIMIT \(limit)
                """, logger: logger
            ).collect()
        }
        return try rows.map { row in
            let (key, similarity) = try row.decode((Int64, Double).self)
            return SearchHit(key: VectorKey(key), score: Float(similarity))
        }
    }

    // MARK: - Vectors and the change log

    /// The last change-log sequence (0 for a new store).
    public func latestSequence() async throws -> UInt64 {
        let rows = try await rows("reading the change-log sequence", "SELECT value FROM store_meta WHERE key = 'latest_sequence'")
        return UInt64(max(0, try rows.first?.decode(Int64.self) ?? 0))
    }

    /// The sequence up to which `collection`'s changes have been pruned (by `pruneChanges` for this collection,
    /// or by the retention pruning of the whole log).
    public func prunedSequence(in collection: String) async throws -> UInt64 {
        let rows = try await rows(
            "reading the pruned sequence",
            "SELECT max(value) FROM store_meta WHERE key IN (\("pruned_sequence:" + collection), 'pruned_sequence')")
        return UInt64(max(0, try rows.first?.decode(Int64?.self) ?? 0))
    }

    /// Changes of `collection` after `sequence`, oldest first.
    public func changes(after sequence: UInt64, in collection: String) async throws -> [VectorChange] {
        let rows = try await rows(
            "reading the change log",
            """
            SELECT sequence, chunk, operation FROM vector_changes
            WHERE collection = \(collection) AND sequence > \(Int64(sequence)) ORDER BY sequence
            """)
        return try rows.map { row in
            let (sequence, chunk, operation) = try row.decode((Int64, Int64, String).self)
            guard let kind = VectorChange.Operation(rawValue: operation) else {
                throw StoreError.corruptRow(table: "vector_changes", detail: "unknown operation '\(operation)'")
            }
            return VectorChange(sequence: UInt64(sequence), key: VectorKey(chunk), operation: kind)
        }
    }

    /// Deletes `collection`'s changes up to and including `sequence` and records the pruned marks.
    public func pruneChanges(through sequence: UInt64, in collection: String) async throws {
        try await transaction("pruning the change log") { connection in
            let latest = try await connection.query(
                "SELECT value FROM store_meta WHERE key = 'latest_sequence'", logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
            let through = min(Int64(clamping: sequence), latest)
            try await connection.query(
                "DELETE FROM vector_changes WHERE collection = \(collection) AND sequence <= \(through)", logger: logger)
            for key in ["pruned_sequence:" + collection, "pruned_sequence"] {
                try await connection.query(
                    """
                    INSERT INTO store_meta (key, value) VALUES (\(key), \(through))
                    ON CONFLICT (key) DO UPDATE SET value = greatest(store_meta.value, excluded.value)
                    """, logger: logger)
            }
        }
    }

    /// Stored vectors for `keys`.
    public func vectors(keys: [VectorKey]) async throws -> [VectorKey: Vector] {
        guard !keys.isEmpty else { return [:] }
        let rows = try await searchRows(
            "reading vectors",
            "SELECT id, embedding::real[] FROM chunks WHERE id = ANY(\(keys.map { Int64($0) })::bigint[])")
        var result: [VectorKey: Vector] = [:]
        for row in rows {
            let (key, vector) = try row.decode((Int64, [Float]).self)
            result[VectorKey(key)] = vector
        }
        return result
    }

    /// Pages through all vectors of `collection` in one snapshot (a repeatable-read transaction); returns the
    /// snapshot's latest sequence.
    public func forEachVector(
        in collection: String, pageSize: Int, _ body: ([VectorKey], [Vector]) throws -> Void
    ) async throws -> UInt64 {
        guard let row = try await collectionRow(collection) else { return try await latestSequence() }
        return try await transaction("reading all vectors", readOnly: true) { connection in
            let latest = try await connection.query(
                "SELECT value FROM store_meta WHERE key = 'latest_sequence'", logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
            var after: Int64 = -1
            while true {
                let rows = try await connection.query(
                    """
                    SELECT id, embedding::real[] FROM chunks WHERE collection_id = \(row.id) AND id > \(after)
                    ORDER BY id LIMIT \(max(1, pageSize))
                    """, logger: logger
                ).collect()
                guard !rows.isEmpty else { break }
                var keys: [VectorKey] = []
                var vectors: [Vector] = []
                for row in rows {
                    let (key, vector) = try row.decode((Int64, [Float]).self)
                    keys.append(VectorKey(key))
                    vectors.append(vector)
                    after = key
                }
                try body(keys, vectors)
            }
            return UInt64(max(0, latest))
        }
    }

    /// Counts of `collection` and the size of the database.
    public func statistics(in collection: String) async throws -> StoreStatistics {
        let rows = try await rows(
            "counting a collection",
            """
            SELECT (SELECT count(*) FROM documents WHERE collection = \(collection)),
                   (SELECT count(*) FROM chunks c JOIN collections k ON k.id = c.collection_id WHERE k.name = \(collection)),
                   pg_database_size(current_database())
            """)
        guard let row = rows.first else { return StoreStatistics(documents: 0, chunks: 0, vectors: 0, databaseBytes: 0) }
        let (documents, chunks, bytes) = try row.decode((Int, Int, Int64).self)
        // Every chunk row holds its vector.
        return StoreStatistics(documents: documents, chunks: chunks, vectors: chunks, databaseBytes: bytes)
    }
}
