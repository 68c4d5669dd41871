import Foundation
import PostgresStore
import RAGCore
import Store
import TestSupport
import Testing

/// A primary with one streaming replica (`scripts/postgres.sh start-replica`): searches read the replica.
@Suite(
    "PostgreSQL read replica",
    .enabled(if: ProcessInfo.processInfo.environment["HEPCHAIN_TEST_POSTGRES_DIR"] != nil, "HEPCHAIN_TEST_POSTGRES_DIR is not set"))
struct ReplicaTests {
    @Test("Writes go to the primary, searches read the replica, and a commit reaches the replica's searches within seconds")
    func readsFromReplica() async throws {
        let primaryDirectory = try #require(ProcessInfo.processInfo.environment["HEPCHAIN_TEST_POSTGRES_DIR"])
        let replicaDirectory = primaryDirectory + "-replica-\(UUID().uuidString.prefix(8))"
        let script = HybridEqualityTests.root.appendingPathComponent("scripts/postgres.sh")
        let started = try await ChildProcess(
            executable: script, arguments: ["start-replica", replicaDirectory, primaryDirectory], timeout: .seconds(120)
        ).run()
        #expect(started.status == 0, "\(started.errors)")
        defer { _ = try? ChildProcess(executable: script, arguments: ["stop", replicaDirectory], timeout: .seconds(60)).runBlocking() }
        let replicaBase = started.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(replicaBase.hasPrefix("postgres://"))

        let primaryURL = try Backend.freshSchemaURL()
        let schema = String(primaryURL.split(separator: "=").last ?? "")
        let replicaURL = replicaBase + "?schema=\(schema)"
        // The schema is created on the primary; the replica replays it.
        let store = try await PostgresDocumentStore.connect(
            PostgresStoreConfiguration(url: primaryURL), readReplicas: [PostgresStoreConfiguration(url: replicaURL)])
        defer { store.close() }
        try await store.createCollection(CollectionInfo(name: "c", modelID: "m", dimension: 4, createdAt: "now"))
        let receipt = try await store.replaceDocument(
            record("r"), chunks: chunks("r", ["replicated muon tomography"]), vectors: vectors(1), embeddedBy: "m")

        let deadline = ContinuousClock.now + .seconds(10)
        var lexical: [SearchHit] = []
        var dense: [SearchHit] = []
        repeat {
            lexical = (try? await store.lexicalSearch("tomography", in: "c", filter: SearchFilter(), limit: 5)) ?? []
            dense = (try? await store.nearest(to: vectors(1)[0], in: "c", filter: SearchFilter(), limit: 5)) ?? []
            if !lexical.isEmpty && !dense.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        #expect(lexical.map(\.key) == receipt.addedKeys)
        #expect(dense.map(\.key) == receipt.addedKeys)

        // The replica refuses writes: it really is a standby.
        await #expect(throws: (any Error).self) {
            let direct = try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: replicaURL))
            defer { direct.close() }
            _ = try await direct.replaceDocument(record("w", hash: "w"), chunks: chunks("w", ["x"]), vectors: vectors(1), embeddedBy: "m")
        }
    }
}
