"""General decision methods used by the model: AHP and DEA."""
