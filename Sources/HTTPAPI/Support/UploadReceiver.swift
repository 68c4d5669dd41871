import Foundation
import MultipartKit
import NIOCore

/// A file of an upload, written to a scratch file while the request body arrived.
struct ReceivedFile: Sendable {
    /// The stored name: the client's name made safe by `UploadName`, or `upload-<hash of the bytes>`.
    var name: String
    /// The part's (or the request's) declared content type.
    var contentType: String?
    /// The scratch file holding the bytes; removed by `UploadReceiver.discard` when the upload is done.
    var file: URL
    /// Size in bytes.
    var bytes: Int
}

/// Receives the body of `POST /v1/documents` as it arrives, without collecting it first: a raw body is
/// written to one scratch file, a `multipart/form-data` body is split by multipart-kit's streaming
/// `MultipartParser` and each file part written to a scratch file of its own. A body over `limit` bytes is
/// refused (413) as soon as the byte past the limit arrives, whether or not it declared its length; what
/// is held in memory at once is one network read plus at most `flushBytes` waiting to be written.
///
/// Scratch files live in `<data>/uploads/` (same disk as the store) and are named with the server's process
/// id, so a server that starts removes those of a server that was killed (`removeAbandoned`).
struct UploadReceiver: Sendable {
    /// The scratch folder, created on first use.
    let folder: URL
    /// Largest body in bytes (`maxBodyBytes`).
    let limit: Int
    /// Most bytes a part holds in memory before they are written to its file.
    var flushBytes = 256 << 10
    /// Most file parts in one form.
    var maxFiles = 100
    /// Most header bytes in one part (names and values).
    var maxHeaderBytes = 16 << 10

    /// What one receipt did, for tests: the most bytes it held in memory at once, waiting to be written.
    struct Statistics: Sendable {
        var peakBufferedBytes = 0
    }

    /// The boundary parameter of a `multipart/form-data` content type, or nil for any other type.
    static func boundary(of contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    /// Refuses a body whose declared `Content-Length` is over the limit before reading any of it.
    func checkDeclaredLength(_ header: String?) throws {
        if let header, let length = Int(header), length > limit { throw tooLarge() }
    }

    // MARK: - Raw bodies

    /// Writes a raw body to one scratch file; `name` is the sanitised `?filename=`, nil to name it by content.
    func receiveRaw(
        _ body: some AsyncSequence<ByteBuffer, any Error>, name: String?, contentType: String?, statistics: inout Statistics
    ) async throws -> ReceivedFile {
        let sink = try PartSink(folder: try scratchFolder(), flushBytes: flushBytes, hashing: name == nil)
        do {
            var received = 0
            for try await buffer in body {
                received += buffer.readableBytes
                if received > limit { throw tooLarge() }
                try sink.append(buffer.readableBytesView)
                statistics.peakBufferedBytes = max(statistics.peakBufferedBytes, sink.peakBuffered)
            }
            try sink.finish()
            statistics.peakBufferedBytes = max(statistics.peakBufferedBytes, sink.peakBuffered)
            return ReceivedFile(name: name ?? sink.contentName, contentType: contentType, file: sink.file, bytes: sink.bytes)
        } catch {
            sink.abandon()
            throw error
        }
    }

    // MARK: - Multipart bodies

    /// Splits a `multipart/form-data` body as it arrives; returns its file parts (those whose
    /// `Content-Disposition` has `filename` or `filename*`), in order. Fields without a file name are read
    /// and dropped.
    func receiveMultipart(
        _ body: some AsyncSequence<ByteBuffer, any Error>, boundary: String, statistics: inout Statistics
    ) async throws -> [ReceivedFile] {
        let form = FormCollector(receiver: self, folder: try scratchFolder())
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in form.header(name: name, value: value) }
        parser.onBody = { buffer in form.body(buffer.readableBytesView) }
        parser.onPartComplete = { form.partComplete() }
        do {
            var received = 0
            var tail = ByteBuffer()
            // Bytes read since the parser last called back: it keeps a header line it has not finished in memory,
            // so a line that never ends is refused here, long before the body limit.
            var unanswered = 0
            for try await buffer in body {
                received += buffer.readableBytes
                if received > limit { throw tooLarge() }
                let callbacks = form.callbacks
                do { try parser.execute(buffer) } catch {
                    throw APIError(.badRequest, "The multipart body is malformed (a part's headers or a boundary line are broken).")
                }
                if let failure = form.failure { throw failure }
                unanswered = form.callbacks == callbacks ? unanswered + buffer.readableBytes : 0
                if unanswered > maxHeaderBytes + (64 << 10) {
                    throw APIError(.badRequest, "The multipart body has a header line, or text before its first boundary, longer than \(maxHeaderBytes) bytes.")
                }
                statistics.peakBufferedBytes = max(statistics.peakBufferedBytes, form.peakBuffered)
                Self.keepTail(&tail, adding: buffer, count: boundary.utf8.count + 512)
            }
            guard form.partsSeen > 0 else {
                throw APIError(.badRequest, "The multipart body does not contain its boundary '\(boundary)'.")
            }
            // The body must end with the close delimiter (and at most a short epilogue): a cut body is never
            // indexed as if complete.
            guard form.openPart == nil, tail.readableBytesView.firstRange(of: Array("--\(boundary)--".utf8)) != nil else {
                throw APIError(.badRequest, "The multipart body ends before its closing boundary '--\(boundary)--'; it was cut short.")
            }
            return form.files
        } catch {
            form.abandon()
            throw error
        }
    }

    /// Keeps the last `count` bytes of the body seen so far in `tail`.
    private static func keepTail(_ tail: inout ByteBuffer, adding buffer: ByteBuffer, count: Int) {
        var buffer = buffer
        if buffer.readableBytes >= count {
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes - count)
            tail = buffer
            return
        }
        tail.writeImmutableBuffer(buffer)
        if tail.readableBytes > count { tail.moveReaderIndex(forwardBy: tail.readableBytes - count) }
        tail.discardReadBytes()
    }

    // MARK: - Scratch files

    /// Where uploads are written while they arrive: `<data>/uploads/`.
    static func folder(inDataFolder path: String) -> URL {
        URL(fileURLWithPath: path).appendingPathComponent("uploads")
    }

    /// Removes the scratch files of `files`.
    static func discard(_ files: [ReceivedFile]) {
        for file in files { try? FileManager.default.removeItem(at: file.file) }  // best effort: a leftover is removed at the next start
    }

    /// Removes scratch files left in `folder` by server processes that no longer run (killed mid-upload).
    static func removeAbandoned(in folder: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix("part-") {
            let pid = name.dropFirst("part-".count).prefix { $0 != "-" }
            guard let pid = Int32(pid), JobQueue.isGone(pid) else { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))  // best effort, as above
        }
    }

    private func tooLarge() -> APIError {
        APIError(.contentTooLarge, "The upload is larger than the limit of \(limit) bytes.")
    }

    private func scratchFolder() throws -> URL {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw APIError(.internalServerError, "Cannot keep the upload: the folder \(folder.lastPathComponent)/ of the data folder cannot be created.")
        }
        return folder
    }
}

/// One scratch file being written: bytes wait in memory until `flushBytes` are there, then go to disk in one
/// write (multipart-kit hands the body over in small pieces, split at every CR). Also hashes the bytes
/// (64-bit FNV-1a) to name an upload sent without a name.
private final class PartSink {
    let file: URL
    private let handle: FileHandle
    private let flushBytes: Int
    private var pending = Data()
    private(set) var bytes = 0
    private(set) var peakBuffered = 0
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a offset basis
    /// Whether the bytes are hashed (only an upload without a name needs it).
    private let hashing: Bool

    init(folder: URL, flushBytes: Int, hashing: Bool) throws {
        file = folder.appendingPathComponent("part-\(getpid())-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: file.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: file.path)
        else {
            throw APIError(.internalServerError, "Cannot keep the upload: a scratch file in the data folder cannot be written.")
        }
        self.handle = handle
        self.flushBytes = flushBytes
        self.hashing = hashing
        pending.reserveCapacity(flushBytes)
    }

    func append(_ chunk: ByteBufferView) throws {
        if hashing {
            for byte in chunk { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }  // FNV prime
        }
        pending.append(contentsOf: chunk)
        bytes += chunk.count
        peakBuffered = max(peakBuffered, pending.count)
        if pending.count >= flushBytes { try flush() }
    }

    func finish() throws {
        try flush()
        try? handle.close()
    }

    func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(at: file)  // best effort: a leftover is removed at the next start
    }

    /// `upload-` and the hash in hex: two different unnamed uploads never share a name, and sending the same
    /// bytes again replaces only itself.
    var contentName: String {
        let hex = String(hash, radix: 16)
        return "upload-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        do { try handle.write(contentsOf: pending) } catch {
            throw APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), "Cannot keep the upload: writing it to the data folder failed (\(error.localizedDescription)).")
        }
        pending.removeAll(keepingCapacity: true)
    }
}

/// The state of one multipart body between the parser's callbacks, which cannot throw: the first failure is
/// kept and thrown by the receiving loop after the chunk that caused it.
private final class FormCollector {
    private let receiver: UploadReceiver
    private let folder: URL
    private var headers: [(name: String, value: String)] = []
    private var headerBytes = 0
    /// The part being read: its name and type, and its file unless it is a field without a file name.
    private(set) var openPart: (name: String?, contentType: String?, sink: PartSink?)?
    private(set) var files: [ReceivedFile] = []
    private(set) var partsSeen = 0
    private(set) var peakBuffered = 0
    private(set) var failure: APIError?
    /// How many times the parser has called back (headers, body pieces, ends of parts).
    private(set) var callbacks = 0

    init(receiver: UploadReceiver, folder: URL) {
        self.receiver = receiver
        self.folder = folder
    }

    func header(name: String, value: String) {
        callbacks += 1
        guard failure == nil else { return }
        headerBytes += name.utf8.count + value.utf8.count
        guard headerBytes <= receiver.maxHeaderBytes else {
            return fail(APIError(.badRequest, "A multipart part has more than \(receiver.maxHeaderBytes) bytes of headers."))
        }
        headers.append((name, value))
    }

    func body(_ bytes: ByteBufferView) {
        callbacks += 1
        guard failure == nil else { return }
        if openPart == nil { openPart = startPart() }
        guard let sink = openPart?.sink else { return }  // a plain field: read and dropped
        do {
            try sink.append(bytes)
            peakBuffered = max(peakBuffered, sink.peakBuffered)
        } catch let error as APIError { fail(error) } catch { fail(APIError(.internalServerError, "\(error)")) }
    }

    func partComplete() {
        callbacks += 1
        guard failure == nil else { return }
        let part = openPart ?? startPart()
        openPart = nil
        headers = []
        headerBytes = 0
        guard let part, let sink = part.sink else { return }
        do {
            try sink.finish()
            files.append(ReceivedFile(name: part.name ?? sink.contentName, contentType: part.contentType, file: sink.file, bytes: sink.bytes))
        } catch let error as APIError { fail(error) } catch { fail(APIError(.internalServerError, "\(error)")) }
    }

    /// Removes every scratch file of this body, finished or not.
    func abandon() {
        openPart?.sink?.abandon()
        openPart = nil
        UploadReceiver.discard(files)
        files = []
    }

    /// Opens the part whose headers were just read; nil after a failure.
    private func startPart() -> (name: String?, contentType: String?, sink: PartSink?)? {
        partsSeen += 1
        var disposition: (name: String?, filename: String?) = (nil, nil)
        var contentType: String?
        for (name, value) in headers {
            switch name.lowercased() {
            case "content-disposition": disposition = UploadName.parameters(ofContentDisposition: value)
            case "content-type": contentType = value
            default: break
            }
        }
        guard let filename = disposition.filename else { return (nil, contentType, nil) }
        guard files.count < receiver.maxFiles else {
            fail(APIError(.contentTooLarge, "The form has more than \(receiver.maxFiles) files; send them in several uploads."))
            return nil
        }
        do {
            let name = UploadName.sanitize(filename)
            return (name, contentType, try PartSink(folder: folder, flushBytes: receiver.flushBytes, hashing: name == nil))
        } catch let error as APIError {
            fail(error)
        } catch {
            fail(APIError(.internalServerError, "\(error)"))
        }
        return nil
    }

    private func fail(_ error: APIError) {
        failure = error
    }
}
