import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Converts bytes in a legacy charset (GB18030, Big5, Shift_JIS, …) to a Swift string through glibc's iconv.
///
/// Audited unsafe code: the only iconv call site. Invalid sequences become U+FFFD instead of failing, so a
/// page with a few broken bytes still decodes.
enum CharsetConverter {
    static func decode(_ data: Data, charset: String, source: String) throws(IngestError) -> String {
        let descriptor = iconv_open("UTF-8", charset)
        // iconv_open reports failure as (iconv_t)-1.
        guard let descriptor, Int(bitPattern: descriptor) != -1 else {
            throw .undecodable(source: source, encoding: charset)
        }
        defer { iconv_close(descriptor) }
        var output = [UInt8]()
        output.reserveCapacity(data.count * 3 / 2 + 16)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let input = [UInt8](data)
        input.withUnsafeBufferPointer { inputBuffer in
            var inPointer = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(inputBuffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) })
            var inLeft = inputBuffer.count
            while inLeft > 0 {
                let (status, produced, failure) = chunk.withUnsafeMutableBufferPointer { outputBuffer -> (Int, Int, Int32) in
                    var outPointer = UnsafeMutableRawPointer(outputBuffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
                    var outLeft = outputBuffer.count
                    let status = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (status, outputBuffer.count - outLeft, errno)
                }
                output.append(contentsOf: chunk[0..<produced])
                if status != -1 { break }
                if failure == E2BIG { continue }
                // EILSEQ or EINVAL (truncated at the end): emit U+FFFD and skip one byte.
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                inPointer = inPointer.map { $0 + 1 }
                inLeft -= 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
