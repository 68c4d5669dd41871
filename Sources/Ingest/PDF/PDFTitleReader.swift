import Foundation

/// Finds the title on page 1 by font size: the tallest lines in the top half of the page, from
/// `pdftotext -bbox-layout` (line boxes). Used when the info dictionary has no usable title.
struct PDFTitleReader {
    var extractor: PDFTextExtractor

    func title(fileAt path: String, source: String) throws(IngestError) -> String? {
        var runner = Subprocess(executable: extractor.executable, timeout: extractor.timeout)
        runner.fileSizeLimit = 64 << 20
        let result = try runner.run(["-q", "-bbox-layout", "-f", "1", "-l", "1", path, "-"], source: source)
        guard result.status == 0, !result.timedOut else { return nil }
        return Self.title(fromBoundingBoxes: result.standardOutput, source: source)
    }

    struct Line {
        var top: Double
        var height: Double
        var width: Double
        var text: String
    }

    static func title(fromBoundingBoxes data: Data, source: String) -> String? {
        guard let root = try? MarkupParser.parseXML(data, source: source) else { return nil }  // no boxes: no font-size title
        guard let page = root.descendants(where: { $0.name == "page" }).first,
            let pageHeight = page.attributes["height"].flatMap(Double.init)
        else { return nil }
        let lines: [Line] = page.descendants { $0.name == "line" }.compactMap { line in
            guard let yMin = line.attributes["yMin"].flatMap(Double.init), let yMax = line.attributes["yMax"].flatMap(Double.init),
                let xMin = line.attributes["xMin"].flatMap(Double.init), let xMax = line.attributes["xMax"].flatMap(Double.init)
            else { return nil }
            let wordElements = line.descendants { $0.name == "word" }
            // The median word height is the font size; a √ or a superscript makes a line box taller, not its words.
            let wordHeights = wordElements.compactMap { word -> Double? in
                guard let top = word.attributes["yMin"].flatMap(Double.init), let bottom = word.attributes["yMax"].flatMap(Double.init) else { return nil }
                return bottom - top
            }.sorted()
            let height = wordHeights.isEmpty ? yMax - yMin : wordHeights[wordHeights.count / 2]
            return Line(top: yMin, height: height, width: xMax - xMin, text: wordElements.map(\.textContent).joined(separator: " "))
        }
        // Rotated text (the arXiv side stamp) has boxes taller than wide.
        let upright = lines.filter { $0.width >= $0.height && $0.height > 0 && !$0.text.isEmpty }
        guard !upright.isEmpty else { return nil }
        let heights = upright.map(\.height).sorted()
        let median = heights[heights.count / 2]
        let candidates = upright.filter { $0.top < pageHeight * 0.4 && !$0.text.contains("arXiv:") && $0.text.contains(where: \.isLetter) }
        guard let tallest = candidates.map(\.height).max(), tallest >= median * 1.2 else { return nil }
        var picked: [Line] = []
        for line in candidates where line.height >= tallest * 0.95 {
            if let last = picked.last, line.top - last.top > last.height * 2.5 { break }
            picked.append(line)
        }
        let title = TextNormalizer.collapseSpaces(TextNormalizer.normalize(picked.map(\.text).joined(separator: " "))[...])
        let words = title.split(separator: " ").count
        return words >= 2 && words <= 40 ? title : nil
    }
}
