// swift-tools-version: 6.1
// ProfileGAN: learn user-profile tables with a tabular GAN and emit synthetic profiles,
// optionally with differential privacy. See docs/ARCHITECTURE.md for how the modules fit together.
import PackageDescription

// Layering (lower never imports higher):
//   shims (CLibCSV, COpenBLAS) < Random, CSV < Schema < Transforms
//   Random, COpenBLAS < Neural;  Random < Privacy
//   Schema, Transforms, Neural, Privacy < Synthesizer;  Schema, Random, COpenBLAS < Evaluation
//   everything < ProfileGAN (umbrella) < profilegan (CLI);  Synthesizer and below < Benchmarks < CLI
let package = Package(
    name: "ProfileGAN",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ProfileGAN", targets: ["ProfileGAN"]),
        .executable(name: "profilegan", targets: ["profilegan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // C glue: a module map over libcsv, and a small loader for OpenBLAS (both installed with apt, see README).
        .systemLibrary(
            name: "CLibCSV", path: "Sources/Shims/CLibCSV",
            providers: [.apt(["libcsv-dev"])]),
        // OpenBLAS is loaded at start-up (dlopen), after choosing its kernel for this CPU: see
        // Sources/Shims/COpenBLAS/README.md.
        .target(
            name: "COpenBLAS", path: "Sources/Shims/COpenBLAS", exclude: ["README.md"],
            linkerSettings: [.linkedLibrary("dl")]),

        .target(name: "ProfileGANRandom", path: "Sources/Random", exclude: ["README.md"]),
        .target(name: "ProfileGANCSV", dependencies: ["CLibCSV"], path: "Sources/CSV", exclude: ["README.md"]),
        .target(name: "ProfileGANSchema", dependencies: ["ProfileGANCSV"], path: "Sources/Schema", exclude: ["README.md"]),
        .target(
            name: "ProfileGANTransforms",
            dependencies: ["ProfileGANSchema", "ProfileGANRandom"], path: "Sources/Transforms", exclude: ["README.md"]),
        .target(
            name: "ProfileGANNeural",
            dependencies: ["COpenBLAS", "ProfileGANRandom"], path: "Sources/Neural", exclude: ["README.md"]),
        .target(
            name: "ProfileGANPrivacy",
            dependencies: [
                "ProfileGANRandom", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Sources/Privacy", exclude: ["README.md"]),
        .target(
            name: "ProfileGANSynthesizer",
            dependencies: [
                "ProfileGANCSV", "ProfileGANSchema", "ProfileGANTransforms", "ProfileGANNeural",
                "ProfileGANPrivacy", "ProfileGANRandom", .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/Synthesizer", exclude: ["README.md"]),
        .target(
            name: "ProfileGANEvaluation",
            dependencies: ["ProfileGANSchema", "ProfileGANRandom", "COpenBLAS"],
            path: "Sources/Evaluation", exclude: ["README.md"]),
        .target(
            name: "ProfileGAN",
            dependencies: [
                "ProfileGANRandom", "ProfileGANCSV", "ProfileGANSchema", "ProfileGANTransforms",
                "ProfileGANNeural", "ProfileGANPrivacy", "ProfileGANSynthesizer", "ProfileGANEvaluation",
            ],
            path: "Sources/ProfileGAN"),
        // The measurements behind `profilegan bench`: not part of the library product, so
        // `import ProfileGAN` exports no benchmark types. `package` access reaches the internals
        // they time (the trainer's steps, the CSV byte source).
        .target(
            name: "ProfileGANBenchmarks",
            dependencies: [
                "CLibCSV", "COpenBLAS", "ProfileGANRandom", "ProfileGANCSV", "ProfileGANSchema", "ProfileGANTransforms",
                "ProfileGANNeural", "ProfileGANPrivacy", "ProfileGANSynthesizer", "ProfileGANEvaluation",
            ],
            path: "Sources/Benchmarks", exclude: ["README.md"]),
        .executableTarget(
            name: "profilegan",
            dependencies: ["ProfileGAN", "ProfileGANBenchmarks", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/CLI"),

        .testTarget(name: "RandomTests", dependencies: ["ProfileGANRandom"]),
        // Helpers shared by the test targets (not part of any product).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CSVTests", dependencies: ["ProfileGANCSV", "TestSupport"]),
        .testTarget(name: "SchemaTests", dependencies: ["ProfileGANSchema", "ProfileGANRandom", "TestSupport"]),
        .testTarget(name: "TransformsTests", dependencies: ["ProfileGANTransforms", "TestSupport"]),
        .testTarget(name: "NeuralTests", dependencies: ["ProfileGANNeural"]),
        .testTarget(
            name: "PrivacyTests",
            dependencies: [
                "ProfileGANPrivacy", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),
        .testTarget(name: "SynthesizerTests", dependencies: ["ProfileGANSynthesizer", "ProfileGAN", "TestSupport"]),
        .testTarget(name: "EvaluationTests", dependencies: ["ProfileGANEvaluation", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["profilegan", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
