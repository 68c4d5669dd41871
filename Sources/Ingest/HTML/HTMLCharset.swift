import Foundation

/// Decides an HTML page's character encoding: HTTP header, then BOM, then `<meta charset>`, then a guess
/// (valid UTF-8, else well-formed GB18030 with Chinese characters, else Windows-1252), as browsers do.
enum HTMLCharset {
    /// The charset and where it came from (`header`, `bom`, `meta`, `guess`).
    static func detect(_ data: Data, contentType: String?) -> (charset: String, origin: String) {
        if let declared = contentType.flatMap(charsetParameter) { return (TextDecoder.canonicalCharset(declared), "header") }
        if let (charset, _) = TextDecoder.bomEncoding(data) { return (charset, "bom") }
        if let meta = metaCharset(data.prefix(8_192)) { return (TextDecoder.canonicalCharset(meta), "meta") }
        if TextDecoder.isValidUTF8(data) { return ("UTF-8", "guess") }
        if TextDecoder.looksLikeGB18030(data) { return ("GB18030", "guess") }
        return ("WINDOWS-1252", "guess")
    }

    /// `charset=…` in a `Content-Type` value.
    static func charsetParameter(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" {
                let value = parts[1].trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\"'")))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    /// The charset in `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">`.
    static func metaCharset(_ head: Data) -> String? {
        let text = String(decoding: head, as: UTF8.self).lowercased()
        var searchStart = text.startIndex
        while let meta = text.range(of: "<meta", range: searchStart..<text.endIndex) {
            let tagEnd = text.range(of: ">", range: meta.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
            let tag = text[meta.upperBound..<tagEnd]
            if let charset = tag.range(of: "charset=") {
                let value = tag[charset.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
                let name = value.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
                if !name.isEmpty { return String(name) }
            }
            searchStart = tagEnd
        }
        return nil
    }

    /// Decodes to a Swift string; malformed sequences become U+FFFD.
    static func decode(_ data: Data, charset: String, source: String) throws(IngestError) -> String {
        var body = data
        if let (bomCharset, length) = TextDecoder.bomEncoding(data), bomCharset == charset { body = data.dropFirst(length) }
        switch charset {
        case "UTF-8": return String(decoding: body, as: UTF8.self)
        case "WINDOWS-1252":
            guard let text = String(data: body, encoding: .windowsCP1252) ?? String(data: body, encoding: .isoLatin1) else {
                throw .undecodable(source: source, encoding: charset)
            }
            return text
        default:
            return try CharsetConverter.decode(Data(body), charset: charset, source: source)
        }
    }
}
