import ProfileGANCSV

/// Numbers as CSV text that reads back to the same `Double`.
enum NumberFormatting {
    /// Whole numbers below 2^53 in magnitude print as integers (`34`, not `34.0`); an integer
    /// column rounds first (a generator's `33.9999…` becomes `34`). Others print with the fewest
    /// decimals that read back exactly, or in Swift's shortest round-trip form (`1e-05`).
    @inline(__always)
    static func write(_ value: Double, integer: Bool, to writer: CSVWriter) throws(CSVError) {
        let whole = integer ? value.rounded() : value
        if whole == whole.rounded(.towardZero), abs(whole) < 9_007_199_254_740_992 {
            try writeInteger(Int64(whole), to: writer)
        } else if let (mantissa, decimals) = shortDecimal(value) {
            try writeDecimal(mantissa, decimals: decimals, to: writer)
        } else {
            var text = value.description
            let failure = text.withUTF8 { bytes -> CSVError? in
                do throws(CSVError) { try writer.writeUnquoted(bytes); return nil } catch { return error }
            }
            if let failure { throw failure }
        }
    }

    /// The smallest `decimals` (up to 17) with an integer `mantissa` such that
    /// `mantissa / 10^decimals` — one correctly rounded division, exactly what ``DecimalParser``
    /// computes for that text — gives back `value`. Most values a table holds (prices, scores,
    /// rates) have a few decimals, and this avoids the general shortest-digits algorithm for them.
    @inline(__always)
    static func shortDecimal(_ value: Double) -> (Int64, Int)? {
        let magnitude = abs(value)
        guard magnitude >= 1e-6, magnitude < 1e15 else { return nil }
        var scale = 1.0
        for decimals in 1...17 {
            scale *= 10  // exact: powers of ten up to 10^22 are representable
            let scaled = (value * scale).rounded()
            guard abs(scaled) < 9_007_199_254_740_992 else { return nil }
            if scaled / scale == value { return (Int64(scaled), decimals) }
        }
        return nil
    }

    @inline(__always)
    static func writeInteger(_ value: Int64, to writer: CSVWriter) throws(CSVError) {
        try writeDecimal(value, decimals: 0, to: writer)
    }

    /// Writes `mantissa / 10^decimals` in plain decimal notation (`-0.05`, `12.5`, `34`).
    @inline(__always)
    static func writeDecimal(_ mantissa: Int64, decimals: Int, to writer: CSVWriter) throws(CSVError) {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { (digits) throws(CSVError) in
            var remaining = mantissa.magnitude
            var start = 48
            var written = 0
            repeat {
                if written == decimals && decimals > 0 {
                    start -= 1
                    digits[start] = UInt8(ascii: ".")
                }
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                written += 1
            } while remaining > 0 || written <= decimals
            if mantissa < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            try writer.writeUnquoted(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}
