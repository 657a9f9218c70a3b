// Adding an analysis (a comparison, a sensitivity analysis) to an existing results file, atomically:
// a copy of the file is changed and then replaces it (the file a symbolic link points to, not the
// link), so an interrupted update leaves the results as they were.
#pragma once

#include <hdf5.h>

#include <filesystem>
#include <functional>

namespace jimsim {

// Opens a copy of `results_file` for writing, hands its root to `change` and puts the copy in
// place. `change` may throw results_hdf5::Hdf5Failure; that, and any failure to copy, close or
// rename, becomes an OutputError naming the file.
void update_results_file(const std::filesystem::path& results_file, const std::function<void(hid_t root)>& change);

}  // namespace jimsim
