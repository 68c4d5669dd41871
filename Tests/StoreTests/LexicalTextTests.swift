import Store
import Testing
import VectorIndex

@Suite("Lexical form of text")
struct LexicalTextTests {
    @Test("A run of Chinese characters becomes its overlapping bigrams, with Latin text untouched")
    func bigrams() {
        let form = LexicalText.indexForm("北京谱仪BESIII实验")
        let tokens = form.split(separator: " ").map(String.init)
        #expect(tokens == ["北京", "京谱", "谱仪", "BESIII", "实验"])
    }

    @Test("Query terms are the bigrams of Chinese text and the lower-cased words of English text, without stop words")
    func queryTerms() {
        #expect(LexicalText.queryTerms("What is the J/psi width in 粲偶素?") == ["j", "psi", "width", "粲偶", "偶素"])
    }

    @Test("Zero-width characters are removed and ligatures are compatibility-normalised")
    func invisibleAndLigatures() {
        #expect(LexicalText.indexForm("re\u{200B}con\u{FEFF}struc\u{2060}tion") == "reconstruction")
        #expect(LexicalText.indexForm("\u{FB01}nal state") == "final state")
        #expect(LexicalText.queryTerms("ＢＥＳＩＩＩ") == ["besiii"])
    }

    @Test("A query with no letters or digits has no match expression")
    func emptyQuery() {
        #expect(LexicalText.matchExpression("?? the of !") == nil)
        #expect(LexicalText.matchExpression("Higgs mass") == "\"higgs\" OR \"mass\"")
    }
}

@Suite("Lexical form against a reference")
struct LexicalTextReferenceTests {
    /// The straightforward definition: drop invisible characters, NFKC the whole text, then bigram CJK runs.
    private func reference(_ text: String) -> String {
        let invisible: Set<Unicode.Scalar> = ["\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}"]
        let normalized = String(String.UnicodeScalarView(text.unicodeScalars.filter { !invisible.contains($0) }))
            .precomposedStringWithCompatibilityMapping
        var output = ""
        var run: [Unicode.Scalar] = []
        func flush() {
            guard !run.isEmpty else { return }
            let pieces = run.count == 1 ? [String(run[0])] : (0..<(run.count - 1)).map { String(run[$0]) + String(run[$0 + 1]) }
            output += " " + pieces.joined(separator: " ") + " "
            run = []
        }
        for scalar in normalized.unicodeScalars {
            if LexicalText.isCJK(scalar) { run.append(scalar) } else { flush(); output.unicodeScalars.append(scalar) }
        }
        flush()
        return output
    }

    @Test("The piecewise NFKC fast path equals whole-text NFKC on random mixtures of tricky characters")
    func matchesReference() {
        let alphabet: [String] = [
            "a", "e", "Z", " ", "1", ".", "\n", "e\u{0301}", "\u{0301}", "\u{0327}", "\u{FB01}", "\u{FB02}", "Ａ", "１", "²", "γ",
            "Ω", "−", "±", "\u{200B}", "\u{FEFF}", "\u{00AD}", "北", "京", "谱", "仪", "ｶ", "한", "Å", "\u{212B}", "ﬃ", "…",
        ]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 24)
            let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            #expect(LexicalText.indexForm(text) == reference(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
