// Files written under failure: a full disk ends a run or a comparison with exit code 4 and the
// message (never a crash at exit), a results file that is a symbolic link stays one, and progress
// reaches a log when there is no terminal.
#include <catch2/catch.hpp>

#include <sys/mount.h>

#include <filesystem>
#include <fmt/format.h>

#include "analysis/comparison_file.hpp"
#include "io/results_file.hpp"
#include "tests/cli_testing.hpp"

namespace fs = std::filesystem;
using namespace jimsim;
using namespace jimsim::testing;

namespace {

const std::string small = "[intake]\ncohort_size = 40\n[simulation]\nhorizon_weeks = 20.0\n";

// A small file system of its own (tmpfs), so a test can fill it; unmounted when the test ends.
struct SmallDisk {
  fs::path path;
  bool mounted = false;
  SmallDisk(const fs::path& where, const char* size) : path(where) {
    fs::create_directories(path);
    mounted = ::mount("tmpfs", path.c_str(), "tmpfs", 0, fmt::format("size={}", size).c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted) ::umount(path.c_str());
  }
};

}  // namespace

TEST_CASE("a full disk ends run and compare with exit code 4 and its message, not a crash", "[errors][cli]") {
  TempDir dir;
  const SmallDisk disk(dir.path / "disk", "256k");
  if (!disk.mounted) {
    WARN("skipped: cannot mount a tmpfs here (needs root)");
    return;
  }
  const auto a = dir.write("a.toml", small);
  const auto b = dir.write("b.toml", "[scenario]\nbase = \"a.toml\"\n[mentor_search]\nenabled = false\n");
  const auto out = disk.path / "results.h5";
  const auto r = jimsim_cli(fmt::format("run -q -r 400 --families {} {} -o {}", a.string(), b.string(), out.string()));
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.output, Catch::Contains("No space left on device") && Catch::Contains("--resume"));
  CHECK_FALSE(fs::exists(out));
  for (const auto& entry : fs::directory_iterator(disk.path)) {
    CHECK_FALSE(entry.path().filename().string().starts_with(".results.h5.partial"));
  }

  // compare on a results file in a full file system: its copy cannot be written.
  const SmallDisk second(dir.path / "second", "4m");
  REQUIRE(second.mounted);
  const auto elsewhere = dir.path / "r.h5";
  REQUIRE(jimsim_cli(fmt::format("run -q -r 3 {} {} -o {}", a.string(), b.string(), elsewhere.string())).exit_code == 0);
  const auto inside = second.path / "r.h5";
  fs::copy_file(elsewhere, inside);
  const auto filler = second.path / "filler";
  jimsim_cli(fmt::format("true; dd if=/dev/zero of={} bs=4k 2>/dev/null; echo", filler.string()));
  const auto before = fs::file_size(inside);
  const auto c = jimsim_cli(fmt::format("compare {} --baseline a", inside.string()));
  CHECK(c.exit_code == 4);
  CHECK_THAT(c.output, Catch::Contains("No space left on device"));
  CHECK(fs::file_size(inside) == before);
  CHECK_NOTHROW(read_results(inside));
}

TEST_CASE("compare on a results file that is a symbolic link updates the file and keeps the link", "[errors][cli]") {
  TempDir dir;
  const auto a = dir.write("a.toml", small);
  const auto b = dir.write("b.toml", "[scenario]\nbase = \"a.toml\"\n[mentor_search]\nenabled = false\n");
  fs::create_directories(dir.path / "store");
  const auto target = dir.path / "store" / "results.h5";
  REQUIRE(jimsim_cli(fmt::format("run -q -r 3 {} {} -o {}", a.string(), b.string(), target.string())).exit_code == 0);
  const auto link = dir.path / "latest.h5";
  fs::create_symlink("store/results.h5", link);
  const auto r = jimsim_cli(fmt::format("compare {} --baseline a", link.string()));
  REQUIRE(r.exit_code == 0);
  CHECK(fs::is_symlink(link));
  CHECK(fs::read_symlink(link) == "store/results.h5");
  CHECK(read_comparison(target).baseline == "a");
  CHECK(read_comparison(link).baseline == "a");
  CHECK(std::distance(fs::directory_iterator(dir.path / "store"), {}) == 1);  // no temporary left
}

TEST_CASE("without a terminal, progress goes to the log as lines", "[cli]") {
  TempDir dir;
  const auto a = dir.write("a.toml", small);
  // The output is a pipe here, as in a cluster job's log.
  const auto r = jimsim_cli(fmt::format("run -r 5 {} -o {}", a.string(), (dir.path / "r.h5").string()));
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("jimsim: 5/5 units (100.0%)") && Catch::Contains("units/s"));
  CHECK(r.output.find('\r') == std::string::npos);
}
