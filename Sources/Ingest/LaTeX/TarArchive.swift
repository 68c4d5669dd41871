import Foundation

/// Reads the regular files of a tar archive (ustar, GNU long names, pax `path`) from memory.
///
/// Members with absolute paths or `..` components are refused, not skipped, because an archive that
/// contains them is hostile or broken; links and devices are ignored; member count and total size are capped.
struct TarArchive {
    /// Regular files by normalised relative path.
    var files: [String: Data] = [:]

    /// Whether `data` starts with a ustar header.
    static func isTar(_ data: Data) -> Bool {
        data.count >= 512 && data[data.startIndex + 257..<data.startIndex + 262] == Data("ustar".utf8)
    }

    init(_ data: Data, source: String, maxMembers: Int, maxTotalBytes: Int) throws(IngestError) {
        let bytes = [UInt8](data)
        var offset = 0
        var members = 0
        var totalBytes = 0
        var longName: String?
        while offset + 512 <= bytes.count {
            let header = bytes[offset..<offset + 512]
            if header.allSatisfy({ $0 == 0 }) { break }
            guard let size = Self.octal(bytes[offset + 124..<offset + 136]) else {
                throw .malformed(source: source, reason: "tar header at byte \(offset) has an invalid size field")
            }
            let type = bytes[offset + 156]
            var name = Self.string(bytes[offset..<offset + 100])
            if bytes[offset + 257..<offset + 262].elementsEqual("ustar".utf8) {
                let prefix = Self.string(bytes[offset + 345..<offset + 500])
                if !prefix.isEmpty { name = prefix + "/" + name }
            }
            let dataStart = offset + 512
            let dataEnd = dataStart + size
            guard dataEnd <= bytes.count else { throw .malformed(source: source, reason: "tar member '\(name.prefix(80))' is truncated") }
            offset = dataStart + (size + 511) / 512 * 512
            switch type {
            case UInt8(ascii: "L"):
                longName = Self.string(bytes[dataStart..<dataEnd])
                continue
            case UInt8(ascii: "x"):
                if let path = Self.paxPath(bytes[dataStart..<dataEnd]) { longName = path }
                continue
            case UInt8(ascii: "g"):
                continue
            default:
                break
            }
            if let pending = longName { name = pending }
            longName = nil
            members += 1
            if members > maxMembers { throw .tooLarge(source: source, limit: "\(maxMembers) archive members") }
            guard let path = Self.safePath(name) else { throw .escapingArchiveMember(source: source, member: String(name.prefix(120))) }
            guard type == UInt8(ascii: "0") || type == 0 || type == UInt8(ascii: "7") else { continue }  // directories, links, devices
            totalBytes += size
            if totalBytes > maxTotalBytes { throw .tooLarge(source: source, limit: "\(maxTotalBytes >> 20) MB of unpacked sources") }
            files[path] = Data(bytes[dataStart..<dataEnd])
        }
    }

    /// `name` without `./` segments, or nil when it is absolute or climbs out with `..`.
    static func safePath(_ name: String) -> String? {
        if name.hasPrefix("/") || name.hasPrefix("\\") || name.contains(":") && name.first?.isLetter == true && name.dropFirst().first == ":" { return nil }
        var parts: [Substring] = []
        for part in name.split(whereSeparator: { $0 == "/" || $0 == "\\" }) {
            if part == ".." { return nil }
            if part == "." || part.isEmpty { continue }
            parts.append(part)
        }
        return parts.isEmpty ? "" : parts.joined(separator: "/")
    }

    private static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        let text = string(field).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return 0 }
        guard let value = Int(text, radix: 8), value >= 0 else { return nil }
        return value
    }

    private static func string(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The `path=` record of a pax extended header ("NN path=dir/file\n").
    private static func paxPath(_ block: ArraySlice<UInt8>) -> String? {
        for record in String(decoding: block, as: UTF8.self).split(separator: "\n") {
            guard let space = record.firstIndex(of: " ") else { continue }
            let keyValue = record[record.index(after: space)...]
            if keyValue.hasPrefix("path=") { return String(keyValue.dropFirst(5)) }
        }
        return nil
    }
}
