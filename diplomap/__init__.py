"""diplomap: map diplomatic activity out of news articles."""
