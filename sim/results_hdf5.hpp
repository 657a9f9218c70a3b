// Internal to results_writer.cpp and results_reader.cpp: the HDF5 pieces both sides of the results
// file share, so the writer and the reader cannot disagree about a type or a field. Not part of the
// library's interface (see sim/results_file.hpp and docs/results-format.md).
//
// The compound types are derived from the X-macro field lists in sim/outcomes.hpp: a field added
// there appears in the file, the reader and (checked by a test) the docs with no other edit.
#pragma once

#include <hdf5.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"

namespace jimsim::results_hdf5 {

// An HDF5 call failed. The public functions turn this into OutputError (writing) or InputError
// (reading) with the file name in front.
class Hdf5Failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The description of the innermost error on HDF5's error stack: where the failure started, which
// is usually the most telling part ("unable to open file", "No space left on device").
inline std::string error_detail() {
  std::string detail;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* error, void* data) -> herr_t {
        if (n == 0 && error != nullptr && error->desc != nullptr) {
          *static_cast<std::string*>(data) = error->desc;
        }
        return 0;
      },
      &detail);
  return detail;
}

[[noreturn]] inline void fail(std::string_view what) {
  std::string message(what);
  if (const std::string detail = error_detail(); !detail.empty()) message += " (HDF5: " + detail + ")";
  throw Hdf5Failure(message);
}

inline void check(herr_t status, std::string_view what) {
  if (status < 0) fail(what);
}

// Owns one HDF5 identifier (file, group, dataset, dataspace, datatype, attribute or property list)
// and closes it when it goes out of scope.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

  // Closes now and says whether closing worked: closing a file or dataset flushes it, so this is
  // where a full disk shows up.
  herr_t close() {
    if (id_ < 0) return 0;
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    switch (H5Iget_type(id)) {
      case H5I_FILE: return H5Fclose(id);
      case H5I_GROUP: return H5Gclose(id);
      case H5I_DATASET: return H5Dclose(id);
      case H5I_DATASPACE: return H5Sclose(id);
      case H5I_DATATYPE: return H5Tclose(id);
      case H5I_ATTR: return H5Aclose(id);
      case H5I_GENPROP_LST: return H5Pclose(id);
      default: return H5Idec_ref(id) < 0 ? -1 : 0;
    }
  }
  void reset() noexcept { (void)close(); }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// Wraps the identifier an HDF5 call returned, or throws when the call failed.
inline Handle checked(hid_t id, std::string_view what) {
  if (id < 0) fail(what);
  return Handle(id);
}

// ---- Field lists -------------------------------------------------------------------------------

// One double field of a struct, as the X-macro lists declare it.
struct DoubleField {
  std::string_view name;
  std::string_view unit;
  std::string_view meaning;
  std::size_t offset;  // in the struct
};

#define JIMSIM_RESULTS_OUTCOME_FIELD(name_, unit_, meaning_) \
  DoubleField{#name_, unit_, meaning_, offsetof(Outcomes, name_)},
#define JIMSIM_RESULTS_FAMILY_FIELD(name_, unit_, meaning_) \
  DoubleField{#name_, unit_, meaning_, offsetof(FamilyRecord, name_)},
inline constexpr auto outcome_fields =
    std::to_array<DoubleField>({JIMSIM_OUTCOME_FIELDS(JIMSIM_RESULTS_OUTCOME_FIELD)});
inline constexpr auto family_fields =
    std::to_array<DoubleField>({JIMSIM_FAMILY_FIELDS(JIMSIM_RESULTS_FAMILY_FIELD)});
#undef JIMSIM_RESULTS_OUTCOME_FIELD
#undef JIMSIM_RESULTS_FAMILY_FIELD

struct SeriesField {
  std::string_view name;
  std::string_view unit;
  std::string_view meaning;
  std::vector<double> TimeSeries::*member;
};

#define JIMSIM_RESULTS_SERIES_FIELD(name_, unit_, meaning_) \
  SeriesField{#name_, unit_, meaning_, &TimeSeries::name_},
inline const auto series_fields =
    std::to_array<SeriesField>({JIMSIM_SERIES_FIELDS(JIMSIM_RESULTS_SERIES_FIELD)});
#undef JIMSIM_RESULTS_SERIES_FIELD

// One row of the families table in memory: which replicate and family, then the record.
struct FamilyRow {
  std::int32_t replicate = 0;
  std::int32_t family = 0;
  FamilyRecord record;
};

// The columns the families table has before the FamilyRecord fields.
struct IndexColumn {
  std::string_view name;
  std::string_view unit;
  std::string_view meaning;
  std::size_t offset;  // in FamilyRow
};
inline constexpr std::array<IndexColumn, 2> family_index_columns = {{
    {"replicate", "index", "replicate number, from 0", offsetof(FamilyRow, replicate)},
    {"family", "index", "family number within the replicate, from 0", offsetof(FamilyRow, family)},
}};

// ---- Datatypes ---------------------------------------------------------------------------------

// A compound of double fields: in memory at the struct's offsets (`base` added), or packed
// little-endian in the file.
inline Handle double_compound_memory(std::span<const DoubleField> fields, std::size_t size,
                                     std::size_t base = 0) {
  Handle type = checked(H5Tcreate(H5T_COMPOUND, size), "could not create a compound type");
  for (const auto& field : fields) {
    check(H5Tinsert(type.get(), std::string(field.name).c_str(), base + field.offset, H5T_NATIVE_DOUBLE),
          "could not build a compound type");
  }
  return type;
}

inline Handle outcomes_memory_type() { return double_compound_memory(outcome_fields, sizeof(Outcomes)); }

inline Handle outcomes_file_type() {
  Handle type = checked(H5Tcreate(H5T_COMPOUND, outcome_fields.size() * 8), "could not create a compound type");
  for (std::size_t i = 0; i < outcome_fields.size(); ++i) {
    check(H5Tinsert(type.get(), std::string(outcome_fields[i].name).c_str(), i * 8, H5T_IEEE_F64LE),
          "could not build the outcomes type");
  }
  return type;
}

inline Handle family_memory_type() {
  Handle type = double_compound_memory(family_fields, sizeof(FamilyRow), offsetof(FamilyRow, record));
  for (const auto& column : family_index_columns) {
    check(H5Tinsert(type.get(), std::string(column.name).c_str(), column.offset, H5T_NATIVE_INT32),
          "could not build the family record type");
  }
  return type;
}

inline Handle family_file_type() {
  const std::size_t index_bytes = family_index_columns.size() * 4;
  Handle type = checked(H5Tcreate(H5T_COMPOUND, index_bytes + family_fields.size() * 8),
                        "could not create a compound type");
  for (std::size_t i = 0; i < family_index_columns.size(); ++i) {
    check(H5Tinsert(type.get(), std::string(family_index_columns[i].name).c_str(), i * 4, H5T_STD_I32LE),
          "could not build the family record type");
  }
  for (std::size_t i = 0; i < family_fields.size(); ++i) {
    check(H5Tinsert(type.get(), std::string(family_fields[i].name).c_str(), index_bytes + i * 8, H5T_IEEE_F64LE),
          "could not build the family record type");
  }
  return type;
}

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

}  // namespace jimsim::results_hdf5
