import Foundation
import KnowledgeBase
import RAGCore
import Store
import Testing

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// Environment variable naming the folder the crash child works in; set only for the child process.
private let childFolderVariable = "HEPCHAIN_CRASH_CHILD_FOLDER"
private let documentCount = 60
private let paragraphsPerDocument = 5

/// Source text of document `index`: paragraphs with a marker word unique to the document and paragraph.
private func crashSource(_ index: Int) -> String {
    (0..<paragraphsPerDocument).map { paragraph in
        "Run \(index) paragraph \(paragraph) records marker zq\(index)x\(paragraph) in the muon spectrometer."
    }.joined(separator: "\n\n")
}

/// Three embedding calls per document (five chunks, batches of two), two documents in flight: after 48 calls at
/// least 14 documents are complete and none of the last 40 can be.
private let stallAfterCalls = 48
private let minimumCommitted = 12

private func openCrashKnowledgeBase(_ folder: URL, embedder: any Embedder) async throws -> KnowledgeBase {
    try await KnowledgeBase.open(
        folder: folder.appendingPathComponent("data"), store: try openStore(folder), embedder: embedder, indexFactory: fakeIndexFactory,
        loader: FakePlainTextLoader(), chunker: FakeParagraphChunker(),
        configuration: KnowledgeBaseConfiguration(embeddingBatchSize: 2, parallelism: 2, indexSaveInterval: .milliseconds(150)))
}

/// Runs only inside the child process that `CrashSafetyTests` starts and kills.
@Suite("Crash child process")
struct CrashChildProcess {
    @Test("Child: ingest the crash corpus slowly until killed", .enabled(if: ProcessInfo.processInfo.environment[childFolderVariable] != nil))
    func ingestUntilKilled() async throws {
        let folder = URL(fileURLWithPath: try #require(ProcessInfo.processInfo.environment[childFolderVariable]))
        let embedder = StallingEmbedder(stallAfter: stallAfterCalls, stalledMarker: folder.appendingPathComponent("stalled"))
        let knowledgeBase = try await openCrashKnowledgeBase(folder, embedder: embedder)
        _ = try await knowledgeBase.ingest(sources: [folder.appendingPathComponent("sources")])
    }
}

@Suite("Crash safety")
struct CrashSafetyTests {
    #if os(Linux)
    @Test("After kill -9 mid-batch, committed documents are complete and searchable, none partial, no orphan vectors")
    func killedMidBatch() async throws {
        let folder = try temporaryFolder("crash")
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String: String] = [:]
        for index in 0..<documentCount { files[String(format: "run%03d.txt", index)] = crashSource(index) }
        try writeSources(files, in: folder)

        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: executable)
        child.arguments = ["--testing-library", "swift-testing", "--filter", "CrashChildProcess"]
        child.environment = ProcessInfo.processInfo.environment.merging([childFolderVariable: folder.path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()

        // Kill once the child's embedder has stalled (nothing more can commit) and an index save has had time to run.
        let stalled = folder.appendingPathComponent("stalled")
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline, child.isRunning, !FileManager.default.fileExists(atPath: stalled.path) {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(child.isRunning, "the child finished or died before it could be killed")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)

        let knowledgeBase = try await openCrashKnowledgeBase(folder, embedder: HashEmbedder(dimension: 1024, modelID: "fake-hash-1024"))
        let statistics = try await knowledgeBase.statistics()
        let documents = try await knowledgeBase.documents()
        #expect(documents.count >= minimumCommitted && documents.count < documentCount, "killed mid-batch: \(documents.count) committed")
        #expect(documents.allSatisfy { $0.chunkCount == paragraphsPerDocument }, "no partial document")
        #expect(statistics.chunks == documents.count * paragraphsPerDocument)
        #expect(statistics.vectors == statistics.chunks, "a vector for every chunk")
        #expect(statistics.indexedVectors == statistics.vectors, "no orphan or missing index vectors")
        #expect(statistics.indexRecovery != nil)

        for document in documents {
            let index = try #require(Int(URL(fileURLWithPath: document.source).lastPathComponent.dropFirst(3).prefix(3)))
            let marker = "zq\(index)x3"
            let lexical = try await knowledgeBase.search(RetrievalQuery(text: marker, k: 1, mode: .bm25))
            #expect(lexical.first?.chunk.text.contains(marker) == true, "\(marker) by BM25")
            let paragraph = "Run \(index) paragraph 3 records marker \(marker) in the muon spectrometer."
            let dense = try await knowledgeBase.search(RetrievalQuery(text: paragraph, k: 1, mode: .dense))
            #expect(dense.first?.chunk.text == paragraph, "\(marker) by dense search")
        }

        // Resuming the batch stores exactly the rest.
        let resumed = try await knowledgeBase.ingest(sources: [folder.appendingPathComponent("sources")])
        #expect(resumed.count(.unchanged) == documents.count)
        #expect(resumed.count(.added) == documentCount - documents.count, "failures: \(resumed.failures.prefix(3))")
        let final = try await knowledgeBase.statistics()
        #expect(final.documents == documentCount && final.indexedVectors == documentCount * paragraphsPerDocument)
    }
    #endif
}
