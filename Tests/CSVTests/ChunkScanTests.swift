import Testing
@testable import ProfileGANCSV

/// The chunk scan decides whether libcsv needs its (slow) space predicate: only when a blank could
/// be trimmed, that is, when it sits next to a comma, quote, CR or LF, or at an end of the chunk.
@Suite struct ChunkScanTests {
    private func edge(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { UTF8Check.hasBlankAtFieldEdge($0.baseAddress!, count: $0.count) }
    }

    @Test func blanksInsideFieldsNeedNoPredicate() {
        #expect(!edge("id,country\n1,New Zealand\n2,Côte d Ivoire\n3,\"a b\"\n"))
        #expect(!edge("x\ty,a  b\n"))
        #expect(!edge(""))
    }

    @Test func blanksAtFieldEdgesNeedThePredicate() {
        for text in ["a ,b\n", "a, b\n", "a,b \n", "a,b\t\r\n", "\"a\" ,b\n", "a, \"b\"\n", "a,b\n c\n", " a,b\n", "a,b\n,c "] {
            #expect(edge(text), "\(text.debugDescription)")
        }
    }

    /// Every position relative to the 8-byte words the scan reads, for each kind of neighbour.
    @Test func findsTheEdgeAtEveryOffset() {
        for pattern in [" ,", ", ", "\t\"", "\" ", " \n", "\n\t", " \r", "\r "] {
            for offset in 0..<20 {
                let text = "x" + String(repeating: "y", count: offset) + pattern + String(repeating: "z", count: 20 - offset)
                #expect(edge(text), "\(pattern.debugDescription) at \(offset + 1)")
                let inside = "x" + String(repeating: "y", count: offset) + " q" + String(repeating: "z", count: 20 - offset)
                #expect(!edge(inside), "inner blank at \(offset + 1)")
            }
        }
    }
}
