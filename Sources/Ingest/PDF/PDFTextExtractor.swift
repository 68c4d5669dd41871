import Foundation

/// Raw output of poppler's text extractor: the document info dictionary and the text of each page in reading order.
struct RawPDFText: Sendable {
    /// Info dictionary entries (`Title`, `Author`, `CreationDate` as ISO 8601, …).
    var info: [String: String]
    /// Page texts as poppler lays them out (columns read one after the other), one entry per page.
    var pages: [String]
}

/// Runs `pdftotext -htmlmeta` in a sandboxed child process and splits its output into info and pages.
///
/// `pdftotext` rather than in-process poppler-glib: both run the same poppler `TextOutputDev` code at the same
/// speed (see docs/ingest.md), but a child can be killed on a timeout and cannot take the server down with it.
struct PDFTextExtractor: Sendable {
    /// Path of the `pdftotext` binary.
    var executable = "/usr/bin/pdftotext"
    /// Wall-clock limit per document.
    var timeout: Double = 60
    /// Pages read at most (`-l`).
    var maxPages = 2_000

    func extract(fileAt path: String, source: String) throws(IngestError) -> RawPDFText {
        let runner = Subprocess(executable: executable, timeout: timeout)
        let arguments = ["-q", "-enc", "UTF-8", "-htmlmeta", "-eol", "unix", "-l", String(maxPages), path, "-"]
        let result = try runner.run(arguments, source: source)
        if result.timedOut { throw .timedOut(source: source, seconds: timeout) }
        if result.status != 0 || result.wasSignalled {
            let quiet = try runner.run(["-enc", "UTF-8", "-l", "1", path, "/dev/null"], source: source)
            let message = quiet.standardError + result.standardError
            if message.localizedCaseInsensitiveContains("password") || message.localizedCaseInsensitiveContains("encrypt") || result.status == 3 {
                throw .encryptedPDF(source: source)
            }
            if result.wasSignalled {
                throw .corruptPDF(source: source, reason: "pdftotext stopped by signal \(result.status) (a resource limit was exceeded)")
            }
            let firstLine = message.split(separator: "\n").first.map(String.init) ?? "pdftotext exit status \(result.status)"
            throw .corruptPDF(source: source, reason: String(firstLine.prefix(160)))
        }
        return Self.parseHTMLMeta(String(decoding: result.standardOutput, as: UTF8.self))
    }

    /// Splits `pdftotext -htmlmeta` output: `<title>`, `<meta name=… content=…/>` lines, then one `<pre>` with form-feed separated pages.
    static func parseHTMLMeta(_ output: String) -> RawPDFText {
        var info: [String: String] = [:]
        let headEnd = output.range(of: "</head>")?.lowerBound ?? output.startIndex
        let head = output[..<headEnd]
        if let open = head.range(of: "<title>"), let close = head.range(of: "</title>", range: open.upperBound..<head.endIndex) {
            info["Title"] = decodeEntities(head[open.upperBound..<close.lowerBound])
        }
        for line in head.split(separator: "\n") where line.hasPrefix("<meta name=\"") {
            let parts = line.split(separator: "\"", omittingEmptySubsequences: false)
            // <meta name="Author" content="…"/> → ["<meta name=", "Author", " content=", "…", "/>"]
            if parts.count >= 4 { info[String(parts[1])] = decodeEntities(parts[3]) }
        }
        var body = Substring("")
        if let open = output.range(of: "<pre>") {
            let close = output.range(of: "</pre>", options: .backwards)?.lowerBound ?? output.endIndex
            if open.upperBound <= close { body = output[open.upperBound..<close] }
        }
        let decoded = decodeEntities(body)
        var pages = decoded.utf8.split(separator: 0x0C, omittingEmptySubsequences: false).map { String(Substring($0)) }
        if let last = pages.last, last.allSatisfy(\.isWhitespace), pages.count > 1 { pages.removeLast() }
        if pages.first?.hasPrefix("\n") == true { pages[0].removeFirst() }
        return RawPDFText(info: info, pages: pages)
    }

    /// Expands the five XML entities and numeric character references that pdftotext writes. Works on UTF-8
    /// bytes: a whole book is decoded here, and `Character`-level search would segment graphemes for nothing.
    static func decodeEntities(_ text: Substring) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "&")) else { return String(text) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, end - index <= 12, bytes[end] != UInt8(ascii: ";") { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: ";") else {
                output.append(byte)
                index += 1
                continue
            }
            let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            var replacement: String?
            switch name {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                    replacement = String(Character(scalar))
                } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value) {
                    replacement = String(Character(scalar))
                }
            }
            if let replacement {
                output.append(contentsOf: replacement.utf8)
                index = end + 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
