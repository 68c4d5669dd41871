public import Foundation
public import RAGCore

/// One line of an evaluation file: a question and where its answer is.
///
/// JSONL shape: `{"question": "…", "expected": [{"source": "paper.pdf", "page": 3}], "quote": "…"}` with
/// `expected`, `quote` or both. `source` is a file name, a source URI suffix, a document id or an arXiv id;
/// `page` is optional (any page of the document then counts).
public struct EvaluationQuestion: Hashable, Sendable, Codable {
    /// A passage that answers the question.
    public struct ExpectedPassage: Hashable, Sendable, Codable {
        /// File name, source URI (or its suffix), document id or arXiv id.
        public var source: String
        /// 1-based page, or nil for any page.
        public var page: Int?
        /// Creates an expected passage.
        public init(source: String, page: Int? = nil) {
            self.source = source
            self.page = page
        }

        private enum CodingKeys: String, CodingKey { case source, file, document, page }

        /// Decodes `source`, or its aliases `file` (hand-written sets) and `document` (`hepchain fission` output).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let source = try container.decodeIfPresent(String.self, forKey: .source) {
                self.source = source
            } else if let file = try container.decodeIfPresent(String.self, forKey: .file) {
                self.source = file
            } else {
                self.source = try container.decode(String.self, forKey: .document)
            }
            page = try container.decodeIfPresent(Int.self, forKey: .page)
        }

        /// Encodes as `{"source", "page"}`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(source, forKey: .source)
            try container.encodeIfPresent(page, forKey: .page)
        }
    }

    /// Optional identifier for reports.
    public var id: String?
    /// The question text.
    public var question: String
    /// Passages that answer it.
    public var expected: [ExpectedPassage]
    /// A span that an answering chunk contains (compared ignoring case, spacing and punctuation).
    public var quote: String?

    /// Creates a question.
    public init(id: String? = nil, question: String, expected: [ExpectedPassage] = [], quote: String? = nil) {
        self.id = id
        self.question = question
        self.expected = expected
        self.quote = quote
    }

    /// False for questions the corpus cannot answer (kept in the file for abstention tests); retrieval
    /// evaluation skips them.
    public var isAnswerable: Bool = true

    private enum CodingKeys: String, CodingKey { case id, question, expected, quote, answerable }

    /// Decodes a question; `expected` may be missing when `quote` is given.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        question = try container.decode(String.self, forKey: .question)
        expected = try container.decodeIfPresent([ExpectedPassage].self, forKey: .expected) ?? []
        quote = try container.decodeIfPresent(String.self, forKey: .quote)
        isAnswerable = try container.decodeIfPresent(Bool.self, forKey: .answerable) ?? true
    }

    /// Encodes the JSONL shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(question, forKey: .question)
        try container.encode(expected, forKey: .expected)
        try container.encodeIfPresent(quote, forKey: .quote)
        if !isAnswerable { try container.encode(false, forKey: .answerable) }
    }

    /// Reads a JSONL file; blank lines and lines starting with `//` or `#` are skipped, and so are the questions
    /// marked `"answerable": false`.
    public static func load(_ url: URL) throws -> [EvaluationQuestion] {
        try lines(of: url) { (line: Int, question: EvaluationQuestion) in
            guard question.isAnswerable else { return nil }
            guard !question.expected.isEmpty || question.quote != nil else {
                throw KnowledgeBaseError.invalidEvaluationFile(path: url.path, line: line, detail: "no expected passage or quote")
            }
            return question
        }
    }

    /// The question text of every line of an evaluation file, answerable or not, in file order: what benchmarks and
    /// tests ask when they time or compare searches rather than score them. Lines are skipped as `load` skips them.
    public static func texts(_ url: URL) throws -> [String] {
        struct QuestionLine: Decodable { var question: String }
        return try lines(of: url) { (_: Int, line: QuestionLine) in line.question }
    }

    /// Decodes each line of a JSONL file but blank and comment lines, in order, and keeps what `keep` returns for
    /// it (given the 1-based line number); a line that does not decode is an error naming the file and the line.
    private static func lines<Line: Decodable, Kept>(of url: URL, keep: (Int, Line) throws -> Kept?) throws -> [Kept] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var kept: [Kept] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("//") || trimmed.hasPrefix("#") { continue }
            let decoded: Line
            do {
                decoded = try JSONDecoder().decode(Line.self, from: Data(trimmed.utf8))
            } catch {
                throw KnowledgeBaseError.invalidEvaluationFile(path: url.path, line: offset + 1, detail: "\(error)")
            }
            if let value = try keep(offset + 1, decoded) { kept.append(value) }
        }
        return kept
    }

    // MARK: - Relevance

    /// Number of distinct targets (expected passages, plus the quote when given).
    public var targetCount: Int { expected.count + (quote == nil ? 0 : 1) }

    /// Indices of the targets `hit` satisfies: expected passages by position, the quote as `expected.count`.
    public func targets(satisfiedBy hit: RetrievedChunk) -> [Int] {
        var satisfied: [Int] = []
        for (index, passage) in expected.enumerated() where Self.matches(passage, hit) { satisfied.append(index) }
        if let quote, Self.squeezed(hit.chunk.text).contains(Self.squeezed(quote)) { satisfied.append(expected.count) }
        return satisfied
    }

    private static func matches(_ passage: ExpectedPassage, _ hit: RetrievedChunk) -> Bool {
        let citation = hit.citation
        let source = citation.source.removingPercentEncoding ?? citation.source
        let isSameDocument = passage.source == hit.chunk.id.document.rawValue || passage.source == citation.arxivID
            || source == passage.source || source.hasSuffix("/" + passage.source)
        guard isSameDocument else { return false }
        guard let page = passage.page else { return true }
        return (citation.pageStart...max(citation.pageStart, citation.pageEnd)).contains(page)
    }

    /// Lower-cased letters and digits only, so line breaks, hyphenation spaces and punctuation do not matter.
    static func squeezed(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }))
    }
}
