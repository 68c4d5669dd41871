public import Foundation
public import RAGCore

/// The BERT WordPiece tokenizer, identical in output to Hugging Face's `BertTokenizer` (fast, `tokenizers`)
/// for a model folder's configuration.
///
/// Pipeline: special tokens written in the text (`[CLS]`, `[SEP]`, `[MASK]`, …) are matched first, on the raw
/// text, leftmost-longest; every other span goes through `BERTNormalizer` (cleaning, CJK splitting, accent
/// stripping, lower-casing, whitespace and punctuation splitting) and then greedy longest-match-first
/// WordPiece with the `##` continuation prefix; a word longer than 100 scalars, or one that cannot be
/// covered by vocabulary pieces, becomes `[UNK]`.
/// Port of `tokenizers/src/models/wordpiece/mod.rs` (huggingface/tokenizers v0.23).
///
/// Usage example:
/// ```swift
/// let tokenizer = try WordPieceTokenizer(modelFolder: URL(fileURLWithPath: "models/all-MiniLM-L6-v2"))
/// let ids = tokenizer.encode("What is the Higgs mass?", maxLength: 256)   // [101, 2054, …, 102]
/// let budget = tokenizer.tokenCount(passage)                              // wordpieces, no [CLS]/[SEP]
/// ```
public struct WordPieceTokenizer: TokenCounter, Sendable {
    /// Id of `[CLS]`, put before every sequence.
    public let classifierID: Int32
    /// Id of `[SEP]`, put after every sequence.
    public let separatorID: Int32
    /// Id of `[UNK]`, for words the vocabulary cannot cover.
    public let unknownID: Int32
    /// Id of `[PAD]`.
    public let paddingID: Int32
    /// Longest sequence, special tokens included, that `encode(_:)` produces (`max_seq_length`).
    public let maxLength: Int
    /// Number of entries in the vocabulary.
    public var vocabularySize: Int { tokens.count }

    /// Vocabulary entries as UTF-8 bytes → id.
    private let ids: [[UInt8]: Int32]
    private let tokens: [String]
    /// Special token strings matched in raw text, longest first, as scalars.
    private let specialTokens: [(scalars: [Unicode.Scalar], id: Int32)]
    private let normalizer: BERTNormalizer
    private let maxCharactersPerWord = 100
    private let continuationPrefix: [UInt8] = Array("##".utf8)

    /// Loads `vocab.txt` (one token per line; the line number is the id).
    ///
    /// - Parameters:
    ///   - lowercases: `do_lower_case` of tokenizer_config.json.
    ///   - stripsAccents: `strip_accents`; nil follows `lowercases`, as in Hugging Face.
    ///   - maxLength: sequence limit including `[CLS]` and `[SEP]`.
    public init(
        vocabularyFile: URL, lowercases: Bool = true, stripsAccents: Bool? = nil, splitsChineseCharacters: Bool = true,
        maxLength: Int = 512
    ) throws {
        let text: String
        do {
            text = try String(contentsOf: vocabularyFile, encoding: .utf8)
        } catch {
            throw EmbeddingError.invalidVocabulary(file: vocabularyFile.path, reason: "it cannot be read as UTF-8 (\(error.localizedDescription))")
        }
        var tokens = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if tokens.last == "" { tokens.removeLast() }
        try self.init(
            tokens: tokens, file: vocabularyFile.path, lowercases: lowercases, stripsAccents: stripsAccents,
            splitsChineseCharacters: splitsChineseCharacters, maxLength: maxLength)
    }

    /// A tokenizer over an in-memory vocabulary (`tokens[id]`); `file` names it in errors.
    public init(
        tokens: [String], file: String = "vocabulary", lowercases: Bool = true, stripsAccents: Bool? = nil,
        splitsChineseCharacters: Bool = true, maxLength: Int = 512
    ) throws {
        guard maxLength >= 2 else {
            throw EmbeddingError.invalidConfiguration(file: file, reason: "the sequence limit \(maxLength) leaves no room for [CLS] and [SEP]")
        }
        var ids: [[UInt8]: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() {  // a repeated entry keeps its last id, as in the reference
            ids[Array(token.utf8)] = Int32(index)
        }
        func required(_ token: String) throws -> Int32 {
            guard let id = ids[Array(token.utf8)] else {
                throw EmbeddingError.invalidVocabulary(file: file, reason: "it has no '\(token)' entry")
            }
            return id
        }
        classifierID = try required("[CLS]")
        separatorID = try required("[SEP]")
        unknownID = try required("[UNK]")
        paddingID = try required("[PAD]")
        let special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].compactMap { token in
            ids[Array(token.utf8)].map { (scalars: Array(token.unicodeScalars), id: $0) }
        }
        specialTokens = special.sorted { $0.scalars.count > $1.scalars.count }
        self.ids = ids
        self.tokens = tokens
        self.maxLength = maxLength
        normalizer = BERTNormalizer(
            lowercases: lowercases, stripsAccents: stripsAccents ?? lowercases,
            splitsChineseCharacters: splitsChineseCharacters)
    }

    // MARK: - Encoding

    /// Wordpiece ids of `text`, without special tokens and without truncation.
    public func tokenize(_ text: String) -> [Int32] {
        var output: [Int32] = []
        let scalars = Array(text.unicodeScalars)
        var spanStart = 0
        var index = 0
        while index < scalars.count {
            if scalars[index] == "[", let (length, id) = specialToken(in: scalars, at: index) {
                appendWordPieces(of: scalars[spanStart..<index], to: &output)
                output.append(id)
                index += length
                spanStart = index
            } else {
                index += 1
            }
        }
        appendWordPieces(of: scalars[spanStart..<scalars.count], to: &output)
        return output
    }

    /// `[CLS]` + wordpieces of `text` + `[SEP]`, with the wordpieces truncated so the whole fits `maxLength`.
    public func encode(_ text: String, maxLength: Int) -> [Int32] {
        precondition(maxLength >= 2, "encode: maxLength must leave room for [CLS] and [SEP]")
        let pieces = tokenize(text)
        var ids: [Int32] = []
        ids.reserveCapacity(min(pieces.count, maxLength - 2) + 2)
        ids.append(classifierID)
        ids.append(contentsOf: pieces.prefix(maxLength - 2))
        ids.append(separatorID)
        return ids
    }

    /// `encode(text, maxLength: self.maxLength)`: the ids the encoder sees for `text`.
    public func encode(_ text: String) -> [Int32] {
        encode(text, maxLength: maxLength)
    }

    /// Number of wordpieces in `text`, without `[CLS]` and `[SEP]`, and without truncation.
    public func tokenCount(_ text: String) -> Int {
        tokenize(text).count
    }

    /// The vocabulary entry for `id` (e.g. `##ing`), or nil outside the vocabulary.
    public func token(for id: Int32) -> String? {
        tokens.indices.contains(Int(id)) ? tokens[Int(id)] : nil
    }

    /// The id of vocabulary entry `token`, if present.
    public func id(for token: String) -> Int32? {
        ids[Array(token.utf8)]
    }

    // MARK: - Steps

    private func specialToken(in scalars: [Unicode.Scalar], at start: Int) -> (length: Int, id: Int32)? {
        for candidate in specialTokens where start + candidate.scalars.count <= scalars.count {
            if scalars[start..<(start + candidate.scalars.count)].elementsEqual(candidate.scalars) {
                return (candidate.scalars.count, candidate.id)
            }
        }
        return nil
    }

    private func appendWordPieces(of span: ArraySlice<Unicode.Scalar>, to output: inout [Int32]) {
        guard !span.isEmpty else { return }
        for word in normalizer.words(span) {
            appendWordPieces(ofWord: word, to: &output)
        }
    }

    /// Greedy longest-match-first: the longest vocabulary prefix, then `##`-prefixed pieces of the rest.
    /// Pieces are compared as UTF-8 bytes, as in the reference (Swift `String` equality would also match
    /// canonically equivalent spellings).
    private func appendWordPieces(ofWord word: [Unicode.Scalar], to output: inout [Int32]) {
        guard word.count <= maxCharactersPerWord else {
            output.append(unknownID)
            return
        }
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]  // offsets[i] = byte offset of scalar i; offsets[word.count] = bytes.count
        bytes.reserveCapacity(word.count * 2)
        for scalar in word {
            UTF8.encode(scalar) { bytes.append($0) }
            offsets.append(bytes.count)
        }
        if let id = ids[bytes] {
            output.append(id)
            return
        }
        let firstPiece = output.count
        var candidate: [UInt8] = []
        candidate.reserveCapacity(bytes.count + 2)
        var start = 0
        while start < word.count {
            var end = word.count
            var match: Int32?
            while start < end {
                candidate.removeAll(keepingCapacity: true)
                if start > 0 { candidate.append(contentsOf: continuationPrefix) }
                candidate.append(contentsOf: bytes[offsets[start]..<offsets[end]])
                if let id = ids[candidate] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let match else {
                output.removeSubrange(firstPiece...)
                output.append(unknownID)
                return
            }
            output.append(match)
            start = end
        }
    }
}
