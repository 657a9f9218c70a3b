#include "io/dimension_scales.hpp"

#include <hdf5_hl.h>

#include <fmt/format.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace jimsim {

using namespace results_hdf5;

namespace {

// H5DS's names for the two attributes (hdf5_hl's H5DSpublic.h).
constexpr const char* dimension_list = DIMENSION_LIST;
constexpr const char* reference_list = REFERENCE_LIST;

hobj_ref_t reference_to(hid_t object) {
  hobj_ref_t reference{};
  check(H5Rcreate(&reference, object, ".", H5R_OBJECT, H5I_INVALID_HID), "could not make a reference to a dataset");
  return reference;
}

// H5DS's dimension count: a scalar dataset has one.
std::size_t dimension_count(hid_t dataset) {
  const Handle space = checked(H5Dget_space(dataset), "could not read a dataset's dataspace");
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail("could not read a dataset's rank");
  return rank == 0 ? 1 : static_cast<std::size_t>(rank);
}

}  // namespace

DimensionScale::DimensionScale(Handle dataset, const char* name) : dataset_(std::move(dataset)) {
  check(H5DSset_scale(dataset_.get(), name), fmt::format("could not make '{}' a dimension scale", name));
  self_ = reference_to(dataset_.get());
}

void attach_scales(const Handle& dataset, std::initializer_list<DimensionScale*> scales) {
  const std::size_t rank = dimension_count(dataset.get());
  if (scales.size() != rank) throw std::logic_error("attach_scales: one scale (or nullptr) per dimension of the dataset");
  if (H5Aexists(dataset.get(), dimension_list) != 0) throw std::logic_error("attach_scales: the dataset has scales already");
  // As H5DSattach_scale writes it: a variable-length list of object references per dimension.
  std::vector<hvl_t> lists;
  for (DimensionScale* scale : scales) {
    if (scale != nullptr && scale->written_) throw std::logic_error("attach_scales: the scale's references are written already");
    lists.push_back(scale != nullptr ? hvl_t{1, &scale->self_} : hvl_t{0, nullptr});
  }
  const hsize_t length = rank;
  const Handle space = checked(H5Screate_simple(1, &length, nullptr), "could not create a dataspace");
  const Handle type = checked(H5Tvlen_create(H5T_STD_REF_OBJ), "could not create the type of DIMENSION_LIST");
  const Handle attribute = checked(H5Acreate2(dataset.get(), dimension_list, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                                   "could not attach a dimension scale");
  check(H5Awrite(attribute.get(), type.get(), lists.data()), "could not attach a dimension scale");
  const hobj_ref_t self = reference_to(dataset.get());
  std::size_t d = 0;
  for (DimensionScale* scale : scales) {
    if (scale != nullptr) scale->references_.push_back({self, static_cast<int>(d)});
    ++d;
  }
}

void DimensionScale::write_references() {
  if (written_) throw std::logic_error("DimensionScale::write_references called twice");
  written_ = true;
  if (references_.empty()) return;
  // H5DS's compound (H5DS_get_REFLIST_type): the reference, then the dimension as a native int.
  static_assert(sizeof(Reference) == 16 && offsetof(Reference, dimension) == 8, "REFERENCE_LIST's layout");
  const Handle type = checked(H5Tcreate(H5T_COMPOUND, sizeof(Reference)), "could not create the type of REFERENCE_LIST");
  check(H5Tinsert(type.get(), "dataset", offsetof(Reference, dataset), H5T_STD_REF_OBJ), "could not create the type of REFERENCE_LIST");
  check(H5Tinsert(type.get(), "dimension", offsetof(Reference, dimension), H5T_NATIVE_INT), "could not create the type of REFERENCE_LIST");
  const hsize_t length = references_.size();
  const Handle space = checked(H5Screate_simple(1, &length, nullptr), "could not create a dataspace");
  const Handle attribute = checked(H5Acreate2(dataset_.get(), reference_list, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                                   "could not write a dimension scale's references");
  check(H5Awrite(attribute.get(), type.get(), references_.data()), "could not write a dimension scale's references");
}

}  // namespace jimsim
