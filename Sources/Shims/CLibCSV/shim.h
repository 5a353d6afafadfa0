// libcsv (Debian: libcsv-dev) installs /usr/include/csv.h and libcsv.so, and no pkg-config file.
#include <csv.h>
