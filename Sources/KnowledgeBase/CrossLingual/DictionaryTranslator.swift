public import Foundation
public import RAGCore

/// Dictionary-based query translation (the classic cross-language retrieval method) between Chinese and English,
/// from a HEP glossary and CC-CEDICT.
///
/// - **Chinese → English.** The question is segmented over glossary ∪ dictionary ∪ function words into the fewest
///   words (ties: more characters in glossary words, then fewer one-character words; glossary names may mix in
///   Latin or Greek: "W玻色子", "π介子"); function words (的, 什么, 多少, …) are skipped; each other word becomes its
///   glossary names, else its first `sensesPerWord` cleaned dictionary senses (one-word senses also with their
///   plural and past forms, for BM25 without stemming). BM25 gets the question plus every translation; the
///   embedding model gets the question's English reading (its Latin words and numbers in place, each word as its
///   best translation).
/// - **English → Chinese.** Glossary names are matched as whole words, longest first (two- and three-letter acronyms
///   only as written), then each remaining content word (or word pair) is looked up among the dictionary entries'
///   first two senses; the Han runs of the Chinese names go to BM25 only, the dense query stays the English question.
/// - A Chinese question with no glossary or dictionary word is searched as written, and the note says so.
public struct DictionaryTranslator: QueryTranslator {
    /// The glossary (the built-in one, possibly overridden by a user's).
    public let glossary: HEPGlossary
    /// CC-CEDICT, or nil when translating with the glossary alone.
    public let dictionary: ChineseEnglishDictionary?
    /// Dictionary senses kept per Chinese word (glossary names are all kept).
    public var sensesPerWord: Int = 2
    /// Chinese words kept per English word looked up in the dictionary.
    public var headwordsPerWord: Int = 2
    /// The default dictionary file that was looked for and not found (named in notes), if any.
    public var missingDictionary: String?

    /// Chinese glossary names, their English names, and the names by hash of their UTF-8 (as the dictionary's).
    private let glossaryNames: [String]
    private let glossaryNameEnglish: [[String]]
    private let glossaryNameKind: [String]
    private let glossaryByHash: [UInt64: [Int]]
    /// Lower-cased English glossary name → (the name as written, Chinese names).
    private let glossaryChinese: [String: (name: String, chinese: [String])]
    /// Longest Chinese glossary name, in scalars, and the longest English one, in words.
    private let longestChineseName: Int
    private let longestEnglishName: Int
    /// First scalars of Chinese glossary names that start with a non-Han character ("W玻色子").
    private let nonHanStarts: Set<Unicode.Scalar>

    /// Creates a translator.
    public init(glossary: HEPGlossary, dictionary: ChineseEnglishDictionary? = nil) {
        self.glossary = glossary
        self.dictionary = dictionary
        var names: [String] = []
        var seenNames: Set<String> = []
        var namesEnglish: [[String]] = []
        var kinds: [String] = []
        var byHash: [UInt64: [Int]] = [:]
        var chinese: [String: (name: String, chinese: [String])] = [:]
        var longestChinese = 0
        var longestEnglish = 0
        var starts: Set<Unicode.Scalar> = []
        for entry in glossary.entries {
            for name in entry.chinese where seenNames.insert(name).inserted {
                names.append(name)
                namesEnglish.append(entry.english)
                kinds.append(entry.kind)
                byHash[ChineseEnglishDictionary.hash(name.utf8), default: []].append(names.count - 1)
                longestChinese = max(longestChinese, name.unicodeScalars.count)
                if let first = name.unicodeScalars.first, !CJKText.isHan(first) { starts.insert(first) }
            }
            for name in entry.english {
                let key = Self.words(name.lowercased()).joined(separator: " ")
                guard !key.isEmpty, chinese[key] == nil else { continue }
                chinese[key] = (name, entry.chinese)
                longestEnglish = max(longestEnglish, Self.words(key).count)
            }
        }
        glossaryNames = names
        glossaryNameEnglish = namesEnglish
        glossaryNameKind = kinds
        glossaryByHash = byHash
        glossaryChinese = chinese
        longestChineseName = longestChinese
        longestEnglishName = longestEnglish
        nonHanStarts = starts
    }

    /// The built-in glossary with no dictionary: what a knowledge base uses unless told otherwise.
    public static let glossaryOnly: DictionaryTranslator = {
        do {
            return DictionaryTranslator(glossary: try HEPGlossary.builtIn())
        } catch {
            // The file ships inside the package and a test parses it; a broken copy is a build defect.
            fatalError("HepChain's built-in glossary cannot be used: \(error)")
        }
    }()

    /// Loads the built-in glossary, `glossaryFiles` over it (later files override earlier ones), and the
    /// CC-CEDICT file when one is given.
    public static func load(glossaryFiles: [URL] = [], dictionaryFile: URL?) throws -> DictionaryTranslator {
        var glossary = try HEPGlossary.builtIn()
        for file in glossaryFiles { glossary = try HEPGlossary.load(file: file).overriding(glossary) }
        let dictionary = try dictionaryFile.map { try ChineseEnglishDictionary.load(file: $0) }
        return DictionaryTranslator(glossary: glossary, dictionary: dictionary)
    }

    /// The search texts for `query`.
    public func translate(_ query: String) -> QueryTranslation {
        let scalars = Array(query.unicodeScalars)
        return scalars.contains(where: CJKText.isHan) ? chineseToEnglish(query, scalars) : englishToChinese(query)
    }

    // MARK: - Chinese → English

    private func chineseToEnglish(_ query: String, _ scalars: [Unicode.Scalar]) -> QueryTranslation {
        var terms: [QueryTranslation.Term] = []
        var reading: [String] = []  // the dense query, piece by piece
        var latin = String.UnicodeScalarView()
        func flushLatin() {
            let text = String(latin).trimmingCharacters(in: Self.readingSeparators)
            if !text.isEmpty { reading.append(text) }
            latin.removeAll()
        }
        let segments = segmentation(of: scalars)
        var index = 0
        var next = 0
        while index < scalars.count {
            if next < segments.count && segments[next].start == index {
                let segment = segments[next]
                flushLatin()
                if let term = translation(of: segment, in: scalars) {
                    terms.append(term)
                    reading.append(term.targets[0])
                }
                index += segment.length
                next += 1
            } else {
                if !CJKText.isHan(scalars[index]) { latin.append(scalars[index]) } else { flushLatin() }
                index += 1
            }
        }
        flushLatin()
        let dictionaryState = dictionary != nil ? ""
            : missingDictionary.map { " (CC-CEDICT not found at \($0), run `make setup`: glossary only)" } ?? " (CC-CEDICT off: glossary only)"
        guard !terms.isEmpty else {
            return .untranslated(
                query,
                note: "zh→en: no glossary or dictionary word in the question\(dictionaryState); searched as written "
                    + "(the embedding model reads English only)")
        }
        let lowered = query.lowercased()
        var seen: Set<String> = []
        // Dictionary senses are base forms ("separate", "impurity") and BM25 does not stem: a one-word sense also
        // searches its plural and past forms ("impurities", "separated").
        let words = terms.flatMap { term in term.origin == .glossary ? term.targets : term.targets.flatMap { [$0] + Self.inflections(of: $0) } }
        let added = words.filter { seen.insert($0.lowercased()).inserted && !lowered.contains($0.lowercased()) }
        let note = "zh→en\(dictionaryState): "
            + terms.map { "\($0.source)→\($0.targets.joined(separator: "/"))\($0.origin == .glossary ? "" : " (CC-CEDICT)")" }
            .joined(separator: ", ")
        return QueryTranslation(
            lexical: added.isEmpty ? query : query + " " + added.joined(separator: " "),
            dense: reading.joined(separator: " "), direction: .chineseToEnglish, terms: terms, note: note)
    }

    /// A word found in the question: where it starts, its length in scalars, and which list it is from.
    struct Segment: Hashable {
        enum Kind: Hashable { case glossary(Int), dictionary, function }
        var start: Int
        var length: Int
        var kind: Kind
    }

    /// The question's words: among all segmentations into glossary, dictionary and function words (characters in
    /// none of them are left out), the one with the fewest words, then the most characters in glossary words, then
    /// the fewest single-character content words. (Greedy longest match errs on 低能|标 for 低|能标 "energy scale".)
    func segmentation(of scalars: [Unicode.Scalar]) -> [Segment] {
        let utf8 = scalars.map { Array(String($0).utf8) }
        // Every word starting at each position (the lattice).
        var starting = [[Segment]](repeating: [], count: scalars.count)
        for start in scalars.indices {
            let startsHan = CJKText.isHan(scalars[start])
            if !startsHan {
                // Only a glossary name like "W玻色子" starts here, and only at the start of a word.
                guard nonHanStarts.contains(scalars[start]), start == 0 || !Self.isWordScalar(scalars[start - 1]) else { continue }
            }
            let longest = min(scalars.count - start, max(longestChineseName, startsHan ? min(dictionary?.longestHeadword ?? 1, 12) : 0))
            var bytes: [UInt8] = []
            var hash = ChineseEnglishDictionary.fnvOffset
            var hasHan = false
            for length in stride(from: 1, through: max(1, longest), by: 1) {
                let scalar = scalars[start + length - 1]
                hasHan = hasHan || CJKText.isHan(scalar)
                for byte in utf8[start + length - 1] {
                    bytes.append(byte)
                    hash = (hash ^ UInt64(byte)) &* ChineseEnglishDictionary.fnvPrime
                }
                guard hasHan else { continue }
                if let entries = glossaryByHash[hash], let entry = entries.first(where: { glossaryNames[$0].utf8.elementsEqual(bytes) }) {
                    starting[start].append(Segment(start: start, length: length, kind: .glossary(entry)))
                } else if startsHan, Self.functionWordHashes.contains(hash), Self.functionWords.contains(String(decoding: bytes, as: UTF8.self)) {
                    starting[start].append(Segment(start: start, length: length, kind: .function))
                } else if startsHan, let dictionary, dictionary.contains(utf8: bytes, hash: hash) {
                    starting[start].append(Segment(start: start, length: length, kind: .dictionary))
                }
            }
        }
        // Best path to each position: (words, −glossary characters, single-character content words), lowest wins.
        typealias Cost = (words: Int, glossaryLoss: Int, singles: Int)
        func less(_ a: Cost, _ b: Cost) -> Bool { (a.words, a.glossaryLoss, a.singles) < (b.words, b.glossaryLoss, b.singles) }
        var best = [Cost?](repeating: nil, count: scalars.count + 1)
        var back = [Segment?](repeating: nil, count: scalars.count + 1)
        best[0] = (0, 0, 0)
        for position in scalars.indices {
            guard let cost = best[position] else { continue }
            // Skipping a character costs nothing for Latin text and a word for an unknown Chinese character.
            // (worse than reading it as a one-character word when it is one).
            let skip: Cost = CJKText.isHan(scalars[position]) ? (cost.words + 1, cost.glossaryLoss, cost.singles + 2) : cost
            if best[position + 1].map({ less(skip, $0) }) ?? true {
                best[position + 1] = skip
                back[position + 1] = nil
            }
            for segment in starting[position] {
                var next = cost
                next.words += 1
                if case .glossary = segment.kind { next.glossaryLoss -= segment.length }
                if segment.length == 1, segment.kind != .function { next.singles += 1 }
                let end = position + segment.length
                if best[end].map({ less(next, $0) }) ?? true {
                    best[end] = next
                    back[end] = segment
                }
            }
        }
        var segments: [Segment] = []
        var position = scalars.count
        while position > 0 {
            if let segment = back[position] {
                segments.append(segment)
                position = segment.start
            } else {
                position -= 1
            }
        }
        return segments.reversed()
    }

    /// The translation of one segment; nil for a function word or a word with no usable sense.
    private func translation(of segment: Segment, in scalars: [Unicode.Scalar]) -> QueryTranslation.Term? {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[segment.start..<(segment.start + segment.length)])
        let source = String(view)
        switch segment.kind {
        case .function:
            return nil
        case .glossary(let name):
            return QueryTranslation.Term(source: source, targets: glossaryNameEnglish[name], origin: .glossary,
                kind: glossaryNameKind[name].isEmpty ? nil : glossaryNameKind[name])
        case .dictionary:
            let senses = dictionary?.senses(of: source, limit: sensesPerWord) ?? []
            return senses.isEmpty ? nil : QueryTranslation.Term(source: source, targets: senses, origin: .dictionary)
        }
    }

    // MARK: - English → Chinese

    private func englishToChinese(_ query: String) -> QueryTranslation {
        let original = Self.words(query)
        let lowered = original.map { $0.lowercased() }
        var terms: [QueryTranslation.Term] = []
        var covered = [Bool](repeating: false, count: original.count)
        // Glossary names, longest first.
        var index = 0
        while index < original.count {
            var matched = 0
            var length = min(longestEnglishName, original.count - index)
            while length >= 1 {
                let key = lowered[index..<(index + length)].joined(separator: " ")
                if let (name, chinese) = glossaryChinese[key] {
                    let written = original[index..<(index + length)].joined(separator: " ")
                    // Short acronyms ("MET", "SM", "CL") match only as written, so "met" or "cl" in prose does not.
                    if !Self.isShortAcronym(name) || written == Self.words(name).joined(separator: " ") {
                        terms.append(QueryTranslation.Term(source: written, targets: chinese, origin: .glossary))
                        matched = length
                        break
                    }
                }
                length -= 1
            }
            if matched > 0 {
                for covering in index..<(index + matched) { covered[covering] = true }
                index += matched
            } else {
                index += 1
            }
        }
        // Dictionary: word pairs, then single content words.
        if let dictionary {
            index = 0
            while index < original.count {
                guard !covered[index], Self.isContentWord(lowered[index]) else {
                    index += 1
                    continue
                }
                if index + 1 < original.count, !covered[index + 1], Self.isContentWord(lowered[index + 1]) {
                    let pair = lowered[index] + " " + lowered[index + 1]
                    let headwords = Self.usable(dictionary.headwords(translating: pair), limit: headwordsPerWord)
                    if !headwords.isEmpty {
                        terms.append(QueryTranslation.Term(source: original[index] + " " + original[index + 1], targets: headwords, origin: .dictionary))
                        index += 2
                        continue
                    }
                }
                var headwords = Self.usable(dictionary.headwords(translating: lowered[index]), limit: headwordsPerWord)
                if headwords.isEmpty, let singular = Self.singular(lowered[index]) {
                    headwords = Self.usable(dictionary.headwords(translating: singular), limit: headwordsPerWord)
                }
                if !headwords.isEmpty {
                    terms.append(QueryTranslation.Term(source: original[index], targets: headwords, origin: .dictionary))
                }
                index += 1
            }
        }
        guard !terms.isEmpty else { return .untranslated(query) }
        var seen: Set<String> = []
        // Only the Han runs of a name go to BM25 ("紧凑μ子线圈" → "紧凑 子线圈"): the index splits Chinese text into runs
        // the same way, and a Latin or Greek letter of a name ("μ", "W") must not add a term to an English query.
        let added = terms.flatMap(\.targets).map(Self.hanRuns).filter { !$0.isEmpty && seen.insert($0).inserted }
        let note = "en→zh: " + terms.map { "\($0.source)→\($0.targets.joined(separator: "/"))\($0.origin == .glossary ? "" : " (CC-CEDICT)")" }
            .joined(separator: ", ")
        return QueryTranslation(
            lexical: query + " " + added.joined(separator: " "), dense: query, direction: .englishToChinese, terms: terms, note: note)
    }

    /// The plural and past forms of a one-word English sense ("impurity" → "impurities", "impurityed" is not made:
    /// only words that can be verbs or nouns by their ending get both), empty for phrases and short words.
    static func inflections(of sense: String) -> [String] {
        guard sense.count >= 4, sense.unicodeScalars.allSatisfy({ $0.properties.isLowercase }),
            !["ed", "ing", "ly", "ss", "us", "ous"].contains(where: { sense.hasSuffix($0) }), !sense.hasSuffix("s")
        else { return [] }
        var forms: [String] = []
        if sense.hasSuffix("y"), let before = sense.dropLast().last, !"aeiou".contains(before) {
            forms += [sense.dropLast() + "ies", sense.dropLast() + "ied"]
        } else if sense.hasSuffix("x") || sense.hasSuffix("ch") || sense.hasSuffix("sh") {
            forms += [sense + "es"]
        } else if sense.hasSuffix("e") {
            forms += [sense + "s", sense + "d"]
        } else {
            forms += [sense + "s", sense + "ed"]
        }
        return forms
    }

    /// The runs of Han characters in `name`, separated by spaces.
    static func hanRuns(_ name: String) -> String {
        var runs: [String] = []
        var run = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            if CJKText.isHan(scalar) {
                run.append(scalar)
            } else if !run.isEmpty {
                runs.append(String(run))
                run.removeAll()
            }
        }
        if !run.isEmpty { runs.append(String(run)) }
        return runs.joined(separator: " ")
    }

    /// Dictionary headwords worth a BM25 term: two or more characters (a lone character is not a token of the
    /// bigram index unless it stands alone), at most `limit`.
    private static func usable(_ headwords: [String], limit: Int) -> [String] {
        Array(headwords.filter { $0.unicodeScalars.count >= 2 }.prefix(limit))
    }

    /// "neutrinos" → "neutrino", "searches" → "search"; nil when the word does not look plural.
    private static func singular(_ word: String) -> String? {
        guard word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") else { return nil }
        if word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("ches") || word.hasSuffix("shes") || word.hasSuffix("xes") { return String(word.dropLast(2)) }
        return String(word.dropLast())
    }

    /// Whether `name` is an acronym of two or three letters (no lower-case letter).
    private static func isShortAcronym(_ name: String) -> Bool {
        let letters = name.unicodeScalars.filter { $0.properties.isAlphabetic }
        return (2...3).contains(letters.count) && !letters.contains { $0.properties.isLowercase }
    }

    /// The words of English text: split at white space and hyphens ("Drell-Yan" is two words, so is
    /// "Neutrino-oscillation"), with surrounding punctuation removed.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "-" || $0 == "‐" || $0 == "–" }).compactMap { raw in
            var word = Substring(raw)
            while let first = word.first, Self.edgePunctuation.contains(first) { word.removeFirst() }
            while let last = word.last, Self.edgePunctuation.contains(last) { word.removeLast() }
            if word.hasSuffix("'s") { word.removeLast(2) }
            return word.isEmpty ? nil : String(word)
        }
    }

    private static let edgePunctuation: Set<Character> = [",", ".", "?", "!", ";", ":", "\"", "'", "“", "”", "‘", "’", "(", ")", "[", "]"]

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Separators trimmed from the Latin pieces of a Chinese question's English reading.
    private static let readingSeparators = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "，。？！、；：“”‘’（）《》,.?!;:"))

    private static func isContentWord(_ word: String) -> Bool {
        word.count >= 3 && !englishStopWords.contains(word) && word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "-" }
    }

    /// English words not looked up in the dictionary.
    static let englishStopWords: Set<String> = [
        "the", "and", "for", "with", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "does", "did",
        "was", "were", "are", "is", "been", "being", "have", "has", "had", "this", "that", "these", "those", "from", "into",
        "onto", "about", "than", "then", "there", "their", "they", "them", "its", "it's", "not", "can", "could", "would",
        "should", "will", "shall", "may", "might", "must", "use", "used", "using", "give", "given", "list", "any", "all",
        "each", "per", "between", "over", "under", "after", "before", "also", "only", "such", "other", "more", "most", "much",
        "many", "some", "one", "two", "three", "you", "your", "our", "via", "get", "gets", "got", "both", "either", "whether",
        "value", "values", "paper", "papers", "describe", "described", "explain", "according", "quoted", "reported",
    ]

    private static let functionWordHashes = Set(functionWords.map { ChineseEnglishDictionary.hash($0.utf8) })

    /// Chinese function and question words: segmented but not translated.
    static let functionWords: Set<String> = [
        "的", "了", "是", "在", "和", "与", "及", "或", "什么", "多少", "哪", "哪些", "哪个", "哪种", "如何", "怎么", "怎样",
        "为什么", "为何", "吗", "呢", "吧", "啊", "有", "有没有", "被", "把", "对", "对于", "关于", "中", "里", "上", "下",
        "这", "那", "这个", "那个", "这些", "那些", "个", "一个", "其", "该", "用", "由", "给", "从", "到", "为", "以", "之",
        "而", "也", "都", "就", "还", "所", "得", "地", "着", "过", "是否", "能否", "可以", "能", "会", "请", "问", "我",
        "我们", "你", "他", "她", "它", "他们", "哪里", "何", "几", "多", "大约", "约", "主要", "分别", "各", "每", "及其",
        "以及", "并", "但", "但是", "如果", "因为", "所以", "通过", "使用", "用于", "一", "等", "时", "后", "前", "多大",
        "怎么样", "是什么", "有哪些", "有什么", "哪一个", "在哪", "里面", "其中", "得到", "给出", "采用", "利用",
        "中的", "不是", "作为", "来", "做", "更", "说", "项", "这项", "各个", "每个", "进行", "有多大", "多长", "时候",
        "它的", "他们的", "我们的", "所用", "用了", "了吗", "一下", "这种", "那种", "哪种", "多高", "多久",
        "这样", "那样", "没有", "到了", "并没有", "什么样", "意思", "是由", "由什么",
        "篇", "这篇", "那篇", "哪篇", "哪一篇", "一篇", "文中", "其中的", "又", "又是", "已", "已经", "最终", "根据",
    ]
}
