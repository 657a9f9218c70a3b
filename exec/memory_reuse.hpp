// How the process's allocator treats the memory a replicate frees.
#pragma once

namespace jimsim {

// Keeps the memory a finished replicate frees in the process, for the next replicate on the same
// thread, instead of handing it back to the operating system: glibc by default trims the free top of
// a heap above 128 kB, and the next replicate then pays a page fault and a page of zeroes for every
// 4 kB it touches again (3% of `jimsim run` at 500 families). Peak memory does not change (checked
// at a million families): it is the same replicates' memory, held between them. Call once at the
// start of a program that runs replicates, before any thread starts.
void keep_freed_memory_for_reuse();

}  // namespace jimsim
