import PostgresNIO
import RAGCore

/// The SQL conditions of a `SearchFilter` over `documents d` and `chunks c`, each prefixed with ` AND `, with
/// numbered placeholders continuing after the statement's own.
struct PostgresFilter {
    /// SQL text, empty for an empty filter.
    private(set) var sql = ""
    private let filter: SearchFilter

    /// Builds the conditions of `filter`; its placeholders start at `$firstPlaceholder`.
    init(_ filter: SearchFilter, firstPlaceholder: Int) {
        self.filter = filter
        var next = firstPlaceholder
        func placeholder() -> String {
            defer { next += 1 }
            return "$\(next)"
        }
        if filter.documents != nil { sql += " AND d.document_id = ANY(\(placeholder())::text[])" }
        if filter.categories != nil { sql += " AND d.categories && \(placeholder())::text[]" }
        if filter.yearFrom != nil { sql += " AND d.year >= \(placeholder())::integer" }
        if filter.yearTo != nil { sql += " AND d.year <= \(placeholder())::integer" }
        if filter.language != nil { sql += " AND c.language = \(placeholder())::text" }
        // starts_with: no wildcard escaping, case-sensitive, as the SQLite store's substr() comparison.
        if filter.sourcePrefix != nil { sql += " AND starts_with(d.source, \(placeholder())::text)" }
    }

    /// Appends the filter's values to `binds`, in placeholder order.
    func appendValues(to binds: inout PostgresBindings) {
        if let documents = filter.documents { binds.append(documents.map(\.rawValue)) }
        if let categories = filter.categories { binds.append(categories) }
        if let yearFrom = filter.yearFrom { binds.append(yearFrom) }
        if let yearTo = filter.yearTo { binds.append(yearTo) }
        if let language = filter.language { binds.append(language) }
        if let prefix = filter.sourcePrefix { binds.append(prefix) }
    }
}
