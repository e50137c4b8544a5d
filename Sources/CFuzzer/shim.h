#ifndef FEEDSIFT_CFUZZER_SHIM_H
#define FEEDSIFT_CFUZZER_SHIM_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry for programs that have their own main (https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library).
// SwiftPM links its own `main`, which replaces libFuzzer's, so the fuzz target calls this itself.
// Only defined when linked with -sanitize=fuzzer (`make fuzz`).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
