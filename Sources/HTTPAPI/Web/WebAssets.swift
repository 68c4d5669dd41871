import NIOCore

/// The web page's files, compiled into the binary as string constants (`WebPage*.swift`), so `rag-server`
/// serves the page with nothing to install or fetch: `GET /` is the HTML, `/assets/app.js` and
/// `/assets/app.css` its script and style sheet.
enum WebAssets {
    /// One servable file.
    struct Asset: Sendable {
        var contentType: String
        var body: ByteBuffer
        /// A strong validator for `If-None-Match`: the body's FNV-1a hash (changes with every build that changes it).
        var etag: String
    }

    /// Files by request path.
    static let byPath: [String: Asset] = [
        "/": asset(indexHTML, type: "text/html; charset=utf-8"),
        "/assets/app.js": asset(appJS, type: "text/javascript; charset=utf-8"),
        "/assets/app.css": asset(appCSS, type: "text/css; charset=utf-8"),
    ]

    /// Total size of the page and its assets in bytes (uncompressed).
    static var totalBytes: Int { byPath.values.reduce(0) { $0 + $1.body.readableBytes } }

    private static func asset(_ text: String, type: String) -> Asset {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Asset(contentType: type, body: ByteBuffer(string: text), etag: "\"\(String(hash, radix: 16))\"")
    }

    /// The page's Content-Security-Policy: scripts, styles, connections and frames from this server only (so
    /// nothing is fetched from any other host and no inline script runs), images from here or `data:`/`blob:`.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
        + "frame-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}
