// Internal to io/ and analysis/: the thin checked layer over HDF5's C interface that every results
// file reader and writer goes through, so they cannot disagree about a type: types, property lists,
// attributes, strings, columns, on the owned handles and checked calls of io/hdf5_handle.hpp. Not
// part of the library's interface (see io/results_file.hpp and docs/results-format.md).
#pragma once

#include <hdf5.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/hdf5_handle.hpp"
#include "sim/outcomes.hpp"
#include "sim/result_fields.hpp"
#include "sim/parameters.hpp"

namespace jimsim::results_hdf5 {

// ---- Field lists -------------------------------------------------------------------------------

// Variable-length UTF-8 string: what h5py reads back as `str` in attributes.
inline Handle vlen_string_type() {
  Handle type = checked(H5Tcopy(H5T_C_S1), "could not create a string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "could not create a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "could not create a string type");
  return type;
}

// Fixed-length UTF-8 string, padded with NULs: used in compound tables.
inline Handle fixed_string_type(std::size_t size) {
  Handle type = checked(H5Tcopy(H5T_C_S1), "could not create a string type");
  check(H5Tset_size(type.get(), size == 0 ? 1 : size), "could not create a string type");
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "could not create a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "could not create a string type");
  return type;
}

// ---- Writing: property lists, attributes, groups ---------------------------------------------

inline constexpr unsigned deflate_level = 1;

inline Handle group_creation_plist() {
  Handle plist = checked(H5Pcreate(H5P_GROUP_CREATE), "could not create a property list");
  check(H5Pset_obj_track_times(plist.get(), 0), "could not turn off time tracking");
  // h5py and other readers then list members in the order they were written (run order of the
  // scenarios, declaration order of the series), not alphabetically.
  check(H5Pset_link_creation_order(plist.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "could not track creation order");
  return plist;
}

inline Handle plain_dataset_plist() {
  Handle plist = checked(H5Pcreate(H5P_DATASET_CREATE), "could not create a property list");
  check(H5Pset_obj_track_times(plist.get(), 0), "could not turn off time tracking");
  return plist;
}

// A transfer property list whose type-conversion buffers hold `elements` variable-length strings.
// HDF5 allocates and zeroes buffers of its default size, 1 MB, for every write that converts, as a
// string write does, even of one string: a file's dozen string columns made most of the time it
// took to create a results file.
inline Handle string_transfer_plist(std::size_t elements) {
  constexpr std::size_t bytes_per_string = 32;  // at least the larger of hvl_t and char*, HDF5's element sizes
  Handle plist = checked(H5Pcreate(H5P_DATASET_XFER), "could not create a property list");
  check(H5Pset_buffer(plist.get(), std::max<std::size_t>(elements, 1) * bytes_per_string, nullptr, nullptr),
        "could not size the conversion buffer");
  return plist;
}

// Shuffle, then deflate: io/chunk_compression.cpp writes most chunks as this pipeline would, so a
// change here changes it there (tests/test_chunk_compression.cpp compares the two).
inline Handle chunked_dataset_plist(std::span<const hsize_t> chunk) {
  Handle plist = plain_dataset_plist();
  check(H5Pset_chunk(plist.get(), static_cast<int>(chunk.size()), chunk.data()), "could not set the chunk size");
  check(H5Pset_shuffle(plist.get()), "could not set the shuffle filter");
  check(H5Pset_deflate(plist.get(), deflate_level), "could not set deflate compression");
  return plist;
}

// ---- Attributes and small datasets ---------------------------------------------------------------

inline void write_attribute(hid_t object, const char* name, hid_t file_type, hid_t memory_type, const void* value) {
  Handle space = checked(H5Screate(H5S_SCALAR), "could not create a dataspace");
  Handle attribute = checked(H5Acreate2(object, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                             fmt::format("could not create attribute '{}'", name));
  check(H5Awrite(attribute.get(), memory_type, value), fmt::format("could not write attribute '{}'", name));
}

inline void write_attribute(hid_t object, const char* name, std::string_view value) {
  const Handle type = vlen_string_type();
  const std::string text(value);
  const char* pointer = text.c_str();
  write_attribute(object, name, type.get(), type.get(), &pointer);
}

inline void write_attribute(hid_t object, const char* name, std::int32_t value) {
  write_attribute(object, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &value);
}

inline void write_attribute(hid_t object, const char* name, std::uint64_t value) {
  write_attribute(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

inline void write_attribute(hid_t object, const char* name, double value) {
  write_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

template <class Strings>
void write_string_array_attribute(hid_t object, const char* name, const Strings& values) {
  std::vector<std::string> texts;
  for (const auto& value : values) texts.emplace_back(value);
  std::vector<const char*> pointers;
  for (const auto& text : texts) pointers.push_back(text.c_str());
  const hsize_t size = pointers.size();
  const Handle type = vlen_string_type();
  Handle space = checked(H5Screate_simple(1, &size, nullptr), "could not create a dataspace");
  Handle attribute = checked(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                             fmt::format("could not create attribute '{}'", name));
  if (size == 0) return;  // an empty list has nothing to write (and HDF5 refuses a null buffer)
  check(H5Awrite(attribute.get(), type.get(), pointers.data()), fmt::format("could not write attribute '{}'", name));
}

inline Handle create_group(hid_t parent, const std::string& name) {
  const Handle plist = group_creation_plist();
  return checked(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
                 fmt::format("could not create group '{}'", name));
}

inline void write_string_dataset(hid_t group, const char* name, const std::string& text) {
  const Handle type = vlen_string_type();
  const Handle plist = plain_dataset_plist();
  Handle space = checked(H5Screate(H5S_SCALAR), "could not create a dataspace");
  Handle dataset = checked(H5Dcreate2(group, name, type.get(), space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
                           fmt::format("could not create dataset '{}'", name));
  const char* pointer = text.c_str();
  const Handle transfer = string_transfer_plist(1);
  check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, transfer.get(), &pointer),
        fmt::format("could not write dataset '{}'", name));
}

// ---- Reading ------------------------------------------------------------------------------------

// Thrown for a file that is HDF5 but does not hold what layout version 1 promises.
[[noreturn]] inline void bad_layout(const std::string& what) { throw Hdf5Failure(what); }

inline bool has_attribute(hid_t object, const char* name) {
  const htri_t exists = H5Aexists(object, name);
  if (exists < 0) fail(fmt::format("could not look for attribute '{}'", name));
  return exists > 0;
}

inline bool has_link(hid_t group, const char* name) {
  const htri_t exists = H5Lexists(group, name, H5P_DEFAULT);
  if (exists < 0) fail(fmt::format("could not look for '{}'", name));
  return exists > 0;
}

// Strings stored as variable-length or fixed-length (any padding) read back alike.
inline std::vector<std::string> read_strings(hid_t file_type, std::size_t count,
                                             const std::function<herr_t(hid_t, void*)>& read, std::string_view what) {
  if (H5Tget_class(file_type) != H5T_STRING) bad_layout(fmt::format("{} is not a string", what));
  std::vector<std::string> strings(count);
  const htri_t variable = H5Tis_variable_str(file_type);
  if (variable < 0) fail(fmt::format("could not read the type of {}", what));
  if (variable > 0) {
    Handle memory_type = checked(H5Tcopy(H5T_C_S1), "could not create a string type");
    check(H5Tset_size(memory_type.get(), H5T_VARIABLE), "could not create a string type");
    check(H5Tset_cset(memory_type.get(), H5Tget_cset(file_type)), "could not create a string type");
    std::vector<char*> pointers(count, nullptr);
    const herr_t status = read(memory_type.get(), pointers.data());
    for (std::size_t i = 0; i < count; ++i) {
      if (pointers[i] != nullptr) {
        strings[i] = pointers[i];
        H5free_memory(pointers[i]);
      }
    }
    check(status, fmt::format("could not read {}", what));
  } else {
    const std::size_t size = H5Tget_size(file_type);
    if (size == 0) fail(fmt::format("could not read the type of {}", what));
    Handle memory_type = checked(H5Tcopy(file_type), "could not create a string type");
    std::vector<char> buffer(size * count, '\0');
    check(read(memory_type.get(), buffer.data()), fmt::format("could not read {}", what));
    const bool space_padded = H5Tget_strpad(file_type) == H5T_STR_SPACEPAD;
    for (std::size_t i = 0; i < count; ++i) {
      std::string text(buffer.data() + i * size, size);
      if (const auto end = text.find('\0'); end != std::string::npos) text.resize(end);
      if (space_padded) text.erase(text.find_last_not_of(' ') + 1);
      strings[i] = std::move(text);
    }
  }
  return strings;
}

inline hsize_t element_count(hid_t space) {
  const hssize_t count = H5Sget_simple_extent_npoints(space);
  if (count < 0) fail("could not read a dataspace");
  return static_cast<hsize_t>(count);
}

inline std::vector<std::string> read_string_attribute_array(hid_t object, const char* name) {
  Handle attribute = checked(H5Aopen(object, name, H5P_DEFAULT), fmt::format("could not open attribute '{}'", name));
  Handle type = checked(H5Aget_type(attribute.get()), fmt::format("could not read attribute '{}'", name));
  Handle space = checked(H5Aget_space(attribute.get()), fmt::format("could not read attribute '{}'", name));
  return read_strings(
      type.get(), element_count(space.get()),
      [&](hid_t memory_type, void* buffer) { return H5Aread(attribute.get(), memory_type, buffer); },
      fmt::format("attribute '{}'", name));
}

inline std::string read_string_attribute(hid_t object, const char* name) {
  auto strings = read_string_attribute_array(object, name);
  if (strings.size() != 1) bad_layout(fmt::format("attribute '{}' is not a single string", name));
  return strings.front();
}

template <class T>
T read_number_attribute(hid_t object, const char* name, hid_t memory_type) {
  Handle attribute = checked(H5Aopen(object, name, H5P_DEFAULT), fmt::format("could not open attribute '{}'", name));
  Handle type = checked(H5Aget_type(attribute.get()), fmt::format("could not read attribute '{}'", name));
  Handle space = checked(H5Aget_space(attribute.get()), fmt::format("could not read attribute '{}'", name));
  const H5T_class_t type_class = H5Tget_class(type.get());
  if ((type_class != H5T_INTEGER && type_class != H5T_FLOAT) || element_count(space.get()) != 1) {
    bad_layout(fmt::format("attribute '{}' is not a single number", name));
  }
  T value{};
  check(H5Aread(attribute.get(), memory_type, &value), fmt::format("could not read attribute '{}'", name));
  return value;
}

inline std::int64_t read_int_attribute(hid_t object, const char* name) {
  return read_number_attribute<std::int64_t>(object, name, H5T_NATIVE_INT64);
}

inline std::string read_string_dataset(hid_t group, const char* name) {
  Handle dataset = checked(H5Dopen2(group, name, H5P_DEFAULT), fmt::format("could not open dataset '{}'", name));
  Handle type = checked(H5Dget_type(dataset.get()), fmt::format("could not read dataset '{}'", name));
  Handle space = checked(H5Dget_space(dataset.get()), fmt::format("could not read dataset '{}'", name));
  auto strings = read_strings(
      type.get(), element_count(space.get()),
      [&](hid_t memory_type, void* buffer) {
        return H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
      },
      fmt::format("dataset '{}'", name));
  if (strings.size() != 1) bad_layout(fmt::format("dataset '{}' is not a single string", name));
  return strings.front();
}

inline std::vector<hsize_t> dataset_shape(hid_t dataset, std::string_view what) {
  Handle space = checked(H5Dget_space(dataset), fmt::format("could not read the shape of {}", what));
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail(fmt::format("could not read the shape of {}", what));
  std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr), "could not read a shape");
  return shape;
}

inline Handle open_dataset(hid_t group, const std::string& path, const std::string& where) {
  if (!has_link(group, path.c_str())) bad_layout(fmt::format("{} has no '{}'", where, path));
  return checked(H5Dopen2(group, path.c_str(), H5P_DEFAULT), fmt::format("could not open {}/{}", where, path));
}

// ---- Tables: groups of one-dimensional columns ----------------------------------------------------

inline Handle create_column(hid_t group, const std::string& name, hid_t type, hsize_t rows) {
  Handle space = checked(H5Screate_simple(1, &rows, nullptr), "could not create a dataspace");
  const Handle plist = plain_dataset_plist();
  return checked(H5Dcreate2(group, name.c_str(), type, space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
                 fmt::format("could not create dataset '{}'", name));
}

template <class Strings>
Handle write_string_column(hid_t group, const std::string& name, const Strings& values) {
  std::vector<std::string> texts;
  for (const auto& v : values) texts.emplace_back(v);
  std::vector<const char*> pointers;
  for (const auto& t : texts) pointers.push_back(t.c_str());
  const Handle type = vlen_string_type();
  Handle dataset = create_column(group, name, type.get(), pointers.size());
  if (!pointers.empty()) {
    const Handle transfer = string_transfer_plist(pointers.size());
    check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, transfer.get(), pointers.data()),
          fmt::format("could not write '{}'", name));
  }
  return dataset;
}

template <class T>
Handle write_number_column(hid_t group, const std::string& name, hid_t file_type, hid_t memory_type,
                           const std::vector<T>& values) {
  Handle dataset = create_column(group, name, file_type, values.size());
  if (!values.empty()) {
    check(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          fmt::format("could not write '{}'", name));
  }
  return dataset;
}

inline Handle write_double_column(hid_t group, const std::string& name, const std::vector<double>& values) {
  return write_number_column(group, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values);
}

inline Handle write_int32_column(hid_t group, const std::string& name, const std::vector<std::int32_t>& values) {
  return write_number_column(group, name, H5T_STD_I32LE, H5T_NATIVE_INT32, values);
}

inline Handle open_table(hid_t parent, const char* name) {
  if (!has_link(parent, name)) bad_layout(fmt::format("there is no table '{}'", name));
  return checked(H5Gopen2(parent, name, H5P_DEFAULT), fmt::format("could not open '{}'", name));
}

template <class T>
std::vector<T> read_number_values(hid_t group, const std::string& name, hid_t memory_type, std::string_view what) {
  Handle dataset = open_dataset(group, name, std::string(what));
  Handle space = checked(H5Dget_space(dataset.get()), fmt::format("could not read {}/{}", what, name));
  std::vector<T> values(element_count(space.get()));
  if (!values.empty()) {
    check(H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          fmt::format("could not read {}/{}", what, name));
  }
  return values;
}

inline std::vector<double> read_double_values(hid_t group, const std::string& name, std::string_view what) {
  return read_number_values<double>(group, name, H5T_NATIVE_DOUBLE, what);
}

inline std::vector<std::int32_t> read_int32_column(hid_t group, const std::string& name, std::string_view what) {
  return read_number_values<std::int32_t>(group, name, H5T_NATIVE_INT32, what);
}

inline std::vector<std::string> read_string_values(hid_t group, const std::string& name, std::string_view what) {
  Handle dataset = open_dataset(group, name, std::string(what));
  Handle type = checked(H5Dget_type(dataset.get()), fmt::format("could not read {}/{}", what, name));
  Handle space = checked(H5Dget_space(dataset.get()), fmt::format("could not read {}/{}", what, name));
  return read_strings(
      type.get(), element_count(space.get()),
      [&](hid_t memory_type, void* buffer) {
        return H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
      },
      fmt::format("{}/{}", what, name));
}

}  // namespace jimsim::results_hdf5
