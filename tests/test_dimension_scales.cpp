// Dimension scales attached in one pass (io/dimension_scales.cpp) leave what HDF5's own
// H5DSattach_scale leaves, one attachment at a time: the same DIMENSION_LIST and REFERENCE_LIST
// attributes, of the same types, with the same entries in the same order; and H5DS's own checks
// and edits work on them.
#include <hdf5.h>
#include <hdf5_hl.h>

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "io/dimension_scales.hpp"
#include "io/results_hdf5.hpp"

using namespace jimsim;
using namespace jimsim::results_hdf5;

namespace {

Handle memory_file(const char* name) {
  Handle access = checked(H5Pcreate(H5P_FILE_ACCESS), "fapl");
  check(H5Pset_fapl_core(access.get(), 1 << 16, 0), "core driver");
  return checked(H5Fcreate(name, H5F_ACC_TRUNC, H5P_DEFAULT, access.get()), "file");
}

Handle dataset(hid_t file, const char* name, std::vector<hsize_t> dims) {
  Handle space = checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "space");
  return checked(H5Dcreate2(file, name, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), name);
}

Handle open(hid_t file, const char* name) { return checked(H5Dopen2(file, name, H5P_DEFAULT), name); }

// The layout of a results group: a `point` scale with many columns, a `replicate` scale, tables on
// both, and one whose second dimension has no scale.
constexpr const char* columns[] = {"a", "b", "c", "d", "e"};

void build_with_h5ds(hid_t file) {
  Handle point = dataset(file, "point", {3});
  Handle replicate = dataset(file, "replicate", {2});
  REQUIRE(H5DSset_scale(point.get(), "point") >= 0);
  REQUIRE(H5DSset_scale(replicate.get(), "replicate") >= 0);
  for (const char* name : columns) REQUIRE(H5DSattach_scale(dataset(file, name, {3}).get(), point.get(), 0) >= 0);
  Handle table = dataset(file, "table", {3, 2});
  REQUIRE(H5DSattach_scale(table.get(), point.get(), 0) >= 0);
  REQUIRE(H5DSattach_scale(table.get(), replicate.get(), 1) >= 0);
  REQUIRE(H5DSattach_scale(dataset(file, "half", {3, 2}).get(), point.get(), 0) >= 0);
  Handle by_replicate = dataset(file, "by_replicate", {2, 3});
  REQUIRE(H5DSattach_scale(by_replicate.get(), replicate.get(), 0) >= 0);
  REQUIRE(H5DSattach_scale(by_replicate.get(), point.get(), 1) >= 0);
}

void build_at_once(hid_t file) {
  DimensionScale point(dataset(file, "point", {3}), "point");
  DimensionScale replicate(dataset(file, "replicate", {2}), "replicate");
  for (const char* name : columns) attach_scales(dataset(file, name, {3}), {&point});
  attach_scales(dataset(file, "table", {3, 2}), {&point, &replicate});
  attach_scales(dataset(file, "half", {3, 2}), {&point, nullptr});
  attach_scales(dataset(file, "by_replicate", {2, 3}), {&replicate, &point});
  point.write_references();
  replicate.write_references();
}

std::string name_of(hid_t object) {
  char name[256] = {};
  REQUIRE(H5Iget_name(object, name, sizeof name) > 0);
  return name;
}

// What a reader sees of a dataset's scales: their names, dimension by dimension, in order.
std::vector<std::vector<std::string>> scales_of(hid_t file, const char* name) {
  Handle d = open(file, name);
  std::vector<std::vector<std::string>> out;
  const Handle space = checked(H5Dget_space(d.get()), "space");
  for (int dim = 0; dim < H5Sget_simple_extent_ndims(space.get()); ++dim) {
    std::vector<std::string> names;
    REQUIRE(H5DSiterate_scales(
                d.get(), static_cast<unsigned>(dim), nullptr,
                [](hid_t, unsigned, hid_t scale, void* data) -> herr_t {
                  char text[256] = {};
                  H5Iget_name(scale, text, sizeof text);
                  static_cast<std::vector<std::string>*>(data)->push_back(text);
                  return 0;
                },
                &names) >= 0);
    out.push_back(names);
  }
  return out;
}

// A scale's REFERENCE_LIST as its entries name them: (dataset, dimension), in order.
std::vector<std::pair<std::string, int>> references_of(hid_t file, const char* scale_name) {
  Handle scale = open(file, scale_name);
  Handle attribute = checked(H5Aopen(scale.get(), REFERENCE_LIST, H5P_DEFAULT), "REFERENCE_LIST");
  struct Entry {
    hobj_ref_t dataset;
    int dimension;
  };
  Handle type = checked(H5Tcreate(H5T_COMPOUND, sizeof(Entry)), "type");
  check(H5Tinsert(type.get(), "dataset", HOFFSET(Entry, dataset), H5T_STD_REF_OBJ), "member");
  check(H5Tinsert(type.get(), "dimension", HOFFSET(Entry, dimension), H5T_NATIVE_INT), "member");
  Handle space = checked(H5Aget_space(attribute.get()), "space");
  std::vector<Entry> entries(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  REQUIRE(H5Aread(attribute.get(), type.get(), entries.data()) >= 0);
  std::vector<std::pair<std::string, int>> out;
  for (const Entry& e : entries) {
    Handle d = checked(H5Rdereference2(scale.get(), H5P_DEFAULT, H5R_OBJECT, &e.dataset), "dereference");
    out.emplace_back(name_of(d.get()), e.dimension);
  }
  return out;
}

bool same_attribute_type(hid_t file_a, hid_t file_b, const char* object, const char* attribute) {
  Handle a = open(file_a, object), b = open(file_b, object);
  Handle attribute_a = checked(H5Aopen(a.get(), attribute, H5P_DEFAULT), attribute);
  Handle attribute_b = checked(H5Aopen(b.get(), attribute, H5P_DEFAULT), attribute);
  Handle type_a = checked(H5Aget_type(attribute_a.get()), "type"), type_b = checked(H5Aget_type(attribute_b.get()), "type");
  Handle space_a = checked(H5Aget_space(attribute_a.get()), "space"), space_b = checked(H5Aget_space(attribute_b.get()), "space");
  return H5Tequal(type_a.get(), type_b.get()) > 0 &&
         H5Sget_simple_extent_npoints(space_a.get()) == H5Sget_simple_extent_npoints(space_b.get());
}

}  // namespace

TEST_CASE("dimension scales attached at once are what H5DS attaches one at a time", "[results][scales]") {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Handle h5ds = memory_file("scales-by-h5ds.h5");
  Handle ours = memory_file("scales-at-once.h5");
  build_with_h5ds(h5ds.get());
  build_at_once(ours.get());

  for (const char* name : {"a", "b", "c", "d", "e", "table", "half", "by_replicate"}) {
    INFO(name);
    CHECK(scales_of(ours.get(), name) == scales_of(h5ds.get(), name));
    CHECK(same_attribute_type(ours.get(), h5ds.get(), name, DIMENSION_LIST));
  }
  CHECK(scales_of(ours.get(), "table") == std::vector<std::vector<std::string>>{{"/point"}, {"/replicate"}});
  CHECK(scales_of(ours.get(), "half") == std::vector<std::vector<std::string>>{{"/point"}, {}});
  for (const char* scale : {"point", "replicate"}) {
    INFO(scale);
    CHECK(references_of(ours.get(), scale) == references_of(h5ds.get(), scale));
    CHECK(same_attribute_type(ours.get(), h5ds.get(), scale, REFERENCE_LIST));
    Handle s = open(ours.get(), scale);
    CHECK(H5DSis_scale(s.get()) > 0);
  }
  CHECK(references_of(ours.get(), "point") ==
        std::vector<std::pair<std::string, int>>{{"/a", 0}, {"/b", 0}, {"/c", 0}, {"/d", 0}, {"/e", 0},
                                                 {"/table", 0}, {"/half", 0}, {"/by_replicate", 1}});

  // H5DS's own consistency check reads both attributes of every attachment.
  Handle point = open(ours.get(), "point"), replicate = open(ours.get(), "replicate");
  for (const char* name : columns) CHECK(H5DSis_attached(open(ours.get(), name).get(), point.get(), 0) > 0);
  Handle table = open(ours.get(), "table");
  CHECK(H5DSis_attached(table.get(), point.get(), 0) > 0);
  CHECK(H5DSis_attached(table.get(), replicate.get(), 1) > 0);
  CHECK(H5DSis_attached(table.get(), replicate.get(), 0) == 0);
  CHECK(H5DSget_num_scales(open(ours.get(), "half").get(), 1) == 0);

  // And H5DS can go on editing them: detach a column, attach it again.
  Handle c = open(ours.get(), "c");
  REQUIRE(H5DSdetach_scale(c.get(), point.get(), 0) >= 0);
  CHECK(H5DSis_attached(c.get(), point.get(), 0) == 0);
  CHECK(references_of(ours.get(), "point").size() == 7);
  REQUIRE(H5DSattach_scale(c.get(), point.get(), 0) >= 0);
  CHECK(H5DSis_attached(c.get(), point.get(), 0) > 0);
}

TEST_CASE("a scale nothing is attached to has no references, as with H5DS", "[results][scales]") {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Handle ours = memory_file("scales-unused.h5");
  DimensionScale unused(dataset(ours.get(), "unused", {4}), "unused");
  unused.write_references();
  CHECK(H5DSis_scale(unused.get()) > 0);
  CHECK(H5Aexists(unused.get(), REFERENCE_LIST) == 0);
  CHECK(H5DSget_scale_name(unused.get(), nullptr, 0) == 6);
}

TEST_CASE("dimension scales refuse a wrong attachment before writing anything", "[results][scales][errors]") {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Handle ours = memory_file("scales-errors.h5");
  DimensionScale point(dataset(ours.get(), "point", {3}), "point");
  Handle table = dataset(ours.get(), "table", {3, 2});

  // One scale (or nullptr) for each dimension, no more and no fewer.
  CHECK_THROWS_AS(attach_scales(table, {&point}), std::logic_error);
  CHECK_THROWS_AS(attach_scales(table, {&point, nullptr, nullptr}), std::logic_error);
  CHECK(H5Aexists(table.get(), DIMENSION_LIST) == 0);

  // A dataset's scales are attached once.
  attach_scales(table, {&point, nullptr});
  CHECK_THROWS_AS(attach_scales(table, {&point, nullptr}), std::logic_error);

  // Nothing is attached to a scale after its references are written, and they are written once.
  point.write_references();
  CHECK_THROWS_AS(attach_scales(dataset(ours.get(), "late", {3}), {&point}), std::logic_error);
  CHECK_THROWS_AS(point.write_references(), std::logic_error);
  CHECK(references_of(ours.get(), "point") == std::vector<std::pair<std::string, int>>{{"/table", 0}});
  Handle late = open(ours.get(), "late");
  CHECK(H5Aexists(late.get(), DIMENSION_LIST) == 0);

  // A dataset that is not a dataset: HDF5's failure becomes Hdf5Failure, as everywhere in io/.
  DimensionScale other(dataset(ours.get(), "other", {3}), "other");
  CHECK_THROWS_AS(attach_scales(Handle(), {&other}), Hdf5Failure);
}
