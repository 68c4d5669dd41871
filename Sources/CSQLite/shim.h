#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro around a cast of -1 to a function pointer, which Swift cannot import.
static inline sqlite3_destructor_type hepchain_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_config is variadic.
static inline int hepchain_sqlite_config_multithread(void) { return sqlite3_config(SQLITE_CONFIG_MULTITHREAD); }
