// Every dimension scale attachment in a file, checked both ways by HDF5's own H5DSis_attached: the
// dataset's DIMENSION_LIST names the scale and the scale's REFERENCE_LIST names the dataset and
// dimension. io/dimension_scales.cpp writes a scale's REFERENCE_LIST only when told the last
// dataset is attached; a group whose scales were never told would fail here.
#pragma once

#include <hdf5.h>
#include <hdf5_hl.h>

#include <catch2/catch.hpp>
#include <cstddef>
#include <filesystem>
#include <string>

namespace jimsim::scale_checks {

// The attachments checked; each failing one is a failed CHECK naming the dataset.
inline std::size_t check_every_attachment(const std::filesystem::path& path) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  struct Visit {
    hid_t file;
    std::size_t attachments = 0;
  } visit{file};
  H5Ovisit2(
      file, H5_INDEX_NAME, H5_ITER_NATIVE,
      [](hid_t root, const char* name, const H5O_info_t* info, void* data) -> herr_t {
        auto& v = *static_cast<Visit*>(data);
        if (info->type != H5O_TYPE_DATASET) return 0;
        const hid_t dataset = H5Dopen2(root, name, H5P_DEFAULT);
        if (H5DSis_scale(dataset) <= 0) {
          const hid_t space = H5Dget_space(dataset);
          const int rank = H5Sget_simple_extent_ndims(space);
          H5Sclose(space);
          for (unsigned d = 0; d < static_cast<unsigned>(rank); ++d) {
            struct Pair {
              hid_t dataset;
              unsigned dimension;
              const char* name;
              std::size_t* attachments;
            } pair{dataset, d, name, &v.attachments};
            H5DSiterate_scales(
                dataset, d, nullptr,
                [](hid_t, unsigned, hid_t scale, void* p) -> herr_t {
                  auto& x = *static_cast<Pair*>(p);
                  INFO(x.name << " dimension " << x.dimension);
                  CHECK(H5DSis_attached(x.dataset, scale, x.dimension) > 0);
                  ++*x.attachments;
                  return 0;
                },
                &pair);
          }
        }
        H5Dclose(dataset);
        return 0;
      },
      &visit, H5O_INFO_BASIC);
  H5Fclose(file);
  return visit.attachments;
}

}  // namespace jimsim::scale_checks
