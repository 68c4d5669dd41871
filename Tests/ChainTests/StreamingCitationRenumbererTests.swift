import RAGCore
import TestSupport
import Testing
import VectorIndex

@testable import Chain

/// The streamed answer must be the resolved answer: same renumbering, same dropped markers, whatever the
/// token boundaries.
@Suite("Streaming citation markers")
struct StreamingCitationRenumbererTests {
    let sources = Array(FakeCorpus.chunks.prefix(3))

    /// Feeds `pieces` and returns what was sent, piece by piece.
    func stream(_ pieces: [String], sourceCount: Int) -> [String] {
        var renumberer = StreamingCitationRenumberer(sourceCount: sourceCount)
        var sent = pieces.map { renumberer.feed($0) }
        sent.append(renumberer.finish())
        return sent
    }

    @Test("A marker split across tokens is renumbered once complete; dangling ones go with their spaces")
    func splitMarkers() {
        let pieces = ["The diphoton mass is 125.07 GeV [", "3", "]. The combined mass [9", "] is 125.09 GeV [2", "]. Again [3][", "2]."]
        let sent = stream(pieces, sourceCount: sources.count)
        let resolved = CitationResolver().resolve(pieces.joined(), sources: sources).text
        #expect(sent.joined() == resolved)
        #expect(resolved == "The diphoton mass is 125.07 GeV [1]. The combined mass is 125.09 GeV [2]. Again [1][2].")
        // Nothing is held back longer than needed: the first sentence is out before the second arrives.
        #expect(sent.prefix(3).joined().hasPrefix("The diphoton mass is 125.07 GeV [1]."))
    }

    @Test("Lists, ranges, non-markers and unclosed brackets stream as the resolver rewrites them")
    func groupsAndText() {
        let texts = [
            "A [1, 4]. B [0]. C [2-3]. Array a[i] stays.",
            "Ref [see [2]] and [a [1] and [12345678901234567890123456] [3]",
            "Spaces  [9]  then [1]   [7] end [",
            "[2] first, [2–3] range, [x] [1,,3] [ 1 ] [] [-] [3-1]",
            "Unicode ψ(2S) [²] [1]\u{301} [3] done.",
            "Line\n[9]\nnext [1]. Then [2] [5] [3]",
        ]
        for text in texts {
            let resolved = CitationResolver().resolve(text, sources: sources).text
            for size in 1...6 {
                let characters = Array(text)
                let pieces = stride(from: 0, to: characters.count, by: size).map { String(characters[$0..<min($0 + size, characters.count)]) }
                #expect(stream(pieces, sourceCount: sources.count).joined() == resolved, "\(text) in pieces of \(size)")
            }
            #expect(stream([text], sourceCount: sources.count).joined() == resolved, "\(text) whole")
            // Token boundaries may also fall inside a character (a base letter, then its combining mark).
            let scalars = Array(text.unicodeScalars)
            let scalarPieces = stride(from: 0, to: scalars.count, by: 2).map { start in
                var piece = ""
                piece.unicodeScalars.append(contentsOf: scalars[start..<min(start + 2, scalars.count)])
                return piece
            }
            #expect(stream(scalarPieces, sourceCount: sources.count).joined() == resolved, "\(text) by scalars")
        }
    }

    @Test("Random texts split at random token boundaries stream to the resolved text")
    func randomSplits() {
        var random = SeededGenerator(seed: 0x5eed)
        let atoms = ["[1]", "[2]", "[3]", "[4]", "[9]", "[1, 2]", "[2-3]", "[", "]", " ", "  ", "a", "GeV", ".", ". ", "\n", "[x]", ",", "12", "-", "ψ"]
        for _ in 0..<400 {
            let count = Int.random(in: 1...30, using: &random)
            let text = (0..<count).map { _ in atoms.randomElement(using: &random)! }.joined()
            let characters = Array(text)
            var pieces: [String] = []
            var start = 0
            while start < characters.count {
                let length = Int.random(in: 1...5, using: &random)
                pieces.append(String(characters[start..<min(start + length, characters.count)]))
                start += length
            }
            let resolved = CitationResolver().resolve(text, sources: sources).text
            #expect(stream(pieces, sourceCount: sources.count).joined() == resolved, "\(pieces)")
        }
    }
}
