/// What a question asks for: its focus term (the attribute asked about: "mass", "thickness", "lifetime")
/// and whether it expects a quantity. Classic answer-type analysis from factoid QA systems, reduced to
/// patterns that cover how physicists phrase questions.
package struct QuestionFocus: Hashable, Sendable {
    /// Stemmed focus terms (a paraphrase such as "how heavy" contributes "mass"); empty when unknown.
    package var terms: [String]
    /// True for "how much/many/heavy…", "when", and "what <measurable attribute>" questions.
    package var expectsQuantity: Bool
    /// The adjective a "how <adjective>" question used in place of its attribute ("heavy" for "mass").
    package var paraphrasedWord: String?

    /// Units in which the focus attribute is stated: a number in one of them is an answer of the right type.
    package var units: Set<String> {
        var result = Set<String>()
        for term in terms {
            for (attribute, units) in Self.attributeUnits where TextAnalysis.stem(attribute) == term { result.formUnion(units) }
        }
        return result
    }

    private static let attributeUnits: [String: Set<String>] = [
        "mass": ["gev", "tev", "mev", "kev", "kg", "g"], "energy": ["ev", "kev", "mev", "gev", "tev"],
        "temperature": ["k", "mk", "kelvin"], "thickness": ["mm", "cm", "m", "μm", "nm"], "diameter": ["mm", "cm", "m"],
        "length": ["mm", "cm", "m", "km"], "size": ["mm", "cm", "m", "kg"], "distance": ["mm", "cm", "m", "km"],
        "concentration": ["ppb", "ppt", "ppm"], "luminosity": ["fb", "pb", "nb", "cm"], "data": ["fb", "pb", "nb", "pb", "live-days", "days", "events"],
        "lifetime": ["s", "ms", "μs", "ns", "ps", "fs", "years"], "time": ["s", "ms", "ns", "hours", "days", "years"],
        "voltage": ["v", "kv"], "bias": ["v", "kv"], "exposure": ["kg", "days", "live-days", "years"],
        "limit": ["gev", "tev", "mev", "pb", "fb"],
    ]

    private static let whWords: Set<String> = ["what", "which", "how", "when", "where", "who", "whom"]
    private static let boundary: Set<String> = [
        "of", "in", "is", "was", "are", "were", "did", "does", "do", "at", "by", "for", "from", "on", "to", "has", "have",
        "with", "that", "can", "could", "will", "would", "according",
    ]
    private static let skipped: Set<String> = ["is", "was", "are", "were", "the", "a", "an", "does", "did", "do"]
    /// "how <adjective>" → the attribute it asks about.
    private static let adjectiveAttributes: [String: String] = [
        "heavy": "mass", "massive": "mass", "light": "mass", "long": "lifetime", "old": "age", "hot": "temperature",
        "cold": "temperature", "thick": "thickness", "wide": "width", "large": "size", "big": "size", "fast": "speed",
        "far": "distance", "bright": "luminosity", "precise": "precision", "accurate": "precision", "energetic": "energy",
    ]
    private static let measurable: Set<String> = [
        "mass", "energy", "temperature", "thickness", "diameter", "width", "lifetime", "luminosity", "concentration",
        "limit", "cross", "section", "value", "number", "rate", "fraction", "uncertainty", "precision", "size",
        "length", "distance", "time", "year", "date", "voltage", "bias", "threshold", "resolution", "efficiency",
        "significance", "branching", "ratio", "amount", "data", "exposure", "mk", "ev", "gev", "tev", "mev",
    ].reduce(into: Set<String>()) { $0.insert(TextAnalysis.stem($1)) }

    /// Analyses an English question; Chinese questions get no focus (their glossary terms carry the meaning).
    package init(_ question: String) {
        let words = question.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" }).map(String.init)
        terms = []
        expectsQuantity = false
        paraphrasedWord = nil
        guard TextAnalysis.language(of: question) == "en", let whIndex = words.firstIndex(where: Self.whWords.contains) else { return }
        let wh = words[whIndex]
        var index = whIndex + 1
        if wh == "when" {
            expectsQuantity = true
            return
        }
        if wh == "how", index < words.count {
            let next = words[index]
            if next == "much" || next == "many" {
                expectsQuantity = true
                index += 1
            } else if let attribute = Self.adjectiveAttributes[next] {
                terms = [TextAnalysis.stem(attribute)]
                paraphrasedWord = TextAnalysis.stem(next)
                expectsQuantity = true
                return
            } else {
                return
            }
        }
        while index < words.count, Self.skipped.contains(words[index]) { index += 1 }
        var phrase: [String] = []
        while index < words.count, !Self.boundary.contains(words[index]) {
            phrase.append(words[index])
            index += 1
        }
        // The head of the noun phrase is its last noun: "combined measured mass" → "mass", and a trailing
        // participle is not it: "Higgs boson width measured" → "width".
        let participles: Set<String> = ["known", "done", "seen", "shown", "found", "given", "chosen", "taken", "made", "used"]
        let head = phrase.last(where: { !($0.hasSuffix("ed") || $0.hasSuffix("ing") || participles.contains($0)) }).map(TextAnalysis.stem)
        if let head, !TextAnalysis.stopwords.contains(head) {
            terms = [head]
            if Self.measurable.contains(head) { expectsQuantity = true }
        }
    }
}
