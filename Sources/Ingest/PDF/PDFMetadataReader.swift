import Foundation
import RAGCore

/// Bibliographic metadata of a PDF from its info dictionary, its first page and its file name.
enum PDFMetadataReader {
    static func metadata(info: [String: String], firstPageParagraphs: [String], fileName: String) -> DocumentMetadata {
        var metadata = DocumentMetadata()
        let firstPage = firstPageParagraphs.prefix(40).joined(separator: "\n")
        // arXiv stamps the first page: "arXiv:1503.07589v1 [hep-ex] 26 Mar 2015".
        let stamp = /arXiv:(\S+)\s+\[([A-Za-z.\-]+)\]\s+(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})/
        if let match = firstPage.firstMatch(of: stamp), let id = ArxivID(text: String(match.1)) {
            metadata.arxivID = id.identifier
            metadata.arxivVersion = id.version
            metadata.categories = [String(match.2)]
            metadata.date = isoDate(day: String(match.3), month: String(match.4), year: String(match.5))
        } else if let id = ArxivID(fileName: fileName) ?? ArxivID.find(in: firstPage.prefix(2_000)) {
            metadata.arxivID = id.identifier
            metadata.arxivVersion = id.version
        }
        if let title = info["Title"].map(clean), isPlausibleTitle(title) {
            metadata.title = title
        } else {
            metadata.title = titleFromFirstPage(firstPageParagraphs)
        }
        if let author = info["Author"].map(clean), !author.isEmpty, author.count < 2_000 {
            metadata.authors = splitAuthors(author)
        }
        if metadata.date == nil, let created = info["CreationDate"], created.count >= 10 {
            metadata.date = String(created.prefix(10))
        }
        if let doi = firstPage.firstMatch(of: /\b(10\.\d{4,9}\/[^\s"<>]+[^\s"<>.,;])/) {
            metadata.doi = String(doi.1)
        }
        for key in ["Subject", "Keywords", "Creator", "Producer"] {
            if let value = info[key].map(clean), !value.isEmpty { metadata.extra[key.lowercased()] = value }
        }
        metadata.language = TextNormalizer.language(of: firstPage[...])
        return metadata
    }

    /// Rejects info titles that are file names or tool placeholders ("Microsoft Word - draft.docx", "untitled").
    static func isPlausibleTitle(_ title: String) -> Bool {
        let lowered = title.lowercased()
        guard title.count >= 16, title.split(separator: " ").count >= 3 else { return false }
        for junk in ["microsoft word", "untitled", ".dvi", ".tex", ".doc", ".pdf", "powerpoint", "draft", "template"] where lowered.contains(junk) {
            return false
        }
        return true
    }

    /// The first paragraph on page 1 that reads like a title: several words, not an institution banner,
    /// report number, date, arXiv stamp or licence line.
    static func titleFromFirstPage(_ paragraphs: [String]) -> String? {
        for paragraph in paragraphs.prefix(15) {
            let words = paragraph.split(separator: " ")
            guard words.count >= 3, words.count <= 40, paragraph.count <= 300 else { continue }
            if paragraph.contains("arXiv:") || paragraph.contains("@") || paragraph.contains("©") || paragraph.lowercased().contains("doi") { continue }
            if paragraph.filter(\.isNumber).count * 5 > paragraph.count { continue }
            let letters = paragraph.filter(\.isLetter)
            if letters.count < 10 || letters.allSatisfy(\.isUppercase) { continue }
            let lowered = paragraph.lowercased()
            if ["organization", "organisation", "university", "institute", "laboratory", "submitted to", "preprint", "proceedings"].contains(where: lowered.hasPrefix) {
                continue
            }
            return paragraph
        }
        return nil
    }

    static func splitAuthors(_ field: String) -> [String] {
        let separated = field.replacingOccurrences(of: " and ", with: ",").replacingOccurrences(of: ";", with: ",")
        let names = separated.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // "ATLAS and CMS Collaborations" is one author, not two.
        if field.localizedCaseInsensitiveContains("collaboration") && names.count <= 3 { return [field] }
        return names
    }

    private static func clean(_ value: String) -> String {
        TextNormalizer.collapseSpaces(TextNormalizer.normalize(value)[...])
    }

    private static func isoDate(day: String, month: String, year: String) -> String? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let index = months.firstIndex(of: month), let dayNumber = Int(day) else { return nil }
        return "\(year)-\(index < 9 ? "0" : "")\(index + 1)-\(dayNumber < 10 ? "0" : "")\(dayNumber)"
    }
}
