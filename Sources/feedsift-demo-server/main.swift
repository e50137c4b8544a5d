// The offline demo's feed server (`make demo`): serves a folder of feed snapshots on 127.0.0.1,
// so that the daemon polls real feeds over real HTTP with no network at all.
//
//   feedsift-demo-server FOLDER PORT    serve FOLDER's files at http://127.0.0.1:PORT/NAME
//   feedsift-demo-server --free-port    print a port nobody listens on now, and exit
//
// The daemon's own HTTP server (`FeedServer`) serves them: a file a path, by its name only.
import FeedDaemon
import FeedServe
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
if arguments.count == 2, arguments[1] == "--free-port" {
    // Bind port 0 and read back the port the kernel chose.
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var a = sockaddr_in()
    a.sin_family = sa_family_t(AF_INET)
    a.sin_addr.s_addr = inet_addr("127.0.0.1")
    var size = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &a) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) == 0 && getsockname(fd, $0, &size) == 0 }
    }
    guard ok else { exit(1) }
    print(UInt16(bigEndian: a.sin_port))
    close(fd)
    exit(0)
}
guard arguments.count == 3, let port = UInt16(arguments[2]) else {
    let usage = Array("usage: feedsift-demo-server FOLDER PORT | --free-port\n".utf8)
    _ = write(2, usage, usage.count)
    exit(64)
}
let folder = arguments[1]

/// `GET /NAME` (or HEAD): the file NAME of the folder; no other path, so nothing outside it.
let server = try FeedServer(listen: "127.0.0.1:\(port)") { method, path, _, _ in
    func text(_ status: Int, _ s: String) -> ServedResponse {
        ServedResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(s.utf8))
    }
    guard method == "GET" || method == "HEAD" else { return text(405, "method not allowed\n") }
    let name = String(path.dropFirst().prefix { $0 != "?" })
    guard path.hasPrefix("/"), !name.isEmpty, !name.hasPrefix("."), !name.contains("/"),
          let bytes = try? readFile(folder + "/" + name) else { return text(404, "not found\n") }
    let type = name.hasSuffix(".json") ? "application/feed+json" : name.hasSuffix(".xml") ? "application/xml" : "application/octet-stream"
    return ServedResponse(status: 200, headers: [("Content-Type", type)], body: bytes)  // HEAD: the server sends no body
}
try server.start()
let started = Array("serving \(folder) on http://127.0.0.1:\(port)/\n".utf8)
_ = write(1, started, started.count)
// Serves until killed (the demo script stops it).
while true { sleep(3600) }
