import FeedDaemon
import XCTest

/// When a feed is polled next: pure arithmetic, with time and chance pinned.
final class ScheduleTests: XCTestCase {
    let now: Int64 = 1_800_000_000

    func testSuccessWaitsTheIntervalPlusAtMostATenthOfJitter() {
        let s = Schedule(every: 900)
        XCTAssertEqual(s.afterSuccess(now: now, maxAge: nil, ttlMinutes: nil, random: 0), now + 900)
        XCTAssertEqual(s.afterSuccess(now: now, maxAge: nil, ttlMinutes: nil, random: 0.999), now + 900 + 89)
    }

    func testJitterIsAtMostFiveMinutes() {
        let s = Schedule(every: 86400)
        XCTAssertEqual(s.afterSuccess(now: now, maxAge: nil, ttlMinutes: nil, random: 0.999), now + 86400 + 299)
    }

    func testMaxAgeAndTTLLengthenButNeverShorten() {
        let s = Schedule(every: 900)
        XCTAssertEqual(s.afterSuccess(now: now, maxAge: 3600, ttlMinutes: nil, random: 0), now + 3600)
        XCTAssertEqual(s.afterSuccess(now: now, maxAge: 60, ttlMinutes: nil, random: 0), now + 900)
        XCTAssertEqual(s.afterSuccess(now: now, maxAge: nil, ttlMinutes: 120, random: 0), now + 7200)
        XCTAssertEqual(s.afterSuccess(now: now, maxAge: nil, ttlMinutes: 1, random: 0), now + 900)
        // A hostile max-age cannot stop polls for more than a day.
        XCTAssertEqual(s.afterSuccess(now: now, maxAge: 999_999_999, ttlMinutes: nil, random: 0), now + 86400)
    }

    func testBackoffDoublesFromTheIntervalAndStopsAtADay() {
        let s = Schedule(every: 900)
        let delays = (1...10).map { s.afterFailure(now: now, failures: $0, retryAfter: nil, random: 0) - now }
        XCTAssertEqual(delays, [900, 1800, 3600, 7200, 14400, 28800, 57600, 86400, 86400, 86400])
        // Never gives up: the thousandth failure still schedules a poll a day later.
        XCTAssertEqual(s.afterFailure(now: now, failures: 1000, retryAfter: nil, random: 0), now + 86400)
    }

    func testBackoffJitterIsBounded() {
        let s = Schedule(every: 900)
        let t = s.afterFailure(now: now, failures: 3, retryAfter: nil, random: 0.999)
        XCTAssertEqual(t, now + 3600 + 299)
    }

    func testAnIntervalLongerThanADayIsItsOwnCap() {
        let s = Schedule(every: 2 * 86400)
        XCTAssertEqual(s.afterFailure(now: now, failures: 5, retryAfter: nil, random: 0), now + 2 * 86400)
    }

    func testRetryAfterIsHonouredWithinAWeek() {
        let s = Schedule(every: 900)
        XCTAssertEqual(s.afterFailure(now: now, failures: 1, retryAfter: 99_999_999, random: 0), now + 7 * 86400)
        XCTAssertEqual(s.afterFailure(now: now, failures: 1, retryAfter: 20_000, random: 0), now + 20_000)
        // A floor, never sooner than the backoff: a server's `Retry-After: 0` or 120 does not speed polls up.
        XCTAssertEqual(s.afterFailure(now: now, failures: 1, retryAfter: 120, random: 0), s.afterFailure(now: now, failures: 1, retryAfter: nil, random: 0))
        XCTAssertEqual(s.afterFailure(now: now, failures: 3, retryAfter: 0, random: 0), s.afterFailure(now: now, failures: 3, retryAfter: nil, random: 0))
    }

    func testRetryAfterReadsSecondsAndHTTPDates() {
        XCTAssertEqual(Schedule.retryAfter("120", now: now), 120)
        XCTAssertEqual(Schedule.retryAfter(" 30 ", now: now), 30)
        // 1_800_000_000 is 2027-01-15T08:00:00Z; ten minutes later:
        XCTAssertEqual(Schedule.retryAfter("Fri, 15 Jan 2027 08:10:00 GMT", now: now), 600)
        XCTAssertEqual(Schedule.retryAfter("Fri, 15 Jan 2027 07:00:00 GMT", now: now), 0)
        XCTAssertNil(Schedule.retryAfter("soon", now: now))
        XCTAssertNil(Schedule.retryAfter(nil, now: now))
    }

    func testMaxAgeIsReadFromCacheControl() {
        XCTAssertEqual(Schedule.maxAge("public, max-age=3600"), 3600)
        XCTAssertEqual(Schedule.maxAge("MAX-AGE=60, must-revalidate"), 60)
        XCTAssertNil(Schedule.maxAge("no-cache"))
        XCTAssertNil(Schedule.maxAge(nil))
    }
}
