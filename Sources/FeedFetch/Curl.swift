internal import CCurl

/// One libcurl easy handle, owned: created in `init`, freed in `deinit`.
/// (https://curl.se/libcurl/c/libcurl-easy.html)
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// CURLOPT_ERRORBUFFER must outlive the transfer: memory we allocate and keep.
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    /// What the handle points into (CURLOPT_HTTPHEADER's list, the objects behind WRITEDATA and
    /// HEADERDATA): freed only after `curl_easy_cleanup`, in `deinit`.
    var headerList: UnsafeMutablePointer<curl_slist>?
    var retained: [Unmanaged<AnyObject>] = []

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    init() throws(FetchError) {
        _ = CurlEasy.globalInit
        guard let h = curl_easy_init() else { throw FetchError.curl(code: -1, message: "curl_easy_init failed") }
        handle = h
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        try set(CURLOPT_NOSIGNAL, 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        for r in retained { r.release() }
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(feedsift_curl_setopt_long(handle, option, value), "setopt \(option.rawValue)")
    }

    func set(_ option: CURLoption, _ value: String) throws(FetchError) {
        // libcurl copies string options (since 7.17.0).
        try check(value.withCString { feedsift_curl_setopt_str(handle, option, $0) }, "setopt \(option.rawValue)")
    }

    func set(_ option: CURLoption, offset value: Int64) throws(FetchError) {
        try check(feedsift_curl_setopt_off(handle, option, curl_off_t(value)), "setopt \(option.rawValue)")
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(FetchError) {
        try check(feedsift_curl_setopt_ptr(handle, option, pointer), "setopt \(option.rawValue)")
    }

    func set(_ option: CURLoption, callback: feedsift_curl_data_cb) throws(FetchError) {
        try check(feedsift_curl_setopt_data_cb(handle, option, callback), "setopt \(option.rawValue)")
    }

    func info(long: CURLINFO) -> Int {
        var v = 0
        _ = feedsift_curl_getinfo_long(handle, long, &v)
        return v
    }

    func info(string: CURLINFO) -> String? {
        var p: UnsafeMutablePointer<CChar>?
        guard feedsift_curl_getinfo_str(handle, string, &p) == CURLE_OK, let p else { return nil }
        return String(cString: p)
    }

    /// A header of the last response (the one after all redirects), via curl_easy_header (7.83+).
    func header(_ name: String) -> String? {
        var out: UnsafeMutablePointer<curl_header>?
        let rc = curl_easy_header(handle, name, 0, UInt32(CURLH_HEADER), -1, &out)
        guard rc == CURLHE_OK, let value = out?.pointee.value else { return nil }
        return String(cString: value)
    }

    func perform() -> CURLcode { curl_easy_perform(handle) }

    /// The message for a failed transfer: libcurl's error buffer, or its text for the code.
    func message(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    /// The one checker of libcurl return codes (style rule 8).
    func check(_ code: CURLcode, _ call: String) throws(FetchError) {
        guard code == CURLE_OK else { throw FetchError.curl(code: Int(code.rawValue), message: "\(call): \(message(for: code))") }
    }
}
