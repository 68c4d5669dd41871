import PostgresNIO

/// SQL whose text is assembled by the store, not from user input: constants, integers it read from its own
/// tables, and identifiers checked by `PostgresStoreConfiguration.isPlainIdentifier`. Values always travel as
/// bind parameters. The one place PostgresNIO's `unsafeSQL` initialiser is called (scripts/check-unsafe.sh
/// allows it only in this folder).
enum SQLText {
    /// A statement from assembled text and its bind parameters.
    static func query(_ text: String, _ binds: PostgresBindings = PostgresBindings()) -> PostgresQuery {
        PostgresQuery(unsafeSQL: text, binds: binds)
    }
}
