import ArgumentParser
import FeedFetch
import FeedModel
import FeedParse

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feeds and print them.",
        discussion: """
            SOURCE is a file, '-' for standard input, or an http(s) URL. With several sources and \
            --json, one JSON object a line, in order; a source that fails prints {"source", "error"} \
            on its line, and the exit code is 1.
            """
    )

    /// Taken, as by every command (a script gives it to all), and not read: parsing needs no configuration.
    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print the feed as JSON (the form in interface.md).")
    var json = false

    @Argument(help: "Feeds to parse: paths, '-', or http(s) URLs.")
    var sources: [String]

    func validate() throws {
        if sources.isEmpty { throw ValidationError("give at least one SOURCE") }
    }

    func run() throws {
        Batch.keepFreedMemory()
        var failed = false
        let output = Output()
        for source in sources {
            do {
                let document = try Source.read(source)
                let feed = try FeedParser.parse(document.bytes, url: document.url, contentType: document.contentType)
                if json {
                    // The JSON is about as long as the document (it holds the text once, sanitized).
                    var w = JSONWriter(capacity: document.bytes.count + 1024)
                    feed.writeJSON(to: &w, source: sources.count > 1 ? source : nil)
                    output.line(w)
                } else {
                    output.line(Array(Summary.text(of: feed, source: source).utf8))
                }
            } catch {
                failed = true
                output.error("\(source): \(error)")
                if json {
                    var w = JSONWriter()
                    w.beginObject(); w.field("source", source); w.field("error", "\(error)"); w.endObject()
                    output.line(w)
                }
            }
        }
        output.flush()
        if failed { throw ExitCode.failure }
    }
}
