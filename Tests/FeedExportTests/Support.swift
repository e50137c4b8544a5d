import Foundation
import XCTest
import FeedModel
import FeedExport

let fixtures: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

func fixture(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: fixtures.appendingPathComponent(path)))
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// 2026-11-29T10:00:00Z, a Sunday.
let matchedAt = Timestamp(year: 2026, month: 11, day: 29, hour: 10)!
/// 2026-11-28T08:30:00Z.
let publishedAt = Timestamp(year: 2026, month: 11, day: 28, hour: 8, minute: 30)!

func match(id: String = "7f3a9c2e00000001", title: String = "ICE raids in Chicago",
           link: String? = "https://example.org/story/1", summaryHTML: String? = "<p>Agents <b>detained</b> 12 people.</p>",
           text: String = "Agents detained 12 people.", published: Timestamp? = publishedAt) -> ExportEntry {
    ExportEntry(id: id, title: title, link: link, summaryHTML: summaryHTML, text: text, published: published,
                matched: matchedAt, topic: "immigration-policy", score: 0.41, hits: ["ICE", "deport"],
                sourceURL: "https://example.org/rss.xml", sourceTitle: "Example News")
}

func feed(_ entries: [ExportEntry]) -> ExportFeed {
    ExportFeed(title: "feedsift: immigration-policy", id: "tag:feedsift,2026:topic/immigration-policy",
               selfURL: "http://127.0.0.1:8377/topics/immigration-policy.atom", updated: matchedAt,
               topic: "immigration-policy", entries: entries)
}

/// Runs `jing -c atom.rnc FILE` on the bytes; returns jing's exit code and its report (standard
/// output: one line per error). Standard error is left out: Debian's java-wrappers print
/// "Unable to locate xml-apis" warnings there about optional jars jing does not need.
/// jing missing is a failure, not a skip: `make test` installs it (Debian package `jing`).
func jing(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> (Int32, String) {
    let path = ["/usr/bin/jing", "/usr/local/bin/jing"].first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let path else {
        XCTFail("jing is not installed: `apt-get install jing` (make test installs it)", file: file, line: line)
        return (-1, "")
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feedsift-export-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let document = dir.appendingPathComponent("feed.atom")
    try Data(bytes).write(to: document)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["-c", fixtures.appendingPathComponent("atom.rnc").path, document.path]
    let report = Pipe()
    process.standardOutput = report
    process.standardError = FileHandle.nullDevice
    try process.run()
    let output = report.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// Undoes one level of XML/HTML escaping, numeric references included, to look for markup
/// hidden behind it.
func unescaped(_ s: String) -> String {
    var out = s
    for (ref, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#60;", "<"), ("&#x3c;", "<"), ("&#x3C;", "<")] {
        out = out.replacingOccurrences(of: ref, with: char)
    }
    return out.replacingOccurrences(of: "&amp;", with: "&")
}
