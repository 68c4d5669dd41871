/// Turns a query in one language into search text for passages in another (cross-lingual retrieval).
///
/// HepChain's users ask in Chinese and in English over papers that are mostly English and institute pages that
/// are partly Chinese. A translator gives the BM25 query (the question plus the translations of its terms) and
/// the dense query (what the embedding model reads) for one question.
///
/// Usage example:
/// ```swift
/// let translation = translator.translate("北京谱仪测量的粲偶素质量")
/// // translation.lexical: "北京谱仪测量的粲偶素质量 BESIII BES measurement measured charmonium mass"
/// // translation.dense:   "BESIII measurement charmonium mass"
/// ```
public protocol QueryTranslator: Sendable {
    /// The search texts for `query`.
    func translate(_ query: String) -> QueryTranslation
}

/// What a query becomes for search.
public struct QueryTranslation: Hashable, Sendable {
    /// Which way the query was translated.
    public enum Direction: String, Hashable, Sendable, Codable {
        /// Chinese (or mixed) question, English terms added.
        case chineseToEnglish = "zh→en"
        /// English question, Chinese terms added.
        case englishToChinese = "en→zh"
        /// Nothing translated.
        case none
    }

    /// One translated piece of the query.
    public struct Term: Hashable, Sendable, Codable {
        /// Where a translation came from.
        public enum Origin: String, Hashable, Sendable, Codable {
            /// A glossary (the built-in HEP glossary or a user's file).
            case glossary
            /// The general dictionary (CC-CEDICT).
            case dictionary
        }

        /// The words of the query (a Chinese segment or an English phrase).
        public var source: String
        /// Its translations, best first.
        public var targets: [String]
        /// Where the translations came from.
        public var origin: Origin
        /// What a glossary says the term names (`particle`, `experiment`, …); nil from the dictionary.
        public var kind: String?

        /// Creates a term.
        public init(source: String, targets: [String], origin: Origin, kind: String? = nil) {
            self.source = source
            self.targets = targets
            self.origin = origin
            self.kind = kind
        }
    }

    /// The query plus every translation added, for BM25.
    public var lexical: String
    /// The text the embedding model reads: for a Chinese question its English reading; else the query.
    public var dense: String
    /// Which way the query was translated.
    public var direction: Direction
    /// The translated pieces, in query order.
    public var terms: [Term]
    /// One line for traces and logs: what was translated, or why nothing was.
    public var note: String

    /// Creates a translation.
    public init(lexical: String, dense: String, direction: Direction, terms: [Term], note: String) {
        self.lexical = lexical
        self.dense = dense
        self.direction = direction
        self.terms = terms
        self.note = note
    }

    /// Every translation added, unique, in query order.
    public var addedTerms: [String] {
        var seen: Set<String> = []
        return terms.flatMap(\.targets).filter { seen.insert($0).inserted }
    }

    /// The query searched as written.
    public static func untranslated(_ query: String, note: String = "") -> QueryTranslation {
        QueryTranslation(lexical: query, dense: query, direction: .none, terms: [], note: note)
    }
}

/// Searches every query as written.
public struct NoTranslation: QueryTranslator {
    /// Creates the translator.
    public init() {}

    /// The query unchanged.
    public func translate(_ query: String) -> QueryTranslation { .untranslated(query) }
}
