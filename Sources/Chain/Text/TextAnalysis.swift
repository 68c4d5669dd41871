/// Sentence splitting, term extraction and language detection shared by the offline generator, the
/// citation resolver and seed fission. Pure functions over strings; no model, no state.
package enum TextAnalysis {
    // MARK: - Language

    /// True for CJK unified ideographs (the ranges a Chinese question or passage uses).
    package static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0xF900...0xFAFF: true
        default: false
        }
    }

    /// `zh` when at least a fifth of the letters are CJK ideographs, else `en`.
    ///
    /// A share rather than "any CJK" because English questions quote Chinese names and Chinese questions
    /// quote detector names ("BESIII 的亮度是多少"), and the reply language should follow the majority.
    package static func language(of text: String) -> String {
        var letters = 0
        var ideographs = 0
        for scalar in text.unicodeScalars {
            if isCJK(scalar) {
                ideographs += 1
                letters += 1
            } else if scalar.properties.isAlphabetic {
                letters += 1
            }
        }
        guard letters > 0 else { return "en" }
        // Latin words weigh several letters each while one ideograph is a word, so compare a fifth.
        return Double(ideographs) / Double(letters) >= 0.2 ? "zh" : "en"
    }

    // MARK: - Sentences

    private static let abbreviations: Set<String> = [
        "e.g", "i.e", "et al", "fig", "figs", "eq", "eqs", "ref", "refs", "sec", "secs", "tab", "vs", "cf",
        "approx", "no", "vol", "stat", "syst", "lumi", "theo", "exp", "dr", "prof", "al", "etc", "resp", "phys",
        "lett", "rev", "nucl", "instrum", "meth", "proc", "conf", "sci", "mod", "astrophys", "jour", "suppl", "ibid",
    ]

    /// Splits text into sentences at `.`, `!`, `?` followed by white space and an upper-case letter, digit
    /// or opening bracket, after `。！？；`, and at blank lines; keeps decimal points, "et al." and "(stat.)"
    /// inside sentences. Runs of white space inside a sentence become one space.
    package static func sentences(in text: String) -> [String] {
        let characters = Array(text)
        var result: [String] = []
        var current = ""
        var index = 0
        func flush() {
            // Line breaks inside a PDF sentence are layout, not content: quote it on one line.
            let collapsed = current.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !collapsed.isEmpty { result.append(collapsed) }
            current = ""
        }
        while index < characters.count {
            let character = characters[index]
            current.append(character)
            if "。！？；".contains(character) {
                flush()
            } else if ".!?".contains(character) {
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                let afterSpace = nextNonSpace(characters, from: index + 1)
                if next.isWhitespace, let afterSpace,
                    afterSpace.isUppercase || afterSpace.isNumber || "([“\"".contains(afterSpace)
                        || afterSpace.unicodeScalars.first.map(isCJK) == true,
                    !endsWithAbbreviation(current)
                {
                    flush()
                } else if next.isWhitespace && afterSpace == nil {
                    flush()
                }
            } else if character == "\n", index + 1 < characters.count, characters[index + 1] == "\n" {
                // A blank line ends a paragraph, and with it a sentence (headings, list items).
                flush()
            }
            index += 1
        }
        flush()
        return result
    }

    private static func nextNonSpace(_ characters: [Character], from start: Int) -> Character? {
        var index = start
        while index < characters.count {
            if !characters[index].isWhitespace { return characters[index] }
            index += 1
        }
        return nil
    }

    private static func endsWithAbbreviation(_ sentence: String) -> Bool {
        let body = sentence.dropLast()
        let word: String
        if let lastWordStart = body.lastIndex(where: { $0.isWhitespace || $0 == "(" }) {
            word = String(body[body.index(after: lastWordStart)...])
        } else {
            word = String(body)
        }
        // Initials: "A. Villano", "A.N. Villano" (upper-case Latin letters only: "2 σ. The" ends a sentence), and
        // a compound given name's "Y.b. Yang" (a capital, then single letters of either case).
        let parts = word.split(separator: ".", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        if parts.allSatisfy({ $0.count == 1 && $0.first.map { $0.isASCII && $0.isUppercase } == true }) { return true }
        if parts.count >= 2, parts.allSatisfy({ $0.count == 1 && $0.first.map { $0.isASCII && $0.isLetter } == true }),
            parts[0].first?.isUppercase == true
        {
            return true
        }
        if abbreviations.contains(word.lowercased()) { return true }
        // "et al." is two words.
        return word.lowercased() == "al" && body.lowercased().hasSuffix("et al")
    }

    // MARK: - Terms

    /// Words that carry no content in a question or passage (English), plus question words.
    package static let stopwords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as", "is",
        "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "there",
        "their", "they", "them", "he", "she", "his", "her", "we", "our", "you", "your", "i", "me", "my", "do",
        "does", "did", "done", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "can",
        "could", "would", "should", "will", "shall", "may", "might", "must", "has", "have", "had", "not", "no",
        "than", "then", "so", "such", "but", "if", "into", "about", "over", "under", "between", "also",
        "any", "all", "some", "more", "most", "much", "many", "other", "only", "very", "one", "both", "each",
        "tell", "explain", "describe", "give", "say", "said", "according", "paper", "papers", "document",
        "documents", "please", "value", "using", "used", "use", "per", "via", "been", "were", "whether",
        "while", "within", "without", "up", "out", "after", "before", "during", "among", "s", "report", "reported",
        "reports", "described", "section", "mentioned", "mention", "discuss", "discussed", "summarize", "summarise",
    ]

    /// "Which PMT does LUX use, and which SiPM was tested?", "compare…", "…分别…": a question whose answer may
    /// come from two documents.
    package static func asksTwoThings(_ question: String) -> Bool {
        let lower = question.lowercased()
        if ["respectively", "分别", "各自", "比较", "两篇"].contains(where: lower.contains) { return true }
        let words = lower.split(whereSeparator: { !$0.isLetter }).map(String.init)
        // "Compare A and B" asks two things; "how many … compared with Eq. (1)" asks one.
        if words.contains("compare") || words.contains("both") { return true }
        let asking = words.filter { ["what", "which", "who", "when", "where", "how"].contains($0) }.count
        return asking >= 2 || lower.filter { $0 == "?" || $0 == "？" }.count >= 2
    }

    /// Lower-cased word terms of `text`: Latin words and numbers (light stemming), and for CJK runs, the
    /// ideograph bigrams (a Chinese word is usually two characters and nothing marks word boundaries).
    package static func terms(_ text: String) -> [String] {
        var result: [String] = []
        var word = ""
        var cjkRun: [Character] = []
        func flushWord() {
            if !word.isEmpty { result.append(stem(word.lowercased())) }
            word = ""
        }
        func flushCJK() {
            if cjkRun.count == 1 {
                result.append(String(cjkRun))
            } else if cjkRun.count > 1 {
                for start in 0..<(cjkRun.count - 1) { result.append(String(cjkRun[start...start + 1])) }
            }
            cjkRun = []
        }
        for character in text {
            if let name = greekNames[character] {
                // "J/ψ" and "J/psi", "Υ(1S)" and "Upsilon(1S)" meet.
                flushCJK()
                word.append(contentsOf: name)
                continue
            }
            if let scalar = character.unicodeScalars.first, isCJK(scalar) {
                flushWord()
                cjkRun.append(character)
            } else if character.isLetter || character.isNumber {
                flushCJK()
                word.append(character)
            } else if (character == "." || character == "/" || character == "-"), !word.isEmpty, word.last?.isNumber == true || word.count <= 4 {
                // Keep "125.09", "J/psi" and "hep-ex" whole; split other punctuation.
                word.append(character)
            } else {
                flushCJK()
                flushWord()
            }
        }
        flushWord()
        flushCJK()
        return result.map { $0.trimming(charactersIn: ".-/") }.filter { !$0.isEmpty }
    }

    private static let greekNames: [Character: String] = [
        "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta", "θ": "theta", "κ": "kappa",
        "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon",
        "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "gamma", "Δ": "delta", "Θ": "theta", "Λ": "lambda",
        "Ξ": "xi", "Σ": "sigma", "Υ": "upsilon", "Φ": "phi", "Ψ": "psi", "Ω": "omega",
    ]

    /// The terms of `text` that carry content: stopwords and one-letter words removed, duplicates removed,
    /// first occurrence order kept.
    package static func contentTerms(_ text: String) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for term in terms(text) where !stopwords.contains(term) && !chineseStopwords.contains(term) {
            if term.count < 2, term.first?.isNumber != true, !(term.unicodeScalars.first.map(isCJK) ?? false) { continue }
            if seen.insert(term).inserted { result.append(term) }
        }
        return result
    }

    /// Chinese bigrams that are question scaffolding rather than content.
    package static let chineseStopwords: Set<String> = [
        "什么", "多少", "是多", "少？", "如何", "怎么", "为什", "么是", "哪些", "哪个", "是什", "的是", "请问", "一下",
        "介绍", "是否", "有没", "没有", "可以", "这个", "那个", "我们", "他们", "以及", "关于", "根据", "文献", "的质",
        "么？", "吗？", "么", "的", "是", "了", "吗", "呢", "在", "和", "与",
    ]

    /// Strips common English inflections so "masses"/"mass" and "measured"/"measure" meet.
    package static func stem(_ word: String) -> String {
        // "discovery"/"discovered", "delivery"/"delivered" meet at the verb.
        if word.count > 6, word.hasSuffix("ery"), word.allSatisfy({ $0.isLetter }) { return stem(String(word.dropLast())) }
        let stripped = stripSuffix(word)
        // "measure"/"measured" → "measur": drop a final e so both forms meet.
        if stripped.count > 4, stripped.hasSuffix("e"), stripped.allSatisfy({ $0.isLetter }) { return String(stripped.dropLast()) }
        return stripped
    }

    private static func stripSuffix(_ word: String) -> String {
        guard word.count > 4, word.allSatisfy({ $0.isLetter }) else { return word }
        for suffix in ["ations", "ation", "ings", "ing", "edly", "ies", "es", "ed", "ly", "s"] where word.hasSuffix(suffix) {
            let base = String(word.dropLast(suffix.count))
            guard base.count >= 3 else { continue }
            if suffix == "ies" { return base + "y" }
            if suffix == "es", !(base.hasSuffix("s") || base.hasSuffix("x") || base.hasSuffix("ch") || base.hasSuffix("sh")) {
                return String(word.dropLast(1))
            }
            if suffix == "s", base.hasSuffix("s") || base.hasSuffix("u") || base.hasSuffix("i") { return word }
            return base
        }
        return word
    }
}

extension String {
    /// The string without leading and trailing white space and newlines.
    package func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// The string without leading and trailing characters from `set`.
    package func trimming(charactersIn set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
