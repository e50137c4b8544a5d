#ifndef FEEDSIFT_CMALLOC_SHIM_H
#define FEEDSIFT_CMALLOC_SHIM_H

#include <malloc.h>

// glibc's mallopt, which Swift's Glibc module does not bring in: keep freed blocks in the heap
// (no mmap for blocks under 64 MiB, no trimming under 128 MiB, 16 MiB of padding on growth).
static inline void feedsift_keep_freed_memory(void) {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
}

#endif
