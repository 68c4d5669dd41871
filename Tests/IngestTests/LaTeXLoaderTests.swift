import Foundation
import Ingest
import RAGCore
import TestSupport
import Testing

@Suite("LaTeX loader")
struct LaTeXLoaderTests {
    static let main = #"""
        \documentclass[aps,prd]{revtex4-2}
        \usepackage{amsmath}
        % \section{Commented out section}
        \newcommand{\GeV}{\,\mathrm{GeV}}
        \newcommand{\mass}[1]{m_{#1}}
        \begin{document}
        \title{Measurement of the $W$ boson mass\thanks{Supported by nobody}}
        \author{Alice Physicist}
        \author{Bob Theorist}
        \begin{abstract}
        We measure $\mass{W}$ with 100\% efficiency.
        \end{abstract}
        \maketitle
        \section{Introduction}\label{sec:intro}
        The $W$ boson was discovered in 1983~\cite{UA1,UA2}. % a comment that must vanish
        Its mass is given in Eq.~\eqref{eq:mass} and discussed in Sec.~\ref{sec:method}.
        \input{sections/method}
        \section*{Acknowledgments}
        We thank the LHC.
        \begin{thebibliography}{9}
        \bibitem{UA1} UA1 Collaboration, Phys. Lett. B 122 (1983) 103.
        \bibitem{UA2} UA2 Collaboration, Phys. Lett. B 122 (1983) 476.
        \end{thebibliography}
        \end{document}
        """#
    static let method = #"""
        \section{Method}\label{sec:method}
        \subsection{Fit}
        We fit the transverse mass distribution.

        \begin{equation}
        \mass{W} = 80.4 \GeV
        \label{eq:mass}
        \end{equation}

        \begin{table}
        \caption{Systematic uncertainties.}
        \begin{tabular}{lr}
        \hline
        Source & Uncertainty \\
        Energy scale & 9 MeV \\
        \hline
        \end{tabular}
        \end{table}
        """#

    private func eprint(_ members: [(name: String, contents: String)]) throws -> Data {
        try TarWriter.gzip(TarWriter.archive(members))
    }

    @Test("An e-print tarball yields the main file with inputs followed, comments and preamble dropped, sections numbered")
    func eprint() throws {
        let data = try eprint([("paper.tex", Self.main), ("sections/method.tex", Self.method), ("fig1.eps", "%!PS binary-ish")])
        let document = try LaTeXLoader().parse(data, source: "2303.12712v2.tar.gz", contentType: nil)
        let text = document.fullText
        #expect(document.format == "latex")
        #expect(document.metadata.arxivID == "2303.12712")
        #expect(document.metadata.arxivVersion == 2)
        #expect(document.metadata.title == "Measurement of the $W$ boson mass")
        #expect(document.metadata.authors == ["Alice Physicist", "Bob Theorist"])
        #expect(document.metadata.abstract == "We measure $m_{W}$ with 100% efficiency.")
        #expect(!text.contains("Commented out"))
        #expect(!text.contains("a comment that must vanish"))
        #expect(!text.contains("usepackage"))
        #expect(document.sections.map(\.title) == ["Abstract", "1 Introduction", "2 Method", "2.1 Fit", "Acknowledgments", "References"])
        #expect(document.sections.map(\.level) == [1, 1, 1, 2, 1, 1])
        let scalars = Array(document.pages[0].text.unicodeScalars)
        for section in document.sections {
            let atOffset = String(String.UnicodeScalarView(scalars[section.offset..<(section.offset + section.title.unicodeScalars.count)]))
            #expect(atOffset == section.title)
        }
    }

    @Test("Citations become key markers and references resolve to section and equation numbers")
    func citationsAndReferences() throws {
        let data = try eprint([("paper.tex", Self.main), ("sections/method.tex", Self.method)])
        let text = try LaTeXLoader().parse(data, source: "paper.tar.gz", contentType: nil).fullText
        #expect(text.contains("discovered in 1983 [UA1, UA2]."))
        #expect(text.contains("given in Eq. (1) and discussed in Sec. 2."))
        #expect(text.contains("[UA1] UA1 Collaboration"))
        #expect(text.contains("Table 1: Systematic uncertainties."))
        #expect(text.contains("Energy scale | 9 MeV"))
    }

    @Test("A display equation stays whole, with its label, inside one chunk")
    func equationIsAtomic() throws {
        let data = try eprint([("paper.tex", Self.main), ("sections/method.tex", Self.method)])
        let document = try LaTeXLoader().parse(data, source: "paper.tar.gz", contentType: nil)
        #expect(document.fullText.contains("\\begin{equation}\nm_{W} = 80.4 \\,\\mathrm{GeV}\n\\label{eq:mass}\n\\end{equation}"))
        for budget in [8, 12, 20, 40] {
            let chunks = TokenWindowChunker(counter: ApproximateTokenCounter(), budget: budget, overlap: 4).chunks(of: document)
            let opening = chunks.filter { $0.text.contains("\\begin{equation}") }
            #expect(!opening.isEmpty)
            #expect(opening.allSatisfy { $0.text.contains("\\label{eq:mass}") && $0.text.contains("\\end{equation}") }, "budget \(budget)")
            #expect(!chunks.contains { $0.text.contains("\\end{equation}") && !$0.text.contains("\\begin{equation}") })
        }
    }

    @Test("A single gzipped .tex file is read like an e-print")
    func gzippedTeX() throws {
        let data = try TarWriter.gzip(Data(#"\documentclass{article}\begin{document}\section{Only}Text here.\end{document}"#.utf8))
        let document = try LaTeXLoader().parse(data, source: "hep-ex0101001v1.gz", contentType: nil)
        #expect(document.sections.map(\.title) == ["1 Only"])
        #expect(document.metadata.arxivID == "hep-ex/0101001")
    }

    @Test("A folder of sources is read from its main file")
    func folder() async throws {
        let folder = try TestPaths.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sections"), withIntermediateDirectories: true)
        try Self.main.write(to: folder.appendingPathComponent("main.tex"), atomically: true, encoding: .utf8)
        try Self.method.write(to: folder.appendingPathComponent("sections/method.tex"), atomically: true, encoding: .utf8)
        let document = try await LaTeXLoader().load(folder)
        #expect(document.sections.contains { $0.title == "2.1 Fit" })
        let viaAutoLoader = try await AutoLoader().load(folder)
        #expect(viaAutoLoader.fullText == document.fullText)
    }

    @Test("A tarball with a ../ or absolute member is refused before anything is read")
    func unsafeMembers() throws {
        for name in ["../evil.tex", "sections/../../evil.tex", "/etc/evil.tex"] {
            let data = try eprint([("paper.tex", Self.main), (name, "x")])
            #expect(throws: IngestError.escapingArchiveMember(source: "evil.tar.gz", member: name)) {
                try LaTeXLoader().parse(data, source: "evil.tar.gz", contentType: nil)
            }
        }
    }

    @Test("Archives over the member or size cap are refused as too large")
    func caps() throws {
        let many = (0..<30).map { (name: "part\($0).tex", contents: "x") }
        let data = try eprint([("paper.tex", Self.main)] + many)
        let error = #expect(throws: IngestError.self) { try LaTeXLoader(maxMembers: 10).parse(data, source: "many.tar.gz", contentType: nil) }
        #expect(error?.kind == .tooLarge)
        let bomb = try TarWriter.gzip(Data(count: 4 << 20))
        let bombError = #expect(throws: IngestError.self) { try LaTeXLoader(maxUnpackedBytes: 1 << 20).parse(bomb, source: "bomb.gz", contentType: nil) }
        #expect(bombError?.kind == .tooLarge)
    }

    @Test("An \\input loop is reported as a loop instead of recursing forever")
    func inputLoop() throws {
        let data = try eprint([
            ("paper.tex", #"\documentclass{article}\begin{document}\input{a}\end{document}"#),
            ("a.tex", #"A \input{b}"#), ("b.tex", #"B \input{a.tex}"#),
        ])
        #expect(throws: IngestError.inclusionLoop(source: "loop.tar.gz", file: "a.tex")) {
            try LaTeXLoader().parse(data, source: "loop.tar.gz", contentType: nil)
        }
        let selfInclude = Data(#"\documentclass{article}\begin{document}\input{self}\end{document}"#.utf8)
        #expect(throws: IngestError.self) { try LaTeXLoader().parse(try eprint([("self.tex", String(decoding: selfInclude, as: UTF8.self))]), source: "self.tar.gz", contentType: nil) }
    }

    @Test("A submission without a main file, and binary data, are refused with typed errors")
    func noMainFile() throws {
        #expect(throws: IngestError.noMainTeXFile(source: "parts.tar.gz")) {
            try LaTeXLoader().parse(try eprint([("a.tex", "just text"), ("b.tex", "more")]), source: "parts.tar.gz", contentType: nil)
        }
        #expect(throws: IngestError.emptyInput(source: "empty.tex")) { try LaTeXLoader().parse(Data(), source: "empty.tex", contentType: nil) }
        #expect(throws: IngestError.binaryContent(source: "junk.tex", expected: "LaTeX source")) {
            try LaTeXLoader().parse(Data([0, 1, 2, 3, 0, 255, 0, 7]), source: "junk.tex", contentType: nil)
        }
    }

    @Test("Self-referencing macros and deep brace nesting finish without crashing")
    func hostileMacros() throws {
        let deep = String(repeating: "\\textbf{", count: 5_000) + "deep" + String(repeating: "}", count: 5_000)
        let source = #"\documentclass{article}\newcommand{\a}{\a\a}\newcommand{\b}{\c\c}\newcommand{\c}{\b\b}\begin{document}\b \a "# + deep + #"\end{document}"#
        let document = try LaTeXLoader().parse(Data(source.utf8), source: "hostile.tex", contentType: nil)
        #expect(document.fullText.contains("deep"))
    }
}
