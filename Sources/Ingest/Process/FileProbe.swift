import Foundation

/// Small file reads used before choosing or running a parser.
enum FileProbe {
    /// The first `count` bytes of a file.
    static func head(of url: URL, count: Int) throws(IngestError) -> Data {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }  // read-only handle; nothing is lost if close fails
            return try handle.read(upToCount: count) ?? Data()
        } catch {
            throw .unreadable(source: url.lastPathComponent, reason: error.localizedDescription)
        }
    }

    /// File size in bytes.
    static func size(of url: URL) throws(IngestError) -> Int {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            return (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw .unreadable(source: url.lastPathComponent, reason: error.localizedDescription)
        }
    }

    /// Whole file, refusing files larger than `limit` before reading them.
    static func contents(of url: URL, limit: Int) throws(IngestError) -> Data {
        let size = try size(of: url)
        if size > limit { throw .tooLarge(source: url.lastPathComponent, limit: "\(limit >> 20) MB") }
        do { return try Data(contentsOf: url) } catch {
            throw .unreadable(source: url.lastPathComponent, reason: error.localizedDescription)
        }
    }

    /// The last path component of a URL or path, for messages.
    static func displayName(_ source: String) -> String {
        if let url = URL(string: source), url.scheme != nil, !url.lastPathComponent.isEmpty, url.lastPathComponent != "/" {
            return url.lastPathComponent
        }
        let name = (source as NSString).lastPathComponent
        return name.isEmpty ? source : name
    }
}
