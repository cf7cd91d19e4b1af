"""Partner evaluation: screening, criteria weights, efficiency, fit and risk-adjusted value."""
