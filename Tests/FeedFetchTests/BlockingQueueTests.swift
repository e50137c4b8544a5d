import FeedFetch
import XCTest

/// The queue between the fetcher's thread and the pipeline.
final class BlockingQueueTests: XCTestCase {
    final class Body {}

    func testAPoppedElementIsFreedAtOnceEvenWhileTheQueueNeverEmpties() {
        // The daemon's queue is rarely empty in a busy poll: a popped feed body must not stay
        // referenced by the queue until it drains (that held every body of a cold poll).
        let queue = BlockingQueue<Body>()
        weak var first: Body?
        do {
            let b = Body()
            first = b
            queue.push(b)
        }
        queue.push(Body())
        _ = queue.pop(timeout: 0)
        XCTAssertNil(first, "the queue still holds the popped element")
    }

    func testOrderIsKeptAcrossCompaction() {
        let queue = BlockingQueue<Int>()
        var out: [Int] = []
        for i in 0..<500 {
            queue.push(i)
            if i % 3 == 0, let x = queue.pop(timeout: 0) { out.append(x) }
        }
        while let x = queue.pop(timeout: 0) { out.append(x) }
        XCTAssertEqual(out, Array(0..<500))
    }

    func testPopWaitsForAPushFromAnotherThread() {
        let queue = BlockingQueue<Int>()
        Thread.detachNewThread { usleep(100_000); queue.push(7) }
        XCTAssertEqual(queue.pop(timeout: 5), 7)
        XCTAssertNil(queue.pop(timeout: 0.05))
    }
}
