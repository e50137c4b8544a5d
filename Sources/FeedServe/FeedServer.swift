import FeedDaemon
import FeedFetch
internal import FlyingFox
internal import FlyingSocks
import Logging
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP side of the daemon (`listen` in `[daemon]`): FlyingFox on the Swift concurrency
/// pool, every request handed to `FeedService`. The daemon's loop never waits on it.
public final class FeedServer: @unchecked Sendable {
    let service: FeedService
    private let server: HTTPServer
    public let address: String

    public struct ListenError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `listen` is `HOST:PORT` (`127.0.0.1:8377`, `[::1]:8377`).
    public init(listen: String, service: FeedService) throws(ListenError) {
        self.service = service
        address = listen
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]) else {
            throw ListenError(description: "listen = \(listen): expected HOST:PORT")
        }
        var host = String(listen[..<colon])
        do {
            if host.hasPrefix("[") && host.hasSuffix("]") {
                host = String(host.dropFirst().dropLast())
                server = HTTPServer(address: try .inet6(ip6: host, port: port), timeout: 15, logger: ServerLog())
            } else {
                server = HTTPServer(address: try .inet(ip4: host.isEmpty || host == "localhost" ? "127.0.0.1" : host, port: port), timeout: 15,
                                    logger: ServerLog())
            }
        } catch {
            throw ListenError(description: "listen = \(listen): \(error)")
        }
    }

    /// Starts listening; returns once the socket listens, or throws why it cannot (port taken…).
    public func start() throws(ListenError) {
        let outcome = BlockingQueue<String?>()
        let server = self.server
        let service = self.service
        Task.detached {
            await server.appendRoute("*") { request in
                var headers: [String: String] = [:]
                for (name, value) in request.headers { headers[name.rawValue] = value }
                let r = service.respond(method: request.method.rawValue, path: request.path, headers: headers, now: Int64(time(nil)))
                var out = HTTPHeaders()
                for (name, value) in r.headers { out.addValue(value, for: HTTPHeader(name)) }
                if request.method == .HEAD, let length = r.header("Content-Length") { out[HTTPHeader("Content-Length")] = length }
                return HTTPResponse(statusCode: HTTPStatusCode(r.status, phrase: FeedServer.phrase(r.status)), headers: out, body: Data(r.body))
            }
            do {
                try await server.run()
            } catch {
                outcome.push("\(error)")
            }
        }
        Task.detached {
            do {
                try await server.waitUntilListening(timeout: 5)
                outcome.push(nil)
            } catch {
                outcome.push("not listening after 5 seconds: \(error)")
            }
        }
        if case let problem?? = outcome.pop(timeout: 10) {
            throw ListenError(description: "cannot listen on \(address): \(problem)")
        }
    }

    /// Stops accepting; connections in flight get a second to finish.
    public func stop() {
        let done = BlockingQueue<Bool>()
        let server = self.server
        Task.detached {
            await server.stop(timeout: 1)
            done.push(true)
        }
        _ = done.pop(timeout: 2)
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 304: return "Not Modified"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 501: return "Not Implemented"
        default: return "Service Unavailable"
        }
    }
}

/// FlyingFox's own messages: its warnings and errors (a broken connection, a bad request) go to
/// the daemon's log; its per-request chatter does not.
struct ServerLog: FlyingSocks.Logging {
    let log = Logger(label: "feedsift.http")
    func logDebug(_ debug: @autoclosure () -> String) {}
    func logInfo(_ info: @autoclosure () -> String) {}
    func logWarning(_ warning: @autoclosure () -> String) { log.debug("http: \(warning())") }
    func logError(_ error: @autoclosure () -> String) { report(error()) }
    func logCritical(_ critical: @autoclosure () -> String) { report(critical()) }

    /// The listening socket closing at `stop()` is reported as an error by FlyingFox; it is not one.
    func report(_ message: String) {
        if message.contains("Disconnected") || message.contains("CancellationError") { log.debug("http: \(message)") } else { log.warning("http: \(message)") }
    }
}
