#include "sim/state.hpp"

#include <algorithm>

#include "sim/mapped_pages.hpp"

namespace jimsim {

namespace {

template <class T>
void reset_array(std::vector<T>& v, std::size_t n, const T& initial) {
  assign_mapped(v, n, initial);
}

template <class T, std::size_t lanes>
void reset_array(std::array<std::vector<T>, lanes>& v, std::size_t n, const T& initial) {
  for (auto& lane : v) assign_mapped(lane, n, initial);
}

}  // namespace

void Families::reset(std::size_t n) {
  count = n;
  const std::size_t padded = (n + 63) / 64 * 64;
#define JIMSIM_RESET_FAMILY_ARRAY(type, name, lanes, initial, unit, meaning) \
  reset_array(name, padded, type{initial});  /* braces: a narrowing initial does not compile */
  JIMSIM_FAMILY_STATE_FIELDS(JIMSIM_RESET_FAMILY_ARRAY)
#undef JIMSIM_RESET_FAMILY_ARRAY
  assign_mapped(record, n, FamilyRecord{});
}

FamiliesByStep index_families_by_step(const std::vector<std::int32_t>& step_of, std::size_t families, std::size_t steps) {
  FamiliesByStep index;
  index.begin.assign(steps + 1, 0);
  const auto in_run = [&](std::int32_t t) { return t >= 0 && static_cast<std::size_t>(t) < steps; };
  for (std::size_t k = 0; k < families; ++k) {
    if (in_run(step_of[k])) ++index.begin[static_cast<std::size_t>(step_of[k]) + 1];
  }
  for (std::size_t t = 1; t <= steps; ++t) index.begin[t] += index.begin[t - 1];
  index.family.resize(index.begin[steps]);
  std::vector<std::uint32_t> next(index.begin.begin(), index.begin.end() - 1);
  for (std::size_t k = 0; k < families; ++k) {
    if (in_run(step_of[k])) index.family[next[static_cast<std::size_t>(step_of[k])]++] = static_cast<std::uint32_t>(k);
  }
  return index;
}

void draw_weekly_randoms(ReplicateState& s, const StepContext& ctx) {
  // Every family gets its block, followed or not: a branch-free loop is faster than skipping.
  auto& d = s.families.draws;
  weekly_draws(ctx.seed, ctx.replicate, ctx.step, static_cast<std::uint32_t>(s.families.padded_size()), d[0].data(),
               d[1].data(), d[2].data(), d[3].data());
}

}  // namespace jimsim

namespace jimsim {
namespace {

// Professional j's key: ordered by caseload, then index.
std::uint64_t room_key(const ReplicateState& s, std::size_t j) {
  const std::int32_t caseload = s.professionals.caseload[j];
  if (s.free.caseload_cap != 0 && caseload >= s.free.caseload_cap) return FreeProfessionals::no_room;
  return (static_cast<std::uint64_t>(caseload) << 32) | j;
}

// Professional j's caseload changed: its leaf and the nodes above it that it decides.
void update_room(ReplicateState& s, std::size_t j) {
  auto& tree = s.free.tree[s.professionals.specialist[j]];
  std::size_t node = s.free.first_leaf[s.professionals.specialist[j]] + s.free.leaf[j];
  tree[node] = room_key(s, j);
  for (node /= 2; node >= 1; node /= 2) {
    const std::uint64_t least = std::min(tree[2 * node], tree[2 * node + 1]);
    if (tree[node] == least) break;  // nothing above changes either
    tree[node] = least;
  }
}

}  // namespace

void index_free_professionals(ReplicateState& s, int caseload_cap) {
  const auto& pr = s.professionals;
  auto& free = s.free;
  free = FreeProfessionals{};
  free.caseload_cap = caseload_cap;
  free.leaf.resize(pr.size());
  std::array<std::uint32_t, 2> count{};
  for (std::size_t j = 0; j < pr.size(); ++j) {
    free.exists[pr.specialist[j]] = true;
    free.leaf[j] = count[pr.specialist[j]]++;
  }
  for (int kind = 0; kind < 2; ++kind) {
    std::size_t leaves = 1;
    while (leaves < count[kind]) leaves *= 2;
    free.first_leaf[kind] = leaves;
    free.tree[kind].assign(2 * leaves, FreeProfessionals::no_room);
  }
  for (std::size_t j = 0; j < pr.size(); ++j) {
    free.tree[pr.specialist[j]][free.first_leaf[pr.specialist[j]] + free.leaf[j]] = room_key(s, j);
  }
  for (auto& tree : free.tree) {
    for (std::size_t node = tree.size() / 2 - 1; node >= 1; --node) {
      tree[node] = std::min(tree[2 * node], tree[2 * node + 1]);
    }
  }
}

void assign_professional(ReplicateState& s, std::size_t k, std::int32_t j) {
  const auto jj = static_cast<std::size_t>(j);
  s.families.professional[k] = j;
  ++s.professionals.caseload[jj];
  update_room(s, jj);
}

void release_professional(ReplicateState& s, std::size_t k) {
  auto& prof = s.families.professional[k];
  if (prof < 0) return;
  const std::int32_t j = prof;
  prof = -1;
  --s.professionals.caseload[static_cast<std::size_t>(j)];
  update_room(s, static_cast<std::size_t>(j));
}

}  // namespace jimsim
