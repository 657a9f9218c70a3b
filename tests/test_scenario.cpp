// Scenario files: parsing, inheritance, and every way a scenario file can be wrong.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <cctype>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/parameters.hpp"
#include "io/scenario.hpp"
#include "io/toml_reading.hpp"

#ifndef JIMSIM_SOURCE_DIR
#error "JIMSIM_SOURCE_DIR must be defined to the repository root"
#endif

namespace fs = std::filesystem;
using Catch::Contains;
using jimsim::InputError;
using jimsim::load_scenario;
using jimsim::nearest_name;

namespace {

// A fresh directory for one test's input files, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    static std::atomic<unsigned> counter{0};
    std::random_device device;
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    dir_ = fs::temp_directory_path() /
           fmt::format("jimsim-test-scenario-{}-{}-{}", device(), stamp, counter.fetch_add(1));
    fs::create_directories(dir_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return dir_; }

  // Writes `text` to `name` in the directory and returns its path.
  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path file = dir_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
    out.close();
    REQUIRE(out.good());
    return file;
  }

 private:
  fs::path dir_;
};

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The message of the InputError that loading `file` throws, or "" (and a failure) if none.
std::string load_error(const fs::path& file) {
  try {
    load_scenario(file);
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("loading " << file << " did not throw InputError");
  return {};
}

}  // namespace

// --- values --------------------------------------------------------------------------------------

TEST_CASE("an empty scenario file gives the declared defaults", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("empty.toml", "");
  const auto s = load_scenario(file);
  CHECK(s.parameters == jimsim::Parameters{});
  CHECK(s.name == "empty");
  CHECK(s.description.empty());
  CHECK(s.file == file);
  REQUIRE(s.inheritance.size() == 1);
  CHECK(s.inheritance[0] == file);
}

TEST_CASE("groups absent from a scenario keep their defaults", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("partial.toml", "[intake]\ncohort_size = 42\n");
  const auto s = load_scenario(file);
  jimsim::Parameters expected;
  expected.intake.cohort_size = 42;
  CHECK(s.parameters == expected);
  CHECK(s.parameters.crisis.base_hazard == jimsim::Parameters{}.crisis.base_hazard);
  CHECK(s.parameters.intake.severity_mean == jimsim::Parameters{}.intake.severity_mean);
}

TEST_CASE("values are parsed into typed fields", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("typed.toml", R"(
[scenario]
name = "typed-1.0"
description = "a test scenario"

[simulation]
horizon_weeks = 52.5

[intake]
cohort_size = 1234
age_max_years = 17.5

[mentor_search]
enabled = false

[professionals]
caseload_cap = 12
crisis_threshold_sd = 0.0

[mentor_dynamics]
role_clarity_start_meeting = true
)");
  const auto s = load_scenario(file);
  CHECK(s.name == "typed-1.0");
  CHECK(s.description == "a test scenario");
  CHECK(s.parameters.simulation.horizon_weeks == 52.5);
  CHECK(s.parameters.intake.cohort_size == 1234);
  CHECK(s.parameters.intake.age_max_years == 17.5);
  CHECK(s.parameters.mentor_search.enabled == false);
  CHECK(s.parameters.professionals.caseload_cap == 12);
  CHECK(s.parameters.professionals.crisis_threshold_sd == 0.0);
  CHECK(s.parameters.mentor_dynamics.role_clarity_start_meeting == true);
  CHECK(s.parameters.case_closure.role_clarity_end_meeting == false);
}

TEST_CASE("an integer is accepted for a real parameter", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("int-for-real.toml", "[simulation]\nhorizon_weeks = 52\n");
  CHECK(load_scenario(file).parameters.simulation.horizon_weeks == 52.0);
}

TEST_CASE("a float with an integral value is accepted for an integer parameter", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("float-for-int.toml", "[intake]\ncohort_size = 300.0\n");
  CHECK(load_scenario(file).parameters.intake.cohort_size == 300);
}

TEST_CASE("dotted keys and inline tables set parameters like group tables", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("dotted.toml", "intake.cohort_size = 7\nparent_group = { uptake = 0.25 }\n");
  const auto s = load_scenario(file);
  CHECK(s.parameters.intake.cohort_size == 7);
  CHECK(s.parameters.parent_group.uptake == 0.25);
}

TEST_CASE("values at the ends of their valid range are accepted", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("bounds.toml", "[intake]\ncohort_size = 1\nparental_capacity_mean = 0.99\n"
                                             "[parent_group]\nuptake = 1\n");
  const auto s = load_scenario(file);
  CHECK(s.parameters.intake.cohort_size == 1);
  CHECK(s.parameters.intake.parental_capacity_mean == 0.99);
  CHECK(s.parameters.parent_group.uptake == 1.0);
}

TEST_CASE("parameters_to_toml written to a file loads back to the same parameters", "[scenario]") {
  TempDir tmp;
  jimsim::Parameters p;
  p.intake.cohort_size = 321;
  p.intake.age_min_years = 13.25;
  p.mentor_search.enabled = false;
  p.professionals.caseload_cap = 9;
  p.professionals.mentor_support_share = 0.1 + 0.2;  // not exactly 0.3: the text must keep every bit
  p.severity.noise_sd = 1.0 / 3.0;
  p.costs.residential_day = 148.93;
  p.case_closure.role_clarity_end_meeting = true;
  const auto file = tmp.write("round-trip.toml", jimsim::parameters_to_toml(p));
  CHECK(load_scenario(file).parameters == p);

  const auto defaults = tmp.write("defaults.toml", jimsim::parameters_to_toml(jimsim::Parameters{}));
  CHECK(load_scenario(defaults).parameters == jimsim::Parameters{});
}

// --- inheritance ---------------------------------------------------------------------------------

TEST_CASE("a derived scenario overrides its base and keeps the base's other values", "[scenario]") {
  TempDir tmp;
  const std::string base_text = "[scenario]\ndescription = \"the base\"\n\n[intake]\ncohort_size = 100\n"
                                "severity_mean = 1.5\n\n[parent_group]\nuptake = 0.3\n";
  const std::string derived_text = "[scenario]\nbase = \"base.toml\"\n\n[intake]\ncohort_size = 200\n";
  const auto base = tmp.write("base.toml", base_text);
  const auto derived = tmp.write("derived.toml", derived_text);
  const auto s = load_scenario(derived);
  CHECK(s.parameters.intake.cohort_size == 200);       // overridden
  CHECK(s.parameters.intake.severity_mean == 1.5);     // kept from the base
  CHECK(s.parameters.parent_group.uptake == 0.3);      // kept from the base
  CHECK(s.parameters.crisis.base_hazard == jimsim::Parameters{}.crisis.base_hazard);  // default
  CHECK(s.name == "derived");                          // the name is not inherited
  CHECK(s.description == "the base");                  // the description is, when none is given
  CHECK(s.file == derived);
  REQUIRE(s.inheritance.size() == 2);
  CHECK(fs::equivalent(s.inheritance[0], base));
  CHECK(s.inheritance[1] == derived);
  CHECK_THAT(s.source_text, Contains(base_text) && Contains(derived_text));
  CHECK_THAT(s.source_text, Contains("# file: " + derived.string()));
  CHECK(s.source_text.find("base.toml\n" + base_text) < s.source_text.find(derived_text));
}

TEST_CASE("a derived scenario's own name and description win over its base's", "[scenario]") {
  TempDir tmp;
  tmp.write("base.toml", "[scenario]\nname = \"base-name\"\ndescription = \"the base\"\n");
  const auto derived =
      tmp.write("derived.toml", "[scenario]\nbase = \"base.toml\"\ndescription = \"the variant\"\n");
  const auto s = load_scenario(derived);
  CHECK(s.name == "derived");
  CHECK(s.description == "the variant");
}

TEST_CASE("a three-level chain of bases resolves base-most first", "[scenario]") {
  TempDir tmp;
  const auto a = tmp.write("a.toml", "[intake]\ncohort_size = 10\nseverity_mean = 2.0\nseverity_sd = 0.5\n");
  const auto b = tmp.write("sub/b.toml", "[scenario]\nbase = \"../a.toml\"\n[intake]\nseverity_mean = 3.0\n"
                                         "severity_sd = 0.6\n");
  const auto c = tmp.write("sub/deeper/c.toml", "[scenario]\nbase = \"../b.toml\"\n[intake]\nseverity_sd = 0.7\n");
  const auto s = load_scenario(c);
  CHECK(s.parameters.intake.cohort_size == 10);
  CHECK(s.parameters.intake.severity_mean == 3.0);
  CHECK(s.parameters.intake.severity_sd == 0.7);
  REQUIRE(s.inheritance.size() == 3);
  CHECK(fs::equivalent(s.inheritance[0], a));
  CHECK(fs::equivalent(s.inheritance[1], b));
  CHECK(s.inheritance[2] == c);
  const auto at_a = s.source_text.find("severity_mean = 2.0");
  const auto at_b = s.source_text.find("severity_mean = 3.0");
  const auto at_c = s.source_text.find("severity_sd = 0.7");
  CHECK(at_a < at_b);
  CHECK(at_b < at_c);
  CHECK(at_c != std::string::npos);
}

TEST_CASE("an absolute base path is used as given", "[scenario]") {
  TempDir tmp;
  const auto base = tmp.write("elsewhere/base.toml", "[intake]\ncohort_size = 77\n");
  const auto derived = tmp.write("derived.toml", fmt::format("[scenario]\nbase = '{}'\n", fs::absolute(base).string()));
  CHECK(load_scenario(derived).parameters.intake.cohort_size == 77);
}

TEST_CASE("two variants may share a base", "[scenario]") {
  TempDir tmp;
  tmp.write("base.toml", "[intake]\ncohort_size = 10\n");
  const auto one = tmp.write("one.toml", "[scenario]\nbase = \"base.toml\"\n");
  const auto two = tmp.write("two.toml", "[scenario]\nbase = \"one.toml\"\n");
  CHECK(load_scenario(two).parameters.intake.cohort_size == 10);
  CHECK(load_scenario(one).parameters.intake.cohort_size == 10);
}

// --- errors: files -------------------------------------------------------------------------------

TEST_CASE("a missing scenario file is an input error naming the file and the reason", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.path() / "does-not-exist.toml";
  CHECK_THROWS_AS(load_scenario(file), InputError);
  CHECK_THROWS_WITH(load_scenario(file), Contains("does-not-exist.toml") && Contains("No such file"));
}

TEST_CASE("a directory given as scenario file is an input error", "[scenario]") {
  TempDir tmp;
  const auto dir = tmp.path() / "a-directory.toml";
  fs::create_directories(dir);
  CHECK_THROWS_AS(load_scenario(dir), InputError);
  CHECK_THROWS_WITH(load_scenario(dir), Contains("a-directory.toml") && Contains("cannot read"));
}

TEST_CASE("a TOML syntax error is reported with file, line and column", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("syntax.toml", "[intake]\ncohort_size = 10\nseverity_mean = = 1\n");
  CHECK_THROWS_AS(load_scenario(file), InputError);
  CHECK_THROWS_WITH(load_scenario(file), Contains("syntax.toml:3:"));
}

TEST_CASE("text that is not TOML at all is a syntax error, not a crash", "[scenario]") {
  TempDir tmp;
  const std::vector<std::string> inputs = {
      std::string("\0\xff\xfe garbage", 12), "[intake\n", "= 1\n", "[intake]\n[intake]\n", "x = [1, 2\n",
      "\"unterminated\n", "[a]\nb = 1\n[a]\n", "[intake]\ncohort_size = 99999999999999999999\n",
      "[intake]\nseverity_mean = 1e999\n"};
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto file = tmp.write(fmt::format("bad-{}.toml", i), inputs[i]);
    CHECK_THROWS_AS(load_scenario(file), InputError);
    CHECK_THROWS_WITH(load_scenario(file), Contains(fmt::format("bad-{}.toml:", i)));
  }
}

TEST_CASE("deeply nested tables and arrays are rejected without a crash", "[scenario]") {
  TempDir tmp;
  std::string dotted = "[a";
  for (int i = 0; i < 200000; ++i) dotted += ".a";
  dotted += "]\nx = 1\n";
  const auto deep_table = tmp.write("deep-table.toml", dotted);
  CHECK_THROWS_AS(load_scenario(deep_table), InputError);
  CHECK_THROWS_WITH(load_scenario(deep_table), Contains("deep-table.toml:1") && Contains("nested"));

  std::string inline_tables = "[intake]\ncohort_size = ";
  for (int i = 0; i < 100000; ++i) inline_tables += "{a=";
  const auto deep_inline = tmp.write("deep-inline.toml", inline_tables);
  CHECK_THROWS_AS(load_scenario(deep_inline), InputError);

  std::string arrays = "x = ";
  for (int i = 0; i < 100000; ++i) arrays += "[";
  const auto deep_array = tmp.write("deep-array.toml", arrays);
  CHECK_THROWS_AS(load_scenario(deep_array), InputError);
}

TEST_CASE("malformed table headers are syntax errors, not crashes", "[scenario]") {
  // toml++ 3.3 breaks an internal precondition on these (marzer/tomlplusplus#301).
  TempDir tmp;
  const std::vector<std::string> headers = {"[{a]", "[[{a]]", "[ {a]", "[[[1]]]", "[[[a]]]", "[[[]]",
                                            "[[=", "[=", "[#", "[\na]", "[\t{a]", "\xEF\xBB\xBF[{a]"};
  for (std::size_t i = 0; i < headers.size(); ++i) {
    INFO(headers[i]);
    const auto file = tmp.write(fmt::format("header-{}.toml", i), "[intake]\ncohort_size = 5\n\n" + headers[i] + "\n");
    CHECK_THROWS_AS(load_scenario(file), InputError);
    CHECK_THROWS_WITH(load_scenario(file), Contains(fmt::format("header-{}.toml:4:", i)));
  }
}

TEST_CASE("arrays at the start of a line inside a value are not mistaken for table headers", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("arrays.toml", "[intake]\nseverity_mean = [\n  [{ a = 1 }],\n[ \"x\" ],\n]\n");
  CHECK_THROWS_WITH(load_scenario(file), Contains("arrays.toml:2: intake.severity_mean must be a number, not an array"));
}

TEST_CASE("inputs that break toml++ preconditions are syntax errors, not crashes", "[scenario]") {
  // toml++ 3.3 asserts or reaches "unreachable" on these; see prescan in io/scenario.cpp.
  TempDir tmp;
  const std::vector<std::string> lines = {
      "x = 1\xc3\xac",                      // non-ASCII right after a value
      "\xc3\xac = 1",                       // non-ASCII where a key starts
      "x = 0\"\xc3\xac",                    // ... after a stray quote
      "x = [1, }",                          // '}' closing an array
      "x = [}",                             //
      "x = 1979-05-27T:",                   // a date-time without its time
      "x = \"\"\"\\\xc2\xa7\"\"\"",         // a backslash before a non-ASCII character
      "x = \"\"\"\\\n  \xc2\xa7\"\"\"",     // a continued line starting with one
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    INFO(lines[i]);
    const auto file = tmp.write(fmt::format("pre-{}.toml", i), "[intake]\n" + lines[i] + "\n");
    CHECK_THROWS_AS(load_scenario(file), InputError);
    CHECK_THROWS_WITH(load_scenario(file), Contains(fmt::format("pre-{}.toml:", i)));
  }
}

TEST_CASE("non-ASCII text in strings and comments is accepted", "[scenario]") {
  TempDir tmp;
  const std::string description = "Jouw Ingebrachte Mentor \xe2\x80\x94 \xc3\xa9\xc3\xa9n vertrouwd persoon \xe3\x80\x87";
  const std::string text = "# \xc3\xa9\xc3\xa9n \xc2\xa7\n[scenario]\ndescription = \"" + description +
                           "\"\n[intake] # \xc3\xac\ncohort_size = 5\n";
  const auto valid = tmp.write("utf8.toml", text);
  const auto s = load_scenario(valid);
  CHECK(s.description == description);
  CHECK(s.parameters.intake.cohort_size == 5);

  // A quoted non-ASCII key and a multi-line literal string parse; the key is then unknown.
  const auto odd = tmp.write("utf8-key.toml", text + "x.\"\xc3\xac\" = '''\xc2\xa7\n\xc2\xa7'''\n");
  CHECK_THROWS_WITH(load_scenario(odd), Contains("utf8-key.toml:6: unknown key 'intake.x'"));
}

TEST_CASE("a scenario file that starts with a UTF-8 byte-order mark loads like one without", "[scenario]") {
  // Notepad and Excel write the mark; it is no character of the text.
  TempDir tmp;
  const std::string bom = "\xEF\xBB\xBF";
  const std::string text = "[scenario]\ndescription = \"\xc3\xa9\xc3\xa9n\"\n[intake]\ncohort_size = 7\n"
                           "[crisis]\nbase_hazard = 0.02\n";
  const auto plain = load_scenario(tmp.write("plain/s.toml", text));
  const auto marked = load_scenario(tmp.write("marked/s.toml", bom + text));
  CHECK(marked.parameters == plain.parameters);
  CHECK(marked.parameters.intake.cohort_size == 7);
  CHECK(marked.description == plain.description);
  CHECK(marked.name == plain.name);
  CHECK(marked.source_text.find(bom) == std::string::npos);  // the text recorded in results files
}

TEST_CASE("errors in a file with a byte-order mark name the same line and column as without", "[scenario]") {
  TempDir tmp;
  const std::string bom = "\xEF\xBB\xBF";
  const std::vector<std::string> texts = {
      "[intake]\ncohort_size = 10\nseverity_mean = = 1\n",       // syntax error, line 3
      "x = = 1\n",                                                 // syntax error on the mark's line
      "# \xc3\xa9\n[intake]\ncohort_size = = 1\n",                  // non-ASCII text: the checked path
      "[intake]\n\ncohort_size = 0\n",                             // out of range, line 3
      "[intake]\ncohort_sise = 10\n",                              // unknown key, line 2
      "[intake]\n[[=\n",                                           // refused before toml++ sees it
  };
  for (const auto& text : texts) {
    INFO(text);
    const std::string without = load_error(tmp.write("plain/s.toml", text));
    const std::string with = load_error(tmp.write("marked/s.toml", bom + text));
    CHECK_FALSE(without.empty());
    CHECK(with.substr(with.find("s.toml")) == without.substr(without.find("s.toml")));
  }
  CHECK_THAT(load_error(tmp.write("marked/s.toml", bom + texts[0])), Contains("s.toml:3:"));
}

TEST_CASE("dots inside strings and comments do not count as nesting", "[scenario]") {
  TempDir tmp;
  const std::string prose(5000, '.');
  const auto file = tmp.write("dots.toml", fmt::format("# {}\n[scenario]\ndescription = \"{}\"\n"
                                                       "# '\n[intake] # \"\ncohort_size = 5 # {}\n",
                                                       prose, prose, prose));
  const auto s = load_scenario(file);
  CHECK(s.description == prose);
  CHECK(s.parameters.intake.cohort_size == 5);
}

// --- errors: keys --------------------------------------------------------------------------------

TEST_CASE("an unknown key in a group is reported with the nearest valid key", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("typo.toml", "[intake]\ncohort_size = 10\ncohort_sise = 20\n");
  CHECK_THROWS_AS(load_scenario(file), InputError);
  CHECK_THROWS_WITH(load_scenario(file), Contains("typo.toml:3: unknown key 'intake.cohort_sise' "
                                                  "(did you mean 'intake.cohort_size'?)"));
}

TEST_CASE("an unknown key with nothing close is reported without a suggestion", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("far.toml", "[intake]\n\nzzzzzz = 1\n");
  const auto message = load_error(file);
  CHECK_THAT(message, Contains("far.toml:3: unknown key 'intake.zzzzzz'"));
  CHECK_THAT(message, !Contains("did you mean"));
}

TEST_CASE("a parameter put in the wrong group is pointed to its group", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("wrong-group.toml", "[intake]\nweekly_hazard = 0.3\n");
  CHECK_THROWS_WITH(load_scenario(file), Contains("wrong-group.toml:2: unknown key 'intake.weekly_hazard'") &&
                                             Contains("did you mean 'mentor_search.weekly_hazard'?"));
}

TEST_CASE("an unknown group is reported with the nearest group", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("group.toml", "# comment\n[intak]\ncohort_size = 10\n");
  CHECK_THROWS_AS(load_scenario(file), InputError);
  CHECK_THROWS_WITH(load_scenario(file), Contains("group.toml:2: unknown key 'intak' (did you mean 'intake'?)"));
}

TEST_CASE("a parameter outside any group is reported with its full key", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("top.toml", "cohort_size = 10\n");
  CHECK_THROWS_WITH(load_scenario(file),
                    Contains("top.toml:1: unknown key 'cohort_size' (did you mean 'intake.cohort_size'?)"));
}

TEST_CASE("an unknown key in [scenario] is reported", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("header.toml", "[scenario]\nnmae = \"x\"\n");
  CHECK_THROWS_WITH(load_scenario(file),
                    Contains("header.toml:2: unknown key 'scenario.nmae' (did you mean 'scenario.name'?)"));
}

TEST_CASE("a nested table inside a group is an unknown key", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("nested.toml", "[intake]\ncohort_size = 10\n[intake.extra]\nx = 1\n");
  CHECK_THROWS_WITH(load_scenario(file), Contains("nested.toml:3: unknown key 'intake.extra'"));
}

TEST_CASE("a group that is not a table is an input error", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("flat.toml", "\nintake = 5\n");
  CHECK_THROWS_WITH(load_scenario(file), Contains("flat.toml:2: 'intake' must be a table"));
}

TEST_CASE("every error in a file is reported, in line order", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("many.toml", "[intake]\ncohort_size = \"a\"\n[crisis]\nbase_hazrd = 1\n");
  const auto message = load_error(file);
  const auto first = message.find("many.toml:2:");
  const auto second = message.find("many.toml:4:");
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(first < second);
}

// --- errors: values ------------------------------------------------------------------------------

TEST_CASE("a string for an integer parameter is a type error", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("type-int.toml", "[intake]\ncohort_size = \"500\"\n");
  CHECK_THROWS_AS(load_scenario(file), InputError);
  CHECK_THROWS_WITH(load_scenario(file),
                    Contains("type-int.toml:2: intake.cohort_size must be an integer, not a string"));
}

TEST_CASE("a non-integral number for an integer parameter is an error", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("fraction.toml", "[professionals]\ncaseload_cap = 8.5\n");
  CHECK_THROWS_AS(load_scenario(file), InputError);
  CHECK_THROWS_WITH(load_scenario(file),
                    Contains("fraction.toml:2: professionals.caseload_cap must be an integer, not 8.5"));
}

TEST_CASE("a non-number for a real parameter is a type error", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("type-real.toml", "[crisis]\n\nbase_hazard = true\n");
  CHECK_THROWS_AS(load_scenario(file), InputError);
  CHECK_THROWS_WITH(load_scenario(file),
                    Contains("type-real.toml:3: crisis.base_hazard must be a number, not a boolean"));
}

TEST_CASE("a non-boolean for a flag parameter is a type error", "[scenario]") {
  TempDir tmp;
  for (const std::string value : {"1", "\"true\"", "0.0"}) {
    const auto file = tmp.write("type-flag.toml", "[mentor_search]\nenabled = " + value + "\n");
    CHECK_THROWS_AS(load_scenario(file), InputError);
    CHECK_THROWS_WITH(load_scenario(file),
                      Contains("type-flag.toml:2: mentor_search.enabled must be true or false, not"));
  }
}

TEST_CASE("arrays, tables and dates are type errors for any parameter", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("odd.toml", "[intake]\nseverity_mean = [1.0]\nseverity_sd = { a = 1 }\n"
                                          "baseline_share = 1979-05-27\ncohort_size = 07:32:00\n");
  const auto message = load_error(file);
  CHECK_THAT(message, Contains("odd.toml:2: intake.severity_mean must be a number, not an array"));
  CHECK_THAT(message, Contains("odd.toml:3: intake.severity_sd must be a number, not a table"));
  CHECK_THAT(message, Contains("odd.toml:4: intake.baseline_share must be a number, not a date"));
  CHECK_THAT(message, Contains("odd.toml:5: intake.cohort_size must be an integer, not a time"));
}

TEST_CASE("a value outside its declared range is an error naming file, line and key", "[scenario]") {
  TempDir tmp;
  const auto low = tmp.write("low.toml", "[intake]\n\ncohort_size = 0\n");
  CHECK_THROWS_AS(load_scenario(low), InputError);
  CHECK_THROWS_WITH(load_scenario(low), Contains("low.toml:3: intake.cohort_size") && Contains("outside"));

  const auto high = tmp.write("high.toml", "[parent_group]\nuptake = 1.5\n");
  CHECK_THROWS_AS(load_scenario(high), InputError);
  CHECK_THROWS_WITH(load_scenario(high), Contains("high.toml:2: parent_group.uptake") && Contains("1.5"));

  const auto negative = tmp.write("negative.toml", "[crisis]\nbase_hazard = -0.1\n");
  CHECK_THROWS_WITH(load_scenario(negative), Contains("negative.toml:2: crisis.base_hazard"));
}

TEST_CASE("huge numbers are range errors, not overflows", "[scenario]") {
  TempDir tmp;
  const auto big_int = tmp.write("big-int.toml", "[intake]\ncohort_size = 9223372036854775807\n");
  CHECK_THROWS_WITH(load_scenario(big_int), Contains("big-int.toml:2: intake.cohort_size") &&
                                                Contains("9223372036854775807 is outside"));
  const auto small_int = tmp.write("small-int.toml", "[intake]\ncohort_size = -9223372036854775808\n");
  CHECK_THROWS_WITH(load_scenario(small_int), Contains("small-int.toml:2: intake.cohort_size"));
  const auto big_float = tmp.write("big-float.toml", "[intake]\ncohort_size = 1e300\n");
  CHECK_THROWS_WITH(load_scenario(big_float), Contains("big-float.toml:2: intake.cohort_size"));
  const auto big_real = tmp.write("big-real.toml", "[simulation]\nhorizon_weeks = 1.7e308\n");
  CHECK_THROWS_WITH(load_scenario(big_real), Contains("big-real.toml:2: simulation.horizon_weeks"));
}

TEST_CASE("nan and inf are rejected with a clear message", "[scenario]") {
  TempDir tmp;
  for (const std::string value : {"nan", "+nan", "-nan", "inf", "+inf", "-inf"}) {
    const auto real = tmp.write("nonfinite.toml", "[intake]\nseverity_mean = " + value + "\n");
    CHECK_THROWS_AS(load_scenario(real), InputError);
    CHECK_THROWS_WITH(load_scenario(real),
                      Contains("nonfinite.toml:2: intake.severity_mean must be a finite number"));
    const auto integer = tmp.write("nonfinite-int.toml", "[intake]\ncohort_size = " + value + "\n");
    CHECK_THROWS_WITH(load_scenario(integer), Contains("nonfinite-int.toml:2: intake.cohort_size must be"));
  }
}

TEST_CASE("scenario header values must be strings", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("header-type.toml", "[scenario]\ndescription = 5\n");
  CHECK_THROWS_WITH(load_scenario(file),
                    Contains("header-type.toml:2: scenario.description must be a string, not an integer"));
}

// --- errors: names -------------------------------------------------------------------------------

TEST_CASE("a scenario name that is not a safe identifier is an error", "[scenario]") {
  TempDir tmp;
  for (const std::string name : {"", "two words", "a/b", ".hidden", "-dash", "naïve", "x\\ty"}) {
    const auto file = tmp.write("bad-name.toml", "[scenario]\nname = \"" + name + "\"\n");
    CHECK_THROWS_AS(load_scenario(file), InputError);
    CHECK_THROWS_WITH(load_scenario(file), Contains("bad-name.toml:2: scenario.name"));
  }
}

TEST_CASE("a file name that makes no valid default name asks for an explicit name", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("my scenario.toml", "[intake]\ncohort_size = 10\n");
  CHECK_THROWS_WITH(load_scenario(file), Contains("my scenario.toml") && Contains("name"));
  const auto named = tmp.write("my other scenario.toml", "[scenario]\nname = \"mine\"\n");
  CHECK(load_scenario(named).name == "mine");
}

// --- errors: bases -------------------------------------------------------------------------------

TEST_CASE("a missing base file names the derived file, the line of base and the missing path",
          "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("derived.toml", "# a variant\n[scenario]\nbase = \"nowhere.toml\"\n");
  CHECK_THROWS_AS(load_scenario(file), InputError);
  CHECK_THROWS_WITH(load_scenario(file), Contains("derived.toml:3:") && Contains("nowhere.toml"));
}

TEST_CASE("an error in a base file names the base file", "[scenario]") {
  TempDir tmp;
  tmp.write("base.toml", "[intake]\ncohort_size = -1\n");
  const auto file = tmp.write("derived.toml", "[scenario]\nbase = \"base.toml\"\n");
  CHECK_THROWS_WITH(load_scenario(file), Contains("base.toml:2: intake.cohort_size"));
}

TEST_CASE("a cycle of base scenarios is an error listing the chain", "[scenario]") {
  TempDir tmp;
  const auto a = tmp.write("a.toml", "[scenario]\nbase = \"b.toml\"\n");
  tmp.write("b.toml", "[scenario]\n\nbase = \"a.toml\"\n");
  CHECK_THROWS_AS(load_scenario(a), InputError);
  CHECK_THROWS_WITH(load_scenario(a),
                    Contains("b.toml:3:") && Contains("cycle") && Contains("a.toml -> ") && Contains("b.toml -> "));
}

TEST_CASE("a scenario naming itself as base is a cycle", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("self.toml", "[scenario]\nbase = \"./self.toml\"\n");
  CHECK_THROWS_AS(load_scenario(file), InputError);
  CHECK_THROWS_WITH(load_scenario(file), Contains("self.toml:2:") && Contains("cycle") && Contains("self.toml -> "));
}

TEST_CASE("an empty base is an error", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("empty-base.toml", "[scenario]\nbase = \"\"\n");
  CHECK_THROWS_WITH(load_scenario(file), Contains("empty-base.toml:2: scenario.base"));
}

// --- errors: consistency -------------------------------------------------------------------------

TEST_CASE("inconsistent values are reported at the line that set them", "[scenario]") {
  TempDir tmp;
  const auto file = tmp.write("ages.toml", "[intake]\nage_max_years = 14.0\nage_min_years = 16.0\n");
  CHECK_THROWS_AS(load_scenario(file), InputError);
  CHECK_THROWS_WITH(load_scenario(file), Contains("ages.toml:3: intake.age_min_years") && Contains("above"));
}

TEST_CASE("an inconsistency caused by a base is reported in the file that set the value", "[scenario]") {
  TempDir tmp;
  tmp.write("base.toml", "[intake]\nage_min_years = 16.0\n");
  const auto file = tmp.write("derived.toml", "[scenario]\nbase = \"base.toml\"\n[intake]\nage_max_years = 14.0\n");
  CHECK_THROWS_WITH(load_scenario(file), Contains("base.toml:2: intake.age_min_years"));
}

TEST_CASE("an inconsistency with a default points at the value that was set", "[scenario]") {
  TempDir tmp;
  // case_closure.min_treatment_weeks keeps its default of 12; only the maximum is set.
  const auto file = tmp.write("closure.toml", "[case_closure]\n\nmax_treatment_weeks = 5.0\n");
  CHECK_THROWS_WITH(load_scenario(file),
                    Contains("closure.toml:3: case_closure.min_treatment_weeks") && Contains("max_treatment_weeks"));
}

// --- nearest_name --------------------------------------------------------------------------------

TEST_CASE("nearest_name finds close names and rejects far ones", "[scenario]") {
  const std::vector<std::string> names = {"cohort_size", "age_min_years", "age_max_years", "severity_mean"};
  CHECK(nearest_name("cohort_size", names) == "cohort_size");
  CHECK(nearest_name("cohort_sise", names) == "cohort_size");   // substitution
  CHECK(nearest_name("cohrot_size", names) == "cohort_size");   // transposition
  CHECK(nearest_name("cohortsize", names) == "cohort_size");    // deletion
  CHECK(nearest_name("Cohort_Size", names) == "cohort_size");   // case
  CHECK(nearest_name("age_mx_years", names) == "age_max_years");
  CHECK(nearest_name("severity", names) == "severity_mean");    // a name cut short
  CHECK(nearest_name("zzz", names).empty());
  CHECK(nearest_name("population", names).empty());
  CHECK(nearest_name("", names).empty());
  CHECK(nearest_name("cohort_size", {}).empty());
}

TEST_CASE("nearest_name suggests only reasonably close names for short words", "[scenario]") {
  const std::vector<std::string> groups = {"intake", "crisis", "costs", "support", "scenario"};
  CHECK(nearest_name("cost", groups) == "costs");
  CHECK(nearest_name("crises", groups) == "crisis");
  CHECK(nearest_name("x", groups).empty());
  CHECK(nearest_name("abc", groups).empty());
}

TEST_CASE("nearest_name copes with very long words", "[scenario]") {
  const std::vector<std::string> names = {"cohort_size"};
  CHECK(nearest_name(std::string(100000, 'q'), names).empty());
  CHECK(nearest_name("cohort_size" + std::string(100000, 'q'), names).empty());
  CHECK(nearest_name("cohort_size_families", names) == "cohort_size");  // a name with more added
}

// --- the bundled scenarios -----------------------------------------------------------------------

TEST_CASE("every bundled scenario loads", "[scenario]") {
  const fs::path dir = fs::path(JIMSIM_SOURCE_DIR) / "scenarios";
  REQUIRE(fs::is_directory(dir));
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    // scenarios/sweeps/ holds sweep files, checked in test_sweep.cpp; scenarios/calibration/
    // calibration and targets files, checked in test_calibration_file.cpp.
    const auto folder = entry.path().parent_path().filename();
    if (entry.path().extension() == ".toml" && folder != "sweeps" && folder != "calibration") {
      files.push_back(entry.path());
    }
  }
  REQUIRE(files.size() >= 12);  // the at-risk set, the referred pair and the region example
  for (const auto& file : files) {
    INFO(file.string());
    CHECK_NOTHROW(load_scenario(file));
    const auto s = load_scenario(file);
    CHECK_FALSE(s.name.empty());
    CHECK_FALSE(s.description.empty());
    const auto text = read_all(file);
    CHECK(text.rfind("# ", 0) == 0);  // starts with a comment saying what it is
  }
  // The region example is a region: a fixed workforce, weekly referrals, staff costed as employed.
  const auto region = load_scenario(dir / "region" / "example-region.toml").parameters;
  CHECK(region.professionals.basic_fte > 0);
  CHECK(region.intake.weekly_referrals > 0);
  CHECK(region.costs.staff_employed);
}

TEST_CASE("the bundled policy variants differ from jim.toml as documented", "[scenario]") {
  const fs::path dir = fs::path(JIMSIM_SOURCE_DIR) / "scenarios";
  const auto jim = load_scenario(dir / "jim.toml").parameters;
  CHECK(jim == jimsim::Parameters{});

  auto expected = jim;
  expected.mentor_search.enabled = false;
  expected.placement.safety_plan = false;
  CHECK(load_scenario(dir / "care-as-usual.toml").parameters == expected);

  expected = jim;
  expected.professionals.mentor_support_share = 0.30;
  expected.professionals.equal_partner_share = 0.9;
  CHECK(load_scenario(dir / "jim-mentor-support.toml").parameters == expected);

  expected = jim;
  expected.mentor_dynamics.role_clarity_start_meeting = true;
  expected.case_closure.role_clarity_end_meeting = true;
  CHECK(load_scenario(dir / "jim-role-clarity.toml").parameters == expected);

  expected = jim;
  expected.professionals.caseload_cap = 8;
  CHECK(load_scenario(dir / "jim-caseload-cap.toml").parameters == expected);

  expected = jim;
  expected.parent_group.uptake = 0.5;
  CHECK(load_scenario(dir / "jim-parent-groups.toml").parameters == expected);

  expected = jim;
  expected.professionals.consistent_policy = true;
  CHECK(load_scenario(dir / "jim-consistent-crisis-policy.toml").parameters == expected);

  expected = jim;
  expected.professionals.collaboration = true;
  CHECK(load_scenario(dir / "jim-collaboration.toml").parameters == expected);

  for (const auto* name : {"care-as-usual.toml", "jim-mentor-support.toml", "jim-role-clarity.toml",
                           "jim-caseload-cap.toml", "jim-parent-groups.toml", "jim-consistent-crisis-policy.toml",
                           "jim-collaboration.toml"}) {
    INFO(name);
    const auto s = load_scenario(dir / name);
    REQUIRE(s.inheritance.size() == 2);
    CHECK(s.inheritance[0].filename() == "jim.toml");
  }

  // The referred-for-placement pair differs from the at-risk pair in who arrives, nothing else.
  const auto referred_cau = load_scenario(dir / "referred" / "care-as-usual.toml");
  const auto referred_jim = load_scenario(dir / "referred" / "jim.toml");
  CHECK(referred_cau.name == "referred-care-as-usual");
  CHECK(referred_jim.name == "referred-jim");
  for (auto [referred, at_risk] : {std::pair{referred_cau.parameters, load_scenario(dir / "care-as-usual.toml").parameters},
                                   std::pair{referred_jim.parameters, jim}}) {
    CHECK(referred.intake.indicated_share == 1.0);
    referred.intake.indicated_share = at_risk.intake.indicated_share;
    referred.intake.severity_mean = at_risk.intake.severity_mean;
    CHECK(referred == at_risk);
  }
}

TEST_CASE("the commented-out example values in jim.toml are the declared defaults", "[scenario]") {
  // jim.toml documents the main knobs as commented-out lines "# key = value"; uncommented, they must
  // load and give the defaults, so the documentation cannot drift from sim/parameters.hpp.
  const auto text = read_all(fs::path(JIMSIM_SOURCE_DIR) / "scenarios" / "jim.toml");
  // "# key = value  # comment" -> "key = value"; anything else -> "".
  const auto example = [](const std::string& line) -> std::string {
    if (line.rfind("# ", 0) != 0) return {};
    std::size_t i = 2;
    while (i < line.size() && (std::islower(static_cast<unsigned char>(line[i])) || line[i] == '_')) ++i;
    if (i == 2 || line.compare(i, 3, " = ") != 0) return {};
    const std::size_t value_start = i + 3;
    std::size_t end = value_start;
    while (end < line.size() && !std::isspace(static_cast<unsigned char>(line[end]))) ++end;
    return end > value_start ? line.substr(2, end - 2) : std::string();
  };
  std::istringstream lines(text);
  std::string line;
  std::string uncommented;
  bool in_tables = false;
  int examples = 0;
  while (std::getline(lines, line)) {
    if (line.rfind('[', 0) == 0) in_tables = true;
    const std::string setting = in_tables ? example(line) : std::string();
    if (!setting.empty()) {
      uncommented += setting + "\n";
      ++examples;
    } else {
      uncommented += line + "\n";
    }
  }
  CHECK(examples >= 10);
  TempDir tmp;
  const auto file = tmp.write("jim.toml", uncommented);
  const auto s = load_scenario(file);
  CHECK(s.parameters == jimsim::Parameters{});
}
