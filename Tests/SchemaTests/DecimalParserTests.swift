import Foundation
import Testing
@testable import ProfileGANSchema

@Suite struct DecimalParserTests {
    private func parse(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalParser.parse($0) }
    }

    @Test func acceptsTheDecimalGrammar() {
        #expect(parse("34") == 34)
        #expect(parse("-17.25") == -17.25)
        #expect(parse("+0.5") == 0.5)
        #expect(parse(".5") == 0.5)
        #expect(parse("5.") == 5)
        #expect(parse("1e3") == 1000)
        #expect(parse("2.5E-3") == 0.0025)
        #expect(parse("0007") == 7)
        #expect(parse("-0")?.sign == .minus)
    }

    @Test(arguments: ["", "-", ".", "e5", "1e", "1e+", "abc", "1,5", " 1", "1 ", "nan", "inf", "0x10", "1.2.3", "--1", "1e5x"])
    func rejectsEverythingElse(text: String) {
        #expect(parse(text) == nil)
    }

    /// Exactness: every result equals strtod's correctly rounded one, on the fast path and the fallback.
    @Test func agreesWithStrtod() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var texts = ["0.1", "0.3", "9007199254740993", "123456789012345678901234567890", "1e22", "1e23",
                     "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "0.000000000000000000001",
                     "3.141592653589793238462643383279", "1e-400", "18446744073709551616"]
        for _ in 0..<20_000 {
            let digits = String(next() % 10_000_000_000_000_000)
            let point = Int(next() % UInt64(digits.count + 1))
            var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if next() % 4 == 0 { text += "e\(Int(next() % 60) - 30)" }
            if next() % 2 == 0 { text = "-" + text }
            texts.append(text)
        }
        for text in texts {
            let expected = strtod(text, nil)
            #expect(parse(text)?.bitPattern == expected.bitPattern, "\(text)")
        }
    }
}
