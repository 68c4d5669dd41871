import Foundation

/// Decodes bytes of a text format: BOM first, then a declared charset, then UTF-8, then a GB18030 / Windows-1252 guess.
enum TextDecoder {
    /// Whether the first 8 KiB look like binary data (NUL bytes or many control characters).
    static func looksBinary(_ data: Data) -> Bool {
        let sample = data.prefix(8_192)
        guard !sample.isEmpty else { return false }
        var controls = 0
        for byte in sample {
            if byte == 0 { return true }
            if byte < 0x09 || (byte > 0x0D && byte < 0x20) || byte == 0x7F { controls += 1 }
        }
        return controls * 20 > sample.count
    }

    /// The charset declared by a byte-order mark, and the BOM length.
    static func bomEncoding(_ data: Data) -> (charset: String, length: Int)? {
        let bytes = Array(data.prefix(4))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return ("UTF-8", 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return ("UTF-16LE", 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return ("UTF-16BE", 2) }
        if bytes.starts(with: [0x84, 0x31, 0x95, 0x33]) { return ("GB18030", 4) }
        return nil
    }

    /// Whether every byte sequence is well-formed UTF-8.
    static func isValidUTF8(_ data: Data) -> Bool {
        String(validating: data, as: UTF8.self) != nil
    }

    /// Whether the bytes are well-formed GB18030 with at least a few multi-byte characters (Chinese text in
    /// GBK/GB2312/GB18030 that does not declare its charset).
    static func looksLikeGB18030(_ data: Data) -> Bool {
        var index = data.startIndex
        var multiByte = 0
        while index < data.endIndex {
            let byte = data[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            guard (0x81...0xFE).contains(byte), index + 1 < data.endIndex else { return false }
            let second = data[index + 1]
            if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) {
                index += 2
            } else if (0x30...0x39).contains(second), index + 3 < data.endIndex,
                (0x81...0xFE).contains(data[index + 2]), (0x30...0x39).contains(data[index + 3])
            {
                index += 4
            } else {
                return false
            }
            multiByte += 1
        }
        return multiByte >= 2
    }

    /// Normalises charset labels: GB2312 and GBK are decoded as their superset GB18030.
    static func canonicalCharset(_ label: String) -> String {
        let lowered = label.trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: "\"'"))).lowercased()
        switch lowered {
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "gb_2312-80", "csgb2312", "windows-936": return "GB18030"
        case "utf8", "utf-8", "unicode-1-1-utf-8": return "UTF-8"
        case "latin1", "iso-8859-1", "iso8859-1", "us-ascii", "ascii", "windows-1252", "cp1252": return "WINDOWS-1252"
        case "big5", "big5-hkscs": return "BIG5"
        case "shift_jis", "sjis": return "SHIFT_JIS"
        case "euc-jp": return "EUC-JP"
        case "euc-kr": return "EUC-KR"
        default: return lowered.uppercased()
        }
    }

    /// Decodes plain text (UTF-8, UTF-16 with BOM, else Windows-1252). GB18030 text goes through libxml2's converter.
    static func decodePlain(_ data: Data, source: String) throws(IngestError) -> String {
        if let (charset, length) = bomEncoding(data) {
            let body = data.dropFirst(length)
            switch charset {
            case "UTF-8": return String(decoding: body, as: UTF8.self)
            case "UTF-16LE": if let text = String(data: body, encoding: .utf16LittleEndian) { return text }
            case "UTF-16BE": if let text = String(data: body, encoding: .utf16BigEndian) { return text }
            default: return try CharsetConverter.decode(Data(body), charset: charset, source: source)
            }
            throw .undecodable(source: source, encoding: charset)
        }
        if isValidUTF8(data) { return String(decoding: data, as: UTF8.self) }
        if looksLikeGB18030(data) { return try CharsetConverter.decode(data, charset: "GB18030", source: source) }
        guard let text = String(data: data, encoding: .windowsCP1252) ?? String(data: data, encoding: .isoLatin1) else {
            throw .undecodable(source: source, encoding: "UTF-8 or Windows-1252")
        }
        return text
    }
}
