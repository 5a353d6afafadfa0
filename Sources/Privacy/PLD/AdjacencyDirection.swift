/// The two halves of add/remove-one neighbouring. Subsampled mechanisms have different privacy
/// loss distributions in each direction; the guarantee is the worse of the two.
enum AdjacencyDirection: CaseIterable, Sendable {
    /// P = output with the person's row present, Q = output without it.
    case remove
    /// P = output without the person's row, Q = output with it.
    case add
}
