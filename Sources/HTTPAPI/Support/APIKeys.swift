import Hummingbird

/// The configured API keys, matched in constant time and named in logs by an id, never by the key.
///
/// A key's id is `key<N>`, its position in the configuration (1-based): the access log and the rate limiter say
/// which key a request used without writing the key anywhere.
struct APIKeys: Sendable {
    private let keys: [[UInt8]]

    init(_ keys: [String]) {
        self.keys = keys.map { Array($0.utf8) }
    }

    /// Whether any key is configured (no keys: the API is open, which is only sensible on 127.0.0.1).
    var isEmpty: Bool { keys.isEmpty }

    /// The id of the key `Authorization: Bearer <key>` carries, or nil when it carries none of the keys.
    func keyID(in request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let prefix = "Bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix.lowercased() else { return nil }
        let presented = Array(header.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces).utf8)
        return match(presented).map { "key\($0 + 1)" }
    }

    /// The index of the key equal to `presented`. Every key is compared over its whole length whatever matches,
    /// so the time taken does not tell how many leading bytes were right.
    func match(_ presented: [UInt8]) -> Int? {
        var found: Int?
        for (index, key) in keys.enumerated() where Self.equalInConstantTime(key, presented) && found == nil {
            found = index
        }
        return found
    }

    /// Compares two byte strings in time that depends only on their lengths, not on where they differ.
    static func equalInConstantTime(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        difference |= a.count == b.count ? 0 : 1
        let length = max(a.count, b.count)
        for index in 0..<length {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
