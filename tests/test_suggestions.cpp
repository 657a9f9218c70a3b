// "Did you mean" for mistyped commands and options (app/suggestions.hpp).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/suggestions.hpp"

using jimsim::unexpected_words_message;

namespace {

const std::vector<std::string> commands = {"run", "sweep", "sensitivity", "calibrate", "cohort",
                                           "merge", "params",  "validate",    "compare"};
const std::vector<std::string> run_options = {"--help", "--set", "--replicates", "--seed", "--families",
                                              "--output", "--threads", "--force", "--resume", "--quiet"};

}  // namespace

TEST_CASE("a mistyped command is named with the nearest command", "[suggestions]") {
  CHECK(unexpected_words_message({"rnu", "x.toml"}, "", commands, {"--help"}) ==
        "unknown command 'rnu'; did you mean 'run'?");
  CHECK(unexpected_words_message({"comapre", "results.h5"}, "", commands, {}) ==
        "unknown command 'comapre'; did you mean 'compare'?");
  CHECK(unexpected_words_message({"valid", "a.toml"}, "", commands, {}) ==
        "unknown command 'valid'; did you mean 'validate'?");  // cut short
  // Nothing close: the commands are listed instead.
  CHECK(unexpected_words_message({"frobnicate"}, "", commands, {}) ==
        "unknown command 'frobnicate'; the commands are run, sweep, sensitivity, calibrate, cohort, merge, params, "
        "validate, compare");
}

TEST_CASE("a mistyped option is named with the nearest option of its command", "[suggestions]") {
  CHECK(unexpected_words_message({"--replicate"}, "run", commands, run_options) ==
        "unknown option '--replicate'; did you mean '--replicates'?");
  CHECK(unexpected_words_message({"--replicate=5"}, "run", commands, run_options) ==
        "unknown option '--replicate'; did you mean '--replicates'?");
  CHECK(unexpected_words_message({"--seeed"}, "run", commands, run_options) ==
        "unknown option '--seeed'; did you mean '--seed'?");
  CHECK(unexpected_words_message({"-families"}, "run", commands, run_options) ==
        "unknown option '-families'; did you mean '--families'?");
  CHECK(unexpected_words_message({"--Threads"}, "run", commands, run_options) ==
        "unknown option '--Threads'; did you mean '--threads'?");
  // The first close one among several unexpected words.
  CHECK(unexpected_words_message({"stray", "--zzzzzz", "--quite"}, "run", commands, run_options) ==
        "unknown option '--quite'; did you mean '--quiet'?");
  // Without a command, the program's own options.
  CHECK(unexpected_words_message({"--verison"}, "", commands, {"--help", "--version"}) ==
        "unknown option '--verison'; did you mean '--version'?");
}

TEST_CASE("no suggestion when nothing is close", "[suggestions]") {
  CHECK(unexpected_words_message({"--colour"}, "run", commands, run_options).empty());
  CHECK(unexpected_words_message({"-x"}, "run", commands, run_options).empty());  // one letter: anything
  CHECK(unexpected_words_message({"-", "--", "--="}, "run", commands, run_options).empty());
  CHECK(unexpected_words_message({"foo"}, "params", commands, {"--help", "--format"}).empty());  // not an option
  CHECK(unexpected_words_message({}, "run", commands, run_options).empty());
  CHECK(unexpected_words_message({}, "", commands, {"--help"}).empty());
  CHECK(unexpected_words_message({"--" + std::string(100000, 'q')}, "run", commands, run_options).empty());
}
