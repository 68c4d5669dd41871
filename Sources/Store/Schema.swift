/// The store's schema as a list of migrations. Append new migrations at the end; never edit released ones.
///
/// SQL is kept portable where it costs nothing (plain tables, `INTEGER`/`TEXT`/`BLOB`, foreign keys,
/// triggers); SQLite-specific parts are FTS5 and `AUTOINCREMENT`. The columns of `documents` and `chunks` are
/// stated once for both stores in `StoredTables`.
package enum Schema {
    /// The migrator with every migration registered.
    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("createCollections") { db in
            try db.execute("""
                CREATE TABLE collections (
                    name TEXT PRIMARY KEY NOT NULL,
                    model_id TEXT NOT NULL,
                    dimension INTEGER NOT NULL CHECK (dimension > 0),
                    created_at TEXT NOT NULL
                )
                """)
        }
        migrator.registerMigration("createDocuments") { db in
            try db.execute("""
                \(StoredTables.documents(.sqlite));
                \(StoredTables.documentIndexes.joined(separator: ";\n"));
                CREATE TABLE document_categories (
                    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                    category TEXT NOT NULL,
                    PRIMARY KEY (document, category)
                );
                CREATE INDEX document_categories_by_category ON document_categories (category);
                """)
        }
        migrator.registerMigration("createChunks") { db in
            try db.execute(StoredTables.chunks(.sqlite))
        }
        migrator.registerMigration("createVectors") { db in
            // `collection` is repeated here so the change-log trigger still knows it while a document's
            // cascade delete has already removed the chunk row.
            try db.execute("""
                CREATE TABLE vectors (
                    chunk INTEGER PRIMARY KEY NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
                    collection TEXT NOT NULL,
                    model_id TEXT NOT NULL,
                    dimension INTEGER NOT NULL,
                    embedding BLOB NOT NULL
                );
                CREATE INDEX vectors_by_collection ON vectors (collection, chunk);
                """)
        }
        migrator.registerMigration("createFullText") { db in
            // Stores the lexical form of each chunk (NFKC, zero-width characters removed, CJK runs as
            // overlapping bigrams; see `LexicalText`), keyed by the chunk id as rowid.
            try db.execute("""
                CREATE VIRTUAL TABLE chunks_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
                CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
                    DELETE FROM chunks_fts WHERE rowid = old.id;
                END;
                """)
        }
        migrator.registerMigration("createChangeLog") { db in
            try db.execute("""
                CREATE TABLE vector_changes (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    collection TEXT NOT NULL,
                    chunk INTEGER NOT NULL,
                    operation TEXT NOT NULL CHECK (operation IN ('add', 'remove'))
                );
                CREATE INDEX vector_changes_by_collection ON vector_changes (collection, sequence);
                CREATE TRIGGER vectors_log_insert AFTER INSERT ON vectors BEGIN
                    INSERT INTO vector_changes (collection, chunk, operation) VALUES (new.collection, new.chunk, 'add');
                END;
                CREATE TRIGGER vectors_log_delete AFTER DELETE ON vectors BEGIN
                    INSERT INTO vector_changes (collection, chunk, operation) VALUES (old.collection, old.chunk, 'remove');
                END;
                CREATE TABLE store_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                INSERT INTO store_meta (key, value) VALUES ('pruned_sequence', '0');
                """)
        }
        return migrator
    }
}
