import Foundation
import RAGCore

/// Converts a LaTeX document body to readable text with a section hierarchy: headings numbered as LaTeX numbers
/// them, display equations kept verbatim (with their `\label`) as paragraphs of their own, `\cite` keys as
/// `[key1, key2]`, `\ref`/`\eqref` resolved to numbers, tables flattened to ` | ` rows, figure captions kept.
///
/// Runs twice: the first pass numbers labels, the second resolves references (including forward ones).
struct LaTeXConverter {
    /// Maximum nesting of command arguments converted recursively; deeper groups are copied as plain text.
    static let maxDepth = 48
    static let displayEnvironments: Set<String> = [
        "equation", "equation*", "align", "align*", "eqnarray", "eqnarray*", "gather", "gather*", "multline", "multline*",
        "displaymath", "flalign", "flalign*", "alignat", "alignat*", "math",
    ]
    static let tableEnvironments: Set<String> = ["tabular", "tabular*", "tabularx", "longtable", "array", "supertabular"]
    static let verbatimEnvironments: Set<String> = ["verbatim", "verbatim*", "lstlisting", "minted", "Verbatim", "alltt"]
    static let droppedEnvironments: Set<String> = ["comment", "tikzpicture", "picture", "titlepage", "thebibliography*"]
    /// Commands whose arguments carry no reading text.
    static let droppedWithArguments: [String: Int] = [
        "label": 1, "vspace": 1, "hspace": 1, "includegraphics": 1, "bibliographystyle": 1, "setlength": 2, "addtolength": 2,
        "setcounter": 2, "addtocounter": 2, "pagestyle": 1, "thispagestyle": 1, "graphicspath": 1, "usepackage": 1,
        "documentclass": 1, "newcommand": 2, "renewcommand": 2, "providecommand": 2, "newenvironment": 3, "renewenvironment": 3,
        "thanks": 1, "affiliation": 1, "affil": 1, "address": 1, "email": 1, "institute": 1, "keywords": 1, "pacs": 1,
        "title": 1, "author": 1, "date": 1, "nocite": 1, "hypersetup": 1, "definecolor": 3, "color": 1, "newtheorem": 2,
        "DeclareMathOperator": 2, "input": 1, "vskip": 0, "linespread": 1, "preprint": 1, "collaboration": 1, "arxivnumber": 1,
        "newlength": 1, "captionsetup": 1, "def": 1, "let": 0, "bibliography": 1, "maketitle": 0,
    ]
    /// Commands whose single argument is kept as text.
    static let transparent: Set<String> = [
        "textbf", "textit", "emph", "texttt", "textrm", "textsf", "textsc", "underline", "mbox", "hbox", "text", "textnormal",
        "uline", "textup", "textmd", "textsl", "mathrm", "ensuremath", "fbox", "makebox", "centerline", "textsuperscript",
        "textsubscript", "url", "nolinkurl", "boldsymbol",
    ]
    static let symbols: [String: String] = [
        "ldots": "…", "dots": "…", "LaTeX": "LaTeX", "TeX": "TeX", "ie": "i.e.", "eg": "e.g.", "etal": "et al.", "S": "§",
        "textendash": "–", "textemdash": "—", "textasciitilde": "~", "copyright": "©", "textregistered": "®", "pounds": "£",
        "AA": "Å", "aa": "å", "o": "ø", "O": "Ø", "ss": "ß", "ae": "æ", "AE": "Æ", "l": "ł", "L": "Ł", "textbackslash": "\\",
        "quad": " ", "qquad": " ", "par": "\n\n", "newline": "\n", "linebreak": "\n", "item": "\n- ", "and": ", ",
    ]
    static let accents: [Unicode.Scalar: Unicode.Scalar] = [
        "'": "\u{0301}", "`": "\u{0300}", "\"": "\u{0308}", "^": "\u{0302}", "~": "\u{0303}", "=": "\u{0304}", ".": "\u{0307}",
        "c": "\u{0327}", "v": "\u{030C}", "u": "\u{0306}", "H": "\u{030B}", "k": "\u{0328}", "r": "\u{030A}",
    ]

    let scanner: LaTeXScanner
    var labels: [String: String]
    var bibliography: String?

    // Output state.
    private(set) var output = ""
    private(set) var scalarCount = 0
    private(set) var sections: [Section] = []
    private var inline = String.UnicodeScalarView()
    private var pendingNewlines = 0
    // Numbering state.
    private var sectionCounters = [Int](repeating: 0, count: 6)
    private var isInAppendix = false
    private var equationNumber = 0
    private var figureNumber = 0
    private var tableNumber = 0
    private var currentLabelTarget = ""
    private(set) var collectedLabels: [String: String] = [:]
    private let levelOffset: Int
    private var depth = 0

    init(body: String, labels: [String: String], bibliography: String?) {
        scanner = LaTeXScanner(body)
        self.labels = labels
        self.bibliography = bibliography
        levelOffset = body.contains("\\chapter") ? 1 : 0
    }

    /// Converts `body` (the text between `\begin{document}` and `\end{document}`).
    static func convert(body: String, bibliography: String?) -> (text: String, sections: [Section]) {
        var first = LaTeXConverter(body: body, labels: [:], bibliography: bibliography)
        first.run()
        var second = LaTeXConverter(body: body, labels: first.collectedLabels, bibliography: bibliography)
        second.run()
        return (second.output, second.sections)
    }

    /// Converts a short fragment (a title, an author, an abstract) to one line of text.
    static func plainText(_ fragment: String) -> String {
        var converter = LaTeXConverter(body: fragment, labels: [:], bibliography: nil)
        converter.run()
        return TextNormalizer.collapseSpaces(converter.output.replacingOccurrences(of: "\n", with: " ")[...])
    }

    mutating func run() {
        process(0..<scanner.count)
        breakLine(0)
    }

    // MARK: - Main loop

    private mutating func process(_ range: Range<Int>) {
        var index = range.lowerBound
        while index < range.upperBound {
            let scalar = scanner[index]
            switch scalar {
            case "\\":
                index = command(at: index, limit: range.upperBound)
            case "$":
                if index + 1 < range.upperBound, scanner[index + 1] == "$" {
                    let end = scanner.find("$$", from: index + 2).map { min($0 + 2, range.upperBound) } ?? range.upperBound
                    writeDisplay(scanner.string(index..<end), numbered: false)
                    index = end
                } else {
                    var end = index + 1
                    while end < range.upperBound, scanner[end] != "$" { end += scanner[end] == "\\" ? 2 : 1 }
                    end = min(end + 1, range.upperBound)
                    appendRaw(scanner.string(index..<end))
                    index = end
                }
            case "{", "}":
                index += 1
            case "~":
                appendSpace()
                index += 1
            case "\n":
                var next = index + 1
                while next < range.upperBound, scanner[next] == " " || scanner[next] == "\t" { next += 1 }
                if next < range.upperBound, scanner[next] == "\n" { breakLine(2) } else { appendSpace() }
                index = next
            case " ", "\t", "\r":
                appendSpace()
                index += 1
            case "`" where index + 1 < range.upperBound && scanner[index + 1] == "`":
                inline.append("“")
                index += 2
            case "'" where index + 1 < range.upperBound && scanner[index + 1] == "'":
                inline.append("”")
                index += 2
            case "-" where index + 1 < range.upperBound && scanner[index + 1] == "-":
                let isEmDash = index + 2 < range.upperBound && scanner[index + 2] == "-"
                inline.append(isEmDash ? "—" : "–")
                index += isEmDash ? 3 : 2
            case "&":
                appendSpace()
                index += 1
            default:
                inline.append(scalar)
                index += 1
            }
        }
    }

    /// Handles the command at `index` (a backslash) and returns the index after it.
    private mutating func command(at index: Int, limit: Int) -> Int {
        guard index + 1 < limit else { return limit }
        guard let (name, afterName) = scanner.commandName(at: index) else {
            return controlSymbol(at: index, limit: limit)
        }
        switch name {
        case "begin":
            return environment(at: afterName, limit: limit)
        case "end":
            return skipArguments(afterName, count: 1, limit: limit)
        case "part", "chapter", "section", "subsection", "subsubsection", "paragraph", "subparagraph":
            return heading(name, after: afterName, limit: limit)
        case "appendix":
            isInAppendix = true
            sectionCounters = [Int](repeating: 0, count: 6)
            return afterName
        case "cite", "citep", "citet", "citealp", "citealt", "citeauthor", "citeyear", "citenum", "parencite", "textcite", "autocite", "Cite", "Citep", "Citet":
            var cursor = skipOptionals(afterName, limit: limit)
            if cursor < limit, scanner[cursor] == "*" { cursor = skipOptionals(cursor + 1, limit: limit) }
            guard let (keys, end) = scanner.group(at: cursor) else { return cursor }
            let list = keys.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            appendRaw("[\(list.joined(separator: ", "))]")
            return end
        case "ref", "eqref", "autoref", "cref", "Cref", "pageref", "vref", "Autoref", "subref":
            let cursor = scanner.skipSpaces(afterName)
            guard let (key, end) = scanner.group(at: cursor) else { return cursor }
            let trimmed = key.trimmingCharacters(in: .whitespaces)
            let number = labels[trimmed]
            if name == "eqref" {
                appendRaw("(\(number ?? trimmed))")
            } else {
                appendRaw(number ?? "[\(trimmed)]")
            }
            return end
        case "label":
            let cursor = scanner.skipSpaces(afterName)
            guard let (key, end) = scanner.group(at: cursor) else { return cursor }
            collectedLabels[key.trimmingCharacters(in: .whitespaces)] = currentLabelTarget
            return end
        case "footnote", "footnotetext":
            let cursor = skipOptionals(afterName, limit: limit)
            guard let (range, end) = scanner.groupRange(at: cursor) else { return cursor }
            appendRaw(" (")
            nested(range)
            appendRaw(")")
            return end
        case "href":
            let afterURL = skipArguments(afterName, count: 1, limit: limit)
            guard let (range, end) = scanner.groupRange(at: scanner.skipSpaces(afterURL)) else { return afterURL }
            nested(range)
            return end
        case "caption":
            let cursor = skipOptionals(afterName, limit: limit)
            guard let (range, end) = scanner.groupRange(at: cursor) else { return cursor }
            nested(range)
            return end
        case "multicolumn", "multirow":
            let afterSpec = skipArguments(afterName, count: 2, limit: limit)
            guard let (range, end) = scanner.groupRange(at: scanner.skipSpaces(afterSpec)) else { return afterSpec }
            nested(range)
            return end
        case "bibitem":
            let cursor = skipOptionals(afterName, limit: limit)
            guard let (key, end) = scanner.group(at: scanner.skipSpaces(cursor)) else { return cursor }
            breakLine(1)
            appendRaw("[\(key.trimmingCharacters(in: .whitespaces))] ")
            return end
        case "bibliography":
            let end = skipArguments(afterName, count: 1, limit: limit)
            if let bibliography {
                var nestedConverter = LaTeXConverter(body: bibliography, labels: labels, bibliography: nil)
                nestedConverter.run()
                writeHeading("References", level: 1)
                appendRaw(nestedConverter.output)
                breakLine(2)
            }
            return end
        case "item":
            breakLine(1)
            var cursor = afterName
            if cursor < limit, scanner[cursor] == "[", let (label, end) = scanner.optional(at: cursor) {
                appendRaw(LaTeXConverter.plainText(label) + " ")
                cursor = end
            } else {
                appendRaw("- ")
            }
            return cursor
        case "hline", "toprule", "midrule", "bottomrule", "cline", "cmidrule":
            return skipArguments(afterName, count: name == "cline" || name == "cmidrule" ? 1 : 0, limit: limit)
        default:
            break
        }
        if let count = Self.droppedWithArguments[name] {
            let afterStar = afterName < limit && scanner[afterName] == "*" ? afterName + 1 : afterName
            return skipArguments(skipOptionals(afterStar, limit: limit), count: count, limit: limit)
        }
        if Self.transparent.contains(name) {
            let cursor = scanner.skipSpaces(afterName)
            guard let (range, end) = scanner.groupRange(at: cursor) else { return afterName }
            nested(range)
            return end
        }
        if let symbol = Self.symbols[name] {
            if symbol.hasPrefix("\n") {
                breakLine(symbol == "\n\n" ? 2 : 1)
                appendRaw(String(symbol.drop { $0 == "\n" }))
            } else {
                appendRaw(symbol)
            }
            return afterName
        }
        // Unknown command: drop its name; its brace groups are read as ordinary text by the main loop.
        return afterName
    }

    private mutating func controlSymbol(at index: Int, limit: Int) -> Int {
        let symbol = scanner[index + 1]
        switch symbol {
        case "\\":
            breakLine(1)
            let after = index + 2
            return after < limit && scanner[after] == "[" ? (scanner.optional(at: after)?.1 ?? after) : after
        case "[":
            let end = scanner.find("\\]", from: index + 2).map { min($0 + 2, limit) } ?? limit
            writeDisplay(scanner.string(index..<end), numbered: false)
            return end
        case "(":
            let end = scanner.find("\\)", from: index + 2).map { min($0 + 2, limit) } ?? limit
            appendRaw(scanner.string(index..<end))
            return end
        case "%", "&", "$", "#", "_", "{", "}":
            inline.append(symbol)
            return index + 2
        case ",", ";", ":", " ", "!", "/", "@":
            if symbol != "!" && symbol != "/" && symbol != "@" { appendSpace() }
            return index + 2
        default:
            if let mark = Self.accents[symbol] {
                var cursor = index + 2
                var base: Unicode.Scalar?
                if cursor < limit, scanner[cursor] == "{", let (inner, end) = scanner.group(at: cursor) {
                    base = inner.unicodeScalars.first { $0 != "\\" }
                    cursor = end
                } else if cursor < limit {
                    base = scanner[cursor]
                    cursor += 1
                }
                if let base {
                    let composed = (String(base) + String(mark)).precomposedStringWithCanonicalMapping
                    inline.append(contentsOf: composed.unicodeScalars)
                }
                return cursor
            }
            return index + 2
        }
    }

    // MARK: - Structure

    private mutating func heading(_ name: String, after afterName: Int, limit: Int) -> Int {
        var cursor = afterName
        let isStarred = cursor < limit && scanner[cursor] == "*"
        if isStarred { cursor += 1 }
        cursor = skipOptionals(cursor, limit: limit)
        guard let (range, end) = scanner.groupRange(at: scanner.skipSpaces(cursor)) else { return cursor }
        let title = LaTeXConverter.plainText(scanner.string(range))
        let rank = ["part": 0, "chapter": 1, "section": 1 + levelOffset, "subsection": 2 + levelOffset,
            "subsubsection": 3 + levelOffset, "paragraph": 4 + levelOffset, "subparagraph": 5 + levelOffset][name] ?? 1
        let level = max(1, min(6, rank))
        var text = title
        if !isStarred, name != "part", rank <= 3 + levelOffset {
            sectionCounters[level - 1] += 1
            for deeper in level..<sectionCounters.count { sectionCounters[deeper] = 0 }
            var parts = sectionCounters[0..<level].map(String.init)
            if isInAppendix, let top = sectionCounters.first, top >= 1, top <= 26, let letter = Unicode.Scalar(64 + top) {
                parts[0] = String(Character(letter))
            }
            let number = parts.joined(separator: ".")
            currentLabelTarget = number
            text = "\(number) \(title)"
        }
        writeHeading(text, level: level)
        return end
    }

    private mutating func environment(at afterBegin: Int, limit: Int) -> Int {
        guard let (nameText, afterName) = scanner.group(at: scanner.skipSpaces(afterBegin)) else { return afterBegin }
        let name = nameText.trimmingCharacters(in: .whitespaces)
        let endMarker = "\\end{\(name)}"
        let endIndex = scanner.find(endMarker, from: afterName).map { min($0, limit) } ?? limit
        let after = min(limit, endIndex + endMarker.unicodeScalars.count)
        let beginIndex = afterBegin - "\\begin".unicodeScalars.count
        if Self.displayEnvironments.contains(name) {
            writeDisplay(scanner.string(beginIndex..<after), numbered: !name.hasSuffix("*") && name != "displaymath" && name != "math")
            return after
        }
        if Self.verbatimEnvironments.contains(name) {
            breakLine(2)
            appendRaw(scanner.string(afterName..<endIndex).trimmingCharacters(in: .newlines))
            breakLine(2)
            return after
        }
        if Self.droppedEnvironments.contains(name) { return after }
        if Self.tableEnvironments.contains(name) {
            writeTable(afterName..<endIndex, name: name)
            return after
        }
        switch name {
        case "abstract":
            writeHeading("Abstract", level: 1)
            nested(afterName..<endIndex)
            breakLine(2)
        case "figure", "figure*", "wrapfigure", "SCfigure":
            figureNumber += 1
            currentLabelTarget = String(figureNumber)
            writeFloat(afterName..<endIndex, prefix: "Figure \(figureNumber): ")
        case "table", "table*", "wraptable":
            tableNumber += 1
            currentLabelTarget = String(tableNumber)
            writeFloat(afterName..<endIndex, prefix: "Table \(tableNumber): ")
        case "thebibliography":
            writeHeading("References", level: 1)
            nested(skipArguments(afterName, count: 1, limit: endIndex)..<endIndex)
            breakLine(2)
        case "itemize", "enumerate", "description":
            breakLine(2)
            nested(skipOptionals(afterName, limit: endIndex)..<endIndex)
            breakLine(2)
        case "minipage", "multicols", "wrapfigure*":
            nested(skipArguments(skipOptionals(afterName, limit: endIndex), count: 1, limit: endIndex)..<endIndex)
        default:
            nested(afterName..<endIndex)
        }
        return after
    }

    /// Caption first, then any tables inside; graphics and positioning are dropped.
    private mutating func writeFloat(_ range: Range<Int>, prefix: String) {
        breakLine(2)
        var index = range.lowerBound
        var wroteCaption = false
        while let position = scanner.find("\\caption", from: index), position < range.upperBound {
            let cursor = skipOptionals(position + "\\caption".unicodeScalars.count, limit: range.upperBound)
            guard let (captionRange, end) = scanner.groupRange(at: scanner.skipSpaces(cursor)) else { break }
            appendRaw(prefix)
            nested(captionRange)
            breakLine(2)
            wroteCaption = true
            index = end
        }
        if let label = scanner.find("\\label{", from: range.lowerBound), label < range.upperBound,
            let (key, _) = scanner.group(at: label + "\\label".unicodeScalars.count)
        {
            collectedLabels[key.trimmingCharacters(in: .whitespaces)] = currentLabelTarget
        }
        var search = range.lowerBound
        while let begin = scanner.find("\\begin{", from: search), begin < range.upperBound,
            let (name, afterName) = scanner.group(at: begin + "\\begin".unicodeScalars.count)
        {
            search = afterName
            guard Self.tableEnvironments.contains(name) else { continue }
            let end = scanner.find("\\end{\(name)}", from: afterName).map { min($0, range.upperBound) } ?? range.upperBound
            writeTable(afterName..<end, name: name)
            search = end
        }
        if !wroteCaption { breakLine(2) }
    }

    /// One line per row (`\\`), cells (`&`) joined by ` | `; rules and column specs dropped.
    private mutating func writeTable(_ range: Range<Int>, name: String) {
        var start = skipOptionals(range.lowerBound, limit: range.upperBound)
        start = skipArguments(start, count: name == "tabular*" || name == "tabularx" ? 2 : 1, limit: range.upperBound)
        breakLine(2)
        var rowStart = start
        var cells: [String] = []
        var cellStart = start
        var index = start
        var braceDepth = 0
        func cellText(_ cellRange: Range<Int>) -> String {
            LaTeXConverter.plainText(scanner.string(cellRange))
        }
        while index <= range.upperBound {
            let isEnd = index == range.upperBound
            let scalar: Unicode.Scalar = isEnd ? "\0" : scanner[index]
            if !isEnd, scalar == "{" { braceDepth += 1 }
            if !isEnd, scalar == "}" { braceDepth -= 1 }
            let isRowEnd = isEnd || (braceDepth == 0 && scalar == "\\" && index + 1 < range.upperBound && scanner[index + 1] == "\\")
            if !isEnd, braceDepth == 0, scalar == "&" {
                cells.append(cellText(cellStart..<index))
                cellStart = index + 1
            } else if isRowEnd {
                cells.append(cellText(cellStart..<index))
                let row = cells.map { $0.trimmingCharacters(in: .whitespaces) }
                if row.contains(where: { !$0.isEmpty }) {
                    appendRaw(row.joined(separator: " | "))
                    breakLine(1)
                }
                cells = []
                index += isEnd ? 1 : 2
                if index < range.upperBound, scanner[index] == "[", let (_, end) = scanner.optional(at: index) { index = end }
                cellStart = index
                rowStart = index
                continue
            } else if scalar == "\\", index + 1 < range.upperBound {
                index += 2
                continue
            }
            index += 1
        }
        _ = rowStart
        breakLine(2)
    }

    // MARK: - Writing

    private mutating func writeDisplay(_ raw: String, numbered: Bool) {
        // Blank lines inside an equation would split its paragraph; they carry no meaning in maths.
        let lines = raw.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if numbered {
            let rows = max(1, raw.components(separatedBy: "\\\\").count - (raw.hasPrefix("\\begin{equation") || raw.hasPrefix("\\begin{multline") ? raw.components(separatedBy: "\\\\").count - 1 : 0))
            let skipped = raw.components(separatedBy: "\\nonumber").count + raw.components(separatedBy: "\\notag").count - 2
            let first = equationNumber + 1
            equationNumber += max(1, rows - skipped)
            var labelIndex = 0
            for match in raw.matches(of: /\\label\{([^}]*)\}/) {
                collectedLabels[String(match.1).trimmingCharacters(in: .whitespaces)] = String(min(first + labelIndex, equationNumber))
                labelIndex += 1
            }
        }
        breakLine(2)
        appendRaw(lines.joined(separator: "\n"))
        breakLine(2)
    }

    private mutating func writeHeading(_ title: String, level: Int) {
        breakLine(2)
        flush()
        let separator = output.isEmpty ? 0 : max(2, pendingNewlines)
        sections.append(Section(title: title, level: level, page: 1, offset: scalarCount + separator))
        inline.append(contentsOf: title.unicodeScalars)
        breakLine(2)
    }

    private mutating func nested(_ range: Range<Int>) {
        guard depth < Self.maxDepth else {
            appendRaw(scanner.string(range).filter { $0 != "{" && $0 != "}" && $0 != "\\" })
            return
        }
        depth += 1
        process(range)
        depth -= 1
    }

    private mutating func appendRaw(_ text: String) {
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                breakLine(1)
            } else if scalar == " " || scalar == "\t" {
                appendSpace()
            } else {
                inline.append(scalar)
            }
        }
    }

    private mutating func appendSpace() {
        if let last = inline.last, last != " " { inline.append(" ") }
    }

    private mutating func breakLine(_ newlines: Int) {
        flush()
        pendingNewlines = max(pendingNewlines, newlines)
    }

    private mutating func flush() {
        while inline.last == " " { inline.removeLast() }
        while inline.first == " " { inline.removeFirst() }
        guard !inline.isEmpty else { return }
        if !output.isEmpty {
            let separator = String(repeating: "\n", count: max(1, pendingNewlines))
            output += separator
            scalarCount += separator.unicodeScalars.count
        }
        let text = String(inline)
        output += text
        scalarCount += inline.count
        inline = String.UnicodeScalarView()
        pendingNewlines = 0
    }

    // MARK: - Argument skipping

    private func skipOptionals(_ index: Int, limit: Int) -> Int {
        var cursor = index
        while true {
            let next = scanner.skipSpaces(cursor)
            guard next < limit, scanner[next] == "[", let (_, end) = scanner.optional(at: next) else { return cursor }
            cursor = end
        }
    }

    private func skipArguments(_ index: Int, count: Int, limit: Int) -> Int {
        var cursor = index
        for _ in 0..<count {
            let next = scanner.skipSpaces(cursor)
            guard next < limit, let (_, end) = scanner.groupRange(at: next) else { return cursor }
            cursor = end
        }
        return cursor
    }
}
