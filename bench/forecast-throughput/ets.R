# R's forecast::ets() on the same series, for bench/forecast-throughput: reads series_id,period,value,
# fits ets() with automatic selection to each series (as a ts of frequency `season`), times the loop.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(forecast))
data <- read.csv(args[1])
season <- as.integer(args[2])
horizon <- as.integer(args[3])
groups <- split(data$value, data$series_id)
started <- Sys.time()
for (values in groups) {
  # ets() refuses seasonal models above period 24; like the engine on weekly data it then fits non-seasonal ones.
  invisible(forecast(ets(ts(values, frequency = season)), h = horizon))
}
seconds <- as.numeric(difftime(Sys.time(), started, units = "secs"))
cat(sprintf("%d %.3f\n", length(groups), seconds))
