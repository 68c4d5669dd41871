import Foundation

/// The one place where the name a client gives an upload is read and made safe to store.
///
/// Names come from `?filename=` or from a multipart part's `Content-Disposition` (RFC 7578), where RFC 5987's
/// `filename*=UTF-8''…` (sent by urllib3 1.x for non-ASCII names) wins over `filename`. The stored name is the
/// last path component, without control characters (NUL included) or bidirectional overrides, without leading
/// dots, at most `maxLength` characters (the extension kept).
enum UploadName {
    /// Longest stored name, in characters.
    static let maxLength = 200

    /// The `name` and `filename` parameters of a `Content-Disposition` value such as
    /// `form-data; name="file"; filename="a;b.md"`; quoted strings may hold `;` and backslash escapes.
    static func parameters(ofContentDisposition value: String) -> (name: String?, filename: String?) {
        var parameters: [String: String] = [:]
        var index = value.startIndex
        // Skip the disposition type.
        while index < value.endIndex, value[index] != ";" { index = value.index(after: index) }
        while index < value.endIndex {
            index = value.index(after: index)  // past ";"
            while index < value.endIndex, value[index] == " " || value[index] == "\t" { index = value.index(after: index) }
            var key = ""
            while index < value.endIndex, value[index] != "=", value[index] != ";" {
                key.append(value[index])
                index = value.index(after: index)
            }
            guard index < value.endIndex, value[index] == "=" else { continue }
            index = value.index(after: index)
            var text = ""
            if index < value.endIndex, value[index] == "\"" {
                index = value.index(after: index)
                while index < value.endIndex, value[index] != "\"" {
                    if value[index] == "\\", value.index(after: index) < value.endIndex { index = value.index(after: index) }
                    text.append(value[index])
                    index = value.index(after: index)
                }
                if index < value.endIndex { index = value.index(after: index) }  // closing quote
                while index < value.endIndex, value[index] != ";" { index = value.index(after: index) }
            } else {
                while index < value.endIndex, value[index] != ";" {
                    text.append(value[index])
                    index = value.index(after: index)
                }
                text = text.trimmingCharacters(in: .whitespaces)
            }
            parameters[key.trimmingCharacters(in: .whitespaces).lowercased()] = text
        }
        let extended = parameters["filename*"].flatMap(decodeExtendedValue)
        return (parameters["name"], extended ?? parameters["filename"])
    }

    /// An RFC 5987 `ext-value`: `charset'language'percent-encoded`, UTF-8 or ISO-8859-1; nil if malformed.
    static func decodeExtendedValue(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3 else { return nil }
        var bytes: [UInt8] = []
        var scalars = pieces[2].utf8.makeIterator()
        while let byte = scalars.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = scalars.next(), let low = scalars.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        switch pieces[0].lowercased() {
        case "utf-8": return String(validating: bytes, as: UTF8.self)
        case "iso-8859-1": return String(bytes.map { Character(Unicode.Scalar($0)) })
        default: return nil
        }
    }

    /// `raw` made safe to store, or nil when nothing usable is left (the caller then names the upload by its
    /// content).
    static func sanitize(_ raw: String) -> String? {
        let lastComponent = raw.replacingOccurrences(of: "\\", with: "/").split(separator: "/").last.map(String.init) ?? ""
        let bidiControls: ClosedRange<UInt32> = 0x202A...0x202E
        let isolates: ClosedRange<UInt32> = 0x2066...0x2069
        var scalars = String.UnicodeScalarView()
        for scalar in lastComponent.unicodeScalars
        where scalar.properties.generalCategory != .control && !bidiControls.contains(scalar.value) && !isolates.contains(scalar.value) {
            scalars.append(scalar)
        }
        var name = String(scalars).trimmingCharacters(in: .whitespaces)
        while name.hasPrefix(".") { name.removeFirst() }
        name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        guard name.count > maxLength else { return name }
        let dot = name.lastIndex(of: ".")
        let suffix = dot.map { String(name[$0...]) } ?? ""
        let keptSuffix = suffix.count <= 16 ? suffix : ""
        return String(name.prefix(maxLength - keptSuffix.count)) + keptSuffix
    }
}
