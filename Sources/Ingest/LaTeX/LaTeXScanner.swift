/// Random access to LaTeX source as Unicode scalars, with the few lexical helpers the expander and converter need.
struct LaTeXScanner {
    let scalars: [Unicode.Scalar]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    var count: Int { scalars.count }

    subscript(index: Int) -> Unicode.Scalar { scalars[index] }

    func string(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(scalars[max(0, range.lowerBound)..<min(count, range.upperBound)]))
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "@"
    }

    /// The control word at `index` (which holds `\`) and the index after it; nil for control symbols.
    func commandName(at index: Int) -> (String, Int)? {
        var end = index + 1
        while end < count, Self.isLetter(scalars[end]) { end += 1 }
        return end > index + 1 ? (string(index + 1..<end), end) : nil
    }

    func skipSpaces(_ index: Int) -> Int {
        var cursor = index
        while cursor < count, scalars[cursor] == " " || scalars[cursor] == "\t" || scalars[cursor] == "\n" { cursor += 1 }
        return cursor
    }

    /// The balanced `{…}` group starting at `index`: its inner text and the index after the closing brace.
    func group(at index: Int) -> (String, Int)? {
        guard let (range, end) = groupRange(at: index) else { return nil }
        return (string(range), end)
    }

    /// The inner range of the balanced group starting at `index` (`{` … `}`), and the index after it.
    func groupRange(at index: Int, open: Unicode.Scalar = "{", close: Unicode.Scalar = "}") -> (Range<Int>, Int)? {
        guard index < count, scalars[index] == open else { return nil }
        var depth = 0
        var cursor = index
        while cursor < count {
            let scalar = scalars[cursor]
            if scalar == "\\" {
                cursor += 2
                continue
            }
            if scalar == open {
                depth += 1
            } else if scalar == close {
                depth -= 1
                if depth == 0 { return (index + 1..<cursor, cursor + 1) }
            }
            cursor += 1
        }
        return nil
    }

    /// The `[…]` optional argument at `index`.
    func optional(at index: Int) -> (String, Int)? {
        guard let (range, end) = groupRange(at: index, open: "[", close: "]") else { return nil }
        return (string(range), end)
    }

    /// Whether the control word at `index` directly follows `\def` or `\let` (its definition site).
    func isPrecededByDefinition(_ index: Int) -> Bool {
        index >= 4 && (string(index - 4..<index) == "\\def" || string(index - 4..<index) == "\\let")
    }

    /// The index of `needle` at or after `from`, or nil.
    func find(_ needle: String, from: Int) -> Int? {
        let pattern = Array(needle.unicodeScalars)
        guard let first = pattern.first, pattern.count <= count else { return nil }
        var index = from
        while index + pattern.count <= count {
            if scalars[index] == first, scalars[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
