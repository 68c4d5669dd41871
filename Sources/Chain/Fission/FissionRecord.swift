/// One grounded question–answer pair grown by `SeedFission`, as written to JSONL.
///
/// `expected` lists the (document, page) pairs the answer cites, in the shape `hepchain eval` reads, so a
/// fission file doubles as an evaluation set.
public struct FissionRecord: Hashable, Sendable, Codable {
    /// A cited passage.
    public struct Source: Hashable, Sendable, Codable {
        /// Document id, e.g. `arxiv:1503.07589`.
        public var document: String
        /// Document title, when known.
        public var title: String?
        /// First page of the passage.
        public var page: Int
        /// The sentence that supports the answer.
        public var quote: String?
        /// Creates a source.
        public init(document: String, title: String? = nil, page: Int, quote: String? = nil) {
            self.document = document
            self.title = title
            self.page = page
            self.quote = quote
        }
    }

    /// A relevant (document, page) pair for evaluation.
    public struct Expected: Hashable, Sendable, Codable {
        /// Document id.
        public var document: String
        /// Page.
        public var page: Int
        /// Creates a pair.
        public init(document: String, page: Int) {
            self.document = document
            self.page = page
        }
    }

    /// Identifier within the run (`q1`, `q2`, …).
    public var id: String
    /// The question.
    public var question: String
    /// The grounded answer with `[n]` markers.
    public var answer: String
    /// Cited passages, in marker order.
    public var sources: [FissionRecord.Source]
    /// Depth in the question tree; questions about the seed are at depth 1.
    public var depth: Int
    /// `id` of the record whose answer this question was asked about; nil at depth 1.
    public var parent: String?
    /// (document, page) pairs that answer the question.
    public var expected: [Expected]
    /// `llm` or `offline`: which mode produced the record.
    public var mode: String
    /// What kind of question it is (definition, value, method, reason, comparison, who, when).
    public var kind: FissionQuestionKind?
    /// Language of the question (`en`, `zh`).
    public var language: String?
    /// Terms of the answer's sources that seeded the next round.
    public var keyTerms: [String]?

    /// Creates a record.
    public init(id: String, question: String, answer: String, sources: [FissionRecord.Source], depth: Int, parent: String?, expected: [Expected], mode: String) {
        self.id = id
        self.question = question
        self.answer = answer
        self.sources = sources
        self.depth = depth
        self.parent = parent
        self.expected = expected
        self.mode = mode
    }
}
