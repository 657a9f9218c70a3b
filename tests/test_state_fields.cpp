// The state's declaration (sim/state_fields.hpp): the members, the reset and the docs page it
// drives.
#include <catch2/catch.hpp>

#include <cstring>
#include <set>
#include <string>

#include "sim/state.hpp"
#include "sim/state_fields.hpp"
#include "tests/generated_docs.hpp"

using namespace jimsim;
using Catch::Contains;

namespace {

// Every element of `v` (each lane's) is `value`, byte for byte (NaN and StaffTime compare too).
template <class T>
bool all_bytes_equal(const std::vector<T>& v, const T& value) {
  for (const T& x : v) {
    if (std::memcmp(&x, &value, sizeof(T)) != 0) return false;
  }
  return true;
}
template <class T, std::size_t lanes>
bool all_bytes_equal(const std::array<std::vector<T>, lanes>& v, const T& value) {
  for (const auto& lane : v) {
    if (!all_bytes_equal(lane, value)) return false;
  }
  return true;
}

// Writes a value no array starts with into every element, as a replicate leaves them.
template <class T>
void scribble(std::vector<T>& v) {
  if (!v.empty()) std::memset(static_cast<void*>(v.data()), 0x5a, v.size() * sizeof(T));
}
template <class T, std::size_t lanes>
void scribble(std::array<std::vector<T>, lanes>& v) {
  for (auto& lane : v) scribble(lane);
}

template <class T>
std::size_t array_length(const std::vector<T>& v) {
  return v.size();
}
template <class T, std::size_t lanes>
std::size_t array_length(const std::array<std::vector<T>, lanes>& v) {
  for (const auto& lane : v) REQUIRE(lane.size() == v[0].size());
  return v[0].size();
}

}  // namespace

TEST_CASE("reset gives every declared array the padded length and its declared initial value", "[state]") {
  Families f;
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{64}, std::size_t{65}, std::size_t{3001},
                              std::size_t{700}}) {
    INFO("families " << n);
    f.reset(n);
    const std::size_t padded = (n + 63) / 64 * 64;
    CHECK(f.size() == n);
    CHECK(f.padded_size() == padded);
    CHECK(f.record.size() == n);
#define JIMSIM_CHECK_RESET(type, name, lanes, initial, unit, meaning)  \
  {                                                                   \
    INFO(#name);                                                      \
    CHECK(array_length(f.name) == padded);                            \
    CHECK(all_bytes_equal(f.name, static_cast<type>(initial)));       \
    scribble(f.name); /* what the next reset must undo */             \
  }
    JIMSIM_FAMILY_STATE_FIELDS(JIMSIM_CHECK_RESET)
#undef JIMSIM_CHECK_RESET
  }
}

TEST_CASE("the state's declarations are complete and their bytes add up", "[state]") {
  std::set<std::string_view> names;
  std::size_t bytes = 0;
  for (const auto& s : family_state_fields()) {
    INFO(s.name);
    CHECK(names.insert(s.name).second);
    CHECK_FALSE(s.type.empty());
    CHECK_FALSE(s.initial.empty());
    CHECK_FALSE(s.unit.empty());
    CHECK_FALSE(s.meaning.empty());
    CHECK(s.lanes >= 1);
    CHECK(s.bytes >= s.lanes);
    bytes += s.bytes;
  }
  CHECK(family_state_bytes_per_family() == bytes);
  // The four weekly lanes of 32-bit words; StaffTime's four doubles.
  const auto find = [](std::string_view name) {
    for (const auto& s : family_state_fields()) {
      if (s.name == name) return s;
    }
    FAIL("no field " << name);
    return StateFieldSpec{};
  };
  CHECK(find("draws").lanes == weekly_lane_count);
  CHECK(find("draws").bytes == 4 * weekly_lane_count);
  CHECK(find("staff_time").bytes == 32);
  CHECK(find("professional").initial == "-1");

  names.clear();
  for (const auto& s : professional_state_fields()) {
    INFO(s.name);
    CHECK(names.insert(s.name).second);
    CHECK_FALSE(s.unit.empty());
    CHECK_FALSE(s.meaning.empty());
    CHECK(s.initial.empty());
  }
  CHECK(names.count("caseload") == 1);
}

TEST_CASE("docs/state.md is the generated state page", "[state][docs]") {
  // Regenerate with: JIMSIM_REGENERATE_DOCS=1 build/tests/jimsim_tests "[state][docs]"
  const std::string text = jimsim::testing::docs_page("state.md", state_fields_markdown());
  CHECK(text == state_fields_markdown());
  for (const auto& s : family_state_fields()) CHECK_THAT(text, Contains("| `" + std::string(s.name) + "` |"));
  for (const auto& s : professional_state_fields()) CHECK_THAT(text, Contains("| `" + std::string(s.name) + "` |"));
}
