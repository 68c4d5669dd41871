import Foundation
import KnowledgeBase
import RAGCore
import Store
import TestSupport

/// A temporary folder, deleted by the caller.
func temporaryFolder(_ label: String = "kb") throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// The index factory over `FakeExactIndex`.
let fakeIndexFactory = VectorIndexFactory(
    fileExtension: "exact.json",
    make: { dimension in FakeExactIndex(dimension: dimension) },
    load: { url in try FakeExactIndex.load(from: url) })

/// Opens a knowledge base over the fakes in `folder/data`.
func openKnowledgeBase(
    _ folder: URL, embedder: HashEmbedder = HashEmbedder(), configuration: KnowledgeBaseConfiguration = .init()
) async throws -> KnowledgeBase {
    try await KnowledgeBase.open(
        folder: folder.appendingPathComponent("data"), store: try openStore(folder), embedder: embedder,
        indexFactory: fakeIndexFactory, loader: FakePlainTextLoader(), chunker: FakeParagraphChunker(), configuration: configuration)
}

/// The SQLite store in `folder/data`, created if needed.
func openStore(_ folder: URL) throws -> SQLiteDocumentStore {
    let data = folder.appendingPathComponent("data")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    return try SQLiteDocumentStore(path: data.appendingPathComponent("hepchain.sqlite").path)
}

/// Writes `files` (name → text) under `folder/sources` and returns that folder.
@discardableResult
func writeSources(_ files: [String: String], in folder: URL) throws -> URL {
    let sources = folder.appendingPathComponent("sources")
    try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
    for (name, text) in files {
        try Data(text.utf8).write(to: sources.appendingPathComponent(name))
    }
    return sources
}

/// A small HEP corpus: each file has distinctive paragraphs on two pages.
let sampleCorpus: [String: String] = [
    "higgs.txt": """
        % arxiv: 1503.07589v1
        % categories: hep-ex
        % date: 2015-03-26
        % title: Combined Measurement of the Higgs Boson Mass
        The Higgs boson mass is measured in the diphoton and four-lepton channels.

        The combined mass is 125.09 GeV with ATLAS and CMS data.
        \u{0C}Systematic uncertainties from the photon energy scale dominate.
        """,
    "besiii.txt": """
        % categories: hep-ex
        % date: 2020-01-10
        % title: BESIII charmonium program
        BESIII collected ten billion J/psi events for charmonium spectroscopy.

        The drift chamber measures charged track momentum.
        """,
    "juno.txt": """
        % categories: physics.ins-det
        % date: 2022-06-01
        % title: JUNO neutrino detector
        JUNO measures reactor neutrino oscillation with a liquid scintillator detector.
        \u{0C}The calorimeter response is calibrated with radioactive sources.
        """,
    "zh.txt": """
        % date: 2023-01-01
        % language: zh
        北京谱仪实验在粲偶素能区开展精确测量。

        江门中微子实验将测量中微子质量顺序。
        """,
]
