@testable import FeedClassify
import FeedDaemon
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The sifter's seed profiles follow its background: rebuilt once it has grown by a tenth and by
/// 200 documents at least, and then scoring as profiles made afresh on that background.
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

    /// The background sizes the profiles were rebuilt at, item after item: every 200 documents
    /// up to 2,000, then every tenth.
    func testRebuildsComeEveryTwoHundredDocumentsThenEveryTenth() throws {
        let (loaded, _) = LoadedConfig.load(folder + "/feeds.conf")
        let sifter = Sifter(try XCTUnwrap(loaded))
        var builtAt: [Int] = []
        var last = 0
        for k in 0..<2500 {
            _ = sifter.sift(Document(title: "News \(k)", text: "council budget w\(k % 97)"))
            sifter.refreshIfGrown()
            let now = try XCTUnwrap(sifter.topics[0].similarity).background.documents
            if now != last { builtAt.append(now); last = now }
        }
        XCTAssertEqual(builtAt, Array(stride(from: 200, through: 2200, by: 200)) + [2420])
    }

    func testProfilesAreRebuiltAfterTwoHundredDocumentsAndScoreAsNewOnes() throws {
        let (loaded, problems) = LoadedConfig.load(folder + "/feeds.conf")
        XCTAssertEqual(problems, [])
        let sifter = Sifter(try XCTUnwrap(loaded))
        XCTAssertNotNil(sifter.topics[0].similarity)
        let seed = try String(contentsOfFile: folder + "/seeds/seed.txt", encoding: .utf8)
        let probe = Document(title: "Raids in two cities", text: "Agents raided homes and detained immigrants; the city council met.")
        let words = ["council", "budget", "city", "homes", "market", "game", "agents", "storm", "school", "court"]
        func filler(_ k: Int) -> Document {
            Document(title: "News \(k)", text: (0..<8).map { words[($0 * 7 + k) % words.count] }.joined(separator: " "))
        }

        // 150 documents: not enough growth; the profile is still the one made on the empty background.
        for k in 0..<150 {
            XCTAssertFalse(sifter.sift(filler(k))[0].match)
            sifter.refreshIfGrown()
        }
        let early = try XCTUnwrap(sifter.sift(probe)[0].score)
        XCTAssertEqual(early, Similarity(seeds: [seed], background: Background()).score(probe), accuracy: 1e-12)

        // 200 documents (the probe among them): rebuilt on the background as it is then.
        for k in 150..<199 { _ = sifter.sift(filler(k)) }
        sifter.refreshIfGrown()
        XCTAssertEqual(sifter.background.documents, 200)
        let grown = sifter.background
        let late = try XCTUnwrap(sifter.sift(probe)[0].score)
        XCTAssertEqual(late, Similarity(seeds: [seed], background: grown).score(probe), accuracy: 1e-12)
        XCTAssertNotEqual(late, early, accuracy: 1e-6, "200 documents of ordinary words change the weights")
    }
}
