/// What kind of answer a question wants, and whether a sentence has that kind of content: the answer-type
/// check of factoid QA systems, reduced to patterns that cover how physicists ask (in English and Chinese).
///
/// "When was…" wants a sentence with a year, "how many…" one with a count, "who…" one that names someone,
/// "what is the mass…" one with a number (in the attribute's unit at best), "what is an Asimov data set"
/// one that defines the term.
package enum AnswerKind: String, Hashable, Sendable, CaseIterable {
    case quantity, count, date, name, definition, method, reason, other

    /// Whether the answer must state a value, a count or a date.
    package var wantsValue: Bool { self == .quantity || self == .count || self == .date }

    /// Classifies `question` (English or Chinese).
    package init(question: String, focus: QuestionFocus) {
        let lower = question.lowercased()
        let words = lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        func has(_ phrase: String) -> Bool { lower.contains(phrase) }
        func startsOrHas(_ word: String) -> Bool { words.contains(word) }
        if TextAnalysis.language(of: question) == "zh" {
            if ["哪一年", "哪年", "何时", "什么时候", "哪一天", "日期", "年份", "几月", "何年"].contains(where: has) {
                self = .date
            } else if ["多少个", "几个", "多少种", "多少次", "多少篇", "多少名", "多少位", "几种", "几次", "数目", "个数", "多少台", "多少块", "多少层", "多少条"].contains(where: has) {
                self = .count
            } else if Self.asksWhichPeople(question) || ["谁", "哪位", "哪一篇", "哪篇", "哪个合作组", "哪个实验", "哪些实验", "哪个机构", "哪家", "哪个组", "什么名字", "叫什么", "哪个探测器", "哪种粒子", "哪个粒子"].contains(where: has) {
                self = .name
            } else if ["多少", "多大", "多高", "多长", "多重", "多远", "多宽", "多厚", "多快", "多久", "数值", "几"].contains(where: has) {
                self = .quantity
            } else if ["为什么", "为何", "原因"].contains(where: has) {
                self = .reason
            } else if ["如何", "怎样", "怎么", "方法", "用什么"].contains(where: has) {
                self = .method
            } else if ["什么是", "是什么", "指什么", "含义", "定义", "是指"].contains(where: has) {
                self = .definition
            } else {
                self = .other
            }
            return
        }
        // "When" asks for a date only as the question word, not in a clause ("by what factor … when the fits use…").
        let asksWhen = words.first(where: { ["what", "which", "how", "who", "whom", "when", "where", "why"].contains($0) }) == "when"
        if asksWhen || has("what year") || has("which year") || has("what date") || has("in what month") {
            self = .date
        } else if has("how many") || has("number of") || has("how often") {
            self = .count
        } else if startsOrHas("who") || startsOrHas("whom") || Self.asksWhichName(words) {
            self = .name
        } else if focus.expectsQuantity || has("how much") || has("how large") || has("how long") || has("how big")
            || Self.asksForValue(words)
        {
            self = .quantity
        } else if startsOrHas("why") {
            self = .reason
        } else if has("stand for") || has("what does") && (has("mean") || has("denote") || has("refer")) || has("define")
            || has("what is meant by") || has("what are meant by") || has("meaning of")
            || words.first == "what" && words.count > 2 && ["is", "are"].contains(words[1]) && ["a", "an"].contains(words[2])
        {
            self = .definition
        } else if words.first == "how" || has("what method") || has("what technique") || has("which method") || has("what approach") {
            self = .method
        } else {
            self = .other
        }
    }

    /// "哪两位物理学家", "哪几位作者", "哪些人": 哪, a few characters, then a measure word for people.
    private static func asksWhichPeople(_ question: String) -> Bool {
        let characters = Array(question)
        for (index, character) in characters.enumerated() where character == "哪" {
            let window = characters[(index + 1)..<min(characters.count, index + 4)]
            if window.contains("位") || window.contains("人") || window.contains("名") { return true }
        }
        return false
    }

    /// "What … mass/limit/cut/uncertainty …", "what value …": a what-question about a measurable attribute
    /// anywhere in it, not only in its head noun.
    private static func asksForValue(_ words: [String]) -> Bool {
        let valueWords: Set<String> = [
            "mass", "masses", "energy", "energies", "width", "lifetime", "luminosity", "luminosities", "limit", "limits", "cut", "threshold",
            "uncertainty", "uncertainties", "value", "values", "temperature", "pressure", "resolution", "efficiency",
            "significance", "precision", "rate", "fraction", "frequency", "voltage", "size", "length", "distance",
            "thickness", "diameter", "momentum", "range", "measurement", "concentration", "purity",
            "reduction", "factor", "cross-section", "exposure", "duration", "sensitivity", "percentage", "ratio", "yield",
            "minimum", "maximum", "speed", "gradient", "field", "volume", "weight", "capacity", "bandwidth", "throughput",
            "q-value", "half-life", "bins", "edges", "boundaries",
        ]
        if words.contains("uncertainty") || words.contains("uncertainties") || words.contains("value") { return true }
        let boundary: Set<String> = ["of", "in", "is", "was", "are", "were", "did", "does", "do", "at", "by", "for", "from", "on", "to", "that", "has", "have", "with"]
        let skipped: Set<String> = ["is", "was", "are", "were", "the", "a", "an", "does", "did", "do"]
        // "Compare the integrated luminosities used by…" asks for two values.
        for (index, word) in words.enumerated() where word == "what" || word == "which" || word == "compare" {
            var next = index + 1
            while next < words.count, skipped.contains(words[next]) { next += 1 }
            while next < words.count, !boundary.contains(words[next]) {
                if valueWords.contains(words[next]) { return true }
                next += 1
            }
        }
        return false
    }

    /// "Which collaboration/experiment/…", "what experiment…": the answer is a name.
    private static func asksWhichName(_ words: [String]) -> Bool {
        let nouns: Set<String> = [
            "collaboration", "collaborations", "experiment", "experiments", "group", "team", "institute", "laboratory",
            "lab", "university", "detector", "detectors", "facility", "facilities", "particle", "particles", "software",
            "package", "tool", "tools", "framework", "code", "language", "company", "journal", "conference", "author",
            "authors", "accelerator", "collider", "observatory", "telescope", "algorithm", "model", "models", "isotope",
            "isotopes", "element", "gas", "material", "state", "meson", "boson", "quark", "channel", "channels",
        ]
        for (index, word) in words.enumerated() where word == "which" || word == "what" {
            var next = index + 1
            while next < words.count, ["two", "three", "other", "new", "main", "kind", "of", "type"].contains(words[next]) { next += 1 }
            if next < words.count, nouns.contains(words[next]) { return true }
        }
        return false
    }

    /// How well `sentence` has the content this kind of question wants: 1 when it clearly does, 0.5 when
    /// partly (a number but not in the asked unit), 0 when it has none. `.other` always gives 0.5.
    package func match(_ sentence: String, terms: Set<String>, units: Set<String>, questionTerms: Set<String>) -> Double {
        let text = CitationResolver.removingMarkers(sentence)
        switch self {
        case .quantity:
            let value = Self.valueStrength(text, units: units)
            return value
        case .count:
            if Self.hasCount(text) || terms.contains(where: Self.numberWords.contains) { return 1 }
            return text.unicodeScalars.contains(where: { "两三四五六七八九十百千万".unicodeScalars.contains($0) }) ? 0.8 : 0
        case .date:
            return Self.hasYear(text) ? 1 : (terms.contains(where: { Self.months.contains($0) || Self.months.contains($0 + "s") }) ? 0.8 : 0)
        case .name:
            // A capitalised word or an acronym the question does not already contain; not a single letter ("J"
            // of J/ψ, "B" of a meson) and not a unit ("MeV", "GeV"), which a value sentence has but a name does not.
            let names = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" }).dropFirst().filter { word in
                guard let first = word.first, first.isUppercase, word.count >= 2 else { return false }
                let term = TextAnalysis.stem(word.lowercased())
                return !questionTerms.contains(term) && !Self.unitTerms.contains(term)
            }
            return names.isEmpty ? 0.2 : min(1, 0.6 + 0.2 * Double(names.count))
        case .definition:
            let lower = text.lowercased()
            return [" is a ", " is an ", " is the ", " are ", " refers to", " denotes", " defined as", " means ", " consists of", " called ", " known as ", "(", " is "]
                .contains(where: lower.contains) ? 1 : 0.4
        case .method:
            let lower = text.lowercased()
            return [" by ", " using ", " with ", " through ", " via ", " performed", " fit", " method", " technique", " measured"]
                .contains(where: lower.contains) ? 1 : 0.5
        case .reason:
            let lower = text.lowercased()
            return [" because", " due to", " since ", " so that", " in order to", " therefore", " thus", " allows", " leads to", " caused"]
                .contains(where: lower.contains) ? 1 : 0.5
        case .other:
            return 0.5
        }
    }

    private static let numberWords: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen",
        "hundred", "thousand", "million", "billion", "single", "both", "pair",
    ]
    private static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]
    private static let unitWords: Set<String> = [
        "ev", "kev", "mev", "gev", "tev", "pev", "fb", "pb", "nb", "mb", "cm", "mm", "km", "m", "nm", "kg", "g", "mk", "k", "s",
        "ms", "ns", "μs", "ps", "hz", "khz", "mhz", "ghz", "v", "kv", "mv", "t", "w", "kw", "mw", "%", "percent", "ppb", "ppm",
        "ppt", "sigma", "σ", "bar", "days", "years", "hours", "minutes", "seconds", "events", "cl", "degrees", "tesla", "kelvin",
        "meters", "metres", "liters", "litres", "tons", "tonnes", "pages",
    ]

    /// How clearly `text` states a value: 1 for a number with a unit (in `units` when given) or an
    /// uncertainty ("125.09 ± 0.24 GeV", "200 GeV", "4 ppt"), 0.6 for a decimal or a number of three or more
    /// digits, 0.25 for a small integer alone (often part of a name: "Run 1", "H → 4ℓ"), 0 for none.
    static func valueStrength(_ text: String, units: Set<String>) -> Double {
        let tokens = text.lowercased().split(whereSeparator: { character in
            character.isWhitespace || "(),;:[]{}，。；：（）".contains(character)
                || character.unicodeScalars.first.map(TextAnalysis.isCJK) == true
        }).map(String.init)
        var best = Self.hasChineseUnitAfterNumber(text) ? 1.0 : 0.0
        for (index, token) in tokens.enumerated() where best < 1 {
            guard let first = token.first, first.isNumber || ((first == "−" || first == "-" || first == "~" || first == "≈") && token.dropFirst().first?.isNumber == true) else { continue }
            let digits = token.filter(\.isNumber).count
            var strength = token.contains(".") && digits >= 2 || digits >= 3 ? 0.6 : 0.25
            if let range = tokens[(index + 1)...].prefix(4).firstIndex(where: { $0 == "±" || $0.hasPrefix("+") }), range <= index + 2 {
                strength = 1
            }
            // A unit right after the number, or glued to it ("50gev", "4%").
            let stem = TextAnalysis.stem(String(token.drop(while: { $0.isNumber || $0 == "." || $0 == "," || $0 == "−" || $0 == "-" || $0 == "~" || $0 == "≈" })))
            let following = tokens[(index + 1)...].prefix(3).map(TextAnalysis.stem)
            let unitNearby = [stem] + following.prefix(1) + (following.first == "±" || following.first?.first?.isNumber == true ? Array(following.dropFirst()) : [])
            if unitNearby.contains(where: { !$0.isEmpty && (units.contains($0) || unitTerms.contains($0)) }) {
                strength = units.isEmpty || unitNearby.contains(where: units.contains) ? 1 : 0.85
            }
            best = max(best, strength)
            if best == 1 { break }
        }
        return best
    }

    private static let chineseUnits = [
        "公里", "千米", "厘米", "毫米", "纳米", "米", "千克", "公斤", "克", "吨", "秒", "毫秒", "纳秒", "分钟", "小时", "天", "年",
        "个", "只", "台", "块", "层", "条", "次", "种", "篇", "名", "位", "亿", "万", "倍", "度", "开尔文", "伏", "特斯拉", "吉电子伏",
        "兆电子伏", "电子伏", "赫兹", "%", "％",
    ]

    /// "约 53 公里", "17612 只", "2 万吨": a number followed by a Chinese unit or measure word.
    static func hasChineseUnitAfterNumber(_ text: String) -> Bool {
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            guard characters[index].isNumber else {
                index += 1
                continue
            }
            while index < characters.count, characters[index].isNumber || characters[index] == "." { index += 1 }
            while index < characters.count, characters[index] == " " { index += 1 }
            let rest = String(characters[index..<min(characters.count, index + 4)])
            if chineseUnits.contains(where: rest.hasPrefix) { return true }
        }
        return false
    }

    /// A digit outside bibliography markers.
    static func hasNumber(_ text: String) -> Bool { text.contains(where: \.isNumber) }

    /// Whether `text` has a number that can count something: a numeral standing alone ("300", "1,200", "~40"),
    /// not the number of a table, figure, section, equation or reference ("Table 1 lists the groups of nuisance
    /// parameters" counts nothing) nor one inside a symbol ("H → ZZ → 4ℓ", "m4H").
    static func hasCount(_ text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "(" || $0 == ")" || $0 == "[" || $0 == "]" })
        for (index, word) in words.enumerated() where word.contains(where: \.isNumber) {
            let core = word.drop(while: { "~≈<>≥≤".contains($0) }).reversed().drop(while: { ".,;:".contains($0) })
            guard core.allSatisfy({ $0.isNumber || $0 == "," || $0 == "." }) else { continue }
            let previous = index > 0 ? String(words[index - 1].filter(\.isLetter)) : ""
            if !Self.labelWords.contains(previous) { return true }
        }
        return false
    }

    private static let labelWords: Set<String> = [
        "table", "tables", "tab", "figure", "figures", "fig", "figs", "section", "sections", "sec", "eq", "eqs", "equation",
        "equations", "ref", "refs", "chapter", "appendix", "page", "p", "pp", "step",
    ]

    /// The unit words as `TextAnalysis.terms` writes them (stemmed).
    private static let unitTerms = Set(unitWords.map(TextAnalysis.stem))

    static func hasUnit(_ terms: Set<String>) -> Bool { !terms.isDisjoint(with: unitTerms) }

    /// A four-digit year from 1850 to 2099.
    static func hasYear(_ text: String) -> Bool {
        let characters = Array(text)
        var index = 0
        while index + 4 <= characters.count {
            if characters[index...].prefix(4).allSatisfy(\.isASCII) && characters[index...].prefix(4).allSatisfy(\.isNumber),
                index == 0 || !characters[index - 1].isNumber, index + 4 == characters.count || !characters[index + 4].isNumber,
                let year = Int(String(characters[index..<index + 4])), (1850...2099).contains(year)
            {
                return true
            }
            index += 1
        }
        return false
    }
}
