"""A map of the places one news article ties together, and what happened there."""
