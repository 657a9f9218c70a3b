// One finished work unit as bytes: what a run's journal stores and what an MPI worker sends to the
// writer. Only the parts of the result the plan keeps are encoded; every length is in the record,
// so a decoder checks it against the plan instead of trusting it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "plan/run_plan.hpp"
#include "sim/outcomes.hpp"

namespace jimsim {

// The kept parts of `result`: outcomes of the kept subgroups and fields, the series and the
// resource use by year if series are kept, the family records if the plan keeps them.
std::vector<std::byte> encode_result(const ReplicateResult& result, const RunPlan& plan);

// The inverse of encode_result; outcomes, series and families not kept are left empty or zero.
// Throws InputError when the bytes do not fit the plan (a corrupt or foreign record).
ReplicateResult decode_result(std::span<const std::byte> bytes, const RunPlan& plan);

}  // namespace jimsim
