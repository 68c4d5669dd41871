// A CPU hint for LinearAlgebra's thread team, which Swift cannot express itself. Header-only: the
// functions inline into the Swift code that calls them (clang compiles them with the module).
#ifndef HEPCHAIN_CPU_HINTS_H
#define HEPCHAIN_CPU_HINTS_H

/// Tells the core it is in a spin-wait loop (x86 `pause`, ARM `yield`): it backs off, saving power and leaving
/// execution resources to the sibling hyper-thread, and leaves the loop without a memory-order mis-speculation.
static inline __attribute__((always_inline)) void hepchain_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
