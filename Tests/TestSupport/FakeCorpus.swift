package import RAGCore

/// A handful of HEP passages modelled on documents in ../shared/corpora (facts as the papers state them,
/// wording shortened), with their pages and sections, so answers can be checked against document and page.
package enum FakeCorpus {
    package struct Entry {
        package var document: String
        package var title: String
        package var source: String
        package var arxivID: String?
        package var page: Int
        package var section: [String]
        package var text: String
    }

    package static let higgs = "arxiv:1503.07589"
    package static let susy = "arxiv:1605.03814"
    package static let recoils = "arxiv:2110.02751"
    package static let lux = "arxiv:1605.03844"
    package static let hsf = "arxiv:2404.02100"
    package static let bes = "https://bes3.ihep.ac.cn/intro.html"

    package static let entries: [Entry] = [
        Entry(
            document: higgs, title: "Combined Measurement of the Higgs Boson Mass in pp Collisions at √s = 7 and 8 TeV with the ATLAS and CMS Experiments",
            source: "https://arxiv.org/abs/1503.07589", arxivID: "1503.07589", page: 1, section: ["Abstract"],
            text: """
                A measurement of the Higgs boson mass is presented based on the combined data samples of the ATLAS and CMS \
                experiments at the CERN LHC in the H → γγ and H → ZZ → 4ℓ decay channels. The results are obtained from a \
                simultaneous fit to the reconstructed invariant mass peaks in the two channels and for the two experiments. \
                The measured masses from the individual channels and the two experiments are found to be consistent among themselves.
                """),
        Entry(
            document: higgs, title: "Combined Measurement of the Higgs Boson Mass in pp Collisions at √s = 7 and 8 TeV with the ATLAS and CMS Experiments",
            source: "https://arxiv.org/abs/1503.07589", arxivID: "1503.07589", page: 5, section: ["4 Results"],
            text: """
                The combined measured mass of the Higgs boson is m_H = 125.09 ± 0.21 (stat.) ± 0.11 (syst.) GeV. The total \
                uncertainty of 0.24 GeV is dominated by the statistical term. The combination uses about 25 fb−1 of LHC Run 1 \
                data per experiment, recorded at centre-of-mass energies of 7 and 8 TeV.
                """),
        Entry(
            document: higgs, title: "Combined Measurement of the Higgs Boson Mass in pp Collisions at √s = 7 and 8 TeV with the ATLAS and CMS Experiments",
            source: "https://arxiv.org/abs/1503.07589", arxivID: "1503.07589", page: 6, section: ["4 Results", "4.1 Individual channels"],
            text: """
                In the diphoton channel the combined mass is 125.07 ± 0.29 GeV, and in the four-lepton channel it is \
                125.15 ± 0.40 GeV. The four-lepton channel has a smaller systematic uncertainty but fewer signal events. \
                The compatibility of the four individual measurements is at the 10% level.
                """),
        Entry(
            document: susy, title: "Search for squarks and gluinos in final states with jets and missing transverse momentum at √s = 13 TeV with the ATLAS detector",
            source: "https://arxiv.org/abs/1605.03814", arxivID: "1605.03814", page: 1, section: ["Abstract"],
            text: """
                A search for squarks and gluinos in final states containing hadronic jets, missing transverse momentum but no \
                electrons or muons is presented. The data were recorded in 2015 by the ATLAS experiment in 13 TeV proton–proton \
                collisions at the Large Hadron Collider. No excess above the Standard Model background expectation was observed \
                in 3.2 fb−1 of analyzed data.
                """),
        Entry(
            document: susy, title: "Search for squarks and gluinos in final states with jets and missing transverse momentum at √s = 13 TeV with the ATLAS detector",
            source: "https://arxiv.org/abs/1605.03814", arxivID: "1605.03814", page: 14, section: ["9 Results and interpretation"],
            text: """
                An exclusion limit at the 95% confidence level on the mass of the gluino is set at 1.51 TeV for a simplified \
                model incorporating only a gluino octet and the lightest neutralino, assuming the lightest neutralino is massless. \
                For a simplified model involving the strong production of mass-degenerate first- and second-generation squarks, \
                squark masses below 1.03 TeV are excluded for a massless lightest neutralino.
                """),
        Entry(
            document: recoils, title: "First observation of isolated nuclear recoils following neutron capture",
            source: "https://arxiv.org/abs/2110.02751", arxivID: "2110.02751", page: 1, section: ["Experimental configuration"],
            text: """
                Nuclear recoils were detected in a silicon detector operated at cryogenic temperatures, a prototype SuperCDMS \
                SNOLAB HV detector. The detector has a diameter of 100 mm and a thickness of 33 mm. It was mounted inside a \
                dilution refrigerator at the University of Minnesota and cooled to about 30 mK, and operated with a bias of −125 V.
                """),
        Entry(
            document: recoils, title: "First observation of isolated nuclear recoils following neutron capture",
            source: "https://arxiv.org/abs/2110.02751", arxivID: "2110.02751", page: 2, section: ["Results"],
            text: """
                The silicon detector was exposed to thermal neutrons over 2.5 live-days, probing nuclear recoils down to 450 eV. \
                The observation of a neutron capture-induced component of nuclear recoils at low energies is supported by the \
                much-improved fit upon inclusion of a capture model. Thermal neutron calibration is promising for dark matter \
                searches and coherent neutrino experiments.
                """),
        Entry(
            document: lux, title: "Chromatographic separation of radioactive noble gases from xenon",
            source: "https://arxiv.org/abs/1605.03844", arxivID: "1605.03844", page: 2, section: ["Abstract"],
            text: """
                The Large Underground Xenon (LUX) experiment operates at the Sanford Underground Research Facility to detect \
                nuclear recoils from hypothetical WIMPs on a liquid xenon target. Liquid xenon typically contains trace amounts \
                of the radioactive isotopes 85Kr and 39Ar that are not removed by the gas purification system. A chromatographic \
                separation system based on adsorption on activated charcoal was built. 400 kg of xenon was processed, reducing \
                the average concentration of krypton from 130 ppb to 3.5 ppt.
                """),
        Entry(
            document: hsf, title: "HSF Analysis Facilities White Paper",
            source: "https://arxiv.org/abs/2404.02100", arxivID: "2404.02100", page: 1, section: ["Abstract"],
            text: """
                This white paper presents the current status of the R&D for Analysis Facilities and summarizes the views on the \
                future direction of these facilities. The views were collected through the HEP Software Foundation's Analysis \
                Facilities forum, established in March 2022, the Analysis Ecosystems II workshop in May 2022, and the WLCG/HSF \
                pre-CHEP workshop in May 2023.
                """),
        Entry(
            document: bes, title: "北京谱仪III简介", source: "https://bes3.ihep.ac.cn/intro.html", arxivID: nil, page: 1, section: ["简介"],
            text: """
                北京谱仪III（BESIII）是运行在北京正负电子对撞机II（BEPCII）上的通用探测器。BEPCII的质心能量范围为2.0至4.95 GeV。\
                BESIII合作组由来自十多个国家的五百多名成员组成。
                """),
        // Appended last so the positions and ordinals of the passages above stay fixed.
        Entry(
            document: higgs, title: "Combined Measurement of the Higgs Boson Mass in pp Collisions at √s = 7 and 8 TeV with the ATLAS and CMS Experiments",
            source: "https://arxiv.org/abs/1503.07589", arxivID: "1503.07589", page: 2, section: ["1 Introduction"],
            text: """
                In 2012, the ATLAS and CMS Collaborations at the LHC announced the discovery of a particle with Higgs \
                boson-like properties and a mass of about 125 GeV [1, 2]. In the SM, the Higgs boson mass is related to the \
                masses of the W boson and the top quark through loop-induced effects [3].
                """),
    ]

    /// The passages as retrieved chunks (score 0) with citation data.
    package static let chunks: [RetrievedChunk] = {
        var ordinals: [String: Int] = [:]
        return entries.map { entry in
            let ordinal = ordinals[entry.document, default: 0]
            ordinals[entry.document] = ordinal + 1
            let id = ChunkID(document: DocumentID(entry.document), ordinal: ordinal)
            let chunk = Chunk(
                id: id, text: entry.text, pageStart: entry.page, pageEnd: entry.page, sectionPath: entry.section,
                language: TextAnalysisProbe.isChinese(entry.text) ? "zh" : "en")
            let citation = Citation(
                chunkID: id, title: entry.title, source: entry.source, arxivID: entry.arxivID, pageStart: entry.page,
                pageEnd: entry.page, section: chunk.section)
            return RetrievedChunk(chunk: chunk, score: 0, citation: citation)
        }
    }()
}

package enum TextAnalysisProbe {
    package static func isChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }
}
