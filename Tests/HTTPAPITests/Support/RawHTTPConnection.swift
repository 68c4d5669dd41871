import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bare TCP connection to the server on 127.0.0.1, for what URLSession cannot do: send the head of a
/// request and then its body a byte at a time, slower than the server's deadline.
///
/// Everything runs on a dedicated thread (never on Swift's cooperative pool, which the server needs).
final class RawHTTPConnection: Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
        /// Body bytes the client had sent when the reply arrived.
        var bodyBytesSent: Int
        var seconds: Double
    }

    enum Failure: Error {
        case connect(Int32)
        case noReply(String)
    }

    private let descriptor: Int32

    init(port: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure.connect(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw Failure.connect(errno)
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Sends `head`, then `body` one byte every `interval` seconds until the server replies (or the body or
    /// `limit` seconds run out), and returns the reply.
    func trickle(head: String, body: Data, interval: Double, limit: Double) async throws -> Reply {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(with: Result { try self.trickleBlocking(head: head, body: body, interval: interval, limit: limit) })
            }
            thread.start()
        }
    }

    private func trickleBlocking(head: String, body: Data, interval: Double, limit: Double) throws -> Reply {
        let start = Date()
        guard write(Data(head.utf8)) else { throw Failure.noReply("the head could not be sent") }
        var sent = 0
        var received = Data()
        while Date().timeIntervalSince(start) < limit {
            if sent < body.count, write(body.subdata(in: sent..<sent + 1)) { sent += 1 }
            // Wait up to `interval` for reply bytes.
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(interval * 1000))
            guard ready > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }  // closed
            received.append(contentsOf: buffer[0..<count])
            if let reply = Self.parse(received) {
                return Reply(status: reply.status, headers: reply.headers, body: reply.body, bodyBytesSent: sent, seconds: Date().timeIntervalSince(start))
            }
        }
        if let reply = Self.parse(received, complete: true) {
            return Reply(status: reply.status, headers: reply.headers, body: reply.body, bodyBytesSent: sent, seconds: Date().timeIntervalSince(start))
        }
        throw Failure.noReply("no reply after \(Int(Date().timeIntervalSince(start))) s; received: \(String(decoding: received, as: UTF8.self))")
    }

    private func write(_ data: Data) -> Bool {
        data.withUnsafeBytes { bytes in
            send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count
        }
    }

    // MARK: - Hostile clients

    /// Sends `text` now; false when the connection is closed.
    func sendText(_ text: String) -> Bool { write(Data(text.utf8)) }

    /// Sends each line of `lines` (with CRLF) one every `interval` seconds, never the blank line that ends a
    /// head, and returns the seconds after which the server closed the connection, or nil if it was still open
    /// after the last line and `limit` seconds.
    func trickleHeadLines(_ lines: [String], interval: Double, limit: Double) async -> Double? {
        await Self.onThread { [self] in
            let start = Date()
            for line in lines {
                if !self.write(Data((line + "\r\n").utf8)) { return Date().timeIntervalSince(start) }
                if self.closedWithin(seconds: interval) { return Date().timeIntervalSince(start) }
            }
            let rest = limit - Date().timeIntervalSince(start)
            return rest > 0 && self.closedWithin(seconds: rest) ? Date().timeIntervalSince(start) : nil
        }
    }

    /// When the server closed the connection (reading and dropping what it sends), or nil if it is still open
    /// after `limit` seconds.
    func closedAt(limit: Double) async -> Date? {
        await Self.onThread { [self] in self.closedWithin(seconds: limit) ? Date() : nil }
    }

    /// Waits up to `seconds` for the peer to close; reads and drops any bytes that arrive meanwhile.
    func closedWithin(seconds: Double) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while true {
            let left = end.timeIntervalSinceNow
            if left <= 0 { return false }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, left * 1000)))
            guard ready > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            if recv(descriptor, &buffer, buffer.count, 0) <= 0 { return true }
        }
    }

    /// Reads one reply (Content-Length bodies) within `limit` seconds; nil if none came.
    func readReply(limit: Double) async -> (status: Int, headers: [String: String], body: Data)? {
        await Self.onThread { [self] in
            let end = Date().addingTimeInterval(limit)
            var received = Data()
            while end.timeIntervalSinceNow > 0 {
                var poller = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, Int32(max(1, end.timeIntervalSinceNow * 1000))) > 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 65_536)
                let count = recv(self.descriptor, &buffer, buffer.count, 0)
                if count <= 0 { return Self.parse(received, complete: true) }
                received.append(contentsOf: buffer[0..<count])
                if let reply = Self.parse(received) { return reply }
            }
            return nil
        }
    }

    /// Sends `head` (which must say `Transfer-Encoding: chunked`), then `first` and `count` copies of `chunk`
    /// as chunks, as fast as the server reads them, until it replies; returns the reply and the body bytes
    /// sent by then. Never blocks on a server that stopped reading.
    func streamChunked(head: String, first: Data, chunk: Data, count: Int, limit: Double) async throws -> Reply {
        let result = await Self.onThread { [self] () -> Result<Reply, Failure> in
            let start = Date()
            func frame(_ data: Data) -> Data { Data((String(data.count, radix: 16) + "\r\n").utf8) + data + Data("\r\n".utf8) }
            var pending = Data(head.utf8) + frame(first)
            var bodySent = -head.utf8.count
            var framesLeft = count
            var received = Data()
            while Date().timeIntervalSince(start) < limit {
                if pending.isEmpty && framesLeft > 0 {
                    pending = frame(chunk)
                    framesLeft -= 1
                    if framesLeft == 0 { pending += Data("0\r\n\r\n".utf8) }
                }
                var poller = pollfd(fd: self.descriptor, events: Int16(POLLIN) | (pending.isEmpty ? 0 : Int16(POLLOUT)), revents: 0)
                guard poll(&poller, 1, 100) > 0 else { continue }
                if poller.revents & Int16(POLLIN) != 0 {
                    var buffer = [UInt8](repeating: 0, count: 65_536)
                    let got = recv(self.descriptor, &buffer, buffer.count, 0)
                    if got > 0 { received.append(contentsOf: buffer[0..<got]) }
                    let reply = got > 0 ? Self.parse(received) : Self.parse(received, complete: true)
                    if let reply {
                        return .success(Reply(
                            status: reply.status, headers: reply.headers, body: reply.body, bodyBytesSent: max(0, bodySent),
                            seconds: Date().timeIntervalSince(start)))
                    }
                    if got <= 0 { break }
                } else if poller.revents & Int16(POLLOUT) != 0 {
                    let sent = pending.withUnsafeBytes { send(self.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                    if sent < 0 && errno != EAGAIN { break }
                    if sent > 0 {
                        pending.removeFirst(sent)
                        bodySent += sent
                    }
                } else {
                    break  // hung up or failed
                }
            }
            return .failure(.noReply("no reply; \(bodySent) body bytes sent; received: \(String(decoding: received, as: UTF8.self))"))
        }
        return try result.get()
    }

    /// Closes the connection now (the descriptor stays reserved until deinit, so it is closed exactly once).
    func shutdownBoth() { shutdown(descriptor, Int32(SHUT_RDWR)) }

    /// Runs blocking socket work on a thread of its own, never on the cooperative pool.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    /// A complete response in `data` (Content-Length bodies; with `complete`, whatever arrived before close).
    static func parse(_ data: Data, complete: Bool = false) -> (status: Int, headers: [String: String], body: Data)? {
        guard let separator = data.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[data.startIndex..<separator.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = data[separator.upperBound...]
        if let length = headers["content-length"].flatMap(Int.init) {
            guard body.count >= length else { return nil }
            return (status, headers, Data(body.prefix(length)))
        }
        return complete ? (status, headers, Data(body)) : nil
    }
}
