// The subset of CBLAS (and two OpenBLAS extensions) that ProfileGAN calls.
//
// OpenBLAS is not linked: COpenBLAS.c loads it with dlopen when the program starts, after choosing
// the kernel for this CPU when OpenBLAS 0.3.21 (Debian 12) would not recognise it. See README.md.
#ifndef PROFILEGAN_COPENBLAS_H
#define PROFILEGAN_COPENBLAS_H

/// OpenBLAS' index type in its LP64 builds (Debian's): a 32-bit int.
typedef int blasint;

enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 };
enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112, CblasConjTrans = 113 };
enum CBLAS_UPLO { CblasUpper = 121, CblasLower = 122 };

void cblas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                 blasint m, blasint n, blasint k, float alpha, const float *a, blasint lda,
                 const float *b, blasint ldb, float beta, float *c, blasint ldc);
void cblas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                 blasint m, blasint n, blasint k, double alpha, const double *a, blasint lda,
                 const double *b, blasint ldb, double beta, double *c, blasint ldc);
void cblas_dgemv(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE trans, blasint m, blasint n, double alpha,
                 const double *a, blasint lda, const double *x, blasint incx, double beta, double *y, blasint incy);
void cblas_dsyrk(enum CBLAS_ORDER order, enum CBLAS_UPLO uplo, enum CBLAS_TRANSPOSE trans, blasint n, blasint k,
                 double alpha, const double *a, blasint lda, double beta, double *c, blasint ldc);
float cblas_sdot(blasint n, const float *x, blasint incx, const float *y, blasint incy);
/// Index (from 0) of the element of smallest absolute value (OpenBLAS extension).
unsigned long cblas_isamin(blasint n, const float *x, blasint incx);

void openblas_set_num_threads(int threads);
int openblas_get_num_threads(void);
/// The kernel family OpenBLAS runs ("Cooperlake", "SkylakeX", "Haswell", "Prescott", …).
const char *openblas_get_corename(void);

/// The kernel ProfileGAN asked OpenBLAS for through OPENBLAS_CORETYPE, or NULL when it left the
/// choice to OpenBLAS (the variable was already set, or the CPU has neither AVX2 nor AVX-512).
const char *profilegan_openblas_forced_coretype(void);
/// Why OpenBLAS could not be loaded, or NULL when it was.
const char *profilegan_openblas_load_error(void);

#endif
