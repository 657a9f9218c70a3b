// How the process's allocator treats the memory a replicate frees.
#pragma once

namespace jimsim {

// Keeps the memory a finished replicate frees in the process, for the next replicate on the same
// thread, instead of handing it back to the operating system: glibc by default trims the free top of
// a heap above 128 kB and maps blocks of 128 kB or more on their own, unmapped when freed, and the
// next replicate then pays a page fault and a page of zeroes for every 4 kB it touches again (3% of
// `jimsim run` at 500 families, 16% at 50,000). Call once at the start of a program that runs
// replicates, before any thread starts.
void keep_freed_memory_for_reuse();

}  // namespace jimsim
