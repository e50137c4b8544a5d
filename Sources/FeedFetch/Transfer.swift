internal import CCurl
internal import FeedModel

/// What a poll asks for: a URL and the validators of the last answer (conditional GET).
public struct FetchRequest: Sendable {
    /// The caller's tag (the feed's row id), handed back with the result.
    public var tag: Int64
    public var url: String
    public var etag: String?
    public var lastModified: String?

    public init(tag: Int64 = 0, url: String, etag: String? = nil, lastModified: String? = nil) {
        self.tag = tag; self.url = url; self.etag = etag; self.lastModified = lastModified
    }

    /// The host the per-host cap counts against: between `//` (and credentials) and the next
    /// `/`, `:`, `?` or `#`.
    var host: String {
        let url = PublicURL.withoutCredentials(url)
        var rest = Substring(url)
        if let r = rest.firstRange(of: "://") { rest = rest[r.upperBound...] }
        return String(rest.prefix { $0 != "/" && $0 != ":" && $0 != "?" && $0 != "#" }).lowercased()
    }
}

/// One GET on one easy handle, set up with every limit; performed by `HTTPGet` (blocking) or
/// by `Fetcher` (many at once on a multi handle). Owns what libcurl points into while it runs.
final class Transfer {
    let request: FetchRequest
    let easy: CurlEasy
    let limits: FetchLimits
    let body: BodySink
    let statuses = StatusSink()

    init(_ request: FetchRequest, limits: FetchLimits) throws(FetchError) {
        self.request = request
        self.limits = limits
        easy = try CurlEasy()
        body = BodySink(limit: limits.maxBytes)
        let bodyPointer = Unmanaged.passRetained(body as AnyObject)
        let statusPointer = Unmanaged.passRetained(statuses as AnyObject)
        easy.retained = [bodyPointer, statusPointer]
        try easy.set(CURLOPT_URL, request.url)
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
        try easy.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))  // HTTP/2 where TLS offers it
        try easy.set(CURLOPT_USERAGENT, FeedsiftVersion.userAgent)
        try easy.set(CURLOPT_WRITEDATA, pointer: bodyPointer.toOpaque())
        try easy.set(CURLOPT_WRITEFUNCTION, callback: { data, size, count, userdata in
            Unmanaged<BodySink>.fromOpaque(userdata!).takeUnretainedValue().append(data, size * count)
        })
        try easy.set(CURLOPT_HEADERDATA, pointer: statusPointer.toOpaque())
        try easy.set(CURLOPT_HEADERFUNCTION, callback: { data, size, count, userdata in
            Unmanaged<StatusSink>.fromOpaque(userdata!).takeUnretainedValue().header(data, size * count)
        })
        var lines: [String] = []
        if let etag = request.etag { lines.append("If-None-Match: \(etag)") }
        if let lastModified = request.lastModified { lines.append("If-Modified-Since: \(lastModified)") }
        for line in lines where !line.contains("\r") && !line.contains("\n") { easy.headerList = curl_slist_append(easy.headerList, line) }
        if let list = easy.headerList { try easy.set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(list)) }
    }

    /// The answer, once libcurl has finished with code `code`.
    func result(_ code: CURLcode) -> Result<HTTPResponse, FetchError> {
        let status = easy.info(long: CURLINFO_RESPONSE_CODE)
        let overflowed = body.overflowed || code == CURLE_FILESIZE_EXCEEDED
        // An error's page is not read: a 410 or a 404 with a page past the limit is the 410 or
        // the 404 (it read as "body larger than" the limit, and a gone feed was polled on). A
        // redirect's page past it stays too large: the transfer stopped before the redirect.
        if overflowed, status < 400 {
            return .failure(.tooLarge(limit: limits.maxBytes, status: status))
        }
        guard code == CURLE_OK || (overflowed && status >= 400) else {
            return .failure(.curl(code: Int(code.rawValue), message: easy.message(for: code)))
        }
        return .success(HTTPResponse(
            status: status, body: overflowed ? [] : body.bytes,
            effectiveURL: easy.info(string: CURLINFO_EFFECTIVE_URL) ?? request.url,
            contentType: easy.info(string: CURLINFO_CONTENT_TYPE),
            contentLocation: easy.header("Content-Location"),
            etag: easy.header("ETag"), lastModified: easy.header("Last-Modified"),
            retryAfter: easy.header("Retry-After"), cacheControl: easy.header("Cache-Control"),
            redirects: statuses.redirects))
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

/// Reads the status line of each response libcurl sees, so that we know which redirects it
/// followed: a feed moves only when every one of them was permanent (301, 308).
final class StatusSink {
    private(set) var statuses: [Int] = []

    /// Every 3xx but 304, in order.
    var redirects: [Int] { statuses.dropLast().filter { (300..<400).contains($0) && $0 != 304 } }

    func header(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard let data, count > 9 else { return count }
        data.withMemoryRebound(to: UInt8.self, capacity: count) { p in
            // "HTTP/1.1 301 …" or "HTTP/2 301 …"
            guard p[0] == 0x48, p[1] == 0x54, p[2] == 0x54, p[3] == 0x50, p[4] == 0x2F else { return }
            var i = 5
            while i < count, p[i] != 0x20 { i += 1 }
            var code = 0
            var digits = 0
            i += 1
            while i < count, digits < 3, (0x30...0x39).contains(p[i]) { code = code * 10 + Int(p[i] - 0x30); i += 1; digits += 1 }
            if digits == 3, code >= 200 { statuses.append(code) }  // 1xx are interim answers
        }
        return count
    }
}
