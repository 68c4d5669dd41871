import Foundation
import NIOCore
import Synchronization
import Testing

@testable import HTTPAPI

/// The streaming upload reader (multipart-kit's `MultipartParser` under `UploadReceiver`), fed bodies in
/// pieces as the network would hand them over.
@Suite("Upload receiver")
struct UploadReceiverTests {
    /// A body handed over in pieces of `pieceSize` bytes; counts the pieces taken.
    struct Pieces: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let chunks: [ByteBuffer]
        let taken = Counter()

        init(_ data: Data, pieceSize: Int) {
            chunks = stride(from: 0, to: data.count, by: pieceSize).map { ByteBuffer(bytes: data[$0..<Swift.min($0 + pieceSize, data.count)]) }
        }

        struct AsyncIterator: AsyncIteratorProtocol {
            var chunks: ArraySlice<ByteBuffer>
            let taken: Counter
            mutating func next() async throws -> ByteBuffer? {
                guard let chunk = chunks.popFirst() else { return nil }
                taken.add()
                return chunk
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks[...], taken: taken) }
    }

    /// A body that never ends: 64 KiB of text, again and again; counts the pieces taken.
    struct Endless: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let prefix: ByteBuffer
        let taken = Counter()

        struct AsyncIterator: AsyncIteratorProtocol {
            var prefix: ByteBuffer?
            let taken: Counter
            mutating func next() async throws -> ByteBuffer? {
                taken.add()
                if let first = prefix {
                    prefix = nil
                    return first
                }
                return ByteBuffer(repeating: UInt8(ascii: "q"), count: 64 << 10)
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(prefix: prefix, taken: taken) }
    }

    final class Counter: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    static let boundary = "----hepchain-7f3a9c"

    static func form(_ parts: [(disposition: String, type: String?, body: Data)]) -> Data {
        var data = Data()
        for part in parts {
            data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; \(part.disposition)\r\n".utf8))
            if let type = part.type { data.append(Data("Content-Type: \(type)\r\n".utf8)) }
            data.append(Data("\r\n".utf8))
            data.append(part.body)
            data.append(Data("\r\n".utf8))
        }
        data.append(Data("--\(boundary)--\r\n".utf8))
        return data
    }

    static func receiver(limit: Int = 64 << 20) -> UploadReceiver {
        UploadReceiver(folder: FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-uploads-\(UUID().uuidString)"), limit: limit)
    }

    static func leftovers(_ receiver: UploadReceiver) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: receiver.folder.path)) ?? []
    }

    /// Bytes that contain CR, LF, dashes and the boundary's start, as binary uploads do.
    static func binary(count: Int) -> Data {
        var state: UInt32 = 0x9E37_79B9
        return Data((0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        })
    }

    @Test("A 6 MB file part arrives whole in its scratch file, with at most 256 KiB and one read held in memory")
    func largePartIsStreamed() async throws {
        let receiver = Self.receiver()
        defer { try? FileManager.default.removeItem(at: receiver.folder) }
        let content = Self.binary(count: 6 << 20)
        let body = Self.form([(#"name="file"; filename="big.bin""#, "application/octet-stream", content)])
        var statistics = UploadReceiver.Statistics()
        let files = try await receiver.receiveMultipart(Pieces(body, pieceSize: 64 << 10), boundary: Self.boundary, statistics: &statistics)
        #expect(files.count == 1)
        #expect(files.first?.name == "big.bin")
        #expect(files.first?.bytes == content.count)
        #expect(try Data(contentsOf: try #require(files.first).file) == content)
        #expect(statistics.peakBufferedBytes > 0 && statistics.peakBufferedBytes <= (256 << 10) + (64 << 10), "\(statistics.peakBufferedBytes)")
        UploadReceiver.discard(files)
        #expect(Self.leftovers(receiver).isEmpty)
    }

    @Test("Boundaries split across reads at any place give the same parts", arguments: [1, 2, 3, 7, 13, 61, 4_096])
    func anySplit(pieceSize: Int) async throws {
        let receiver = Self.receiver()
        defer { try? FileManager.default.removeItem(at: receiver.folder) }
        // Near misses: a delimiter but for its last character, and the boundary without the CRLF before it.
        let first = Data("line one\r\n--\(Self.boundary.dropLast())X\r\n\r\ntext --\(Self.boundary) in text\r\n".utf8)
        let second = Self.binary(count: 9_000)
        let body = Self.form([
            (#"name="note""#, nil, Data("a field, read and dropped".utf8)),
            (#"name="file"; filename="a.txt""#, "text/plain", first),
            (#"name="file"; filename="b.bin""#, nil, second),
            (#"name="file"; filename="empty.txt""#, "text/plain", Data()),
        ])
        var statistics = UploadReceiver.Statistics()
        let files = try await receiver.receiveMultipart(Pieces(body, pieceSize: pieceSize), boundary: Self.boundary, statistics: &statistics)
        defer { UploadReceiver.discard(files) }
        #expect(files.map(\.name) == ["a.txt", "b.bin", "empty.txt"])
        #expect(files.map(\.contentType) == ["text/plain", nil, "text/plain"])
        #expect(try files.map { try Data(contentsOf: $0.file) } == [first, second, Data()])
    }

    @Test("A body past the limit is refused at the read that passes it, declared length or not, and leaves no file")
    func limitWhileStreaming() async throws {
        let receiver = Self.receiver(limit: 1 << 20)
        defer { try? FileManager.default.removeItem(at: receiver.folder) }
        #expect(throws: APIError.self) { try receiver.checkDeclaredLength(String(2 << 20)) }
        try receiver.checkDeclaredLength(String(1 << 20))
        let head = ByteBuffer(string: "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"endless.txt\"\r\n\r\n")
        let endless = Endless(prefix: head)
        var statistics = UploadReceiver.Statistics()
        let error = await #expect(throws: APIError.self) {
            _ = try await receiver.receiveMultipart(endless, boundary: Self.boundary, statistics: &statistics)
        }
        #expect(error?.status.code == 413)
        // The head and 15 pieces of 64 KiB are under 1 MiB; the 16th passes it, and nothing more is read.
        #expect(endless.taken.count == 1 + 16, "pieces read: \(endless.taken.count)")
        #expect(Self.leftovers(receiver).isEmpty, "\(Self.leftovers(receiver))")

        let raw = Endless(prefix: ByteBuffer(string: "text "))
        await #expect(throws: APIError.self) { _ = try await receiver.receiveRaw(raw, name: "a.txt", contentType: nil, statistics: &statistics) }
        #expect(Self.leftovers(receiver).isEmpty, "\(Self.leftovers(receiver))")
    }

    @Test("A body cut before its closing boundary, or without the boundary, is refused with 400 and leaves no file")
    func cutBodies() async throws {
        let receiver = Self.receiver()
        defer { try? FileManager.default.removeItem(at: receiver.folder) }
        let whole = Self.form([(#"name="file"; filename="a.txt""#, "text/plain", Data("quarks and gluons".utf8))])
        let cuts: [(String, Data)] = [
            ("inside the part", whole.prefix(whole.count - 30)),
            ("after the last part's delimiter", whole.prefix(whole.count - 4)),
            ("before any boundary", Data("just text, no boundary".utf8)),
            ("a broken header line", Data("--\(Self.boundary)\r\nContent Disposition: x\r\n\r\nbody\r\n--\(Self.boundary)--\r\n".utf8)),
        ]
        for (name, body) in cuts {
            var statistics = UploadReceiver.Statistics()
            let error = await #expect(throws: APIError.self, "\(name)") {
                _ = try await receiver.receiveMultipart(Pieces(body, pieceSize: 5), boundary: Self.boundary, statistics: &statistics)
            }
            #expect(error?.status.code == 400, "\(name): \(String(describing: error))")
            #expect(Self.leftovers(receiver).isEmpty, "\(name): \(Self.leftovers(receiver))")
        }
    }

    @Test("More files than allowed get 413, more header bytes than allowed 400, a header line that never ends 400; none leaves a file")
    func formLimits() async throws {
        var receiver = Self.receiver()
        receiver.maxFiles = 2
        receiver.maxHeaderBytes = 200
        defer { try? FileManager.default.removeItem(at: receiver.folder) }
        let three = Self.form((1...3).map { (#"name="file"; filename="\#($0).txt""#, "text/plain", Data("text \($0)".utf8)) })
        let longHeader = Self.form([(#"name="file"; filename="a.txt""#, String(repeating: "x", count: 300), Data("text".utf8))])
        // A header line that never ends is held by the parser: refused after about maxHeaderBytes + 64 KiB.
        var endless = Data("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"".utf8)
        endless.append(Data(repeating: UInt8(ascii: "a"), count: 4 << 20))
        let pieces = Pieces(endless, pieceSize: 16 << 10)
        var statistics = UploadReceiver.Statistics()
        let error = await #expect(throws: APIError.self) {
            _ = try await receiver.receiveMultipart(pieces, boundary: Self.boundary, statistics: &statistics)
        }
        #expect(error?.status.code == 400 && error?.message.contains("header line") == true, "\(String(describing: error))")
        #expect(pieces.taken.count <= 6, "read \(pieces.taken.count) pieces of 16 KiB before refusing")
        for (body, status) in [(three, 413), (longHeader, 400)] {
            var statistics = UploadReceiver.Statistics()
            let error = await #expect(throws: APIError.self) {
                _ = try await receiver.receiveMultipart(Pieces(body, pieceSize: 64), boundary: Self.boundary, statistics: &statistics)
            }
            #expect(error?.status.code == status, "\(String(describing: error))")
            #expect(Self.leftovers(receiver).isEmpty, "\(Self.leftovers(receiver))")
        }
    }

    @Test("Unnamed parts are named by their bytes; the boundary is read from the content type")
    func unnamedAndBoundary() async throws {
        let receiver = Self.receiver()
        defer { try? FileManager.default.removeItem(at: receiver.folder) }
        let body = Self.form([
            (#"name="file"; filename="""#, "text/plain", Data("first".utf8)),
            (#"name="file"; filename="""#, "text/plain", Data("second".utf8)),
        ])
        var statistics = UploadReceiver.Statistics()
        let files = try await receiver.receiveMultipart(Pieces(body, pieceSize: 100), boundary: Self.boundary, statistics: &statistics)
        defer { UploadReceiver.discard(files) }
        #expect(files.count == 2)
        #expect(files.allSatisfy { $0.name.hasPrefix("upload-") && $0.name.count == "upload-".count + 16 }, "\(files.map(\.name))")
        #expect(files[0].name != files[1].name)
        #expect(UploadReceiver.boundary(of: "multipart/form-data; boundary=\"a b\"") == "a b")
        #expect(UploadReceiver.boundary(of: "Multipart/Form-Data; charset=utf-8; BOUNDARY=xyz") == "xyz")
        #expect(UploadReceiver.boundary(of: "multipart/form-data") == nil)
        #expect(UploadReceiver.boundary(of: "text/plain; boundary=x") == nil)
    }

    @Test("Scratch files of a server that no longer runs are removed at start; this process's are kept")
    func abandonedFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-uploads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Process ids past the kernel's pid_max (4,194,304 at most) never run.
        let gone = folder.appendingPathComponent("part-99999999-\(UUID().uuidString)")
        let mine = folder.appendingPathComponent("part-\(getpid())-\(UUID().uuidString)")
        let other = folder.appendingPathComponent("notes.txt")
        for file in [gone, mine, other] { try Data("x".utf8).write(to: file) }
        UploadReceiver.removeAbandoned(in: folder)
        #expect(!FileManager.default.fileExists(atPath: gone.path))
        #expect(FileManager.default.fileExists(atPath: mine.path))
        #expect(FileManager.default.fileExists(atPath: other.path))
    }
}
