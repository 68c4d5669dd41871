package import RAGCore

/// The SQL conditions of a `SearchFilter` over `documents d` and `chunks c`, each prefixed with ` AND `.
package struct FilterClause {
    /// SQL text, empty for an empty filter.
    package var sql = ""
    /// Values for the placeholders in `sql`, in order.
    package var values: [SQLiteValue] = []

    /// Builds the conditions of `filter`.
    package init(_ filter: SearchFilter) {
        if let documents = filter.documents {
            append("d.document_id IN (\(Self.placeholders(documents.count)))", documents.map { .text($0.rawValue) })
        }
        if let categories = filter.categories {
            append(
                "EXISTS (SELECT 1 FROM document_categories dc WHERE dc.document = d.id AND dc.category IN (\(Self.placeholders(categories.count))))",
                categories.map { .text($0) })
        }
        if let yearFrom = filter.yearFrom { append("d.year >= ?", [.int(yearFrom)]) }
        if let yearTo = filter.yearTo { append("d.year <= ?", [.int(yearTo)]) }
        if let language = filter.language { append("c.language = ?", [.text(language)]) }
        if let prefix = filter.sourcePrefix {
            // substr() instead of LIKE: no wildcard escaping, case-sensitive, and portable.
            append("substr(d.source, 1, ?) = ?", [.int(prefix.count), .text(prefix)])
        }
    }

    private mutating func append(_ condition: String, _ conditionValues: [SQLiteValue]) {
        sql += " AND " + condition
        values += conditionValues
    }

    private static func placeholders(_ count: Int) -> String {
        // An empty list must match nothing; `IN (NULL)` never matches.
        count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
