/// The ledger's answer to a successful reservation.
public struct FitReservation: Hashable, Sendable {
    /// Pass to ``BudgetLedger/complete(fitID:modelHash:executedMechanisms:)`` or ``BudgetLedger/abort(fitID:executedMechanisms:)``.
    public var fitID: Int64
    /// The planned fit's own ε at the dataset's δ.
    public var epsilon: Double
    /// Composed ε of the dataset before and after this fit.
    public var spentBefore: Double
    public var spentAfter: Double
    /// The dataset's cap, if one is set, and what remains of it after this fit.
    public var budget: Double?
    /// The dataset's δ and accountant (the fit's).
    public var delta: Double
    public var accountant: AccountantKind
    public var remainingAfter: Double? { budget.map { $0 - spentAfter } }
}
