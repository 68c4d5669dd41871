import Foundation
import KnowledgeBase
import RAGCore
import Testing

@Suite("Corpus ignore rules")
struct CorpusIgnoreTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("The project corpus's README.md is not a document; its papers and pages are")
    func projectCorpus() {
        let corpora = Self.root.appendingPathComponent("corpora")
        let ignore = CorpusIgnore(root: corpora)
        #expect(ignore.ignores(corpora.appendingPathComponent("README.md")))
        for document in ["pdf/jpsi.pdf", "html/besiii-zh.html", "text/hep-units-cheatsheet.md"] {
            #expect(!ignore.ignores(corpora.appendingPathComponent(document)), "\(document)")
        }
    }

    @Test("Indexing a folder skips README* and .hepchainignore patterns, nested rules add up, ! re-includes; a file named directly is indexed")
    func batch() async throws {
        let folder = try temporaryFolder("ignore")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = try writeSources(sampleCorpus, in: folder)
        try Data("Notes about this corpus, not a paper.".utf8).write(to: sources.appendingPathComponent("README.md"))
        try Data("Draft to leave out.".utf8).write(to: sources.appendingPathComponent("draft-notes.txt"))
        let sub = sources.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try Data("Kept by the negation rule below.".utf8).write(to: sub.appendingPathComponent("README.txt"))
        try Data("Scratch output.".utf8).write(to: sub.appendingPathComponent("scratch.log"))
        try Data("Paper in a subfolder about calorimeters.".utf8).write(to: sub.appendingPathComponent("paper.txt"))
        try Data("# not documents\ndraft-*\n\n*.log\n".utf8).write(to: sources.appendingPathComponent(".hepchainignore"))
        try Data("!README.txt\n".utf8).write(to: sub.appendingPathComponent(".hepchainignore"))

        let knowledgeBase = try await openKnowledgeBase(folder)
        let report = try await knowledgeBase.ingest(sources: [sources])
        let stored = Set(report.outcomes.map { URL(fileURLWithPath: $0.source).lastPathComponent })
        #expect(stored == Set(sampleCorpus.keys).union(["README.txt", "paper.txt"]), "\(stored)")

        let named = try await knowledgeBase.ingest(sources: [sources.appendingPathComponent("README.md")])
        #expect(named.outcomes.count == 1, "a README named on its own is indexed: \(named)")
    }
}
