import Embedding
import Foundation
import Testing

@Suite("BERT embedder")
struct BERTEmbedderTests {
    @Test("Embeddings match sentence-transformers with cosine ≥ 0.9999 for every fixture text (float32 bulk products)")
    func matchesReferenceEmbeddings() async throws {
        guard ReferenceModel.require() else { return }
        let fixture = try ReferenceModel.fixture()
        let embedder = try BERTEmbedder(modelFolder: ReferenceModel.folder, bulkPrecision: .float32)
        #expect(embedder.dimension == fixture.dimension)
        #expect(embedder.maxSequenceLength == fixture.max_seq_length)
        let vectors = try await embedder.embed(fixture.cases.map(\.text))
        var worst = 1.0
        for (reference, vector) in zip(fixture.cases, vectors) {
            let similarity = cosine(vector, reference.embedding)
            worst = min(worst, similarity)
            if similarity < 0.9999 {
                Issue.record("cosine \(similarity) for \(reference.text.debugDescription.prefix(80))")
            }
        }
        #expect(vectors.count == fixture.cases.count)
        #expect(worst >= 0.9999)
    }

    @Test(
        "With bfloat16 bulk products, every fixture text keeps cosine ≥ 0.999 to sentence-transformers, with identical token ids",
        .enabled(if: BulkPrecision.bfloat16.isSupportedHere, bfloat16SkipReason))
    func bfloat16BulkStaysClose() async throws {
        guard ReferenceModel.require() else { return }
        let fixture = try ReferenceModel.fixture()
        let bf16 = try BERTEmbedder(modelFolder: ReferenceModel.folder, threads: 2, bulkPrecision: .bfloat16)
        let exact = try BERTEmbedder(modelFolder: ReferenceModel.folder, threads: 2, bulkPrecision: .float32)
        #expect(bf16.bulkPrecision == .bfloat16)
        for reference in fixture.cases { #expect(bf16.tokenizer.encode(reference.text) == reference.ids) }
        // All 185 texts in one call: batches of up to 2,048 packed rows, well above the few-row limit of 256.
        let texts = fixture.cases.map(\.text)
        let vectors = try await bf16.embed(texts)
        let exactVectors = try await exact.embed(texts)
        var worst = 1.0, worstToExact = 1.0, differing = 0
        for (index, reference) in fixture.cases.enumerated() {
            worst = min(worst, cosine(vectors[index], reference.embedding))
            worstToExact = min(worstToExact, cosine(vectors[index], exactVectors[index]))
            if vectors[index] != exactVectors[index] { differing += 1 }
        }
        #expect(worst >= 0.999, "worst cosine to sentence-transformers \(worst)")
        #expect(worstToExact >= 0.999, "worst cosine to the float32 products \(worstToExact)")
        #expect(differing > 150, "the bfloat16 products were used (\(differing) of \(texts.count) vectors differ)")
    }

    @Test("The bulk precision is bfloat16 where the CPU has AVX512-BF16, HEPCHAIN_BULK_PRECISION overrides it, bad values are named")
    func bulkPrecisionChoice() throws {
        let best: BulkPrecision = BulkPrecision.bfloat16.isSupportedHere ? .bfloat16 : .float32
        #expect(try BulkPrecision.resolved(nil, environment: [:]) == best)
        #expect(try BulkPrecision.resolved(nil, environment: ["HEPCHAIN_BULK_PRECISION": "float32"]) == .float32)
        #expect(try BulkPrecision.resolved(.float32, environment: ["HEPCHAIN_BULK_PRECISION": "bfloat16"]) == .float32)
        #expect(throws: EmbeddingError.self) { try BulkPrecision.resolved(nil, environment: ["HEPCHAIN_BULK_PRECISION": "fp8"]) }
        do {
            _ = try BulkPrecision.resolved(nil, environment: ["HEPCHAIN_BULK_PRECISION": "fp8"])
        } catch let error as EmbeddingError {
            #expect(error.description.contains("fp8") && error.description.contains("HEPCHAIN_BULK_PRECISION"))
        }
        if !BulkPrecision.bfloat16.isSupportedHere {
            #expect(throws: EmbeddingError.self) { try BulkPrecision.resolved(.bfloat16, environment: [:]) }
        }
    }

    @Test("With float16 query weights, every fixture text embedded alone keeps cosine ≥ 0.999 to sentence-transformers")
    func halfPrecisionQueriesStayClose() async throws {
        guard ReferenceModel.require() else { return }
        let fixture = try ReferenceModel.fixture()
        let half = try BERTEmbedder(modelFolder: ReferenceModel.folder, threads: 2, queryPrecision: .float16)
        let exact = try BERTEmbedder(modelFolder: ReferenceModel.folder, threads: 1)
        var worst = 1.0
        var differing = 0
        // One text per call, as a query arrives: each batch has at most 256 rows, so it takes the float16 path
        // (on two threads: the thread team splits each layer).
        for (index, reference) in fixture.cases.enumerated() {
            let vector = try await half.embed([reference.text])[0]
            worst = min(worst, cosine(vector, reference.embedding))
            // The first 20 also against exact weights: proof that the half-precision path ran.
            if index < 20, try await exact.embed([reference.text])[0] != vector { differing += 1 }
        }
        #expect(worst >= 0.999, "worst cosine \(worst)")
        #expect(differing > 10, "the float16 weights were used")
    }

    @Test("A text embeds the same alone as inside a batch of other lengths")
    func batchingDoesNotChangeVectors() async throws {
        guard ReferenceModel.require() else { return }
        // float32 bulk products: with bfloat16 a short text alone (few rows, float32) and inside a batch of more
        // than 256 rows (bfloat16) differ within cosine 0.999 (test above).
        let embedder = try BERTEmbedder(modelFolder: ReferenceModel.folder, threads: 2, bulkPrecision: .float32)
        let texts = [
            "What is the Higgs boson mass?",
            String(repeating: "The trigger reduces the event rate from 40 MHz to 1 kHz. ", count: 30),
            "",
            "Squarks and gluinos are searched for in final states with jets.",
        ]
        let together = try await embedder.embed(texts)
        for (index, text) in texts.enumerated() {
            let alone = try await embedder.embed([text])
            #expect(cosine(alone[0], together[index]) > 0.99999)
        }
    }

    @Test("Vectors have unit length and the model's dimension")
    func vectorsAreNormalised() async throws {
        guard ReferenceModel.require() else { return }
        let embedder = try BERTEmbedder(modelFolder: ReferenceModel.folder, threads: 1)
        #expect(embedder.modelID == ReferenceModel.folder.lastPathComponent)
        let vectors = try await embedder.embed(["jet energy scale", "", "🚀"])
        for vector in vectors {
            #expect(vector.count == embedder.dimension)
            #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
        }
        #expect(try await embedder.embed([]).isEmpty)
    }

    @Test("A related query is closer to its passage than an unrelated one")
    func semanticOrdering() async throws {
        guard ReferenceModel.require() else { return }
        let embedder = try BERTEmbedder(modelFolder: ReferenceModel.folder)
        let v = try await embedder.embed([
            "What is the mass of the Higgs boson?",
            "The combined ATLAS and CMS measurement gives a Higgs boson mass of 125.09 GeV.",
            "Radioactive krypton is removed from xenon by gas chromatography.",
        ])
        #expect(cosine(v[0], v[1]) > cosine(v[0], v[2]) + 0.2)
    }

    @Test("A missing model folder gives an error that names the setup command")
    func missingModelNamesSetup() {
        let folder = URL(fileURLWithPath: "/nonexistent/models/all-MiniLM-L6-v2")
        #expect {
            _ = try BERTEmbedder(modelFolder: folder)
        } throws: { error in
            let message = "\(error)"
            return error is EmbeddingError && message.contains("make setup") && message.contains(folder.path)
        }
    }

    @Test("The BLAS kernel in use is reported")
    func computeBackendIsReported() {
        #expect(!BERTEmbedder.blasCoreName.isEmpty)
        #expect(BERTEmbedder.computeBackend.contains(BERTEmbedder.blasCoreName))
    }
}

@Suite("JSON lines")
struct JSONLinesTests {
    @Test("Each JSON line gets one embedding line, with tokens on request, and a bad line names its number")
    func jsonLinesRoundTrip() async throws {
        guard ReferenceModel.require() else { return }
        let embedder = try BERTEmbedder(modelFolder: ReferenceModel.folder, threads: 1)
        var output: [String] = []
        let input = [#"{"text": "Higgs boson mass"}"#, "", #"{"text": "jet energy scale", "id": 7}"#]
        try await embedder.embedJSONLines(input, includeTokens: true, batchSize: 1) { output.append($0) }
        #expect(output.count == 2)
        let first = try #require(JSONSerialization.jsonObject(with: Data(output[0].utf8)) as? [String: Any])
        let vector = try #require(first["embedding"] as? [Double]).map { Float($0) }
        let expected = try await embedder.embed(["Higgs boson mass"])[0]
        #expect(cosine(vector, expected) > 0.999999)
        #expect((first["tokens"] as? [Int])?.map { Int32($0) } == embedder.tokenizer.encode("Higgs boson mass"))

        output.removeAll()
        await #expect(throws: EmbeddingError.invalidInputLine(number: 2, reason: "it has no string field \"text\"")) {
            try await embedder.embedJSONLines([#"{"text": "ok"}"#, #"{"txt": 1}"#], includeTokens: false) { output.append($0) }
        }
        #expect(output.count == 1)
    }
}

private let bfloat16SkipReason: Comment = "bfloat16 bulk products not run: this CPU lacks \(BulkPrecision.bfloat16.missingCPUFlags.joined(separator: ", "))"
