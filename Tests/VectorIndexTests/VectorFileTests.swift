import Foundation
import Testing
import TestSupport

@Suite("Vector files (.fvecs/.ivecs)")
struct VectorFileTests {
    @Test(".fvecs and .ivecs files round-trip, and malformed ones are rejected with the file named")
    func roundTrip() throws {
        let floats: [[Float]] = [[1, 2, 3], [-4, 5.5, 6]]
        let ints: [[Int32]] = [[3, 1], [0, 2]]
        let floatURL = TestData.temporaryFile("a.fvecs")
        let intURL = TestData.temporaryFile("a.ivecs")
        defer {
            try? FileManager.default.removeItem(at: floatURL)
            try? FileManager.default.removeItem(at: intURL)
        }
        try VectorFile.writeFloatVectors(floats, to: floatURL)
        try VectorFile.writeIntVectors(ints, to: intURL)
        #expect(try VectorFile.readFloatVectors(floatURL) == floats)
        #expect(try VectorFile.readIntVectors(intURL) == ints)
        try Data(try Data(contentsOf: floatURL).dropLast(2)).write(to: floatURL)
        let error = #expect(throws: VectorFile.Failure.self) { try VectorFile.readFloatVectors(floatURL) }
        #expect(error?.path == floatURL.path && error?.reason.contains("row 1") == true)
    }
}
