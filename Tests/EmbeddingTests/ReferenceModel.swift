import Foundation
import Testing

/// Locates the real model and the reference fixture for golden tests.
enum ReferenceModel {
    /// The repository root, from this file's path (Tests/EmbeddingTests/ReferenceModel.swift).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `HEPCHAIN_MODEL`, else `<root>/models/all-MiniLM-L6-v2`.
    static let folder: URL = {
        if let path = ProcessInfo.processInfo.environment["HEPCHAIN_MODEL"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return repositoryRoot.appendingPathComponent("models/all-MiniLM-L6-v2")
    }()

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path)
    }

    /// True when the model is present. Without it, records a failure under CI (where `make setup` must
    /// have run) and returns false so the caller can return early elsewhere.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if isAvailable { return true }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("The model is missing at \(folder.path); run 'make setup' before the tests.", sourceLocation: sourceLocation)
        }
        return false
    }

    /// One reference text with sentence-transformers' token ids and embedding.
    struct Case: Decodable {
        var text: String
        var ids: [Int32]
        var embedding: [Float]
    }

    struct Fixture: Decodable {
        var model: String
        var max_seq_length: Int
        var dimension: Int
        var cases: [Case]
    }

    /// The fixture written by scripts/make_embedding_fixture.py.
    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "minilm_reference", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }
}

/// Cosine similarity of two vectors.
func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, aa = 0.0, bb = 0.0
    for (x, y) in zip(a, b) {
        dot += Double(x) * Double(y)
        aa += Double(x) * Double(x)
        bb += Double(y) * Double(y)
    }
    return dot / max((aa * bb).squareRoot(), 1e-30)
}
