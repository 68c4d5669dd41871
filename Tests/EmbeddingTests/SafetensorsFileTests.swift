@testable import Embedding
import Foundation
import Testing

@Suite("Safetensors reader")
struct SafetensorsFileTests {
    /// Writes header length + JSON header + data to a fresh temporary file.
    func write(header: String, data: [UInt8], declaredLength: UInt64? = nil, name: String = "model.safetensors") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        let headerBytes = Array(header.utf8)
        var length = (declaredLength ?? UInt64(headerBytes.count)).littleEndian
        var bytes = withUnsafeBytes(of: &length) { Array($0) }
        bytes += headerBytes + data
        try Data(bytes).write(to: url)
        return url
    }

    func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    func expectInvalid(_ url: URL, mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            _ = try SafetensorsFile(url: url)
        } throws: { error in
            let message = "\(error)"
            return message.contains(url.path) && fragments.allSatisfy { message.contains($0) }
        }
    }

    @Test("A valid file exposes its tensors in place, with shapes, values and metadata")
    func readsValidFile() throws {
        let values: [Float] = [1, -2, 3.5, 4, 5, 6]
        let header = #"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}"#
        let url = try write(header: header, data: floatBytes(values + [7, 8]))
        let file = try SafetensorsFile(url: url)
        #expect(file.metadata == ["format": "pt"])
        #expect(file.tensors["w"]?.shape == [2, 3])
        let w = try file.matrix("w")
        #expect(w.rows == 2 && w.columns == 3 && w.values == values)
        let b = try file.matrix("b")
        #expect(b.rows == 1 && b.values == [7, 8])
    }

    @Test("F16 and BF16 tensors are widened to the same floats")
    func widensHalfPrecision() throws {
        let values: [Float] = [1, -2, 0.5, 65504, 0, -0.099975586]
        let half = values.flatMap { v in withUnsafeBytes(of: Float16(v).bitPattern.littleEndian) { Array($0) } }
        let brain = values.flatMap { v in withUnsafeBytes(of: UInt16(v.bitPattern >> 16).littleEndian) { Array($0) } }
        let header = #"{"h":{"dtype":"F16","shape":[6],"data_offsets":[0,12]},"g":{"dtype":"BF16","shape":[6],"data_offsets":[12,24]}}"#
        let file = try SafetensorsFile(url: try write(header: header, data: half + brain))
        #expect(try file.matrix("h").values == values.map { Float(Float16($0)) })
        #expect(try file.matrix("g").values == values.map { Float(bitPattern: $0.bitPattern & 0xFFFF_0000) })
        #expect(SafetensorsFile.floatFromHalf(0x0001) == Float(Float16(bitPattern: 1)))
        #expect(SafetensorsFile.floatFromHalf(0x7C00) == .infinity)
    }

    @Test("A file shorter than its header length is reported as truncated")
    func truncatedHeader() throws {
        let url = try write(header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [], declaredLength: 500)
        expectInvalid(url, mentioning: ["truncated"])
    }

    @Test("A tensor whose data runs past the end of the file is reported by name")
    func truncatedData() throws {
        let url = try write(header: #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: floatBytes([1, 2]))
        expectInvalid(url, mentioning: ["'w'", "truncated"])
    }

    @Test("A file of fewer than 8 bytes is rejected")
    func tinyFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("tiny.safetensors")
        try Data([1, 2, 3]).write(to: url)
        expectInvalid(url, mentioning: ["8-byte"])
    }

    @Test("A header that is not JSON, or not an object, is rejected")
    func badHeader() throws {
        expectInvalid(try write(header: "{not json", data: []), mentioning: ["JSON"])
        expectInvalid(try write(header: "[1,2]", data: []), mentioning: ["not a JSON object"])
    }

    @Test("An absurd header length is rejected before reading")
    func hugeHeaderLength() throws {
        expectInvalid(try write(header: "{}", data: [], declaredLength: 1 << 40), mentioning: ["100 MB"])
    }

    @Test("Overlapping tensors are rejected, naming the tensor")
    func overlappingOffsets() throws {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        expectInvalid(try write(header: header, data: floatBytes([1, 2, 3])), mentioning: ["'b'", "overlap", "'a'"])
    }

    @Test("A shape that disagrees with the offsets, an unknown dtype or bad offsets are rejected by name")
    func inconsistentEntries() throws {
        let data = floatBytes([1, 2, 3, 4])
        expectInvalid(
            try write(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}"#, data: data),
            mentioning: ["'w'", "needs 12 bytes"])
        expectInvalid(
            try write(header: #"{"w":{"dtype":"Q4","shape":[4],"data_offsets":[0,16]}}"#, data: data),
            mentioning: ["'w'", "Q4"])
        expectInvalid(
            try write(header: #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[16,0]}}"#, data: data),
            mentioning: ["'w'", "not ordered"])
        expectInvalid(
            try write(header: #"{"w":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}}"#, data: data),
            mentioning: ["'w'", "negative"])
        expectInvalid(
            try write(header: #"{"w":{"dtype":"F32","shape":[4]}}"#, data: data), mentioning: ["'w'", "data_offsets"])
    }

    @Test("Asking for an absent tensor, or a float view of an integer tensor, names the tensor")
    func missingAndNonFloatTensors() throws {
        let header = #"{"ids":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}"#
        let file = try SafetensorsFile(url: try write(header: header, data: [UInt8](repeating: 0, count: 16)))
        #expect(throws: EmbeddingError.missingTensor(file: file.path, tensor: "w")) { try file.matrix("w") }
        #expect { try file.matrix("ids") } throws: { "\($0)".contains("'ids'") && "\($0)".contains("I64") }
    }

    @Test("Checkpoint names with a bert. prefix or gamma/beta LayerNorms resolve to our parameters")
    func checkpointNameVariants() {
        #expect(CheckpointNames.checkpointName(for: .wordEmbeddings, in: ["bert.embeddings.word_embeddings.weight"])
            == "bert.embeddings.word_embeddings.weight")
        #expect(CheckpointNames.checkpointName(for: .outputNormScale(layer: 2), in: ["encoder.layer.2.output.LayerNorm.gamma"])
            == "encoder.layer.2.output.LayerNorm.gamma")
        #expect(CheckpointNames.checkpointName(for: .query(layer: 0, .bias), in: ["encoder.layer.0.attention.self.query.bias"])
            == "encoder.layer.0.attention.self.query.bias")
        #expect(CheckpointNames.checkpointName(for: .key(layer: 0, .bias), in: ["encoder.layer.0.attention.self.query.bias"]) == nil)
    }

    @Test("The real checkpoint opens and every BERT tensor is found")
    func realCheckpointOpens() throws {
        guard ReferenceModel.require() else { return }
        let file = try SafetensorsFile(url: ReferenceModel.folder.appendingPathComponent("model.safetensors"))
        #expect(file.tensors.count >= 100)
        let embeddings = try file.matrix("embeddings.word_embeddings.weight")
        #expect(embeddings.rows == 30522 && embeddings.columns == 384)
    }
}
