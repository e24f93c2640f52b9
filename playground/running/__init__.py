"""Training while the page is live: turn-taking between players, the labs' play loop, the step
counters, and the runs kept across a reload."""
