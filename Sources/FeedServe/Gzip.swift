internal import CZlib

/// gzip (RFC 1952) with zlib, for responses to clients that accept it, and for a feed file that
/// is gzip'd (`feedsift parse feed.xml.gz`).
public enum Gzip {
    /// Whether bytes start as a gzip file does.
    public static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// The bytes a gzip file holds (several members one after another, as gzip writes them), at
    /// most `limit` of them: nil when they do not inflate, or inflate past it (a gzip bomb).
    public static func decompress(_ input: [UInt8], limit: Int) -> [UInt8]? {
        var output: [UInt8] = []
        var input = input
        var offset = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while offset < input.count {
            var stream = z_stream()
            guard feedsift_inflate_init_gzip(&stream) == Z_OK else { return nil }
            defer { inflateEnd(&stream) }
            var status = Z_OK
            let used: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
                stream.next_in = inBuffer.baseAddress! + offset
                stream.avail_in = uInt(inBuffer.count - offset)
                while status == Z_OK {
                    let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuffer in
                        stream.next_out = outBuffer.baseAddress
                        stream.avail_out = uInt(outBuffer.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        return outBuffer.count - Int(stream.avail_out)
                    }
                    output += chunk[0..<produced]
                    if output.count > limit { return nil }
                    if status == Z_BUF_ERROR, stream.avail_in == 0 { return nil }  // cut short
                }
                return status == Z_STREAM_END ? inBuffer.count - offset - Int(stream.avail_in) : nil
            }
            guard let used else { return nil }
            offset += used
            // What follows the last member and is no member (zeros of a padded file, garbage) is
            // ignored, as `gzip -d` ignores it.
            if !isGzip(Array(input[offset...].prefix(2))) { break }
        }
        return output
    }

    static func compress(_ input: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        guard feedsift_deflate_init_gzip(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        var input = input
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return deflate(&stream, Z_FINISH)  // the bound guarantees one call is enough
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}
