public import RAGCore

/// Splits a document into passages of at most `budget` model wordpieces, following its structure:
/// sections are never mixed, paragraphs are kept whole when they fit, then lines, then sentences, then words.
///
/// A display equation (`\begin{equation}…`, `$$…$$`, `\[…\]`) or a table row (a line with ` | ` cells) is
/// never split, even when it alone exceeds the budget. Consecutive passages of one section share up to
/// `overlap` wordpieces of trailing text. Each chunk records its page range, section path, Unicode-scalar
/// offsets into the page text, and language; Chinese text breaks at `。！？；`.
///
/// Usage example:
/// ```swift
/// let chunker = TokenWindowChunker(counter: tokenizer, budget: 200, overlap: 32)
/// for chunk in chunker.chunks(of: document) { print(chunk.pageStart, chunk.section ?? "", chunk.text) }
/// ```
public struct TokenWindowChunker: Chunker {
    /// Counts wordpieces in the embedder's own units.
    public let counter: any TokenCounter
    /// Largest passage in wordpieces, overlap included (atomic blocks excepted).
    public let budget: Int
    /// Wordpieces of trailing context repeated at the start of the next passage of the same section.
    public let overlap: Int

    /// The budget and overlap, stored with each document (see `Chunker.settings`).
    public var settings: String { "tokenWindow budget=\(budget) overlap=\(overlap)" }

    /// Creates a chunker; `overlap` is clamped below half the budget.
    public init(counter: any TokenCounter, budget: Int = 200, overlap: Int = 32) {
        self.counter = counter
        self.budget = max(8, budget)
        self.overlap = max(0, min(overlap, self.budget / 2))
    }

    /// A piece of text that is packed whole.
    struct Atom {
        var range: Range<Int>
        var tokens: Int
        /// Equations and table rows: never split, never used as overlap.
        var isAtomic: Bool
    }

    /// The chunks of `document`, in order, with ordinals 0, 1, 2, …
    public func chunks(of document: Document) -> [Chunk] {
        // The document as one scalar array, pages separated by a blank line.
        var text: [Unicode.Scalar] = []
        var pageStarts: [Int] = []
        for (index, page) in document.pages.enumerated() {
            if index > 0 { text.append(contentsOf: ["\n", "\n"]) }
            pageStarts.append(text.count)
            text.append(contentsOf: page.text.unicodeScalars)
        }
        var chunks: [Chunk] = []
        for region in regions(of: document, pageStarts: pageStarts, length: text.count) {
            let atoms = atoms(text, in: region.range)
            for range in pack(atoms, text: text) {
                let chunkText = String(String.UnicodeScalarView(text[range]))
                let startPage = page(containing: range.lowerBound, pageStarts)
                let endPage = page(containing: range.upperBound - 1, pageStarts)
                chunks.append(
                    Chunk(
                        id: ChunkID(document: document.id, ordinal: chunks.count),
                        text: chunkText,
                        pageStart: document.pages[startPage].number,
                        pageEnd: document.pages[endPage].number,
                        sectionPath: region.path,
                        startOffset: range.lowerBound - pageStarts[startPage],
                        endOffset: range.upperBound - pageStarts[endPage],
                        language: TextNormalizer.language(of: chunkText[...])
                    ))
            }
        }
        return chunks
    }

    // MARK: - Sections

    private struct Region {
        var range: Range<Int>
        var path: [String]
    }

    /// Spans between consecutive headings with their section paths; a heading with almost no text of its
    /// own (a chapter title directly followed by its first subsection) joins the span after it.
    private func regions(of document: Document, pageStarts: [Int], length: Int) -> [Region] {
        var boundaries: [(offset: Int, path: [String])] = [(0, [])]
        var stack: [Section] = []
        for section in document.sections {
            guard let pageIndex = document.pages.firstIndex(where: { $0.number == section.page }) else { continue }
            let offset = min(length, pageStarts[pageIndex] + max(0, section.offset))
            while let last = stack.last, last.level >= section.level { stack.removeLast() }
            stack.append(section)
            let path = stack.map(\.title)
            if let last = boundaries.last, offset <= last.offset {
                boundaries[boundaries.count - 1].path = path
            } else {
                boundaries.append((offset, path))
            }
        }
        var regions: [Region] = []
        var pendingStart: Int?
        for (index, boundary) in boundaries.enumerated() {
            let end = index + 1 < boundaries.count ? boundaries[index + 1].offset : length
            let start = pendingStart ?? boundary.offset
            guard start < end else { continue }
            let isLast = index + 1 == boundaries.count
            if !isLast, end - boundary.offset < 120 {
                pendingStart = start
                continue
            }
            pendingStart = nil
            regions.append(Region(range: start..<end, path: boundary.path))
        }
        return regions
    }

    // MARK: - Structure-aware splitting

    /// Paragraphs that fit, else their lines, sentences, words; equations and table rows stay whole.
    func atoms(_ text: [Unicode.Scalar], in range: Range<Int>) -> [Atom] {
        var atoms: [Atom] = []
        for paragraph in TextSegmenter.paragraphs(text, in: range) {
            let tokens = count(text, paragraph)
            if tokens <= budget {
                atoms.append(Atom(range: paragraph, tokens: tokens, isAtomic: isEquation(text, paragraph)))
            } else if isEquation(text, paragraph) {
                atoms.append(Atom(range: paragraph, tokens: tokens, isAtomic: true))
            } else {
                for line in TextSegmenter.lines(text, in: paragraph) {
                    let lineTokens = count(text, line)
                    if lineTokens <= budget || isTableRow(text, line) {
                        atoms.append(Atom(range: line, tokens: lineTokens, isAtomic: isTableRow(text, line)))
                    } else {
                        atoms += sentenceAtoms(text, in: line)
                    }
                }
            }
        }
        return atoms
    }

    private func sentenceAtoms(_ text: [Unicode.Scalar], in range: Range<Int>) -> [Atom] {
        var atoms: [Atom] = []
        for sentence in TextSegmenter.sentences(text, in: range) {
            let tokens = count(text, sentence)
            if tokens <= budget {
                atoms.append(Atom(range: sentence, tokens: tokens, isAtomic: false))
                continue
            }
            for word in TextSegmenter.words(text, in: sentence) {
                let wordTokens = count(text, word)
                if wordTokens <= budget {
                    atoms.append(Atom(range: word, tokens: wordTokens, isAtomic: false))
                    continue
                }
                // A single "word" over budget (a CJK run without punctuation, a giant URL): cut it every
                // `budget` scalars, which holds at most `budget` wordpieces.
                var start = word.lowerBound
                while start < word.upperBound {
                    let end = min(word.upperBound, start + budget)
                    atoms.append(Atom(range: start..<end, tokens: count(text, start..<end), isAtomic: false))
                    start = end
                }
            }
        }
        return atoms
    }

    /// Greedy packing of atoms into passages of at most `budget` tokens, each but the first starting with
    /// up to `overlap` tokens of the previous passage's tail.
    private func pack(_ atoms: [Atom], text: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        var carriedStart: Int?
        var carriedTokens = 0
        while index < atoms.count {
            let first = index
            var tokens = carriedTokens + atoms[index].tokens
            index += 1
            while index < atoms.count, tokens + atoms[index].tokens <= budget {
                tokens += atoms[index].tokens
                index += 1
            }
            let start = carriedStart ?? atoms[first].range.lowerBound
            // Counts of parts need not add up exactly (wordpieces across a joined boundary); check the whole.
            while index - 1 > first, count(text, start..<atoms[index - 1].range.upperBound) > budget { index -= 1 }
            result.append(start..<atoms[index - 1].range.upperBound)
            (carriedStart, carriedTokens) = index < atoms.count ? overlapTail(atoms[first..<index], text: text, nextTokens: atoms[index].tokens) : (nil, 0)
        }
        return result
    }

    /// Where the next passage should start so that it repeats the tail of `chunk`: whole trailing sentences
    /// or words worth at most `overlap` tokens (and leaving room for the next atom), never inside an equation.
    private func overlapTail(_ chunk: ArraySlice<Atom>, text: [Unicode.Scalar], nextTokens: Int) -> (Int?, Int) {
        var allowance = min(overlap, budget - nextTokens)
        guard allowance > 0 else { return (nil, 0) }
        var start: Int?
        var used = 0
        for atom in chunk.reversed() {
            guard !atom.isAtomic else { break }
            if atom.tokens <= allowance {
                start = atom.range.lowerBound
                used += atom.tokens
                allowance -= atom.tokens
                continue
            }
            for word in TextSegmenter.words(text, in: atom.range).reversed() {
                let wordTokens = count(text, word)
                guard wordTokens <= allowance else { break }
                start = word.lowerBound
                used += wordTokens
                allowance -= wordTokens
            }
            break
        }
        return (start, used)
    }

    // MARK: - Helpers

    private func count(_ text: [Unicode.Scalar], _ range: Range<Int>) -> Int {
        counter.tokenCount(String(String.UnicodeScalarView(text[range])))
    }

    private func page(containing offset: Int, _ pageStarts: [Int]) -> Int {
        var low = 0
        var high = pageStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if pageStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// A display equation as the LaTeX loader writes it.
    private func isEquation(_ text: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        let head = String(String.UnicodeScalarView(text[range.lowerBound..<min(range.upperBound, range.lowerBound + 24)]))
        return head.hasPrefix("$$") || head.hasPrefix("\\[") || head.hasPrefix("\\begin{equation") || head.hasPrefix("\\begin{align")
            || head.hasPrefix("\\begin{eqnarray") || head.hasPrefix("\\begin{gather") || head.hasPrefix("\\begin{multline")
            || head.hasPrefix("\\begin{displaymath")
    }

    /// A table row as the HTML and LaTeX loaders write it: cells joined by ` | `.
    private func isTableRow(_ text: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        var index = range.lowerBound + 1
        while index + 1 < range.upperBound {
            if text[index] == "|", text[index - 1] == " ", text[index + 1] == " " { return true }
            index += 1
        }
        return false
    }
}
