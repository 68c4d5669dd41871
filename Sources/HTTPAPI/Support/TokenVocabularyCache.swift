import Embedding
import Foundation
import Synchronization

/// The tiktoken `cl100k_base` vocabulary for token-id input to `/v1/embeddings`, read from its file on first use
/// (1.7 MB; most servers never see token ids) and kept.
final class TokenVocabularyCache: Sendable {
    let file: URL
    private let loaded = Mutex<TiktokenVocabulary?>(nil)

    init(file: URL) {
        self.file = file
    }

    /// The vocabulary; a missing or unreadable file is the server's problem (503), named with what to do.
    func vocabulary() throws -> TiktokenVocabulary {
        if let vocabulary = loaded.withLock({ $0 }) { return vocabulary }
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw APIError(
                .serviceUnavailable,
                "This server cannot read token-id input: the tiktoken cl100k_base vocabulary is not installed (run `make setup`, or set tokenVocabularyFile). Send the text itself instead.")
        }
        let vocabulary: TiktokenVocabulary
        do {
            vocabulary = try TiktokenVocabulary(contentsOf: file)
        } catch {
            throw APIError(.serviceUnavailable, "This server cannot read token-id input: \(error)")
        }
        loaded.withLock { $0 = vocabulary }
        return vocabulary
    }
}
