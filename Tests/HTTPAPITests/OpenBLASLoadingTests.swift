import Foundation
import LinearAlgebra
import TestSupport
import Testing

/// OpenBLAS must be opened by `dlopen` after HepChain has chosen `OPENBLAS_CORETYPE`, never linked: a NEEDED
/// entry runs the library's constructor before `main`, which then picks the kernel without HepChain's choice
/// (Debian's 0.3.21 takes the generic Prescott kernel on Intel CPUs newer than itself, 3× slower).
@Suite("OpenBLAS loading")
struct OpenBLASLoadingTests {
    /// The executables built next to this test binary, and the test binary itself.
    static var binaries: [URL] {
        get throws {
            let testBinary = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            let folder = testBinary.deletingLastPathComponent()
            return ["hepchain", "rag-server", "hepchain-pdftext"].map { folder.appendingPathComponent($0) } + [testBinary]
        }
    }

    @Test("No executable, nor the test binary, lists libopenblas as NEEDED")
    func noneLinksOpenBLAS() async throws {
        for binary in try Self.binaries {
            #expect(FileManager.default.isExecutableFile(atPath: binary.path), "\(binary.path) was not built")
            let run = try await ChildProcess("readelf", ["--dynamic", "--wide", binary.path]).run()
            #expect(run.status == 0, "readelf \(binary.lastPathComponent): \(run.errors)")
            let needed = run.output.split(separator: "\n").filter { $0.contains("(NEEDED)") }
            // A dynamically linked Swift executable needs libc at least: an empty list would mean a broken parse.
            #expect(needed.contains { $0.contains("libc.so") }, "\(binary.lastPathComponent): no NEEDED libc in \(run.output.prefix(500))")
            let openBLAS = needed.filter { $0.lowercased().contains("openblas") }
            #expect(openBLAS.isEmpty, "\(binary.lastPathComponent) links OpenBLAS: \(openBLAS.joined(separator: "; "))")
        }
    }

    @Test("hepchain --version names the OpenBLAS kernel and the vector kernel level this CPU runs")
    func versionNamesKernels() async throws {
        let run = try await ChildProcess(
            executable: try CommandLineTests.executable, arguments: ["--version"], environment: Self.environmentWithoutOverrides
        ).run()
        #expect(run.status == 0, "\(run.errors)")
        let line = run.output.split(separator: "\n").first.map(String.init) ?? ""
        let kernel = Self.field(in: line, after: "OpenBLAS kernel: ", upTo: ";")
        #expect(kernel != nil && kernel != "unknown" && kernel?.isEmpty == false, "\(line)")
        // The child decides for itself, from /proc/cpuinfo, exactly what this process decided.
        #expect(Self.field(in: line, after: "vector kernels: ", upTo: ")") == KernelLevel.best(for: CPUFeatures.current()).rawValue, "\(line)")
        let flags = CPUFeatures.current().flags
        if flags.contains("avx2") || flags.contains("avx512f") {
            #expect(kernel != "Prescott", "a CPU with \(flags.contains("avx512f") ? "AVX-512" : "AVX2") runs the generic kernel: \(line)")
        }
    }

    @Test(
        "On a CPU with AVX-512, hepchain reports an OpenBLAS kernel other than Prescott and the avx512 kernel level",
        .enabled(if: CPUFeatures.current().flags.contains("avx512f"), "not run: this CPU lacks avx512f"))
    func avx512CPU() async throws {
        let run = try await ChildProcess(
            executable: try CommandLineTests.executable, arguments: ["--version"], environment: Self.environmentWithoutOverrides
        ).run()
        let line = run.output.split(separator: "\n").first.map(String.init) ?? ""
        #expect(Self.field(in: line, after: "OpenBLAS kernel: ", upTo: ";") != "Prescott", "\(line)")
        if KernelLevel.avx512.isSupportedHere { #expect(line.contains("vector kernels: avx512"), "\(line)") }
    }

    /// This environment without the variables that would override the CPU's own choice.
    static var environmentWithoutOverrides: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = nil
        environment["HEPCHAIN_KERNELS"] = nil
        return environment
    }

    static func field(in line: String, after marker: String, upTo end: Character) -> String? {
        guard let start = line.range(of: marker)?.upperBound else { return nil }
        return String(line[start...].prefix { $0 != end })
    }
}
