import COpenBLAS
import Foundation
#if canImport(Glibc)
import Glibc  // dlopen, dlsym
#endif

/// OpenBLAS, opened at run time so that the kernel can be chosen before the library initialises.
///
/// Debian 12's OpenBLAS 0.3.21 does not recognise recent Intel Xeons and falls back to the generic
/// `Prescott` kernel, 5–8× slower than `SkylakeX`/`Cooperlake`. It reads `OPENBLAS_CORETYPE` once, in its
/// library constructor, so linking it normally would be too late to choose. `BLAS.shared` decides the
/// core type from `/proc/cpuinfo` (never overriding a value the environment already sets), then `dlopen`s it.
public final class BLAS: Sendable {
    /// The process-wide library. Loading fails only if libopenblas is not installed.
    public static let shared: BLAS = {
        do {
            return try BLAS.load()
        } catch {
            fatalError("\(error)")
        }
    }()

    // Sendable: function pointers into a library that stays loaded for the life of the process; never mutated.
    let sgemmFunction: hepchain_sgemm_fn
    let sgemvFunction: hepchain_sgemv_fn
    let sbgemmFunction: hepchain_sbgemm_fn?
    private let corenameFunction: hepchain_corename_fn?
    private let setThreadsFunction: hepchain_set_threads_fn?
    private let getThreadsFunction: hepchain_get_threads_fn?
    /// What HepChain chose for `OPENBLAS_CORETYPE` (nil when it left the library to decide).
    public let chosenCoreType: String?

    private init(
        sgemm: hepchain_sgemm_fn, sgemv: hepchain_sgemv_fn, sbgemm: hepchain_sbgemm_fn?, corename: hepchain_corename_fn?,
        setThreads: hepchain_set_threads_fn?, getThreads: hepchain_get_threads_fn?, chosenCoreType: String?
    ) {
        self.sgemmFunction = sgemm
        self.sgemvFunction = sgemv
        self.sbgemmFunction = sbgemm
        self.corenameFunction = corename
        self.setThreadsFunction = setThreads
        self.getThreadsFunction = getThreads
        self.chosenCoreType = chosenCoreType
    }

    /// The kernel OpenBLAS runs, e.g. `Haswell`, `SkylakeX`, `Zen`.
    public var coreName: String {
        guard let corenameFunction, let name = corenameFunction() else { return "unknown" }
        return String(cString: name)
    }

    /// Number of threads OpenBLAS uses.
    public var threads: Int {
        get { Int(getThreadsFunction?() ?? 1) }
    }

    /// Sets the number of OpenBLAS threads for the whole process.
    public func setThreads(_ count: Int) {
        setThreadsFunction?(Int32(max(1, count)))
    }

    /// True when the library has a bf16 GEMM (`cblas_sbgemm`).
    public var hasBF16: Bool { sbgemmFunction != nil }

    // MARK: - Loading

    private static let candidatePaths = [
        "libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "libopenblas.so",
        "libopenblas.dylib",
    ]

    private static func load() throws -> BLAS {
        let chosen = chooseCoreTypeIfNeeded()
        var handle: UnsafeMutableRawPointer?
        for path in candidatePaths {
            handle = dlopen(path, RTLD_NOW | RTLD_GLOBAL)
            if handle != nil { break }
        }
        guard let handle else {
            throw LinearAlgebraError.libraryNotFound(tried: candidatePaths)
        }
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            guard let raw = dlsym(handle, name) else { return nil }
            return unsafeBitCast(raw, to: type)
        }
        guard let sgemm = symbol("cblas_sgemm", as: hepchain_sgemm_fn.self),
            let sgemv = symbol("cblas_sgemv", as: hepchain_sgemv_fn.self)
        else {
            throw LinearAlgebraError.symbolMissing("cblas_sgemm")
        }
        return BLAS(
            sgemm: sgemm, sgemv: sgemv, sbgemm: symbol("cblas_sbgemm", as: hepchain_sbgemm_fn.self),
            corename: symbol("openblas_get_corename", as: hepchain_corename_fn.self),
            setThreads: symbol("openblas_set_num_threads", as: hepchain_set_threads_fn.self),
            getThreads: symbol("openblas_get_num_threads", as: hepchain_get_threads_fn.self),
            chosenCoreType: chosen)
    }

    /// Sets `OPENBLAS_CORETYPE` for Intel CPUs with AVX-512, which OpenBLAS 0.3.21 may not recognise.
    /// AVX2-only and AMD CPUs are recognised by that release, so they are left alone.
    private static func chooseCoreTypeIfNeeded() -> String? {
        if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] != nil { return nil }
        guard let choice = CPUFeatures.current().preferredOpenBLASCoreType else { return nil }
        setenv("OPENBLAS_CORETYPE", choice, 0)
        return choice
    }
}
