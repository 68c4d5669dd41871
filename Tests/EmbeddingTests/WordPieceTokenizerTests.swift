import Embedding
import Foundation
import Testing

@Suite("WordPiece tokenizer")
struct WordPieceTokenizerTests {
    /// A tiny vocabulary: ids are positions.
    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "runn", "##ing", "run", "!", ",", ".",
        "hello", "world", "cafe", "中", "文", "±", "$", "a", "b", "ab", "##b", "→", "x", "##x", "ﬁ", "²", "[", "]",
    ]

    func tokenizer(maxLength: Int = 16, lowercases: Bool = true) throws -> WordPieceTokenizer {
        try WordPieceTokenizer(tokens: Self.vocabulary, lowercases: lowercases, maxLength: maxLength)
    }

    func pieces(_ text: String, lowercases: Bool = true) throws -> [String] {
        let t = try tokenizer(lowercases: lowercases)
        return t.tokenize(text).map { t.token(for: $0) ?? "?" }
    }

    @Test("Words split greedily into the longest vocabulary pieces, continuing with ##")
    func greedyLongestMatch() throws {
        #expect(try pieces("unaffable running run") == ["un", "##aff", "##able", "runn", "##ing", "run"])
    }

    @Test("A word that cannot be covered by pieces becomes a single [UNK]")
    func uncoverableWordIsUnknown() throws {
        #expect(try pieces("unaffz hello") == ["[UNK]", "hello"])
    }

    @Test("A word longer than 100 scalars becomes [UNK], one of 100 is split normally")
    func overlongWordIsUnknown() throws {
        #expect(try pieces(String(repeating: "x", count: 101)) == ["[UNK]"])
        #expect(try pieces(String(repeating: "x", count: 100)) == ["x"] + Array(repeating: "##x", count: 99))
    }

    @Test("Lower-casing and accent stripping use NFD without compatibility folding")
    func accentsAndCase() throws {
        #expect(try pieces("CAFÉ Café cafe\u{301}") == ["cafe", "cafe", "cafe"])
        // Ligatures and superscripts are not NFKC-normalised: they stay as they are.
        #expect(try pieces("ﬁ ²") == ["ﬁ", "²"])
        #expect(try pieces("CAFE", lowercases: false) == ["[UNK]"])
    }

    @Test("ASCII symbols and Unicode punctuation split off, non-ASCII symbols do not")
    func punctuation() throws {
        #expect(try pieces("hello,world!") == ["hello", ",", "world", "!"])
        #expect(try pieces("$a") == ["$", "a"])
        #expect(try pieces("a±b") == ["[UNK]"])
        #expect(try pieces("a ± b → x") == ["a", "±", "b", "→", "x"])
    }

    @Test("CJK ideographs become single-character words")
    func chineseCharacters() throws {
        #expect(try pieces("中文hello") == ["中", "文", "hello"])
    }

    @Test("Control and format characters are deleted, joining neighbours, while spaces split")
    func controlCharacters() throws {
        #expect(try pieces("a\u{0}b") == ["ab"])
        #expect(try pieces("a\u{200B}b") == ["ab"])
        #expect(try pieces("a\u{FFFD}b") == ["ab"])
        #expect(try pieces("a\u{7}b") == ["ab"])
        #expect(try pieces("a\u{A0}b\u{3000}a\tb\nab") == ["a", "b", "a", "b", "ab"])
    }

    @Test("Special tokens written in the text are kept whole, case-sensitively")
    func specialTokensInText() throws {
        #expect(try pieces("a[SEP]b [MASK]") == ["a", "[SEP]", "b", "[MASK]"])
        #expect(try pieces("[sep]") == ["[", "[UNK]", "]"])
    }

    @Test("encode adds [CLS] and [SEP] and truncates the wordpieces to fit maxLength")
    func encodeTruncates() throws {
        let t = try tokenizer(maxLength: 4)
        #expect(t.encode("") == [t.classifierID, t.separatorID])
        let ids = t.encode("hello world hello world")
        #expect(ids.count == 4)
        #expect(ids.first == t.classifierID && ids.last == t.separatorID)
        #expect(Array(ids[1...2]) == Array(t.tokenize("hello world")))
    }

    @Test("tokenCount counts wordpieces without special tokens or truncation")
    func tokenCountExcludesSpecialTokens() throws {
        let t = try tokenizer(maxLength: 4)
        #expect(t.tokenCount("unaffable running") == 5)
        #expect(t.tokenCount("") == 0)
    }

    @Test("A vocabulary without [CLS] is rejected with a message naming the file")
    func vocabularyNeedsSpecialTokens() {
        #expect {
            _ = try WordPieceTokenizer(tokens: ["[PAD]", "[UNK]", "[SEP]"], file: "tiny-vocab.txt")
        } throws: { error in
            "\(error)".contains("tiny-vocab.txt") && "\(error)".contains("[CLS]")
        }
    }

    @Test("Token ids match the Hugging Face tokenizer for every fixture text")
    func matchesReferenceTokenizer() throws {
        guard ReferenceModel.require() else { return }
        let fixture = try ReferenceModel.fixture()
        let tokenizer = try WordPieceTokenizer(
            vocabularyFile: ReferenceModel.folder.appendingPathComponent("vocab.txt"), maxLength: fixture.max_seq_length)
        #expect(fixture.cases.count >= 150)
        var mismatches = 0
        for reference in fixture.cases {
            let ids = tokenizer.encode(reference.text)
            if ids != reference.ids {
                mismatches += 1
                Issue.record("Token ids differ for \(reference.text.debugDescription.prefix(80)): \(ids.prefix(40)) vs \(reference.ids.prefix(40))")
            }
        }
        #expect(mismatches == 0)
    }
}

@Suite("Reference Unicode tables")
struct ReferenceUnicodeTests {
    /// Expected words of "a" + scalar + "b", taken from the reference tokenizer's normalizer and pre-tokenizer.
    @Test("Scalars newer than the reference's Unicode tables tokenize as in the reference")
    func newerScalarsFollowTheReference() throws {
        let tokenizer = try WordPieceTokenizer(tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "b", "##b"])
        func words(_ scalar: Unicode.Scalar) -> Int { tokenizer.tokenize("a\(Character(scalar))b").count }
        // Kept inside the word (one [UNK] word) although Swift calls them Cf, Mn or Po:
        #expect(words("\u{0890}") == 1)  // ARABIC POUND MARK ABOVE (Cf)
        #expect(words("\u{0897}") == 1)  // ARABIC PEPET (Mn)
        #expect(words("\u{061D}") == 1)  // ARABIC END OF TEXT MARK (Po)
        // Split off as punctuation although Swift calls it So:
        #expect(words("\u{166D}") == 3)
        // Deleted with the accents although Swift calls it Mc:
        #expect(tokenizer.tokenize("a\u{1734}b") == [4, 6])
        // Ordinary scalars: format characters are deleted, punctuation split off.
        #expect(tokenizer.tokenize("a\u{200B}b") == [4, 6])
        #expect(words("\u{00BF}") == 3)
    }
}
