"""Many runs at once: comparing kept runs and the tuning lab's search with its runs and slots."""
