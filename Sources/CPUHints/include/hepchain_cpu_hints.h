// CPU hints for LinearAlgebra's kernels and thread team, which Swift cannot express itself. Header-only: the
// functions inline into the Swift code that calls them (clang compiles them with the module).
#ifndef HEPCHAIN_CPU_HINTS_H
#define HEPCHAIN_CPU_HINTS_H

/// Asks the core to start loading the cache line holding `address` into L2 (x86 `prefetcht1`) without waiting
/// for it and without faulting: a hint, so any address is allowed.
static inline __attribute__((always_inline)) void hepchain_prefetch_l2(const void *address) {
    __builtin_prefetch(address, 0, 2);
}

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
