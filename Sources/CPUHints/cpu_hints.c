// CPUHints is header-only (include/hepchain_cpu_hints.h); SwiftPM needs one source file per C target.
#include "hepchain_cpu_hints.h"
