import Embedding
import Testing

@Suite("Hash embedder")
struct HashEmbedderTests {
    @Test("The same text gives the same unit vector on every call")
    func deterministicAndNormalised() async throws {
        let embedder = HashEmbedder(dimension: 64)
        let first = try await embedder.embed(["Higgs boson mass", "Higgs boson mass"])
        #expect(first[0] == first[1])
        #expect(first[0] == HashEmbedder(dimension: 64).vector(for: "Higgs boson mass"))
        #expect(abs(first[0].reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        #expect(first[0].count == 64 && embedder.dimension == 64)
    }

    @Test("Texts sharing words are more similar than texts sharing none")
    func sharedWordsAreCloser() {
        let embedder = HashEmbedder(dimension: 256)
        let query = embedder.vector(for: "higgs boson mass")
        let related = embedder.vector(for: "The mass of the Higgs boson")
        let unrelated = embedder.vector(for: "xenon gas chromatography")
        #expect(cosine(query, related) > cosine(query, unrelated) + 0.3)
    }

    @Test("A text without words maps to the zero vector")
    func emptyTextIsZero() {
        #expect(HashEmbedder(dimension: 8).vector(for: " ,;! ").allSatisfy { $0 == 0 })
    }
}
