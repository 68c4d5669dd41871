/// The automatic rubric a fission set is held to, applied to the finished records (whatever mode wrote them):
///
/// - **well-formed**: opens with a question word (or is a Chinese question), ends with a question mark, no
///   ellipsis, quoted title or dangling article or preposition (a preposition after its verb is fine: "What
///   is the BDT trained for?");
/// - **supported**: the answer does not abstain and its cited quotes carry at least half of the question's
///   terms (and a number for a value question, a year for a when question);
/// - **sources not references**: every cited quote is a statement, not a reference entry, an author or
///   affiliation list or a bare caption;
/// - **not a duplicate**: no other question of the set shares more than 70 % of its terms.
public enum FissionRubric {
    /// A criterion of the rubric.
    public enum Criterion: String, Sendable, CaseIterable, Codable {
        case wellFormed = "well-formed"
        case supported
        case sourcesNotReferences = "sources-not-references"
        case notDuplicate = "not-duplicate"
    }

    /// How a set fares.
    public struct Result: Sendable, Codable, Equatable {
        /// Records that meet every criterion.
        public var passed: Int
        /// Records checked.
        public var total: Int
        /// Failures per criterion.
        public var failures: [String: Int]
        /// Ids of failing records with the criteria they fail.
        public var failing: [String: [String]]
        /// passed ÷ total.
        public var passRate: Double { total == 0 ? 0 : Double(passed) / Double(total) }
    }

    private static let englishOpeners: Set<String> = ["what", "how", "why", "when", "who", "which", "where", "whom", "whose", "in", "at", "by", "for"]
    private static let danglingEnds: Set<String> = ["the", "a", "an", "of", "in", "on", "for", "to", "with", "and", "or", "by", "at", "from"]
    /// A preposition may end a question after the verb it belongs to ("What is the BDT trained for?", "What does
    /// the efficiency depend on?", "What is the uncertainty dominated by?"), never after a noun or an article ("What is the mass of?").
    private static let strandedPrepositions: Set<String> = ["for", "on", "of", "to", "with", "from", "at", "in", "by"]
    private static let prepositionVerbs: Set<String> = [
        "depend", "rely", "consist", "comprise", "correspond", "compare", "look", "search", "account", "refer", "belong", "lead", "apply",
        "contribute", "made", "built", "run", "done", "known", "used", "based", "driven",
    ]
    private static let chineseQuestionMarks = ["什么", "多少", "如何", "为什么", "谁", "哪", "怎样", "怎么", "吗", "相比"]

    /// The criteria `record` fails within `set`.
    public static func failures(of record: FissionRecord, in set: [FissionRecord]) -> [Criterion] {
        var failed: [Criterion] = []
        if !isWellFormed(record.question) { failed.append(.wellFormed) }
        let quotes = record.sources.compactMap(\.quote)
        let kind = record.kind ?? FissionQuestionKind(question: record.question)
        if record.answer.contains(ExtractiveGenerator.abstention) || quotes.isEmpty
            || !SeedFission.supports(quotes, question: record.question, kind: kind)
        {
            failed.append(.supported)
        }
        if quotes.contains(where: { !SeedFission.isEvidence($0) || ExtractiveGenerator.looksLikeReference($0) || ExtractiveGenerator.looksLikeAuthorList($0) }) {
            failed.append(.sourcesNotReferences)
        }
        let terms = comparedTerms(record.question)
        let normalized = record.question.lowercased()
        if set.contains(where: { other in
            other.id != record.id && (other.question.lowercased() == normalized || SeedFission.jaccard(comparedTerms(other.question), terms) > 0.7)
        }) {
            failed.append(.notDuplicate)
        }
        return failed
    }

    /// Terms two questions are compared on; a Chinese template question ("X是如何确定的？") by its English
    /// terms, since the templates share their Chinese words.
    static func comparedTerms(_ question: String) -> Set<String> {
        let terms = SeedFission.distinguishingTerms(question)
        guard question.unicodeScalars.contains(where: TextAnalysis.isCJK) else { return terms }
        let latin = terms.filter { !$0.unicodeScalars.contains(where: TextAnalysis.isCJK) }
        return latin.isEmpty ? terms : latin
    }

    /// The rubric over a whole set.
    public static func evaluate(_ records: [FissionRecord]) -> Result {
        var result = Result(passed: 0, total: records.count, failures: [:], failing: [:])
        for record in records {
            let failed = failures(of: record, in: records)
            if failed.isEmpty {
                result.passed += 1
            } else {
                result.failing[record.id] = failed.map(\.rawValue)
                for criterion in failed { result.failures[criterion.rawValue, default: 0] += 1 }
            }
        }
        return result
    }

    /// Whether `question` reads as a question.
    public static func isWellFormed(_ question: String) -> Bool {
        guard SeedFission.isWellFormed(question) else { return false }
        if question.unicodeScalars.contains(where: TextAnalysis.isCJK) { return chineseQuestionMarks.contains(where: question.contains) }
        let words = question.dropLast().split(separator: " ").map { $0.lowercased() }
        guard let first = words.first, englishOpeners.contains(first) || ["is", "are", "does", "do", "can", "was", "were"].contains(first) else { return false }
        guard let last = words.last else { return false }
        if danglingEnds.contains(last) {
            let previous = words.dropLast().last ?? ""
            let isVerb = previous.count > 4 && previous.hasSuffix("ed") || prepositionVerbs.contains(previous)
            guard strandedPrepositions.contains(last), isVerb else { return false }
        }
        let opens = question.filter { $0 == "(" }.count
        guard opens == question.filter({ $0 == ")" }).count else { return false }
        return !zip(words, words.dropFirst()).contains { $0 == $1 }
    }
}
