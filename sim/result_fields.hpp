// The fields of a replicate's results as lists: name, unit, meaning and where the value lives.
// Derived from the X-macro declarations in sim/outcomes.hpp; they drive the results files, the unit
// records of sweeps and the outputs a sweep keeps.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "sim/outcomes.hpp"

namespace jimsim {

// One double field of a struct, as the X-macro lists declare it.
struct DoubleField {
  std::string_view name;
  std::string_view unit;
  std::string_view meaning;
  std::size_t offset;  // in the struct
};

#define JIMSIM_RESULT_OUTCOME_FIELD(name_, unit_, meaning_) \
  DoubleField{#name_, unit_, meaning_, offsetof(Outcomes, name_)},
#define JIMSIM_RESULT_FAMILY_FIELD(name_, unit_, meaning_) \
  DoubleField{#name_, unit_, meaning_, offsetof(FamilyRecord, name_)},
#define JIMSIM_RESULT_RESOURCE_USE_FIELD(name_, unit_, meaning_) \
  DoubleField{#name_, unit_, meaning_, offsetof(ResourceUseYear, name_)},
inline constexpr auto outcome_fields = std::to_array<DoubleField>({JIMSIM_OUTCOME_FIELDS(JIMSIM_RESULT_OUTCOME_FIELD)});
inline constexpr auto family_fields = std::to_array<DoubleField>({JIMSIM_FAMILY_FIELDS(JIMSIM_RESULT_FAMILY_FIELD)});
inline constexpr auto resource_use_fields =
    std::to_array<DoubleField>({JIMSIM_RESOURCE_USE_FIELDS(JIMSIM_RESULT_RESOURCE_USE_FIELD)});
#undef JIMSIM_RESULT_OUTCOME_FIELD
#undef JIMSIM_RESULT_FAMILY_FIELD
#undef JIMSIM_RESULT_RESOURCE_USE_FIELD
static_assert(sizeof(ResourceUseYear) == resource_use_fields.size() * sizeof(double));

struct SeriesField {
  std::string_view name;
  std::string_view unit;
  std::string_view meaning;
  std::vector<double> TimeSeries::*member;
};

#define JIMSIM_RESULT_SERIES_FIELD(name_, unit_, meaning_) SeriesField{#name_, unit_, meaning_, &TimeSeries::name_},
inline const auto series_fields = std::to_array<SeriesField>({JIMSIM_SERIES_FIELDS(JIMSIM_RESULT_SERIES_FIELD)});
#undef JIMSIM_RESULT_SERIES_FIELD

inline double field_value(const Outcomes& o, const DoubleField& f) {
  return *reinterpret_cast<const double*>(reinterpret_cast<const char*>(&o) + f.offset);
}
inline double& field_value(Outcomes& o, const DoubleField& f) {
  return *reinterpret_cast<double*>(reinterpret_cast<char*>(&o) + f.offset);
}
inline double field_value(const ResourceUseYear& y, const DoubleField& f) {
  return *reinterpret_cast<const double*>(reinterpret_cast<const char*>(&y) + f.offset);
}
inline double& field_value(ResourceUseYear& y, const DoubleField& f) {
  return *reinterpret_cast<double*>(reinterpret_cast<char*>(&y) + f.offset);
}

// The outcome field named `name`, as an index into outcome_fields; -1 when there is none.
inline int outcome_field_index(std::string_view name) {
  for (std::size_t i = 0; i < outcome_fields.size(); ++i) {
    if (outcome_fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace jimsim
