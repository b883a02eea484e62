# R's auto.arima() on log(1 + units) with the drivers as regressors (price as its log), per series,
# forecast with the planned drivers, back to units: the baseline of bench/forecast-drivers.
# Usage: Rscript r-arima-drivers.R input.csv output.csv horizon season
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
input <- read.csv(args[1], stringsAsFactors = FALSE)
h <- as.integer(args[3]); m <- as.integer(args[4])
drivers <- setdiff(names(input), c("series_id", "period", "value"))
out <- file(args[2], "w")
writeLines("series_id,step,forecast,lo80,hi80,lo95,hi95", out)
for (id in unique(input$series_id)) {
  s <- input[input$series_id == id, ]
  past <- !is.na(s$value)
  x <- as.matrix(s[, drivers, drop = FALSE])
  if ("price" %in% drivers) x[, "price"] <- log(x[, "price"])
  keep <- apply(x[past, , drop = FALSE], 2, function(v) length(unique(v)) > 1)
  y <- ts(log1p(pmax(0, s$value[past])), frequency = if (m > 1 && sum(past) >= 2 * m) m else 1)
  fc <- tryCatch({
    if (any(keep)) {
      fit <- auto.arima(y, xreg = x[past, keep, drop = FALSE])
      forecast(fit, h = h, xreg = x[!past, keep, drop = FALSE], level = c(80, 95))
    } else forecast(auto.arima(y), h = h, level = c(80, 95))
  }, error = function(e) forecast(auto.arima(y), h = h, level = c(80, 95)))
  back <- function(v) pmax(0, expm1(as.numeric(v)))
  for (i in seq_len(h)) {
    writeLines(sprintf("%s,%d,%f,%f,%f,%f,%f", id, i, back(fc$mean[i]), back(fc$lower[i, 1]), back(fc$upper[i, 1]), back(fc$lower[i, 2]), back(fc$upper[i, 2])), out)
  }
}
close(out)
