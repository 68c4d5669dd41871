// The baseline level: the target's default instruction set (SSE2 on x86-64), 4-wide, no FMA, no F16C.
#include <stdlib.h>
#define LANES 4
#define HAS_FMA 0
#define HAS_F16C 0
#define PANEL_TILE_ROWS 3
#define LEVEL_NAME "baseline"
#define ACCESSOR hepchain_vector_kernels_baseline
#include "vector_kernels_body.h"
