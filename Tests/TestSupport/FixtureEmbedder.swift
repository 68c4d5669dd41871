import Foundation
package import RAGCore
import Synchronization

/// all-MiniLM-L6-v2 embeddings of every text the offline-answer tests embed, computed by the Python
/// reference (sentence-transformers) and stored in `Fixtures/minilm-embeddings.json`, so the abstention
/// thresholds are calibrated and tested on the real model's cosines without loading it.
///
/// A text missing from the fixture is an error; with `CHAIN_FIXTURE_MISSING=<file>` it is instead
/// collected into that file (and embedded as zeros) for `scripts/chain-embedding-fixture.py` to add.
package struct FixtureEmbedder: Embedder {
    package struct Missing: Error, CustomStringConvertible {
        package var text: String
        package var description: String {
            "text not in minilm-embeddings.json: \(text.prefix(60))… — regenerate with scripts/chain-embedding-fixture.py (see its header)"
        }
    }

    package static let miniLM = FixtureEmbedder()
    private static let missing = Mutex<Set<String>>([])

    package let vectors: [String: Vector]
    package var dimension: Int { 384 }
    package var modelID: String { "all-MiniLM-L6-v2 (fixture)" }

    package init() {
        struct File: Decodable {
            var vectors: [String: String]
        }
        var decoded: [String: Vector] = [:]
        if let url = Bundle.module.url(forResource: "minilm-embeddings", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data)
        {
            for (text, base64) in file.vectors {
                guard let bytes = Data(base64Encoded: base64) else { continue }
                let raw = [UInt8](bytes)
                decoded[text] = stride(from: 0, to: raw.count - 3, by: 4).map { offset in
                    Float(bitPattern: UInt32(raw[offset]) | UInt32(raw[offset + 1]) << 8 | UInt32(raw[offset + 2]) << 16 | UInt32(raw[offset + 3]) << 24)
                }
            }
        }
        vectors = decoded
    }

    package func embed(_ texts: [String]) async throws -> [Vector] {
        try texts.map { text in
            if let vector = vectors[text] { return vector }
            guard let path = ProcessInfo.processInfo.environment["CHAIN_FIXTURE_MISSING"] else { throw Missing(text: text) }
            let all = Self.missing.withLock { missing in
                missing.insert(text)
                return missing.sorted()
            }
            let data = try JSONSerialization.data(withJSONObject: all)
            try data.write(to: URL(fileURLWithPath: path))
            return Vector(repeating: 0, count: dimension)
        }
    }
}
