#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers from raw bytes, fast and exactly.
///
/// The grammar is `[+-] digits [. digits] [(e|E) [+-] digits]` (at least one digit in the
/// mantissa; `.5` and `5.` are accepted). No spaces, no `inf`/`nan`, no hexadecimal.
///
/// Most cells in an export are short decimals (`34`, `17.25`). For those the value is computed
/// exactly from a 64-bit mantissa and one multiplication or division by an exact power of ten —
/// exact because both operands are representable and IEEE-754 rounds the one operation correctly
/// (Clinger's fast path). Longer mantissas or large exponents fall back to `strtod`, which is
/// correctly rounded; the fallback is what keeps every result identical to `strtod`'s.
public enum DecimalParser {
    /// The value of `bytes`, or `nil` if they are not a decimal number.
    @inline(__always)
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return nil }
        var index = 0
        var negative = false
        if base[0] == UInt8(ascii: "-") || base[0] == UInt8(ascii: "+") {
            negative = base[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var exponent = 0
        var digitCount = 0
        var inexact = false
        // Integer part.
        while index < count {
            let digit = base[index] &- UInt8(ascii: "0")
            if digit > 9 { break }
            if mantissa < 1_000_000_000_000_000_000 { mantissa = mantissa &* 10 &+ UInt64(digit) } else { exponent += 1; inexact = true }
            digitCount += 1
            index += 1
        }
        // Fraction.
        if index < count, base[index] == UInt8(ascii: ".") {
            index += 1
            while index < count {
                let digit = base[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                if mantissa < 1_000_000_000_000_000_000 { mantissa = mantissa &* 10 &+ UInt64(digit); exponent -= 1 } else { inexact = true }
                digitCount += 1
                index += 1
            }
        }
        guard digitCount > 0 else { return nil }
        // Exponent.
        if index < count, base[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, base[index] == UInt8(ascii: "-") || base[index] == UInt8(ascii: "+") {
                exponentNegative = base[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var exponentDigits = 0
            while index < count {
                let digit = base[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                if written < 100_000 { written = written * 10 + Int(digit) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == count else { return nil }

        if !inexact, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let magnitude = Double(mantissa)
            let scale = exactPowerOfTen(exponent.magnitude)
            let value = exponent >= 0 ? magnitude * scale : magnitude / scale
            return negative ? -value : value
        }
        return parseWithStrtod(bytes)
    }

    /// 10^exponent for exponent ≤ 22, where every power is exactly representable and so is every
    /// partial product (a loop beats a table here: no lazy-global check per call, and exponents
    /// in real data are small).
    @inline(__always)
    static func exactPowerOfTen(_ exponent: UInt) -> Double {
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The correctly rounded slow path, on a NUL-terminated copy (the grammar is already checked).
    private static func parseWithStrtod(_ bytes: UnsafeBufferPointer<UInt8>) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { text in
            for index in 0..<bytes.count { text[index] = CChar(bitPattern: bytes[index]) }
            text[bytes.count] = 0
            return strtod(text.baseAddress!, nil)
        }
    }
}
