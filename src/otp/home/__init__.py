"""What needs a person: the one query behind the home page and the daily digest mail."""
