public import Foundation

/// One line of live progress laid out to fit a terminal: a bar, the fields that must show, the fields that show
/// when there is room (in priority order), and a name shortened in the middle to what is left. The line is always
/// narrower than the terminal, so redrawing it with `\r` never leaves a wrapped line behind.
///
/// Usage example:
/// ```swift
/// let line = ProgressLine(fraction: 0.4, required: ["4/10 files"], optional: ["ETA 0:12", "40 chunks"], name: "a-long-paper.pdf")
/// FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line.render(columns: ProgressLine.terminalColumns())).utf8))
/// ```
public struct ProgressLine: Sendable, Hashable {
    /// Share done, 0…1.
    public var fraction: Double
    /// Fields always shown (cut only when the terminal is narrower than they are).
    public var required: [String]
    /// Fields shown while they fit, first first.
    public var optional: [String]
    /// The item in progress (a file name), shortened to fit.
    public var name: String?

    /// Creates a line.
    public init(fraction: Double, required: [String], optional: [String] = [], name: String? = nil) {
        self.fraction = fraction
        self.required = required
        self.optional = optional
        self.name = name
    }

    /// The line for a terminal `columns` wide: at most `columns - 1` display columns (writing the last column
    /// makes some terminals wrap).
    public func render(columns: Int) -> String {
        let limit = max(10, columns - 1)
        var parts: [String] = []
        let barWidth = columns >= 120 ? 24 : columns >= 80 ? 16 : columns >= 50 ? 10 : 0
        if barWidth > 0 {
            let filled = Int((min(1, max(0, fraction)) * Double(barWidth)).rounded(.down))
            parts.append(String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled))
        }
        parts += required
        func width(_ parts: [String]) -> Int { parts.reduce(0) { $0 + Self.displayWidth($1) } + 2 * max(0, parts.count - 1) }
        // The name comes before the optional fields: keep room for up to 24 columns of it.
        let nameRoom = name.map { $0.isEmpty ? 0 : min(Self.displayWidth($0), 24) + 2 } ?? 0
        for field in optional where width(parts + [field]) + nameRoom <= limit { parts.append(field) }
        if let name, !name.isEmpty {
            let room = limit - width(parts) - 2
            if room >= 8 { parts.append(Self.shorten(name, to: room)) }
        }
        var line = parts.joined(separator: "  ")
        while Self.displayWidth(line) > limit { line.removeLast() }
        return line
    }

    /// `text` cut in the middle with "…" to at most `width` display columns (the end of a file name, with its
    /// extension, is usually what tells files apart).
    public static func shorten(_ text: String, to width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        guard width > 1 else { return String(repeating: "…", count: max(0, width)) }
        var head = "", tail = ""
        var used = 1
        var characters = Array(text)
        var takeTail = true
        while !characters.isEmpty {
            let character = takeTail ? characters.last! : characters.first!
            let w = displayWidth(String(character))
            if used + w > width { break }
            used += w
            if takeTail { tail = String(character) + tail; characters.removeLast() } else { head.append(character); characters.removeFirst() }
            takeTail.toggle()
        }
        return head + "…" + tail
    }

    /// Columns `text` takes on a terminal: East Asian wide and full-width characters take two, combining marks none.
    public static func displayWidth(_ text: String) -> Int {
        var total = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: continue
            default: break
            }
            if value < 0x20 { continue }
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1F64F).contains(value) || (0x1F900...0x1F9FF).contains(value)
                || (0x20000...0x3FFFD).contains(value)
            total += wide ? 2 : 1
        }
        return total
    }

    /// The terminal's width: the window size of `descriptor` when it is a terminal, else `COLUMNS`, else 80.
    public static func terminalColumns(descriptor: Int32 = STDERR_FILENO, environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        return 80
    }
}
