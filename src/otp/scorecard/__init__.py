"""The scorecard: measurables, one value per measurable per period, formulas, on/off target,
trend and forecast, the 13-period view, and drift that raises issues by itself."""
