import COpenBLAS
import ProfileGANRandom

/// Times one CTGAN-sized GAN training step on the neural core, with and without per-example
/// clipping, against the machine's `cblas_sgemm` rate measured in the same run. Backs
/// `profilegan bench neural`; the figures are recorded in docs/PERFORMANCE.md.
public enum NeuralBenchmark {
    /// Network and batch shapes (defaults: CTGAN's).
    public struct Configuration: Sendable {
        /// Rows per batch (a multiple of `pac`).
        public var batchSize = 500
        /// Width of the generator's noise input.
        public var noiseWidth = 128
        /// Width of the condition vector fed to both networks, as CTGAN does.
        public var conditionWidth = 30
        /// Width of one transformed data row (generator output).
        public var dataWidth = 120
        /// Rows packed into one discriminator example.
        public var pac = 10
        /// Hidden widths of both networks.
        public var hiddenSizes = [256, 256]
        /// Clip norm C of the clipped step.
        public var clipNorm: Float = 1
        /// Untimed steps before measuring.
        public var warmupSteps = 3
        /// Timed rounds; medians are reported.
        public var measuredSteps = 20
        /// Seed of initialization, data and noise.
        public var seed: UInt64 = 1

        /// CTGAN's sizes.
        public init() {}

        /// Columns of one discriminator input row before packing: data then condition.
        public var discriminatorRowWidth: Int { dataWidth + conditionWidth }
    }

    /// Figures for one BLAS thread count.
    public struct Result: Sendable {
        /// OpenBLAS threads used.
        public var threads: Int
        /// Median `cblas_sgemm` rate at 500×256×256, GFLOP/s, measured between the steps.
        public var sgemmPeak: Double
        /// Median wall time of one plain training step (discriminator step + generator step: forward,
        /// backward, Adam, dropout masks and Gumbel noise; the input noise is drawn beforehand), seconds.
        public var plainStepSeconds: Double
        /// Median wall time of the same step with the discriminator's gradients clipped per example.
        public var clippedStepSeconds: Double
        /// Median time to draw the generator's input noise for one step (two batches), seconds. Not
        /// part of the step times: it is input preparation done by ProfileGANRandom.
        public var noiseSamplingSeconds: Double
        /// Floating-point operations in the step's matrix products.
        public var flopsPerStep: Double
        /// Whether every parameter was still finite after the timed steps (a diverged run would time
        /// NaN arithmetic, which is not representative).
        public var parametersFinite: Bool

        /// Matrix-product rate of the plain step.
        public var plainGFLOPS: Double { flopsPerStep / plainStepSeconds / 1e9 }
        /// Matrix-product rate of the clipped step.
        public var clippedGFLOPS: Double { flopsPerStep / clippedStepSeconds / 1e9 }
        /// Plain step rate over the `cblas_sgemm` rate (target ≥ 0.5).
        public var fractionOfPeak: Double { plainGFLOPS / sgemmPeak }
        /// Clipped step time over plain step time (target ≤ 1.3).
        public var clippedOverPlain: Double { clippedStepSeconds / plainStepSeconds }
    }

    /// Runs the benchmark with OpenBLAS using `threads` threads (restored afterwards).
    ///
    /// The machine may be shared, so the three measurements are interleaved — each round times a
    /// plain step, a clipped step and a batch of reference GEMMs — and medians are reported: every
    /// figure then sees the same background load.
    public static func run(_ configuration: Configuration, threads: Int) -> Result {
        let previous = BLASThreads.count
        BLASThreads.count = threads
        defer { BLASThreads.count = previous }
        let harness = GANStepHarness(configuration)
        let reference = ReferenceProduct()
        for _ in 0..<configuration.warmupSteps {
            harness.sampleNoise()
            harness.step(clipped: false)
            harness.sampleNoise()
            harness.step(clipped: true)
            reference.run()
        }
        var plain = [Double](), clipped = [Double](), gemm = [Double](), noise = [Double]()
        for _ in 0..<configuration.measuredSteps {
            noise.append(time { harness.sampleNoise() })
            plain.append(time { harness.step(clipped: false) })
            harness.sampleNoise()
            clipped.append(time { harness.step(clipped: true) })
            gemm.append(reference.flops / time { reference.run() } / 1e9)
        }
        return Result(
            threads: threads, sgemmPeak: median(gemm), plainStepSeconds: median(plain),
            clippedStepSeconds: median(clipped), noiseSamplingSeconds: median(noise), flopsPerStep: flopsPerStep(configuration),
            parametersFinite: (harness.generator.parameters + harness.discriminator.parameters).allSatisfy {
                $0.value.buffer.allSatisfy(\.isFinite)
            })
    }

    /// `cblas_sgemm` at 500×256 by 256×256, repeated: the machine's reference rate for these shapes.
    final class ReferenceProduct {
        let a = Matrix(rows: 500, columns: 256), b = Matrix(rows: 256, columns: 256), c = Matrix(rows: 500, columns: 256)
        let repetitions = 25
        init() {
            var g = SeededGenerator(seed: 99)
            g.fillNormal(a.buffer, standardDeviation: 1)
            g.fillNormal(b.buffer, standardDeviation: 1)
        }
        var flops: Double { 2 * 500 * 256 * 256 * Double(repetitions) }
        func run() { for _ in 0..<repetitions { c.multiply(a, by: b) } }
    }

    /// The machine's `cblas_sgemm` rate for these shapes in GFLOP/s: the median of `rounds` timings
    /// of the reference product (for other benchmarks' "floor" figures).
    public static func measureSGEMMRate(rounds: Int = 15) -> Double {
        let reference = ReferenceProduct()
        reference.run()
        return median((0..<rounds).map { _ in reference.flops / time(reference.run) / 1e9 })
    }

    /// FLOPs of one generator forward pass per row.
    public static func generatorForwardFLOPsPerRow(_ c: Configuration) -> Double {
        var total = 0.0
        var width = c.noiseWidth + c.conditionWidth
        for hidden in c.hiddenSizes {
            total += 2 * Double(width * hidden)
            width += hidden
        }
        return total + 2 * Double(width * c.dataWidth)
    }

    /// FLOPs of one discriminator forward pass per packed example.
    public static func discriminatorForwardFLOPsPerExample(_ c: Configuration) -> Double {
        var total = 0.0
        var width = c.pac * c.discriminatorRowWidth
        for hidden in c.hiddenSizes + [1] {
            total += 2 * Double(width * hidden)
            width = hidden
        }
        return total
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    /// Wall time of `body` in seconds.
    static func time(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Floating-point operations (2 per multiply-add) of every matrix product in one benchmark step:
    /// the generator forward twice, its backward once; the discriminator forward on real + fake
    /// packs and its parameter backward (as two batches' worth), then forward and input backward on
    /// fake packs.
    public static func flopsPerStep(_ c: Configuration) -> Double {
        let batch = Double(c.batchSize), examples = Double(c.batchSize / c.pac)
        var generatorShapes = [(Double, Double)]()  // (in, out) per linear layer
        var width = c.noiseWidth + c.conditionWidth
        for hidden in c.hiddenSizes {
            generatorShapes.append((Double(width), Double(hidden)))
            width += hidden
        }
        generatorShapes.append((Double(width), Double(c.dataWidth)))
        var discriminatorShapes = [(Double, Double)]()
        width = c.pac * c.discriminatorRowWidth
        for hidden in c.hiddenSizes + [1] {
            discriminatorShapes.append((Double(width), Double(hidden)))
            width = hidden
        }
        let gForward = generatorShapes.reduce(0) { $0 + 2 * batch * $1.0 * $1.1 }
        let dForward = discriminatorShapes.reduce(0) { $0 + 2 * examples * $1.0 * $1.1 }
        let firstG = 2 * batch * generatorShapes[0].0 * generatorShapes[0].1
        let firstD = 2 * examples * discriminatorShapes[0].0 * discriminatorShapes[0].1
        let gBackward = 2 * gForward - firstG  // weight gradients + input gradients except the first layer's
        let dParameterBackward = 2 * dForward - firstD  // same for the discriminator step
        let dInputBackward = dForward  // generator step: input gradients only
        let discriminatorStep = gForward + 2 * (dForward + dParameterBackward)
        let generatorStep = gForward + dForward + dInputBackward + gBackward
        return discriminatorStep + generatorStep
    }
}
