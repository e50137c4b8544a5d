internal import CCurl

/// Limits on one transfer: what a hostile or broken server can make us wait for or hold.
public struct FetchLimits: Sendable {
    public var connectTimeout = 15
    public var totalTimeout = 60
    /// Abort when fewer than `lowSpeedBytes` arrive per second for `lowSpeedSeconds` (slow-loris servers).
    public var lowSpeedBytes = 10
    public var lowSpeedSeconds = 20
    /// Largest body accepted, counted after decompression.
    public var maxBytes = 16 << 20
    public var maxRedirects = 5
    public init() {}
}

/// What a server answered.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
    /// The URL after redirects.
    public var effectiveURL: String
    public var contentType: String?
    public var contentLocation: String?
    public var etag: String?
    public var lastModified: String?
    public var retryAfter: String?
    public var cacheControl: String?
    /// The status of each redirect followed, in order (empty when none).
    public var redirects: [Int] = []
}

public enum FetchError: Error, Equatable, CustomStringConvertible {
    case curl(code: Int, message: String)
    /// The body went past the limit; `status` is what the server answered (0: not known).
    case tooLarge(limit: Int, status: Int = 0)
    case httpStatus(Int)

    /// The HTTP status the server answered before the transfer failed, when it got that far.
    public var status: Int? {
        switch self {
        case let .tooLarge(_, status): status > 0 ? status : nil
        case let .httpStatus(code): code
        case .curl: nil
        }
    }

    public var description: String {
        switch self {
        case let .curl(_, message): return message
        case let .tooLarge(limit, _): return "body larger than \(limit) bytes"
        case let .httpStatus(code): return "HTTP \(code)"
        }
    }
}

/// One blocking GET with libcurl's easy interface, for commands that read a single URL
/// (`feedsift parse URL`). The daemon fetches many at once with `Fetcher`.
public enum HTTPGet {
    public static func fetch(_ url: String, limits: FetchLimits = FetchLimits()) throws(FetchError) -> HTTPResponse {
        let transfer = try Transfer(FetchRequest(url: url), limits: limits)
        return try transfer.result(transfer.easy.perform()).get()
    }
}
