// A docs page generated from a declaration: the test reads it back and compares it with the text
// the declaration gives now.
#pragma once

#include <cstdlib>
#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace jimsim::testing {

// docs/<name> as it is in the source tree; first written with `generated` when the environment
// has JIMSIM_REGENERATE_DOCS (the tests' way to update a page after its declaration changes).
inline std::string docs_page(const std::string& name, const std::string& generated) {
  const std::filesystem::path page = std::filesystem::path(JIMSIM_SOURCE_DIR) / "docs" / name;
  if (std::getenv("JIMSIM_REGENERATE_DOCS") != nullptr) std::ofstream(page, std::ios::binary) << generated;
  std::ifstream file(page, std::ios::binary);
  if (!file) return fmt::format("(could not read {})", page.string());
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace jimsim::testing
