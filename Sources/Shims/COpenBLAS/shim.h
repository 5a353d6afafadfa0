// OpenBLAS (Debian: libopenblas-dev). Debian has no separate libcblas: the CBLAS interface lives in
// libopenblas, and the header is reachable as <cblas.h> through the alternatives system.
#include <cblas.h>
// OpenBLAS extensions to pick the thread count at run time.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
