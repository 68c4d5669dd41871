/// The internal DTD subset of an XHTML page, `<!DOCTYPE html … [ <!ENTITY …> <!ELEMENT …> ]>`, which
/// libxml2's HTML parser does not understand: it ends the doctype at the first `>` and reads the rest of the
/// declarations as body text, so they were indexed as chunks. HTML defines no entities of its own, so the
/// subset is dropped (the doctype's name and identifiers are kept) before the page is parsed.
enum DoctypeSubset {
    /// `page` without the internal subset of its doctype; unchanged when the prolog (an XML declaration,
    /// comments, processing instructions and white space before the doctype) has no doctype with a subset.
    static func removed(from page: String) -> String {
        let bytes = Array(page.utf8)
        guard let doctype = doctypeStart(bytes), let subset = subsetRange(bytes, from: doctype) else { return page }
        return String(decoding: bytes[..<subset.lowerBound] + bytes[subset.upperBound...], as: UTF8.self)
    }

    /// Where `<!DOCTYPE` starts, if it is the first declaration of the page.
    private static func doctypeStart(_ bytes: [UInt8]) -> Int? {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if matches(bytes, at: index, "<?") {
                guard let end = find(bytes, "?>", from: index + 2) else { return nil }
                index = end + 2
            } else if matches(bytes, at: index, "<!--") {
                guard let end = find(bytes, "-->", from: index + 4) else { return nil }
                index = end + 3
            } else {
                return matchesIgnoringCase(bytes, at: index, "<!doctype") ? index : nil
            }
        }
        return nil
    }

    /// From `[` to the `]` that closes the subset (quoted literals and comments may hold `]` and `>`), with
    /// the white space before `[`; nil when the doctype has no subset or it is not closed.
    private static func subsetRange(_ bytes: [UInt8], from start: Int) -> Range<Int>? {
        var index = start + "<!doctype".utf8.count
        var quote: UInt8?
        while index < bytes.count {  // name and identifiers, up to `[` or `>`
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return nil
            } else if byte == UInt8(ascii: "[") {
                break
            }
            index += 1
        }
        guard index < bytes.count else { return nil }
        var lower = index
        while lower > start, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[lower - 1]) { lower -= 1 }
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if matches(bytes, at: index, "<!--") {
                guard let end = find(bytes, "-->", from: index + 4) else { return nil }
                index = end + 2
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == UInt8(ascii: "]") {
                return lower..<(index + 1)
            }
            index += 1
        }
        return nil
    }

    private static func matches(_ bytes: [UInt8], at index: Int, _ text: String) -> Bool {
        bytes[index...].starts(with: text.utf8)
    }

    private static func matchesIgnoringCase(_ bytes: [UInt8], at index: Int, _ lowercase: String) -> Bool {
        let text = Array(lowercase.utf8)
        guard bytes.count - index >= text.count else { return false }
        for offset in text.indices where bytes[index + offset] | (bytes[index + offset] >= 0x41 && bytes[index + offset] <= 0x5A ? 0x20 : 0) != text[offset] {
            return false
        }
        return true
    }

    private static func find(_ bytes: [UInt8], _ text: String, from start: Int) -> Int? {
        let needle = Array(text.utf8)
        guard start <= bytes.count - needle.count else { return nil }
        return (start...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
