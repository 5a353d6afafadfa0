import Foundation

/// Scores the distance-based attack described on ``MembershipInference``.
enum MembershipInferenceAttack {
    static let confidence = 0.95

    static func evaluate(memberDistances: [Double], nonMemberDistances: [Double], delta: Double) -> MembershipInference {
        let scores = (memberDistances + nonMemberDistances).map { -$0 }
        let isMember = memberDistances.map { _ in true } + nonMemberDistances.map { _ in false }
        return MembershipInference(
            auc: ROCAUC.binary(scores: scores, positive: isMember),
            epsilonLowerBound: epsilonLowerBound(members: memberDistances, nonMembers: nonMemberDistances, delta: delta),
            delta: delta, confidence: confidence, members: memberDistances.count, nonMembers: nonMemberDistances.count)
    }

    /// See ``MembershipInference`` for the formula.
    static func epsilonLowerBound(members: [Double], nonMembers: [Double], delta: Double) -> Double {
        let m = members.sorted(), n = nonMembers.sorted()
        guard !m.isEmpty, !n.isEmpty else { return 0 }
        // Each of the two proportions in a form is bounded one-sided at 1 − α/2, so both hold with 1 − α.
        let alpha = (1 - confidence) / 2
        let pooled = (m + n).sorted()
        let grid = Set((0...200).map { pooled[min(pooled.count - 1, $0 * pooled.count / 200)] }).sorted()
        var best = 0.0
        for t in grid {
            let tp = countAtMost(m, t), fp = countAtMost(n, t)
            let tprLow = ClopperPearson.lower(successes: tp, trials: m.count, alpha: alpha)
            let fprHigh = ClopperPearson.upper(successes: fp, trials: n.count, alpha: alpha)
            if tprLow - delta > 0, fprHigh > 0 { best = max(best, log((tprLow - delta) / fprHigh)) }
            let tnrLow = ClopperPearson.lower(successes: n.count - fp, trials: n.count, alpha: alpha)
            let fnrHigh = ClopperPearson.upper(successes: m.count - tp, trials: m.count, alpha: alpha)
            if tnrLow - delta > 0, fnrHigh > 0 { best = max(best, log((tnrLow - delta) / fnrHigh)) }
        }
        return best
    }

    /// How many of the sorted `values` are ≤ `t`.
    private static func countAtMost(_ values: [Double], _ t: Double) -> Int {
        var lo = 0, hi = values.count
        while lo < hi { let mid = (lo + hi) / 2; if values[mid] <= t { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}
