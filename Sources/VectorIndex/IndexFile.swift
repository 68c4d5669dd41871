import Foundation

/// Reading and atomically replacing index files, with errors that name the file.
enum IndexFile {
    /// The whole file, memory-mapped when the system allows it.
    static func read(_ url: URL) throws(IndexError) -> Data {
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .fileUnreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Writes `data` to a temporary file next to `url`, flushes it to disk, then renames it over `url`.
    static func writeAtomically(_ data: Data, to url: URL) throws(IndexError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt64.random(in: 0 ... .max)).tmp")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw IndexError.fileUnwritable(path: url.path, reason: "cannot create a temporary file in '\(folder.path)'")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            do {
                try handle.write(contentsOf: data)
                try handle.synchronize()
                try handle.close()
            } catch {
                do { try handle.close() } catch {}  // the write error is the one to report; closing is best effort
                throw error
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw IndexError.fileUnwritable(path: url.path, reason: String(cString: strerror(errno)))
            }
        } catch let error as IndexError {
            removeQuietly(temporary)
            throw error
        } catch {
            removeQuietly(temporary)
            throw .fileUnwritable(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    private static func removeQuietly(_ url: URL) {
        // The temporary file may not exist; failing to delete it must not hide the original error.
        do { try FileManager.default.removeItem(at: url) } catch {}
    }
}
