import Foundation

/// Word and line boxes of a PDF from `pdftotext -bbox-layout`, the font-size signal for the title, the
/// author lines and headings. A word's box height is poppler's font size times the font's ascent − descent,
/// so it is proportional to the font size within a font family, and superscripts (affiliation marks) come out
/// as separate, smaller words.
///
/// Runs in the same kind of sandboxed child as the text pass (prlimit + wall-clock timeout), concurrently
/// with it. The output (XML, ~17× the size of the plain text) is read with a byte scanner rather than a DOM:
/// poppler writes a fixed shape (`<page width height>`, `<line xMin yMin xMax yMax>`, `<word …>text</word>`),
/// and words may contain control characters that a strict XML parser refuses.
struct PDFBoxLayout: Sendable {
    struct Word: Sendable {
        var text: String
        var height: Double
    }

    struct Line: Sendable {
        var xMin: Double
        var yMin: Double
        var xMax: Double
        var yMax: Double
        var words: [Word]
        /// Font size of the line: the character-weighted most common word height (a `√` or a superscript
        /// changes a line's box, not its text's size).
        var size: Double
        var text: String
    }

    struct Page: Sendable {
        var width: Double
        var height: Double
        /// Upright lines in poppler's reading order (rotated text such as the arXiv side stamp is dropped).
        var lines: [Line]
    }

    var pages: [Page]
    /// The body-text size: the character-weighted most common line size over the document.
    var bodySize: Double

    /// Runs `pdftotext -bbox-layout` on pages 1…`maxPages`; nil when it fails (the text pass reports errors).
    static func extract(executable: String, timeout: Double, maxPages: Int, path: String, source: String) -> PDFBoxLayout? {
        var runner = Subprocess(executable: executable, timeout: timeout)
        // The XML is ~17× the plain text and is held in memory twice while scanned: a document whose boxes
        // exceed 256 MB (the child dies on the file-size limit) is loaded without the font pass.
        runner.fileSizeLimit = 256 << 20
        guard let result = try? runner.run(["-q", "-bbox-layout", "-f", "1", "-l", String(maxPages), path, "-"], source: source),
            result.status == 0, !result.timedOut, !result.wasSignalled
        else { return nil }
        return parse(result.standardOutput)
    }

    static func parse(_ data: Data) -> PDFBoxLayout {
        let bytes = [UInt8](data)
        var pages: [Page] = []
        var index = 0
        var currentLine: Line?
        let count = bytes.count
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            let nameStart = index + 1
            if matches(bytes, at: nameStart, "word ") {
                var end = nameStart
                while end < count, bytes[end] != UInt8(ascii: ">") { end += 1 }
                let numbers = quotedNumbers(bytes, from: nameStart, to: end)
                var textEnd = end + 1
                while textEnd < count, bytes[textEnd] != UInt8(ascii: "<") { textEnd += 1 }
                if numbers.count >= 4, end < count {
                    var text = String(decoding: bytes[(end + 1)..<textEnd], as: UTF8.self)
                    if text.utf8.contains(UInt8(ascii: "&")) { text = PDFTextExtractor.decodeEntities(text[...]) }
                    currentLine?.words.append(Word(text: text, height: numbers[3] - numbers[1]))
                }
                index = textEnd
            } else if matches(bytes, at: nameStart, "line ") {
                var end = nameStart
                while end < count, bytes[end] != UInt8(ascii: ">") { end += 1 }
                let numbers = quotedNumbers(bytes, from: nameStart, to: end)
                if numbers.count >= 4 {
                    currentLine = Line(xMin: numbers[0], yMin: numbers[1], xMax: numbers[2], yMax: numbers[3], words: [], size: 0, text: "")
                }
                index = end
            } else if matches(bytes, at: nameStart, "/line>") {
                if var line = currentLine, !line.words.isEmpty, !pages.isEmpty {
                    line.size = weightedMode(line.words)
                    line.text = line.words.map(\.text).joined(separator: " ")
                    // Rotated text (the arXiv stamp, axis titles) has word boxes taller than its line is wide.
                    if line.xMax - line.xMin >= line.size {
                        pages[pages.count - 1].lines.append(line)
                    }
                }
                currentLine = nil
                index = nameStart
            } else if matches(bytes, at: nameStart, "page ") {
                var end = nameStart
                while end < count, bytes[end] != UInt8(ascii: ">") { end += 1 }
                let numbers = quotedNumbers(bytes, from: nameStart, to: end)
                pages.append(Page(width: numbers.first ?? 612, height: numbers.count > 1 ? numbers[1] : 792, lines: []))
                index = end
            } else {
                index = nameStart
            }
        }
        return PDFBoxLayout(pages: pages, bodySize: bodySize(of: pages))
    }

    /// The body-text size: the line size (to 0.1 pt) that the most characters are set in; ties go to the smaller.
    fileprivate static func bodySize(of pages: [Page]) -> Double {
        var sizeWeights: [Int: Int] = [:]
        for page in pages {
            for line in page.lines { sizeWeights[Int((line.size * 10).rounded()), default: 0] += line.text.unicodeScalars.count }
        }
        return sizeWeights.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }.map { Double($0.key) / 10 } ?? 10
    }

    /// The character-weighted most common word height of a line, rounded to 0.1 pt.
    static func weightedMode(_ words: [Word]) -> Double {
        var weights: [(key: Int, weight: Int)] = []
        for word in words {
            let key = Int((word.height * 10).rounded())
            let weight = word.text.unicodeScalars.count
            if let slot = weights.firstIndex(where: { $0.key == key }) {
                weights[slot].weight += weight
            } else {
                weights.append((key, weight))
            }
        }
        let best = weights.max { $0.weight < $1.weight || ($0.weight == $1.weight && $0.key < $1.key) }
        return Double(best?.key ?? 0) / 10
    }

    /// A line's identity across the text and box passes, which space and hyphenate differently: its letters
    /// and digits, lower-cased.
    ///
    /// Called for every line of both passes, so ASCII (nearly all of a paper) takes a byte path; other scalars
    /// are lower-cased and filtered by their Unicode properties one at a time.
    static func key(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") {
                    bytes.append(byte + 32)
                } else if (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                    bytes.append(byte)
                }
                continue
            }
            for lowered in scalar.properties.lowercaseMapping.unicodeScalars
            where lowered.properties.isAlphabetic || lowered.properties.numericType != nil {
                bytes.append(contentsOf: String(lowered).utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func matches(_ bytes: [UInt8], at index: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        var offset = 0
        var equal = true
        literal.withUTF8Buffer { buffer in
            for byte in buffer where equal {
                if bytes[index + offset] != byte { equal = false }
                offset += 1
            }
        }
        return equal
    }

    /// The numeric values of `name="…"` attributes between `from` and `to`, in order.
    private static func quotedNumbers(_ bytes: [UInt8], from: Int, to: Int) -> [Double] {
        var values: [Double] = []
        var index = from
        while index < to {
            if bytes[index] == UInt8(ascii: "\"") {
                var end = index + 1
                var value = 0.0
                var scale = 0.0
                var negative = false
                while end < to, bytes[end] != UInt8(ascii: "\"") {
                    let byte = bytes[end]
                    if byte == UInt8(ascii: "-") {
                        negative = true
                    } else if byte == UInt8(ascii: ".") {
                        scale = 1
                    } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                        if scale > 0 {
                            scale /= 10
                            value += Double(byte - UInt8(ascii: "0")) * scale
                        } else {
                            value = value * 10 + Double(byte - UInt8(ascii: "0"))
                        }
                    }
                    end += 1
                }
                values.append(negative ? -value : value)
                index = end + 1
            } else {
                index += 1
            }
        }
        return values
    }
}

extension PDFBoxLayout {
    /// The pages of several layouts of consecutive page ranges (`hepchain-pdftext -part`), with the body size
    /// taken over all of them, as if one run had read them all.
    init(merging parts: [PDFBoxLayout]) {
        pages = parts.flatMap(\.pages)
        bodySize = Self.bodySize(of: pages)
    }
}
