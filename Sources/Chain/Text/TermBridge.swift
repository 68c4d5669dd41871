/// A small Chinese → English glossary of high-energy-physics terms, so a Chinese question can be matched
/// lexically (and by the English-only embedder) against English passages.
///
/// The English MiniLM model maps Chinese text to near-random vectors, and BM25 over English text never sees
/// a Chinese term; without a bridge a Chinese question about an English corpus always abstains.
package enum TermBridge {
    /// Longest-first list of (Chinese term, English expansion).
    package static let glossary: [(String, String)] = [
        ("北京正负电子对撞机", "BEPCII collider"), ("北京谱仪", "BESIII"), ("大型强子对撞机", "Large Hadron Collider LHC"),
        ("希格斯玻色子", "Higgs boson"), ("希格斯粒子", "Higgs boson"), ("希格斯", "Higgs"), ("玻色子", "boson"),
        ("超对称", "supersymmetry supersymmetric SUSY"), ("胶微子", "gluino"), ("标量夸克", "squark"), ("中性微子", "neutralino"),
        ("暗物质", "dark matter"), ("中微子", "neutrino"), ("对撞机", "collider"), ("探测器", "detector"),
        ("截面", "cross-section cross section"), ("亮度", "luminosity"), ("积分亮度", "integrated luminosity"),
        ("质量", "mass"), ("宽度", "width"), ("衰变", "decay"), ("寿命", "lifetime"), ("自旋", "spin"),
        ("夸克", "quark"), ("胶子", "gluon"), ("轻子", "lepton"), ("强子", "hadron"), ("介子", "meson"),
        ("重子", "baryon"), ("粲", "charm"), ("底夸克", "bottom quark"), ("顶夸克", "top quark"),
        ("四夸克态", "tetraquark"), ("四夸克", "tetraquark"), ("格点", "lattice"), ("量子色动力学", "QCD"),
        ("电子", "electron"), ("缪子", "muon"), ("μ子", "muon"), ("光子", "photon"), ("中子", "neutron"), ("质子", "proton"),
        ("核反冲", "nuclear recoil"), ("中子俘获", "neutron capture"), ("俘获", "capture"), ("氙", "xenon"), ("氪", "krypton"),
        ("氡", "radon"), ("色谱", "chromatography chromatographic"), ("放射性", "radioactive"), ("惰性气体", "noble gas"),
        ("硅", "silicon"), ("能量", "energy"), ("阈值", "threshold"), ("电离", "ionization"), ("产额", "yield"),
        ("排除", "exclusion excluded"), ("置信水平", "confidence level"), ("极限", "limit"), ("上限", "upper limit"),
        ("测量", "measurement measured"), ("实验", "experiment"), ("合作组", "collaboration"), ("数据", "data"),
        ("分析", "analysis"), ("软件", "software"), ("触发", "trigger"), ("重建", "reconstruction"),
        ("机器学习", "machine learning"), ("神经网络", "neural network"), ("深度学习", "deep learning"),
        ("喷注", "jet jets"), ("横动量", "transverse momentum"), ("丢失横动量", "missing transverse momentum"),
        ("共振态", "resonance"), ("双玻色子", "diboson"), ("瞬子", "instanton"), ("重夸克", "heavy quark"),
        ("高能物理", "high-energy physics particle physics"), ("粒子物理", "particle physics"), ("统计", "statistical"),
        ("系统误差", "systematic uncertainty"), ("误差", "uncertainty"), ("不确定度", "uncertainty"), ("结合", "combined"),
        ("联合", "combined"), ("质心能量", "centre-of-mass energy"), ("能标", "energy scale"), ("设施", "facility facilities"),
    ]

    /// The glossary's terms that name one particle, experiment or facility (the rest are quantities and
    /// methods), with the English names a passage about it uses.
    package static let names: [String: [String]] = [
        "北京正负电子对撞机": ["BEPCII", "BEPC"], "北京谱仪": ["BESIII", "BES"], "大型强子对撞机": ["Large Hadron Collider", "LHC"],
        "希格斯玻色子": ["Higgs"], "希格斯粒子": ["Higgs"], "希格斯": ["Higgs"], "胶微子": ["gluino"], "标量夸克": ["squark"],
        "中性微子": ["neutralino"], "中微子": ["neutrino"], "夸克": ["quark"], "胶子": ["gluon"], "轻子": ["lepton"],
        "四夸克态": ["tetraquark"], "四夸克": ["tetraquark"], "底夸克": ["bottom quark", "b quark"], "顶夸克": ["top quark", "t quark"],
        "电子": ["electron"], "缪子": ["muon"], "μ子": ["muon"], "光子": ["photon"], "中子": ["neutron"], "质子": ["proton"],
        "氙": ["xenon", "Xe"], "氪": ["krypton", "Kr"], "氡": ["radon", "Rn"],
    ]

    /// The named things of `text` (see `names`), each as its English alternatives, longest match first.
    package static func namedThings(in text: String) -> [[String]] {
        matches(in: text).compactMap { names[$0.chinese] }
    }

    /// English expansion of the Chinese terms found in `text`, longest match first; empty for English text.
    package static func englishTerms(for text: String) -> String {
        matches(in: text).map(\.english).joined(separator: " ")
    }

    /// The glossary, longest Chinese term first, so a term is matched before the shorter ones inside it.
    private static let longestFirst = glossary.sorted { $0.0.count > $1.0.count }

    /// The glossary entries found in `text`, longest match first, each match's text taken out before shorter
    /// terms are looked for; none for text without Chinese.
    private static func matches(in text: String) -> [(chinese: String, english: String)] {
        guard text.unicodeScalars.contains(where: TextAnalysis.isCJK) else { return [] }
        var remaining = text
        var found: [(chinese: String, english: String)] = []
        for (chinese, english) in longestFirst where remaining.contains(chinese) {
            found.append((chinese, english))
            remaining = remaining.replacingAll(chinese, with: " ")
        }
        return found
    }
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation needed for this module's text helpers).
    package func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
