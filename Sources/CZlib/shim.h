#ifndef FEEDSIFT_CZLIB_SHIM_H
#define FEEDSIFT_CZLIB_SHIM_H

#include <zlib.h>

// deflateInit2 is a macro (it passes the library version and the stream's size): a function Swift can call.
static inline int feedsift_deflate_init_gzip(z_stream *s, int level) {
    // windowBits 15 + 16: a gzip wrapper (RFC 1952) rather than zlib's.
    return deflateInit2(s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

// inflateInit2 likewise; windowBits 15 + 16: a gzip wrapper only.
static inline int feedsift_inflate_init_gzip(z_stream *s) {
    return inflateInit2(s, 15 + 16);
}

#endif
