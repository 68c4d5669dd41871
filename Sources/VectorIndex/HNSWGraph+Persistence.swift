// The index file: a fixed 104-byte header, then the graph's arrays copied out as they are in memory.
//
//   offset  field                     offset  field
//   0       magic "HEPHNSW\0"         48      level generator state (UInt64)
//   8       format version (UInt32)   56      entry point slot (UInt32, 0xFFFFFFFF when empty)
//   12      metric code (UInt32)      60      top layer (Int32, −1 when empty)
//   16      dimension (UInt32)        64      user checkpoint (UInt64, opaque to the index)
//   20      slot count (UInt32)       72      payload length in bytes (UInt64)
//   24      live count (UInt32)       80      payload checksum (UInt64)
//   28      M (UInt32)                88      vector encoding (UInt32: 0 float32, 1 int8) + 4 zero bytes
//                                     96      header checksum over bytes 0..<96 (UInt64)
//   32      efConstruction (UInt32)
//   36      efSearch (UInt32)
//   40      seed (UInt64)
//
// Payload: keys (UInt64 × slots), levels (UInt8 × slots), states (UInt8 × slots), vectors (Float × slots × dim),
// layer-0 links (UInt32 × slots × (2M + 1)), then the upper-layer links of every slot with level > 0, in slot order
// (UInt32 × level × (M + 1)). All little-endian.
import Foundation
import LinearAlgebra
import RAGCore

extension HNSWGraph {
    static let fileMagic: [UInt8] = Array("HEPHNSW".utf8) + [0]
    static let fileVersion: UInt32 = 1
    static let headerSize = 104
    private static let noEntryPoint = UInt32.max

    /// The graph as index-file bytes.
    func encoded(userCheckpoint: UInt64) -> Data {
        var payload = Data()
        let upperCount = upperLinks.reduce(0) { $0 + $1.count }
        payload.reserveCapacity(slotCount * (10 + dimension * 4 + baseStride * 4) + upperCount * 4)
        appendRawBytes(of: keys, to: &payload)
        appendRawBytes(of: levels, to: &payload)
        appendRawBytes(of: states.map(\.rawValue), to: &payload)
        appendRawBytes(of: vectors, to: &payload)
        appendRawBytes(of: baseLinks, to: &payload)
        for links in upperLinks where !links.isEmpty { appendRawBytes(of: links, to: &payload) }

        var header = Data()
        header.reserveCapacity(Self.headerSize)
        header.append(contentsOf: Self.fileMagic)
        for value: UInt32 in [
            Self.fileVersion, metric.fileCode, UInt32(dimension), UInt32(slotCount), UInt32(count),
            UInt32(parameters.maxNeighbors), UInt32(parameters.efConstruction), UInt32(parameters.efSearch),
        ] {
            appendRawBytes(of: value.littleEndian, to: &header)
        }
        appendRawBytes(of: parameters.seed.littleEndian, to: &header)
        appendRawBytes(of: generator.state.littleEndian, to: &header)
        appendRawBytes(of: (entryPoint ?? Self.noEntryPoint).littleEndian, to: &header)
        appendRawBytes(of: Int32(maxLevel).littleEndian, to: &header)
        appendRawBytes(of: userCheckpoint.littleEndian, to: &header)
        appendRawBytes(of: UInt64(payload.count).littleEndian, to: &header)
        appendRawBytes(of: checksum64(of: payload, in: 0 ..< payload.count).littleEndian, to: &header)
        appendRawBytes(of: UInt32(parameters.encoding == .int8 ? 1 : 0).littleEndian, to: &header)
        appendRawBytes(of: UInt32(0), to: &header)
        appendRawBytes(of: checksum64(of: header, in: 0 ..< header.count).littleEndian, to: &header)
        return header + payload
    }

    /// Reads a graph from index-file bytes, checking every count, bound and checksum; `path` names the file in errors.
    static func decode(_ data: Data, path: String) throws(IndexError) -> (graph: HNSWGraph, userCheckpoint: UInt64) {
        let data = data.startIndex == 0 ? data : Data(data)
        guard data.count >= fileMagic.count, Array(data.prefix(fileMagic.count)) == fileMagic else {
            if data.count < fileMagic.count, Array(data) == Array(fileMagic.prefix(data.count)) {
                throw .truncated(path: path, expectedBytes: headerSize, actualBytes: data.count)
            }
            throw .notAnIndexFile(path: path)
        }
        guard data.count >= headerSize else {
            throw .truncated(path: path, expectedBytes: headerSize, actualBytes: data.count)
        }
        func u32(_ offset: Int) -> UInt32 { UInt32(littleEndian: loadRawValue(UInt32.self, from: data, at: offset)) }
        func u64(_ offset: Int) -> UInt64 { UInt64(littleEndian: loadRawValue(UInt64.self, from: data, at: offset)) }
        let version = u32(8)
        guard version == fileVersion else { throw .unsupportedVersion(path: path, found: version, supported: fileVersion) }
        guard u64(96) == checksum64(of: data, in: 0 ..< 96) else { throw .corrupt(path: path, reason: "header checksum mismatch") }
        let encoding: VectorEncoding
        switch u32(88) {
        case 0: encoding = .float32
        case 1: encoding = .int8
        default: throw .corrupt(path: path, reason: "unknown vector encoding \(u32(88))")
        }
        guard let metric = Metric(fileCode: u32(12)) else { throw .corrupt(path: path, reason: "unknown metric code \(u32(12))") }
        let dimension = Int(u32(16))
        let slotCount = Int(u32(20))
        let liveCount = Int(u32(24))
        let maxNeighbors = Int(u32(28))
        let efConstruction = Int(u32(32))
        let efSearch = Int(u32(36))
        let payloadLength = u64(72)
        guard dimension > 0, (2 ... 4096).contains(maxNeighbors), efConstruction > 0, efSearch > 0, liveCount <= slotCount,
              encoding == .float32 || metric != .l2 else {
            throw .corrupt(path: path, reason: "invalid header fields")
        }
        guard payloadLength <= UInt64(Int.max - headerSize), data.count >= headerSize + Int(payloadLength) else {
            throw .truncated(path: path, expectedBytes: headerSize + Int(min(payloadLength, UInt64(Int.max / 2))), actualBytes: data.count)
        }
        guard data.count == headerSize + Int(payloadLength) else {
            throw .corrupt(path: path, reason: "\(data.count - headerSize - Int(payloadLength)) unexpected bytes after the payload")
        }
        guard u64(80) == checksum64(of: data, in: headerSize ..< data.count) else {
            throw .corrupt(path: path, reason: "payload checksum mismatch")
        }

        let parameters = HNSWParameters(
            maxNeighbors: maxNeighbors, efConstruction: efConstruction, efSearch: efSearch, seed: u64(40), encoding: encoding)
        var graph = HNSWGraph(dimension: dimension, metric: metric, parameters: parameters)
        graph.generator.state = u64(48)
        let baseStride = graph.baseStride
        let fixedBytes = slotCount * (8 + 1 + 1 + dimension * 4 + baseStride * 4)
        guard fixedBytes <= Int(payloadLength) else { throw .corrupt(path: path, reason: "payload shorter than its slot arrays") }

        var offset = headerSize
        graph.keys = loadRawValues(UInt64.self, from: data, at: offset, count: slotCount)
        offset += slotCount * 8
        graph.levels = loadRawValues(UInt8.self, from: data, at: offset, count: slotCount)
        offset += slotCount
        var states: [SlotState] = []
        states.reserveCapacity(slotCount)
        for code in loadRawValues(UInt8.self, from: data, at: offset, count: slotCount) {
            guard let state = SlotState(rawValue: code) else { throw .corrupt(path: path, reason: "unknown slot state \(code)") }
            states.append(state)
        }
        graph.states = states
        offset += slotCount
        graph.vectors = loadRawValues(Float.self, from: data, at: offset, count: slotCount * dimension)
        offset += slotCount * dimension * 4
        graph.baseLinks = loadRawValues(UInt32.self, from: data, at: offset, count: slotCount * baseStride)
        offset += slotCount * baseStride * 4
        let upperBytes = graph.levels.reduce(0) { $0 + Int($1) } * graph.upperStride * 4
        guard offset + upperBytes == data.count else { throw .corrupt(path: path, reason: "upper-layer links do not match the levels") }
        graph.upperLinks.reserveCapacity(slotCount)
        for level in graph.levels {
            let length = Int(level) * graph.upperStride
            graph.upperLinks.append(length == 0 ? [] : loadRawValues(UInt32.self, from: data, at: offset, count: length))
            offset += length * 4
        }
        graph.slotCapacity = slotCount

        // Rebuild what the arrays imply, and check every link stays inside the graph.
        for slot in 0 ..< slotCount {
            switch graph.states[slot] {
            case .live: graph.slotOfKey[graph.keys[slot]] = UInt32(slot)
            case .tombstone: graph.tombstoneCount += 1
            case .free: graph.freeSlots.append(UInt32(slot))
            }
            for level in 0 ... Int(graph.levels[slot]) {
                let limit = level == 0 ? graph.maxBaseNeighbors : graph.maxNeighbors
                let countIndex = level == 0 ? slot * baseStride : (level - 1) * graph.upperStride
                let linkCount = level == 0 ? graph.baseLinks[countIndex] : graph.upperLinks[slot][countIndex]
                guard linkCount <= limit,
                    graph.neighbors(of: UInt32(slot), level: level).allSatisfy({
                        Int($0) < slotCount && Int(graph.levels[Int($0)]) >= level && graph.states[Int($0)] != .free
                    })
                else { throw .corrupt(path: path, reason: "link out of range at slot \(slot)") }
            }
        }
        graph.freeSlots.sort(by: >)
        guard graph.slotOfKey.count == liveCount else { throw .corrupt(path: path, reason: "duplicate or missing keys") }
        let entryPoint = u32(56)
        let maxLevel = Int(Int32(bitPattern: u32(60)))
        if entryPoint == noEntryPoint {
            guard maxLevel == -1 else { throw .corrupt(path: path, reason: "top layer without an entry point") }
        } else {
            guard Int(entryPoint) < slotCount, maxLevel == Int(graph.levels[Int(entryPoint)]), graph.states[Int(entryPoint)] != .free
            else { throw .corrupt(path: path, reason: "invalid entry point") }
            graph.entryPoint = entryPoint
        }
        graph.maxLevel = maxLevel
        graph.rebuildCodes()
        return (graph, u64(64))
    }
}
