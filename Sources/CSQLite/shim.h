#ifndef FEEDSIFT_CSQLITE_SHIM_H
#define FEEDSIFT_CSQLITE_SHIM_H

#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro that Swift does not import: tell sqlite3_bind_* to copy.
static inline sqlite3_destructor_type feedsift_sqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
