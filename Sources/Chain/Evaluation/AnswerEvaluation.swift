public import Foundation
public import RAGCore

/// One line of an answer benchmark: a question, the facts a right answer must state, and where they are.
///
/// JSONL shape (eval/README.md):
/// `{"id": "…", "question": "…", "lang": "en", "type": "value", "answerable": true,
///   "must_contain": ["125.09"], "expected": [{"source": "paper.pdf", "page": 7}]}`
public struct AnswerQuestion: Hashable, Sendable, Codable {
    /// A document (and page) the answer should cite.
    public struct Source: Hashable, Sendable, Codable {
        /// File name, source URI suffix, document id or arXiv id.
        public var source: String
        /// 1-based page, or nil for any page.
        public var page: Int?
        /// Creates a source.
        public init(source: String, page: Int? = nil) {
            self.source = source
            self.page = page
        }
    }

    /// Identifier for reports.
    public var id: String
    /// The question text.
    public var question: String
    /// `en` or `zh`; derived from the text when missing.
    public var language: String
    /// Question type (value, date, count, name, definition, method, table, caption, two-doc, unanswerable).
    public var type: String
    /// False for on-topic questions the corpus cannot answer: the right answer is to abstain.
    public var answerable: Bool
    /// Strings the answer must contain (compared NFKC- and case-normalised).
    public var mustContain: [String]
    /// Documents the answer should cite.
    public var expected: [Source]

    /// Creates a question.
    public init(
        id: String, question: String, language: String? = nil, type: String = "other", answerable: Bool = true,
        mustContain: [String] = [], expected: [Source] = []
    ) {
        self.id = id
        self.question = question
        self.language = language ?? TextAnalysis.language(of: question)
        self.type = type
        self.answerable = answerable
        self.mustContain = mustContain
        self.expected = expected
    }

    private enum CodingKeys: String, CodingKey {
        case id, question, lang, type, answerable, expected
        case mustContain = "must_contain"
    }

    /// Decodes a line; `lang`, `type` and `answerable` are optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        question = try container.decode(String.self, forKey: .question)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? question
        language = try container.decodeIfPresent(String.self, forKey: .lang) ?? TextAnalysis.language(of: question)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "other"
        answerable = try container.decodeIfPresent(Bool.self, forKey: .answerable) ?? true
        mustContain = try container.decodeIfPresent([String].self, forKey: .mustContain) ?? []
        expected = try container.decodeIfPresent([Source].self, forKey: .expected) ?? []
    }

    /// Encodes the JSONL shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(question, forKey: .question)
        try container.encode(language, forKey: .lang)
        try container.encode(type, forKey: .type)
        try container.encode(answerable, forKey: .answerable)
        try container.encode(mustContain, forKey: .mustContain)
        try container.encode(expected, forKey: .expected)
    }

    /// Reads a JSONL file; blank lines and lines starting with `//` or `#` are skipped. An answerable question
    /// without `must_contain` is an error naming the line.
    public static func load(_ url: URL) throws -> [AnswerQuestion] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ChainError.invalidAnswerSet(path: url.path, line: nil, problem: "cannot read it (\(error.localizedDescription))")
        }
        var questions: [AnswerQuestion] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("//") || trimmed.hasPrefix("#") { continue }
            let question: AnswerQuestion
            do {
                question = try JSONDecoder().decode(AnswerQuestion.self, from: Data(trimmed.utf8))
            } catch {
                throw ChainError.invalidAnswerSet(path: url.path, line: offset + 1, problem: "not an answer-set line (\(error))")
            }
            if question.answerable && question.mustContain.isEmpty {
                throw ChainError.invalidAnswerSet(path: url.path, line: offset + 1, problem: "an answerable question needs \"must_contain\"")
            }
            questions.append(question)
        }
        return questions
    }

    /// NFKC, lower-cased, whitespace collapsed: how `must_contain` strings are compared with answers.
    public static func normalized(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased()
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Whether `text` contains every `must_contain` string.
    public func isStated(in text: String) -> Bool {
        let answer = Self.normalized(text)
        return mustContain.allSatisfy { answer.contains(Self.normalized($0)) }
    }

    /// Whether `citation` points into one of the expected documents (any page).
    public func citesExpectedDocument(_ citation: Citation) -> Bool {
        let source = citation.source.removingPercentEncoding ?? citation.source
        return expected.contains { expected in
            expected.source == citation.chunkID.document.rawValue || expected.source == citation.arxivID
                || source == expected.source || source.hasSuffix("/" + expected.source)
        }
    }
}

/// The outcome of one question.
public struct AnswerOutcome: Hashable, Sendable, Codable {
    /// The question's id.
    public var id: String
    /// Language and type, for grouping.
    public var language: String
    /// Question type.
    public var type: String
    /// The kind of answer the offline generator looked for (quantity, date, name, …).
    public var answerKind: String
    /// Whether the corpus answers it.
    public var answerable: Bool
    /// Whether the chain abstained.
    public var abstained: Bool
    /// Whether every `must_contain` string is in the answer.
    public var keyFact: Bool
    /// Whether a citation points into an expected document.
    public var rightDocument: Bool
    /// Whether a chunk containing every key fact was among the retrieved top `evidenceDepth` (nil when not measured).
    public var factRetrieved: Bool?
    /// The generator's evidence score for its best sentence (nil when it does not score).
    public var confidence: Double?
    /// Seconds the chain took.
    public var seconds: Double
    /// The answer text (for reading failures).
    public var answer: String
}

/// Answer-quality figures of a group of questions.
public struct AnswerMetrics: Hashable, Sendable, Codable {
    /// Group name (`all`, `en`, `zh`, `value`, …).
    public var group: String
    /// Answerable questions in the group.
    public var answerable: Int
    /// Unanswerable questions in the group.
    public var unanswerable: Int
    /// Share of answerable questions whose answer states every key fact.
    public var keyFactRate: Double
    /// Share of answerable questions with a citation into an expected document.
    public var rightDocumentRate: Double
    /// Share of answerable questions the chain abstained on (lower is better).
    public var falseAbstentionRate: Double
    /// Share of unanswerable questions the chain abstained on (higher is better).
    public var abstentionRate: Double
    /// Share of answerable questions with a chunk holding the key fact among the retrieved top k.
    public var factRetrievedRate: Double?

    init(group: String, outcomes: [AnswerOutcome]) {
        self.group = group
        let answerable = outcomes.filter(\.answerable)
        let unanswerable = outcomes.filter { !$0.answerable }
        self.answerable = answerable.count
        self.unanswerable = unanswerable.count
        func share(_ items: [AnswerOutcome], _ predicate: (AnswerOutcome) -> Bool) -> Double {
            items.isEmpty ? 0 : Double(items.filter(predicate).count) / Double(items.count)
        }
        keyFactRate = share(answerable) { $0.keyFact && !$0.abstained }
        rightDocumentRate = share(answerable) { $0.rightDocument && !$0.abstained }
        falseAbstentionRate = share(answerable, \.abstained)
        abstentionRate = share(unanswerable, \.abstained)
        let measured = answerable.compactMap(\.factRetrieved)
        factRetrievedRate = measured.isEmpty ? nil : Double(measured.filter { $0 }.count) / Double(measured.count)
    }
}

/// The answer benchmark's report: per-question outcomes, grouped metrics and latency.
public struct AnswerReport: Hashable, Sendable, Codable {
    /// Every question's outcome, in file order.
    public var outcomes: [AnswerOutcome]
    /// `all`, then per language, then per type.
    public var groups: [AnswerMetrics]
    /// Median and 95th-percentile seconds per question.
    public var latencyP50: Double
    /// 95th percentile.
    public var latencyP95: Double

    /// Builds the report from outcomes.
    public init(outcomes: [AnswerOutcome]) {
        self.outcomes = outcomes
        var groups = [AnswerMetrics(group: "all", outcomes: outcomes)]
        for language in Set(outcomes.map(\.language)).sorted() {
            groups.append(AnswerMetrics(group: "lang=\(language)", outcomes: outcomes.filter { $0.language == language }))
        }
        for type in Set(outcomes.map(\.type)).sorted() {
            groups.append(AnswerMetrics(group: "type=\(type)", outcomes: outcomes.filter { $0.type == type }))
        }
        self.groups = groups
        let seconds = outcomes.map(\.seconds).sorted()
        func percentile(_ p: Double) -> Double {
            seconds.isEmpty ? 0 : seconds[min(seconds.count - 1, Int((p * Double(seconds.count - 1)).rounded()))]
        }
        latencyP50 = percentile(0.5)
        latencyP95 = percentile(0.95)
    }

    /// Answer-or-abstain at each confidence threshold, from a run that never abstained: the share of
    /// answerable questions answered with the key fact (recall), the share of answers given that state it or
    /// are to answerable questions (precision), and the share of unanswerable questions that abstain.
    public func abstentionCurve(thresholds: [Double]) -> String {
        var lines = ["threshold  answered  key-fact(recall)  precision  abstain(unanswerable)  false-abstain"]
        let answerable = outcomes.filter(\.answerable)
        let unanswerable = outcomes.filter { !$0.answerable }
        for threshold in thresholds {
            func answers(_ outcome: AnswerOutcome) -> Bool { !outcome.abstained && (outcome.confidence ?? 0) >= threshold }
            let answered = outcomes.filter(answers)
            let correct = answered.filter { $0.answerable && $0.keyFact }.count
            let recall = answerable.isEmpty ? 0 : Double(correct) / Double(answerable.count)
            let precision = answered.isEmpty ? 1 : Double(correct) / Double(answered.count)
            let abstain = unanswerable.isEmpty ? 0 : Double(unanswerable.filter { !answers($0) }.count) / Double(unanswerable.count)
            let falseAbstain = answerable.isEmpty ? 0 : Double(answerable.filter { !answers($0) }.count) / Double(answerable.count)
            lines.append(String(
                format: "%9.3f  %8d  %15.1f%%  %8.1f%%  %20.1f%%  %12.1f%%", threshold, answered.count, 100 * recall, 100 * precision,
                100 * abstain, 100 * falseAbstain))
        }
        return lines.joined(separator: "\n")
    }

    /// A plain-text table, one row per group.
    public var table: String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%5.1f%%", 100 * $0) } ?? "    –" }
        var lines = ["group            answ unans  key-fact  right-doc  false-abst  abstain(unans)  fact-in-top-k"]
        for group in groups {
            lines.append(
                group.group.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + String(format: " %4d %5d", group.answerable, group.unanswerable)
                    + "    " + percent(group.keyFactRate) + "     " + percent(group.rightDocumentRate)
                    + "      " + percent(group.falseAbstentionRate) + "          " + percent(group.unanswerable > 0 ? group.abstentionRate : nil)
                    + "         " + percent(group.factRetrievedRate))
        }
        lines.append(String(format: "latency per question: p50 %.0f ms, p95 %.0f ms", latencyP50 * 1000, latencyP95 * 1000))
        return lines.joined(separator: "\n")
    }
}

/// Runs the answer benchmark: each question through an answering function (the `qa` chain), scored against
/// its key facts and expected documents; with a retriever, also whether a chunk holding the key facts was
/// retrieved at all (so a miss can be told apart: retrieval or answer step).
public enum AnswerEvaluation {
    /// Evaluates `questions` one after another (latency is per question, as a user sees it).
    public static func run(
        _ questions: [AnswerQuestion], retriever: (any Retriever)? = nil, evidenceDepth: Int = 8,
        answer: (String) async throws -> Answer
    ) async throws -> AnswerReport {
        var outcomes: [AnswerOutcome] = []
        let clock = ContinuousClock()
        for question in questions {
            let start = clock.now
            let reply = try await answer(question.question)
            let elapsed = start.duration(to: clock.now)
            var factRetrieved: Bool?
            if let retriever, question.answerable {
                let hits = try await retriever.retrieve(RetrievalQuery(text: question.question, k: evidenceDepth, mode: .hybrid))
                let joined = hits.map(\.chunk.text).joined(separator: "\n")
                factRetrieved = question.isStated(in: joined)
            }
            outcomes.append(AnswerOutcome(
                id: question.id, language: question.language, type: question.type,
                answerKind: AnswerKind(question: question.question, focus: QuestionFocus(question.question)).rawValue,
                answerable: question.answerable,
                abstained: reply.abstained, keyFact: question.isStated(in: reply.text),
                rightDocument: reply.citations.contains(where: question.citesExpectedDocument),
                factRetrieved: factRetrieved,
                confidence: reply.trace.last(where: { $0.step == "generate" })?.details["confidence"].flatMap(Double.init),
                seconds: elapsed.inSeconds,
                answer: reply.text))
        }
        return AnswerReport(outcomes: outcomes)
    }
}
