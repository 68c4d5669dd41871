/// Chinese ↔ English high-energy-physics terms, used to expand queries so a Chinese question finds English
/// passages by exact term (and an English question finds Chinese passages).
///
/// Usage example:
/// ```swift
/// let expansion = HEPTermTable.default.expand("北京谱仪的粲偶素结果")
/// // expansion.lexical == "北京谱仪的粲偶素结果 BESIII charmonium"
/// ```
public struct HEPTermTable: Hashable, Sendable, Codable {
    /// One concept: its Chinese and English names (the first of each is the preferred one).
    public struct Entry: Hashable, Sendable, Codable {
        /// Chinese names.
        public var chinese: [String]
        /// English names and acronyms.
        public var english: [String]
        /// Creates an entry.
        public init(chinese: [String], english: [String]) {
            self.chinese = chinese
            self.english = english
        }
    }

    /// What a query becomes.
    public struct Expansion: Hashable, Sendable {
        /// Query text plus the translations of every term found, for BM25.
        public var lexical: String
        /// Query text plus English translations when the query contains Chinese, for the English embedding model.
        public var dense: String
        /// The terms that were added.
        public var addedTerms: [String]
    }

    /// The concepts.
    public var entries: [Entry]

    /// Creates a table.
    public init(entries: [Entry]) { self.entries = entries }

    /// Expands `query` with the translations of the terms it contains.
    ///
    /// Matching runs on UTF-8 bytes (Foundation's string search was ~5 % of a loaded server's CPU); the terms are
    /// plain ASCII and CJK, so byte equality is the same match.
    public func expand(_ query: String) -> Expansion {
        let original = Array(query.utf8)
        let lowered = Array(query.lowercased().utf8)
        var english: [String] = []
        var chinese: [String] = []
        for entry in entries {
            if entry.chinese.contains(where: { Self.firstOccurrence(of: Array($0.utf8), in: original, from: 0) != nil }) {
                english += entry.english.filter { !Self.containsWord(lowered, Array($0.lowercased().utf8)) }
            }
            if entry.english.contains(where: { Self.containsWord(lowered, Array($0.lowercased().utf8)) }) {
                chinese += entry.chinese.filter { Self.firstOccurrence(of: Array($0.utf8), in: original, from: 0) == nil }
            }
        }
        english = Self.unique(english)
        chinese = Self.unique(chinese)
        let added = english + chinese
        let lexical = added.isEmpty ? query : query + " " + added.joined(separator: " ")
        let dense = english.isEmpty ? query : query + " " + english.joined(separator: " ")
        return Expansion(lexical: lexical, dense: dense, addedTerms: added)
    }

    private static func unique(_ terms: [String]) -> [String] {
        var seen: Set<String> = []
        return terms.filter { seen.insert($0).inserted }
    }

    /// True when `word` occurs in `text` (both UTF-8) with no letter or digit right before or after it.
    static func containsWord(_ text: [UInt8], _ word: [UInt8]) -> Bool {
        guard !word.isEmpty else { return false }
        var searchStart = 0
        while let start = firstOccurrence(of: word, in: text, from: searchStart) {
            let end = start + word.count
            let isStartBoundary = start == 0 || !isWordCharacter(scalar(endingAt: start, in: text))
            let isEndBoundary = end == text.count || !isWordCharacter(scalar(startingAt: end, in: text))
            if isStartBoundary && isEndBoundary { return true }
            searchStart = start + 1
        }
        return false
    }

    /// Where `needle` first occurs in `haystack` at or after `from`.
    static func firstOccurrence(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        let first = needle[0]
        var index = from
        while index <= haystack.count - needle.count {
            if haystack[index] == first {
                var matched = 1
                while matched < needle.count && haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index }
            }
            index += 1
        }
        return nil
    }

    /// The character whose UTF-8 bytes end just before `index`.
    private static func scalar(endingAt index: Int, in bytes: [UInt8]) -> Character {
        var start = index - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self).first ?? " "
    }

    /// The character whose UTF-8 bytes start at `index`.
    private static func scalar(startingAt index: Int, in bytes: [UInt8]) -> Character {
        var end = index + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: bytes[index..<end], as: UTF8.self).first ?? " "
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// The built-in table of HEP terms.
    public static let `default` = HEPTermTable(entries: [
        Entry(chinese: ["北京谱仪"], english: ["BESIII", "BES"]),
        Entry(chinese: ["北京正负电子对撞机"], english: ["BEPCII", "BEPC"]),
        Entry(chinese: ["粲偶素"], english: ["charmonium"]),
        Entry(chinese: ["底偶素"], english: ["bottomonium"]),
        Entry(chinese: ["中微子振荡"], english: ["neutrino oscillation"]),
        Entry(chinese: ["中微子"], english: ["neutrino", "neutrinos"]),
        Entry(chinese: ["希格斯玻色子", "希格斯粒子"], english: ["Higgs boson", "Higgs"]),
        Entry(chinese: ["希格斯"], english: ["Higgs"]),
        Entry(chinese: ["顶夸克"], english: ["top quark"]),
        Entry(chinese: ["底夸克"], english: ["bottom quark", "b quark"]),
        Entry(chinese: ["粲夸克"], english: ["charm quark"]),
        Entry(chinese: ["重夸克"], english: ["heavy quark", "heavy quarks"]),
        Entry(chinese: ["四夸克态"], english: ["tetraquark", "tetraquarks"]),
        Entry(chinese: ["五夸克态"], english: ["pentaquark", "pentaquarks"]),
        Entry(chinese: ["夸克"], english: ["quark", "quarks"]),
        Entry(chinese: ["胶子球"], english: ["glueball"]),
        Entry(chinese: ["胶微子"], english: ["gluino", "gluinos"]),
        Entry(chinese: ["标量夸克"], english: ["squark", "squarks"]),
        Entry(chinese: ["胶子"], english: ["gluon", "gluons"]),
        Entry(chinese: ["大型强子对撞机"], english: ["LHC", "Large Hadron Collider"]),
        Entry(chinese: ["环形正负电子对撞机"], english: ["CEPC"]),
        Entry(chinese: ["对撞机"], english: ["collider"]),
        Entry(chinese: ["探测器"], english: ["detector", "detectors"]),
        Entry(chinese: ["量能器", "量热器"], english: ["calorimeter", "calorimeters"]),
        Entry(chinese: ["喷注"], english: ["jet", "jets"]),
        Entry(chinese: ["江门中微子实验"], english: ["JUNO"]),
        Entry(chinese: ["大亚湾"], english: ["Daya Bay"]),
        Entry(chinese: ["高海拔宇宙线观测站"], english: ["LHAASO"]),
        Entry(chinese: ["宇宙线"], english: ["cosmic ray", "cosmic rays"]),
        Entry(chinese: ["超对称"], english: ["supersymmetry", "SUSY"]),
        Entry(chinese: ["暗物质"], english: ["dark matter"]),
        Entry(chinese: ["标准模型"], english: ["Standard Model"]),
        Entry(chinese: ["量子色动力学"], english: ["QCD", "quantum chromodynamics"]),
        Entry(chinese: ["格点"], english: ["lattice"]),
        Entry(chinese: ["瞬子"], english: ["instanton", "instantons"]),
        Entry(chinese: ["强子"], english: ["hadron", "hadrons"]),
        Entry(chinese: ["轻子"], english: ["lepton", "leptons"]),
        Entry(chinese: ["介子"], english: ["meson", "mesons"]),
        Entry(chinese: ["重子"], english: ["baryon", "baryons"]),
        Entry(chinese: ["质子"], english: ["proton", "protons"]),
        Entry(chinese: ["中子俘获"], english: ["neutron capture"]),
        Entry(chinese: ["中子"], english: ["neutron", "neutrons"]),
        Entry(chinese: ["电子"], english: ["electron", "electrons"]),
        Entry(chinese: ["缪子", "μ子"], english: ["muon", "muons"]),
        Entry(chinese: ["光子"], english: ["photon", "photons"]),
        Entry(chinese: ["玻色子"], english: ["boson", "bosons"]),
        Entry(chinese: ["核反冲"], english: ["nuclear recoil", "nuclear recoils"]),
        Entry(chinese: ["氙"], english: ["xenon"]),
        Entry(chinese: ["截面"], english: ["cross section", "cross-section"]),
        Entry(chinese: ["亮度"], english: ["luminosity"]),
        Entry(chinese: ["横动量"], english: ["transverse momentum"]),
        Entry(chinese: ["丢失横动量", "横向丢失能量"], english: ["missing transverse momentum", "missing transverse energy"]),
        Entry(chinese: ["不变质量"], english: ["invariant mass"]),
        Entry(chinese: ["分支比"], english: ["branching fraction", "branching ratio"]),
        Entry(chinese: ["衰变"], english: ["decay", "decays"]),
        Entry(chinese: ["质量"], english: ["mass"]),
        Entry(chinese: ["触发"], english: ["trigger"]),
        Entry(chinese: ["径迹重建"], english: ["track reconstruction", "tracking"]),
        Entry(chinese: ["事例重建"], english: ["event reconstruction"]),
        Entry(chinese: ["蒙特卡罗", "蒙特卡洛"], english: ["Monte Carlo"]),
        Entry(chinese: ["机器学习"], english: ["machine learning"]),
        Entry(chinese: ["神经网络"], english: ["neural network", "neural networks"]),
        Entry(chinese: ["加速器"], english: ["accelerator"]),
        Entry(chinese: ["超导腔"], english: ["superconducting cavity", "cavity"]),
        Entry(chinese: ["德雷尔-扬", "德雷尔—扬"], english: ["Drell-Yan"]),
        Entry(chinese: ["分析设施"], english: ["analysis facility", "analysis facilities"]),
        Entry(chinese: ["顶点"], english: ["vertex"]),
        Entry(chinese: ["能量重建"], english: ["energy reconstruction"]),
        Entry(chinese: ["排除限"], english: ["exclusion limit", "excluded"]),
        Entry(chinese: ["漂移室"], english: ["drift chamber"]),
        Entry(chinese: ["联合测量"], english: ["combined measurement", "combination"]),
        Entry(chinese: ["紧致"], english: ["compact"]),
    ])
}
