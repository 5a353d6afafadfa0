// Loads OpenBLAS at start-up and forwards the CBLAS calls ProfileGAN makes.
//
// Why not link it: OpenBLAS picks its kernels once, when it is loaded, from the CPU model number.
// OpenBLAS 0.3.21 (Debian 12's) does not know newer models — an Emerald Rapids Xeon (family 6,
// model 207) is run with the generic "Prescott" SSE3 kernels, 3–5× slower than its AVX-512 ones —
// and the only way to choose is the OPENBLAS_CORETYPE variable, read while the library loads. A
// linked library loads before any code of ours runs, so we load it ourselves: when the variable is
// unset, set it from the CPU's features, dlopen OpenBLAS, and unset it again.
#include "COpenBLAS.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static void *library;
static const char *forcedCoretype;
static char loadError[512];

static void (*sgemm)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, blasint, blasint, blasint,
                     float, const float *, blasint, const float *, blasint, float, float *, blasint);
static void (*dgemm)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, blasint, blasint, blasint,
                     double, const double *, blasint, const double *, blasint, double, double *, blasint);
static void (*dgemv)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, blasint, blasint, double, const double *, blasint,
                     const double *, blasint, double, double *, blasint);
static void (*dsyrk)(enum CBLAS_ORDER, enum CBLAS_UPLO, enum CBLAS_TRANSPOSE, blasint, blasint, double,
                     const double *, blasint, double, double *, blasint);
static float (*sdot)(blasint, const float *, blasint, const float *, blasint);
static unsigned long (*isamin)(blasint, const float *, blasint);
static void (*setThreads)(int);
static int (*getThreads)(void);
static char *(*corename)(void);

/// The OpenBLAS kernel family for this CPU's vector units: the AVX-512 kernels with BF16
/// (Cooperlake) or without (SkylakeX), the AVX2 + FMA ones (Haswell), or NULL to let OpenBLAS decide.
static const char *preferredCoretype(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")) {
        return __builtin_cpu_supports("avx512bf16") ? "Cooperlake" : "SkylakeX";
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
    return NULL;
}

static void *resolve(const char *name) {
    void *symbol = dlsym(library, name);
    if (!symbol && !loadError[0]) snprintf(loadError, sizeof loadError, "OpenBLAS has no symbol %s", name);
    return symbol;
}

__attribute__((constructor)) static void loadOpenBLAS(void) {
    if (!getenv("OPENBLAS_CORETYPE")) {
        forcedCoretype = preferredCoretype();
        if (forcedCoretype) setenv("OPENBLAS_CORETYPE", forcedCoretype, 1);
    }
    static const char *const names[] = {
        "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !library; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (forcedCoretype) unsetenv("OPENBLAS_CORETYPE");
    if (!library) {
        const char *reason = dlerror();
        snprintf(loadError, sizeof loadError, "cannot load OpenBLAS (libopenblas.so.0): %s",
                 reason ? reason : "not found");
        return;
    }
    sgemm = resolve("cblas_sgemm");
    dgemm = resolve("cblas_dgemm");
    dgemv = resolve("cblas_dgemv");
    dsyrk = resolve("cblas_dsyrk");
    sdot = resolve("cblas_sdot");
    isamin = resolve("cblas_isamin");
    setThreads = resolve("openblas_set_num_threads");
    getThreads = resolve("openblas_get_num_threads");
    corename = resolve("openblas_get_corename");
}

/// Every call goes through here first: without OpenBLAS there is no way to go on.
static inline void requireOpenBLAS(void) {
    if (__builtin_expect(loadError[0] != 0, 0)) {
        fprintf(stderr, "profilegan: %s. Install OpenBLAS (Debian/Ubuntu: apt-get install libopenblas0).\n", loadError);
        abort();
    }
}

void cblas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                 blasint m, blasint n, blasint k, float alpha, const float *a, blasint lda,
                 const float *b, blasint ldb, float beta, float *c, blasint ldc) {
    requireOpenBLAS();
    sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void cblas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                 blasint m, blasint n, blasint k, double alpha, const double *a, blasint lda,
                 const double *b, blasint ldb, double beta, double *c, blasint ldc) {
    requireOpenBLAS();
    dgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void cblas_dgemv(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE trans, blasint m, blasint n, double alpha,
                 const double *a, blasint lda, const double *x, blasint incx, double beta, double *y, blasint incy) {
    requireOpenBLAS();
    dgemv(order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

void cblas_dsyrk(enum CBLAS_ORDER order, enum CBLAS_UPLO uplo, enum CBLAS_TRANSPOSE trans, blasint n, blasint k,
                 double alpha, const double *a, blasint lda, double beta, double *c, blasint ldc) {
    requireOpenBLAS();
    dsyrk(order, uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
}

float cblas_sdot(blasint n, const float *x, blasint incx, const float *y, blasint incy) {
    requireOpenBLAS();
    return sdot(n, x, incx, y, incy);
}

unsigned long cblas_isamin(blasint n, const float *x, blasint incx) {
    requireOpenBLAS();
    return isamin(n, x, incx);
}

void openblas_set_num_threads(int threads) {
    requireOpenBLAS();
    setThreads(threads);
}

int openblas_get_num_threads(void) {
    requireOpenBLAS();
    return getThreads();
}

const char *openblas_get_corename(void) {
    requireOpenBLAS();
    return corename();
}

const char *profilegan_openblas_forced_coretype(void) { return forcedCoretype; }

const char *profilegan_openblas_load_error(void) { return loadError[0] ? loadError : NULL; }
