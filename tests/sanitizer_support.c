/* Sanitizer builds only (GRADSCAPE_SANITIZE compiles this into every executable, cmake/GradscapeTarget.cmake):
   the runtime options every sanitized binary needs, and the GL drivers kept loaded until exit.

   Options: built in, so a test binary or build-asan/gradscape run by hand behaves as under
   scripts/sanitize.sh (ASAN_OPTIONS / LSAN_OPTIONS in the environment still add to them or override them).
   - intercept_tls_get_addr=0: GCC 12's runtime guesses that a dynamic TLS block (Mesa's, which is dlopen()ed)
     starts with a glibc-2.19 header whenever its address happens to be 16 bytes past a page boundary, and
     LeakSanitizer's tracer then scans a garbage range and dies ("Tracer caught signal 11" in
     ScanRangeForPointers; fixed in GCC 14 / LLVM 17). Only dlopen()ed libraries have dynamic TLS: our own
     thread_locals are static TLS in the executable and are still scanned.
   - suppressions: tests/sanitizer.supp, which names GL driver libraries only.
   - print_stacktrace: a UBSan report says where it was reached from.

   Drivers: glvnd and Mesa dlclose() their vendor and driver libraries before exit, and LeakSanitizer, which
   runs at exit, then reports the driver's allocations as leaks from "<unknown module>" that no suppression can
   name. Opened again here with RTLD_NODELETE they stay mapped: their memory stays reachable or is attributed
   to a driver library. Done in the sanitized processes themselves rather than by LD_PRELOAD, which also
   reaches the programs the tests start (xvfb-run's Xvfb, xauth and rm, ffmpeg). */
#define _GNU_SOURCE
#include <dlfcn.h>

#ifndef GRADSCAPE_DRI_DIR
#error "define GRADSCAPE_DRI_DIR, the directory of Mesa's *_dri.so drivers"
#endif
#ifndef GRADSCAPE_LSAN_SUPPRESSIONS
#error "define GRADSCAPE_LSAN_SUPPRESSIONS, the path of tests/sanitizer.supp"
#endif

const char* __asan_default_options(void);
const char* __lsan_default_options(void);
const char* __ubsan_default_options(void);

const char* __asan_default_options(void) { return "intercept_tls_get_addr=0"; }
const char* __lsan_default_options(void) { return "suppressions=" GRADSCAPE_LSAN_SUPPRESSIONS; }
const char* __ubsan_default_options(void) { return "print_stacktrace=1"; }

__attribute__((constructor)) static void keepGlDriversLoaded(void) {
  static const char* const libraries[] = {"libEGL_mesa.so.0", "libGLX_mesa.so.0", GRADSCAPE_DRI_DIR "/swrast_dri.so"};
  for (unsigned i = 0; i < sizeof libraries / sizeof libraries[0]; ++i) dlopen(libraries[i], RTLD_LAZY | RTLD_NODELETE);
}
