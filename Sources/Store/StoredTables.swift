import Foundation

/// The tables whose columns both document stores share — `documents` and `chunks`, the stored form of `Document`
/// and `Chunk` — stated once and written out in each store's SQL dialect: by `Schema` for SQLite and by
/// `PostgresSchema` for PostgreSQL. Names, order and constraints are the same in both; only the column types in
/// `SQLDialect` differ, and a store may add columns of its own.
///
/// These strings are part of released migrations: a change here changes a new database's tables, so it must come
/// with a new migration in each store, never alone.
package enum StoredTables {
    /// The names in the `authors` column, a JSON array in both stores. A value that is not one reads as no authors:
    /// only the stores write the column, so that is a hand-edited row, and a search must not fail on it.
    package static func authorNames(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    /// `documents`: one row per document of a collection.
    package static func documents(_ sql: SQLDialect) -> String {
        createTable(
            "documents",
            [
                "id \(sql.rowID)",
                "collection TEXT NOT NULL REFERENCES collections(name) ON DELETE CASCADE",
                "document_id TEXT NOT NULL",
                "source TEXT NOT NULL",
                "format TEXT NOT NULL",
                "arxiv_id TEXT",
                "arxiv_version INTEGER",
                "content_hash TEXT NOT NULL",
                "title TEXT",
                "authors TEXT NOT NULL",
                "categories \(sql.stringList) NOT NULL",
                "year INTEGER",
                "language TEXT",
                "fetched_at TEXT NOT NULL",
                "metadata TEXT NOT NULL",
                "UNIQUE (collection, document_id)",
            ])
    }

    /// The indexes of `documents` both stores make: by content hash (is this file stored already?) and by source.
    package static let documentIndexes = [
        "CREATE INDEX documents_by_hash ON documents (collection, content_hash)",
        "CREATE INDEX documents_by_source ON documents (collection, source)",
    ]

    /// `chunks`: one row per passage of a document; its id is the passage's vector key. `afterDocument` and
    /// `atEnd` are a store's own columns, placed after `document` and after `language`.
    package static func chunks(_ sql: SQLDialect, afterDocument: [String] = [], atEnd: [String] = []) -> String {
        createTable(
            "chunks",
            [
                "id \(sql.rowID)",
                "document \(sql.rowReference) NOT NULL REFERENCES documents(id) ON DELETE CASCADE",
            ] + afterDocument + [
                "ordinal INTEGER NOT NULL",
                "text TEXT NOT NULL",
                "page_start INTEGER NOT NULL",
                "page_end INTEGER NOT NULL",
                "section_path TEXT NOT NULL",
                "start_offset INTEGER NOT NULL",
                "end_offset INTEGER NOT NULL",
                "language TEXT NOT NULL",
            ] + atEnd + [
                "UNIQUE (document, ordinal)"
            ])
    }

    /// `CREATE TABLE name (` and one column or constraint a line, indented by four spaces.
    private static func createTable(_ name: String, _ lines: [String]) -> String {
        "CREATE TABLE \(name) (\n" + lines.map { "    " + $0 }.joined(separator: ",\n") + "\n)"
    }
}

/// The column types in which the two stores' SQL differs.
package struct SQLDialect: Sendable {
    /// An auto-numbered row id with its primary-key clause.
    package var rowID: String
    /// A column holding another table's row id.
    package var rowReference: String
    /// A list of strings (`categories`).
    package var stringList: String

    /// SQLite: 64-bit `INTEGER` row ids that are never reused; lists as JSON text.
    package static let sqlite = SQLDialect(rowID: "INTEGER PRIMARY KEY AUTOINCREMENT", rowReference: "INTEGER", stringList: "TEXT")
    /// PostgreSQL: `BIGSERIAL` row ids; lists as `TEXT[]`, which a GIN index can search.
    package static let postgres = SQLDialect(rowID: "BIGSERIAL PRIMARY KEY", rowReference: "BIGINT", stringList: "TEXT[]")
}
