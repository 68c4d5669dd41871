public import Foundation
public import RAGCore

/// Loads arXiv LaTeX sources: the e-print `.tar.gz`, a gzipped single `.tex`, a plain `.tex` or a folder.
///
/// Finds the main file, follows `\input`/`\include` (loops and paths leaving the submission are refused),
/// drops comments and the preamble, expands simple `\newcommand`s, keeps the section hierarchy (numbered as
/// LaTeX numbers it), keeps each display equation whole with its `\label`, turns `\cite` keys and `\ref`s into
/// readable markers, and takes title, authors and abstract from the source. Nothing is executed.
///
/// Usage example:
/// ```swift
/// let paper = try await LaTeXLoader().load(URL(fileURLWithPath: "2303.12712v2.tar.gz"))
/// ```
public struct LaTeXLoader: DocumentLoader {
    /// Most archive members or folder files read.
    public var maxMembers: Int
    /// Most unpacked bytes.
    public var maxUnpackedBytes: Int
    /// Wall-clock limit for unpacking.
    public var timeout: Double

    /// Creates a loader with limits well above real arXiv submissions.
    public init(maxMembers: Int = 2_000, maxUnpackedBytes: Int = 256 << 20, timeout: Double = 30) {
        self.maxMembers = maxMembers
        self.maxUnpackedBytes = maxUnpackedBytes
        self.timeout = timeout
    }

    private var limits: LaTeXSourceTree.Limits {
        LaTeXSourceTree.Limits(maxMembers: maxMembers, maxTotalBytes: maxUnpackedBytes, timeout: timeout)
    }

    /// Loads a `.tex`, `.gz`, `.tar.gz`/`.tgz`/`.tar` file or a source folder.
    public func load(_ source: URL) async throws -> Document {
        // Unpacking may run gzip for up to `timeout`: wait for it off the cooperative pool.
        try await BlockingWork.run { try loadBlocking(source) }
    }

    private func loadBlocking(_ source: URL) throws -> Document {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return try loadFolder(source)
        }
        let data = try FileProbe.contents(of: source, limit: maxUnpackedBytes)
        if source.pathExtension.lowercased() == "tex", !data.starts(with: [0x1F, 0x8B]), !TarArchive.isTar(data) {
            // A lone .tex may \input its siblings: read the folder, but start from this file.
            var tree = try LaTeXSourceTree.from(folder: source.deletingLastPathComponent(), limits: limits, requireMain: false)
            tree.files[source.lastPathComponent] = String(decoding: data, as: UTF8.self)
            tree.mainFile = source.lastPathComponent
            return try document(from: tree, source: source.absoluteString)
        }
        return try parse(data, source: source.absoluteString, contentType: nil)
    }

    /// Loads a folder of sources.
    public func loadFolder(_ folder: URL) throws(IngestError) -> Document {
        let tree = try LaTeXSourceTree.from(folder: folder, limits: limits, requireMain: true)
        return try document(from: tree, source: folder.absoluteString)
    }

    /// Parses an e-print (tar.gz, gzipped tex) or plain LaTeX bytes.
    public func parse(_ data: Data, source: String, contentType: String?) throws -> Document {
        let name = FileProbe.displayName(source)
        let tree = try LaTeXSourceTree.from(data, name: name, limits: limits)
        return try document(from: tree, source: source)
    }

    private func document(from tree: LaTeXSourceTree, source: String) throws(IngestError) -> Document {
        let name = FileProbe.displayName(source)
        let expander = LaTeXExpander(files: tree.files, source: name)
        let expanded = try expander.expandInputs(of: tree.mainFile)
        // A fragment without \begin{document} (a chapter file) is all body.
        let begin = expanded.range(of: "\\begin{document}") ?? expanded.startIndex..<expanded.startIndex
        let preamble = String(expanded[..<begin.lowerBound])
        let bodyEnd = expanded.range(of: "\\end{document}", range: begin.upperBound..<expanded.endIndex)?.lowerBound ?? expanded.endIndex
        var body = String(expanded[begin.upperBound..<bodyEnd])
        let macros = LaTeXExpander.macros(in: preamble + body)
        body = LaTeXExpander.expandMacros(body, macros, maxLength: expander.maxExpandedLength)
        let front = LaTeXExpander.expandMacros(preamble + body.prefix(20_000), macros, maxLength: expander.maxExpandedLength)

        var metadata = DocumentMetadata(language: "en")
        metadata.title = Self.argument(of: "title", in: front).map(LaTeXConverter.plainText)
        metadata.authors = Self.authors(in: front)
        if let abstractStart = body.range(of: "\\begin{abstract}"), let abstractEnd = body.range(of: "\\end{abstract}", range: abstractStart.upperBound..<body.endIndex) {
            metadata.abstract = LaTeXConverter.plainText(String(body[abstractStart.upperBound..<abstractEnd.lowerBound]))
        } else if let abstract = Self.argument(of: "abstract", in: front) {
            metadata.abstract = LaTeXConverter.plainText(abstract)
        }
        if let id = ArxivID(fileName: name) ?? ArxivID(fileName: tree.mainFile) {
            metadata.arxivID = id.identifier
            metadata.arxivVersion = id.version
        }
        let mainBase = (tree.mainFile as NSString).deletingPathExtension
        let bibliography = tree.files[mainBase + ".bbl"] ?? tree.files.first { $0.key.hasSuffix(".bbl") }?.value
        let (text, sections) = LaTeXConverter.convert(body: body, bibliography: bibliography.map(LaTeXExpander.stripComments))
        let normalized = TextNormalizer.normalize(text)
        guard !normalized.isEmpty else { throw .malformed(source: name, reason: "the document body is empty") }
        metadata.language = TextNormalizer.language(of: normalized.prefix(4_000))
        return Document(source: source, format: "latex", metadata: metadata, pages: [Page(number: 1, text: normalized)], sections: sections)
    }

    /// The first `{…}` argument of `\command` (after optional `[…]` arguments).
    static func argument(of command: String, in text: String) -> String? {
        arguments(of: command, in: text).first
    }

    static func arguments(of command: String, in text: String) -> [String] {
        let scanner = LaTeXScanner(text)
        var results: [String] = []
        var index = 0
        let needle = "\\\(command)"
        while let position = scanner.find(needle, from: index) {
            var cursor = position + needle.unicodeScalars.count
            index = cursor
            if cursor < scanner.count, LaTeXScanner.isLetter(scanner[cursor]) { continue }
            cursor = scanner.skipSpaces(cursor)
            while cursor < scanner.count, scanner[cursor] == "[", let (_, end) = scanner.optional(at: cursor) { cursor = scanner.skipSpaces(end) }
            if let (argument, end) = scanner.group(at: cursor) {
                results.append(argument)
                index = end
            }
        }
        return results
    }

    /// Authors from `\author{A \and B}` or repeated `\author{…}` (REVTeX), without `\thanks`, affiliations and marks.
    static func authors(in text: String) -> [String] {
        var names: [String] = []
        for argument in arguments(of: "author", in: text) {
            var cleaned = argument
            for command in ["thanks", "inst", "footnote", "affiliation", "email", "orcidlink", "textsuperscript"] {
                for value in arguments(of: command, in: cleaned) { cleaned = cleaned.replacingOccurrences(of: "\\\(command){\(value)}", with: "") }
            }
            cleaned = cleaned.replacingOccurrences(of: #"\$\^\{?[^$]*\}?\$"#, with: "", options: .regularExpression)
            for part in cleaned.components(separatedBy: "\\and") {
                for name in part.components(separatedBy: "\\\\").first.map({ [$0] }) ?? [] {
                    let plain = LaTeXConverter.plainText(name).trimmingCharacters(in: .whitespaces.union(.init(charactersIn: ",")))
                    let pieces = plain.contains(",") ? plain.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : [plain]
                    names += pieces.filter { !$0.isEmpty && $0.count < 120 }
                }
            }
        }
        return names
    }
}
