# R's forecast package on the same series and split as the engine, for bench/forecast-accuracy:
# reads series_id,period,value (training rows), fits ets(), auto.arima() and thetaf() to each series
# (a ts of frequency `season`), and writes their forecasts with 80% / 95% intervals, plus the mean
# of the three ("comb"), as series_id,method,step,forecast,lo80,hi80,lo95,hi95. Prints the seconds
# each method took in all.
# Usage: Rscript r-anchors.R input.csv season horizon output.csv
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(forecast))
data <- read.csv(args[1], colClasses = c("character", "numeric", "numeric"))
season <- as.integer(args[2])
horizon <- as.integer(args[3])
groups <- split(data$value, factor(data$series_id, levels = unique(data$series_id)))
seconds <- c(ets = 0, arima = 0, theta = 0)
rows <- vector("list", length(groups))

timed <- function(name, expr) {
  started <- proc.time()[["elapsed"]]
  result <- expr
  seconds[[name]] <<- seconds[[name]] + proc.time()[["elapsed"]] - started
  result
}
bands <- function(f) {
  data.frame(forecast = as.numeric(f$mean), lo80 = as.numeric(f$lower[, 1]), hi80 = as.numeric(f$upper[, 1]),
             lo95 = as.numeric(f$lower[, 2]), hi95 = as.numeric(f$upper[, 2]))
}

for (i in seq_along(groups)) {
  y <- ts(groups[[i]], frequency = season)
  # ets() fits non-seasonal models above period 24 (it says so in a warning); thetaf() and
  # auto.arima() take the season as it is.
  fits <- list(
    ets = timed("ets", bands(suppressWarnings(forecast(ets(y), h = horizon, level = c(80, 95))))),
    arima = timed("arima", bands(forecast(auto.arima(y), h = horizon, level = c(80, 95)))),
    theta = timed("theta", bands(thetaf(y, h = horizon, level = c(80, 95))))
  )
  fits$comb <- (fits$ets + fits$arima + fits$theta) / 3
  rows[[i]] <- do.call(rbind, lapply(names(fits), function(method) {
    cbind(series_id = names(groups)[i], method = method, step = seq_len(horizon), fits[[method]])
  }))
}
write.csv(do.call(rbind, rows), args[4], row.names = FALSE, quote = TRUE)
cat(sprintf("%s %.3f\n", names(seconds), seconds), sep = "")
