# Reads a jimsim posterior file with R's hdf5r alone (none of jimsim's code) and writes what R sees
# as plain CSV files, so tests/read_posterior_everywhere.py can compare R's values and orientation
# with h5py's.
#
# Usage: Rscript tests/read_posterior_with_r.R POSTERIOR.h5 OUTDIR
#
# Writes into OUTDIR (which must exist):
#   table-<group>.csv  every table (generations, particles, posterior, statistics, predictive_check)
#                      as the data.frame R reads, columns in creation order; doubles exactly (%.17g)
#   correlation.csv    the correlation matrix as R holds it: i, j (1-based, R's order), the names R
#                      gives row i and column j (from the two dimension scales), the value
#   inputs.csv         the text datasets of /inputs: name, value
#   attributes.csv     the root attributes: name, R class, value
# Exit status 0; an error stops R with a non-zero status and its message.
suppressPackageStartupMessages(library(hdf5r))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript read_posterior_with_r.R POSTERIOR.h5 OUTDIR")
f <- H5File$new(args[1], mode = "r")
out <- args[2]

# Members in creation order (the order jimsim wrote them); hdf5r's default order is by name.
members <- function(g) g$ls(index_type = h5const$H5_INDEX_CRT_ORDER, order = h5const$H5_ITER_INC)$name

as_text <- function(x) {
  if (is.character(x)) return(x)
  if (inherits(x, "integer64") || is.integer(x) || is.logical(x)) return(as.character(x))
  if (is.double(x)) return(sprintf("%.17g", x))
  stop(paste("unexpected R type", class(x)[1]))
}

write_text_csv <- function(df, file) {
  df[] <- lapply(df, as_text)
  write.csv(df, file, row.names = FALSE, fileEncoding = "UTF-8", na = "NA")
}

# hdf5r 1.3 fails on a text column of no rows (H5Dvlen_reclaim: invalid argument), as in the
# predictive check of a calibration stopped before its first generation: such a column is read as
# character(0) without asking hdf5r.
read_column <- function(d) {
  if (prod(d$dims) == 0 && d$get_type()$get_class() == h5const$H5T_STRING) return(character(0))
  d$read()
}

for (group in c("generations", "particles", "posterior", "statistics", "predictive_check")) {
  g <- f[[group]]
  columns <- members(g)
  table <- as.data.frame(sapply(columns, function(n) read_column(g[[n]]), simplify = FALSE), check.names = FALSE,
                         stringsAsFactors = FALSE)
  stopifnot(identical(names(table), columns))
  write_text_csv(table, file.path(out, paste0("table-", group, ".csv")))
}

m <- f[["correlation/correlation"]]$read(drop = FALSE)  # one free parameter: still a 1 x 1 matrix
dimnames(m) <- list(f[["correlation/other_parameter"]]$read(), f[["correlation/parameter"]]$read())
cells <- expand.grid(i = seq_len(nrow(m)), j = seq_len(ncol(m)))
cells$row_name <- rownames(m)[cells$i]
cells$column_name <- colnames(m)[cells$j]
cells$value <- m[cbind(cells$i, cells$j)]
write_text_csv(cells, file.path(out, "correlation.csv"))

inputs <- members(f[["inputs"]])
write_text_csv(data.frame(name = inputs, value = sapply(inputs, function(n) f[["inputs"]][[n]]$read())),
               file.path(out, "inputs.csv"))

attributes <- list()
for (name in h5attr_names(f)) {
  x <- f$attr_open(name)$read()
  attributes[[length(attributes) + 1]] <- data.frame(name = name, r_class = class(x)[1], value = as_text(x))
}
write_text_csv(do.call(rbind, attributes), file.path(out, "attributes.csv"))
f$close_all()
