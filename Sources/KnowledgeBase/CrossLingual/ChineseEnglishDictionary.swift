public import Foundation

/// CC-CEDICT, the community Chinese–English dictionary (≈ 122,000 entries, CC BY-SA 4.0), read from its
/// published text file (`cedict_ts.u8`; `make setup` exports it to `models/cc-cedict/`).
///
/// Each line reads `繁體 简体 [pin1 yin1] /sense one/sense two/`. Loading is one pass over the bytes that indexes
/// both headwords of each line, and each entry's first two senses when they are plain words (the English → Chinese
/// index), by a 64-bit FNV-1a hash of their UTF-8: no string is made per line. Senses are cleaned when a headword
/// is looked up.
///
/// Sense cleaning drops what is not a translation (classifiers `CL:…`, surnames, variant and "see" references,
/// pronunciation notes), keeps the first of `;`-separated synonyms, removes parenthesised notes and a leading
/// `to `/`a `/`the `, and drops senses that still hold Chinese characters.
public struct ChineseEnglishDictionary: Sendable {
    /// One indexed sense of an entry.
    struct SenseSlot: Sendable {
        var entry: Int32
        var start: Int32
        var end: Int32
        var rank: Int32
        var next: Int32
    }

    /// One entry (line) of the file.
    struct Line: Sendable {
        var traditionalStart: Int32
        var simplifiedStart: Int32
        var simplifiedEnd: Int32
        var sensesStart: Int32
        var end: Int32
        var isProperNoun: Bool
    }

    /// The file's bytes.
    private let bytes: [UInt8]
    /// The entries, in file order.
    private let entries: [Line]
    /// Headword hash → first slot of its chain in `slots`.
    private let firstSlot: [UInt64: Int32]
    /// Chains of entries sharing a headword hash: (entry, next slot or -1).
    private let slots: [(entry: Int32, next: Int32)]
    /// Lower-cased plain sense hash → first slot of its chain in `senseSlots`.
    private let firstSenseSlot: [UInt64: Int32]
    /// Chains of (entry, sense bytes, rank: sense position, + 2 for a proper noun; next slot or -1).
    private let senseSlots: [SenseSlot]
    /// Longest headword, in Unicode scalars.
    public let longestHeadword: Int
    /// Number of entries read.
    public var entryCount: Int { entries.count }

    /// Parses the bytes of a CC-CEDICT file; `name` is the file named in error messages.
    public init(bytes: [UInt8], name: String) throws {
        guard bytes.count < Int(Int32.max) else {
            throw DictionaryError.unreadable(file: name, reason: "the file is over 2 GiB; CC-CEDICT is about 10 MB")
        }
        var entries: [Line] = []
        entries.reserveCapacity(bytes.count / 70)
        var firstSlot: [UInt64: Int32] = [:]
        firstSlot.reserveCapacity(bytes.count / 35)
        var slots: [(entry: Int32, next: Int32)] = []
        slots.reserveCapacity(bytes.count / 35)
        var firstSenseSlot: [UInt64: Int32] = [:]
        firstSenseSlot.reserveCapacity(bytes.count / 70)
        var senseSlots: [SenseSlot] = []
        senseSlots.reserveCapacity(bytes.count / 50)
        var longest = 0
        var lineNumber = 0
        var start = 0
        let count = bytes.count
        func add(_ hash: UInt64, entry: Int) {
            slots.append((Int32(entry), firstSlot[hash] ?? -1))
            firstSlot[hash] = Int32(slots.count - 1)
        }
        while start < count {
            var end = start
            while end < count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            defer { start = end + 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            guard lineEnd > start, bytes[start] != 0x23 else { continue }  // blank or "# comment"
            // 繁體 简体 [pin yin] /senses/ — hash both headwords while finding the spaces.
            var traditionalHash = Self.fnvOffset
            var index = start
            var scalars = 0
            while index < lineEnd && bytes[index] != 0x20 {
                traditionalHash = (traditionalHash ^ UInt64(bytes[index])) &* Self.fnvPrime
                if bytes[index] & 0xC0 != 0x80 { scalars += 1 }
                index += 1
            }
            let firstSpace = index
            var simplifiedHash = Self.fnvOffset
            index += 1
            while index < lineEnd && bytes[index] != 0x20 {
                simplifiedHash = (simplifiedHash ^ UInt64(bytes[index])) &* Self.fnvPrime
                index += 1
            }
            let secondSpace = index
            while index < lineEnd && bytes[index] != 0x2F { index += 1 }
            let slash = index
            guard firstSpace > start, secondSpace > firstSpace + 1, secondSpace + 2 < lineEnd, bytes[secondSpace + 1] == 0x5B, slash < lineEnd
            else {
                throw DictionaryError.badLine(
                    file: name, line: lineNumber, reason: "expected 'TRADITIONAL SIMPLIFIED [pinyin] /sense/…/'")
            }
            let pinyin = bytes[secondSpace + 2]
            entries.append(Line(
                traditionalStart: Int32(start), simplifiedStart: Int32(firstSpace + 1), simplifiedEnd: Int32(secondSpace),
                sensesStart: Int32(slash), end: Int32(lineEnd), isProperNoun: pinyin >= 0x41 && pinyin <= 0x5A))
            add(simplifiedHash, entry: entries.count - 1)
            if traditionalHash != simplifiedHash { add(traditionalHash, entry: entries.count - 1) }
            longest = max(longest, scalars)
            // The English → Chinese index: the first `reverseSenses` senses that are plain words.
            var position = 0
            var pieceStart = slash + 1
            index = pieceStart
            while index < lineEnd && position < Self.reverseSenses {
                if bytes[index] == 0x2F {
                    if let (from, hash) = Self.plainSense(bytes, pieceStart, index) {
                        let rank = position + (pinyin >= 0x41 && pinyin <= 0x5A ? Self.reverseSenses : 0)
                        senseSlots.append(SenseSlot(
                            entry: Int32(entries.count - 1), start: Int32(from), end: Int32(index), rank: Int32(rank),
                            next: firstSenseSlot[hash] ?? -1))
                        firstSenseSlot[hash] = Int32(senseSlots.count - 1)
                    }
                    position += 1
                    pieceStart = index + 1
                }
                index += 1
            }
        }
        guard !entries.isEmpty else { throw DictionaryError.badLine(file: name, line: lineNumber, reason: "the file holds no entry") }
        self.bytes = bytes
        self.entries = entries
        self.firstSlot = firstSlot
        self.slots = slots
        self.firstSenseSlot = firstSenseSlot
        self.senseSlots = senseSlots
        self.longestHeadword = longest
    }

    /// Reads a CC-CEDICT file.
    public static func load(file: URL) throws -> ChineseEnglishDictionary {
        let data: Data
        do {
            data = try Data(contentsOf: file, options: .mappedIfSafe)
        } catch {
            throw DictionaryError.unreadable(file: file.path, reason: error.localizedDescription)
        }
        return try ChineseEnglishDictionary(bytes: [UInt8](data), name: file.path)
    }

    // MARK: - Lookup

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// FNV-1a hash of UTF-8 bytes, as the index keys headwords.
    static func hash<Bytes: Collection<UInt8>>(_ utf8: Bytes) -> UInt64 {
        var hash = fnvOffset
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* fnvPrime }
        return hash
    }

    /// Whether `headword` (simplified or traditional) is in the dictionary.
    public func contains(_ headword: String) -> Bool { contains(utf8: Array(headword.utf8), hash: Self.hash(headword.utf8)) }

    /// Whether the headword with these UTF-8 bytes (and their `hash`) is in the dictionary.
    func contains(utf8: [UInt8], hash: UInt64) -> Bool {
        var slot = firstSlot[hash] ?? -1
        while slot >= 0 {
            if matches(entries[Int(slots[Int(slot)].entry)], utf8) { return true }
            slot = slots[Int(slot)].next
        }
        return false
    }

    /// The entries of `headword`, common words before proper nouns, in file order otherwise.
    private func lines(of headword: String) -> [Line] {
        let utf8 = Array(headword.utf8)
        var found: [Int32] = []
        var slot = firstSlot[Self.hash(utf8)] ?? -1
        while slot >= 0 {
            let entry = slots[Int(slot)].entry
            if matches(entries[Int(entry)], utf8), !found.contains(entry) { found.append(entry) }
            slot = slots[Int(slot)].next
        }
        let lines = found.sorted().map { entries[Int($0)] }
        return lines.filter { !$0.isProperNoun } + lines.filter(\.isProperNoun)
    }

    /// Whether `utf8` is the line's simplified or traditional headword.
    private func matches(_ line: Line, _ utf8: [UInt8]) -> Bool {
        func equal(_ start: Int, _ end: Int) -> Bool {
            guard end - start == utf8.count else { return false }
            var index = 0
            while index < utf8.count {
                if bytes[start + index] != utf8[index] { return false }
                index += 1
            }
            return true
        }
        return equal(Int(line.simplifiedStart), Int(line.simplifiedEnd))
            || equal(Int(line.traditionalStart), Int(line.simplifiedStart) - 1)
    }

    /// The cleaned English senses of `headword`, common-word entries first and in the dictionary's sense order.
    public func senses(of headword: String, limit: Int = .max) -> [String] {
        var result: [String] = []
        for line in lines(of: headword) where result.count < limit {
            for sense in Self.senses(in: bytes, from: Int(line.sensesStart), to: Int(line.end), limit: limit - result.count)
            where !result.contains(sense) {
                result.append(sense)
            }
        }
        return result
    }

    /// Headwords with `english` (case-insensitive) among their first two senses: first senses before second ones,
    /// common words before proper nouns, then shorter headwords.
    public func headwords(translating english: String) -> [String] {
        let key = Array(english.lowercased().utf8)
        var candidates: [(headword: String, rank: Int32)] = []
        var slot = firstSenseSlot[Self.hash(key)] ?? -1
        while slot >= 0 {
            let sense = senseSlots[Int(slot)]
            slot = sense.next
            guard Int(sense.end - sense.start) == key.count,
                zip(bytes[Int(sense.start)..<Int(sense.end)], key).allSatisfy({ Self.lowercased($0) == $1 })
            else { continue }
            let line = entries[Int(sense.entry)]
            candidates.append((String(decoding: bytes[Int(line.simplifiedStart)..<Int(line.simplifiedEnd)], as: UTF8.self), sense.rank))
        }
        var seen: Set<String> = []
        return candidates.sorted {
            ($0.rank, $0.headword.unicodeScalars.count, $0.headword) < ($1.rank, $1.headword.unicodeScalars.count, $1.headword)
        }.map(\.headword).filter { seen.insert($0).inserted }
    }

    /// Senses of each entry indexed for English → Chinese ("to isolate/isolated": both find 孤立).
    static let reverseSenses = 2

    private static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// Where the sense in `bytes[start..<end]` starts (after a leading "to ") and the hash of its lower-cased bytes,
    /// when it is one to three plain ASCII words of at most 30 bytes; else nil, so notes and references are not
    /// indexed.
    private static func plainSense(_ bytes: [UInt8], _ start: Int, _ end: Int) -> (Int, UInt64)? {
        var from = start
        if end - from > 3 && bytes[from] == 0x74 && bytes[from + 1] == 0x6F && bytes[from + 2] == 0x20 { from += 3 }  // "to "
        guard end > from, end - from <= 30 else { return nil }
        var spaces = 0
        var hash = fnvOffset
        var index = from
        while index < end {
            let byte = bytes[index]
            if byte == 0x20 {
                spaces += 1
            } else if !(byte >= 0x61 && byte <= 0x7A) && !(byte >= 0x41 && byte <= 0x5A) && byte != 0x2D {
                return nil
            }
            hash = (hash ^ UInt64(lowercased(byte))) &* fnvPrime
            index += 1
        }
        return spaces <= 2 ? (from, hash) : nil
    }

    // MARK: - Cleaning

    /// The usable senses between `/`s in `bytes[start..<end]`, cleaned, at most `limit`.
    private static func senses(in bytes: [UInt8], from start: Int, to end: Int, limit: Int) -> [String] {
        var result: [String] = []
        var pieceStart = start + 1
        var index = pieceStart
        while index < end && result.count < limit {
            if bytes[index] == 0x2F {
                if index > pieceStart, let sense = clean(String(decoding: bytes[pieceStart..<index], as: UTF8.self)), !result.contains(sense) {
                    result.append(sense)
                }
                pieceStart = index + 1
            }
            index += 1
        }
        return result
    }

    /// Prefixes of senses that are not translations.
    private static let droppedPrefixes = [
        "CL:", "surname ", "variant of ", "old variant of ", "erhua variant of ", "Japanese variant of ", "see ", "see also ",
        "used in ", "Taiwan pr.", "also pr.", "also written ", "abbr. for ", "abbr. of ", "(old)", "(archaic)", "(literary)",
        "(dialect)", "(Internet slang)", "(slang)", "(onom.)", "interjection", "particle ", "grammatical ", "(coll.)",
        "(Tw)", "(Cantonese)", "(loanword)", "radical ", "Kangxi radical", "classifier ", "pr. ",
    ]

    /// A sense as search words, or nil when it is not a usable translation.
    static func clean(_ raw: String) -> String? {
        var sense = raw.trimmingCharacters(in: .whitespaces)
        if droppedPrefixes.contains(where: { sense.hasPrefix($0) }) { return nil }
        sense = removingBracketed(sense)
        if let semicolon = sense.firstIndex(of: ";") { sense = String(sense[..<semicolon]) }
        var words = sense.split(separator: " ").filter { !["sb", "sth", "sb's", "sth's", "one's", "oneself", "etc"].contains($0) }
        while let first = words.first, words.count > 1, ["to", "a", "an", "the", "be"].contains(first) { words.removeFirst() }
        sense = words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " ,;.:!?\"'"))
        guard !sense.isEmpty, sense.count <= 60, !sense.unicodeScalars.contains(where: CJKText.isHan) else { return nil }
        return sense
    }

    /// `text` without `( … )` and `[ … ]` notes.
    private static func removingBracketed(_ text: String) -> String {
        guard text.contains("(") || text.contains("[") else { return text }
        var output = ""
        var depth = 0
        for character in text {
            if character == "(" || character == "[" {
                depth += 1
            } else if character == ")" || character == "]" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                output.append(character)
            }
        }
        return output.split(separator: " ").joined(separator: " ")
    }
}

/// A dictionary file that cannot be used.
public enum DictionaryError: Error, CustomStringConvertible, Equatable {
    /// The file cannot be read.
    case unreadable(file: String, reason: String)
    /// A line is not a CC-CEDICT entry.
    case badLine(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "Cannot read the dictionary '\(file)': \(reason). Run `make setup` to export CC-CEDICT to models/cc-cedict/, "
                + "or set --dictionary (HEPCHAIN_DICTIONARY, dictionaryFile) to a CC-CEDICT file, or to 'off'."
        case .badLine(let file, let line, let reason):
            "The dictionary '\(file)' line \(line) is not a CC-CEDICT entry: \(reason)."
        }
    }
}

/// Which characters are Chinese.
enum CJKText {
    /// Han ideographs: the unified block, extension A, extensions B–F and the compatibility block.
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2EBEF, 0xF900...0xFAFF: true
        default: false
        }
    }

    /// Han characters (the glossary's Chinese names may also mix in Latin or Greek: "W玻色子", "π介子").
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool { isHan(scalar) }
}
