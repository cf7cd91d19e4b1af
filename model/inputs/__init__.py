"""Reading what users bring: safe file parsing, answers files, share tokens, AHP/DEA files, examples."""
