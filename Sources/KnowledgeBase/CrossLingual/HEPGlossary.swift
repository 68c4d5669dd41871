public import Foundation

/// Chinese ↔ English high-energy-physics terms, read from tab-separated files: the built-in
/// `Resources/hep-glossary.tsv` (a few hundred experiments, facilities, particles, quantities, detector parts and
/// analysis words) and any user files. Glossary entries override the general dictionary.
///
/// File format, one concept a line (`#` starts a comment line; blank lines are skipped):
/// ```
/// 北京谱仪|北京谱仪III<TAB>BESIII|BES<TAB>experiment
/// ```
/// Chinese names, English names, and an optional kind; alternatives are separated by `|`, the first of each side
/// is the preferred name.
public struct HEPGlossary: Hashable, Sendable {
    /// One concept.
    public struct Entry: Hashable, Sendable {
        /// Chinese names, preferred first.
        public var chinese: [String]
        /// English names and acronyms, preferred first.
        public var english: [String]
        /// Kind (`experiment`, `particle`, …); empty when the file gives none.
        public var kind: String

        /// Creates an entry.
        public init(chinese: [String], english: [String], kind: String = "") {
            self.chinese = chinese
            self.english = english
            self.kind = kind
        }
    }

    /// The concepts; where two entries share a name, the earlier one wins.
    public private(set) var entries: [Entry]

    /// Creates a glossary.
    public init(entries: [Entry]) { self.entries = entries }

    /// A glossary whose entries come first and `other`'s after them, so `self` overrides `other` on shared names.
    public func overriding(_ other: HEPGlossary) -> HEPGlossary {
        HEPGlossary(entries: entries + other.entries)
    }

    /// Parses glossary text; `name` is the file named in error messages.
    public static func parse(_ text: String, name: String) throws -> HEPGlossary {
        var entries: [Entry] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let columns = rawLine.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count == 2 || columns.count == 3 else {
                throw GlossaryError.badLine(
                    file: name, line: offset + 1,
                    reason: "expected 'Chinese<TAB>English' or 'Chinese<TAB>English<TAB>kind', found \(columns.count) tab-separated column(s)")
            }
            func names(_ column: Substring) -> [String] {
                column.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let chinese = names(columns[0])
            let english = names(columns[1])
            guard !chinese.isEmpty, !english.isEmpty else {
                throw GlossaryError.badLine(file: name, line: offset + 1, reason: "a Chinese and an English name are both needed")
            }
            if let bad = chinese.first(where: { !$0.unicodeScalars.contains(where: CJKText.isCJK) }) {
                throw GlossaryError.badLine(
                    file: name, line: offset + 1, reason: "the first column holds Chinese names; '\(bad)' has no Chinese character")
            }
            let kind = columns.count == 3 ? columns[2].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            entries.append(Entry(chinese: chinese, english: english, kind: kind))
        }
        return HEPGlossary(entries: entries)
    }

    /// Reads a glossary file.
    public static func load(file: URL) throws -> HEPGlossary {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw GlossaryError.unreadable(file: file.path, reason: error.localizedDescription)
        }
        return try parse(text, name: file.path)
    }

    /// The glossary shipped with HepChain (`Sources/KnowledgeBase/Resources/hep-glossary.tsv`).
    public static func builtIn() throws -> HEPGlossary {
        guard let url = Bundle.module.url(forResource: "hep-glossary", withExtension: "tsv") else {
            throw GlossaryError.unreadable(file: "hep-glossary.tsv", reason: "the resource is missing from HepChain's KnowledgeBase bundle")
        }
        return try load(file: url)
    }
}

/// A glossary file that cannot be used.
public enum GlossaryError: Error, CustomStringConvertible, Equatable {
    /// The file cannot be read.
    case unreadable(file: String, reason: String)
    /// A line is not a glossary entry.
    case badLine(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "Cannot read the glossary '\(file)': \(reason)."
        case .badLine(let file, let line, let reason):
            "The glossary '\(file)' line \(line) is not an entry: \(reason). See docs/knowledge-base.md (cross-lingual search)."
        }
    }
}
