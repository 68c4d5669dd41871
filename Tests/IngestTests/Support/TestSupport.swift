import Foundation
import RAGCore

/// Counts roughly like WordPiece: each run of letters/digits is one token per 6 scalars (at least 1),
/// each punctuation mark and each Han character is one token.
struct ApproximateTokenCounter: TokenCounter {
    func tokenCount(_ text: String) -> Int {
        var count = 0
        var run = 0
        func flush() {
            if run > 0 { count += (run + 5) / 6 }
            run = 0
        }
        for scalar in text.unicodeScalars {
            if (0x4E00...0x9FFF).contains(scalar.value) {
                flush()
                count += 1
            } else if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                run += 1
            } else {
                flush()
                if !scalar.properties.isWhitespace { count += 1 }
            }
        }
        flush()
        return count
    }
}

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
