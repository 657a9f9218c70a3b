# Reads every group and dataset of a jimsim results file with R's hdf5r alone (none of jimsim's
# code) and writes what R sees as plain CSV files, so tests/read_results_everywhere.py can compare
# R's values and orientation with h5py's and pandas'.
#
# Usage: Rscript tests/read_results_with_r.R RESULTS.h5 OUTDIR
#
# Writes into OUTDIR (which must exist):
#   manifest.csv    one row per dataset: path, its group, name, R's class and type, R's dimensions
#                   ("9x20x3"; the length for a vector), whether it has the attributes units and
#                   long_name (reading each attribute costs hdf5r ~10 ms: only looked for)
#   table-<group>.csv   every table group (all datasets one-dimensional of one length: points,
#                   parameters, families, failures, the comparison's tables) as the data.frame R
#                   reads, columns in creation order, one row per point (or row); doubles exactly
#                   (%.17g), text as UTF-8
#   array-<path>.csv    every other dataset as as.vector() (R's column-major order), one value a line
#   probes.csv      for every three-dimensional array a[i, j, k] (1-based, R's order) at corners and
#                   the middle, for the check that R's a[g, r, p] is Python's a[p, r, g]
#   attributes.csv  the attributes of the root and of /comparison: name, R class, value
# Exit status 0; an error stops R with a non-zero status and its message.
suppressPackageStartupMessages(library(hdf5r))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript read_results_with_r.R RESULTS.h5 OUTDIR")
f <- H5File$new(args[1], mode = "r")
out <- args[2]

# Members in creation order (the order jimsim wrote them); hdf5r's default order is unspecified.
members <- function(g) g$ls(index_type = h5const$H5_INDEX_CRT_ORDER, order = h5const$H5_ITER_INC)

# A value as text: doubles so that they read back exactly, NaN as "NaN", integers as integers.
as_text <- function(x) {
  if (is.character(x)) return(x)
  if (inherits(x, "integer64")) return(as.character(x))
  if (is.integer(x)) return(as.character(x))
  if (is.double(x)) return(sprintf("%.17g", x))
  if (is.logical(x)) return(as.character(x))
  stop(paste("unexpected R type", class(x)[1]))
}

# A data frame with every column as text, written as UTF-8 CSV.
write_text_csv <- function(df, file) {
  df[] <- lapply(df, as_text)
  write.csv(df, file, row.names = FALSE, fileEncoding = "UTF-8", na = "NA")
}

file_name <- function(path) gsub("/", "__", sub("^/", "", path))

manifest <- list()
probes <- list()

read_group <- function(g, path) {
  listing <- members(g)
  datasets <- listing$name[listing$obj_type == "H5I_DATASET"]
  values <- list()
  for (name in datasets) {
    d <- g$open(name)
    # drop = FALSE: by default hdf5r drops dimensions of length 1 (a file of one point would give
    # outcomes as a subgroup x replicate matrix).
    x <- if (length(d$dims) > 1) d$read(drop = FALSE) else d$read()
    values[[name]] <- x
    dims <- if (is.null(dim(x))) length(x) else dim(x)
    manifest[[length(manifest) + 1]] <<- data.frame(
      path = paste0(path, "/", name), group = path, name = name, r_class = class(x)[1], r_type = typeof(x),
      dims = paste(dims, collapse = "x"), has_units = d$attr_exists("units"),
      has_long_name = d$attr_exists("long_name"))
    d$close()
  }
  # A table: every dataset one-dimensional, all of one length.
  lengths <- sapply(values, function(x) if (is.null(dim(x))) length(x) else -1)
  is_table <- length(values) > 0 && all(lengths >= 0) && length(unique(lengths)) == 1
  if (is_table) {
    table <- as.data.frame(values, check.names = FALSE, stringsAsFactors = FALSE)
    stopifnot(identical(names(table), datasets), nrow(table) == lengths[[1]])
    write_text_csv(table, file.path(out, paste0("table-", file_name(path), ".csv")))
  } else {
    for (name in datasets) {
      x <- values[[name]]
      dataset_path <- paste0(path, "/", name)
      write_text_csv(data.frame(value = as.vector(x)), file.path(out, paste0("array-", file_name(dataset_path), ".csv")))
      dims <- dim(x)
      if (length(dims) == 3 && !is.character(x)) {
        picks <- list(c(1, 1, 1), dims, c(dims[1], 1, 1), c(1, dims[2], 1), c(1, 1, dims[3]),
                      pmax(1, dims %/% 2), c(1, dims[2], dims[3]))
        for (p in picks) {
          probes[[length(probes) + 1]] <<- data.frame(path = dataset_path, i = p[1], j = p[2], k = p[3],
                                                      value = as_text(x[p[1], p[2], p[3]]))
        }
      }
    }
  }
  for (name in listing$name[listing$obj_type == "H5I_GROUP"]) {
    child <- g$open(name)
    read_group(child, paste0(path, "/", name))
    child$close()
  }
}

for (name in members(f)$name) {
  g <- f$open(name)
  read_group(g, paste0("/", name))
  g$close()
}

attributes <- list()
add_attributes <- function(object, path) {
  for (name in h5attr_names(object)) {
    x <- object$attr_open(name)$read()
    attributes[[length(attributes) + 1]] <<- data.frame(object = path, name = name, r_class = class(x)[1],
                                                        value = paste(as_text(x), collapse = "\n"))
  }
}
add_attributes(f, "/")
if (f$exists("comparison")) add_attributes(f[["comparison"]], "/comparison")

write_text_csv(do.call(rbind, manifest), file.path(out, "manifest.csv"))
no_probes <- data.frame(path = character(), i = integer(), j = integer(), k = integer(), value = character())
write_text_csv(if (length(probes)) do.call(rbind, probes) else no_probes, file.path(out, "probes.csv"))
write_text_csv(do.call(rbind, attributes), file.path(out, "attributes.csv"))
f$close_all()
