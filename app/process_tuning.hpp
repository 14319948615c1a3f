// Process-level tuning for the software rasteriser (Mesa's llvmpipe): settings that must be in place before
// the C library or the GL driver starts, and that a GPU driver never sees. docs/performance.md has the A/B
// figure of each.
#pragma once

namespace gradscape::app {

// Whether GL will be llvmpipe: no GPU render node this process can open, or Mesa told to use software.
bool renderingInSoftware();

// Re-executes this process once with glibc's malloc.hugetlb tunable, so the driver's large zero-filled
// buffers fault in 2 MiB at a time, when it pays: rendering in software, the kernel's transparent huge pages
// in "madvise" mode, GLIBC_TUNABLES not already naming it, GRADSCAPE_NO_HUGEPAGES unset. Call before
// anything is read or written: the new process sees the same arguments and standard input. Returns (doing
// nothing) when any of that does not hold or the exec fails.
void reexecWithHugePagesForSoftwareRendering();

// Asks llvmpipe to rasterise on the calling thread (LP_NUM_THREADS=0) unless the user set LP_NUM_THREADS:
// for work whose frames change a few thousand pixels, waking rasteriser threads costs more than it saves.
// Only llvmpipe reads it. Call before the GL context exists.
void rasteriseOnCallingThread();

// Keeps freed memory in the process for the next allocation instead of returning it to the kernel: blocks
// under 64 MiB come from the heap and its top is trimmed only past 256 MiB. The viewer rebuilds buffers of
// megabytes on every edit (a 1024^2 contour grid is 8 MiB); glibc's default maps each afresh and every page
// faults again when touched, which cost a 1024^2 Rastrigin rebuild two thirds of its time on this
// machine's virtualised CPU (docs/performance.md). Call before the allocations it should cover.
void keepFreedMemoryForReuse();

}  // namespace gradscape::app
