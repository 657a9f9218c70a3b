#include "io/unit_record.hpp"

#include <cstring>
#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/mapped_pages.hpp"
#include "sim/result_fields.hpp"

namespace jimsim {
namespace {

class Encoder {
 public:
  void u32(std::uint32_t v) { raw(&v, sizeof v); }
  void f64(double v) { raw(&v, sizeof v); }
  void f64s(const double* v, std::size_t n) { raw(v, n * sizeof(double)); }
  std::vector<std::byte> bytes;

 private:
  void raw(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::byte*>(data);
    bytes.insert(bytes.end(), p, p + size);
  }
};

class Decoder {
 public:
  explicit Decoder(std::span<const std::byte> bytes) : bytes_(bytes) {}
  std::uint32_t u32() {
    std::uint32_t v;
    raw(&v, sizeof v);
    return v;
  }
  double f64() {
    double v;
    raw(&v, sizeof v);
    return v;
  }
  void f64s(double* out, std::size_t n) { raw(out, n * sizeof(double)); }
  void expect(std::uint32_t value, std::uint32_t wanted, const char* what) {
    if (value != wanted) throw InputError(fmt::format("a unit record has {} {} where the plan has {}", value, what, wanted));
  }
  bool at_end() const { return at_ == bytes_.size(); }
  std::size_t remaining() const { return bytes_.size() - at_; }

 private:
  void raw(void* out, std::size_t size) {
    if (size > remaining()) throw InputError("a unit record ends early");
    std::memcpy(out, bytes_.data() + at_, size);
    at_ += size;
  }
  std::span<const std::byte> bytes_;
  std::size_t at_ = 0;
};

}  // namespace

std::vector<std::byte> encode_result(const ReplicateResult& result, const RunPlan& plan) {
  Encoder e;
  const auto& kept = plan.outputs;
  const std::size_t families = plan.family_records ? result.families.size() : 0;
  {
    // Its size known, the record is made in one piece of memory, mapped in one call: with the
    // families' records it is megabytes a unit (17.6 at 50,000 families), fresh memory each time,
    // which grown by doubling was copied and faulted in page by page.
    std::size_t bytes = 5 * sizeof(std::uint32_t) + kept.subgroups.size() * kept.fields.size() * sizeof(double) +
                        families * sizeof(FamilyRecord);
    if (kept.series) {
      for (const auto& field : series_fields) bytes += sizeof(std::uint32_t) + (result.series.*field.member).size() * sizeof(double);
      bytes += result.by_year.size() * sizeof(ResourceUseYear);
    }
    reserve_mapped(e.bytes, bytes);
  }
  e.u32(static_cast<std::uint32_t>(kept.subgroups.size()));
  e.u32(static_cast<std::uint32_t>(kept.fields.size()));
  for (const int g : kept.subgroups) {
    for (const int f : kept.fields) e.f64(field_value(result.outcomes[static_cast<std::size_t>(g)], outcome_fields[static_cast<std::size_t>(f)]));
  }
  e.u32(kept.series ? static_cast<std::uint32_t>(series_fields.size()) : 0u);
  if (kept.series) {
    for (const auto& field : series_fields) {
      const auto& values = result.series.*field.member;
      e.u32(static_cast<std::uint32_t>(values.size()));
      e.f64s(values.data(), values.size());
    }
  }
  // Resource use by year goes with the series: a sweep that leaves series out keeps neither.
  e.u32(kept.series ? static_cast<std::uint32_t>(result.by_year.size()) : 0u);
  if (kept.series) {
    static_assert(sizeof(ResourceUseYear) == resource_use_fields.size() * sizeof(double));
    for (const auto& year : result.by_year) e.f64s(reinterpret_cast<const double*>(&year), resource_use_fields.size());
  }
  e.u32(static_cast<std::uint32_t>(families));
  for (std::size_t k = 0; k < families; ++k) {
    static_assert(sizeof(FamilyRecord) == family_fields.size() * sizeof(double));
    e.f64s(reinterpret_cast<const double*>(&result.families[k]), family_fields.size());
  }
  return std::move(e.bytes);
}

ReplicateResult decode_result(std::span<const std::byte> bytes, const RunPlan& plan) {
  Decoder d(bytes);
  ReplicateResult result;
  const auto& kept = plan.outputs;
  d.expect(d.u32(), static_cast<std::uint32_t>(kept.subgroups.size()), "subgroups");
  d.expect(d.u32(), static_cast<std::uint32_t>(kept.fields.size()), "outcome fields");
  for (const int g : kept.subgroups) {
    for (const int f : kept.fields) {
      field_value(result.outcomes[static_cast<std::size_t>(g)], outcome_fields[static_cast<std::size_t>(f)]) = d.f64();
    }
  }
  d.expect(d.u32(), kept.series ? static_cast<std::uint32_t>(series_fields.size()) : 0u, "series");
  if (kept.series) {
    for (const auto& field : series_fields) {
      const std::uint32_t n = d.u32();
      if (n > d.remaining() / sizeof(double)) throw InputError("a unit record ends early");
      auto& values = result.series.*field.member;
      values.resize(n);
      d.f64s(values.data(), n);
    }
  }
  const std::uint32_t years = d.u32();
  if (!kept.series && years != 0) throw InputError("a unit record has resource use by year the plan does not keep");
  if (years > d.remaining() / sizeof(ResourceUseYear)) throw InputError("a unit record ends early");
  result.by_year.resize(years);
  for (auto& year : result.by_year) d.f64s(reinterpret_cast<double*>(&year), resource_use_fields.size());
  const std::uint32_t families = d.u32();
  if (!plan.family_records && families != 0) throw InputError("a unit record has family records the plan does not keep");
  if (families > d.remaining() / sizeof(FamilyRecord)) throw InputError("a unit record ends early");
  reserve_mapped(result.families, families);  // fresh memory mapped in one call: see encode_result
  result.families.resize(families);
  for (auto& record : result.families) d.f64s(reinterpret_cast<double*>(&record), family_fields.size());
  if (!d.at_end()) throw InputError("a unit record has bytes after its end");
  return result;
}

}  // namespace jimsim
