import Foundation

/// Title and author lines of page 1 by font size (from `PDFBoxLayout`): the title is the largest type in the
/// top part of the page; the author lines follow it, names separated by commas or "and", with superscript
/// affiliation marks and footnote symbols (smaller words) dropped, affiliation lines skipped, stopping at the
/// abstract. A collaboration line ("The ATLAS Collaboration") is an author.
struct PDFTitleReader {
    struct Result: Equatable {
        var title: String?
        var authors: [String]
        /// Bottom of the last title or author line: headings are not looked for above it on page 1.
        var headerBottom: Double
    }

    static func read(_ layout: PDFBoxLayout) -> Result {
        guard let page = layout.pages.first else { return Result(title: nil, authors: [], headerBottom: 0) }
        let lines = page.lines.filter { $0.text.contains(where: \.isLetter) }
        // The largest type in the top 45% of the page, above the body text (a 12.5 pt title over 12 pt text
        // in 1612.06414, so the margin is small) and larger than the line after it.
        let top = lines.indices.filter { lines[$0].yMin < page.height * 0.45 && !lines[$0].text.contains("arXiv:") }
        guard let tallest = top.map({ lines[$0].size }).max(), tallest >= layout.bodySize * 1.03,
            let first = top.first(where: { lines[$0].size >= tallest * 0.93 })
        else { return Result(title: nil, authors: [], headerBottom: 0) }
        var titleLines = [lines[first]]
        var next = first + 1
        // The title continues over lines of the same size that are close below (or beside) the last one.
        while next < lines.count, lines[next].size >= tallest * 0.93, lines[next].size <= tallest * 1.07,
            let last = titleLines.last, lines[next].yMin - last.yMax < last.size * 1.6, lines[next].yMin > last.yMin - last.size * 3
        {
            titleLines.append(lines[next])
            next += 1
        }
        if tallest < layout.bodySize * 1.1, next < lines.count, lines[next].size >= tallest * 0.97 {
            return Result(title: nil, authors: [], headerBottom: 0)
        }
        // A radical drawn on its own ("√" over "s = 13 TeV") is dropped rather than misplaced.
        let title = clean(titleLines.map { words(of: $0) }.joined(separator: " ").split(separator: " ").filter { $0 != "√" }.joined(separator: " "))
        var bottom = titleLines.map(\.yMax).max() ?? 0
        let (authors, authorBottom) = authors(in: Array(lines[next...]), below: bottom, pageHeight: page.height, bodySize: layout.bodySize)
        bottom = max(bottom, authorBottom)
        let wordCount = title.split(separator: " ").count
        return Result(title: wordCount >= 2 && wordCount <= 40 ? title : nil, authors: authors, headerBottom: bottom)
    }

    /// The line's words without superscripts (affiliation marks, footnote symbols): words clearly smaller
    /// than the line's size.
    static func words(of line: PDFBoxLayout.Line) -> String {
        line.words.filter { $0.height >= line.size * 0.85 }.map(\.text).joined(separator: " ")
    }

    static let affiliationWords = [
        "universit", "department", "departamento", "dipartimento", "institut", "laborator", "school of", "college",
        "academy", "centre", "center", "faculty", "facult", "sezione", "infn", "cnrs", "desy", "fermilab", "fnal",
        "cern,", "slac", "national lab", "research", "physics,", "physik", "fisica", "física", "street", "road", "avenue",
        "usa", "germany", "italy", "france", "china", "japan", "spain", "sweden", "switzerland", "@", "http",
    ]

    private static func authors(in lines: [PDFBoxLayout.Line], below titleBottom: Double, pageHeight: Double, bodySize: Double) -> ([String], Double) {
        var text = ""
        var bottom = 0.0
        var skipped = 0
        var authorSize: Double?
        for line in lines {
            if line.yMin > pageHeight * 0.7 { break }
            let words = words(of: line)
            let lowered = words.lowercased()
            if lowered.hasPrefix("abstract") || lowered.hasPrefix("(dated") || lowered.hasPrefix("contents") || lowered.hasPrefix("introduction")
                || lowered.hasPrefix("1 introduction") || lowered.hasPrefix("keywords") || lowered.hasPrefix("submitted") || lowered.hasPrefix("editors")
            {
                break
            }
            if isProse(words) { break }
            if lowered.contains("collaboration") {
                var name = words.trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("The ") || name.hasPrefix("the ") { name.removeFirst(4) }
                name = name.trimmingCharacters(in: CharacterSet(charactersIn: "*∗†‡§¶ ,"))
                if !text.isEmpty { text += ", " }
                text += "\u{1}" + name + "\u{1}"  // kept whole: "ATLAS and CMS Collaborations" is one author
                bottom = line.yMax
                continue
            }
            // Affiliation lines (and lines that are only superscript marks) sit between author lines.
            if words.isEmpty || affiliationWords.contains(where: lowered.contains) || line.size < bodySize * 0.85 || line.size < (authorSize ?? 0) * 0.9 {
                skipped += 1
                if skipped > 14 { break }
                bottom = max(bottom, line.yMax)
                continue
            }
            guard isNameLine(words) else {
                if text.isEmpty { skipped += 1; if skipped > 6 { break } else { continue } }
                break
            }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasSuffix(",") || trimmed.hasSuffix(" and") || trimmed.range(of: #"(^|\s)\p{Lu}\.$"#, options: .regularExpression) != nil {
                text += " " + words
            } else {
                text += ", " + words
            }
            if authorSize == nil { authorSize = line.size }
            bottom = line.yMax
        }
        return (splitNames(text), bottom)
    }

    /// Splits "A. B, C. D and E. F" into names; collaboration names (between \u{1} marks) stay whole.
    static func splitNames(_ text: String) -> [String] {
        var names: [String] = []
        let marks = CharacterSet(charactersIn: "*∗†‡§¶ ,")
        for (index, segment) in text.split(separator: "\u{1}", omittingEmptySubsequences: false).enumerated() {
            if index % 2 == 1 {
                names.append(clean(String(segment)).trimmingCharacters(in: marks))
                continue
            }
            let separated = segment.replacingOccurrences(of: " and ", with: ",").replacingOccurrences(of: ";", with: ",")
            for piece in separated.split(separator: ",") {
                var name = clean(String(piece)).trimmingCharacters(in: marks)
                if name.hasPrefix("and ") { name.removeFirst(4) }
                if name.contains(where: \.isLetter) { names.append(name) }
            }
        }
        return names.filter { $0.contains(where: \.isLetter) }
    }

    /// Names: pieces between commas and "and" of 1–5 words, capitalised (particles such as "de", "van"
    /// allowed), with no digits left once superscripts are gone.
    static func isNameLine(_ words: String) -> Bool {
        let pieces = words.replacingOccurrences(of: " and ", with: ",").split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " *∗†‡§¶")) }.filter { !$0.isEmpty }
        guard !pieces.isEmpty else { return false }
        let particles: Set<String> = ["de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "dos", "and", "y", "e", "ten", "zu"]
        let nameLike = pieces.filter { piece in
            let parts = piece.split(separator: " ")
            guard parts.count <= 5, !piece.contains(where: \.isNumber) else { return false }
            return parts.allSatisfy { part in
                part.first.map { $0.isUppercase } == true || particles.contains(part.lowercased()) || part == "(" || part.hasPrefix("(")
            }
        }
        return nameLike.count * 5 >= pieces.count * 3
    }

    /// Running text: six or more words, most of them lower-case.
    static func isProse(_ words: String) -> Bool {
        let parts = words.split(separator: " ").filter { $0.first?.isLetter == true }
        guard parts.count >= 6 else { return false }
        return parts.filter { $0.first?.isLowercase == true }.count * 2 > parts.count
    }

    static func clean(_ text: String) -> String {
        var cleaned = TextNormalizer.collapseSpaces(TextNormalizer.normalize(text)[...])
        while let last = cleaned.last, "*∗†‡§¶".contains(last) { cleaned.removeLast() }
        return cleaned.trimmingCharacters(in: .whitespaces)
    }
}
