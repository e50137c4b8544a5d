internal import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// One finished fetch.
public struct FetchResult: Sendable {
    public var request: FetchRequest
    public var outcome: Result<HTTPResponse, FetchError>
    /// Wall time of the transfer, in seconds.
    public var seconds: Double
}

/// Many GETs at once on one libcurl multi handle, driven by a thread of its own so that the
/// blocking `curl_multi_poll` never sits on a thread anyone else needs
/// (https://curl.se/libcurl/c/libcurl-multi.html).
///
/// At most `parallel` transfers run at once, and at most `perHost` to one host; the rest wait
/// in order. Each result is handed to `deliver` on the fetcher's thread as soon as it is done.
public final class Fetcher: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let parallel: Int
    private let perHost: Int
    private let limits: FetchLimits
    private let deliver: @Sendable (FetchResult) -> Void

    // Shared with the fetcher's thread, under `lock`.
    private let lock = Lock()
    /// Requests wait with the generation they were submitted in. `cancelAll` starts a new
    /// generation: results of older ones are never delivered, and requests submitted after the
    /// cancel (even before the thread has seen it) are not cancelled with the rest.
    private var waiting: [(request: FetchRequest, generation: Int)] = []
    private var generation = 0
    private var cancelRequested = false
    private var stopRequested = false
    private var inFlight = 0  // queued or running in the current generation

    // The fetcher's thread only.
    private var running: [UnsafeMutableRawPointer: (transfer: Transfer, started: Double, generation: Int)] = [:]
    private var perHostRunning: [String: Int] = [:]
    private var thread = pthread_t()

    public init(parallel: Int, perHost: Int, limits: FetchLimits, deliver: @escaping @Sendable (FetchResult) -> Void) {
        _ = try? CurlEasy()  // runs curl_global_init once, before the thread exists
        multi = curl_multi_init()!
        self.parallel = max(1, parallel)
        self.perHost = max(1, perHost)
        self.limits = limits
        self.deliver = deliver
        let box = Unmanaged.passRetained(self)
        pthread_create(&thread, nil, { arg in
            let fetcher = Unmanaged<Fetcher>.fromOpaque(arg!).takeRetainedValue()
            fetcher.loop()
            return nil
        }, box.toOpaque())
    }

    deinit { curl_multi_cleanup(multi) }

    /// Queues requests; they start as the caps allow.
    public func submit(_ requests: [FetchRequest]) {
        lock.locked {
            waiting += requests.map { ($0, generation) }
            inFlight += requests.count
        }
        curl_multi_wakeup(multi)
    }

    /// Queued or running transfers.
    public var pending: Int { lock.locked { inFlight } }

    /// Abandons every transfer submitted so far, queued or running: their results are never
    /// delivered. Requests submitted after it returns run as usual.
    public func cancelAll() {
        lock.locked { cancelLocked() }
        curl_multi_wakeup(multi)
    }

    /// Abandons everything and ends the thread; returns once it has ended.
    public func shutdown() {
        lock.locked { stopRequested = true; cancelLocked() }
        curl_multi_wakeup(multi)
        pthread_join(thread, nil)
    }

    /// Under `lock`: a new generation; the thread removes the older transfers still running.
    private func cancelLocked() {
        generation += 1
        waiting.removeAll()
        inFlight = 0
        cancelRequested = true
    }

    private func loop() {
        while true {
            let (stop, cancel, current, starting) = lock.locked { () -> (Bool, Bool, Int, [(request: FetchRequest, generation: Int)]) in
                let cancel = cancelRequested
                cancelRequested = false
                return (stopRequested, cancel, generation, stopRequested ? [] : takeStartable())
            }
            if cancel { abandonRunning(before: current) }
            if stop { return }
            for (request, generation) in starting { start(request, generation: generation) }
            var stillRunning: Int32 = 0
            curl_multi_perform(multi, &stillRunning)
            // A finished transfer frees a slot: start the next one now, not after the poll's timeout.
            if finishDone() > 0 { continue }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    /// The waiting requests that fit under the caps now, in order (called under `lock`).
    private func takeStartable() -> [(request: FetchRequest, generation: Int)] {
        // Every slot taken (most calls, once the queue is long): nothing to start, no host to work out.
        guard running.count < parallel, !waiting.isEmpty else { return [] }
        var out: [(request: FetchRequest, generation: Int)] = []
        var hosts = perHostRunning
        var total = running.count
        var kept: [(request: FetchRequest, generation: Int)] = []
        for request in waiting {
            guard total < parallel else { kept.append(request); continue }
            let host = request.request.host
            if hosts[host, default: 0] < perHost {
                out.append(request)
                hosts[host, default: 0] += 1
                total += 1
            } else {
                kept.append(request)
            }
        }
        if !out.isEmpty { waiting = kept }
        return out
    }

    private func start(_ request: FetchRequest, generation: Int) {
        perHostRunning[request.host, default: 0] += 1
        do {
            let transfer = try Transfer(request, limits: limits)
            let code = curl_multi_add_handle(multi, transfer.easy.handle)
            guard code == CURLM_OK else {
                finish(request, .failure(.curl(code: Int(code.rawValue), message: String(cString: curl_multi_strerror(code)))),
                       started: monotonicSeconds(), generation: generation)
                return
            }
            running[transfer.easy.handle] = (transfer, monotonicSeconds(), generation)
        } catch {
            finish(request, .failure(error), started: monotonicSeconds(), generation: generation)
        }
    }

    /// Hands every finished transfer to `deliver`; returns how many there were.
    private func finishDone() -> Int {
        var finished = 0
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                  let (transfer, started, generation) = running.removeValue(forKey: handle) else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            finish(transfer.request, transfer.result(code), started: started, generation: generation)
            finished += 1
        }
        return finished
    }

    private func finish(_ request: FetchRequest, _ outcome: Result<HTTPResponse, FetchError>, started: Double, generation: Int) {
        perHostRunning[request.host, default: 1] -= 1
        let delivered = lock.locked { () -> Bool in
            guard generation == self.generation else { return false }  // cancelled meanwhile
            inFlight -= 1
            return true
        }
        if delivered { deliver(FetchResult(request: request, outcome: outcome, seconds: monotonicSeconds() - started)) }
    }

    /// Removes the running transfers of generations before `current`.
    private func abandonRunning(before current: Int) {
        for (handle, entry) in running where entry.generation < current {
            curl_multi_remove_handle(multi, handle)
            running[handle] = nil
            perHostRunning[entry.transfer.request.host, default: 1] -= 1
        }
    }
}
