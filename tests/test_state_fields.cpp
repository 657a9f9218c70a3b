// The state's declaration (sim/state_fields.hpp): the members, the reset and the docs page it
// drives.
#include <catch2/catch.hpp>

#include <cstring>
#include <fmt/format.h>
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
  const FamilyRecord blank_record{};
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
    CHECK(all_bytes_equal(f.name, type{initial}));                    \
    scribble(f.name); /* what the next reset must undo */             \
  }
    JIMSIM_FAMILY_STATE_FIELDS(JIMSIM_CHECK_RESET)
#undef JIMSIM_CHECK_RESET
    // The record too: every field as a new record has it.
    for (const FamilyRecord& record : f.record) CHECK(std::memcmp(&record, &blank_record, sizeof(FamilyRecord)) == 0);
    if (!f.record.empty()) std::memset(static_cast<void*>(f.record.data()), 0x5a, n * sizeof(FamilyRecord));
  }
  // The declared values that are not zero, as the processes read them: no professional, no mentor
  // named, the mentor's support need all unmet, the whole step with a mentor named before it.
  f.reset(1);
  CHECK(f.professional[0] == -1);
  CHECK(f.mentor_found_step[0] == -1);
  CHECK(f.mentor_support_unmet[0] == 1.0);
  CHECK(f.mentor_present_share[0] == 1.0);
}

// Families has no member but the declared arrays, its record and its count: an array added by hand
// outside the list would be missed by the reset, the docs and the bytes per family.
#define JIMSIM_DECLARED_MEMBER_SIZE(type, name, lanes, initial, unit, meaning) +sizeof(family_array_t<type, lanes>)
static_assert(sizeof(Families) == 0 JIMSIM_FAMILY_STATE_FIELDS(JIMSIM_DECLARED_MEMBER_SIZE) +
                                      sizeof(std::vector<FamilyRecord>) + sizeof(std::size_t));
#undef JIMSIM_DECLARED_MEMBER_SIZE

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
  CHECK(find("setting").bytes == 1);
  CHECK(find("severity").bytes == 8);
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
  for (const auto& s : family_state_fields()) CHECK_THAT(text, Contains(fmt::format("| `{}` |", s.name)));
  for (const auto& s : professional_state_fields()) CHECK_THAT(text, Contains(fmt::format("| `{}` |", s.name)));
}
