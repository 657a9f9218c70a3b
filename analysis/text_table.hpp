// Aligned plain-text tables for the terminal.
#pragma once

#include <string>
#include <vector>

namespace jimsim {

// A left-aligned first column and right-aligned others, each as wide as needed. With
// `last_is_text`, the last column (a sentence) is left unpadded.
std::string aligned_table(const std::vector<std::vector<std::string>>& rows, bool last_is_text);

}  // namespace jimsim
