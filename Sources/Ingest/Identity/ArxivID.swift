public import Foundation

/// An arXiv identifier: new style (`2303.12712`, `0704.0001`) or old style (`hep-ex/0101001`), with an optional version.
///
/// The identifier without version is a paper's identity, so its PDF and LaTeX renderings and its v1/v2 are one document.
///
/// Usage example:
/// ```swift
/// let id = try ArxivID(parsing: "https://arxiv.org/pdf/2303.12712v2")
/// id.identifier   // "2303.12712"
/// id.version      // 2
/// id.ePrintURL    // https://arxiv.org/e-print/2303.12712v2
/// ```
public struct ArxivID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The identifier without version, e.g. `2303.12712` or `hep-ex/0101001`.
    public let identifier: String
    /// The version number (`2` for `v2`), when stated.
    public let version: Int?

    /// Creates an identifier from its parts; `identifier` must already be a bare arXiv id.
    public init(identifier: String, version: Int? = nil) {
        self.identifier = identifier
        self.version = version
    }

    /// Parses an id given on its own, as `arXiv:`-prefixed text, or inside an arXiv URL or file name.
    public init(parsing text: String) throws(IngestError) {
        guard let found = ArxivID(text: text) else {
            throw .invalidArxivID(text: String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(80)))
        }
        self = found
    }

    /// Like `init(parsing:)`, but nil when `text` holds no id.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let url = URL(string: trimmed), url.scheme != nil, let found = ArxivID(url: url) {
            self = found
        } else if let found = ArxivID.firstMatch(in: trimmed, requirePrefix: false) {
            self = found
        } else {
            return nil
        }
    }

    /// The id in an arXiv URL (`/abs/`, `/pdf/`, `/e-print/`, `/src/`, `/format/`), or nil for other URLs.
    public init?(url: URL) {
        guard let host = url.host?.lowercased(), host == "arxiv.org" || host.hasSuffix(".arxiv.org") else { return nil }
        var path = url.path
        for prefix in ["/abs/", "/pdf/", "/e-print/", "/src/", "/format/", "/ps/", "/html/"] where path.hasPrefix(prefix) {
            path.removeFirst(prefix.count)
            if path.hasSuffix(".pdf") { path.removeLast(4) }
            guard let found = ArxivID.firstMatch(in: path, requirePrefix: false) else { return nil }
            self = found
            return
        }
        return nil
    }

    /// The id in a file name such as `2303.12712v2.pdf`, `arxiv_1503.07589v1_higgs.pdf` or `hep-ex_0101001.tar.gz`.
    public init?(fileName: String) {
        let name = (fileName as NSString).lastPathComponent
        if let found = ArxivID.firstMatch(in: name, requirePrefix: false) {
            self = found
            return
        }
        // Old-style ids cannot contain '/' in a file name; arXiv's own downloads write `hep-ex0101001`.
        let oldInName = /([a-z]+(?:-[a-z]+)?)_?(\d{7})(?:v(\d+))?/
        for match in name.matches(of: oldInName) where ArxivID.oldArchives.contains(String(match.1)) {
            guard ArxivID.isBoundary(name[...], before: match.range.lowerBound, excluding: \.isLetter),
                ArxivID.isBoundary(name[...], after: match.range.upperBound, excluding: \.isNumber)
            else { continue }
            self.init(identifier: "\(match.1)/\(match.2)", version: match.3.flatMap { Int($0) })
            return
        }
        return nil
    }

    /// The first id in running text that is marked as one (`arXiv:2303.12712`, `arXiv:hep-ex/0101001v2`, or an arXiv URL).
    public static func find(in text: Substring) -> ArxivID? {
        firstMatch(in: text, requirePrefix: true)
    }

    /// The first id in running text that is marked as one.
    public static func find(in text: String) -> ArxivID? {
        find(in: text[...])
    }

    /// `2303.12712v2`, or the identifier alone when the version is unknown.
    public var versioned: String { version.map { "\(identifier)v\($0)" } ?? identifier }
    /// `arXiv:2303.12712v2`.
    public var description: String { "arXiv:\(versioned)" }
    /// The same paper without a version.
    public var unversioned: ArxivID { ArxivID(identifier: identifier) }
    /// Whether this is an old-style (`archive/YYMMNNN`) id.
    public var isOldStyle: Bool { identifier.contains("/") }

    /// The abstract page.
    public var absURL: URL { ArxivID.url("https://arxiv.org/abs/\(versioned)") }
    /// The PDF rendering.
    public var pdfURL: URL { ArxivID.url("https://arxiv.org/pdf/\(versioned)") }
    /// The source (e-print) archive: a `.tar.gz`, a gzipped `.tex`, or a PDF for PDF-only submissions.
    public var ePrintURL: URL { ArxivID.url("https://arxiv.org/e-print/\(versioned)") }
    /// The arXiv API query that returns this paper's Atom entry.
    public var apiURL: URL { ArxivID.url("https://export.arxiv.org/api/query?id_list=\(versioned)") }

    // MARK: - Matching

    /// Archives that used old-style identifiers before April 2007.
    static let oldArchives: Set<String> = [
        "hep-ex", "hep-ph", "hep-th", "hep-lat", "gr-qc", "nucl-ex", "nucl-th", "astro-ph", "cond-mat",
        "quant-ph", "math-ph", "physics", "math", "cs", "nlin", "q-bio", "q-alg", "alg-geom", "dg-ga",
        "funct-an", "chao-dyn", "solv-int", "patt-sol", "adap-org", "comp-gas", "supr-con", "mtrl-th",
        "chem-ph", "atom-ph", "plasm-ph", "ao-sci", "acc-phys", "bayes-an", "cmp-lg",
    ]

    private static func firstMatch(in text: some StringProtocol, requirePrefix: Bool) -> ArxivID? {
        let text = Substring(text)
        // New style: YYMM.NNNN (2007–2014) or YYMM.NNNNN (2015 on); the month is 01–12.
        let newStyle = /(\d{2}(?:0[1-9]|1[0-2])\.\d{4,5})(?:v(\d+))?/
        let oldStyle = /([a-z]+(?:-[a-z]+)?)(?:\.[A-Z]{2})?\/(\d{7})(?:v(\d+))?/
        var candidates: [(Substring.Index, ArxivID)] = []
        for match in text.matches(of: newStyle) {
            guard isBoundary(text, before: match.range.lowerBound, excluding: { $0.isNumber || $0 == "." || $0 == "/" }),
                isBoundary(text, after: match.range.upperBound, excluding: \.isNumber)
            else { continue }
            if !requirePrefix || isMarked(text, before: match.range.lowerBound) {
                candidates.append((match.range.lowerBound, ArxivID(identifier: String(match.1), version: match.2.flatMap { Int($0) })))
                break
            }
        }
        for match in text.matches(of: oldStyle) where oldArchives.contains(String(match.1)) {
            guard isBoundary(text, before: match.range.lowerBound, excluding: \.isLetter),
                isBoundary(text, after: match.range.upperBound, excluding: \.isNumber)
            else { continue }
            if !requirePrefix || isMarked(text, before: match.range.lowerBound) {
                let full = text[match.range].split(separator: "/")[0]
                candidates.append((match.range.lowerBound, ArxivID(identifier: "\(full)/\(match.2)", version: match.3.flatMap { Int($0) })))
                break
            }
        }
        return candidates.min { $0.0 < $1.0 }?.1
    }

    /// Whether the character before `index` is absent or not excluded (a hand-written lookbehind).
    private static func isBoundary(_ text: Substring, before index: Substring.Index, excluding: (Character) -> Bool) -> Bool {
        index == text.startIndex || !excluding(text[text.index(before: index)])
    }

    /// Whether the character at `index` is absent or not excluded (a hand-written lookahead).
    private static func isBoundary(_ text: Substring, after index: Substring.Index, excluding: (Character) -> Bool) -> Bool {
        index == text.endIndex || !excluding(text[index])
    }

    /// Whether the characters before `index` mark an arXiv id: `arXiv:`, `arXiv `, or an arXiv URL path.
    private static func isMarked(_ text: Substring, before index: Substring.Index) -> Bool {
        let start = text.index(index, offsetBy: -24, limitedBy: text.startIndex) ?? text.startIndex
        let before = text[start..<index].lowercased()
        return before.hasSuffix("arxiv:") || before.hasSuffix("arxiv: ") || before.hasSuffix("arxiv ")
            || before.hasSuffix("/abs/") || before.hasSuffix("/pdf/") || before.hasSuffix("/e-print/")
            || before.hasSuffix("oai:arxiv.org:")
    }

    private static func url(_ string: String) -> URL {
        // Identifiers contain only [A-Za-z0-9.-/], so the URL always parses.
        URL(string: string) ?? URL(fileURLWithPath: "/")
    }
}
