#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>

#include "sim/errors.hpp"

namespace jimsim {
namespace fs = std::filesystem;

namespace {

// Temporary files of writers in one process must not collide.
std::atomic<unsigned> temporary_counter{0};

fs::path directory_of(const fs::path& file) {
  const fs::path directory = file.parent_path();
  return directory.empty() ? fs::path(".") : directory;
}

}  // namespace

int write_whole_file(const fs::path& path, std::span<const std::byte> bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return errno;
  int error = 0;
  for (std::size_t done = 0; done < bytes.size() && error == 0;) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n == 0 || errno != EINTR) {
      error = n == 0 ? EIO : errno;
    }
  }
  if (::close(fd) != 0 && error == 0) error = errno;
  return error;
}

AtomicFile::AtomicFile(fs::path target, bool overwrite) : target_(std::move(target)), overwrite_(overwrite) {
  if (target_.empty()) throw OutputError("no output file name given");
  destination_ = target_;
  std::error_code error;
  if (fs::is_symlink(fs::symlink_status(target_, error))) {
    // Replace what the link points to, not the link.
    const fs::path pointed = fs::read_symlink(target_, error);
    if (!error) destination_ = pointed.is_absolute() ? pointed : directory_of(target_) / pointed;
  }
  check_target();
  const fs::path directory = directory_of(destination_);
  const auto status = fs::status(directory, error);
  if (!fs::exists(status)) {
    throw OutputError(fmt::format("cannot write {}: directory {} does not exist", target_.string(), directory.string()));
  }
  if (!fs::is_directory(status)) {
    throw OutputError(fmt::format("cannot write {}: {} is not a directory", target_.string(), directory.string()));
  }
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    throw OutputError(fmt::format("cannot write {}: directory {} is not writable ({})", target_.string(),
                                  directory.string(), std::strerror(errno)));
  }
  temporary_ = directory / fmt::format(".{}.partial-{}-{}", destination_.filename().string(), ::getpid(),
                                       temporary_counter.fetch_add(1));
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  std::error_code ignored;
  fs::remove(temporary_, ignored);
}

void AtomicFile::check_target() const {
  std::error_code error;
  const auto status = fs::status(destination_, error);
  if (!fs::exists(status)) return;
  if (fs::is_directory(status)) {
    throw OutputError(fmt::format("{} is a directory; give a file name for the output", target_.string()));
  }
  if (!overwrite_) throw OutputError(fmt::format("{} exists; use --force to overwrite", target_.string()));
}

void AtomicFile::commit() {
  if (committed_) throw std::logic_error("AtomicFile::commit() called twice");
  // On disk before the name points at it: a machine that crashes right after the rename must not
  // find an empty file there (and its run's journal already removed).
  if (const int fd = ::open(temporary_.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    const int synced = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (synced != 0) {
      std::error_code ignored;
      fs::remove(temporary_, ignored);
      throw OutputError(fmt::format("could not write {} to disk: {}", target_.string(), std::strerror(error)));
    }
  }
  const unsigned flags = overwrite_ ? 0u : RENAME_NOREPLACE;
  int result = ::renameat2(AT_FDCWD, temporary_.c_str(), AT_FDCWD, destination_.c_str(), flags);
  if (result != 0 && errno == EINVAL && !overwrite_) {
    // A file system without RENAME_NOREPLACE (NFS): a hard link is refused just the same when the
    // name exists, and then the temporary name is dropped.
    result = ::link(temporary_.c_str(), destination_.c_str());
    if (result == 0) ::unlink(temporary_.c_str());
  }
  if (result != 0) {
    const int error = errno;
    std::error_code ignored;
    fs::remove(temporary_, ignored);
    if (error == EEXIST) {
      throw OutputError(fmt::format("{} appeared while this run was writing it (another process?); it was left as it "
                                    "is: use --force to overwrite",
                                    target_.string()));
    }
    throw OutputError(fmt::format("could not move {} to {}: {}", temporary_.string(), target_.string(),
                                  std::strerror(error)));
  }
  committed_ = true;
  // The rename itself is in the directory.
  if (const int dir = ::open(directory_of(destination_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace jimsim
