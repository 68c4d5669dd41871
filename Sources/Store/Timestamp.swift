import Foundation

/// ISO 8601 timestamps as stored in the database.
package enum Timestamp {
    /// The current time, e.g. `2026-11-29T01:02:03Z`.
    package static func now() -> String {
        Date().formatted(.iso8601)
    }
}
