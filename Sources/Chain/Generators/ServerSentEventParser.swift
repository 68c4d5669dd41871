import Foundation

/// Splits a Server-Sent Events byte stream into the `data` payloads of its events
/// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
///
/// Bytes arrive in arbitrary pieces, so an incomplete line is kept until its newline arrives. `data:` lines
/// of one event are joined with "\n"; a blank line dispatches the event; comments (`:`) and the `event`,
/// `id` and `retry` fields are ignored, as OpenAI-compatible servers put nothing there we need.
struct ServerSentEventParser {
    private var buffer = Data()
    private var dataLines: [String] = []

    /// Feeds bytes; returns the payloads of the events they completed, in order.
    mutating func feed(_ bytes: Data) -> [String] {
        buffer.append(bytes)
        var payloads: [String] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var lineBytes = buffer[buffer.startIndex..<newline]
            if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
            let line = String(decoding: lineBytes, as: UTF8.self)
            buffer.removeSubrange(buffer.startIndex...newline)
            if line.isEmpty {
                if !dataLines.isEmpty {
                    payloads.append(dataLines.joined(separator: "\n"))
                    dataLines = []
                }
            } else if line.hasPrefix("data:") {
                var value = line.dropFirst(5)
                if value.first == " " { value = value.dropFirst() }
                dataLines.append(String(value))
            }
        }
        return payloads
    }

    /// The payload of an event the stream ended without dispatching (servers that omit the final blank line).
    mutating func finish() -> String? {
        if !buffer.isEmpty {
            _ = feed(Data("\n".utf8))
        }
        guard !dataLines.isEmpty else { return nil }
        defer { dataLines = [] }
        return dataLines.joined(separator: "\n")
    }
}
