import TestSupport

/// Questions over `FakeCorpus` with the fact, document and page an answer must contain and cite, and
/// questions the corpus cannot answer (several are near misses: the topic is there, the fact is not).
enum QuestionSet {
    struct Answerable: Sendable, CustomStringConvertible {
        var question: String
        var fact: String
        var document: String
        var page: Int
        var description: String { question }
    }

    static let answerable: [Answerable] = [
        .init(question: "What is the combined measured mass of the Higgs boson?", fact: "125.09", document: FakeCorpus.higgs, page: 5),
        .init(question: "How heavy is the Higgs boson according to the ATLAS and CMS combination?", fact: "125.09", document: FakeCorpus.higgs, page: 5),
        .init(question: "What is the Higgs boson mass in the diphoton channel?", fact: "125.07", document: FakeCorpus.higgs, page: 6),
        .init(question: "What gluino mass is excluded at 95% confidence level?", fact: "1.51 TeV", document: FakeCorpus.susy, page: 14),
        .init(question: "Below which mass are squarks excluded for a massless neutralino?", fact: "1.03 TeV", document: FakeCorpus.susy, page: 14),
        .init(question: "How much data was analyzed in the ATLAS search for squarks and gluinos?", fact: "3.2 fb", document: FakeCorpus.susy, page: 1),
        .init(question: "What is the thickness of the silicon detector that observed nuclear recoils after neutron capture?", fact: "33 mm", document: FakeCorpus.recoils, page: 1),
        .init(question: "Down to what energy were nuclear recoils probed with thermal neutrons?", fact: "450 eV", document: FakeCorpus.recoils, page: 2),
        .init(question: "What temperature was the SuperCDMS prototype detector cooled to?", fact: "30 mK", document: FakeCorpus.recoils, page: 1),
        .init(question: "To what concentration did charcoal chromatography reduce krypton in the LUX xenon?", fact: "3.5 ppt", document: FakeCorpus.lux, page: 2),
        .init(question: "When was the HSF Analysis Facilities forum established?", fact: "March 2022", document: FakeCorpus.hsf, page: 1),
        .init(question: "希格斯玻色子的质量是多少？", fact: "125.09", document: FakeCorpus.higgs, page: 5),
        .init(question: "BEPCII的质心能量范围是多少？", fact: "4.95", document: FakeCorpus.bes, page: 1),
    ]

    static let unanswerable: [String] = [
        "What is the top quark mass measured at the Tevatron?",
        "What is the top quark mass?",
        "What is the lifetime of the tau lepton?",
        "How many light neutrino flavours did LEP infer from the Z boson width?",
        "What is the muon anomalous magnetic moment measured at Fermilab?",
        "Which gravitational wave detector observed the first binary neutron star merger?",
        "What is the Higgs boson width measured by CMS?",
        "What is the peak luminosity of the BEPCII collider?",
        "中微子质量的上限是多少？",
    ]
}
