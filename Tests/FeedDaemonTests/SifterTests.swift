@testable import FeedClassify
import FeedDaemon
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The sifter's seed profiles follow its background: rebuilt once it has grown by a tenth (by one
/// document at least), and then scoring as profiles made afresh on that background.
final class SifterTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/feedsift-sifter-XXXXXX".utf8CString)
        folder = String(cString: mkdtemp(&template))
        mkdir(folder + "/seeds", 0o755)
        let seed = "ICE raids sanctuary cities\n\nImmigration agents raided homes in sanctuary cities, detaining immigrants for deportation.\n"
        XCTAssertTrue(FileManager.default.createFile(atPath: folder + "/seeds/seed.txt", contents: Data(seed.utf8)))
        let conf = "[daemon]\nstate = state\n\n[feeds]\nhttp://127.0.0.1:9/feed.xml\n\n[topic immigration]\nrule = raid* OR deport*\nseeds = seeds\n"
        XCTAssertTrue(FileManager.default.createFile(atPath: folder + "/feeds.conf", contents: Data(conf.utf8)))
    }

    override func tearDown() { _ = system("rm -rf '\(folder)'") }

    /// The background sizes the profiles were rebuilt at, item after item: after each of the
    /// first twenty documents (a tenth of fewer is less than one), then each time the background
    /// has grown by a tenth; so the profiles never lag more than a tenth behind, and 2,500
    /// documents cost tens of rebuilds, not thousands.
    func testRebuildsComeWhenTheBackgroundHasGrownByATenth() throws {
        let (loaded, _) = LoadedConfig.load(folder + "/feeds.conf")
        let sifter = Sifter(try XCTUnwrap(loaded))
        var builtAt: [Int] = []
        var last = 0
        for k in 0..<2500 {
            _ = sifter.sift(Document(title: "News \(k)", text: "council budget w\(k % 97)"))
            let now = try XCTUnwrap(sifter.topics[0].similarity).background.documents
            XCTAssertGreaterThanOrEqual(now * 11, (k + 1) * 10, "at most a tenth behind after \(k + 1)")
            if now != last { builtAt.append(now); last = now }
        }
        XCTAssertEqual(Array(builtAt.prefix(22)), Array(1...20) + [22, 24])
        XCTAssertEqual(builtAt.last, 2286)
        XCTAssertLessThan(builtAt.count, 80)
    }

    /// A feed's items are sifted together: each is scored against a background holding all of
    /// them, as `classify` scores a file, not against the background from before the feed (for a
    /// fresh state, none at all).
    func testAFeedsItemsAreScoredAgainstABackgroundHoldingThemAll() throws {
        let (loaded, problems) = LoadedConfig.load(folder + "/feeds.conf")
        XCTAssertEqual(problems, [])
        let sifter = Sifter(try XCTUnwrap(loaded))
        let seed = try String(contentsOfFile: folder + "/seeds/seed.txt", encoding: .utf8)
        let feed = [Document(title: "Raids in two cities", text: "Agents raided homes and detained immigrants; the city council met."),
                    Document(title: "Council budget", text: "The city council passed its budget for schools."),
                    Document(title: "Deportations rise", text: "Immigration courts ordered more removals this year.")]
        let (verdicts, giveUps) = sifter.sift(feed)
        XCTAssertTrue(giveUps.isEmpty)
        var background = Background()
        for doc in feed { background.add(doc) }
        let expected = Similarity(seeds: [seed], background: background)
        // Scored where the rule holds (the first and the last; the rule decides the second).
        for k in [0, 2] {
            XCTAssertEqual(try XCTUnwrap(verdicts[k][0].score), expected.score(feed[k]), accuracy: 1e-12)
        }
        XCTAssertNotEqual(try XCTUnwrap(verdicts[0][0].score), Similarity(seeds: [seed], background: Background()).score(feed[0]),
                          accuracy: 1e-6, "an empty background weighs words otherwise")
        // The next feed: the background holds both.
        let next = [Document(title: "Police raid a market", text: "Shares of the chain fell in the morning.")]
        let later = sifter.sift(next).verdicts
        for doc in next { background.add(doc) }
        XCTAssertEqual(try XCTUnwrap(later[0][0].score), Similarity(seeds: [seed], background: background).score(next[0]), accuracy: 1e-12)
    }

    /// A background past its limit loses its rarest words when asked (at a save), and the
    /// profiles are made again on what is left.
    func testALargeBackgroundIsPruned() throws {
        let (loaded, _) = LoadedConfig.load(folder + "/feeds.conf")
        let sifter = Sifter(try XCTUnwrap(loaded))
        for k in 0..<40 { _ = sifter.sift(Document(title: "News \(k)", text: "council budget unique\(k)")) }
        // news, council, budget, and 40 words of one document each (unique0…, and numbers).
        let before = sifter.background.vocabulary
        XCTAssertGreaterThan(before, 43)
        sifter.pruneIfLarge(limit: before)
        XCTAssertEqual(sifter.background.vocabulary, before, "at the limit: kept")
        sifter.pruneIfLarge(limit: 40)
        XCTAssertEqual(Set(sifter.background.frequencies.keys), ["news", "council", "budget"])
        XCTAssertEqual(sifter.background.documents, 40)
        XCTAssertEqual(try XCTUnwrap(sifter.topics[0].similarity).background.vocabulary, 3, "profiles made on the pruned background")
    }
}
