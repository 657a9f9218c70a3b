#include "io/results_update.hpp"

#include <fmt/format.h>

#include "io/atomic_file.hpp"
#include "io/results_hdf5.hpp"
#include "sim/errors.hpp"

namespace jimsim {

using namespace results_hdf5;
namespace fs = std::filesystem;

void update_results_file(const fs::path& results_file, const std::function<void(hid_t root)>& change) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  AtomicFile output(results_file, /*overwrite=*/true);
  std::error_code error;
  fs::copy_file(results_file, output.temporary(), fs::copy_options::overwrite_existing, error);
  if (error) throw OutputError(fmt::format("{}: cannot update the results file: {}", results_file.string(), error.message()));
  try {
    Handle file(H5Fopen(output.temporary().c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    if (!file.valid()) fail("could not open the copy for writing");
    change(file.get());
    if (file.close() < 0) fail("could not write the results file");
  } catch (const Hdf5Failure& e) {
    throw OutputError(fmt::format("{}: {}", results_file.string(), e.what()));
  }
  output.commit();
}

}  // namespace jimsim
