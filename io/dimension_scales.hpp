// Internal to io/ and analysis/: dimension scales written as HDF5's H5DS interface writes them, in
// one pass.
//
// H5DSattach_scale reads the scale's whole REFERENCE_LIST attribute, deletes it and writes it again
// one entry longer at every attachment, so attaching n datasets to one scale costs O(n^2); a
// results file attaches its 112 parameter columns, and every outcome, series and resource-use
// dataset, to shared scales, and that made a fifth of a one-replicate run's time. Here a dataset
// gets its DIMENSION_LIST once, with a scale for each of its dimensions, and a scale gets its
// REFERENCE_LIST once, when all its datasets are attached: the same attributes, with the same
// types and entries in the same order as H5DS would leave them, so h5py's `dims`, xarray (through
// h5netcdf), R's hdf5r and H5DS itself read them as before (tests/test_dimension_scales.cpp
// compares both ways of writing with H5DS's own checks).
#pragma once

#include <hdf5.h>

#include <initializer_list>
#include <vector>

#include "io/hdf5_handle.hpp"

namespace jimsim {

class DimensionScale {
 public:
  // Makes `dataset` a dimension scale with the given name (H5DSset_scale: CLASS and NAME).
  DimensionScale(results_hdf5::Handle dataset, const char* name);

  hid_t get() const { return dataset_.get(); }
  const results_hdf5::Handle& handle() const { return dataset_; }

  // Writes the scale's REFERENCE_LIST: every dataset attached to it, in the order of attachment.
  // Call it once, after the last attachment; a scale nothing was attached to gets none, as with H5DS.
  void write_references();

 private:
  friend void attach_scales(const results_hdf5::Handle& dataset, std::initializer_list<DimensionScale*> scales);

  // One entry of REFERENCE_LIST, laid out as H5DS's own (an object reference, then an int).
  struct Reference {
    hobj_ref_t dataset;
    int dimension;
  };

  results_hdf5::Handle dataset_;
  hobj_ref_t self_{};  // what a dataset's DIMENSION_LIST holds for this scale
  std::vector<Reference> references_;
  bool written_ = false;
};

// Attaches scales[d] to dimension d of `dataset`, for each of its dimensions (nullptr: none for that
// dimension): writes the dataset's DIMENSION_LIST and notes it in each scale's references. The
// dataset must have no DIMENSION_LIST yet, and as many dimensions as scales are given.
void attach_scales(const results_hdf5::Handle& dataset, std::initializer_list<DimensionScale*> scales);

}  // namespace jimsim
