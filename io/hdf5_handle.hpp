// Internal to io/ and analysis/: HDF5 identifiers owned (Handle) and calls checked (check, checked,
// fail), so that no early return or exception leaves an object open and every failure carries the
// innermost message on HDF5's error stack. The layer the results files' helpers (results_hdf5.hpp)
// stand on.
#pragma once

#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

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

}  // namespace jimsim::results_hdf5
