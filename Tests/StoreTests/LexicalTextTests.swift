import Store
import Testing

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
