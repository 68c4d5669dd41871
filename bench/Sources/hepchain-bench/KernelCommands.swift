import ArgumentParser
import BenchKernels
import Dispatch
import Foundation
import LinearAlgebra

/// The encoder's kernels alone, and the machine's ceilings they are judged against.
struct Kernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Kernel and machine probes: packed products, sgemm, attention, fork-join, FMA peak, read bandwidth.",
        subcommands: [Packed.self, GEMM.self, Attention.self, ForkJoin.self, FMAPeak.self, ReadBandwidth.self])

    /// Deterministic pseudo-random values in [-1, 1) (a 64-bit LCG), the operands of the probes.
    static func values(_ count: Int, _ seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
        }
    }

    /// The shortest of `passes` timed runs of `body`, in seconds.
    static func best(of passes: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<passes {
            let start = now()
            body()
            best = min(best, now() - start)
        }
        return best
    }

    struct Packed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The packed few-row kernel on MiniLM's feed-forward shape (R × 384 → 1536): float32, float16, and bfloat16 where the CPU has it.",
            discussion: "One weight reused (cache-hot) and 24 distinct weights (streamed from memory, as in a real query); best of 30 passes over 24 products.")
        @Argument(help: "Rows (tokens) per product.") var rows: Int

        func run() {
            let (input, output) = (384, 1536)
            let weight = MatrixView(rows: output, columns: input, copying: Kernel.values(output * input, 1))
            let x = Kernel.values(rows * input, 2)
            var y = [Float](repeating: 0, count: rows * output)
            for precision in PackedWeight.Precision.allCases where precision != .bfloat16 || BFloat16Weight.isSupportedHere {
                let distinct = (0..<24).map { _ in PackedWeight(weight: weight, precision: precision) }
                for (name, set) in [("hot", [distinct[0]]), ("24 distinct", distinct)] {
                    let seconds = Kernel.best(of: 30) {
                        for _ in 0..<(24 / set.count) { for packed in set { linear(x, rows: rows, packed: packed, bias: nil, into: &y) } }
                    }
                    let gflops = 2.0 * Double(rows * input * output * 24) / seconds / 1e9
                    print("\(precision.rawValue) \(name): \(String(format: "%.2f", seconds * 1e3)) ms per 24 products, \(String(format: "%.1f", gflops)) GFLOP/s")
                }
            }
            if !BFloat16Weight.isSupportedHere { print("bfloat16: not run, this CPU lacks \(BFloat16Weight.missingCPUFlags.joined(separator: ", "))") }
        }
    }

    struct GEMM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gemm",
            abstract: "One MiniLM layer's four linear shapes at R rows: sgemm (repacks every call), the packed kernel, bfloat16.",
            discussion: "With bias; best of 20 passes of six layers' worth of products each; one BLAS thread.")
        @Argument(help: "Rows (tokens) per product.") var rows: Int

        func run() {
            BLAS.shared.setThreads(1)
            let bf16 = BFloat16Weight.isSupportedHere
            var totals = (sgemm: 0.0, packed: 0.0, bf16: 0.0, flops: 0.0)
            for (input, output) in [(384, 1152), (384, 384), (384, 1536), (1536, 384)] {
                let weights = (0..<6).map { MatrixView(rows: output, columns: input, copying: Kernel.values(output * input, UInt64(3 + $0))) }
                let packed = weights.map { PackedWeight(weight: $0) }
                let bias = MatrixView(rows: 1, columns: output, copying: Kernel.values(output, 2))
                let x = Kernel.values(rows * input, 1)
                var y = [Float](repeating: 0, count: rows * output)
                let viaSgemm = Kernel.best(of: 20) { for w in weights { linear(x, rows: rows, weight: w, bias: bias, into: &y) } }
                let viaPacked = Kernel.best(of: 20) { for w in packed { linear(x, rows: rows, packed: w, bias: bias, into: &y) } }
                let converted = bf16 ? weights.map { BFloat16Weight(weight: $0) } : []
                let viaBF16 = bf16 ? Kernel.best(of: 20) { for w in converted { linear(x, rows: rows, bfloat16: w, bias: bias, into: &y) } } : .nan
                let flops = 2.0 * Double(rows * input * output * 6)
                totals = (totals.sgemm + viaSgemm, totals.packed + viaPacked, totals.bf16 + viaBF16, totals.flops + flops)
                print("\(input)→\(output): sgemm \(String(format: "%.1f", flops / viaSgemm / 1e9)) GFLOP/s, packed \(String(format: "%.1f", flops / viaPacked / 1e9)) GFLOP/s, bfloat16 \(String(format: "%.1f", flops / viaBF16 / 1e9)) GFLOP/s")
            }
            print("layer total: sgemm \(String(format: "%.1f", totals.flops / totals.sgemm / 1e9)) GFLOP/s, packed \(String(format: "%.1f", totals.flops / totals.packed / 1e9)) GFLOP/s, bfloat16 \(String(format: "%.1f", totals.flops / totals.bf16 / 1e9)) GFLOP/s")
        }
    }

    struct Attention: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One MiniLM layer's attention (12 heads of 32) over L tokens: the packed kernel against two sgemm calls per head.",
            discussion: "Best of 30 passes of 24 sequences each, the two alternated; one BLAS thread.")
        @Argument(help: "Sequence length in tokens.") var length: Int

        func run() {
            BLAS.shared.setThreads(1)
            let qkv = Kernel.values(length * 1152, 7)
            var context = [Float](repeating: 0, count: length * 384)
            var scores = [Float](repeating: 0, count: length * length)
            var panels = [Float](repeating: 0, count: attentionPanelCount(length: length, headSize: 32))
            var best = (packed: Double.infinity, sgemm: Double.infinity)
            for _ in 0..<30 {
                var start = now()
                for _ in 0..<24 {
                    selfAttention(qkv: qkv, context: &context, scores: &scores, panels: &panels, start: 0, length: length, heads: 12, headSize: 32)
                }
                best.packed = min(best.packed, now() - start)
                start = now()
                for _ in 0..<24 {
                    selfAttentionBySGEMM(qkv: qkv, context: &context, scores: &scores, start: 0, length: length, heads: 12, headSize: 32)
                }
                best.sgemm = min(best.sgemm, now() - start)
            }
            let flops = 24.0 * 12 * 4 * Double(length * length * 32)
            print("attention L=\(length): packed \(String(format: "%.2f", best.packed * 1e3)) ms (\(String(format: "%.1f", flops / best.packed / 1e9)) GFLOP/s), sgemm \(String(format: "%.2f", best.sgemm * 1e3)) ms (\(String(format: "%.1f", flops / best.sgemm / 1e9)) GFLOP/s)")
        }
    }

    struct ForkJoin: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fork-join",
            abstract: "What handing two threads one short job costs: DispatchQueue.concurrentPerform against a ThreadTeam.",
            discussion: "Back to back and with the caller working G µs between calls (as a query does between products); microseconds per call beyond the gap.")
        @Argument(help: "Calls per gap and mechanism.") var calls: Int

        func run() {
            let team = ThreadTeam(size: 2)
            var sink = [Float](repeating: 1, count: 1024)
            func busy(_ microseconds: Int) {
                let end = now() + Double(microseconds) * 1e-6
                var i = 0
                while now() < end { sink[i & 1023] += 1; i += 1 }
            }
            for gap in [0, 10, 30, 100, 300] {
                var results: [String] = []
                for (name, forkJoin) in [
                    ("concurrentPerform", { DispatchQueue.concurrentPerform(iterations: 2) { _ in } }),
                    ("ThreadTeam", { team.perform { _ in } }),
                ] as [(String, () -> Void)] {
                    for _ in 0..<100 { busy(gap); forkJoin() }
                    var spent = 0.0
                    for _ in 0..<max(1, calls) {
                        busy(gap)
                        let start = now()
                        forkJoin()
                        spent += now() - start
                    }
                    results.append("\(name) \(String(format: "%.2f", spent / Double(max(1, calls)) * 1e6)) µs")
                }
                print("gap \(gap) µs: \(results.joined(separator: ", "))")
            }
            print("(checksum \(sink[0]))")
        }
    }

    struct FMAPeak: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fma-peak",
            abstract: "The core's arithmetic ceiling: twelve independent 8-wide FMA chains, no memory traffic, best of 5.",
            discussion: "Every GEMM figure is a fraction of this. AVX2 + FMA where the CPU has them, else scalar code (said in the output).")
        @Argument(help: "Millions of iterations.") var millions: Int

        func run() {
            let iterations = max(1, millions) * 1_000_000
            var sink: Float = 0
            let seconds = Kernel.best(of: 5) { sink += bench_fma_chains(iterations) }
            let path = bench_has_avx2_fma() != 0 ? "AVX2 + FMA" : "scalar (no AVX2 + FMA)"
            print("FMA peak, one thread, \(path): \(String(format: "%.1f", Double(iterations) * 12 * 16 / seconds / 1e9)) GFLOP/s (checksum \(sink))")
        }
    }

    struct ReadBandwidth: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "read-bandwidth",
            abstract: "How fast one thread reads memory it has not touched recently: sums MB megabytes, best of 10 passes.",
            discussion: "Use a size larger than the L3 cache. A query streams its 42 MB of weights at about this rate.")
        @Argument(help: "Megabytes to read per pass.") var megabytes: Int

        func run() {
            let count = max(1, megabytes) * 1_000_000 / 4
            let buffer = [Float](repeating: 1, count: count)
            var sink: Float = 0
            let seconds = buffer.withUnsafeBufferPointer { values in
                Kernel.best(of: 10) { sink += bench_sum_floats(values.baseAddress, count) }
            }
            print("read bandwidth, one thread, \(megabytes) MB: \(String(format: "%.1f", Double(count * 4) / seconds / 1e9)) GB/s (checksum \(sink))")
        }
    }
}
