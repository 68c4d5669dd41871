import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Reads never write (issue 23, defect 9): a data folder served read-only answers searches, refuses writes with
/// 403, rebuilds a missing index in memory, and leaves every file of the folder as it was.
@Suite("Read-only data folder")
struct ReadOnlyDataTests {
    /// Every file under `folder` with its size and modification time.
    static func snapshot(_ folder: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey, .contentModificationDateKey])
        while let url = enumerator?.nextObject() as? URL {
            let values = try url.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
            files[url.path] = "\(values.fileSize ?? -1) \(values.contentModificationDate?.timeIntervalSince1970 ?? 0)"
        }
        return files
    }

    @Test("A read-only data folder with a missing index is searched, refuses writes with 403, and no file in it changes")
    func readOnlyFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-readonly-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        let index = try await ChildProcess(
            executable: try CommandLineTests.executable,
            arguments: ["index", "--data", data.path, TestPaths.corpora.appendingPathComponent("html").path],
            environment: CommandLineTests.childEnvironment, timeout: .seconds(600)
        ).run()
        try #require(index.status == 0, "indexing failed: \(index.errors)")
        // A stale index: the search must rebuild it in memory, not write it.
        for file in try FileManager.default.contentsOfDirectory(at: data.appendingPathComponent("indexes"), includingPropertiesForKeys: nil) {
            try FileManager.default.removeItem(at: file)
        }
        let before = try Self.snapshot(data)

        let server = try RunningCommand(["serve", "--data", data.path, "--host", "127.0.0.1", "--port", "0", "--log-level", "notice", "--read-only"])
        defer { kill(server.process.processIdentifier, SIGKILL) }
        let port = try await server.listeningPort()
        try #require(port > 0, "the server did not start on a read-only folder: \(server.errorText)")
        let client = LoopbackClient(base: URL(string: "http://127.0.0.1:\(port)")!)
        let search = try await client.post("/v1/search", json: ["query": "J/psi meson mass", "k": 3])
        #expect(search.status == 200, "\(search.text)")
        #expect((try search.json()["hits"] as? [Any])?.isEmpty == false, "\(search.text)")
        #expect(try await client.get("/v1/documents").status == 200)
        let create = try await client.post("/v1/collections", json: ["name": "papers"])
        #expect(create.status == 403, "\(create.text)")
        #expect(create.errorMessage?.contains("read-only") == true, "\(create.text)")
        let upload = try await client.post("/v1/documents", raw: Data("A note about charm quarks.".utf8), contentType: "text/plain")
        #expect(upload.status == 403, "\(upload.text)")

        kill(server.process.processIdentifier, SIGTERM)
        _ = try await server.waitForExit(upTo: .seconds(30))
        #expect(try Self.snapshot(data) == before, "the read-only server changed the data folder")
    }
}
