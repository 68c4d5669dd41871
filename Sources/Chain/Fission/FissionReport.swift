public import Foundation

/// The pairs of a fission run and what the checker did.
public struct FissionResult: Sendable {
    /// Accepted pairs, in the order they were accepted.
    public var records: [FissionRecord]
    /// Rejections by reason and the diversity per round.
    public var report: FissionReport
}

/// Rejections by reason and, per round (tree depth), how diverse the accepted pairs are.
public struct FissionReport: Sendable, Codable, Equatable {
    /// Diversity of one round.
    public struct Round: Sendable, Codable, Equatable {
        /// Tree depth (1 = questions about the seed).
        public var depth: Int
        /// Accepted pairs.
        public var pairs = 0
        /// Distinct cited documents.
        public var documents: [String] = []
        /// Distinct sections the questions were written from.
        public var sections: [String] = []
        /// Pairs per question kind.
        public var kinds: [String: Int] = [:]
        /// Distinct key terms the round's answers passed on.
        public var keyTerms: [String] = []
    }

    /// The seed.
    public var seed: String
    /// Near-duplicate cosine threshold used.
    public var duplicateThreshold: Double
    /// Accepted pairs.
    public var accepted = 0
    /// Rejected questions by `FissionRejection` reason.
    public var rejected: [String: Int] = [:]
    /// Largest cosine between an accepted question and any earlier accepted one (nil without an embedder).
    public var largestAcceptedCosine: Double?
    /// A question and the closest earlier one, with their embedding cosine.
    public struct ClosePair: Sendable, Codable, Equatable {
        /// The later question.
        public var question: String
        /// The earlier accepted question closest to it.
        public var earlier: String
        /// Their cosine.
        public var cosine: Double
    }

    /// The questions dropped as near-duplicates (first 100), to audit the threshold.
    public var nearDuplicates: [ClosePair] = []
    /// A question the checker dropped after the expert answered it.
    public struct Rejection: Sendable, Codable, Equatable {
        /// The `FissionRejection` reason.
        public var reason: String
        /// The question.
        public var question: String
        /// The sentence it was written from (offline; "" with a model newcomer).
        public var evidence: String
        /// The expert's first cited quote, if any.
        public var firstQuote: String?
    }

    /// The first 200 questions dropped after the expert answered (`unanswered`, `off-source`,
    /// `reference-or-caption`, `unsupported`), to audit the checker against what the expert said.
    public var rejections: [Rejection] = []
    /// The closest pair among accepted questions.
    public var closestAccepted: ClosePair?
    /// One entry per depth reached.
    public var rounds: [Round] = []
    /// The automatic rubric over the accepted pairs.
    public var rubric: FissionRubric.Result?
    /// Wall-clock seconds by role (`retrieve`, `newcomer`, `embed-questions`, `expert`), where a run spends its time.
    public var seconds: [String: Double] = [:]
    /// Inputs read (the seed and each accepted answer's key terms, each possibly read again deeper).
    public var inputsRead = 0
    /// Distinct passages the newcomer read.
    public var passagesRead = 0
    /// Questions the newcomer wrote (before any check).
    public var drafted = 0

    init(seed: String, duplicateThreshold: Double) {
        self.seed = seed
        self.duplicateThreshold = duplicateThreshold
    }

    mutating func add(_ record: FissionRecord, section: String?) {
        if !rounds.contains(where: { $0.depth == record.depth }) { rounds.append(Round(depth: record.depth)) }
        guard let index = rounds.firstIndex(where: { $0.depth == record.depth }) else { return }
        rounds[index].pairs += 1
        for source in record.sources where !rounds[index].documents.contains(source.document) { rounds[index].documents.append(source.document) }
        let place = "\(record.sources.first?.document ?? "?") § \(section ?? "-")"
        if !rounds[index].sections.contains(place) { rounds[index].sections.append(place) }
        if let kind = record.kind { rounds[index].kinds[kind.rawValue, default: 0] += 1 }
        for term in record.keyTerms ?? [] where !rounds[index].keyTerms.contains(term) { rounds[index].keyTerms.append(term) }
    }

    /// A few lines for a terminal.
    public var summary: String {
        var lines = ["fission \"\(seed)\": \(accepted) pairs accepted, \(rejected.values.reduce(0, +)) rejected"]
        if !rejected.isEmpty {
            lines.append("  rejected: " + rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if let largestAcceptedCosine {
            lines.append("  largest cosine between accepted questions: \(String(format: "%.3f", largestAcceptedCosine)) (threshold \(duplicateThreshold))")
        }
        if let rubric {
            let failures = rubric.failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("  rubric: \(rubric.passed)/\(rubric.total) pass" + (failures.isEmpty ? "" : "; failures: \(failures)"))
        }
        if !seconds.isEmpty {
            let roles = seconds.sorted { $0.value > $1.value }.map { "\($0.key) \(String(format: "%.1f", $0.value)) s" }.joined(separator: ", ")
            lines.append("  time: \(roles); \(inputsRead) inputs read, \(passagesRead) passages read, \(drafted) questions drafted")
        }
        for round in rounds {
            let kinds = round.kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append(
                "  depth \(round.depth): \(round.pairs) pairs, \(round.documents.count) documents, \(round.sections.count) sections, "
                    + "\(round.keyTerms.count) key terms; kinds: \(kinds)")
        }
        return lines.joined(separator: "\n")
    }
}

/// File formats for fission pairs.
public enum FissionOutputFormat: String, Sendable, CaseIterable {
    /// One `FissionRecord` per line: the `hepchain eval` set format.
    case jsonl
    /// OpenAI chat fine-tuning JSONL: `{"messages": [system, user, assistant]}` per line.
    case openai
    /// Alpaca-style JSON: an array of `{"instruction", "input", "output"}`.
    case alpaca
}

extension SeedFission {
    /// System message of the OpenAI fine-tuning format.
    public static let fineTuningSystemPrompt = "You are an expert in high-energy physics. Answer from the cited sources and keep numbers and units exactly."

    /// The records encoded in `format`.
    public static func encode(_ records: [FissionRecord], format: FissionOutputFormat) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        switch format {
        case .jsonl:
            for record in records {
                data.append(try encoder.encode(record))
                data.append(UInt8(ascii: "\n"))
            }
        case .openai:
            for record in records {
                let messages = [
                    ChatLine(role: "system", content: fineTuningSystemPrompt), ChatLine(role: "user", content: record.question),
                    ChatLine(role: "assistant", content: record.answer),
                ]
                data.append(try encoder.encode(["messages": messages]))
                data.append(UInt8(ascii: "\n"))
            }
        case .alpaca:
            encoder.outputFormatting.insert(.prettyPrinted)
            data = try encoder.encode(records.map { AlpacaItem(instruction: $0.question, input: "", output: $0.answer) })
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }

    /// Writes records in `format` (JSON Lines by default).
    public static func write(_ records: [FissionRecord], format: FissionOutputFormat = .jsonl, to url: URL) throws {
        let data = try encode(records, format: format)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ChainError.outputFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Writes records as JSON Lines (one object per line, keys sorted).
    public static func writeJSONL(_ records: [FissionRecord], to url: URL) throws {
        try write(records, format: .jsonl, to: url)
    }
}

private struct ChatLine: Codable {
    var role: String
    var content: String
}

private struct AlpacaItem: Codable {
    var instruction: String
    var input: String
    var output: String
}
