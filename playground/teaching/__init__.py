"""What the lessons show beside training: the worked demos, the vectorization timing, and the
presenter view."""
