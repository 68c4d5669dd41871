import Foundation
import RAGCore

/// Paths of the shared corpora and of scratch files for tests.
enum TestPaths {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let sharedCorpora = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora")

    static func corpus(_ relative: String) -> URL { sharedCorpora.appendingPathComponent(relative) }

    static func pdfs() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: corpus("pdf"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "pdf" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// A fresh scratch folder that is deleted when the returned object goes away.
    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }
}
