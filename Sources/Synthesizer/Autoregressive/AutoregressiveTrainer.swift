import ProfileGANNeural

/// One maximum-likelihood step of the masked network: one-hot the batch's tokens, forward, the sum
/// over token columns of the softmax cross-entropy (mean over rows), backward, AdamW.
final class AutoregressiveTrainer {
    let network: MaskedAutoregressiveNetwork
    let optimizer: Adam
    /// The last batch, one-hot (`rows × network.width`).
    let input = Matrix(rows: 0, columns: 0)
    /// ∂loss/∂logits of the last batch.
    let gradient = Matrix(rows: 0, columns: 0)

    init(network: MaskedAutoregressiveNetwork, configuration: AutoregressiveConfiguration) {
        self.network = network
        optimizer = Adam(parameters: network.parameters, learningRate: configuration.learningRate, beta1: 0.9, beta2: 0.999,
                         weightDecay: .decoupled(configuration.weightDecay))
    }

    /// Updates the network on `rows` of the row-major `tokens` (`columns` per row); returns the
    /// batch's mean negative log-likelihood per row (nats).
    func step(tokens: [Int32], columns k: Int, rows: some Collection<Int>) -> Float {
        network.zeroGradients()
        let loss = forwardLoss(tokens: tokens, columns: k, rows: rows, reduction: .mean)
        network.backward(gradient)
        optimizer.step()
        return loss
    }

    /// Loads `rows` into ``input``, runs the network and writes ∂loss/∂logits into ``gradient``:
    /// the loss is the sum over token columns of the softmax cross-entropy, reduced over rows by
    /// `reduction` (`.sum` gives row i's gradient of its own loss, as per-example clipping needs).
    @discardableResult
    func forwardLoss(tokens: [Int32], columns k: Int, rows: some Collection<Int>, reduction: LossReduction) -> Float {
        let batch = rows.count
        input.resize(rows: batch, columns: network.width)
        input.fill(0)
        var targets = [[Int]](repeating: [Int](repeating: 0, count: batch), count: k)
        for (r, row) in rows.enumerated() {
            for c in 0..<k {
                let t = Int(tokens[row * k + c])
                targets[c][r] = t
                input[r, network.blockOffsets[c] + t] = 1
            }
        }
        let logits = network.forward(input)
        gradient.resize(like: logits)
        gradient.fill(0)
        var loss: Float = 0
        for c in 0..<k {
            loss += SoftmaxCrossEntropy.loss(logits: logits, columns: network.range(ofBlock: c), targets: targets[c],
                                             reduction: reduction, accumulatingGradientInto: gradient)
        }
        return loss
    }
}
