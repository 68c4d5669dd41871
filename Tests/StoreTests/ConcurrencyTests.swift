import Foundation
import RAGCore
import Store
import Testing
import TestSupport

@Suite("Concurrent access")
struct ConcurrencyTests {
    @Test("Two stores on one file (as two processes would) write concurrently without losing or failing a write")
    func concurrentWriters() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try makeStore(in: folder)
        let second = try SQLiteDocumentStore(path: first.path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    _ = try store.replaceDocument(
                        record("d\(index)", hash: "h\(index)"), chunks: chunks("d\(index)", ["text \(index)", "more \(index)"]),
                        vectors: vectors(2), embeddedBy: "m")
                    _ = try store.lexicalSearch("text", in: "c", filter: SearchFilter(), limit: 5)
                }
            }
            try await group.waitForAll()
        }
        #expect(try first.statistics(in: "c").documents == 40)
        #expect(try second.changes(after: 0, in: "c").count == 80)
        let sequences = try first.changes(after: 0, in: "c").map(\.sequence)
        #expect(sequences == sequences.sorted() && Set(sequences).count == 80)
    }

    @Test("A reader sees the last committed state while another connection holds an open write transaction")
    func readersDoNotWaitForWriters() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        _ = try store.replaceDocument(record("d"), chunks: chunks("d", ["committed text"]), vectors: vectors(1), embeddedBy: "m")
        let other = try SQLiteConnection(path: store.path, busyTimeoutMilliseconds: 100)
        try other.execute("BEGIN IMMEDIATE")
        try other.run("DELETE FROM documents")
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try store.documents(in: "c").count == 1)
        #expect(try store.lexicalSearch("committed", in: "c", filter: SearchFilter(), limit: 5).count == 1)
        #expect(clock.now - start < .seconds(2))
        try other.execute("ROLLBACK")
    }

    @Test("A writer blocked past the busy timeout fails with a busy error instead of hanging")
    func busyTimeout() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try makeStore(in: folder)
        let impatient = try SQLiteDocumentStore(path: first.path, busyTimeoutMilliseconds: 200)
        let other = try SQLiteConnection(path: first.path)
        try other.execute("BEGIN IMMEDIATE")
        defer { _ = try? other.execute("ROLLBACK") }
        do {
            _ = try impatient.replaceDocument(record("d"), chunks: chunks("d", ["x"]), vectors: vectors(1), embeddedBy: "m")
            Issue.record("the write should have timed out")
        } catch let error as StoreError {
            #expect(error.kind == .unavailable)
        }
    }
}
