// The offline demo's feed server (`make demo`): serves a folder of feed snapshots on 127.0.0.1,
// so that the daemon polls real feeds over real HTTP with no network at all.
//
//   feedsift-demo-server FOLDER PORT    serve FOLDER's files at http://127.0.0.1:PORT/NAME
//   feedsift-demo-server --free-port    print a port nobody listens on now, and exit
import FlyingFox
import FlyingSocks
import Foundation

let arguments = CommandLine.arguments
if arguments.count == 2, arguments[1] == "--free-port" {
    let socket = try Socket(domain: AF_INET, type: .stream)
    try socket.bind(to: .inet(ip4: "127.0.0.1", port: 0))
    guard case let .ip4(_, port) = try socket.sockname() else { exit(1) }
    print(port)
    try socket.close()
    exit(0)
}
guard arguments.count == 3, let port = UInt16(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: feedsift-demo-server FOLDER PORT | --free-port\n".utf8))
    exit(64)
}
let folder = URL(fileURLWithPath: arguments[1]).standardizedFileURL.path
/// FlyingFox's per-request messages are not the demo's to show.
struct Quiet: Logging {
    func logDebug(_ debug: @autoclosure () -> String) {}
    func logInfo(_ info: @autoclosure () -> String) {}
    func logWarning(_ warning: @autoclosure () -> String) {}
    func logError(_ error: @autoclosure () -> String) {}
    func logCritical(_ critical: @autoclosure () -> String) {}
}

let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), logger: Quiet())
await server.appendRoute("GET /*", to: DirectoryHTTPHandler(root: URL(fileURLWithPath: folder), serverPath: "/"))
print("serving \(folder) on http://127.0.0.1:\(port)/")
try await server.run()
