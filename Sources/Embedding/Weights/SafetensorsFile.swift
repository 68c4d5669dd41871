import Foundation
import LinearAlgebra

/// A memory-mapped `.safetensors` checkpoint: an 8-byte little-endian header length, a JSON header
/// `{"name": {"dtype": "F32", "shape": [r, c], "data_offsets": [begin, end]}, "__metadata__": {...}}`, then the
/// tensor bytes. Format: https://github.com/huggingface/safetensors (README, "Format").
///
/// The header is validated completely when the file is opened: length bound, JSON, known dtypes,
/// non-negative shapes whose byte size equals the offsets' span, offsets inside the data section and
/// no two tensors overlapping. Errors name the file and, where there is one, the tensor.
final class SafetensorsFile: Sendable {
    /// Element type of a tensor.
    enum DataType: String, Sendable {
        case float64 = "F64", float32 = "F32", float16 = "F16", bfloat16 = "BF16"
        case int64 = "I64", int32 = "I32", int16 = "I16", int8 = "I8", uint8 = "U8", bool = "BOOL"
        case uint16 = "U16", uint32 = "U32", uint64 = "U64", float8e4m3 = "F8_E4M3", float8e5m2 = "F8_E5M2"

        var byteSize: Int {
            switch self {
            case .float64, .int64, .uint64: 8
            case .float32, .int32, .uint32: 4
            case .float16, .bfloat16, .int16, .uint16: 2
            case .int8, .uint8, .bool, .float8e4m3, .float8e5m2: 1
            }
        }
    }

    /// Where one tensor lives in the data section.
    struct TensorInfo: Sendable, Equatable {
        var name: String
        var dataType: DataType
        var shape: [Int]
        /// Byte range relative to the start of the data section.
        var byteRange: Range<Int>
    }

    /// The safetensors reference implementation refuses headers above 100 MB.
    static let maxHeaderLength = 100_000_000

    /// Path of the file, for messages.
    let path: String
    /// Every tensor of the file by name.
    let tensors: [String: TensorInfo]
    /// The optional string-to-string `__metadata__` map.
    let metadata: [String: String]
    private let mapping: MappedFile
    private let dataStart: Int

    /// Maps and validates `url`.
    init(url: URL) throws {
        let mapping = try MappedFile(url: url)
        let path = url.path
        func invalid(_ reason: String, tensor: String? = nil) -> EmbeddingError {
            .invalidCheckpoint(file: path, tensor: tensor, reason: reason)
        }
        let bytes = mapping.bytes
        guard bytes.count >= 8 else {
            throw invalid("it has \(bytes.count) bytes, fewer than the 8-byte header length (truncated file?)")
        }
        let declared = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
        guard declared <= UInt64(Self.maxHeaderLength) else {
            throw invalid("its header length \(declared) exceeds the 100 MB limit (not a safetensors file?)")
        }
        let headerLength = Int(declared)
        guard headerLength >= 2 else { throw invalid("its header length \(headerLength) is too small for a JSON object") }
        guard 8 + headerLength <= bytes.count else {
            throw invalid("its header needs \(headerLength) bytes but only \(bytes.count - 8) follow (truncated file?)")
        }
        let headerData = Data(bytes[8..<(8 + headerLength)])
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: headerData)
        } catch {
            throw invalid("its header is not valid JSON")
        }
        guard let header = json as? [String: Any] else { throw invalid("its header is not a JSON object") }

        let dataSize = bytes.count - 8 - headerLength
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw invalid("'__metadata__' is not an object") }
                for (key, entry) in map {
                    guard let text = entry as? String else { throw invalid("'__metadata__' entry '\(key)' is not a string") }
                    metadata[key] = text
                }
                continue
            }
            tensors[name] = try Self.parseTensor(name: name, value: value, dataSize: dataSize, invalid: invalid)
        }
        // No two tensors may share bytes.
        let ordered = tensors.values.filter { !$0.byteRange.isEmpty }.sorted {
            ($0.byteRange.lowerBound, $0.name) < ($1.byteRange.lowerBound, $1.name)
        }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where next.byteRange.lowerBound < previous.byteRange.upperBound {
            throw invalid("its bytes \(next.byteRange) overlap those of '\(previous.name)' \(previous.byteRange)", tensor: next.name)
        }
        self.path = path
        self.tensors = tensors
        self.metadata = metadata
        self.mapping = mapping
        self.dataStart = 8 + headerLength
    }

    private static func parseTensor(
        name: String, value: Any, dataSize: Int, invalid: (String, String?) -> EmbeddingError
    ) throws -> TensorInfo {
        guard let entry = value as? [String: Any] else { throw invalid("its entry is not an object", name) }
        guard let dtypeName = entry["dtype"] as? String else { throw invalid("it has no 'dtype'", name) }
        guard let dataType = DataType(rawValue: dtypeName) else { throw invalid("its dtype '\(dtypeName)' is unknown", name) }
        guard let shapeValues = entry["shape"] as? [Any] else { throw invalid("it has no 'shape' list", name) }
        var shape: [Int] = []
        var elementCount = 1
        for dimension in shapeValues {
            guard let size = dimension as? Int, size >= 0 else { throw invalid("its shape \(shapeValues) has a negative or non-integer size", name) }
            shape.append(size)
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: size)
            guard !overflow else { throw invalid("its shape \(shape) is too large", name) }
            elementCount = product
        }
        guard let offsets = entry["data_offsets"] as? [Any], offsets.count == 2, let begin = offsets[0] as? Int,
            let end = offsets[1] as? Int
        else {
            throw invalid("its 'data_offsets' is not a pair of integers", name)
        }
        guard begin >= 0, begin <= end else { throw invalid("its data_offsets [\(begin), \(end)] are not ordered", name) }
        guard end <= dataSize else {
            throw invalid("its data_offsets end at \(end) but the data section has \(dataSize) bytes (truncated file?)", name)
        }
        let (byteCount, overflow) = elementCount.multipliedReportingOverflow(by: dataType.byteSize)
        guard !overflow, byteCount == end - begin else {
            throw invalid("its shape \(shape) of \(dtypeName) needs \(byteCount) bytes but data_offsets span \(end - begin)", name)
        }
        return TensorInfo(name: name, dataType: dataType, shape: shape, byteRange: begin..<end)
    }

    /// The tensor as a (rows, columns) float matrix: a rank-1 tensor is one row, higher ranks fold all but
    /// the first dimension into columns. F32 data is used in place when aligned; F16 and BF16 are widened
    /// to a copy.
    func matrix(_ name: String) throws -> MatrixView {
        guard let info = tensors[name] else { throw EmbeddingError.missingTensor(file: path, tensor: name) }
        let elementCount = info.shape.reduce(1, *)
        let rows = info.shape.count >= 2 ? info.shape[0] : 1
        let columns = info.shape.count >= 2 ? elementCount / max(1, rows) : elementCount
        let start = dataStart + info.byteRange.lowerBound
        guard let base = mapping.bytes.baseAddress else {
            throw EmbeddingError.invalidCheckpoint(file: path, tensor: name, reason: "the file has no data")
        }
        let address = base + start
        switch info.dataType {
        case .float32:
            if Int(bitPattern: address) % MemoryLayout<Float>.alignment == 0 {
                let floats = address.assumingMemoryBound(to: Float.self)
                return MatrixView(rows: rows, columns: columns, base: floats, owner: mapping)
            }
            let values = (0..<elementCount).map { address.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
            return MatrixView(rows: rows, columns: columns, copying: values)
        case .float16:
            let values = (0..<elementCount).map {
                Self.floatFromHalf(address.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self).littleEndian)
            }
            return MatrixView(rows: rows, columns: columns, copying: values)
        case .bfloat16:
            let values = (0..<elementCount).map {
                Float(bitPattern: UInt32(address.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self).littleEndian) << 16)
            }
            return MatrixView(rows: rows, columns: columns, copying: values)
        default:
            throw EmbeddingError.invalidCheckpoint(
                file: path, tensor: name, reason: "its dtype \(info.dataType.rawValue) is not a float type (F32, F16 or BF16)")
        }
    }

    /// IEEE 754 binary16 → binary32, including subnormals, infinities and NaN.
    static func floatFromHalf(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Subnormal (or zero): mantissa · 2⁻²⁴.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
        }
    }
}
