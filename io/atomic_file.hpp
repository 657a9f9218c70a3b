// Every file jimsim writes goes through here: it is written under a temporary name beside the
// target and renamed into place in one step, so a reader never sees a half-written file and a
// failure or kill leaves the target as it was.
//
//   AtomicFile out("results.h5", /*overwrite=*/false);
//   write_everything(out.temporary());
//   out.commit();   // or destroy it: the temporary file is removed
//
// Without overwrite the rename refuses to replace a file that appeared meanwhile (another process
// writing the same name): RENAME_NOREPLACE, not a check followed by a rename. A target that is a
// symbolic link is followed: the file it points to is replaced and the link stays.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

namespace jimsim {

// Creates (or truncates) the file at `path` and writes `bytes` into it, with the permissions a new
// file gets. Returns 0, or the errno of the first failure (a full disk, a file-size limit, ...):
// the file is then incomplete, and the caller removes it (an AtomicFile's temporary does).
int write_whole_file(const std::filesystem::path& path, std::span<const std::byte> bytes);

class AtomicFile {
 public:
  // Throws OutputError when the target exists and !overwrite, is a directory, or its directory
  // does not exist or cannot be written.
  AtomicFile(std::filesystem::path target, bool overwrite);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  const std::filesystem::path& target() const { return target_; }       // as given
  const std::filesystem::path& temporary() const { return temporary_; }

  // Checks again that the target may be written (it may have appeared since the constructor ran).
  void check_target() const;

  // Renames the temporary file into place. Throws OutputError when that fails; the temporary file
  // is then removed.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path destination_;  // the target with a symbolic link followed
  std::filesystem::path temporary_;
  bool overwrite_;
  bool committed_ = false;
};

}  // namespace jimsim
