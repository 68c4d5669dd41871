import Foundation
import RAGCore
import VectorIndex

/// Shared fixtures: seeded synthetic vectors, the real MiniLM set, and recall against an exact oracle.
enum TestData {
    /// Repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The real all-MiniLM-L6-v2 embeddings set (base, query, ground truth), if present on this machine.
    static var miniLMFolder: URL? {
        let folder = repositoryRoot.appendingPathComponent("../shared/ann-data/minilm-rag-1931").standardizedFileURL
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("base.fvecs").path) ? folder : nil
    }

    /// Keys 0, 1, 2, … for `count` vectors.
    static func keys(_ count: Int, from start: Int = 0) -> [VectorKey] { (start ..< start + count).map { VectorKey($0) } }

    /// Mean fraction of each exact top-k list that the approximate list also contains.
    static func recall(_ approximate: [[SearchHit]], _ exact: [[SearchHit]]) -> Double {
        precondition(approximate.count == exact.count)
        var found = 0
        var wanted = 0
        for (a, e) in zip(approximate, exact) {
            let truth = Set(e.map(\.key))
            found += a.filter { truth.contains($0.key) }.count
            wanted += truth.count
        }
        return wanted == 0 ? 1 : Double(found) / Double(wanted)
    }

    /// A temporary file URL that does not exist yet.
    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-index-tests-\(UUID().uuidString)-\(name)")
    }
}
