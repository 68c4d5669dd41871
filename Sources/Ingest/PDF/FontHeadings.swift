import Foundation

/// Headings by font size: short, title-like lines set clearly larger than the body text, starting at a
/// column's left margin or centred on a column or the page. Figure labels (also large, but placed anywhere and
/// repeated: "Data / MC" under every ratio panel) and the page-1 title block are excluded. Also records
/// every line's size, so numbered "headings" in footnote type ("1 Department of …") can be refused.
struct FontHeadings: Sendable {
    struct Entry: Sendable {
        var size: Double
        /// The line starts with a superscript (an affiliation or footnote mark: "¹ Department of Physics").
        var startsWithSuperscript = false
        /// Nesting level when the line is a heading by font size (1 = largest heading type).
        var headingLevel: Int?
    }

    /// Per page: line key (`PDFBoxLayout.key`) → entry.
    var pages: [[String: Entry]]
    var bodySize: Double

    func entry(page: Int, line: String) -> Entry? {
        guard page < pages.count else { return nil }
        let key = PDFBoxLayout.key(line)
        if let entry = pages[page][key] { return entry }
        // A leading superscript number may sit on a line of its own in the box pass.
        let unnumbered = String(key.drop { $0.isNumber })
        return unnumbered.count < key.count ? pages[page][unnumbered] : nil
    }

    static func analyse(_ layout: PDFBoxLayout, headerBottom: Double) -> FontHeadings {
        let body = layout.bodySize
        // Column margins: left edges shared by many body-text lines, with the typical line width there.
        var edgeCounts: [Int: Int] = [:]
        var edgeWidths: [Int: [Double]] = [:]
        var bodyLines = 0
        for page in layout.pages {
            for line in page.lines where abs(line.size - body) <= 0.3 {
                let edge = Int(line.xMin.rounded())
                edgeCounts[edge, default: 0] += 1
                edgeWidths[edge, default: []].append(line.xMax - line.xMin)
                bodyLines += 1
            }
        }
        let columns: [(left: Double, width: Double)] = edgeCounts.filter { $0.value >= max(3, bodyLines / 20) }.map { edge, _ in
            let widths = edgeWidths[edge, default: []].sorted()
            return (Double(edge), widths.isEmpty ? 0 : widths[widths.count / 2])
        }

        var candidates: [(page: Int, key: String, size: Double)] = []
        var pages: [[String: Entry]] = []
        for (pageIndex, page) in layout.pages.enumerated() {
            var entries: [String: Entry] = [:]
            var pageCandidates: [(key: String, size: Double)] = []
            for (lineIndex, line) in page.lines.enumerated() {
                let key = PDFBoxLayout.key(line.text)
                guard !key.isEmpty else { continue }
                let superscript = line.words.count > 1 && line.words[0].height < line.size * 0.85 && line.words[0].text.unicodeScalars.count <= 3
                entries[key] = Entry(size: max(entries[key]?.size ?? 0, line.size), startsWithSuperscript: superscript || entries[key]?.startsWithSuperscript == true)
                if pageIndex == 0, line.yMin <= headerBottom { continue }
                guard line.size >= body * 1.1, isHeadingText(line.text) else { continue }
                let center = (line.xMin + line.xMax) / 2
                let placed = columns.contains { abs(line.xMin - $0.left) <= 3 || abs(center - ($0.left + $0.width / 2)) <= 8 }
                    || abs(center - page.width / 2) <= 8
                if placed, isFollowedByText(page.lines, after: lineIndex, body: body) { pageCandidates.append((key, line.size)) }
            }
            var keyCounts: [String: Int] = [:]
            for candidate in pageCandidates { keyCounts[candidate.key, default: 0] += 1 }
            for candidate in pageCandidates where keyCounts[candidate.key] == 1 {
                candidates.append((pageIndex, candidate.key, candidate.size))
            }
            pages.append(entries)
        }
        // A large line on three or more pages is a running head or a plot label, not a section.
        var pagesPerKey: [String: Int] = [:]
        for candidate in candidates { pagesPerKey[candidate.key, default: 0] += 1 }
        candidates.removeAll { pagesPerKey[$0.key, default: 0] >= 3 }
        // Levels: distinct heading sizes, largest first; sizes within 3% are one level.
        var levelSizes: [Double] = []
        for size in Set(candidates.map(\.size)).sorted(by: >) where levelSizes.last.map({ size < $0 * 0.97 }) ?? true {
            levelSizes.append(size)
        }
        for candidate in candidates {
            let level = (levelSizes.firstIndex { candidate.size >= $0 * 0.97 } ?? 0) + 1
            pages[candidate.page][candidate.key]?.headingLevel = min(level, 4)
        }
        return FontHeadings(pages: pages, bodySize: body)
    }

    /// A heading is followed closely by running text (or by a sub-heading that is): a figure label is not.
    static func isFollowedByText(_ lines: [PDFBoxLayout.Line], after index: Int, body: Double, depth: Int = 0) -> Bool {
        let line = lines[index]
        let next = index + 1
        guard next < lines.count else { return false }
        let following = lines[next]
        let gap = following.yMin - line.yMax
        guard gap > -1, gap < line.size * 3.5 else { return false }
        if abs(following.size - body) <= body * 0.12, following.words.count >= 4 { return true }
        return depth == 0 && following.size >= body * 1.1 && following.size <= line.size * 1.01 && isFollowedByText(lines, after: next, body: body, depth: 1)
    }

    /// 2–12 words, starts with a capital or a section number, has letters, no sentence end or formula.
    static func isHeadingText(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isUppercase || ("1"..."9").contains(first) else { return false }
        let words = text.split(separator: " ")
        guard text.count <= 90, words.count <= 12, let last = text.last, !".,;:=".contains(last) else { return false }
        if text.contains(where: { "=<>±≤≥|/[]→".contains($0) }) { return false }
        let letters = text.filter(\.isLetter).count
        let digits = text.filter(\.isNumber).count
        return letters >= 4 && digits * 3 <= letters
    }
}
