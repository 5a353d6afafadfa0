/// The adversarial objective.
public enum GANLoss: String, Sendable, Codable, CaseIterable {
    /// Wasserstein critic with gradient penalty (λ = 10), CTGAN's choice; not available under DP
    /// (see docs/PRIVACY.md: the penalty's per-example double backward is not clipped).
    case wganGP = "wgan-gp"
    /// The classic GAN objective (binary cross-entropy on the discriminator's logits) with the
    /// non-saturating generator loss −log D(G(z)); the default under DP.
    case bce
}
