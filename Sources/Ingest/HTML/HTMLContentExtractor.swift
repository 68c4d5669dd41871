import Foundation
import RAGCore

/// Walks a parsed HTML tree and writes the main content as text with headings, list items and table rows on
/// their own lines, recording section offsets (Unicode scalars) as it goes.
struct HTMLContentExtractor {
    var baseURL: URL?

    /// Elements whose content is never main text.
    static let dropped: Set<String> = [
        "script", "style", "noscript", "nav", "aside", "form", "button", "select", "input", "textarea", "iframe",
        "svg", "template", "canvas", "object", "embed", "head", "menu", "dialog",
    ]
    /// Elements that end a paragraph.
    static let paragraphBlocks: Set<String> = [
        "p", "div", "section", "article", "main", "blockquote", "pre", "figure", "figcaption", "ul", "ol", "dl",
        "table", "address", "details", "summary", "center", "hr", "header", "footer",
    ]
    /// Elements that end a line.
    static let lineBlocks: Set<String> = ["li", "dt", "dd", "br", "tr", "caption"]
    /// Class or id fragments of page furniture.
    static let furnitureHints = [
        "sidebar", "navbar", "nav-", "menu", "breadcrumb", "cookie", "banner", "skip", "share", "social",
        "md-header", "md-footer", "md-sidebar", "md-nav", "md-search", "toc", "pagination", "site-footer", "site-header",
    ]

    /// Words of page tools (print, close, share, font size, back to top): an element whose short text is only
    /// these, with brackets, separators and at least one of `toolAnchors`, is furniture ("【打印本页】 【关闭窗口】",
    /// "Print | Email | Share"). Longest first, so that "打印本页" goes before "打印".
    static let toolWords: [String] = [
        "打印本页", "打印此页", "打印文章", "关闭窗口", "关闭本页", "返回顶部", "回到顶部", "收藏本页", "加入收藏", "分享到", "推荐给朋友",
        "打印", "关闭", "返回", "收藏", "分享", "字号", "字体", "默认", "大", "中", "小",
        "print this page", "print this article", "close window", "close this window", "back to top", "share this page", "email this page",
        "font size", "print", "close", "share", "email", "e-mail", "tweet", "top", "a+", "a-",
    ].sorted { $0.count > $1.count }
    /// Tool words that make a short element furniture (the single characters above alone do not).
    static let toolAnchors: [String] = [
        "打印", "关闭窗口", "返回顶部", "回到顶部", "收藏本页", "加入收藏", "分享到", "字号", "print", "close window", "back to top",
        "share this", "email this",
    ]

    /// Whether an element's whole text is page tools (see `toolWords`).
    static func isToolText(_ text: String) -> Bool {
        var rest = text.lowercased()
        guard rest.count <= 80, toolAnchors.contains(where: { rest.contains($0) }) else { return false }
        for word in toolWords { rest = rest.replacingOccurrences(of: word, with: " ") }
        return rest.unicodeScalars.allSatisfy {
            CharacterSet.whitespacesAndNewlines.contains($0) || CharacterSet.punctuationCharacters.contains($0)
                || CharacterSet.symbols.contains($0) || "【】[]()（）|｜·•".unicodeScalars.contains($0)
        }
    }

    private var output = ""
    private var scalarCount = 0
    private var inline = ""
    private var pendingNewlines = 0
    private var sections: [Section] = []
    private var links: [String] = []
    private var seenLinks = Set<String>()

    init(baseURL: URL?) {
        self.baseURL = baseURL
    }

    mutating func document(from root: MarkupElement, source: String) -> Document {
        let head = root.descendants { $0.name == "head" }.first
        let metadata = metadata(root: root, head: head, source: source)
        if let base = head?.element(named: "base")?.attributes["href"], let url = URL(string: base, relativeTo: baseURL) {
            baseURL = url.absoluteURL
        }
        let body = root.descendants { $0.name == "body" }.first ?? root
        let main = mainContent(of: body)
        write(main, isRoot: true)
        flushInline()
        var result = metadata
        result.links = links
        if result.title == nil { result.title = sections.first { $0.level == 1 }?.title }
        if result.language == nil { result.language = TextNormalizer.language(of: output.prefix(4_000)) }
        return Document(source: source, format: "html", metadata: result, pages: [Page(number: 1, text: output)], sections: sections)
    }

    // MARK: - Main content

    /// `<main>`, `role=main`, the largest `<article>`, a `#content`-like container, else the body.
    private func mainContent(of body: MarkupElement) -> MarkupElement {
        if let main = body.descendants(where: { $0.name == "main" || $0.attributes["role"] == "main" }).first { return main }
        let articles = body.descendants { $0.name == "article" }
        if let largest = articles.max(by: { $0.textContent.count < $1.textContent.count }), largest.textContent.count > 200 { return largest }
        for hint in ["md-content", "main-content", "content", "main"] {
            if let container = body.descendants(where: { ($0.attributes["id"] ?? "") == hint || ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(hint)) }).first,
                container.textContent.count > 200
            {
                return container
            }
        }
        return body
    }

    private func isFurniture(_ element: MarkupElement) -> Bool {
        if Self.dropped.contains(element.name) { return true }
        if let role = element.attributes["role"], ["navigation", "banner", "contentinfo", "complementary", "search", "menu"].contains(role) { return true }
        if element.attributes["hidden"] != nil || element.attributes["aria-hidden"] == "true" { return true }
        if element.name == "a", element.attributes["href"]?.lowercased().hasPrefix("javascript:") == true { return true }
        let marker = ((element.attributes["class"] ?? "") + " " + (element.attributes["id"] ?? "")).lowercased()
        if Self.furnitureHints.contains(where: { marker.contains($0) }) { return true }
        if ["div", "p", "span", "ul", "ol", "li", "td", "small", "section"].contains(element.name), Self.isToolText(element.textContent) {
            return true
        }
        return false
    }

    // MARK: - Writing

    private mutating func write(_ element: MarkupElement, isRoot: Bool = false) {
        if !isRoot {
            if isFurniture(element) { return }
            if element.name == "header" || element.name == "footer", !containsHeading(element) { return }
        }
        let name = element.name
        if name.count == 2, name.first == "h", let level = name.last?.wholeNumberValue, (1...6).contains(level) {
            let title = TextNormalizer.collapseSpaces(TextNormalizer.normalize(element.textContent)[...])
            if !title.isEmpty { writeHeading(title, level: level) }
            return
        }
        switch name {
        case "table":
            writeTable(element)
            return
        case "pre":
            breakLine(2)
            let text = TextNormalizer.normalize(element.textContent).trimmingCharacters(in: .newlines)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if index > 0 { breakLine(1) }
                inline += line.replacingOccurrences(of: "\t", with: "    ")
            }
            breakLine(2)
            return
        case "a":
            if let href = element.attributes["href"] { recordLink(href) }
        case "img":
            if let alt = element.attributes["alt"], !alt.isEmpty { appendText(alt) }
            return
        case "li":
            breakLine(1)
            inline += "- "
        case "br":
            breakLine(1)
            return
        default:
            break
        }
        let isParagraph = Self.paragraphBlocks.contains(name)
        let isLine = Self.lineBlocks.contains(name)
        if isParagraph { breakLine(2) } else if isLine && name != "li" { breakLine(1) }
        for child in element.children {
            switch child {
            case .text(let text): appendText(text)
            case .element(let childElement): write(childElement)
            }
        }
        if isParagraph { breakLine(2) } else if isLine { breakLine(1) }
    }

    private func containsHeading(_ element: MarkupElement) -> Bool {
        !element.descendants { ["h1", "h2"].contains($0.name) }.isEmpty
    }

    private mutating func writeHeading(_ title: String, level: Int) {
        breakLine(2)
        flushInline()
        let separator = output.isEmpty ? 0 : max(2, pendingNewlines)
        sections.append(Section(title: title, level: level, page: 1, offset: scalarCount + separator))
        inline = title
        breakLine(2)
    }

    /// One line per row, cells joined by ` | `, so a row never splits across chunks.
    private mutating func writeTable(_ table: MarkupElement) {
        breakLine(2)
        if let caption = table.descendants(where: { $0.name == "caption" }).first {
            appendText(caption.textContent)
            breakLine(1)
        }
        let rows = table.descendants { $0.name == "tr" }
        for row in rows {
            let cells = row.childElements.filter { $0.name == "td" || $0.name == "th" }.map {
                TextNormalizer.collapseSpaces(TextNormalizer.normalize($0.textContent).replacingOccurrences(of: "\n", with: " ")[...])
            }
            guard cells.contains(where: { !$0.isEmpty }) else { continue }
            for link in row.descendants(where: { $0.name == "a" }) { if let href = link.attributes["href"] { recordLink(href) } }
            inline += cells.joined(separator: " | ")
            breakLine(1)
        }
        breakLine(2)
    }

    private mutating func appendText(_ raw: String) {
        let text = TextNormalizer.normalize(raw)
        for character in text {
            if character.isWhitespace {
                if !inline.isEmpty, inline.last != " " { inline.append(" ") }
            } else {
                inline.append(character)
            }
        }
    }

    private mutating func breakLine(_ newlines: Int) {
        flushInline()
        pendingNewlines = max(pendingNewlines, newlines)
    }

    private mutating func flushInline() {
        while inline.last == " " { inline.removeLast() }
        guard !inline.isEmpty, inline != "-" else {
            inline = ""
            return
        }
        if !output.isEmpty {
            let separator = String(repeating: "\n", count: max(1, pendingNewlines))
            output += separator
            scalarCount += separator.count
        }
        output += inline
        scalarCount += inline.unicodeScalars.count
        inline = ""
        pendingNewlines = 0
    }

    private mutating func recordLink(_ href: String) {
        guard links.count < 2_000, let url = URL(string: href.trimmingCharacters(in: .whitespaces), relativeTo: baseURL)?.absoluteURL,
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return }
        if seenLinks.insert(url.absoluteString).inserted { links.append(url.absoluteString) }
    }

    // MARK: - Metadata

    private func metadata(root: MarkupElement, head: MarkupElement?, source: String) -> DocumentMetadata {
        var metadata = DocumentMetadata()
        var meta: [String: [String]] = [:]
        for element in (head ?? root).descendants(where: { $0.name == "meta" }) {
            guard let key = (element.attributes["name"] ?? element.attributes["property"])?.lowercased(), let content = element.attributes["content"] else { continue }
            let value = TextNormalizer.collapseSpaces(TextNormalizer.normalize(content)[...])
            if !value.isEmpty { meta[key, default: []].append(value) }
        }
        let titleElement = head?.descendants { $0.name == "title" }.first.map { TextNormalizer.collapseSpaces(TextNormalizer.normalize($0.textContent)[...]) }
        metadata.title = meta["citation_title"]?.first ?? meta["dc.title"]?.first ?? meta["og:title"]?.first ?? titleElement.flatMap { $0.isEmpty ? nil : $0 }
        metadata.authors = meta["citation_author"] ?? meta["dc.creator"] ?? meta["author"].map { $0.flatMap { PDFMetadataReader.splitAuthors($0) } } ?? []
        metadata.abstract = meta["citation_abstract"]?.first ?? meta["dc.description"]?.first
        if let date = meta["citation_date"]?.first ?? meta["citation_publication_date"]?.first ?? meta["citation_online_date"]?.first ?? meta["dc.date"]?.first {
            metadata.date = date.replacingOccurrences(of: "/", with: "-")
        }
        metadata.doi = meta["citation_doi"]?.first
        let arxivID = meta["citation_arxiv_id"]?.first.flatMap { ArxivID(text: $0) } ?? URL(string: source).flatMap { ArxivID(url: $0) }
        if let arxivID {
            metadata.arxivID = arxivID.identifier
            metadata.arxivVersion = arxivID.version
        }
        // arXiv abs pages: <span class="primary-subject">High Energy Physics - Experiment (hep-ex)</span>.
        if let primary = root.descendants(where: { ($0.attributes["class"] ?? "").contains("primary-subject") }).first?.textContent,
            let open = primary.lastIndex(of: "("), let close = primary.lastIndex(of: ")"), open < close
        {
            metadata.categories = [String(primary[primary.index(after: open)..<close])]
        }
        if let language = root.attributes["lang"]?.lowercased(), !language.isEmpty {
            metadata.language = language.hasPrefix("zh") ? "zh" : String(language.prefix(2))
        }
        for key in ["citation_journal_title", "citation_conference_title", "citation_pdf_url", "description", "keywords"] {
            if let value = meta[key]?.first { metadata.extra[key] = value }
        }
        return metadata
    }
}
