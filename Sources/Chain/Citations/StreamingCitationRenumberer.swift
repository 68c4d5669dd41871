/// Rewrites an answer's `[n]` markers while it streams, piece by piece, exactly as `CitationResolver` will
/// rewrite the whole answer: markers are renumbered in order of first use, markers that point to no
/// source are dropped together with the spaces before them, and other brackets pass through. The pieces
/// it returns therefore concatenate to the resolved answer text, so what a reader saw streaming is what
/// the final answer and its citations say.
///
/// A marker split across pieces (`"… GeV [1"`, `"2]."`) is held back until it is complete or can no longer
/// be one; spaces are held until it is known whether a dropped marker follows them; and the last
/// character of each piece waits for the next one, in case the next piece extends it (a combining mark).
///
/// Usage example:
/// ```swift
/// var renumberer = StreamingCitationRenumberer(sourceCount: sources.count)
/// for try await piece in generator.stream(request) { send(renumberer.feed(piece)) }
/// send(renumberer.finish())
/// ```
public struct StreamingCitationRenumberer: Sendable {
    /// Number of sources; `[n]` is valid for `1...sourceCount`.
    public let sourceCount: Int
    private var newNumber: [Int: Int] = [:]
    private var nextNumber = 1
    /// Spaces not yet sent: they go if a dropped marker follows them.
    private var heldSpaces = ""
    /// An open `[` and what followed it, while it may still become a marker.
    private var bracket: String?
    /// The last character received, which the next piece may extend.
    private var carry = ""

    /// Longest marker body `CitationResolver` accepts.
    static let maximumBodyLength = 24

    /// A renumberer for an answer written from `sourceCount` numbered sources.
    public init(sourceCount: Int) {
        self.sourceCount = sourceCount
    }

    /// Takes the next generated piece and returns the text that can be sent now (possibly empty).
    public mutating func feed(_ piece: String) -> String {
        guard !piece.isEmpty else { return "" }
        let text = carry + piece
        var output = ""
        var characters = Substring(text)
        // Keep the last character: the next piece may continue its grapheme cluster.
        let last = characters.popLast()
        for character in characters { process(character, into: &output) }
        carry = last.map(String.init) ?? ""
        return output
    }

    /// The text still held back, to send when the generator has finished.
    public mutating func finish() -> String {
        var output = ""
        for character in carry { process(character, into: &output) }
        carry = ""
        if let open = bracket {
            // An unclosed bracket is text.
            bracket = nil
            emit(open, into: &output)
        }
        output += heldSpaces
        heldSpaces = ""
        return output
    }

    private mutating func process(_ character: Character, into output: inout String) {
        guard var open = bracket else {
            if character == "[" {
                bracket = "["
            } else {
                emit(character, into: &output)
            }
            return
        }
        if character == "]" {
            bracket = nil
            if let numbers = CitationResolver.parseMarkerBody(open.dropFirst()) {
                marker(numbers, into: &output)
            } else {
                emit(open + "]", into: &output)
            }
        } else if CitationResolver.isMarkerBodyCharacter(character), open.count - 1 < Self.maximumBodyLength {
            open.append(character)
            bracket = open
        } else {
            // Not a marker after all: the bracket and what followed are text; this character starts afresh.
            bracket = nil
            emit(open, into: &output)
            process(character, into: &output)
        }
    }

    private mutating func marker(_ numbers: [Int], into output: inout String) {
        var kept: [Int] = []
        for number in numbers where number >= 1 && number <= sourceCount {
            let renumbered: Int
            if let existing = newNumber[number] {
                renumbered = existing
            } else {
                renumbered = nextNumber
                newNumber[number] = renumbered
                nextNumber += 1
            }
            if !kept.contains(renumbered) { kept.append(renumbered) }
        }
        if kept.isEmpty {
            // A marker that points to nothing goes, with the spaces before it.
            heldSpaces = ""
        } else {
            output += heldSpaces + kept.map { "[\($0)]" }.joined()
            heldSpaces = ""
        }
    }

    private mutating func emit(_ text: String, into output: inout String) {
        for character in text { emit(character, into: &output) }
    }

    private mutating func emit(_ character: Character, into output: inout String) {
        if character == " " {
            heldSpaces.append(character)
        } else {
            output += heldSpaces
            output.append(character)
            heldSpaces = ""
        }
    }
}
