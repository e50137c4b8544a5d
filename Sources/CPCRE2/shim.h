#ifndef FEEDSIFT_CPCRE2_SHIM_H
#define FEEDSIFT_CPCRE2_SHIM_H

// PCRE2 for the rule language's /regex/: its 8-bit library, whose functions Swift sees under
// their full names (pcre2_compile_8 and so on; the short names are macros).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#endif
