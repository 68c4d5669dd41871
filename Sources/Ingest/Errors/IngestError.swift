public import RAGCore

/// Everything that can go wrong while fetching, loading or parsing a document.
///
/// Each case names its input (a file name, URL or source label, never document content) and
/// `description` says what failed and what to do.
public enum IngestError: UserFacingError, Equatable {
    /// The input holds no bytes.
    case emptyInput(source: String)
    /// The PDF is password-protected.
    case encryptedPDF(source: String)
    /// The PDF is truncated, damaged, or not a PDF at all.
    case corruptPDF(source: String, reason: String)
    /// The PDF has pages but no extractable text (a scan).
    case noTextLayer(source: String)
    /// The file's bytes do not match what its name or content type claims.
    case binaryContent(source: String, expected: String)
    /// No loader handles this format.
    case unsupportedFormat(source: String, format: String)
    /// The input exceeds a configured size, page or member limit.
    case tooLarge(source: String, limit: String)
    /// A PDF has more pages than are read, and the pages read gave no text.
    case tooManyPages(source: String, pages: Int, limit: Int)
    /// Parsing did not finish within the configured time.
    case timedOut(source: String, seconds: Double)
    /// The character encoding is unknown or the bytes do not decode.
    case undecodable(source: String, encoding: String)
    /// The markup or feed is malformed.
    case malformed(source: String, reason: String)
    /// An archive member would be written outside the extraction folder (absolute path or `..`).
    case escapingArchiveMember(source: String, member: String)
    /// LaTeX `\input`/`\include` files include each other.
    case inclusionLoop(source: String, file: String)
    /// No main LaTeX file (with `\documentclass` and `\begin{document}`) was found.
    case noMainTeXFile(source: String)
    /// The arXiv API or OAI-PMH endpoint answered with an error instead of records.
    case feedError(source: String, code: String, message: String)
    /// The text does not contain a recognisable arXiv identifier.
    case invalidArxivID(text: String)
    /// A URL's scheme is not http(s), or its host resolves to a private, loopback, link-local or metadata address.
    case blockedURL(url: String, reason: String)
    /// The HTTP request failed before an answer (transport error, timeout, redirect limit).
    case fetchFailed(url: String, reason: String)
    /// The URL's host name does not resolve (`temporary`: no DNS server could be asked, rather than no such name).
    case hostNotFound(url: String, host: String, reason: String, temporary: Bool)
    /// The server answered with a status other than 2xx.
    case httpStatus(url: String, status: Int)
    /// A helper program (pdftotext, gzip) could not be started or failed unexpectedly.
    case toolFailed(tool: String, source: String, reason: String)
    /// The file could not be read.
    case unreadable(source: String, reason: String)

    /// Classification for HTTP status and exit codes.
    public var kind: ErrorKind {
        switch self {
        case .emptyInput, .corruptPDF, .noTextLayer, .binaryContent, .undecodable, .malformed,
            .escapingArchiveMember, .inclusionLoop, .noMainTeXFile, .invalidArxivID, .encryptedPDF:
            .invalidInput
        case .unsupportedFormat: .unsupportedFormat
        case .tooLarge, .tooManyPages: .tooLarge
        case .blockedURL: .invalidInput
        case .fetchFailed, .httpStatus, .timedOut, .hostNotFound: .unavailable
        case .feedError: .invalidInput
        case .unreadable: .notFound
        case .toolFailed: .internal
        }
    }

    /// Whether the same request may well succeed if it is simply tried again later: a transport failure
    /// (connection refused or reset, an empty reply, a timeout), 429 Too Many Requests or a 5xx status.
    public var isTransient: Bool {
        switch self {
        case .fetchFailed: true
        case .hostNotFound(_, _, _, let temporary): temporary
        case .httpStatus(_, let status): status == 429 || (500..<600).contains(status)
        default: false
        }
    }

    /// One sentence: what failed, on what, and what to do.
    public var description: String {
        switch self {
        case .emptyInput(let source):
            "Cannot read '\(source)': the file is empty (0 bytes). Check that it was downloaded or copied completely."
        case .encryptedPDF(let source):
            "Cannot read '\(source)': the PDF is encrypted. Remove the password (e.g. `qpdf --decrypt`) and ingest it again."
        case .corruptPDF(let source, let reason):
            "Cannot read '\(source)': the PDF is damaged or not a PDF (\(reason)). Download it again or repair it with `qpdf`."
        case .noTextLayer(let source):
            "Cannot read '\(source)': no text layer; OCR is not supported. Run OCR (e.g. `ocrmypdf`) first and ingest the result."
        case .binaryContent(let source, let expected):
            "Cannot read '\(source)' as \(expected): it contains binary data. Check the file type and its extension."
        case .unsupportedFormat(let source, let format):
            "Cannot read '\(source)': the format '\(format)' is not supported. Convert it to PDF, HTML, LaTeX, Markdown or text."
        case .tooLarge(let source, let limit):
            "Cannot read '\(source)': it exceeds the limit of \(limit). Split the input or raise the limit in the configuration."
        case .tooManyPages(let source, let pages, let limit):
            "Cannot read '\(source)': it has \(pages) pages, over the limit of \(limit), and its first \(limit) pages have no text. Split it (e.g. `qpdf --split-pages=\(limit)`) and ingest the parts."
        case .timedOut(let source, let seconds):
            "Parsing '\(source)' did not finish within \(seconds) s and was stopped. The file may be damaged; raise the timeout if it is just large."
        case .undecodable(let source, let encoding):
            "Cannot decode '\(source)' as \(encoding). Declare the right charset or convert the file to UTF-8."
        case .malformed(let source, let reason):
            "Cannot parse '\(source)': \(reason). Check that the file is complete and in the expected format."
        case .escapingArchiveMember(let source, let member):
            "Refusing archive '\(source)': member '\(member)' has an absolute path or '..'. Repack the archive with relative paths."
        case .inclusionLoop(let source, let file):
            "Cannot read LaTeX source '\(source)': '\(file)' is included in a loop of \\input/\\include. Break the loop and try again."
        case .noMainTeXFile(let source):
            "Cannot read LaTeX source '\(source)': no file has \\documentclass and \\begin{document}. Point at the main .tex file."
        case .feedError(let source, let code, let message):
            "The arXiv feed '\(source)' returned an error (\(code): \(message)). Check the identifier or query and try again."
        case .invalidArxivID(let text):
            "'\(text)' is not an arXiv identifier. Use a form like 2303.12712, 2303.12712v2 or hep-ex/0101001."
        case .blockedURL(let url, let reason):
            reason.contains("non-public") || reason.contains("local or metadata")
                ? "Refusing to fetch '\(url)': \(reason). Use a public http(s) URL, or set allowPrivateAddresses for trusted internal hosts."
                : "Refusing to fetch '\(url)': \(reason). Use a public http(s) URL."
        case .hostNotFound(let url, let host, let reason, let temporary):
            temporary
                ? "Cannot fetch '\(url)': the name '\(host)' could not be looked up (\(reason)): this machine has no working DNS or network. Check its network connection, /etc/resolv.conf or proxy, then try again."
                : "Cannot fetch '\(url)': the host name '\(host)' does not exist (\(reason)). Check the spelling of the URL; if the name is right, check this machine's DNS."
        case .fetchFailed(let url, let reason):
            "Fetching '\(url)' failed: \(reason). Check the URL and the network and try again."
        case .httpStatus(let url, let status):
            switch status {
            case 401, 403: "Fetching '\(url)' failed: HTTP status \(status) (access denied). The server wants credentials or refuses this client; fetch the file by hand and index it."
            case 404, 410: "Fetching '\(url)' failed: HTTP status \(status) (not found). Check the URL or the arXiv identifier."
            case 429: "Fetching '\(url)' failed: HTTP status 429 (too many requests). Wait and try again, or slow down (arxivDelaySeconds)."
            case 500..<600: "Fetching '\(url)' failed: HTTP status \(status) (a server error). The server is having trouble; try again later."
            default: "Fetching '\(url)' failed: HTTP status \(status). Check the URL and try again."
            }
        case .toolFailed(let tool, let source, let reason):
            "Running \(tool) on '\(source)' failed: \(reason). Check that poppler-utils and gzip are installed."
        case .unreadable(let source, let reason):
            "Cannot open '\(source)': \(reason). Check the path and its permissions."
        }
    }
}
