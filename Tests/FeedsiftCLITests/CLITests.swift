import Foundation
import TestHTTPServer
import XCTest

/// The command line as a user meets it: the built `feedsift` binary, its output and exit codes.
final class CLITests: XCTestCase {
    typealias Run = CLIRun

    func run(_ arguments: [String], stdin: String? = nil) throws -> Run {
        try runFeedsift(arguments, stdin: stdin)
    }

    func temporaryFile(_ text: String, name: String = "feed.xml") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feedsift-cli-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return url.path
    }

    let feed = "<rss version=\"2.0\"><channel><title>Desk</title><item><title>ICE raids</title><link>http://e.com/1</link></item></channel></rss>"

    func testHelpNamesTheParseCommand() throws {
        let r = try run(["--help"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("parse"), r.stdout)
    }

    func testParseHelpDescribesSourcesAndJSON() throws {
        let r = try run(["parse", "--help"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("<sources> ..."), r.stdout)
        XCTAssertTrue(r.stdout.contains("--json"), r.stdout)
        XCTAssertTrue(r.stdout.contains("'-' for standard input"), r.stdout)
    }

    func testReadableSummary() throws {
        let r = try run(["parse", try temporaryFile(feed)])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.hasPrefix("Desk  [rss20, utf-8, 1 item]"), r.stdout)
        XCTAssertTrue(r.stdout.contains("ICE raids"), r.stdout)
    }

    func testJSONIsOneObject() throws {
        let r = try run(["parse", "--json", try temporaryFile(feed)])
        XCTAssertEqual(r.status, 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(object?["format"] as? String, "rss20")
        XCTAssertEqual((object?["items"] as? [Any])?.count, 1)
        XCTAssertNil(object?["source"])
    }

    /// A gzip'd feed file is read for what it holds (it was "not a feed (found <binary>)"); one cut
    /// short is refused by name.
    func testAGzipFileIsReadForWhatItHolds() throws {
        let path = try temporaryFile(feed)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", path]
        try gzip.run()
        gzip.waitUntilExit()
        let r = try run(["parse", path + ".gz"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("Desk  [rss20, utf-8, 1 item]"), r.stdout)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path + ".gz"))
        try whole.prefix(whole.count - 12).write(to: URL(fileURLWithPath: path + ".cut.gz"))
        // What follows the last member and is none is ignored, as gzip -d ignores it.
        try (whole + Data("junk\n".utf8)).write(to: URL(fileURLWithPath: path + ".junk.gz"))
        XCTAssertEqual(try run(["parse", path + ".junk.gz"]).status, 0)
        let cut = try run(["parse", path + ".cut.gz"])
        XCTAssertEqual(cut.status, 1)
        XCTAssertTrue(cut.stderr.contains("a gzip file that does not decompress"), cut.stderr)
    }

    func testNotAFeedExitsOneNamingTheSource() throws {
        let path = try temporaryFile("<!DOCTYPE html><html><body>Not here</body></html>", name: "page.html")
        let r = try run(["parse", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "feedsift: \(path): not a feed (found <html>)\n")
    }

    /// No configuration anywhere: the message says where it was looked for, not only the last
    /// place; a file `export -o` cannot write is named as given, not by a temporary name.
    func testNoConfigurationSaysWhereItLooked() throws {
        let dir = (try temporaryFile("", name: "x")).split(separator: "/").dropLast().joined(separator: "/")
        let r = try runFeedsift(["list"], directory: "/" + dir, environment: ["FEEDSIFT_CONFIG": ""])
        if !FileManager.default.fileExists(atPath: "/etc/feedsift/feeds.conf") {  // else installed here: found
            XCTAssertEqual(r.status, 78)
            XCTAssertTrue(r.stderr.contains("no configuration: give --config PATH, or set FEEDSIFT_CONFIG; feedsift looked for ./feeds.conf, then /etc/feedsift/feeds.conf"), r.stderr)
        }
        let conf = try temporaryFile("[daemon]\nstate = st\n", name: "feeds.conf")
        let e = try run(["export", "--config", conf, "-o", "/nonexistent/dir/x.xml"])
        XCTAssertEqual(e.status, 1)
        XCTAssertEqual(e.stderr, "feedsift: /nonexistent/dir/x.xml: No such file or directory\n")
    }

    /// A page XML cannot read at all (its doctype in small letters) is told as the page it is,
    /// as a page it can read is (it said "found no element").
    func testAnHTMLPageWithALowerCaseDoctypeIsToldAsHTML() throws {
        let path = try temporaryFile("<!doctype html>\n<html><head><title>x</title></head><body><p>hi<br></body></html>", name: "page.html")
        let r = try run(["parse", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "feedsift: \(path): not a feed (found <html>)\n")
    }

    func testUnreadableFileExitsOneWithItsCause() throws {
        let r = try run(["parse", "/nonexistent/feed.xml"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "feedsift: /nonexistent/feed.xml: No such file or directory\n")
    }

    func testSeveralSourcesGiveOneJSONLineEachInOrder() throws {
        let good = try temporaryFile(feed)
        let r = try run(["parse", "--json", good, "/nonexistent/x.xml", good])
        XCTAssertEqual(r.status, 1)
        let lines = r.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0]?["source"] as? String, good)
        XCTAssertEqual(lines[1]?["source"] as? String, "/nonexistent/x.xml")
        XCTAssertEqual(lines[1]?["error"] as? String, "No such file or directory")
        XCTAssertEqual(lines[2]?["format"] as? String, "rss20")
    }

    func testDashReadsStandardInput() throws {
        let r = try run(["parse", "--json", "-"], stdin: feed)
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("\"ICE raids\""), r.stdout)
    }

    func testURLIsFetched() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/rss") { [feed] _ in .init(headers: [("Content-Type", "application/rss+xml")], text: feed) }
        let r = try run(["parse", server.baseURL + "/rss"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("ICE raids"), r.stdout)
    }

    func testHTTPErrorStatusExitsOne() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let r = try run(["parse", server.baseURL + "/gone"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "feedsift: \(server.baseURL)/gone: HTTP 404\n")
    }

    func testMissingSourceIsAUsageError() throws {
        XCTAssertEqual(try run(["parse"]).status, 64)
    }

    func testUnknownOptionIsAUsageError() throws {
        XCTAssertEqual(try run(["parse", "--bogus", "x"]).status, 64)
    }

    /// No command is a usage error (exit 64), not a request for help that exits 0.
    func testNoCommandIsAUsageError() throws {
        let r = try run([])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("give a command"), r.stderr)
        XCTAssertEqual(try run(["--help"]).status, 0)
    }

    /// `--config` is global (interface.md): `parse` takes it, before or after its name, as every
    /// command does (a script passes it to all); parsing reads no configuration.
    func testParseTakesTheGlobalConfigOption() throws {
        let good = try temporaryFile(feed)
        for args in [["--config", "/nonexistent/feeds.conf", "parse", good], ["parse", "--config", "/nonexistent/feeds.conf", good]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stdout.contains("ICE raids"), r.stdout)
        }
    }

    /// A source `classify --json` cannot read gets its reason on its line, as `parse --json`
    /// gives it (each said "could not be read").
    func testClassifyJSONGivesEachFailedSourceItsReason() throws {
        let page = try temporaryFile("<!DOCTYPE html><html><body>Not here</body></html>", name: "page.html")
        let conf = try temporaryFile("[topic t]\nrule = ICE\n", name: "feeds.conf")
        let r = try run(["classify", "--json", "--config", conf, "/nonexistent/x.xml", page])
        XCTAssertEqual(r.status, 1)
        let lines = r.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines[0]?["error"] as? String, "No such file or directory")
        XCTAssertEqual(lines[1]?["error"] as? String, "not a feed (found <html>)")
    }
}

/// What a run of the `feedsift` executable printed and returned.
struct CLIRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The `feedsift` executable built beside the test bundle.
let feedsiftBinary: URL = {
    let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                      Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
    for dir in candidates {
        let url = dir.appendingPathComponent("feedsift")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return candidates[0].appendingPathComponent("feedsift")
}()

func runFeedsift(_ arguments: [String], stdin: String? = nil, directory: String? = nil, environment: [String: String] = [:]) throws -> CLIRun {
    let process = Process()
    process.executableURL = feedsiftBinary
    process.arguments = arguments
    // Tests run under systemd too (a CI runner's service): its journal variables would change how
    // feedsift writes standard error, so the child has them only when a test gives them.
    var inherited = ProcessInfo.processInfo.environment
    inherited["JOURNAL_STREAM"] = nil
    inherited["INVOCATION_ID"] = nil
    process.environment = inherited.merging(environment) { _, new in new }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
               stderr: String(decoding: errData, as: UTF8.self))
}

