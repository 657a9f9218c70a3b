// "Did you mean" for the command line: the known command or option nearest to a mistyped one.
// CLI11 2.1 (Debian 12) only says that an argument was not expected; main.cpp hands it the words
// CLI11 left over and the names it knows.
#pragma once

#include <string>
#include <vector>

namespace jimsim {

// The message for a command line refused because of words CLI11 did not expect (`unexpected`, in
// order), or "" when there is nothing better to say than CLI11's own message.
//   command:  the command given ("run"), "" when none was
//   commands: every command
//   options:  every option name of `command` (or of the program when none), with its dashes
// Without a command, the first word that is not an option is an unknown command: the message names
// it and the nearest command, or lists the commands when none is close. With a command, the first
// option close to one of `options` is named with it ("--replicate" -> "--replicates"); a value
// attached with '=' is ignored, and one-letter options are never suggested (any letter is one edit
// from any other).
std::string unexpected_words_message(const std::vector<std::string>& unexpected, const std::string& command,
                                     const std::vector<std::string>& commands, const std::vector<std::string>& options);

}  // namespace jimsim
