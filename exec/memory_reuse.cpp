#include "exec/memory_reuse.hpp"

#include <malloc.h>

namespace jimsim {

void keep_freed_memory_for_reuse() {
  // Setting either threshold turns off glibc's own adjustment of the mmap threshold (which would
  // otherwise follow the largest freed block), so both are set. Blocks below 16 MB (the arrays of
  // up to 2 million families of doubles) come from the heap, whose free top is trimmed only above
  // 1 GB. With the trim threshold alone, every array of 128 kB or more (16,000 families) was mapped
  // and unmapped once per replicate: 50,000 families x 10 replicates spent 0.41 s of 2.7 s in the
  // kernel, 0.12 s after (0.80 of the run's time). Above 16 MB blocks are still mapped on their
  // own: the family records of 50,000 families (17.6 MB, kept from replicate to replicate) in the
  // heap left holes that raised that run's peak from 55 to 66 MB. A million families in one
  // replicate still peak higher (841 against 785 MB): the cohort freed early leaves a hole the
  // arrays cannot use. Failure leaves glibc's default: slower, still correct.
  mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
}

}  // namespace jimsim
