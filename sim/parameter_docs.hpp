// The parameter listing, generated from the declarations: `jimsim params` prints it and
// docs/parameters.md is it, so neither can drift from the code.
#pragma once

#include <string>

namespace jimsim {

// An aligned plain-text table, grouped by process.
std::string parameter_table_text();

// The Markdown page docs/parameters.md.
std::string parameter_table_markdown();

}  // namespace jimsim
