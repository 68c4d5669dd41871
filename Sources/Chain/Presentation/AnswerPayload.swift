public import RAGCore

/// The JSON shape of an answer for `hepchain ask --json` and `/v1/ask`:
/// `{"answer", "abstained", "citations": [{"marker", "title", "source", "arxivId", "pageStart", "pageEnd",
/// "section", "quote", "chunk"}], "trace": [{"step", "ms", …details}]}`.
///
/// Usage example:
/// ```swift
/// let data = try JSONEncoder().encode(AnswerPayload(answer))
/// ```
public struct AnswerPayload: Hashable, Sendable, Encodable {
    /// One citation.
    public struct CitationPayload: Hashable, Sendable, Encodable {
        /// The `[n]` marker, nil for search hits.
        public var marker: Int?
        /// Document title.
        public var title: String?
        /// Source URI.
        public var source: String
        /// arXiv id.
        public var arxivId: String?
        /// First page.
        public var pageStart: Int
        /// Last page.
        public var pageEnd: Int
        /// Section path.
        public var section: String?
        /// Supporting sentence.
        public var quote: String?
        /// Chunk id, `document#ordinal`.
        public var chunk: String
    }

    /// One trace entry: step, milliseconds, and the step's details as further keys.
    public struct TracePayload: Hashable, Sendable, Encodable {
        /// Step name.
        public var step: String
        /// Duration in milliseconds.
        public var ms: Double
        /// Input/output summaries and extras.
        public var details: [String: String]

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        /// Encodes `step`, `ms` and each detail as a sibling key.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(step, forKey: Key(stringValue: "step"))
            try container.encode((ms * 1_000).rounded() / 1_000, forKey: Key(stringValue: "ms"))
            for (key, value) in details.sorted(by: { $0.key < $1.key }) where key != "step" && key != "ms" {
                try container.encode(value, forKey: Key(stringValue: key))
            }
        }
    }

    /// Answer text with `[n]` markers.
    public var answer: String
    /// True when the sources did not support an answer.
    public var abstained: Bool
    /// Citations in marker order.
    public var citations: [CitationPayload]
    /// Per-step trace.
    public var trace: [TracePayload]

    /// The payload of an answer.
    public init(_ answer: Answer) {
        self.answer = answer.text
        self.abstained = answer.abstained
        self.citations = answer.citations.map {
            CitationPayload(
                marker: $0.marker, title: $0.title, source: $0.source, arxivId: $0.arxivID, pageStart: $0.pageStart,
                pageEnd: $0.pageEnd, section: $0.section, quote: $0.quote, chunk: $0.chunkID.description)
        }
        self.trace = answer.trace.map { TracePayload(step: $0.step, ms: $0.milliseconds, details: $0.details) }
    }
}
