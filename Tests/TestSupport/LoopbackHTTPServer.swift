package import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A protocol fake: a tiny HTTP/1.1 server on 127.0.0.1 (ephemeral port, POSIX sockets, one thread per
/// connection) that speaks the OpenAI chat-completions wire format as the tests script it — JSON bodies,
/// `text/event-stream` bodies in chunked transfer encoding, pauses, and connections cut mid-stream. With
/// `keepAlive` a connection serves requests until the client closes it (the responses must then not say
/// `Connection: close`); it counts the connections it accepted and the writes that failed because the client left.
/// It is not an LLM and not a general HTTP server.
package final class LoopbackHTTPServer: Sendable {
    package struct Request: Sendable {
        package var method: String
        package var path: String
        package var headers: [String: String]
        package var body: Data

        package var json: [String: Any] {
            ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:]
        }
    }

    package enum Action: Sendable {
        /// Write these bytes.
        case send(Data)
        /// Wait before the next action.
        case pause(milliseconds: Int)
        /// Stop responding but keep the connection open (until the server stops).
        case hang
        /// Wait until the test calls `openGate()` (or the timeout passes), recording which came first.
        case waitForGate(timeoutMilliseconds: Int)
    }

    package typealias Handler = @Sendable (_ request: Request, _ index: Int) -> [Action]

    package let port: UInt16
    /// The listening socket. `stop()` only shuts it down; the accept thread, which then gets an error, closes it,
    /// exactly once. (Closing a descriptor twice closes whatever another test opened under the same number in
    /// between: this server's `stop()` and `deinit` once closed SQLite databases of other tests that way.)
    private let listener: Mutex<(descriptor: Int32, stopped: Bool, closed: Bool)>
    private let handler: Handler
    private let received = Mutex<[Request]>([])
    private let sendTimes = Mutex<[ContinuousClock.Instant]>([])
    private let gate = Mutex<Bool>(false)
    private let gateOutcome = Mutex<Bool?>(nil)
    private let keepAlive: Bool
    private let counters = Mutex<(connections: Int, brokenWrites: Int)>((0, 0))

    /// Connections accepted so far.
    package var connectionCount: Int { counters.withLock { $0.connections } }
    /// Writes that failed because the client had closed the connection.
    package var brokenWrites: Int { counters.withLock { $0.brokenWrites } }

    /// Lets a `.waitForGate` action proceed.
    package func openGate() { gate.withLock { $0 = true } }
    /// True when the gate was opened before its timeout, false when the timeout passed, nil if never waited.
    package var gateOpenedInTime: Bool? { gateOutcome.withLock { $0 } }

    package var requests: [Request] { received.withLock { $0 } }
    /// When each `send` action was written, in order.
    package var sentAt: [ContinuousClock.Instant] { sendTimes.withLock { $0 } }
    package var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    package init(keepAlive: Bool = false, handler: @escaping Handler) throws {
        self.handler = handler
        self.keepAlive = keepAlive
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.port = UInt16(bigEndian: address.sin_port)
        self.listener = Mutex((descriptor, false, false))
        let thread = Thread { [self] in acceptLoop(descriptor) }
        thread.start()
    }

    /// Stops accepting; safe to call more than once.
    package func stop() {
        listener.withLock { listener in
            if !listener.stopped && !listener.closed { shutdown(listener.descriptor, Int32(SHUT_RDWR)) }
            listener.stopped = true
        }
    }

    deinit { stop() }

    private func acceptLoop(_ descriptor: Int32) {
        while true {
            // After `stop()` shuts the socket down, accept fails and this thread closes it.
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else {
                listener.withLock { listener in
                    close(listener.descriptor)
                    listener.closed = true
                }
                return
            }
            counters.withLock { $0.connections += 1 }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        // Write each scripted piece as its own segment, as a streaming server flushing per event does.
        var noDelay: Int32 = 1
        setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        repeat {
            guard let request = readRequest(connection) else { return }
            let index = received.withLock { requests in
                requests.append(request)
                return requests.count - 1
            }
            guard respond(handler(request, index), on: connection) else { return }
        } while keepAlive
    }

    /// Performs the actions; false when the connection is finished with.
    private func respond(_ actions: [Action], on connection: Int32) -> Bool {
        for action in actions {
            switch action {
            case .send(let data):
                let written = data.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                sendTimes.withLock { $0.append(.now) }
                if written < 0 {
                    counters.withLock { $0.brokenWrites += 1 }
                    return false
                }
            case .pause(let milliseconds):
                Thread.sleep(forTimeInterval: Double(milliseconds) / 1_000)
            case .hang:
                Thread.sleep(forTimeInterval: 120)  // far past any client deadline, even on loaded cores
                return false
            case .waitForGate(let timeout):
                let deadline = ContinuousClock.now + .milliseconds(timeout)
                while !gate.withLock({ $0 }), ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.005) }
                let opened = gate.withLock { $0 }
                gateOutcome.withLock { $0 = opened }
            }
        }
        return true
    }

    private func readRequest(_ connection: Int32) -> Request? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let separator = Data("\r\n\r\n".utf8)
        while data.range(of: separator) == nil {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            data.append(contentsOf: buffer[0..<count])
        }
        guard let headEnd = data.range(of: separator) else { return nil }
        let head = String(decoding: data[..<headEnd.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[headEnd.upperBound...])
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            body.append(contentsOf: buffer[0..<count])
        }
        return Request(
            method: requestLine.first.map(String.init) ?? "", path: requestLine.dropFirst().first.map(String.init) ?? "",
            headers: headers, body: body)
    }

    // MARK: - Responses in the OpenAI wire format

    package static func json(status: Int, _ object: Any, headers: [String: String] = [:], keepAlive: Bool = false) -> [Action] {
        let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        var head = "HTTP/1.1 \(status) \(reason(status))\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        if !keepAlive { head += "Connection: close\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return [.send(Data((head + "\r\n").utf8) + body)]
    }

    package static func completion(_ text: String, model: String = "fake-llm", keepAlive: Bool = false) -> [Action] {
        json(status: 200, [
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1_700_000_000, "model": model,
            "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]],
            "usage": ["prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15],
        ], keepAlive: keepAlive)
    }

    /// A streamed answer: one `chat.completion.chunk` event per piece, each in its own HTTP chunk, then
    /// `data: [DONE]` and the terminating chunk — unless `cutAfter` pieces, where the connection just closes.
    package static func eventStream(
        _ pieces: [String], pauseMilliseconds: Int = 0, cutAfter: Int? = nil, gateAfterFirst: Bool = false, usage: [String: Int]? = nil
    ) -> [Action] {
        var actions: [Action] = [.send(Data(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".utf8))]
        func chunk(_ text: String) -> Action {
            let bytes = Data(text.utf8)
            return .send(Data(String(bytes.count, radix: 16).utf8) + Data("\r\n".utf8) + bytes + Data("\r\n".utf8))
        }
        actions.append(chunk("data: " + event(["role": "assistant"], finish: nil) + "\n\n"))
        for (index, piece) in pieces.enumerated() {
            if let cutAfter, index == cutAfter { return actions }
            if pauseMilliseconds > 0, index > 0 { actions.append(.pause(milliseconds: pauseMilliseconds)) }
            if gateAfterFirst, index == 1 { actions.append(.waitForGate(timeoutMilliseconds: 60_000)) }
            actions.append(chunk("data: " + event(["content": piece], finish: nil) + "\n\n"))
        }
        actions.append(chunk("data: " + event([:], finish: "stop") + "\n\n"))
        if let usage {
            // What OpenAI and vLLM send last with stream_options.include_usage: no choices, only usage.
            let object: [String: Any] = ["id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "fake-llm", "choices": [], "usage": usage]
            let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
            actions.append(chunk("data: " + String(decoding: data, as: UTF8.self) + "\n\n"))
        }
        actions.append(chunk("data: [DONE]\n\n"))
        actions.append(.send(Data("0\r\n\r\n".utf8)))
        return actions
    }

    private static func event(_ delta: [String: String], finish: String?) -> String {
        let object: [String: Any] = [
            "id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "fake-llm",
            "choices": [["index": 0, "delta": delta, "finish_reason": finish.map { $0 as Any } ?? NSNull()]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
