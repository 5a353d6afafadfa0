import Foundation
import TestSupport
import Testing
@testable import ProfileGANEvaluation

/// Renders the HTML report in headless Chromium (Debian's `chromium`, installed by
/// `scripts/setup.sh chromium`, which `scripts/test.sh` runs) and checks what a reader would see.
@Suite struct ReportRenderingTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func sampleReport() throws -> EvaluationReport {
        let train = TestTables.profiles(rows: 500, seed: 51), synthetic = TestTables.profiles(rows: 500, seed: 52)
        var options = fast(target: "label")
        options.accounted = AccountedPrivacy(epsilon: 3, delta: 1e-5, accountant: "rdp")
        return try Evaluator(real: train, synthetic: synthetic, holdout: TestTables.profiles(rows: 300, seed: 53), options: options).run()
    }

    @Test func htmlIsSelfContainedAndSaysDCRIsAHeuristic() throws {
        let html = try Self.sampleReport().html()
        #expect(!html.lowercased().contains("<script"))
        // No resource is fetched: the only URL is the SVG namespace, which is a name, not a request.
        #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "https?://", options: .regularExpression) == nil)
        #expect(!html.contains(" src=") && !html.contains(" href="))
        #expect(html.contains("DCR is a heuristic, not a guarantee"))
        #expect(html.contains("Membership-inference audit"))
        #expect(html.contains("Accounted guarantee (rdp)"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 4 + 3 + 1)  // 4 columns, 3 heat maps, DCR
    }

    /// A 300-category column gets a top-10 table with the rest summed; pii columns' copy counts
    /// appear in the privacy section.
    @Test func manyCategoriesGetATopTableAndIdentifierCopiesAreShown() throws {
        let shares = (0..<300).map { 1 / Double($0 + 1) }, total = shares.reduce(0, +)
        let d = ColumnDistribution(column: "city", kind: "categorical", bars: (0..<300).map { "c\($0)" }, edges: nil,
                                   real: shares.map { $0 / total }, synthetic: shares.reversed().map { $0 / total },
                                   realMissing: 0, syntheticMissing: 0)
        let table = HTMLReportRenderer.topCategories(d)
        #expect(table.contains("Top 10 of 300 categories"))
        #expect(table.contains("<td>c0</td><td class=\"num\">\(HTMLText.percent(shares[0] / total, 1))</td>"))
        #expect(table.contains("<td>the other 290</td>"))
        #expect(!table.contains("<td>c10</td>"))
        var few = d
        few.bars = Array(d.bars.prefix(5)); few.real = Array(d.real.prefix(5)); few.synthetic = Array(d.synthetic.prefix(5))
        #expect(HTMLReportRenderer.topCategories(few).isEmpty)

        var report = try Self.sampleReport()
        report.identifierCopies = [IdentifierCopies(column: "email", syntheticValues: 500, copies: 0)]
        let html = report.html()
        #expect(html.contains("Identifier and PII columns"))
        #expect(html.contains("<td>email</td><td class=\"num\">500</td><td class=\"num good\">0</td>"))
    }

    @Test func rendersInHeadlessChromiumWithoutConsoleErrors() throws {
        let browser = try #require(Self.chromium, "install chromium: scripts/setup.sh chromium")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("profilegan-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let report = folder.appendingPathComponent("report.html")
        try Self.sampleReport().html().write(to: report, atomically: true, encoding: .utf8)
        let rendered = try Self.render(report, browser: browser, in: folder)
        #expect(rendered.consoleMessages.isEmpty, "console: \(rendered.consoleMessages)")

        // Blank pages compress to almost nothing; the report's charts and text must not.
        let blank = folder.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blank, atomically: true, encoding: .utf8)
        let blankPNG = try Self.render(blank, browser: browser, in: folder).png
        #expect(rendered.png.count > 10 * blankPNG.count, "report \(rendered.png.count) bytes, blank \(blankPNG.count) bytes")

        // The console check itself must see errors when there are some.
        let broken = folder.appendingPathComponent("broken.html")
        try "<!DOCTYPE html><html><body><script>console.error('deliberate')</script></body></html>".write(to: broken, atomically: true, encoding: .utf8)
        #expect(try Self.render(broken, browser: browser, in: folder).consoleMessages.contains { $0.contains("deliberate") })
    }

    /// Screenshots `page` and returns the PNG and the page's console messages (Chromium logs them to
    /// stderr as `…:CONSOLE(line)] "message"` with `--enable-logging=stderr`).
    static func render(_ page: URL, browser: String, in folder: URL) throws -> (png: Data, consoleMessages: [String]) {
        let png = folder.appendingPathComponent(page.deletingPathExtension().lastPathComponent + ".png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            "--enable-logging=stderr", "--v=0", "--window-size=1280,1800", "--screenshot=\(png.path)", page.absoluteString,
        ]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = String(decoding: stderr.fileHandleForReading.readAllRetryingInterrupts(), as: UTF8.self)
        process.waitUntilExit()
        let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return (try Data(contentsOf: png), console)
    }
}
