import ArgumentParser
import Foundation
import ProfileGAN
import ProfileGANBenchmarks

/// `profilegan bench fidelity`: how faithful and useful our synthetic rows are, over several fit
/// seeds, scored like the references in ../shared/reference (a thin layer over ``FidelityBenchmark``).
struct BenchFidelityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fidelity",
        abstract: "Fit, generate and score on tables with a hold-out: quality, detection, TSTR/TRTR, DCR, copies.",
        discussion: """
            Each --table is a folder with train.csv, test.csv, schema.json and about.json (whose \
            "target" names the column TSTR predicts), as in ../shared/data; by default SLID and bfi \
            from ../shared/data. For each table and each --seeds value: fit with the library's defaults \
            (or --epochs), generate as many rows as train.csv, and score them against train.csv and \
            test.csv with the project's evaluator: quality (column shapes and all column-pair trends), \
            the detection AUC, TSTR and TRTR ROC-AUC with gradient-boosted trees, the DCR ratio (median \
            distance to the closest training row, synthetic over hold-out) and exact copies of training \
            rows. --synthetic FILE scores another tool's output for the (single) table with the same \
            code, for a side-by-side run (for example ../shared/bench/tabularargn.sh's). --model \
            autoregressive fits the second model kind instead of the GAN (--epochs, --hidden, --batch-size, --learning-rate and --bins apply to it). \
            --epsilon E makes every fit differentially private at total ε = E (δ and the rest at the \
            library's defaults). \
            Build with -c release first.
            """)

    @Option(name: .customLong("table"), help: ArgumentHelp("A table folder (repeatable).", valueName: "dir"))
    var tables: [String] = []

    @Option(help: ArgumentHelp("Comma-separated fit seeds.", valueName: "s,s,…"))
    var seeds = "1,2,3"

    @Option(help: "Epochs (default: the library's).")
    var epochs: Int?

    @Option(help: ArgumentHelp("Model kind: gan (default) or autoregressive.", valueName: "kind"))
    var model: ModelKind = .gan

    @Option(help: ArgumentHelp("Autoregressive model's hidden widths (default 256,256).", valueName: "w,w,…"))
    var hidden: String?

    @Option(help: ArgumentHelp("Autoregressive model's rows per step (default: its own, larger under --epsilon).", valueName: "rows"))
    var batchSize: Int?

    @Option(help: "Autoregressive model's Adam step size.")
    var learningRate: Float?

    @Option(help: "Autoregressive model's most bins per continuous column.")
    var bins: Int?

    @Option(help: "Fit with differential privacy at this total ε (each fit booked in a throw-away ledger; the model kind's DP defaults).")
    var epsilon: Double?

    @Option(help: "With --epsilon: ε for noisy continuous-column histograms (the GAN's vgm mixtures, the autoregressive model's token bins).")
    var preprocessEpsilon: Double?

    @Option(help: "Weight of the pull towards the marginals (the GAN's; the autoregressive model's under --epsilon only).")
    var marginalWeight: Float?

    @Option(help: "With --epsilon: the part of ε spent on released marginals (default: the plan's share).")
    var frequencyEpsilon: Double?

    @Option(help: ArgumentHelp("With --epsilon: two-way marginals released (none, all, auto).", valueName: "pairs"))
    var marginalPairs: PrivacyOptions.MarginalPairs?

    @Option(help: "With --epsilon: δ of the guarantee (default 1/(10·noisy rows), as fit's; set it to compare with another tool at the same (ε, δ)).")
    var delta: Double?

    @Flag(help: "With --epsilon: also release the target column's two-way marginal with every other column (fit's --marginal-pairs-with TARGET).")
    var marginalPairsWithTarget = false

    @Option(name: .customLong("synthetic"), help: ArgumentHelp("Another tool's synthetic CSV for the table, scored alike (repeatable).", valueName: "file.csv"))
    var externalFiles: [String] = []

    @Flag(help: "Print JSON.")
    var json = false

    var seedList: [UInt64] { seeds.split(separator: ",").compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) } }

    var tableFolders: [String] { tables.isEmpty ? ["../shared/data/SLID", "../shared/data/bfi"] : tables }

    func validate() throws {
        guard !seedList.isEmpty, seedList.count == seeds.split(separator: ",").count else {
            throw ValidationError("--seeds must be a comma-separated list of non-negative integers, got '\(seeds)'")
        }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        if let epsilon, !(epsilon > 0 && epsilon.isFinite) { throw ValidationError("--epsilon must be positive, got \(epsilon)") }
        if epsilon == nil && (marginalPairs != nil || marginalPairsWithTarget || frequencyEpsilon != nil || preprocessEpsilon != nil || delta != nil) {
            throw ValidationError("--delta, --marginal-pairs, --marginal-pairs-with-target, --frequency-epsilon and --preprocess-epsilon apply only with --epsilon")
        }
        if let delta, !(delta > 0 && delta < 1) { throw ValidationError("--delta must be in (0, 1), got \(delta)") }
        if !externalFiles.isEmpty && tableFolders.count != 1 {
            throw ValidationError("--synthetic scores a file against one table: give exactly one --table")
        }
        for folder in tableFolders {
            for file in ["train.csv", "test.csv", "schema.json", "about.json"]
            where !FileManager.default.fileExists(atPath: folder + "/" + file) {
                throw ValidationError("\(folder) has no \(file) (a --table folder holds train.csv, test.csv, schema.json and about.json)")
            }
        }
    }

    struct TableResult: Encodable {
        let table: String
        let target: String
        let scores: [FidelityBenchmark.Score]
    }

    func run() throws {
        var results: [TableResult] = []
        var configuration = SynthesizerConfiguration()
        configuration.epochs = epochs
        configuration.marginalWeight = marginalWeight
        var autoregressive = epsilon == nil ? AutoregressiveConfiguration() : .privateDefaults
        if let epochs { autoregressive.epochs = epochs }
        if let batchSize { autoregressive.batchSize = batchSize }
        if let learningRate { autoregressive.learningRate = learningRate }
        if let bins { autoregressive.maxBins = bins }
        autoregressive.marginalWeight = marginalWeight
        if let hidden { autoregressive.hiddenSizes = hidden.split(separator: ",").compactMap { Int($0) } }
        for folder in tableFolders {
            let schema = try loadSchema(folder + "/schema.json")
            let about = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/about.json"))) as? [String: Any]
            guard let target = about?["target"] as? String else {
                throw ValidationError("\(folder)/about.json names no \"target\" column")
            }
            let training = try Table.load(csvAt: folder + "/train.csv", schema: schema)
            let holdout = try Table.load(csvAt: folder + "/test.csv", schema: schema)
            var scores = try FidelityBenchmark.fitAndScore(training: training, holdout: holdout, target: target,
                                                           seeds: seedList, configuration: configuration,
                                                           model: model, autoregressive: autoregressive,
                                                           privacy: epsilon.map { epsilon in
                                                               var options = PrivacyOptions(target: .epsilon(epsilon))
                                                               options.preprocessEpsilon = preprocessEpsilon
                                                               options.delta = delta
                                                               options.frequencyEpsilon = frequencyEpsilon
                                                               if let marginalPairs { options.marginalPairs = marginalPairs }
                                                               if marginalPairsWithTarget { options.marginalPairColumns = [target] }
                                                               return options
                                                           })
            for file in externalFiles {
                let synthetic = try Table.load(csvAt: file, schema: schema)
                scores.append(try FidelityBenchmark.score(source: URL(fileURLWithPath: file).lastPathComponent, synthetic: synthetic,
                                                          training: training, holdout: holdout, target: target))
            }
            let result = TableResult(table: URL(fileURLWithPath: folder).lastPathComponent, target: target, scores: scores)
            results.append(result)
            if !json { print(Self.describe(result, seeds: seedList.count)) }
        }
        if json { try printJSON(results) }
    }

    static func describe(_ result: TableResult, seeds: Int) -> String {
        func cell(_ value: Double?, _ decimals: Int = 3) -> String { value.map { String(format: "%.\(decimals)f", $0) } ?? "–" }
        let ours = Array(result.scores.prefix(seeds))
        func mean(_ key: (FidelityBenchmark.Score) -> Double?) -> Double? {
            let values = ours.compactMap(key)
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        let average = FidelityBenchmark.Score(
            source: "\(ours.first?.source.split(separator: ",").first ?? "ours"), mean of \(ours.count)", fitSeconds: mean(\.fitSeconds), quality: mean(\.quality),
            columnShapes: mean(\.columnShapes), pairTrends: mean(\.pairTrends), detectionAUC: mean(\.detectionAUC),
            tstrAUC: mean(\.tstrAUC), trtrAUC: mean(\.trtrAUC), dcrRatio: mean(\.dcrRatio),
            exactCopies: mean { $0.exactCopies } ?? 0, holdoutExactCopies: mean(\.holdoutExactCopies))
        let rows = result.scores + [average]
        // As wide as the longest label (a DP run's carry ε and δ), so none is cut.
        let sourceWidth = rows.map(\.source.count).max()!
        func row(_ s: FidelityBenchmark.Score) -> String {
            [s.source.padding(toLength: sourceWidth, withPad: " ", startingAt: 0), cell(s.fitSeconds, 1), cell(s.quality), cell(s.columnShapes),
             cell(s.pairTrends), cell(s.detectionAUC), cell(s.tstrAUC), cell(s.trtrAUC), cell(s.dcrRatio),
             cell(s.exactCopies, 4) + " / " + cell(s.holdoutExactCopies, 4)].joined(separator: "  ")
        }
        let header = ["source".padding(toLength: sourceWidth, withPad: " ", startingAt: 0), "fit s", "quality", "shapes", "pairs",
                      "detect", "TSTR", "TRTR", "DCR", "copies / hold-out"].joined(separator: "  ")
        return (["\(result.table) (target \(result.target); TSTR/TRTR: gradient-boosted trees, ROC-AUC on test.csv)", header]
                + rows.map(row)).joined(separator: "\n")
    }
}
