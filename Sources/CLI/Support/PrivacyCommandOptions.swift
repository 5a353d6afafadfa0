import ArgumentParser
import Foundation
import ProfileGAN

extension PrivacyOptions.MarginalPairs: ExpressibleByArgument {}

/// The privacy flags of `fit`, mapped onto ``PrivacyOptions`` and the budget ledger.
struct PrivacyCommandOptions: ParsableArguments {
    @Option(name: .long, help: "Train with differential privacy at this total ε (preprocessing included).")
    var epsilon: Double?

    @Option(name: .long, help: "δ of the guarantee (default 1/(10·rows); must be below 1/rows).")
    var delta: Double?

    @Option(name: .long, help: "Train with DP-SGD at this noise multiplier σ instead of an ε target.")
    var noiseMultiplier: Double?

    @Option(name: .long, help: "Per-row gradient clipping norm C.")
    var maxGradNorm = 1.0

    @Option(name: .long, help: "Accountant: pld (tight, default) or rdp.")
    var accountant: AccountantKind = .default

    @Option(name: .long, help: "ε for noisy one-way marginals: category frequencies and, with minmax, continuous histograms; the generator is trained to match them (default 60% of --epsilon alone, which composes to less; 0 = none, uniform conditions).")
    var frequencyEpsilon: Double?

    @Option(name: .long, help: "Bins of each continuous column's released marginal histogram.")
    var marginalBins = 32

    @Option(name: .long, help: "Two-way marginals released with the one-way ones: none, all, or auto (all when there are at most \(PrivacyOptions.automaticPairLimit) pairs, else the two columns of each inequality constraint).")
    var marginalPairs: PrivacyOptions.MarginalPairs = .automatic

    @Option(name: .long, parsing: .singleValue,
            help: ArgumentHelp("Also release the two-way marginal of this column with every other one (repeatable): name the column a downstream model will predict. Each pair adds noise to every released count.", valueName: "column"))
    var marginalPairsWith: [String] = []

    @Option(name: .long, help: "ε for one noisy histogram per continuous column, to fit the vgm encoding under DP.")
    var preprocessEpsilon: Double?

    @Option(name: .long, help: ArgumentHelp("The privacy budget ledger (SQLite).", valueName: "path"))
    var ledger: String = BudgetLedger.defaultPath

    @Option(name: .long, help: "Seconds to wait for another process's lock on the ledger.")
    var ledgerWait: Double = 60

    @Option(name: .long, help: "The dataset's id in the ledger (default: a keyed hash of the parsed rows, the same for any re-export of them).")
    var datasetID: String?

    @Option(name: .long, help: "The dataset's total ε cap: set for a new dataset; an existing one must already have it (change caps with `ledger set-budget`).")
    var budget: Double?

    @Flag(name: .long, help: "Tests only: derive the DP noise from --seed so the fit is bit-reproducible. The result is NOT differentially private (the noise can be replayed); the model, the ledger and audit say so.")
    var insecureReplayableNoise = false

    /// Whether these flags ask for a DP fit.
    var isPrivate: Bool { epsilon != nil || noiseMultiplier != nil }

    func validate(training: TrainingOptions) throws {
        if epsilon != nil && noiseMultiplier != nil { throw ValidationError("give --epsilon or --noise-multiplier, not both") }
        if let epsilon, !(epsilon > 0 && epsilon.isFinite) { throw ValidationError("--epsilon must be positive") }
        if let noiseMultiplier, !(noiseMultiplier > 0 && noiseMultiplier.isFinite) { throw ValidationError("--noise-multiplier must be positive") }
        if let delta, !(delta > 0 && delta < 1) { throw ValidationError("--delta must be in (0, 1)") }
        if !(maxGradNorm > 0 && maxGradNorm.isFinite) { throw ValidationError("--max-grad-norm must be positive") }
        if let frequencyEpsilon, frequencyEpsilon < 0 { throw ValidationError("--frequency-epsilon must not be negative") }
        if let preprocessEpsilon, !(preprocessEpsilon > 0) { throw ValidationError("--preprocess-epsilon must be positive") }
        if !(2...1024).contains(marginalBins) { throw ValidationError("--marginal-bins must be between 2 and 1024") }
        if let budget, !(budget > 0) { throw ValidationError("--budget must be positive") }
        if !isPrivate {
            let dpOnly = [(delta != nil, "--delta"), (frequencyEpsilon != nil, "--frequency-epsilon"),
                          (preprocessEpsilon != nil, "--preprocess-epsilon"), (!marginalPairsWith.isEmpty, "--marginal-pairs-with"), (budget != nil, "--budget"), (datasetID != nil, "--dataset-id"),
                          (insecureReplayableNoise, "--insecure-replayable-noise")]
            if let flag = dpOnly.first(where: \.0) { throw ValidationError("\(flag.1) applies only to a DP fit (add --epsilon or --noise-multiplier)") }
        }
        if isPrivate && training.loss == .wganGP {
            throw ValidationError("--loss wgan-gp is not supported under DP: its gradient penalty is not covered by per-row clipping (bce is the default under DP)")
        }
    }

    /// The library's privacy options, or nil for a non-private fit.
    func makeOptions() -> PrivacyOptions? {
        let target: PrivacyOptions.Target
        if let epsilon { target = .epsilon(epsilon) } else if let noiseMultiplier { target = .noiseMultiplier(noiseMultiplier) } else { return nil }
        var options = PrivacyOptions(target: target)
        options.delta = delta
        options.maxGradNorm = maxGradNorm
        options.accountant = accountant
        options.frequencyEpsilon = frequencyEpsilon
        options.preprocessEpsilon = preprocessEpsilon
        options.marginalBins = marginalBins
        options.marginalPairs = marginalPairs
        options.marginalPairColumns = marginalPairsWith
        options.insecureReplayableNoise = insecureReplayableNoise
        return options
    }
}
