/// Refusals and misuse reported by the budget ledger.
public enum LedgerError: Error, Equatable, CustomStringConvertible {
    /// The fit would push the dataset's composed ε over its cap.
    case budgetExceeded(datasetID: String, budget: Double, spent: Double, wouldBe: Double, fitEpsilon: Double)
    case unknownDataset(String)
    case unknownFit(Int64)
    /// Finalizing a fit that is not in the `reserved` state.
    case fitNotReserved(Int64, FitStatus)
    /// A new dataset needs δ.
    case missingDelta(String)
    /// Finalizing with executed mechanisms that spend more than the reservation.
    case exceedsReservation(Int64, reserved: Double, executed: Double)

    public var description: String {
        let n = AuditFormatting.number
        switch self {
        case let .budgetExceeded(id, budget, spent, wouldBe, fitEpsilon):
            return "refused: dataset \(id) has a budget of ε = \(n(budget)) and has spent ε = \(n(spent)) (composed); this fit (ε = \(n(fitEpsilon)) alone) would bring it to ε = \(n(wouldBe)). Remaining: ε = \(n(max(0, budget - spent))). Use more noise, fewer steps, or a smaller sampling rate."
        case .unknownDataset(let id):
            return "no dataset \"\(id)\" in the ledger"
        case .unknownFit(let id):
            return "no fit \(id) in the ledger"
        case let .fitNotReserved(id, status):
            return "fit \(id) is \(status.rawValue), not reserved; it cannot be finalized again"
        case .missingDelta(let id):
            return "dataset \"\(id)\" is new to the ledger: give its δ"
        case let .exceedsReservation(id, reserved, executed):
            return "fit \(id) reserved ε = \(n(reserved)) but reports executing ε = \(n(executed)); the ledger keeps the reservation's limit"
        }
    }
}
