"""From answers to a result: dimension scores, indices, strategy, modes, roadmap, risks, benchmarks."""
