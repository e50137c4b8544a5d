internal import CCurl
public import FeedModel

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
}

public enum FetchError: Error, Equatable, CustomStringConvertible {
    case curl(code: Int, message: String)
    case tooLarge(limit: Int)
    case httpStatus(Int)

    public var description: String {
        switch self {
        case let .curl(_, message): return message
        case let .tooLarge(limit): return "body larger than \(limit) bytes"
        case let .httpStatus(code): return "HTTP \(code)"
        }
    }
}

/// One blocking GET with libcurl's easy interface, for commands that read a single URL
/// (`feedsift parse URL`). The daemon's many-at-once fetcher is built on the multi interface.
public enum HTTPGet {
    public static func fetch(_ url: String, limits: FetchLimits = FetchLimits()) throws(FetchError) -> HTTPResponse {
        let easy = try CurlEasy()
        let sink = BodySink(limit: limits.maxBytes)
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        try easy.set(CURLOPT_URL, url)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_FOLLOWLOCATION, 1)
        try easy.set(CURLOPT_MAXREDIRS, limits.maxRedirects)
        try easy.set(CURLOPT_CONNECTTIMEOUT, limits.connectTimeout)
        try easy.set(CURLOPT_TIMEOUT, limits.totalTimeout)
        try easy.set(CURLOPT_LOW_SPEED_LIMIT, limits.lowSpeedBytes)
        try easy.set(CURLOPT_LOW_SPEED_TIME, limits.lowSpeedSeconds)
        try easy.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(limits.maxBytes))
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")  // every encoding libcurl decodes
        try easy.set(CURLOPT_USERAGENT, FeedsiftVersion.userAgent)
        try easy.set(CURLOPT_WRITEDATA, pointer: unmanaged.toOpaque())
        try easy.set(CURLOPT_WRITEFUNCTION, callback: { data, size, count, userdata in
            Unmanaged<BodySink>.fromOpaque(userdata!).takeUnretainedValue().append(data, size * count)
        })
        let code = easy.perform()
        if sink.overflowed || code == CURLE_FILESIZE_EXCEEDED { throw FetchError.tooLarge(limit: limits.maxBytes) }
        try easy.check(code, url)
        return HTTPResponse(status: easy.info(long: CURLINFO_RESPONSE_CODE), body: sink.bytes,
                            effectiveURL: easy.info(string: CURLINFO_EFFECTIVE_URL) ?? url,
                            contentType: easy.info(string: CURLINFO_CONTENT_TYPE),
                            contentLocation: easy.header("Content-Location"),
                            etag: easy.header("ETag"), lastModified: easy.header("Last-Modified"))
    }
}

/// Collects a response body, refusing to grow past the limit. libcurl hands us decompressed
/// bytes, so this is the cap that stops a gzip bomb (CURLOPT_MAXFILESIZE only sees Content-Length).
final class BodySink {
    var bytes: [UInt8] = []
    var overflowed = false
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func append(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard let data else { return count }
        if bytes.count + count > limit {
            overflowed = true
            return 0  // anything but `count` makes libcurl abort with CURLE_WRITE_ERROR
        }
        data.withMemoryRebound(to: UInt8.self, capacity: count) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
        }
        return count
    }
}
