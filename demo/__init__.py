"""Demo data for the sandbox and `fudao demo-data`: a fictional college with history."""
