"""Use cases: the only code that both holds a database session and calls the matcher."""
