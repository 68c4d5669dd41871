import RAGCore

/// Turns poppler's per-page text into clean pages: running headers, footers and page numbers removed,
/// wrapped lines joined into paragraphs (with de-hyphenation), headings detected and recorded.
struct PDFLayout {
    /// Cleaned pages and the headings found on them.
    struct Result {
        var pages: [Page]
        var sections: [Section]
        /// Paragraphs of the first page, before boilerplate removal, for title detection.
        var firstPageParagraphs: [String]
    }

    /// `fonts`, when the box pass ran, adds headings set in larger type and refuses numbered "headings" set
    /// in footnote type. `keepingMargins` keeps the lines that recur at the top or bottom of many pages.
    static func clean(_ rawPages: [String], fonts: FontHeadings? = nil, keepingMargins: Bool = false) -> Result {
        let linesPerPage = rawPages.map { page in
            TextNormalizer.normalize(page).utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
                restoreScriptL(TextNormalizer.collapseSpaces(Substring($0)))
            }
        }
        let boilerplate = keepingMargins ? Array(repeating: [], count: linesPerPage.count) : repeatedMargins(linesPerPage)
        var pages: [Page] = []
        var sections: [Section] = []
        var headings = HeadingDetector()
        var firstPageParagraphs: [String] = []
        for (pageIndex, lines) in linesPerPage.enumerated() {
            let removable = boilerplate[pageIndex]
            let kept = lines.enumerated().map { removable.contains($0.offset) ? "" : $0.element }
            let isContentsPage = kept.contains { $0.utf8.count <= 17 && ($0.lowercased() == "contents" || $0.lowercased() == "table of contents") }
            let typicalLength = medianLength(kept)
            var paragraphs: [(text: String, heading: HeadingDetector.Heading?)] = []
            var current: [String] = []
            func flush() {
                if !current.isEmpty { paragraphs.append((TextNormalizer.joinLines(current), nil)) }
                current.removeAll()
            }
            var continuation: Int?
            for (lineIndex, line) in kept.enumerated() {
                if lineIndex == continuation { continue }
                if line.isEmpty {
                    flush()
                } else if !isContentsPage, var heading = heading(line, page: pageIndex, fonts: fonts, detector: &headings, typicalLength: typicalLength) {
                    flush()
                    // A heading wrapped onto a second line ("4 Measuring θ13 at Daya" / "Bay") is joined.
                    if lineIndex + 1 < kept.count, let fonts, isHeadingContinuation(kept[lineIndex + 1], of: line, page: pageIndex, fonts: fonts) {
                        heading.title += " " + kept[lineIndex + 1]
                        continuation = lineIndex + 1
                    }
                    paragraphs.append((heading.title, heading))
                } else {
                    current.append(line)
                    if let last = line.unicodeScalars.last, ".?!:。！？".unicodeScalars.contains(last), line.unicodeScalars.count < typicalLength * 3 / 4 { flush() }
                }
            }
            flush()
            if pageIndex == 0 { firstPageParagraphs = paragraphs.map(\.text) }
            // A letter with no section headings (PRL style: abstract on page 1, body from page 2) would otherwise
            // cite its whole body as "Abstract": the abstract ends with its page when the next page with text opens
            // a new paragraph with no heading.
            if let last = sections.last, last.title.lowercased().trimmingCharacters(in: .init(charactersIn: ":.")) == "abstract",
                last.page <= pageIndex, pages[last.page..<pageIndex].allSatisfy({ $0.text.isEmpty }),
                let opening = paragraphs.first, opening.heading == nil,
                opening.text.unicodeScalars.first?.properties.isUppercase == true,
                let previous = pages[last.page - 1].text.last, ".!?。".contains(previous)
            {
                sections.append(Section(title: "Main text", level: 1, page: pageIndex + 1, offset: 0))
            }
            var text = ""
            var offset = 0
            for (text: paragraph, heading: heading) in paragraphs {
                if !text.isEmpty {
                    text += "\n\n"
                    offset += 2
                }
                if let heading {
                    sections.append(Section(title: heading.title, level: heading.level, page: pageIndex + 1, offset: offset))
                }
                text += paragraph
                offset += paragraph.unicodeScalars.count
            }
            pages.append(Page(number: pageIndex + 1, text: text))
        }
        return Result(pages: pages, sections: sections, firstPageParagraphs: firstPageParagraphs)
    }

    /// The heading in `line`: by its text (numbered, unnumbered names), unless it is set in footnote type or
    /// its "number" is a superscript mark (affiliation lists: "¹ Department of Physics, …"), else by its font size.
    private static func heading(_ line: String, page: Int, fonts: FontHeadings?, detector: inout HeadingDetector, typicalLength: Int) -> HeadingDetector.Heading? {
        let entry = fonts?.entry(page: page, line: line)
        if let entry, let fonts, entry.size < fonts.bodySize * 0.87 || entry.startsWithSuperscript { return nil }
        if let heading = detector.heading(in: line, typicalLineLength: typicalLength) { return heading }
        guard let level = entry?.headingLevel else { return nil }
        // A numbered heading keeps the depth of its number ("4.2 Event selection" is level 2).
        if let label = line.split(separator: " ").first, label.first?.isNumber == true {
            let parts = label.split(separator: ".")
            if parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) { return HeadingDetector.Heading(title: line, level: parts.count) }
        }
        return HeadingDetector.Heading(title: line, level: level)
    }

    /// Whether `next` continues the heading `line` on a second line: set in the same heading type (larger than
    /// body text, sizes within 2%), short, and not a numbered heading of its own.
    static func isHeadingContinuation(_ next: String, of line: String, page: Int, fonts: FontHeadings) -> Bool {
        guard !next.isEmpty, next.unicodeScalars.count <= 50, next.split(separator: " ").count <= 6,
            let headingSize = fonts.entry(page: page, line: line)?.size, headingSize >= fonts.bodySize * 1.1,
            let nextSize = fonts.entry(page: page, line: next)?.size, abs(nextSize - headingSize) <= headingSize * 0.02
        else { return false }
        if let label = next.split(separator: " ").first, label.first?.isNumber == true { return false }
        if let last = next.last, ".,;:".contains(last) { return false }
        return true
    }

    /// TeX's math italic font (cmmi) has ℓ where ASCII has the grave accent, and PDFs made with it rarely map the
    /// glyph back, so poppler prints "H → ZZ → 4`" and "`+ `−". A backtick standing alone as a symbol (after a
    /// digit, a space, an opening bracket or the line start, before a space, digit, sign, prime, closing bracket,
    /// punctuation or the line end) is ℓ; backticks inside words and code are left alone.
    static func restoreScriptL(_ line: String) -> String {
        guard line.utf8.contains(UInt8(ascii: "`")) else { return line }
        let characters = Array(line)
        var result = ""
        result.reserveCapacity(line.utf8.count)
        for (index, character) in characters.enumerated() {
            guard character == "`" else {
                result.append(character)
                continue
            }
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let opens = previous.map { $0.isNumber || $0.isWhitespace || "([{→/".contains($0) } ?? true
            let closes = next.map { $0.isNumber || $0.isWhitespace || "+−-±′'’)]},.;:=⁺⁻".contains($0) } ?? true
            result.append(opens && closes ? "ℓ" : "`")
        }
        return result
    }

    // MARK: - Running headers and footers

    /// For each page, the indices of lines to drop: page numbers and lines that recur in the top or bottom
    /// five lines of many pages once digits are ignored ("Page 3 of 12", journal running heads).
    static func repeatedMargins(_ pages: [[String]]) -> [Set<Int>] {
        let marginSize = 5
        var candidates: [[(index: Int, key: String)]] = []
        var pageCounts: [String: Int] = [:]
        for lines in pages {
            let nonEmpty = lines.indices.filter { !lines[$0].isEmpty }
            let margin = Array(nonEmpty.prefix(marginSize)) + Array(nonEmpty.suffix(marginSize))
            var seen = Set<String>()
            var pageCandidates: [(Int, String)] = []
            for index in Set(margin).sorted() {
                let key = marginKey(lines[index])
                pageCandidates.append((index, key))
                if seen.insert(key).inserted { pageCounts[key, default: 0] += 1 }
            }
            candidates.append(pageCandidates)
        }
        // Short documents (a 3-page proceedings paper) need fewer repeats to call a line a running head.
        let threshold = pages.count < 6 ? max(2, (pages.count + 1) / 2) : max(3, (pages.count * 2 + 4) / 5)
        return candidates.map { pageCandidates in
            Set(pageCandidates.filter { isPageNumber($0.key) || (pageCounts[$0.key, default: 0] >= threshold && $0.key.count > 1) }.map(\.index))
        }
    }

    /// The line lower-cased with every digit run replaced by `#`, so "Page 3" and "Page 14" compare equal.
    static func marginKey(_ line: String) -> String {
        var key = ""
        var inDigits = false
        for character in line.lowercased() {
            if character.isNumber {
                if !inDigits { key.append("#") }
                inDigits = true
            } else {
                inDigits = false
                key.append(character)
            }
        }
        return key
    }

    /// `#`, `- # -`, `page #`, `page # of #`, `#/#` or a short lower-case roman numeral.
    static func isPageNumber(_ key: String) -> Bool {
        guard key.utf8.count <= 16 else { return false }
        let stripped = key.filter { !" –—-.".contains($0) }
        if ["#", "page#", "page#of#", "#/#", "#of#", "p.#"].contains(stripped) { return true }
        return !stripped.isEmpty && stripped.count <= 4 && stripped.allSatisfy { "ivxl".contains($0) }
    }

    private static func medianLength(_ lines: [String]) -> Int {
        let lengths = lines.map(\.unicodeScalars.count).filter { $0 >= 20 }.sorted()
        return lengths.isEmpty ? 80 : lengths[lengths.count / 2]
    }
}
